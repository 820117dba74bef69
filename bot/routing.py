"""What a typed text or a pressed button means in the conversation's current step."""

from __future__ import annotations

import dataclasses
import re

from bot import (
    acts,
    addresses,
    answers,
    asides,
    card,
    complaints,
    corrections,
    estates,
    handoff,
    lookups,
    news,
    pressing,
    rating,
    reports,
    slots,
    state,
    takeover,
    ticket_talk,
    unplaced,
    waiting,
    yesno,
)
from bot import callbacks as cb
from bot.descriptions import keep_words
from bot.i18n import lang_of_text, lone_english_word
from bot.replies import Reply
from bot.turn import Turn
from intents import classify
from intents.types import Classification, Intent, Lang, Topic
from intents.valves import valve_closed

_TICKET_ONLY = re.compile(r"^#?\s*(\d{6,10})$")
_OPTION_NUMBER = re.compile(r"^(\d{1,2})$")
_SLOT_STEPS = frozenset({state.ADDRESS, state.TEMPERATURE, state.ESTATE, state.CONFIRM, state.COMPLAINT})
_REPORT_STEPS = slots.REPORT_STEPS
# a question asked in between is answered, then asked again
_PAUSABLE_STEPS = _REPORT_STEPS | {state.COMPLAINT}


def collecting(turn: Turn) -> bool:
    """A report is being collected: its address, temperature or confirmation is asked."""
    return turn.conv.step in _REPORT_STEPS and bool(turn.conv.draft.get("intent"))


def command_of(text: str) -> str | None:
    """ "/start@heatline_bot hi" -> "/start"; None for text that is not a command."""
    if not text.startswith("/"):
        return None
    return text.split(maxsplit=1)[0].split("@", 1)[0].lower()


