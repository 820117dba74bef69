"""The promised figures, checked against a hand-built set of tickets on both databases."""

from __future__ import annotations

import datetime as dt

from storage_helpers import merged_and_withdrawn, open_for_new_contact

from intents.company import Company
from intents.types import Address
from storage import Store, tickets
from storage import company as company_store
from storage.reports import figures
from storage.values import Status, TicketKind

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


async def report(
    store: Store, company: Company, chat: int, kind: TicketKind, temp: float | None = None
) -> str:
    ticket, _ = await open_for_new_contact(
        store,
        chat=chat,
        kind=kind,
        branch=company.branches[0].code,
        address=Address(f"{chat}栋1单元101", str(chat), "1", "101"),
        description="test",
        temperature_c=temp,
        now=T0,
    )
    return ticket.number


async def test_figures_of_a_hand_built_day(store: Store, demo_company: Company) -> None:
    await company_store.sync(store, demo_company)
    on_time = await report(store, demo_company, 1, TicketKind.NO_HEAT, 15)
    late = await report(store, demo_company, 2, TicketKind.NO_HEAT, 18)
    by_phone = await report(store, demo_company, 3, TicketKind.LEAK, 20)
    waiting = await report(store, demo_company, 4, TicketKind.BURST)
    fresh = await report(store, demo_company, 5, TicketKind.NO_HEAT)
    complaint = await report(store, demo_company, 6, TicketKind.COMPLAINT)

    await tickets.transition(store, number=on_time, to=Status.ON_SITE, actor="s", now=at(20))
    await tickets.transition(store, number=on_time, to=Status.RESOLVED, actor="s", now=at(50))
    await tickets.record_rating(store, number=on_time, contact_id=1, rating=5, now=at(60))
    await tickets.transition(store, number=late, to=Status.ON_SITE, actor="s", now=at(40))
    await tickets.transition(store, number=by_phone, to=Status.RESOLVED, actor="s", now=at(10))
    await tickets.transition(store, number=complaint, to=Status.RESOLVED, actor="s", now=at(120))
    del waiting, fresh

    # At 9:45 the burst still waits (late); the ticket reported a moment ago is not measurable yet.
    result = await figures(store, min_room_temp_c=18, now=at(45))
    assert result.tickets == 6
    assert result.by_kind == {"no_heat": 3, "leak": 1, "burst": 1, "complaint": 1}
    assert result.arrivals_measured == 4  # on_time, late, waiting, fresh (due 9:30, not on site)
    assert result.arrivals_on_time == 1
    assert result.timely_rate_pct == 25.0
    assert result.median_minutes_to_site == 30.0
    assert result.p90_minutes_to_site == 40.0
    assert (result.temperatures_reported, result.temperatures_passing) == (3, 2)
    assert result.temperature_pass_rate_pct == 66.7
    assert (result.complaints, result.complaints_resolved, result.median_complaint_hours) == (1, 1, 2.0)
    assert result.ratings == {5: 1}
    assert result.average_rating == 5.0
    assert result.dead_notifications == 0


async def test_a_period_and_a_branch_narrow_the_figures(store: Store, demo_company: Company) -> None:
    await company_store.sync(store, demo_company)
    await report(store, demo_company, 7, TicketKind.NO_HEAT, 16)
    later = await figures(store, min_room_temp_c=18, since=at(60))
    assert later.tickets == 0 and later.timely_rate_pct is None
    other = await figures(store, min_room_temp_c=18, branch=demo_company.branches[1].code)
    assert other.tickets == 0
    same = await figures(store, min_room_temp_c=18, branch=demo_company.branches[0].code, until=at(1))
    assert same.tickets == 1 and same.temperature_pass_rate_pct == 0.0


async def test_each_promise_counts_a_reopened_repairs_late_first_visit_too(
    store: Store, demo_company: Company
) -> None:
    await company_store.sync(store, demo_company)
    number = await report(store, demo_company, 8, TicketKind.NO_HEAT, 15)
    await tickets.mark_breached(store, number=number, now=at(30))
    await tickets.transition(
        store, number=number, to=Status.ON_SITE, actor="s", now=at(50)
    )  # 20 minutes late
    await tickets.transition(store, number=number, to=Status.RESOLVED, actor="s", now=at(70))
    await tickets.transition(store, number=number, to=Status.REOPENED, actor="resident", now=at(80))
    await tickets.transition(
        store, number=number, to=Status.ON_SITE, actor="s", now=at(95)
    )  # in time, due 9:80
    await tickets.transition(store, number=number, to=Status.RESOLVED, actor="s", now=at(110))

    result = await figures(store, min_room_temp_c=18, now=at(120))
    assert (result.arrivals_measured, result.arrivals_on_time, result.timely_rate_pct) == (2, 1, 50.0)
    assert sorted([result.median_minutes_to_site or 0, result.p90_minutes_to_site or 0]) == [32.5, 50.0]
    [reopening] = [e for e in await tickets.events(store, number=number) if e.to_status is Status.REOPENED]
    assert reopening.data["pass"] == {
        "started": T0.isoformat(),
        "due": at(30).isoformat(),
        "on_site": at(50).isoformat(),
        "resolved": at(70).isoformat(),
        "breached": True,
    }


async def test_a_room_counts_at_the_reading_told_after_the_repair(
    store: Store, demo_company: Company
) -> None:
    await company_store.sync(store, demo_company)
    warm = await report(store, demo_company, 9, TicketKind.NO_HEAT, 15)
    cold = await report(store, demo_company, 10, TicketKind.NO_HEAT, 14)
    for number in (warm, cold):
        await tickets.transition(store, number=number, to=Status.ON_SITE, actor="s", now=at(20))
        await tickets.transition(store, number=number, to=Status.RESOLVED, actor="s", now=at(50))
    owner = await tickets.get(store, number=warm)
    assert owner is not None
    rated = await tickets.record_rating(
        store,
        number=warm,
        contact_id=owner.contact_id,
        rating=5,
        words="现在22度了",
        temperature_c=22.0,
    )
    assert rated.temperature_c == 15.0  # the report's reading stays as it was told

    result = await figures(store, min_room_temp_c=18, now=at(60))
    assert (result.temperatures_reported, result.temperatures_passing, result.temperatures_after_repair) == (
        2,
        1,
        1,
    )
    assert result.temperature_pass_rate_pct == 50.0


async def test_a_report_merged_into_its_flats_other_ticket_is_counted_as_merged_not_as_cancelled(
    store: Store, demo_company: Company
) -> None:
    await company_store.sync(store, demo_company)
    await merged_and_withdrawn(store, demo_company, T0)
    result = await figures(store, min_room_temp_c=18, now=at(40))
    assert (result.tickets, result.cancelled, result.merged) == (3, 1, 1)
    assert (
        result.arrivals_measured == 1
    )  # the flat's leak, once: not the merged report, nor the withdrawn one
