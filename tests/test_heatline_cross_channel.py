"""A leak called in with no address (the duty line busy, a voicemail left), then told again on another channel: the
address texted (or written in a chat linked to that phone) goes onto the ticket; every answer about it asks for the
address and words the 30-minute promise alike; a crew sent to it warns staff that it has nowhere to go; a chat's report
of the same water, from a resident nothing links to the caller, points staff at the call, and staff merge the two."""

from __future__ import annotations

import datetime as dt

import pytest
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT
from test_sms_staff_talk import texts

from storage import tickets
from storage.values import Status, TicketInfo, TicketKind

CHAT = 880042
NANGUAN_STAFF = -1001000000001  # the first branch's staff chat: where a chat's flat unknown goes
NEIGHBOUR_CHAT = 880043
LEAK = "漏水了 楼上往下漏 厨房全是水"
FLAT = "红旗小区5栋1单元302"
BURST_ON_TELEGRAM = "我刚才打电话报了暖气片爆了，红旗小区3栋2单元501，现在水越来越多了"


async def leak_called_in(product: Product, phone: str = RESIDENT) -> tuple[str, TicketInfo]:
    """The leak said at once, the duty line busy, a voicemail left, the caller hangs up: what they heard after the
    message, and the ticket (no address)."""
    caller = product.caller(phone)
    await caller.call()
    await caller.say(LEAK)
    await caller.dial_ends("busy")
    await caller.leave_message("https://api.twilio.com/recordings/RE7")
    heard = caller.said
    await caller.hang_up()
    await product.deliver()
    [ticket] = [t for t in await tickets.list_tickets(product.store) if t.description == LEAK]
    assert ticket.kind is TicketKind.LEAK and ticket.address_raw is None
    return heard, ticket


async def test_the_caller_hears_and_is_texted_the_same_promise_and_asked_the_address(
    product: Product,
) -> None:
    heard, ticket = await leak_called_in(product)
    assert "留言已收到" in heard and "按承诺，抢修人员将在30分钟内到场" in heard
    assert "我们还不知道您家的地址：您也可以直接回复我们发给您的短信" in heard
    [sms] = product.sms(RESIDENT)
    assert sms == (
        f"已按紧急情况为您登记，工单号 {ticket.number}。抢修人员将在30分钟内到场（09:00前），可我们还没有您家的地址。"
        "请直接回复地址：小区、楼号、单元和房间号，例如“红旗小区3栋2单元501”。"
    )


@pytest.mark.parametrize("words", [FLAT, f"地址是{FLAT}"])
async def test_an_address_texted_after_the_call_goes_onto_the_leak(product: Product, words: str) -> None:
    _, ticket = await leak_called_in(product)
    answer = await texts(product, words)
    assert answer == f"地址“{FLAT}”已补充到工单 {ticket.number}。"
    placed = await product.ticket(ticket.number)
    assert (placed.address_raw, placed.building, placed.unit, placed.room) == (FLAT, "5", "1", "302")
    assert f"地址：{FLAT}" in product.card_text_now(ticket.number)
    assert [t.number for t in await tickets.of_phone(product.store, phone=RESIDENT)] == [ticket.number]


async def test_a_flat_texted_then_its_estate_go_onto_the_leak(product: Product) -> None:
    _, ticket = await leak_called_in(product)
    asked = await texts(product, "5栋1单元302")
    assert f"地址“5栋1单元302”已补充到工单 {ticket.number}。是哪个小区？" in asked
    assert await texts(product, "红旗小区") == f"地址“{FLAT}”已补充到工单 {ticket.number}。"
    assert (await product.ticket(ticket.number)).address_raw == FLAT
    [answer] = await product.staff(f"/dispatch {ticket.number} C03")  # with its address: sent, no warning
    assert answer == f"✔ 工单 <code>{ticket.number}</code> 已派 朝阳抢修一队 C03。"
    await product.deliver()
    assert product.sms(RESIDENT)[-1] == f"工单 {ticket.number}：朝阳抢修一队已出发，将在09:00前到场。"


