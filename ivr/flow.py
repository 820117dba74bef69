"""The call flow: which step answers which request, the main menu, and the idempotent step runner."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import weakref
from collections.abc import Mapping

from intents import classify
from intents.types import Classification, Intent
from ivr import (
    clarify,
    complaint,
    emergency,
    filing,
    info,
    language,
    report,
    state,
    temperature,
    topics,
    twiml,
)
from ivr.call import Ctx, Step, Turn, goodbye, main_menu, operator, retry
from ivr.services import VoiceServices
from ivr.state import CallState
from storage import conversations, tickets
from storage.values import TicketKind

log = logging.getLogger("ivr.flow")
FINAL_CALL_STATUSES = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})


class BadRequest(Exception):
    """The request cannot belong to a call (no CallSid): answered with a 4xx."""


async def start(ctx: Ctx) -> str:
    """A new call: greet in Mandarin and offer the menu (a repeated post keeps what the call has done)."""
    return main_menu(ctx, greet=True)


async def english(ctx: Ctx) -> str:
    """Key 9: the same flow in English."""
    ctx.state.lang = "en"
    return main_menu(ctx, greet=True)


async def no_heat(ctx: Ctx) -> str:
    """Key 1: a no-heat report."""
    return await report.begin(ctx, Intent.NO_HEAT)


async def leak_or_burst(ctx: Ctx) -> str:
    """Key 2: a leak or burst."""
    return await emergency.ask_what(ctx)


async def my_repair(ctx: Ctx) -> str:
    """Key 3: where my repair stands."""
    return await info.repair_status(ctx)


async def standards_topics(ctx: Ctx) -> str:
    """Key 4: the service standards."""
    return topics.standards_menu(ctx)


async def person(ctx: Ctx) -> str:
    """Key 0: a person."""
    return operator(ctx)


MENU: dict[str, Step] = {
    "1": no_heat,
    "2": leak_or_burst,
    "3": my_repair,
    "4": standards_topics,
    "0": person,
    "9": english,
}


async def menu_step(ctx: Ctx) -> str:
    """A key of the main menu, or the caller's own words."""
    if ctx.turn.digits:
        chosen = MENU.get(ctx.turn.digits)
        if chosen is not None:
            return await chosen(ctx)
    elif ctx.turn.speech:
        return await own_words(ctx, classify(ctx.turn.speech))
    return _not_understood(ctx)


async def own_words(ctx: Ctx, meaning: Classification) -> str:
    """A request for English, or a problem or question in the caller's own words (at the menu, or after a ticket
    was read out); asked once more when not understood, then a person."""
    said = ctx.turn.speech
    if language.asks_for_english(said):  # "English please", "英语": as key 9, not a person
        return await english(ctx)
    if language.speaks_english(said, meaning):
        ctx.state.lang = "en"  # as key 9 would: advice, prompts and whisper in English
    answer = await clarify.understood(ctx, meaning)
    return answer if answer is not None else _not_understood(ctx)


def _not_understood(ctx: Ctx) -> str:
    return retry(ctx, lambda: main_menu(ctx, short=ctx.t("not_understood")), lambda: operator(ctx))


async def after_step(ctx: Ctx) -> str:
    """After a ticket was read out: * for the main menu, a key of the main menu as there (1 another no-heat report);
    thanks ("不客气"), "nothing more" or a goodbye ("好的"), silence or another key end the call politely; a new problem
    or question is heard as at the menu."""
    if ctx.turn.digits == "*":
        return main_menu(ctx)
    if ctx.turn.digits in MENU:
        return await MENU[ctx.turn.digits](ctx)
    if not ctx.turn.speech:
        return goodbye(ctx)
    meaning = classify(ctx.turn.speech)
    thanks = meaning.intent is Intent.THANKS and not meaning.unsure
    if ctx.turn.nothing_more() or thanks:
        return goodbye(ctx, lead=_closing(ctx, thanks=thanks))
    return await own_words(ctx, meaning)


async def repair_step(ctx: Ctx) -> str:
    """The question for another ticket number (key 3, or a question after a repair): keys and a ticket number said
    as there (see `info.repair_step`); any other words are heard as after a ticket was read out ("没有了 谢谢" ends
    the call politely, a report, complaint or question is handled as at the menu)."""
    return await info.repair_step(ctx, heard=after_step)


