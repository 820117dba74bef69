"""The rating question of a fixed repair answered by typing in the chat ("5分 很满意", "非常满意", "还是不热"): taken as
its buttons take it; anything else typed then (a new report, an emergency, a question) is handled as usual."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat, only_ticket

from bot.dialogue import Dialogue
from bot.notifications import render
from bot.replies import Button
from bot.services import ChatServices
from storage import outbox, tickets
from storage.values import Priority, Status, TicketInfo, TicketKind

REPORT = {
    "zh-CN": "暖气片冰凉的 红旗小区3栋2单元501 室温13度",
    "zh-TW": "暖氣片冰涼的 紅旗小區3棟2單元501 室溫13度",
    "en": "radiators are cold, 13 degrees, Hongqi compound building 3 unit 2 room 501",
}
CONFIRM = {"zh-CN": "确认", "zh-TW": "確認", "en": "Confirm"}
REOPENED = {
    "zh-CN": "已重新打开工单 {number}，维修人员将在30分钟内到场（{due}前）。",
    "zh-TW": "已重新打開工單 {number}，維修人員將在30分鐘內到場（{due}前）。",
    "en": "Ticket {number} is reopened; a crew will be on site within 30 minutes (by {due}).",
}
RECORDED = {
    "zh-CN": "工单 {n} 的评分已记下。",
    "zh-TW": "工單 {n} 的評分已記下。",
    "en": " The rating of ticket {n} is recorded.",
}


def thanked(thanks: str, number: str, lang: str = "zh-CN") -> str:
    """The thanks for a first score, with the ticket it is recorded on."""
    return thanks + RECORDED[lang].format(n=number)


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


async def told(chat: Chat, clock: Clock) -> list[tuple[str, str]]:
    """The notices queued since the last look, as (audience, event)."""
    queued = await outbox.claim(chat.dialogue.services.store, now=clock.now + dt.timedelta(minutes=1))
    for sent in queued:
        await outbox.mark_sent(chat.dialogue.services.store, notification_id=sent.id)
    return [(n.audience.value, n.event) for n in queued]


async def reopened_text(chat: Chat, number: str, lang: str = "zh-CN") -> str:
    """What the resident is told of their repair reopened: its new promise of a crew, by the time the store set."""
    ticket = await numbered(chat, number)
    due = ticket.due_at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M")
    return REOPENED[lang].format(number=number, due=due)


async def numbered(chat: Chat, number: str) -> TicketInfo:
    found = await tickets.get(chat.dialogue.services.store, number=number)
    assert found is not None
    return found


async def fixed(chat: Chat, clock: Clock, lang: str = "zh-CN") -> TicketInfo:
    """A repair reported in the chat and marked fixed by staff; the resident is sent the rating question."""
    await chat.say(REPORT[lang])
    await chat.press(CONFIRM[lang])
    ticket = await only_ticket(chat)
    store = chat.dialogue.services.store
    await tickets.transition(store, number=ticket.number, to=Status.RESOLVED, actor="staff", now=clock())
    queued = await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
    [asked] = [render(n) for n in queued if n.event == "status.resolved"]
    assert ticket.number in asked.text and len(asked.options) == 6  # 1-5 and "still cold", as buttons
    for sent in queued:
        await outbox.mark_sent(store, notification_id=sent.id)
    return ticket


@pytest.mark.parametrize(
    ("lang", "said", "rating", "thanks"),
    [
        ("zh-CN", "5", 5, "谢谢您的评价（5分）！"),
        ("zh-CN", "5分 很满意", 5, "谢谢您的评价（5分）！"),
        ("zh-CN", "五星", 5, "谢谢您的评价（5分）！"),
        ("zh-CN", "非常满意", 5, "谢谢您的评价（5分）！"),
        ("zh-CN", "不满意 1分", 1, "谢谢您的评价（1分）！"),
        ("zh-CN", "还行吧 给3颗星", 3, "谢谢您的评价（3分）！"),
        ("zh-TW", "滿意", 4, "謝謝您的評價（4分）！"),
        ("en", "4 stars", 4, "Thank you for your rating (4)!"),
        ("en", "very satisfied, thank you", 5, "Thank you for your rating (5)!"),
    ],
)
async def test_a_typed_rating_is_recorded_as_the_button_records_it(
    services: ChatServices, clock: Clock, lang: str, said: str, rating: int, thanks: str
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    ticket = await fixed(chat, clock, lang)
    assert await chat.say(said) == thanked(thanks, ticket.number, lang)
    rated = await only_ticket(chat)
    assert rated.rating == rating and rated.status is Status.RESOLVED
    [event] = [e for e in await tickets.events(services.store, number=ticket.number) if e.kind == "rating"]
    assert (event.actor, event.data) == ("resident", {"rating": rating})
    button = Chat(chat.dialogue, chat_id=2002, lang=lang)  # the same score by button, on a repair of its own
    twin = await fixed(button, clock, lang)
    assert await button.send(Button(f"r:{twin.number}:{rating}")) == thanked(thanks, twin.number, lang)


@pytest.mark.parametrize("said", ["还是不热", "没修好", "still cold", "6"])
async def test_still_cold_typed_reopens_the_repair_and_tells_its_staff(
    chat: Chat, clock: Clock, said: str
) -> None:
    ticket = await fixed(chat, clock)
    written = "en" if said.isascii() and not said.isdigit() else "zh-CN"  # answered in the language it is in
    assert await chat.say(said) == await reopened_text(chat, ticket.number, written)
    reopened = await only_ticket(chat)  # the same repair, no second ticket
    assert reopened.status is Status.REOPENED and reopened.rating is None
    assert ("staff", "ticket.reopened") in await told(chat, clock)


@pytest.mark.parametrize(
    ("words", "score"),
    [("1分 屋里还是冷，师傅拧了两下阀门就走了", 1), ("2分 师傅来了就走 根本没修好 还是冷", 2)],
)
async def test_a_low_score_saying_it_is_still_cold_rates_the_visit_and_reopens_with_the_words_for_staff(
    chat: Chat, clock: Clock, words: str, score: int
) -> None:
    ticket = await fixed(chat, clock)
    answer = await chat.say(words)
    assert answer == f"谢谢您的评价（{score}分）！\n" + await reopened_text(chat, ticket.number)
    reopened = await only_ticket(chat)
    assert reopened.status is Status.REOPENED and reopened.rating == score  # the visit that failed, rated
    events = await tickets.events(chat.dialogue.services.store, number=ticket.number)
    [report] = [e for e in events if e.kind == "report"]
    assert report.data["description"] == words
    [rating] = [e for e in events if e.kind == "rating"]
    assert rating.data == {"rating": score}
    staff = await told(chat, clock)
    assert {("staff", "ticket.rated"), ("staff", "ticket.reopened"), ("staff", "ticket.report")} <= set(staff)


async def test_an_emergency_typed_at_the_rating_question_is_an_emergency(chat: Chat, clock: Clock) -> None:
    ticket = await fixed(chat, clock)
    for said in ("暖气片漏水了", "5分 可是暖气片下面又在滴水"):
        answer = await chat.say(said)
        assert "阀门" in answer and "谢谢您的评价" not in answer, said
    found = await tickets.of_contact(
        chat.dialogue.services.store, contact_id=await chat.contact_id(), open_only=False
    )
    [leak] = [t for t in found if t.kind is TicketKind.LEAK]
    assert leak.priority is Priority.EMERGENCY and (await numbered(chat, ticket.number)).rating is None
    await chat.say("红旗小区3栋2单元501")  # the leak's address
    assert await chat.say("5分") == thanked("谢谢您的评价（5分）！", ticket.number)  # still there to rate
    assert (await numbered(chat, ticket.number)).rating == 5


@pytest.mark.parametrize(
    ("said", "seen"),
    [
        ("我妈家也不热 青年路小区2栋1单元101", "多少度"),  # a new report of another flat: its questions
        ("供暖期室温标准是多少度", "18"),  # a question: its answer
        ("what is the lowest room temperature you guarantee?", "18"),
        ("谢谢", "不客气"),
    ],
)
async def test_anything_else_typed_at_the_rating_question_is_handled_as_usual(
    chat: Chat, clock: Clock, said: str, seen: str
) -> None:
    ticket = await fixed(chat, clock)
    answer = await chat.say(said)
    assert seen in answer and "谢谢您的评价" not in answer and "重新打开" not in answer
    rated = await numbered(chat, ticket.number)
    assert rated.rating is None and rated.status is Status.RESOLVED
    thanks = await chat.say("4分")  # the rating question is still answerable, in the language last written
    assert thanks.startswith(("谢谢您的评价（4分）！", "Thank you for your rating (4)!"))
    assert (await numbered(chat, ticket.number)).rating == 4


async def test_a_rating_before_the_fix_or_after_a_reopen_is_answered_as_the_button(
    chat: Chat, clock: Clock
) -> None:
    await chat.say(REPORT["zh-CN"])
    await chat.press("确认")
    number = (await only_ticket(chat)).number
    early = await chat.say(f"工单{number} 5分")
    assert early == f"工单 {number} 修好之后才能评价。" == await chat.send(Button(f"r:{number}:5"))
    await tickets.transition(chat.dialogue.services.store, number=number, to=Status.RESOLVED, actor="staff")
    await chat.say("还是不热")
    assert await chat.say("4分") == f"工单 {number} 修好之后才能评价。"  # reopened: nothing to rate yet
    assert (await only_ticket(chat)).rating is None


async def test_a_second_typed_rating_replaces_the_first_as_a_second_press_does(
    chat: Chat, clock: Clock
) -> None:
    ticket = await fixed(chat, clock)
    await chat.send(Button(f"r:{ticket.number}:2"))
    changed = (
        f"已把工单 {ticket.number} 的评分从2分改为5分，以最新的为准。谢谢！"  # said so: only the last counts
    )
    assert await chat.say("5分 很满意") == changed
    assert (await only_ticket(chat)).rating == 5


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
async def test_pressing_a_score_again_is_told_it_is_rated_and_another_score_that_it_changed(
    services: ChatServices, clock: Clock, lang: str
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    ticket = await fixed(chat, clock, lang)
    n = ticket.number
    said = {
        "zh-CN": [thanked("谢谢您的评价（5分）！", n), f"您已经为工单 {n} 评过5分了，谢谢！",
                  f"已把工单 {n} 的评分从5分改为1分，以最新的为准。谢谢！"],
        "en": [thanked("Thank you for your rating (5)!", n, "en"), f"You have already rated ticket {n} 5 of 5. Thank you!",
               f"Your rating of ticket {n} is changed from 5 to 1; the latest counts. Thank you!"],
    }[lang]  # fmt: skip
    for score, answer in zip(("5", "5", "1"), said, strict=True):
        assert await chat.send(Button(f"r:{n}:{score}")) == answer
    events = await tickets.events(services.store, number=n)
    assert [e.data["rating"] for e in events if e.kind == "rating"] == [5, 1]  # the same score twice: once
    assert (await only_ticket(chat)).rating == 1


async def test_a_digit_answers_whichever_question_was_asked_last(chat: Chat, clock: Clock) -> None:
    assert "人工客服" in await chat.say("你好")  # the menu's four options, shown before the repair was fixed
    ticket = await fixed(chat, clock)
    assert await chat.say("1") == thanked(
        "谢谢您的评价（1分）！", ticket.number
    )  # the newer question: not "report"
    assert "人工客服" in await chat.say("你好")
    assert "谢谢您的评价" not in await chat.say("1")  # the menu is the newer: "1" is its first option
    assert (await numbered(chat, ticket.number)).rating == 1


async def test_a_rating_typed_in_the_middle_of_a_report_is_taken_and_the_question_comes_back(
    chat: Chat, clock: Clock
) -> None:
    ticket = await fixed(chat, clock)
    assert "多少度" in await chat.say("我妈家也不热 青年路小区2栋1单元101")
    answer = await chat.say("5分")
    assert "谢谢您的评价（5分）" in answer and "多少度" in answer  # the report's question again
    assert (await numbered(chat, ticket.number)).rating == 5
    assert "青年路小区2栋1单元101" in await chat.say("14")  # the report goes on: its card


GLAD = {
    "zh-CN": "太好了，很高兴问题解决了！您的话已记在工单 {number} 上并转告了工作人员。方便的话请为这次维修打分（1-5分）。",
    "zh-TW": "太好了，很高興問題解決了！您的話已記在工單 {number} 上並轉告了工作人員。方便的話請為這次維修打分（1-5分）。",
    "en": "Glad to hear it is sorted! Your words are noted on ticket {number} and passed on to the staff. If you have",
}


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh-CN", "好多了"),
        ("zh-CN", "嗯 暖和了 谢谢师傅"),
        ("zh-TW", "修好了，謝謝"),
        ("zh-TW", "好多了 謝謝"),
        ("en", "yes, much better now, thanks"),
        ("en", "it's much better now, thanks"),
    ],
)
async def test_warm_again_in_words_is_noted_for_staff_and_the_score_asked_once_more(
    chat: Chat, clock: Clock, lang: str, said: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    ticket = await fixed(chat, clock, lang)
    answer = await chat.say(said)
    assert answer.startswith(GLAD[lang].format(number=ticket.number)) and chat.buttons() == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    events = await tickets.events(chat.dialogue.services.store, number=ticket.number)
    assert [(e.actor, e.data["description"]) for e in events if e.kind == "report"] == [("resident", said)]
    notices = await outbox.claim(chat.dialogue.services.store, now=clock.now + dt.timedelta(minutes=1))
    [posted] = [n for n in notices if n.event == "ticket.report"]  # under the repair's card, for its staff
    assert (posted.address, posted.payload["description"]) == ("chaoyang", said)
    assert (await numbered(chat, ticket.number)).rating is None
    await chat.say("5")
    rated = await numbered(chat, ticket.number)
    assert rated.rating == 5 and rated.status is Status.RESOLVED


async def test_warm_again_after_the_score_is_only_welcomed(chat: Chat, clock: Clock) -> None:
    ticket = await fixed(chat, clock)
    await chat.say("4分")
    answer = await chat.say("暖和多了")
    assert answer == f"太好了，很高兴问题解决了！您的话已记在工单 {ticket.number} 上并转告了工作人员。"
    assert chat.buttons() == []
    assert (await numbered(chat, ticket.number)).rating == 4
