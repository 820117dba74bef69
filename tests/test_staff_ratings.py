"""Every score a resident gives a fixed repair reaches its staff once, as a line under its card in the staff chat's
language: a bare score typed or texted ("5", "⭐⭐⭐", "满意"), as a score said with words or a follower's is."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from phone_world import Product, clock_fixture, cold_by_phone, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT
from test_sms_chat import message, text

from storage import Store, tickets
from storage.values import Status, TicketInfo, TicketKind
from tests.staff_world import NANGUAN_CHAT, World, make_world

CHAT = 8803
CHAOYANG_LINE = "+8643188880002"


def score_lines(product: Product) -> list[str]:
    return [c.text for c in product.staff_seen() if c.method == "sendMessage" and c.text.startswith("⭐")]


async def rated_events(product: Product, number: str) -> list[dict[str, object]]:
    return [e.data for e in await tickets.events(product.store, number=number) if e.kind == "rating"]


async def fixed_on_telegram(product: Product) -> TicketInfo:
    await product.writes(CHAT, "我家暖气不热，红旗小区3栋2单元501，14度")
    await product.writes(CHAT, "是")
    await product.deliver()
    [ticket] = await tickets.list_tickets(product.store)
    await product.staff(f"/onsite {ticket.number}")  # the crew came
    await product.staff(f"/resolve {ticket.number}")
    await product.deliver()
    return ticket


@pytest.mark.parametrize(("said", "score"), [("5", 5), ("⭐⭐⭐", 3), ("满意", 4)])
async def test_a_bare_score_typed_by_the_only_resident_is_posted_to_staff_once(
    product: Product, said: str, score: int
) -> None:
    ticket = await fixed_on_telegram(product)
    assert await product.writes(CHAT, said) == [
        f"谢谢您的评价（{score}分）！工单 {ticket.number} 的评分已记下。"
    ]
    await product.deliver()
    line = f"⭐ 工单 <code>{ticket.number}</code> 报修的居民评了 {score} 分。"
    assert score_lines(product) == [line]
    assert await rated_events(product, ticket.number) == [{"rating": score}]
    assert (await product.ticket(ticket.number)).rating == score

    again = await product.writes(CHAT, said)  # the same score again: nothing new, nothing posted again
    assert again == [f"您已经为工单 {ticket.number} 评过{score}分了，谢谢！"]
    await product.deliver()
    assert score_lines(product) == [line]


async def test_a_callers_texted_score_reaches_staff(product: Product) -> None:
    ticket = await cold_by_phone(product)
    await product.staff(f"/onsite {ticket.number}")  # the crew came
    await product.staff(f"/resolve {ticket.number}")
    await product.deliver()
    _, body = await text(product.client, "2", phone=RESIDENT, to=CHAOYANG_LINE)
    assert message(body) == f"谢谢您的评价（2分）！工单 {ticket.number} 的评分已记下。"
    await product.deliver()
    assert score_lines(product) == [f"⭐ 工单 <code>{ticket.number}</code> 报修的居民评了 2 分。"]
    assert await rated_events(product, ticket.number) == [{"rating": 2}]


@pytest.fixture
async def english_staff(store: Store) -> AsyncIterator[World]:
    async for w in make_world(store, language="en"):
        yield w


async def test_a_score_is_posted_in_the_staff_chats_language(english_staff: World) -> None:
    world = english_staff
    ticket = await world.open_ticket(kind=TicketKind.NO_HEAT)
    await tickets.transition(
        world.store, number=ticket.number, to=Status.RESOLVED, actor="staff:1", now=world.clock[0]
    )
    await world.deliver_staff()
    await tickets.record_rating(
        world.store, number=ticket.number, contact_id=ticket.contact_id, rating=4, now=world.clock[0]
    )
    await world.deliver_staff()
    lines = [p.text for p in world.fake.messages(NANGUAN_CHAT) if p.text.startswith("⭐")]
    assert lines == [
        f"⭐ Ticket <code>{ticket.number}</code>: the resident who reported it rates the repair 4 of 5."
    ]
