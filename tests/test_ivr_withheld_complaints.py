"""A complaint from a caller who withheld their number: nobody can call them back, so the call promises no
supervisor's call: it says so, offers the duty staff now (or to call again showing the number), and staff are never
asked to phone them: the card says the number is withheld and promises no call, no follow-up falls due."""

from __future__ import annotations

import pytest
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import DUTY, Caller

from storage import tickets
from storage.values import TicketInfo, TicketKind

ANONYMOUS = "+266696687"
CALL_AGAIN = "您的来电号码未显示，我们没法给您回电；需要跟进的话，请显示号码后再打来"
OFFER = "要现在就和值班人员通话，请按1或说“转人工”"


async def complains(product: Product) -> tuple[Caller, TicketInfo]:
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.say("我要投诉 昨天来的师傅态度特别差 还跟我吵架")
    [ticket] = await tickets.list_tickets(product.store)
    assert ticket.kind is TicketKind.COMPLAINT
    return caller, ticket


async def test_a_withheld_complainant_is_told_nobody_can_call_back_and_offered_the_duty_staff(
    product: Product,
) -> None:
    caller, ticket = await complains(product)
    said = caller.said
    assert said.count("，".join(ticket.number)) == 2 and "请记下这个编号" in said
    assert "值班主管会按您说的情况处理" in said and CALL_AGAIN in said and OFFER in said
    assert "小时内联系您" not in said and "回电" not in said.replace(CALL_AGAIN, "")
    await caller.press("1")
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY] and "为您转接值班人员" in caller.said


@pytest.mark.parametrize(
    ("answer", "through"),
    [("0", True), ("好的", True), ("转人工", True), ("不需要", False), ("不用了 谢谢", False), ("", False)],
)
async def test_the_offer_of_the_duty_staff_is_answered_by_key_or_word(
    product: Product, answer: str, through: bool
) -> None:
    caller, _ = await complains(product)
    if answer.isdigit():
        await caller.press(answer)
    elif answer:
        await caller.say(answer)
    else:
        await caller.silence()
    assert bool(caller.doc.xpath("//Dial/Number")) is through
    if not through:
        assert caller.doc.xpath("//Hangup") and "再见" in caller.said


async def test_staff_are_never_asked_to_phone_a_withheld_complainant(product: Product) -> None:
    caller, ticket = await complains(product)
    await caller.hang_up()
    await product.deliver()
    card = product.card(ticket.number)
    assert "联系方式：号码未显示（来电人隐藏了号码，无法回电）" in card
    assert "承诺：无（来电人隐藏了号码，无法回电）" in card and "24小时内联系居民" not in card
    assert [label for label, _ in product.card_buttons(ticket.number)] == ["接单", "办结", "转交"]
    answer = await product.press_data(
        f"tk:calledback:{ticket.number}:", ticket.number
    )  # an old card's Contacted
    assert "来电人隐藏了号码，无法回电" in answer
    assert not [e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "contacted"]

    await product.tick(25 * 60)  # past the 24 hours a known caller's complaint is followed up within
    assert not (await product.ticket(ticket.number)).breached
    seen = "\n".join(c.text for c in product.staff_seen())
    assert "⛔" not in seen and "请立即给居民回电" not in seen and "未在承诺时间内联系居民" not in seen
    [line] = [line for line in await product.staff("/open") if ticket.number in line]
    assert "号码未显示，无法回电" in line and "主管跟进" not in line
    shift = "\n".join(await product.staff("/shift"))
    assert "号码未显示，无法回电" in shift and "跟进超时" not in shift
