"""A complaint's promise: the duty supervisor contacts the resident within the follow-up hours. Past them with no
call logged, staff are alerted once; a resident who chases it is answered with an apology and it is raised again."""

from __future__ import annotations

import datetime as dt

from phone_world import Product, clock_fixture, complaint_by_phone, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT
from test_sms_chat import message, text

from storage import tickets
from storage.values import Status


def missed(product: Product) -> list[str]:
    return [c.text for c in product.staff_seen() if c.text.startswith("⛔ 投诉")]


async def test_a_complaint_nobody_followed_up_in_time_is_flagged_once(product: Product) -> None:
    ticket = await complaint_by_phone(product, "我要投诉 你们的师傅上门收了我两百块钱")
    product.clock.now += dt.timedelta(hours=23, minutes=58)
    await product.tick(1)
    assert missed(product) == []
    await product.tick(2)  # the 24 hours are up
    [alert] = missed(product)
    assert (
        f"⛔ 投诉 <code>{ticket.number}</code>：值班主管没有在承诺的24小时内联系居民。请立即给居民回电 {RESIDENT}"
        in alert
    )
    flagged = await product.ticket(ticket.number)
    assert flagged.breached and flagged.status is Status.NEW
    card = product.card(ticket.number)
    assert "⛔ 未在承诺时间内联系居民" in card and "未在承诺时间内到场" not in card
    assert f"联系方式：{RESIDENT}" in card  # the supervisor must phone them
    await product.tick(30)
    assert len(missed(product)) == 1
    events = await tickets.events(product.store, number=ticket.number)
    assert [e.data for e in events if e.kind == "follow_up_missed"] == [{"hours": 24, "minutes_late": 0.0}]
    assert not [sms for sms in product.sms(RESIDENT) if "抱歉" in sms]  # the resident hears it when they ask


async def test_a_complaint_contacted_in_time_keeps_its_promise(product: Product) -> None:
    ticket = await complaint_by_phone(product, "我要投诉 你们的师傅上门收了我两百块钱")
    product.clock.now += dt.timedelta(hours=3)
    await product.press(ticket.number, "已联系")
    product.clock.now += dt.timedelta(hours=22)
    await product.tick(2)
    assert missed(product) == [] and not (await product.ticket(ticket.number)).breached
    [line] = [line for line in await product.staff("/open") if ticket.number in line]
    assert "11:30 已联系居民，待办结" in line and "超时" not in line


async def test_a_caller_chasing_a_complaint_past_its_follow_up_hears_an_apology_and_it_is_raised_again(
    product: Product,
) -> None:
    ticket = await complaint_by_phone(product, "我要投诉 你们的师傅上门收了我两百块钱")
    product.clock.now += dt.timedelta(hours=30)
    await product.tick(1)

    status = product.caller()
    await status.call()
    await status.press("3")
    assert (
        "投诉" in status.said
        and "已超过承诺的24小时跟进时间，非常抱歉，已督促值班主管尽快联系您" in status.said
    )

    caller = product.caller()
    await caller.call()
    await caller.say("我昨天投诉的事怎么没人给我回电话")
    assert "非常抱歉，您的投诉还没有等到值班主管的联系，已经超过了承诺的24小时" in caller.said
    assert "已再次督促朝阳供热分公司的值班主管尽快给您回电" in caller.said
    assert "会在24小时内联系您" not in caller.said
    [still] = await tickets.of_phone(product.store, phone=RESIDENT, open_only=False)
    assert still.number == ticket.number
    await product.deliver()
    [chased] = [c.text for c in product.staff_seen() if "居民又来催问" in c.text]
    assert (
        f"投诉 <code>{ticket.number}</code> 跟进已超时，居民又来催问：我昨天投诉的事怎么没人给我回电话"
        in chased
    )


async def test_a_texter_chasing_a_complaint_past_its_follow_up_hears_an_apology_at_once(
    product: Product,
) -> None:
    ticket = await complaint_by_phone(product, "我要投诉 你们的师傅上门收了我两百块钱")
    product.clock.now += dt.timedelta(hours=30)
    await product.tick(1)
    status, body = await text(
        product.client, "我昨天投诉的事怎么没人给我回电话", phone=RESIDENT, to="+8643188880002"
    )
    reply = message(body)
    assert status == 200 and f"非常抱歉，您的投诉（编号 {ticket.number}）还没有等到值班主管的联系" in reply
    assert "已再次督促" in reply and "请用一条消息告诉我发生了什么" not in reply
    await product.deliver()
    assert [c for c in product.staff_seen() if "居民又来催问" in c.text]
