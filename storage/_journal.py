"""Inside a write transaction: lock a ticket, append its event, queue the notifications the change implies."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from storage._direct import Direct, DirectRow
from storage.errors import TicketNotFound, UnknownCrew
from storage.models import contact_t, crew_t, event_t, follower_t, notification_t, ticket_t
from storage.values import Answered, Audience, Channel, DeliveryStatus, Status, withheld

STAFF_LANGUAGE = "zh-Hans"
DEFAULT_STAFF_ADDRESS = "default"  # no branch: the worker sends to the default staff chat


@dataclass(frozen=True, slots=True)
class Recipient:
    """Where a resident's notifications go."""

    channel: Channel
    address: str
    language: str
    # The last part of their notices' idempotency key: the audience's for the reporter, a follower's own for each
    # resident following the ticket (storage.followers), so that each gets their copy of one change.
    key: str = str(Audience.RESIDENT)
    hotline: str | None = (
        None  # a follower's own hotline, which their texts come from (the reporter's: the ticket's)
    )

    def body(self, data: dict[str, Any]) -> dict[str, Any]:
        """A notice's payload as this resident gets it: their texts from the hotline they used."""
        return {**data, "hotline": self.hotline} if self.hotline else data


@dataclass(slots=True)
class Locked:
    """A ticket row locked for this transaction, with what notifications need about its contact and crew."""

    row: DirectRow
    resident: Recipient
    phone: str | None
    crew_name: str | None
    crew_name_en: str | None
    requested_crew: tuple[str, str, str | None] | None = None  # code, name, name_en (see lock_ticket)
    followers: tuple[
        Recipient, ...
    ] = ()  # other residents of the flat who reported it too (storage.followers)
    name: str | None = None  # the name its reporter shows on Telegram, for staff to know whom to reach

    @property
    def residents(self) -> tuple[Recipient, ...]:
        """Everyone told of the ticket's changes: its reporter first, then the residents following it."""
        return (self.resident, *self.followers)

    @property
    def id(self) -> int:
        return int(self.row.id)

    @property
    def number(self) -> str:
        return str(self.row.number)

    @property
    def status(self) -> Status:
        return Status(self.row.status)

    @property
    def reachable(self) -> bool:
        """The reporter can be written to: a phone (not withheld), or a Telegram chat not known to have blocked the bot."""
        if not reachable(self.resident):
            return False
        return not (self.resident.channel is Channel.TELEGRAM and self.row.get("unreachable"))


def told_inline(to: Recipient, answered: Answered | None) -> bool:
    """The resident was just answered in the chat where this notice would go: it is not sent there again."""
    return answered is not None and (to.channel, to.address) == (answered.channel, answered.address)


def recipient(
    *,
    channel: str,
    telegram_chat_id: int | None,
    phone: str | None,
    language: str,
    unreachable: bool,
    contact_id: int,
) -> Recipient:
    """Telegram chats get Telegram, callers and texters get SMS; an unreachable chat with a linked phone gets SMS."""
    if channel == Channel.TELEGRAM and telegram_chat_id is not None and not (unreachable and phone):
        return Recipient(Channel.TELEGRAM, str(telegram_chat_id), language)
    if phone:
        return Recipient(Channel.SMS, phone, language)
    return Recipient(Channel(channel), f"contact:{contact_id}", language)


def _recipient_of(m: Mapping[Any, Any], channel: str = "channel") -> Recipient:
    """`recipient` of a row with a contact's columns and its `contact_id` (`channel`: its channel column's name)."""
    return recipient(
        channel=m[channel],
        telegram_chat_id=m["telegram_chat_id"],
        phone=m["phone"],
        language=m["language"],
        unreachable=m["unreachable"],
        contact_id=m["contact_id"],
    )


def follower(m: Mapping[Any, Any]) -> Recipient:
    """Where a resident following a ticket hears of it: their own channel and language, their own notices' key."""
    return replace(_recipient_of(m), key=f"follower:{m['contact_id']}", hotline=m["hotline"])


def identity(contact: Any) -> dict[str, Any]:
    """Who a resident following a ticket is, for staff to see and answer them (`bot.staff.relay.Resident`): with the
    name they show on Telegram, as it is when they write."""
    chat = contact.telegram_chat_id
    who = {
        "contact_id": contact.id,
        "channel": contact.channel,
        "ident": str(chat) if chat is not None else contact.phone,
        "language": contact.language,
    }
    return {**who, "name": contact.telegram_name} if contact.telegram_name else who


def reachable(to: Recipient) -> bool:
    """A resident can be written to there: not a stand-in address of a contact with no chat or phone, nor withheld."""
    return not (to.address.startswith("contact:") or withheld(to.address))


