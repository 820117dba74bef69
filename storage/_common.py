"""Shared internals of the services: the clock, row -> value conversion, dialect-specific inserts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.values import (
    Audience,
    Channel,
    ContactInfo,
    DeliveryStatus,
    EventInfo,
    NotificationInfo,
    Priority,
    Status,
    TicketInfo,
    TicketKind,
)

# Status -> the ticket column holding the time it was reached ("new" is created_at).
STATUS_COLUMNS: dict[Status, str] = {
    Status.ACKNOWLEDGED: "acknowledged_at",
    Status.DISPATCHED: "dispatched_at",
    Status.ON_SITE: "on_site_at",
    Status.RESOLVED: "resolved_at",
    Status.CLOSED: "closed_at",
    Status.CANCELLED: "cancelled_at",
    Status.REOPENED: "reopened_at",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


def aware(value: dt.datetime | None) -> dt.datetime:
    """`value` (or now) as aware UTC; naive values are taken to be UTC."""
    if value is None:
        return utcnow()
    return value.replace(tzinfo=dt.UTC) if value.utcoffset() is None else value.astimezone(dt.UTC)


def upsert_insert(conn: AsyncConnection, table: Any) -> Any:
    """An INSERT that supports ON CONFLICT on this connection's dialect."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def ticket_info(row: Row[Any] | Mapping[str, Any]) -> TicketInfo:
    """A ticket row (or a mapping of its columns) as a plain value."""
    m = row._mapping if isinstance(row, Row) else row
    times = {"new": m["created_at"]}
    times.update({str(s): m[col] for s, col in STATUS_COLUMNS.items() if m[col] is not None})
    return TicketInfo(
        id=m["id"],
        number=m["number"],
        kind=TicketKind(m["kind"]),
        priority=Priority(m["priority"]),
        status=Status(m["status"]),
        branch=m["branch"],
        address_raw=m["address_raw"],
        building=m["building"],
        unit=m["unit"],
        room=m["room"],
        description=m["description"],
        temperature_c=m["temperature_c"],
        contact_id=m["contact_id"],
        channel=Channel(m["channel"]),
        crew=m["crew"],
        assignee=m["assignee"],
        escalated=bool(m["escalated"]),
        breached=bool(m["breached"]),
        rating=m["rating"],
        created_at=m["created_at"],
        due_at=m["due_at"],
        updated_at=m["updated_at"],
        status_times=times,
        place=m["place"],
        too_hot=bool(m["too_hot"]),
        arrival_reported_at=m["arrival_reported_at"],
    )


def contact_info(row: Row[Any] | Any) -> ContactInfo:
    """A contact row as a plain value."""
    m = row._mapping
    return ContactInfo(
        id=m["id"],
        channel=Channel(m["channel"]),
        telegram_chat_id=m["telegram_chat_id"],
        phone=m["phone"],
        language=m["language"],
        address_raw=m["address_raw"],
        building=m["building"],
        unit=m["unit"],
        room=m["room"],
        unreachable=bool(m["unreachable"]),
        created_at=m["created_at"],
        hotline=m["hotline"],
        phone_typed=bool(m["phone_typed"]),
        telegram_name=m["telegram_name"],
    )


def event_info(row: Row[Any] | Any, number: str) -> EventInfo:
    """An event row as a plain value."""
    m = row._mapping
    return EventInfo(
        id=m["id"],
        ticket_number=number,
        kind=m["kind"],
        actor=m["actor"],
        data=dict(m["data"] or {}),
        created_at=m["created_at"],
        from_status=Status(m["from_status"]) if m["from_status"] else None,
        to_status=Status(m["to_status"]) if m["to_status"] else None,
    )


def notification_info(row: Row[Any] | Any, number: str | None) -> NotificationInfo:
    """An outbox row as a plain value."""
    m = row._mapping
    return NotificationInfo(
        id=m["id"],
        ticket_number=number,
        audience=Audience(m["audience"]),
        channel=Channel(m["channel"]),
        address=m["address"],
        language=m["language"],
        event=m["event"],
        payload=dict(m["payload"] or {}),
        status=DeliveryStatus(m["status"]),
        attempts=m["attempts"],
        next_attempt_at=m["next_attempt_at"],
        last_error=m["last_error"],
        idempotency_key=m["idempotency_key"],
        created_at=m["created_at"],
    )
