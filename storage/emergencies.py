"""A leak or burst reported at a flat whose no-heat repair is open: the emergency keeps its own ticket (it must never
wait in a repair's queue, nor share its 30-minute promise), but the two are linked. The emergency's log names the
repair (`BESIDE`), so its card says which repair of the flat is open and who is on it; the repair's log names the
emergency (`REPORTED_BESIDE`), and the repair's residents (its reporter and the residents following it), but whoever
reported the emergency, are told on their own channel and in their own language that water escaping was reported at
their flat.

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

_OPEN_REPAIRS = (
    sa.select(ticket_t.c.number, ticket_t.c.address_raw)
    .where(
        ticket_t.c.branch == sa.bindparam("branch"),
        ticket_t.c.place.in_([sa.bindparam("place"), sa.bindparam("other_place")]),
        ticket_t.c.kind == str(TicketKind.NO_HEAT),
        ticket_t.c.status.in_(OPEN),
    )
    .order_by(ticket_t.c.id)
)
_ESCAPES = frozenset(str(k) for k in ESCAPE_KINDS)
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
    leak or burst, its branch or any of building, unit and room is not known, or no repair of that flat is open."""
    parts = (emergency.building, emergency.unit, emergency.room)
    if emergency.kind not in _ESCAPES or same_estate is None or emergency.branch is None or not all(parts):
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
