"""A crew sent after the 30-minute promise ran out: the resident is told it comes as soon as possible, with an
apology, never a time already past; also after a hand-off and on a reopened repair's own promise."""

from __future__ import annotations

from phone_world import Product, clock_fixture, cold_by_phone, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT

from storage import tickets
from storage.values import Status

KUANCHENG_STAFF = -1001000000003  # the demo company's kuancheng staff chat


def late_dispatch(sms: str, number: str, crew: str) -> bool:
    return (
        f"工单 {number}：{crew}已出发，会尽快赶到" in sms
        and "没能在承诺的30分钟内到场，非常抱歉" in sms
        and "前到场" not in sms
    )


async def test_a_crew_sent_in_time_is_due_by_the_promised_time(product: Product) -> None:
    ticket = await cold_by_phone(product)
    await product.tick(10)
    await product.press(ticket.number, "接单")
    await product.press_data(f"tk:crew:{ticket.number}:C03", ticket.number)
    await product.deliver()
    assert product.sms(RESIDENT)[-1] == f"工单 {ticket.number}：朝阳抢修一队已出发，将在09:00前到场。"


async def test_a_crew_sent_after_the_promise_ran_out_comes_as_soon_as_possible_with_an_apology(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)
    await product.tick(50)  # the breach apology goes out at 09:00
    assert any("未能在承诺的30分钟内到场" in sms for sms in product.sms(RESIDENT))
    await product.press_data(f"tk:crew:{ticket.number}:C03", ticket.number)
    await product.deliver()
    assert late_dispatch(product.sms(RESIDENT)[-1], ticket.number, "朝阳抢修一队")
    assert "09:00" not in product.sms(RESIDENT)[-1]

    await product.tick(5)
    await product.press_data(
        f"tk:recrew:{ticket.number}:C04.C03", ticket.number
    )  # another crew instead, later
    await product.deliver()
    assert product.sms(RESIDENT)[-1] == (
        f"工单 {ticket.number}：改派朝阳抢修二队接替朝阳抢修一队，已出发，会尽快赶到。"
        "没能在承诺的30分钟内到场，非常抱歉。"
    )
    stored = await product.ticket(ticket.number)
    assert (stored.status, stored.crew, stored.breached) == (Status.DISPATCHED, "C04", True)


async def test_a_crew_sent_by_the_branch_handed_the_late_repair_also_apologises(product: Product) -> None:
    ticket = await cold_by_phone(product, "凯旋小区5栋1单元302")
    await product.tick(5)
    await product.press_data(f"tk:handoff:{ticket.number}:kuancheng", ticket.number)
    await product.tick(30)
    await product.staff(f"/dispatch {ticket.number} C05", chat=KUANCHENG_STAFF)
    await product.deliver()
    assert late_dispatch(product.sms(RESIDENT)[-1], ticket.number, "宽城抢修一队")


async def test_a_reopened_repair_sent_a_crew_late_is_told_so_and_in_time_its_new_time(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)
    await product.press_data(f"tk:crew:{ticket.number}:C03", ticket.number)
    await product.tick(10)
    await product.press(ticket.number, "已到场")
    await product.tick(30)
    await product.press(ticket.number, "已修复")
    await product.tick(60)
    await tickets.transition(
        product.store, number=ticket.number, to=Status.REOPENED, actor="resident", now=product.clock.now
    )  # 10:10: "还是不热", the new pass due at 10:40
    await product.tick(45)
    await product.press_data(f"tk:crew:{ticket.number}:C03", ticket.number)
    await product.deliver()
    assert late_dispatch(product.sms(RESIDENT)[-1], ticket.number, "朝阳抢修一队")
    assert "10:40" not in product.sms(RESIDENT)[-1]
