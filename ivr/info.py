"""What a caller can ask about their repairs: where they stand, and words passed on to their staff."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from intents import another_home, extract_entities, parse_address
from intents.normalize import prepare
from ivr import phones, proof, texts, twiml, whereabouts
from ivr.call import Ctx, Step, goodbye, main_menu, operator, read_out, retry
from storage import tickets
from storage.values import ESCAPE_KINDS, REPAIR_KINDS, Status, TicketInfo, TicketKind

MAX_SPOKEN_TICKETS = 3


async def repair_status(ctx: Ctx, number: str | None = None, said: str = "") -> str:
    """Key 3: the caller's open tickets found by caller ID (or one number they named); asked about another home
    ("我妈家那个报修到哪了"), that home's."""
    if number:
        return await _lookup(ctx, number)
    if not _phone(ctx):  # withheld: no number to find their repairs by, so their ticket number is asked
        return _repair_menu(ctx, [ctx.t("repair_withheld")])
    mine = _of_the_home(await _tickets_of_caller(ctx, open_only=True), said)
    return await _open_repairs(ctx, mine)


async def open_repairs_status(ctx: Ctx, said: str, *, chased: bool = False) -> str | None:
    """The caller's open tickets (another home's when `said` names it: "我妈家到现在还没人去啊"), or None when they have
    none (a question about nothing we know of). `chased`: the words are a complaint of the wait ("都四十分钟了还没人来"),
    added to their newest open repair for its staff."""
    mine = _of_the_home(await _tickets_of_caller(ctx, open_only=True), said)
    if not mine:
        return None
    lines = _describe_all(ctx, mine)
    repair = next((t for t in mine if t.kind in REPAIR_KINDS), None)
    if chased and repair is not None:
        await _add_words(ctx, repair, said)
        lines.append(ctx.t("chased", digits=texts.digits(repair.number, ctx.lang)))
    return await _status_told(ctx, lines, mine)


async def open_escape(ctx: Ctx, place: str | None = None) -> TicketInfo | None:
    """The caller's newest open leak or burst, if any; of the flat `place` (see `tickets.report_place`) when given."""
    mine = await _tickets_of_caller(ctx, open_only=True)
    return next((t for t in mine if t.kind in ESCAPE_KINDS and (place is None or t.of_flat(place))), None)


async def open_complaint(ctx: Ctx) -> TicketInfo | None:
    """The caller's newest open complaint: made by this phone, or in a chat linked to it (see `tickets.of_phone`)."""
    mine = await _tickets_of_caller(ctx, open_only=True)
    return next((t for t in mine if t.kind is TicketKind.COMPLAINT), None)


async def worsened(ctx: Ctx, said: str) -> TicketInfo | None:
    """The caller's open leak or burst that their news of it getting worse is about (see `tickets.worsened`)."""
    mine = await _tickets_of_caller(ctx, open_only=True)
    return tickets.worsened(mine, elsewhere=another_home(said))


async def pass_on(ctx: Ctx, said: str, answer: str = "settled") -> str | None:
    """The caller's words about their open repair ("不用来了", "师傅到了") added to it for its staff, and the
    `answer` said; None when the caller has no repair open. The repair is the flat said (or, for "我妈家那边…", the
    other home's), else for "师傅到了" the one repair a crew was sent to, else the only one; with several, the caller
    is asked which (a key each), never the newest guessed."""
    mine = await _tickets_of_caller(ctx, open_only=True)
    repairs = _of_the_home([t for t in mine if t.kind in REPAIR_KINDS], said)
    if not repairs:
        return None
    place = tickets.place_of(parse_address(said) if said else None)
    named = [t for t in repairs if place and t.place and t.of_flat(place)]
    sent = [t for t in repairs if t.status is Status.DISPATCHED]
    asked = (
        sent if answer == "arrived" and sent else repairs
    )  # crews on their way to one or several, or to none
    if named or len(asked) == 1:
        return await _passed_on(ctx, (named or asked)[0], said, answer)
    ctx.state.goto("which")
    shown = asked[:MAX_SPOKEN_TICKETS]
    ctx.state.extra[WHICH] = {"said": said, "answer": answer, "repairs": [t.number for t in shown]}
    return _ask_which(ctx, shown)


WHICH = "which"  # the words about a repair, and the repairs the caller is asked to choose between


