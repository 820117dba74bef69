"""The rating question answered with more than a score ("1分 师傅要了两条烟", "5分 暖气费多少钱一平", "5 stars. btw the
bathroom radiator is cold too"), in the words residents use ("５分", "满分", "不错", "5/5", "still a bit chilly", "10分"),
and about a leak ("漏水修好了吗？… 还在漏"): the score is kept and the rest is handled as the resident means it."""

from __future__ import annotations

import datetime as dt

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat, only_ticket
from test_bot_typed_ratings import REPORT, fixed, numbered, reopened_text, thanked, told

from bot.dialogue import Dialogue
from bot.notifications import render
from bot.replies import render_plain
from bot.services import ChatServices
from storage import outbox, tickets
from storage.values import Status, TicketInfo, TicketKind

THANKS = {
    "zh-CN": "谢谢您的评价（{n}分）！",
    "zh-TW": "謝謝您的評價（{n}分）！",
    "en": "Thank you for your rating ({n})!",
}
NOTED = {
    "zh-CN": "您说的情况已记在工单 {number} 上，并转告了负责的工作人员。",
    "en": "What you said is noted on ticket {number} and passed on to the staff in charge.",
}


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


async def rating_event(chat: Chat, number: str) -> dict[str, object]:
    [event] = [
        e for e in await tickets.events(chat.dialogue.services.store, number=number) if e.kind == "rating"
    ]
    return event.data


async def reports_on(chat: Chat, number: str) -> list[str]:
    found = await tickets.events(chat.dialogue.services.store, number=number)
    return [str(e.data["description"]) for e in found if e.kind == "report"]


async def mine(chat: Chat) -> list[TicketInfo]:
    store = chat.dialogue.services.store
    return await tickets.of_contact(store, contact_id=await chat.contact_id(), open_only=False)


