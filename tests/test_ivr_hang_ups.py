"""A caller who hangs up before the end of a step leaves what they said: an address heard but never confirmed is kept
on the ticket, marked for staff to check with the caller."""

from __future__ import annotations

import datetime as dt

from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT

from storage import contacts, tickets
from storage.values import Channel, Priority, TicketInfo, TicketKind


async def unconfirmed(product: Product, ticket: TicketInfo) -> bool:
    events = await tickets.events(product.store, number=ticket.number)
    return any(e.data.get("code") == "address_unconfirmed" for e in events)


async def test_an_emergency_address_read_back_then_hung_up_on_is_kept_for_staff_to_check(
    product: Product,
) -> None:
    product.clock.now = dt.datetime(2027, 1, 15, 19, 0, tzinfo=dt.UTC)  # a winter night
    caller = product.caller()
    await caller.call()
    await caller.say("暖气片漏水了 快来人")
    await caller.dial_ends("completed")
    assert caller.step == "/twilio/voice/address"
    await caller.say("红旗小区3号楼2单元501")
    assert "您说的地址是：红旗小区3号楼2单元501" in caller.said
    await caller.hang_up()  # before pressing 1
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.LEAK and ticket.priority is Priority.EMERGENCY
    assert ticket.address_raw == "红旗小区3号楼2单元501" and (ticket.building, ticket.room) == ("3", "501")
    assert await unconfirmed(product, ticket)
    await product.deliver()
    card = product.card(ticket.number)
    assert "地址：红旗小区3号楼2单元501（来电人未确认，请回电核实）" in card
    assert f"联系方式：{RESIDENT}" in card  # in full: staff must call to check
    contact = await contacts.get_or_create(product.store, channel=Channel.VOICE, phone=RESIDENT)
    assert contact.address_raw is None  # not confirmed: not remembered as the caller's own


async def test_another_homes_address_not_understood_then_hung_up_on_is_kept(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say("我妈家暖气片漏水了")
    assert caller.step == "/twilio/voice/elsewhere"
    await caller.say("就在火车站后面那个楼 三楼")
    await caller.hang_up()
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.address_raw == "就在火车站后面那个楼 三楼" and await unconfirmed(product, ticket)


async def test_a_report_hung_up_on_at_the_read_back_is_a_call_back_with_the_address_unconfirmed(
    product: Product,
) -> None:
    caller = product.caller()
    await caller.call()
    await caller.press("1")
    await caller.say("红旗小区3号楼2单元501")
    await caller.hang_up()
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.CALLBACK and ticket.address_raw == "红旗小区3号楼2单元501"
    assert await unconfirmed(product, ticket)
    await product.deliver()
    assert "地址：红旗小区3号楼2单元501（来电人未确认，请回电核实）" in product.card(ticket.number)
