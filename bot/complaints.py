"""Complaints: one message about what happened, an escalated ticket, and who follows up by when."""

from __future__ import annotations

import datetime as dt

from bot import callbacks as cb
from bot import handoff, lookups, media, repeats, reports, state
from bot.addresses import address_to_dict, read_address
from bot.replies import Reply
from bot.reports import over_limit
from bot.turn import Turn
from intents import classify, extract_entities, standards
from intents.company import Branch
from intents.faults import tells_cold
from intents.types import Address, Classification, Intent, Lang
from storage import tickets
from storage.values import Priority, TicketInfo, TicketKind


async def begin(turn: Turn, c: Classification) -> list[Reply]:
    """A complaint told: what happened is asked; but while an open complaint's follow-up has run out with nobody
    contacting the resident ("我昨天投诉的事怎么没人给我回电话"), these words go onto it at once (one they made by
    calling, too), raised again with its supervisors, and the resident is answered with an apology."""
    overdue = next(
        (t for t in await lookups.open_repairs(turn) if t.kind is TicketKind.COMPLAINT and t.breached), None
    )
    if overdue is None:
        return await start(turn, c)
    await tickets.merge_report(
        turn.services.store, number=overdue.number, address=None, description=c.text, now=turn.now
    )
    turn.conv.reset()
    return [_told(turn, overdue, "complaint.chased")]


async def start(turn: Turn, c: Classification) -> list[Reply]:
    """Ask what happened; the first words may be submitted as they are. Told in full, naming the flat or a ticket
    ("投诉：暖气一直不热，打了三次电话都没人来，红旗小区3栋2单元501"), filed at once."""
    turn.conv.draft = {"intent": "complaint", "text": c.text}
    address = read_address(turn, c.text)
    if lookups.ticket_named(c) or (address is not None and address.complete):
        return await submit(turn)
    return [ask(turn)]


async def receive(turn: Turn, text: str) -> list[Reply]:
    """The answer to the complaint's question: what happened, filed; or a person asked for ("我要找人工", "can I speak
    to a real person"), who is handed the complaint's words with the request."""
    c = classify(text)
    if c.intent is Intent.HUMAN and not c.unsure:
        return await handoff.start(
            turn, "\n".join(part for part in (turn.conv.draft.get("text"), text) if part)
        )
    return await submit(turn, text)


def ask(turn: Turn) -> Reply:
    """The complaint's question (again, after a question of the resident's was answered)."""
    turn.conv.step = state.COMPLAINT
    options = [turn.option("report.cancel", cb.CONFIRM_NO)]
    if turn.conv.draft.get("text"):
        options.insert(0, turn.option("complaint.as_is", cb.SUBMIT_AS_IS))
    return turn.say("complaint.ask", *options)


async def of_the_wait(turn: Turn, repair: TicketInfo, text: str) -> list[Reply]:
    """Anger at the wait for the crew of an open repair ("再不来我就打12345投诉") taken as it is: where that repair
    stands, an apology, and the complaint recorded at once with these words, about that repair (its branch, and on
    it for its staff); nothing more is asked."""
    turn.conv.draft = {"intent": "complaint", "text": text}
    opened = await submit(turn, about=repair)
    return [
        *await lookups.my_repairs(turn, [repair]),
        turn.say("complaint.wait_sorry", number=repair.number),
        *opened,
    ]


async def submit(turn: Turn, more: str = "", *, about: TicketInfo | None = None) -> list[Reply]:
    """Open the complaint ticket, escalated to the branch's supervisor; `about`: the repair it is about (else the one
    whose crew is late, if any)."""
    description = "\n".join(part for part in (turn.conv.draft.get("text", ""), more) if part)
    limited = await over_limit(turn)
    if limited:
        turn.conv.reset()
        return limited
    # "投诉：师傅态度很差，工单1000033": about that ticket of theirs; "我要投诉 都四十分钟了还没人来": the repair that is late
    late = about or await _named(turn, description) or await _late_repair(turn)
    address = read_address(turn, description)  # "昨天下午，红旗小区3栋2单元501，一个姓王的师傅"
    placed = address or _flat_of(late)  # staff see where, and the branch serving it follows it up
    await media.keep_phone_said(turn, description)  # for the supervisor who calls back
    ticket, created = await _file(turn, description or turn.t("kind.complaint"), placed, late)
    # a number they gave to be called on (their proved phone staying theirs): the one the supervisor calls first
    called = await media.call_on_opened(turn, ticket.number)
    if late is not None:  # its staff see the complaint beside the repair it is about
        await tickets.add_report(
            turn.services.store,
            number=late.number,
            contact_id=lookups.reporter(turn, late),
            description=description or turn.t("kind.complaint"),
            now=turn.now,
        )
    turn.conv.reset()
    # added to an open complaint: where it stands; one whose follow-up ran out, an apology, and it is raised again
    # (the store told staff)
    key = "complaint.opened" if created else "complaint.chased" if ticket.breached else "complaint.added"
    return [_told(turn, ticket, key), *called, *await _cold_flat(turn, description, address)]


