"""The outbox worker and the 30-minute clock against a real store (SQLite and PostgreSQL).

The senders here stand in for Telegram and Twilio, which cannot be reached: each one follows the shared
delivery protocol and fails the way the real platforms do.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from heatline.sla import SlaWatcher
from heatline.throttle import Limits, Throttle
from heatline.worker import Backoff, OutboxWorker
from intents.company import Company
from intents.types import Address
from storage import Store, contacts, outbox, tickets
from storage import company as company_store
from storage.delivery import RetryAfter, Unreachable
from storage.models import notification_t
from storage.values import Audience, Channel, DeliveryStatus, NotificationInfo, Priority, Status, TicketKind

T0 = dt.datetime(2026, 12, 10, 8, 0, tzinfo=dt.UTC)


@dataclass
class Clock:
    now: dt.datetime = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += dt.timedelta(**kwargs)


@dataclass
class ScriptedChannel:
    """A platform that answers each send with the next scripted outcome (None: accepted)."""

    outcomes: list[Exception | None] = field(default_factory=list)
    delivered: list[NotificationInfo] = field(default_factory=list)

    async def send(self, notification: NotificationInfo) -> None:
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome
        self.delivered.append(notification)


async def open_report(
    store: Store,
    company: Company,
    chat_id: int,
    *,
    phone: str | None = None,
    kind: TicketKind = TicketKind.NO_HEAT,
    priority: Priority = Priority.NORMAL,
) -> str:
    await company_store.sync(store, company)
    contact = await contacts.get_or_create(store, channel=Channel.TELEGRAM, telegram_chat_id=chat_id)
    if phone:
        await contacts.update(store, contact_id=contact.id, phone=phone)
    ticket, _ = await tickets.open_ticket(
        store,
        kind=kind,
        priority=priority,
        contact_id=contact.id,
        branch=company.branches[0].code,
        address=Address("3栋2单元501", "3", "2", "501"),
        description="暖气不热",
        now=T0,
    )
    return ticket.number


async def statuses(store: Store) -> dict[str, list[str]]:
    async with store.read() as conn:
        rows = await conn.execute(sa.select(notification_t.c.event, notification_t.c.status))
        found: dict[str, list[str]] = {}
        for event, status in rows:
            found.setdefault(event, []).append(status)
        return found


def worker(store: Store, clock: Clock, resident: ScriptedChannel, staff: ScriptedChannel) -> OutboxWorker:
    senders = {
        (Audience.RESIDENT, Channel.TELEGRAM): resident,
        (Audience.STAFF, Channel.TELEGRAM): staff,
    }
    return OutboxWorker(
        store,
        senders,
        clock,
        throttle=Throttle(Limits.off()),
        backoff=Backoff(max_attempts=3),
        rng=random.Random(1),
    )


async def test_every_status_change_reaches_the_resident_once(store: Store, demo_company: Company) -> None:
    clock = Clock()
    number = await open_report(store, demo_company, 501)
    await tickets.transition(store, number=number, to=Status.ACKNOWLEDGED, actor="staff:1", now=T0)
    resident, staff = ScriptedChannel(), ScriptedChannel()
    w = worker(store, clock, resident, staff)
    assert await w.run_once() >= 2
    assert await w.run_once() == 0  # nothing is sent twice
    assert [n.event for n in resident.delivered] == ["status.acknowledged"]
    assert [n.payload["number"] for n in resident.delivered] == [number]
    assert [n.event for n in staff.delivered] == ["ticket.new"]
    assert await outbox.pending_count(store) == 0


async def test_retry_after_is_obeyed_exactly(store: Store, demo_company: Company) -> None:
    clock = Clock()
    number = await open_report(store, demo_company, 502)
    await tickets.transition(store, number=number, to=Status.ACKNOWLEDGED, actor="staff:1", now=T0)
    resident = ScriptedChannel([RetryAfter(7)])
    w = worker(store, clock, resident, ScriptedChannel())
    await w.run_once()
    assert resident.delivered == []
    clock.advance(seconds=6.9)
    assert await w.run_once() == 0  # still waiting as Telegram asked
    clock.advance(seconds=0.2)
    assert await w.run_once() == 1
    assert [n.event for n in resident.delivered] == ["status.acknowledged"]


async def test_failures_back_off_then_go_dead_with_the_reason(store: Store, demo_company: Company) -> None:
    clock = Clock()
    number = await open_report(store, demo_company, 503)
    await tickets.transition(store, number=number, to=Status.ACKNOWLEDGED, actor="staff:1", now=T0)
    resident = ScriptedChannel([ConnectionError("server said 500")] * 3)
    w = worker(store, clock, resident, ScriptedChannel())
    for _ in range(3):
        await w.run_once()
        clock.advance(minutes=10)
    assert (await statuses(store))["status.acknowledged"] == [DeliveryStatus.DEAD]
    async with store.read() as conn:
        error = (
            await conn.execute(
                sa.select(notification_t.c.last_error).where(notification_t.c.event == "status.acknowledged")
            )
        ).scalar_one()
    assert "gave up after 3 attempts" in error and "server said 500" in error
    assert resident.delivered == []
    # Staff hear of the lost update, so they can phone the resident instead.
    staff = ScriptedChannel()
    w.senders = {**w.senders, (Audience.STAFF, Channel.TELEGRAM): staff}
    await w.run_once()
    dead = [n for n in staff.delivered if n.event == "notification.dead"]
    assert [(n.payload["number"], n.payload["event"]) for n in dead] == [(number, "status.acknowledged")]
    assert dead[0].address == demo_company.branches[0].code


async def test_a_resident_who_blocked_the_bot_gets_sms(store: Store, demo_company: Company) -> None:
    clock = Clock()
    number = await open_report(store, demo_company, 504, phone="+8613900000504")
    await tickets.transition(store, number=number, to=Status.ACKNOWLEDGED, actor="staff:1", now=T0)
    sms = ScriptedChannel()
    resident = ScriptedChannel([Unreachable("bot was blocked by the user")])
    w = worker(store, clock, resident, ScriptedChannel())
    w.senders = {**w.senders, (Audience.RESIDENT, Channel.SMS): sms}
    await w.run_once()
    await w.run_once()
    assert [(n.event, n.address) for n in sms.delivered] == [("status.acknowledged", "+8613900000504")]
    contact = await contacts.get_or_create(store, channel=Channel.TELEGRAM, telegram_chat_id=504)
    assert contact.unreachable


async def test_a_channel_without_a_sender_is_dead_not_dropped(store: Store, demo_company: Company) -> None:
    clock = Clock()
    await open_report(store, demo_company, 505)
    w = OutboxWorker(store, {}, clock, throttle=Throttle(Limits.off()))
    await w.run_once()
    assert (await statuses(store))["ticket.new"] == [DeliveryStatus.DEAD]


async def test_run_stops_when_asked(store: Store, demo_company: Company) -> None:
    await open_report(store, demo_company, 506)
    staff = ScriptedChannel()
    w = worker(store, Clock(), ScriptedChannel(), staff)
    stop = asyncio.Event()
    task = asyncio.create_task(w.run(stop, idle=0.05))
    for _ in range(100):
        if staff.delivered:
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, 2)
    assert [n.event for n in staff.delivered] == ["ticket.new"]


async def test_throttle_spaces_messages_to_one_chat() -> None:
    slept: list[float] = []
    now = [0.0]

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    throttle = Throttle(Limits(per_second=25, private_interval=1.0), lambda: now[0], sleep)
    await throttle.slot("tg:1", group=False)
    await throttle.slot("tg:1", group=False)
    await throttle.slot("tg:2", group=False)
    assert slept == pytest.approx([1.0, 0.04])


def test_a_group_takes_a_burst_then_one_every_3_seconds_keeping_its_last_for_urgent_alerts() -> None:
    now = [0.0]
    throttle = Throttle(
        Limits(per_second=0, group_interval=3.0, group_burst=20, urgent_reserve=5), lambda: now[0]
    )
    assert [throttle.take("tg:branch", group=True) for _ in range(15)] == [0.0] * 15  # routine: 15 at once
    assert throttle.take("tg:branch", group=True) == pytest.approx(3.0)  # the last 5 are kept...
    assert [throttle.take("tg:branch", group=True, urgent=True) for _ in range(5)] == [
        0.0
    ] * 5  # ...for alerts
    assert throttle.take("tg:branch", group=True, urgent=True) == pytest.approx(3.0)
    now[0] += 3.0
    assert throttle.take("tg:branch", group=True, urgent=True) == 0.0
    assert throttle.take("tg:other", group=True) == 0.0  # each group has its own bucket
    throttle.hold("tg:other", 30)  # Telegram said retry_after=30
    assert throttle.take("tg:other", group=True, urgent=True) == pytest.approx(30.0)


class VirtualTime:
    """A monotonic clock that moves only when the test says; sleepers wake when their time comes."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []
        self._moved = asyncio.Event()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        until = self.now + seconds
        while self.now < until - 1e-9:
            self._moved.clear()
            await self._moved.wait()

    async def advance(self, seconds: float) -> None:
        self.now += seconds
        self._moved.set()
        for _ in range(5):  # let the woken sleepers book their slots
            await asyncio.sleep(0)


