"""Telegram end to end: updates POSTed to the running webhook, the bot talking to a local fake Bot API."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer
from db_link import database_link
from fake_telegram import (  # noqa: F401 (fixtures)
    TOKEN,
    Clock,
    FakeTelegram,
    Updates,
    chat_store_fixture,
    clock_fixture,
    fake_telegram_fixture,
    services_fixture,
)

from bot.dialogue import Dialogue
from bot.services import ChatServices
from bot.telegram import TelegramChannel
from bot.telegram_sender import TelegramSender
from intents.company import Company
from storage import Store, contacts, migrate, outbox, tickets
from storage import company as storage_company
from storage.values import Audience, Channel, Priority, Status, TicketInfo, TicketKind

SECRET = "webhook-secret-42"
NUMBER = re.compile(r"\b\d{6,10}\b")


class Resident:
    """Drives the webhook as Telegram would and reads what the fake Bot API was asked to send."""

    def __init__(self, http: ClientSession, fake: FakeTelegram, services: ChatServices) -> None:
        self.http, self.fake, self.services = http, fake, services
        self.updates = Updates()

    async def post(self, update: Any, *, secret: str | None = SECRET, raw: bytes | None = None) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        if raw is not None:
            response = await self.http.post("/telegram/webhook", data=raw, headers=headers)
        else:
            response = await self.http.post("/telegram/webhook", json=update, headers=headers)
        return response.status

    async def say(self, chat_id: int, text: str, *, lang: str | None = "zh-CN", **extra: Any) -> list[str]:
        assert await self.post(self.updates.message(chat_id, text, lang=lang, **extra)) == 200
        return [m.text for m in self.fake.new(chat_id)]

    async def send(self, update: dict[str, Any], chat_id: int) -> list[str]:
        assert await self.post(update) == 200
        return [m.text for m in self.fake.new(chat_id)]

    async def press(self, chat_id: int, label_part: str, *, lang: str | None = "zh-CN") -> list[str]:
        """Press the newest button sent to this chat whose label contains `label_part`."""
        data = next(
            d for m in reversed(self.fake.messages(chat_id)) for lbl, d in m.buttons if label_part in lbl
        )
        return await self.send(self.updates.press(chat_id, data, lang=lang), chat_id)

    async def tickets_of(self, chat_id: int) -> list[TicketInfo]:
        contact = await contacts.get_or_create(
            self.services.store, channel=Channel.TELEGRAM, telegram_chat_id=chat_id
        )
        return await tickets.of_contact(self.services.store, contact_id=contact.id, open_only=False)


@pytest.fixture
async def tg(services: ChatServices, fake_telegram: FakeTelegram) -> AsyncIterator[Resident]:
    channel = TelegramChannel(services, token=TOKEN, api_base=fake_telegram.base_url, secret=SECRET)
    app = web.Application()
    channel.mount(app)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    async with ClientSession(base_url=str(server.make_url(""))) as http:
        yield Resident(http, fake_telegram, services)
    await server.close()


async def test_no_heat_in_simplified_chinese_from_start_to_ticket(tg: Resident) -> None:
    greeting = await tg.say(10, "/start")
    assert "报修" in greeting[0] and "24小时" in greeting[0]
    labels = [label for label, _ in tg.fake.messages(10)[-1].buttons]
    assert {"报修", "我的报修", "服务标准", "人工客服", "繁體中文", "English"} <= set(labels)
    assert all(len(data.encode()) <= 64 for _, data in tg.fake.messages(10)[-1].buttons)
    assert "地址" in (await tg.say(10, "暖气不热，屋里才15度"))[0]
    assert "红旗小区3栋2单元501" in (await tg.say(10, "红旗小区3栋2单元501"))[0]
    opened = await tg.press(10, "确认报修")
    assert tg.fake.of("answerCallbackQuery"), "the button spinner must be stopped"
    [ticket] = await tg.tickets_of(10)
    assert ticket.number in opened[0] and "30分钟" in opened[0] and ticket.kind is TicketKind.NO_HEAT
    assert (ticket.building, ticket.unit, ticket.room, ticket.temperature_c) == ("3", "2", "501", 15)


async def test_burst_in_traditional_chinese_advice_first_ticket_escalated(tg: Resident) -> None:
    sent = await tg.say(11, "暖氣爆了，水噴出來了", lang="zh-hk")
    assert "閥門" in sent[0] and not NUMBER.search(sent[0])
    [ticket] = await tg.tickets_of(11)
    assert ticket.priority is Priority.EMERGENCY and ticket.escalated and ticket.number in sent[1]
    assert "請發送地址" in sent[-1] and len(sent) == 3
    staff = [n for n in await outbox.claim(tg.services.store) if n.audience is Audience.STAFF]
    assert [n.event for n in staff] == ["ticket.escalated"]
    assert ticket.number in (await tg.say(11, "東嶺小區2棟1單元101", lang="zh-hk"))[0]
    assert (await tg.tickets_of(11))[0].room == "101"


async def test_english_status_shows_only_own_tickets(tg: Resident) -> None:
    await tg.say(12, "water is leaking from the radiator in building 7 unit 3 room 602", lang="en-US")
    [ticket] = await tg.tickets_of(12)
    listing = await tg.say(12, "where is my repair", lang="en-US")
    assert ticket.number in listing[0] and "leak" in listing[0] and "no crew sent yet" in listing[0]
    theirs = await tg.say(13, f"status of ticket {ticket.number}", lang="en-US")
    nothing = await tg.say(13, "status of ticket 88888888", lang="en-US")
    assert theirs[0].replace(ticket.number, "N") == nothing[0].replace("88888888", "N")
    assert "602" not in theirs[0] and "could not find" in theirs[0]


async def test_standards_rating_and_still_cold_by_buttons(tg: Resident) -> None:
    await tg.say(14, "/start")
    assert "哪方面" in (await tg.press(14, "服务标准"))[0]
    assert "27" in (await tg.press(14, "收费"))[0]
    await tg.say(14, "湖西花园7栋3单元602 暖气片漏水了")
    [ticket] = await tg.tickets_of(14)
    await tickets.transition(tg.services.store, number=ticket.number, to=Status.RESOLVED, actor="staff")
    assert "3" in (await tg.send(tg.updates.press(14, f"r:{ticket.number}:3"), 14))[0]
    advice, reopened = await tg.send(tg.updates.press(14, f"r:{ticket.number}:cold"), 14)  # "还在漏"
    assert "阀门" in advice and "重新打开" in reopened
    assert (await tg.tickets_of(14))[0].status is Status.REOPENED
    outsider = await tg.send(tg.updates.press(15, f"r:{ticket.number}:cold"), 15)
    assert "没有找到" in outsider[0]


async def test_a_rating_typed_after_the_rating_question_is_recorded_not_taken_for_an_older_button(
    tg: Resident, clock: Clock
) -> None:
    store = tg.services.store
    await tg.say(17, "暖气不热 红旗小区3栋2单元501 14度")
    await tg.press(17, "确认报修")
    [ticket] = await tg.tickets_of(17)
    await tg.say(17, "你好")
    assert tg.fake.messages(17)[-1].buttons[0][0] == "报修"  # the menu's buttons: "1" would be "report"
    await tickets.transition(store, number=ticket.number, to=Status.RESOLVED, actor="staff", now=clock())
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.fake.base_url)))
    sender = TelegramSender(bot, tg.services.company)  # what the outbox worker does
    for notice in await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1)):
        if notice.audience is Audience.RESIDENT:
            await sender.send(notice)
    await bot.session.close()
    [asked] = tg.fake.new(17)
    assert "打分" in asked.text and ("还是不热", f"r:{ticket.number}:cold") in asked.buttons
    assert await tg.say(17, "1") == [f"谢谢您的评价（1分）！工单 {ticket.number} 的评分已记下。"]
    assert await tg.say(17, "不满意 2分") == [
        f"已把工单 {ticket.number} 的评分从1分改为2分，以最新的为准。谢谢！"
    ]
    [rated] = await tg.tickets_of(17)
    assert rated.rating == 2 and rated.status is Status.RESOLVED


async def test_talk_to_a_person_goes_quiet(tg: Resident) -> None:
    assert "人工" in (await tg.say(16, "转人工"))[0]
    assert await tg.say(16, "请尽快联系我") == ["您的消息已转给工作人员，请稍候，他们会在这里回复您。"]
    assert await tg.say(16, "谢谢") == []  # said once, not to every message
    events = [n.event for n in await outbox.claim(tg.services.store) if n.audience is Audience.STAFF]
    assert events == ["handoff.requested", "handoff.message", "handoff.message"]
    assert "回来了" in (await tg.press(16, "返回机器人"))[0]


async def test_a_wrong_or_missing_secret_is_refused_and_nothing_happens(tg: Resident) -> None:
    update = tg.updates.message(17, "暖气爆了，水喷出来了")
    assert await tg.post(update, secret="guess") == 401
    assert await tg.post(update, secret=None) == 401
    assert tg.fake.calls == [] and await tg.tickets_of(17) == []


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[1, 2]",
        b'{"update_id": "x"}',
        b'{"message": {"text": "hi"}}',
        b'{"update_id": 1, "message": {}}',
    ],
)
async def test_malformed_updates_get_a_4xx(tg: Resident, raw: bytes) -> None:
    assert await tg.post(None, raw=raw) == 400
    assert tg.fake.calls == []


async def test_a_malformed_update_is_logged_by_its_id_and_fault_not_its_words(
    tg: Resident, caplog: pytest.LogCaptureFixture
) -> None:
    update = {"update_id": 4242, "message": {"message_id": "x", "text": "红旗小区4栋1单元201 我叫王秀英"}}
    with caplog.at_level(logging.WARNING, logger="bot.telegram"):
        assert await tg.post(update) == 400
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "4242" in logged and "message.message_id" in logged
    assert "王秀英" not in logged and "红旗小区" not in logged


async def test_an_update_of_a_kind_we_do_not_handle_is_ignored(tg: Resident) -> None:
    poll_answer = {
        "poll_id": "p",
        "option_ids": [0],
        "option_persistent_ids": ["a"],
        "user": {"id": 5, "is_bot": False, "first_name": "x"},
    }
    assert await tg.post({"update_id": 77, "poll_answer": poll_answer}) == 200
    assert await tg.post({"update_id": 78}) == 200
    assert await tg.post({"update_id": 79, "brand_new_kind": {"x": 1}}) == 200
    assert tg.fake.calls == []


async def test_a_crash_is_logged_apologised_for_and_never_a_5xx(
    tg: Resident, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(self: Dialogue, *args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(Dialogue, "handle", broken)
    with caplog.at_level(logging.ERROR):
        sent = await tg.say(18, "暖气不热")
    assert "+8643188880001" in sent[0]
    assert any(r.exc_info and "database on fire" in str(r.exc_info[1]) for r in caplog.records)


STICKER = {
    "file_id": "s1",
    "file_unique_id": "u1",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}


async def test_bad_input_gets_a_clear_answer(tg: Resident) -> None:
    assert "文字" in (await tg.send(tg.updates.message(19, sticker=STICKER), 19))[0]
    voice = {"file_id": "v1", "file_unique_id": "u2", "duration": 3}
    assert "+8643188880001" in (await tg.send(tg.updates.message(19, voice=voice), 19))[0]
    video = {"file_id": "v2", "file_unique_id": "u3", "width": 1, "height": 1, "duration": 1}
    assert "看不了" in (await tg.send(tg.updates.message(19, video=video), 19))[0]
    document = {"file_id": "d1", "file_unique_id": "u4", "file_name": "bill.pdf"}
    assert "看不了" in (await tg.send(tg.updates.message(19, document=document), 19))[0]
    assert "修改" in (await tg.send(tg.updates.edited(19, "改一下"), 19))[0]
    assert "空的" in (await tg.say(19, "   \n "))[0]
    assert "没有这个命令" in (await tg.say(19, "/frobnicate@heatline_bot"))[0]
    assert "无法识别" in (await tg.send(tg.updates.press(19, "k:12"), 19))[0]
    assert "过期" in (await tg.send(tg.updates.press(19, "c:yes"), 19))[0]
    assert await tg.tickets_of(19) == []


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh-CN", "请用文字告诉我需要什么帮助"), ("en", "Please tell me in words how I can help")],
)
async def test_an_angry_sticker_is_not_thanked_for_and_is_told_what_works(
    tg: Resident, lang: str, words: str
) -> None:
    angry = {**STICKER, "emoji": "😡"}
    [answer] = await tg.send(tg.updates.message(20, sticker=angry, lang=lang), 20)
    assert words in answer and "+8643188880001" in answer
    assert "😊" not in answer and "Thanks" not in answer and "收到您的表情" not in answer


async def test_an_edited_message_reporting_a_burst_gets_the_safety_advice_at_once(tg: Resident) -> None:
    assert (
        "修改" in (await tg.send(tg.updates.edited(23, "红旗小区3栋2单元501"), 23))[0]
    )  # no emergency: as before
    sent = await tg.send(tg.updates.edited(23, "家里暖气管爆了，到处是水"), 23)
    assert "阀门" in sent[0] and "修改" not in "".join(sent)  # the safety advice first, no word of the edit
    [burst] = await tg.tickets_of(23)
    assert burst.kind is TicketKind.BURST and burst.priority is Priority.EMERGENCY
    assert burst.number in "".join(sent)
    again = await tg.send(tg.updates.edited(23, "家里暖气管爆了，到处是水，快来人"), 23)
    assert "阀门" in again[0] and burst.number in "".join(again)  # the same ticket, never a second one
    assert [t.number for t in await tg.tickets_of(23)] == [burst.number]


async def test_forwarded_and_very_long_reports_are_not_lost(tg: Resident) -> None:
    origin = {"type": "hidden_user", "sender_user_name": "neighbour", "date": 1700000000}
    sent = await tg.say(20, "暖气爆了，水喷出来了", forward_origin=origin)
    assert "阀门" in sent[0] and (await tg.tickets_of(20))[0].kind is TicketKind.BURST
    long_text = ("湖西花园7栋3单元602 暖气片漏水了。" + "水一直在滴，" * 800)[:4096]
    sent = await tg.say(21, long_text)
    [ticket] = await tg.tickets_of(21)
    assert ticket.kind is TicketKind.LEAK and ticket.description.startswith("湖西花园")
    assert all(len(t) <= 4096 for t in sent)


async def test_a_leak_told_at_the_end_of_a_whole_telegram_message_is_heard(tg: Resident) -> None:
    chatter = "今年冬天来得早，楼下的大爷天天在院子里下棋，孩子们放学以后也在楼道里跑来跑去。" * 100
    text = chatter[: 4096 - 20] + "对了，家里暖气片漏水了"
    assert len(text) <= 4096 and len(chatter) > 2100
    sent = await tg.say(28, text)
    [ticket] = await tg.tickets_of(28)
    assert ticket.kind is TicketKind.LEAK and ticket.priority is Priority.EMERGENCY
    assert "阀门" in sent[0]


async def test_group_chats_and_staff_chats_are_not_resident_conversations(tg: Resident) -> None:
    assert await tg.say(-5001, "暖气不热", chat_type="group") == []
    assert "私聊" in (await tg.say(-5001, "/start@heatline_bot", chat_type="supergroup"))[0]
    for staff_chat in (-1001000000001, -100999):  # a branch's staff chat, the default staff chat
        assert await tg.say(staff_chat, "/start", chat_type="supergroup") == []
        assert await tg.say(staff_chat, "暖气爆了，水喷出来了", chat_type="supergroup") == []
    assert await tickets.list_tickets(tg.services.store) == []


async def test_ten_messages_a_second_are_limited_politely(tg: Resident, clock: Clock) -> None:
    clock.step = dt.timedelta(0)
    answered = [await tg.say(22, f"你好{i}") for i in range(10)]
    assert sum(1 for a in answered if a) == 9 and "有点快" in answered[8][0]
    assert answered[9] == []


async def _phone_of(tg: Resident, chat_id: int) -> str | None:
    contact = await contacts.get_or_create(
        tg.services.store, channel=Channel.TELEGRAM, telegram_chat_id=chat_id
    )
    return contact.phone


async def test_a_shared_contact_links_the_phone_and_someone_elses_card_does_not(tg: Resident) -> None:
    own = {"phone_number": "8613912340123", "first_name": "r", "user_id": 23}
    assert "+8613912340123" in (await tg.send(tg.updates.message(23, contact=own), 23))[0]
    assert await _phone_of(tg, 23) == "+8613912340123"
    other = {"phone_number": "8613900000000", "first_name": "neighbour", "user_id": 999}
    assert "看不了" in (await tg.send(tg.updates.message(24, contact=other), 24))[0]
    assert await _phone_of(tg, 24) is None


async def test_a_typed_phone_number_is_saved_and_the_open_question_asked_again(tg: Resident) -> None:
    assert "地址" in (await tg.say(25, "暖气不热"))[0]
    saved, asked = await tg.say(25, "我电话是 138-0013-8000")
    assert "+8613800138000" in saved and "地址" in asked
    assert await _phone_of(tg, 25) == "+8613800138000"
    assert "多少度" in (await tg.say(25, "3栋2单元501"))[0]  # the report goes on where it was
    [saved] = await tg.say(26, "my number is +86 139 1234 0123", lang="en")
    assert "saved your phone number +8613912340123" in saved
    assert await _phone_of(tg, 26) == "+8613912340123"
    # a phone number inside a report is part of the report, not a contact card
    sent = await tg.say(27, "暖气漏水了 联系我13700001111 3栋2单元501")
    assert "阀门" in sent[0] and (await tg.tickets_of(27))[0].kind is TicketKind.LEAK


async def test_a_message_telegram_delivers_twice_is_answered_once(tg: Resident) -> None:
    update = tg.updates.message(40, "暖气不热 红旗小区3栋2单元501 15度")
    assert await tg.post(update) == 200 and await tg.post(update) == 200  # a webhook retry: the same update
    [card] = [m.text for m in tg.fake.new(40)]
    assert "确认报修" in card
    confirm = tg.updates.message(40, "确认")
    statuses = await asyncio.gather(tg.post(confirm), tg.post(confirm))  # both at once
    assert statuses == [200, 200]
    [opened] = [m.text for m in tg.fake.new(40)]
    [ticket] = await tg.tickets_of(40)
    assert ticket.number in opened
    assert len(await tg.say(40, "确认")) == 1  # a new message saying the same is answered as usual


async def test_polling_keeps_an_update_that_finds_the_store_unreachable_and_handles_it_once_it_is_back(
    pg_database: Callable[[], str],
    demo_company: Company,
    fake_telegram: FakeTelegram,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Not acknowledged and lost: tried again after a pause, nothing after it handled first, one line in the log."""
    caplog.set_level(logging.INFO, logger="bot.telegram")
    url = pg_database()
    await asyncio.to_thread(migrate.upgrade, url)
    chat, updates = 6_700_001, Updates()
    leak = updates.message(chat, "暖气片漏水了，东岭小区3栋2单元501")
    asked = updates.message(chat, "我的报修")
    async with database_link(url) as link:
        store = Store.from_url(link.linked)
        await storage_company.sync(store, demo_company)
        services = ChatServices(
            store=store, company=demo_company, staff_chat_ids=frozenset({-100999}), clock=Clock()
        )
        channel = TelegramChannel(services, token=TOKEN, api_base=fake_telegram.base_url, secret=SECRET)
        polling = asyncio.create_task(channel.start_polling(first_pause=0.1))
        try:
            await link.cut()
            fake_telegram.pending += [leak, asked]
            fetched = len(fake_telegram.offsets())
            await until(lambda: len(fake_telegram.offsets()) >= fetched + 3)  # tried, and tried again
            assert fake_telegram.new(chat) == []  # no apology that pretends the message was dealt with
            assert {o for o in fake_telegram.offsets() if o} <= {leak["update_id"]}  # never acknowledged
            assert fake_telegram.pending == [leak, asked]
            await link.mend()
            await until(lambda: fake_telegram.offsets()[-1] == asked["update_id"] + 1)
            told = [m.text for m in fake_telegram.new(chat)]
            [ticket] = await tickets.list_tickets(store)  # handled once: one ticket
            assert (ticket.kind, ticket.room) == (TicketKind.LEAK, "501")
            assert sum(ticket.number in text and "阀" not in text for text in told[:2]) == 1
            assert ticket.number in told[-1]  # what was asked next, answered after it
            assert sum(ticket.number in text for text in told) == 2, told
        finally:
            polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
            await channel.close()
            await store.close()
    said = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage().split(":")[0] for r in said] == [f"update {leak['update_id']} waits"], said
    assert all(r.exc_info is None for r in said)  # no traceback
    assert any(r.getMessage().startswith(f"update {leak['update_id']} handled") for r in caplog.records)


async def until(condition: Callable[[], bool], *, seconds: float = 20) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("not within time")
