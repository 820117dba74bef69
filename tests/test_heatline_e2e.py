"""The whole product in one process, as `heatline serve` runs it: Telegram webhook, staff chat, SMS, the
outbox worker — over real HTTP, with the bot pointed at a fake Bot API and the SMS sender at a fake Twilio."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestClient, TestServer
from fake_telegram import FakeTelegram, Updates, fake_telegram_fixture  # noqa: F401 (fixture)
from fake_twilio import FakeTwilio, running_fake_twilio
from storage_helpers import open_for_new_contact
from twilio.request_validator import RequestValidator

from heatline.app import RUNTIME, build_app
from heatline.runtime import Runtime
from heatline.settings import Settings
from heatline.throttle import Limits, Throttle
from storage import contacts, outbox, tickets
from storage.models import notification_t
from storage.values import Channel, Status, TicketInfo

TOKEN = "777:e2e-token"
SECRET = "e2e-secret"
TWILIO_TOKEN = "e2e-twilio-token"
PUBLIC = "https://heat.example.org"
STAFF_ID = 4100
NANGUAN_STAFF, CHAOYANG_STAFF = -1001000000001, -1001000000002  # the demo company's staff chats
NUMBER = re.compile(r"\b\d{7,10}\b")


@dataclass
class Product:
    client: TestClient[object, object]
    runtime: Runtime
    telegram: FakeTelegram
    twilio: FakeTwilio
    updates: Updates
    texts: int = 0  # SMS posted so far: each gets a MessageSid of its own

    async def telegram_update(self, update: dict[str, object]) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        return (await self.client.post("/telegram/webhook", json=update, headers=headers)).status

    async def staff_says(self, chat: int, text: str) -> int:
        update = self.updates.message(chat, text, chat_type="supergroup")
        message = update["message"]
        assert isinstance(message, dict)
        message["from"] = {"id": STAFF_ID, "is_bot": False, "first_name": "Dispatcher"}
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return await self.telegram_update(update)

    async def text_message(self, sender: str, hotline: str, body: str) -> str:
        self.texts += 1
        form = {"MessageSid": f"SM{self.texts}", "From": sender, "To": hotline, "Body": body, "NumMedia": "0"}
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(f"{PUBLIC}/twilio/sms", form)
        response = await self.client.post("/twilio/sms", data=form, headers={"X-Twilio-Signature": signature})
        assert response.status == 200
        return await response.text()

    async def deliver(self) -> int:
        return await self.runtime.worker().run_once()

    async def only_ticket(self, **filters: str) -> TicketInfo:
        [ticket] = await tickets.list_tickets(self.runtime.store, **filters)  # type: ignore[arg-type]
        return ticket


class Clock:
    """Real time when the test starts; moves only when the test says so."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def product(sqlite_url: str, fake_telegram: FakeTelegram, clock: Clock) -> AsyncIterator[Product]:
    async with running_fake_twilio() as twilio:
        settings = Settings(
            database_url=sqlite_url,
            telegram_token=TOKEN,
            telegram_secret=SECRET,
            telegram_api_base=fake_telegram.base_url,
            staff_user_ids=frozenset({STAFF_ID}),
            twilio_account_sid="AC" + "0" * 32,
            twilio_auth_token=TWILIO_TOKEN,
            twilio_api_base=twilio.base_url,
            public_url=PUBLIC,
        )
        app = await build_app(settings, clock=clock)
        client: TestClient[object, object] = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        runtime = app[RUNTIME]
        runtime.throttle = Throttle(Limits.off())
        try:
            yield Product(client, runtime, fake_telegram, twilio, Updates())
        finally:
            await client.close()


async def test_a_burst_on_telegram_reaches_staff_and_every_change_reaches_the_resident(
    product: Product,
) -> None:
    resident = 5550001
    update = product.updates.message(resident, "东岭小区3栋2单元501 暖气片爆了，水喷得满地都是")
    assert await product.telegram_update(update) == 200
    first = product.telegram.new(resident)
    assert first, "the resident got no answer"
    ticket = await product.only_ticket()
    assert ticket.kind.value == "burst" and ticket.priority.value == "emergency" and ticket.escalated
    assert ticket.branch == "nanguan"
    assert any(ticket.number in m.text for m in first)
    assert "阀" in first[0].text  # safety advice comes first

    await product.deliver()
    cards = [m for m in product.telegram.messages(NANGUAN_STAFF) if ticket.number in m.text]
    assert len(cards) >= 1, "staff saw no card"

    assert await product.staff_says(NANGUAN_STAFF, f"/dispatch {ticket.number} C01") == 200
    moved = await tickets.get(product.runtime.store, number=ticket.number)
    assert moved is not None and moved.status is Status.DISPATCHED and moved.crew == "C01"
    await product.deliver()
    told = product.telegram.new(resident)
    assert any(ticket.number in m.text and "南关抢修一队" in m.text for m in told)
    edits = [c for c in product.telegram.of("editMessageText") if ticket.number in str(c.params.get("text"))]
    assert edits, "the staff card was not edited in place"
    assert len([m for m in product.telegram.messages(NANGUAN_STAFF) if "tk:" in str(m.params)]) <= 1


