"""Staff moving tickets through the lifecycle. Each call writes atomically: the change, its event, its outbox rows.

Reach these through `storage.tickets` (they are re-exported there).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import _journal as journal
from storage import _writers as writers
from storage import incidents, lifecycle
from storage._changes import Change, change_ticket, new_state
from storage._common import STATUS_COLUMNS, aware, ticket_info
from storage.calls import refuse_crew
from storage.db import Store
from storage.errors import (
    AlreadyTaken,
    CrewOnSite,
    IllegalTransition,
    NoArrivalTold,
    SameBranch,
    UnknownBranch,
)
from storage.models import OPEN, branch_t, ticket_t
from storage.passes import PASS, Pass
from storage.values import OPEN_STATUSES, Answered, Status, TicketInfo, TicketKind

# Staff hear about these moves too: a resident reopened or withdrew a ticket.
_STAFF_STATUSES = frozenset({Status.REOPENED, Status.CANCELLED})


def status_change(
    store: Store,
    locked: journal.Locked,
    *,
    to: Status,
    actor: str,
    now: dt.datetime,
    note: str | None = None,
    values: dict[str, Any] | None = None,
    answered: Answered | None = None,
    staff: str | None = None,
    follower: Any | None = None,
) -> Change:
    """Check `locked -> to` against the lifecycle (and a call-back against any crew) and describe the change, its
    event and notifications (`staff`: the name of the staff member who made it, kept in the event; `follower`: the
    resident of the flat following the ticket who made it, their contact row, named in the event and to staff)."""
    refuse_crew(locked, to)
    lifecycle.check(locked.status, to)
    changes: dict[str, Any] = {
        "status": str(to),
        STATUS_COLUMNS[to]: now,
        "updated_at": now,
        **(values or {}),
    }
    if to == Status.REOPENED:
        # A reopened ticket starts a new pass: a fresh on-site promise, no stale step times, and nobody holding it
        # nor a crew on it yet (the last visit's crew is not coming; "my repairs" must not name it).
        cleared = (s for s in STATUS_COLUMNS if s not in (Status.REOPENED, Status.CANCELLED))
        changes.update({STATUS_COLUMNS[s]: None for s in cleared})
        changes.update(
            due_at=now + dt.timedelta(minutes=store.on_site_minutes),
            breached=False,
            arrival_reported_at=None,
            crew=None,
            assignee=None,
        )
    kept = {"note": note, "crew": (values or {}).get("crew"), "assignee": (values or {}).get("assignee")}
    data = {k: v for k, v in {**kept, "staff": staff}.items() if v is not None} | writers.by(follower)
    if to == Status.REOPENED:  # the promise of the pass it ends stays counted (storage.reports)
        data[PASS] = Pass.of_ticket(locked.row._mapping).as_data()
    change = Change(changes, "status", actor, now, data, from_status=str(locked.status), to_status=str(to))
    state = new_state(locked, changes)
    late = past_due(state["due_at"], now) if to == Status.DISPATCHED else None
    body = journal.payload(state, locked, note=note, late=late)
    if not _said_so(locked, to):
        change.tell_residents(locked, f"status.{to}", body, answered)
    if to in _STAFF_STATUSES and not staff:  # a staff member's own move: their chat sees its card change
        change.tell_staff(state["branch"], f"ticket.{to}", body | writers.for_staff(follower))
    return change


def _said_so(locked: journal.Locked, to: Status) -> bool:
    """The resident told us the crew came ("师傅到了", answered then with what to expect): staff marking it on site
    tells them nothing new, so they are not told it again."""
    return to == Status.ON_SITE and locked.row.arrival_reported_at is not None


def past_due(due_at: dt.datetime, now: dt.datetime) -> bool | None:
    """True when the on-site promise has run out: the resident is told the crew comes as soon as possible, with an
    apology, never a time already past (None otherwise: the promised time is told)."""
    return True if aware(due_at) <= now else None


async def transition(
    store: Store,
    *,
    number: str,
    to: Status,
    actor: str,
    note: str | None = None,
    now: dt.datetime | None = None,
    answered: Answered | None = None,
    staff: str | None = None,
    contact_id: int | None = None,
) -> TicketInfo:
    """Move a ticket to status `to`; IllegalTransition if the lifecycle forbids it. `answered`: where the resident
    who made the move was answered in the chat ("已重新打开工单…"): their notice of it is not sent there again.
    `staff`: the name of the staff member who moved it, kept in the event. `contact_id`: the resident who moved it
    (reopened it): its reporter, or a resident of the flat following it, named as such in the event and to staff
    (TicketNotFound when they neither reported nor follow it)."""
    now = aware(now)
    follower = None
    if contact_id is not None:
        async with store.read() as conn:
            ticket = await journal.lock_ticket(conn, number, lock=False)
            follower = await writers.writer_of(conn, ticket, contact_id)
    said: dict[str, Any] = {"note": note, "answered": answered, "staff": staff, "follower": follower}
    moved = await change_ticket(
        store,
        number,
        lambda locked: status_change(store, locked, to=Status(to), actor=actor, now=now, **said),
    )
    if to == Status.REOPENED:  # a building fault's report: staff hear once that the fault is back
        await incidents.reopened(store, number=number, now=now)
    return moved


async def take(
    store: Store,
    *,
    number: str,
    assignee: str,
    actor: str,
    now: dt.datetime | None = None,
    over: bool = False,
) -> TicketInfo:
    """A staff member takes the ticket: sets the assignee; new or reopened tickets become acknowledged. One that
    another staff member holds is theirs only when taken `over` deliberately, else AlreadyTaken names who has it
    (two staff pressing Take at once: the second sees the first's take); taking one's own again changes nothing."""
    now = aware(now)

    def decide(locked: journal.Locked) -> Change | None:
        if locked.status in (Status.NEW, Status.REOPENED):
            values = {"assignee": assignee}
            return status_change(store, locked, to=Status.ACKNOWLEDGED, actor=actor, now=now, values=values)
        if locked.status not in OPEN_STATUSES:
            reason = "only an open ticket can be taken"
            raise IllegalTransition(str(locked.status), str(Status.ACKNOWLEDGED), reason)
        holder = locked.row.assignee
        if holder == assignee:
            return None
        if holder and not over:
            raise AlreadyTaken(locked.number, holder)
        data = {"assignee": assignee, "previous": holder} if holder else {"assignee": assignee}
        return Change({"assignee": assignee, "updated_at": now}, "taken", actor, now, data)

    return await change_ticket(store, number, decide)


ARRIVAL_DENIED = "arrival_denied"  # staff found the crew had not come after all, though the resident said so


async def deny_arrival(
    store: Store, *, number: str, actor: str, now: dt.datetime | None = None
) -> TicketInfo:
    """Staff checked with the crew: it has not come, whatever the resident said ("师傅到了"). The word is cleared, so
    the 30-minute clock runs on from where it was (the same promise: a breach now due is flagged by the clock as
    usual, one already flagged stays); the log keeps when the word was said, and the resident is told the crew is
    still on its way. NoArrivalTold when the ticket holds no such word (marked on site, or corrected already)."""
    now = aware(now)

    def decide(locked: journal.Locked) -> Change:
        ticket = ticket_info(locked.row)
        if not ticket.arrival_told or ticket.arrival_reported_at is None:
            raise NoArrivalTold(locked.number, str(locked.status))
        values = {"arrival_reported_at": None, "updated_at": now}
        said = {"reported_at": ticket.arrival_reported_at.isoformat()}
        change = Change(values, ARRIVAL_DENIED, actor, now, said)
        body = journal.payload(new_state(locked, values), locked, late=past_due(ticket.due_at, now))
        change.tell_residents(locked, f"ticket.{ARRIVAL_DENIED}", body)
        return change

    return await change_ticket(store, number, decide)


async def hand_off(
    store: Store,
    *,
    number: str,
    branch: str,
    actor: str,
    note: str | None = None,
    now: dt.datetime | None = None,
    for_address: str | None = None,
) -> TicketInfo:
    """Give an open ticket to another branch: the resident and the new branch's staff are told, and nobody holds
    it until that branch's staff take it. A crew on its way stays on it and keeps coming, for that branch to keep or
    replace (a crew changed then is told as the one coming instead): the event and both notices say so (`crew_kept`).
    SameBranch when it is that branch's already; CrewOnSite while the crew is in the flat (finished there, never
    moved). `for_address`: moved because the resident gave this address, which `branch` serves (no staff member
    handed it over): the new branch's staff are told so, and the chat it leaves has its card made view-only (a staff
    member's hand-off does that from their own chat)."""
    now = aware(now)
    async with store.write() as conn:
        known = (await conn.execute(sa.select(branch_t.c.code).where(branch_t.c.code == branch))).first()
        if known is None:
            raise UnknownBranch(branch)
        locked = await journal.lock_ticket(conn, number)
        if locked.status not in OPEN_STATUSES:
            raise IllegalTransition(
                str(locked.status), str(locked.status), "only an open ticket can be handed off"
            )
        if locked.row.branch == branch:
            raise SameBranch(locked.number, branch)
        if locked.status == Status.ON_SITE:
            raise CrewOnSite(locked.number, locked.row.crew)
        values = {"branch": branch, "assignee": None, "updated_at": now}
        row = await journal.update_ticket(conn, locked.id, values)
        kept = locked.row.crew if locked.status == Status.DISPATCHED else None
        data = {"from_branch": locked.row.branch, "to_branch": branch, "note": note}
        if for_address:
            data["for_address"] = for_address
        if locked.row.assignee:
            data["from_assignee"] = locked.row.assignee
        if kept:
            data["crew_kept"] = kept
        ev = await journal.record(
            conn, ticket_id=locked.id, kind="handed_off", actor=actor, now=now, data=data
        )
        ids = {"ticket_id": locked.id, "number": locked.number, "event_id": ev.id, "now": now}
        moved = {
            "note": note,
            "from_branch": locked.row.branch,
            "crew_kept": kept,
            "for_address": for_address,
        }
        body = journal.payload(row, locked, **moved)
        staff_body = journal.payload(row, locked, **moved, **_staff_extra(row, locked))
        notices = [
            *journal.resident_notices(**ids, locked=locked, event="ticket.handed_off", data=body),
            journal.staff_notice(**ids, branch=branch, event="ticket.handed_off", data=staff_body),
        ]
        if for_address:  # the card left behind: edited to say who has it now, its buttons gone
            left = journal.staff_notice(
                **ids, branch=locked.row.branch, event=MOVED_AWAY, data=journal.payload(row, locked)
            )
            notices.append({**left, "idempotency_key": f"{left['idempotency_key']}:{MOVED_AWAY}"})
        await journal.queue(conn, notices)
        return ticket_info(row)


