"""A spoken yes at any yes-or-no question of a call is read as the chat reads it: with thanks or fillers beside it
("对的 谢谢你", "嗯嗯", "yes thanks") it is a yes. Words that only answer ("就是刚才说的那个", "没有了 谢谢", "I told you
already") are never taken for an address; "没有了 谢谢" to the repair offered with a complaint opens no repair, and the
complaint shows the address the caller said."""

from __future__ import annotations

import pytest
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT, Caller

from storage import contacts, tickets
from storage.values import Channel, Status, TicketInfo, TicketKind

ADDRESS = "红旗小区3栋2单元701"
ADDRESS_EN = "Hongqi compound building 3 unit 2 room 701"
SAY_AGAIN = "请再说一遍您的地址"
COLD_COMPLAINT = "我要投诉你们 交了钱暖气到现在还不热 屋里才十三度"


async def read_back(product: Product, address: str = ADDRESS) -> Caller:
    """Key 1 (after 9 for an English address) and the address said: the caller hears it read back."""
    caller = product.caller()
    await caller.call()
    if address.isascii():
        await caller.press("9")
    await caller.press("1")
    await caller.say(address)
    assert caller.step == "/twilio/voice/confirm" and address in caller.said
    return caller


async def unconfirmed(product: Product, ticket: TicketInfo) -> bool:
    """The phone line's note that the caller did not confirm the address is the last word on it."""
    events = [
        e for e in await tickets.events(product.store, number=ticket.number) if e.kind in ("note", "address")
    ]
    return bool(events) and events[-1].data.get("code") == "address_unconfirmed"


async def saved_address(product: Product) -> str | None:
    contact = await contacts.get_or_create(product.store, channel=Channel.VOICE, phone=RESIDENT)
    return contact.address_raw


async def only_ticket(product: Product) -> TicketInfo:
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    return ticket


@pytest.mark.parametrize(
    "words",
    ["对的 谢谢你", "对，谢谢", "是 谢谢", "嗯", "嗯嗯", "没错 就是这", "好的谢谢", "对啊 就是刚才说的那个"]
    + ["yes thanks", "that's right thank you", "yeah, thanks", "Yes, that’s right, thank you."],
)
async def test_a_yes_with_thanks_or_fillers_confirms_the_address_read_back(
    product: Product, words: str
) -> None:
    address = ADDRESS_EN if words.isascii() else ADDRESS
    caller = await read_back(product, address)
    await caller.say(words)
    assert caller.step == "/twilio/voice/temperature"  # not asked to say it again
    assert SAY_AGAIN not in caller.said and "say your address again" not in caller.said.lower()
    await caller.press("#")
    ticket = await only_ticket(product)
    assert (ticket.kind, ticket.address_raw, ticket.room) == (TicketKind.NO_HEAT, address, "701")
    assert not await unconfirmed(product, ticket) and await saved_address(product) == address
    await product.deliver()
    assert f"地址：{address}\n" in product.card(ticket.number)


@pytest.mark.parametrize(
    "words", ["对啊 就是刚才说的那个", "就是刚才那个", "the same one", "I told you already"]
)
async def test_asked_again_words_pointing_back_take_the_address_heard(product: Product, words: str) -> None:
    address = ADDRESS_EN if words.isascii() else ADDRESS
    caller = await read_back(product, address)
    await caller.say("sorry, what?" if words.isascii() else "你说啥")
    assert caller.step == "/twilio/voice/address"
    await caller.say(words)
    assert caller.step == "/twilio/voice/temperature" and words not in caller.said
    await caller.press("#")
    ticket = await only_ticket(product)
    assert (ticket.address_raw, ticket.room) == (address, "701") and not await unconfirmed(product, ticket)
    assert await saved_address(product) == address


@pytest.mark.parametrize("words", ["没有了 谢谢", "不对"])
async def test_words_that_only_answer_never_become_the_address(product: Product, words: str) -> None:
    caller = await read_back(product)
    await caller.say(words)
    assert caller.step == "/twilio/voice/address" and SAY_AGAIN in caller.said
    await caller.say(words)  # once more: the address heard is kept, for staff to check
    assert "您说的地址是" not in caller.said and "工作人员会跟您核实地址" in caller.said
    assert caller.step == "/twilio/voice/temperature"
    await caller.press("#")
    ticket = await only_ticket(product)
    assert (ticket.kind, ticket.address_raw, ticket.room) == (TicketKind.NO_HEAT, ADDRESS, "701")
    assert await unconfirmed(product, ticket) and await saved_address(product) is None
    await product.deliver()
    assert f"地址：{ADDRESS}（来电人未确认，请回电核实）" in product.card(ticket.number)


