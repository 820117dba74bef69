"""Platform send limits: a global rate, and a bucket per chat, with an injectable clock.

Telegram lets a bot send about 30 messages a second in all, one a second to a private chat and 20 a minute to a
group. A group's bucket holds those 20 and refills one every 3 seconds, so a burst of emergency cards goes out at
once after a quiet minute instead of one every 3 seconds; the last few of a group's minute are kept for urgent
messages, so routine traffic (reminders, card edits) never leaves a new emergency waiting for the bucket to refill.

What counts is every call Telegram receives, not every notification: a card edited with a line posted under it is two
messages to the chat, with its supervisors told three. The worker books a delivery's first call before it starts; each
further call the delivery makes takes a slot of its own as it is made (`Booking`, asked by the Bot API session).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    """Telegram's published limits, kept a little under the ceiling."""

    per_second: float = 25.0
    private_interval: float = 1.0
    group_interval: float = 3.0  # a group's bucket gains one message every 3 s: 20 a minute
    group_burst: int = 20  # and holds up to 20: a burst after a quiet minute goes at once
    urgent_reserve: int = 5  # of a group's bucket, kept for urgent messages

    @classmethod
    def off(cls) -> Limits:
        return cls(per_second=0.0, private_interval=0.0, group_interval=0.0)


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class Throttle:
    """Books sends so that every chat's and the platform's limits hold; `take` never waits, `slot` does."""

    limits: Limits = field(default_factory=Limits)
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _next_global: float = 0.0
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def take(self, chat: str, *, group: bool, urgent: bool = False) -> float:
        """Book one message to `chat` now and return 0, or return the seconds to wait before asking again."""
        interval = self.limits.group_interval if group else self.limits.private_interval
        now = self.monotonic()
        wait_global = max(0.0, self._next_global - now) if self.limits.per_second > 0 else 0.0
        if interval <= 0:
            if wait_global > 0:
                return wait_global
            self._book_global(now)
            return 0.0
        size = max(1, self.limits.group_burst) if group else 1
        keep = 0 if urgent or not group else min(self.limits.urgent_reserve, size - 1)
        bucket = self._bucket(chat, size, interval, now)
        short = 1 + keep - bucket.tokens
        if short > 1e-9:  # (a bucket held by the platform starts refilling only later)
            return max(max(0.0, bucket.at - now) + short * interval, wait_global)
        if wait_global > 0:
            return wait_global
        bucket.tokens -= 1
        self._book_global(now)
        return 0.0

    async def slot(self, chat: str, *, group: bool, urgent: bool = False) -> None:
        """Return when one more message to `chat` has been booked."""
        while (wait := self.take(chat, group=group, urgent=urgent)) > 0:
            await self.sleep(wait)

    def hold(self, chat: str, seconds: float) -> None:
        """The platform asked us to send nothing to `chat` for `seconds` (Telegram's retry_after)."""
        interval = max(self.limits.group_interval, self.limits.private_interval, 1e-6)
        # an empty bucket that refills its first message only when the wait is over
        self._buckets[chat] = _Bucket(tokens=0.0, at=self.monotonic() + seconds - interval)

    def _bucket(self, chat: str, size: int, interval: float, now: float) -> _Bucket:
        bucket = self._buckets.get(chat)
        if bucket is None:
            if len(self._buckets) > 10_000:  # forget the chats whose buckets are full again
                self._buckets = {k: b for k, b in self._buckets.items() if b.tokens < size}
            bucket = self._buckets[chat] = _Bucket(tokens=float(size), at=now)
        elif now > bucket.at:
            bucket.tokens = min(float(size), bucket.tokens + (now - bucket.at) / interval)
            bucket.at = now
        return bucket

    def _book_global(self, now: float) -> None:
        if self.limits.per_second > 0:
            self._next_global = max(now, self._next_global) + 1.0 / self.limits.per_second


@dataclass
class Booking:
    """The Telegram calls of one delivery under way: its first call to `chat` was booked before it began, every other
    call waits for a slot of its own in `throttle`."""

    throttle: Throttle
    chat: str
    group: bool
    urgent: bool = False
    paid: int = 1

    async def call(self, chat_id: int) -> None:
        """Return when a call to `chat_id` may be made."""
        chat = f"tg:{chat_id}"
        if chat == self.chat and self.paid > 0:
            self.paid -= 1
            return
        await self.throttle.slot(chat, group=self.group or chat_id < 0, urgent=self.urgent)


_BOOKING: ContextVar[Booking | None] = ContextVar("heatline_booking", default=None)


@contextlib.contextmanager
def delivering(booking: Booking) -> Iterator[None]:
    """The calls made inside the block belong to `booking`'s delivery."""
    token = _BOOKING.set(booking)
    try:
        yield
    finally:
        _BOOKING.reset(token)


def booking() -> Booking | None:
    """The delivery under way in this task, if any; calls made outside one (a reply to a command) wait for nothing."""
    return _BOOKING.get()
