"""Words a resident sends faster than the chat's limit allows are held, and read as soon as it allows (the outbox
worker claims the notice scheduled for then), without waiting for the resident to write again; each read once."""

from __future__ import annotations

import asyncio
import datetime as dt

from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_sms_chat import text

from bot.dialogue import Dialogue
from bot.notifications import HELD
from bot.replies import Identity
from storage import outbox, queries, tickets
from storage.values import Channel, Status, TicketInfo, TicketKind

RESIDENT = 7001
TEXTER = "+8613900007001"
CHAOYANG_LINE = "+8643188880002"
REPORT = "暖气不热 红旗小区3栋2单元601 屋里12度"
FLOOD = "您发得有点快，我先把这些记下来，几秒后一并处理，不用重发。"


async def flood_with(product: Product, last: str) -> list[str]:
    """Eight greetings, then `last`, all within one second (the clock does not move): what the bot answered last."""
    for i in range(8):
        await product.writes(RESIDENT, f"喂{i}")
    return await product.writes(RESIDENT, last)


def said(product: Product, since: int = 0) -> list[str]:
    """What the resident's chat was sent (Telegram took it), from the `since`-th message on."""
    return [c.text for c in product.telegram.messages(RESIDENT) if c.result is not None][since:]


async def only_ticket(product: Product) -> TicketInfo:
    [ticket] = await tickets.list_tickets(product.store)
    return ticket


async def test_words_held_back_are_read_once_the_limit_allows_without_another_message(
    product: Product,
) -> None:
    assert await flood_with(product, REPORT) == [FLOOD]
    await product.deliver()
    assert said(product, 8) == [FLOOD]  # the limit has not allowed yet: nothing read
    assert await tickets.list_tickets(product.store) == []

    await product.tick(1)
    [card] = [c for c in product.telegram.messages(RESIDENT)][9:]
    assert "请确认报修信息" in card.text and "红旗小区3栋2单元601" in card.text and "12℃" in card.text
    assert [label for label, _data in card.buttons] == ["确认报修", "改地址", "取消"]

    answer = "\n".join(await product.writes(RESIDENT, "确认"))
    ticket = await only_ticket(product)
    assert (ticket.kind, ticket.room, ticket.temperature_c) == (TicketKind.NO_HEAT, "601", 12)
    assert ticket.number in answer
    await product.tick(5)
    assert len(said(product, 9)) == 2  # the card and the ticket's number: nothing read twice
    assert len(await tickets.list_tickets(product.store)) == 1

    # held again, and read by the next message before the worker comes to them: not read again by the worker
    assert await flood_with(product, "屋里现在只有10度了") == [FLOOD]
    product.clock.now += dt.timedelta(seconds=2)
    [read, *_] = await product.writes(RESIDENT, "谢谢")
    assert "已补充到这张工单" in read and ticket.number in read
    before = len(said(product))
    await product.tick(5)
    assert len(said(product)) == before  # the notice finds nothing held: nothing answered twice


async def test_an_answer_telegram_refuses_once_is_sent_again_and_the_words_read_once(
    product: Product,
) -> None:
    await flood_with(product, REPORT)
    product.telegram.fail("sendMessage", 502, "Bad Gateway")
    await product.tick(1)  # read; the card refused
    await product.tick(1)  # sent again
    assert [c for c in product.telegram.messages(RESIDENT)[9:] if c.result is None] != []  # refused once
    [card] = said(product, 9)
    assert "请确认报修信息" in card


async def test_a_notice_claimed_by_two_workers_at_once_reads_the_words_once(product: Product) -> None:
    """Its lease ran out while one worker read the words, and another claimed it (on PostgreSQL: in another
    process, with a dialogue of its own)."""
    await flood_with(product, REPORT)
    product.clock.now += dt.timedelta(seconds=2)
    [notice] = [n for n in await outbox.claim(product.store, now=product.clock.now) if n.event == HELD]
    assert (telegram := product.runtime.telegram) is not None
    other = telegram.dialogue if product.store.is_sqlite else Dialogue(telegram.dialogue.services)
    identity = Identity(Channel.TELEGRAM, str(RESIDENT))
    await asyncio.gather(telegram.dialogue.notice(identity, notice), other.notice(identity, notice))
    await product.deliver()
    assert [s for s in said(product, 9) if "请确认报修信息" in s] == [said(product, 9)[0]]
    assert len(said(product, 9)) == 1


async def test_a_photos_words_held_back_are_read_and_the_photo_goes_with_the_report(product: Product) -> None:
    for i in range(8):
        await product.writes(RESIDENT, f"喂{i}")
    assert await product.sends_photo(RESIDENT, "AgADheld", caption=REPORT) == [FLOOD]
    await product.tick(1)
    assert "请确认报修信息" in said(product, 9)[0] and "红旗小区3栋2单元601" in said(product, 9)[0]
    await product.writes(RESIDENT, "确认")
    ticket = await only_ticket(product)
    events = await queries.events(product.store, number=ticket.number)
    assert [e.data["file_id"] for e in events if e.kind == "photo"] == ["AgADheld"]


async def test_texts_held_back_are_answered_by_text_once_the_limit_allows(product: Product) -> None:
    for i in range(8):
        await text(product.client, f"你好{i}", phone=TEXTER, to=CHAOYANG_LINE)
    _status, body = await text(product.client, REPORT, phone=TEXTER, to=CHAOYANG_LINE)
    assert "几秒后一并处理" in body
    await product.tick(1)
    [card] = [body for body in product.sms(TEXTER) if "请确认报修信息" in body]
    assert "红旗小区3栋2单元601" in card and "1. 确认报修" in card
    assert product.twilio.sent[-1].from_ == CHAOYANG_LINE
    await text(product.client, "1", phone=TEXTER, to=CHAOYANG_LINE)  # the card's option, by its number
    ticket = await only_ticket(product)
    assert (ticket.room, ticket.status) == ("601", Status.NEW)
