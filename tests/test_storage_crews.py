"""Staff moves decided on the ticket as it is when they are written, on both databases: a take or a crew that
another staff member got in first, a crew recorded on a ticket marked on site, hand-offs that cannot be, a reopened
repair's new pass, and the figures of a repair resolved straight after its crew was sent."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from storage_helpers import open_for_new_contact

from intents.company import Company
from intents.types import Address
from storage import Store, company, outbox, reports, tickets
from storage.errors import AlreadyTaken, CrewAlreadySent, CrewOnSite, SameBranch
from storage.values import Audience, NotificationInfo, Status

T0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)
ADDRESS = Address(raw="东岭小区3栋2单元501", building="3", unit="2", room="501")


async def _open(store: Store, demo_company: Company, chat: int = 1001) -> str:
    await company.sync(store, demo_company)
    ticket, _ = await open_for_new_contact(
        store, chat=chat, branch="nanguan", address=ADDRESS, description="暖气不热", now=T0
    )
    return ticket.number


async def _told(store: Store) -> list[NotificationInfo]:
    """The resident notices queued since the last look."""
    rows = await outbox.claim(store, limit=100, now=T0 + dt.timedelta(days=3))
    for row in rows:
        await outbox.mark_sent(store, notification_id=row.id)
    return [n for n in rows if n.audience is Audience.RESIDENT]


async def test_two_takes_at_once_one_holds_it_the_other_is_told_who(
    store: Store, demo_company: Company
) -> None:
    number = await _open(store, demo_company)
    takes = [tickets.take(store, number=number, assignee=who, actor=who, now=T0) for who in ("甲", "乙")]
    results = await asyncio.gather(*takes, return_exceptions=True)
    [held] = [r for r in results if not isinstance(r, BaseException)]
    [refused] = [r for r in results if isinstance(r, BaseException)]
    assert isinstance(refused, AlreadyTaken) and refused.assignee == held.assignee
    assert [n.event for n in await _told(store)].count("status.acknowledged") == 1

    other = "乙" if held.assignee == "甲" else "甲"
    over = await tickets.take(store, number=number, assignee=other, actor=other, now=T0, over=True)
    assert over.assignee == other
    [event] = [e for e in await tickets.events(store, number=number) if e.kind == "taken"]
    assert event.data == {"assignee": other, "previous": held.assignee}


async def test_two_crews_at_once_one_goes_and_only_a_deliberate_change_replaces_it(
    store: Store, demo_company: Company
) -> None:
    number = await _open(store, demo_company)
    sends = [
        tickets.dispatch(store, number=number, crew=crew, actor="staff", now=T0) for crew in ("C01", "C02")
    ]
    results = await asyncio.gather(*sends, return_exceptions=True)
    [sent] = [r for r in results if not isinstance(r, BaseException)]
    [refused] = [r for r in results if isinstance(r, BaseException)]
    assert isinstance(refused, CrewAlreadySent) and (refused.crew, refused.status) == (
        sent.crew,
        "dispatched",
    )
    assert [n.event for n in await _told(store)].count("status.dispatched") == 1

    other = "C02" if sent.crew == "C01" else "C01"
    with pytest.raises(
        CrewAlreadySent
    ):  # replacing a crew it does not have (the card was old): nothing changes
        await tickets.dispatch(store, number=number, crew=other, actor="staff", replacing="C05", now=T0)
    changed = await tickets.dispatch(
        store, number=number, crew=other, actor="staff", replacing=sent.crew, now=T0
    )
    assert (changed.status, changed.crew) == (Status.DISPATCHED, other)
    [replaced] = await _told(store)
    assert replaced.event == "status.dispatched" and replaced.payload["previous_crew"] == sent.crew
    assert replaced.payload["previous_crew_name"].startswith("南关抢修")


async def test_a_crew_is_recorded_on_a_ticket_marked_on_site_without_telling_the_resident(
    store: Store, demo_company: Company
) -> None:
    number = await _open(store, demo_company)
    await tickets.transition(store, number=number, to=Status.ON_SITE, actor="staff", now=T0)
    await _told(store)
    ticket = await tickets.dispatch(store, number=number, crew="c01", actor="staff", staff="甲", now=T0)
    assert (ticket.status, ticket.crew) == (Status.ON_SITE, "C01")
    assert set(ticket.status_times) == {"new", "on_site"}  # the skipped steps keep no timestamp
    ticket = await tickets.dispatch(store, number=number, crew="C02", actor="staff", replacing="C01", now=T0)
    assert ticket.crew == "C02"
    assert await _told(store) == []  # the crew is at their door: nothing to tell
    crews = [e.data for e in await tickets.events(store, number=number) if e.kind == "crew"]
    assert crews == [{"crew": "C01", "staff": "甲"}, {"crew": "C02", "previous": "C01"}]


async def test_hand_offs_to_the_same_branch_or_with_the_crew_on_site_are_refused(
    store: Store, demo_company: Company
) -> None:
    number = await _open(store, demo_company)
    await tickets.take(store, number=number, assignee="甲", actor="staff", now=T0)
    with pytest.raises(SameBranch):
        await tickets.hand_off(store, number=number, branch="nanguan", actor="staff", now=T0)
    await tickets.dispatch(store, number=number, crew="C01", actor="staff", now=T0)
    moved = await tickets.hand_off(store, number=number, branch="chaoyang", actor="staff", now=T0)
    assert (moved.branch, moved.assignee, moved.crew) == (
        "chaoyang",
        None,
        "C01",
    )  # theirs to take; crew still due

    other = await _open(store, demo_company, chat=1002)
    await tickets.dispatch(store, number=other, crew="C01", actor="staff", now=T0)
    await tickets.transition(store, number=other, to=Status.ON_SITE, actor="staff", now=T0)
    await _told(store)
    with pytest.raises(CrewOnSite):
        await tickets.hand_off(store, number=other, branch="chaoyang", actor="staff", now=T0)
    stored = await tickets.get(store, number=other)
    assert stored is not None and stored.branch == "nanguan"
    assert await _told(store) == []


async def test_a_reopened_repair_has_nobody_holding_it_and_no_crew_yet(
    store: Store, demo_company: Company
) -> None:
    number = await _open(store, demo_company)
    await tickets.take(store, number=number, assignee="甲", actor="staff", now=T0)
    await tickets.dispatch(store, number=number, crew="C01", actor="staff", now=T0)
    await tickets.transition(store, number=number, to=Status.RESOLVED, actor="staff", now=T0)
    later = T0 + dt.timedelta(hours=2)
    reopened = await tickets.transition(store, number=number, to=Status.REOPENED, actor="resident", now=later)
    assert (reopened.crew, reopened.assignee) == (None, None)
    assert reopened.due_at == later + dt.timedelta(minutes=30)


async def test_a_repair_resolved_straight_after_its_crew_was_sent_counts_its_arrival_by_then(
    store: Store, demo_company: Company
) -> None:
    sent = await _open(store, demo_company)
    await tickets.dispatch(store, number=sent, crew="C01", actor="staff", now=T0 + dt.timedelta(minutes=5))
    await tickets.transition(
        store, number=sent, to=Status.RESOLVED, actor="staff", now=T0 + dt.timedelta(minutes=25)
    )
    settled = await _open(store, demo_company, chat=1002)  # settled on the phone, no crew sent
    await tickets.transition(
        store, number=settled, to=Status.RESOLVED, actor="staff", now=T0 + dt.timedelta(minutes=10)
    )
    figures = await reports.figures(store, min_room_temp_c=18, now=T0 + dt.timedelta(hours=1))
    assert (figures.arrivals_measured, figures.arrivals_on_time) == (1, 1)
    assert figures.median_minutes_to_site == 25.0