async def through_step(ctx: Ctx) -> str:
    """A caller whose number is withheld, offered the duty staff now since nobody can call them back (a complaint):
    1, 0 or a yes puts them through, a no ("不需要", "不用了") ends the call; anything else is heard as after a ticket
    was read out."""
    if ctx.turn.digits == "0" or ctx.turn.said_yes():
        return operator(ctx)
    if ctx.turn.said_no() or ctx.turn.called_off():
        return goodbye(ctx)
    return await after_step(ctx)


def _closing(ctx: Ctx, *, thanks: bool) -> list[twiml.Line]:
    """What leads the goodbye: "好的" to nothing more ("没有了", "好嘞", "no, that's all") and to a goodbye, thanks with
    it or not ("行 拜拜", "okay thanks bye": the caller is closing the call, not waiting for the thanks to be answered);
    "不客气" to thanks ("谢谢", "辛苦了"), both to "没有了 谢谢" (the classifier's thanks holds "nothing more" and
    goodbyes too: only words of thanks are thanked for)."""
    turn = ctx.turn
    if turn.said_goodbye():
        return [ctx.t("all_right")]
    nothing_more = turn.nothing_more() and not turn.only_thanked()
    thanked = turn.thanked() or (thanks and not turn.nothing_more())
    return [ctx.t(key) for key, said in (("all_right", nothing_more), ("welcome", thanked)) if said]


def heeding_emergencies(step: Step) -> Step:
    """The step, unless the caller's words tell a leak or burst: then the emergency runs at once."""

    async def run(ctx: Ctx) -> str:
        return await emergency.interrupts(ctx) or await step(ctx)

    run.__doc__ = step.__doc__
    return run


STEPS: dict[str, Step] = {
    "menu": menu_step,
    "clarify": clarify.clarify_step,
    "address": heeding_emergencies(report.address_step),
    "confirm": heeding_emergencies(report.confirm_step),
    "estate": heeding_emergencies(report.estate_step),  # which estate a flat told without one is in
    "temperature": heeding_emergencies(temperature.temperature_step),
    "complaint": heeding_emergencies(complaint.complaint_step),
    "emergency": emergency.emergency_step,
    "elsewhere": emergency.elsewhere_step,  # any words are that home's address: the emergency is already told
    "dial-result": emergency.dial_result_step,
    "recorded": emergency.recorded_step,
    "repair": heeding_emergencies(repair_step),
    "which": heeding_emergencies(info.which_step),  # which repair "师傅到了" / "不用来了" is about
    "proof": heeding_emergencies(info.proof_step),  # the room of a ticket's flat, keyed by a withheld caller
    "standards": heeding_emergencies(topics.standards_step),
    "after": after_step,
    "through": through_step,  # the duty staff offered to a caller nobody can call back (words heard as "after")
}


