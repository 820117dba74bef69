"""Building faults in staff chats: one message with every report, and /broadcast to everyone who reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from storage_helpers import open_for_new_contact

from heatline.incidents import IncidentWatcher
from intents.types import Address
from storage import Store, incidents, outbox, sla, tickets
from storage.values import Audience, Status, TicketInfo
from tests.staff_world import CHAOYANG_CHAT, COMPANY, NANGUAN_CHAT, STAFF_USER, STRANGER, World, make_world


@pytest.fixture
async def world(store: Store) -> AsyncIterator[World]:
    async for w in make_world(store):
        yield w


async def cold_flats(world: World, count: int) -> list[str]:
    numbers = []
    for i in range(count):
        ticket, _ = await open_for_new_contact(
            world.store,
            chat=9100 + i,
            branch="nanguan",
            address=Address(f"南关区东岭小区3栋{i + 1}单元501", "3", str(i + 1), "501"),
            description=f"屋里冰凉 第{i + 1}户",
            temperature_c=14.0 + i,
            now=world.clock[0],
        )
        numbers.append(ticket.number)
    return numbers


async def updates_for_residents(world: World) -> list[str]:
    rows = await outbox.claim(world.store, limit=100, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    return sorted(n.address for n in rows if n.audience is Audience.RESIDENT and n.event == "incident.update")


async def test_staff_see_one_message_with_every_report_and_broadcast(world: World) -> None:
    numbers = await cold_flats(world, 3)
    watcher = IncidentWatcher(world.store, COMPANY, lambda: world.clock[0] + dt.timedelta(minutes=5))
    assert await watcher.run_once() == (1, 0)
    await world.deliver_staff()
    [posted] = [c for c in world.fake.of("sendMessage") if "楼栋故障" in c.text]
    assert posted.chat_id == NANGUAN_CHAT
    assert all(number in posted.text for number in numbers)
    assert "3 户报告不热" in posted.text and "屋里冰凉 第2户" in posted.text and "/broadcast" in posted.text
    assert (
        "：南关区东岭小区3栋，3 户报告不热" in posted.text
    )  # the building as staff write it, not "南关区东岭小区 3"

    incident_id = posted.text.split("#", 1)[1].split("：", 1)[0]
    assert await world.command(f"/broadcast {incident_id} 预计23点恢复供热") == 200
    assert "3 位居民" in world.fake.of("sendMessage")[-1].text
    assert await updates_for_residents(world) == ["9100", "9101", "9102"]


async def test_broadcast_is_for_staff_only_and_explains_mistakes(world: World) -> None:
    await cold_flats(world, 3)
    await IncidentWatcher(world.store, COMPANY, lambda: world.clock[0]).run_once()
    assert await world.command("/broadcast 1 假消息", user=STRANGER) == 200
    assert "只有值班人员" in world.fake.of("sendMessage")[-1].text
    assert await updates_for_residents(world) == []

    assert await world.command("/broadcast", user=STAFF_USER) == 200
    assert "用法：/broadcast" in world.fake.of("sendMessage")[-1].text
    assert await world.command("/broadcast 999 有消息", user=STAFF_USER) == 200
    assert "没有楼栋故障 #999" in world.fake.of("sendMessage")[-1].text


async def resident_events(world: World) -> list[tuple[str, str]]:
    rows = await outbox.claim(world.store, limit=100, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    return sorted((n.address, n.event) for n in rows if n.audience is Audience.RESIDENT)


async def test_staff_send_one_crew_to_a_building_fault_and_mark_it_on_site_and_resolved(world: World) -> None:
    numbers = await cold_flats(world, 3)
    await IncidentWatcher(world.store, COMPANY, lambda: world.clock[0]).run_once()
    await world.deliver_staff()
    posted = [c for c in world.fake.of("sendMessage") if "楼栋故障" in c.text][-1]
    incident = posted.text.split("#", 1)[1].split("：", 1)[0]
    assert f"/incident {incident} dispatch" in posted.text  # the card says how to act on the fault as one

    assert await world.command(f"/incident {incident}") == 200
    shown = world.fake.of("sendMessage")[-1].text
    assert "3 张未结工单" in shown and all(n in shown for n in numbers) and "新报修" in shown

    assert await world.command(f"/incident {incident} dispatch c01") == 200
    answer = world.fake.of("sendMessage")[-1].text
    assert all(n in answer for n in numbers) and answer.count("南关抢修一队") == 3
    moved = [await tickets.get(world.store, number=n) for n in numbers]
    assert [(t.status, t.crew) for t in moved if t] == [(Status.DISPATCHED, "C01")] * 3
    assert await resident_events(world) == [(str(9100 + i), "status.dispatched") for i in range(3)]

    assert await world.command(f"/incident #{incident} onsite") == 200
    assert await world.command(f"/incident {incident} resolve 换热站阀门已修好") == 200
    done = [await tickets.get(world.store, number=n) for n in numbers]
    assert [t.status for t in done if t] == [Status.RESOLVED] * 3
    assert all("on_site" in t.status_times and not t.breached for t in done if t)


async def test_incident_commands_explain_mistakes_and_refuse_strangers(world: World) -> None:
    numbers = await cold_flats(world, 3)
    await IncidentWatcher(world.store, COMPANY, lambda: world.clock[0]).run_once()
    for text in (
        "/incident",
        "/incident abc",
        "/incident 1 dispatch",
        "/incident 1 fly",
        "/incident 1 onsite now",
    ):
        assert await world.command(text) == 200
        assert "用法：/incident" in world.fake.of("sendMessage")[-1].text, text
    assert await world.command("/incident 999 onsite") == 200
    assert "没有楼栋故障 #999" in world.fake.of("sendMessage")[-1].text
    assert await world.command("/incident 1 dispatch C03") == 200  # another branch's crew: refused per ticket
    assert "C01" in world.fake.of("sendMessage")[-1].text
    assert await world.command("/incident 1 onsite", user=STRANGER) == 200
    assert "只有值班人员" in world.fake.of("sendMessage")[-1].text
    still = [await tickets.get(world.store, number=n) for n in numbers]
    assert [t.status for t in still if t] == [Status.NEW] * 3


async def test_the_clocks_alert_for_a_building_faults_report_says_how_to_act_on_the_fault(
    world: World,
) -> None:
    numbers = await cold_flats(world, 3)
    await IncidentWatcher(world.store, COMPANY, lambda: world.clock[0]).run_once()
    await world.deliver_staff()
    posted = [c for c in world.fake.of("sendMessage") if "楼栋故障" in c.text][-1]
    incident = posted.text.split("#", 1)[1].split("：", 1)[0]
    assert await sla.warn(world.store, number=numbers[0], now=world.clock[0] + dt.timedelta(minutes=25))
    await world.deliver_staff()
    alert = world.fake.of("sendMessage")[-1].text
    assert numbers[0] in alert and "请尽快派单" in alert and f"/incident {incident} dispatch" in alert


async def test_another_branchs_chat_neither_moves_nor_broadcasts_to_a_building_fault(world: World) -> None:
    numbers = await cold_flats(world, 3)  # a Nanguan building
    await IncidentWatcher(world.store, COMPANY, lambda: world.clock[0]).run_once()
    for text in ("/incident 1 onsite", "/broadcast 1 预计23点恢复供热"):
        await world.command(text, chat=CHAOYANG_CHAT)  # STAFF_USER is staff in every chat
        answer = world.fake.messages(CHAOYANG_CHAT)[-1].text
        assert answer == "楼栋故障 #1 由南关分公司负责，不归本群处理：请在南关分公司的值班群操作。"
    still = [await tickets.get(world.store, number=n) for n in numbers]
    assert [t.status for t in still if t] == [Status.NEW] * 3
    assert await updates_for_residents(world) == []


async def guilin_fault(product: Product) -> tuple[IncidentWatcher, list[str]]:
    """Three flats of 桂林小区2栋 write in characters and confirm; the watcher makes them building fault #1."""
    for chat, room in ((8701, "101"), (8702, "201"), (8703, "301")):
        await product.writes(chat, f"暖气不热，桂林小区2栋1单元{room}，14度")
        await product.writes(chat, "是")
    watcher = IncidentWatcher(product.store, product.runtime.company, lambda: product.clock.now)
    assert await watcher.run_once() == (1, 0)
    await product.deliver()
    return watcher, [t.number for t in await tickets.list_tickets(product.store)]


