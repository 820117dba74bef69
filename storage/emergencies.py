"""A leak or burst reported at a flat whose no-heat repair is open: the emergency keeps its own ticket (it must never
wait in a repair's queue, nor share its 30-minute promise), but the two are linked. The emergency's log names the
repair (`BESIDE`), so its card says which repair of the flat is open and who is on it; the repair's log names the
emergency (`REPORTED_BESIDE`), and the repair's residents (its reporter and the residents following it), but whoever
reported the emergency, are told on their own channel and in their own language that water escaping was reported at
their flat. A repair opened second, at a flat whose emergency is open, is linked the same way, and the emergency's
card is refreshed to name it.

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
# told to the emergency's staff chat when a repair opened second is linked with it: its card names the repair
LINKED_EVENT = f"ticket.{BESIDE}"
_LINKED = sa.select(event_t.c.id).where(
    event_t.c.ticket_id == sa.bindparam("ticket_id"), event_t.c.kind == BESIDE
)


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
    whose address `same_estate` accepts as in its estate, the oldest if several, once: both logs name the other, and
    the repair's residents but the emergency's `reporter` (where they are written to) are told. Nothing when it is no
    leak or burst, its branch or any of building, unit and room is not known, or no repair of that flat is open. A
    no-heat repair just opened is linked with the open emergency of its flat instead (`_repair_beside`)."""
    parts = (emergency.building, emergency.unit, emergency.room)
    if same_estate is None or emergency.branch is None or not all(parts):
        return
    if emergency.kind == str(TicketKind.NO_HEAT):  # the repair opened second: the same link, the other way
        await _repair_beside(conn, emergency, same_estate, actor=actor, now=now)
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
    others = (
        to for to in repair.residents if (to.channel, to.address) != (reporter.channel, reporter.address)
    )
    event = f"ticket.{REPORTED_BESIDE}"
    await journal.queue(
        conn, [journal.resident_notice(**ids, to=to, event=event, data=body) for to in others]
    )


async def _repair_beside(
    conn: AsyncConnection, repair: Any, same_estate: Callable[[str], bool], *, actor: str, now: dt.datetime
) -> None:
    """A no-heat repair (its ticket row, just opened) at a flat whose leak or burst is open and linked with no repair
    yet: linked as when the emergency comes second (both logs name the other), and the emergency's staff chat told,
    so that its card names the repair. Whoever reported the repair knows of the water: nobody else is told."""
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
    await journal.record(conn, ticket_id=repair.id, kind=REPORTED_BESIDE, actor=actor, now=now, data=said)
    ids = {"ticket_id": emergency.id, "number": emergency.number, "event_id": ev.id, "now": now}
    body = journal.payload(emergency.row, emergency, repair=repair.number)
    branch = emergency.row.branch
    await journal.queue(conn, [journal.staff_notice(**ids, branch=branch, event=LINKED_EVENT, data=body)])
