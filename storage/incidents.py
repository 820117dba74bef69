"""Incidents: several no-heat reports from one building within hours, handled as one fault.

Reports are grouped by a building key that the caller computes (`intents.incidents.building_key`).
Each change is one transaction with its ticket events and outbox rows, like every other write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import _journal as journal
from storage import lifecycle
from storage._common import STATUS_COLUMNS, aware, ticket_info
from storage.db import Store
from storage.errors import HeatlineStoreError
from storage.models import OPEN, event_t, incident_t, ticket_t
from storage.values import Status, TicketInfo, TicketKind


class IncidentNotFound(HeatlineStoreError):
    """No open incident has this number."""


@dataclass(frozen=True, slots=True)
class IncidentInfo:
    id: int
    key: str
    label: str
    branch: str | None
    status: str
    created_at: dt.datetime
    ticket_numbers: tuple[str, ...]


async def unlinked_reports(store: Store, *, since: dt.datetime) -> list[TicketInfo]:
    """Open no-heat tickets reported since `since` that belong to no incident yet, oldest first."""
    stmt = (
        sa.select(ticket_t)
        .where(
            ticket_t.c.kind == str(TicketKind.NO_HEAT),
            ticket_t.c.status.in_(OPEN),
            ticket_t.c.incident_id.is_(None),
            ticket_t.c.created_at >= aware(since),
        )
        .order_by(ticket_t.c.id)
    )
    async with store.read() as conn:
        return [ticket_info(row) for row in await conn.execute(stmt)]


async def open_by_key(store: Store, *, key: str) -> IncidentInfo | None:
    """The open incident of this building, if any."""
    async with store.read() as conn:
        row = (
            await conn.execute(
                sa.select(incident_t).where(incident_t.c.key == key, incident_t.c.status == "open")
            )
        ).first()
        return await _info(conn, row) if row is not None else None


async def get(store: Store, *, incident_id: int) -> IncidentInfo | None:
    """One incident with the numbers of its tickets."""
    async with store.read() as conn:
        row = (await conn.execute(sa.select(incident_t).where(incident_t.c.id == incident_id))).first()
        return await _info(conn, row) if row is not None else None


async def _info(conn: AsyncConnection, row: Any) -> IncidentInfo:
    numbers = await conn.execute(
        sa.select(ticket_t.c.number).where(ticket_t.c.incident_id == row.id).order_by(ticket_t.c.id)
    )
    return IncidentInfo(
        id=row.id,
        key=row.key,
        label=row.label,
        branch=row.branch,
        status=row.status,
        created_at=aware(row.created_at),
        ticket_numbers=tuple(str(n) for n in numbers.scalars()),
    )


async def open_reports(store: Store, *, incident_id: int) -> list[TicketInfo]:
    """The incident's open tickets, oldest first: what staff act on as one fault."""
    stmt = (
        sa.select(ticket_t)
        .where(ticket_t.c.incident_id == incident_id, ticket_t.c.status.in_(OPEN))
        .order_by(ticket_t.c.id)
    )
    async with store.read() as conn:
        return [ticket_info(row) for row in await conn.execute(stmt)]


def _report(row: Any) -> dict[str, Any]:
    return {
        "number": row.number,
        "address": row.address_raw,
        "description": row.description,
        "temperature_c": row.temperature_c,
    }


async def form(
    store: Store, *, key: str, label: str, numbers: list[str], now: dt.datetime | None = None
) -> IncidentInfo:
    """Open an incident for these reports and show staff one card with every report."""
    now = aware(now)
    async with store.write() as conn:
        locked = [await journal.lock_ticket(conn, n) for n in numbers]
        branch = locked[0].row.branch
        values = {
            "key": key,
            "label": label,
            "branch": branch,
            "status": "open",
            "created_at": now,
            "updated_at": now,
        }
        incident = (await conn.execute(sa.insert(incident_t).values(values).returning(*incident_t.c))).one()
        events = []
        for ticket in locked:
            await journal.update_ticket(conn, ticket.id, {"incident_id": incident.id, "updated_at": now})
            ev = await _logged(conn, ticket.id, incident.id, now)
            events.append(ev)
        body = {"incident": incident.id, "label": label, "reports": [_report(t.row) for t in locked]}
        first = locked[0]
        notice = journal.staff_notice(
            ticket_id=first.id,
            number=first.number,
            event_id=events[0].id,
            branch=branch,
            event="incident.formed",
            data=body,
            now=now,
        )
        await journal.queue(conn, [notice])
        return await _info(conn, incident)


