"""Tickets: opening (with duplicate merging), residents' additions, and, re-exported, staff moves and reads.

Every write is one transaction holding the change, a TicketEvent and the outbox rows it implies.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from intents.types import Address
from storage import _journal as journal
from storage import _pg as pg
from storage import emergencies, followers, numbers, reconcile
from storage._changes import Change, outbox_row
from storage._common import aware, ticket_info
from storage._direct import Direct, DirectRow
from storage._writers import report_changes
from storage.additions import (
    add_note,
    add_report,
    answer_resident,
    attach,
    place_of,
    rating_given,
    record_rating,
    report_arrival,
    report_notice,
    report_place,
    ticket_address_values,
    update_address,
)
from storage.calls import call_back
from storage.crews import dispatch
from storage.db import Store, again_on_conflict
from storage.errors import ContactNotFound, UnknownBranch
from storage.models import OPEN, OPEN_CLAUSE, branch_t, contact_t, same_flat, ticket_t
from storage.queries import (
    events,
    for_another_flat,
    for_contact,
    get,
    list_tickets,
    of_contact,
    of_phone,
    open_of_branch,
    worsened,
)
from storage.twins import merge_twin, possible_twin
from storage.values import OTHER, Answered, Channel, Priority, Status, TicketInfo, TicketKind, flat_binds
from storage.workflow import (
    deny_arrival,
    escalate,
    hand_off,
    mark_breached,
    take,
    transition,
    upgrade_to_burst,
)

__all__ = [
    "add_note",
    "add_report",
    "answer_resident",
    "attach",
    "call_back",
    "deny_arrival",
    "dispatch",
    "escalate",
    "events",
    "for_another_flat",
    "for_contact",
    "get",
    "hand_off",
    "list_tickets",
    "mark_breached",
    "merge_report",
    "merge_twin",
    "of_contact",
    "of_phone",
    "open_of_branch",
    "open_ticket",
    "place_of",
    "possible_twin",
    "rating_given",
    "record_rating",
    "report_arrival",
    "report_place",
    "take",
    "transition",
    "update_address",
    "upgrade_to_burst",
    "worsened",
]

_PHONE_CHANNELS = frozenset({Channel.SMS, Channel.VOICE})


def _next_id(dialect: str) -> Any:
    """The id the next ticket gets, read before the insert so the number goes in with the row."""
    if dialect == "postgresql":
        return sa.func.nextval("ticket_id_seq")
    # Under BEGIN IMMEDIATE no other writer can take this id. AUTOINCREMENT keeps the high-water mark in
    # sqlite_sequence; max(id) covers a table rebuilt without it (Alembic batch mode drops the keyword).
    return sa.literal_column(
        "(SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'ticket'), 0),"
        " coalesce((SELECT max(id) FROM ticket), 0)) + 1)",
        sa.Integer,
    )


_PLACE, _WILD, _BARE = (
    sa.bindparam(k, type_=ticket_t.c.place.type) for k in ("place", "place_wild", "place_bare")
)
_ELSEWHERE = sa.bindparam("place_elsewhere", type_=sa.Boolean)
# The flat itself, the resident's or another home's ("other:…"): that ticket before any without a flat.
_same_key = sa.or_(
    ticket_t.c.place == _PLACE, ticket_t.c.place == sa.literal(OTHER, ticket_t.c.place.type) + _PLACE
)
# The open ticket a report joins: of its flat first, else the newest of its kind whose flat is not known.
_OPEN_OF_KIND = (
    sa.select(ticket_t)
    .where(
        ticket_t.c.contact_id == sa.bindparam("contact_id"),
        ticket_t.c.kind == sa.bindparam("kind"),
        same_flat(_PLACE, _WILD, _BARE, _ELSEWHERE),
        OPEN_CLAUSE,  # literal: a Direct statement has no IN list expanded at execution
    )
    .order_by(sa.case((sa.and_(_same_key, _PLACE != ""), 0), else_=1), ticket_t.c.id.desc())
    .limit(1)
)


@functools.cache
def _lock_contact_stmt(dialect: str, lock: bool = True) -> Direct:
    branch_known = (
        sa.select(sa.func.count()).select_from(branch_t).where(branch_t.c.code == sa.bindparam("branch"))
    )
    columns = [
        *contact_t.c,
        _next_id(dialect).label("next_id"),
        branch_known.scalar_subquery().label("branch_known"),
    ]
    if dialect == "sqlite":
        # Under SQLite's write lock this is current; PostgreSQL checks in the insert itself (a fresh snapshot).
        open_of_kind = _OPEN_OF_KIND.with_only_columns(ticket_t.c.id)
        columns.append(open_of_kind.scalar_subquery().label("open_of_kind"))
    stmt = sa.select(*columns).where(contact_t.c.id == sa.bindparam("contact_id"))
    return Direct(stmt.with_for_update(of=contact_t) if lock else stmt)


@functools.cache
def _insert(columns: tuple[str, ...]) -> Direct:
    return Direct(journal.insert_values(ticket_t, columns).returning(*ticket_t.c))


async def _lock_contact(
    conn: AsyncConnection, contact_id: int, branch: str | None, of: dict[str, Any], *, lock: bool = True
) -> Any:
    """Lock the reporting contact (serialises their reports) and fetch the next ticket id in the same trip.

    `of`: the kind and place of the report (for the open ticket it joins, on SQLite)."""
    stmt = _lock_contact_stmt(conn.dialect.name, lock)
    params = {"contact_id": contact_id, "branch": branch, **_match_binds(of)}
    row = await stmt.first(conn, params)
    if row is None:
        raise ContactNotFound(contact_id)
    if branch is not None and not row.branch_known:
        raise UnknownBranch(branch)
    return row


@again_on_conflict
async def open_ticket(
    store: Store,
    *,
    kind: TicketKind,
    priority: Priority,
    contact_id: int,
    branch: str | None,
    address: Address | None,
    description: str,
    temperature_c: float | None = None,
    too_hot: bool = False,
    elsewhere: bool = False,
    actor: str = "resident",
    escalate: bool = False,
    escalation_reason: str | None = None,
    now: dt.datetime | None = None,
    answered: Answered | None = None,
    same_estate: Callable[[str], bool] | None = None,
) -> tuple[TicketInfo, bool]:
    """Open a ticket, or, when the contact already has an open one of this kind for this flat, add the report to it.

    A report and an open ticket are of one flat when their places are equal or either is not known (""): a
    report without an address joins the newest open ticket of its kind; a ticket still without an address takes
    the report's. A report of another flat ("我妈家…也漏水了") opens its own ticket. `too_hot`: a no-heat report of
    a flat too hot ("暖气太热了"); a report joined to an open ticket leaves that ticket's problem as it was.

    `elsewhere`: the report is at another home than the resident's own ("我妈家也漏水了"): it joins no ticket
    without a flat, and its ticket's place says another home's (`values.OTHER`: "other:" and the flat, or a random
    token until its address comes, see `update_address`). A report of the resident's own home that names no flat
    ("现在我家暖气也不热了") joins no ticket of another home, and is matched as the flat saved on their contact.

    `answered`: where the reporter was just answered in the chat with the ticket's number (a texter): the SMS that
    carries the number to callers is not sent there a second time.

    `same_estate`: a repair of a flat whose building, unit and room are all known follows another resident's open
    repair of that flat at `branch` whose address this accepts as in the report's estate (`storage.followers`): the
    report is added to it and that ticket returned, with False and the other resident's `contact_id`. Without it,
    no other resident's ticket is followed. A leak or burst opened at such a flat whose no-heat repair is open is
    linked with that repair (`storage.emergencies`). A report that gives its flat to the resident's own open ticket
    without one makes that ticket merge with (or link to) another resident's open ticket of the flat
    (`storage.reconcile`), as an address given after does.
    """
    now = aware(now)
    report = {"description": description, "temperature_c": temperature_c, **ticket_address_values(address)}
    of = {"kind": str(kind), "place": report_place(address, elsewhere=elsewhere), "elsewhere": elsewhere}
    if elsewhere:  # told apart from the resident's own home's tickets for good, its flat known or not
        report["place"] = OTHER + (report["place"] or secrets.token_hex(4))
    new = {
        "kind": str(kind),
        "priority": str(priority),
        "branch": branch,
        "escalated": escalate,
        "too_hot": too_hot and kind == TicketKind.NO_HEAT,
        **report,
    }
    opening = functools.partial(_opening, actor=actor, reason=escalation_reason, now=now, answered=answered)
    flat = followers.Flat.of(kind, branch, address, same_estate)
    joining = functools.partial(
        followers.join,
        kind=kind,
        actor=actor,
        escalate=escalate,
        reason=escalation_reason,
        now=now,
        answered=answered,
    )
    if not store.is_sqlite and flat is None:
        # Two round trips, no transaction: read the contact and the next id, then one statement writes it all.
        async with store.autocommit() as conn:
            contact = await _lock_contact(conn, contact_id, branch, of, lock=False)
            change = opening(_values(store, contact, new, now), contact)
            row = await pg.insert_in_one_statement(conn, change, _match_binds(_at_home(of, contact)))
        if row is not None:
            return ticket_info(row), True
    # SQLite (writers queued), or PostgreSQL when the contact has an open ticket of this kind and flat or another
    # resident's may be followed: lock the contact.
    async with store.write() as conn:
        contact = await _lock_contact(conn, contact_id, branch, of)
        home = _at_home(of, contact)
        params = {"contact_id": contact_id, **_match_binds(home)}
        followed = await _of_another(conn, flat, contact, params)
        if followed is not None:
            return await joining(conn, followed, contact, report), False
        change = opening(_values(store, contact, new, now), contact)
        row = await _insert_unless_open(conn, change, contact, params, rematch=home is not of)
        if row is not None:  # a leak or burst at a flat whose repair is open: linked with it
            await emergencies.link(conn, row, same_estate, reporter=_recipient(contact), actor=actor, now=now)
            return ticket_info(row), True
        existing = (await conn.execute(_OPEN_OF_KIND, params)).one()
        added = await _merge(conn, existing, report, actor, escalate, escalation_reason, now)
        if existing.address_raw is None and added.address_raw is not None:  # its flat came with this report
            locked = await journal.lock_ticket(conn, added.number)
            reporter = _recipient(contact)
            row = await reconcile.placed(
                conn, locked.row, same_estate, reporter=reporter, actor=actor, now=now
            )
            return ticket_info(row), False
        return added, False


async def _of_another(
    conn: AsyncConnection, flat: followers.Flat | None, contact: Any, params: dict[str, Any]
) -> Any | None:
    """Another resident's open repair of the report's flat, which the report follows; None when there is none, or
    the contact has an open ticket of their own that the report joins (`params`: its match, see `_match_binds`)."""
    if flat is None:
        return None
    await followers.lock_flat(conn, flat)
    if (await conn.execute(_OPEN_OF_KIND, params)).first() is not None:
        return None
    return await followers.open_at(conn, flat, contact_id=contact.id)


def _match_binds(of: dict[str, Any]) -> dict[str, Any]:
    """The bound values a report of `of` (its kind, place and whether at another home) is matched with."""
    return {"kind": of["kind"], **flat_binds(of["place"], elsewhere=of["elsewhere"])}


def _at_home(of: dict[str, Any], contact: Any) -> dict[str, Any]:
    """A report of the resident's own home that names no flat, matched as the flat saved on their contact."""
    if of["place"] or of["elsewhere"] or contact.address_raw is None:
        return of
    home = report_place(None, home=Address(contact.address_raw, contact.building, contact.unit, contact.room))
    return {**of, "place": home} if home else of


