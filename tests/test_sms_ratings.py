"""The rating question by text: a score with words ("4分 师傅没穿鞋套"), numbers answering the rating question the worker
texted rather than an older menu, a leak's own question ("漏水修好了吗？… 6. 还在漏"), and one message, not two, for what
the reply already said (a reopen, a new report's number)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from fake_twilio import FakeTwilio, running_fake_twilio
from storage_helpers import reopened_zh
from test_ivr_helpers import Client, Clock, clock_fixture, voice_client  # noqa: F401
from test_sms_chat import RESIDENT, _reported_by_phone, message, text

from heatline.app import RUNTIME
from heatline.runtime import Runtime
from intents.company import Company
from storage import Store, contacts, outbox, tickets
from storage.models import notification_t
from storage.values import Channel, Priority, Status, TicketInfo, TicketKind


@pytest.fixture(name="fake")
async def fake_fixture() -> AsyncIterator[FakeTwilio]:
    async with running_fake_twilio() as twilio:
        yield twilio


@pytest.fixture(name="client")
async def client_fixture(
    store: Store, demo_company: Company, clock: Clock, fake: FakeTwilio
) -> AsyncIterator[Client]:
    async with voice_client(store, demo_company, clock, api_base=fake.base_url) as test_client:
        yield test_client


async def _delivered(client: Client) -> None:
    """The worker sends what is queued (SMS through the fake Twilio)."""
    runtime: Runtime = client.server.app[RUNTIME]
    while await runtime.worker().run_once():
        pass


def _texted(fake: FakeTwilio, since: int = 0) -> list[str]:
    return [m.body for m in fake.sent[since:] if m.to == RESIDENT]


async def _resolved(store: Store, clock: Clock, ticket: TicketInfo) -> None:
    await tickets.transition(store, number=ticket.number, to=Status.RESOLVED, actor="staff", now=clock.now)


async def _staff_events(store: Store, clock: Clock) -> list[str]:
    queued = await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
    for sent in queued:
        await outbox.mark_sent(store, notification_id=sent.id)
    return [n.event for n in queued if n.audience.value == "staff"]


async def test_a_texted_score_with_words_rates_and_handles_the_words(
    client: Client, store: Store, clock: Clock
) -> None:
    ticket = await _reported_by_phone(client, store, "暖气不热 湖西花园2号楼3单元404")
    await _resolved(store, clock, ticket)
    await _staff_events(store, clock)
    _, body = await text(client, "3分 来得太慢了")
    assert (
        message(body)
        == f"谢谢您的评价（3分）！\n您说的情况已记在工单 {ticket.number} 上，并转告了负责的工作人员。"
    )
    assert await _staff_events(store, clock) == ["ticket.rated"]
    _, body = await text(
        client, "4分 师傅没穿鞋套"
    )  # misconduct: the complaint is taken, by numbered options
    reply = message(body)
    changed = f"已把工单 {ticket.number} 的评分从3分改为4分，以最新的为准。谢谢！"  # only the last counts
    assert reply.startswith(changed) and "很抱歉给您带来了不好的体验" in reply
    assert "1. 就按刚才说的提交" in reply
    _, body = await text(client, "1")
    complaint = next(
        t for t in await tickets.of_phone(store, phone=RESIDENT) if t.kind is TicketKind.COMPLAINT
    )
    assert complaint.number in message(body) and "师傅没穿鞋套" in (complaint.description or "")
    _, body = await text(client, "５分")
    rated = await tickets.get(store, number=ticket.number)
    assert rated is not None and rated.rating == 5 and "评分从4分改为5分" in message(body)


async def test_a_number_after_the_texted_rating_question_answers_it_not_an_older_menu(
    client: Client, store: Store, clock: Clock, fake: FakeTwilio
) -> None:
    ticket = await _reported_by_phone(client, store, "暖气不热 湖西花园2号楼3单元404")
    _, menu = await text(client, "你好")  # the chat's own numbered menu, before the repair was fixed
    assert "2. 我的报修" in message(menu)
    await _delivered(client)
    seen = len(fake.sent)
    await _resolved(store, clock, ticket)
    await _delivered(client)
    [asked] = _texted(fake, seen)
    assert "请为这次维修打分" in asked and "6. 还是不热" in asked
    _, body = await text(client, "2")
    assert message(body) == f"谢谢您的评价（2分）！工单 {ticket.number} 的评分已记下。"
    rated = await tickets.get(store, number=ticket.number)
    assert rated is not None and rated.rating == 2
    _, body = await text(client, "6")  # the question's last option, still its own
    reopened = await tickets.get(store, number=ticket.number)
    assert reopened is not None and reopened.status is Status.REOPENED
    assert message(body) == reopened_zh(reopened)
    seen = len(fake.sent)
    await _delivered(client)
    assert _texted(fake, seen) == []  # the reply said it: no second text of the reopen


async def test_a_score_beyond_the_chats_newer_menu_is_still_the_rating(
    client: Client, store: Store, clock: Clock
) -> None:
    ticket = await _reported_by_phone(client, store, "暖气不热 湖西花园2号楼3单元404")
    await _resolved(store, clock, ticket)
    _, menu = await text(client, "我的报修")  # answered after the rating question, with a menu of four
    assert "4. 人工客服" in message(menu) and "5. " not in message(menu)
    _, body = await text(client, "5")  # no option of the menu: the score
    assert message(body) == f"谢谢您的评价（5分）！工单 {ticket.number} 的评分已记下。"
    rated = await tickets.get(store, number=ticket.number)
    assert rated is not None and rated.rating == 5


async def test_a_repaired_leak_is_texted_its_own_question_and_6_reopens_it(
    client: Client, store: Store, clock: Clock, fake: FakeTwilio
) -> None:
    caller = await contacts.get_or_create(store, channel=Channel.VOICE, phone=RESIDENT)
    ticket, _ = await tickets.open_ticket(  # a leak reported by calling
        store,
        kind=TicketKind.LEAK,
        priority=Priority.EMERGENCY,
        contact_id=caller.id,
        branch="kuancheng",
        address=None,
        description="卫生间暖气片漏水了",
        now=clock.now,
    )
    await _delivered(client)
    seen = len(fake.sent)
    await _resolved(store, clock, ticket)
    await _delivered(client)
    [asked] = _texted(fake, seen)
    assert "漏水修好了吗" in asked and "6. 还在漏" in asked and "暖和" not in asked
    _, body = await text(client, "6")
    reopened = await tickets.get(store, number=ticket.number)
    assert reopened is not None and reopened.status is Status.REOPENED
    assert "阀门" in message(body) and f"已重新打开工单 {ticket.number}" in message(body)
    assert [t.number for t in await tickets.of_phone(store, phone=RESIDENT, open_only=False)] == [
        ticket.number
    ]


async def _queued(store: Store) -> list[tuple[str, str, str]]:
    """Every notice queued so far, sent or not, as (audience, channel, event)."""
    async with store.read() as conn:
        rows = await conn.execute(sa.select(notification_t).order_by(notification_t.c.id))
        return [(r.audience, r.channel, r.event) for r in rows]


async def test_a_texter_gets_the_new_reports_number_once(
    client: Client, store: Store, clock: Clock, fake: FakeTwilio
) -> None:
    _, body = await text(client, "暖气管爆了，水到处流")
    [burst] = await tickets.of_phone(store, phone=RESIDENT)
    assert burst.number in message(body)
    await text(client, "湖西花园2号楼3单元404")
    for words in ("我妈家暖气不热 青年路小区2栋1单元101 14度", "1"):
        _, body = await text(client, words)
    mothers = next(t for t in await tickets.of_phone(store, phone=RESIDENT) if t.kind is TicketKind.NO_HEAT)
    assert mothers.number in message(body)
    await _delivered(client)
    assert not any("登记" in sms for sms in _texted(fake))  # no second text of either number
    queued = await _queued(store)
    assert ("resident", "sms", "ticket.opened") not in queued
    assert {("staff", "telegram", "ticket.escalated"), ("staff", "telegram", "ticket.new")} <= set(queued)


async def test_a_reopen_by_text_is_said_once_and_still_reaches_a_chat_that_did_not_see_it(
    client: Client, store: Store, clock: Clock
) -> None:
    called = await _reported_by_phone(client, store, "暖气不热 湖西花园2号楼3单元404")
    await _resolved(store, clock, called)
    _, body = await text(client, "还是不热")  # the repair they reported by calling: its notices come by text
    reopened = await tickets.get(store, number=called.number)
    assert reopened is not None and message(body) == reopened_zh(reopened)
    assert ("resident", "sms", "status.reopened") not in await _queued(store)
    assert ("staff", "telegram", "ticket.reopened") in await _queued(store)
    chat = await contacts.get_or_create(store, channel=Channel.TELEGRAM, telegram_chat_id=4242)
    await contacts.update(store, contact_id=chat.id, phone=RESIDENT)  # a Telegram user who linked this phone
    ticket, _ = await tickets.open_ticket(
        store,
        kind=TicketKind.NO_HEAT,
        priority=Priority.NORMAL,
        contact_id=chat.id,
        branch="chaoyang",
        address=None,
        description="暖气不热",
        now=clock.now,
    )
    await _resolved(store, clock, ticket)
    _, body = await text(client, f"工单{ticket.number}还是不热")
    assert f"已重新打开工单 {ticket.number}" in message(body)
    told = [(channel, event) for audience, channel, event in await _queued(store) if audience == "resident"]
    assert told.count(("telegram", "status.reopened")) == 1  # the chat that did not see the reply is told
    assert ("sms", "status.reopened") not in told
