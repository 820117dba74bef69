"""A caller who withheld their number (Twilio's "+266696687", "anonymous", ...): their report is kept all the same, but
nothing is texted to them, they are never matched to another withheld caller, and staff see that the number was
withheld."""

from __future__ import annotations

import pytest
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT

from ivr.call import Turn
from storage import numbers, tickets
from storage.values import TicketInfo, TicketKind

ANONYMOUS = "+266696687"  # "ANONYMOUS" on a keypad: what Twilio sends as From for a withheld number


async def report_no_heat(product: Product, phone: str) -> tuple[str, TicketInfo]:
    """Key 1, the address confirmed, 15 degrees, then a hang-up: what the caller heard last, and the ticket."""
    caller = product.caller(phone)
    await caller.call()
    await caller.press("1")
    await caller.say("红旗小区3号楼2单元501")
    await caller.press("1")
    await caller.press("15#")
    assert caller.step == "/twilio/voice/after"  # the ticket was read out
    heard = caller.said
    await caller.hang_up()
    newest = (await tickets.list_tickets(product.store))[0]
    return heard, newest


@pytest.mark.parametrize(
    "sent", [ANONYMOUS, "+7378742833", "+86282452253", "+8656696", "+2562533", "anonymous", "Restricted", ""]
)
def test_twilios_withheld_caller_ids_are_nobodys_number(sent: str) -> None:
    turn = Turn.parse({"CallSid": "CA1", "From": sent}, {})
    assert turn.caller is None
    assert Turn.parse({"CallSid": "CA1", "From": RESIDENT}, {}).caller == RESIDENT


async def test_a_withheld_caller_is_asked_to_note_the_number_and_nothing_is_texted(product: Product) -> None:
    heard, ticket = await report_no_heat(product, ANONYMOUS)
    assert heard.count("，".join(ticket.number)) == 2  # read twice
    assert "请记下这个号码" in heard and "工单号也会用短信发给您" not in heard and "30分钟内到达" in heard
    await product.deliver()
    assert product.twilio.sent == []  # nobody's number is texted
    card = product.card(ticket.number)
    assert "联系方式：号码未显示（来电人隐藏了号码，无法回电）" in card and "anon:" not in card
    seen = "".join(c.text for c in product.staff_seen())
    assert "未送达" not in seen and "anon:" not in seen


async def test_a_second_withheld_caller_never_hears_the_first_ones_ticket(product: Product) -> None:
    _, first = await report_no_heat(product, ANONYMOUS)
    _, known = await report_no_heat(product, RESIDENT)
    other = product.caller(ANONYMOUS)
    await other.call()
    await other.press("3")
    assert "来电号码未显示" in other.said and "请输入工单号" in other.said
    assert "，".join(first.number) not in other.said
    await other.press(f"{known.number}#")  # a known caller's ticket does not exist for a withheld one
    assert "请输入这张工单地址的门牌号" in other.said  # asked of every number alike
    await other.press("501#")  # even with its room
    assert "没有找到这个工单号" in other.said and "，".join(known.number) not in other.said
    await other.press(f"{first.number}#")  # the number read out to a withheld caller, with its flat's room
    await other.press("501#")
    assert "，".join(first.number) in other.said and "暖气不热" in other.said
    assert "红旗小区" not in other.said  # never its address


async def neighbour_lookup(product: Product, number: str, room: str) -> str:
    """A withheld caller keys 3, a ticket number and a room: what they hear."""
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.press("3")
    await caller.press(f"{number}#")
    await caller.press(f"{room}#")
    return caller.said


async def test_a_withheld_callers_neighbour_number_reads_out_nothing_without_its_room(
    product: Product,
) -> None:
    _, theirs = await report_no_heat(product, ANONYMOUS)  # room 501
    unknown = numbers.from_id(theirs.id + 1)  # the next number, not yet given to anyone
    heard = {
        "wrong room": await neighbour_lookup(product, theirs.number, "502"),
        "unknown number": await neighbour_lookup(product, unknown, "502"),
    }
    assert heard["wrong room"] == heard["unknown number"]  # nothing told apart: same words
    assert "没有找到这个工单号" in heard["wrong room"] and "暖气不热" not in heard["wrong room"]
    assert "，".join(theirs.number) not in heard["wrong room"]
    assert "暖气不热" in await neighbour_lookup(product, theirs.number, "501")
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.press("3")
    await caller.press(f"{theirs.number}#")
    await caller.say("五零一")  # said, not keyed
    assert "，".join(theirs.number) in caller.said and "暖气不热" in caller.said


async def test_a_withheld_caller_has_three_tries_then_no_more_look_ups(product: Product) -> None:
    _, theirs = await report_no_heat(product, ANONYMOUS)
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.press("3")
    for room in ("502", "503"):
        await caller.press(f"{theirs.number}#")
        await caller.press(f"{room}#")
        assert "没有找到这个工单号" in caller.said and "请输入工单号" in caller.said
    await caller.press(f"{theirs.number}#")
    await caller.press("504#")
    assert "没有找到这个工单号" in caller.said and "这次通话不能再查询工单了" in caller.said
    assert caller.step == "/twilio/voice/menu"
    await caller.press("3")
    await caller.press(f"{theirs.number}#")  # the right room no longer helps on this call
    assert "这次通话不能再查询工单了" in caller.said and "门牌号" not in caller.said


async def test_a_withheld_ticket_with_no_room_is_not_read_out_and_a_person_is_offered(
    product: Product,
) -> None:
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.say("我要投诉 客服电话里的人很不耐烦")  # a complaint: no address asked
    [complaint] = await tickets.list_tickets(product.store)
    assert complaint.room is None
    other = product.caller(ANONYMOUS)
    await other.call()
    await other.press("3")
    await other.press(f"{complaint.number}#")
    assert "没有说门牌号的工单，电话里无法查询，请按0转人工服务" in other.said
    await other.press("0")
    assert other.xml.count("<Dial") == 1 and "+8643188770001" in other.xml  # the duty staff


async def test_a_withheld_emergency_with_a_voicemail_alerts_staff_without_undelivered_notices(
    product: Product,
) -> None:
    caller = product.caller("anonymous")
    await caller.call()
    await caller.say("暖气片爆了 红旗小区3号楼2单元501")
    await caller.dial_ends("no-answer")
    await caller.leave_message("https://api.twilio.com/recordings/RE5")
    await caller.hang_up()
    [ticket] = await tickets.list_tickets(product.store)
    assert ticket.kind is TicketKind.BURST and ticket.escalated
    await product.deliver()
    assert product.twilio.sent == []
    seen = "".join(c.text for c in product.staff_seen())
    assert "号码未显示" in product.card(ticket.number) and "RE5" in seen
    assert "未送达" not in seen and "anon:" not in seen


async def test_a_withheld_complainant_is_asked_to_note_the_complaint_number(product: Product) -> None:
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.say("我要投诉 客服电话里的人很不耐烦")
    assert "投诉已登记" in caller.said and "请记下这个编号" in caller.said
    assert "投诉编号也会用短信发给您" not in caller.said
