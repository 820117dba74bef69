"""A resident writing about another home ("我妈家也漏水了") and about their own: each goes onto its own home's ticket,
another home's emergency opens at once, and the resident's saved address stays their own."""

from __future__ import annotations

import datetime as dt

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import NUMBER, Chat

from bot.dialogue import Dialogue
from bot.notifications import render
from bot.services import ChatServices
from storage import contacts, outbox, tickets
from storage.values import Audience, Priority, Status, TicketInfo, TicketKind

OWN = "红旗小区3栋2单元501"
MOTHERS = "青年路小区2栋1单元101"


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


async def _own_no_heat(chat: Chat) -> TicketInfo:
    await chat.say(f"暖气不热 {OWN} 15度")
    await chat.press("确认")
    return (await _mine(chat))[0]


async def _mine(chat: Chat) -> list[TicketInfo]:
    """The resident's tickets, newest first."""
    store = chat.dialogue.services.store
    return await tickets.of_contact(store, contact_id=await chat.contact_id(), open_only=False)


async def _saved(chat: Chat) -> str | None:
    store = chat.dialogue.services.store
    contact = await contacts.get(store, contact_id=await chat.contact_id())
    assert contact is not None
    return contact.address_raw


async def _reports(chat: Chat, ticket: TicketInfo) -> list[str]:
    events = await tickets.events(chat.dialogue.services.store, number=ticket.number)
    return [e.data["description"] for e in events if e.kind == "report"]


async def test_another_homes_leak_opens_its_own_emergency_at_once_and_its_address_never_the_saved_one(
    chat: Chat,
) -> None:
    own = await _own_no_heat(chat)
    store = chat.dialogue.services.store
    for sent in await outbox.claim(store, now=chat.dialogue.services.clock()):  # the first report's are out
        await outbox.mark_sent(store, notification_id=sent.id)
    said = await chat.say("我妈家暖气片也漏水了")
    leak = (await _mine(chat))[0]
    assert leak.number != own.number and leak.number in said and "正在通知值班人员" in said
    assert (leak.kind, leak.priority, leak.escalated, leak.address_raw) == (
        TicketKind.LEAK,
        Priority.EMERGENCY,
        True,
        None,
    )
    staff = [n for n in await outbox.claim(store, now=chat.dialogue.services.clock())]
    assert [(n.event, n.audience) for n in staff] == [("ticket.escalated", Audience.STAFF)]
    assert "那处房子" in said and OWN not in said and chat.buttons() == []  # the saved address is not offered
    again = await chat.say("是")  # a yes takes no saved address for that home
    unchanged = await tickets.get(store, number=leak.number)
    assert "那处房子" in again and unchanged is not None and unchanged.address_raw is None
    added = await chat.say(MOTHERS)
    assert f"已补充到工单 {leak.number}" in added
    moved = await tickets.get(store, number=leak.number)
    assert moved is not None and (moved.room, moved.branch) == (
        "101",
        "lvyuan",
    )  # the branch serving that estate
    assert await _saved(chat) == OWN  # the resident's own address stays theirs
    assert [e.kind for e in await tickets.events(store, number=own.number)] == ["opened"]


async def test_the_residents_own_report_without_an_address_is_never_added_to_another_homes_ticket(
    chat: Chat,
) -> None:
    own = await _own_no_heat(chat)
    await chat.say(f"我妈家暖气也不热 {MOTHERS}")
    await chat.press("跳过")
    await chat.press("确认")
    mothers = (await _mine(chat))[0]
    assert mothers.number != own.number and mothers.room == "101"
    for words in ("我家暖气还是不热 现在只有十二度了", "邻居家都热乎乎的 就我家暖气不热"):
        repeat = await chat.say(words)
        assert own.number in repeat and mothers.number not in repeat and "不会重复派单" in repeat
    assert await _reports(chat, own) == [
        "我家暖气还是不热 现在只有十二度了",
        "邻居家都热乎乎的 就我家暖气不热",
    ]
    assert await _reports(chat, mothers) == []
    kept = await tickets.get(chat.dialogue.services.store, number=mothers.number)
    assert kept is not None and kept.temperature_c is None
    assert await _saved(chat) == OWN