async def test_a_report_with_its_address_in_latin_letters_joins_the_buildings_fault(product: Product) -> None:
    watcher, _ = await guilin_fault(product)
    await product.writes(8704, "No heating at Guilin building 2 unit 2 room 402, it's 13 degrees", lang="en")
    await product.writes(8704, "yes", lang="en")
    [latin] = [t for t in await tickets.list_tickets(product.store) if t.room == "402"]
    assert await watcher.run_once() == (0, 1)
    await product.deliver()
    assert "we already know about the heating fault in your building (桂林小区2栋)" in (
        product.telegram.messages(8704)[-1].text
    )
    await product.tick(21)  # the clock's warning names the fault it belongs to
    assert any(
        f"<code>{latin.number}</code>" in c.text and "属于楼栋故障 #1" in c.text for c in product.staff_seen()
    )

    await product.staff("/broadcast 1 预计23点恢复供热")
    await product.deliver()
    assert "预计23点恢复供热" in product.telegram.messages(8704)[-1].text


async def test_the_readings_in_a_faults_alerts_read_as_on_the_cards(product: Product) -> None:
    """The alert that a fault formed and the one of a report joining it both say "14°C", as the card does."""
    watcher, _ = await guilin_fault(product)
    await product.writes(8704, "暖气不热，桂林小区2栋2单元402，13度")
    await product.writes(8704, "是")
    assert await watcher.run_once() == (0, 1)
    await product.deliver()
    formed, joined = [c.text for c in product.staff_seen() if c.text.startswith("🏚")]
    assert (
        formed.count(" 14°C") == 3
        and "楼栋故障 #1（桂林小区2栋）又有居民报告" in joined
        and " 13°C" in joined
    )
    assert ".0°C" not in formed + joined


