"""Leaks and bursts by phone: safety advice, an escalated ticket at once, the duty officer, voicemail."""

from __future__ import annotations

import datetime as dt

import pytest
from test_ivr_helpers import (  # noqa: F401
    DUTY,
    HOTLINE,
    PUBLIC,
    RESIDENT,
    Caller,
    Client,
    Clock,
    client_fixture,
    clock_fixture,
)

from intents import intake
from intents.types import Intent, Lang
from storage import Store, outbox, tickets
from storage.values import Audience, Priority, TicketInfo, TicketKind


async def test_a_burst_said_at_once_gets_advice_a_ticket_and_the_duty_officer(
    client: Client, store: Store, clock: Clock
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("暖气管子爆了，水一直往外冒")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.BURST and ticket.priority is Priority.EMERGENCY and ticket.escalated
    says = caller.doc.xpath("/Response/Say/text()")
    advice = intake.safety_advice(Intent.BURST, Lang.ZH_HANS)
    assert advice and says[0] == advice  # the advice comes first
    assert says.count("，".join(ticket.number)) == 2
    dial = caller.doc.xpath("/Response/Dial")[0]
    assert dial.get("timeout") == "20" and dial.xpath("Number/text()") == [DUTY]
    assert dial.get("callerId") == HOTLINE
    whisper = dial.xpath("Number/@url")[0]
    assert whisper.startswith(f"{PUBLIC}/twilio/voice/whisper?ticket={ticket.number}")
    staff = [
        n
        for n in await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
        if n.event == "ticket.escalated"
    ]
    assert [n.ticket_number for n in staff] == [ticket.number]
    # the duty officer hears the ticket before the caller is put through
    officer = Caller(client, phone=DUTY)
    await officer.post(whisper, officer.fields())
    assert "，".join(ticket.number) in officer.said and "地址待核实" in officer.said
    assert not officer.doc.xpath("//Hangup")


async def test_key_two_then_answered_call_completes_the_address(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("2")
    assert caller.step == "/twilio/voice/emergency"
    await caller.say("卫生间暖气片漏水了")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.LEAK and ticket.escalated and ticket.address_raw is None
    await caller.dial_ends("completed")
    assert caller.step == "/twilio/voice/address"
    await caller.say("湖西花园8号楼3单元602")
    await caller.press("1")
    updated = await tickets.get(store, number=ticket.number)
    assert updated is not None and updated.room == "602" and updated.building == "8"
    assert caller.doc.xpath("/Response/Hangup")


async def test_key_two_and_silence_still_opens_the_emergency_ticket(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("2")
    await caller.silence()
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.LEAK and ticket.escalated
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]


@pytest.mark.parametrize("outcome", ["no-answer", "busy", "failed"])
async def test_no_answer_records_a_message_attached_and_escalated(
    client: Client, store: Store, outcome: str
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("楼道里水管爆了，红旗小区2号楼1单元")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    await caller.dial_ends(outcome)
    assert "录音" in caller.said
    record = caller.doc.xpath("/Response/Record")[0]
    assert record.get("playBeep") == "true" and record.get("maxLength")
    await caller.leave_message("https://api.twilio.com/recordings/RE1")
    kinds = {e.kind: e for e in await tickets.events(store, number=ticket.number)}
    assert kinds["recording"].data["url"] == "https://api.twilio.com/recordings/RE1"
    assert any("escalat" in k for k in kinds)
    assert "，".join(ticket.number) in caller.said and caller.doc.xpath("/Response/Hangup")
    assert len(await tickets.of_phone(store, phone=RESIDENT)) == 1


async def test_a_person_nobody_answers_leaves_a_callback_ticket_with_the_message(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("0")
    await caller.dial_ends("no-answer")
    await caller.leave_message("https://api.twilio.com/recordings/RE2")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.CALLBACK and ticket.escalated
    kinds = [e.kind for e in await tickets.events(store, number=ticket.number)]
    assert "recording" in kinds


async def test_english_emergency_speaks_english_advice(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("9")
    await caller.say("water is leaking from the radiator everywhere")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind in (TicketKind.LEAK, TicketKind.BURST)
    advice = intake.safety_advice(Intent(ticket.kind.value), Lang.EN)
    assert caller.doc.xpath("/Response/Say/text()")[0] == advice
    assert set(caller.doc.xpath("//Say/@voice")) == {"Polly.Joanna"}


async def test_the_whisper_follows_the_language_of_the_call(client: Client, store: Store) -> None:
    english = Caller(client)
    await english.call()
    await english.press("9")
    await english.say("a pipe burst, water everywhere")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    whisper = english.doc.xpath("//Dial/Number/@url")[0]
    assert "lang=en" in whisper
    officer = Caller(client, phone=DUTY)
    await officer.post(whisper, officer.fields())
    assert officer.said == f"Emergency repair. Ticket {', '.join(ticket.number)}. Address: not yet given."
    assert set(officer.doc.xpath("//Say/@voice")) == {"Polly.Joanna"}
    assert set(officer.doc.xpath("//Say/@language")) == {"en-US"}
    mandarin = Caller(client, phone="+8613900000002")
    await mandarin.call()
    await mandarin.say("暖气管子爆了")
    whisper = mandarin.doc.xpath("//Dial/Number/@url")[0]
    await officer.post(whisper, officer.fields())
    assert officer.said.startswith("紧急报修") and set(officer.doc.xpath("//Say/@voice")) == {"Polly.Zhiyu"}


async def test_english_said_at_the_mandarin_menu_turns_the_call_to_english(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()  # greeted in Mandarin, no key 9
    await caller.say("help my radiator split open and hot water is pouring out")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.BURST and "scald" in caller.said and "烫" not in caller.said
    assert set(caller.doc.xpath("//Say/@voice")) == {"Polly.Joanna"}
    whisper = caller.doc.xpath("//Dial/Number/@url")[0]
    officer = Caller(client, phone=DUTY)
    await officer.post(whisper, officer.fields())
    assert officer.said.startswith("Emergency repair") and set(officer.doc.xpath("//Say/@voice")) == {
        "Polly.Joanna"
    }
    other = Caller(client, phone="+8613900000003")
    await other.call()
    await other.say("the heating in my flat is not working at all")
    assert "address" in other.said and other.gather().get("language") == "en-US"


async def test_a_whisper_url_with_an_unknown_language_speaks_mandarin(client: Client) -> None:
    officer = Caller(client, phone=DUTY)
    await officer.post("/twilio/voice/whisper?ticket=123456&lang=xx", officer.fields())
    assert "紧急报修" in officer.said and set(officer.doc.xpath("//Say/@voice")) == {"Polly.Zhiyu"}


async def _leak_reported_by_phone(client: Client, store: Store) -> TicketInfo:
    """A caller reports a leak and talks to the duty officer; returns the ticket."""
    first = Caller(client)
    await first.call()
    await first.say("卫生间暖气片漏水了")
    await first.dial_ends("completed")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    return ticket


async def _calls_again(client: Client, words: str) -> Caller:
    """The same resident calls again and says `words` at the menu."""
    again = Caller(client)
    await again.call()
    await again.say(words)
    return again


async def test_a_second_call_saying_it_got_worse_reaches_the_duty_officer_on_the_same_ticket(
    client: Client, store: Store, clock: Clock
) -> None:
    ticket = await _leak_reported_by_phone(client, store)
    opening = {n.id for n in await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))}
    again = await _calls_again(client, "嗯 那个 越来越厉害了")  # nothing but "worse": the open leak got worse
    [same] = await tickets.of_phone(store, phone=RESIDENT)
    assert same.number == ticket.number
    assert again.doc.xpath("//Dial/Number/text()") == [DUTY]
    assert "，".join(ticket.number) in again.said
    added = (await tickets.events(store, number=ticket.number))[-1]
    assert added.kind == "report" and "越来越厉害" in added.data["description"]
    later = await outbox.claim(store, now=clock.now + dt.timedelta(minutes=2))
    staff = [n for n in later if n.id not in opening and n.audience is Audience.STAFF]
    assert [(n.event, n.ticket_number) for n in staff] == [("ticket.report", ticket.number)]
    assert "越来越厉害" in staff[0].payload["description"]


async def test_worse_with_no_escape_open_is_not_an_emergency(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("越来越厉害了")
    assert not caller.doc.xpath("//Dial") and not await tickets.of_phone(store, phone=RESIDENT)


async def test_a_burst_called_in_after_a_leak_goes_onto_the_leaks_ticket(
    client: Client, store: Store
) -> None:
    leak = await _leak_reported_by_phone(client, store)
    again = await _calls_again(client, "暖气管子爆了 水喷了一地")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.number == leak.number and ticket.kind is TicketKind.LEAK
    assert "，".join(ticket.number) in again.said
    assert again.doc.xpath("//Dial/Number/text()") == [DUTY]
    added = (await tickets.events(store, number=ticket.number))[-1]
    assert added.kind == "report" and "爆了" in added.data["description"]


async def test_an_emergency_whose_address_never_came_says_so_honestly(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("暖气管子裂了 热水往外喷")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    await caller.dial_ends("completed")
    await caller.silence()
    await caller.silence()
    assert "没有记下您的地址" in caller.said and "，".join(ticket.number) in caller.said
    assert "出发" not in caller.said and caller.doc.xpath("/Response/Hangup")


def test_safety_advice_promises_no_crew_that_has_not_left() -> None:
    said = [
        intake.safety_advice(intent, lang) or "" for intent in (Intent.LEAK, Intent.BURST) for lang in Lang
    ]
    false = ("已经出发", "已經出發", "马上出发", "on the way", "on its way")
    assert all(said) and [a for a in said if any(words in a for words in false)] == []


async def test_an_address_given_after_the_duty_call_promises_no_departure(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("2")
    await caller.say("客厅暖气片往下淌水")
    await caller.dial_ends("completed")
    await caller.say("湖西花园8号楼3单元602")
    await caller.press("1")
    assert "地址已记下" in caller.said and "出发" not in caller.said


@pytest.mark.parametrize(
    "words", ["哦 不好意思 按错键了 家里没有漏水", "sorry, wrong button, nothing is leaking"]
)
async def test_key_two_taken_back_opens_no_emergency(client: Client, store: Store, words: str) -> None:
    caller = Caller(client)
    await caller.call()
    if words.isascii():
        await caller.press("9")
    await caller.press("2")
    await caller.say(words)
    assert caller.step == "/twilio/voice/menu" and not caller.doc.xpath("//Dial")
    assert not await tickets.of_phone(store, phone=RESIDENT)


@pytest.mark.parametrize("words", ["算了吧", "不用了", "oh never mind"])
async def test_key_two_called_off_goes_back_to_the_menu_without_a_ticket(
    client: Client, store: Store, words: str
) -> None:
    caller = Caller(client)
    await caller.call()
    if words.isascii():
        await caller.press("9")
    await caller.press("2")
    await caller.say(words)
    assert caller.step == "/twilio/voice/menu" and not caller.doc.xpath("//Dial")
    assert not await tickets.of_phone(store, phone=RESIDENT)
    await caller.press("2")  # a second go at key 2 with the leak told opens the emergency as ever
    await caller.say("算了 别的不说了 暖气片一直在漏水")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.LEAK and caller.doc.xpath("//Dial/Number/text()") == [DUTY]


async def test_a_status_call_about_a_burst_without_its_address_asks_for_it_and_puts_it_on_the_ticket(
    client: Client, store: Store, clock: Clock
) -> None:
    first = Caller(client, phone="+8613900007777")
    await first.call()
    await first.say("暖气片爆了 水喷得到处都是")
    await first.hang_up()  # nobody took it, no address said
    [burst] = await tickets.of_phone(store, phone="+8613900007777")
    assert burst.kind is TicketKind.BURST and burst.address_raw is None
    clock.now += dt.timedelta(minutes=8)
    for sent in await outbox.claim(store, now=clock.now):  # what the first call sent is out of the way
        await outbox.mark_sent(store, notification_id=sent.id)
    again = Caller(client, phone="+8613900007777")
    await again.call()
    await again.press("3")
    # the promise runs, as the SMS says it; the crew can find the flat once its address is told
    assert "，".join(burst.number) in again.said and "维修人员将在22分钟内到场" in again.said
    assert "但我们还不知道这张工单的地址，请先告诉我们" in again.said and "请说出您的地址" in again.said
    await again.say("我家地址是红旗小区6栋2单元401")
    assert "红旗小区6栋2单元401" in again.said
    await again.press("1")
    assert "地址已记下" in again.said and again.doc.xpath("/Response/Hangup")
    placed = await tickets.get(store, number=burst.number)
    assert placed is not None and (placed.building, placed.unit, placed.room) == ("6", "2", "401")
    staff = await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
    assert [n.event for n in staff if n.audience is Audience.STAFF] == ["ticket.address"]


@pytest.mark.parametrize(
    ("words", "later"),
    [("暖气片爆了 水喷得到处都是 红旗小区6栋2单元401", False), ("暖气片爆了 水喷得到处都是", True)],
)
async def test_the_address_is_promised_for_later_only_when_the_caller_gave_none(
    client: Client, store: Store, words: str, later: bool
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(words)
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.BURST and (ticket.address_raw is None) is later
    assert ("地址我们稍后" in caller.said) is later and "抢修人员正在安排" in caller.said
