"""Texting a hotline number: a chat with the bot over signed Twilio webhooks, answered in <Message>."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator

import pytest
from fake_twilio import FakeTwilio, running_fake_twilio
from lxml import etree
from test_ivr_helpers import ACCOUNT, PUBLIC, Caller, Client, Clock, clock_fixture, sign, voice_client  # noqa: F401

from bot.notifications import render
from bot.rating import rating_prompt
from bot.replies import render_plain
from heatline.app import RUNTIME
from heatline.runtime import Runtime
from intents.company import Company
from intents.types import Lang
from storage import Store, contacts, outbox, tickets
from storage.values import Channel, Status, TicketInfo, TicketKind

RESIDENT = "+8613900000042"
HOTLINE = "+8643188880003"  # kuancheng


@pytest.fixture
async def fake() -> AsyncIterator[FakeTwilio]:
    async with running_fake_twilio() as twilio:
        yield twilio


@pytest.fixture
async def client(
    store: Store, demo_company: Company, clock: Clock, fake: FakeTwilio
) -> AsyncIterator[Client]:
    async with voice_client(store, demo_company, clock, api_base=fake.base_url) as test_client:
        yield test_client


_SIDS = itertools.count(1)


async def text(
    client: Client,
    body: str,
    *,
    phone: str = RESIDENT,
    signature: str | None = None,
    to: str = HOTLINE,
    sid: str | None = None,
    media: tuple[str, ...] = (),
) -> tuple[int, str]:
    """One text as Twilio posts it: each with a MessageSid of its own, unless `sid` names one (a retry); `media`:
    the URLs of the pictures it carries (an MMS)."""
    fields = {
        "AccountSid": ACCOUNT,
        "MessageSid": sid or f"SM{next(_SIDS):032d}",
        "From": phone,
        "To": to,
        "Body": body,
        "NumMedia": str(len(media)),
    }
    for i, url in enumerate(media):
        fields[f"MediaUrl{i}"], fields[f"MediaContentType{i}"] = url, "image/jpeg"
    sig = sign(PUBLIC + "/twilio/sms", fields) if signature is None else signature
    response = await client.post("/twilio/sms", data=fields, headers={"X-Twilio-Signature": sig})
    return response.status, await response.text()


def message(body: str) -> str:
    doc = etree.fromstring(body.encode())
    [reply] = doc.xpath("/Response/Message/text()")
    return str(reply)


async def test_a_no_heat_report_by_text_with_numbered_options(client: Client, store: Store) -> None:
    status, body = await text(client, "你好")
    assert status == 200 and "1. " in message(body) and "4. " in message(body)
    for words in ("暖气不热", "红旗小区3号楼2单元501", "15"):
        status, body = await text(client, words)
        assert status == 200
    reply = message(body)
    assert "红旗小区3号楼2单元501" in reply and "1. " in reply
    await text(client, "1")  # the first numbered option: confirm
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.channel is Channel.SMS and ticket.room == "501"


async def test_a_burst_by_text_opens_an_emergency_ticket_from_the_first_message(
    client: Client, store: Store
) -> None:
    status, body = await text(client, "暖气管爆了，水到处流")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert status == 200 and ticket.kind is TicketKind.BURST and ticket.escalated
    assert ticket.number in message(body)


async def test_a_burst_texted_with_its_whole_address_is_promised_no_address_check_later(
    client: Client, store: Store
) -> None:
    _, body = await text(client, "暖气片爆了 水喷得到处都是 宽城小区2栋1单元301")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.BURST and ticket.room == "301"
    assert "抢修人员正在安排" in message(body) and "地址我们稍后" not in message(body)


async def test_a_flat_texted_without_its_estate_goes_to_the_branch_of_the_number_texted(
    client: Client, store: Store, clock: Clock
) -> None:
    chaoyang = "+8643188880002"  # not the company's first branch (nanguan)
    _, body = await text(client, "暖气不热 5栋1单元302 15度", to=chaoyang)
    assert "哪个小区" in message(body)
    _, body = await text(client, "不知道", to=chaoyang)
    assert "5栋1单元302" in message(body) and "1. " in message(body)  # the card
    await text(client, "1", to=chaoyang)
    _, body = await text(client, "暖气片漏水了 6栋2单元101", to=chaoyang)
    leak, report = await tickets.of_phone(store, phone=RESIDENT)  # newest first
    assert leak.number in message(body) and (leak.kind, report.kind) == (TicketKind.LEAK, TicketKind.NO_HEAT)
    assert (report.room, report.branch, leak.room, leak.branch) == ("302", "chaoyang", "101", "chaoyang")
    await text(client, "不知道", to=chaoyang)  # the leak's estate, asked once
    await text(client, "我要投诉 接线员态度太差", to=chaoyang)
    _, body = await text(client, "1", to=chaoyang)  # submitted as said
    complaint = (await tickets.of_phone(store, phone=RESIDENT))[0]
    assert (complaint.kind, complaint.branch) == (TicketKind.COMPLAINT, "chaoyang")
    assert "朝阳供热分公司" in message(body)
    staff = [n for n in await outbox.claim(store, now=clock.now) if n.audience.value == "staff"]
    assert {n.address for n in staff} == {"chaoyang"}  # that branch's staff, no other's


async def test_a_forged_text_is_refused(client: Client, store: Store) -> None:
    status, body = await text(client, "暖气管爆了", signature="Zm9yZ2Vk")
    assert status == 403 and body == ""
    assert await tickets.of_phone(store, phone=RESIDENT) == []


@pytest.mark.parametrize("phone", ["", "anonymous", "12345"])
async def test_a_text_without_a_phone_number_is_a_400(client: Client, phone: str) -> None:
    status, _ = await text(client, "你好", phone=phone)
    assert status == 400


async def test_a_huge_or_empty_text_gets_an_answer(client: Client) -> None:
    for body in ("", "啊" * 20_000):
        status, answer = await text(client, body)
        assert status == 200 and etree.fromstring(answer.encode()).tag == "Response"


async def test_the_worker_texts_the_repairs_news_through_the_fake_twilio(
    client: Client, store: Store, fake: FakeTwilio, clock: Clock
) -> None:
    await text(client, "暖气管爆了，水到处流")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    runtime: Runtime = client.server.app[RUNTIME]
    await runtime.worker().run_once()
    assert [m for m in fake.sent if m.to == RESIDENT] == []  # the number was in the reply: not texted twice
    await tickets.dispatch(store, number=ticket.number, crew="C01", actor="staff", now=clock.now)
    assert await runtime.worker().run_once() >= 1
    [sent] = [m for m in fake.sent if m.to == RESIDENT]
    assert ticket.number in sent.body and "出发" in sent.body
    assert sent.from_ in {line.number for line in runtime.company.hotlines}


async def test_a_caller_gets_the_ticket_number_by_text_from_the_hotline_they_dialled(
    client: Client, store: Store, fake: FakeTwilio
) -> None:
    ticket = await _reported_by_phone(client, store, "暖气不热 红旗小区3号楼2单元501")
    runtime: Runtime = client.server.app[RUNTIME]
    assert await runtime.worker().run_once() >= 1
    [sent] = [m for m in fake.sent if m.to == RESIDENT]
    assert ticket.number in sent.body
    assert sent.from_ in runtime.company.hotlines_of(ticket.branch or "")


async def _reported_by_phone(client: Client, store: Store, words: str) -> TicketInfo:
    """RESIDENT calls, says the problem with the address, confirms it and skips the temperature: the ticket."""
    caller = Caller(client, phone=RESIDENT)
    await caller.call()
    await caller.say(words)
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    return ticket


async def _resolved_repair_reported_by_phone(client: Client, store: Store, clock: Clock) -> str:
    """A no-heat repair reported by a call from RESIDENT, then marked repaired by staff: its number."""
    ticket = await _reported_by_phone(client, store, "卧室暖气片摸着一点温度都没有 湖西花园2号楼3单元404")
    await tickets.transition(store, number=ticket.number, to=Status.RESOLVED, actor="staff", now=clock.now)
    return ticket.number


async def test_a_texted_answer_to_the_rating_question_rates_or_reopens_the_repair(
    client: Client, store: Store, clock: Clock
) -> None:
    number = await _resolved_repair_reported_by_phone(client, store, clock)
    prompt = render_plain([rating_prompt(number, Lang.ZH_HANS)])
    # what the texter answers: 1-5 as the question says (no "1. 1" lines), or 6
    assert prompt == f"工单 {number} 已标记为修好。现在屋里暖和了吗？请为这次维修打分（1-5分）。\n6. 还是不热"
    _, body = await text(client, "4")
    assert "谢谢您的评价（4分）" in message(body)
    rated = await tickets.get(store, number=number)
    assert rated is not None and rated.rating == 4 and rated.status is Status.RESOLVED
    _, body = await text(client, f"工单{number}还是不热")
    assert "已重新打开工单" in message(body) and number in message(body)
    [ticket] = await tickets.of_phone(store, phone=RESIDENT, open_only=False)
    assert ticket.number == number and ticket.status is Status.REOPENED
    await tickets.transition(store, number=number, to=Status.RESOLVED, actor="staff", now=clock.now)
    _, body = await text(client, "6")
    reopened = await tickets.get(store, number=number)
    assert reopened is not None and reopened.status is Status.REOPENED and "已重新打开" in message(body)
    # a bare score after the reopen: nothing to rate until it is fixed, said so
    _, body = await text(client, "5")
    assert message(body) == f"工单 {number} 修好之后才能评价。"
    still = await tickets.get(store, number=number)
    assert still is not None and still.status is Status.REOPENED and still.rating == 4


async def test_a_digit_answering_the_chats_own_options_is_not_a_rating(
    client: Client, store: Store, clock: Clock
) -> None:
    number = await _resolved_repair_reported_by_phone(client, store, clock)
    _, menu = await text(client, "你好")
    assert "1. " in message(menu)
    _, body = await text(client, "1")
    ticket = await tickets.get(store, number=number)
    assert ticket is not None and ticket.rating is None and "谢谢您的评价" not in message(body)


async def _staff_told(store: Store, clock: Clock) -> list[str]:
    """The staff notices queued since the last look, by event."""
    queued = await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
    for sent in queued:
        await outbox.mark_sent(store, notification_id=sent.id)
    return [n.event for n in queued if n.audience.value == "staff"]


async def test_a_texter_sees_and_updates_the_repair_they_reported_by_calling(
    client: Client, store: Store, clock: Clock
) -> None:
    ticket = await _reported_by_phone(client, store, "暖气不热 红旗小区3号楼2单元501")
    await _staff_told(store, clock)
    _, body = await text(client, "我家那个报修现在啥进度")
    assert ticket.number in message(body) and "没有未完成" not in message(body)
    _, body = await text(client, "还要多久能到啊")
    assert ticket.number in message(body) and "承诺" in message(body)
    clock.now += dt.timedelta(minutes=50)
    _, body = await text(client, "都等一个钟头了 师傅还没到")
    assert ticket.number in message(body) and "催促已记到工单" in message(body)
    _, body = await text(client, "师傅已经到我家了")
    assert f"已在工单 {ticket.number} 上记下" in message(body)
    logged = [
        e.data["description"]
        for e in await tickets.events(store, number=ticket.number)
        if e.kind in ("report", "arrival")
    ]
    assert logged == ["都等一个钟头了 师傅还没到", "师傅已经到我家了"]
    assert await _staff_told(store, clock) == ["ticket.report", "ticket.arrival"]
    _, body = await text(client, "我家那个报修现在啥进度", phone="+8613900000043")  # another phone: nothing
    assert ticket.number not in message(body) and "没有未完成" in message(body)


async def test_a_repeat_report_by_text_goes_onto_the_repair_reported_by_calling(
    client: Client, store: Store, clock: Clock
) -> None:
    ticket = await _reported_by_phone(client, store, "暖气不热 红旗小区3号楼2单元501")
    await _staff_told(store, clock)
    _, body = await text(
        client, "家里暖气还不热 红旗小区3号楼2单元501 16度"
    )  # at once: no questions, no card
    assert f"工单 {ticket.number}" in message(body) and "不会重复派单" in message(body)
    assert [t.number for t in await tickets.of_phone(store, phone=RESIDENT)] == [ticket.number]
    report = (await tickets.events(store, number=ticket.number))[-1]
    assert report.kind == "report" and report.data["temperature_c"] == 16
    assert await _staff_told(store, clock) == ["ticket.report"]
    _, body = await text(client, ticket.number)  # its number, texted: shown like a ticket of the chat's own
    assert "红旗小区" in message(body) and "没有找到" not in message(body)
    await text(client, "我妈家也不热 青年路小区2栋1单元101 14度")  # another flat: its own report
    await text(client, "1")
    found = await tickets.of_phone(store, phone=RESIDENT)
    assert len(found) == 2 and {t.room for t in found} == {"501", "101"}


@pytest.mark.parametrize(
    ("answer", "rating"),
    [("4分 师傅挺耐心的", 4), ("2星，来得太慢", 2), ("5 stars, quick and tidy", 5), ("给三分吧", 3)],
)
async def test_a_texted_score_with_words_rates_the_repair(
    client: Client, store: Store, clock: Clock, answer: str, rating: int
) -> None:
    number = await _resolved_repair_reported_by_phone(client, store, clock)
    _, body = await text(client, answer)
    rated = await tickets.get(store, number=number)
    assert rated is not None and rated.rating == rating and rated.status is Status.RESOLVED
    thanks = f"Thank you for your rating ({rating})" if answer.isascii() else f"谢谢您的评价（{rating}分）"
    assert thanks in message(body)  # in the language the answer is written in


async def test_a_score_said_with_still_cold_reopens_a_closed_repair_and_minutes_are_no_score(
    client: Client, store: Store, clock: Clock
) -> None:
    number = await _resolved_repair_reported_by_phone(client, store, clock)
    await tickets.transition(store, number=number, to=Status.CLOSED, actor="staff", now=clock.now)
    _, body = await text(client, "5分钟前又停了")
    ticket = await tickets.get(store, number=number)
    assert ticket is not None and ticket.rating is None and "谢谢您的评价" not in message(body)
    _, body = await text(client, "1分 屋里还是冷")
    assert "谢谢您的评价（1分）" in message(body) and "已重新打开" in message(body)
    reopened = await tickets.get(store, number=number)  # the score is the failed visit's
    assert reopened is not None and reopened.status is Status.REOPENED and reopened.rating == 1


async def test_a_low_score_saying_it_was_not_fixed_reopens_the_repair(
    client: Client, store: Store, clock: Clock
) -> None:
    number = await _resolved_repair_reported_by_phone(client, store, clock)
    await text(client, "1分 根本没修好")
    reopened = await tickets.get(store, number=number)
    assert reopened is not None and reopened.status is Status.REOPENED


async def test_a_texted_score_rates_the_repair_resolved_even_with_a_newer_one_open(
    client: Client, store: Store, clock: Clock
) -> None:
    number = await _resolved_repair_reported_by_phone(client, store, clock)
    await text(client, "我妈家也不热 青年路小区2栋1单元101 14度")  # another flat, by text: open, newer
    await text(client, "1")
    assert len(await tickets.of_phone(store, phone=RESIDENT, open_only=False)) == 2
    _, body = await text(client, "5分 很满意")
    rated = await tickets.get(store, number=number)
    assert rated is not None and rated.rating == 5 and "谢谢您的评价（5分）" in message(body)


async def test_a_flat_too_hot_by_text_is_named_too_hot_on_the_card_and_in_the_status(
    client: Client, store: Store
) -> None:
    await text(client, "暖气太热了 屋里28度 热得开窗")
    _status, body = await text(client, "红旗小区3号楼2单元501")
    card = message(body)
    assert "问题：暖气过热" in card and "暖气不热" not in card and "28℃" in card
    await text(client, "1")  # confirm
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.too_hot and ticket.channel is Channel.SMS
    _status, body = await text(client, "我的报修")
    assert f"{ticket.number}｜暖气过热" in message(body)


async def test_a_caller_whose_flat_was_too_hot_is_texted_a_rating_question_fit_for_it(
    client: Client, store: Store, clock: Clock
) -> None:
    ticket = await _reported_by_phone(client, store, "暖气太热了 热得睡不着 湖西花园2号楼3单元404")
    assert ticket.too_hot
    for sent in await outbox.claim(store, now=clock.now):  # what the call sent is out of the way
        await outbox.mark_sent(store, notification_id=sent.id)
    await tickets.transition(store, number=ticket.number, to=Status.RESOLVED, actor="staff", now=clock.now)
    [asked] = [n for n in await outbox.claim(store, now=clock.now) if n.event == "status.resolved"]
    assert asked.channel is Channel.SMS
    prompt = render_plain([render(asked)])
    assert "温度合适了吗" in prompt and "6. 还是太热" in prompt and "暖和" not in prompt
    _, body = await text(client, "还是太热")
    reopened = await tickets.get(store, number=ticket.number)
    assert reopened is not None and reopened.status is Status.REOPENED and "已重新打开" in message(body)


async def test_a_texted_rating_in_words_is_taken_and_a_texted_leak_is_never_a_rating(
    client: Client, store: Store, clock: Clock
) -> None:
    number = await _resolved_repair_reported_by_phone(client, store, clock)
    _, body = await text(client, "3分 可是暖气片接口在滴水")
    assert "阀门" in message(body) and "谢谢您的评价" not in message(body)
    found = await tickets.of_phone(store, phone=RESIDENT, open_only=False)
    assert {t.kind for t in found} == {TicketKind.NO_HEAT, TicketKind.LEAK}
    assert [t.rating for t in found if t.number == number] == [None]
    _, body = await text(client, "湖西花园2号楼3单元404")  # the leak's address, asked for
    _, body = await text(client, "不满意 2分")
    rated = await tickets.get(store, number=number)
    assert rated is not None and rated.rating == 2 and "谢谢您的评价（2分）" in message(body)


async def _reports_on(store: Store, number: str) -> list[str]:
    events = await tickets.events(store, number=number)
    return [e.data["description"] for e in events if e.kind in ("report", "arrival")]


async def test_word_that_the_crew_came_goes_onto_the_repair_a_crew_was_sent_to_or_asks_which(
    client: Client, store: Store, clock: Clock
) -> None:
    await text(client, "暖气片漏水了 红旗小区3号楼2单元501")
    await text(client, "我妈家也不热 青年路小区2栋1单元101 14度")
    await text(client, "1")
    mothers, leak = await tickets.of_phone(store, phone=RESIDENT)  # newest first
    assert (leak.kind, mothers.kind) == (TicketKind.LEAK, TicketKind.NO_HEAT)
    await tickets.dispatch(store, number=leak.number, crew="C05", actor="staff", now=clock.now)
    _, body = await text(client, "师傅到了")  # the older repair is the one a crew was sent to
    assert f"已在工单 {leak.number} 上记下" in message(body) and mothers.number not in message(body)
    assert await _reports_on(store, leak.number) == ["师傅到了"]
    assert await _reports_on(store, mothers.number) == []
    await tickets.dispatch(store, number=mothers.number, crew="C06", actor="staff", now=clock.now)
    _, body = await text(client, "维修师傅已经到了")  # crews sent to both: which one, in one short text
    asked = message(body)
    assert "哪一处" in asked and "1. 青年路小区2栋1单元101" in asked and "2. 红旗小区3号楼2单元501" in asked
    assert "已在工单" not in asked and len(asked) < 160
    assert await _reports_on(store, mothers.number) == []  # nothing noted before the answer
    _, body = await text(client, "1")  # the answer, by its number: not a rating, not the menu
    assert f"已在工单 {mothers.number} 上记下" in message(body)
    assert await _reports_on(store, mothers.number) == ["维修师傅已经到了"]
    await text(client, "师傅到了")
    _, body = await text(client, "红旗小区那个")  # or by the address
    assert f"已在工单 {leak.number} 上记下" in message(body)
    assert await _reports_on(store, leak.number) == ["师傅到了", "师傅到了"]


async def test_a_text_twilio_posts_twice_is_answered_once(client: Client, store: Store) -> None:
    status, first = await text(client, "暖气片漏水了 红旗小区3栋2单元501", sid="SM" + "5" * 32)
    again = await text(client, "暖气片漏水了 红旗小区3栋2单元501", sid="SM" + "5" * 32)
    assert (
        status == 200
        and "紧急" in message(first)
        and again == (200, '<?xml version="1.0" encoding="UTF-8"?><Response />')
    )
    contact = await contacts.get_or_create(store, channel=Channel.SMS, phone=RESIDENT)
    [ticket] = await tickets.of_contact(store, contact_id=contact.id)
    assert ticket.kind is TicketKind.LEAK


async def test_a_whole_complaint_in_one_text_is_filed_at_once_with_the_repair_of_the_cold_flat_it_names(
    client: Client, store: Store
) -> None:
    said = "投诉：暖气一直不热，打了三次电话都没人来，红旗小区3栋2单元501"
    _, body = await text(client, said, to="+8643188880002")
    found = await tickets.of_phone(store, phone=RESIDENT)
    [repair] = [t for t in found if t.kind is TicketKind.NO_HEAT]
    [complaint] = [t for t in found if t.kind is TicketKind.COMPLAINT]
    assert complaint.description == said and complaint.escalated
    assert (repair.building, repair.unit, repair.room, repair.branch) == ("3", "2", "501", "chaoyang")
    reply = message(body)
    assert complaint.number in reply and repair.number in reply and "30分钟" in reply
    assert "发生了什么" not in reply  # not asked again
    _, body = await text(client, "我要找人工", to="+8643188880002")
    assert "转接人工客服" in message(body)  # the next text is no longer taken as the complaint
    assert len(await tickets.of_phone(store, phone=RESIDENT)) == 2
    assert (await tickets.get(store, number=complaint.number)).description == said  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("first", "answer"),
    [
        ("hello", "Hello! How can I help?"),
        ("Hi", "Hello! How can I help?"),
        ("help", "I'm here. Please tell me what has happened"),
        ("HELP!", "I'm here. Please tell me what has happened"),
        ("ok", "好的。"),  # a word a Chinese writer types too: the chat stays in Chinese
    ],
)
async def test_a_first_english_word_by_text_is_answered_in_english(
    client: Client, first: str, answer: str
) -> None:
    _status, body = await text(client, first, phone="+8613900007001")
    assert message(body).startswith(answer) or answer in message(body)


async def test_an_english_word_from_a_chinese_texter_changes_nothing(client: Client) -> None:
    await text(client, "你好", phone="+8613900007002")
    _status, body = await text(client, "hi", phone="+8613900007002")
    assert "您好" in message(body)


async def test_a_texted_picture_is_said_received_and_unseen_and_kept_on_the_open_ticket(
    client: Client, store: Store
) -> None:
    picture = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/MM1/Media/ME1"
    status, body = await text(client, "", media=(picture,))
    reply = message(body)
    assert status == 200 and "收到您发来的图片" in reply and "看不了" in reply and "空的" not in reply
    await text(client, "红旗小区3号楼2单元501 暖气管爆了，水喷出来了")
    contact = await contacts.get_or_create(store, channel=Channel.SMS, phone=RESIDENT)
    [burst] = await tickets.of_contact(store, contact_id=contact.id)
    second = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/MM2/Media/ME2"
    status, body = await text(client, "", media=(second,))
    assert f"已附到工单 {burst.number}" in message(body) and "看不了" in message(body)
    kept = [e.data["urls"] for e in await tickets.events(store, number=burst.number) if e.kind == "picture"]
    assert kept == [[picture], [second]]  # the first went onto the ticket its sender opened next


async def test_a_one_sent_again_after_filing_by_text_is_told_the_report_is_in(
    client: Client, store: Store
) -> None:
    for words in ("暖气不热", "红旗小区3号楼2单元501", "15", "1"):  # "1": the first numbered option, confirm
        await text(client, words)
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    _, body = await text(client, "1")  # sent twice
    again = message(body)
    assert f"您的报修已经登记（工单 {ticket.number}），不用再发" in again and "回复下面的序号" in again
    assert "95598" not in again and "1. " in again  # the menu, numbered
    assert len(await tickets.of_phone(store, phone=RESIDENT)) == 1


async def test_words_not_placed_by_text_say_what_to_text_for_a_person(client: Client) -> None:
    _, body = await text(client, "说话啊")
    said = message(body)
    assert "没太明白" in said and "回复下面“人工客服”的序号" in said and "95598" not in said


async def test_texts_that_would_ask_for_a_tap_say_what_to_text(client: Client, store: Store) -> None:
    await text(client, "暖气不热")
    await text(client, "红旗小区3号楼2单元501")
    _, body = await text(client, "很冷很冷")  # no reading in it
    asked = message(body)
    assert "没有温度计的话回“跳过”" in asked and "点" not in asked
    _, body = await text(client, "跳过")  # as the text says
    assert "红旗小区3号楼2单元501" in message(body)