async def _logged(
    conn: AsyncConnection, ticket_id: int, incident_id: int, now: dt.datetime, **more: Any
) -> Any:
    """The ticket's log says it is one of this fault's reports (`more`: what else, the fault being back)."""
    data = {"incident": incident_id, **more}
    return await journal.record(
        conn, ticket_id=ticket_id, kind="incident", actor="incidents", now=now, data=data
    )


async def join(store: Store, *, incident_id: int, number: str, now: dt.datetime | None = None) -> None:
    """Attach a new report: the resident hears the fault is known, staff see one more report. When a crew is on its
    way to the fault or there already, the report follows it in the same change (its crew, its step, the clock
    stopped once it is there): the resident is told once that the crew is working on the building, and its card
    shows it; no second promise runs for one fault. When staff have sent the fault's residents an update (/broadcast),
    the new one gets the latest too, right after, so they know what everyone else was told."""
    now = aware(now)
    async with store.write() as conn:
        incident = (await conn.execute(sa.select(incident_t).where(incident_t.c.id == incident_id))).first()
        if incident is None or incident.status != "open":
            raise IncidentNotFound(str(incident_id))
        ticket = await journal.lock_ticket(conn, number)
        values: dict[str, Any] = {"incident_id": incident_id, "updated_at": now}
        crew = await _crew_at(conn, incident_id, exclude=ticket.id)
        follow = crew if crew and lifecycle.can_move(ticket.status, crew[0]) and not ticket.row.crew else None
        if follow is not None:
            values.update({"status": str(follow[0]), "crew": follow[1], STATUS_COLUMNS[follow[0]]: now})
        row = await journal.update_ticket(conn, ticket.id, values)
        await conn.execute(sa.update(incident_t).where(incident_t.c.id == incident_id).values(updated_at=now))
        ev = await _logged(conn, ticket.id, incident_id, now)
        ids = {"ticket_id": ticket.id, "number": ticket.number, "event_id": ev.id, "now": now}
        body = journal.payload(row, ticket, incident=incident_id, label=incident.label)
        staff = {**body, "reports": [_report(row)]}
        notices = [journal.staff_notice(**ids, branch=row.branch, event="incident.report", data=staff)]
        if follow is not None:  # one notice of the step it took, and the card follows it
            moved = await journal.record(
                conn,
                ticket_id=ticket.id,
                kind="status",
                actor="incidents",
                now=now,
                data={
                    "from": str(ticket.status),
                    "to": str(follow[0]),
                    "crew": follow[1],
                    "incident": incident_id,
                },
            )
            ids["event_id"] = moved.id
            notices.append(
                journal.staff_notice(**ids, branch=row.branch, event=f"status.{follow[0]}", data=body)
            )
        told = f"incident.crew_{follow[0]}" if follow is not None else "incident.known"
        notices.extend(journal.resident_notices(**ids, locked=ticket, event=told, data=body))
        notices.extend(await _latest_update(conn, ticket, incident_id, body, now))
        await journal.queue(conn, notices)


_UPDATES = (
    sa.select(event_t.c.kind, event_t.c.data)
    .select_from(event_t.join(ticket_t, ticket_t.c.id == event_t.c.ticket_id))
    .where(
        ticket_t.c.incident_id == sa.bindparam("incident_id"), event_t.c.kind.in_(["broadcast", "incident"])
    )
    .order_by(event_t.c.id.desc())
)


async def _latest_update(
    conn: AsyncConnection, ticket: journal.Locked, incident_id: int, body: dict[str, Any], now: dt.datetime
) -> list[dict[str, Any]]:
    """The fault's latest /broadcast for a report joining it, logged on its ticket: its residents' outbox rows; none
    when there was none, or only before the fault came back (reopened once resolved: those words are stale)."""
    text = None
    for kind, data in await conn.execute(_UPDATES, {"incident_id": incident_id}):
        if kind == "incident" and data.get("back"):
            break
        if kind == "broadcast" and data.get("text"):
            text = str(data["text"])
            break
    if text is None:
        return []
    ev = await journal.record(
        conn,
        ticket_id=ticket.id,
        kind="broadcast",
        actor="incidents",
        now=now,
        data={"text": text, "joined": True},
    )
    return journal.resident_notices(
        ticket_id=ticket.id,
        number=ticket.number,
        event_id=ev.id,
        locked=ticket,
        event="incident.update",
        data={**body, "text": text},
        now=now,
    )


