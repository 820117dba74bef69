"""The 30-minute clock's store side: which tickets need a warning or are late, and the warning itself; the
reminders of emergencies nobody has taken; and complaints whose supervisor's follow-up ran out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import _journal as journal
from storage._common import aware
from storage.calls import CONTACTED
from storage.db import Store
from storage.models import contact_t, event_t, ticket_t
from storage.values import (
    AWAITING_CREW,
    OPEN_STATUSES,
    REPAIR_KINDS,
    WITHHELD,
    Priority,
    Status,
    TicketKind,
    withheld,
)

# The promise of a crew on site is made for repairs only: a complaint or a call-back has no crew to wait for.
_REPAIRS = tuple(str(kind) for kind in REPAIR_KINDS)
# Not yet dispatched: staff are warned. Not yet on site: the promise can still be broken.
_UNDISPATCHED = (str(Status.NEW), str(Status.ACKNOWLEDGED), str(Status.REOPENED))
_NOT_ON_SITE = tuple(str(status) for status in AWAITING_CREW)
WARNING_EVENT = "sla_warning"


def _pass_started() -> sa.ColumnElement[dt.datetime]:
    """A reopened ticket's clock starts again at the reopening."""
    return sa.func.coalesce(ticket_t.c.reopened_at, ticket_t.c.created_at)


async def due_for_warning(store: Store, *, warning_minutes: int, now: dt.datetime | None = None) -> list[str]:
    """Numbers of tickets still not dispatched `warning_minutes` after the report, not yet warned about."""
    now = aware(now)
    warned = sa.exists().where(
        event_t.c.ticket_id == ticket_t.c.id,
        event_t.c.kind == WARNING_EVENT,
        event_t.c.created_at >= _pass_started(),
    )
    stmt = (
        sa.select(ticket_t.c.number)
        .where(
            ticket_t.c.status.in_(_UNDISPATCHED),
            ticket_t.c.kind.in_(_REPAIRS),
            ticket_t.c.arrival_reported_at.is_(None),  # the resident said the crew came: nothing to hurry
            ticket_t.c.due_at <= now + dt.timedelta(minutes=store.on_site_minutes - warning_minutes),
            # past the promise there is no time left to warn of: the breach says so (a clock run again late, when
            # staff found the resident's word that the crew came was wrong)
            ticket_t.c.due_at > now,
            ~warned,
        )
        .order_by(ticket_t.c.due_at)
    )
    async with store.read() as conn:
        return [str(n) for n in (await conn.execute(stmt)).scalars()]


async def due_for_breach(store: Store, *, now: dt.datetime | None = None) -> list[str]:
    """Numbers of tickets past their on-site promise with no crew on site, not yet flagged."""
    now = aware(now)
    stmt = (
        sa.select(ticket_t.c.number)
        .where(
            ticket_t.c.status.in_(_NOT_ON_SITE),
            ticket_t.c.kind.in_(_REPAIRS),
            ticket_t.c.due_at <= now,
            # the resident's word that the crew came stops the clock (a word after the promise ran out does not)
            sa.or_(
                ticket_t.c.arrival_reported_at.is_(None), ticket_t.c.arrival_reported_at > ticket_t.c.due_at
            ),
            ticket_t.c.breached.is_(False),
        )
        .order_by(ticket_t.c.due_at)
    )
    async with store.read() as conn:
        return [str(n) for n in (await conn.execute(stmt)).scalars()]


async def warn(store: Store, *, number: str, now: dt.datetime | None = None) -> bool:
    """Record the warning and alert the branch's staff chat; False when it was already given or moot. An emergency
    nobody has taken, reminded of every few minutes, has its warning said in a reminder given now, or, one given in
    the last `CLOCK_GAP`, not yet (False: a later pass gives it): one clock message at a time."""
    now = aware(now)
    async with store.write() as conn:
        locked = await journal.lock_ticket(conn, number)
        row = locked.row
        if (
            str(row.status) not in _UNDISPATCHED
            or row.arrival_reported_at is not None
            or aware(row.due_at) <= now
        ):
            return False
        started = row.reopened_at or row.created_at
        given = await conn.execute(
            sa.select(event_t.c.id).where(
                event_t.c.ticket_id == locked.id,
                event_t.c.kind == WARNING_EVENT,
                event_t.c.created_at >= started,
            )
        )
        if given.first() is not None:
            return False
        if _reminded_of(row):
            if await _clock_alert_since(conn, locked, now - CLOCK_GAP):
                return False
            await _remind(conn, locked, now, with_warning=True)
            return True
        minutes_left = round((aware(row.due_at) - now).total_seconds() / 60, 1)
        await _alert_staff(conn, locked, WARNING_EVENT, "ticket.warning", now, {"minutes_left": minutes_left})
        return True


def _reminded_of(row: Any) -> bool:
    """An emergency nobody has taken, which the clock brings back every few minutes (`due_for_reminder`)."""
    return (
        row.priority == str(Priority.EMERGENCY)
        and str(row.status) in _NOT_TAKEN
        and row.arrival_reported_at is None
    )