_LOCK_COLUMNS = (
    *ticket_t.c,
    contact_t.c.channel.label("contact_channel"),
    contact_t.c.telegram_chat_id,
    contact_t.c.phone,
    contact_t.c.language,
    contact_t.c.unreachable,
    contact_t.c.telegram_name,
    crew_t.c.name.label("crew_name"),
    crew_t.c.name_en.label("crew_name_en"),
    sa.exists().where(follower_t.c.ticket_id == ticket_t.c.id).label("followed"),
)
# Hot statements are built once: building one (cache key and all) costs more than running it.
_READ = (
    sa.select(*_LOCK_COLUMNS)
    .select_from(ticket_t.join(contact_t, contact_t.c.id == ticket_t.c.contact_id).outerjoin(crew_t))
    .where(ticket_t.c.number == sa.bindparam("number"))
)
_LOCK = _READ.with_for_update(of=ticket_t)
# A crew being sent comes with the ticket (one round trip); several matches: any one, as _CREW.first() did.
_REQUESTED = crew_t.alias("requested")
_READ_WITH_CREW = _READ.add_columns(
    _REQUESTED.c.code.label("requested_code"),
    _REQUESTED.c.name.label("requested_name"),
    _REQUESTED.c.name_en.label("requested_name_en"),
).outerjoin(_REQUESTED, sa.func.lower(_REQUESTED.c.code) == sa.bindparam("crew"))
_LOCK_WITH_CREW = _READ_WITH_CREW.with_for_update(of=ticket_t)
_READS = {
    (lock, with_crew): Direct(statement)
    for (lock, with_crew), statement in {
        (False, False): _READ,
        (True, False): _LOCK,
        (False, True): _READ_WITH_CREW,
        (True, True): _LOCK_WITH_CREW,
    }.items()
}
_FOLLOWERS = (
    sa.select(
        follower_t.c.contact_id,
        contact_t.c.channel,
        contact_t.c.telegram_chat_id,
        contact_t.c.phone,
        contact_t.c.language,
        contact_t.c.unreachable,
        contact_t.c.hotline,
    )
    .join(contact_t, contact_t.c.id == follower_t.c.contact_id)
    .where(follower_t.c.ticket_id == sa.bindparam("ticket_id"))
    .order_by(follower_t.c.id)
)
CREW = sa.select(crew_t.c.code, crew_t.c.name, crew_t.c.name_en).where(
    sa.func.lower(crew_t.c.code) == sa.bindparam("code")
)
EVENT_COLUMNS = ("ticket_id", "kind", "actor", "from_status", "to_status", "data", "created_at")
OUTBOX_COLUMNS = (
    "ticket_id",
    "audience",
    "channel",
    "address",
    "language",
    "event",
    "payload",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "idempotency_key",
    "created_at",
    "sent_at",
)


def insert_values(table: sa.Table, columns: tuple[str, ...]) -> sa.Insert:
    """INSERT INTO table (columns) VALUES (a parameter of the column's name and type for each)."""
    return sa.insert(table).values({c: sa.bindparam(c, type_=table.c[c].type) for c in columns})


_RECORD = Direct(insert_values(event_t, EVENT_COLUMNS).returning(*event_t.c))
_QUEUE = Direct(insert_values(notification_t, OUTBOX_COLUMNS))


@functools.cache
def _update(columns: frozenset[str]) -> Direct:
    values: dict[str, Any] = {c: sa.bindparam(f"new_{c}", type_=ticket_t.c[c].type) for c in columns}
    return Direct(
        sa.update(ticket_t)
        .where(ticket_t.c.id == sa.bindparam("ticket_id"))
        .values(values)
        .returning(*ticket_t.c)
    )


async def lock_ticket(
    conn: AsyncConnection, number: str, *, lock: bool = True, crew: str | None = None
) -> Locked:
    """The ticket with this number, locked until commit (PostgreSQL; SQLite holds the write lock anyway).

    lock=False only reads it (for a change that is then written with an optimistic check). `crew`: also look
    up the crew with this code (any case) as `requested_crew`; UnknownCrew, before TicketNotFound, if none.
    """
    params = {"number": number} if crew is None else {"number": number, "crew": crew.lower()}
    row = await _READS[lock, crew is not None].first(conn, params)
    if row is None:
        if crew is not None and (await conn.execute(CREW, {"code": crew.lower()})).first() is None:
            raise UnknownCrew(crew)
        raise TicketNotFound(number)
    m = row
    if crew is not None and m["requested_code"] is None:
        raise UnknownCrew(crew)
    resident = _recipient_of(m, "contact_channel")
    locked = Locked(row, resident, m["phone"], m["crew_name"], m["crew_name_en"], name=m["telegram_name"])
    if m["followed"]:  # only a ticket other residents follow costs the second read
        found = await conn.execute(_FOLLOWERS, {"ticket_id": row.id})
        locked.followers = _each_once(resident, [follower(f) for f in found.mappings()])
    if crew is not None:
        locked.requested_crew = (m["requested_code"], m["requested_name"], m["requested_name_en"])
    return locked


