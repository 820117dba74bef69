"""SQLModel tables of the ticket store. Services use their `__table__` with SQLAlchemy Core on hot paths."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.values import OPEN_STATUSES, OTHER

# Open statuses as plain strings, for SQL `IN (...)`.
OPEN = tuple(sorted(str(s) for s in OPEN_STATUSES))
OPEN_CLAUSE = sa.text("status IN ({})".format(", ".join(f"'{s}'" for s in OPEN)))
# The one-open-ticket-per-flat index, as PostgreSQL names it and as SQLite describes a violation of it.
OPEN_INDEX = "uq_ticket_open_per_contact_kind_place"
OPEN_INDEX_SQLITE = "ticket.contact_id, ticket.kind, ticket.place"

# Named constraints let Alembic's batch mode (SQLite) drop and recreate them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _json() -> Any:
    return Field(default_factory=dict, sa_column=sa.Column(sa.JSON(), nullable=False))


class Branch(SQLModel, table=True):
    """A service branch (分公司), synced from the company config."""

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=100)
    name_en: str = Field(max_length=100)
    duty_phone: str = Field(max_length=16)
    staff_chat_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    active: bool = True


class Hotline(SQLModel, table=True):
    """A public service telephone (E.164) and the branch that answers it."""

    number: str = Field(primary_key=True, max_length=16)
    branch: str = Field(foreign_key="branch.code", max_length=32)
    active: bool = True


class Crew(SQLModel, table=True):
    """A repair crew of a branch."""

    code: str = Field(primary_key=True, max_length=16)
    name: str = Field(max_length=100)
    name_en: str = Field(max_length=100)
    branch: str = Field(foreign_key="branch.code", max_length=32)
    phone: str = Field(max_length=16)
    members: int = 16
    active: bool = True


class Contact(SQLModel, table=True):
    """One resident identity per channel; `identity` is '<channel>:<chat id or phone>'."""

    id: int | None = Field(default=None, primary_key=True)
    identity: str = Field(max_length=64, unique=True)
    channel: str = Field(max_length=16)
    telegram_chat_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    phone: str | None = Field(default=None, max_length=16, index=True)
    # typed in a chat: nobody proved it is theirs, so it finds no tickets for a caller or texter from that number
    phone_typed: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    language: str = Field(default="zh-Hans", max_length=16)
    address_raw: str | None = Field(default=None, max_length=500)
    building: str | None = Field(default=None, max_length=16)
    unit: str | None = Field(default=None, max_length=16)
    room: str | None = Field(default=None, max_length=16)
    unreachable: bool = False
    hotline: str | None = Field(default=None, max_length=16)
    # the name a Telegram user shows ("Li Wang @liwang"), as Telegram last sent it: theirs to change there, so kept
    # apart from anything the resident tells us themselves
    telegram_name: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime
    updated_at: dt.datetime


class Incident(SQLModel, table=True):
    """Several no-heat reports from one building within hours: one fault, one crew, one card for staff."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, index=True)
    label: str = Field(max_length=200)
    branch: str | None = Field(default=None, foreign_key="branch.code", max_length=32)
    status: str = Field(default="open", max_length=16)
    created_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None = None


class Ticket(SQLModel, table=True):
    """A repair or complaint ticket; ids are never reused so numbers derived from them are unique."""

    __table_args__ = (
        sa.Index("ix_ticket_contact_kind_status", "contact_id", "kind", "status"),
        sa.Index("ix_ticket_branch_status", "branch", "status"),
        sa.Index("ix_ticket_status_due_at", "status", "due_at"),
        # One open ticket per resident, kind and flat: a repeat report joins it (see tickets.open_ticket).
        sa.Index(
            OPEN_INDEX,
            "contact_id",
            "kind",
            "place",
            unique=True,
            postgresql_where=OPEN_CLAUSE,
            sqlite_where=OPEN_CLAUSE,
        ),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=10, unique=True)
    kind: str = Field(max_length=16)
    priority: str = Field(max_length=16)
    status: str = Field(max_length=16)
    branch: str | None = Field(default=None, foreign_key="branch.code", max_length=32)
    address_raw: str | None = Field(default=None, max_length=500)
    building: str | None = Field(default=None, max_length=16)
    unit: str | None = Field(default=None, max_length=16)
    room: str | None = Field(default=None, max_length=16)
    # The flat the ticket is for, "building/unit/room" ("" while unknown): see storage.additions.place_of.
    place: str = Field(default="", max_length=50, sa_column_kwargs={"server_default": ""})
    description: str = Field(sa_type=sa.Text)
    temperature_c: float | None = None
    # The room's reading told after the repair ("现在22度了 挺好 5分"): the promise is 18 °C then; the figures count it.
    temperature_after_c: float | None = None
    # A no-heat report of a flat too hot ("暖气太热了"): the kind stays no_heat (the same crew regulates it).
    too_hot: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    contact_id: int = Field(foreign_key="contact.id")
    channel: str = Field(max_length=16)
    crew: str | None = Field(default=None, foreign_key="crew.code", max_length=16)
    assignee: str | None = Field(default=None, max_length=64)
    created_at: dt.datetime
    updated_at: dt.datetime
    due_at: dt.datetime
    acknowledged_at: dt.datetime | None = None
    dispatched_at: dt.datetime | None = None
    on_site_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    cancelled_at: dt.datetime | None = None
    reopened_at: dt.datetime | None = None
    # When the resident said the crew had come ("师傅到了") while staff had not marked it on site: the 30-minute
    # clock stops at it; the status stays staff's to move (see storage.additions.report_arrival).
    arrival_reported_at: dt.datetime | None = None
    escalated: bool = False
    breached: bool = False
    rating: int | None = None
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    hotline: str | None = Field(default=None, max_length=16)