@pytest.mark.parametrize(
    ("lang", "said", "rating"),
    [
        ("zh-CN", "3分 来得太慢了", 3),
        ("zh-CN", "师傅态度很好，5分", 5),  # praise, though its words sound like a complaint about manner
        ("zh-CN", "5分，师傅很专业", 5),
        ("en", "3 - took too long", 3),
    ],
)
async def test_words_said_with_a_score_go_onto_the_repair_for_its_staff(
    services: ChatServices, clock: Clock, lang: str, said: str, rating: int
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    ticket = await fixed(chat, clock, lang)
    answer = await chat.say(said)
    assert answer == f"{THANKS[lang].format(n=rating)}\n{NOTED[lang].format(number=ticket.number)}"
    rated = await only_ticket(chat)  # no complaint opened, nothing reopened
    assert (rated.rating, rated.status) == (rating, Status.RESOLVED)
    assert await rating_event(chat, ticket.number) == {"rating": rating, "words": said}
    assert ("staff", "ticket.rated") in await told(chat, clock)


@pytest.mark.parametrize(
    "said",
    [
        "1分 师傅要了两条烟",
        "2分 师傅进门没穿鞋套",
        "5分 我想投诉一下客服态度",
        "2分 师傅来了就走",
        "1分 修得不好",
    ],
)
async def test_a_complaint_said_with_a_score_rates_the_repair_and_takes_the_complaint(
    chat: Chat, clock: Clock, said: str
) -> None:
    ticket = await fixed(chat, clock)
    score = int(said[0])
    answer = await chat.say(said)
    assert answer.startswith(THANKS["zh-CN"].format(n=score)) and "很抱歉给您带来了不好的体验" in answer
    assert (await numbered(chat, ticket.number)).rating == score
    assert await rating_event(chat, ticket.number) == {"rating": score, "words": said}
    opened = await chat.press("就按刚才说的提交")
    [complaint] = [t for t in await mine(chat) if t.kind is TicketKind.COMPLAINT]
    assert complaint.number in opened and said.split(" ", 1)[1] in (complaint.description or "")
    assert {("staff", "ticket.rated"), ("staff", "ticket.escalated")} <= set(await told(chat, clock))


@pytest.mark.parametrize(
    ("said", "seen", "staff"),
    [
        ("5分 暖气费多少钱一平", "供热费", None),  # a question: its answer
        ("满意，顺便问一下暖气费怎么交", "供热费", None),
        ("5分 能不能帮我转人工", "正在为您转接人工客服", "handoff.requested"),  # a person: handed off
        ("4分，还有我妈家也不热 桂林小区2栋1单元301", "多少度", None),  # another flat: its report
    ],
)
async def test_something_asked_with_a_score_is_handled_as_usual_after_the_rating(
    chat: Chat, clock: Clock, said: str, seen: str, staff: str | None
) -> None:
    ticket = await fixed(chat, clock)
    score = 4 if said.startswith(("满意", "4")) else 5
    answer = await chat.say(said)
    assert (
        answer.startswith(THANKS["zh-CN"].format(n=score)) and seen in answer and "已记在工单" not in answer
    )
    rated = await numbered(chat, ticket.number)
    assert (rated.rating, rated.status) == (score, Status.RESOLVED)
    # a handoff's request is queued on the wall clock: everything queued is looked at
    queued = await outbox.claim(
        chat.dialogue.services.store, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    )
    notices = [(n.audience.value, n.event) for n in queued]
    # the score for the repair's staff, without the words: they were not about it
    [for_staff] = [n.payload for n in queued if n.event == "ticket.rated"]
    assert for_staff["rating"] == score and "description" not in for_staff
    assert staff is None or ("staff", staff) in notices


async def test_a_person_asked_for_with_a_score_takes_the_report_being_made_along(
    chat: Chat, clock: Clock
) -> None:
    await chat.say(REPORT["zh-CN"])
    await chat.press(chat.buttons()[0])
    repair = await only_ticket(chat)
    assert "多少度" in await chat.say("我妈家暖气也不热 青年路小区2栋1单元101")  # another report, being made
    clock.advance(minutes=5)
    store = chat.dialogue.services.store
    await tickets.transition(store, number=repair.number, to=Status.RESOLVED, actor="staff", now=clock())
    clock.advance(minutes=1)  # the rating question reaches the resident meanwhile
    answer = await chat.say("5分 转人工")
    assert THANKS["zh-CN"].format(n=5) in answer and "正在为您转接人工客服" in answer
    [mothers] = [
        t for t in await mine(chat) if t.number != repair.number
    ]  # filed with the request, not dropped
    assert (mothers.kind, mothers.address_raw, mothers.branch) == (
        TicketKind.NO_HEAT,
        "青年路小区2栋1单元101",
        "lvyuan",
    )
    assert mothers.number in answer and (await numbered(chat, repair.number)).rating == 5


async def test_a_person_asked_for_with_a_score_takes_the_complaint_being_made_along(
    chat: Chat, clock: Clock
) -> None:
    repair = await fixed(chat, clock)
    await chat.say("我要投诉 上周来的师傅态度很差")  # its question: what happened
    clock.advance(minutes=1)
    store = chat.dialogue.services.store
    await tickets.transition(store, number=repair.number, to=Status.REOPENED, actor="staff", now=clock())
    await tickets.transition(store, number=repair.number, to=Status.RESOLVED, actor="staff", now=clock())
    clock.advance(minutes=1)  # asked to rate again meanwhile
    answer = await chat.say("4分 我要找人工")
    assert THANKS["zh-CN"].format(n=4) in answer and "正在为您转接人工客服" in answer
    notices = await outbox.claim(store, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    [request] = [n.payload for n in notices if n.event == "handoff.requested"]
    assert "上周来的师傅态度很差" in str(request["text"])  # the complaint's words go with the request


@pytest.mark.parametrize(
    ("lang", "said", "score"),
    [
        ("zh-CN", "5分 但是卫生间那组暖气片还是不热", 5),
        ("zh-TW", "5分 不過廁所暖氣片還是冰的", 5),
        ("en", "5 stars. btw the bathroom radiator is cold too", 5),
        ("zh-CN", "还有点凉", None),
        ("zh-CN", "好一点了但还是不太热", None),
        ("en", "still a bit chilly", None),
        ("en", "not fixed at all, 1 star", 1),
    ],
)
async def test_still_cold_said_in_any_language_reopens_the_repair_with_the_words_for_staff(
    services: ChatServices, clock: Clock, lang: str, said: str, score: int | None
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    ticket = await fixed(chat, clock, lang)
    thanks = {
        "zh-CN": "谢谢您的评价（{}分）！\n",
        "zh-TW": "謝謝您的評價（{}分）！\n",
        "en": "Thank you for your rating ({})!\n",
    }
    rated = thanks[lang].format(score) if score else ""  # a score said with it rates the visit that failed
    assert await chat.say(said) == rated + await reopened_text(chat, ticket.number, lang)
    reopened = await only_ticket(chat)  # the same repair, no new report
    assert (reopened.status, reopened.rating) == (Status.REOPENED, score)
    assert await reports_on(chat, ticket.number) == [said]
    assert {("staff", "ticket.reopened"), ("staff", "ticket.report")} <= set(await told(chat, clock))


@pytest.mark.parametrize(
    ("lang", "said", "rating"),
    [
        ("zh-CN", "５", 5),
        ("zh-CN", "５分", 5),
        ("zh-CN", "满分", 5),
        ("zh-CN", "不错", 4),
        ("zh-CN", "还可以", 3),
        ("zh-CN", "⭐⭐⭐⭐", 4),
        ("en", "five", 5),
        ("en", "5/5", 5),
        ("en", "excellent", 5),
    ],
)
async def test_a_score_in_the_words_residents_use_is_recorded(
    services: ChatServices, clock: Clock, lang: str, said: str, rating: int
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    ticket = await fixed(chat, clock, lang)
    assert await chat.say(said) == thanked(THANKS[lang].format(n=rating), ticket.number, lang)
    assert await rating_event(chat, ticket.number) == {"rating": rating}


@pytest.mark.parametrize("said", ["10分", "0分", "给6星"])
async def test_a_score_off_the_scale_is_told_the_scale_and_asked_again(
    chat: Chat, clock: Clock, said: str
) -> None:
    ticket = await fixed(chat, clock)
    answer = await chat.say(said)
    assert answer.startswith("评分是1到5分（5分最满意）") and "供热客服" not in answer
    assert chat.buttons() == ["1", "2", "3", "4", "5", "还是不热"]
    assert (await numbered(chat, ticket.number)).rating is None
    assert await chat.say("5") == thanked(THANKS["zh-CN"].format(n=5), ticket.number)


async def test_a_repaired_leak_is_asked_whether_the_water_stopped_and_still_leaking_reopens_it(
    chat: Chat, clock: Clock
) -> None:
    await chat.say("暖气片漏水了 红旗小区3栋2单元501")
    leak = await only_ticket(chat)
    store = chat.dialogue.services.store
    await tickets.transition(store, number=leak.number, to=Status.RESOLVED, actor="staff", now=clock())
    queued = await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
    [asked] = [render(n) for n in queued if n.event == "status.resolved"]
    for sent in queued:
        await outbox.mark_sent(store, notification_id=sent.id)
    assert "漏水修好了吗" in asked.text and "暖和" not in asked.text
    assert [o.label for o in asked.options][-1] == "还在漏"
    answer = await chat.say("还在漏")
    assert "阀门" in answer and answer.endswith(await reopened_text(chat, leak.number))
    reopened = await only_ticket(chat)  # the same repair reopened, no second emergency
    assert reopened.status is Status.REOPENED and await reports_on(chat, leak.number) == ["还在漏"]
    assert ("staff", "ticket.reopened") in await told(chat, clock)


@pytest.mark.parametrize(("lang", "said"), [("zh-CN", "还是有点漏"), ("zh-TW", "還是有點漏")])
async def test_a_little_still_leaking_after_a_leak_repair_reopens_it(
    services: ChatServices, clock: Clock, lang: str, said: str
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    await chat.say(
        "暖气片漏水了 红旗小区3栋2单元501" if lang == "zh-CN" else "暖氣片漏水了 紅旗小區3棟2單元501"
    )
    leak = await only_ticket(chat)
    await tickets.transition(
        chat.dialogue.services.store, number=leak.number, to=Status.RESOLVED, actor="staff", now=clock()
    )
    await told(chat, clock)
    answer = await chat.say(said)
    assert (
        answer.endswith(await reopened_text(chat, leak.number, lang)) and chat.buttons() == []
    )  # no "您是想"
    reopened = await only_ticket(chat)  # the same repair reopened, no second emergency
    assert reopened.status is Status.REOPENED and await reports_on(chat, leak.number) == [said]


@pytest.mark.parametrize(
    ("said", "reading"),
    [("一点都没变", None), ("热了一会又凉了", None), ("还是15度", 15), ("still 15 degrees", 15)],
)
async def test_still_cold_in_other_words_after_a_heating_repair_reopens_it(
    chat: Chat, clock: Clock, said: str, reading: int | None
) -> None:
    ticket = await fixed(chat, clock)
    written = "en" if said.isascii() else "zh-CN"  # answered in the language it is written in
    assert await chat.say(said) == await reopened_text(chat, ticket.number, written)
    reopened = await only_ticket(chat)
    assert reopened.status is Status.REOPENED and await reports_on(chat, ticket.number) == [said]
    assert reopened.temperature_c == (reading or 13)  # a reading told with it is the room's now


async def test_a_repaired_leak_in_english_and_the_heating_question_of_a_cold_flat(
    services: ChatServices, clock: Clock
) -> None:
    from bot.rating import rating_prompt
    from intents.types import Lang

    leak = render_plain([rating_prompt("1000017", Lang.EN, kind="leak")])
    assert "Has the leak stopped?" in leak and "6. Still leaking" in leak
    burst = render_plain([rating_prompt("1000017", Lang.ZH_HANS, kind="burst")])
    assert "漏水修好了吗" in burst and "6. 还在漏" in burst
    cold = render_plain([rating_prompt("1000017", Lang.ZH_HANS, kind="no_heat")])
    assert "暖和了吗" in cold and "6. 还是不热" in cold
    chat = Chat(Dialogue(services))
    ticket = await fixed(chat, clock)
    answer = await chat.say("还在漏")  # water at a flat whose heating was repaired: an emergency of its own
    assert "阀门" in answer and (await numbered(chat, ticket.number)).status is Status.RESOLVED


async def test_a_reopen_in_the_chat_is_said_once(chat: Chat, clock: Clock) -> None:
    ticket = await fixed(chat, clock)
    assert await chat.say("还是不热") == await reopened_text(chat, ticket.number)
    notices = await told(chat, clock)
    assert ("staff", "ticket.reopened") in notices  # staff are told as before
    assert ("resident", "status.reopened") not in notices  # the resident was told in the reply
    await tickets.transition(
        chat.dialogue.services.store, number=ticket.number, to=Status.RESOLVED, actor="staff"
    )
    await told(chat, clock)
    assert "重新打开" in await chat.say("暖气又不热了")  # cold again told as a report: once, too
    assert ("resident", "status.reopened") not in await told(chat, clock)
