"""A caller who asks for English at the Mandarin menu ("English please", "英语") hears the rest of the call in
English, and the ticket and its SMS follow in English."""

from __future__ import annotations

import pytest
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT

from storage import contacts, tickets
from storage.values import Channel, TicketKind


@pytest.mark.parametrize(
    "words", ["English please", "English", "speak English", "do you speak English?", "英语", "能说英语吗"]
)
async def test_a_caller_asking_for_english_after_hello_hears_the_call_in_english(
    product: Product, words: str
) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say("hello")
    await caller.say(words)
    assert not caller.doc.xpath("//Dial")  # not put through to a person for asking
    gather = caller.gather()
    assert gather.get("language") == "en-US" and set(caller.doc.xpath("//Say/@voice")) == {"Polly.Joanna"}
    assert "press 1 for no heat" in caller.said
    await caller.say("my radiators are cold")
    assert "address" in caller.said and caller.gather().get("language") == "en-US"
    await caller.say("Hongqi compound building 3 unit 2 room 501")
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and "ticket number" in caller.said
    await product.deliver()
    [sms] = product.sms(RESIDENT)
    assert sms.startswith("Your repair is reported: ticket number") and ticket.number in sms


async def test_a_caller_known_in_mandarin_who_asks_for_english_is_texted_in_english(product: Product) -> None:
    await contacts.get_or_create(product.store, channel=Channel.VOICE, phone=RESIDENT, language="zh-Hans")
    caller = product.caller()
    await caller.call()
    await caller.say("English please")
    await caller.press("2")
    await caller.say("the radiator is leaking")
    [ticket] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert ticket.kind is TicketKind.LEAK and "Polly.Zhiyu" not in caller.xml
    await product.deliver()
    assert [sms for sms in product.sms(RESIDENT) if ticket.number in sms]
    assert all(sms.isascii() for sms in product.sms(RESIDENT))


async def test_a_question_about_english_words_is_no_request_for_english(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say("暖气不热 用英语怎么说")
    assert caller.gather().get("language") == "cmn-Hans-CN"
