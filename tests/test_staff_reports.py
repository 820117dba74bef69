"""What staff read and write besides moving tickets: /open, /shift, /ticket, /note, and stale or forged buttons."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from storage import Store, tickets
from storage.values import Status, TicketKind
from tests.staff_world import CHAOYANG_CHAT, DEFAULT_CHAT, NANGUAN_CHAT, World, make_world


@pytest.fixture
async def world(store: Store) -> AsyncIterator[World]:
    async for w in make_world(store):
        yield w


async def test_open_lists_my_branch_oldest_first_with_time_left(world: World) -> None:
    first = await world.open_ticket(kind=TicketKind.NO_HEAT)
    world.clock[0] += dt.timedelta(minutes=10)
    second = await world.open_ticket(kind=TicketKind.BURST)
    elsewhere = await world.open_ticket(kind=TicketKind.LEAK, branch="chaoyang")
    world.clock[0] += dt.timedelta(minutes=25)  # first is 5 min late, second has 5 min left

    await world.command("/open")
    [mine] = world.fake.of("sendMessage")
    assert mine.text.index(first.number) < mine.text.index(second.number)
    assert elsewhere.number not in mine.text and "南关分公司未完成工单 2 张" in mine.text
    assert "超时 5分钟" in mine.text and "剩 5分钟" in mine.text

    await world.command("/open@heatline_bot", chat=DEFAULT_CHAT)
    everything = world.fake.of("sendMessage")[-1]
    assert all(t.number in everything.text for t in (first, second, elsewhere))


async def test_shift_report_puts_escalated_first_and_names_who_holds_each(world: World) -> None:
    quiet = await world.open_ticket(kind=TicketKind.NO_HEAT)
    urgent = await world.open_ticket(kind=TicketKind.BURST)
    await world.command(f"/take {quiet.number}")
    await world.command("/shift")
    report = world.fake.of("sendMessage")[-1].text
    assert "交接班报告" in report and "升级或超时：1 张" in report and "其他未完成：1 张" in report
    assert report.index(urgent.number) < report.index(quiet.number)
    assert "无人接单" in report.split(quiet.number)[0].split(urgent.number)[1]
    assert "Duty501" in report.split(quiet.number)[1]


async def test_shift_report_says_a_complaint_was_complained_of(world: World) -> None:
    complaint = await world.open_ticket(kind=TicketKind.COMPLAINT)
    repair = await world.open_ticket(kind=TicketKind.NO_HEAT)
    world.clock[0] += dt.timedelta(minutes=3)
    await world.command("/shift")
    lines = world.fake.of("sendMessage")[-1].text.splitlines()
    [said] = [line for line in lines if complaint.number in line]
    assert "3分钟前投诉" in said and "报修" not in said
    [told] = [line for line in lines if repair.number in line]
    assert "3分钟前报修" in told


async def test_shift_with_nothing_open_says_so(world: World) -> None:
    await world.command("/shift", chat=CHAOYANG_CHAT)
    assert "没有未完成的工单" in world.fake.of("sendMessage")[-1].text


async def test_note_is_logged_and_ticket_shows_it(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/note {ticket.number} 居民说楼道有积水")
    [event] = [e for e in await tickets.events(world.store, number=ticket.number) if e.kind == "note"]
    assert event.data == {"text": "居民说楼道有积水", "staff": "Duty501"} and event.actor == "staff:501"
    await world.command(f"/ticket {ticket.number}")
    shown = world.fake.of("sendMessage")[-1].text
    assert f"工单 <code>{ticket.number}</code>" in shown and "+86 139****0123" in shown
    assert "备注（Duty501）：居民说楼道有积水" in shown  # what the note says, and who wrote it, by name


async def test_a_button_of_a_resolved_ticket_is_refused_politely(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/onsite {ticket.number}")  # the crew came
    await world.command(f"/resolve {ticket.number}")
    await world.press(f"tk:take:{ticket.number}:", message_id=1000)
    [alert] = world.fake.of("answerCallbackQuery")
    assert "已修复" in alert.params["text"] and alert.params["show_alert"] in ("true", True)
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.RESOLVED


@pytest.mark.parametrize(
    "data", ["tk:explode:123456:", "tk:take:12ab56:", "garbage", "tk:crew:123456:C01;drop"]
)
async def test_forged_button_data_gets_an_alert_and_changes_nothing(world: World, data: str) -> None:
    ticket = await world.open_ticket()
    await world.press(data.replace("123456", ticket.number), message_id=1000)
    [alert] = world.fake.of("answerCallbackQuery")
    assert "按钮已失效" in alert.params["text"]
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.NEW


async def test_a_button_for_an_unknown_ticket_says_so(world: World) -> None:
    await world.press("tk:onsite:99999999:", message_id=1000)
    [alert] = world.fake.of("answerCallbackQuery")
    assert "没有工单 99999999" in alert.params["text"]


async def test_chats_that_are_not_staff_chats_never_reach_the_staff_router(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/take {ticket.number}", chat=-1005555)
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.NEW
    assert not [c for c in world.fake.of("sendMessage") if "✔" in c.text or "只有值班人员" in c.text]


@pytest.mark.parametrize(
    ("kind", "status"),
    [(TicketKind.COMPLAINT, "新投诉，待接单"), (TicketKind.CALLBACK, "新回电工单，待接单")],
)
async def test_a_complaint_or_call_back_is_no_repair_report_on_its_card_open_and_shift(
    world: World, kind: TicketKind, status: str
) -> None:
    ticket = await world.open_ticket(kind=kind, description="师傅态度很差")
    await world.deliver_staff()
    [card] = [c for c in world.fake.messages(NANGUAN_CHAT) if f"<code>{ticket.number}</code>" in c.text]
    assert f"状态：<b>{status}</b>" in card.text
    for command in ("/open", "/shift"):
        await world.command(command)
        [line] = [x for x in world.fake.messages(NANGUAN_CHAT)[-1].text.split("\n") if ticket.number in x]
        assert status in line and "新报修" not in line
