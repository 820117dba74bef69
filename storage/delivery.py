"""The one small protocol every channel's sender follows, and the failures it may report."""

from __future__ import annotations

from typing import Protocol

from storage.values import NotificationInfo


class DeliveryError(Exception):
    """A notification could not be delivered this time; the outbox worker retries it with backoff."""


class RetryAfter(DeliveryError):
    """The platform asked us to wait exactly this many seconds (Telegram 429 `retry_after`)."""

    def __init__(self, seconds: float, message: str = "") -> None:
        super().__init__(message or f"retry after {seconds:g} s")
        self.seconds = seconds


class Unreachable(DeliveryError):
    """The recipient cannot be reached on this channel any more (blocked the bot, number invalid)."""


class Undeliverable(DeliveryError):
    """Retrying will not help (a malformed notification, an unknown event): the row goes dead at once."""


class Sender(Protocol):
    """Delivers one rendered notification on one channel, or raises a DeliveryError."""

    async def send(self, notification: NotificationInfo) -> None:
        """Send it; return normally only when the platform accepted it."""
        ...
