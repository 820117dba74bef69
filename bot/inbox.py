"""Texts in: handled at once, or, while the store or the conversation state cannot be reached, kept (bot.spool) and
handled once they can be, each once and in the order they came from each sender, the texter told the truth meanwhile.

A kept text is handled before anything its sender writes next (their answers then come together, in order), or by the
background replay, which texts its answer through the outbox."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from bot.dialogue import Dialogue
from bot.notifications import KEPT_ANSWER
from bot.replies import Identity, Picture, Reply, Text, render_plain
from bot.spool import KeptText, Spool
from bot.state import in_one_line, outage
from intents import detect_lang
from storage import outbox
from storage.values import Audience, Channel

log = logging.getLogger("bot.sms")
HANDLING_BUDGET = 10.0  # seconds: Twilio waits 15 in all for the answer, and a text not answered is lost


class StoreAway(Exception):
    """The store or the conversation state cannot be reached (or did not answer in time): keep the text."""


class Inbox:
    """The SMS chat's front door: `receive` answers a text now, `replay` handles those kept (the worker's loop)."""

    def __init__(self, dialogue: Dialogue, spool: Spool) -> None:
        self.dialogue = dialogue
        self.spool = spool

    async def receive(
        self, *, phone: str, to: str, body: str, sid: str | None, media: tuple[str, ...] = ()
    ) -> list[list[Reply]]:
        """The replies to one text (with the URLs of the pictures it carried), after those to each of the sender's
        texts still kept: one list per text."""
        text = KeptText.new(phone=phone, to=to, body=body, sid=sid, at=time.time_ns(), media=media)
        answers: list[list[Reply]] = []
        try:
            async with asyncio.timeout(HANDLING_BUDGET):
                for earlier in await self._kept_from(phone):
                    answers.append(await self._handle(earlier))
                    await self.spool.done(earlier)
                return [*answers, await self._handle(text)]
        except (StoreAway, TimeoutError) as exc:
            return [*answers, await self._keep(text, exc)]

    async def replay(self) -> int:
        """Handle the texts kept, oldest first, each answer texted through the outbox; stop at the first that still
        finds the store away. Returns how many are still kept."""
        waiting = await self.spool.waiting()
        handled = 0
        for text in waiting:
            try:
                replies = await self._handle(text)
                if replies:
                    await self._answer(text, replies)
            except StoreAway:
                break
            except Exception as exc:
                if not outage(exc):
                    raise
                break  # the answer could not be queued: the store went away again
            await self.spool.done(text)
            handled += 1
        if handled:
            log.info("handled %d texts kept while the store could not be reached", handled)
        return len(waiting) - handled

    async def run(self, stop: asyncio.Event, *, every: float = 1.0, longest: float = 5.0) -> None:
        """Replay until `stop` is set: every `every` seconds, less often (doubling up to `longest`) while the store is
        away."""
        pause = every
        while not stop.is_set():
            try:
                left = await self.replay()
            except Exception:  # a bug must not end the replay for good
                log.exception("replaying kept texts failed")
                left = 1
            pause = min(pause * 2, longest) if left else every
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=pause)

    async def close(self) -> None:
        await self.spool.close()

    def _identity(self, text: KeptText) -> Identity:
        company = self.dialogue.services.company
        return Identity(
            Channel.SMS, text.phone, hotline=text.to if company.branch_for_hotline(text.to) else None
        )

    async def _kept_from(self, phone: str) -> list[KeptText]:
        """The sender's texts still kept, oldest first (none when the spool cannot be read: said in the log)."""
        try:
            return [kept for kept in await self.spool.waiting() if kept.phone == phone]
        except OSError:
            log.exception("the texts kept cannot be read")
            return []

    async def _handle(self, text: KeptText) -> list[Reply]:
        """The dialogue's replies (an apology when handling failed); StoreAway when the store could not be reached."""
        identity = self._identity(text)
        try:
            inbound = Picture(text.media, text.body.strip() or None) if text.media else Text(text.body)
            return await self.dialogue.handle(identity, inbound, delivery=text.sid)
        except Exception as exc:
            if outage(exc):
                raise StoreAway(str(exc)) from exc
            log.exception("SMS from %s failed", text.phone[-4:])
            return self.dialogue.apology(identity)

    async def _keep(self, text: KeptText, why: BaseException) -> list[Reply]:
        identity = self._identity(text)
        try:
            await self.spool.keep(text)
        except OSError:
            log.exception("SMS from %s could not be kept either", text.phone[-4:])
            return self.dialogue.apology(identity)
        log.warning(
            "SMS from %s kept until the store answers (%s)",
            text.phone[-4:],
            in_one_line(why.__cause__ or why),
        )
        return self.dialogue.kept(identity, text.body)

    async def _answer(self, text: KeptText, replies: list[Reply]) -> None:
        """Text the answer to a kept text, through the outbox (once, however often this is tried)."""
        await outbox.enqueue(
            self.dialogue.services.store,
            audience=Audience.RESIDENT,
            channel=Channel.SMS,
            address=text.phone,
            language=detect_lang(text.body).value,
            event=KEPT_ANSWER,
            payload={"text": render_plain(replies), "hotline": text.to},
            idempotency_key=f"sms-answer:{text.sid}",
            now=self.dialogue.services.clock(),
        )
