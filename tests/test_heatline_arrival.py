"""A resident's word that the crew has come ("师傅已经到了"): the 30-minute clock stops at it, the status stays for
staff to move, staff are told who said so, and the figures count the arrival at the time it was said."""

from __future__ import annotations

import datetime as dt

from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT

from storage import reports, tickets
from storage.values import Status, TicketInfo


async def no_heat_by_phone(product: Product) -> TicketInfo:
    caller = product.caller()
    await caller.call()
    await caller.press("1")
    await caller.say("红旗小区3号楼2单元501")
    await caller.press("1")
    await caller.press("15")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    return ticket


async def crew_sent(product: Product) -> TicketInfo:
    ticket = await no_heat_by_phone(product)
    await product.staff(f"/dispatch {ticket.number} C03")
    await product.deliver()
    return ticket


async def says_the_crew_came(product: Product, words: str = "师傅已经到了 正在修") -> str:
    caller = product.caller()
    await caller.call()
    await caller.say(words)
    return caller.said


async def test_the_callers_word_that_the_crew_came_stops_the_clock_and_staff_are_told_to_confirm(
    product: Product,
) -> None:
    ticket = await crew_sent(product)
    opened = product.clock.now
    await product.tick(12)
    heard = await says_the_crew_came(product)
    assert f"工单{'，'.join(ticket.number)}上记下维修人员已到场" in heard
    await product.tick(20)  # 32 minutes after the report

    stored = await product.ticket(ticket.number)
    assert stored.status is Status.DISPATCHED and stored.arrival_reported_at == opened + dt.timedelta(
        minutes=12
    )
    assert not stored.breached
    [arrival] = [e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "arrival"]
    assert (arrival.actor, arrival.data) == ("resident", {"description": "师傅已经到了 正在修"})
    assert not any("抱歉" in body or "未能" in body for body in product.sms(RESIDENT))
    staff = [c.text for c in product.staff_seen()]
    assert not any("⛔" in text or "已超时" in text for text in staff)
    assert any(
        f"工单 <code>{ticket.number}</code>：居民 08:42 告知维修人员已到场（原话：师傅已经到了 正在修）"
        in text
        for text in staff
    )
    card = product.card(ticket.number)
    assert "状态：<b>已派单</b>" in card and "居民 08:42 告知已到场" in card and "还剩" not in card
    assert any("居民告知已到场" in line for line in await product.staff("/open"))

    caller = product.caller()  # key 3: where the repair stands
    await caller.call()
    await caller.press("3")
    assert "您已告知维修人员到场" in caller.said
    assert "正在赶往" not in caller.said and "超过承诺" not in caller.said

    await product.staff(f"/onsite {ticket.number}")  # staff confirm, later than the resident said it
    figures = await reports.figures(product.store, min_room_temp_c=18, now=product.clock.now)
    assert (figures.arrivals_measured, figures.arrivals_on_time, figures.arrivals_told_by_residents) == (
        1,
        1,
        1,
    )
    assert figures.median_minutes_to_site == 12


async def test_a_word_after_the_promise_ran_out_keeps_the_breach(product: Product) -> None:
    ticket = await crew_sent(product)
    await product.tick(35)
    assert any("未能在承诺的30分钟内到场" in body for body in product.sms(RESIDENT))
    await says_the_crew_came(product)
    await product.deliver()
    stored = await product.ticket(ticket.number)
    assert stored.breached and stored.arrival_reported_at is not None
    assert "超时 5分钟" in product.card(ticket.number)
    figures = await reports.figures(product.store, min_room_temp_c=18, now=product.clock.now)
    assert (figures.arrivals_measured, figures.arrivals_on_time) == (1, 0)
    assert figures.median_minutes_to_site == 35
