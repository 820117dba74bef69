"""Complaints by phone: the caller's words go to the supervisor as an escalated complaint, never a repair."""

from __future__ import annotations

import datetime as dt

from test_ivr_helpers import RESIDENT, Caller, Client, Clock, client_fixture, clock_fixture  # noqa: F401

from bot.notifications import render
from intents.company import Company
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
