"""A caller who rings again about a repair still open: told where it stands, their words go onto it."""

from __future__ import annotations

import datetime as dt

from test_ivr_calls import reported_no_heat
from test_ivr_helpers import DUTY, RESIDENT, Caller, Client, Clock, client_fixture, clock_fixture  # noqa: F401

from intents import intake
from intents.types import Intent, Lang
from storage import Store, contacts, outbox, tickets
from storage.values import Audience, Channel, Priority, TicketInfo, TicketKind


async def test_a_repeat_no_heat_call_hears_the_open_repair_and_its_words_go_onto_it(
    client: Client, store: Store, clock: Clock
) -> None:
    ticket = await reported_no_heat(client, store)
    clock.now += dt.timedelta(minutes=20)
    for sent in await outbox.claim(store, now=clock.now):  # what the first call sent is out of the way
        await outbox.mark_sent(store, notification_id=sent.id)
    caller = Caller(client)
    await caller.call()
    await caller.say("等了好半天暖气还是冰凉的 现在屋里只有十三度")
    assert [t.number for t in await tickets.of_phone(store, phone=RESIDENT)] == [ticket.number]
    said = caller.said
    assert "，".join(ticket.number) in said and "还没有完成" in said and "不会重复派单" in said
    assert "10分钟内到场" in said and "已为您登记报修" not in said and "地址" not in said
    words = (await tickets.events(store, number=ticket.number))[-1]
    assert words.kind == "report" and "十三度" in words.data["description"]
    assert words.data["temperature_c"] == 13  # the reading said goes onto the repair, for staff to see
    repair = await tickets.get(store, number=ticket.number)
    assert repair is not None and repair.temperature_c == 13
    staff = [n for n in await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))]
    assert [n.event for n in staff] == ["ticket.report"] and staff[0].payload["temperature_c"] == 13
    clock.now += dt.timedelta(minutes=25)
    keyed = Caller(client)
    await keyed.call()
    await keyed.press("1")
    assert "还没有完成" in keyed.said and "已超过承诺到场时间15分钟" in keyed.said
    assert len(await tickets.of_phone(store, phone=RESIDENT)) == 1


async def test_a_caller_reporting_another_flat_gets_a_ticket_for_it_and_keeps_their_own_address(
    client: Client, store: Store, clock: Clock
) -> None:
    own = await reported_no_heat(client, store)
    mother = Caller(client)
    await mother.call()
    await mother.say("我妈家青年路小区2栋1单元101暖气也不热")  # not a repeat of the caller's own open repair
    assert (
        "不会重复派单" not in mother.said and "青年路小区2栋1单元101" in mother.said
    )  # read back to confirm
    await mother.press("1")
    await mother.press("#")
    found = await tickets.of_phone(store, phone=RESIDENT)
    assert len(found) == 2 and found[1].number == own.number
    assert (found[0].kind, found[0].building, found[0].room) == (TicketKind.NO_HEAT, "2", "101")
    assert "，".join(found[0].number) in mother.said
    leak = Caller(client)
    await leak.call()
    await leak.say("我妈家青年路小区2栋1单元101暖气片又漏水了")  # an emergency there: its own ticket too
    assert len(await tickets.of_phone(store, phone=RESIDENT)) == 3
    contact = await contacts.get_or_create(store, channel=Channel.VOICE, phone=RESIDENT)
    assert contact.address_raw is not None and "红旗小区" in contact.address_raw  # the caller's own flat kept
    again = Caller(client)
    await again.call()
    await again.say("暖气还是不热")  # no flat named: their open repair, as before
    assert "不会重复派单" in again.said and len(await tickets.of_phone(store, phone=RESIDENT)) == 3


