"""Everything one Heatline process runs, built from the settings: store, channels, worker, clock."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from heatline.health import RedisProbe
from heatline.incidents import IncidentWatcher
from heatline.settings import Settings
from heatline.sla import SlaWatcher
from heatline.throttle import Throttle
from heatline.worker import OutboxWorker, SenderKey
from intents.company import Company
from storage import Store
from storage import company as company_store
from storage.delivery import Sender
from storage.values import Audience, Channel

if TYPE_CHECKING:
    from bot.dialogue import Dialogue
    from bot.inbox import Inbox
    from bot.services import ChatServices
    from bot.telegram import TelegramChannel

log = logging.getLogger("heatline")
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The real clock."""
    return dt.datetime.now(dt.UTC)


@dataclass
class Runtime:
    """One process's parts. Channels exist only when their credentials are configured."""

    settings: Settings
    company: Company
    store: Store
    clock: Clock = utc_now
    telegram: TelegramChannel | None = None
    texts: Dialogue | None = None  # the SMS chat
    inbox: Inbox | None = None  # its texts in, kept while the store cannot take them
    senders: dict[SenderKey, Sender] = field(default_factory=dict)
    throttle: Throttle = field(default_factory=Throttle)
    redis: RedisProbe | None = None  # asks /healthz's question; the chats keep their own client
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _closers: list[Callable[[], object]] = field(default_factory=list)

    @classmethod
    def build(cls, settings: Settings, company: Company, *, clock: Clock = utc_now) -> Runtime:
        """Create the store and every configured channel (no I/O yet)."""
        store = Store.from_url(settings.database_url, on_site_minutes=company.commitments.on_site_minutes)
        runtime = cls(settings, company, store, clock)
        if settings.redis_url:
            runtime.redis = RedisProbe(settings.redis_url)
            runtime._closers.append(runtime.redis.close)
        if settings.telegram_enabled:
            runtime._add_telegram()
        if settings.twilio_enabled:
            runtime._add_sms()
        return runtime

    def chat_services(self) -> ChatServices:
        """What the chat channels share."""
        from bot.services import ChatServices

        staff = (
            frozenset({self.settings.staff_chat_id})
            if self.settings.staff_chat_id is not None
            else frozenset()
        )
        return ChatServices(
            store=self.store,
            company=self.company,
            staff_chat_ids=staff,
            clock=self.clock,
            redis_url=self.settings.redis_url,
            complaint_follow_up_hours=self.company.commitments.complaint_follow_up_hours,
        )

    def _add_telegram(self) -> None:
        from bot.staff import StaffAccess, StaffSender, staff_router
        from bot.telegram import TelegramChannel
        from bot.telegram_sender import TelegramSender
        from heatline.pacing import PacedCalls

        assert self.settings.telegram_token and self.settings.telegram_secret
        services = self.chat_services()
        channel = TelegramChannel(
            services,
            token=self.settings.telegram_token.get_secret_value(),
            api_base=self.settings.telegram_api_base,
            secret=self.settings.telegram_secret.get_secret_value(),
        )
        channel.bot.session.middleware(PacedCalls())  # the worker's deliveries count every call they make
        access = StaffAccess(services=services, staff_user_ids=self.settings.staff_user_ids)
        channel.dispatcher.include_router(staff_router(access))
        self.telegram = channel
        self.senders[(Audience.RESIDENT, Channel.TELEGRAM)] = TelegramSender(
            channel.bot, self.company, dialogue=channel.dialogue
        )
        self.senders[(Audience.STAFF, Channel.TELEGRAM)] = StaffSender(channel.bot, services)

    def _add_sms(self) -> None:
        from bot.dialogue import Dialogue
        from bot.inbox import Inbox
        from bot.sms_sender import SmsSender
        from bot.spool import Spool

        assert self.settings.twilio_account_sid and self.settings.twilio_auth_token
        # One SMS chat for the texts coming in and the questions the worker texts out (the rating question)
        self.texts = Dialogue(self.chat_services())
        self.inbox = Inbox(self.texts, Spool(self.settings.spool_dir, self.settings.redis_url))
        self._closers += [self.texts.close, self.inbox.close]
        sender = SmsSender(
            account_sid=self.settings.twilio_account_sid,
            auth_token=self.settings.twilio_auth_token.get_secret_value(),
            company=self.company,
            api_base=self.settings.twilio_api_base,
            dialogue=self.texts,
        )
        self.senders[(Audience.RESIDENT, Channel.SMS)] = sender

    async def prepare(self) -> None:
        """Load the company's branches, hotlines and crews into the store."""
        await company_store.sync(self.store, self.company)

    def worker(self) -> OutboxWorker:
        """The outbox worker over this process's senders."""
        return OutboxWorker(self.store, self.senders, self.clock, throttle=self.throttle)

    def start_background(self) -> None:
        """Run the outbox worker, the 30-minute clock and the replay of kept texts until `close()`."""
        commitments = self.company.commitments
        watcher = SlaWatcher(
            self.store,
            self.clock,
            commitments.warning_minutes,
            commitments.callback_reminder_minutes,
            commitments.complaint_follow_up_hours,
        )
        grouper = IncidentWatcher(self.store, self.company, self.clock)
        self._tasks = [
            asyncio.create_task(self.worker().run(self._stop), name="outbox"),
            asyncio.create_task(watcher.run(self._stop), name="sla"),
            asyncio.create_task(grouper.run(self._stop), name="incidents"),
        ]
        if self.inbox is not None:  # texts kept while the store could not be reached, handled once it can be
            self._tasks.append(asyncio.create_task(self.inbox.run(self._stop), name="kept texts"))

    async def close(self) -> None:
        """Stop background work, close the channels and the store."""
        self._stop.set()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=5)
        if self.telegram is not None:
            await self.telegram.close()
        for sender in self.senders.values():
            close = getattr(sender, "close", None)
            if close is not None:
                await close()
        for closer in self._closers:
            done = closer()
            if asyncio.iscoroutine(done):
                await done
        await self.store.close()