async def test_the_residents_own_leak_without_an_address_is_its_own_emergency_not_the_other_homes(
    chat: Chat,
) -> None:
    await chat.say("我妈家也漏水了")
    await chat.say(MOTHERS)
    [mothers] = await _mine(chat)
    said = await chat.say("卫生间暖气管漏水了")  # the resident's own home, no address known
    found = await _mine(chat)
    assert len(found) == 2 and found[1].number == mothers.number
    own = found[0]
    assert own.number in said and "已建立紧急抢修单" in said and "不会重复派单" not in said
    assert await _reports(chat, mothers) == [] and own.address_raw is None
    assert "尽快找到您" in said  # their own address is asked now
    await chat.say(OWN)
    assert await _saved(chat) == OWN


async def test_another_homes_address_unread_or_without_its_estate_stays_on_its_ticket_only(
    chat: Chat,
) -> None:
    await _own_no_heat(chat)
    await chat.say("我妈家也漏水了")
    kept = await chat.say("学校后门那个平房")
    leak = (await _mine(chat))[0]
    assert "原样记在工单" in kept and leak.number in kept
    stored = await tickets.get(chat.dialogue.services.store, number=leak.number)
    assert stored is not None and stored.address_raw == "学校后门那个平房" and stored.kind is TicketKind.LEAK
    await chat.say("老家暖气管子也爆了")
    flat = await chat.say("5栋1单元302")
    burst = (await _mine(chat))[0]
    assert burst.kind is TicketKind.BURST and "找到那处房子" in flat
    await chat.say("凯旋小区")
    stored = await tickets.get(chat.dialogue.services.store, number=burst.number)
    assert stored is not None and stored.address_raw == "凯旋小区5栋1单元302" and stored.branch == "kuancheng"
    assert await _saved(chat) == OWN
    assert NUMBER.search(flat)


async def test_word_that_a_visit_is_no_longer_needed_with_two_repairs_open_is_asked_about(chat: Chat) -> None:
    own = await _own_no_heat(chat)
    await chat.say(f"我妈家暖气也不热 {MOTHERS}")
    await chat.press("跳过")
    await chat.press("确认")
    mothers = (await _mine(chat))[0]
    asked = await chat.say("不用来了 暖气已经热了")
    assert "哪一处" in asked and own.number not in asked and mothers.number not in asked
    assert len(chat.buttons()) == 2
    assert await _reports(chat, own) == [] and await _reports(chat, mothers) == []
    answer = await chat.press("红旗小区")
    assert f"负责工单 {own.number}" in answer
    assert await _reports(chat, own) == ["不用来了 暖气已经热了"] and await _reports(chat, mothers) == []
    theirs = await chat.say("我妈家那边不用来了 已经热了")  # that home said: its repair, nothing to ask
    assert f"负责工单 {mothers.number}" in theirs
    assert await _reports(chat, mothers) == ["我妈家那边不用来了 已经热了"]


async def test_news_that_the_other_homes_leak_got_worse_goes_onto_its_ticket(chat: Chat) -> None:
    await _own_no_heat(chat)
    await chat.say("我妈家也漏水了")
    await chat.say(MOTHERS)
    mothers = (await _mine(chat))[0]
    said = await chat.say("我妈家那边漏得越来越厉害了")
    assert mothers.number in said and "不会重复派单" in said
    assert [t.number for t in await _mine(chat)][0] == mothers.number  # no second ticket
    assert await _reports(chat, mothers) == ["我妈家那边漏得越来越厉害了"]


async def test_a_report_being_collected_comes_back_once_another_homes_emergency_has_its_address(
    chat: Chat,
) -> None:
    assert "报修地址" in await chat.say("暖气不热")
    said = await chat.say("我妈家也漏水了")  # told while the report's address is asked
    [leak] = await _mine(chat)
    assert leak.kind is TicketKind.LEAK and leak.number in said and "那处房子" in said
    added = await chat.say(MOTHERS)
    assert f"已补充到工单 {leak.number}" in added
    assert "暖气不热" in added and "报修地址" in chat.last[-1].text  # the report's question comes back
    assert "多少度" in await chat.say(OWN)
    card = await chat.say("15")
    assert OWN in card and "15℃" in card and "确认报修" in chat.buttons()
    opened = await chat.press("确认")
    own, kept = await _mine(chat)
    assert own.number in opened and (own.kind, own.room, own.temperature_c) == (TicketKind.NO_HEAT, "501", 15)
    assert kept.number == leak.number and (kept.room, kept.branch) == ("101", "lvyuan")
    assert await _saved(chat) == OWN