MOVED_AWAY = "ticket.moved_away"  # to the chat a ticket left by its address: its card edited, nothing posted


def _staff_extra(row: Any, locked: journal.Locked) -> dict[str, Any]:
    """What staff see beyond the resident's payload: the report itself and a number to call back."""
    return {"description": row.description, "temperature_c": row.temperature_c, "phone": locked.phone}


async def escalate(
    store: Store,
    *,
    number: str,
    reason: str,
    actor: str,
    recording: str | None = None,
    now: dt.datetime | None = None,
) -> TicketInfo:
    """Flag the ticket as escalated and alert its branch's staff chat; `recording`: the voicemail the caller left,
    for staff to listen to."""
    now = aware(now)
    async with store.write() as conn:
        locked = await journal.lock_ticket(conn, number)
        return await _escalated(conn, locked, {}, reason=reason, actor=actor, recording=recording, now=now)


async def upgrade_to_burst(
    store: Store, *, number: str, actor: str = "resident", now: dt.datetime | None = None
) -> TicketInfo:
    """An open leak its reporter now says has burst ("好像爆了") becomes a burst: one ticket, one crew, its kind changed
    and its staff alerted as for a burst. A ticket no longer open or not a leak, or a leak whose reporter has a burst
    open at that flat already (one open ticket per kind and flat), stays as it is."""
    now = aware(now)
    async with store.write() as conn:
        locked = await journal.lock_ticket(conn, number)
        row = locked.row
        if row.status not in OPEN or row.kind != str(TicketKind.LEAK) or await burst_open(conn, row):
            return ticket_info(row)
        changes = {"kind": str(TicketKind.BURST)}
        return await _escalated(conn, locked, changes, reason=str(TicketKind.BURST), actor=actor, now=now)