def _fingerprint(step: str, fields: Mapping[str, str], query: Mapping[str, str]) -> str:
    payload = json.dumps([step, sorted(fields.items()), sorted(query.items())], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


async def answer(
    services: VoiceServices, step: str, fields: Mapping[str, str], query: Mapping[str, str]
) -> str:
    """Run one step of a call and return its TwiML; a repeated request gets the same answer again."""
    turn = Turn.parse(fields, query)
    if step == "whisper":
        return await emergency.whisper(Ctx(services, CallState(), turn))
    if not turn.call_sid:
        raise BadRequest("CallSid is missing")
    # One request of a call at a time, across processes too: a retried step, a step still running when the
    # caller hangs up and its status callback, never interleave (no lost state, no duplicate ticket).
    key = state.key(turn.call_sid)
    async with _lock(key), conversations.exclusive(services.store, key=key):
        if step == "status":
            return await call_ended(services, turn)
        return await _run(services, step, turn, _fingerprint(step, fields, query))


_LOCKS: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()


def _lock(key: str) -> asyncio.Lock:
    lock = _LOCKS.get(key)
    if lock is None:
        lock = _LOCKS[key] = asyncio.Lock()
    return lock


async def _run(services: VoiceServices, step: str, turn: Turn, fingerprint: str) -> str:
    known = await state.load(services.store, turn.call_sid)
    current = known or _new_state(services, turn)
    if known is not None and known.last_request == fingerprint and known.last_answer:
        return known.last_answer
    current.turn += 1
    ctx = Ctx(services, current, turn)
    if step == "start":
        result = await start(ctx)
    elif known is None or step not in STEPS:
        result = main_menu(ctx, lead=[ctx.t("restart")], greet=False)
    else:
        result = await STEPS[step](ctx)
    current.last_request, current.last_answer = fingerprint, result
    await state.save(services.store, turn.call_sid, current)
    return result


def _new_state(services: VoiceServices, turn: Turn) -> CallState:
    branch = services.company.branch_for_hotline(turn.hotline) or services.company.branches[0]
    return CallState(branch=branch.code, hotline=turn.hotline, phone=turn.caller or "")


async def call_ended(services: VoiceServices, turn: Turn) -> str:
    """Status callback: log the outcome on the ticket; an unfinished report becomes a call-back ticket."""
    current = await state.load(services.store, turn.call_sid)
    status = turn.fields.get("CallStatus", "")
    if current is None or status not in FINAL_CALL_STATUSES or current.ended:
        return twiml.empty()
    ctx = Ctx(services, current, turn)
    if current.step == "which":
        await info.unanswered_which(ctx)
    await _complaint_placed(ctx)
    await _heard_kept(ctx)
    if current.ticket is None and _complete_but_temperature(current):
        await filing.open_ticket(ctx)  # the temperature is optional: the report is whole without it
    elif current.ticket is None and _unfinished(current):
        await _callback_ticket(ctx)
    if current.ticket is not None and not current.call_logged:
        data = {"call": turn.call_sid, "status": status, "duration": turn.fields.get("CallDuration", "")}
        await tickets.attach(
            services.store,
            number=current.ticket,
            contact_id=current.contact_id,
            kind="call",
            data=data,
            now=services.clock(),
        )
        current.call_logged = True
    current.ended = True
    await state.save(services.store, turn.call_sid, current)
    return twiml.empty()


async def _complaint_placed(ctx: Ctx) -> None:
    """Hung up while the repair taken after a complaint had its address heard but not settled: the complaint is
    given that address all the same, marked for staff to check."""
    intake = ctx.state.intake
    if intake is not None and intake.complaint is not None and intake.address is not None:
        intake.address_flagged = True
        await filing.onto_complaint(ctx)


async def _heard_kept(ctx: Ctx) -> None:
    """Hung up before confirming an address heard (read back, its estate asked, another home's not understood): the
    emergency's ticket keeps it as heard, marked for staff to confirm, and a report at its estate question is filed
    with it so; nothing the caller said is lost (a report hung up at the read-back is a call-back, see below)."""
    intake, number = ctx.state.intake, ctx.state.ticket
    heard = intake.address_value() if intake is not None else None
    if intake is None or heard is None or ctx.state.step not in _HEARD_STEPS:
        return
    if number is None:
        if ctx.state.step == "estate":
            intake.address_flagged = True
            await filing.open_ticket(ctx)
        return
    ticket = await tickets.get(ctx.services.store, number=number)
    if ticket is not None and ticket.address_raw != heard.raw:
        await filing.put_address(ctx, heard, flagged=True)


_HEARD_STEPS = frozenset({"confirm", "estate", "elsewhere"})


def _complete_but_temperature(current: CallState) -> bool:
    """Hung up at the optional temperature question, the address confirmed: a whole report of its kind."""
    report = current.intake
    return (
        current.step == "temperature"
        and report is not None
        and bool(report.address)
        and not (report.address_flagged)
    )


def _unfinished(current: CallState) -> bool:
    return current.intake is not None or current.step in ("record",) or current.dial_purpose == "person"


async def _callback_ticket(ctx: Ctx) -> None:
    """What a caller who hung up mid-report told us, kept as a call-back ticket."""
    kind = filing.to_call_back(ctx)
    # water escaping at another home, whose address the caller hung up before saying: for the duty staff at once
    urgent = kind in (TicketKind.LEAK.value, TicketKind.BURST.value)
    await filing.open_ticket(ctx, escalate=urgent, reason=f"hung_up:{kind}", emergency=urgent)
    ctx.state.intake = None
