"""Reading tickets and their logs (re-exported by `storage.tickets`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from storage import followers, numbers
from storage._common import aware, event_info, ticket_info
from storage.db import Store
from storage.models import OPEN, contact_t, event_t, ticket_t
from storage.values import ESCAPE_KINDS, EventInfo, Status, TicketInfo


async def _tickets(store: Store, stmt: Any) -> list[TicketInfo]:
    async with store.read() as conn:
        return [ticket_info(row) for row in await conn.execute(stmt)]


async def get(store: Store, *, number: str) -> TicketInfo | None:
    """The ticket with this number, whoever it belongs to (staff and the command line only)."""
    if not numbers.is_valid(number):
        return None
    found = await _tickets(store, sa.select(ticket_t).where(ticket_t.c.number == number))
    return found[0] if found else None


async def for_contact(store: Store, *, number: str, contact_id: int) -> TicketInfo | None:
    """The ticket with this number if this contact reported it; None otherwise, whether or not it exists."""
    if not numbers.is_valid(number):
        return None
    stmt = sa.select(ticket_t).where(ticket_t.c.number == number, ticket_t.c.contact_id == contact_id)
    found = await _tickets(store, stmt)
    return found[0] if found else None


async def of_contact(
    store: Store, *, contact_id: int, open_only: bool = True, following: bool = False
) -> list[TicketInfo]:
    """This contact's tickets, newest first; `following`: with those of their flat that another resident reported
    and they follow (storage.followers)."""
    mine = ticket_t.c.contact_id == contact_id
    if following:
        mine = sa.or_(mine, ticket_t.c.id.in_(followers.followed_by([contact_id])))
    stmt = sa.select(ticket_t).where(mine).order_by(ticket_t.c.id.desc())
    if open_only:
        stmt = stmt.where(ticket_t.c.status.in_(OPEN))
    return await _tickets(store, stmt)


def worsened(mine: list[TicketInfo], *, elsewhere: bool = False) -> TicketInfo | None:
    """The open leak or burst that news of it getting worse ("水越来越大了") is about, among a resident's tickets
    (newest first): at another home when the words say so ("我妈家那边…", `elsewhere`), the one such; else their own
    home's newest, or, with none, another home's when it is the only one. None when that cannot be told: the words
    are then a report of their own (never added to the wrong home's emergency)."""
    escapes = [t for t in mine if t.is_open and t.kind in ESCAPE_KINDS]
    others = [t for t in escapes if t.elsewhere]
    own = [t for t in escapes if not t.elsewhere]
    if own and not elsewhere:
        return own[0]
    return others[0] if len(others) == 1 else None


async def for_another_flat(store: Store, *, ticket: TicketInfo) -> bool:
    """The ticket is of another home than its resident's own ("我妈家…也漏水了"), or for a flat other than one where
    their own home has another ticket open: its address is not theirs to remember as their own."""
    if ticket.elsewhere:
        return True
    if not ticket.place:
        return False
    mine = await of_contact(store, contact_id=ticket.contact_id)
    own = (t for t in mine if t.id != ticket.id and t.place and not t.elsewhere)
    return any(not t.of_flat(ticket.place) for t in own)


async def of_phone(
    store: Store, *, phone: str, open_only: bool = True, following: bool = False
) -> list[TicketInfo]:
    """Tickets of every contact with this phone (calls, texts, and Telegram users who linked it), newest first;
    `following`: with those of their flat that another resident reported and they follow (storage.followers). A phone
    a resident only typed in a chat is not theirs for this: anyone may type anyone's number."""
    contacts = sa.select(contact_t.c.id).where(contact_t.c.phone == phone, sa.not_(contact_t.c.phone_typed))
    theirs = ticket_t.c.contact_id.in_(contacts)
    if following:
        theirs = sa.or_(theirs, ticket_t.c.id.in_(followers.followed_by(contacts)))
    stmt = sa.select(ticket_t).where(theirs).order_by(ticket_t.c.id.desc())
    if open_only:
        stmt = stmt.where(ticket_t.c.status.in_(OPEN))
    return await _tickets(store, stmt)


async def open_of_branch(
    store: Store, *, branch: str, now: dt.datetime | None = None
) -> list[tuple[TicketInfo, float]]:
    """A branch's open tickets, oldest first, with the minutes left to the on-site promise (negative: late)."""
    now = aware(now)
    stmt = (
        sa.select(ticket_t)
        .where(ticket_t.c.branch == branch, ticket_t.c.status.in_(OPEN))
        .order_by(ticket_t.c.created_at, ticket_t.c.id)
    )
    return [(t, (t.due_at - now).total_seconds() / 60) for t in await _tickets(store, stmt)]


async def list_tickets(
    store: Store,
    *,
    status: Status | None = None,
    branch: str | None = None,
    phone: str | None = None,
    limit: int = 500,
) -> list[TicketInfo]:
    """Tickets matching every given filter, newest first."""
    stmt = sa.select(ticket_t).order_by(ticket_t.c.id.desc()).limit(limit)
    if status is not None:
        stmt = stmt.where(ticket_t.c.status == str(status))
    if branch is not None:
        stmt = stmt.where(ticket_t.c.branch == branch)
    if phone is not None:
        stmt = stmt.where(
            ticket_t.c.contact_id.in_(sa.select(contact_t.c.id).where(contact_t.c.phone == phone))
        )
    return await _tickets(store, stmt)


async def events(store: Store, *, number: str) -> list[EventInfo]:
    """A ticket's log, oldest first (empty for an unknown number)."""
    stmt = (
        sa.select(event_t)
        .join(ticket_t, ticket_t.c.id == event_t.c.ticket_id)
        .where(ticket_t.c.number == number)
        .order_by(event_t.c.id)
    )
    async with store.read() as conn:
        return [event_info(row, number) for row in await conn.execute(stmt)]