async def burst_open(conn: AsyncConnection, row: Any) -> bool:
    """The ticket's reporter has a burst open at the ticket's flat."""
    query = sa.select(ticket_t.c.id).where(
        ticket_t.c.contact_id == row.contact_id,
        ticket_t.c.kind == str(TicketKind.BURST),
        ticket_t.c.place == row.place,
        ticket_t.c.status.in_(OPEN),
    )
    return (await conn.execute(query.limit(1))).first() is not None


async def _escalated(
    conn: AsyncConnection,
    locked: journal.Locked,
    changes: dict[str, Any],
    *,
    reason: str,
    actor: str,
    now: dt.datetime,
    recording: str | None = None,
) -> TicketInfo:
    """The ticket flagged as escalated (with `changes`), logged, and its branch's staff chat alerted."""
    row = await journal.update_ticket(conn, locked.id, {**changes, "escalated": True, "updated_at": now})
    data = {"reason": reason, **changes}
    ev = await journal.record(conn, ticket_id=locked.id, kind="escalated", actor=actor, now=now, data=data)
    extra = _staff_extra(row, locked)
    body = journal.payload(row, locked, reason=reason, recording=recording, **extra)
    ids = {"ticket_id": locked.id, "number": locked.number, "event_id": ev.id, "now": now}
    await journal.queue(
        conn, [journal.staff_notice(**ids, branch=row.branch, event="ticket.escalated", data=body)]
    )
    return ticket_info(row)