async def test_a_caller_complaining_of_the_wait_has_it_logged_on_the_repair_for_its_staff(
    client: Client, store: Store, clock: Clock
) -> None:
    ticket = await reported_no_heat(client, store)
    for sent in await outbox.claim(store, now=clock.now):  # what the first call sent is out of the way
        await outbox.mark_sent(store, notification_id=sent.id)
    clock.now += dt.timedelta(minutes=50)
    caller = Caller(client)
    await caller.call()
    await caller.say("等了快一个小时了还不见人影")
    digits = "，".join(ticket.number)
    assert "已超过承诺到场时间20分钟" in caller.said and f"您的催促已记到工单{digits}" in caller.said
    words = (await tickets.events(store, number=ticket.number))[-1]
    assert words.kind == "report" and words.data["description"] == "等了快一个小时了还不见人影"
    staff = [n.event for n in await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))]
    assert staff == ["ticket.report"]
    asked = Caller(client)  # a bare question about the wait is answered, not logged
    await asked.call()
    await asked.say("还要多久能到啊")
    assert digits in asked.said and "催促" not in asked.said
    assert (await tickets.events(store, number=ticket.number))[-1].id == words.id


async def test_a_repeat_caller_hears_the_real_status_and_just_now_for_a_fresh_report(
    client: Client, store: Store, clock: Clock
) -> None:
    ticket = await reported_no_heat(client, store)
    keyed = Caller(client)
    await keyed.call()
    await keyed.press("3")
    said = keyed.said
    assert "刚刚报修" in said and "等待值班人员接单" in said
    assert "0分钟前" not in said and "已受理" not in said and "派单" not in said
    await tickets.take(store, number=ticket.number, assignee="duty", actor="staff", now=clock.now)
    clock.now += dt.timedelta(minutes=3)
    later = Caller(client)
    await later.call()
    await later.press("3")
    assert "值班人员已接单" in later.said and "3分钟前报修" in later.said


OWN_LEAK = "卫生间暖气片漏水了 红旗小区3号楼2单元501"


async def _own_leak(client: Client, store: Store, words: str = OWN_LEAK) -> TicketInfo:
    """The resident reports a leak at their own flat and talks to the duty officer: the open ticket."""
    first = Caller(client)
    await first.call()
    await first.say(words)
    await first.dial_ends("completed")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    return ticket


async def _staff_events(store: Store, clock: Clock, seen: set[int]) -> list[tuple[str, str | None]]:
    queued = await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
    found = [n for n in queued if n.id not in seen]
    seen.update(n.id for n in found)
    return [(n.event, n.ticket_number) for n in found if n.audience is Audience.STAFF]


async def test_a_leak_at_another_home_opens_its_own_escalated_ticket_at_once_then_its_address_goes_onto_it(
    client: Client, store: Store, clock: Clock
) -> None:
    own = await _own_leak(client, store)
    seen: set[int] = set()
    await _staff_events(store, clock, seen)
    mother = Caller(client)
    await mother.call()
    await mother.say("我妈家也漏水了")  # another home, no address said: not the caller's own open leak
    says = mother.doc.xpath("/Response/Say/text()")
    assert says[0] == intake.safety_advice(Intent.LEAK, Lang.ZH_HANS)  # the advice first, not held up
    found = await tickets.of_phone(store, phone=RESIDENT)
    assert len(found) == 2 and found[1].number == own.number  # its own ticket from the first words alone
    theirs = found[0]
    assert (theirs.kind, theirs.priority, theirs.escalated) == (TicketKind.LEAK, Priority.EMERGENCY, True)
    assert (theirs.address_raw, theirs.description) == (None, "我妈家也漏水了")
    assert await _staff_events(store, clock, seen) == [("ticket.escalated", theirs.number)]  # staff at once
    assert mother.said.count("，".join(theirs.number)) == 2 and "，".join(own.number) not in mother.said
    assert "那处房子的地址" in mother.said and "我们记录的地址" not in mother.said  # never the caller's own
    assert not mother.doc.xpath("//Dial") and mother.step == "/twilio/voice/elsewhere"
    await mother.say("青年路小区2栋1单元101")
    kept = await tickets.get(store, number=theirs.number)
    assert kept is not None and (kept.building, kept.unit, kept.room) == ("2", "1", "101")
    assert kept.branch == own.branch  # the branch of the number dialled, whose duty officer takes the call
    assert mother.doc.xpath("//Dial/Number/text()") == [DUTY]
    assert await _staff_events(store, clock, seen) == [("ticket.address", theirs.number)]
    assert [t.number for t in await tickets.of_phone(store, phone=RESIDENT)] == [theirs.number, own.number]
    assert [e.kind for e in await tickets.events(store, number=own.number)] == ["opened"]  # nothing added
    whisper = mother.doc.xpath("//Dial/Number/@url")[0]
    officer = Caller(client, phone=DUTY)
    await officer.post(whisper, officer.fields())
    assert "青年路小区2栋1单元101" in officer.said  # the duty officer hears that home's address
    contact = await contacts.get_or_create(store, channel=Channel.VOICE, phone=RESIDENT)
    assert contact.address_raw is not None and "红旗小区" in contact.address_raw  # the caller's own flat kept


