"""A flat said without its estate ("5栋1单元302") on a line whose branch serves several estates: the estate is asked
once, as the chat asks it; the one named goes before the flat, and an answer not understood keeps the report with the
flat and the caller's words, for staff to confirm."""

from __future__ import annotations

import pytest
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT, Caller, Clock, voice_client

from intents.company import Company
from storage import Store, contacts, tickets
from storage.values import Channel, TicketInfo, TicketKind


async def saved(store: Store) -> str | None:
    contact = await contacts.get_or_create(store, channel=Channel.VOICE, phone=RESIDENT)
    return contact.address_raw


async def unconfirmed(store: Store, ticket: TicketInfo) -> bool:
    return any(
        e.data.get("code") == "address_unconfirmed" for e in await tickets.events(store, number=ticket.number)
    )


async def asked_estate(product: Product, *, leak: bool = False) -> Caller:
    """A no-heat report, or a leak whose address comes after the duty call, with a flat said without its estate
    and confirmed: the caller is asked its estate."""
    caller = product.caller()
    await caller.call()
    if leak:
        await caller.say("卫生间暖气片漏水了")
        await caller.dial_ends("completed")
        await caller.say("8号楼3单元602")
    else:
        await caller.say("暖气不热 5栋1单元302")
    await caller.press("1")
    assert caller.step == "/twilio/voice/estate"
    return caller


@pytest.mark.parametrize(
    ("english", "flat", "estate", "whole"),
    [
        (False, "5栋1单元302", "桂林小区", "桂林小区5栋1单元302"),
        (False, "五号楼一单元三零二", "嗯 是湖西的", "湖西花园五号楼一单元三零二"),
        (
            False,
            "5栋1单元302",
            "桂林小区5栋1单元302",
            "桂林小区5栋1单元302",
        ),  # the flat again, with its estate
        (True, "building 5 unit 1 room 302", "Guilin", "Guilin building 5 unit 1 room 302"),
    ],
)
async def test_a_flat_without_its_estate_is_asked_its_estate_once(
    product: Product, english: bool, flat: str, estate: str, whole: str
) -> None:
    caller = product.caller()
    await caller.call()
    await caller.press("9" if english else "1")
    if english:
        await caller.press("1")
    await caller.say(flat)
    await caller.press("1")  # the flat read back is right
    assert caller.step == "/twilio/voice/estate"
    assert ("Which compound" if english else "哪个小区") in caller.said
    assert ("Hongqi" if english else "红旗小区") in caller.said  # the dialled branch's estates, as examples
    await caller.say(estate)
    assert whole in caller.said and caller.step == "/twilio/voice/temperature"  # the report goes on
    await caller.press("16#")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert (ticket.address_raw, ticket.building, ticket.unit, ticket.room) == (whole, "5", "1", "302")
    assert ticket.temperature_c == 16 and not await unconfirmed(product.store, ticket)
    assert await saved(product.store) == whole


@pytest.mark.parametrize(
    ("answer", "kept"),
    [
        ("就在铁路宿舍后面那栋", "就在铁路宿舍后面那栋 5栋1单元302"),
        ("幸福小区", "幸福小区5栋1单元302"),  # no estate the company serves
        ("不知道", "5栋1单元302"),
        ("", "5栋1单元302"),
    ],
)
async def test_an_estate_not_understood_keeps_the_report_for_staff_to_confirm(
    product: Product, answer: str, kept: str
) -> None:
    caller = await asked_estate(product)
    await (caller.say(answer) if answer else caller.silence())
    assert "工作人员会跟您核实" in caller.said and caller.step == "/twilio/voice/temperature"  # asked once
    await caller.press("#")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and (ticket.address_raw, ticket.room) == (kept, "302")
    assert await unconfirmed(product.store, ticket)
    await product.deliver()
    card = product.card(ticket.number)
    assert f"地址：{kept}（来电人未确认，请回电核实）" in card and f"联系方式：{RESIDENT}" in card


async def test_a_caller_who_hangs_up_at_the_estate_question_leaves_the_report(product: Product) -> None:
    caller = await asked_estate(product)
    await caller.hang_up()
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.address_raw == "5栋1单元302"
    assert await unconfirmed(product.store, ticket)


async def test_an_emergencys_flat_given_after_the_duty_call_is_asked_its_estate(product: Product) -> None:
    caller = await asked_estate(product, leak=True)
    await caller.say("湖西花园")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.LEAK and ticket.address_raw == "湖西花园8号楼3单元602"
    assert "地址已记下" in caller.said and caller.doc.xpath("/Response/Hangup")


async def test_an_emergency_caller_who_hangs_up_at_the_estate_question_leaves_the_flat_on_the_ticket(
    product: Product,
) -> None:
    caller = await asked_estate(product, leak=True)
    await caller.hang_up()
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.address_raw == "8号楼3单元602" and await unconfirmed(product.store, ticket)


async def test_another_whole_address_said_at_the_estate_question_is_read_back(product: Product) -> None:
    caller = await asked_estate(product)
    await caller.say("不对 是红旗小区6栋2单元402")
    assert caller.step == "/twilio/voice/confirm" and "红旗小区6栋2单元402" in caller.said
    await caller.press("1")
    assert caller.step == "/twilio/voice/temperature"  # the estate is not asked twice
    await caller.press("#")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert (ticket.address_raw, ticket.room) == ("红旗小区6栋2单元402", "402")
    assert not await unconfirmed(product.store, ticket)


async def test_an_address_with_its_estate_is_not_asked_again(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say("暖气不热 红旗小区3号楼2单元501")
    await caller.press("1")
    assert caller.step == "/twilio/voice/temperature" and "哪个小区" not in caller.said


async def test_a_branch_of_one_estate_asks_none(store: Store, demo_company: Company) -> None:
    branches = [
        b.model_copy(update={"compounds": ["红旗小区"], "compounds_en": ["Hongqi"]})
        if b.code == "chaoyang"
        else b
        for b in demo_company.branches
    ]
    company = demo_company.model_copy(update={"branches": branches})
    async with voice_client(store, company, Clock()) as client:
        caller = Caller(client)
        await caller.call()
        await caller.say("暖气不热 5栋1单元302")
        await caller.press("1")
        assert caller.step == "/twilio/voice/temperature" and "哪个小区" not in caller.said