async def test_a_resolved_fault_whose_flats_are_still_cold_is_told_to_staff_once_as_back(
    product: Product,
) -> None:
    watcher, numbers = await guilin_fault(product)
    await product.staff("/incident 1 dispatch C03")
    await product.staff("/incident 1 resolve 换热站阀门已修好")
    await product.deliver()
    await watcher.run_once()  # every report resolved: the fault is closed
    assert (await incidents.get(product.store, incident_id=1)).status == "closed"  # type: ignore[union-attr]

    for chat in (8701, 8702, 8703):
        await product.writes(chat, "还是不热")
    await product.deliver()
    back = [c.text for c in product.staff_seen() if "故障又回来了" in c.text]
    assert len(back) == 1 and back[0].startswith("🏚 楼栋故障 #1（桂林小区2栋）已处理完后又有居民说还是不热")
    assert min(numbers) in back[0] and "/incident 1 dispatch" in back[0]  # the first flat that said so
    assert (
        len([c for c in product.staff_seen() if c.text.startswith("🔁")]) == 3
    )  # each flat's line as before
    assert (await incidents.get(product.store, incident_id=1)).status == "open"  # type: ignore[union-attr]
    await product.staff("/broadcast 1 抢修队马上回来")
    await product.deliver()
    assert all("抢修队马上回来" in product.telegram.messages(chat)[-1].text for chat in (8701, 8702, 8703))


