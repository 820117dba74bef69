"""What staff read: the open tickets of their branch, the shift handover report, one ticket in full."""

from __future__ import annotations

import datetime as dt

from bot.staff.access import StaffAccess
from bot.staff.cards import CardView, card_text
from bot.staff.texts import clock_time, duration, say
from intents.company import Branch
from storage import contacts, tickets
from storage.values import Status, TicketInfo

MESSAGE_LIMIT = 3500  # below Telegram's 4096, leaving room for markup
EVENTS_SHOWN = 8


def branches_of_chat(access: StaffAccess, chat_id: int) -> list[Branch]:
    """The branches a staff chat looks after: every branch in a default staff chat, else its own."""
    company = access.services.company
    if chat_id in access.services.staff_chat_ids:
        return list(company.branches)
    return [b for b in company.branches if chat_id in (b.staff_chat_id, b.supervisor_chat_id)]


async def open_tickets(access: StaffAccess, chat_id: int) -> list[tuple[TicketInfo, float]]:
    """The open tickets of the chat's branches, oldest first, with minutes left to the on-site promise."""
    now = access.services.clock()
    found: list[tuple[TicketInfo, float]] = []
    for branch in branches_of_chat(access, chat_id):
        found.extend(await tickets.open_of_branch(access.services.store, branch=branch.code, now=now))
    return sorted(found, key=lambda pair: (pair[0].created_at, pair[0].id))


async def open_report(access: StaffAccess, chat_id: int) -> list[str]:
    """/open: one line per open ticket, oldest first, with the time left; split into messages."""
    lang, found = access.language, await open_tickets(access, chat_id)
    scope = _scope(access, chat_id)
    if not found:
        return [say(lang, "open.empty", scope=scope)]
    lines = [say(lang, "open.title", scope=scope, count=len(found))]
    for ticket, left in found:
        lines.append(
            say(
                lang,
                "open.line",
                number=ticket.number,
                kind=say(lang, f"kind.{ticket.problem}"),
                status=say(lang, f"status.{ticket.status}"),
                address=ticket.address_raw or "—",
                left=_left(lang, ticket, left),
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
    hot = [(t, left) for t, left in found if t.escalated or t.breached or late(t, left)]
    rest = [(t, left) for t, left in found if (t, left) not in hot]
    lines = [title]
    for key, group in (("shift.escalated", hot), ("shift.open", rest)):
        if group:
            lines.append(say(lang, key, count=len(group)))
            lines.extend(_shift_line(access, t, left, now) for t, left in group)
    return chunks(lines)


async def ticket_report(access: StaffAccess, number: str) -> str | None:
    """/ticket N: the card as it stands and the latest events, or None for an unknown number."""
    store, lang = access.services.store, access.language
    ticket = await tickets.get(store, number=number)
    if ticket is None:
        return None
    contact = await contacts.get(store, contact_id=ticket.contact_id)
    view = CardView(ticket=ticket, phone=contact.phone if contact else None, now=access.services.clock())
    lines = [card_text(view, access.services.company, lang), ""]
    zone, now = access.services.company.zone, access.services.clock()
    for event in (await tickets.events(store, number=number))[-EVENTS_SHOWN:]:
        what = say(lang, f"status.{event.to_status}") if event.to_status else event.kind
        lines.append(
            say(
                lang,
                "ticket.event",
                time=clock_time(event.created_at, now, zone),
                what=what,
                actor=event.actor,
            )
        )
    return "\n".join(lines)[:4000]


def _shift_line(access: StaffAccess, t: TicketInfo, left: float, now: dt.datetime) -> str:
    lang = access.language
    return say(
        lang,
        "shift.line",
        number=t.number,
        kind=say(lang, f"kind.{t.problem}"),
        status=say(lang, f"status.{t.status}"),
        holder=", ".join(x for x in (t.assignee, t.crew) if x) or say(lang, "shift.nobody"),
        age=duration(lang, (now - t.created_at).total_seconds() / 60),
        left=_left(lang, t, left),
    )


def late(ticket: TicketInfo, left: float) -> bool:
    """A repair past its on-site promise with no crew there (nor the resident's word that it came)."""
    return ticket.awaiting_crew and left < 0


def _left(lang: str, ticket: TicketInfo, left: float) -> str:
    if ticket.status == Status.ON_SITE:
        return say(lang, "status.on_site")
    if ticket.arrival_told:
        return say(lang, "open.told")
    return say(lang, "open.left" if left >= 0 else "open.late", time=duration(lang, left))


def _scope(access: StaffAccess, chat_id: int) -> str:
    branches = branches_of_chat(access, chat_id)
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
