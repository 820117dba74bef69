"""The staff tests' world: the fake Bot API of tests/fake_telegram.py, a small company, a migrated store and
the real webhook app with the staff router."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.services import ChatServices
from bot.staff import StaffAccess, StaffSender, staff_router
from bot.telegram import TelegramChannel
from intents.company import Company
from intents.types import Address
from storage import Store, contacts, outbox, tickets
from storage import company as company_sync
from storage.values import Audience, Channel, NotificationInfo, Priority, TicketInfo, TicketKind
from tests.fake_telegram import FakeTelegram

SECRET = "staff-test-secret"
TOKEN = "4242:TEST"
NANGUAN_CHAT, CHAOYANG_CHAT, DEFAULT_CHAT, SUPERVISOR_CHAT = -1001, -1002, -1009, -1005
STAFF_USER, ADMIN_USER, STRANGER = 501, 502, 503
RESIDENT_CHAT = 777001
NOW = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai

COMPANY = Company.model_validate(
    {
        "name": "测试热力",
        "name_en": "Test Heating",
        "complaint_phone": "+8643189990000",
        "fees": {"zh": "按面积收费", "en": "by area"},
        "branches": [
            _b | {"reception_address": "x", "reception_address_en": "x", "reception_hours": "8-17"}
            for _b in (
                {
                    "code": "nanguan",
                    "name": "南关分公司",
                    "name_en": "Nanguan Branch",
                    "duty_phone": "+8643188770000",
                    "districts": ["南关区"],
                    "staff_chat_id": NANGUAN_CHAT,
                    "supervisor_chat_id": SUPERVISOR_CHAT,
                },
                {
                    "code": "chaoyang",
                    "name": "朝阳分公司",
                    "name_en": "Chaoyang Branch",
                    "duty_phone": "+8643188770001",
                    "districts": ["朝阳区"],
                    "staff_chat_id": CHAOYANG_CHAT,
                },
            )
        ],
        "hotlines": [{"number": "+8643188880001", "branch": "nanguan"}],
        "crews": [
            {
                "code": "C01",
                "name": "南关抢修一队",
                "name_en": "Nanguan team 1",
                "branch": "nanguan",
                "phone": "+8613900431001",
            },
            {
                "code": "C02",
                "name": "南关抢修二队",
                "name_en": "Nanguan team 2",
                "branch": "nanguan",
                "phone": "+8613900431002",
            },
            {
                "code": "C03",
                "name": "朝阳抢修一队",
                "name_en": "Chaoyang team 1",
                "branch": "chaoyang",
                "phone": "+8613900431003",
            },
        ],
    }
)


@dataclass
class World:
    """Everything a staff test drives and inspects."""

    store: Store
    fake: FakeTelegram
    client: TestClient
    bot: Bot
    services: ChatServices
    sender: StaffSender
    clock: list[dt.datetime]
    _updates: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _messages: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def open_ticket(
        self,
        *,
        kind: TicketKind = TicketKind.BURST,
        branch: str = "nanguan",
        contact_id: int | None = None,
        **extra: Any,
    ) -> TicketInfo:
        """A resident (Telegram, with a phone, unless `contact_id` names another) reports; returns the ticket."""
        if contact_id is None:
            contact = await contacts.get_or_create(
                self.store, channel=Channel.TELEGRAM, telegram_chat_id=RESIDENT_CHAT
            )
            await contacts.update(self.store, contact_id=contact.id, phone="+8613912340123")
            contact_id = contact.id
        emergency = kind in (TicketKind.BURST, TicketKind.LEAK)
        report: dict[str, Any] = {
            "address": Address("南关区东岭小区3栋2单元501", "3", "2", "501"),
            "description": "暖气片爆了，水喷了一地 <b>快来</b>",
            "temperature_c": 15.0,
            "escalate": emergency,
            "escalation_reason": "burst" if emergency else None,
            "now": self.clock[0],
        }
        ticket, _ = await tickets.open_ticket(
            self.store,
            kind=kind,
            priority=Priority.EMERGENCY if emergency else Priority.NORMAL,
            contact_id=contact_id,
            branch=branch,
            **{**report, **extra},
        )
        return ticket

    async def deliver_staff(self) -> list[NotificationInfo]:
        """What the outbox worker does for staff rows: claim them and hand each to the StaffSender."""
        # rows queued without a `now` are due at the real time: claim as of tomorrow
        claimed = await outbox.claim(
            self.store, limit=100, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        )
        staff = [n for n in claimed if n.audience is Audience.STAFF]
        for n in staff:
            await self.sender.send(n)
            await outbox.mark_sent(self.store, notification_id=n.id)
        return staff

    async def post(self, update: dict[str, Any], *, secret: str = SECRET) -> int:
        """POST one update to the webhook; returns the HTTP status."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
        response = await self.client.post("/telegram/webhook", json=update, headers=headers)
        return response.status

    async def resident(self, **content: Any) -> int:
        """The resident writes in their private chat: `content` is the message's (text=..., photo=[...], caption=...)."""
        message: dict[str, Any] = {
            "message_id": next(self._messages),
            "date": int(self.clock[0].timestamp()),
            "chat": {"id": RESIDENT_CHAT, "type": "private", "first_name": "Li"},
            "from": {"id": RESIDENT_CHAT, "is_bot": False, "first_name": "Li", "language_code": "zh-hans"},
            **content,
        }
        return await self.post({"update_id": next(self._updates), "message": message})

    async def command(
        self, text: str, *, user: int = STAFF_USER, chat: int = NANGUAN_CHAT, reply_to: int | None = None
    ) -> int:
        """A staff chat member types `text`."""
        message: dict[str, Any] = {
            "message_id": next(self._messages),
            "date": int(self.clock[0].timestamp()),
            "chat": {"id": chat, "type": "supergroup", "title": "staff"},
            "from": {"id": user, "is_bot": False, "first_name": f"Duty{user}"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to,
                "date": int(self.clock[0].timestamp()),
                "chat": message["chat"],
                "from": {"id": 4242, "is_bot": True, "first_name": "Heatline"},
                "text": "…",
            }
        return await self.post({"update_id": next(self._updates), "message": message})

    async def press(
        self, data: str, *, message_id: int, user: int = STAFF_USER, chat: int = NANGUAN_CHAT
    ) -> int:
        """A staff chat member presses an inline button."""
        query = {
            "id": f"cb{next(self._updates)}",
            "from": {"id": user, "is_bot": False, "first_name": f"Duty{user}"},
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(self.clock[0].timestamp()),
                "chat": {"id": chat, "type": "supergroup", "title": "staff"},
                "from": {"id": 4242, "is_bot": True, "first_name": "Heatline"},
                "text": "card",
            },
        }
        return await self.post({"update_id": next(self._updates), "callback_query": query})


async def make_world(store: Store, *, language: str = "zh-Hans") -> AsyncIterator[World]:
    """Build the world around a migrated store, its staff chats in `language`; tear it down afterwards."""
    await company_sync.sync(store, COMPANY)
    clock = [NOW]
    services = ChatServices(
        store=store, company=COMPANY, staff_chat_ids=frozenset({DEFAULT_CHAT}), clock=lambda: clock[0]
    )
    async with FakeTelegram(admins={(NANGUAN_CHAT, ADMIN_USER)}).running() as fake:
        channel = TelegramChannel(services, token=TOKEN, api_base=fake.base_url, secret=SECRET)
        channel.dispatcher.include_router(
            staff_router(StaffAccess(services, staff_user_ids=frozenset({STAFF_USER}), language=language))
        )
        app = web.Application()
        channel.mount(app)
        client = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        bot = Bot(token=TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)))
        try:
            sender = StaffSender(bot, services, language=language)
            yield World(store, fake, client, bot, services, sender, clock)
        finally:
            await client.close()
            await channel.close()
            await bot.session.close()