async def text(turn: Turn, text: str) -> list[Reply]:
    """A typed message: a command, a numbered option, an answer to the last question, or something new."""
    if not text:
        return [turn.say("input.empty", *turn.menu())]
    command = command_of(text)
    if command:
        return await _command(turn, command)
    number = _OPTION_NUMBER.match(text)
    options = turn.conv.option_data()
    if number and 1 <= int(number[1]) <= len(options):
        return await press(turn, options[int(number[1]) - 1])
    if number and not options and turn.conv.step == state.IDLE:  # "1" again (sent twice), nothing to pick
        return await _no_choice(turn, number[1])
    classification = classify(text)
    found = lang_of_text(text, classification.lang, turn.lang, places=turn.services.company.places)
    if found is None and _first_words(turn) and lone_english_word(text):  # "hello", "help" texted first
        found = Lang.EN
    if found:
        await turn.set_lang(found)
    # "83251234": a phone number, kept (the question open asked again), unless it is the number of a ticket of theirs
    phone = await slots.phone_only(turn, text)
    if phone is not None:
        return await slots.typed_phone(turn, phone)
    if turn.conv.step == state.WHICH_REPAIR:  # "青年路那个", "501": the repair the crew has come to
        picked = await news.which_typed(turn, text)
        if picked is not None:
            return picked
    if turn.conv.draft.get(addresses.ESTATE_FOR):  # the estate of the flat an emergency was just told, or not
        placed = await addresses.estate_of_emergency(turn, text)
        if placed is not None:
            return placed
    # "不对 是502", "温度说错了 是12度", "取消": about the ticket this chat has just opened, if any
    closed = valve_closed(text)  # "水阀关上了", "取消吧 水阀关上了": the words beside the news, if it is that
    if turn.conv.step == state.IDLE:
        cancel = yesno.CANCEL in (yesno.meaning(text), closed and yesno.meaning(closed))
        amended = await corrections.typed(turn, text, classification, cancel=cancel)
        if amended is not None:
            return amended
        answered = await ticket_talk.heard(turn, text, classification)  # to staff who wrote about a ticket
        if answered is not None:
            return answered
        # "红旗小区5栋1单元302" texted after a leak was reported by calling without it: the address its emergency awaits
        await unplaced.address_awaited(turn, text, classification)
    if closed is not None and not (
        classification.emergency or classification.worsening or classification.settled
    ):
        told = await news.valve_closed(turn, text)  # the open leak's staff told; a question open comes back
        if told is not None:
            return told + await resume(turn)
    if (
        turn.conv.step == state.CLARIFY and yesno.meaning(text) == yesno.CANCEL
    ):  # "which did you mean?" "取消"
        return await corrections.dropped(turn)
    meant = yesno.meaning(text) if turn.conv.step in _SLOT_STEPS else None
    answered = await yesno.answer(turn, meant, text) if meant else None
    if answered is not None:
        return answered
    if turn.conv.step == state.TEMPERATURE and slots.no_reading(text, classification):
        return await reports.skip_temperature(turn)  # "不知道，没有温度计", "skip": typed as the button says
    # "冻死了", "孩子都感冒了", "你们倒是管不管啊" at a report's question: the report's words, its question again
    if collecting(turn) and pressing.presses(turn, text, classification):
        return await pressing.kept(turn, text, classification)
    # "3栋2单元501 水越来越多了": the address, and news beside it; an open emergency's goes onto it, the news for its
    # staff; a report takes the address, the words are acted on as if sent alone (a leak told opens at it)
    beside = asides.news_at_address(turn, text)
    if beside is not None and turn.conv.draft.get("ticket"):
        return await asides.onto_emergency(turn, beside)
    if beside is not None:
        turn.conv.draft["address"] = addresses.address_to_dict(beside.address)
        text, classification = beside.words, beside.meaning
    elif turn.conv.step in _SLOT_STEPS and not slots.changes_subject(turn, text, classification):
        return await _answer_slot(turn, text, classification)
    if classification.intent is Intent.HUMAN and not classification.unsure and collecting(turn):
        return await takeover.with_report(turn, text)  # "转人工" mid-report: staff get the report too
    # a report being collected (or an emergency opened without its address) waits for whatever the resident asks
    # in between, then its question comes back: nothing the resident said is dropped
    paused = (
        dict(turn.conv.draft) if turn.conv.step in _PAUSABLE_STEPS and turn.conv.draft.get("intent") else None
    )
    # "不用了，暖气已经热了" before the report was sent: it is not sent (an emergency opened at once stays open)
    dropped = paused is not None and classification.settled and not paused.get("ticket")
    ticket = _TICKET_ONLY.match(text)
    step = turn.conv.step
    at_risk = pressing.said_before(
        turn
    )  # "家里有85岁老人", asked what is wrong: the report told next keeps them
    turn.conv.reset()
    if paused and paused.get("address") and not paused.get("ticket"):
        turn.conv.draft = {"address": paused["address"]}  # a leak told mid-report opens at the address given
    if ticket:
        replies = await lookups.one_ticket(turn, ticket[1])
    elif paused and paused.get("ticket") and slots.nothing_to_act_on(classification):
        # "要关哪个阀门", "which valve?": asked while the emergency waits for its address: its safety advice again
        replies = [reports.advice_again(turn, Intent(paused["intent"]))]
    else:
        replies = await acts.converse(turn, classification, clarify=paused is None)
    if at_risk:
        await pressing.carry(turn, at_risk)
    if dropped:
        turn.conv.reset()
        return [*replies, turn.say("report.cancelled")]
    # an emergency opened without its address: once the crew is there, it no longer needs asking
    found_by_crew = classification.arrived and paused is not None and paused.get("ticket")
    # its words already kept on the ticket, the rest of the address was asked for once: not asked again
    kept = paused is not None and paused.get("address_noted") and classification.intent in slots.SMALL_TALK
    if (
        paused
        and turn.conv.step == state.IDLE
        and not handoff.active(turn)
        and not found_by_crew
        and not kept
    ):
        turn.conv.draft = paused
        # "才12度 … 暖气片下面还有点渗水", a leak told with the answer, or words beside the address ("3栋2单元501
        # 暖气片开始漏水了", "…501 你们多久能来"): their reading and words are the report's too
        said_with = beside is not None and classification.intent not in slots.SMALL_TALK
        if step in (state.TEMPERATURE, state.ADDRESS) and (classification.emergency or said_with):
            _told_with_answer(turn, text, classification)
        # the answer's own buttons would compete with the question's: only the question's are offered
        replies = [dataclasses.replace(r, options=()) for r in replies] + await _ask_again(turn)
    else:  # another home's emergency asks its address first ("我妈家也漏水了"): the report comes back after it
        waiting.put_aside(turn, paused)
    return replies


