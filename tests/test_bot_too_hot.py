"""A flat too hot, reported in the chat: a no-heat ticket named as too hot on the card, in the store, in the
resident's repair list and on the staff card; the resident is never asked or told anything as if they were cold."""

from __future__ import annotations

import pytest
from fake_telegram import OFF_SEASON, Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat, only_ticket

from bot.dialogue import Dialogue
from bot.notifications import render
from bot.replies import Button
from bot.services import ChatServices
from bot.staff.cards import CardView, card_text
from storage import outbox, tickets
from storage.values import Audience, Status, TicketKind


@pytest.fixture
def chat(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


async def test_a_flat_too_hot_is_confirmed_and_filed_as_too_hot(chat: Chat, clock: Clock) -> None:
    assert "地址" in await chat.say("暖气烧得太热了 屋里27度 晚上热得睡不着")
    card = await chat.say("红旗小区3栋2单元501")
    assert "问题：暖气过热" in card and "暖气不热" not in card and "27℃" in card
    await chat.press("确认")
    ticket = await only_ticket(chat)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.too_hot and ticket.temperature_c == 27
    assert ticket.description == "暖气烧得太热了 屋里27度 晚上热得睡不着"
    mine = await chat.say("我的报修")
    assert f"工单 {ticket.number}｜暖气过热" in mine and "暖气不热" not in mine
    staff = card_text(
        CardView(ticket=ticket, phone=None, now=clock.now), chat.dialogue.services.company, "zh-Hans"
    )
    assert "暖气过热" in staff and "暖气不热" not in staff
    english = card_text(
        CardView(ticket=ticket, phone=None, now=clock.now), chat.dialogue.services.company, "en"
    )
    assert "Too hot" in english and "No heat" not in english


async def test_a_flat_too_hot_is_asked_its_reading_with_a_warm_example_in_english(
    services: ChatServices,
) -> None:
    chat = Chat(Dialogue(services), chat_id=1201, lang="en")
    await chat.say("the radiators are far too hot, please turn the heating down")
    question = await chat.say("Hongqi compound building 3 unit 2 room 501")
    assert "how warm" in question and '"27"' in question and '"15"' not in question
    card = await chat.say("maybe around twenty six")
    assert "Problem: heating too hot" in card and "26 °C" in card and "no heat" not in card
    await chat.press("Confirm")
    ticket = await only_ticket(chat)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.too_hot and ticket.temperature_c == 26


async def test_a_cold_flat_is_still_no_heat(chat: Chat) -> None:
    await chat.say("暖气片烫手可是屋里才16度")
    card = await chat.say("红旗小区3栋2单元501")
    assert "问题：暖气不热" in card and "暖气过热" not in card
    await chat.press("确认")
    assert not (await only_ticket(chat)).too_hot


async def test_out_of_season_a_flat_too_hot_is_not_told_cold_radiators_are_normal(
    services: ChatServices,
) -> None:
    services.clock.now = OFF_SEASON  # type: ignore[attr-defined]
    chat = Chat(Dialogue(services), chat_id=1202)
    answer = await chat.say("家里暖气太热了，能不能调小一点")
    assert "暖气不热属于正常情况" not in answer and "地址" in answer
    await chat.say("红旗小区3栋2单元501")
    await chat.press("跳")
    await chat.press("确认")
    assert (await only_ticket(chat)).too_hot


async def test_unsure_a_home_too_hot_is_offered_as_too_hot(chat: Chat) -> None:
    await chat.say("热得只能开窗户")
    assert "暖气过热" in chat.buttons() and "暖气不热" not in chat.buttons()
    assert "地址" in await chat.press("暖气过热")
    await chat.say("红旗小区3栋2单元501")
    await chat.press("跳")
    card_words = await chat.press("确认")
    ticket = await only_ticket(chat)
    assert ticket.number in card_words and ticket.too_hot and ticket.kind is TicketKind.NO_HEAT


async def test_too_hot_soon_after_a_cold_repair_is_its_own_report_not_the_cold_one_reopened(
    chat: Chat, clock: Clock
) -> None:
    store = chat.dialogue.services.store
    await chat.say("暖气不热 红旗小区3栋2单元501 屋里15度")
    await chat.press("确认")
    cold = await only_ticket(chat)
    await tickets.transition(store, number=cold.number, to=Status.RESOLVED, actor="staff", now=clock.now)
    clock.advance(hours=5)
    answer = await chat.say("现在暖气又太热了 红旗小区3栋2单元501 屋里28度")
    assert "重新打开" not in answer and "暖气过热" in answer
    assert (await tickets.get(store, number=cold.number)).status is Status.RESOLVED  # type: ignore[union-attr]


async def test_a_flat_too_hot_is_asked_after_its_repair_whether_the_temperature_is_right(
    chat: Chat, clock: Clock
) -> None:
    store = chat.dialogue.services.store
    await chat.say("家里暖气太热了 红旗小区3栋2单元501 屋里28度")
    await chat.press("确认")
    ticket = await only_ticket(chat)
    await tickets.transition(store, number=ticket.number, to=Status.RESOLVED, actor="staff", now=clock.now)
    [resolved] = [
        n
        for n in await outbox.claim(store, now=clock.now)
        if n.audience is Audience.RESIDENT and n.event == "status.resolved"
    ]
    asked = render(resolved, chat.dialogue.services.company)
    labels = [o.label for o in asked.options]
    assert "温度合适了吗" in asked.text and "暖和" not in asked.text
    assert "还是太热" in labels and "还是不热" not in labels
    assert "重新打开" in await chat.send(Button(f"r:{ticket.number}:cold"))  # still too hot: the repair again
    assert (await only_ticket(chat)).status is Status.REOPENED
