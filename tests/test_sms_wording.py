"""What a texter reads: one question at a time (the address asked once, as the saved one when there is one), and the
"marked fixed" text with staff's note before the rating question, which stays next to its options."""

from __future__ import annotations

from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_sms_chat import message, text

from storage import tickets
from storage.values import Status, TicketInfo

TEXTER = "+8613900007777"
CHAOYANG_LINE = "+8643188880002"


async def texts(product: Product, words: str) -> str:
    """The texter sends `words` to the Chaoyang hotline; the answer texted back."""
    _status, body = await text(product.client, words, phone=TEXTER, to=CHAOYANG_LINE)
    return message(body)


async def reported(product: Product, words: str) -> TicketInfo:
    """A report texted and confirmed with "1"; its ticket."""
    await texts(product, words)
    await texts(product, "1")
    await product.deliver()
    [ticket] = [t for t in await tickets.list_tickets(product.store) if t.status is Status.NEW]
    return ticket


async def test_a_texter_with_a_saved_address_is_asked_only_whether_it_is_that_one(product: Product) -> None:
    ticket = await reported(product, "暖气不热 红旗小区3栋2单元601 屋里12度")
    await product.staff(f"/cancel {ticket.number} 居民说好了")
    await product.deliver()

    asked = await texts(product, "又不热了")
    assert asked == (
        "报修地址是上次的“红旗小区3栋2单元601”吗？是的话回复下面的序号，不是的话请直接发新地址（小区、楼号、单元、房间号）。"
        "\n1. 是，红旗小区3栋2单元601"
    )
    assert "屋里现在大概多少度" in await texts(product, "1")


async def test_an_emergency_at_a_saved_address_is_asked_it_once_after_the_safety_advice(
    product: Product,
) -> None:
    ticket = await reported(product, "暖气不热 红旗小区3栋2单元601 屋里12度")
    await product.staff(f"/cancel {ticket.number}")
    asked = await texts(product, "暖气片漏水了")
    assert asked.count("？") == 1 and "请告诉我" not in asked and "请发送地址" not in asked
    assert "为了让抢修人员尽快找到您：地址是上次的“红旗小区3栋2单元601”吗？是的话回复下面的序号" in asked
    assert "1. 是，红旗小区3栋2单元601" in asked


async def test_a_marked_fixed_text_says_staffs_note_before_the_question_next_to_its_options(
    product: Product,
) -> None:
    ticket = await reported(product, "No heating at Hongqi compound building 3 unit 2 room 601, 12 degrees")
    await product.staff(f"/onsite {ticket.number}")
    await product.staff(f"/resolve {ticket.number} 换了阀门，已恢复供热")
    await product.deliver()
    assert product.sms(TEXTER)[-1] == (
        f"Ticket {ticket.number} (Hongqi compound building 3 unit 2 room 601) is marked fixed.\n"
        'Staff note (in Chinese): "换了阀门，已恢复供热"\n'
        "Is it warm now? Please rate the repair from 1 to 5.\n"
        "6. Still cold"
    )
