"""Other residents of a repair's flat who report it too ("我家暖气也不热了": the wife after the husband, the landlord after
the tenant, a neighbour sharing the flat): they follow the open ticket instead of opening a second one. One crew, one
30-minute promise, one card for staff; each follower hears every change its reporter hears, on their own channel
and in their own language, and sees the ticket among their own repairs.

A report follows another resident's ticket only when both are surely of one flat: the same branch, the same
building, unit and room (every part known), the same estate (the channels tell it: `Flat.same_estate`), and a repair
of one fault (no heat with no heat; a leak or a burst with either). A complaint, a call-back, a report whose flat
is not fully known, and a report by or of a caller who withheld their number open tickets of their own as before; a
ticket whose flat becomes known later is made one with (or linked to) the flat's other ticket then
(`storage.reconcile`).
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from intents.types import Address
from storage import _journal as journal
from storage import _writers as writers
from storage._common import ticket_info, upsert_insert
from storage.models import OPEN, contact_t, follower_t, ticket_t
from storage.values import OTHER, WITHHELD, Answered, TicketInfo, TicketKind
from storage.workflow import burst_open

FOLLOWED = (
    "followed"  # the event logged on the ticket, with the follower's words, when another resident joins it
)
# The kinds of open repair a report of each kind follows, its own first: water escaping is one fault, leak or burst.
JOINS: dict[TicketKind, tuple[TicketKind, ...]] = {
    TicketKind.NO_HEAT: (TicketKind.NO_HEAT,),
    TicketKind.LEAK: (TicketKind.LEAK, TicketKind.BURST),
    TicketKind.BURST: (TicketKind.BURST, TicketKind.LEAK),
}


@dataclass(frozen=True, slots=True)
class Flat:
    """A repair report's flat, as other residents' open tickets are matched with it."""

    kind: TicketKind
    branch: str
    place: str  # "building/unit/room", every part known
    same_estate: Callable[[str], bool]  # a ticket's address is in the report's estate

    @classmethod
    def of(
        cls,
        kind: TicketKind,
        branch: str | None,
        address: Address | None,
        same_estate: Callable[[str], bool] | None,
    ) -> Flat | None:
        """The report's flat when another resident's ticket may be followed; None when it may not (not a repair, its
        branch, estate or any of building, unit and room not known)."""
        if kind not in JOINS or branch is None or same_estate is None or address is None:
            return None
        parts = (address.building, address.unit, address.room)
        if not all(parts):
            return None
        return cls(kind, branch, "/".join(p or "" for p in parts), same_estate)


# A ticket whose reporter withheld their number is theirs alone: the number read out to them is how any withheld line
# finds it, and staff cannot phone them; another resident's report of the flat gets a ticket staff can call about.
_WITHHELD_REPORTER = sa.exists().where(
    contact_t.c.id == ticket_t.c.contact_id, contact_t.c.phone.like(WITHHELD + "%")
)
_OPEN_AT = (
    sa.select(ticket_t)
    .where(
        ticket_t.c.contact_id != sa.bindparam("contact_id"),
        ~_WITHHELD_REPORTER,
        ticket_t.c.branch == sa.bindparam("branch"),
        # the flat itself, reported as the resident's own home or as another's ("我妈家…")
        ticket_t.c.place.in_([sa.bindparam("place"), sa.bindparam("other_place")]),
        ticket_t.c.kind.in_(sa.bindparam("kinds", expanding=True)),
        ticket_t.c.status.in_(OPEN),
    )
    .order_by(sa.case((ticket_t.c.kind == sa.bindparam("kind"), 0), else_=1), ticket_t.c.id)
)


async def lock_flat(conn: AsyncConnection, flat: Flat) -> None:
    """Serialise reports of one flat until the transaction ends (PostgreSQL; SQLite has one writer anyway), so that
    two residents reporting it at once make one ticket, not two."""
    if conn.dialect.name == "postgresql":
        key = zlib.crc32(f"flat:{flat.branch}:{flat.place}".encode()) - 2**31
        await conn.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))


async def open_at(conn: AsyncConnection, flat: Flat, *, contact_id: int) -> Any | None:
    """Another resident's open repair of this flat that the report follows, of its own kind first, oldest first."""
    params = {
        "contact_id": contact_id,
        "branch": flat.branch,
        "place": flat.place,
        "other_place": OTHER + flat.place,
        "kinds": [str(k) for k in JOINS[flat.kind]],
        "kind": str(flat.kind),
    }
    found = await conn.execute(_OPEN_AT, params)
    return next((row for row in found if flat.same_estate(row.address_raw or "")), None)


async def follow(conn: AsyncConnection, *, ticket_id: int, contact_id: int, now: dt.datetime) -> None:
    """The contact follows the ticket from now on (once: a repeat report changes nothing here)."""
    values = {"ticket_id": ticket_id, "contact_id": contact_id, "created_at": now}
    insert = upsert_insert(conn, follower_t).values(values)
    await conn.execute(insert.on_conflict_do_nothing(index_elements=["ticket_id", "contact_id"]))


async def join(
    conn: AsyncConnection,
    ticket: Any,
    contact: Any,
    report: dict[str, Any],
    *,
    kind: TicketKind,
    actor: str,
    escalate: bool,
    reason: str | None,
    now: dt.datetime,
    answered: Answered | None = None,
) -> TicketInfo:
    """The report of `contact` added to another resident's open repair of its flat (`ticket`, from `open_at`), whose
    follower they become: their words logged (`FOLLOWED`) and posted under its card for its staff, the room's reading
    taken as the room now, an escalation asked for made; a burst told of a leak makes it a burst (one emergency, one
    crew). The follower is sent the ticket's number, unless just answered in the chat (`answered`): a caller gets it
    by SMS. No second promise is made: the ticket's stays."""
    changes = writers.report_changes(ticket, report, escalate=escalate, follower=contact)
    if kind is TicketKind.BURST and ticket.kind == TicketKind.LEAK and not await burst_open(conn, ticket):
        changes.update(kind=str(TicketKind.BURST), escalated=True)
    row = await journal.update_ticket(conn, ticket.id, {**changes, "updated_at": now})
    await follow(conn, ticket_id=row.id, contact_id=contact.id, now=now)
    words = {"description": report["description"], "temperature_c": report["temperature_c"]}
    said = {k: v for k, v in words.items() if v is not None}
    data = {**said, "contact_id": contact.id, **writers.by(contact)}  # who: named in the ticket's log
    ev = await journal.record(conn, ticket_id=row.id, kind=FOLLOWED, actor=actor, now=now, data=data)
    ids = {"ticket_id": row.id, "number": row.number, "event_id": ev.id, "now": now}
    why = (reason or str(kind)) if changes.get("escalated") else None
    staff = journal.payload(row, **words, phone=contact.phone, reason=why, follower=journal.identity(contact))
    notices = [journal.staff_notice(**ids, branch=row.branch, event=f"ticket.{FOLLOWED}", data=staff)]
    to = writers.recipient(contact)
    if not journal.told_inline(to, answered):
        told = journal.payload(row, reported_at=row.created_at.isoformat())
        notices.append(journal.resident_notice(**ids, to=to, event=f"ticket.{FOLLOWED}", data=told))
    await journal.queue(conn, notices)
    return ticket_info(row)


def followed_by(contacts: Any) -> sa.Select[tuple[int]]:
    """The ids of the tickets these contacts follow (`contacts`: a list of contact ids, or a SELECT of them)."""
    return sa.select(follower_t.c.ticket_id).where(follower_t.c.contact_id.in_(contacts))
