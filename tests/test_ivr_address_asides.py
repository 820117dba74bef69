"""Words at the address question that are no address: a question is answered and the address asked again, a request
for a person is put through with the report kept; neither is read back as the address, and a call-back keeps the
resident's words in their language, never the system's English."""

from __future__ import annotations

import pytest
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import DUTY, RESIDENT, Caller

from storage import tickets
from storage.values import TicketKind


async def at_the_address(product: Product) -> Caller:
    caller = product.caller()
    await caller.call()
    await caller.press("1")
    assert caller.step == "/twilio/voice/address"
    return caller


@pytest.mark.parametrize("question", ["你们多久能来啊", "嗯 我是说 你们什么时候来"])
async def test_a_question_at_the_address_is_answered_and_the_address_asked_again(
    product: Product, question: str
) -> None:
    caller = await at_the_address(product)
    await caller.say(question)
    assert "30分钟内到达现场" in caller.said and "请说出您的地址" in caller.said
    assert "您说的地址是" not in caller.said and caller.step == "/twilio/voice/address"
    await caller.say("红旗小区3号楼2单元501")
    assert "您说的地址是：红旗小区3号楼2单元501" in caller.said
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.address_raw == "红旗小区3号楼2单元501"


async def test_a_standards_question_at_the_address_gets_its_answer(product: Product) -> None:
    caller = await at_the_address(product)
    await caller.say("收费标准是多少")
    assert "元" in caller.said and caller.said.endswith("请说出您的地址：小区名称、几号楼、几单元、门牌号。")


async def test_questions_are_answered_twice_then_the_words_are_read_back(product: Product) -> None:
    caller = await at_the_address(product)
    for _ in range(2):
        await caller.say("你们多久能来啊")
        assert caller.step == "/twilio/voice/address"
    await caller.say("你们多久能来啊")
    assert caller.step == "/twilio/voice/confirm"  # never a loop


async def test_a_person_asked_for_at_the_address_is_put_through_and_the_report_kept(product: Product) -> None:
    caller = await at_the_address(product)
    await caller.say("我要找人工 我说不清楚")
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY] and "您说的地址是" not in caller.said
    await caller.hang_up()
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.CALLBACK and ticket.address_raw is None
    assert ticket.description == "暖气不热"
    await product.deliver()
    card = product.card(ticket.number)
    assert "地址：（居民尚未提供）" in card and "居民原话：暖气不热" in card
    assert "hung up" not in card and "[no_heat]" not in card


async def test_a_person_nobody_answers_keeps_the_report_with_the_voicemail(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say("暖气片冰凉冰凉的")
    await caller.say("我要找人工")
    await caller.dial_ends("no-answer")
    await caller.leave_message("https://api.twilio.com/recordings/RE9")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.CALLBACK and ticket.description == "暖气不热: 暖气片冰凉冰凉的"


async def test_a_hang_up_mid_report_keeps_the_words_without_the_systems_english(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say("家里暖气一点都不热")
    await caller.say("红旗小区3号楼2单元501")
    await caller.hang_up()  # at the read-back
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.CALLBACK and ticket.description == "暖气不热: 家里暖气一点都不热"
    await product.deliver()
    assert "居民原话：暖气不热: 家里暖气一点都不热" in product.card(ticket.number)


@pytest.mark.parametrize(
    ("english", "said", "address", "kept"),
    [
        (False, "红旗小区5号楼3门402 家里有老人 快点", "红旗小区5号楼3门402", "家里有老人 快点"),
        (True, "Hongqi compound building 3 unit 2 room 501, it's getting worse",
         "Hongqi compound building 3 unit 2 room 501", "it's getting worse"),
    ],
)  # fmt: skip
async def test_words_said_beside_the_address_reach_the_ticket_and_its_staff(
    product: Product, english: bool, said: str, address: str, kept: str
) -> None:
    """Only the address is read back; the words beside it are the caller's words on the ticket, never dropped."""
    caller = product.caller()
    await caller.call()
    if english:
        await caller.press("9")
    await caller.press("1")
    await caller.say(said)
    assert address in caller.said and kept not in caller.said  # the read-back
    await caller.press("1")
    await caller.press("15#")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert (ticket.address_raw, ticket.description, ticket.temperature_c) == (address, kept, 15)
    await product.deliver()
    assert f"居民原话：{kept}\n" in product.card(ticket.number)


async def test_the_words_join_what_was_said_first_and_a_reading_among_them_is_not_asked_again(
    product: Product,
) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say("暖气不热")
    await caller.say("红旗小区3号楼2单元501 屋里才十二度 家里有老人")
    await caller.press("1")
    assert caller.step != "/twilio/voice/temperature"
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.description == "暖气不热 屋里才十二度 家里有老人" and ticket.temperature_c == 12


async def test_words_beside_an_open_emergencys_address_reach_its_duty_staff(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.press("2")
    await caller.say("暖气片漏水了")
    await caller.dial_ends("completed")  # the duty officer talked to: the address asked
    await caller.say("红旗小区3号楼2单元501 家里有老人 快点")
    await caller.press("1")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.address_raw == "红旗小区3号楼2单元501"
    await product.deliver()
    additions = [c.text for c in product.staff_seen() if "居民补充" in c.text]
    assert additions == [f"📝 工单 <code>{ticket.number}</code> 居民补充：家里有老人 快点"]
