"""A correction typed at the report's confirmation card ("不对 是502", "说错了 是十六度", "sorry, I meant 12 degrees",
"16"): the report changed and shown again. The reading of such words is shared with a correction typed once the
ticket is open (bot/corrections.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import reports
from bot.addresses import address_from_dict, address_to_dict, ask_address, read_address
from bot.replies import Reply
from bot.slots import QUESTION
from bot.turn import Turn
from intents import extract_entities, parse_address
from intents.addresses import in_estate_of
from intents.distress import impatient
from intents.entities import reading_answer
from intents.estates import with_estate
from intents.normalize import normalize, simplified
from intents.types import Address, Classification, Intent

# what a correction starts with ("不对，是…", "地址说错了 是…", "温度写错了", "sorry, I meant …", "sorry wrong room,
# it's …"): not part of the new address; read on Simplified text, lower case
_CORRECTION_LEAD = re.compile(
    r"^\s*(?:(?:sorry|oops|抱歉|不好意思)[\s,，.。!！]*)?"
    r"(?:(?:刚才|刚刚|之前)?(?:的|我)?(?:地址|门牌号?|房间号?|房号|楼号|温度|室温)\s*)?"
    r"(?:(?:不对[\s,，]*)+|不是|[说写填打搞弄记报]?错了|口误|更正一下|no wait|no\b|oops"
    r"|wrong(?:\s+(?:room|address|flat|apartment|number|temperature|building|unit))?)?"
    r"[\s,，.。!！]*(?:应该是|是|i meant|i mean|it is|it s|it['’]s)?\s*",
    re.IGNORECASE,
)
# "不是15度 是12度", "对 不过是502": what is said last is what is meant
_LAST_SAID = re.compile(r"是|應該是|应该是|\bis\b|\bmeant\b|不过|不過|\bbut\b", re.IGNORECASE)
# "是502不是501", "502, not 501": what follows is what is not meant
_NOT_MEANT = re.compile(r"(?<=\S)\s*[,，]?\s*(?:而不是|不是|\bnot\b)[^是]*$", re.IGNORECASE)
# a number alone at the card is a room reading in this range (a 3-4 digit one is a room: "502")
BARE_READING = (5, 35)
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Correction:
    """What a correction's words put right: a whole address (in the estate heard before), a room reading, or
    `partial`: part of an address ("不对 是6栋") that cannot be put into the address heard, so the whole is asked."""

    address: Address | None = None
    reading: float | None = None
    partial: bool = False


def read(turn: Turn, heard: Address | None, text: str) -> Correction:
    """The new address and reading in a correction of `heard` ("不对 是502": its room, "说错了 是十六度", "16")."""
    # "不對 是…" matched as "不对 是…": the same length in both scripts
    lead = _CORRECTION_LEAD.match(simplified(text))
    words = text[lead.end() :] if lead else text
    unmeant = _NOT_MEANT.search(simplified(words))
    if unmeant is not None:  # "是502不是501": the flat not meant is left out
        words = words[: unmeant.start()]
    whole = with_estate(heard, words, turn.services.company.places) if heard else None
    if whole is not None:  # "5栋1单元302" heard, then "凯旋小区": the estate goes with the flat
        return Correction(address=whole)
    words = _LAST_SAID.split(words)[-1] if parse_address(words) is None else words  # "不是501 是502"
    address = read_address(turn, words)
    if (address is None or not address.complete) and heard is not None:
        address = _part_replaced(heard, words) or address  # "不对 是502": the room of the address heard
    if address is not None and not address.complete:
        return Correction(partial=True)
    if address is not None:  # a reading said with it counts too ("地址不对 是5栋1单元302 温度是16度")
        said = extract_entities(words).temperature_c
        new = in_estate_of(heard, address) if heard else address
        return Correction(address=new, reading=said if said is not None and -30 <= said <= 40 else None)
    # "不是15度 是12度": the reading said last is the one meant
    reading = (
        extract_entities(_LAST_SAID.split(words)[-1]).temperature_c or extract_entities(words).temperature_c
    )
    if reading is not None:
        return Correction(reading=reading if -30 <= reading <= 40 else None)
    bare = reading_answer(words)  # "16", "十六", "其实是16": the card invites the right temperature
    digits = _DIGITS.search(words)  # as typed: "60" is not read as 60 °F here, the card shows °C
    low, high = BARE_READING
    if bare is None or not low <= (float(digits[0]) if digits else bare) <= high:
        return Correction()
    return Correction(reading=bare)


_ASKS_ELSE = frozenset({Intent.STANDARDS, Intent.STATUS, Intent.COMPLAINT, Intent.HUMAN})


def urged(turn: Turn, text: str, c: Classification) -> bool:
    """Words at the confirmation card that put nothing right but tell the same problem again or press for the crew
    ("快点啊 冻死了", "暖气还是不热", "hurry up, freezing here"): the report is wanted, now."""
    if read(turn, address_from_dict(turn.conv.draft.get("address")), text) != Correction():
        return False  # an address or a reading put right: the card is shown again
    same = c.intent.value == turn.conv.draft.get("intent") and not c.unsure
    # "quick question, do I need to be home?", "快点 我要投诉": something else wanted
    asks_else = c.intent in _ASKS_ELSE or "?" in text or QUESTION.search(normalize(text)) is not None
    return same or (not asks_else and impatient(text))


def corrected(turn: Turn, text: str) -> list[Reply]:
    """A correction typed at the confirmation ("不对 是6栋2单元502", "说错了 是16度", "sorry, 12 degrees", "16"): the
    report changed and shown again; part of an address only ("不对 是6栋") asks for the whole address again."""
    draft = turn.conv.draft
    found = read(turn, address_from_dict(draft.get("address")), text)
    if found.partial:
        return [ask_address(turn, offer_saved=False)]
    if (
        found.address is None and found.reading is None
    ):  # neither understood: say how to answer, then the card
        return [turn.say("report.card_unclear"), reports.confirmation(turn)]
    if found.address is not None:
        draft["address"] = address_to_dict(found.address)
    if found.reading is not None:
        draft["temperature_c"] = found.reading
    return [reports.confirmation(turn)]


def _part_replaced(heard: Address, words: str) -> Address | None:
    """The address heard with the part the words name again put right ("不对 是502": the room); None when the
    words name no part, or name one the address heard does not show as written."""
    merged = parse_address(f"{heard.raw} 不对 {words}")  # the parser applies a correction to what came before
    if merged is None or not merged.complete:
        return None
    raw = heard.raw
    if (merged.building, merged.unit, merged.room) == (heard.building, heard.unit, heard.room):
        return None  # no part said again ("12度")
    for old, new in ((heard.room, merged.room), (heard.unit, merged.unit), (heard.building, merged.building)):
        if old != new:
            if old is None or new is None or raw.count(old) != 1:
                return None  # not plain to rewrite: the whole address is asked for
            raw = raw.replace(old, new)
    return Address(raw, merged.building, merged.unit, merged.room)
