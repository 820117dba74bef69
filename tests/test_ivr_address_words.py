"""The address a caller says, as the recogniser writes it (with commas, with the complaint around it): read back,
on the ticket, whispered to the duty officer and remembered with the estate and the flat only."""

from __future__ import annotations

from test_ivr_helpers import DUTY, RESIDENT, Caller, Client, Clock, client_fixture, clock_fixture  # noqa: F401

from storage import Store, contacts, tickets
from storage.values import Channel


async def _saved(store: Store) -> str | None:
    contact = await contacts.get_or_create(store, channel=Channel.VOICE, phone=RESIDENT)
    return contact.address_raw


async def test_an_address_said_in_clauses_is_read_back_kept_and_remembered_with_its_estate(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("暖气不热。")
    assert caller.step == "/twilio/voice/address"
    await caller.say("湖西花园，7号楼，3单元，602。")
    assert caller.step == "/twilio/voice/confirm" and "湖西花园，7号楼，3单元，602。正确请按1" in caller.said
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert (ticket.address_raw, ticket.building, ticket.unit, ticket.room) == (
        "湖西花园，7号楼，3单元，602",
        "7",
        "3",
        "602",
    )
    assert await _saved(store) == "湖西花园，7号楼，3单元，602"


async def test_a_report_said_in_one_breath_is_read_back_without_the_complaint(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("喂你好我家暖气不热啊桂林小区三栋二单元五零一屋里才十四度")
    assert caller.step == "/twilio/voice/confirm"
    assert "您说的地址是：桂林小区三栋二单元五零一。" in caller.said
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.address_raw == "桂林小区三栋二单元五零一" and ticket.room == "501"
    assert await _saved(store) == "桂林小区三栋二单元五零一"


async def test_an_emergency_said_with_its_address_in_clauses_is_whispered_with_the_estate(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("暖气管子爆了，水喷了一地，东岭小区，12号楼，3单元，1102。")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.address_raw == "东岭小区，12号楼，3单元，1102" and ticket.room == "1102"
    officer = Caller(client, phone=DUTY)
    await officer.post(caller.doc.xpath("//Dial/Number/@url")[0], officer.fields())
    assert "地址：东岭小区，12号楼，3单元，1102。" in officer.said


async def test_an_english_address_in_clauses_keeps_its_compound(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("9")
    await caller.say("The radiator is leaking, Huxi Garden, building 8, unit 3, room 602.")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.address_raw == "Huxi Garden, building 8, unit 3, room 602"
    officer = Caller(client, phone=DUTY)
    await officer.post(caller.doc.xpath("//Dial/Number/@url")[0], officer.fields())
    assert "Address: Huxi Garden, building 8, unit 3, room 602." in officer.said


async def test_a_room_put_right_at_the_read_back_keeps_the_estate_said_after_the_flat(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("暖气不热")
    await caller.say("三号楼二单元五零一红旗小区")
    assert "您说的地址是：三号楼二单元五零一红旗小区。" in caller.said
    await caller.say("不对 是五零二")
    assert "您说的地址是：红旗小区3栋2单元502室。" in caller.said
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert (ticket.address_raw, ticket.room) == ("红旗小区3栋2单元502室", "502")
