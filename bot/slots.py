"""What a typed text is while a question of the conversation is open: an answer to it, a new subject, a phone
number, a goodbye, no reading to give."""

from __future__ import annotations

from bot import addresses, media, reports, state
from bot.i18n import words
from bot.replies import Reply, SharedContact
from bot.turn import Turn
from intents import extract_entities, normalize, parse_address
from intents.distress import impatient, lodges_complaint
from intents.entities import only_a_phone, reading_answer
from intents.lexicon import load_vocab
from intents.types import EMERGENCIES, Classification, Intent

REPORT_STEPS = frozenset({state.ADDRESS, state.TEMPERATURE, state.ESTATE, state.CONFIRM})
QUESTION = load_vocab()["question"]  # "怎么办啊", "what now": asked, not an address
_MISCONDUCT = load_vocab()["misconduct"]  # "上次师傅态度很差": a complaint of a visit
# small talk while a report's question is open ("谢谢", "hello"): answered, and the question asked again
SMALL_TALK = frozenset({Intent.GREETING, Intent.THANKS})
SUBJECT_CHANGES = frozenset({Intent.STATUS, Intent.STANDARDS, Intent.HUMAN, Intent.COMPLAINT})


async def phone_only(turn: Turn, text: str) -> str | None:
    """The phone number (E.164) of a typed message that is a phone number and nothing else ("我电话是138…", "家里座机
    0451-83251234", "83251234"), in a chat whose channel does not know the resident's phone; None for anything else,
    and for a bare number that is one of the resident's tickets (a local number's shape with a ticket's check digit:
    looked up as the ticket)."""
    if not media.typing_channel(turn) or not only_a_phone(text):
        return None
    if turn.conv.step in (state.COMPLAINT, state.TEMPERATURE):  # part of the complaint; not a reading
        return None
    return await media.phone_given(turn, text)


async def typed_phone(turn: Turn, phone: str) -> list[Reply]:
    """Saved like a shared contact, but as typed (unproved); the question that was open is asked again."""
    replies = await media.save_phone(turn, SharedContact(phone), typed=True)
    if turn.conv.step == state.ADDRESS:
        replies.append(addresses.ask_address(turn))
    elif turn.conv.step == state.ESTATE:
        replies.extend(await reports.next_question(turn))
    elif turn.conv.step == state.CONFIRM:
        replies.append(reports.confirmation(turn))
    return replies


def changes_subject(turn: Turn, text: str, c: Classification) -> bool:
    """While a question is open, only a clear new request (or an emergency) changes the subject."""
    if (
        turn.conv.step == state.ADDRESS
        and turn.conv.draft.get("ticket")
        and (c.emergency or c.worsening or c.arrived or c.asks_after or QUESTION.search(normalize(text)))
    ):
        # the emergency is open, its address asked: "水越来越多了" is news for the duty staff, "师傅到了" tells them the
        # crew found the flat, "多久能到" is answered, unless it is the address; anything else is taken as the address
        address = parse_address(text)
        return not (address and address.complete)
    if (
        (c.settled or c.arrived) and turn.conv.step in REPORT_STEPS
    ):  # "不用了，暖气已经热了": the report is no longer wanted; "师傅已经到了": news for the open repair
        return parse_address(text) is None
    if c.intent in EMERGENCIES and c.intent.value != turn.conv.draft.get("intent") and not c.unsure:
        return True
    if turn.conv.step == state.TEMPERATURE and reading_answer(text) is not None:
        # "十七八度", "15 or 16 degrees", "sixteen": the answer, whatever the words sound like; "18度算合格吗", "16度正常吗":
        # the norm asked about, answered (the reading is asked again: only one told is taken)
        return c.intent is Intent.STANDARDS and QUESTION.search(normalize(text)) is not None
    if c.unsure:
        return False
    if turn.conv.step in REPORT_STEPS and angry_only(text, c):
        return False  # "你们倒是管不管啊": impatience, kept with the report being collected (bot.pressing)
    if turn.conv.step == state.COMPLAINT:  # "投诉电话多少" is asked, not the complaint
        return c.intent in (Intent.STANDARDS, Intent.STATUS) and bool(QUESTION.search(normalize(text)))
    if turn.conv.step == state.ADDRESS:
        address = parse_address(text)
        if address and address.complete:
            return False
    if c.intent in SMALL_TALK and turn.conv.step in (state.ADDRESS, state.TEMPERATURE, state.ESTATE):
        # "我真不知道房间号 你们来人就知道了" is the answer (not known), never thanks
        told = extract_entities(text).temperature_c is not None or parse_address(text) is not None
        return not told and not addresses.knows_not(text)
    return c.intent in SUBJECT_CHANGES and c.confidence >= 0.7


def angry_only(text: str, c: Classification) -> bool:
    """Anger the classifier reads as a complaint, none lodged in so many words nor of a visitor's conduct ("你们倒是管不管
    啊"; not "我要投诉", "上次师傅态度很差"): impatience, which never replaces the report being collected."""
    if c.intent is not Intent.COMPLAINT or c.unsure or lodges_complaint(text):
        return False
    return _MISCONDUCT.search(normalize(text)) is None


def told_reading(c: Classification) -> float | None:
    """The room reading told with nothing sure besides ("现在只有12度了", "only 12 degrees now"), or read as asking after
    a report ("现在16度了"); None when there is none, or it is asked about ("现在12度正常吗")."""
    reading = c.entities.temperature_c
    if reading is None or not -30 <= reading <= 40 or not (c.unsure or c.intent is Intent.STATUS):
        return None
    return None if QUESTION.search(normalize(c.text)) else reading


def nothing_to_act_on(c: Classification) -> bool:
    """Unsure or out of scope, and no news of the report (worse, the crew came, over, asked after)."""
    news = c.emergency or c.worsening or c.arrived or c.settled or c.asks_after
    valve = "阀" in c.text or "valve" in c.text.lower()  # "which valve should I close?": the advice says
    return (c.unsure or c.intent is Intent.OUT_OF_SCOPE or valve) and not news


def says_goodbye(text: str) -> bool:
    said = f" {normalize(text).lower()} "
    return any((f" {word} " if word.isascii() else word) in said for word in words("vocab.bye"))


def no_reading(text: str, c: Classification) -> bool:
    """Words that there is no reading to give ("跳过", "不知道 没有温度计", "no idea, skip") or no time for one ("快点啊
    冻死了"), and no number."""
    said = normalize(text).lower()
    # pressing for the crew skips it only when the cold is what is told ("快点 我要投诉" is a complaint)
    hurried = c.intent is Intent.NO_HEAT and impatient(text)
    return c.entities.temperature_c is None and (hurried or any(word in said for word in words("vocab.skip")))


def said(text: str, known: frozenset[str]) -> bool:
    """A bare word of `known`: "是" / "好的" / "ok" of the yes-words, "不" / "取消" of the no-words."""
    return normalize(text).strip(" .!。！") in known or text.strip().lower() in known
