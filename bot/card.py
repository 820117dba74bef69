"""A correction typed at the report's confirmation card ("不对 是502", "说错了 是十六度", "sorry, I meant 12 degrees"):
the report changed and shown again."""

from __future__ import annotations

import re

from bot import reports
from bot.addresses import address_from_dict, address_to_dict, with_estate
from bot.replies import Reply
from bot.turn import Turn
from intents import extract_entities, parse_address
from intents.entities import in_estate_of
from intents.normalize import simplified
from intents.types import Address

# what a correction starts with ("不对，是…", "说错了 是…", "sorry, I meant …"): not part of the new address
_CORRECTION_LEAD = re.compile(
    r"^\s*(?:不对|不是|错了|说错了|写错了|搞错了|sorry|oops|no)[\s,，.。!！]*(?:应该是|是|i meant|it is|it s|it's)?\s*",
    re.IGNORECASE,
)
# "不是15度 是12度", "对 不过是502": what is said last is what is meant
_LAST_SAID = re.compile(r"是|應該是|应该是|\bis\b|\bmeant\b|不过|不過|\bbut\b", re.IGNORECASE)


def corrected(turn: Turn, text: str) -> list[Reply]:
    """A correction typed at the confirmation ("不对 是6栋2单元502", "说错了 是16度", "sorry, 12 degrees"): the
    report changed and shown again; part of an address only ("不对 是6栋") asks for the whole address again."""
    draft = turn.conv.draft
    # "不對 是…" matched as "不对 是…": the same length in both scripts
    lead = _CORRECTION_LEAD.match(simplified(text))
    words = text[lead.end() :] if lead else text
    heard = address_from_dict(draft.get("address"))
    whole = with_estate(heard, words) if heard else None
    if whole is not None:  # "5栋1单元302" shown, then "凯旋小区": the estate goes with the flat
        draft["address"] = address_to_dict(whole)
        return [reports.confirmation(turn)]
    words = _LAST_SAID.split(words)[-1] if parse_address(words) is None else words  # "不是501 是502"
    address = parse_address(words)
    if (address is None or not address.complete) and heard is not None:
        address = _part_replaced(heard, words) or address  # "不对 是502": the room of the address heard
    if address is not None and not address.complete:
        return [reports.ask_address(turn, offer_saved=False)]
    if address is not None:
        draft["address"] = address_to_dict(in_estate_of(heard, address) if heard else address)
    # "不是15度 是12度": the reading said last is the one meant
    reading = (
        extract_entities(_LAST_SAID.split(words)[-1]).temperature_c or extract_entities(words).temperature_c
    )
    if reading is not None and address is None and -30 <= reading <= 40:
        draft["temperature_c"] = reading
    elif address is None:  # neither understood: say how to answer, then the card
        return [turn.say("report.card_unclear"), reports.confirmation(turn)]
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