async def test_a_leak_reported_by_sms_is_followed_up_by_sms_from_the_hotline(product: Product) -> None:
    caller, hotline = "+8613900007777", "+8643188880007"  # a chaoyang line, not its first
    twiml = await product.text_message(caller, hotline, "红旗小区5栋1单元302 暖气管漏水了，一直往下滴")
    assert "<Message>" in twiml
    ticket = await product.only_ticket(phone=caller)
    assert ticket.kind.value == "leak" and ticket.number in twiml
    assert ticket.branch == "chaoyang"

    assert await product.staff_says(CHAOYANG_STAFF, f"/onsite {ticket.number}") == 200
    await product.deliver()
    texts = [m for m in product.twilio.sent if m.to == caller]
    assert texts, "the caller got no SMS"
    assert all(m.from_ == hotline for m in texts)
    assert any(ticket.number in m.body for m in texts)


async def test_someone_who_is_not_staff_cannot_move_a_ticket(product: Product) -> None:
    update = product.updates.message(5550002, "东岭小区1栋1单元101 暖气漏水了")
    await product.telegram_update(update)
    ticket = await product.only_ticket()
    intruder = product.updates.message(NANGUAN_STAFF, f"/resolve {ticket.number}", chat_type="supergroup")
    assert await product.telegram_update(intruder) == 200
    unchanged = await tickets.get(product.runtime.store, number=ticket.number)
    assert unchanged is not None and unchanged.status is Status.NEW


async def resident_ticket(product: Product, chat: int, clock: Clock, *, phone: str | None = None) -> str:
    store = product.runtime.store
    if phone:
        contact = await contacts.get_or_create(store, channel=Channel.TELEGRAM, telegram_chat_id=chat)
        await contacts.update(store, contact_id=contact.id, phone=phone)
    ticket, _ = await open_for_new_contact(store, branch="nanguan", chat=chat, now=clock())
    return ticket.number


async def test_delivery_survives_what_telegram_does_wrong(product: Product, clock: Clock) -> None:
    """429 with retry_after, a 500, a hang and a blocked bot: every update arrives (the last by SMS)."""
    store, fake = product.runtime.store, product.telegram
    assert product.runtime.telegram is not None
    product.runtime.telegram.bot.session.timeout = 0.5  # a hang is cut short here, as 10 s are in production
    chats = {"limited": 6001, "erroring": 6002, "hanging": 6003}
    numbers = {name: await resident_ticket(product, chat, clock) for name, chat in chats.items()}
    numbers["blocked"] = await resident_ticket(product, 6004, clock, phone="+8613900006004")
    await product.deliver()  # the staff cards for the new tickets
    assert await outbox.pending_count(store) == 0

    async def acknowledge(name: str) -> None:
        await tickets.transition(
            store, number=numbers[name], to=Status.ACKNOWLEDGED, actor="staff:1", now=clock()
        )

    fake.fail("sendMessage", 429, "Too Many Requests: retry after 5", retry_after=5)
    await acknowledge("limited")
    await product.deliver()
    clock.advance(4.9)
    await product.deliver()
    assert fake.messages(chats["limited"]) == [fake.messages(chats["limited"])[0]]  # only the refused try
    clock.advance(0.2)
    await product.deliver()
    assert numbers["limited"] in fake.messages(chats["limited"])[-1].text

    fake.fail("sendMessage", 500, "Internal Server Error")
    await acknowledge("erroring")
    await product.deliver()
    clock.advance(3)  # the first retry comes after about 2 s
    await product.deliver()
    assert numbers["erroring"] in fake.messages(chats["erroring"])[-1].text

    fake.hang("sendMessage", 2.0)
    await acknowledge("hanging")
    await product.deliver()
    clock.advance(3)
    await product.deliver()
    assert len(fake.messages(chats["hanging"])) == 2  # the hung try, then the one that arrived
    assert numbers["hanging"] in fake.messages(chats["hanging"])[-1].text

    fake.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    await acknowledge("blocked")
    await product.deliver()
    await product.deliver()
    [sms] = [m for m in product.twilio.sent if m.to == "+8613900006004"]
    assert numbers["blocked"] in sms.body
    assert await outbox.pending_count(store) == 0
    async with store.read() as conn:
        dead = list(await conn.execute(sa.select(notification_t).where(notification_t.c.status == "dead")))
    assert [(row.address, "unreachable" in row.last_error) for row in dead] == [("6004", True)]