async def _no_choice(turn: Turn, number: str) -> list[Reply]:
    """A lone number with no options open: nothing to pick (a report just filed is not filed twice); the menu."""
    repairs = [t for t in await lookups.open_repairs(turn) if t.is_repair]
    filed = repairs[0].number if repairs else None
    key = "input.no_choice_filed" if filed else "input.no_choice"
    return [turn.say(key, *turn.menu(), number=number, ticket=filed)]


def _told_with_answer(turn: Turn, text: str, c: Classification) -> None:
    """What was said with the answer to the temperature or address question and acted on first (the leak it told of,
    a question asked beside the address) belongs to the report asked about too: its reading is not asked again, its
    words reach the report's staff."""
    reading = c.entities.temperature_c
    if turn.conv.draft.get("temperature_c") is None and reading is not None and -30 <= reading <= 40:
        turn.conv.draft["temperature_c"] = reading
    keep_words(turn.conv.draft, text)


def _first_words(turn: Turn) -> bool:
    """The resident's first message, on a channel that tells no language of theirs (a text message)."""
    return turn.identity.lang_hint is None and turn.conv.answered_at is None


async def aside(turn: Turn, c: Classification | None) -> list[Reply]:
    """What was said beside a typed rating ("1分 师傅要了两条烟", "5分 暖气费多少钱一平"), acted on as usual; a report
    or complaint being collected waits for it, then its question comes back (alone, when nothing was said)."""
    if c is None:
        return await resume(turn)
    if c.intent is Intent.HUMAN and collecting(turn):  # "5分 转人工" mid-report: staff get the report too
        return await takeover.with_report(turn, c.text)
    if c.intent is Intent.HUMAN and turn.conv.step == state.COMPLAINT:  # and the complaint's words
        return await complaints.receive(turn, c.text)
    paused = (
        dict(turn.conv.draft) if turn.conv.step in _PAUSABLE_STEPS and turn.conv.draft.get("intent") else None
    )
    turn.conv.reset()
    replies = await acts.act(turn, c)
    if paused and turn.conv.step == state.IDLE and not handoff.active(turn):
        turn.conv.draft = paused
        return [dataclasses.replace(r, options=()) for r in replies] + await _ask_again(turn)
    waiting.put_aside(
        turn, paused
    )  # "1分 我要投诉": the complaint asked first, the report comes back after it
    return replies


async def resume(turn: Turn) -> list[Reply]:
    """The question of a report or complaint being collected, asked again after something answered in between
    (a typed rating of an earlier repair); none when nothing is being collected."""
    paused = turn.conv.step in _PAUSABLE_STEPS and turn.conv.draft.get("intent")
    return await _ask_again(turn) if paused else []


async def handed_back(turn: Turn) -> list[Reply]:
    """The hand-over is over (staff's /done, or the resident's button): the bot answers again, and a report the
    resident began while staff answered asks its question again (staff may have left it unfiled)."""
    ended = handoff.end(turn)
    asked = await resume(turn)
    if not asked:
        return ended
    lead = turn.say("report.resumed", kind=turn.t(f"kind.{reports.problem(turn.conv.draft)}"))
    return [*(dataclasses.replace(r, options=()) for r in ended), lead, *asked]


async def _ask_again(turn: Turn) -> list[Reply]:
    """The question of the report or complaint being collected, once what was asked in between is answered."""
    if turn.conv.draft.get("intent") == "complaint":
        return [complaints.ask(turn)]
    return await reports.next_question(turn)


async def _answer_slot(turn: Turn, text: str, c: Classification) -> list[Reply]:
    step = turn.conv.step
    if step == state.ADDRESS:
        return await reports.receive_address(turn, text)
    if step == state.TEMPERATURE:
        return await reports.receive_temperature(turn, text)
    if step == state.ESTATE:
        return await estates.receive(turn, text)
    if step == state.COMPLAINT:
        return await complaints.receive(turn, text)
    if slots.said(text, yesno.words(yesno.YES)) or card.urged(
        turn, text, c
    ):  # "快点啊 冻死了": the report, now
        return await press(turn, cb.CONFIRM_YES)
    if slots.said(text, yesno.words(yesno.NO)):
        return await press(turn, cb.CONFIRM_NO)
    return card.corrected(turn, text)


