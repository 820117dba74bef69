"""The buttons on staff cards, in the staff chat's language: what each card offers, what pressing it does to the
ticket, and what staff and the resident are told."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from bot.notifications import render
from bot.staff.board import card_key
from bot.staff.cards import CardView, card_text
from storage import Store, contacts, conversations, outbox, tickets
from storage.values import Audience, Channel, Priority, Status, TicketInfo, TicketKind
from tests.staff_world import CHAOYANG_CHAT, COMPANY, NANGUAN_CHAT, World, make_world

ZH, EN = "zh-Hans", "en"
WORDS = {
    ZH: {
        "told_buttons": ["已到场", "未到场", "接单", "派单", "已修复", "转交", "取消工单"],
        "told": "请向抢修队核实：到了请点“已到场”，没到请点“未到场”",
        "done": "已更正为维修人员未到场，并告知居民维修人员仍在路上；到场计时继续，承诺 10:30 前到场",
        "due": "承诺到场：10:30（还剩 20分钟）",
        "repair_buttons": ["接单", "派单", "已到场", "已修复", "转交", "取消工单"],
        "history": "值班人员核实：维修人员未到场，到场计时继续",
        "stale": "没有待核实的居民到场消息，无需更正",
        "callback_buttons": ["接单", "已回电", "办结", "转交"],
        "callback_held": ["接手", "已回电", "办结", "转交"],  # the caller holds it now: Take over, not Take
        "called": "已记下 Duty501 给居民回了电。事情处理完请点“办结”",
        "promise": "承诺：尽快给居民回电（Duty501 已于 10:05 回电）",
        "no_crew": "是回电工单，不派抢修队，也没有“到场”",
        "closed": "回电工单 {number} 已办结",
        "settled": "状态：<b>已办结</b>",
        "complaint_buttons": ["接单", "已联系", "办结", "转交"],
        "complaint_held": ["接手", "已联系", "办结", "转交"],
        "contacted": "已记下 Duty501 联系了居民，跟进承诺已兑现。事情处理完请点“办结”",
        "follow_up": "跟进承诺：11-29 10:00前联系居民（Duty501 已于 10:05 联系）",
        "complaint_no_crew": "是投诉，不派抢修队，也没有“到场”",
        "complaint_closed": "投诉 {number} 已办结，已告知居民",
        "cancel_asked": "⚠️ 要取消的是<b>紧急工单</b> <code>{number}</code>：爆管，南关区东岭小区3栋2单元501，"
        "新报修，待接单；原因：居民说水已经停了。取消后不再上门",
        "cancel_offer": ["确认取消", "保留工单"],
        "other_branch": "工单 <code>{number}</code> 由南关分公司负责，不归本群处理",
    },
    EN: {
        "told_buttons": ["On site", "Not arrived", "Take", "Dispatch", "Resolved", "Hand off", "Cancel"],
        "told": "check with the crew, then press On site if they are there, Not arrived if not",
        "done": "corrected, the crew has not arrived; the resident is told it is still on the way. The on-site "
        "clock runs on: on site by 10:30.",
        "due": "On site by: 10:30 (20 min left)",
        "repair_buttons": ["Take", "Dispatch", "On site", "Resolved", "Hand off", "Cancel"],
        "history": "staff checked: the crew has not arrived; the on-site clock runs on",
        "stale": "there is no word from the resident that the crew came left to check; nothing to correct",
        "callback_buttons": ["Take", "Called back", "Close", "Hand off"],
        "callback_held": ["Take over", "Called back", "Close", "Hand off"],
        "called": "Duty501's call back to the resident is noted. Press Close once it is settled.",
        "promise": "Promised: a call back as soon as possible (called back at 10:05 by Duty501)",
        "no_crew": "is a call-back: no crew goes to it. Press Called back once you have phoned the resident",
        "closed": "Call-back {number} closed.",
        "settled": "Status: <b>settled</b>",
        "complaint_buttons": ["Take", "Contacted", "Close", "Hand off"],
        "complaint_held": ["Take over", "Contacted", "Close", "Hand off"],
        "contacted": "Duty501's call to the resident is noted; the follow-up promised is made. Press Close once",
        "follow_up": "Promised: a call to the resident by 11-29 10:00 (called at 10:05 by Duty501)",
        "complaint_no_crew": "is a complaint: no crew goes to it. Press Contacted once you have spoken",
        "complaint_closed": "Complaint {number} closed; the resident is told.",
        "cancel_asked": "⚠️ This is an <b>EMERGENCY</b>: ticket <code>{number}</code>, Burst, 南关区东岭小区3栋2单元501, "
        "new, not taken; reason: 居民说水已经停了. Cancelling stops the visit",
        "cancel_offer": ["Confirm cancel", "Keep ticket"],
        "other_branch": "Ticket <code>{number}</code> is Nanguan Branch's, not this chat's",
    },
}


@pytest.fixture(params=[ZH, EN])
async def world(request: pytest.FixtureRequest, store: Store) -> AsyncIterator[World]:
    async for w in make_world(store, language=request.param):
        yield w


def language(world: World) -> str:
    return world.sender.access.language


def card(world: World, number: str) -> tuple[str, list[str]]:
    """The card's text and button labels as they stand (posted, then edited in place)."""
    shown = [
        c
        for c in world.fake.calls
        if c.method in ("sendMessage", "editMessageText")
        and any(d.startswith("tk:") for _, d in c.buttons)
        and f"<code>{number}</code>" in c.text
    ]
    assert shown, f"no card of {number}"
    return shown[-1].text, [label for label, _ in shown[-1].buttons]


