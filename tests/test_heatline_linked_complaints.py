"""A resident who complained in the chat, their Telegram linked to their phone, and then chases it by phone or SMS:
the words go onto that complaint (staff see them, the resident hears its number and where it stands), never a second
complaint."""

from __future__ import annotations

from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT
from test_sms_chat import message, text

from storage import tickets
from storage.values import TicketInfo, TicketKind

CHAT = 880001
CHASED = "我要投诉 昨天投诉了到现在还没人联系我"


async def complaint_in_chat(product: Product) -> TicketInfo:
    """The resident links their phone in the chat, then complains there."""
    [saved] = await product.shares_phone(CHAT, RESIDENT)
    assert RESIDENT in saved
    await product.writes(CHAT, "我要投诉")
    [told] = await product.writes(CHAT, "上门的师傅态度特别差 还跟我吵架")
    [complaint] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert complaint.kind is TicketKind.COMPLAINT and f"投诉已登记，编号 {complaint.number}" in told
    await product.deliver()
    return complaint


async def complaints(product: Product) -> list[TicketInfo]:
    found = await tickets.of_phone(product.store, phone=RESIDENT, open_only=False)
    return [t for t in found if t.kind is TicketKind.COMPLAINT]


async def staff_told(product: Product, complaint: TicketInfo, words: str) -> None:
    """The words are on the complaint's log and posted under its card."""
    events = await tickets.events(product.store, number=complaint.number)
    assert [e.data["description"] for e in events if e.kind == "report"] == [words]
    await product.deliver()
    branch = product.runtime.company.branch(complaint.branch or "")
    assert branch is not None and branch.staff_chat_id is not None
    seen = [c.text for c in product.staff_seen(branch.staff_chat_id)]
    assert f"📝 工单 <code>{complaint.number}</code> 居民补充：{' '.join(words.split())}" in seen


async def test_a_chat_complaint_chased_by_phone_takes_the_words_and_is_read_out(product: Product) -> None:
    complaint = await complaint_in_chat(product)
    caller = product.caller()
    await caller.call()
    await caller.say(CHASED)
    heard = caller.said
    assert "您已有一张投诉还在处理中，没有重复登记" in heard and "投诉已登记" not in heard
    assert heard.count("，".join(complaint.number)) == 2  # its number, read twice
    assert "目前的进度：已登记，等待值班主管跟进" in heard
    await caller.hang_up()
    assert [t.number for t in await complaints(product)] == [complaint.number]  # no second complaint
    await staff_told(product, complaint, CHASED)
    events = await tickets.events(product.store, number=complaint.number)
    assert [e.data["call"] for e in events if e.kind == "call"] == [caller.sid]  # the call is on it


async def test_a_chat_complaint_chased_by_sms_takes_the_words_and_says_where_it_stands(
    product: Product,
) -> None:
    complaint = await complaint_in_chat(product)
    branch = product.runtime.company.branch(complaint.branch or "")
    assert branch is not None and branch.staff_chat_id is not None
    await product.press(complaint.number, "接单", chat=branch.staff_chat_id)
    await text(product.client, "我要投诉", phone=RESIDENT)
    words = "昨天投诉的师傅态度问题 到现在还没人给我说法"
    status, body = await text(product.client, words, phone=RESIDENT)
    reply = message(body)
    assert status == 200 and f"您已有一张投诉还在处理中（编号 {complaint.number}，已受理）" in reply
    assert "没有重复登记" in reply and "投诉已登记" not in reply
    assert [t.number for t in await complaints(product)] == [complaint.number]
    await staff_told(product, complaint, f"我要投诉\n{words}")


async def test_a_caller_who_complains_again_hears_the_complaint_they_have(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say("我要投诉 昨天来的师傅态度特别差")
    await caller.hang_up()
    [first] = await complaints(product)
    again = product.caller()
    await again.call()
    await again.say(CHASED)
    assert "您已有一张投诉还在处理中" in again.said and "投诉已登记" not in again.said
    assert "，".join(first.number) in again.said
    assert [t.number for t in await complaints(product)] == [first.number]
