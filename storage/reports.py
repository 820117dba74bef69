"""The figures the company promised the public, computed from the store for a period and branch."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa

from storage._common import aware
from storage.db import Store
from storage.models import event_t, notification_t, ticket_t
from storage.passes import Pass
from storage.reconcile import MERGED_INTO
from storage.values import DeliveryStatus, Status, TicketKind

REPAIR_KINDS = (str(TicketKind.NO_HEAT), str(TicketKind.LEAK), str(TicketKind.BURST))


@dataclass(frozen=True)
class Figures:
    """One period's promised figures. Rates are percentages, None when nothing was measurable.

    Arrivals count each promise of a crew on site made: a reopened repair's first visit and its next each count.
    Rooms count each reported room once, at its latest reading: the one told after the repair where the resident
    gave one (the promise is the room at 18 °C after it), else the one given with the report."""

    since: dt.datetime | None
    until: dt.datetime | None
    branch: str | None
    tickets: int
    by_kind: dict[str, int]
    by_branch: dict[str, int]
    arrivals_measured: int
    arrivals_on_time: int
    timely_rate_pct: float | None
    median_minutes_to_site: float | None
    p90_minutes_to_site: float | None
    temperatures_reported: int
    temperatures_passing: int
    temperature_pass_rate_pct: float | None
    complaints: int
    complaints_resolved: int
    median_complaint_hours: float | None
    # arrivals timed by the resident's word ("师傅到了"), earlier than staff marked them on site or not marked at all
    arrivals_told_by_residents: int = 0
    ratings: dict[int, int] = field(default_factory=dict)
    average_rating: float | None = None
    dead_notifications: int = 0
    # rooms counted at a reading told after the repair ("现在22度了"), not at the report's
    temperatures_after_repair: int = 0
    # tickets cancelled because their resident withdrew the report: counted among the tickets, never among the
    # promises, rooms or ratings
    cancelled: int = 0
    # reports of a flat merged into its other ticket (storage.reconcile): closed, but no cancellation; the flat's
    # repair is counted once, on the ticket they joined
    merged: int = 0


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[index], 1)


async def figures(
    store: Store,
    *,
    min_room_temp_c: float,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    branch: str | None = None,
    now: dt.datetime | None = None,
) -> Figures:
    """Tickets reported in [since, until) (of one branch, if given) and what became of them."""
    now = aware(now)
    where = []
    if since is not None:
        where.append(ticket_t.c.created_at >= aware(since))
    if until is not None:
        where.append(ticket_t.c.created_at < aware(until))
    if branch is not None:
        where.append(ticket_t.c.branch == branch)
    dead = sa.select(sa.func.count()).select_from(notification_t)
    dead = dead.where(notification_t.c.status == str(DeliveryStatus.DEAD))
    if since is not None:
        dead = dead.where(notification_t.c.created_at >= aware(since))
    if until is not None:
        dead = dead.where(notification_t.c.created_at < aware(until))
    async with store.read() as conn:
        rows = list(await conn.execute(sa.select(ticket_t).where(*where)))
        ended = list((await conn.execute(_reopenings(where))).scalars())
        merged = set((await conn.execute(_merged(where))).scalars())
        dead_count = int((await conn.execute(dead)).scalar_one())
    summary = _summarise(rows, _promises(rows, ended), now, min_room_temp_c, since, until, branch, dead_count)
    return replace(summary, cancelled=summary.cancelled - len(merged), merged=len(merged))


def _reopenings(where: list[Any]) -> sa.Select[tuple[Any]]:
    """The data of the reopenings of these repairs: each keeps the pass it ended, a promise of its own."""
    repairs = sa.select(ticket_t.c.id).where(*where, ticket_t.c.kind.in_(REPAIR_KINDS))
    return sa.select(event_t.c.data).where(
        event_t.c.ticket_id.in_(repairs),
        event_t.c.kind == "status",
        event_t.c.to_status == str(Status.REOPENED),
    )


def _merged(where: list[Any]) -> sa.Select[tuple[Any]]:
    """The ids of these tickets that were merged into another ticket of their flat (cancelled so, not withdrawn)."""
    cancelled = sa.select(ticket_t.c.id).where(*where, ticket_t.c.status == str(Status.CANCELLED))
    return sa.select(event_t.c.ticket_id).where(
        event_t.c.ticket_id.in_(cancelled), event_t.c.kind == MERGED_INTO
    )


def _promises(rows: list[sa.Row[tuple[object, ...]]], ended: list[Any]) -> list[Pass]:
    """Every promise of a crew on site the repairs made: the passes reopenings ended, and each one's current pass
    (not one the resident withdrew)."""
    kept = [Pass.kept(data or {}) for data in ended]
    current = [
        Pass.of_ticket(r._mapping)
        for r in rows
        if r._mapping["kind"] in REPAIR_KINDS and r._mapping["status"] != str(Status.CANCELLED)
    ]
    return [p for p in kept if p is not None] + current


def _room(m: Any) -> float | None:
    """A reported room's latest reading: the one told after the repair, else the one given with the report."""
    reading = m["temperature_after_c"] if m["temperature_after_c"] is not None else m["temperature_c"]
    return None if reading is None else float(reading)


