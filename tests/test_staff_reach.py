"""A resident a notice did not reach, and then one that did: the card's "not delivered" mark says where they stand now
(the latest the outbox worker told staff of them), not a flag that stays once set; staff hear that they are reachable
again, and their replies go to them again."""

from __future__ import annotations

import sqlalchemy as sa
from phone_world import Product, clock_fixture, cold_by_phone, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT

from storage import contacts, tickets
from storage.models import notification_t
from storage.values import Channel, TicketInfo

CHAT = 8802  # a resident on Telegram who left no phone number
FLAT = "红旗小区3栋2单元501"
BLOCKED = "Forbidden: bot was blocked by the user"
MARK = "📵 居民通知未送达"
REACHED = "📶 工单 <code>{number}</code>：居民又能收到通知了，最新的一条已送达，卡片上的“未送达”标记已去掉。"


async def reported_on_telegram(product: Product, chat: int = CHAT) -> TicketInfo:
    await product.writes(chat, f"我家暖气不热，{FLAT}，14度")
    await product.writes(chat, "是")
    await product.deliver()
    [ticket] = await tickets.list_tickets(product.store)
    return ticket


async def while_blocked(product: Product, command: str) -> None:
    """Staff act on the ticket while the resident's Telegram refuses the bot: their notice of it is refused."""
    await product.staff(command)
    product.telegram.fail("sendMessage", 403, BLOCKED)
    await product.deliver()


def lines(product: Product, number: str, start: str) -> list[str]:
    return [c.text for c in product.staff_seen() if c.method == "sendMessage" and c.text.startswith(start)]


async def unreachable(product: Product, chat: int = CHAT) -> bool:
    contact = await contacts.get_or_create(product.store, channel=Channel.TELEGRAM, telegram_chat_id=chat)
    return contact.unreachable


async def test_a_resident_who_unblocked_the_bot_loses_the_mark_once_a_notice_reaches_them_and_staff_can_answer_again(
    product: Product,
) -> None:
    ticket = await reported_on_telegram(product)
    number = ticket.number
    await while_blocked(product, f"/take {number}")
    card = product.card_text_now(number)
    assert "📵 居民通知未送达，居民没有留电话，暂时联系不上" in card
    assert "联系方式：Telegram 用户（上一条消息没送到，回复也可能发不到；没有留电话）" in card
    assert await unreachable(product)
    [card_post] = [c for c in product.staff_seen() if c.buttons][:1]
    [refused] = await product.staff("师傅马上到", reply_to=card_post)
    assert "联系不上" in refused and "没有发出" in refused

    await product.staff(f"/dispatch {number} C03")  # the resident unblocked the bot meanwhile
    await product.deliver()
    assert product.telegram.messages(CHAT)[-1].text == f"工单 {number}：朝阳抢修一队已出发，将在09:00前到场。"
    card = product.card_text_now(number)
    assert MARK not in card and "状态：<b>已派单</b>" in card
    assert "联系方式：Telegram 用户（回复本卡片即可联系）" in card
    assert lines(product, number, "📶") == [REACHED.format(number=number)]
    assert not await unreachable(product)
    [answered] = await product.staff("师傅马上到", reply_to=card_post)
    assert answered == f"✔ 已转给工单 <code>{number}</code> 的居民。"
    await product.deliver()
    assert product.telegram.messages(CHAT)[-1].text == "人工客服：师傅马上到"

    await product.staff(f"/onsite {number}")
    await product.deliver()
    assert len(lines(product, number, "📶")) == 1  # told once, not at every notice after
    async with product.store.read() as conn:
        told = await conn.execute(
            sa.select(notification_t.c.event, notification_t.c.status)
            .where(notification_t.c.event.like("notification.%"))
            .order_by(notification_t.c.id)
        )
        assert list(told) == [("notification.dead", "sent"), ("notification.reached", "sent")]


async def test_the_mark_stays_while_the_resident_it_is_about_is_unreached_though_another_of_the_flat_is_reached(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)  # the husband, by phone: texted
    number = ticket.number
    await product.writes(CHAT, f"我家暖气不热，{FLAT}，14度")  # his wife on Telegram follows it
    await product.writes(CHAT, "是")
    await product.deliver()
    await while_blocked(product, f"/take {number}")  # her notice refused; his texted
    assert "📵 居民通知未送达，请电话联系" in product.card_text_now(number)

    await while_blocked(product, f"/dispatch {number} C03")  # he is reached again; she still blocks the bot
    assert product.sms(RESIDENT)[-1] == f"工单 {number}：朝阳抢修一队已出发，将在09:00前到场。"
    card = product.card_text_now(number)
    assert MARK in card and "状态：<b>已派单</b>" in card
    assert lines(product, number, "📶") == []

    await product.staff(f"/onsite {number}")  # she unblocked it
    await product.deliver()
    assert product.telegram.messages(CHAT)[-1].text.startswith(f"工单 {number}：维修人员已到场。")
    assert MARK not in product.card_text_now(number)
    assert lines(product, number, "📶") == [REACHED.format(number=number)]