def _ask_which(ctx: Ctx, repairs: Sequence[TicketInfo], *, again: bool = False) -> str:
    """One key per repair, told apart by its address (or number) and its problem."""
    lines: list[twiml.Line] = [ctx.t("which_again" if again else "which_repair")]
    for key, ticket in enumerate(repairs, start=1):
        place = ticket.address_raw or ctx.t("which_number", digits=texts.digits(ticket.number, ctx.lang))
        kind = texts.label(ctx.lang, "kind", ticket.problem)
        lines.append(ctx.t("which_item", place=place, kind=kind, press=key))
    return twiml.ask(ctx.lang, lines, action=ctx.url("which"), timeout=6, hints=texts.hints(ctx.lang))


async def which_step(ctx: Ctx) -> str:
    """The repair the caller's words were about: its key, or its flat said; asked once more, then a person."""
    pending = ctx.state.extra.get(WHICH)
    if not isinstance(pending, dict):
        return main_menu(ctx)
    asked = await _still_asked(ctx, pending)
    keys = ctx.turn.digits.strip("#")
    chosen = asked[int(keys) - 1] if keys.isdigit() and 1 <= int(keys) <= len(asked) else None
    if chosen is None and ctx.turn.speech:
        place = tickets.place_of(parse_address(ctx.turn.speech))
        named = [t for t in asked if place and t.of_flat(place)]
        chosen = named[0] if len(named) == 1 else None
    if chosen is not None:
        ctx.state.extra.pop(WHICH, None)
        return await _passed_on(
            ctx, chosen, str(pending.get("said", "")), str(pending.get("answer", "settled"))
        )
    return retry(ctx, lambda: _ask_which(ctx, asked, again=True), lambda: operator(ctx))


async def unanswered_which(ctx: Ctx) -> None:
    """The caller hung up before saying which repair: their words go onto each one asked about, marked so, for
    their staff to check with the caller (nothing said is lost)."""
    pending = ctx.state.extra.pop(WHICH, None)
    if not isinstance(pending, dict) or not pending.get("said"):
        return
    words = f"{pending['said']} {ctx.t('which_unanswered')}"
    for repair in await _still_asked(ctx, pending):
        await _add_words(ctx, repair, words)


async def _still_asked(ctx: Ctx, pending: dict[str, object]) -> list[TicketInfo]:
    numbers = pending.get("repairs")
    asked = [str(n) for n in numbers] if isinstance(numbers, list) else []
    mine = {t.number: t for t in await _tickets_of_caller(ctx, open_only=True)}
    return [mine[n] for n in asked if n in mine]


async def _passed_on(ctx: Ctx, repair: TicketInfo, said: str, answer: str) -> str:
    if (
        answer == "arrived"
    ):  # kept with its time: the 30-minute clock stops there; staff confirm with the crew
        now = ctx.services.clock()
        await tickets.report_arrival(
            ctx.services.store, number=repair.number, contact_id=None, description=said, now=now
        )
    else:
        await _add_words(ctx, repair, said)
    return goodbye(ctx, lead=[ctx.t(answer, digits=texts.digits(repair.number, ctx.lang))])


async def still_open(
    ctx: Ctx, kind: str, said: str, *, elsewhere: bool = False, lead: Sequence[twiml.Line] = ()
) -> str | None:
    """A repeat report: the caller's open repair of this kind is said to be still open, where it stands and by when
    the crew is due (or how late it is), and their new words go onto it for its staff; None when they have none
    for the flat they name, or, naming none, for their own (saved) flat ("我家暖气还是不热"); another home's
    (`elsewhere`, "我妈家…") is a report of its own unless its flat is named."""
    mine = await _tickets_of_caller(ctx, open_only=True)
    heard = parse_address(said) if said else None
    place = tickets.report_place(heard, home=await ctx.home(), elsewhere=elsewhere)
    repair = next((t for t in mine if t.kind.value == kind and t.of_flat(place, elsewhere=elsewhere)), None)
    if repair is None:
        return None
    lines = [*lead, ctx.t("already_open"), describe(ctx, repair)]
    if said:
        await _add_words(ctx, repair, said)
        lines.append(ctx.t("report_added"))
    return read_out(ctx, lines)


