"""Yes, no and cancel typed in the resident's own words at each open question of the chat."""

from __future__ import annotations

import re

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat, only_ticket

from bot.dialogue import Dialogue
from bot.services import ChatServices
from bot.staff.cards import CardView, card_text
from storage import tickets
from storage.values import Status


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


async def owned(chat: Chat) -> list[tickets.TicketInfo]:
    store = chat.dialogue.services.store
    return await tickets.of_contact(store, contact_id=await chat.contact_id(), open_only=False)


async def reported_once_at_the_saved_address(chat: Chat) -> None:
    """A first repair at 红旗小区3栋2单元501, done and closed: the address is saved for the next report."""
    await chat.say("暖气片冰凉的 红旗小区3栋2单元501 室温13度")
    await chat.press("确认")
    first = await only_ticket(chat)
    for status in (Status.RESOLVED, Status.CLOSED):
        await tickets.transition(chat.dialogue.services.store, number=first.number, to=status, actor="staff")


@pytest.mark.parametrize("said", ["是", "对 还是上次那个地址", "好的"])
async def test_a_typed_yes_to_the_saved_address_takes_it(chat: Chat, said: str) -> None:
    await reported_once_at_the_saved_address(chat)
    assert "上次" in await chat.say("家里暖气又凉了")
    assert "多少度" in await chat.say(said)  # the address is settled: on to the temperature
    assert "红旗小区3栋2单元501" in await chat.say("14")
    opened = await chat.say("没问题 派人来吧")
    found = await owned(chat)
    [new] = [t for t in found if t.status is Status.NEW]
    assert [t.address_raw for t in found] == ["红旗小区3栋2单元501"] * 2 and new.number in opened


async def test_yes_same_address_in_english(services: ChatServices) -> None:
    chat = Chat(Dialogue(services), lang="en")
    await chat.say("radiators are cold, 13 degrees, Hongqi compound building 3 unit 2 room 501")
    await chat.press("Confirm")
    first = await only_ticket(chat)
    for status in (Status.RESOLVED, Status.CLOSED):
        await tickets.transition(services.store, number=first.number, to=status, actor="staff")
    await chat.say("the radiators went cold again")
    assert "how warm" in (await chat.say("yes the same address")).lower()


async def test_a_typed_no_to_the_saved_address_asks_for_the_new_one(chat: Chat) -> None:
    await reported_once_at_the_saved_address(chat)
    await chat.say("家里暖气又凉了")
    answer = await chat.say("不是")
    assert "小区、楼号" in answer and "上次" not in answer and not chat.buttons()


async def test_a_typed_okay_at_the_confirmation_opens_the_ticket(chat: Chat) -> None:
    await chat.say("暖气片冰凉的 红旗小区3栋2单元501 室温13度")
    opened = await chat.say("行 确认吧")
    ticket = await only_ticket(chat)
    assert ticket.number in opened and ticket.status is Status.NEW


@pytest.mark.parametrize("said", ["嗯", "嗯嗯", "没错 就是这", "就是刚才那个"])
async def test_a_yes_in_other_words_to_the_saved_address_takes_it(chat: Chat, said: str) -> None:
    """The chat reads a yes as the phone line does (intents.yesno): "嗯嗯", or words pointing back at the address."""
    services = chat.dialogue.services
    await chat.say("暖气片冰凉的 红旗小区3栋2单元501 室温13度")
    await chat.press("确认")
    first = await only_ticket(chat)
    for status in (Status.RESOLVED, Status.CLOSED):  # fixed before this report: its saved address is offered
        await tickets.transition(
            services.store, number=first.number, to=status, actor="staff", now=services.clock()
        )
    assert "上次" in await chat.say("家里暖气又凉了")
    assert "多少度" in await chat.say(said)  # the address is settled: on to the temperature
    await chat.say("14")
    opened = await chat.press("确认")
    [new] = [t for t in await owned(chat) if t.status is Status.NEW]
    assert new.address_raw == "红旗小区3栋2单元501" and new.number in opened


