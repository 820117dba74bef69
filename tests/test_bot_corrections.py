"""A wrong address or temperature put right, or a cancel, typed soon after the ticket was opened in the chat."""

from __future__ import annotations

from typing import Any

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat, only_ticket

from bot.dialogue import Dialogue
from bot.services import ChatServices
from storage import contacts, outbox, tickets
from storage.values import Audience, Status, TicketInfo, TicketKind


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


async def staff_notices(chat: Chat) -> list[tuple[str, str, dict[str, Any]]]:
    """(event, staff branch, payload) of every staff notice not yet handed out, which are then handed out."""
    found = await outbox.claim(chat.dialogue.services.store)
    return [(n.event, n.address, n.payload) for n in found if n.audience is Audience.STAFF]


async def reported(chat: Chat, ticket: TicketInfo) -> list[dict[str, Any]]:
    """The resident's words added to the ticket since it was opened, as logged."""
    events = await tickets.events(chat.dialogue.services.store, number=ticket.number)
    return [e.data for e in events if e.kind == "report"]


async def leak_at_501(chat: Chat) -> TicketInfo:
    """An emergency told with its address: opened at once, no card; its first staff alert handed out."""
    answer = await chat.say("暖气片漏水了 红旗小区3栋2单元501")
    ticket = await only_ticket(chat)
    assert ticket.number in answer and ticket.room == "501" and "确认" not in answer
    await staff_notices(chat)
    return ticket


@pytest.mark.parametrize(
    ("said", "address"),
    [
        ("不对 是502", "红旗小区3栋2单元502"),
        ("地址说错了 是红旗小区3栋2单元502", "红旗小区3栋2单元502"),
        ("地址错了 应该是3栋2单元502", "红旗小区3栋2单元502"),
        ("刚才门牌号写错了 是502不是501", "红旗小区3栋2单元502"),
    ],
)
async def test_an_emergency_address_put_right_just_after_it_opened_is_the_tickets_and_staff_are_told(
    chat: Chat, said: str, address: str
) -> None:
    opened = await leak_at_501(chat)
    answer = await chat.say(said)
    assert f"工单 {opened.number} 的地址已改为“{address}”" in answer and "只能处理" not in answer
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.room, ticket.status) == (address, "502", Status.NEW)
    notices = {event: (branch, payload) for event, branch, payload in await staff_notices(chat)}
    assert sorted(notices) == ["ticket.address", "ticket.report"]
    assert notices["ticket.address"][0] == notices["ticket.report"][0] == "chaoyang"
    assert notices["ticket.report"][1]["description"] == f"{said}（更正：地址 {address}）"
    contact = await contacts.get(chat.dialogue.services.store, contact_id=ticket.contact_id)
    assert contact is not None and contact.address_raw == address  # the next report offers the right flat


async def test_an_address_put_right_in_another_estate_moves_the_ticket_to_the_branch_serving_it(
    chat: Chat,
) -> None:
    opened = await leak_at_501(chat)
    answer = await chat.say("地址说错了 是凯旋小区3栋2单元502")
    assert opened.number in answer and "凯旋小区3栋2单元502" in answer
    ticket = await only_ticket(chat)
    assert (ticket.branch, ticket.address_raw) == ("kuancheng", "凯旋小区3栋2单元502")
    events = {(event, branch) for event, branch, _ in await staff_notices(chat)}
    assert {("ticket.handed_off", "kuancheng"), ("ticket.address", "kuancheng")} <= events


@pytest.mark.parametrize(
    ("said", "room"), [("sorry I meant room 510", "510"), ("sorry wrong room, it's 502", "502")]
)
async def test_a_room_put_right_in_english_after_the_report_was_confirmed(
    services: ChatServices, said: str, room: str
) -> None:
    chat = Chat(Dialogue(services), lang="en")
    await chat.say("no heat Hongqi compound building 3 unit 2 room 501 15 degrees")
    await chat.press("Confirm")
    opened = await only_ticket(chat)
    await staff_notices(chat)
    answer = await chat.say(said)
    address = f"Hongqi compound building 3 unit 2 room {room}"
    assert f'the address on ticket {opened.number} is now "{address}"' in answer
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.room) == (address, room)
    assert ("ticket.address", "chaoyang") in [
        (event, branch) for event, branch, _ in await staff_notices(chat)
    ]


async def test_a_temperature_put_right_after_the_report_was_confirmed_is_the_tickets_reading(
    chat: Chat,
) -> None:
    await chat.say("暖气不热 红旗小区3栋2单元501 15度")
    await chat.press("确认")
    opened = await only_ticket(chat)
    await staff_notices(chat)
    answer = await chat.say("温度说错了 是12度")
    assert f"工单 {opened.number} 的室温已改为12℃" in answer
    ticket = await only_ticket(chat)
    assert (ticket.temperature_c, ticket.room) == (12, "501")
    [(event, branch, payload)] = await staff_notices(chat)
    assert (event, branch, payload["temperature_c"]) == ("ticket.report", "chaoyang", 12)
    assert await reported(chat, ticket) == [
        {"description": "温度说错了 是12度（更正：室温 12℃）", "temperature_c": 12}
    ]


