"""A spoken yes at any yes-or-no question of a call is read as the chat reads it: with thanks or fillers beside it
("对的 谢谢你", "嗯嗯", "yes thanks") or pointing back at what was heard ("对啊 就是刚才说的那个") it is a yes."""

from __future__ import annotations

import pytest
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT, Caller

from storage import contacts, tickets
from storage.values import Channel, Status, TicketInfo, TicketKind

ADDRESS = "红旗小区3栋2单元701"
ADDRESS_EN = "Hongqi compound building 3 unit 2 room 701"
SAY_AGAIN = "请再说一遍您的地址"


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
