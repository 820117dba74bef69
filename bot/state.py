"""Conversation state: a small JSON document per chat, kept in the store (or Redis when configured)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from storage import Store, conversations
from storage import errors as store_errors

IDLE = "idle"
ADDRESS = "address"
TEMPERATURE = "temperature"
ESTATE = "estate"  # the estate of a flat told without one, asked once before the card
CONFIRM = "confirm"
COMPLAINT = "complaint"
CLARIFY = "clarify"
OFFSEASON = "offseason"
WHICH_REPAIR = "which_repair"  # which repair the crew has come to, when the resident has several open
_REDIS_TTL_SECONDS = 60 * 60 * 24 * 30


@dataclass
class Conversation:
    """Where a chat stands: the step, the report being collected, the last options and the flood bucket."""

    step: str = IDLE
    draft: dict[str, Any] = field(default_factory=dict)
    options: list[list[str]] = field(default_factory=list)
    handoff_until: str | None = None
    handoff_since: str | None = None  # when the resident asked for a person
    handoff_noted: str | None = None  # when they were last told where their messages to staff stand
    handoff_chased: str | None = None  # when they were last told nobody has answered
    handoff_branch: str | None = None  # the branch whose staff have the talk: every word goes there
    # the resident's words to staff so far, to go with the talk should it move to another branch
    handoff_said: list[str] = field(default_factory=list)
    staff_at: str | None = None  # when staff's words last reached them
    staff_ticket: str | None = None  # the ticket those words were about, if any
    tokens: float | None = None
    tokens_at: str | None = None
    held: list[str] = field(default_factory=list)
    flood_noted: bool = False
    media: list[dict[str, Any]] = field(default_factory=list)
    # a number the resident asked to be called on (their proved phone staying theirs), for the report they file next
    call_on: str | None = None
    answered_at: str | None = None  # when the chat last answered: a rating question pushed later is the newer
    recent_ticket: str | None = None  # the ticket this chat last opened or put an address on, and when
    recent_at: str | None = None
    # reports put aside while another home's emergency is told, the latest last: each comes back once that one's
    # address is in
    waiting: list[dict[str, Any]] = field(default_factory=list)
    # the deliveries handled last (a Telegram message id, an SMS's MessageSid): a retried delivery is answered once
    seen: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Conversation:
        """Rebuild from stored JSON, ignoring unknown keys (state written by an older or newer version)."""
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document to store."""
        return asdict(self)

    def reset(self) -> None:
        """Forget the report in progress (not the flood bucket, not a handoff)."""
        self.step = IDLE
        self.draft = {}

    def remember(self, number: str, at: dt.datetime) -> None:
        """The ticket this chat has just opened or changed: a correction or a cancel typed soon after is about it."""
        self.recent_ticket, self.recent_at = number, at.isoformat()

    def staff_wrote(self, at: dt.datetime, number: str | None) -> None:
        """Staff's words (about ticket `number`, if any) reached the resident: a handoff waits for an answer again from
        here, and what the resident texts back may be for them."""
        self.staff_at, self.staff_ticket = at.isoformat(), number

    def option_data(self) -> list[str]:
        """The callback data of the options last shown, in order."""
        return [data for _label, data in self.options]


class StateStore(Protocol):
    async def load(self, key: str) -> dict[str, Any] | None: ...

    async def save(self, key: str, state: dict[str, Any]) -> None: ...

    async def clear(self, key: str) -> None: ...


class DatabaseStates:
    """Conversation state in the ticket store's conversations table."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def load(self, key: str) -> dict[str, Any] | None:
        return await conversations.load(self._store, key=key)

    async def save(self, key: str, state: dict[str, Any]) -> None:
        await conversations.save(self._store, key=key, state=state)

    async def clear(self, key: str) -> None:
        await conversations.clear(self._store, key=key)


class StateUnavailable(Exception):
    """The conversation state cannot be read or written now (Redis unreachable): try the message again later."""


def outage(exc: BaseException) -> bool:
    """The ticket store or the conversation state cannot be reached now: nothing of the message could be kept."""
    return isinstance(exc, StateUnavailable) or store_errors.unavailable(exc)


def in_one_line(exc: BaseException) -> str:
    """What went wrong, short enough for one log line (a database error's text runs over several)."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:200]}" if lines else type(exc).__name__


class RedisStates:
    """Conversation state in Redis, one JSON string per key, expiring after 30 days of silence."""

    def __init__(self, url: str) -> None:
        from redis.asyncio import Redis

        # Short timeouts: a message waiting on a Redis that is gone is better answered "try again" at once.
        self._redis = Redis.from_url(url, socket_connect_timeout=3, socket_timeout=5)

    async def load(self, key: str) -> dict[str, Any] | None:
        with _redis_reachable():
            raw = await self._redis.get(f"heatline:chat:{key}")
        return json.loads(raw) if raw else None

    async def save(self, key: str, state: dict[str, Any]) -> None:
        with _redis_reachable():
            await self._redis.set(f"heatline:chat:{key}", json.dumps(state), ex=_REDIS_TTL_SECONDS)

    async def clear(self, key: str) -> None:
        with _redis_reachable():
            await self._redis.delete(f"heatline:chat:{key}")

    async def close(self) -> None:
        await self._redis.aclose()


@contextlib.contextmanager
def _redis_reachable() -> Iterator[None]:
    from redis.exceptions import ConnectionError, TimeoutError

    try:
        yield
    except (ConnectionError, TimeoutError) as exc:
        raise StateUnavailable(f"Redis: {exc}") from exc


def state_store(store: Store, redis_url: str | None) -> StateStore:
    """Redis when a URL is configured, else the database."""
    return RedisStates(redis_url) if redis_url else DatabaseStates(store)