async def _crew_at(conn: AsyncConnection, incident_id: int, *, exclude: int) -> tuple[Status, str] | None:
    """How far a crew has got at the incident: (on site or dispatched, its crew) of its furthest other open ticket."""
    rows = await conn.execute(
        sa.select(ticket_t.c.status, ticket_t.c.crew).where(
            ticket_t.c.incident_id == incident_id,
            ticket_t.c.id != exclude,
            ticket_t.c.status.in_([str(Status.ON_SITE), str(Status.DISPATCHED)]),
            ticket_t.c.crew.is_not(None),
        )
    )
    found = {Status(status): crew for status, crew in rows}
    for status in (Status.ON_SITE, Status.DISPATCHED):
        if status in found:
            return status, found[status]
    return None


async def broadcast(
    store: Store, *, incident_id: int, text: str, actor: str, now: dt.datetime | None = None
) -> int:
    """Send one update to everyone who reported this incident and whose ticket is open; returns how many."""
    now = aware(now)
    async with store.write() as conn:
        incident = (await conn.execute(sa.select(incident_t).where(incident_t.c.id == incident_id))).first()
        if incident is None:
            raise IncidentNotFound(str(incident_id))
        numbers = (
            await conn.execute(
                sa.select(ticket_t.c.number).where(
                    ticket_t.c.incident_id == incident_id, ticket_t.c.status.in_(OPEN)
                )
            )
        ).scalars()
        notices = []
        for number in list(numbers):
            ticket = await journal.lock_ticket(conn, number)
            ev = await journal.record(
                conn, ticket_id=ticket.id, kind="broadcast", actor=actor, now=now, data={"text": text}
            )
            body = journal.payload(ticket.row, ticket, incident=incident_id, label=incident.label, text=text)
            notices += journal.resident_notices(
                ticket_id=ticket.id,
                number=ticket.number,
                event_id=ev.id,
                locked=ticket,
                event="incident.update",
                data=body,
                now=now,
            )
        await journal.queue(conn, notices)
        return len(notices)


async def close_finished(store: Store, *, now: dt.datetime | None = None) -> int:
    """Close open incidents none of whose tickets is still open; returns how many."""
    now = aware(now)
    still_open = sa.exists().where(ticket_t.c.incident_id == incident_t.c.id, ticket_t.c.status.in_(OPEN))
    stmt = (
        sa.update(incident_t)
        .where(incident_t.c.status == "open", ~still_open)
        .values(status="closed", closed_at=now, updated_at=now)
    )
    async with store.write() as conn:
        return int((await conn.execute(stmt)).rowcount or 0)


async def reopened(store: Store, *, number: str, now: dt.datetime | None = None) -> bool:
    """A report of a building fault was reopened ("还是不热"): when the fault had been resolved (closed, or none of its
    other reports open), the fault is back: it opens again, so new reports join it and /broadcast reaches them, and
    its staff are told once, with how to act on it as one. False when the report is of no fault, or its fault was
    still being worked on (or is back already): its own reopened line says enough."""
    now = aware(now)
    async with store.write() as conn:
        ticket = await journal.lock_ticket(conn, number)
        incident_id = ticket.row.incident_id
        if incident_id is None:
            return False
        incident = (
            await conn.execute(sa.select(incident_t).where(incident_t.c.id == incident_id).with_for_update())
        ).one()
        others_open = sa.exists().where(
            ticket_t.c.incident_id == incident_id, ticket_t.c.id != ticket.id, ticket_t.c.status.in_(OPEN)
        )
        if incident.status == "open" and (await conn.execute(sa.select(others_open))).scalar():
            return False
        # the building's fault again, unless a new one was formed for it meanwhile
        newer = sa.exists().where(incident_t.c.key == incident.key, incident_t.c.status == "open")
        if incident.status == "open" or not (await conn.execute(sa.select(newer))).scalar():
            opened = {"status": "open", "closed_at": None, "updated_at": now}
            await conn.execute(sa.update(incident_t).where(incident_t.c.id == incident_id).values(opened))
        ev = await _logged(conn, ticket.id, incident_id, now, back=True)
        body = {"incident": incident_id, "label": incident.label, "reports": [_report(ticket.row)]}
        notice = journal.staff_notice(
            ticket_id=ticket.id,
            number=ticket.number,
            event_id=ev.id,
            branch=ticket.row.branch,
            event="incident.back",
            data=body,
            now=now,
        )
        await journal.queue(conn, [notice])
        return True
