"""The figures the company promised the public, computed from the store for a period and branch."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from storage._common import aware
from storage.db import Store
from storage.models import notification_t, ticket_t
from storage.values import DeliveryStatus, Status, TicketKind

REPAIR_KINDS = (str(TicketKind.NO_HEAT), str(TicketKind.LEAK), str(TicketKind.BURST))


@dataclass(frozen=True)
class Figures:
    """One period's promised figures. Rates are percentages, None when nothing was measurable."""

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
        dead_count = int((await conn.execute(dead)).scalar_one())
    return _summarise(rows, now, min_room_temp_c, since, until, branch, dead_count)


def _arrival(m: Any) -> tuple[dt.datetime | None, bool]:
    """When the crew got there, as first known: staff marking it on site, or the resident saying so before that
    (each is no earlier than the arrival itself); and whether the resident's word is what timed it."""
    on_site = aware(m["on_site_at"]) if m["on_site_at"] else None
    told = aware(m["arrival_reported_at"]) if m["arrival_reported_at"] else None
    if told is not None and (on_site is None or told < on_site):
        return told, True
    return on_site, False


def _summarise(
    rows: list[sa.Row[tuple[object, ...]]],
    now: dt.datetime,
    min_temp: float,
    since: dt.datetime | None,
    until: dt.datetime | None,
    branch: str | None,
    dead: int,
) -> Figures:
    measured, on_time, told_only, minutes = 0, 0, 0, []
    for r in rows:
        m = r._mapping
        if m["kind"] not in REPAIR_KINDS or m["status"] == str(Status.CANCELLED):
            continue
        started = aware(m["reopened_at"] or m["created_at"])
        arrived, by_word = _arrival(m)
        due = aware(m["due_at"])
        if arrived is None and due > now and not m["breached"]:
            continue  # still inside its 30 minutes: not measurable yet
        if arrived is None and m["resolved_at"] is not None and not m["breached"]:
            continue  # settled without a visit
        measured += 1
        told_only += by_word
        if arrived is not None:
            minutes.append((arrived - started).total_seconds() / 60)
            on_time += int(arrived <= due and not m["breached"])
    temps = [float(r._mapping["temperature_c"]) for r in rows if r._mapping["temperature_c"] is not None]
    passing = sum(1 for t in temps if t >= min_temp)
    complaints = [r._mapping for r in rows if r._mapping["kind"] == str(TicketKind.COMPLAINT)]
    handled = [
        (aware(c["resolved_at"]) - aware(c["created_at"])).total_seconds() / 3600
        for c in complaints
        if c["resolved_at"] is not None
    ]
    ratings = Counter(int(r._mapping["rating"]) for r in rows if r._mapping["rating"] is not None)
    rated = sum(ratings.values())
    return Figures(
        since=since,
        until=until,
        branch=branch,
        tickets=len(rows),
        by_kind=dict(Counter(str(r._mapping["kind"]) for r in rows)),
        by_branch=dict(Counter(str(r._mapping["branch"] or "-") for r in rows)),
        arrivals_measured=measured,
        arrivals_on_time=on_time,
        arrivals_told_by_residents=told_only,
        timely_rate_pct=_pct(on_time, measured),
        median_minutes_to_site=round(statistics.median(minutes), 1) if minutes else None,
        p90_minutes_to_site=_quantile(minutes, 0.9),
        temperatures_reported=len(temps),
        temperatures_passing=passing,
        temperature_pass_rate_pct=_pct(passing, len(temps)),
        complaints=len(complaints),
        complaints_resolved=len(handled),
        median_complaint_hours=round(statistics.median(handled), 1) if handled else None,
        ratings=dict(sorted(ratings.items())),
        average_rating=round(sum(k * v for k, v in ratings.items()) / rated, 2) if rated else None,
        dead_notifications=dead,
    )