async def joins(
    product: Product, watcher: IncidentWatcher, chat: int, words: str, yes: str = "是"
) -> TicketInfo:
    """A resident of 桂林小区2栋 reports no heat and confirms; the watcher joins the report to the building's fault."""
    lang = "en" if yes == "yes" else "zh-CN"
    known = {t.number for t in await tickets.list_tickets(product.store)}
    await product.writes(chat, words, lang=lang)
    await product.writes(chat, yes, lang=lang)
    [ticket] = [t for t in await tickets.list_tickets(product.store) if t.number not in known]
    assert await watcher.run_once() == (0, 1)
    await product.deliver()
    return ticket


async def test_a_report_joining_after_a_broadcast_is_told_the_latest_update_once_in_its_language(
    product: Product,
) -> None:
    watcher, _ = await guilin_fault(product)
    await product.staff("/broadcast 1 抢修队正在换热站抢修")
    await product.staff("/broadcast 1 抢修队已到现场，预计18点前恢复供热")
    await product.deliver()
    seen = len(product.telegram.calls)

    latin = await joins(
        product, watcher, 8704, "No heating at Guilin building 2 unit 2 room 402, 13 degrees", "yes"
    )
    chinese = await joins(product, watcher, 8705, "暖气不热，桂林小区2栋2单元502，15度")
    told = {
        chat: [c.text for c in product.telegram.calls[seen:] if c.chat_id == chat][-2:]
        for chat in (8704, 8705)
    }
    assert "we already know about the heating fault in your building (桂林小区2栋)" in told[8704][0]
    assert told[8704][1] == (
        f"Ticket {latin.number}: update from the heating company about the heating fault affecting your building "
        "(written in Chinese): 抢修队已到现场，预计18点前恢复供热"
    )
    assert "供热故障我们已经掌握" in told[8705][0]
    assert (
        told[8705][1] == f"工单 {chinese.number}（楼栋供热故障）最新情况：抢修队已到现场，预计18点前恢复供热"
    )
    for ticket in (latin, chinese):
        logged = [
            e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "broadcast"
        ]
        assert [(e.actor, e.data["text"]) for e in logged] == [
            ("incidents", "抢修队已到现场，预计18点前恢复供热")
        ]

    seen = len(product.telegram.calls)  # once: the next passes tell them nothing again
    assert await watcher.run_once() == (0, 0)
    await product.deliver()
    assert not [c for c in product.telegram.calls[seen:] if c.chat_id in (8704, 8705)]
    await product.staff("/broadcast 1 已恢复供热")  # and the next update reaches them like everyone else
    await product.deliver()
    latest = [product.telegram.messages(chat)[-1].text for chat in (8704, 8705)]
    assert latest == [
        f"Ticket {latin.number}: update from the heating company about the heating fault affecting your building "
        "(written in Chinese): 已恢复供热",
        f"工单 {chinese.number}（楼栋供热故障）最新情况：已恢复供热",
    ]


async def test_a_report_joining_a_fault_that_came_back_is_not_told_the_update_from_before(
    product: Product,
) -> None:
    watcher, _ = await guilin_fault(product)
    await product.staff("/broadcast 1 预计23点恢复供热")
    await product.staff("/incident 1 dispatch C03")
    await product.staff("/incident 1 resolve 换热站阀门已修好")
    await product.deliver()
    await watcher.run_once()  # every report resolved: the fault is closed
    await product.writes(8701, "还是不热")  # the fault is back
    await product.deliver()

    seen = len(product.telegram.calls)
    first = await joins(product, watcher, 8706, "暖气不热，桂林小区2栋3单元601，14度")
    after = [c.text for c in product.telegram.calls[seen:] if c.chat_id == 8706]
    assert "供热故障我们已经掌握" in after[-1] and not [t for t in after if "预计23点恢复供热" in t]
    assert not [e for e in await tickets.events(product.store, number=first.number) if e.kind == "broadcast"]

    await product.staff("/broadcast 1 抢修队马上回来")
    await product.deliver()
    second = await joins(product, watcher, 8707, "暖气不热，桂林小区2栋3单元701，14度")
    assert (
        product.telegram.messages(8707)[-1].text
        == f"工单 {second.number}（楼栋供热故障）最新情况：抢修队马上回来"
    )