@pytest.mark.parametrize(
    ("said", "told"),
    [
        ("取消", "已取消，没有登记工单"),
        ("算了不报了", "已取消"),
        ("cancel", "已取消"),
        ("never mind, forget it", "No ticket"),
    ],
)
async def test_cancel_at_the_address_question_drops_the_report(chat: Chat, said: str, told: str) -> None:
    await chat.say("暖气片冰凉的")
    assert told in await chat.say(said)
    assert "确认" not in await chat.say("红旗小区3栋2单元501")  # nothing is being collected any more
    assert await owned(chat) == []


async def test_cancel_never_withdraws_an_emergency_already_opened(chat: Chat) -> None:
    await chat.say("暖气片下面一直在淌水")
    ticket = await only_ticket(chat)
    answer = await chat.say("算了")
    assert ticket.number in answer and "不会取消" in answer
    kept = await only_ticket(chat)
    assert kept.status is Status.NEW and kept.address_raw is None  # the word is not taken for the address


async def test_no_at_the_confirmation_asks_what_to_change_and_drops_nothing(chat: Chat) -> None:
    await chat.say("暖气片冰凉的 红旗小区3栋2单元501 室温13度")
    answer = await chat.say("不对")
    assert "哪里不对" in answer and "确认报修" in chat.buttons() and await owned(chat) == []
    assert "小区、楼号" in await chat.say("不是这个地址")  # the address named: asked for again
    await chat.say("红旗小区3栋2单元502")
    opened = await chat.say("对的对的 赶紧派人")
    ticket = await only_ticket(chat)
    assert ticket.number in opened and ticket.room == "502"
    english = Chat(chat.dialogue, chat_id=1004, lang="en")
    await english.say("no heat, building 3 unit 2 room 501, 15 degrees")
    assert "What needs changing" in await english.say("that's wrong")
    assert "cancelled" in await english.say("cancel")  # dropping it is still one word away


def staff_card(services: ChatServices, ticket: tickets.TicketInfo, lang: str = "zh-Hans") -> str:
    """The ticket's card as staff see it in their chat."""
    return card_text(CardView(ticket, None, services.clock()), services.company, lang)


async def test_a_correction_at_the_card_shows_in_the_description_the_resident_and_staff_see(
    chat: Chat, services: ChatServices
) -> None:
    await chat.say("暖气不热 3栋2单元501 15度")
    card = await chat.say("不对 是502")
    assert (
        "地址：3栋2单元502" in card and "描述：暖气不热 3栋2单元501 15度（更正：地址 3栋2单元502）\n" in card
    )
    card = await chat.say("说错了 是十六度")
    described = "暖气不热 3栋2单元501 15度（更正：地址 3栋2单元502；室温 16℃）"
    assert "室温：16℃" in card and f"描述：{described}\n" in card
    await chat.say("对")
    ticket = await only_ticket(chat)
    assert (ticket.description, ticket.room, ticket.temperature_c) == (described, "502", 16)
    staff = staff_card(services, ticket)
    assert "地址：3栋2单元502" in staff and f"居民原话：{described}" in staff and "室温：16°C" in staff


@pytest.mark.parametrize(
    ("first", "answer", "kept"),
    [
        (
            "my heating is not working",
            "屋里只有12度，老人冻得不行",
            "my heating is not working 屋里只有12度，老人冻得不行",
        ),
        ("暖气不热", "15", "暖气不热"),  # a bare reading: nothing more to keep
    ],
)
async def test_words_said_at_the_temperature_question_reach_the_card_and_the_ticket(
    chat: Chat, services: ChatServices, first: str, answer: str, kept: str
) -> None:
    await chat.say(first)
    await chat.say("红旗小区3栋2单元501")
    card = await chat.say(answer)
    assert f"描述：{kept}\n" in card
    await chat.say("确认")
    ticket = await only_ticket(chat)
    assert ticket.description == kept and ticket.temperature_c == float(re.findall(r"\d+", answer)[0])
    assert f"居民原话：{kept}" in staff_card(services, ticket)