async def test_words_pointing_back_with_nothing_heard_are_asked_again_not_read_back(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.press("1")
    await caller.say("就是刚才说的那个")
    assert caller.step == "/twilio/voice/address" and SAY_AGAIN in caller.said
    await caller.say(ADDRESS)
    assert f"您说的地址是：{ADDRESS}" in caller.said


async def test_no_more_thanks_to_the_repair_offered_with_a_complaint_opens_no_repair(
    product: Product,
) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say(COLD_COMPLAINT)
    assert "投诉已登记" in caller.said and caller.step == "/twilio/voice/address"
    await caller.say(ADDRESS)
    await caller.say("没有了 谢谢")
    assert (
        "不另外报修" in caller.said and "已经记在您的投诉里" in caller.said and caller.doc.xpath("//Hangup")
    )
    await caller.hang_up()
    complaint = await only_ticket(product)  # no repair, no call-back
    assert (complaint.kind, complaint.address_raw, complaint.room) == (TicketKind.COMPLAINT, ADDRESS, "701")
    assert complaint.description == COLD_COMPLAINT and await unconfirmed(product, complaint)
    await product.deliver()
    assert f"地址：{ADDRESS}（来电人未确认，请回电核实）" in product.card(complaint.number)


async def test_the_complaint_shows_the_address_confirmed_for_its_repair(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say(COLD_COMPLAINT)
    await caller.say(ADDRESS)
    await caller.say("对的 谢谢你")
    assert "已为您登记报修" in caller.said
    found = {t.kind: t for t in await tickets.of_phone(product.store, phone=RESIDENT)}
    complaint, repair = found[TicketKind.COMPLAINT], found[TicketKind.NO_HEAT]
    assert complaint.address_raw == repair.address_raw == ADDRESS and repair.temperature_c == 13
    assert not await unconfirmed(product, complaint) and not await unconfirmed(product, repair)
    await product.deliver()
    assert f"地址：{ADDRESS}\n" in product.card(complaint.number)


async def test_a_complaint_naming_the_flat_shows_it_for_staff_to_check(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say(f"我要投诉 我家{ADDRESS} 昨天来的师傅态度特别差 还跟我吵架")
    complaint = await only_ticket(product)
    assert (complaint.kind, complaint.address_raw) == (TicketKind.COMPLAINT, ADDRESS)
    assert await unconfirmed(product, complaint) and await saved_address(product) is None
    await product.deliver()
    assert f"地址：{ADDRESS}（来电人未确认，请回电核实）" in product.card(complaint.number)


async def test_hung_up_at_the_read_back_after_a_complaint_the_complaint_keeps_the_address(
    product: Product,
) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say(COLD_COMPLAINT)
    await caller.say(ADDRESS)
    await caller.hang_up()
    found = {t.kind: t for t in await tickets.of_phone(product.store, phone=RESIDENT)}
    assert found[TicketKind.COMPLAINT].address_raw == found[TicketKind.CALLBACK].address_raw == ADDRESS
    assert await unconfirmed(product, found[TicketKind.COMPLAINT])


async def test_a_yes_with_thanks_answers_the_other_yes_or_no_questions(product: Product) -> None:
    first = await read_back(product)
    await first.press("1")
    await first.press("#")
    await tickets.transition(
        product.store, number=(await only_ticket(product)).number, to=Status.RESOLVED, actor="staff"
    )
    saved = product.caller()  # the saved address read back
    await saved.call()
    await saved.press("1")
    assert f"我们记录的地址是：{ADDRESS}" in saved.said
    await saved.say("对的 谢谢你")
    assert saved.step == "/twilio/voice/temperature"
    guessed = product.caller()  # "did you mean no heat?"
    await guessed.call()
    await guessed.say("今天外面零下十度，冷死了")
    assert "您是说暖气不热吗？是请按1" in guessed.said
    await guessed.say("嗯 是的 谢谢")
    assert guessed.step != "/twilio/voice/clarify" and not guessed.doc.xpath("//Dial")