async def test_the_texted_and_the_called_status_ask_for_the_address(product: Product) -> None:
    _, ticket = await leak_called_in(product)
    status = await texts(product, "我的报修到哪了")
    assert f"工单 {ticket.number}｜漏水" in status and "承诺09:00前到场" in status
    assert f"紧急工单 {ticket.number} 还没有您家的地址，抢修人员找不到您。请现在就把地址发给我" in status
    assert f"紧急工单 {ticket.number} 还没有您家的地址" in await texts(product, ticket.number)
    product.clock.now += dt.timedelta(minutes=5)
    caller = product.caller()
    await caller.call()
    await caller.press("3")
    assert "按承诺，维修人员将在25分钟内到场。但我们还不知道这张工单的地址，请先告诉我们" in caller.said
    assert "请说出您的地址" in caller.said


async def test_a_chat_linked_to_the_phone_gives_the_address_and_no_other_chat_can(product: Product) -> None:
    _, ticket = await leak_called_in(product)
    assert "以后打热线也能查到您的报修" in (await product.shares_phone(CHAT, RESIDENT))[0]
    [status, asked] = await product.writes(CHAT, "我的报修到哪了")
    assert f"工单 {ticket.number}" in status and f"紧急工单 {ticket.number} 还没有您家的地址" in asked
    stranger = await product.writes(NEIGHBOUR_CHAT, FLAT)  # nothing links this chat to the caller
    assert not any(ticket.number in said for said in stranger)
    assert (await product.ticket(ticket.number)).address_raw is None
    assert await product.writes(CHAT, f"地址是{FLAT}") == [f"地址“{FLAT}”已补充到工单 {ticket.number}。"]
    assert (await product.ticket(ticket.number)).address_raw == FLAT


async def test_a_burst_in_a_chat_linked_to_the_phone_goes_onto_the_called_in_leak(product: Product) -> None:
    _, ticket = await leak_called_in(product)
    await product.shares_phone(CHAT, RESIDENT)
    said = await product.writes(CHAT, BURST_ON_TELEGRAM)
    assert f"地址“红旗小区3栋2单元501”已补充到工单 {ticket.number}。" in said
    assert any(f"您的紧急爆管工单 {ticket.number}" in s and "不会重复派单" in s for s in said)
    [one] = await tickets.list_tickets(product.store)
    assert (one.number, one.kind, one.address_raw) == (ticket.number, TicketKind.BURST, "红旗小区3栋2单元501")


@pytest.mark.parametrize(
    ("caller", "warned"),
    [
        (RESIDENT, f"请马上给居民打电话 {RESIDENT} 问清地址，告诉抢修队。"),
        ("+266696687", "居民的来电号码未显示，没法回电：请听留言录音里有没有地址，或等居民再来电。"),
    ],
)
async def test_a_crew_sent_to_a_leak_without_an_address_warns_staff(
    product: Product, caller: str, warned: str
) -> None:
    _, ticket = await leak_called_in(product, caller)
    [answer] = await product.staff(f"/dispatch {ticket.number} 朝阳抢修一队")
    assert f"✔ 工单 <code>{ticket.number}</code> 已派 朝阳抢修一队 C03。" in answer
    assert "⚠️ <b>这张工单还没有地址，抢修队还不知道去哪。</b>" in answer and warned in answer
    moved = await product.ticket(ticket.number)
    assert moved.status is Status.DISPATCHED and moved.crew == "C03"  # sent all the same
    await product.deliver()
    if caller == RESIDENT:  # the resident is asked the address with the crew's news
        assert product.sms(RESIDENT)[-1] == (
            f"工单 {ticket.number}：朝阳抢修一队已出发，将在09:00前到场。\n"
            "我们还没有您家的地址，抢修人员找不到您。请直接回复地址：小区、楼号、单元和房间号。"
        )


async def test_a_crew_sent_to_a_chats_leak_without_an_address_says_to_ask_on_the_card(
    product: Product,
) -> None:
    await product.writes(CHAT, "暖气片漏水了")
    [ticket] = await tickets.list_tickets(product.store)
    [answer] = await product.staff(f"/dispatch {ticket.number} C01", chat=NANGUAN_STAFF)
    assert "⚠️ <b>这张工单还没有地址" in answer and "居民没有留电话：请回复工单卡片问居民地址。" in answer


