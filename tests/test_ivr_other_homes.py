"""A caller with repairs at home and at another home ("我妈家…"): each report goes onto its own home's ticket."""

from __future__ import annotations

import datetime as dt

import pytest
from test_ivr_calls import reported_no_heat
from test_ivr_helpers import DUTY, RESIDENT, Caller, Client, Clock, client_fixture, clock_fixture  # noqa: F401

from storage import Store, contacts, outbox, tickets
from storage.values import Audience, Channel, Priority, TicketInfo, TicketKind


async def _mothers_no_heat(client: Client, store: Store) -> TicketInfo:
    """The caller reports that their mother's flat is cold too, with its address, and skips the reading."""
    mother = Caller(client)
    await mother.call()
    await mother.say("我妈家青年路小区2栋1单元101暖气也不热")
    await mother.press("1")
    await mother.press("#")
    return (await tickets.of_phone(store, phone=RESIDENT))[0]


async def _mothers_leak(client: Client, store: Store) -> TicketInfo:
    """The caller reports a leak at their mother's flat, then its address, and talks to the duty officer."""
    mother = Caller(client)
    await mother.call()
    await mother.say("我妈家也漏水了")
    await mother.say("青年路小区2栋1单元101")
    await mother.dial_ends("completed")
    return (await tickets.of_phone(store, phone=RESIDENT))[0]


async def _reports(store: Store, number: str) -> list[str]:
    """The resident's words on the ticket: reports, and their word that the crew has come."""
    told = ("report", "arrival")
    return [e.data["description"] for e in await tickets.events(store, number=number) if e.kind in told]


@pytest.mark.parametrize(
    "words",
    ["我家暖气还是不热 现在只有十二度了", "邻居家都热乎乎的 就我家暖气不热 现在十二度"],
)
async def test_the_callers_own_repeat_without_an_address_goes_onto_their_own_repair_not_another_homes(
    client: Client, store: Store, clock: Clock, words: str
) -> None:
    own = await reported_no_heat(client, store)
    mothers = await _mothers_no_heat(client, store)  # newer, at another home
    clock.now += dt.timedelta(minutes=10)
    again = Caller(client)
    await again.call()
    await again.say(words)
    assert "不会重复派单" in again.said and "，".join(own.number) in again.said
    assert "，".join(mothers.number) not in again.said
    assert await _reports(store, own.number) == [words]
    assert await _reports(store, mothers.number) == []
    kept = await tickets.get(store, number=mothers.number)
    mine = await tickets.get(store, number=own.number)
    assert kept is not None and kept.temperature_c is None  # that home's reading is not the caller's
    assert mine is not None and mine.temperature_c == 12
    assert len(await tickets.of_phone(store, phone=RESIDENT)) == 2


async def test_the_callers_own_leak_without_an_address_is_never_added_to_another_homes_leak(
    client: Client, store: Store, clock: Clock
) -> None:
    mothers = await _mothers_leak(client, store)  # a first call: no address of the caller's own is known
    own = Caller(client)
    await own.call()
    await own.say("卫生间暖气管漏水了")
    assert "已经报修过" not in own.said and "不会重复派单" not in own.said
    found = await tickets.of_phone(store, phone=RESIDENT)
    assert len(found) == 2 and found[1].number == mothers.number
    theirs = found[0]
    assert (theirs.kind, theirs.escalated, theirs.address_raw) == (TicketKind.LEAK, True, None)
    assert own.said.count("，".join(theirs.number)) == 2 and "，".join(mothers.number) not in own.said
    assert await _reports(store, mothers.number) == []
    kept = await tickets.get(store, number=mothers.number)
    assert kept is not None and kept.building == "2" and kept.room == "101"


