"""A caller's ticket without an address; staff reply to its card with a question, which the caller gets by SMS: what
they text back is their answer to staff. An address goes onto the ticket, anything else the bot has nothing clear to
do with is posted under the card, and they are told so; after a while, or for clear requests, the bot answers as
usual."""

from __future__ import annotations

from fake_telegram import Sent
from phone_world import Product, clock_fixture, cold_by_phone, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT
from test_sms_chat import message, text

from storage import tickets
from storage.values import TicketInfo

LINE = "+8643188880002"  # the chaoyang hotline the caller dialled


async def called_without_an_address(product: Product) -> TicketInfo:
    caller = product.caller()
    await caller.call()
    await caller.press("1")
    await caller.silence()
    await caller.silence()  # no address understood: the report is kept without one
    await caller.press("#")
    await caller.hang_up()
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.address_raw is None
    await product.deliver()
    return ticket


async def staff_ask(product: Product, ticket: TicketInfo, question: str) -> None:
    [card] = [
        c for c in product.staff_seen() if c.method == "sendMessage" and c.buttons and ticket.number in c.text
    ]
    assert any("已转给工单" in line for line in await product.staff(question, reply_to=card))
    await product.deliver()
    assert product.sms(RESIDENT)[-1] == f"人工客服：{question}"


async def texts(product: Product, body: str) -> str:
    _status, answer = await text(product.client, body, phone=RESIDENT, to=LINE)
    await product.deliver()
    return message(answer)


async def test_the_callers_text_back_to_staff_puts_the_address_on_and_the_rest_under_the_card(
    product: Product,
) -> None:
    ticket = await called_without_an_address(product)
    await staff_ask(product, ticket, "您好，请问您家具体是哪个小区几号楼？")

    assert f"已补充到工单 {ticket.number}" in await texts(product, "红旗小区3号楼2单元501")
    placed = await product.ticket(ticket.number)
    assert (placed.address_raw, placed.building, placed.unit, placed.room) == (
        "红旗小区3号楼2单元501",
        "3",
        "2",
        "501",
    )
    assert "地址：红旗小区3号楼2单元501" in product.card_text_now(ticket.number)

    passed = await texts(product, "我家里有老人 你们快点")
    assert f"已转给处理工单 {ticket.number} 的工作人员" in passed and "您是想" not in passed
    said = [e.data.get("description") for e in await tickets.events(product.store, number=ticket.number)]
    assert "我家里有老人 你们快点" in said
    assert any(
        f"工单 <code>{ticket.number}</code> 居民补充：我家里有老人 你们快点" in c.text
        for c in product.staff_seen()
    )
    assert len(await tickets.of_phone(product.store, phone=RESIDENT)) == 1


async def test_clear_requests_are_answered_as_usual_and_the_talk_ends_after_a_while(product: Product) -> None:
    ticket = await called_without_an_address(product)
    await staff_ask(product, ticket, "您好，师傅正在路上")
    assert f"已转给处理工单 {ticket.number} 的工作人员" in await texts(product, "好的 谢谢")
    assert "您的未完成报修" in await texts(product, "我的报修到哪了")  # a status question, answered
    await product.tick(121)
    assert "您是想" in await texts(product, "你们快点")  # two hours on: the bot's own question
    said = [e.data.get("description") for e in await tickets.events(product.store, number=ticket.number)]
    assert "你们快点" not in said


LVYUAN_STAFF = -1001000000005
LVYUAN_SECOND_LINE = "+8643188880010"  # not the first of Lvyuan's hotlines, nor the company's


async def asks_for_a_person(product: Product, words: str, told: str) -> Sent:
    """The texter asks Lvyuan's second line for a person in `words` and is `told` so: the request in its staff chat."""
    _status, answer = await text(product.client, words, phone=RESIDENT, to=LVYUAN_SECOND_LINE)
    assert told in message(answer)
    await product.deliver()
    [request] = [c for c in product.staff_seen(LVYUAN_STAFF) if "居民请求人工客服" in c.text]
    return request


async def test_a_texters_talk_with_staff_is_answered_and_ended_from_the_hotline_they_texted(
    product: Product,
) -> None:
    request = await asks_for_a_person(product, "人工", "转接人工客服")
    await product.staff("您好，请讲", chat=LVYUAN_STAFF, reply_to=request)
    await product.staff("/done", chat=LVYUAN_STAFF, reply_to=request)
    await product.deliver()

    said, ended = [m for m in product.twilio.sent if m.to == RESIDENT][-2:]
    assert (said.from_, said.body) == (LVYUAN_SECOND_LINE, "人工客服：您好，请讲")
    assert ended.from_ == LVYUAN_SECOND_LINE
    assert ended.body.startswith("人工服务已结束") and "人工客服：" not in ended.body


async def test_words_about_the_visit_texted_back_to_staff_go_under_the_card(product: Product) -> None:
    ticket = await called_without_an_address(product)
    await staff_ask(product, ticket, "师傅路上堵车，大概晚十分钟，请您谅解")
    said = "好的 谢谢 我家老人腿脚不好 麻烦师傅来了多敲几下门"
    answer = await texts(product, said)
    assert f"上门事项已记到工单 {ticket.number}" in answer and "您的未完成报修" not in answer
    kept = [e.data.get("description") for e in await tickets.events(product.store, number=ticket.number)]
    assert said in kept
    assert any(f"工单 <code>{ticket.number}</code> 居民补充：{said}" in c.text for c in product.staff_seen())


async def test_a_texter_of_english_is_texted_staffs_chinese_reply_with_a_short_line_saying_what_it_is(
    product: Product,
) -> None:
    request = await asks_for_a_person(
        product, "I want to talk to a person", "putting you through to a person"
    )
    await product.staff("您好，请讲，师傅下午两点到", chat=LVYUAN_STAFF, reply_to=request)
    await product.staff("Hello, please go ahead", chat=LVYUAN_STAFF, reply_to=request)
    await product.deliver()

    assert product.sms(RESIDENT)[-2:] == [
        "Staff reply (in Chinese): 您好，请讲，师傅下午两点到",
        "Staff: Hello, please go ahead",  # in the texter's language: as ever
    ]


async def test_a_callers_repair_resolved_with_a_note_in_english_is_texted_with_a_short_line_saying_what_it_is(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)
    await product.staff(f"/onsite {ticket.number}")  # the crew came
    await product.staff(f"/resolve {ticket.number} Replaced the valve, heat is back")
    await product.deliver()

    told = product.sms(RESIDENT)[-1]
    assert told.startswith(f"工单 {ticket.number}") and "已标记为修好" in told
    assert "\n值班说明（原文为英文）：“Replaced the valve, heat is back”" in told