async def _clock_alert_since(conn: AsyncConnection, locked: journal.Locked, since: dt.datetime) -> bool:
    """The clock told staff of this ticket after `since` (a reminder, a breach, a warning)."""
    found = await conn.execute(
        sa.select(event_t.c.id).where(
            event_t.c.ticket_id == locked.id,
            event_t.c.kind.in_(_CLOCK_ALERTS),
            event_t.c.created_at > since,
        )
    )
    return found.first() is not None


async def _alert_staff(
    conn: AsyncConnection,
    locked: journal.Locked,
    kind: str,
    event: str,
    now: dt.datetime,
    data: dict[str, Any],
    **extra: Any,
) -> None:
    """The clock's event `kind` logged on the ticket with `data`, and its branch's staff alerted (`event`)."""
    row = locked.row
    ev = await journal.record(conn, ticket_id=locked.id, kind=kind, actor="sla", now=now, data=data)
    body = journal.payload(row, locked, **data, description=row.description, **extra)
    notice = journal.staff_notice(
        ticket_id=locked.id,
        number=locked.number,
        event_id=ev.id,
        branch=row.branch,
        event=event,
        data=body,
        now=now,
    )
    await journal.queue(conn, [notice])


# An emergency nobody has taken must never wait in a queue: a call-back (a leak or burst hung up before its address,
# a voicemail) has no crew to time, and a leak or burst with no address has nowhere to send one; a leak or burst
# waits for its crew. Staff (and their supervisors) are reminded every few minutes until someone takes it.
CALLBACK_REMINDER = "callback_reminder"
EMERGENCY_REMINDER = "emergency_reminder"
_REMINDERS = (CALLBACK_REMINDER, EMERGENCY_REMINDER)
# A breach alerts staff as loudly: the next reminder comes the usual few minutes after it, not in the same breath;
# so does a warning given on its own (the ticket was no emergency then).
_CLOCK_ALERTS = (*_REMINDERS, "breached", WARNING_EVENT)
_NOT_TAKEN = (str(Status.NEW), str(Status.REOPENED))
# No two clock messages about one ticket this close together: a reminder falling due this soon before the breach
# waits for it (the breach says it), and a warning due this soon after a reminder waits, then comes as the next one.
CLOCK_GAP = dt.timedelta(minutes=2)


def _breach_near(now: dt.datetime) -> sa.ColumnElement[bool]:
    """The repair's promise runs out within `CLOCK_GAP` (or has, not yet flagged): its breach is the next message."""
    return sa.and_(
        ticket_t.c.kind.in_(_REPAIRS),
        ticket_t.c.breached.is_(False),
        ticket_t.c.due_at <= now + CLOCK_GAP,
    )


async def due_for_reminder(store: Store, *, every_minutes: int, now: dt.datetime | None = None) -> list[str]:
    """Numbers of emergencies nobody has taken `every_minutes` after they were opened (or reopened) or last
    reminded of; not one the resident says the crew has reached."""
    now = aware(now)
    since = now - dt.timedelta(minutes=every_minutes)
    reminded = sa.exists().where(
        event_t.c.ticket_id == ticket_t.c.id,
        event_t.c.kind.in_(_CLOCK_ALERTS),
        event_t.c.created_at > since,
    )
    stmt = (
        sa.select(ticket_t.c.number)
        .where(
            ticket_t.c.priority == str(Priority.EMERGENCY),
            ticket_t.c.status.in_(_NOT_TAKEN),
            ticket_t.c.arrival_reported_at.is_(None),
            _pass_started() <= since,
            ~reminded,
            ~_breach_near(now),
        )
        .order_by(ticket_t.c.created_at)
    )
    async with store.read() as conn:
        return [str(n) for n in (await conn.execute(stmt)).scalars()]


def _reminder(row: Any, phone: str | None) -> tuple[str, str]:
    """The event logged and the staff alert of a reminder: a call-back's call, an emergency's address to ask (no
    address for the crew), or its crew to send; for a caller who withheld their number, no call nobody can make: the
    ticket to take, and what the caller told (words, voicemail) to act on."""
    callback = row.kind == str(TicketKind.CALLBACK)
    if withheld(phone) and (callback or not row.address_raw):
        return EMERGENCY_REMINDER, "ticket.withheld_waiting"
    if callback:
        return CALLBACK_REMINDER, "ticket.callback_waiting"
    if not row.address_raw:
        return EMERGENCY_REMINDER, "ticket.emergency_no_address"
    return EMERGENCY_REMINDER, "ticket.emergency_waiting"


async def remind(
    store: Store, *, number: str, warning_minutes: int | None = None, now: dt.datetime | None = None
) -> bool:
    """Record the reminder and alert the branch's staff (and its supervisors), with the number to call; False when
    someone has taken it meanwhile (or the resident said the crew came). A repair due its warning
    (`warning_minutes`, as `warn`) has it said in the reminder, with the time left, and logged as given: one clock
    message, not two in the same minute."""
    now = aware(now)
    async with store.write() as conn:
        locked = await journal.lock_ticket(conn, number)
        row = locked.row
        if str(row.status) not in _NOT_TAKEN or row.arrival_reported_at is not None:
            return False
        due = warning_minutes is not None and await _warning_due(conn, locked, warning_minutes, now, store)
        await _remind(conn, locked, now, with_warning=due)
        return True


