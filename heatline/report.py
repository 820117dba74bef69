"""`heatline report`: the promised figures as a table for people or JSON for machines."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from intents.company import Company
from storage.reports import Figures

__all__ = ["BadDate", "Figures", "as_json", "as_text", "parse_day", "parse_period", "period_text"]


class BadDate(ValueError):
    """A --since/--until value that is not a date, or a period that ends before it starts."""


def parse_day(value: str | None, company: Company) -> dt.datetime | None:
    """YYYY-MM-DD (midnight in the company's time zone) or a full ISO timestamp."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadDate(f"{value!r} is not a date like 2026-11-01") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=company.zone)


def parse_period(
    since: str | None, until: str | None, company: Company
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The tickets opened from `since` up to `until`, as [start, end): a day given as --until counts whole (its end is
    the next midnight), a timestamp is the first moment not counted. A period that ends before it starts is refused."""
    start = parse_day(since, company)
    end = parse_day(until, company)
    if end is not None and until is not None and _is_day(until):
        end = dt.datetime.combine(end.date() + dt.timedelta(days=1), dt.time(0), tzinfo=company.zone)
    if start is not None and end is not None and start >= end:
        raise BadDate(f"--since {since} is after --until {until}: the period has no time in it")
    return start, end


def _is_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def period_text(figures: Figures, company: Company) -> str:
    """The period in words: 'from 2026-11-29 through 2026-11-29', days in the company's time zone."""
    zone = company.zone
    start = figures.since.astimezone(zone) if figures.since else None
    end = figures.until.astimezone(zone) if figures.until else None
    first = f"from {_moment(start)}" if start else "from the first ticket"
    if end is None:
        last = "to now"
    elif end.time() == dt.time(0):
        last = f"through {(end - dt.timedelta(days=1)).date()}"
    else:
        last = f"up to {_moment(end)}, not included"
    return f"tickets opened {first} {last} ({company.timezone})"


def _moment(at: dt.datetime) -> str:
    return str(at.date()) if at.time() == dt.time(0) else at.strftime("%Y-%m-%d %H:%M")


def as_json(figures: Figures) -> str:
    """Machine-readable figures."""
    data: dict[str, Any] = dataclasses.asdict(figures)
    for key in ("since", "until"):
        data[key] = data[key].isoformat() if data[key] else None
    return json.dumps(data, ensure_ascii=False, indent=2)


def _rate(value: float | None, target: float) -> str:
    if value is None:
        return "n/a"
    mark = "ok" if value >= target else "BELOW TARGET"
    return f"{value:g} %  (target {target:g} %: {mark})"


def as_text(figures: Figures, company: Company) -> str:
    """The figures for people."""
    c = company.commitments
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(figures.by_kind.items())) or "none"
    branches = ", ".join(f"{k} {v}" for k, v in sorted(figures.by_branch.items())) or "none"
    lines = [
        f"{company.name_en}: figures for {period_text(figures, company)}"
        + (f", branch {figures.branch}" if figures.branch else ""),
        f"tickets                 {figures.tickets}  ({kinds})",
        f"  cancelled             {figures.cancelled} of these: withdrawn by the resident, no promise, room or rating "
        "counted",
        f"  merged                {figures.merged} of these: a second report of a flat, joined to the flat's other "
        "ticket and counted there (not cancellations)",
        f"by branch               {branches}",
        f"on site within {c.on_site_minutes} min    {figures.arrivals_on_time} of {figures.arrivals_measured} promises: "
        + _rate(figures.timely_rate_pct, c.timely_rate_pct),
        "  each promise          counted: a reopened repair's first visit and its next are two promises",
        f"  timed by residents    {figures.arrivals_told_by_residents} of these arrivals: by the resident's word "
        "('the crew is here') before staff marked them on site",
        f"minutes to on site      median {_num(figures.median_minutes_to_site)}, "
        f"90th percentile {_num(figures.p90_minutes_to_site)}",
        f"rooms >= {c.min_room_temp_c:g} °C          {figures.temperatures_passing} of {figures.temperatures_reported}: "
        + _rate(figures.temperature_pass_rate_pct, c.temp_pass_rate_pct),
        f"  after the repair      {figures.temperatures_after_repair} of these rooms at the reading told after the "
        "repair, the others at the report's",
        f"complaints              {figures.complaints}, {figures.complaints_resolved} resolved, "
        f"median {_num(figures.median_complaint_hours)} h to resolve",
        f"ratings                 {_num(figures.average_rating)} average over {sum(figures.ratings.values())}"
        + (f"  ({', '.join(f'{k}★ {v}' for k, v in figures.ratings.items())})" if figures.ratings else ""),
        f"dead notifications      {figures.dead_notifications}",
    ]
    return "\n".join(lines)


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}"
