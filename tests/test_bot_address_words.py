"""The address a resident types with the complaint around it, or in clauses: the card, the ticket, the saved address
and the branch hold the estate and the flat, not the words said around them."""

from __future__ import annotations

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat, only_ticket

from bot.dialogue import Dialogue
from bot.services import ChatServices
from storage import contacts


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


async def saved_address(chat: Chat) -> str | None:
    contact = await contacts.get(chat.dialogue.services.store, contact_id=await chat.contact_id())
    return contact.address_raw if contact else None


@pytest.mark.parametrize(
    ("lang", "report", "address", "branch"),
    [
        # a voice message's transcript, in clauses
        ("zh-CN", "暖气不热，凯旋小区，6号楼，1单元，702，屋里15度。", "凯旋小区，6号楼，1单元，702", "kuancheng"),
        ("en", "no heat, Hongqi compound, building 3, unit 2, flat 501, 15 degrees",
         "Hongqi compound, building 3, unit 2, flat 501", "chaoyang"),
        # the complaint said right before the estate
        ("zh-CN", "喂你好我们家暖气一点也不热啊凯旋小区五栋一单元三零二屋里才十四度", "凯旋小区五栋一单元三零二", "kuancheng"),
        # the estate said after the flat
        ("zh-CN", "暖气片冰凉冰凉的 六号楼一单元1102桂林小区 屋里13度", "六号楼一单元1102桂林小区", "chaoyang"),
        ("en", "hey my heating is dead building 3 unit 2 room 501 hongqi its like 14 degrees in here",
         "building 3 unit 2 room 501 hongqi", "chaoyang"),
    ],
)  # fmt: skip
async def test_the_card_and_the_ticket_hold_the_estate_and_the_flat(
    chat: Chat, lang: str, report: str, address: str, branch: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    card = await chat.say(report)
    assert len(chat.buttons()) == 3  # the card: confirm, change the address, cancel
    shown = card.split("\n地址：" if lang != "en" else "\nAddress: ")[1].split("\n")[0]
    assert shown == address
    await chat.press(chat.buttons()[0])
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.branch) == (address, branch)
    assert await saved_address(chat) == address


async def test_an_emergency_told_before_its_address_opens_with_the_address_only(chat: Chat) -> None:
    answer = await chat.say("嗯那个卫生间暖气管漏水了一直在滴的桂林小区3栋2单元501快来人")
    ticket = await only_ticket(chat)
    assert (
        ticket.number in answer
        and ticket.address_raw == "桂林小区3栋2单元501"
        and ticket.branch == "chaoyang"
    )
    assert await saved_address(chat) == "桂林小区3栋2单元501"


async def test_an_address_and_a_reading_put_right_at_the_card_are_both_taken(chat: Chat) -> None:
    await chat.say("暖气不热 红旗小区3栋2单元501 15度")
    card = await chat.say("地址不对 是5栋1单元302 温度是16度")
    assert (
        "地址：红旗小区5栋1单元302\n" in card
        and "室温：16℃" in card
        and "地址不对" not in card.split("描述")[0]
    )
    await chat.press("确认")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.building, ticket.room, ticket.temperature_c) == (
        "红旗小区5栋1单元302",
        "5",
        "302",
        16,
    )
    assert await saved_address(chat) == "红旗小区5栋1单元302"


async def test_a_new_flat_at_the_card_keeps_the_estate_said_after_the_first(chat: Chat) -> None:
    await chat.say("暖气不热 三号楼二单元五零一红旗小区 15度")
    card = await chat.say("不对 是6栋1单元302")
    assert "地址：红旗小区6栋1单元302\n" in card
    await chat.press("确认")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.branch) == ("红旗小区6栋1单元302", "chaoyang")
