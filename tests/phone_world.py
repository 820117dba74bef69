"""The whole product around a caller, on the `store` fixture (SQLite and PostgreSQL): the voice channel, SMS, the
staff chats on a fake Bot API, the outbox worker and the 30-minute clock, as `heatline serve` runs them."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from fake_telegram import FIRST_MESSAGE_ID, FakeTelegram, Sent
from fake_twilio import FakeTwilio, running_fake_twilio
from pydantic import SecretStr
from test_ivr_helpers import ACCOUNT, PUBLIC, RESIDENT, TOKEN, Caller, Client, Clock

from bot.staff.board import card_key
from heatline.app import RUNTIME, build_app
from heatline.runtime import Runtime
from heatline.settings import Settings
from heatline.sla import SlaWatcher
from heatline.throttle import Limits, Throttle
from intents.company import Company
from storage import Store, conversations, tickets
from storage.values import TicketInfo, TicketKind

BOT_TOKEN, BOT_SECRET = "909:phone-world", "phone-world-secret"
STAFF_ID = 4100
CHAOYANG_STAFF = -1001000000002  # the demo company's chaoyang staff chat (the hotline's branch)


@dataclass
class Product:
    """The running product, a test clock, and what the fakes received."""

    client: Client
    runtime: Runtime
    telegram: FakeTelegram
    twilio: FakeTwilio
    clock: Clock
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def store(self) -> Store:
        return self.runtime.store

    def caller(self, phone: str | None = None) -> Caller:
        return Caller(self.client) if phone is None else Caller(self.client, phone=phone)

    async def deliver(self) -> None:
        """The outbox worker until nothing is left."""
        while await self.runtime.worker().run_once():
            pass

    async def tick(self, minutes: float) -> None:
        """Time passes a minute at a time, the 30-minute clock watching, and the outbox is delivered."""
        watcher = SlaWatcher(self.store, self.clock, self.runtime.company.commitments.warning_minutes)
        for _ in range(int(minutes)):
            self.clock.now += dt.timedelta(minutes=1)
            await watcher.run_once()
        await self.deliver()

    async def staff(
        self, text: str, *, chat: int = CHAOYANG_STAFF, reply_to: Sent | None = None
    ) -> list[str]:
        """A staff member types in their chat (`reply_to`: as a reply to that message of the bot's); returns what the
        bot sent to that chat in answer."""
        n = next(self._ids)
        message: dict[str, Any] = {
            "message_id": 50000 + n,
            "date": int(self.clock.now.timestamp()),
            "chat": {"id": chat, "type": "supergroup", "title": "staff"},
            "from": {"id": STAFF_ID, "is_bot": False, "first_name": "Dispatcher"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": self.message_id(reply_to),
                "date": int(self.clock.now.timestamp()),
                "chat": message["chat"],
                "from": {"id": 4242, "is_bot": True, "first_name": "Heatline"},
                "text": reply_to.text,
            }
        return await self._post(chat, n, message)

    async def writes(self, chat: int, text: str, *, lang: str = "zh-CN", **shown: str) -> list[str]:
        """A resident writes to the bot in their private Telegram chat (`shown`: the name Telegram sends with it,
        first_name=, last_name=, username=); returns what the bot answered there."""
        return await self._private(chat, lang, shown, text=text)

    async def shares_phone(self, chat: int, phone: str) -> list[str]:
        """A resident shares their own Telegram contact (their phone) in their private chat, linking it to the chat."""
        contact = {"phone_number": phone.lstrip("+"), "first_name": "Resident", "user_id": chat}
        return await self._private(chat, "zh-CN", contact=contact)

    async def sends_photo(self, chat: int, file_id: str, caption: str | None = None) -> list[str]:
        """A resident sends a photo (with words under it) in their private chat."""
        photo = [{"file_id": file_id, "file_unique_id": file_id[-8:], "width": 90, "height": 90}]
        return await self._private(chat, "zh-CN", photo=photo, **({"caption": caption} if caption else {}))

    async def shares_location(self, chat: int, lat: float, lon: float) -> list[str]:
        """A resident shares a location in their private chat."""
        return await self._private(chat, "zh-CN", location={"latitude": lat, "longitude": lon})

    async def _private(
        self, chat: int, lang: str, shown: dict[str, str] | None = None, **content: Any
    ) -> list[str]:
        n = next(self._ids)
        user = {"id": chat, "is_bot": False, "first_name": "Resident", "language_code": lang, **(shown or {})}
        message = {
            "message_id": n,
            "date": int(self.clock.now.timestamp()),
            "chat": {"id": chat, "type": "private", "first_name": "Resident"},
            "from": user,
            **content,
        }
        return await self._post(chat, n, message)

    async def _post(self, chat: int, n: int, message: dict[str, Any]) -> list[str]:
        """Post one message update to the webhook; what the bot sent to `chat` meanwhile."""
        before = len(self.telegram.calls)
        headers = {"X-Telegram-Bot-Api-Secret-Token": BOT_SECRET}
        update = {"update_id": 10000 + n, "message": message}
        assert (await self.client.post("/telegram/webhook", json=update, headers=headers)).status == 200
        return [
            c.text for c in self.telegram.calls[before:] if c.chat_id == chat and c.method == "sendMessage"
        ]

    def message_id(self, sent: Sent) -> int:
        """The id the fake Bot API gave a message the bot sent."""
        methods = ("sendMessage", "editMessageText", "editMessageReplyMarkup")  # an edit keeps its id
        made = [c for c in self.telegram.calls if c.method in methods and not c.params.get("message_id")]
        return FIRST_MESSAGE_ID + next(i for i, c in enumerate(made) if c is sent)

    async def press(self, number: str, label: str, *, chat: int = CHAOYANG_STAFF) -> str:
        """A staff member presses the button `label` on the ticket's card; returns the answer shown to them."""
        [data] = [d for text, d in self.card_buttons(number, chat) if text == label]
        return await self.press_data(data, number, chat=chat)

    async def press_data(self, data: str, number: str, *, chat: int = CHAOYANG_STAFF) -> str:
        """A button with this callback data pressed on the ticket's card (one it showed earlier, maybe)."""
        state = await conversations.load(self.store, key=card_key(number, chat))
        assert state is not None, f"no card of {number}"
        return await self._press(data, state["message_id"], chat)

    async def press_under(self, sent: Sent, label: str, *, chat: int = CHAOYANG_STAFF) -> str:
        """A staff member presses the button `label` under a message the bot sent (an answer to a command)."""
        [data] = [d for text, d in sent.buttons if text == label]
        return await self._press(data, int(sent.result["message_id"]), chat)

    async def _press(self, data: str, message_id: int, chat: int) -> str:
        """Post the button press on message `message_id`; returns the answer shown to the staff member."""
        n = next(self._ids)
        query = {
            "id": f"cb{n}",
            "from": {"id": STAFF_ID, "is_bot": False, "first_name": "Dispatcher"},
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(self.clock.now.timestamp()),
                "chat": {"id": chat, "type": "supergroup", "title": "staff"},
                "from": {"id": 4242, "is_bot": True, "first_name": "Heatline"},
                "text": "card",
            },
        }
        before = len(self.telegram.calls)
        headers = {"X-Telegram-Bot-Api-Secret-Token": BOT_SECRET}
        update = {"update_id": 10000 + n, "callback_query": query}
        assert (await self.client.post("/telegram/webhook", json=update, headers=headers)).status == 200
        [answer] = [c for c in self.telegram.calls[before:] if c.method == "answerCallbackQuery"]
        return str(answer.params.get("text", ""))

    def card_buttons(self, number: str, chat: int = CHAOYANG_STAFF) -> list[tuple[str, str]]:
        """The buttons the ticket's card shows now (none once the ticket is closed)."""
        return self._card_now(number, chat).buttons

    def card_text_now(self, number: str, chat: int = CHAOYANG_STAFF) -> str:
        """The ticket's card as it stands, with buttons or (closed) without."""
        return self._card_now(number, chat).text

    def _card_now(self, number: str, chat: int) -> Sent:
        shown = [c for c in self.staff_seen(chat) if f"<code>{number}</code>" in c.text]
        cards = [c for c in shown if c.buttons or c.method == "editMessageText"]
        assert cards, f"no card of {number}"
        return cards[-1]

    def staff_seen(self, chat: int = CHAOYANG_STAFF) -> list[Sent]:
        """Every card, edit and alert in a staff chat, in order."""
        return [
            c
            for c in self.telegram.calls
            if c.chat_id == chat and c.method in ("sendMessage", "editMessageText")
        ]

    def card(self, number: str, chat: int = CHAOYANG_STAFF) -> str:
        """The ticket's card as it stands in the staff chat (posted, then edited in place)."""
        shown = [c.text for c in self.staff_seen(chat) if c.buttons and f"<code>{number}</code>" in c.text]
        assert shown, f"no card of {number}"
        return shown[-1]

    def sms(self, to: str) -> list[str]:
        return [m.body for m in self.twilio.sent if m.to == to]

    async def ticket(self, number: str) -> TicketInfo:
        found = await tickets.get(self.store, number=number)
        assert found is not None
        return found


