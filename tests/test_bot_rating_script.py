"""The rating question answered in another script than the report's: a resident who reported in Simplified and rates
in Traditional ("5分 很滿意", "5分 師傅很好") is thanked in Traditional, as the chat answers any message they write, and
the chat goes on in it."""

from __future__ import annotations

from phone_world import Product, clock_fixture, product_fixture  # noqa: F401

from storage import contacts, tickets
from storage.values import Channel, Status, TicketInfo

RESIDENT = 8800


async def fixed(product: Product, chat: int = RESIDENT) -> TicketInfo:
    """A repair reported in Simplified in the chat, marked fixed by staff; the rating question delivered."""
    await product.writes(chat, "暖气不热 红旗小区3栋2单元501 室温13度")
    await product.writes(chat, "确认")
    [ticket] = await tickets.list_tickets(product.store)
    now = product.clock.now
    await tickets.transition(product.store, number=ticket.number, to=Status.RESOLVED, actor="staff", now=now)
    await product.deliver()
    assert "已标记为修好" in product.telegram.messages(chat)[-1].text  # asked in Simplified
    return ticket


async def language(product: Product, chat: int = RESIDENT) -> str | None:
    contact = await contacts.get_or_create(product.store, channel=Channel.TELEGRAM, telegram_chat_id=chat)
    return contact.language


async def test_a_score_typed_in_traditional_is_answered_in_traditional(product: Product) -> None:
    ticket = await fixed(product)
    assert await product.writes(RESIDENT, "5分 很滿意", lang="zh-TW") == [
        f"謝謝您的評價（5分）！工單 {ticket.number} 的評分已記下。"
    ]
    assert (await product.ticket(ticket.number)).rating == 5
    assert await language(product) == "zh-Hant"  # the chat goes on in it
    assert "您目前沒有未完成的報修" in "".join(await product.writes(RESIDENT, "我的報修", lang="zh-TW"))


async def test_a_score_with_words_in_traditional_is_answered_in_traditional(product: Product) -> None:
    ticket = await fixed(product)
    assert await product.writes(RESIDENT, "5分 師傅很好", lang="zh-TW") == [
        f"謝謝您的評價（5分）！\n您說的情況已記在工單 {ticket.number} 上，並轉告了負責的工作人員。"
    ]
    [rating] = [e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "rating"]
    assert rating.data == {"rating": 5, "words": "5分 師傅很好"}


async def test_a_bare_score_keeps_the_language_of_the_chat(product: Product) -> None:
    ticket = await fixed(product)
    assert await product.writes(RESIDENT, "4", lang="zh-TW") == [
        f"谢谢您的评价（4分）！工单 {ticket.number} 的评分已记下。"
    ]
    assert await language(product) == "zh-Hans"


async def test_the_crew_praised_alone_is_noted_and_the_score_asked_not_taken_for_a_complaint(
    product: Product,
) -> None:
    ticket = await fixed(product)
    assert await product.writes(RESIDENT, "師傅很好", lang="zh-TW") == [
        f"謝謝您的肯定！您的話已記在工單 {ticket.number} 上並轉告了工作人員。方便的話請為這次維修打分（1-5分）。"
    ]
    assert [label for label, _ in product.telegram.messages(RESIDENT)[-1].buttons] == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    events = await tickets.events(product.store, number=ticket.number)
    assert [(e.actor, e.data["description"]) for e in events if e.kind == "report"] == [
        ("resident", "師傅很好")
    ]
    await product.deliver()
    assert (
        f"工单 <code>{ticket.number}</code> 居民补充：師傅很好" in product.staff_seen()[-1].text
    )  # for its staff
    assert [t.number for t in await tickets.list_tickets(product.store)] == [ticket.number]  # no complaint
    assert await product.writes(RESIDENT, "5") == [
        f"謝謝您的評價（5分）！工單 {ticket.number} 的評分已記下。"
    ]
    assert (await product.ticket(ticket.number)).rating == 5