async def test_a_correction_asked_without_the_right_value_is_taken_from_the_next_message(chat: Chat) -> None:
    opened = await leak_at_501(chat)
    assert "完整的正确地址" in await chat.say("地址说错了")  # a leak: only its address can be put right
    answer = await chat.say("红旗小区6栋1单元302")
    assert f"工单 {opened.number} 的地址已改为“红旗小区6栋1单元302”" in answer
    assert (await only_ticket(chat)).room == "302"


async def test_an_estate_still_asked_for_follows_a_corrected_flat(chat: Chat) -> None:
    await chat.say("暖气片漏水了")
    await chat.say("5栋1单元302")  # no estate: it is asked for
    assert "5栋1单元303" in await chat.say("不对 是303")
    assert "凯旋小区5栋1单元303" in await chat.say("凯旋小区")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.branch) == ("凯旋小区5栋1单元303", "kuancheng")


async def _closed(store: Any, ticket: TicketInfo, clock: Clock) -> None:
    for status in (Status.RESOLVED, Status.CLOSED):
        await tickets.transition(store, number=ticket.number, to=status, actor="staff")


async def _crew_there(store: Any, ticket: TicketInfo, clock: Clock) -> None:
    await tickets.transition(store, number=ticket.number, to=Status.ON_SITE, actor="staff")


async def _later(store: Any, ticket: TicketInfo, clock: Clock) -> None:
    clock.advance(minutes=61)


@pytest.mark.parametrize(
    "since", [_closed, _crew_there, _later], ids=["closed", "crew_on_site", "an_hour_on"]
)
async def test_a_correction_no_longer_changes_a_ticket_closed_reached_by_its_crew_or_long_opened(
    chat: Chat, clock: Clock, since: Any
) -> None:
    opened = await leak_at_501(chat)
    assert "已改为" in await chat.say("不对 是502")  # while fresh, it does
    await since(chat.dialogue.services.store, opened, clock)
    assert "已改为" not in await chat.say("不对 是503")
    assert (await only_ticket(chat)).room == "502"


async def test_a_correction_never_touches_another_residents_ticket(chat: Chat) -> None:
    mine = await leak_at_501(chat)
    neighbour = Chat(chat.dialogue, chat_id=1002)
    await neighbour.say("暖气片漏水了 红旗小区3栋2单元601")
    theirs = await only_ticket(neighbour)
    assert f"工单 {theirs.number} 的地址已改为" in await neighbour.say("不对 是602")
    assert ((await only_ticket(chat)).room, (await only_ticket(neighbour)).room) == ("501", "602")
    assert mine.number != theirs.number


@pytest.mark.parametrize("said", ["取消", "算了 不用了"])
async def test_cancel_right_after_an_emergency_opened_says_it_stays_open_and_tells_its_staff(
    chat: Chat, said: str
) -> None:
    opened = await leak_at_501(chat)
    answer = await chat.say(said)
    assert f"紧急抢修单 {opened.number}" in answer and "不会自动取消" in answer and "只能处理" not in answer
    ticket = await only_ticket(chat)
    assert ticket.status is Status.NEW and await reported(chat, ticket) == [{"description": said}]
    [(event, branch, payload)] = await staff_notices(chat)
    assert (event, branch, payload["description"]) == ("ticket.report", "chaoyang", said)


@pytest.mark.parametrize("pressed", [False, True], ids=["typed", "button"])
async def test_cancel_at_the_card_after_a_burst_was_told_keeps_the_burst_open_and_says_so(
    chat: Chat, pressed: bool
) -> None:
    await chat.say("暖气不热 红旗小区3栋2单元504 15度")
    await chat.say("不好 水管爆了")  # opened at once; the card of the no-heat report comes back
    burst = await only_ticket(chat)
    assert burst.kind is TicketKind.BURST and "确认" in chat.last[-1].text
    answer = await (chat.press("取消") if pressed else chat.say("取消"))
    assert f"爆管工单 {burst.number} 不受影响" in answer and "没有登记工单" not in answer
    ticket = await only_ticket(chat)  # the no-heat report is not filed; the burst is as it was
    assert (ticket.number, ticket.status) == (burst.number, Status.NEW)


async def test_never_mind_in_english_after_an_emergency_opened(services: ChatServices) -> None:
    chat = Chat(Dialogue(services), lang="en")
    await chat.say("water is pouring out of the radiator, Hongqi compound building 3 unit 2 room 501")
    opened = await only_ticket(chat)
    answer = await chat.say("never mind")
    assert f"Emergency ticket {opened.number}" in answer and "not cancelled automatically" in answer
    assert await reported(chat, await only_ticket(chat)) == [{"description": "never mind"}]


async def test_cancel_when_asked_what_was_meant_drops_only_that_and_says_the_emergency_stays(
    chat: Chat,
) -> None:
    opened = await leak_at_501(chat)
    assert "请用一句话描述问题" in await chat.say("/report")  # asked what the problem is
    answer = await chat.say("取消")
    assert f"漏水工单 {opened.number} 不受影响" in answer and "只能处理" not in answer
    assert (await only_ticket(chat)).status is Status.NEW