@pytest.mark.parametrize(
    ("keys", "words", "reading", "confirmed"),
    [
        ("1", "十五度 我妈家暖气片也漏水了", 15, True),  # at the temperature question
        ("", "对 另外我妈家也漏水了", None, True),  # at the read-back, with a yes
        ("", "我妈家也漏水了", None, False),  # at the read-back, the address never confirmed
    ],
)
async def test_another_homes_leak_told_mid_report_keeps_the_callers_own_report_and_both_numbers_are_read(
    client: Client, store: Store, clock: Clock, keys: str, words: str, reading: int | None, confirmed: bool
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("暖气不热 红旗小区3号楼2单元501")
    if keys:
        await caller.press(keys)
    await caller.say(words)
    found = await tickets.of_phone(store, phone=RESIDENT)
    assert len(found) == 2
    own = next(t for t in found if t.kind is TicketKind.NO_HEAT)
    leak = next(t for t in found if t.kind is TicketKind.LEAK)
    assert (own.building, own.unit, own.room, own.temperature_c) == ("3", "2", "501", reading)
    assert own.description == "暖气不热 红旗小区3号楼2单元501" and own.priority is Priority.NORMAL
    assert (leak.description, leak.address_raw, leak.escalated) == (
        words,
        None,
        True,
    )  # not the caller's address
    said = caller.said
    assert said.count("，".join(leak.number)) == 2 and said.count("，".join(own.number)) == 2
    assert "自己家的报修也已登记" in said and caller.step == "/twilio/voice/elsewhere"
    notes = [e for e in await tickets.events(store, number=own.number) if e.kind == "note"]
    assert bool(notes) is not confirmed  # an address never confirmed is flagged for staff
    contact = await contacts.get_or_create(store, channel=Channel.VOICE, phone=RESIDENT)
    assert (contact.address_raw == "红旗小区3号楼2单元501") is confirmed
    await caller.say("青年路小区2栋1单元101")
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]
    leak_now = await tickets.get(store, number=leak.number)
    assert leak_now is not None and leak_now.room == "101"


async def test_news_at_the_other_homes_address_question_goes_onto_its_ticket_and_is_never_the_address(
    client: Client, store: Store, clock: Clock
) -> None:
    mother = Caller(client)
    await mother.call()
    await mother.say("我妈家暖气片漏水了")
    [leak] = await tickets.of_phone(store, phone=RESIDENT)
    for sent in await outbox.claim(store, now=clock.now):
        await outbox.mark_sent(store, notification_id=sent.id)
    await mother.say("水越来越大了 都流到楼下了")
    assert "已记到这张工单" in mother.said and "那处房子的地址" in mother.said
    assert mother.step == "/twilio/voice/elsewhere"
    await mother.say("你们快点派人吧")
    assert mother.doc.xpath("//Dial/Number/text()") == [DUTY]  # asked twice: the duty officer checks it
    kept = await tickets.get(store, number=leak.number)
    assert kept is not None and kept.address_raw is None  # the words are not taken for the address
    assert await _reports(store, leak.number) == ["水越来越大了 都流到楼下了", "你们快点派人吧"]
    staff = [n for n in await outbox.claim(store, now=clock.now) if n.audience is Audience.STAFF]
    assert [n.event for n in staff] == ["ticket.report", "ticket.report"]
    await mother.dial_ends("completed")
    assert "那处房子的地址" in mother.said  # asked again after the duty officer's call


async def test_news_said_beside_the_other_homes_address_goes_onto_its_ticket_with_the_address(
    client: Client, store: Store
) -> None:
    mother = Caller(client)
    await mother.call()
    await mother.say("我妈家暖气片漏水了")
    [leak] = await tickets.of_phone(store, phone=RESIDENT)
    await mother.say("青年路小区2栋1单元101 水越来越大了 都流到楼下了")
    assert mother.doc.xpath("//Dial/Number/text()") == [DUTY]
    kept = await tickets.get(store, number=leak.number)
    assert kept is not None and kept.address_raw == "青年路小区2栋1单元101"
    assert await _reports(store, leak.number) == ["水越来越大了 都流到楼下了"]


