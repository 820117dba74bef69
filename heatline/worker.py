"""The outbox worker: claims pending notifications and hands each to its channel's sender."""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import datetime as dt
import itertools
import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from heatline.outage import OutageLog
from heatline.throttle import Booking, Throttle, delivering
from storage import Store, contacts, outbox, reach
from storage.delivery import RetryAfter, Sender, Undeliverable, Unreachable
from storage.errors import unavailable
from storage.values import Audience, Channel, NotificationInfo

log = logging.getLogger("heatline.worker")
Clock = Callable[[], dt.datetime]
SenderKey = tuple[Audience, Channel]
LEASE_MARGIN = 0.9  # of the claim's lease, spent at most before a send starts


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter; after `max_attempts` deliveries a notification is dead."""

    base: float = 2.0
    factor: float = 3.0
    cap: float = 600.0
    jitter: float = 0.25
    max_attempts: int = 8

    def delay(self, attempts: int, rng: random.Random) -> float:
        """Seconds to wait before the next try, after `attempts` tries."""
        raw = min(self.cap, self.base * self.factor ** max(0, attempts - 1))
        return raw * (1 + self.jitter * (2 * rng.random() - 1))


@dataclass
class Leased:
    """A claimed notification, the lease it holds in the outbox, and the monotonic time by which it must be sent (or
    its lease extended), else left to the next claim."""

    notification: NotificationInfo
    lease: dt.datetime
    deadline: float
    order: tuple[int, int]  # (0 for what staff must see at once, else 1; arrival)


def _urgent(n: NotificationInfo) -> bool:
    """An alert staff must see at once (a new emergency, a breach, a request for a person): it goes before the
    routine messages for its chat (reminders, card edits) and may use the chat's reserve. A resident's messages keep
    their order."""
    return n.audience is Audience.STAFF and n.event in outbox.URGENT_EVENTS


def _group(n: NotificationInfo) -> bool:
    """Staff chats are groups (20 messages a minute), as are chats with negative ids; residents' are private."""
    return n.audience is Audience.STAFF or n.address.startswith("-")


class Lane:
    """One chat's claimed notifications, sent one after another: the urgent first, the rest in the outbox's order."""

    def __init__(self) -> None:
        self.items: list[Leased] = []
        self.changed = asyncio.Event()

    def __len__(self) -> int:
        return len(self.items)

    def add(self, leased: Leased) -> None:
        bisect.insort(self.items, leased, key=lambda item: item.order)
        self.changed.set()

    async def pause(self, seconds: float) -> None:
        """Wait `seconds`, or less when something is added (it may be more urgent than what waits)."""
        self.changed.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.changed.wait(), timeout=seconds)


