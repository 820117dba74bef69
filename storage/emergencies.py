"""A leak or burst reported at a flat whose no-heat repair is open: the emergency keeps its own ticket (it must never
wait in a repair's queue, nor share its 30-minute promise), but the two are linked. The emergency's log names the
repair (`BESIDE`), so its card says which repair of the flat is open and who is on it; the repair's log names the
emergency (`REPORTED_BESIDE`), so its card names the emergency, and the repair's residents (its reporter and the
residents following it), but whoever reported the emergency, are told on their own channel and in their own language
that water escaping was reported at their flat. A repair opened second, at a flat whose emergency is open, is linked
the same way: the emergency's card is refreshed to name it, the emergency's residents but whoever reported the repair
are told that no heat was reported at their flat too, and whoever reported the repair, unless they reported or follow
the emergency, is told the emergency's number.

The flat is matched as a follower's is (`storage.followers.Flat`): the same branch, estate, building, unit and room
(every part known), the resident's own home or another's ("我妈家也漏水了").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import _journal as journal
from storage.models import OPEN, event_t, ticket_t
from storage.values import ESCAPE_KINDS, OTHER, TicketKind

# Logged on the emergency: the open repair of its flat ({"repair": its number}); on the repair: the emergency at its
# flat ({"emergency": its number, "kind"}).
BESIDE, REPORTED_BESIDE = "beside_repair", "emergency_beside"

_ESCAPES = frozenset(str(k) for k in ESCAPE_KINDS)


def _open_at_flat(kinds: list[str], *columns: sa.ColumnElement[Any]) -> sa.Select[Any]:
    """The open tickets of these kinds at one flat of one branch (the resident's own home or another's), oldest first."""
    return (
        sa.select(*columns)
        .where(
            ticket_t.c.branch == sa.bindparam("branch"),
            ticket_t.c.place.in_([sa.bindparam("place"), sa.bindparam("other_place")]),
            ticket_t.c.kind.in_(kinds),
            ticket_t.c.status.in_(OPEN),
        )
        .order_by(ticket_t.c.id)
    )


_OPEN_REPAIRS = _open_at_flat([str(TicketKind.NO_HEAT)], ticket_t.c.number, ticket_t.c.address_raw)
_OPEN_ESCAPES = _open_at_flat(sorted(_ESCAPES), ticket_t.c.id, ticket_t.c.number, ticket_t.c.address_raw)
# The staff events that refresh a card to name the other ticket of its flat: the emergency's (when a repair comes
# second), the repair's (when the emergency does). The residents' events: of the emergency, told to the repair's
# residents (`REPORTED_BESIDE`); of the repair, told to the emergency's (`BESIDE`); and the emergency already open,
# told to whoever reported a repair opened second (`REPORTED_BESIDE` with "open").
LINKED_EVENT, REPAIR_LINKED_EVENT = f"ticket.{BESIDE}", f"ticket.{REPORTED_BESIDE}"
_LINKED = sa.select(event_t.c.id).where(
    event_t.c.ticket_id == sa.bindparam("ticket_id"), event_t.c.kind == BESIDE
)
_LINKS = (
    sa.select(event_t.c.kind, event_t.c.data)
    .where(event_t.c.ticket_id == sa.bindparam("ticket_id"), event_t.c.kind.in_([BESIDE, REPORTED_BESIDE]))
    .order_by(event_t.c.id)
)


def _others(residents: tuple[journal.Recipient, ...], reporter: journal.Recipient) -> list[journal.Recipient]:
    """The residents but the one who reported the other ticket (where they are written to)."""
    return [to for to in residents if (to.channel, to.address) != (reporter.channel, reporter.address)]


async def link(
    conn: AsyncConnection,
    emergency: Any,
    same_estate: Callable[[str], bool] | None,
    *,
    reporter: journal.Recipient,
    actor: str,
    now: dt.datetime,
) -> None:
    """Link the emergency (its ticket row, just opened or given its flat) with the open no-heat repair of its flat
    whose address `same_estate` accepts as in its estate, the oldest if several, once: both logs name the other, the
    repair's card is refreshed to name it, and the repair's residents but the emergency's `reporter` (where they are
    written to) are told. Nothing when it is no leak or burst, its branch or any of building, unit and room is not
    known, or no repair of that flat is open. A no-heat repair just opened is linked with the open emergency of its
    flat instead (`_repair_beside`)."""
    parts = (emergency.building, emergency.unit, emergency.room)
    if same_estate is None or emergency.branch is None or not all(parts):
        return
    if emergency.kind == str(TicketKind.NO_HEAT):  # the repair opened second: the same link, the other way
        await _repair_beside(conn, emergency, same_estate, reporter=reporter, actor=actor, now=now)
        return
    if emergency.kind not in _ESCAPES:
        return
    if (await conn.execute(_LINKED, {"ticket_id": emergency.id})).first() is not None:
        return
    place = "/".join(parts)
    params = {"branch": emergency.branch, "place": place, "other_place": OTHER + place}
    found = await conn.execute(_OPEN_REPAIRS, params)
    number = next((row.number for row in found if same_estate(row.address_raw or "")), None)
    if number is None:
        return
    repair = await journal.lock_ticket(conn, number)
    await journal.record(
        conn, ticket_id=emergency.id, kind=BESIDE, actor=actor, now=now, data={"repair": number}
    )
    said = {"emergency": emergency.number, "kind": emergency.kind}
    ev = await journal.record(
        conn, ticket_id=repair.id, kind=REPORTED_BESIDE, actor=actor, now=now, data=said
    )
    ids = {"ticket_id": repair.id, "number": repair.number, "event_id": ev.id, "now": now}
    body = journal.payload(repair.row, repair, emergency=emergency.number, emergency_kind=emergency.kind)
    event, branch = REPAIR_LINKED_EVENT, repair.row.branch
    told = [
        journal.resident_notice(**ids, to=to, event=event, data=body)
        for to in _others(repair.residents, reporter)
    ]
    await journal.queue(conn, [*told, journal.staff_notice(**ids, branch=branch, event=event, data=body)])


async def _repair_beside(
    conn: AsyncConnection,
    repair: Any,
    same_estate: Callable[[str], bool],
    *,
    reporter: journal.Recipient,
    actor: str,
    now: dt.datetime,
) -> None:
    """A no-heat repair (its ticket row, just opened or given its flat) at a flat whose leak or burst is open and
    linked with no repair yet: linked as when the emergency comes second (both logs name the other), the emergency's
    staff chat told, so that its card names the repair; the emergency's residents but the repair's `reporter` are
    told of the repair, and the repair's reporter, unless they reported or follow the emergency, of the emergency."""
    place = "/".join((repair.building, repair.unit, repair.room))
    params = {"branch": repair.branch, "place": place, "other_place": OTHER + place}
    found = [row for row in await conn.execute(_OPEN_ESCAPES, params) if same_estate(row.address_raw or "")]
    unlinked = [row for row in found if (await conn.execute(_LINKED, {"ticket_id": row.id})).first() is None]
    if not unlinked:
        return
    emergency = await journal.lock_ticket(conn, unlinked[0].number)
    ev = await journal.record(
        conn, ticket_id=emergency.id, kind=BESIDE, actor=actor, now=now, data={"repair": repair.number}
    )
    said = {"emergency": emergency.number, "kind": emergency.row.kind}
    seen = await journal.record(
        conn, ticket_id=repair.id, kind=REPORTED_BESIDE, actor=actor, now=now, data=said
    )
    ids = {"ticket_id": emergency.id, "number": emergency.number, "event_id": ev.id, "now": now}
    body = journal.payload(emergency.row, emergency, repair=repair.number)
    notices = [journal.staff_notice(**ids, branch=emergency.row.branch, event=LINKED_EVENT, data=body)]
    others = _others(emergency.residents, reporter)
    notices += [journal.resident_notice(**ids, to=to, event=LINKED_EVENT, data=body) for to in others]
    if len(others) == len(emergency.residents):  # whoever reported the repair did not know of the water
        opened = {"ticket_id": repair.id, "number": repair.number, "event_id": seen.id, "now": now}
        known = journal.payload(
            repair, emergency=emergency.number, emergency_kind=emergency.row.kind, open=True
        )
        notices.append(journal.resident_notice(**opened, to=reporter, event=REPAIR_LINKED_EVENT, data=known))
    await journal.queue(conn, notices)