async def test_a_chat_waiting_out_its_interval_does_not_hold_up_other_chats() -> None:
    time = VirtualTime()
    throttle = Throttle(Limits(per_second=25, private_interval=1.0), time.monotonic, time.sleep)
    await throttle.slot("tg:1", group=False)
    again = asyncio.create_task(throttle.slot("tg:1", group=False))
    await asyncio.sleep(0)
    other = asyncio.create_task(throttle.slot("tg:2", group=False))
    await asyncio.sleep(0)
    assert time.slept == [1.0, 0.04]  # the other chat gets the next global slot, not one after 1 s
    await time.advance(0.04)
    assert other.done() and not again.done()
    await time.advance(0.96)
    assert again.done()


async def test_other_chats_are_served_while_one_chat_is_slow(store: Store) -> None:
    """A slow chat's lane holds up only that chat; each chat still gets its messages in order."""
    release = asyncio.Event()
    delivered: list[tuple[str, str]] = []

    class Platform:
        async def send(self, notification: NotificationInfo) -> None:
            if notification.address == "1001" and not release.is_set():
                await release.wait()
            delivered.append((notification.address, notification.payload["n"]))

    for n, chat in enumerate(["1001", "1001", "1002", "1002", "1003"]):
        await outbox.enqueue(
            store,
            audience=Audience.RESIDENT,
            channel=Channel.TELEGRAM,
            address=chat,
            language="zh-Hans",
            event="status.acknowledged",
            payload={"number": "1234567", "n": str(n)},
            now=T0,
        )
    w = OutboxWorker(
        store,
        {(Audience.RESIDENT, Channel.TELEGRAM): Platform()},
        Clock(),
        throttle=Throttle(Limits.off()),
        batch=1,
        in_flight_max=10,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(w.run(stop, idle=0.05))
    for _ in range(200):
        if len(delivered) == 3:
            break
        await asyncio.sleep(0.01)
    assert sorted(delivered) == [("1002", "2"), ("1002", "3"), ("1003", "4")]
    assert [n for chat, n in delivered if chat == "1002"] == ["2", "3"]
    release.set()
    for _ in range(200):
        if len(delivered) == 5:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 2)
    assert delivered[3:] == [("1001", "0"), ("1001", "1")]
    assert await outbox.pending_count(store) == 0


