"""Resident notifications: rendering in three languages, the rating question, the Telegram sender."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from fake_telegram import TOKEN, FakeTelegram, fake_telegram_fixture  # noqa: F401 (fixtures)

from bot.notifications import render
from bot.rating import rating_prompt
from bot.replies import Option, Reply, render_plain
from bot.telegram_sender import TelegramSender
from intents.company import Company
from intents.types import Lang
from storage.delivery import DeliveryError, RetryAfter, Undeliverable, Unreachable
from storage.values import Audience, Channel, DeliveryStatus, NotificationInfo

NOW = dt.datetime(2026, 1, 10, 3, 0, tzinfo=dt.UTC)
PAYLOAD = {
    "number": "1000017",
    "kind": "no_heat",
    "status": "dispatched",
    "branch": "chaoyang",
    "crew": "C03",
    "crew_name": "朝阳抢修一队",
    "crew_name_en": "Chaoyang repair team 1",
    "due_at": (NOW + dt.timedelta(minutes=30)).isoformat(),
}


def note(event: str, language: str = "zh-Hans", address: str = "1001", **payload: object) -> NotificationInfo:
    return NotificationInfo(
        id=1,
        ticket_number="1000017",
        audience=Audience.RESIDENT,
        channel=Channel.TELEGRAM,
        address=address,
        language=language,
        event=event,
        payload={**PAYLOAD, **payload},
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=NOW,
        last_error=None,
        idempotency_key="k",
        created_at=NOW,
    )


@pytest.mark.parametrize(
    ("event", "language", "expected"),
    [
        ("ticket.opened", "zh-Hans", "30分钟"),
        ("status.acknowledged", "en", "taken your report"),
        ("status.dispatched", "zh-Hans", "朝阳抢修一队已出发，将在11:30前到场"),
        ("status.dispatched", "en", "Chaoyang repair team 1 is on the way and will be there by 11:30"),
        ("status.dispatched", "zh-Hant", "朝陽搶修一隊已出發"),
        ("status.on_site", "zh-Hant", "證件"),
        ("status.closed", "en", "closed"),
        ("status.cancelled", "zh-Hans", "已按您的要求取消"),
        (
            "status.reopened",
            "en",
            "Ticket 1000017 is reopened; a crew will be on site within 30 minutes (by 11:30)",
        ),
        ("status.reopened", "zh-Hans", "工单 1000017 已重新打开，维修人员将在30分钟内到场（11:30前）"),
        ("ticket.handed_off", "zh-Hans", "朝阳供热分公司"),
        ("ticket.handed_off", "en", "Chaoyang Branch"),
        ("ticket.breached", "en", "promised 30 minutes"),
        ("staff.reply", "zh-Hans", "人工客服：师傅马上到"),
        ("incident.known", "zh-Hans", "您所在的红旗小区3栋的供热故障我们已经掌握"),
        ("incident.known", "en", "your building (红旗小区3栋)"),
        ("incident.update", "zh-Hant", "預計23點恢復"),
    ],
)
def test_each_resident_event_is_worded_in_the_contacts_language(
    demo_company: Company, event: str, language: str, expected: str
) -> None:
    extra = {"label": "红旗小区3栋", "text": "预计23点恢复供热" if event != "staff.reply" else "师傅马上到"}
    reply = render(note(event, language, **extra), demo_company)
    assert expected in reply.text
    assert "1000017" in reply.text or event == "staff.reply"


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "抢修队已到现场，预计18点前恢复供热",
            "Ticket 1000017: update from the heating company about the heating fault affecting your building (written in "
            "Chinese): 抢修队已到现场，预计18点前恢复供热",
        ),
        (
            "en",
            "Crews on site, heat back by 18:00",
            "Ticket 1000017 (heating fault in your building), latest: Crews on",
        ),
        ("zh-Hans", "抢修队已到现场", "工单 1000017（楼栋供热故障）最新情况：抢修队已到现场"),
        (
            "zh-Hans",
            "Crews on site, heat back by 18:00",
            "工单 1000017：供热公司关于您所在楼栋供热故障的最新通知（原文为英文）：Crews on site",
        ),
        (
            "zh-Hant",
            "Crews on site, heat back by 18:00",
            "工單 1000017：供熱公司關於您所在樓棟供熱故障的最新通知（原文為英文）：Crews on site",
        ),
        ("zh-Hans", "预计18:00 OK", "工单 1000017（楼栋供热故障）最新情况：预计18:00 OK"),
    ],
)
def test_a_buildings_update_says_what_it_is_to_a_resident_of_another_language(
    demo_company: Company, language: str, text: str, expected: str
) -> None:
    reply = render(note("incident.update", language, label="红旗小区3栋", text=text), demo_company)
    assert reply.text.startswith(expected)


@pytest.mark.parametrize(
    ("event", "language", "channel", "text", "expected"),
    [
        (
            "staff.reply",
            "en",
            Channel.TELEGRAM,
            "师傅半小时内到，请家里留人",
            "Reply from the heating company's staff (written in Chinese): 师傅半小时内到，请家里留人",
        ),
        ("staff.reply", "en", Channel.SMS, "师傅半小时内到", "Staff reply (in Chinese): 师傅半小时内到"),
        (
            "incident.update",
            "en",
            Channel.SMS,
            "预计23点恢复",
            "Ticket 1000017: heating fault update (in Chinese): 预计23点恢复",
        ),
        (
            "handoff.reply",
            "zh-Hans",
            Channel.TELEGRAM,
            "The crew will be there in 30 minutes",
            "供热公司工作人员回复（原文为英文）：The crew will be there in 30 minutes",
        ),
        (
            "staff.message",
            "zh-Hans",
            Channel.SMS,
            "The crew will be there in 30 minutes",
            "客服回复（原文为英文）：The crew will be there in 30 minutes",
        ),
        (
            "staff.reply",
            "zh-Hant",
            Channel.TELEGRAM,
            "The crew will be there in 30 minutes",
            "供熱公司工作人員回覆（原文為英文）：The crew will be there in 30 minutes",
        ),
        ("staff.reply", "zh-Hans", Channel.TELEGRAM, "师傅马上到", "人工客服：师傅马上到"),
        ("staff.reply", "zh-Hant", Channel.SMS, "师傅马上到", "人工客服：師傅馬上到"),
        ("staff.reply", "en", Channel.SMS, "Crew on the way", "Staff: Crew on the way"),
        ("staff.reply", "zh-Hans", Channel.TELEGRAM, "好的 OK", "人工客服：好的 OK"),
    ],
)
def test_staffs_words_say_what_they_are_to_a_resident_of_another_language(
    demo_company: Company, event: str, language: str, channel: Channel, text: str, expected: str
) -> None:
    told = replace(note(event, language, text=text, staff="Duty501"), channel=channel)
    assert render(told, demo_company).text == expected


@pytest.mark.parametrize(
    ("language", "channel", "words", "expected"),
    [
        (
            "en",
            Channel.TELEGRAM,
            "更换了阀门，已恢复",
            'The duty staff\'s note (written in Chinese): "更换了阀门，已恢复"',
        ),
        ("en", Channel.SMS, "更换了阀门，已恢复", 'Staff note (in Chinese): "更换了阀门，已恢复"'),
        (
            "zh-Hans",
            Channel.TELEGRAM,
            "Replaced the valve",
            "值班人员的说明（原文为英文）：“Replaced the valve”",
        ),
        ("zh-Hans", Channel.SMS, "Replaced the valve", "值班说明（原文为英文）：“Replaced the valve”"),
        ("zh-Hant", Channel.TELEGRAM, "更换了阀门", "值班人員的說明：“更換了閥門”"),
        ("en", Channel.TELEGRAM, "Replaced the valve", 'The duty staff\'s note: "Replaced the valve"'),
    ],
)
def test_a_resolve_note_says_what_it_is_to_a_resident_of_another_language(
    demo_company: Company, language: str, channel: Channel, words: str, expected: str
) -> None:
    resolved = replace(note("status.resolved", language, note=words), channel=channel)
    told = render(resolved, demo_company).text
    [_fixed, said, _question] = told.split("\n")  # the note between "marked fixed" and the question
    assert said == expected
    assert len(render(resolved, demo_company).options) == 6  # the rating question stays


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Chaoyang repair team 1, already on the way, still comes to you; we will tell you if that changes.",
        ),
        ("zh-Hant", "已出發的朝陽搶修一隊照常前來，不因轉交停下"),
    ],
)
def test_a_hand_off_with_a_crew_on_its_way_says_the_crew_still_comes(
    demo_company: Company, language: str, expected: str
) -> None:
    text = render(note("ticket.handed_off", language, crew_kept="C03"), demo_company).text
    assert expected in text and ("Chaoyang Branch" in text or "朝陽供熱分公司" in text)


@pytest.mark.parametrize("language", ["zh-Hans", "en"])
def test_a_missed_promise_promises_no_crew_that_may_not_have_left(
    demo_company: Company, language: str
) -> None:
    text = render(note("ticket.breached", language), demo_company).text
    assert ("分公司已收到超时提醒" if language == "zh-Hans" else "The branch has been alerted") in text
    assert "正在赶来" not in text and "on the way" not in text  # sent whether or not a crew was dispatched


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-Hans", "主管已督办"), ("en", "A supervisor is following")]
)
def test_a_missed_promise_names_a_supervisor_only_where_one_was_told(
    demo_company: Company, language: str, expected: str
) -> None:
    unsupervised = render(note("ticket.breached", language), demo_company).text
    assert expected not in unsupervised  # the demo's branches have no supervisors' chat: nobody else was told
    branches = [
        b.model_copy(update={"supervisor_chat_id": -1009}) if b.code == "chaoyang" else b
        for b in demo_company.branches
    ]
    supervised = demo_company.model_copy(update={"branches": branches})
    assert expected in render(note("ticket.breached", language), supervised).text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-Hans", "朝阳抢修一队已出发，会尽快赶到。没能在承诺的30分钟内到场，非常抱歉。"),
        (
            "en",
            "Chaoyang repair team 1 is on the way and will be with you as soon as possible. We are very sorry",
        ),
        ("zh-Hant", "朝陽搶修一隊已出發，會盡快趕到"),
    ],
)
def test_a_crew_sent_after_the_promise_ran_out_is_due_as_soon_as_possible_not_at_a_time_gone(
    demo_company: Company, language: str, expected: str
) -> None:
    gone = (NOW - dt.timedelta(minutes=20)).isoformat()
    text = render(note("status.dispatched", language, due_at=gone, late=True), demo_company).text
    assert expected in text and "11:" not in text and "10:40" not in text


def test_resolved_asks_for_a_rating_with_buttons() -> None:
    reply = render(note("status.resolved", "en"))
    assert "warm" in reply.text and [o.label for o in reply.options][:5] == ["1", "2", "3", "4", "5"]
    assert reply.options[-1].data == "r:1000017:cold" and reply.options[-1].label == "Still cold"
    assert rating_prompt("1000017", Lang.ZH_HANT).options[-1].label == "還是不熱"


def test_render_plain_numbers_options_across_replies() -> None:
    text = render_plain([Reply("Hello", (Option("Report", "m:report"),)), rating_prompt("1000017", Lang.EN)])
    assert (
        "1. Report" in text and "2. 1" in text and "7. Still cold" in text
    )  # numbered on: "2" is the score 1
    alone = render_plain([rating_prompt("1000017", Lang.EN)])
    assert "1. 1" not in alone and alone.endswith("Please rate the repair from 1 to 5.\n6. Still cold")


@pytest.fixture
async def sender(fake_telegram: FakeTelegram, demo_company: Company) -> AsyncIterator[TelegramSender]:
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake_telegram.base_url)))
    yield TelegramSender(bot, demo_company)
    await bot.session.close()


async def test_the_sender_delivers_with_the_rating_keyboard(
    sender: TelegramSender, fake_telegram: FakeTelegram
) -> None:
    await sender.send(note("status.resolved"))
    [sent] = fake_telegram.messages(1001)
    assert "1000017" in sent.text and ("还是不热", "r:1000017:cold") in sent.buttons


@pytest.mark.parametrize(
    ("status", "description", "extra", "raised"),
    [
        (429, "Too Many Requests: retry after 7", {"retry_after": 7}, RetryAfter),
        (403, "Forbidden: bot was blocked by the user", {}, Unreachable),
        (400, "Bad Request: chat not found", {}, Unreachable),
        (400, "Bad Request: message text is empty", {}, Undeliverable),
        (502, "Bad Gateway", {}, DeliveryError),
    ],
)
async def test_telegram_errors_become_delivery_errors(
    sender: TelegramSender,
    fake_telegram: FakeTelegram,
    status: int,
    description: str,
    extra: dict,
    raised: type,
) -> None:
    fake_telegram.fail("sendMessage", status, description, **extra)
    with pytest.raises(raised) as caught:
        await sender.send(note("status.on_site"))
    assert type(caught.value) is raised
    if raised is RetryAfter:
        assert caught.value.seconds == 7


async def test_an_address_that_is_no_chat_id_is_undeliverable(sender: TelegramSender) -> None:
    with pytest.raises(Undeliverable):
        await sender.send(note("status.on_site", address="contact:5"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-Hans", "工单 1000017：改派朝阳抢修二队接替朝阳抢修一队，已出发，将在11:30前到场。"),
        ("zh-Hant", "工單 1000017：改派朝陽搶修二隊接替朝陽搶修一隊，已出發，將在11:30前到場。"),
        (
            "en",
            "Ticket 1000017: Chaoyang repair team 2 is coming instead of Chaoyang repair team 1; they are on the way",
        ),
    ],
)
def test_a_crew_sent_instead_of_another_is_told_as_the_replacement(
    demo_company: Company, language: str, expected: str
) -> None:
    replaced = {
        "crew": "C04",
        "crew_name": "朝阳抢修二队",
        "crew_name_en": "Chaoyang repair team 2",
        "previous_crew": "C03",
        "previous_crew_name": "朝阳抢修一队",
        "previous_crew_name_en": "Chaoyang repair team 1",
    }
    assert expected in render(note("status.dispatched", language, **replaced), demo_company).text