def _summarise(
    rows: list[sa.Row[tuple[object, ...]]],
    promises: list[Pass],
    now: dt.datetime,
    min_temp: float,
    since: dt.datetime | None,
    until: dt.datetime | None,
    branch: str | None,
    dead: int,
) -> Figures:
    measured = [p for p in promises if p.measurable(now)]
    arrivals = [(p.started, *p.arrival()) for p in measured]
    minutes = [
        (arrived - started).total_seconds() / 60 for started, arrived, _ in arrivals if arrived is not None
    ]
    on_time = sum(p.on_time() for p in measured)
    cancelled = [r for r in rows if r._mapping["status"] == str(Status.CANCELLED)]
    kept = [r for r in rows if r._mapping["status"] != str(Status.CANCELLED)]  # no repair to measure
    rooms = [reading for reading in (_room(r._mapping) for r in kept) if reading is not None]
    passing = sum(1 for reading in rooms if reading >= min_temp)
    complaints = [r._mapping for r in rows if r._mapping["kind"] == str(TicketKind.COMPLAINT)]
    handled = [
        (aware(c["resolved_at"]) - aware(c["created_at"])).total_seconds() / 3600
        for c in complaints
        if c["resolved_at"] is not None
    ]
    ratings = Counter(int(r._mapping["rating"]) for r in kept if r._mapping["rating"] is not None)
    rated = sum(ratings.values())
    return Figures(
        since=since,
        until=until,
        branch=branch,
        tickets=len(rows),
        by_kind=dict(Counter(str(r._mapping["kind"]) for r in rows)),
        by_branch=dict(Counter(str(r._mapping["branch"] or "-") for r in rows)),
        arrivals_measured=len(measured),
        arrivals_on_time=on_time,
        arrivals_told_by_residents=sum(by_word for _started, _arrived, by_word in arrivals),
        timely_rate_pct=_pct(on_time, len(measured)),
        median_minutes_to_site=round(statistics.median(minutes), 1) if minutes else None,
        p90_minutes_to_site=_quantile(minutes, 0.9),
        temperatures_reported=len(rooms),
        temperatures_passing=passing,
        temperature_pass_rate_pct=_pct(passing, len(rooms)),
        temperatures_after_repair=sum(1 for r in kept if r._mapping["temperature_after_c"] is not None),
        complaints=len(complaints),
        complaints_resolved=len(handled),
        median_complaint_hours=round(statistics.median(handled), 1) if handled else None,
        ratings=dict(sorted(ratings.items())),
        average_rating=round(sum(k * v for k, v in ratings.items()) / rated, 2) if rated else None,
        dead_notifications=dead,
        cancelled=len(cancelled),  # the merged among them are told apart by `figures`
    )