async def mark_breached(store: Store, *, number: str, now: dt.datetime | None = None) -> TicketInfo:
    """The 30-minute promise was missed: flag it once and alert staff (no-op if already flagged or not open)."""
    now = aware(now)
    async with store.write() as conn:
        locked = await journal.lock_ticket(conn, number)
        told = locked.row.arrival_reported_at
        if locked.row.breached or locked.status not in OPEN_STATUSES or (told and told <= locked.row.due_at):
            # the resident said the crew came in time: no promise was broken
            return ticket_info(locked.row)
        row = await journal.update_ticket(conn, locked.id, {"breached": True, "updated_at": now})
        late = (now - row.due_at).total_seconds() / 60
        ev = await journal.record(
            conn,
            ticket_id=locked.id,
            kind="breached",
            actor="sla",
            now=now,
            data={"minutes_late": round(late, 1)},
        )
        body = journal.payload(row, locked, minutes_late=round(late, 1), **_staff_extra(row, locked))
        ids = {"ticket_id": locked.id, "number": locked.number, "event_id": ev.id, "now": now}
        # The resident hears the honest truth too: the promise was missed and a supervisor follows it up.
        told = journal.payload(row, locked, minutes_late=round(late, 1))
        await journal.queue(
            conn,
            [
                journal.staff_notice(**ids, branch=row.branch, event="ticket.breached", data=body),
                *journal.resident_notices(**ids, locked=locked, event="ticket.breached", data=told),
            ],
        )
        return ticket_info(row)
