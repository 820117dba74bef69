"""The chat dialogue without HTTP: what the resident reads and what the store holds after each flow."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fake_telegram import OFF_SEASON, Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401

from bot.dialogue import Dialogue
from bot.replies import Button, Identity, Location, Photo, Reply, Text, Unsupported, render_plain
from bot.services import ChatServices
from storage import contacts, conversations, outbox, tickets
from storage.values import Audience, Channel, Priority, Status, TicketKind

NUMBER = re.compile(r"\d{6,10}")


class Chat:
    """One resident talking to the dialogue."""

    def __init__(self, dialogue: Dialogue, chat_id: int = 1001, lang: str | None = "zh-CN") -> None:
        self.dialogue = dialogue
        self.identity = Identity(Channel.TELEGRAM, str(chat_id), lang)
        self.last: list[Reply] = []

    async def say(self, text: str) -> str:
        self.last = await self.dialogue.handle(self.identity, Text(text))
        return render_plain(self.last)

    async def send(self, inbound: Button | Photo | Location | Unsupported) -> str:
        self.last = await self.dialogue.handle(self.identity, inbound)
        return render_plain(self.last)

    async def press(self, label_part: str) -> str:
        """Press the last-shown button whose label contains `label_part`."""
        data = next(o.data for r in self.last for o in r.options if label_part in o.label)
        return await self.send(Button(data))

    def buttons(self) -> list[str]:
        return [o.label for r in self.last for o in r.options]

    async def contact_id(self) -> int:
        contact = await contacts.get_or_create(
            self.dialogue.services.store, channel=Channel.TELEGRAM, telegram_chat_id=int(self.identity.ident)
        )
        return contact.id


@pytest.fixture
def chat(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


async def only_ticket(chat: Chat):
    found = await tickets.of_contact(
        chat.dialogue.services.store, contact_id=await chat.contact_id(), open_only=False
    )
    assert len(found) == 1, found
    return found[0]


async def test_no_heat_report_collects_address_confirms_and_opens_a_ticket(chat: Chat) -> None:
    assert "地址" in await chat.say("暖气不热，屋里才15度")
    confirm = await chat.say("红旗小区3栋2单元501")
    assert "红旗小区3栋2单元501" in confirm and "15℃" in confirm and "确认报修" in chat.buttons()
    opened = await chat.say("是")
    ticket = await only_ticket(chat)
    assert ticket.number in opened and "30分钟" in opened
    assert (ticket.kind, ticket.priority, ticket.status) == (TicketKind.NO_HEAT, Priority.NORMAL, Status.NEW)
    assert (ticket.building, ticket.unit, ticket.room, ticket.temperature_c) == ("3", "2", "501", 15)
    assert ticket.branch == "chaoyang"  # 红旗小区 is served by the Chaoyang branch
    contact = await contacts.get(chat.dialogue.services.store, contact_id=ticket.contact_id)
    assert contact is not None and contact.address_raw == "红旗小区3栋2单元501"


@pytest.mark.parametrize(
    ("lang", "report", "address"),
    [
        (
            "en",
            "radiator cold, Hongqi compound building 3 unit 2 room 501",
            "Hongqi compound building 3 unit 2 room 501",
        ),
        ("zh-TW", "暖氣不熱 紅旗小區3棟2單元501", "紅旗小區3棟2單元501"),
    ],
)
async def test_a_compound_named_in_latin_letters_or_traditional_characters_reaches_its_branch(
    chat: Chat, lang: str, report: str, address: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    await chat.say(report)
    await chat.press("kip" if lang == "en" else "跳")  # the room temperature is optional
    await chat.press("onfirm" if lang == "en" else "認")
    ticket = await only_ticket(chat)
    assert (ticket.branch, ticket.address_raw) == ("chaoyang", address)


@pytest.mark.parametrize(
    ("lang", "said"), [("zh-CN", "不知道，家里没有温度计"), ("zh-TW", "跳過"), ("en", "no idea, skip")]
)
async def test_the_temperature_can_be_skipped_in_words(chat: Chat, lang: str, said: str) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    await chat.say("暖气不热" if lang != "en" else "no heat")
    await chat.say("红旗小区3栋2单元501")
    await chat.say(said)
    assert len(chat.buttons()) == 3  # the confirmation card: confirm, change the address, cancel
    await chat.press(chat.buttons()[0])
    ticket = await only_ticket(chat)
    assert ticket.temperature_c is None and ticket.room == "501"


@pytest.mark.parametrize(
    ("lang", "first", "reading", "shown"),
    [
        (
            "zh-CN",
            "暖气不热",
            "十七八度",
            "17℃",
        ),  # a range is its lower value, not the 18 °C standard asked about
        ("zh-TW", "暖氣不熱", "不知道", "未提供"),  # skipped in words, answered in Traditional still
        ("en", "no heat", "sixteen", "16 °C"),
    ],
)
async def test_the_temperature_question_takes_readings_as_people_say_them(
    chat: Chat, lang: str, first: str, reading: str, shown: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    await chat.say(first)
    await chat.say("Hongqi compound building 3 unit 2 room 501" if lang == "en" else "红旗小区3栋2单元501")
    assert shown in await chat.say(reading) and len(chat.buttons()) == 3  # the confirmation card


@pytest.mark.parametrize("asked", ["18度算合格吗", "18度達標嗎", "16度正常吗"])
async def test_the_norm_asked_at_the_temperature_question_is_answered_and_the_reading_asked_again(
    chat: Chat, asked: str
) -> None:
    await chat.say("暖气不热 红旗小区3栋2单元501")
    assert "多少度" in chat.last[-1].text
    await chat.say(asked)
    assert "18℃" in chat.last[0].text  # the standard; no card with a reading taken, the reading asked again
    assert "多少度" in chat.last[-1].text and len(chat.buttons()) == 1  # "不知道，跳过"
    card = await chat.say("16")  # a reading told is taken
    assert "16℃" in card and len(chat.buttons()) == 3


async def test_an_address_sent_in_pieces_is_put_together(chat: Chat) -> None:
    await chat.say("暖气不热")
    assert "已记下：凯旋小区" in await chat.say("凯旋小区") and "楼号和房间号" in chat.last[-1].text
    assert "还差房间号" in await chat.say("5栋1单元")
    assert "多少度" in await chat.say("302")  # the address is whole: the next question
    await chat.press("跳过")
    await chat.press("确认")
    ticket = await only_ticket(chat)
    assert (ticket.address_raw, ticket.building, ticket.unit, ticket.room) == (
        "凯旋小区 5栋1单元 302",
        "5",
        "1",
        "302",
    )
    assert ticket.branch == "kuancheng"


async def test_a_correction_typed_at_the_confirmation_changes_the_report(chat: Chat) -> None:
    await chat.say("暖气不热 红旗小区3栋2单元501 15度")
    assert "16℃" in await chat.say("说错了 是十六度")
    assert "红旗小区6栋2单元502" in await chat.say("不对 是6栋2单元502")  # the estate said before is kept
    assert "地址" in await chat.say("不对 是7栋") and "确认" not in chat.buttons()  # part of one: asked again
    await chat.say("红旗小区7栋1单元101")
    await chat.press("确认")
    ticket = await only_ticket(chat)
    assert (ticket.building, ticket.unit, ticket.room, ticket.temperature_c) == ("7", "1", "101", 16)
    english = Chat(chat.dialogue, chat_id=1003, lang="en")
    await english.say("no heat, building 3 unit 2 room 501, 15 degrees")
    assert "12 °C" in await english.say("sorry I meant 12 degrees")


async def test_a_correction_of_one_part_or_one_reading_changes_only_that(chat: Chat) -> None:
    await chat.say("暖气不热 红旗小区3栋2单元501 15度")
    assert "没看懂这句" in await chat.say("嗯 这个嘛")  # nothing understood: said so, then the card
    assert "红旗小区3栋2单元502" in await chat.say("不是501 是502")  # the room only, the number said last
    assert "12℃" in await chat.say("不是15度 是12度")  # the reading said last
    traditional = Chat(chat.dialogue, chat_id=1005, lang="zh-TW")
    await traditional.say("暖氣不熱 紅旗小區3棟2單元501 15度")
    assert "紅旗小區6棟2單元502" in await traditional.say("不對 是6棟2單元502")  # the estate kept as written


async def test_pressing_for_the_crew_files_the_report_and_skips_the_reading(chat: Chat) -> None:
    await chat.say("暖气不热")
    await chat.say("红旗小区5栋1单元302")
    assert "未提供" in await chat.say("快点啊 冻死了")  # at the temperature question: no time for a reading
    assert NUMBER.search(await chat.say("快点啊 冻死了"))  # at the card: the report, now
    ticket = await only_ticket(chat)
    assert (ticket.room, ticket.temperature_c) == ("302", None)
    english = Chat(chat.dialogue, chat_id=1003, lang="en")
    await english.say("no heat, Hongqi building 3 unit 2 room 501, 15 degrees")
    assert NUMBER.search(await english.say("hurry up, freezing here"))
    again = Chat(chat.dialogue, chat_id=1004)
    await again.say("暖气不热 红旗小区3栋2单元501 15度")
    assert NUMBER.search(await again.say("暖气还是不热"))  # the same problem told again at the card
    kept = Chat(chat.dialogue, chat_id=1006)
    await kept.say("暖气不热 红旗小区3栋2单元501 15度")
    assert "红旗小区3栋2单元502" in await kept.say("快点 不对 是502")  # a correction still changes the card
    asked = Chat(chat.dialogue, chat_id=1010, lang="en")
    await asked.say("no heat, Hongqi building 3 unit 2 room 501, 15 degrees")
    assert not NUMBER.search(await asked.say("quick question, do I need to be home?"))  # asked, not pressed


@pytest.mark.parametrize(
    ("lang", "yes"),
    [
        ("zh-CN", "对 谢谢"),
        ("zh-CN", "好的 麻烦了"),
        ("zh-TW", "對 謝謝"),
        ("en", "yes thanks"),
        ("en", "ok, thank you"),
    ],
)
async def test_a_yes_with_thanks_at_the_card_files_the_report(
    services: ChatServices, lang: str, yes: str
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    await chat.say(
        "no heat, Hongqi building 3 unit 2 room 502, 14 degrees"
        if lang == "en"
        else "暖气不热 红旗小区3栋2单元502 14度"
    )
    assert NUMBER.search(await chat.say(yes))
    assert (await only_ticket(chat)).room == "502"


async def test_a_no_with_thanks_at_the_card_files_nothing(chat: Chat) -> None:
    await chat.say("暖气不热 红旗小区3栋2单元502 14度")
    assert not NUMBER.search(await chat.say("不 谢谢"))
    assert not await tickets.list_tickets(chat.dialogue.services.store)


async def test_an_address_not_known_is_asked_in_part_with_a_person_offered(chat: Chat) -> None:
    await chat.say("暖气不热")
    answer = await chat.say("不知道")
    assert "先告诉我您知道的部分就行" in answer and "没能" not in answer and "人工客服" in chat.buttons()
    await chat.say("红旗小区")
    assert "就按“红旗小区”报修" in await chat.say("不知道")  # a part known: the report goes on as told
    english = Chat(chat.dialogue, chat_id=1009, lang="en")
    await english.say("my radiator is cold")
    assert "Just tell me what you do know" in await english.say("no idea")
    assert "Talk to staff" in english.buttons()


async def test_temperature_is_asked_and_skippable_and_the_saved_address_is_offered(chat: Chat) -> None:
    await chat.say("暖气片漏水了")  # a leak first: it saves the address
    await chat.say("凯旋小区5栋1单元302")
    assert "室温" not in chat.last[0].text
    await chat.say("暖气不热")
    assert any("凯旋小区5栋1单元302" in label for label in chat.buttons())
    assert "多少度" in await chat.press("凯旋小区")
    assert "未提供" in await chat.press("跳过")
    assert NUMBER.search(await chat.press("确认报修"))
    kinds = {
        t.kind
        for t in await tickets.of_contact(chat.dialogue.services.store, contact_id=await chat.contact_id())
    }
    assert kinds == {TicketKind.LEAK, TicketKind.NO_HEAT}


async def test_an_unreadable_address_is_asked_again_specifically(chat: Chat) -> None:
    await chat.say("暖气不热，室温16度")
    again = await chat.say("3栋")
    assert "房间号" in again and "3栋" in again
    assert "哪个小区" in await chat.say("3栋2单元501")  # whole, but in no estate: that is asked next
    assert "确认" in await chat.say("红旗小区")


async def test_burst_gets_safety_advice_first_and_a_ticket_at_once_escalated(chat: Chat) -> None:
    await chat.say("暖气爆了，水喷出来了")
    first, opened = chat.last[0].text, chat.last[1].text
    assert "阀门" in first and not NUMBER.search(first)  # the advice comes before anything else
    ticket = await only_ticket(chat)
    assert ticket.number in opened and ticket.priority is Priority.EMERGENCY and ticket.escalated
    assert ticket.address_raw is None and "地址" in chat.last[-1].text
    staff = [n for n in await outbox.claim(chat.dialogue.services.store) if n.audience is Audience.STAFF]
    assert [n.event for n in staff] == ["ticket.escalated"] and staff[0].ticket_number == ticket.number
    assert ticket.number in await chat.say("东岭小区2栋1单元101")
    ticket = await only_ticket(chat)
    assert (ticket.building, ticket.room) == ("2", "101")


async def test_leak_opens_from_the_first_message_with_the_address_in_it(chat: Chat) -> None:
    await chat.say("湖西花园7栋3单元602 暖气片漏水了")
    ticket = await only_ticket(chat)
    assert ticket.kind is TicketKind.LEAK and ticket.escalated and ticket.room == "602"
    assert ticket.address_raw == "湖西花园7栋3单元602"  # the address, not the whole message
    assert ticket.number in chat.last[1].text and len(chat.last) == 2  # no address question


@pytest.mark.parametrize(
    ("lang", "report", "said", "not_said"),
    [
        ("zh-CN", "湖西花园7栋3单元602 暖气片漏水了", "正在通知值班人员", "已立即通知"),
        ("zh-TW", "湖西花園7棟3單元602 暖氣片漏水了", "正在通知值班人員", "已立即通知"),
        (
            "en",
            "radiator leaking, Huxi garden building 7 unit 3 room 602",
            "are being alerted",
            "have been alerted",
        ),
    ],
)
async def test_an_emergency_is_said_to_be_on_its_way_to_the_duty_staff_while_their_card_is_only_queued(
    chat: Chat, lang: str, report: str, said: str, not_said: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    await chat.say(report)
    ticket = await only_ticket(chat)
    opened = chat.last[1].text
    assert ticket.number in opened and said in opened and not_said not in opened
    staff = [n for n in await outbox.claim(chat.dialogue.services.store) if n.audience is Audience.STAFF]
    assert [n.event for n in staff] == ["ticket.escalated"]  # still waiting in the outbox, not yet delivered


async def test_status_lists_own_tickets_and_hides_others(services: ChatServices) -> None:
    alice, bob = Chat(Dialogue(services), 1), Chat(Dialogue(services), 2)
    await alice.say("暖气爆了，水喷出来了")
    number = (await only_ticket(alice)).number
    listing = await alice.say("我的报修到哪了")
    assert number in listing and "爆管" in listing and "尚未派出" in listing and "刚刚报修" in listing
    assert "0分钟" not in listing  # under a minute: just now
    services.clock.now += dt.timedelta(minutes=12)  # type: ignore[attr-defined]
    assert "分钟前报修" in await alice.say("我的报修到哪了")
    assert number in await alice.say(number)
    theirs = await bob.say(number)
    # a number nobody's ticket has, and no phone's ("99999999" has a local landline's shape: kept as their phone)
    missing = await bob.say("19999999")
    assert theirs.replace(number, "N") == missing.replace("19999999", "N")
    assert "爆管" not in theirs and "没有找到" in theirs
    assert "没有未完成" in await bob.say("我的报修到哪了")


async def test_standards_topic_by_topic(chat: Chat) -> None:
    answer = await chat.say("供暖期是什么时候")
    assert "10月25日" in answer and "4月10日" in answer and len(chat.buttons()) == 6
    assert "27" in await chat.press("收费")


async def test_off_season_no_heat_gives_the_dates_and_may_still_be_reported(services: ChatServices) -> None:
    services.clock.now = OFF_SEASON  # type: ignore[attr-defined]
    chat = Chat(Dialogue(services))
    answer = await chat.say("暖气不热")
    assert "2026-10-25" in answer and "仍要报修" in chat.buttons()
    assert "地址" in await chat.press("仍要报修")


async def test_complaint_is_escalated_and_says_who_follows_up_by_when(chat: Chat) -> None:
    assert "发生了什么" in await chat.say("我要投诉")
    answer = await chat.say("昨天来的师傅态度很差，还跟我要烟")
    ticket = await only_ticket(chat)
    assert ticket.kind is TicketKind.COMPLAINT and ticket.escalated and "要烟" in ticket.description
    assert ticket.number in answer and "24小时" in answer and "+8643189990000" in answer
    mine = await chat.say("我的报修")  # a complaint is followed up by a supervisor, never "no crew sent"
    assert ticket.number in mine and "由值班主管跟进" in mine and "维修人员" not in mine
    assert "刚刚投诉" in mine and "报修" not in mine.split("｜")[-1]  # complained of, not reported
    detail = await chat.say(f"工单{ticket.number}进度")
    assert "投诉时间：" in detail and "报修时间" not in detail


async def test_handoff_goes_quiet_relays_and_comes_back(chat: Chat, services: ChatServices) -> None:
    assert "人工" in await chat.say("转人工")
    assert (
        await chat.say("你们什么时候回复我")
        == "您的消息已转给工作人员，请稍候，他们会在这里回复您。\n1. 返回机器人"
    )
    staff = [n for n in await outbox.claim(services.store) if n.audience is Audience.STAFF]
    assert [n.event for n in staff] == ["handoff.requested", "handoff.message"]
    assert staff[1].payload["text"] == "你们什么时候回复我"
    assert "回来了" in render_plain(await chat.dialogue.end_handoff(chat.identity))
    assert "您好" in await chat.say("你好")


async def test_handoff_times_out_and_the_bot_says_so(chat: Chat, clock: Clock) -> None:
    await chat.say("转人工")
    clock.advance(hours=2, minutes=1)
    answer = await chat.say("供暖期是什么时候")
    assert "2小时" in answer and "10月25日" in answer


async def test_an_emergency_during_handoff_still_gets_advice_and_a_ticket(chat: Chat) -> None:
    await chat.say("转人工")
    assert "阀门" in await chat.say("暖气爆了，水喷出来了")
    assert (await only_ticket(chat)).kind is TicketKind.BURST


async def test_unsure_asks_one_question_with_the_candidates(chat: Chat) -> None:
    await chat.say("暖气 热水")
    assert set(chat.buttons()) >= {"暖气不热", "爆管/暖气片破裂"}
    assert "地址" in await chat.press("暖气不热")


async def test_out_of_scope_greeting_and_thanks(chat: Chat) -> None:
    assert "95598" in await chat.say("停电了怎么办")
    unplaced = await chat.say(
        "人呢"
    )  # words not placed, naming no other utility: not pointed at the power company
    assert "没太明白" in unplaced and "95598" not in unplaced and "人工客服" in chat.buttons()
    assert "您好" in await chat.say("你好")
    assert "不客气" in await chat.say("谢谢")
    goodbye = await chat.say("好的 再见")
    assert "再见" in goodbye and "不客气" not in goodbye  # a goodbye is answered as one
    assert "Goodbye" in await Chat(chat.dialogue, chat_id=1006, lang="en").say("bye")
    for bare in ("好的", "是", "OK"):  # no question open: noted, not "you're welcome"
        answer = await chat.say(bare)
        assert "不客气" not in answer and "You're welcome" not in answer, bare
        assert "随时告诉我" in answer or "any time" in answer, bare


async def test_rating_and_still_cold_reopens(chat: Chat, services: ChatServices) -> None:
    await chat.say("湖西花园7栋3单元602 暖气片漏水了")
    number = (await only_ticket(chat)).number
    await tickets.transition(services.store, number=number, to=Status.RESOLVED, actor="staff")
    assert "谢谢" in await chat.send(Button(f"r:{number}:5"))
    assert (await only_ticket(chat)).rating == 5
    assert "重新打开" in await chat.send(Button(f"r:{number}:cold"))
    assert (await only_ticket(chat)).status is Status.REOPENED


async def test_cold_again_soon_after_a_repair_reopens_its_ticket(chat: Chat, clock: Clock) -> None:
    store = chat.dialogue.services.store
    await chat.say("暖气不热 红旗小区3栋2单元501 屋里15度")
    await chat.press("确认")
    number = (await only_ticket(chat)).number
    await tickets.transition(store, number=number, to=Status.RESOLVED, actor="staff", now=clock.now)
    clock.advance(hours=20)
    answer = await chat.say("修完了暖气还是不热，屋里14度")
    ticket = await only_ticket(chat)  # no second ticket
    assert f"已重新打开工单 {number}" in answer and ticket.status is Status.REOPENED
    assert ticket.temperature_c == 14  # the room as it is now, for the crew going back
    [words] = [e for e in await tickets.events(store, number=number) if e.kind == "report"]
    assert words.data["description"] == "修完了暖气还是不热，屋里14度"
    await tickets.transition(store, number=number, to=Status.RESOLVED, actor="staff", now=clock.now)
    clock.advance(days=4)  # long after: a new fault, a new report
    assert "重新打开" not in await chat.say("暖气又不热了")


async def test_a_typed_number_picks_the_option(chat: Chat) -> None:
    await chat.say("/start")
    assert "没有未完成" in await chat.say("2")  # 2 = my repairs


async def test_traditional_and_english_are_answered_in_kind(services: ChatServices) -> None:
    hant = Chat(Dialogue(services), 7)
    advice = await hant.say("暖氣漏水了")
    assert "閥門" in advice and "阀门" not in advice
    contact = await contacts.get(services.store, contact_id=await hant.contact_id())
    assert contact is not None and contact.language == "zh-Hant"
    english = Chat(Dialogue(services), 8, lang="en-GB")
    assert "Hello" in await english.say("/start") and "My repairs" in english.buttons()
    assert "address" in await english.say("my radiator is cold")


@pytest.mark.parametrize("address", ["红旗小区3栋2单元501", "紅旗小區3棟2單元501"])
async def test_an_address_pasted_in_chinese_leaves_an_english_resident_in_english(
    services: ChatServices, address: str
) -> None:
    english = Chat(Dialogue(services), 9, lang="en")
    assert "address" in await english.say("Hi, my apartment has no heating")
    assert "how warm" in await english.say(address)  # the temperature question, in English
    card = await english.say("16")
    assert "Please check your report" in card and address in card
    assert "Your repair is reported" in await english.press("Confirm")
    assert "welcome" in await english.say("thx")
    contact = await contacts.get(services.store, contact_id=await english.contact_id())
    assert contact is not None and contact.language == "en"
    assert "供热费" in await english.say(
        "我还想问一下暖气费怎么交"
    )  # a sentence in Chinese is answered in Chinese


async def test_tampered_and_stale_buttons_get_a_polite_answer(chat: Chat) -> None:
    assert "无法识别" in await chat.send(Button("drop table tickets"))
    await chat.say("暖气不热，室温15度")
    await chat.say("红旗小区3栋2单元501")
    await chat.press("取消")
    assert "过期" in await chat.send(Button("c:yes"))
    assert await tickets.of_contact(chat.dialogue.services.store, contact_id=await chat.contact_id()) == []


async def test_ten_messages_a_second_are_held_not_lost(services: ChatServices, clock: Clock) -> None:
    clock.step = clock.step * 0
    chat = Chat(Dialogue(services))
    answers = [await chat.say(f"喂{i}") for i in range(8)]
    answers += [await chat.say("暖气不热，屋里才12度"), await chat.say("还有")]
    assert all("有点快" not in a for a in answers[:8]) and "有点快" in answers[8] and answers[9] == ""
    clock.advance(seconds=10)
    await chat.say("红旗小区3栋2单元501")  # the held report is read first, then this answers its question
    assert NUMBER.search(await chat.say("确认"))
    ticket = await only_ticket(chat)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.temperature_c == 12 and ticket.room == "501"


async def test_an_emergency_is_never_held_back_by_the_flood_limit(
    services: ChatServices, clock: Clock
) -> None:
    clock.step = clock.step * 0
    chat = Chat(Dialogue(services))
    for i in range(12):
        await chat.say(f"喂{i}")
    assert "阀门" in await chat.say("暖气爆了，水喷出来了")
    assert (await only_ticket(chat)).kind is TicketKind.BURST


async def test_at_most_a_handful_of_tickets_per_hour(chat: Chat) -> None:
    for text in ("暖气爆了，水喷出来了", "我要投诉"):  # a leak after the burst would join the burst's ticket
        await chat.say(text)
    await chat.press("提交")
    services = chat.dialogue.services
    object.__setattr__(services, "tickets_per_hour", 2)
    await chat.say("暖气不热，室温15度")
    await chat.say("红旗小区3栋2单元501")
    refused = await chat.say("确认")
    assert "2张工单" in refused and "+8643188880002" in refused  # the Chaoyang hotline: the address is theirs
    assert (
        len(await tickets.of_contact(services.store, contact_id=await chat.contact_id(), open_only=False))
        == 2
    )


async def test_photos_are_kept_until_the_ticket_opens_then_attached(
    chat: Chat, services: ChatServices
) -> None:
    assert "保存" in await chat.send(Photo("photo-file-1"))
    await chat.say("湖西花园7栋3单元602 暖气片漏水了")
    number = (await only_ticket(chat)).number
    assert "已附到" in await chat.send(Location(43.88, 125.32))
    kinds = [e.kind for e in await tickets.events(services.store, number=number)]
    assert "photo" in kinds and "location" in kinds


async def test_a_photo_or_location_sent_mid_report_is_acknowledged_and_the_question_comes_back(
    chat: Chat, services: ChatServices
) -> None:
    await chat.say("暖气不热")
    answer = await chat.send(Photo("photo-file-2"))
    assert "随这次报修一起提交" in answer and "地址" in chat.last[-1].text
    await chat.say("红旗小区3栋2单元501")
    answer = await chat.send(Location(43.88, 125.32))  # at the temperature question
    assert "随这次报修一起提交" in answer and "多少度" in chat.last[-1].text
    await chat.press("跳过")
    await chat.press("确认")
    kinds = [e.kind for e in await tickets.events(services.store, number=(await only_ticket(chat)).number)]
    assert "photo" in kinds and "location" in kinds


async def test_unsupported_input_says_what_works(chat: Chat) -> None:
    assert "+8643188880001" in await chat.send(Unsupported("voice"))
    assert "文字" in await chat.send(Unsupported("sticker"))
    assert "照片" in await chat.send(Unsupported("document"))
    assert "空的" in await chat.say("   ")
    assert "没有这个命令" in await chat.say("/frobnicate")


async def test_a_restart_loses_nothing(services: ChatServices) -> None:
    await Chat(Dialogue(services)).say("暖气不热，室温15度")
    state = await conversations.load(services.store, key="tg:1001")
    assert state is not None and state["step"] == "address"
    fresh = Chat(Dialogue(services))  # another process, same store
    assert "确认" in await fresh.say("红旗小区3栋2单元501")


async def test_a_follow_up_question_gets_the_open_report_and_its_promised_arrival(
    chat: Chat, clock: Clock
) -> None:
    assert "30分钟" in await chat.say("师傅多久到")  # no report yet: the published standard
    assert "您的未完成报修" not in await chat.say("到哪了")
    await chat.say("暖气爆了，水喷出来了")
    ticket = await only_ticket(chat)
    due = ticket.due_at.astimezone(chat.dialogue.services.company.zone).strftime("%H:%M")
    answer = await chat.say("师傅多久到")
    assert ticket.number in answer and f"承诺{due}前到场" in answer
    assert "地址" in chat.last[-1].text  # the emergency's address is still wanted after the answer
    assert ticket.number in await chat.say("东岭小区2栋1单元101")
    assert (await only_ticket(chat)).building == "2"
    for follow_up in ("人什么时候来啊", "现在怎么样了", "还要等多久"):
        assert ticket.number in await chat.say(follow_up), follow_up
    assert ticket.number not in await chat.say("天气怎么样了")  # not about the report
    clock.advance(minutes=40)
    late = await chat.say("到哪了")
    assert ticket.number in late and "已超过承诺到场时间" in late and "值班主管正在跟进" in late
    assert "已超过承诺到场时间" in await chat.say(ticket.number)


async def test_a_complaint_of_the_wait_shows_the_late_repair_and_goes_onto_it(
    chat: Chat, clock: Clock
) -> None:
    store = chat.dialogue.services.store
    await chat.say("暖气片漏水了 红旗小区3栋2单元501")
    ticket = await only_ticket(chat)
    opened = {n.id for n in await outbox.claim(store)}
    clock.advance(minutes=40)
    answer = await chat.say("都40分钟了还没人来")
    assert ticket.number in answer and "已超过承诺到场时间" in answer and "如需正式投诉" in answer
    assert (await only_ticket(chat)).number == ticket.number  # no second ticket
    [words] = [e for e in await tickets.events(store, number=ticket.number) if e.kind == "report"]
    assert words.data["description"] == "都40分钟了还没人来"
    staff = [n for n in await outbox.claim(store) if n.id not in opened and n.audience is Audience.STAFF]
    assert [n.event for n in staff] == ["ticket.report"]
    assert "告诉我发生了什么" in await chat.say(
        "我要投诉"
    )  # a formal complaint is still there for the asking


async def test_a_repeat_joins_the_open_repair_at_once_and_a_chase_goes_onto_the_late_one(
    chat: Chat, clock: Clock
) -> None:
    store = chat.dialogue.services.store
    await chat.say("暖气不热 红旗小区3栋2单元501 15度")
    await chat.press("确认")
    [first] = await tickets.of_contact(store, contact_id=await chat.contact_id())
    assert "不会重复派单" in await chat.say("暖气还是不热啊")  # no address, temperature or card asked again
    clock.advance(minutes=40)  # the first repair is late now
    await chat.say("我妈家青年路小区2栋1单元101暖气也不热 14度")  # another flat: its own ticket, newer
    await chat.press("确认")
    assert len(await tickets.of_contact(store, contact_id=await chat.contact_id())) == 2
    assert f"工单 {first.number}" in await chat.say("都40分钟了还没人来")  # the late one, not the newest
    words = [e for e in await tickets.events(store, number=first.number) if e.kind == "report"]
    assert words[-1].data["description"] == "都40分钟了还没人来"


async def test_a_formal_complaint_while_a_repair_is_late_goes_to_its_branch_and_onto_it(
    chat: Chat, clock: Clock
) -> None:
    store = chat.dialogue.services.store
    await chat.say("暖气不热 凯旋小区5栋1单元302 14度")  # served by Kuancheng
    await chat.press("确认")
    [repair] = await tickets.of_contact(store, contact_id=await chat.contact_id())
    clock.advance(minutes=45)
    await chat.say("我要投诉")
    await chat.say("四十五分钟了还没见人，打电话也没人接")
    complaint = next(
        t
        for t in await tickets.of_contact(store, contact_id=await chat.contact_id())
        if t.number != repair.number
    )
    assert (
        complaint.kind is TicketKind.COMPLAINT and complaint.branch == "kuancheng"
    )  # the late repair's branch
    words = [e for e in await tickets.events(store, number=repair.number) if e.kind == "report"]
    assert words[-1].data["description"].endswith("打电话也没人接")


async def test_a_follow_up_in_english_gets_the_crew_due_time(services: ChatServices) -> None:
    chat = Chat(Dialogue(services), lang="en")
    await chat.say("radiator is leaking, water on the floor. Building 3 unit 2 room 501")
    ticket = await only_ticket(chat)
    due = ticket.due_at.astimezone(services.company.zone).strftime("%H:%M")
    for follow_up in ("when will they come?", "how long?", "any news"):
        answer = await chat.say(follow_up)
        assert ticket.number in answer and f"| crew due by {due}" in answer, follow_up


async def test_news_that_the_leak_got_worse_goes_onto_its_ticket_and_to_the_duty_staff(chat: Chat) -> None:
    store = chat.dialogue.services.store
    assert "24小时" not in await chat.say("越来越厉害了")  # nothing open: no emergency, no ticket
    assert not await tickets.of_contact(store, contact_id=await chat.contact_id(), open_only=False)
    await chat.say("暖气片接头一直往外冒水")
    ticket = await only_ticket(chat)
    opened = {n.id for n in await outbox.claim(store)}
    worse = await chat.say("水越来越多了怎么办")  # asked while the address is wanted: not taken for one
    assert "阀门" in chat.last[0].text  # the safety advice again, first
    assert f"紧急漏水工单 {ticket.number}" in worse and "正在转告值班人员" in worse and "承诺到场" in worse
    assert "地址" in chat.last[-1].text  # and the address is still wanted
    assert ticket.number in await chat.say("东岭小区2栋1单元101")
    await chat.say("越来越厉害了")  # no water named: the open leak is what got worse
    assert (await only_ticket(chat)).number == ticket.number  # one ticket, one crew
    added = [e for e in await tickets.events(store, number=ticket.number) if e.kind == "report"]
    assert [e.data["description"] for e in added] == ["水越来越多了怎么办", "越来越厉害了"]
    staff = [n for n in await outbox.claim(store) if n.id not in opened and n.audience is Audience.STAFF]
    assert [n.event for n in staff] == ["ticket.report", "ticket.report", "ticket.address"]
    assert ticket.number not in await chat.say("天气越来越冷了")  # not news of the leak


async def test_news_of_a_worse_leak_in_english(services: ChatServices) -> None:
    chat = Chat(Dialogue(services), lang="en")
    await chat.say("radiator is leaking, water on the floor. Building 3 unit 2 room 501")
    ticket = await only_ticket(chat)
    answer = await chat.say("it's getting much worse")
    assert f"emergency leak ticket {ticket.number}" in answer and "the duty staff are being told" in answer
    assert (await only_ticket(chat)).number == ticket.number


async def test_word_that_a_visit_is_no_longer_needed_goes_to_the_staff_of_the_open_repair(chat: Chat) -> None:
    store = chat.dialogue.services.store
    assert "工作人员" not in await chat.say("暖气已经热了，谢谢")  # nothing open: a plain thank-you
    await chat.say("暖气片漏水了 红旗小区3栋2单元501")
    ticket = await only_ticket(chat)
    opened = {n.id for n in await outbox.claim(store)}
    answer = await chat.say("不用来了，我自己把阀门拧紧了，不滴了")
    assert f"已转告负责工单 {ticket.number} 的工作人员" in answer and "是否还需要上门" in answer
    after = await only_ticket(chat)
    assert after.status is Status.NEW  # only staff change a ticket: it stays open until they decide
    [words] = [e for e in await tickets.events(store, number=ticket.number) if e.kind == "report"]
    assert words.actor == "resident" and words.data["description"] == "不用来了，我自己把阀门拧紧了，不滴了"
    staff = [n for n in await outbox.claim(store) if n.id not in opened and n.audience is Audience.STAFF]
    assert [(n.event, n.payload["description"]) for n in staff] == [
        ("ticket.report", "不用来了，我自己把阀门拧紧了，不滴了")
    ]


async def test_word_that_the_valve_is_closed_goes_under_the_emergency_card_and_the_crew_still_comes(
    chat: Chat,
) -> None:
    store = chat.dialogue.services.store
    assert "值班人员" not in await chat.say("水阀关上了")  # nothing open: nothing to note it on
    await chat.say("暖气片漏水了 红旗小区3栋2单元501")
    ticket = await only_ticket(chat)
    opened = {n.id for n in await outbox.claim(store)}
    answer = await chat.say("水阀关上了")
    assert f"已记到紧急抢修单 {ticket.number} 上并转告值班人员" in answer and "抢修人员仍会上门" in answer
    assert "我想确认一下" not in answer and not chat.buttons()
    cancel = await chat.say("取消吧 水阀关上了")  # the wish to cancel, the valve with it: staff decide
    assert f"紧急抢修单 {ticket.number} 已经通知值班人员，不会自动取消" in cancel and "由他们决定" in cancel
    assert (await only_ticket(chat)).status is Status.NEW
    said = [
        e.data["description"] for e in await tickets.events(store, number=ticket.number) if e.kind == "report"
    ]
    assert said == ["水阀关上了", "取消吧 水阀关上了"]
    staff = [n for n in await outbox.claim(store) if n.id not in opened and n.audience is Audience.STAFF]
    assert [(n.event, n.payload["description"]) for n in staff] == [
        ("ticket.report", "水阀关上了"),
        ("ticket.report", "取消吧 水阀关上了"),
    ]
    assert "还在漏" not in await chat.say("阀门关了吗")  # asked, not told: not noted as news
    assert len([e for e in await tickets.events(store, number=ticket.number) if e.kind == "report"]) == 2


@pytest.mark.parametrize(
    ("lang", "report", "closed", "told"),
    [
        ("zh-TW", "暖氣片漏水了", "總閥關了", "已記到緊急搶修單 {number} 上"),
        ("en", "radiator is leaking", "valve is off", "noted on emergency ticket {number}"),
    ],
)
async def test_word_that_the_valve_is_closed_while_the_address_is_asked_is_noted_and_the_address_asked_again(
    services: ChatServices, lang: str, report: str, closed: str, told: str
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    await chat.say(report)  # opened at once; the address is asked
    asked = chat.last[-1].text
    ticket = await only_ticket(chat)
    assert told.format(number=ticket.number) in await chat.say(closed)
    assert chat.last[-1].text == asked  # the address question again, not an address misread
    events = await tickets.events(services.store, number=ticket.number)
    assert [e.data["description"] for e in events if e.kind == "report"] == [closed]
    assert ticket.number in await chat.say("红旗小区3栋2单元501")  # the address is still taken


async def test_word_that_the_crew_has_come_goes_onto_the_emergency_and_its_address_is_not_asked_again(
    chat: Chat,
) -> None:
    store = chat.dialogue.services.store
    await chat.say("暖气片漏水了")  # opened at once; the address is asked
    ticket = await only_ticket(chat)
    opened = {n.id for n in await outbox.claim(store)}
    answer = await chat.say("不用了，师傅已经到了")
    assert f"已在工单 {ticket.number} 上记下：维修人员已到场" in answer and "地址" not in answer
    [words] = [e for e in await tickets.events(store, number=ticket.number) if e.kind == "arrival"]
    assert words.data["description"] == "不用了，师傅已经到了"
    staff = [n for n in await outbox.claim(store) if n.id not in opened and n.audience is Audience.STAFF]
    assert [(n.event, n.payload["description"]) for n in staff] == [
        ("ticket.arrival", "不用了，师傅已经到了")
    ]
    assert (await only_ticket(chat)).status is Status.NEW  # only staff mark a crew on site
    assert "确认" not in await chat.say("谢谢")  # no address question is waiting any more


async def test_word_that_the_crew_has_come_is_noted_and_a_question_asked_with_it_answered(chat: Chat) -> None:
    english = Chat(chat.dialogue, chat_id=1002, lang="en")
    assert "noted" not in await english.say("the crew just arrived")  # nothing open: nothing to note it on
    await english.say("radiator is leaking, water on the floor. Building 3 unit 2 room 501")
    ticket = await only_ticket(english)
    answer = await english.say("never mind, the crew just arrived")
    assert f"noted on ticket {ticket.number} that the crew has arrived" in answer
    await chat.say("暖气片漏水了 红旗小区3栋2单元501")
    answer = await chat.say("师傅到了 上门维修收费不")  # the visit's rules asked as the crew comes in
    assert "维修人员已到场" in answer and "出示有效证件" in chat.last[-1].text and len(chat.last) == 2


async def test_a_report_of_another_flat_opens_its_own_ticket_for_the_branch_that_serves_it(
    chat: Chat,
) -> None:
    store = chat.dialogue.services.store
    await chat.say("暖气片漏水了 红旗小区3栋2单元501")
    own = await only_ticket(chat)
    opened = {n.id for n in await outbox.claim(store)}
    answer = await chat.say("我妈家青年路小区2栋1单元101暖气也漏水了")
    assert "阀门" in chat.last[0].text  # the safety advice for the second flat comes first
    found = await tickets.of_contact(store, contact_id=await chat.contact_id())
    assert len(found) == 2
    mothers = next(t for t in found if t.number != own.number)
    assert (mothers.kind, mothers.branch, mothers.building, mothers.room) == (
        TicketKind.LEAK,
        "lvyuan",
        "2",
        "101",
    )
    assert mothers.address_raw is not None and "青年路小区" in mothers.address_raw
    assert f"工单号 {mothers.number}" in answer and "30分钟内到场" in answer  # its own crew and promise
    assert own.number not in answer and "不会重复派单" not in answer
    staff = [n for n in await outbox.claim(store) if n.id not in opened and n.audience is Audience.STAFF]
    assert [(n.address, n.payload["number"]) for n in staff] == [("lvyuan", mothers.number)]
    contact = await contacts.get(store, contact_id=await chat.contact_id())
    assert (
        contact is not None and contact.address_raw == "红旗小区3栋2单元501"
    )  # the resident's own flat kept
    again = await chat.say("红旗小区3栋2单元501 暖气片还在漏")  # the same flat: the same ticket, as before
    assert own.number in again and "不会重复派单" in again
    assert len(await tickets.of_contact(store, contact_id=await chat.contact_id())) == 2


async def test_a_question_asked_mid_report_is_answered_and_the_report_goes_on(chat: Chat) -> None:
    await chat.say("暖气不热")
    answer = await chat.say("谢谢")  # small talk while the address is asked: answered, then asked again
    assert "不客气" in answer and "地址" in chat.last[-1].text
    await chat.say("红旗小区3栋2单元501")
    await chat.say("15")
    answer = await chat.say("你们多久能到")  # at the confirmation: the promise, then the same confirmation
    assert "30分钟" in answer and "确认" in chat.last[-1].text
    assert chat.buttons() == ["确认报修", "改地址", "取消"]  # only the report's own buttons compete
    opened = await chat.press("确认")
    ticket = await only_ticket(chat)
    assert ticket.number in opened and ticket.temperature_c == 15 and ticket.room == "501"


async def test_word_that_the_heat_is_back_before_the_report_is_sent_drops_it(chat: Chat) -> None:
    await chat.say("暖气不热")
    answer = await chat.say("不用了，暖气已经热了")
    assert "已取消，没有登记工单" in answer and "地址" not in answer
    assert not await tickets.of_contact(
        chat.dialogue.services.store, contact_id=await chat.contact_id(), open_only=False
    )
    assert "确认" not in await chat.say("红旗小区3栋2单元501")  # no report is being collected any more


async def test_a_leak_that_bursts_stays_one_emergency_with_one_crew(chat: Chat) -> None:
    await chat.say("暖气片漏水了 红旗小区3栋2单元501")
    leak = await only_ticket(chat)
    answer = await chat.say("现在爆了，水喷得到处都是")
    assert (
        "阀门" in chat.last[0].text and f"紧急爆管工单 {leak.number}" in answer
    )  # advice, then the same ticket, now a burst
    burst = await only_ticket(chat)
    assert (burst.number, burst.kind) == (leak.number, TicketKind.BURST)


async def test_contact_details_are_those_of_the_branch_asked_about_or_the_residents_own(chat: Chat) -> None:
    named = await chat.say("南关分公司在哪")
    assert "东岭南街88号" in named and "红旗街166号" not in named and "+8643188880019" not in named
    await chat.say("暖气不热 红旗小区3栋2单元501 15度")
    await chat.press("确认")
    own = await chat.say("你们电话多少")  # the resident's flat is Chaoyang's
    assert "红旗街166号" in own and "东岭南街88号" not in own


async def test_the_norm_asked_with_a_no_heat_report_open_asks_no_address(chat: Chat) -> None:
    await chat.say("暖气不热 红旗小区5栋1单元302 15度")
    number = NUMBER.search(await chat.press("确认报修"))
    assert number
    answer = await chat.say("18度算合格吗")
    assert "18℃" in answer and f"您家的报修 {number[0]}（红旗小区5栋1单元302）正在处理中" in answer
    other = Chat(chat.dialogue, chat_id=1007)  # no report open: the answer asks for the address as published
    assert "正在处理中" not in await other.say("18度算合格吗")
    english = Chat(chat.dialogue, chat_id=1008, lang="en")
    await english.say("no heat, Hongqi building 3 unit 2 room 501, 15 degrees")
    assert NUMBER.search(await english.press("Confirm"))
    assert "no need to send your address again" in await english.say("is 18 degrees the minimum?")