async def test_a_correction_in_english_shows_in_the_description(services: ChatServices) -> None:
    english = Chat(Dialogue(services), chat_id=1007, lang="en")
    await english.say("no heat, building 3 unit 2 room 501, 15 degrees")
    await english.say("no, it's room 502")
    card = await english.say("sorry, I meant 16 degrees")
    described = (
        "no heat, building 3 unit 2 room 501, 15 degrees"
        " (corrected: address building 3 unit 2 room 502; room temperature 16 °C)"
    )
    assert f"Description: {described}\n" in card
    await english.press("Confirm")
    ticket = await only_ticket(english)
    assert (ticket.description, ticket.room, ticket.temperature_c) == (described, "502", 16)
    assert f"Resident's words: {described}" in staff_card(services, ticket, "en")


async def test_another_estate_or_address_given_at_the_card_shows_in_the_description(
    services: ChatServices,
) -> None:
    traditional = Chat(Dialogue(services), chat_id=1008, lang="zh-TW")
    await traditional.say("暖氣不熱 紅旗小區3棟2單元501 15度")
    card = await traditional.say("不對 是凱旋小區3棟2單元501")
    assert "描述：暖氣不熱 紅旗小區3棟2單元501 15度（更正：地址 凱旋小區3棟2單元501）\n" in card
    chat = Chat(traditional.dialogue, chat_id=1009)
    await chat.say("暖气不热 红旗小区3栋2单元501 15度")
    await chat.press("改地址")  # the button, not words: the same
    await chat.say("红旗小区3栋2单元601")
    await chat.press("确认")
    assert (
        await only_ticket(chat)
    ).description == "暖气不热 红旗小区3栋2单元501 15度（更正：地址 红旗小区3栋2单元601）"


async def test_words_that_agree_with_the_card_stay_as_they_are(chat: Chat) -> None:
    await chat.say("暖气不热 红旗小区3栋2单元501 15度")
    assert "（更正：地址 红旗小区3栋2单元502）" in await chat.say("不对 是502")
    card = await chat.say("不对 还是501吧")  # back to what the words said: nothing to correct
    assert "地址：红旗小区3栋2单元501" in card and "更正" not in card
    await chat.say("对")
    assert (await only_ticket(chat)).description == "暖气不热 红旗小区3栋2单元501 15度"
    other = Chat(chat.dialogue, chat_id=1010)
    await other.say("暖气不热 屋里15度")  # no address in the words: the one given later contradicts nothing
    await other.say("红旗小区3栋2单元502")
    card = await other.say("说错了 是503")
    assert "地址：红旗小区3栋2单元503" in card and "更正" not in card
    assert "描述：暖气不热 屋里15度（更正：室温 16℃）\n" in await other.say(
        "说错了 是十六度"
    )  # the words' reading


@pytest.mark.parametrize("said", ["16", "十六", "其实是16"])
async def test_a_bare_number_at_the_card_is_the_room_temperature(chat: Chat, said: str) -> None:
    await chat.say("暖气不热 红旗小区3栋2单元501 15度")
    card = await chat.say(said)
    assert "室温：16℃" in card and "没看懂" not in card
    await chat.press("确认")
    ticket = await only_ticket(chat)
    assert (ticket.temperature_c, ticket.room) == (16, "501")


async def test_a_bare_number_out_of_a_rooms_range_is_not_a_reading_and_three_digits_are_a_room(
    chat: Chat,
) -> None:
    await chat.say("暖气不热 红旗小区3栋2单元501 15度")
    assert "没看懂" in await chat.say("60")  # not 60 °F: the card shows °C
    card = await chat.say("502")
    assert "地址：红旗小区3栋2单元502" in card and "室温：15℃" in card
    card = await chat.say("8")
    assert "地址：红旗小区3栋2单元502" in card and "室温：8℃" in card


async def test_what_was_wrong_named_first_is_not_part_of_the_new_address(chat: Chat) -> None:
    await chat.say("暖气不热 红旗小区3栋2单元501 15度")
    card = await chat.say("地址不对 是5栋1单元302 温度是16度")  # both put right
    assert "地址：红旗小区5栋1单元302\n" in card and "室温：16℃" in card
    card = await chat.say("刚才门牌号写错了 是303不是302")  # the flat not meant is left out
    assert "地址：红旗小区5栋1单元303\n" in card
    await chat.press("确认")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.temperature_c) == ("红旗小区5栋1单元303", 16)