def _each_once(reporter: Recipient, followers: list[Recipient]) -> tuple[Recipient, ...]:
    """The followers who are not reached where the reporter or another follower is (a phone that called and then
    texted is two contacts, one person): each chat or phone gets one copy of each change."""
    reached = {(reporter.channel, reporter.address)}
    once = []
    for to in followers:
        if (to.channel, to.address) not in reached:
            reached.add((to.channel, to.address))
            once.append(to)
    return tuple(once)


async def update_ticket(conn: AsyncConnection, ticket_id: int, values: dict[str, Any]) -> DirectRow:
    """Apply `values` to the ticket and return the new row."""
    params = {f"new_{c}": v for c, v in values.items()}
    row = await _update(frozenset(values)).first(conn, {"ticket_id": ticket_id, **params})
    if row is None:
        raise TicketNotFound(str(ticket_id))
    return row


async def record(
    conn: AsyncConnection,
    *,
    ticket_id: int,
    kind: str,
    actor: str,
    now: dt.datetime,
    data: dict[str, Any] | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
) -> DirectRow:
    """Append one event to the ticket's log."""
    values = {
        "ticket_id": ticket_id,
        "kind": kind,
        "actor": actor,
        "from_status": from_status,
        "to_status": to_status,
        "data": data or {},
        "created_at": now,
    }
    row = await _RECORD.first(conn, values)
    assert row is not None  # INSERT ... RETURNING returns the row it inserted
    return row


def payload(row: Row[Any] | Mapping[str, Any], locked: Locked | None = None, **extra: Any) -> dict[str, Any]:
    """What a renderer needs to word a message about this ticket (a row, or a mapping of its columns)."""
    m = row._mapping if isinstance(row, Row) else row
    data: dict[str, Any] = {
        "number": m["number"],
        "kind": m["kind"],
        "priority": m["priority"],
        "status": m["status"],
        "branch": m["branch"],
        "crew": m["crew"],
        "address": m["address_raw"],
        "due_at": m["due_at"].isoformat(),
    }
    if m.get("hotline"):
        data["hotline"] = m["hotline"]
    if m.get("too_hot"):  # a no-heat ticket of a flat too hot: worded so to its resident
        data["too_hot"] = True
    if m.get("incident_id"):  # one of a building fault's reports: staff act on the fault as one
        data["incident"] = m["incident_id"]
    if m.get("arrival_reported_at"):  # the resident said the crew came: staff are told when
        data["arrival_reported_at"] = m["arrival_reported_at"].isoformat()
    if locked is not None and m["crew"]:
        data["crew_name"], data["crew_name_en"] = locked.crew_name, locked.crew_name_en
    data.update({k: v for k, v in extra.items() if v is not None})
    return data


def resident_notice(
    *,
    ticket_id: int,
    number: str,
    event_id: int,
    to: Recipient,
    event: str,
    data: dict[str, Any],
    now: dt.datetime,
) -> dict[str, Any]:
    """An outbox row for the resident who reported the ticket (or one following it)."""
    return _notice(ticket_id, number, event_id, Audience.RESIDENT, to, event, to.body(data), now)


def resident_notices(
    *,
    locked: Locked,
    number: str,
    event_id: int,
    event: str,
    data: dict[str, Any],
    now: dt.datetime,
    ticket_id: int,
) -> list[dict[str, Any]]:
    """An outbox row for the ticket's reporter and one for each resident following it, each on their own channel."""
    ids: dict[str, Any] = {"ticket_id": ticket_id, "number": number, "event_id": event_id, "now": now}
    return [resident_notice(**ids, to=to, event=event, data=data) for to in locked.residents]


def staff_notice(
    *,
    ticket_id: int,
    number: str,
    event_id: int,
    branch: str | None,
    event: str,
    data: dict[str, Any],
    now: dt.datetime,
) -> dict[str, Any]:
    """An outbox row for the staff chat of `branch` (the worker resolves the chat)."""
    to = Recipient(Channel.TELEGRAM, branch or DEFAULT_STAFF_ADDRESS, STAFF_LANGUAGE)
    return _notice(ticket_id, number, event_id, Audience.STAFF, to, event, data, now)


def _notice(
    ticket_id: int,
    number: str,
    event_id: int,
    audience: Audience,
    to: Recipient,
    event: str,
    data: dict[str, Any],
    now: dt.datetime,
) -> dict[str, Any]:
    return {
        "ticket_id": ticket_id,
        "audience": str(audience),
        "channel": str(to.channel),
        "address": to.address,
        "language": to.language,
        "event": event,
        "payload": data,
        "status": str(DeliveryStatus.PENDING),
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": None,
        "idempotency_key": f"{number}:{event_id}:{to.key if audience is Audience.RESIDENT else audience}",
        "created_at": now,
        "sent_at": None,
    }


async def queue(conn: AsyncConnection, notices: list[dict[str, Any]]) -> None:
    """Insert outbox rows (one statement each: there are one or two); none for a caller who withheld their number."""
    for notice in notices:
        if notice["audience"] == Audience.RESIDENT and withheld(notice["address"]):
            continue
        await _QUEUE.run(conn, notice)
