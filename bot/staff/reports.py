"""What staff read: the open tickets of their branch, the shift handover report, one ticket in full."""

from __future__ import annotations

import datetime as dt

from bot.staff import history, promises
from bot.staff.access import StaffAccess
from bot.staff.board import flat_links, possible_twin
from bot.staff.cards import CardView, card_text, status_word
from bot.staff.texts import Markup, clock_time, duration, say
from storage import contacts, tickets
from storage.values import TicketInfo, TicketKind, withheld

MESSAGE_LIMIT = 3500  # below Telegram's 4096, leaving room for markup
EVENTS_SHOWN = 12


async def open_tickets(access: StaffAccess, chat_id: int) -> list[TicketInfo]:
    """The open tickets of the chat's branches, oldest first."""
    now = access.services.clock()
    found: list[TicketInfo] = []
    for branch in access.branches_of(chat_id):
        pairs = await tickets.open_of_branch(access.services.store, branch=branch.code, now=now)
        found.extend(ticket for ticket, _left in pairs)
    return sorted(found, key=lambda ticket: (ticket.created_at, ticket.id))


async def calls_of(access: StaffAccess, found: list[TicketInfo]) -> dict[str, history.Call]:
    """The latest call staff made on each call-back and complaint among `found`, by ticket number."""
    calls: dict[str, history.Call] = {}
    for ticket in found:
        if ticket.by_call:
            call = history.last_call(await tickets.events(access.services.store, number=ticket.number))
            if call is not None:
                calls[ticket.number] = call
    return calls


async def withheld_of(access: StaffAccess, found: list[TicketInfo]) -> set[str]:
    """The call-backs and complaints among `found` whose caller withheld their number (nobody can call them)."""
    store = access.services.store
    reporters = {t.number: await contacts.get(store, contact_id=t.contact_id) for t in found if t.by_call}
    return {number for number, c in reporters.items() if c is not None and withheld(c.phone)}


async def open_report(access: StaffAccess, chat_id: int) -> list[str]:
    """/open: one line per open ticket, oldest first, with how its promise stands; split into messages."""
    lang, found, now = access.language, await open_tickets(access, chat_id), access.services.clock()
    scope = _scope(access, chat_id)
    if not found:
        return [say(lang, "open.empty", scope=scope)]
    lines = [say(lang, "open.title", scope=scope, count=len(found))]
    company, calls, nobody = (
        access.services.company,
        await calls_of(access, found),
        await withheld_of(access, found),
    )
    for ticket in found:
        called, no_number = calls.get(ticket.number), ticket.number in nobody
        lines.append(
            say(
                lang,
                "open.line",
                number=ticket.number,
                kind=say(lang, f"kind.{ticket.problem}"),
                status=status_word(ticket, lang),
                address=ticket.address_raw or "—",
                left=Markup(promises.open_line(ticket, now, company, lang, called, no_number=no_number)),
            )
        )
    return chunks(lines)


async def shift_report(access: StaffAccess, chat_id: int) -> list[str]:
    """/shift: everything open, escalated or late ones first, oldest first, with who holds each."""
    lang, now = access.language, access.services.clock()
    found = await open_tickets(access, chat_id)
    title = say(lang, "shift.title", time=clock_time(now, now, access.services.company.zone))
    if not found:
        return [title, say(lang, "shift.none")]
    company, calls, nobody = (
        access.services.company,
        await calls_of(access, found),
        await withheld_of(access, found),
    )

    def late(t: TicketInfo) -> bool:
        return promises.late(t, now, company, calls.get(t.number), no_number=t.number in nobody)

    hot = [t for t in found if t.escalated or t.breached or late(t)]
    rest = [t for t in found if t not in hot]
    lines = [title]
    for key, group in (("shift.escalated", hot), ("shift.open", rest)):
        if group:
            lines.append(say(lang, key, count=len(group)))
            lines.extend(_shift_line(access, t, now, calls.get(t.number), t.number in nobody) for t in group)
    return chunks(lines)


async def ticket_report(access: StaffAccess, number: str) -> str | None:
    """/ticket N: the card as it stands and the latest events with what was said or left (a note, a reply, a
    voicemail), or None for an unknown number."""
    store, lang = access.services.store, access.language
    ticket = await tickets.get(store, number=number)
    if ticket is None:
        return None
    contact = await contacts.get(store, contact_id=ticket.contact_id)
    events = await tickets.events(store, number=number)
    zone, now = access.services.company.zone, access.services.clock()
    view = CardView(
        ticket=ticket,
        phone=contact.phone if contact else None,
        phone_typed=contact.phone_typed if contact else False,
        language=contact.language if contact else None,
        name=contact.telegram_name if contact else None,
        call_on=history.call_on(events),
        now=now,
        reason=history.escalation_reason(events) if ticket.escalated else None,
        recordings=history.recordings(events),
        address_unconfirmed=history.address_unconfirmed(events),
        called_back=history.last_call(events),
        reopened_by=history.reopener(lang, events),
        links=await flat_links(store, events),
        twin=await possible_twin(store, ticket),
    )
    card = card_text(view, access.services.company, lang)
    no_number = withheld(view.phone)
    names = history.staff_names(events)
    lines = [
        history.event_line(lang, e, now, zone, no_number=no_number, names=names)
        for e in events[-EVENTS_SHOWN:]
    ]
    while lines and len(card) + sum(len(line) + 1 for line in lines) > MESSAGE_LIMIT:
        lines.pop(0)  # the oldest first: the message stays whole, its markup unbroken
    return "\n".join([card, "", *lines])


def _shift_line(
    access: StaffAccess, t: TicketInfo, now: dt.datetime, called: history.Call | None, no_number: bool
) -> str:
    lang = access.language
    return say(
        lang,
        "shift.line",
        number=t.number,
        kind=say(lang, f"kind.{t.problem}"),
        status=status_word(t, lang),
        holder=", ".join(x for x in (t.assignee, t.crew) if x) or say(lang, "shift.nobody"),
        age=duration(lang, (now - t.created_at).total_seconds() / 60),
        filed=say(lang, "shift.filed_complaint" if t.kind is TicketKind.COMPLAINT else "shift.filed"),
        left=Markup(promises.open_line(t, now, access.services.company, lang, called, no_number=no_number)),
    )


def _scope(access: StaffAccess, chat_id: int) -> str:
    branches = access.branches_of(chat_id)
    if chat_id in access.services.staff_chat_ids or len(branches) != 1:
        return say(access.language, "open.all")
    return branches[0].name_en if access.language == "en" else branches[0].name


def chunks(lines: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Lines joined into as few messages as fit Telegram's limit."""
    messages: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + 1 + len(line) > limit:
            messages.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*messages, current] if current else messages