async def test_a_notification_whose_lease_ran_out_is_not_sent(
    store: Store, demo_company: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker may have claimed it again: it is left for the next claim, never sent twice."""
    clock = Clock()
    number = await open_report(store, demo_company, 509)
    await tickets.transition(store, number=number, to=Status.ACKNOWLEDGED, actor="staff:1", now=T0)
    resident, staff = ScriptedChannel(), ScriptedChannel()
    w = worker(store, clock, resident, staff)
    monkeypatch.setattr(store, "lease_seconds", 0)  # the lease is over as soon as the rows are claimed
    assert await w.run_once() >= 2
    assert resident.delivered == [] and staff.delivered == []
    assert await outbox.pending_count(store) >= 2
    monkeypatch.setattr(store, "lease_seconds", 60)
    await w.run_once()
    assert [n.event for n in resident.delivered] == ["status.acknowledged"]
    assert [n.event for n in staff.delivered] == ["ticket.new"]


async def test_the_clock_warns_at_20_minutes_and_flags_a_breach_at_30(
    store: Store, demo_company: Company
) -> None:
    clock = Clock()
    number = await open_report(store, demo_company, 507)
    watcher = SlaWatcher(store, clock, warning_minutes=20)
    clock.advance(minutes=19)
    assert await watcher.run_once() == (0, 0)
    clock.advance(minutes=2)
    assert await watcher.run_once() == (1, 0)
    assert await watcher.run_once() == (0, 0)  # one warning per ticket
    await tickets.dispatch(store, number=number, crew="C01", actor="staff:1", now=clock())
    clock.advance(minutes=10)
    assert await watcher.run_once() == (0, 1)
    ticket = await tickets.get(store, number=number)
    assert ticket is not None and ticket.breached
    events = await statuses(store)
    assert events["ticket.warning"] == [DeliveryStatus.PENDING]
    assert events["ticket.breached"] == [DeliveryStatus.PENDING] * 2  # staff, and the resident told honestly
    assert await watcher.run_once() == (0, 0)


async def test_a_complaint_has_no_crew_to_wait_for_and_is_never_warned_or_flagged(
    store: Store, demo_company: Company
) -> None:
    clock = Clock()
    number = await open_report(store, demo_company, 510, kind=TicketKind.COMPLAINT)
    clock.advance(minutes=45)
    assert await SlaWatcher(store, clock, warning_minutes=20).run_once() == (0, 0)
    ticket = await tickets.get(store, number=number)
    assert ticket is not None and not ticket.breached
    assert "ticket.breached" not in await statuses(store)  # no resident told of a promise never made


async def test_a_crew_on_site_in_time_is_never_flagged(store: Store, demo_company: Company) -> None:
    clock = Clock()
    number = await open_report(store, demo_company, 508)
    await tickets.dispatch(
        store, number=number, crew="C01", actor="staff:1", now=T0 + dt.timedelta(minutes=5)
    )
    await tickets.transition(
        store, number=number, to=Status.ON_SITE, actor="staff:1", now=T0 + dt.timedelta(minutes=25)
    )
    clock.advance(minutes=45)
    assert await SlaWatcher(store, clock).run_once() == (0, 0)


async def test_the_residents_word_that_the_crew_came_stops_the_clock_until_the_repair_is_reopened(
    store: Store, demo_company: Company
) -> None:
    clock = Clock()
    number = await open_report(store, demo_company, 511)
    clock.advance(minutes=10)
    told = await tickets.report_arrival(
        store, number=number, contact_id=None, description="师傅到了", now=clock()
    )
    # nobody took it: the status stays for staff to move, the clock stops at the word
    assert told.status is Status.NEW and told.arrival_reported_at == clock()
    clock.advance(minutes=35)
    assert await SlaWatcher(store, clock, warning_minutes=20).run_once() == (0, 0)  # no warning, no breach
    events = await statuses(store)
    assert "ticket.warning" not in events and "ticket.breached" not in events
    assert events["ticket.arrival"] == [DeliveryStatus.PENDING]  # its staff are told who said so
    await tickets.transition(store, number=number, to=Status.RESOLVED, actor="staff:1", now=clock())
    reopened = await tickets.transition(
        store, number=number, to=Status.REOPENED, actor="resident", now=clock()
    )
    assert reopened.arrival_reported_at is None and reopened.awaiting_crew  # a new pass, a new promise
    clock.advance(minutes=31)
    # past the new promise: the breach, and no warning of time left that is gone
    assert await SlaWatcher(store, clock, warning_minutes=20).run_once() == (0, 1)


async def staff_alerts(store: Store, event: str, count: int, *, now: dt.datetime = T0) -> None:
    for n in range(count):
        await outbox.enqueue(
            store,
            audience=Audience.STAFF,
            channel=Channel.TELEGRAM,
            address="chaoyang",
            language="zh-Hans",
            event=event,
            payload={"n": n},
            now=now,
        )


async def until(condition: Callable[[], bool], *, polls: int = 2000) -> None:
    for _ in range(polls):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the worker did not get there")


async def test_a_burst_of_emergencies_reaches_the_staff_chat_at_once_not_one_every_3_seconds(
    store: Store,
) -> None:
    """Telegram's 20 a minute to a group is a bucket: twenty new emergencies after a quiet minute all go now."""
    await staff_alerts(store, "ticket.escalated", 21)
    staff = ScriptedChannel()
    frozen = VirtualTime()  # the throttle's clock does not move: only what may go now is sent
    w = OutboxWorker(
        store,
        {(Audience.STAFF, Channel.TELEGRAM): staff},
        Clock(),
        throttle=Throttle(Limits(per_second=0), frozen.monotonic),
    )
    stop = asyncio.Event()
    task = asyncio.create_task(w.run(stop, idle=0.05))
    await until(lambda: len(staff.delivered) >= 20)
    await asyncio.sleep(0.2)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert len(staff.delivered) == 20  # the 21st waits for the bucket, 3 seconds on


@dataclass
class GatedChannel(ScriptedChannel):
    """A platform that can be made to hold the message in hand until the test lets it through."""

    gate: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, notification: NotificationInfo) -> None:
        await self.gate.wait()
        await super().send(notification)