def _values(store: Store, contact: Any, new: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """The new ticket's row: its id (never reused) and number, the report, the clock of the on-site promise."""
    return {
        "id": contact.next_id,
        "number": numbers.from_id(contact.next_id),
        "status": str(Status.NEW),
        "contact_id": contact.id,
        "channel": contact.channel,
        "created_at": now,
        "updated_at": now,
        "due_at": now + dt.timedelta(minutes=store.on_site_minutes),
        "breached": False,
        "hotline": contact.hotline,
        **new,
    }


async def _insert_unless_open(
    conn: AsyncConnection, change: Change, contact: Any, params: dict[str, Any], *, rematch: bool
) -> DirectRow | None:
    """Insert the ticket with its journal; None if its contact already has an open ticket of its kind and flat
    (`params`: the report's match, see `_match_binds`; `rematch`: not the one the contact was read with)."""
    if conn.dialect.name == "postgresql":
        return await pg.insert_in_one_statement(conn, change, params)
    open_of_kind = contact.open_of_kind
    if rematch:  # matched as the resident's own flat, saved on the contact just read
        open_of_kind = (await conn.execute(_OPEN_OF_KIND, params)).first()
    if open_of_kind is not None:
        return None
    row = await _insert(tuple(sorted(change.values))).first(conn, change.values)
    assert row is not None  # INSERT ... RETURNING returns the row it inserted
    ev = await journal.record(
        conn,
        ticket_id=row.id,
        kind=change.kind,
        actor=change.actor,
        now=change.now,
        data=change.data,
        to_status="new",
    )
    keyed = [outbox_row(n, row.id, f"{row.number}:{ev.id}", change.now) for n in change.notices]
    await journal.queue(conn, keyed)
    return row


def _opening(
    values: dict[str, Any],
    contact: Any,
    *,
    actor: str,
    reason: str | None,
    now: dt.datetime,
    answered: Answered | None = None,
) -> Change:
    """The new ticket's event and notices: staff always, callers and texters by SMS (Telegram answers inline, and so
    does the SMS chat: a texter answered there gets no second text)."""
    escalated = bool(values["escalated"])
    data = (
        {"priority": values["priority"], "reason": reason} if escalated else {"priority": values["priority"]}
    )
    change = Change(values, "opened", actor, now, data, to_status=str(Status.NEW))
    state = {**values, "crew": None}
    extra = {"description": values["description"], "temperature_c": values["temperature_c"], "reason": reason}
    staff = journal.payload(state, phone=contact.phone, **extra)
    change.tell_staff(values["branch"], "ticket.escalated" if escalated else "ticket.new", staff)
    if contact.channel in _PHONE_CHANNELS:
        to = _recipient(contact)
        if not journal.told_inline(to, answered):
            change.tell_resident(to, "ticket.opened", journal.payload(state))
    return change


def _recipient(contact: Any) -> journal.Recipient:
    """Where the reporting contact (its row) hears of their ticket."""
    return journal.recipient(
        channel=contact.channel,
        telegram_chat_id=contact.telegram_chat_id,
        phone=contact.phone,
        language=contact.language,
        unreachable=contact.unreachable,
        contact_id=contact.id,
    )


async def merge_report(
    store: Store,
    *,
    number: str,
    address: Address | None,
    description: str,
    temperature_c: float | None = None,
    actor: str = "resident",
    escalate: bool = False,
    escalation_reason: str | None = None,
    now: dt.datetime | None = None,
) -> TicketInfo | None:
    """A repeat report merged into this open ticket as `open_ticket` merges one of the same contact: for a ticket
    the reporter opened on another channel of their phone (a call, then a text). None when it is no longer open."""
    now = aware(now)
    report = {"description": description, "temperature_c": temperature_c, **ticket_address_values(address)}
    async with store.write() as conn:
        locked = await journal.lock_ticket(conn, number)
        if locked.row.status not in OPEN:
            return None
        return await _merge(conn, locked.row, report, actor, escalate, escalation_reason, now)


async def _merge(
    conn: AsyncConnection,
    existing: Row[Any] | DirectRow,
    report: dict[str, Any],
    actor: str,
    escalate: bool,
    reason: str | None,
    now: dt.datetime,
) -> TicketInfo:
    """A repeat report: log it on the open ticket; fill a missing address (and flat); take its room temperature
    (staff see the room as it is now, the earlier reading stays in the earlier report); escalate if asked and not yet.

    Staff are told every time, with the resident's new words ("水越来越多了"): as an escalation when this report
    escalates the ticket, as a complaint chased when its follow-up already ran out (its supervisors hear of it
    again), otherwise as a report added to it.
    """
    changes = report_changes(existing, report, escalate=escalate)
    if existing.address_raw is None and report["address_raw"] is not None:
        # No open ticket of this kind is keyed to the report's flat (it would have been joined instead).
        changes.update({k: report[k] for k in ("address_raw", "building", "unit", "room", "place")})
    row = (
        await journal.update_ticket(conn, existing.id, {**changes, "updated_at": now})
        if changes
        else existing
    )
    data = {k: v for k, v in report.items() if v is not None}
    ev = await journal.record(conn, ticket_id=existing.id, kind="report", actor=actor, now=now, data=data)
    escalated = bool(changes.get("escalated"))
    chased = row.kind == TicketKind.COMPLAINT and row.breached  # the supervisor's follow-up already ran out
    notice = report_notice(
        row,
        ev.id,
        now,
        description=report["description"],
        temperature_c=report["temperature_c"],
        event="ticket.escalated" if escalated else "ticket.follow_up_chased" if chased else "ticket.report",
        reason=reason if escalated else None,
    )
    await journal.queue(conn, [notice])
    return ticket_info(row)