async def test_a_report_that_had_all_it_needs_is_filed_once_another_homes_emergency_has_its_address(
    chat: Chat,
) -> None:
    assert "确认报修" in (await chat.say(f"暖气不热 {OWN} 15度")) and "确认报修" in chat.buttons()
    said = await chat.say("我妈家暖气片也漏水了")  # told at the card
    [leak] = await _mine(chat)
    assert leak.number in said and "那处房子" in said
    added = await chat.say(MOTHERS)
    own, kept = await _mine(chat)
    assert kept.number == leak.number and kept.room == "101"
    assert f"已补充到工单 {leak.number}" in added and own.number in added and "已为您登记报修" in added
    assert (own.kind, own.address_raw, own.temperature_c) == (TicketKind.NO_HEAT, OWN, 15)
    assert "多久" not in added and chat.buttons() == []  # nothing more is asked
    assert await _saved(chat) == OWN


@pytest.mark.parametrize("said", ["我家和我妈家暖气片都漏水了", "我妈家暖气片漏水了，我家也漏了"])
async def test_both_homes_escaping_open_two_emergencies_at_once_and_each_address_is_asked(
    chat: Chat, said: str
) -> None:
    told = await chat.say(said)
    mothers, own = await _mine(chat)  # newest first: the other home's is opened after the resident's own
    assert (own.kind, mothers.kind) == (TicketKind.LEAK, TicketKind.LEAK)
    assert (own.priority, mothers.priority) == (Priority.EMERGENCY, Priority.EMERGENCY)
    assert own.number in told and mothers.number in told and "那处房子" in chat.last[-1].text
    added = await chat.say(MOTHERS)
    assert f"已补充到工单 {mothers.number}" in added and "漏水" in added and "找到您" in chat.last[-1].text
    assert f"已补充到工单 {own.number}" in await chat.say(OWN)
    mothers, own = await _mine(chat)
    assert (mothers.room, mothers.branch, own.room) == ("101", "lvyuan", "501")
    assert await _saved(chat) == OWN


async def test_both_homes_cold_take_the_other_homes_report_then_the_residents_own(chat: Chat) -> None:
    await chat.say("我家跟我爸家暖气都不热")
    assert "报修地址" in await chat.say(MOTHERS) or "多少度" in chat.last[-1].text
    await chat.say("14")
    opened = await chat.press("确认")
    [fathers] = await _mine(chat)
    assert fathers.number in opened and fathers.room == "101"
    assert "暖气不热" in opened and "报修地址" in chat.last[-1].text  # the resident's own report comes back
    await chat.say(OWN)
    await chat.say("16")
    await chat.press("确认")
    own, fathers = await _mine(chat)
    assert (own.kind, own.room, own.temperature_c, fathers.temperature_c) == (
        TicketKind.NO_HEAT,
        "501",
        16,
        14,
    )


async def test_repairs_at_two_homes_say_which_home_each_is(chat: Chat, clock: Clock) -> None:
    await chat.say(f"暖气不热 {OWN} 15度")
    await chat.press("确认")
    await chat.say(f"我妈家暖气也不热 {MOTHERS} 14度")
    await chat.press("确认")
    mothers, own = await _mine(chat)
    listed = await chat.say("我的报修")
    assert f"工单 {own.number}" in listed and f"｜{OWN}" in listed and f"｜{MOTHERS}" in listed
    store = chat.dialogue.services.store
    await tickets.transition(store, number=mothers.number, to=Status.RESOLVED, actor="staff", now=clock())
    queued = await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
    [asked] = [render(n) for n in queued if n.event == "status.resolved"]
    assert asked.text.startswith(f"工单 {mothers.number}（{MOTHERS}）已标记为修好")  # no space after "）"


async def test_repairs_at_one_home_are_listed_without_the_address(chat: Chat) -> None:
    ticket = await _own_no_heat(chat)
    listed = await chat.say("我的报修")
    assert f"工单 {ticket.number}" in listed and OWN not in listed