async def carry(conn: AsyncConnection, merged: Any, survivor: Any, *, actor: str, now: dt.datetime) -> None:
    """The links of a ticket merged into another of its flat (`storage.reconcile`, its row and the other's) carried
    over to that one, still open, quietly: their residents were told of them when they were made. Each card that
    named the merged ticket is refreshed to name the other."""
    for link in await conn.execute(_LINKS, {"ticket_id": merged.id}):
        number = str(link.data.get("repair" if link.kind == BESIDE else "emergency") or "")
        other = await journal.lock_ticket(conn, number) if number else None
        if other is None or other.row.status not in OPEN:
            continue
        if link.kind == BESIDE:  # the merged ticket was an emergency beside this repair
            emergency, repair = survivor, other.row
        else:
            emergency, repair = other.row, survivor
        linked = (await conn.execute(_LINKED, {"ticket_id": emergency.id})).first() is not None
        if emergency is survivor and linked:  # already beside a repair of its own: the card names that one
            continue
        beside = await journal.record(
            conn, ticket_id=emergency.id, kind=BESIDE, actor=actor, now=now, data={"repair": repair.number}
        )
        said = {"emergency": emergency.number, "kind": emergency.kind}
        reported = await journal.record(
            conn, ticket_id=repair.id, kind=REPORTED_BESIDE, actor=actor, now=now, data=said
        )
        ev, event = (reported, REPAIR_LINKED_EVENT) if other.row is repair else (beside, LINKED_EVENT)
        ids = {"ticket_id": other.id, "number": other.number, "event_id": ev.id, "now": now}
        body = journal.payload(other.row, other)
        await journal.queue(
            conn, [journal.staff_notice(**ids, branch=other.row.branch, event=event, data=body)]
        )