async def press(world: World, number: str, label: str, data: str | None = None) -> str:
    """Press `label` on the card (or a button of this data it showed earlier); the answer staff see."""
    if data is None:
        [data] = [d for c in reversed(world.fake.calls) for text, d in c.buttons if text == label][:1]
    state = await conversations.load(world.store, key=card_key(number, -1001))
    assert state is not None
    before = len(world.fake.calls)
    assert await world.press(data, message_id=state["message_id"]) == 200
    [answer] = [c for c in world.fake.calls[before:] if c.method == "answerCallbackQuery"]
    return str(answer.params.get("text", ""))


async def test_staff_correct_the_residents_word_that_the_crew_came_in_their_language(world: World) -> None:
    words = WORDS[language(world)]
    ticket = await world.open_ticket(kind=TicketKind.NO_HEAT)
    resident = await contacts.get(world.store, contact_id=ticket.contact_id)
    assert resident is not None
    await contacts.update(world.store, contact_id=resident.id, language="en")
    world.clock[0] += dt.timedelta(minutes=5)
    await tickets.report_arrival(
        world.store, number=ticket.number, contact_id=None, description="师傅到了", now=world.clock[0]
    )
    await world.deliver_staff()
    text, buttons = card(world, ticket.number)
    assert buttons == words["told_buttons"] and words["told"] in text

    world.clock[0] += dt.timedelta(minutes=5)
    assert words["done"] in await press(world, ticket.number, words["told_buttons"][1])
    text, buttons = card(world, ticket.number)
    assert buttons == words["repair_buttons"] and words["due"] in text
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.arrival_reported_at is None and stored.due_at == ticket.due_at
    [row] = [
        n
        for n in await outbox.claim(world.store, limit=100, now=world.clock[0] + dt.timedelta(days=1))
        if n.audience is Audience.RESIDENT and n.event == "ticket.arrival_denied"
    ]
    told = render(row, world.services.company).text
    assert told == (
        f"Ticket {ticket.number}: we have checked: the crew has not reached you yet, and we are arranging for "
        "them to come; they should be with you by 10:30. Thank you for waiting, and sorry for the confusion."
    )
    await world.command(f"/ticket {ticket.number}")
    assert words["history"] in world.fake.of("sendMessage")[-1].text

    stale = await press(world, ticket.number, "", data=f"tk:notarrived:{ticket.number}:")
    assert words["stale"] in stale  # pressed again on a card not yet refreshed: nothing changes
    corrections = [
        e for e in await tickets.events(world.store, number=ticket.number) if e.kind == "arrival_denied"
    ]
    assert len(corrections) == 1


async def test_a_cancel_of_an_emergency_asks_first_in_the_staff_language(world: World) -> None:
    words = WORDS[language(world)]
    burst = await world.open_ticket()  # a burst of a Nanguan flat
    await world.deliver_staff()

    await world.command(f"/cancel {burst.number} 居民说水已经停了", chat=CHAOYANG_CHAT)
    assert words["other_branch"].format(number=burst.number) in world.fake.messages(CHAOYANG_CHAT)[-1].text
    await world.command(f"/cancel {burst.number} 居民说水已经停了")
    question = world.fake.messages(NANGUAN_CHAT)[-1]
    assert words["cancel_asked"].format(number=burst.number) in question.text
    assert [label for label, _ in question.buttons] == words["cancel_offer"]

    stored = await tickets.get(world.store, number=burst.number)
    assert stored is not None and stored.status is Status.NEW
    asks = [e for e in await tickets.events(world.store, number=burst.number) if e.kind == "cancel_asked"]
    assert [(e.actor, e.data) for e in asks] == [
        ("staff:501", {"staff": "Duty501", "note": "居民说水已经停了"})
    ]  # one: ours, not theirs


