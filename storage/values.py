"""Plain value types the store returns: never live ORM rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class TicketKind(StrEnum):
    NO_HEAT = "no_heat"
    LEAK = "leak"
    BURST = "burst"
    COMPLAINT = "complaint"
    CALLBACK = "callback"
    OTHER = "other"


class Priority(StrEnum):
    EMERGENCY = "emergency"
    NORMAL = "normal"


class Status(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    DISPATCHED = "dispatched"
    ON_SITE = "on_site"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    REOPENED = "reopened"


OPEN_STATUSES = frozenset(
    {Status.NEW, Status.ACKNOWLEDGED, Status.DISPATCHED, Status.ON_SITE, Status.REOPENED}
)
# A repair whose crew has not reached the flat yet: the promise of a crew on site still runs (or was missed).
REPAIR_KINDS = frozenset({TicketKind.NO_HEAT, TicketKind.LEAK, TicketKind.BURST})
ESCAPE_KINDS = frozenset({TicketKind.LEAK, TicketKind.BURST})  # water escaping: emergencies
# Settled by staff phoning the resident, never by a crew: a call-back (a call from the duty staff) and a complaint
# (the duty supervisor's follow-up).
CALL_KINDS = frozenset({TicketKind.CALLBACK, TicketKind.COMPLAINT})
AWAITING_CREW = frozenset({Status.NEW, Status.ACKNOWLEDGED, Status.DISPATCHED, Status.REOPENED})
# The problem of a no-heat ticket whose flat is too hot, as the channels' texts name it (their `kind.too_hot`).
TOO_HOT = "too_hot"


class Channel(StrEnum):
    """Where a resident reached us; voice callers are answered by SMS."""

    TELEGRAM = "telegram"
    SMS = "sms"
    VOICE = "voice"
    CONSOLE = "console"


@dataclass(frozen=True, slots=True)
class Answered:
    """Where a resident was just answered in the chat (its channel and chat id or phone): their notice of the same
    change is not sent there a second time; it still goes to them when their notices go elsewhere."""

    channel: Channel
    address: str


class Audience(StrEnum):
    RESIDENT = "resident"
    STAFF = "staff"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    DEAD = "dead"


# The stand-in phone of a caller who withheld their number: "anon:" and a key of that one call. It is nobody's
# number: never texted, never matched to another call.
WITHHELD = "anon:"


def withheld(phone: str | None) -> bool:
    """The stand-in phone of a caller who withheld their number (see WITHHELD)."""
    return bool(phone) and str(phone).startswith(WITHHELD)


@dataclass(frozen=True, slots=True)
class ContactInfo:
    id: int
    channel: Channel
    telegram_chat_id: int | None
    phone: str | None
    language: str
    address_raw: str | None
    building: str | None
    unit: str | None
    room: str | None
    unreachable: bool
    created_at: dt.datetime
    hotline: str | None = None
    phone_typed: bool = False  # the resident typed the phone in a chat: not proved to be theirs
    telegram_name: str | None = (
        None  # the name (and @username) a Telegram user shows, for staff to address them
    )


# A ticket of another home than its resident's own ("我妈家也漏水了") has its place prefixed: "other:2/1/101", or,
# while its flat is not known, "other:" and a random token. A report that names no flat never joins it (it is of the
# resident's own home); a report of its flat does, and a report of another home joins no ticket without a flat.
OTHER = "other:"


def same_place(a: str, b: str, *, elsewhere: bool = False) -> bool:
    """A report of flat `a` belongs to a ticket of flat `b` (keys "building/unit/room"): equal, either not known
    (""), or the same building and room with the unit said in one only ("3栋501" is "3栋2单元501"). A report at
    another home than the resident's own (`elsewhere`) never joins a ticket whose flat is not known, and one that
    names no flat never joins a ticket of another home (`OTHER`). Mirrors `storage.models.same_flat`."""
    if not b:
        return not elsewhere and not a.startswith(OTHER)
    if not a:
        return not b.startswith(OTHER)
    a, b = a.removeprefix(OTHER), b.removeprefix(OTHER)
    return a == b or _loose_keys(a)[1] == b or _loose_keys(b)[1] == a


def _loose_keys(place: str) -> tuple[str, str]:
    """A place's other keys of the same flat: a LIKE pattern of any unit, when the unit is not known, and the
    key without the unit, when it is; the place itself where the building or room is not known."""
    building, _, rest = place.partition("/")
    unit, _, room = rest.partition("/")
    if not (building and room):
        return place, place
    if unit:
        return place, f"{building}//{room}"
    return f"{building}/%/{room}", place


def flat_binds(place: str, *, elsewhere: bool = False) -> dict[str, Any]:
    """The bound values `storage.models.same_flat` compares a report's `place` with (`elsewhere`: see `same_place`)."""
    wild, bare = _loose_keys(place)
    return {"place": place, "place_wild": wild, "place_bare": bare, "place_elsewhere": elsewhere}