class TicketEvent(SQLModel, table=True):
    """Append-only audit log: every change, message and escalation of a ticket, with its actor."""

    __tablename__ = "ticket_event"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    kind: str = Field(max_length=32)
    actor: str = Field(max_length=64)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str | None = Field(default=None, max_length=16)
    data: dict[str, Any] = _json()
    created_at: dt.datetime


class TicketFollower(SQLModel, table=True):
    """Another resident of a repair's flat who reported it too ("我家暖气也不热", the wife after the husband): they join
    the open ticket instead of opening a second, hear every change its reporter hears, and see it as theirs
    (see storage.followers)."""

    __tablename__ = "ticket_follower"
    __table_args__ = (sa.UniqueConstraint("ticket_id", "contact_id"),)

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id")
    contact_id: int = Field(foreign_key="contact.id", index=True)
    created_at: dt.datetime


class Notification(SQLModel, table=True):
    """Outbox row: written in the same transaction as the change it reports, delivered by the worker."""

    __table_args__ = (sa.Index("ix_notification_status_next_attempt_at", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id", index=True)
    audience: str = Field(max_length=16)
    channel: str = Field(max_length=16)
    address: str = Field(max_length=64)
    language: str = Field(max_length=16)
    event: str = Field(max_length=64)
    payload: dict[str, Any] = _json()
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    next_attempt_at: dt.datetime
    last_error: str | None = Field(default=None, sa_type=sa.Text)
    idempotency_key: str = Field(max_length=128, unique=True)
    created_at: dt.datetime
    sent_at: dt.datetime | None = None


class Conversation(SQLModel, table=True):
    """Chat or call flow state, one JSON document per key ('tg:<chat id>', 'call:<CallSid>')."""

    key: str = Field(primary_key=True, max_length=128)
    state: dict[str, Any] = _json()
    updated_at: dt.datetime


ticket_t = Ticket.__table__  # type: ignore[attr-defined]


contact_t = Contact.__table__  # type: ignore[attr-defined]
event_t = TicketEvent.__table__  # type: ignore[attr-defined]
notification_t = Notification.__table__  # type: ignore[attr-defined]
conversation_t = Conversation.__table__  # type: ignore[attr-defined]
branch_t = Branch.__table__  # type: ignore[attr-defined]
hotline_t = Hotline.__table__  # type: ignore[attr-defined]
crew_t = Crew.__table__  # type: ignore[attr-defined]
incident_t = Incident.__table__  # type: ignore[attr-defined]
follower_t = TicketFollower.__table__  # type: ignore[attr-defined]
metadata = SQLModel.metadata


def same_flat(place: Any, wild: Any, bare: Any, elsewhere: Any) -> Any:
    """Tickets a report of `place` (a bound "building/unit/room") is about: the same flat (of the resident's home or
    of another, `OTHER`), or either not known, or the unit said in one only (`wild`, `bare`: see
    `storage.values.flat_binds`). A report at another home (`elsewhere`) joins no ticket without a flat; a report
    without one joins no ticket of another home. `same_place` in Python."""
    column, other = ticket_t.c.place, sa.literal(OTHER, ticket_t.c.place.type)
    return sa.or_(
        column == place,
        column == other + place,
        sa.and_(column == "", sa.not_(elsewhere)),
        sa.and_(place == "", column.not_like(f"{OTHER}%")),
        column.like(wild),
        column.like(other + wild),
        column == bare,
        column == other + bare,
    )