async def refuses_a_crew(world: World, ticket: TicketInfo, refusal: str) -> None:
    """An old card's Dispatch, a crew picked after it and On site are answered with `refusal`; nothing changes."""
    for stale in (
        f"tk:crews:{ticket.number}:",
        f"tk:crew:{ticket.number}:C01",
        f"tk:onsite:{ticket.number}:",
    ):
        assert refusal in await press(world, ticket.number, "", data=stale)
    unchanged = await tickets.get(world.store, number=ticket.number)
    assert unchanged is not None and (unchanged.status, unchanged.crew) == (ticket.status, None)


async def test_a_call_back_card_speaks_the_staff_language_and_sends_no_crew(world: World) -> None:
    words = WORDS[language(world)]
    ticket = await world.open_ticket(kind=TicketKind.CALLBACK, address=None, description="请回电")
    await world.deliver_staff()
    text, buttons = card(world, ticket.number)
    assert buttons == words["callback_buttons"]
    await refuses_a_crew(world, ticket, words["no_crew"])

    world.clock[0] += dt.timedelta(minutes=5)
    assert words["called"] in await press(world, ticket.number, words["callback_buttons"][1])
    text, buttons = card(world, ticket.number)
    assert words["promise"] in text and buttons == words["callback_held"]
    closed = await press(world, ticket.number, words["callback_buttons"][2])  # a toast: plain text
    assert words["closed"].format(number=ticket.number) in closed
    [last] = [c for c in world.fake.of("editMessageText") if f"<code>{ticket.number}</code>" in c.text][-1:]
    assert words["settled"] in last.text and last.buttons == []


async def test_a_complaint_card_speaks_the_staff_language_and_sends_no_crew(world: World) -> None:
    words = WORDS[language(world)]
    ticket = await world.open_ticket(kind=TicketKind.COMPLAINT, address=None, description="师傅态度太差")
    await world.deliver_staff()
    _text, buttons = card(world, ticket.number)
    assert buttons == words["complaint_buttons"]
    await refuses_a_crew(world, ticket, words["complaint_no_crew"])

    world.clock[0] += dt.timedelta(minutes=5)
    assert words["contacted"] in await press(world, ticket.number, words["complaint_buttons"][1])
    text, buttons = card(world, ticket.number)
    assert words["follow_up"] in text and buttons == words["complaint_held"]
    closed = await press(world, ticket.number, words["complaint_buttons"][2])
    assert words["complaint_closed"].format(number=ticket.number) in closed
    [last] = [c for c in world.fake.of("editMessageText") if f"<code>{ticket.number}</code>" in c.text][-1:]
    assert words["settled"] in last.text and last.buttons == []
    [row] = [
        n
        for n in await outbox.claim(world.store, limit=100, now=world.clock[0] + dt.timedelta(days=1))
        if n.audience is Audience.RESIDENT and n.event == "status.resolved"
    ]
    told = render(row, world.services.company)
    assert f"您的投诉（编号 {ticket.number}）已办结" in told.text and not told.options  # nothing to rate


@pytest.mark.parametrize(
    ("lang", "asked"),
    [
        (ZH, "请核实：到了请点“已到场”，没到请点“未到场”"),
        (EN, "press On site if they are there, Not arrived if not"),
    ],
)
def test_a_word_after_the_promise_ran_out_asks_the_same_check_in_both_languages(
    lang: str, asked: str
) -> None:
    now = dt.datetime(2026, 11, 28, 2, 40, tzinfo=dt.UTC)
    ticket = TicketInfo(
        id=1,
        number="1234567",
        kind=TicketKind.NO_HEAT,
        priority=Priority.NORMAL,
        status=Status.DISPATCHED,
        branch="nanguan",
        address_raw="东岭小区3栋2单元501",
        building="3",
        unit="2",
        room="501",
        description="暖气不热",
        temperature_c=15.0,
        contact_id=1,
        channel=Channel.TELEGRAM,
        crew="C01",
        assignee=None,
        escalated=False,
        breached=True,
        rating=None,
        created_at=now - dt.timedelta(minutes=40),
        due_at=now - dt.timedelta(minutes=10),
        updated_at=now,
        arrival_reported_at=now - dt.timedelta(minutes=5),
    )
    text = card_text(CardView(ticket=ticket, phone=None, now=now), COMPANY, lang)
    assert asked in text