@dataclass
class OutboxWorker:
    """Delivers the outbox: at most once in normal operation, retried with backoff, dead with a reason.

    Each chat has a lane: its notifications go out one after another, what staff must see at once first and the rest
    in the outbox's order, while the lanes of different chats run side by side; a lane that must wait out its chat's
    limit past the claim's lease extends the lease rather than give its notifications up. `run` claims the next batch as soon as the lanes have room
    for it, so a chat waiting out its per-chat interval never idles the platform's overall rate.
    """

    store: Store
    senders: Mapping[SenderKey, Sender]
    clock: Clock
    throttle: Throttle = field(default_factory=Throttle)
    backoff: Backoff = field(default_factory=Backoff)
    batch: int = 25
    rng: random.Random = field(default_factory=random.Random)
    wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    in_flight_max: int = 50  # claimed but not yet handled; a batch is claimed when it fits
    _lanes: dict[tuple[str, str], Lane] = field(default_factory=dict)
    _arrivals: Iterator[int] = field(default_factory=itertools.count)
    _lane_tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _in_flight: int = 0
    _stopping: bool = False
    _progress: asyncio.Event = field(default_factory=asyncio.Event)
    _outage: OutageLog = field(default_factory=lambda: OutageLog(log, "outbox claim"))

    async def run_once(self) -> int:
        """Claim one batch and deliver it; returns how many notifications were handled."""
        claimed = await self._claim(self.batch)
        await self._drain()
        return claimed

    async def run(self, stop: asyncio.Event, *, idle: float = 0.5) -> None:
        """Deliver until `stop` is set; polls at least every `idle` seconds, sooner when woken."""
        while not stop.is_set():
            if self._in_flight + self.batch > self.in_flight_max:
                self._progress.clear()
                await _wait_any(stop, self._progress, seconds=idle)
                continue
            try:
                claimed = await self._claim(self.batch)
            except Exception as exc:  # a database hiccup must not end delivery for good
                self._outage.failed(exc)
                claimed = 0
            else:
                self._outage.passed()
            if claimed == 0:
                self.wakeup.clear()
                await _wait_any(stop, self.wakeup, seconds=idle)
        # Each lane finishes the message in hand; the rest of it comes back when its lease ends.
        self._stopping = True
        for lane in self._lanes.values():
            lane.changed.set()  # a lane waiting out its chat's limit stops now
        try:
            await self._drain()
        finally:
            self._stopping = False

    async def _claim(self, limit: int) -> int:
        claimed = await outbox.claim(self.store, limit=limit, now=self.clock())
        # Past this moment another worker may claim the rows again; send nothing after it unless the lease is extended.
        deadline = time.monotonic() + self.store.lease_seconds * LEASE_MARGIN
        for notification in claimed:
            key = (notification.channel.value, notification.address)
            leased = Leased(
                notification,
                notification.next_attempt_at,
                deadline,
                (0 if _urgent(notification) else 1, next(self._arrivals)),
            )
            self._in_flight += 1
            lane = self._lanes.get(key)
            if lane is not None:  # that chat's lane is still busy: this one joins it, by urgency
                lane.add(leased)
                continue
            lane = self._lanes[key] = Lane()
            lane.add(leased)
            task = asyncio.create_task(self._run_lane(key), name=f"outbox lane {key[0]}:{key[1]}")
            self._lane_tasks.add(task)
            task.add_done_callback(self._lane_tasks.discard)
        return len(claimed)

    async def _drain(self) -> None:
        while self._lane_tasks:
            await asyncio.gather(*self._lane_tasks)

    async def _run_lane(self, key: tuple[str, str]) -> None:
        lane = self._lanes[key]
        try:
            while lane and not self._stopping:
                head = lane.items[0]
                wait = self._book(head.notification)
                if wait > 0:  # the chat's limit: wait (keeping the lease), then take the most urgent again
                    await self._keep_leases(lane, wait)
                    await lane.pause(wait)
                    continue
                if time.monotonic() > head.deadline:
                    log.warning("lease ran out before %s could be sent to; left for the next claim", key[1])
                    break
                await self._deliver(head.notification)
                lane.items.remove(head)
                self._done(1)
        except Exception as exc:  # a database hiccup
            if not unavailable(exc):
                log.exception("outbox delivery to %s failed; its lane is left to the lease", key[1])
        finally:
            # What is left keeps its order: it all comes back, oldest first, when its lease ends.
            self._done(len(lane))
            del self._lanes[key]

    def _book(self, n: NotificationInfo) -> float:
        """Book the send's first call under the platform's limits: 0, or the seconds to wait before trying again."""
        if n.channel is not Channel.TELEGRAM:
            return 0.0
        return self.throttle.take(self._chat(n), group=_group(n), urgent=_urgent(n))

    def _chat(self, n: NotificationInfo) -> str:
        """The chat Telegram counts a notification's messages in: a staff notification's branch as the chat it posts
        in (two branches may share one), when its sender can tell."""
        chat_for = getattr(self.senders.get((n.audience, n.channel)), "chat_for", None)
        if chat_for is not None:
            with contextlib.suppress(Undeliverable):  # said again by the send itself
                return f"tg:{chat_for(n.address)}"
        return f"tg:{n.address}"

    async def _keep_leases(self, lane: Lane, wait: float) -> None:
        """A chat that must wait past its lease keeps its claimed notifications: the lease is extended, so they are
        sent as soon as the chat may be, not a whole lease later by the next claim."""
        if time.monotonic() + wait <= lane.items[0].deadline:
            return
        seconds = wait + self.store.lease_seconds
        kept = await outbox.extend_lease(
            self.store,
            leases={item.notification.id: item.lease for item in lane.items},
            until=self.clock() + dt.timedelta(seconds=seconds),
        )
        deadline = time.monotonic() + wait + self.store.lease_seconds * LEASE_MARGIN
        for item in list(lane.items):
            if item.notification.id in kept:
                item.lease, item.deadline = kept[item.notification.id], deadline
            else:  # delivered or claimed again by another worker since: no longer this lane's
                lane.items.remove(item)
                self._done(1)

    def _done(self, count: int) -> None:
        self._in_flight -= count
        self._progress.set()

    async def _deliver(self, n: NotificationInfo) -> None:
        """Hand one notification to its sender; a failure is retried, or dead with its reason."""
        sender = self.senders.get((n.audience, n.channel))
        if sender is None:
            await self._dead(n, f"no sender for {n.audience.value} messages on {n.channel.value}")
            return
        try:
            # every Telegram call the send makes after the booked one waits for a slot of its own
            if n.channel is Channel.TELEGRAM:
                with delivering(Booking(self.throttle, self._chat(n), _group(n), _urgent(n))):
                    await sender.send(n)
            else:
                await sender.send(n)
        except RetryAfter as exc:
            if (
                n.channel is Channel.TELEGRAM
            ):  # the chat's other messages wait as well, not each refused in turn
                self.throttle.hold(self._chat(n), exc.seconds)
            await self._retry(n, str(exc), exc.seconds)
        except Unreachable as exc:
            await self._unreachable(n, str(exc))
        except Undeliverable as exc:
            await self._dead(n, str(exc))
        except Exception as exc:  # any other failure is retried, never lost
            await self._retry(n, f"{type(exc).__name__}: {exc}", None)
        else:
            await outbox.mark_sent(self.store, notification_id=n.id, now=self.clock())
            if await reach.delivered(self.store, notification=n, now=self.clock()):
                self.wakeup.set()  # staff told they were not reached hear that they are now

    async def _retry(self, n: NotificationInfo, error: str, seconds: float | None) -> None:
        if n.attempts >= self.backoff.max_attempts:
            await self._dead(n, f"gave up after {n.attempts} attempts: {error}")
            return
        wait = seconds if seconds is not None else self.backoff.delay(n.attempts, self.rng)
        log.warning("notification %s failed (%s); retry in %.1f s", n.id, error, wait)
        retry_at = self.clock() + dt.timedelta(seconds=wait)
        await outbox.mark_failed(self.store, notification_id=n.id, error=error, retry_at=retry_at)

    async def _dead(self, n: NotificationInfo, error: str, *, tell_staff: bool = True) -> None:
        """Give up on a notification; staff hear of a resident's lost update so they can phone instead."""
        log.error("notification %s is dead: %s", n.id, error)
        await outbox.mark_failed(self.store, notification_id=n.id, error=error, retry_at=None)
        if tell_staff and n.audience is Audience.RESIDENT:
            await outbox.enqueue(
                self.store,
                audience=Audience.STAFF,
                channel=Channel.TELEGRAM,
                address=str(n.payload.get("branch") or "default"),
                language="zh-Hans",
                event=reach.DEAD,
                payload={"number": n.ticket_number, "event": n.event, "error": error[:300]},
                ticket_number=n.ticket_number,
                idempotency_key=f"{n.idempotency_key}:dead",
                now=self.clock(),
            )
            self.wakeup.set()  # claim it now, not at the next poll

    async def _unreachable(self, n: NotificationInfo, error: str) -> None:
        """A resident who blocked the bot gets the update by SMS when we know their phone."""
        phone = await self._phone_instead(n)
        await self._dead(n, f"unreachable: {error}", tell_staff=phone is None)
        if phone is not None:
            await outbox.enqueue(
                self.store,
                audience=Audience.RESIDENT,
                channel=Channel.SMS,
                address=phone,
                language=n.language,
                event=n.event,
                payload=n.payload,
                ticket_number=n.ticket_number,
                idempotency_key=f"{n.idempotency_key}:sms",
                now=self.clock(),
            )
            self.wakeup.set()

    async def _phone_instead(self, n: NotificationInfo) -> str | None:
        """Mark a Telegram resident unreachable; their linked phone, if any."""
        if n.audience is not Audience.RESIDENT or n.channel is not Channel.TELEGRAM:
            return None
        if not n.address.lstrip("-").isdigit():
            return None
        contact = await contacts.get_or_create(
            self.store, channel=Channel.TELEGRAM, telegram_chat_id=int(n.address), language=n.language
        )
        await contacts.mark_unreachable(self.store, contact_id=contact.id)
        return contact.phone


async def _wait_any(*events: asyncio.Event, seconds: float) -> None:
    waiters = [asyncio.create_task(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
