"""What each kind of ticket promises, everywhere it is told: a call-back a call from the duty staff (never a crew
in 30 minutes), a complaint a supervisor's call, a repair a crew; an emergency call-back nobody takes is brought
back to staff every few minutes."""

from __future__ import annotations

from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT

from storage import tickets
from storage.values import Priority, Status, TicketInfo, TicketKind


async def only_ticket(product: Product) -> TicketInfo:
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    return ticket


async def test_a_voicemail_call_back_promises_a_call_not_a_crew(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.press("0")
    await caller.dial_ends("no-answer")
    await caller.leave_message("https://api.twilio.com/recordings/RE7")
    assert "尽快给您回电" in caller.said
    ticket = await only_ticket(product)
    assert ticket.kind is TicketKind.CALLBACK
    await product.deliver()

    [sms] = product.sms(RESIDENT)
    assert ticket.number in sms and "会尽快给您回电" in sms and "到场" not in sms
    card = product.card(ticket.number)
    assert "承诺：尽快给居民回电" in card and "承诺到场" not in card and "还剩" not in card
    await product.tick(40)
    [line] = [line for line in await product.staff("/open") if ticket.number in line]
    assert "待回电" in line and "超时" not in line and "剩" not in line
    assert "⛔" not in "".join(c.text for c in product.staff_seen())  # no promise of a crew was broken


async def test_a_complaint_card_shows_the_supervisors_follow_up_not_the_30_minutes(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say("我要投诉 上门的师傅态度很差")
    ticket = await only_ticket(product)
    assert ticket.kind is TicketKind.COMPLAINT
    await product.deliver()
    card = product.card(ticket.number)
    assert "跟进承诺：值班主管24小时内联系居民（01-16 08:30前，还剩 1天0小时）" in card
    assert "承诺到场" not in card
    [line] = [line for line in await product.staff("/open") if ticket.number in line]
    assert "01-16 08:30前主管跟进" in line


async def test_an_emergency_call_back_is_brought_back_to_staff_until_someone_takes_it(
    product: Product,
) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say("老家暖气管子也爆了")  # another home: its address is asked, and the caller hangs up
    await caller.hang_up()
    ticket = await only_ticket(product)
    assert ticket.kind is TicketKind.CALLBACK and ticket.priority is Priority.EMERGENCY and ticket.escalated
    await product.deliver()
    [sms] = product.sms(RESIDENT)
    assert "会尽快给您回电" in sms and "到场" not in sms
    card = product.card(ticket.number)
    assert "🔴 <b>紧急 · 回电" in card and "紧急：请立即回电" in card and "承诺到场" not in card

    await product.tick(4)
    assert not [c for c in product.staff_seen() if "⏰" in c.text]
    await product.tick(1)
    [first] = [c.text for c in product.staff_seen() if "⏰" in c.text]
    assert f"紧急回电工单 <code>{ticket.number}</code> 已等了 5分钟" in first and RESIDENT in first
    await product.tick(5)
    assert len([c for c in product.staff_seen() if "⏰" in c.text]) == 2  # again, until someone takes it
    await product.staff(f"/take {ticket.number}")
    await product.tick(20)
    assert len([c for c in product.staff_seen() if "⏰" in c.text]) == 2
    taken = await product.ticket(ticket.number)
    assert taken.status is Status.ACKNOWLEDGED
    reminders = [e for e in await tickets.events(product.store, number=ticket.number) if e.actor == "sla"]
    assert [e.data["minutes_waiting"] for e in reminders] == [5.0, 10.0]
