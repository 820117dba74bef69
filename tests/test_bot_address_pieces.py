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
