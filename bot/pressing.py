"""Words that press for help instead of answering: the trouble told again ("冻死了", "freezing"), someone at home at risk
from the cold ("孩子都感冒了", "家里有85岁老人，你们快点", "my grandmother is 85 and lives with us, please hurry"),
impatience or anger at the wait ("你们倒是管不管啊", "are you going to do anything??"), a reading told at the address
question ("屋里就12度"). They never replace the report being collected: they join its words (its card, its ticket, its
staff) and its question is asked again (the report filed at once at its card, when the resident is out of patience).
With a repair open, someone at risk is posted under its card for its staff; with none, what the trouble is is asked,
kindly. A complaint lodged in so many words ("我要投诉") is a complaint of its own."""

from __future__ import annotations

from bot import callbacks as cb
from bot import card, lookups, news, reports, slots, state
from bot.addresses import address_from_dict, ask_address, is_piece, knows_not, quote, read_address
from bot.descriptions import keep_words
from bot.replies import Reply
from bot.turn import Turn
from intents import another_home, extract_entities, normalize
from intents.addresses import looks_like_address
from intents.distress import at_risk, impatient, in_distress, lodges_complaint
from intents.entities import reading_answer
from intents.estates import estate_alone, with_estate
from intents.types import Classification, Intent
from storage.values import REPAIR_KINDS, TicketKind

_CARED_FOR = REPAIR_KINDS | {
    TicketKind.CALLBACK
}  # what someone at risk is told to: a crew's or a call's staff
_AT_RISK = "at_risk"  # the trouble asked of someone at risk: their words wait for the report


def presses(turn: Turn, text: str, c: Classification) -> bool:
    """At a report's question (its address, reading, estate or card), words that answer nothing asked but belong to
    the report: told again, someone at risk, impatience, a reading at the address question. Not an answer, news
    (water escaping, the crew come, no longer needed), a person or a complaint asked for, nor a question asked."""
    if c.emergency or c.worsening or c.settled or c.arrived or (c.intent is Intent.HUMAN and not c.unsure):
        return False
    if lodges_complaint(text) or (
        c.intent is Intent.COMPLAINT and not c.unsure and not slots.angry_only(text, c)
    ):
        return False  # a complaint of its own: "我要投诉", "上次师傅态度很差"
    risk, hurried = at_risk(text), _hurried(text, c)
    reading = extract_entities(text).temperature_c is not None
    if _answers(turn, text, c, pressed=risk or hurried or reading):
        return False
    if turn.conv.draft.get(
        "ticket"
    ):  # an emergency waiting for its address: "好多水", "快来人啊" calmed there
        return risk or (hurried and not in_distress(text))
    if slots.QUESTION.search(normalize(text)) and not (risk or hurried):
        return False  # asked: answered, then the question comes back
    told_again = c.intent.value == turn.conv.draft.get("intent") and not c.unsure
    return risk or hurried or told_again or (reading and turn.conv.step == state.ADDRESS)


async def kept(turn: Turn, text: str, c: Classification) -> list[Reply]:
    """The words kept with the report (a reading among them taken), told so, and its question asked again; out of
    patience at its card, the report filed now, and at the temperature question, the reading no longer asked. An
    emergency already open takes them onto its ticket, for its duty staff."""
    draft, step = turn.conv.draft, turn.conv.step
    if draft.get("ticket"):
        return await _onto_emergency(turn, str(draft["ticket"]), text)
    reading = extract_entities(text).temperature_c
    took = reading is not None and draft.get("temperature_c") is None and -30 <= reading <= 40
    if took:
        draft["temperature_c"] = reading
    keep_words(draft, text)
    hurried = _hurried(text, c) and not at_risk(text)
    if step == state.CONFIRM and hurried:  # "你们倒是管不管啊" at the card: the report, now
        return await reports.open_now(turn)
    if step == state.TEMPERATURE and hurried:
        draft["skip_temp"] = True
    key = "report.kept_at_risk" if at_risk(text) else "report.kept_sorry" if hurried else "report.kept_words"
    lead = turn.t(key)
    if took:
        shown = turn.t("report.temperature_value", value=f"{reading:g}")
        lead += turn.t("report.kept_reading", temperature=shown)
    if step == state.ADDRESS:
        lead += turn.t("report.kept_need_address")
    return [Reply(lead), *await reports.next_question(turn)]


