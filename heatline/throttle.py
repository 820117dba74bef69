"""Platform send limits: a global rate plus a minimum interval per chat, with an injectable clock."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    """Telegram's published limits, kept a little under the ceiling."""

    per_second: float = 25.0
    private_interval: float = 1.0
    group_interval: float = 3.0  # 20 messages a minute

    @classmethod
    def off(cls) -> Limits:
        return cls(per_second=0.0, private_interval=0.0, group_interval=0.0)


@dataclass
class Throttle:
    """Waits until a send to `chat` respects the global and per-chat limits, then books the slot."""

    limits: Limits = field(default_factory=Limits)
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _next_global: float = 0.0
    _next_chat: dict[str, float] = field(default_factory=dict)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def slot(self, chat: str, *, group: bool) -> None:
        """Return when this chat may be sent one more message."""
        interval = self.limits.group_interval if group else self.limits.private_interval
        while True:
            async with self._lock:  # booking must be atomic; the waits happen outside
                now = self.monotonic()
                ready = self._next_chat.get(chat, 0.0)
                if ready <= now:
                    # A global slot is booked only once the chat itself may be sent to: a chat still
                    # inside its own interval never holds up the messages for every other chat.
                    start = max(now, self._next_global)
                    if self.limits.per_second > 0:
                        self._next_global = start + 1.0 / self.limits.per_second
                    if interval > 0:
                        self._next_chat[chat] = start + interval
                    if len(self._next_chat) > 10_000:
                        self._next_chat = {k: v for k, v in self._next_chat.items() if v > now}
                    break
            await self.sleep(ready - now)
        if start > now:
            await self.sleep(start - now)

    def chat_ready_in(self, chat: str) -> float:
        """Seconds until this chat may be sent to again (0 when it may now)."""
        return max(0.0, self._next_chat.get(chat, 0.0) - self.monotonic())
