"""The complaint's question in the chat: withdrawn, or interrupted by a question, nothing is filed by mistake."""

from __future__ import annotations

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat, only_ticket
from test_bot_typed_answers import chat_fixture, owned  # noqa: F401

from bot.dialogue import Dialogue
from bot.services import ChatServices
from storage import outbox
from storage.values import Audience, TicketKind


@pytest.mark.parametrize(("lang", "said"), [("zh-CN", "算了 不投诉了"), ("en", "oh never mind")])
async def test_a_complaint_withdrawn_at_its_question_files_nothing(
    services: ChatServices, lang: str, said: str
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    await chat.say("我要投诉" if lang == "zh-CN" else "I have a complaint")
    assert "已取消" in await chat.say(said) or "cancelled" in chat.last[0].text
    assert await owned(chat) == []


async def test_a_question_at_the_complaint_step_is_answered_and_the_complaint_asked_again(chat: Chat) -> None:
    await chat.say("我要投诉")
    answer = await chat.say("投诉电话是多少啊")
    assert "+8643189990000" in answer and "发生了什么" in chat.last[-1].text
    assert await owned(chat) == []
    opened = await chat.say("上周修暖气的师傅没穿鞋套 还顶嘴")
    complaint = await only_ticket(chat)
    assert complaint.kind is TicketKind.COMPLAINT and complaint.number in opened
    assert "投诉电话" not in complaint.description and "没穿鞋套" in complaint.description


@pytest.mark.parametrize(
    ("lang", "first", "then", "told"),
    [
        ("zh-CN", "我要投诉", "我要找人工", "转接人工客服"),
        ("en", "I want to make a complaint", "can I speak to a real person please", "putting you through"),
    ],
)
async def test_a_person_asked_for_at_the_complaint_question_takes_it_over_with_the_complaints_words(
    services: ChatServices, lang: str, first: str, then: str, told: str
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    await chat.say(first)
    assert told in await chat.say(then)
    assert await owned(chat) == []  # no complaint filed with "I want a person" as its words
    staff = [n for n in await outbox.claim(services.store) if n.audience is Audience.STAFF]
    assert [(n.event, n.payload["text"]) for n in staff] == [("handoff.requested", f"{first}\n{then}")]
    await chat.say("上周来的师傅没穿鞋套" if lang == "zh-CN" else "the technician did not wear shoe covers")
    assert await owned(chat) == []  # staff have the conversation now


@pytest.mark.parametrize(
    ("lang", "first", "then", "place", "branch"),
    [
        (
            "zh-CN",
            "我要投诉！上次来的师傅态度极差，还跟我要烟",
            "昨天下午，红旗小区3栋2单元501，一个姓王的师傅",
            "红旗小区3栋2单元501",
            "朝阳供热分公司",
        ),
        (
            "en",
            "I want to make a complaint. Your technician was rude and left a mess",
            "yesterday afternoon at Hongqi building 3 unit 2 room 501",
            "Hongqi building 3 unit 2 room 501",
            "Chaoyang Branch",
        ),
    ],
)
async def test_the_address_in_a_complaints_words_goes_onto_it_and_its_branch_follows_up(
    services: ChatServices, lang: str, first: str, then: str, place: str, branch: str
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    await chat.say(first)
    answer = await chat.say(then)
    complaint = await only_ticket(chat)
    assert complaint.kind is TicketKind.COMPLAINT and complaint.branch == "chaoyang"
    assert (complaint.address_raw, complaint.building, complaint.unit, complaint.room) == (
        place,
        "3",
        "2",
        "501",
    )
    assert branch in answer and "南关" not in answer and "Nanguan" not in answer
    staff = [n for n in await outbox.claim(services.store) if n.audience is Audience.STAFF]
    assert {n.address for n in staff} == {"chaoyang"}  # its card in that branch's chat