async def _command(turn: Turn, command: str) -> list[Reply]:
    if command in ("/human", "/staff"):
        return await _person(turn, command)
    turn.conv.reset()
    if command in ("/start", "/help", "/lang", "/language"):
        return answers.welcome(turn)
    if command in ("/status", "/repairs"):
        return await lookups.my_repairs(turn)
    if command == "/standards":
        return answers.standards_answer(turn, None)
    if command in ("/report", "/new"):
        return answers.report_prompt(turn)
    if command == "/cancel":
        return await corrections.dropped(turn)
    return [turn.say("input.unknown_command", *turn.menu())]


async def press(turn: Turn, data: str) -> list[Reply]:
    """A button press (or its number typed): validated, then acted on."""
    pressed = cb.parse(data)
    if pressed is None:
        return [turn.say("input.bad_button", *turn.menu())]
    if pressed.stateful and data not in turn.conv.option_data():
        return [turn.say("input.stale_button", *turn.menu())]
    match pressed.kind:
        case "menu":
            return await _menu(turn, data)
        case "lang":
            return await answers.choose_language(turn, pressed.arg)
        case "std":
            return answers.standards_answer(turn, Topic(pressed.arg))
        case "pick":
            return await _picked(turn, Intent(pressed.arg))
        case "rate":
            return await rating.rate(turn, pressed.number or "", pressed.arg)
        case "ticket":
            return await lookups.one_ticket(turn, pressed.number or "")
        case "came":
            return await news.crew_came_to(turn, pressed.number or "")
    return await _flow(turn, data)


async def _menu(turn: Turn, data: str) -> list[Reply]:
    if data == cb.MENU_HUMAN:
        return await _person(turn, "")
    turn.conv.reset()
    if data == cb.MENU_REPORT:
        return answers.report_prompt(turn)
    if data == cb.MENU_STATUS:
        return await lookups.my_repairs(turn)
    if data == cb.MENU_STD:
        return answers.standards_answer(turn, None)
    return answers.menu(turn)


async def _person(turn: Turn, text: str) -> list[Reply]:
    """A person asked for: a report being collected goes to staff with the request, nothing the resident told is
    dropped."""
    if collecting(turn):
        return await takeover.with_report(turn, text)
    turn.conv.reset()
    return await handoff.start(turn, text)


async def _picked(turn: Turn, intent: Intent) -> list[Reply]:
    """The resident told us what they meant: act on their earlier words with that intent."""
    said = turn.conv.draft.get("text", "")
    turn.conv.reset()
    base = classify(said) if said else Classification(text="", intent=intent, confidence=1.0, lang=turn.lang)
    topic = base.topic if intent is Intent.STANDARDS else None
    return await acts.act(
        turn, dataclasses.replace(base, intent=intent, unsure=False, topic=topic, candidates=())
    )


async def _flow(turn: Turn, data: str) -> list[Reply]:
    """Answers to the question last asked: saved address, skip, confirm, cancel, insist, submit, end."""
    draft = turn.conv.draft
    if data == cb.USE_SAVED and (saved := addresses.saved_address(turn)):
        return await reports.accept_address(turn, saved)
    if data == cb.SKIP_TEMP:
        return await reports.skip_temperature(turn)
    if data == cb.SKIP_ESTATE:  # the resident does not know the estate's name: the card, the flat as told
        return await estates.unknown(turn)
    if data == cb.CONFIRM_YES and turn.conv.step == state.CONFIRM:
        return await reports.open_now(turn)
    if data == cb.CHANGE_ADDRESS and draft.get("intent"):
        draft["address"] = None
        return [addresses.ask_address(turn)]
    if data == cb.INSIST:
        said = draft.get("text", "")
        base = classify(said) if said else Classification(text="", intent=Intent.NO_HEAT, confidence=1.0)
        return await reports.start(turn, dataclasses.replace(base, intent=Intent.NO_HEAT), insist=True)
    if data == cb.SUBMIT_AS_IS:
        return await complaints.submit(turn)
    if data == cb.END_HANDOFF:
        return await handed_back(turn)
    return await corrections.dropped(turn)