async def test_another_home_in_english_and_without_heat_is_asked_its_own_address(
    client: Client, store: Store, clock: Clock
) -> None:
    own = await reported_no_heat(client, store)
    english = Caller(client)
    await english.call()
    await english.press("9")
    await english.say("my mother's flat is leaking too")
    assert english.doc.xpath("/Response/Say/text()")[0] == intake.safety_advice(Intent.LEAK, Lang.EN)
    leak = (await tickets.of_phone(store, phone=RESIDENT))[0]
    assert (leak.kind, leak.escalated, leak.address_raw) == (TicketKind.LEAK, True, None)
    assert "address of that home" in english.said and not english.doc.xpath("//Dial")
    await english.say("Huxi garden building 8 unit 3 room 602")
    leak = (await tickets.of_phone(store, phone=RESIDENT))[0]
    assert (leak.kind, leak.room) == (TicketKind.LEAK, "602") and english.doc.xpath("//Dial")
    cold = Caller(client)
    await cold.call()
    await cold.say("我妈家暖气也不热")  # not a repeat of the caller's own open repair, nor at their address
    assert (
        "不会重复派单" not in cold.said
        and "我们记录的地址" not in cold.said
        and "那处房子的地址" in cold.said
    )
    await cold.say("桂林小区6号楼1单元202")
    await cold.press("1")
    await cold.press("#")
    found = await tickets.of_phone(store, phone=RESIDENT)
    assert len(found) == 3 and (found[0].kind, found[0].room) == (TicketKind.NO_HEAT, "202")
    assert [e.kind for e in await tickets.events(store, number=own.number)] == ["opened"]
    contact = await contacts.get_or_create(store, channel=Channel.VOICE, phone=RESIDENT)
    assert contact.address_raw is not None and "红旗小区" in contact.address_raw


async def test_another_homes_leak_never_joins_the_callers_own_ticket_without_an_address(
    client: Client, store: Store, clock: Clock
) -> None:
    # the caller's own leak, its address never given
    own = await _own_leak(client, store, "卫生间暖气片漏水了")
    mother = Caller(client)
    await mother.call()
    await mother.say("嗯 我妈家那边暖气片也漏水了")
    found = await tickets.of_phone(store, phone=RESIDENT)
    assert (
        len(found) == 2 and found[1].number == own.number
    )  # a leak of its own, never a call-back in a queue
    theirs = found[0]
    assert (theirs.kind, theirs.priority, theirs.escalated) == (TicketKind.LEAK, Priority.EMERGENCY, True)
    await mother.say("就在学校后门那个平房")  # no flat to read, said twice: kept as said
    assert "再说一遍" in mother.said
    await mother.say("学校后门那个平房")
    assert "没能听清" in mother.said and mother.doc.xpath("//Dial/Number/text()") == [DUTY]
    theirs = (await tickets.of_phone(store, phone=RESIDENT))[0]
    assert (theirs.kind, theirs.address_raw) == (TicketKind.LEAK, "学校后门那个平房")  # still the emergency
    assert theirs.description == "嗯 我妈家那边暖气片也漏水了"
    noted = [e.data["text"] for e in await tickets.events(store, number=theirs.number) if e.kind == "note"]
    assert noted == ["address not confirmed by the caller"]  # flagged for staff
    assert mother.said.count("，".join(theirs.number)) == 0  # read out at once, before the address question
    kept = await tickets.get(store, number=own.number)
    assert kept is not None and kept.address_raw is None and kept.kind is TicketKind.LEAK
    assert [e.kind for e in await tickets.events(store, number=own.number)] == ["opened"]  # nothing added
    again = Caller(client)  # the caller's own leak, still without an address: their own ticket
    await again.call()
    await again.say("卫生间暖气片还在漏水")
    assert [t.number for t in await tickets.of_phone(store, phone=RESIDENT)] == [theirs.number, own.number]
    assert [e.kind for e in await tickets.events(store, number=own.number)] == ["opened", "report"]
    assert [e.kind for e in await tickets.events(store, number=theirs.number)][-1] != "report"