async def cold_by_phone(product: Product, address: str = "红旗小区3号楼2单元501") -> TicketInfo:
    """The caller reports no heat at `address` by keys (1, the address confirmed, 15 °C) and hangs up: their repair."""
    caller = product.caller()
    await caller.call()
    await caller.press("1")
    await caller.say(address)
    await caller.press("1")
    await caller.press("15#")
    await caller.hang_up()
    await product.deliver()
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    return ticket


async def complaint_by_phone(
    product: Product, words: str = "我要投诉 昨天来的师傅态度特别差 还跟我吵架"
) -> TicketInfo:
    """The caller complains in these words and hangs up: their complaint."""
    caller = product.caller()
    await caller.call()
    await caller.say(words)
    await caller.hang_up()
    await product.deliver()
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.COMPLAINT
    return ticket


@pytest.fixture(name="clock")
def clock_fixture() -> Clock:
    return Clock()


@pytest.fixture(name="product")
async def product_fixture(store: Store, demo_company: Company, clock: Clock) -> AsyncIterator[Product]:
    async with FakeTelegram().running() as telegram, running_fake_twilio() as twilio:
        settings = Settings(
            database_url=store.url,
            telegram_token=BOT_TOKEN,
            telegram_secret=BOT_SECRET,
            telegram_api_base=telegram.base_url,
            staff_user_ids=frozenset({STAFF_ID}),
            twilio_account_sid=ACCOUNT,
            twilio_auth_token=SecretStr(TOKEN),
            twilio_api_base=twilio.base_url,
            public_url=PUBLIC,
        )
        app = await build_app(settings, clock=clock, company=demo_company)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            runtime = app[RUNTIME]
            runtime.throttle = Throttle(Limits.off())
            yield Product(client, runtime, telegram, twilio, clock)
