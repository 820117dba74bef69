"""Whole calls over real HTTP: signed posts into the app, TwiML followed step by step."""

from __future__ import annotations

import datetime as dt

from storage_helpers import open_for_new_contact
from test_ivr_helpers import DUTY, RESIDENT, Caller, Client, Clock, client_fixture, clock_fixture  # noqa: F401

from intents.company import Company
from intents.types import Address
from storage import Store, contacts, outbox, tickets
from storage.values import Channel, Priority, Status, TicketInfo, TicketKind


async def test_the_greeting_offers_speech_and_keys_in_mandarin(client: Client) -> None:
    caller = Caller(client)
    await caller.call()
    gather = caller.gather()
    assert gather.get("input") == "dtmf speech"
    assert gather.get("language") == "cmn-Hans-CN"
    assert gather.get("speechModel") and gather.get("numDigits") == "1"
    assert "暖气" in gather.get("hints")
    assert gather.get("action").startswith("https://heatline.example/twilio/voice/menu?")
    assert gather.xpath("Say/@voice") == ["Polly.Zhiyu", "Polly.Zhiyu"]
    assert "按1" in caller.said and "按0" in caller.said and "press 9" in caller.said


async def test_no_heat_by_keypad_opens_a_ticket_read_twice_and_texted(
    client: Client, store: Store, clock: Clock
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("1")
    assert caller.gather().get("input") == "speech"
    assert "地址" in caller.said
    await caller.say("红旗小区3号楼2单元501")
    assert "红旗小区3号楼2单元501" in caller.said and "按1" in caller.said
    await caller.press("1")
    assert caller.gather().get("finishOnKey") == "#"
    await caller.press("15")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.priority is Priority.NORMAL
    assert ticket.branch == "chaoyang" and ticket.temperature_c == 15
    assert (ticket.building, ticket.unit, ticket.room) == ("3", "2", "501")
    spoken = "，".join(ticket.number)
    says = caller.doc.xpath("/Response/Say/text()")
    assert says.count(spoken) == 2
    assert caller.doc.xpath("/Response/Pause")
    sent = await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
    opened = [n for n in sent if n.event == "ticket.opened"]
    assert [(n.channel, n.address, n.ticket_number) for n in opened] == [
        (Channel.SMS, RESIDENT, ticket.number)
    ]
    await caller.silence()
    assert caller.doc.xpath("/Response/Hangup")


async def test_no_heat_in_own_words_with_the_address_in_the_same_breath(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("我家暖气不热，红旗小区3号楼2单元501")
    assert "按1" in caller.said and "501" in caller.said
    await caller.say("对")
    await caller.say("十六度")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.room == "501"
    assert "暖气不热" in ticket.description
    assert ticket.temperature_c == 16


async def test_the_second_call_offers_the_remembered_address(client: Client, store: Store) -> None:
    first = Caller(client)
    await first.call()
    await first.press("1")
    await first.say("桂林小区5号楼1单元302")
    await first.press("1")
    await first.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.temperature_c is None
    await tickets.transition(store, number=ticket.number, to=Status.RESOLVED, actor="staff")
    again = Caller(client)
    await again.call()
    await again.press("1")
    assert "桂林小区5号楼1单元302" in again.said and "按1" in again.said
    await again.press("1")
    await again.press("#")
    newest = (await tickets.of_phone(store, phone=RESIDENT))[0]
    assert newest.number != ticket.number and newest.room == "302"


async def test_an_address_refused_twice_is_kept_as_said_and_flagged(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("1")
    await caller.say("就在那个老楼")
    await caller.press("2")
    assert caller.gather().get("input") == "speech"
    await caller.say("老楼那边东头")
    await caller.press("2")
    assert caller.gather().get("finishOnKey") == "#"  # moves on to the temperature, no third try
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.address_raw == "老楼那边东头"
    notes = [e for e in await tickets.events(store, number=ticket.number) if "not confirmed" in str(e.data)]
    assert notes


async def test_english_caller_reports_no_heat_by_speech(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("9")
    gather = caller.gather()
    assert gather.get("language") == "en-US"
    assert set(gather.xpath("Say/@voice")) == {"Polly.Joanna"}
    assert "press 1 for no heat" in caller.said
    await caller.say("my radiators are cold, there is no heating")
    assert "address" in caller.said
    await caller.say("Building 3 unit 2 room 501, Hongqi compound")
    assert "Press 1" in caller.said
    await caller.press("1")
    await caller.press("17#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.temperature_c == 17
    assert caller.doc.xpath("/Response/Say/text()").count(", ".join(ticket.number)) == 2
    assert "ticket number" in caller.said


async def test_silence_twice_at_the_menu_offers_a_person_never_a_loop(client: Client) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.silence()
    assert caller.gather() is not None and "没有听清" in caller.said
    await caller.silence()
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]


async def test_key_zero_reaches_the_duty_phone_of_the_dialled_hotline(client: Client) -> None:
    caller = Caller(client, hotline="+8643188880001")  # nanguan
    await caller.call()
    await caller.press("0")
    assert caller.doc.xpath("//Dial/Number/text()") == ["+8643188770000"]
    assert caller.doc.xpath("//Dial/@timeout") == ["20"]


async def reported_no_heat(client: Client, store: Store) -> TicketInfo:
    """The resident calls, says the flat is cold with the address, confirms and skips the reading."""
    first = Caller(client)
    await first.call()
    await first.say("暖气不热 红旗小区3号楼2单元501")
    await first.press("1")
    await first.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    return ticket


async def test_my_repair_by_caller_id_says_status_and_time_since_report(
    client: Client, store: Store, clock: Clock
) -> None:
    ticket = await reported_no_heat(client, store)
    await tickets.dispatch(store, number=ticket.number, crew="C01", actor="staff")
    clock.now += dt.timedelta(minutes=25)
    caller = Caller(client)
    await caller.call()
    await caller.press("3")
    assert "，".join(ticket.number) in caller.said
    assert "维修人员正在赶往现场" in caller.said and "25分钟前" in caller.said


async def test_a_ticket_of_another_caller_is_simply_not_found(client: Client, store: Store) -> None:
    other = Caller(client, phone="+8613900000999")
    await other.call()
    await other.say("暖气不热 红旗小区1号楼1单元101")
    await other.press("1")
    await other.press("#")
    [theirs] = await tickets.of_phone(store, phone="+8613900000999")
    caller = Caller(client)
    await caller.call()
    await caller.press("3")
    assert "没有查到" in caller.said
    await caller.press(theirs.number)
    assert "没有找到" in caller.said
    assert "101" not in caller.said and "，".join(theirs.number) not in caller.said
    await caller.press("*")
    assert caller.step == "/twilio/voice/menu"


async def test_standards_answer_by_topic_in_season(client: Client, demo_company: Company) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("4")
    assert "供暖时间按1" in caller.said
    await caller.press("2")
    assert "18" in caller.said
    assert caller.step == "/twilio/voice/standards"
    await caller.press("3")
    assert str(demo_company.commitments.on_site_minutes) in caller.said
    await caller.press("*")
    assert caller.step == "/twilio/voice/menu"


async def test_the_contact_details_read_out_are_the_dialled_branchs(
    client: Client, demo_company: Company
) -> None:
    caller = Caller(client)  # the hotline Chaoyang answers
    await caller.call()
    await caller.press("4")
    await caller.press("6")
    assert "红旗街166号" in caller.said and "东岭南街88号" not in caller.said
    assert all(number in caller.said for number in demo_company.hotlines_of("chaoyang"))
    assert "+8643188880001" not in caller.said  # another branch's line is not read out


async def test_a_spoken_standards_question_is_answered(client: Client) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("今年供暖从几号开始到几号结束")
    assert "10月25日" in caller.said or "4月10日" in caller.said


async def test_a_spoken_follow_up_hears_the_open_repair_and_the_promised_arrival(
    client: Client, store: Store, clock: Clock
) -> None:
    stranger = Caller(client, phone="+8613900000777")
    await stranger.call()
    await stranger.say("师傅多久到啊")  # no repair of theirs: the published standard, not "nothing found"
    assert "没有查到" not in stranger.said and "30分钟" in stranger.said
    ticket = await reported_no_heat(client, store)
    clock.now += dt.timedelta(minutes=10)
    caller = Caller(client)
    await caller.call()
    await caller.say("师傅多久到啊")
    assert (
        "，".join(ticket.number) in caller.said and "维修人员将在" in caller.said and "内到场" in caller.said
    )
    clock.now += dt.timedelta(minutes=30)
    late = Caller(client)
    await late.call()
    await late.say("那个 人到哪了")
    assert "，".join(ticket.number) in late.said and "已超过承诺到场时间" in late.said
    await tickets.dispatch(store, number=ticket.number, crew="C01", actor="staff")
    await tickets.transition(store, number=ticket.number, to=Status.ON_SITE, actor="staff")
    arrived = Caller(client)
    await arrived.call()
    await arrived.press("3")
    assert "维修人员已在现场" in arrived.said
    assert "超过承诺" not in arrived.said and "内到场" not in arrived.said  # the promise is kept or settled


async def test_a_caller_saying_the_crew_has_come_is_heard_and_it_goes_onto_their_repair(
    client: Client, store: Store
) -> None:
    ticket = await reported_no_heat(client, store)
    caller = Caller(client)
    await caller.call()
    await caller.say("嗯 那个 师傅已经到了")
    assert "，".join(ticket.number) in caller.said and "维修人员已到场" in caller.said
    assert caller.doc.xpath("/Response/Hangup")
    words = (await tickets.events(store, number=ticket.number))[-1]
    assert words.kind == "arrival" and "师傅已经到了" in words.data["description"]


async def test_a_caller_saying_the_heat_is_back_is_passed_to_the_staff_of_their_repair(
    client: Client, store: Store, clock: Clock
) -> None:
    ticket = await reported_no_heat(client, store)
    caller = Caller(client)
    await caller.call()
    await caller.say("嗯 暖气已经热了 不用来了")
    assert "，".join(ticket.number) in caller.said and "是否还需要上门" in caller.said
    assert caller.doc.xpath("/Response/Hangup")
    words = (await tickets.events(store, number=ticket.number))[-1]
    assert words.kind == "report" and "不用来了" in words.data["description"]
    staff = [
        n
        for n in await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
        if n.event == "ticket.report"
    ]
    assert [n.ticket_number for n in staff] == [ticket.number]
    assert (await tickets.get(store, number=ticket.number)).status is Status.NEW  # type: ignore[union-attr]


async def test_hanging_up_at_the_temperature_question_keeps_the_whole_report(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("1")
    await caller.say("桂林小区7号楼1单元204")
    await caller.press("1")
    assert caller.step == "/twilio/voice/temperature"
    await caller.hang_up()
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.room == "204"
    assert "hung up" not in ticket.description


async def test_a_phone_someone_typed_in_a_chat_reads_their_ticket_to_no_caller_from_it(
    client: Client, store: Store
) -> None:
    leak, _ = await open_for_new_contact(  # a stranger in a chat who typed the number as theirs
        store,
        chat=880001,
        branch="chaoyang",
        kind=TicketKind.LEAK,
        priority=Priority.EMERGENCY,
        address=Address("红旗小区3栋2单元501", "3", "2", "501"),
        description="暖气片漏水了",
    )
    await contacts.update(store, contact_id=leak.contact_id, phone=RESIDENT, phone_typed=True)
    caller = Caller(client)  # the real owner of the number
    await caller.call()
    await caller.press("3")
    assert (
        "没有查到" in caller.said and "，".join(leak.number) not in caller.said and "501" not in caller.said
    )
