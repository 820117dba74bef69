"""Human handoff end to end: a resident asks for a person, staff answer by replying, /done gives the chat back."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fake_telegram import Sent
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401

from bot.notifications import render
from storage import Store, contacts, conversations, outbox, tickets
from storage.values import Audience, Channel, TicketKind
from tests.staff_world import NANGUAN_CHAT, RESIDENT_CHAT, STAFF_USER, STRANGER, World, make_world


@pytest.fixture
async def world(store: Store) -> AsyncIterator[World]:
    async for w in make_world(store):
        yield w


async def resident_says(world: World, text: str) -> None:
    assert await world.resident(text=text) == 200


async def replies_for_resident(world: World) -> list[Any]:
    rows = await outbox.claim(world.store, limit=100, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    return [n for n in rows if n.audience is Audience.RESIDENT and n.event == "staff.reply"]


async def start_handoff(world: World) -> None:
    """The resident asks for a person and writes once more; both reach the branch's staff chat."""
    await resident_says(world, "南关区东岭小区3栋 我要找人工客服")
    await resident_says(world, "暖气三天不热了，谁来管管")
    relayed = await world.deliver_staff()
    assert [n.event for n in relayed] == ["handoff.requested", "handoff.message"]
    posts = [c for c in world.fake.of("sendMessage") if c.chat_id == NANGUAN_CHAT]
    assert len(posts) == 2
    request, message = posts
    assert "请求人工" in request.text and [label for label, _ in request.buttons] == ["结束人工"]
    assert "暖气三天不热了" in message.text


async def test_relayed_message_and_staff_reply_reach_the_resident(world: World) -> None:
    await start_handoff(world)
    relayed_id = int(await _relayed_message_id(world))
    await world.command("师傅半小时内到，请家里留人", reply_to=relayed_id)

    [reply] = await replies_for_resident(world)
    assert reply.channel is Channel.TELEGRAM and reply.address == str(RESIDENT_CHAT)
    assert reply.payload == {  # the branch whose chat answered: the talk goes on with it
        "text": "师傅半小时内到，请家里留人",
        "staff": f"Duty{STAFF_USER}",
        "branch": "nanguan",
    }
    assert any("已转给居民" in c.text for c in world.fake.of("sendMessage"))


async def test_a_stranger_cannot_talk_to_the_resident(world: World) -> None:
    await start_handoff(world)
    relayed_id = int(await _relayed_message_id(world))
    await world.command("我也来说两句", user=STRANGER, reply_to=relayed_id)
    await world.command("闲聊，不是回复")
    assert await replies_for_resident(world) == []


async def test_done_gives_the_chat_back_to_the_bot(world: World) -> None:
    await start_handoff(world)
    relayed_id = int(await _relayed_message_id(world))
    before = len([c for c in world.fake.of("sendMessage") if c.chat_id == RESIDENT_CHAT])
    await world.command("/done", reply_to=relayed_id)

    to_resident = [c for c in world.fake.of("sendMessage") if c.chat_id == RESIDENT_CHAT][before:]
    assert any("人工服务已结束" in c.text for c in to_resident)
    assert any("已结束与居民" in c.text for c in world.fake.of("sendMessage") if c.chat_id == NANGUAN_CHAT)
    await resident_says(world, "现在几点供暖")  # the bot answers again instead of relaying
    assert not [n for n in await world.deliver_staff() if n.event == "handoff.message"]


async def test_done_without_a_relayed_message_says_how(world: World) -> None:
    await world.command("/done")
    [answer] = world.fake.of("sendMessage")
    assert "请回复一条居民转来的消息" in answer.text


async def _relayed_message_id(world: World) -> str:
    for call in world.fake.of("sendMessage"):
        if call.chat_id == NANGUAN_CHAT and "暖气三天不热了" in call.text:
            index = world.fake.of("sendMessage").index(call)
            message_id = 1000 + index
            state = await conversations.load(world.store, key=f"relay:{NANGUAN_CHAT}:{message_id}")
            assert state is not None and state["ident"] == str(RESIDENT_CHAT)
            return str(message_id)
    raise AssertionError("no relayed message")


def sent_id(world: World, call: Any) -> int:
    """The message id the fake Bot API gave a sendMessage call (ids count up from 1000, edits keep theirs)."""
    return 1000 + world.fake.of("sendMessage").index(call)


async def staff_replies_on_ticket(world: World, number: str) -> list[Any]:
    return [e for e in await tickets.events(world.store, number=number) if e.kind == "staff.reply"]


