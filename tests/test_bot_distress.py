"""A resident in distress while an emergency is under way: words that are no address said while its address is asked
("好多水", "快来人啊"), a cry for help ("救命"). They are reassured and asked again simply; a leak said to have burst
becomes a burst on its ticket, for its staff."""

from __future__ import annotations

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_corrections import reported, staff_notices
from test_bot_dialogue import Chat, only_ticket

from bot.dialogue import Dialogue
from bot.services import ChatServices
from storage import tickets
from storage.values import TicketKind


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


@pytest.mark.parametrize(
    ("lang", "leak", "said", "calm", "asked"),
    [
        ("zh-CN", "漏水了", "好多水", "别着急，抢修人员已经在安排了", "请发送地址"),
        ("zh-CN", "漏水了", "快来人啊", "别着急，抢修人员已经在安排了", "请发送地址"),
        ("zh-CN", "漏水了", "暖气管子", "别着急，抢修人员已经在安排了", "请发送地址"),
        ("zh-CN", "漏水了", "救命", "别着急，抢修人员已经在安排了", "请发送地址"),
        ("en", "the radiator is leaking", "help!", "Please don't worry: a crew is already being arranged",
         "please send the address"),
    ],
)  # fmt: skip
async def test_words_of_distress_while_the_address_is_asked_are_answered_kindly(
    chat: Chat, lang: str, leak: str, said: str, calm: str, asked: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    await chat.say(leak)
    opened = await only_ticket(chat)
    await staff_notices(chat)
    answer = await chat.say(said)
    assert calm in chat.last[0].text and opened.number in chat.last[0].text
    assert ("阀门" if lang != "en" else "valves") in chat.last[0].text  # what to do meanwhile, in brief
    assert asked in chat.last[-1].text and "读出" not in answer and "could not read" not in answer
    ticket = await only_ticket(chat)  # nothing taken as its address, nothing else opened
    assert (ticket.address_raw, ticket.kind) == (None, TicketKind.LEAK)
    assert "3栋2单元501" in await chat.say("红旗小区3栋2单元501")  # the address is still what is asked


async def test_a_leak_said_to_have_burst_while_its_address_is_asked_becomes_a_burst(chat: Chat) -> None:
    await chat.say("漏水了")
    opened = await only_ticket(chat)
    await staff_notices(chat)
    await chat.say("好像爆了")
    assert f"已把工单 {opened.number} 改为爆管" in chat.last[0].text
    assert "烫伤" in chat.last[1].text and "请发送地址" in chat.last[-1].text  # a burst's advice, in brief
    ticket = await only_ticket(chat)
    assert (ticket.number, ticket.kind, ticket.escalated) == (opened.number, TicketKind.BURST, True)
    assert await reported(chat, ticket) == [{"description": "好像爆了"}]
    notices = [(event, branch, payload.get("reason")) for event, branch, payload in await staff_notices(chat)]
    assert ("ticket.escalated", "nanguan", "burst") in notices and (
        "ticket.report",
        "nanguan",
        None,
    ) in notices
    events = await tickets.events(chat.dialogue.services.store, number=opened.number)
    assert [e.data for e in events if e.kind == "escalated"] == [{"reason": "burst", "kind": "burst"}]


async def test_a_cry_for_help_with_an_emergency_open_gets_its_reassurance(chat: Chat) -> None:
    await chat.say("暖气片漏水了 红旗小区3栋2单元501")
    opened = await only_ticket(chat)
    answer = await chat.say("救命")
    assert "别着急" in answer and opened.number in answer and "阀门" in answer
    assert "地址" not in answer and "只能处理" not in answer  # its address is known: not asked


async def test_a_cry_for_help_with_nothing_open_asks_what_happened_and_gives_the_hotline(chat: Chat) -> None:
    answer = await chat.say("救命")
    assert "发生了什么" in answer and "+86" in answer and "只能处理" not in answer
    assert not await tickets.of_contact(chat.dialogue.services.store, contact_id=await chat.contact_id())


async def test_a_cry_for_help_in_traditional_reads_as_taiwan_and_hong_kong_write_it(chat: Chat) -> None:
    chat = Chat(chat.dialogue, lang="zh-TW")
    assert (await chat.say("救命")).startswith("我在，別著急。請告訴我發生了什麼")
    await chat.say("暖氣片漏水了 紅旗小區3棟2單元501")
    answer = await chat.say("救命")
    assert "別著急，搶修人員已經在安排了" in answer
    assert not {"彆", "着", "爲", "裏"} & set(answer)