async def _remind(
    conn: AsyncConnection, locked: journal.Locked, now: dt.datetime, *, with_warning: bool
) -> None:
    """The reminder logged and its alert queued; `with_warning`: the warning said in it and logged as given."""
    row = locked.row
    waited = round((now - aware(row.reopened_at or row.created_at)).total_seconds() / 60, 1)
    data: dict[str, Any] = {"minutes_waiting": waited}
    if with_warning:
        data["minutes_left"] = round((aware(row.due_at) - now).total_seconds() / 60, 1)
        warning = {"minutes_left": data["minutes_left"], "with_reminder": True}
        await journal.record(
            conn, ticket_id=locked.id, kind=WARNING_EVENT, actor="sla", now=now, data=warning
        )
    kind, event = _reminder(row, locked.phone)
    await _alert_staff(conn, locked, kind, event, now, data, phone=locked.phone, name=locked.name)


async def _warning_due(
    conn: AsyncConnection, locked: journal.Locked, warning_minutes: int, now: dt.datetime, store: Store
) -> bool:
    """The repair is due its warning now (as `due_for_warning` finds) and was not warned of in this pass."""
    row = locked.row
    due = aware(row.due_at)
    window = dt.timedelta(minutes=store.on_site_minutes - warning_minutes)
    if str(row.kind) not in _REPAIRS or str(row.status) not in _UNDISPATCHED or not now < due <= now + window:
        return False
    given = await conn.execute(
        sa.select(event_t.c.id).where(
            event_t.c.ticket_id == locked.id,
            event_t.c.kind == WARNING_EVENT,
            event_t.c.created_at >= (row.reopened_at or row.created_at),
        )
    )
    return given.first() is None


# A complaint promises the duty supervisor's call within the follow-up hours. Past them with no call logged
# (`storage.calls.CONTACTED`), the promise is broken: flagged once (`breached`, as a repair's), its staff and
# supervisors alerted; the resident who chases it is answered with an apology (the channels read the flag). A caller
# who withheld their number was promised no call (nobody can make it): their complaint has no follow-up to miss.
FOLLOW_UP_MISSED = "follow_up_missed"
_OPEN = tuple(str(status) for status in OPEN_STATUSES)


def _contacted(ticket_id: Any, since: Any) -> sa.ColumnElement[bool]:
    """The complainant was contacted during this pass (since it was opened or reopened)."""
    return sa.exists().where(
        event_t.c.ticket_id == ticket_id, event_t.c.kind == CONTACTED, event_t.c.created_at >= since
    )


def _withheld_reporter() -> sa.ColumnElement[bool]:
    """The ticket was reported by a caller who withheld their number."""
    return sa.exists().where(contact_t.c.id == ticket_t.c.contact_id, contact_t.c.phone.startswith(WITHHELD))


async def due_for_follow_up(store: Store, *, hours: int, now: dt.datetime | None = None) -> list[str]:
    """Numbers of open complaints nobody contacted within `hours` of their report (or reopening), not yet flagged."""
    now = aware(now)
    stmt = (
        sa.select(ticket_t.c.number)
        .where(
            ticket_t.c.kind == str(TicketKind.COMPLAINT),
            ticket_t.c.status.in_(_OPEN),
            ticket_t.c.breached.is_(False),
            _pass_started() <= now - dt.timedelta(hours=hours),
            ~_contacted(ticket_t.c.id, _pass_started()),
            ~_withheld_reporter(),
        )
        .order_by(ticket_t.c.created_at)
    )
    async with store.read() as conn:
        return [str(n) for n in (await conn.execute(stmt)).scalars()]


async def miss_follow_up(store: Store, *, number: str, hours: int, now: dt.datetime | None = None) -> bool:
    """Flag the complaint's missed follow-up once and alert its staff (and supervisors) with the number to call;
    False when it was flagged, contacted, closed or is not yet due."""
    now = aware(now)
    async with store.write() as conn:
        locked = await journal.lock_ticket(conn, number)
        row = locked.row
        started = aware(row.reopened_at or row.created_at)
        due = started + dt.timedelta(hours=hours)
        if row.kind != str(TicketKind.COMPLAINT) or row.breached or str(row.status) not in _OPEN or due > now:
            return False
        if withheld(locked.phone):  # no call was promised to a caller nobody can call
            return False
        if (await conn.execute(sa.select(_contacted(locked.id, started)))).scalar():
            return False
        locked.row = await journal.update_ticket(conn, locked.id, {"breached": True, "updated_at": now})
        late = {"hours": hours, "minutes_late": round((now - due).total_seconds() / 60, 1)}
        await _alert_staff(
            conn,
            locked,
            FOLLOW_UP_MISSED,
            "ticket.follow_up_missed",
            now,
            late,
            phone=locked.phone,
            name=locked.name,  # a resident on Telegram with no phone: whom to answer under the card
        )
        return True
