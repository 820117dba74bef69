"""The question for another ticket number (key 3, or a question about a repair just filed) hears the caller as after a
ticket was read out: a report, a complaint or a question said there is handled as at the menu, its own ticket or
answer; "没有了 谢谢" ends the call politely at once. Keys and a ticket number said keep working as before."""

from __future__ import annotations

import pytest
from phone_world import Product, clock_fixture, cold_by_phone, product_fixture  # noqa: F401
from test_ivr_after_ticket import reported
from test_ivr_helpers import RESIDENT, Caller

from storage import tickets
from storage.values import TicketInfo, TicketKind

ASKED_NUMBER = "如有其他工单号，请输入工单号后按井号键"


async def at_the_number_question(product: Product, *, english: bool = False) -> Caller:
    """The caller keys 3 (9 first for English) and hears their repairs, then the question for another number."""
    caller = product.caller()
    await caller.call()
    if english:
        await caller.press("9")
    await caller.press("3")
    assert caller.step == "/twilio/voice/repair"
    return caller


async def test_the_number_question_says_a_number_or_anything_else_may_be_said(product: Product) -> None:
    """Words are heard at the question: it says so, not only which keys to press."""
    caller = await at_the_number_question(product)
    assert "或直接说出工单号；有别的事也可以直接说" in caller.said
    english = await at_the_number_question(product, english=True)
    assert "or say it; for anything else, just say it" in english.said


async def test_a_report_said_at_the_number_question_is_filed_as_its_own_ticket(product: Product) -> None:
    caller = await at_the_number_question(product)
    assert "没有查到这个电话号码的未完成报修" in caller.said
    await caller.say("那我要报修 家里暖气不热")
    assert "请说出您的地址" in caller.said and ASKED_NUMBER not in caller.said
    await caller.say("红旗小区3号楼2单元501")
    await caller.press("1")
    await caller.press("15#")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert (ticket.kind, ticket.room, ticket.description) == (
        TicketKind.NO_HEAT,
        "501",
        "那我要报修 家里暖气不热",
    )
    assert caller.said.count("，".join(ticket.number)) == 2 and "30分钟内到达" in caller.said
    await caller.hang_up()
    await product.deliver()
    assert "居民原话：那我要报修 家里暖气不热" in product.card(ticket.number)


async def test_a_complaint_said_at_the_number_question_goes_to_the_supervisor(product: Product) -> None:
    repair = await cold_by_phone(product)
    caller = await at_the_number_question(product)
    assert "，".join(repair.number) in caller.said  # their open repair read out first
    await caller.say("我要投诉 你们师傅到现在都没来")
    complaint, _ = await tickets.of_phone(product.store, phone=RESIDENT)  # newest first
    assert complaint.kind is TicketKind.COMPLAINT and complaint.escalated
    assert "您的投诉已登记" in caller.said and caller.said.count("，".join(complaint.number)) == 2
    assert not caller.doc.xpath("/Response/Hangup")  # still heard
    await product.deliver()
    assert "居民原话：我要投诉 你们师傅到现在都没来" in product.card(complaint.number)


async def test_a_question_said_at_the_number_question_is_answered(product: Product) -> None:
    caller = await at_the_number_question(product)
    await caller.say("我还想问一下 今年供暖到几号结束")
    assert "4月10日" in caller.said and not caller.doc.xpath("/Response/Hangup")
    assert await tickets.of_phone(product.store, phone=RESIDENT) == []


ALL_RIGHT, WELCOME, GOODBYE = "好的，", "不客气。", "感谢来电，再见。"
ALL_RIGHT_EN, WELCOME_EN, GOODBYE_EN = "All right.", "You're welcome.", "Thank you for calling. Goodbye."


@pytest.mark.parametrize(
    ("words", "closing"),
    [
        ("没有了", [ALL_RIGHT, GOODBYE]),
        ("没有了 谢谢", [ALL_RIGHT, WELCOME, GOODBYE]),
        ("no that's all, thanks", [ALL_RIGHT_EN, WELCOME_EN, GOODBYE_EN]),
    ],
)
async def test_nothing_more_at_the_number_question_ends_the_call_at_once(
    product: Product, words: str, closing: list[str]
) -> None:
    repair = await cold_by_phone(product)
    seen = len(product.staff_seen())
    caller = await at_the_number_question(product, english=words.isascii())
    await caller.say(words)
    assert caller.doc.xpath("/Response/Say/text()") == closing
    assert caller.doc.xpath("/Response/Hangup") and not caller.doc.xpath("//Gather")
    await caller.hang_up()
    await product.deliver()
    assert await tickets.of_phone(product.store, phone=RESIDENT) == [repair]  # nothing opened
    assert len(product.staff_seen()) == seen  # and nothing for staff


async def asked_when_the_crew_comes(product: Product) -> tuple[Caller, TicketInfo]:
    """A no-heat report filed by phone, then "多久能到": the repair is read out and another number asked."""
    caller, ticket = await reported(product.client, product.store)
    await caller.say("那师傅大概多久能到啊")
    assert "，".join(ticket.number) in caller.said and ASKED_NUMBER in caller.said
    return caller, ticket


async def test_after_asking_when_the_crew_comes_nothing_more_ends_the_call(product: Product) -> None:
    caller, _ = await asked_when_the_crew_comes(product)
    await caller.say("没有了 谢谢")
    assert caller.doc.xpath("/Response/Say/text()") == [ALL_RIGHT, WELCOME, GOODBYE]
    assert caller.doc.xpath("/Response/Hangup")


async def test_after_asking_when_the_crew_comes_another_problem_opens_its_own_ticket(
    product: Product,
) -> None:
    caller, repair = await asked_when_the_crew_comes(product)
    await caller.say("还有 我要投诉 上次来的师傅态度很差")
    complaint, _ = await tickets.of_phone(product.store, phone=RESIDENT)
    assert complaint.kind is TicketKind.COMPLAINT and complaint.number != repair.number
    assert "您的投诉已登记" in caller.said
