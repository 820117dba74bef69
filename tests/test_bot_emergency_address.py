"""An emergency's address in the chat: it reaches the branch that serves it, and is never thrown away."""

from __future__ import annotations

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat, only_ticket

from bot.dialogue import Dialogue
from bot.services import ChatServices
from storage import contacts, outbox, tickets
from storage.values import Audience, Priority, TicketKind


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


async def staff_notices(chat: Chat, seen: set[int]) -> list[tuple[str, str]]:
    """(event, staff branch) of every staff notice queued since `seen`, which it then includes."""
    found = [n for n in await outbox.claim(chat.dialogue.services.store) if n.id not in seen]
    seen.update(n.id for n in found)
    return [(n.event, n.address) for n in found if n.audience is Audience.STAFF]


async def test_an_emergency_whose_address_names_another_branch_moves_there_with_its_alert(chat: Chat) -> None:
    seen: set[int] = set()
    await chat.say("卫生间暖气管漏水了")  # no address yet: the default branch is alerted at once
    assert await staff_notices(chat, seen) == [("ticket.escalated", "nanguan")]
    answer = await chat.say("青年路小区2栋1单元101")  # served by Lvyuan
    ticket = await only_ticket(chat)
    assert ticket.number in answer and ticket.branch == "lvyuan" and ticket.room == "101"
    assert await staff_notices(chat, seen) == [
        ("ticket.handed_off", "lvyuan"),
        ("ticket.moved_away", "nanguan"),  # its card there made view-only
        ("ticket.address", "lvyuan"),
    ]
    events = await tickets.events(chat.dialogue.services.store, number=ticket.number)
    assert [e.data["to_branch"] for e in events if e.kind == "handed_off"] == ["lvyuan"]


async def test_a_leak_told_while_a_report_is_confirmed_opens_at_the_address_already_given(chat: Chat) -> None:
    await chat.say("家里暖气冰凉 红旗小区3栋2单元501 室温14度")
    assert "确认" in chat.last[-1].text
    answer = await chat.say("不好 暖气片接头突然开始漏水了")
    ticket = await only_ticket(chat)
    assert (ticket.kind, ticket.priority) == (TicketKind.LEAK, Priority.EMERGENCY)
    assert ticket.address_raw == "红旗小区3栋2单元501" and ticket.branch == "chaoyang"
    assert ticket.number in answer and "发送地址" not in answer  # the address is not asked again


async def test_an_emergency_address_the_bot_cannot_read_is_kept_as_written_for_the_duty_staff(
    chat: Chat,
) -> None:
    seen: set[int] = set()
    await chat.say("暖气管子接头哗哗漏水")
    ticket = await only_ticket(chat)
    await staff_notices(chat, seen)
    answer = await chat.say("什么时候能来人")  # a question is answered, not taken for the address
    assert ticket.number in answer and "发送地址" in chat.last[-1].text
    assert (await only_ticket(chat)).address_raw is None
    answer = await chat.say("南岭花园后街平房第三家")  # no building or room the parser can read
    assert ticket.number in answer and "南岭花园后街平房第三家" in answer and "没能" not in answer
    kept = await only_ticket(chat)
    assert kept.address_raw == "南岭花园后街平房第三家" and kept.room is None
    assert await staff_notices(chat, seen) == [("ticket.address", "nanguan")]
    events = await tickets.events(chat.dialogue.services.store, number=ticket.number)
    assert any(e.kind == "note" and "not confirmed" in e.data["text"] for e in events)
    contact = await contacts.get(chat.dialogue.services.store, contact_id=kept.contact_id)
    assert contact is not None and contact.address_raw is None  # words not understood are not remembered
    assert "地址" not in await chat.say("谢谢")  # not asked again


async def test_an_unread_english_address_is_kept_too(services: ChatServices) -> None:
    chat = Chat(Dialogue(services), lang="en")
    await chat.say("water is pouring out of the radiator")
    answer = await chat.say("the grey cottage next to the school gate")
    ticket = await only_ticket(chat)
    assert ticket.address_raw == "the grey cottage next to the school gate" and ticket.number in answer


async def test_a_question_while_the_emergency_waits_for_its_address_gets_the_advice_and_keeps_waiting(
    chat: Chat,
) -> None:
    await chat.say("暖气漏水了")
    answer = await chat.say("要关哪个阀门啊")  # unsure alone: the emergency's advice, not a menu
    assert "阀门" in chat.last[0].text and "地址" in chat.last[-1].text and "返回主菜单" not in answer
    await chat.say("红旗小区3栋2单元501")  # still the address it was waiting for
    ticket = await only_ticket(chat)
    assert (ticket.room, ticket.branch) == ("501", "chaoyang")


async def test_an_emergency_address_sent_in_pieces_is_put_together_on_the_ticket(chat: Chat) -> None:
    await chat.say("暖气片漏水了")
    assert "请接着发过来" in await chat.say("凯旋小区")  # kept on the ticket at once, the rest asked for
    assert (await only_ticket(chat)).address_raw == "凯旋小区"
    await chat.say("5栋1单元302")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.room, ticket.branch) == ("凯旋小区5栋1单元302", "302", "kuancheng")


async def test_words_with_nothing_of_an_address_are_not_kept_as_the_emergencys_address(chat: Chat) -> None:
    await chat.say("暖气管爆了")
    assert "读出楼号和房间号" in await chat.say("我妈家也是")
    assert (await only_ticket(chat)).address_raw is None


async def test_the_rest_of_an_emergency_address_still_counts_after_a_question(chat: Chat) -> None:
    await chat.say("暖气管爆了 水喷了一地")
    await chat.say("凯旋小区")
    await chat.say("要关哪个阀门")  # the advice again; the rest of the address is still wanted
    assert "阀门" in chat.last[0].text and "地址" in chat.last[-1].text
    await chat.say("5栋1单元302")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.room, ticket.branch) == ("凯旋小区5栋1单元302", "302", "kuancheng")


async def test_which_valve_asked_in_english_gets_the_advice(services: ChatServices) -> None:
    chat = Chat(Dialogue(services), lang="en")
    await chat.say("water is pouring out of the radiator")
    await chat.say("which valve should I close?")
    assert "valves" in chat.last[0].text and "address" in chat.last[-1].text
