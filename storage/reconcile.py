"""A ticket opened before its flat was known (an emergency opened at once on "暖气片漏水了" or "7栋", its address asked
after; a caller whose address came later), whose flat, once given, turns out to have another resident's open ticket
of the same fault (`storage.followers`: the same branch, estate, building, unit and room; no heat with no heat, a leak
or a burst with either). Two tickets of one flat and fault would be two cards and maybe two crews, so they are made
one, where that is safe:

- the merged ticket is one nobody has acted on yet (new: no staff member holds it, no crew is on it; in no building
  fault); of two such, the later one.
  It is cancelled as merged (`MERGED_INTO`, naming the other), its reporter and the residents following it follow the
  other ticket from now on, and they are told, in their own language, that their report joined it (its number);
- the other ticket goes on as it was (its crew, its status), takes what the merged one adds (a burst makes a leak a
  burst, an escalation, the earlier promise of a crew on site when the merged one's was earlier and still kept), logs
  it (`MERGED`), and its staff get one line saying the two are one flat: send one crew.

A crew is never taken off a ticket, nor a ticket a crew or a staff member is on closed: when both tickets have been
acted on, they stay two and are linked (`SAME_FLAT` on both logs, once), each card names the other, staff get one line
to check they are not sending two crews, and the resident who gave the address is told the other ticket's number.

Locks, in one order (PostgreSQL; SQLite has one writer anyway): the flat first (`followers.lock_flat`), then the
flat's ticket rows. Two residents of a flat giving it at once, or one telling it again while another's report joins
theirs, would else each hold their own ticket and wait for the other's: PostgreSQL breaks that deadlock by failing
one, and that report's address would be lost. A caller that locks its ticket before it knows the flat takes
`lock_flat_of` first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from intents.types import Address
from storage import _journal as journal
from storage import emergencies, followers
from storage._common import aware
from storage._writers import report_changes
from storage.models import OPEN, event_t, follower_t, ticket_t
from storage.values import OTHER, Status, TicketKind
from storage.workflow import burst_open

# Logged on the ticket that goes on ({"merged": the merged one's number, "contacts": who follows it now}), on the
# merged one ({"into": the other's number}; it moves to cancelled), on each of two linked tickets ({"ticket": the
# other's number}).
MERGED, MERGED_INTO, SAME_FLAT = "merged", "merged_into", "same_flat"
# The staff events: the line under the card of the ticket that goes on (or of the one given its flat, when linked),
# and the other card refreshed to say so.
MERGED_EVENT, MERGED_INTO_EVENT = f"ticket.{MERGED}", f"ticket.{MERGED_INTO}"
SAME_FLAT_EVENT, SAME_FLAT_OTHER = f"ticket.{SAME_FLAT}", f"ticket.{SAME_FLAT}_other"
_CANCELLED = str(Status.CANCELLED)


async def placed(
    conn: AsyncConnection,
    row: Any,
    same_estate: Callable[[str], bool] | None,
    *,
    reporter: journal.Recipient,
    actor: str,
    now: dt.datetime,
) -> Any:
    """The ticket `row` (locked, open) was just given its flat: merged with, or linked to, another resident's open
    ticket of that flat and fault (see the module); then, still open, linked with the flat's open repair or emergency
    (`storage.emergencies`). `reporter`: where its reporter is written to. Its row as it stands after."""
    merged, survivor = await _reconcile(conn, row, same_estate, actor=actor, now=now)
    if merged is not None and merged.id == row.id:
        return merged  # into the other ticket, whose flat was known before: linked already where it should be
    row = survivor or row
    await emergencies.link(conn, row, same_estate, reporter=reporter, actor=actor, now=now)
    return row


_KIND_AND_BRANCH = sa.select(ticket_t.c.kind, ticket_t.c.branch).where(
    ticket_t.c.number == sa.bindparam("number")
)


async def lock_flat_of(
    conn: AsyncConnection, number: str, address: Address, same_estate: Callable[[str], bool] | None
) -> None:
    """Before the ticket `number` is locked to be given `address`: lock the flat `address` names for that ticket's
    kind and branch (see the module), where it may be merged with or linked to another of the flat's tickets. Nothing
    on SQLite, nor when the address names no flat another ticket may share."""
    if conn.dialect.name != "postgresql" or same_estate is None:
        return
    ticket = (await conn.execute(_KIND_AND_BRANCH, {"number": number})).first()
    if ticket is None:
        return  # not found: said when the ticket is locked
    flat = followers.Flat.of(TicketKind(ticket.kind), ticket.branch, address, same_estate)
    if flat is not None:
        await followers.lock_flat(conn, flat)


def untouched(ticket: Any) -> bool:
    """Nobody has acted on the ticket yet: new, no crew, no staff member holding it, in no building fault."""
    return (
        ticket.status == str(Status.NEW)
        and ticket.crew is None
        and ticket.assignee is None
        and ticket.incident_id is None
    )


async def _reconcile(
    conn: AsyncConnection,
    row: Any,
    same_estate: Callable[[str], bool] | None,
    *,
    actor: str,
    now: dt.datetime,
) -> tuple[Any | None, Any | None]:
    """The merged ticket's row and the row of the one that goes on, when `row` was merged with another (either way
    round); (None, None) when nothing was merged."""
    address = Address(row.address_raw or "", row.building, row.unit, row.room)
    flat = followers.Flat.of(TicketKind(row.kind), row.branch, address, same_estate)
    # keyed to that flat: else the resident has another ticket of it open, and the address went on unkeyed
    if flat is None or row.status not in OPEN or row.place.removeprefix(OTHER) != flat.place:
        return None, None
    await followers.lock_flat(conn, flat)
    other = await followers.open_at(conn, flat, contact_id=row.contact_id)
    if other is None:
        return None, None
    if untouched(row) and (not untouched(other) or row.id > other.id):
        return await merge(conn, merged=row.number, into=other.number, actor=actor, now=now)
    if untouched(other):
        return await merge(conn, merged=other.number, into=row.number, actor=actor, now=now)
    await _link(conn, row.number, other.number, actor=actor, now=now)
    return None, None


async def merge(
    conn: AsyncConnection,
    *,
    merged: str,
    into: str,
    actor: str,
    now: dt.datetime,
    event: str = MERGED_EVENT,
) -> tuple[Any, Any]:
    """Cancel `merged` as merged into `into`, whose followers its residents become; both logged, its residents and
    `into`'s staff told (`event`: the line under `into`'s card; see the module). The rows of both as they are now."""
    old, new = await journal.lock_ticket(conn, merged), await journal.lock_ticket(conn, into)
    report = {"description": old.row.description, "temperature_c": old.row.temperature_c}
    changes = report_changes(new.row, report, escalate=bool(old.row.escalated), follower=old.row)
    burst = old.row.kind == TicketKind.BURST and new.row.kind == TicketKind.LEAK
    if burst and not await burst_open(conn, new.row):  # one emergency, one crew: a burst
        changes.update(kind=str(TicketKind.BURST), escalated=True)
    earlier = aware(old.row.due_at) < aware(new.row.due_at)
    if earlier and not old.row.breached:  # the earlier promise, still kept, stays made
        changes["due_at"] = old.row.due_at
    row = await journal.update_ticket(conn, new.id, {**changes, "updated_at": now})
    contacts = [old.row.contact_id, *await _followers(conn, old.id)]
    contacts = [c for c in dict.fromkeys(contacts) if c != row.contact_id]
    for contact_id in contacts:
        await followers.follow(conn, ticket_id=row.id, contact_id=contact_id, now=now)
    gone = await journal.update_ticket(
        conn, old.id, {"status": _CANCELLED, "cancelled_at": now, "updated_at": now}
    )
    out = await journal.record(
        conn,
        ticket_id=old.id,
        kind=MERGED_INTO,
        actor=actor,
        now=now,
        data={"into": row.number},
        from_status=str(old.status),
        to_status=_CANCELLED,
    )
    said = {k: v for k, v in report.items() if v is not None}
    data = {"merged": old.number, "contact_id": old.row.contact_id, "contacts": contacts, **said}
    ev = await journal.record(conn, ticket_id=row.id, kind=MERGED, actor=actor, now=now, data=data)
    await emergencies.carry(conn, old.row, row, actor=actor, now=now)
    gone_ids = {"ticket_id": old.id, "number": old.number, "event_id": out.id, "now": now}
    told = journal.payload(gone, into=row.number, into_kind=row.kind, reported_at=row.created_at.isoformat())
    why = str(old.row.kind) if changes.get("escalated") else None
    staff = journal.payload(row, new, other=old.number, reason=why)
    await journal.queue(
        conn,
        [
            *journal.resident_notices(locked=old, **gone_ids, event=MERGED_INTO_EVENT, data=told),
            journal.staff_notice(**gone_ids, branch=gone.branch, event=MERGED_INTO_EVENT, data=told),
            journal.staff_notice(
                ticket_id=row.id,
                number=row.number,
                event_id=ev.id,
                now=now,
                branch=row.branch,
                event=event,
                data=staff,
            ),
        ],
    )
    return gone, row


async def _followers(conn: AsyncConnection, ticket_id: int) -> list[int]:
    """The residents following the ticket (their contact ids), in the order they came."""
    query = (
        sa.select(follower_t.c.contact_id)
        .where(follower_t.c.ticket_id == ticket_id)
        .order_by(follower_t.c.id)
    )
    return list((await conn.execute(query)).scalars())


async def _linked(conn: AsyncConnection, ticket_id: int) -> set[str]:
    """The numbers of the tickets this one is linked with as of the same flat (its `SAME_FLAT` events)."""
    query = sa.select(event_t.c.data).where(event_t.c.ticket_id == ticket_id, event_t.c.kind == SAME_FLAT)
    return {str((data or {}).get("ticket")) for data in (await conn.execute(query)).scalars()}


async def _link(conn: AsyncConnection, number: str, other: str, *, actor: str, now: dt.datetime) -> None:
    """Both tickets acted on: kept, each log naming the other; one line to staff under the card of `number` (the one
    given its flat), the other card refreshed; the residents of `number` told the other's number. Once: a flat told
    again (on the phone after the chat) links nothing more."""
    this, that = await journal.lock_ticket(conn, number), await journal.lock_ticket(conn, other)
    if that.number in await _linked(conn, this.id):
        return
    ev = await journal.record(
        conn, ticket_id=this.id, kind=SAME_FLAT, actor=actor, now=now, data={"ticket": that.number}
    )
    seen = await journal.record(
        conn, ticket_id=that.id, kind=SAME_FLAT, actor=actor, now=now, data={"ticket": this.number}
    )
    ids = {"ticket_id": this.id, "number": this.number, "event_id": ev.id, "now": now}
    body = journal.payload(
        this.row,
        this,
        other=that.number,
        other_kind=that.row.kind,
        reported_at=that.row.created_at.isoformat(),
    )
    refresh = journal.payload(that.row, that, other=this.number)
    await journal.queue(
        conn,
        [
            *journal.resident_notices(locked=this, **ids, event=SAME_FLAT_EVENT, data=body),
            journal.staff_notice(**ids, branch=this.row.branch, event=SAME_FLAT_EVENT, data=body),
            journal.staff_notice(
                ticket_id=that.id,
                number=that.number,
                event_id=seen.id,
                now=now,
                branch=that.row.branch,
                event=SAME_FLAT_OTHER,
                data=refresh,
            ),
        ],
    )
