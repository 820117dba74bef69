"""Long polling (`heatline poll`): updates fetched from Telegram and handled in order, one at a time.

An update is acknowledged (the offset moves past it) only once it is handled. One that finds the store or the
conversation state unreachable is fetched again, with those after it, after a back-off: it is handled once the store is
back, never lost and never handled twice, and the wait is told in one log line, not a traceback per try."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import GetUpdates
from aiogram.types import Update

from bot.state import in_one_line, outage

log = logging.getLogger("bot.telegram")


@dataclass
class Poller:
    """Fetches and handles updates until cancelled; waits `first_pause` after a failure, doubling up to `longest_pause`."""

    bot: Bot
    dispatcher: Dispatcher
    allowed_updates: list[str]
    timeout: int = 30  # seconds Telegram holds a getUpdates open when there is nothing new
    first_pause: float = 1.0
    longest_pause: float = 60.0
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    offset: int | None = None
    _waiting: int | None = None  # the update that found the store unreachable, once told

    async def run(self) -> None:
        """Until cancelled."""
        pause = self.first_pause
        while True:
            if await self._round(pause):
                pause = self.first_pause
                continue
            await self.sleep(pause)
            pause = min(pause * 2, self.longest_pause)

    async def _round(self, pause: float) -> bool:
        """Fetch what is new and handle it in order, acknowledging each update once done; False when the rest must
        wait `pause` (Telegram not answering, or an update that found the store unreachable)."""
        updates = await self._fetch(pause)
        if updates is None:
            return False
        for update in updates:
            try:
                await self.dispatcher.feed_update(self.bot, update)
            except Exception as exc:
                # any other failure was logged by the errors router, and the resident told
                if outage(exc):
                    self._wait(update.update_id, exc, pause)
                    return False
                log.exception("update %s could not be handled", update.update_id)
            if update.update_id == self._waiting:
                log.info("update %s handled: the store answers again", update.update_id)
                self._waiting = None
            self.offset = update.update_id + 1
        return True

    async def _fetch(self, pause: float) -> list[Update] | None:
        """The updates not yet acknowledged; None when Telegram could not be asked (said in one line)."""
        ask = GetUpdates(offset=self.offset, timeout=self.timeout, allowed_updates=self.allowed_updates)
        try:
            return await self.bot(ask, request_timeout=self.timeout + 10)
        except TelegramAPIError as exc:  # the network, a timeout, a server error: all are one kind here
            log.warning("could not fetch updates from Telegram (%s); trying again in %.1f s", exc, pause)
            return None

    def _wait(self, update_id: int, exc: BaseException, pause: float) -> None:
        """Say once that `update_id` waits for the store; its later tries only at debug level."""
        if update_id == self._waiting:
            log.debug("update %s still waits for the store; next try in %.1f s", update_id, pause)
            return
        self._waiting = update_id
        log.error(
            "update %s waits: the store cannot be reached (%s); trying again in %.1f s, none after it handled first",
            update_id,
            in_one_line(exc),
            pause,
        )
