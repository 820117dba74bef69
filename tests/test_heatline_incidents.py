"""Incidents: three no-heat reports from one building within two hours become one fault."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from storage_helpers import open_for_new_contact

from heatline.incidents import IncidentWatcher
from intents.company import Company
from intents.types import Address
from storage import Store, incidents, tickets
from storage import company as company_store
from storage.models import notification_t
from storage.values import Status

T0 = dt.datetime(2026, 12, 20, 22, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


async def cold_flat(store: Store, chat: int, raw: str, building: str, when: dt.datetime) -> str:
    ticket, _ = await open_for_new_contact(
        store, chat=chat, branch="chaoyang", address=Address(raw, building, "1", str(100 + chat)), now=when
    )
    return ticket.number


async def outbox_events(store: Store) -> list[tuple[str, str]]:
    async with store.read() as conn:
        rows = await conn.execute(
            sa.select(notification_t.c.event, notification_t.c.address).order_by(notification_t.c.id)
        )
        return [(e, a) for e, a in rows]


async def test_three_reports_form_an_incident_and_the_fourth_is_told(
    store: Store, demo_company: Company
) -> None:
    await company_store.sync(store, demo_company)
    clock = Clock()
    watcher = IncidentWatcher(store, demo_company, clock)
    first = await cold_flat(store, 1, "红旗小区3栋1单元101", "3", T0)
    second = await cold_flat(store, 2, "紅旗小區3棟1單元102", "3", T0 + dt.timedelta(minutes=30))
    elsewhere = await cold_flat(store, 3, "红旗小区4栋1单元103", "4", T0 + dt.timedelta(minutes=40))
    clock.now = T0 + dt.timedelta(minutes=45)
    assert await watcher.run_once() == (0, 0)  # two reports are not yet an incident

    third = await cold_flat(store, 4, "红旗小区3栋2单元201", "3", T0 + dt.timedelta(minutes=50))
    clock.now = T0 + dt.timedelta(minutes=51)
    assert await watcher.run_once() == (1, 0)
    incident = await incidents.open_by_key(store, key="红旗小区#3")
    assert incident is not None and incident.ticket_numbers == (first, second, third)
    assert elsewhere not in incident.ticket_numbers
    assert ("incident.formed", "chaoyang") in await outbox_events(store)

    fourth = await cold_flat(store, 5, "红旗小区3栋3单元301", "3", T0 + dt.timedelta(minutes=55))
    clock.now = T0 + dt.timedelta(minutes=56)
    assert await watcher.run_once() == (0, 1)
    events = await outbox_events(store)
    assert ("incident.known", "5") in events  # the new reporter hears the fault is known
    assert ("incident.report", "chaoyang") in events
    assert (await incidents.get(store, incident_id=incident.id)).ticket_numbers[-1] == fourth  # type: ignore[union-attr]

    sent = await incidents.broadcast(store, incident_id=incident.id, text="预计23点恢复供热", actor="staff:9")
    assert sent == 4
    updates = [a for e, a in await outbox_events(store) if e == "incident.update"]
    assert sorted(updates) == ["1", "2", "4", "5"]


async def test_reports_hours_apart_are_no_incident_and_finished_ones_close(
    store: Store, demo_company: Company
) -> None:
    await company_store.sync(store, demo_company)
    clock = Clock()
    watcher = IncidentWatcher(store, demo_company, clock)
    for chat, minutes in ((11, 0), (12, 150), (13, 300)):
        await cold_flat(store, chat, "桂林小区7栋", "7", T0 + dt.timedelta(minutes=minutes))
    clock.now = T0 + dt.timedelta(minutes=301)
    assert await watcher.run_once() == (0, 0)

    numbers = [await cold_flat(store, 20 + i, "湖西花园2栋", "2", clock.now) for i in range(3)]
    assert await watcher.run_once() == (1, 0)
    for number in numbers:
        await tickets.transition(store, number=number, to=Status.RESOLVED, actor="staff:1", now=clock.now)
    await watcher.run_once()
    assert await incidents.open_by_key(store, key="湖西花园#2") is None


async def test_a_report_joining_a_fault_whose_crew_is_there_follows_that_crew(
    store: Store, demo_company: Company
) -> None:
    await company_store.sync(store, demo_company)
    clock = Clock()
    watcher = IncidentWatcher(store, demo_company, clock)
    first, second, third = [await cold_flat(store, i, f"红旗小区3栋1单元10{i}", "3", T0) for i in (1, 2, 3)]
    clock.now = T0 + dt.timedelta(minutes=5)
    assert await watcher.run_once() == (1, 0)
    await tickets.dispatch(store, number=first, crew="C03", actor="staff:9", now=clock.now)
    await tickets.transition(store, number=first, to=Status.ON_SITE, actor="staff:9", now=clock.now)

    late = await cold_flat(store, 7, "红旗小区3栋2单元201", "3", T0 + dt.timedelta(minutes=20))
    clock.now = T0 + dt.timedelta(minutes=21)
    assert await watcher.run_once() == (0, 1)
    joined = await tickets.get(store, number=late)
    assert joined is not None and (joined.status, joined.crew) == (
        Status.ON_SITE,
        "C03",
    )  # its promise is kept
    told = [e for e, a in await outbox_events(store) if a == "7"]
    assert told == ["incident.crew_on_site"]  # once, and true: the crew is in the building, not at their door
    assert ("status.on_site", "chaoyang") in await outbox_events(store)  # the card shows its step
    untouched = [await tickets.get(store, number=n) for n in (second, third)]
    assert [t.status for t in untouched if t] == [Status.NEW, Status.NEW]  # staff move the others


async def test_a_report_joining_a_fault_with_no_crew_yet_waits_for_staff(
    store: Store, demo_company: Company
) -> None:
    await company_store.sync(store, demo_company)
    clock = Clock()
    watcher = IncidentWatcher(store, demo_company, clock)
    for i in (1, 2, 3):
        await cold_flat(store, i, f"红旗小区3栋1单元10{i}", "3", T0)
    clock.now = T0 + dt.timedelta(minutes=5)
    await watcher.run_once()
    late = await cold_flat(store, 7, "红旗小区3栋2单元201", "3", T0 + dt.timedelta(minutes=20))
    clock.now = T0 + dt.timedelta(minutes=21)
    assert await watcher.run_once() == (0, 1)
    joined = await tickets.get(store, number=late)
    assert joined is not None and joined.status == Status.NEW and joined.crew is None


async def test_a_report_joining_a_fault_keeps_the_crew_staff_sent_it_meanwhile(
    store: Store, demo_company: Company
) -> None:
    await company_store.sync(store, demo_company)
    clock = Clock()
    watcher = IncidentWatcher(store, demo_company, clock)
    first, *_ = [await cold_flat(store, i, f"红旗小区3栋1单元10{i}", "3", T0) for i in (1, 2, 3)]
    clock.now = T0 + dt.timedelta(minutes=5)
    await watcher.run_once()
    await tickets.dispatch(store, number=first, crew="C03", actor="staff:9", now=clock.now)
    late = await cold_flat(store, 7, "红旗小区3栋2单元201", "3", T0 + dt.timedelta(minutes=20))
    await tickets.dispatch(store, number=late, crew="C04", actor="staff:9", now=clock.now)  # its own, already
    clock.now = T0 + dt.timedelta(minutes=21)
    assert await watcher.run_once() == (0, 1)
    joined = await tickets.get(store, number=late)
    assert joined is not None and (joined.status, joined.crew) == (Status.DISPATCHED, "C04")  # never swapped
    told = [e for e, a in await outbox_events(store) if a == "7"]
    assert told.count("status.dispatched") == 1
