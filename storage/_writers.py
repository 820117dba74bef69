"""Who writes to a ticket: its reporter, or one of the other residents of its flat who follow it (storage.followers).
A follower's words, rating or reopening are theirs: logged with who they are and posted so for its staff, whose
reply to them answers them, not the reporter."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import _journal as journal
from storage.errors import TicketNotFound
from storage.models import contact_t, follower_t
from storage.values import Channel, withheld

# A texter's or caller's phone is the one the telephone network gives: the same person as any contact of that phone;
# so is a Telegram user's phone they shared from their own account (Telegram proved it theirs), never one they typed.
_PHONE_CHANNELS = frozenset({str(Channel.SMS), str(Channel.VOICE)})
_CONTACT = sa.select(contact_t).where(contact_t.c.id == sa.bindparam("contact_id"))
_FOLLOWING = (
    sa.select(contact_t)
    .join(follower_t, follower_t.c.contact_id == contact_t.c.id)
    .where(
        follower_t.c.ticket_id == sa.bindparam("ticket_id"),
        sa.or_(contact_t.c.id == sa.bindparam("contact_id"), contact_t.c.phone == sa.bindparam("phone")),
    )
    .order_by(sa.case((contact_t.c.id == sa.bindparam("contact_id"), 0), else_=1), follower_t.c.id)
)


async def lock_for(
    conn: AsyncConnection, number: str, contact_id: int | None
) -> tuple[journal.Locked, Any | None]:
    """Lock the ticket `contact_id` writes to, with the follower who writes (their contact row; None: its reporter).

    A texter or caller (or a Telegram user who shared their phone) is also whoever reported or follows it from the
    same phone on another channel. A ticket the contact neither reported nor follows is reported as not found.
    `contact_id` None: the caller's own ticket, found by the phone they call from."""
    locked = await journal.lock_ticket(conn, number)
    return locked, await writer_of(conn, locked, contact_id)


async def writer_of(conn: AsyncConnection, ticket: journal.Locked, contact_id: int | None) -> Any | None:
    """The follower who writes to this ticket (read, locked or not, by `journal.lock_ticket`) as `lock_for` finds
    them: None for its reporter (or `contact_id` None); TicketNotFound for a contact who neither reported nor follows
    it."""
    if contact_id is None or ticket.row.contact_id == contact_id:
        return None
    writer = (await conn.execute(_CONTACT, {"contact_id": contact_id})).first()
    if writer is None:
        raise TicketNotFound(ticket.number)
    phone = _network_phone(writer)
    if phone is not None and phone == ticket.phone:
        return None
    params = {"ticket_id": ticket.id, "contact_id": contact_id, "phone": phone}
    follower = (await conn.execute(_FOLLOWING, params)).first()
    if follower is None:
        raise TicketNotFound(ticket.number)
    return follower


async def following(conn: AsyncConnection, ticket_id: int, contact_id: int) -> Any | None:
    """The contact row of this resident following the ticket; None when they do not follow it."""
    params = {"ticket_id": ticket_id, "contact_id": contact_id, "phone": None}
    return (await conn.execute(_FOLLOWING, params)).first()


def recipient(follower: Any) -> journal.Recipient:
    """Where a follower (their contact row) hears of the ticket."""
    return journal.follower({**follower._mapping, "contact_id": follower.id})


def _network_phone(contact: Any) -> str | None:
    """The phone a texter or caller reached us from, or a Telegram user shared as theirs (not one a chat user typed,
    not a withheld stand-in)."""
    shared = contact.channel == str(Channel.TELEGRAM) and not contact.phone_typed
    if (contact.channel in _PHONE_CHANNELS or shared) and contact.phone and not withheld(contact.phone):
        return str(contact.phone)
    return None


def by(follower: Any | None) -> dict[str, Any]:
    """What an event says of who wrote: nothing for the reporter; a follower's identity."""
    return {} if follower is None else {"follower": journal.identity(follower)}


def for_staff(follower: Any | None) -> dict[str, Any]:
    """What a staff notice says of who wrote: nothing for the reporter; a follower's identity and phone (the line
    under the card names them, and a reply to it answers them)."""
    return {} if follower is None else {**by(follower), "phone": follower.phone}


def takes_reading(ticket: Any, temperature_c: float | None, follower: Any | None) -> bool:
    """The ticket's room reading becomes this one: the reporter's own (the room as it is now), a follower's only while
    the ticket has none (a follower's reading stays theirs, on their line under the card)."""
    if temperature_c is None or temperature_c == ticket.temperature_c:
        return False
    return follower is None or ticket.temperature_c is None


def report_changes(
    ticket: Any, report: dict[str, Any], *, escalate: bool, follower: Any | None = None
) -> dict[str, Any]:
    """What another report of an open ticket's problem changes on it: the room's reading (the reporter's: staff see
    the room as it is now, the earlier reading stays in the earlier report; a follower's only when there is none), and
    the escalation it asks for, if not yet."""
    changes: dict[str, Any] = {}
    if takes_reading(ticket, report["temperature_c"], follower):
        changes["temperature_c"] = report["temperature_c"]
    if escalate and not ticket.escalated:
        changes["escalated"] = True
    return changes
