"""A flat told without its estate ("5栋1单元302") is not sent silently to the default branch: the estate is asked for
once (a report before its card, an emergency once it is open), the name sent goes onto the address and chooses the
branch, and a resident who does not know it is not held up."""

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


@pytest.mark.parametrize(
    ("lang", "report", "asked", "estate", "whole"),
    [
        ("zh-CN", "暖气不热 5栋1单元302 15度", "哪个小区", "凯旋小区", "凯旋小区5栋1单元302"),
        ("zh-TW", "暖氣不熱 5棟1單元302 15度", "哪個小區", "在凱旋小區", "凱旋小區5棟1單元302"),
        ("en", "no heat, building 5 unit 1 room 302, 15 degrees", "Which compound", "Kaixuan",
         "Kaixuan building 5 unit 1 room 302"),
    ],
)  # fmt: skip
async def test_a_report_whose_flat_has_no_estate_asks_for_it_before_the_card(
    chat: Chat, lang: str, report: str, asked: str, estate: str, whole: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    seen: set[int] = set()
    answer = await chat.say(report)
    assert asked in answer and "5" in answer and len(chat.buttons()) == 1  # "don't know" only: no card yet
    card = await chat.say(estate)
    assert len(chat.buttons()) == 3 and whole in card  # the card: confirm, change the address, cancel
    await chat.press(chat.buttons()[0])
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.branch, ticket.room, ticket.temperature_c) == (
        whole,
        "kuancheng",
        "302",
        15,
    )
    assert {branch for _event, branch in await staff_notices(chat, seen)} == {"kuancheng"}
    assert await saved_address(chat) == whole


@pytest.mark.parametrize("unknown", ["不知道", "button"])
async def test_a_resident_who_does_not_know_the_estate_gets_the_card_all_the_same(
    chat: Chat, unknown: str
) -> None:
    await chat.say("暖气不热")
    await chat.say("5栋1单元302")
    assert "哪个小区" in await chat.say("16")  # the temperature first, then the estate
    card = await (chat.press("不知道") if unknown == "button" else chat.say(unknown))
    assert "地址：5栋1单元302\n" in card and "室温：16℃" in card and len(chat.buttons()) == 3
    await chat.press("改地址")  # the estate was asked once: a new flat without one goes to the card
    assert "确认" in await chat.say("6栋1单元101") and "哪个小区" not in chat.last[-1].text
    await chat.press("确认")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.branch, ticket.temperature_c) == ("6栋1单元101", "nanguan", 16)


async def test_words_that_name_no_estate_are_said_so_and_the_flat_stays(chat: Chat) -> None:
    await chat.say("暖气不热 5栋1单元302 15度")
    card = await chat.say("就是老地方那边")
    assert "没认出小区名" in card and "地址：5栋1单元302\n" in card and len(chat.buttons()) == 3


async def test_a_whole_address_or_a_correction_said_to_the_question_is_taken(chat: Chat) -> None:
    assert "哪个小区" in await chat.say("暖气不热 5栋1单元302 15度")
    card = await chat.say("不对 是红旗小区6栋1单元302")
    assert "地址：红旗小区6栋1单元302\n" in card and len(chat.buttons()) == 3
    other = Chat(chat.dialogue, chat_id=1002)
    assert "哪个小区" in await other.say("暖气不热 5栋1单元302 15度")
    card = await other.say("说错了 是十三度")
    assert "室温：13℃" in card and "地址：5栋1单元302\n" in card


@pytest.mark.parametrize(
    ("lang", "leak", "asked", "estate", "whole"),
    [
        ("zh-CN", "暖气片漏水了 5栋1单元302", "哪个小区", "凯旋小区", "凯旋小区5栋1单元302"),
        ("en", "water is dripping from the radiator, building 5 unit 1 room 302", "Which compound",
         "in Kaixuan compound", "Kaixuan compound building 5 unit 1 room 302"),
    ],
)  # fmt: skip
async def test_an_emergency_told_with_a_flat_without_estate_asks_for_it_once_open(
    chat: Chat, lang: str, leak: str, asked: str, estate: str, whole: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    seen: set[int] = set()
    answer = await chat.say(leak)
    ticket = await only_ticket(chat)
    assert ticket.number in answer and asked in chat.last[-1].text  # open at once, then the estate asked
    assert await staff_notices(chat, seen) == [("ticket.escalated", "nanguan")]
    answer = await chat.say(estate)
    ticket = await only_ticket(chat)
    assert whole in answer and (ticket.address_raw, ticket.branch) == (whole, "kuancheng")
    assert ("ticket.handed_off", "kuancheng") in await staff_notices(chat, seen)
    assert await saved_address(chat) == whole


async def test_an_emergency_whose_estate_is_not_known_stays_as_it_is(chat: Chat) -> None:
    seen: set[int] = set()
    await chat.say("暖气片漏水了 5栋1单元302")
    ticket = await only_ticket(chat)
    await staff_notices(chat, seen)
    answer = await chat.say("不清楚")
    assert ticket.number in answer and "5栋1单元302" in answer and "没看懂" not in answer
    kept = await only_ticket(chat)
    assert (kept.address_raw, kept.branch) == ("5栋1单元302", "nanguan")
    assert await staff_notices(chat, seen) == []
    await chat.say("凯旋小区")  # asked once: an estate sent now is no answer to it
    assert (await only_ticket(chat)).address_raw == "5栋1单元302"


@pytest.mark.parametrize(
    ("lang", "said", "whole", "branch"),
    [
        ("zh-CN", "红旗", "红旗小区5栋1单元302", "chaoyang"),
        ("zh-CN", "桂林", "桂林小区5栋1单元302", "chaoyang"),
        ("zh-CN", "凯旋", "凯旋小区5栋1单元302", "kuancheng"),
        ("zh-CN", "是湖西的", "湖西花园5栋1单元302", "chaoyang"),
        ("zh-TW", "紅旗", "紅旗小區5棟1單元302", "chaoyang"),
    ],
)
async def test_an_estate_named_without_its_ending_is_that_estate(
    chat: Chat, lang: str, said: str, whole: str, branch: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    report = "暖气不热 5栋1单元302 15度" if lang == "zh-CN" else "暖氣不熱 5棟1單元302 15度"
    assert "小区" in await chat.say(report) or "小區" in chat.last[-1].text
    card = await chat.say(said)
    assert "没认出" not in card and "沒認出" not in card and whole in card and len(chat.buttons()) == 3
    await chat.press(chat.buttons()[0])
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.branch) == (whole, branch)


async def test_an_estate_named_without_its_ending_at_the_address_question_is_kept(chat: Chat) -> None:
    await chat.say("暖气不热")
    assert "已记下：红旗小区" in await chat.say("红旗")
    await chat.say("3栋2单元501")
    await chat.say("跳过")
    await chat.press("确认")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.branch) == ("红旗小区3栋2单元501", "chaoyang")


async def test_an_estates_short_name_in_other_words_or_unasked_is_no_estate(chat: Chat) -> None:
    assert "没太明白" in await chat.say("红旗")  # nothing asked: not taken as an address
    await chat.say("暖气不热 5栋1单元302 15度")
    card = await chat.say("红旗街那边")  # a street of the same name is no estate of the company's
    assert "没认出小区名" in card and "地址：5栋1单元302\n" in card