async def test_the_same_burst_told_on_telegram_points_staff_at_the_call_and_staff_merge_them(
    product: Product,
) -> None:
    _, called = await leak_called_in(product)
    product.clock.now += dt.timedelta(minutes=3)
    await product.writes(CHAT, BURST_ON_TELEGRAM)
    await product.deliver()
    [chat] = [t for t in await tickets.list_tickets(product.store) if t.number != called.number]
    card = product.card_text_now(chat.number)
    assert (
        f"❓ 可能重复：08:30 电话报的工单 <code>{called.number}</code>（漏水）还没有地址，也许和本单是同一处、被报了两次。"
        in card
    )
    earlier = [
        c.text
        for c in product.staff_seen()
        if c.text.startswith("🔴") and f"{called.number}</code></b>" in c.text
    ]
    assert earlier and not any("可能重复" in c for c in earlier)  # the earlier card names nothing
    told = await product.press(chat.number, f"与 {called.number} 合并")
    assert told == f"✔ 工单 {chat.number} 已并入工单 {called.number}：只派一支队伍，两边的居民都会收到进展。"
    await product.deliver()
    kept, gone = await product.ticket(called.number), await product.ticket(chat.number)
    assert kept.is_open and kept.kind is TicketKind.BURST and kept.address_raw == "红旗小区3栋2单元501"
    assert gone.status is Status.CANCELLED
    assert [t.number for t in await tickets.list_tickets(product.store) if t.is_open] == [called.number]
    seen = [c.text for c in product.telegram.calls if c.chat_id == CHAT]
    assert any(f"您的报修已并入工单 {called.number}" in s for s in seen)
    assert (
        f"🔗 工单 <code>{called.number}</code>：值班人员确认工单 <code>{chat.number}</code> 与本单是同一处"
        in "".join(c.text for c in product.staff_seen())
    )
    await product.tick(
        31
    )  # one promise broken, one apology to each channel of the flat: never two tickets' worth
    apologies = [c.text for c in product.telegram.calls if c.chat_id == CHAT and "未能在承诺" in c.text]
    assert len(apologies) == 1 and called.number in apologies[0]
    assert len([m for m in product.sms(RESIDENT) if "未能在承诺" in m]) == 1


@pytest.mark.parametrize(
    ("minutes", "words", "pointed"),
    [
        (30, "暖气片漏水了 红旗小区3栋2单元501", True),
        (61, "暖气片漏水了 红旗小区3栋2单元501", False),
        (61, "刚才打电话报过了 暖气片漏水了 红旗小区3栋2单元501", True),
        (181, "刚才打电话报过了 暖气片漏水了 红旗小区3栋2单元501", False),
    ],
)
async def test_the_possible_duplicate_is_an_address_less_leak_of_the_hour_before_or_a_call_said(
    product: Product, minutes: int, words: str, pointed: bool
) -> None:
    _, called = await leak_called_in(product)
    product.clock.now += dt.timedelta(minutes=minutes)
    await product.writes(CHAT, words)
    await product.deliver()
    [chat] = [t for t in await tickets.list_tickets(product.store) if t.number != called.number]
    assert ("可能重复" in product.card_text_now(chat.number)) is pointed
    buttons = [label for label, _ in product.card_buttons(chat.number)]
    assert (f"与 {called.number} 合并" in buttons) is pointed


async def test_two_tickets_both_acted_on_are_not_merged(product: Product) -> None:
    _, called = await leak_called_in(product)
    await product.writes(CHAT, BURST_ON_TELEGRAM)
    await product.deliver()
    [chat] = [t for t in await tickets.list_tickets(product.store) if t.number != called.number]
    await product.staff(f"/dispatch {called.number} C03")
    await product.staff(f"/dispatch {chat.number} C04")
    told = await product.press(chat.number, f"与 {called.number} 合并")
    assert "不能合并" in told
    for number in (called.number, chat.number):
        assert (await product.ticket(number)).status is Status.DISPATCHED