@dataclass(frozen=True, slots=True)
class TicketInfo:
    id: int
    number: str
    kind: TicketKind
    priority: Priority
    status: Status
    branch: str | None
    address_raw: str | None
    building: str | None
    unit: str | None
    room: str | None
    description: str
    temperature_c: float | None
    contact_id: int
    channel: Channel
    crew: str | None
    assignee: str | None
    escalated: bool
    breached: bool
    rating: int | None
    created_at: dt.datetime
    due_at: dt.datetime
    updated_at: dt.datetime
    status_times: dict[str, dt.datetime] = field(default_factory=dict)
    place: str = ""  # the flat, "building/unit/room"; "" while not known
    too_hot: bool = False  # a no-heat report of a flat too hot, not cold
    # when the resident said the crew had come, while staff had not yet marked it on site (the clock stops there)
    arrival_reported_at: dt.datetime | None = None

    @property
    def problem(self) -> str:
        """What the channels call the ticket's problem: its kind, or "too_hot" for a no-heat report of a flat too hot."""
        return TOO_HOT if self.too_hot and self.kind is TicketKind.NO_HEAT else self.kind.value

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def elsewhere(self) -> bool:
        """A ticket of another home than its resident's own ("我妈家也漏水了")."""
        return self.place.startswith(OTHER)

    def of_flat(self, place: str, *, elsewhere: bool = False) -> bool:
        """A report of `place` belongs to this ticket: the same flat, or either flat not known ("");
        `elsewhere`: the report is at another home than the resident's own (see `same_place`)."""
        return same_place(place, self.place, elsewhere=elsewhere)

    @property
    def awaiting_crew(self) -> bool:
        """A repair the crew has not reached yet: `due_at` is when the promise of a crew on site runs out. Not once
        the resident has said the crew came (`arrival_told`), though staff have not marked it on site yet."""
        return self.kind in REPAIR_KINDS and self.status in AWAITING_CREW and self.arrival_reported_at is None

    @property
    def unplaced(self) -> bool:
        """An open leak or burst nobody has given the address of yet: its crew has nowhere to go, though the promise
        of a crew on site runs (its resident is asked for the address, its staff must call them)."""
        return self.kind in ESCAPE_KINDS and self.is_open and not self.address_raw

    @property
    def arrival_told(self) -> bool:
        """The resident said the crew came ("师傅到了"), and staff have not marked it on site (nor moved it on) yet."""
        return (
            self.kind in REPAIR_KINDS
            and self.status in AWAITING_CREW
            and self.arrival_reported_at is not None
        )

    @property
    def by_call(self) -> bool:
        """A call-back or a complaint: settled by staff phoning the resident; no crew goes to it."""
        return self.kind in CALL_KINDS

    @property
    def is_repair(self) -> bool:
        """A repair (no heat, leak, burst): the one kind promised a crew on site within the 30 minutes."""
        return self.kind in REPAIR_KINDS


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: int
    ticket_number: str
    kind: str
    actor: str
    data: dict[str, Any]
    created_at: dt.datetime
    from_status: Status | None = None
    to_status: Status | None = None


@dataclass(frozen=True, slots=True)
class NotificationInfo:
    id: int
    ticket_number: str | None
    audience: Audience
    channel: Channel
    address: str
    language: str
    event: str
    payload: dict[str, Any]
    status: DeliveryStatus
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    idempotency_key: str
    created_at: dt.datetime
