"""An address sent flat first and estate second ("5栋1单元302", then "凯旋小区"): put together as the other order is,
on the report and on an emergency's ticket, which moves to the branch that serves the estate."""

from __future__ import annotations

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat, only_ticket
from test_bot_emergency_address import staff_notices

from bot.dialogue import Dialogue
from bot.services import ChatServices
from storage import contacts


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


async def saved_address(chat: Chat) -> str | None:
    contact = await contacts.get(chat.dialogue.services.store, contact_id=await chat.contact_id())
    return contact.address_raw if contact else None


async def test_an_estate_sent_at_the_temperature_question_goes_with_the_flat(chat: Chat) -> None:
    await chat.say("暖气不热")
    assert "多少度" in await chat.say("5栋1单元302")
    answer = await chat.say("凯旋小区")
    assert "地址记为“凯旋小区5栋1单元302”" in answer and "多少度" in chat.last[-1].text  # the question stays
    assert "地址：凯旋小区5栋1单元302" in await chat.say("16")
    await chat.press("确认")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.building, ticket.unit, ticket.room) == (
        "凯旋小区5栋1单元302",
        "5",
        "1",
        "302",
    )
    assert ticket.branch == "kuancheng" and ticket.temperature_c == 16
    assert await saved_address(chat) == "凯旋小区5栋1单元302"


@pytest.mark.parametrize(
    ("lang", "report", "flat", "estate", "shown", "branch"),
    [
        ("en", "no heat, 14 degrees", "building 3 unit 2 room 501", "in Hongqi compound",
         "Hongqi compound building 3 unit 2 room 501", "chaoyang"),
        ("zh-CN", "暖气不热 14度", "5栋1单元302", "不对 是凯旋小区", "凯旋小区5栋1单元302", "kuancheng"),
        ("zh-TW", "暖氣不熱 14度", "3棟2單元501", "紅旗小區", "紅旗小區3棟2單元501", "chaoyang"),
    ],
)  # fmt: skip
async def test_an_estate_sent_at_the_card_goes_with_the_flat(
    chat: Chat, lang: str, report: str, flat: str, estate: str, shown: str, branch: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    await chat.say(report)
    await chat.say(flat)
    await chat.press(chat.buttons()[0])  # asked which estate: not known just now
    assert len(chat.buttons()) == 3  # the card: confirm, change the address, cancel
    card = await chat.say(estate)
    assert shown in card and len(chat.buttons()) == 3 and "没看懂" not in card and "not follow" not in card
    await chat.press(chat.buttons()[0])
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.branch) == (shown, branch)


@pytest.mark.parametrize(
    ("lang", "leak", "flat", "estate", "whole", "branch"),
    [
        ("zh-CN", "暖气片漏水了", "5栋1单元302", "凯旋小区", "凯旋小区5栋1单元302", "kuancheng"),
        ("en", "water is pouring out of the radiator", "building 3 unit 2 room 501", "in Hongqi compound",
         "Hongqi compound building 3 unit 2 room 501", "chaoyang"),
    ],
)  # fmt: skip
async def test_an_estate_sent_after_an_emergencys_flat_moves_its_ticket_to_the_estates_branch(
    chat: Chat, lang: str, leak: str, flat: str, estate: str, whole: str, branch: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    seen: set[int] = set()
    await chat.say(leak)
    assert await staff_notices(chat, seen) == [("ticket.escalated", "nanguan")]  # no estate yet: the default
    answer = await chat.say(flat)
    assert "哪个小区" in answer if lang != "en" else "Which compound" in answer  # missing: asked for once
    assert (await only_ticket(chat)).address_raw == flat
    answer = await chat.say(estate)
    ticket = await only_ticket(chat)
    assert whole in answer and ticket.number in answer
    assert (ticket.address_raw, ticket.room, ticket.branch) == (whole, flat.split()[-1][-3:], branch)
    assert await staff_notices(chat, seen) == [
        ("ticket.address", "nanguan"),
        ("ticket.handed_off", branch),
        ("ticket.moved_away", "nanguan"),  # its card there made view-only
        ("ticket.address", branch),
    ]
    assert await saved_address(chat) == whole
    await chat.say("Guilin compound" if lang == "en" else "桂林小区")  # asked once: no estate is awaited now
    assert (await only_ticket(chat)).address_raw == whole
    with_estate = Chat(chat.dialogue, chat_id=1002, lang=lang)  # an address with its estate: none asked for
    await with_estate.say(leak)
    answer = await with_estate.say(whole)
    assert "哪个小区" not in answer and "compound is it" not in answer