async def test_a_reply_to_a_ticket_card_reaches_its_resident(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    [card] = [c for c in world.fake.messages(NANGUAN_CHAT) if ticket.number in c.text]
    await world.command("楼下阀门已经关了，师傅十分钟到", reply_to=sent_id(world, card))

    [reply] = await replies_for_resident(world)
    assert reply.channel is Channel.TELEGRAM and reply.address == str(RESIDENT_CHAT)
    assert render(reply).text == "人工客服：楼下阀门已经关了，师傅十分钟到"
    [event] = await staff_replies_on_ticket(world, ticket.number)
    assert event.actor == f"staff:{STAFF_USER}" and event.data["text"] == "楼下阀门已经关了，师傅十分钟到"
    [answer] = world.fake.messages(NANGUAN_CHAT)[1:]
    assert "已转给工单" in answer.text and ticket.number in answer.text


async def test_a_reply_to_a_callers_addition_goes_to_them_by_sms(world: World) -> None:
    caller = await contacts.get_or_create(world.store, channel=Channel.VOICE, phone="+8613955550142")
    ticket = await world.open_ticket(contact_id=caller.id, kind=TicketKind.NO_HEAT)
    await world.deliver_staff()
    await tickets.add_report(
        world.store, number=ticket.number, contact_id=None, description="家里有老人，能快点吗"
    )
    await world.deliver_staff()
    [addition] = [c for c in world.fake.messages(NANGUAN_CHAT) if "居民补充" in c.text]
    await world.command("已经加急了，请保持电话畅通", reply_to=sent_id(world, addition))

    [reply] = await replies_for_resident(world)
    assert reply.channel is Channel.SMS and reply.address == "+8613955550142"
    assert render(reply).text == "人工客服：已经加急了，请保持电话畅通"
    assert len(await staff_replies_on_ticket(world, ticket.number)) == 1
    assert "已转给工单" in world.fake.messages(NANGUAN_CHAT)[-1].text


async def test_a_reply_for_a_resident_who_cannot_be_reached_says_so(world: World) -> None:
    lost = await contacts.get_or_create(world.store, channel=Channel.TELEGRAM, telegram_chat_id=777999)
    await contacts.mark_unreachable(world.store, contact_id=lost.id)
    ticket = await world.open_ticket(contact_id=lost.id)
    await world.deliver_staff()
    [card] = [c for c in world.fake.messages(NANGUAN_CHAT) if ticket.number in c.text]
    await world.command("我们到门口了，请开门", reply_to=sent_id(world, card))

    assert await replies_for_resident(world) == []
    [answer] = world.fake.messages(NANGUAN_CHAT)[1:]
    assert "联系不上" in answer.text and ticket.number in answer.text
    [event] = await staff_replies_on_ticket(world, ticket.number)
    assert event.data["delivered"] is False


async def test_a_reply_to_a_ticket_report_reaches_its_resident(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/ticket {ticket.number}")
    [report] = world.fake.messages(NANGUAN_CHAT)
    await world.command("请问暖气片是哪一组漏的？", reply_to=sent_id(world, report))

    [reply] = await replies_for_resident(world)
    assert render(reply).text == "人工客服：请问暖气片是哪一组漏的？"
    assert "已转给工单" in world.fake.messages(NANGUAN_CHAT)[-1].text


# Staff's words reach a resident who reads another language after a line saying what they are, on the real product:
# the webhook, the staff chats and the resident's chat on the fake Bot API, the outbox worker in between.
NANGUAN_STAFF = -1001000000001  # the demo company's first branch: a chat with no address known goes there
READER = 8801


async def reported(product: Product, report: str, confirm: str, *, lang: str) -> str:
    """A Telegram resident reports in one message and confirms: their ticket's number, its card posted."""
    await product.writes(READER, report, lang=lang)
    await product.writes(READER, confirm, lang=lang)
    await product.deliver()
    [ticket] = await tickets.list_tickets(product.store)
    return ticket.number


def card_of(product: Product, number: str) -> Sent:
    return next(c for c in product.staff_seen() if c.buttons and f"<code>{number}</code>" in c.text)


async def test_a_hand_over_reply_in_chinese_reaches_an_english_reader_saying_what_it_is(
    product: Product,
) -> None:
    await product.writes(READER, "I want to talk to a person", lang="en")
    await product.deliver()
    [request] = [c for c in product.staff_seen(NANGUAN_STAFF) if "居民请求人工客服" in c.text]
    await product.staff("师傅半小时内到，请家里留人", chat=NANGUAN_STAFF, reply_to=request)
    await product.staff("The crew is on the way", chat=NANGUAN_STAFF, reply_to=request)
    await product.deliver()

    assert [m.text for m in product.telegram.messages(READER)[-2:]] == [
        "Reply from the heating company's staff (written in Chinese): 师傅半小时内到，请家里留人",
        "Staff: The crew is on the way",  # in the reader's language: as ever
    ]


async def test_a_reply_in_english_to_a_card_reaches_a_reader_of_traditional_saying_what_it_is(
    product: Product,
) -> None:
    number = await reported(product, "我家暖氣不熱，紅旗小區3棟2單元502，14度", "對", lang="zh-hant")
    await product.staff(
        "Crew arriving in ten minutes, please keep the door open", reply_to=card_of(product, number)
    )
    await product.deliver()

    assert product.telegram.messages(READER)[-1].text == (
        "供熱公司工作人員回覆（原文為英文）：Crew arriving in ten minutes, please keep the door open"
    )
    [event] = [e for e in await tickets.events(product.store, number=number) if e.kind == "staff.reply"]
    assert event.data["text"] == "Crew arriving in ten minutes, please keep the door open"


async def test_a_resolve_note_in_chinese_reaches_an_english_reader_saying_what_it_is(
    product: Product,
) -> None:
    report = "My radiators are cold, Hongqi compound building 3 unit 2 room 501, 14 degrees"
    number = await reported(product, report, "yes", lang="en")
    await product.staff(f"/onsite {number}")  # the crew came
    await product.staff(f"/resolve {number} 更换了阀门，已恢复")
    await product.deliver()

    told = product.telegram.messages(READER)[-1]
    assert told.text.startswith(f"Ticket {number}")
    said = '\nThe duty staff\'s note (written in Chinese): "更换了阀门，已恢复"\n'
    assert said in told.text and told.text.endswith("Please rate the repair from 1 to 5.")
    assert len(told.buttons) == 6  # the rating question stays, next to its buttons