async def _add_words(ctx: Ctx, repair: TicketInfo, said: str) -> None:
    """The caller's words go onto their repair (found by their phone), and its staff are told; a room reading said
    with them ("还是不热 现在十三度") becomes the repair's."""
    store, now = ctx.services.store, ctx.services.clock()
    reading = extract_entities(said).temperature_c if repair.kind.value == "no_heat" else None
    await tickets.add_report(
        store, number=repair.number, contact_id=None, description=said, temperature_c=reading, now=now
    )


async def _open_repairs(ctx: Ctx, mine: list[TicketInfo]) -> str:
    lines = _describe_all(ctx, mine) or [ctx.t("repair_none")]
    return await _status_told(ctx, lines, mine)


async def _status_told(ctx: Ctx, lines: Sequence[twiml.Line], shown: Sequence[TicketInfo]) -> str:
    """The status read out, then the address of a leak or burst among `shown` still without one, as the chat asks it
    after its answer; else the keys for another ticket number."""
    # with none read out, the caller's number is asked for, not "another" one
    return await whereabouts.ask_after_status(ctx, lines, shown[:MAX_SPOKEN_TICKETS]) or _repair_menu(
        ctx, lines, ask=not shown
    )


async def repair_step(ctx: Ctx, heard: Step) -> str:
    """A ticket number keyed (then #) or said ("我的工单号是一零零零零二五"), * for the menu, 0 for a person; other words
    (a report, a complaint, a question, "没有了 谢谢") go to `heard`, as after a ticket was read out; nothing at all
    is asked once more, then the call ends."""
    keys = ctx.turn.digits.strip("#")
    if keys == "*":
        return main_menu(ctx)
    if keys == "0":
        return operator(ctx)
    keyed = keys.isdigit()
    number = keys if keyed else ticket_said(ctx.turn.speech)
    # "83251234", "045183251234#", "13812345678#": a phone number, said or keyed, by which no ticket is looked up
    if phones.instead_of_ticket(keys if keyed else ctx.turn.speech, number):
        return phone_not_ticket(ctx, keyed=keyed)
    if number:
        return await _lookup(ctx, number)
    if ctx.turn.speech and not ctx.turn.digits:
        return await heard(ctx)
    return retry(ctx, lambda: _repair_menu(ctx, []), lambda: goodbye(ctx))


def phone_not_ticket(ctx: Ctx, *, keyed: bool = False) -> str:
    """A phone number said (or `keyed`) for a ticket's ("83251234", "0451-83251234"): the caller is told so and asked
    for the ticket number (* for the menu, 0 for a person); no ticket is looked up by it."""
    return _repair_menu(ctx, [ctx.t("repair_phone_keyed" if keyed else "repair_phone_said")], ask=True)


_SPACED_DIGITS = re.compile(r"[\d\s]+")


def ticket_said(speech: str) -> str | None:
    """The ticket number in the caller's words ("工单号是1000025", "一零零零零二五"), or read out digit by digit
    ("1 0 0 0 0 2 5")."""
    found = extract_entities(speech).ticket if speech else None
    if found or not speech:
        return found
    words = prepare(speech).strip(" .,，。")
    digits = "".join(words.split())
    return digits if _SPACED_DIGITS.fullmatch(words) and 6 <= len(digits) <= 10 else None


async def _lookup(ctx: Ctx, number: str) -> str:
    """A ticket the caller named: found only among the tickets of this caller's number; a caller whose number is
    withheld is asked the room of its flat first, whatever the number (see `proof`)."""
    if not _phone(ctx):
        if proof.spent(ctx):
            return main_menu(ctx, lead=[ctx.t("proof_spent")])
        return proof.ask_room(ctx, number)
    found = next((t for t in await _tickets_of_caller(ctx, open_only=False) if t.number == number), None)
    return await _found_or_not(ctx, found)


async def proof_step(ctx: Ctx) -> str:
    """The room of the flat of the ticket a withheld caller keyed: the ticket read out when it is proven, else the
    words of an unknown number; * for the menu, 0 for a person, asked once more when nothing was keyed."""
    keys = ctx.turn.digits.strip("#")
    if keys in ("*", "0"):
        return main_menu(ctx) if keys == "*" else operator(ctx)
    room = keys or proof.room_said(ctx.turn.speech)
    if not room.isdigit():
        return retry(ctx, lambda: proof.ask_room(ctx, again=True), lambda: _repair_menu(ctx, []))
    found = await proof.proven(ctx, room)
    if found is None and proof.spent(ctx):
        return main_menu(ctx, lead=[ctx.t("repair_not_found"), ctx.t("proof_spent")])
    return await _found_or_not(ctx, found)