async def test_hanging_up_before_the_other_homes_address_leaves_its_emergency_ticket_open(
    client: Client, store: Store, clock: Clock
) -> None:
    own = await _own_leak(client, store)
    seen: set[int] = set()
    await _staff_events(store, clock, seen)
    mother = Caller(client)
    await mother.call()
    await mother.say("老家暖气管子也爆了")
    await mother.hang_up()
    found = await tickets.of_phone(store, phone=RESIDENT)
    assert len(found) == 2 and found[1].number == own.number
    theirs = found[0]
    assert (theirs.kind, theirs.priority, theirs.escalated) == (TicketKind.BURST, Priority.EMERGENCY, True)
    assert theirs.description == "老家暖气管子也爆了" and theirs.due_at == clock.now + dt.timedelta(
        minutes=30
    )
    assert await _staff_events(store, clock, seen) == [("ticket.escalated", theirs.number)]
    assert [e.kind for e in await tickets.events(store, number=theirs.number)] == ["opened", "call"]
    assert [e.kind for e in await tickets.events(store, number=own.number)] == ["opened"]


async def _cold_here_and_at_mothers(client: Client, store: Store) -> tuple[TicketInfo, TicketInfo]:
    """No heat reported for the caller's own flat (红旗小区), then, in another call, at their mother's (青年路小区)."""
    own = await reported_no_heat(client, store)
    mother = Caller(client)
    await mother.call()
    await mother.say("我妈家青年路小区2栋1单元101暖气也不热")
    await mother.press("1")
    await mother.press("#")
    theirs = next(t for t in await tickets.of_phone(store, phone=RESIDENT) if t.number != own.number)
    return own, theirs


async def test_a_caller_saying_the_crew_has_come_has_it_noted_on_the_repair_a_crew_was_sent_to(
    client: Client, store: Store, clock: Clock
) -> None:
    cold, newest = await _cold_here_and_at_mothers(client, store)
    await tickets.dispatch(
        store, number=cold.number, crew="C01", actor="staff"
    )  # a crew sent to the older one
    arrived = Caller(client)
    await arrived.call()
    await arrived.say("师傅已经到了")
    assert "，".join(cold.number) in arrived.said
    noted = [e for e in await tickets.events(store, number=cold.number) if e.kind == "arrival"]
    assert [e.data["description"] for e in noted] == ["师傅已经到了"]
    assert not [
        e for e in await tickets.events(store, number=newest.number) if e.kind in ("report", "arrival")
    ]


async def test_two_open_repairs_at_two_homes_are_read_out_with_their_addresses(
    client: Client, store: Store, clock: Clock
) -> None:
    await _cold_here_and_at_mothers(client, store)
    status = Caller(client)
    await status.call()
    await status.press("3")
    assert "青年路小区2栋1单元101，已登记" in status.said and "地址红旗小区3号楼2单元501" in status.said