@pytest.mark.parametrize(
    ("words", "answer"),
    [("不用来了 暖气已经热了", "已把您的话转告"), ("the repair man is here", "the crew has arrived")],
)
async def test_word_about_one_of_two_repairs_none_sent_is_asked_which_before_it_goes_on(
    client: Client, store: Store, clock: Clock, words: str, answer: str
) -> None:
    own = await reported_no_heat(client, store)
    mothers = await _mothers_no_heat(client, store)
    caller = Caller(client)
    await caller.call()
    if words.isascii():
        await caller.press("9")
    await caller.say(words)
    assert caller.step == "/twilio/voice/which"
    assert "红旗小区3号楼2单元501" in caller.said and "青年路小区2栋1单元101" in caller.said
    assert await _reports(store, own.number) == [] and await _reports(store, mothers.number) == []
    own_first = caller.said.index("红旗小区") < caller.said.index("青年路")
    await caller.press("2")  # the second one named
    chosen, other = (mothers, own) if own_first else (own, mothers)
    assert await _reports(store, chosen.number) == [words] and await _reports(store, other.number) == []
    digits = (", " if words.isascii() else "，").join(chosen.number)
    assert answer in caller.said and digits in caller.said
    unsure = Caller(client)
    await unsure.call()
    await unsure.say("师傅已经到了")
    await unsure.hang_up()  # before saying which: each gets the words, for its staff to check with the caller
    for ticket in (own, mothers):
        assert (await _reports(store, ticket.number))[-1].startswith("师傅已经到了 （来电人没说是哪一张工单")


async def test_another_homes_leak_told_before_the_callers_own_address_keeps_their_report_for_a_call_back(
    client: Client, store: Store, clock: Clock
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("1")  # no heat at home, no address known yet
    await caller.say("等等 我妈家暖气片漏水了")
    found = await tickets.of_phone(store, phone=RESIDENT)
    assert sorted(t.kind for t in found) == [TicketKind.CALLBACK, TicketKind.LEAK]
    kept = next(t for t in found if t.kind is TicketKind.CALLBACK)
    assert kept.description.startswith("暖气不热") and not kept.elsewhere
    leak = next(t for t in found if t.kind is TicketKind.LEAK)
    assert leak.elsewhere and leak.description == "等等 我妈家暖气片漏水了"
    assert "自己家的情况也已记下" in caller.said and caller.said.count("，".join(kept.number)) == 2


@pytest.mark.parametrize("words", ["我妈家那边漏得越来越厉害了", "水越来越大了"])
async def test_news_that_the_other_homes_leak_got_worse_goes_onto_its_ticket_and_the_duty_officer_is_called(
    client: Client, store: Store, clock: Clock, words: str
) -> None:
    mothers = await _mothers_leak(client, store)  # the only leak open: another home's
    worse = Caller(client)
    await worse.call()
    await worse.say(words)
    assert [t.number for t in await tickets.of_phone(store, phone=RESIDENT)] == [
        mothers.number
    ]  # no second one
    assert await _reports(store, mothers.number) == [words]
    assert "不会重复派单" in worse.said and "，".join(mothers.number) in worse.said
    assert worse.doc.xpath("//Dial/Number/text()") == [DUTY]


@pytest.mark.parametrize("words", ["师傅已经到我妈家了", "维修的已经到我爸那儿了"])
async def test_the_crew_said_to_have_come_to_the_other_home_is_noted_on_its_repair(
    client: Client, store: Store, clock: Clock, words: str
) -> None:
    own = await reported_no_heat(client, store)
    mothers = await _mothers_no_heat(client, store)
    clock.now += dt.timedelta(minutes=10)
    caller = Caller(client)
    await caller.call()
    await caller.say(words)
    assert (
        "已在工单" in caller.said
        and "，".join(mothers.number) in caller.said
        and "维修人员已到场" in caller.said
    )
    told = await tickets.get(store, number=mothers.number)
    assert told is not None and told.arrival_told and told.arrival_reported_at == clock.now
    assert await _reports(store, mothers.number) == [words]
    assert await _reports(store, own.number) == []  # the caller's own crew is still awaited
    mine = await tickets.get(store, number=own.number)
    assert mine is not None and not mine.arrival_told


async def test_nobody_come_to_the_other_home_hears_that_homes_repair(
    client: Client, store: Store, clock: Clock
) -> None:
    own = await reported_no_heat(client, store)
    mothers = await _mothers_no_heat(client, store)
    clock.now += dt.timedelta(minutes=10)
    caller = Caller(client)
    await caller.call()
    await caller.say("我妈家到现在还没人去啊")
    assert "，".join(mothers.number) in caller.said and "20分钟内到场" in caller.said
    assert "，".join(own.number) not in caller.said and "没有听清" not in caller.said