async def _file(
    turn: Turn, description: str, address: Address | None, late: TicketInfo | None
) -> tuple[TicketInfo, bool]:
    """The complaint opened (True), or its words added to the resident's open complaint (False): theirs, or, for a
    texter, one made by calling from the phone they text from or in a chat linked to it."""
    store = turn.services.store
    twin = await lookups.reported_by_call(turn, TicketKind.COMPLAINT, repeats.place(turn, address))
    if twin is not None:
        merged = await tickets.merge_report(
            store, number=twin.number, address=address, description=description, now=turn.now
        )
        if merged is not None:
            return merged, False
    return await tickets.open_ticket(
        store,
        kind=TicketKind.COMPLAINT,
        priority=Priority.NORMAL,
        contact_id=turn.contact.id,
        branch=_branch(turn, late, description).code,
        address=address,
        description=description,
        escalate=True,
        escalation_reason="complaint",
        now=turn.now,
        answered=turn.answered,  # the number is in the reply: a texter is not texted it again
    )


def _told(turn: Turn, ticket: TicketInfo, key: str) -> Reply:
    """The complaint recorded (`key`): its number, whose supervisor follows it up, by when, the complaint line."""
    hours = turn.services.complaint_follow_up_hours
    deadline = (ticket.created_at + dt.timedelta(hours=hours)).astimezone(turn.services.company.zone)
    branch = turn.services.company.branch(ticket.branch or "") or turn.branch_for(turn.contact.address_raw)
    return turn.say(
        key,
        number=ticket.number,
        status=turn.t(f"status.{ticket.status.value}"),
        branch=branch.name_en if turn.lang is Lang.EN else branch.name,
        hours=hours,
        deadline=deadline.strftime("%m-%d %H:%M"),
        phone=turn.services.company.complaint_phone,
    )


def _branch(turn: Turn, late: TicketInfo | None, words: str) -> Branch:
    """Who follows a complaint up: the branch of the repair it is about, else of the flat or estate its words name,
    else the resident's."""
    company = turn.services.company
    about = company.branch(late.branch) if late and late.branch else None
    return about or company.branch_for_address(words) or turn.branch_for(turn.contact.address_raw)


async def _cold_flat(turn: Turn, words: str, address: Address | None) -> list[Reply]:
    """A complaint that says the flat it names is cold now ("暖气一直不热…红旗小区3栋2单元501") gets that flat's no-heat
    repair too, with its 30-minute promise (joined to one open there), in the heating season; none otherwise."""
    if address is None or not address.complete or not tells_cold(words):
        return []
    if not standards.season_state(turn.services.company, turn.today()).on:
        return []
    reading = extract_entities(words).temperature_c
    turn.conv.draft = {
        "intent": Intent.NO_HEAT.value,
        "text": words,
        "temperature_c": reading,
        "address": address_to_dict(address),
    }
    return await reports.open_now(turn)


async def _named(turn: Turn, words: str) -> TicketInfo | None:
    """The resident's own ticket the complaint names ("工单1000033"), if any; another's does not exist for them."""
    return await lookups.own_ticket(turn, lookups.ticket_named(classify(words)))


def _flat_of(ticket: TicketInfo | None) -> Address | None:
    """The flat of the ticket a complaint is about, when it has one."""
    if ticket is None or not ticket.address_raw:
        return None
    return Address(ticket.address_raw, ticket.building, ticket.unit, ticket.room)


async def _late_repair(turn: Turn) -> TicketInfo | None:
    """The resident's open repair whose crew is past the promised time, if any."""
    repairs = await lookups.open_repairs(turn)
    return next((t for t in repairs if t.awaiting_crew and t.due_at < turn.now), None)