async def _found_or_not(ctx: Ctx, found: TicketInfo | None) -> str:
    line = describe(ctx, found) if found else ctx.t("repair_not_found")
    return await _status_told(ctx, [line], [found] if found else [])


def _of_the_home(mine: list[TicketInfo], said: str) -> list[TicketInfo]:
    """The tickets the words are about: another home's when they name one ("我妈家…"), if the caller has any open."""
    return ([t for t in mine if t.elsewhere] or mine) if said and another_home(said) else mine


def _phone(ctx: Ctx) -> str | None:
    """The caller's number; None when they withheld it (never matched to another call's)."""
    return ctx.state.phone or ctx.turn.caller


async def _tickets_of_caller(ctx: Ctx, *, open_only: bool) -> list[TicketInfo]:
    phone = _phone(ctx)
    if not phone:
        return []
    # with the repairs of their flat another resident reported first, which they follow
    return await tickets.of_phone(ctx.services.store, phone=phone, open_only=open_only, following=True)


def _describe_all(ctx: Ctx, mine: list[TicketInfo]) -> list[str]:
    """The caller's open tickets read out; when they are at more than one address, each with its address, so that
    two repairs can be told apart ("我家" and "我妈家")."""
    shown = mine[:MAX_SPOKEN_TICKETS]
    where = len({t.address_raw for t in shown if t.address_raw}) > 1
    return [describe(ctx, t, where=where) for t in shown]


def describe(ctx: Ctx, ticket: TicketInfo, *, where: bool = False) -> str:
    """One ticket as read out: its number, problem, where it stands, when it was reported, by when the crew is due."""
    now = ctx.services.clock()
    kind = texts.label(ctx.lang, "kind", ticket.problem)
    if where and ticket.address_raw:
        kind = ctx.t("repair_at", kind=kind, address=ticket.address_raw)
    return ctx.t(
        "repair_item",
        digits=texts.digits(ticket.number, ctx.lang),
        kind=kind,
        status=ctx.t("repair_told")
        if ticket.arrival_told
        else texts.status(ctx.lang, ticket.kind.value, ticket.status.value),
        reported=_reported(ctx, now - ticket.created_at),
        promise=_promise(ctx, ticket, now),
    )


def _reported(ctx: Ctx, elapsed: dt.timedelta) -> str:
    """When the ticket was reported: "刚刚报修" within the minute, else "12分钟前报修"."""
    if elapsed < dt.timedelta(minutes=1):
        return ctx.t("reported_now")
    return ctx.t("reported_ago", ago=texts.ago(ctx.lang, elapsed))


def _promise(ctx: Ctx, ticket: TicketInfo, now: dt.datetime) -> str:
    """How soon the crew is due, or how late it is, while a repair waits for it; "" once the crew is there (or the
    caller said it came); a complaint whose supervisor's follow-up ran out, an apology."""
    if ticket.kind is TicketKind.COMPLAINT and ticket.breached and ticket.is_open:
        return ctx.t("complaint_late", hours=ctx.services.company.commitments.complaint_follow_up_hours)
    if not ticket.awaiting_crew:
        return ""
    if now <= ticket.due_at:
        promised = ctx.t("repair_due", left=texts.ago(ctx.lang, ticket.due_at - now))
    else:
        promised = ctx.t("repair_late", late=texts.ago(ctx.lang, now - ticket.due_at))
    # the promise runs for a flat nobody named, as the SMS says: the crew can find it once its address is told
    return promised + ctx.t("repair_no_address") if ticket.unplaced else promised


def _repair_menu(ctx: Ctx, lines: Sequence[twiml.Line], *, ask: bool = False) -> str:
    """Keys for a ticket number (the one way a caller whose number is withheld finds theirs; `ask`: the caller's own
    asked for, to a known caller too); words are heard too, so a leak or burst told here is not lost."""
    ctx.state.goto("repair")
    return twiml.ask(
        ctx.lang,
        [ctx.t("repair_menu" if _phone(ctx) and not ask else "repair_ask_number")],
        before=lines,
        action=ctx.url("repair"),
        num_digits=None,
        finish_on_key="#",
        timeout=8,
        hints=texts.hints(ctx.lang),
    )
