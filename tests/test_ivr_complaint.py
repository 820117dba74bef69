"""Complaints by phone: the caller's words go to the supervisor as an escalated complaint, never a repair; one that also
tells the home is cold now gets the no-heat repair as well."""

from __future__ import annotations

import datetime as dt

import pytest
from test_ivr_helpers import RESIDENT, Caller, Client, Clock, client_fixture, clock_fixture  # noqa: F401

from bot.notifications import render
from intents.company import Company
from ivr import complaint
from storage import Store, outbox, tickets
from storage.values import Audience, TicketKind


async def test_a_complaint_is_escalated_to_the_supervisor_without_an_address_or_a_crew(
    client: Client, store: Store, clock: Clock, demo_company: Company
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("我要投诉 上门的维修工说话很冲")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.COMPLAINT and ticket.escalated and ticket.address_raw is None
    assert ticket.crew is None and "说话很冲" in ticket.description
    said = caller.said
    assert "投诉已登记" in said and "值班主管" in said and "24小时内" in said
    assert said.count("，".join(ticket.number)) == 2
    assert "地址" not in said and "分钟内到达" not in said
    notices = await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
    staff = [n.event for n in notices if n.audience is Audience.STAFF]
    assert staff == ["ticket.escalated"]
    [sms] = [n for n in notices if n.audience is Audience.RESIDENT]
    text = render(sms, demo_company).text
    assert ticket.number in text and "主管" in text and "24小时" in text and "分钟内到场" not in text
    later = Caller(client)
    await later.call()
    await later.press("3")
    assert "投诉" in later.said and "值班主管" in later.said and "派单" not in later.said


async def test_a_complaint_chosen_by_key_asks_what_happened_first(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("投诉")
    if caller.step.endswith("/clarify"):
        await caller.press("1" if "投诉，请按1" in caller.said else "2")
    assert "发生了什么" in caller.said and await tickets.of_phone(store, phone=RESIDENT) == []
    await caller.say("昨天下午来修暖气的人把地板踩脏了也不收拾")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.COMPLAINT and ticket.escalated
    assert "地板踩脏" in ticket.description and "值班主管" in caller.said


async def test_a_complaint_number_is_called_a_complaint_number_both_times(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("我要投诉 你们客服把我的报修单弄丢了两次")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    digits = "，".join(ticket.number)
    said = caller.said
    assert f"投诉编号是： {digits}" in said and f"再说一遍，投诉编号是： {digits}" in said
    assert "工单号" not in said


@pytest.mark.parametrize(
    ("words", "reading"),
    [
        ("我要投诉你们 交了钱暖气到现在还不热 屋里才十三度", 13),
        ("暖气不热 打了三次电话都没人管 我要投诉", None),
    ],
)
async def test_a_complaint_that_also_tells_the_cold_gets_the_repair_too(
    client: Client, store: Store, words: str, reading: int | None
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(words)
    [filed] = await tickets.of_phone(store, phone=RESIDENT)
    assert filed.kind is TicketKind.COMPLAINT and filed.escalated and filed.description == words
    assert "投诉已登记" in caller.said and "也同时为您报修" in caller.said
    assert caller.step == "/twilio/voice/address" and "请说出您的地址" in caller.said
    await caller.say("红旗小区3号楼2单元501")
    assert "您说的地址是：红旗小区3号楼2单元501" in caller.said  # heard as the address, not "没有听清"
    await caller.press("1")
    if reading is None:
        await caller.press("14#")
    assert "已为您登记报修" in caller.said and "30分钟内到达" in caller.said
    repair = next(t for t in await tickets.of_phone(store, phone=RESIDENT) if t.kind is TicketKind.NO_HEAT)
    assert (repair.address_raw, repair.room) == ("红旗小区3号楼2单元501", "501")
    assert repair.temperature_c == (reading or 14) and repair.description == words


async def test_a_complaint_of_a_cold_told_as_past_is_a_complaint_only(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("上次暖气不热 师傅来了态度很差 我要投诉")
    [filed] = await tickets.of_phone(store, phone=RESIDENT)
    assert filed.kind is TicketKind.COMPLAINT and "地址" not in caller.said


@pytest.mark.parametrize(
    ("said", "cold"),
    [
        ("我要投诉你们 交了钱暖气到现在还不热 屋里才十三度", True),  # a pause ends a clause
        ("屋里才15度 你们怎么回事 我要投诉", True),
        ("I want to complain, my radiators are still cold", True),
        ("我要投诉 去年冬天暖气一直不热", False),
        ("我要投诉 上门的师傅态度很差", False),
    ],
)
def test_a_spoken_complaint_tells_the_cold_clause_by_clause(said: str, cold: bool) -> None:
    assert complaint.tells_cold(said) is cold