async def test_new_emergencies_go_before_the_reminders_already_waiting_for_the_staff_chat(
    store: Store,
) -> None:
    await staff_alerts(store, "ticket.emergency_waiting", 30)
    staff = GatedChannel()
    staff.gate.set()
    limits = Limits(per_second=0, group_interval=0.05, group_burst=20, urgent_reserve=5)
    w = OutboxWorker(store, {(Audience.STAFF, Channel.TELEGRAM): staff}, Clock(), throttle=Throttle(limits))
    stop = asyncio.Event()
    task = asyncio.create_task(w.run(stop, idle=0.05))
    await until(lambda: len(staff.delivered) >= 16)  # the reminders are being spaced out now
    staff.gate.clear()  # the platform holds the reminder in hand while the emergencies come in
    before = len(staff.delivered)
    await staff_alerts(store, "ticket.escalated", 20)
    w.wakeup.set()
    claimed = sa.select(sa.func.count()).where(
        notification_t.c.event == "ticket.escalated", notification_t.c.attempts == 1
    )
    # the worker claims what its lanes have room for (not always all 20): wait until it has claimed some and
    # claims no more for a second
    counts: list[int] = []
    while len(counts) < 100 or counts[-1] == 0 or counts[-1] != counts[-100]:
        async with store.read() as conn:
            counts.append((await conn.execute(claimed)).scalar() or 0)
        await asyncio.sleep(0.01)
        assert len(counts) < 3000, counts[-1]
    staff.gate.set()
    await until(lambda: len(staff.delivered) == 50)
    stop.set()
    await asyncio.wait_for(task, 5)
    after = [n.event for n in staff.delivered[before:]]
    first = after.index("ticket.escalated")
    assert first <= 1, after  # at most the reminder that was in hand
    assert after[first : first + 20] == ["ticket.escalated"] * 20, after