async def at_risk_told(turn: Turn, c: Classification) -> list[Reply] | None:
    """Someone at home at risk, told with nothing else to act on ("家里有85岁老人，你们快点"): posted under the card of the
    open repair it is about (another home's when it says so; the late one, else the newest; else a call-back, whose
    staff phone them) for its staff, the resident told so with where it stands; with none open, asked kindly what the
    trouble is. None for other words."""
    if not at_risk(c.text) or not slots.nothing_to_act_on(c):
        return None
    repairs = [t for t in await lookups.open_repairs(turn) if t.kind in _CARED_FOR]
    if another_home(c.text):
        repairs = [t for t in repairs if t.elsewhere] or repairs
    repair = news.waited_on(turn, repairs) or next(iter(repairs), None)
    if repair is None:
        turn.conv.step = state.CLARIFY  # a pick acts on these words: they become the report's
        turn.conv.draft = {"text": c.text, _AT_RISK: True}
        options = [turn.option(f"intent.{i.value}", cb.pick(i.value)) for i in (Intent.NO_HEAT, Intent.LEAK)]
        return [turn.say("report.at_risk_what", *options, turn.option("menu.human", cb.MENU_HUMAN))]
    await lookups.add_words(turn, repair, c.text)
    passed = turn.t("report.at_risk_passed", number=repair.number)
    return [Reply(f"{passed}\n{lookups.line(turn, repair)}")]


def said_before(turn: Turn) -> str | None:
    """The words of someone at risk whose trouble was just asked for (`at_risk_told`), while it is; else None."""
    draft = turn.conv.draft
    if turn.conv.step != state.CLARIFY or not draft.get(_AT_RISK):
        return None
    return str(draft.get("text") or "") or None


async def carry(turn: Turn, words: str) -> None:
    """The words of someone at risk (`said_before`) join the report told next ("暖气不热"): its words, or the emergency
    it opened at once, for its duty staff."""
    draft = turn.conv.draft
    if draft.get("intent") and not draft.get("ticket"):
        keep_words(draft, words)
        return
    number = turn.conv.recent_ticket
    opened = await lookups.own_ticket(turn, number) if turn.conv.recent_at == turn.now.isoformat() else None
    if opened is not None and opened.is_open:
        await lookups.add_words(turn, opened, words)


def _hurried(text: str, c: Classification) -> bool:
    """Impatience: pressing words ("快点", "管不管"), or anger the classifier reads as a complaint, none lodged."""
    return impatient(text) or slots.angry_only(text, c)


def _answers(turn: Turn, text: str, c: Classification, *, pressed: bool) -> bool:
    """The words answer the question open: an address or part of one (words that only might be one, "学校后门那个平房",
    unless they press: "家里有85岁老人", "屋里就12度"), not knowing it, a reading, an estate, a correction at the card or
    the report pressed for there."""
    step, places = turn.conv.step, turn.services.company.places
    address = read_address(turn, text)
    if step == state.ADDRESS:
        piece = is_piece(text, address) or knows_not(text) or estate_alone(text, places) is not None
        return piece or (looks_like_address(text) and not pressed)
    if step == state.TEMPERATURE:
        return (
            reading_answer(text) is not None or address is not None or estate_alone(text, places) is not None
        )
    heard = address_from_dict(turn.conv.draft.get("address"))
    if step == state.ESTATE and (knows_not(text) or (heard and with_estate(heard, text, places))):
        return True
    return card.read(turn, heard, text) != card.Correction() or (
        step == state.CONFIRM and card.urged(turn, text, c)
    )


async def _onto_emergency(turn: Turn, number: str, text: str) -> list[Reply]:
    """Words said while an open emergency waits for its address: onto its ticket for the duty staff, the address asked
    again."""
    ticket = next((t for t in await lookups.open_repairs(turn) if t.number == number), None)
    if ticket is None:
        return [ask_address(turn)]
    await lookups.add_words(turn, ticket, text)
    return [turn.say("report.words_added", words=quote(text), number=number), ask_address(turn)]
