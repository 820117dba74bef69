"""An address sent a piece at a time ("凯旋小区", "5栋", "1单元", "302"): every piece the resident gives is kept, and
the card, the ticket and the saved address hold them all."""

from __future__ import annotations

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_address_words import saved_address
from test_bot_dialogue import Chat, only_ticket

from bot.dialogue import Dialogue
from bot.services import ChatServices


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


@pytest.mark.parametrize(
    ("lang", "said", "so_far", "whole"),
    [
        ("zh-CN", ["暖气不热", "凯旋小区", "5栋", "1单元", "302"], "已记下：凯旋小区 5栋 1单元。还差房间号",
         "凯旋小区 5栋 1单元 302"),
        ("en", ["no heat", "Kaixuan compound", "building 5", "unit 1", "room 302"],
         "Noted so far: Kaixuan compound building 5 unit 1. I still need the room number",
         "Kaixuan compound building 5 unit 1 room 302"),
    ],
)  # fmt: skip
async def test_a_unit_sent_on_its_own_is_kept_with_the_rest_of_the_address(
    chat: Chat, lang: str, said: list[str], so_far: str, whole: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    for words in said[:-1]:
        answer = await chat.say(words)
    assert so_far in answer
    await chat.say(said[-1])  # the room: the temperature is asked next
    card = await chat.say("16")
    assert whole in card and len(chat.buttons()) == 3
    await chat.press(chat.buttons()[0])
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.building, ticket.unit, ticket.room) == (whole, "5", "1", "302")
    assert (ticket.branch, await saved_address(chat)) == ("kuancheng", whole)


async def test_an_emergencys_address_in_pieces_keeps_its_unit(chat: Chat) -> None:
    await chat.say("暖气片漏水了")
    for words in ("凯旋小区", "5栋", "1单元"):
        await chat.say(words)
    assert (await only_ticket(chat)).address_raw == "凯旋小区 5栋 1单元"  # on the ticket at once, as it comes
    await chat.say("302")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.unit, ticket.room, ticket.branch) == (
        "凯旋小区 5栋 1单元 302",
        "1",
        "302",
        "kuancheng",
    )


@pytest.mark.parametrize(
    ("lang", "report", "so_far", "rest", "whole", "reading"),
    [
        ("zh-CN", "暖气三天不热了，桂林小区2栋", "已记下：桂林小区2栋。还差房间号", "1单元201", "桂林小区2栋 1单元201",
         None),
        ("en", "no heat, Guilin compound building 2", "Noted so far: Guilin compound building 2. I still need the room",
         "unit 1 room 201, it's 12 degrees", "Guilin compound building 2 unit 1 room 201", 12),
        ("zh-CN", "桂林小区暖气不热", "已记下：桂林小区。还差楼号和房间号", "2栋1单元201", "桂林小区2栋1单元201", None),
    ],
)  # fmt: skip
async def test_an_address_begun_in_the_report_is_kept_and_only_the_rest_asked(
    chat: Chat, lang: str, report: str, so_far: str, rest: str, whole: str, reading: float | None
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    assert so_far in await chat.say(report)
    answer = await chat.say(rest)
    if reading is None:  # the reading is asked; one told with the address is not asked again
        answer = await chat.say("14")
    assert whole in answer and len(chat.buttons()) == 3  # the card
    await chat.press(chat.buttons()[0])
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.building, ticket.unit, ticket.room) == (whole, "2", "1", "201")
    assert (ticket.branch, ticket.temperature_c) == ("chaoyang", reading or 14)


async def test_an_emergencys_address_begun_in_its_first_words_is_on_its_ticket_at_once(chat: Chat) -> None:
    opened = await chat.say("暖气片漏水了 桂林小区2栋")
    ticket = await only_ticket(chat)
    assert ticket.number in opened and "已记下“桂林小区2栋”并写进工单" in opened
    assert (ticket.address_raw, ticket.branch) == ("桂林小区2栋", "chaoyang")
    await chat.say("1单元201")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.building, ticket.unit, ticket.room) == (
        "桂林小区2栋 1单元201",
        "2",
        "1",
        "201",
    )