async def test_a_chat_waiting_past_its_lease_keeps_its_notifications(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No 'lease ran out', no second claim: each is claimed once and sent as soon as the chat may be."""
    monkeypatch.setattr(store, "lease_seconds", 3)
    now = dt.datetime.now(dt.UTC)
    await staff_alerts(store, "ticket.escalated", 5, now=now)
    staff = ScriptedChannel()
    limits = Limits(per_second=0, group_interval=1.0, group_burst=1, urgent_reserve=0)  # 5 take 4 s
    w = OutboxWorker(
        store,
        {(Audience.STAFF, Channel.TELEGRAM): staff},
        lambda: dt.datetime.now(dt.UTC),
        throttle=Throttle(limits),
    )
    stop = asyncio.Event()
    task = asyncio.create_task(w.run(stop, idle=0.05))
    await until(lambda: len(staff.delivered) == 5)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert sorted(n.payload["n"] for n in staff.delivered) == [0, 1, 2, 3, 4]
    async with store.read() as conn:
        rows = (await conn.execute(sa.select(notification_t.c.attempts, notification_t.c.status))).all()
    assert [tuple(r) for r in rows] == [(1, DeliveryStatus.SENT)] * 5


async def test_no_reminder_is_given_in_the_two_minutes_before_a_breach_nor_right_after_it(
    store: Store, demo_company: Company
) -> None:
    """An emergency nobody takes, reminded every 8 minutes (and warned at 20): the reminder due at 28 minutes would
    come 2 minutes before the breach at 30, so the breach is the next clock message; the reminders go on from it."""
    clock = Clock()
    await open_report(store, demo_company, 511, kind=TicketKind.LEAK, priority=Priority.EMERGENCY)
    watcher = SlaWatcher(store, clock, warning_minutes=20, callback_minutes=8)
    said: dict[int, tuple[int, int]] = {}
    for minute in range(1, 41):
        clock.advance(minutes=1)
        passed = await watcher.run_once()
        if passed != (0, 0):
            said[minute] = passed
    assert said.get(30) == (0, 1)  # the breach, alone
    assert 28 not in said and 29 not in said  # nothing right before it
    assert [m for m in said if m < 28] == [8, 16, 20]  # the reminders, and the 20-minute warning
    assert [m for m in said if m > 30] == [38]  # 8 minutes after the breach
