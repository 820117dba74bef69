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


async def test_staff_say_the_crew_has_not_come_and_the_clock_runs_on_from_where_it_was(
    product: Product,
) -> None:
    ticket = await crew_sent(product)
    await product.tick(12)
    await says_the_crew_came(product)
    await product.tick(3)  # 08:45
    assert [label for label, _ in product.card_buttons(ticket.number)][:2] == ["已到场", "未到场"]
    assert "到了请点“已到场”，没到请点“未到场”" in product.card(ticket.number)

    answer = await product.press(ticket.number, "未到场")
    assert "已更正为维修人员未到场" in answer and "承诺 09:00 前到场" in answer
    stored = await product.ticket(ticket.number)
    assert stored.arrival_reported_at is None and stored.status is Status.DISPATCHED
    assert stored.due_at == ticket.due_at and not stored.breached  # the same promise, not a fresh 30 minutes
    [denied] = [
        e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "arrival_denied"
    ]
    assert denied.actor == "staff:4100" and denied.data["reported_at"].startswith(
        (ticket.created_at + dt.timedelta(minutes=12)).isoformat()[:16]
    )
    card = product.card(ticket.number)
    assert "承诺到场：09:00（还剩 15分钟）" in card and "告知已到场" not in card
    assert "未到场" not in [label for label, _ in product.card_buttons(ticket.number)]
    await product.deliver()
    told = product.sms(RESIDENT)[-1]
    assert (
        "我们与维修人员核实过了，他们还没有到达您家，仍在赶来的路上，预计09:00前到场" in told
        and ticket.number in told
    )
    assert "已更正" not in told and "staff" not in told

    await product.tick(14)  # 08:59: still in time
    assert not (await product.ticket(ticket.number)).breached
    await product.tick(1)  # 09:00: the promise the resident's word had stopped is missed after all
    assert (await product.ticket(ticket.number)).breached
    staff = [c.text for c in product.staff_seen()]
    assert any(f"⛔ 工单 <code>{ticket.number}</code> 已超出30分钟到场承诺" in text for text in staff)
    assert any("未能在承诺的30分钟内到场" in body for body in product.sms(RESIDENT))
    log = "\n".join(await product.staff(f"/ticket {ticket.number}"))
    assert "值班人员核实：维修人员未到场，到场计时继续（Dispatcher）" in log

    await product.tick(5)
    await says_the_crew_came(product)  # the word again: staff confirm it as before
    await product.deliver()
    assert "超时 5分钟" in product.card(ticket.number)
    assert "已到场" in await product.press(ticket.number, "已到场")
    on_site = await product.ticket(ticket.number)
    assert on_site.status is Status.ON_SITE and on_site.breached


async def test_a_word_in_time_found_wrong_after_the_promise_ran_out_is_a_breach_and_no_warning(
    product: Product,
) -> None:
    ticket = await no_heat_by_phone(product)  # nobody has sent a crew
    await product.tick(10)
    await says_the_crew_came(product, "师傅到了")
    await product.tick(25)  # 09:05: no warning, no breach while the word stands
    assert not [c for c in product.staff_seen() if "⏰" in c.text or "⛔" in c.text]

    answer = await product.press(ticket.number, "未到场")
    assert "已超时" in answer
    assert "已超时 5分钟" in product.card(ticket.number)
    await product.tick(1)
    stored = await product.ticket(ticket.number)
    assert stored.breached and stored.arrival_reported_at is None
    lines = [c.text for c in product.staff_seen() if c.method == "sendMessage" and not c.buttons]
    alerts = [text for text in lines if "⏰" in text or "⛔" in text]
    assert len(alerts) == 1 and "已超出30分钟到场承诺" in alerts[0]  # no warning of time left that is gone
    sms = product.sms(RESIDENT)
    assert any("维修人员还没有到达您家，我们正在尽快安排维修人员上门，会尽快到场" in body for body in sms)
    assert any("未能在承诺的30分钟内到场" in body for body in sms)


async def test_not_arrived_on_a_card_already_settled_changes_nothing(product: Product) -> None:
    ticket = await crew_sent(product)
    await product.tick(5)
    await says_the_crew_came(product)
    await product.deliver()
    stale = product.card_buttons(ticket.number)
    await product.staff(f"/onsite {ticket.number}")  # another staff member confirmed it meanwhile
    [data] = [d for label, d in stale if label == "未到场"]
    answer = await product.press_data(data, ticket.number)
    assert "没有待核实的居民到场消息，无需更正" in answer and "维修人员已到场" in answer
    stored = await product.ticket(ticket.number)
    assert stored.status is Status.ON_SITE and stored.arrival_reported_at is not None
    assert not [
        e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "arrival_denied"
    ]
