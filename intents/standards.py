"""The service-standards catalogue: season-aware answers quoting the company's commitments."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intents.company import Company
from intents.normalize import to_traditional
from intents.types import Lang, Topic

_CATALOGUE: dict[str, Any] = tomllib.loads(
    (Path(__file__).parent / "data" / "standards.toml").read_text("utf-8")
)
_MONTHS = "January February March April May June July August September October November December".split()

TOPIC_TITLES: dict[Lang, dict[Topic, str]] = {
    Lang.ZH_HANS: {Topic(k): v for k, v in _CATALOGUE["titles"]["zh-Hans"].items()},
    Lang.ZH_HANT: {Topic(k): to_traditional(v) for k, v in _CATALOGUE["titles"]["zh-Hans"].items()},
    Lang.EN: {Topic(k): v for k, v in _CATALOGUE["titles"]["en"].items()},
}


@dataclass(frozen=True, slots=True)
class SeasonState:
    """Whether heating is on today, the dates of the current or next season and the days to its edge."""

    on: bool
    start: dt.date
    end: dt.date
    days_left: int | None = None
    days_to_start: int | None = None


def season_state(company: Company, today: dt.date) -> SeasonState:
    """The season that is running today, or the next one when heating is off."""
    for start_year in (today.year - 1, today.year):
        start, end = company.season.bounds(start_year)
        if start <= today <= end:
            return SeasonState(on=True, start=start, end=end, days_left=(end - today).days)
    for start_year in (today.year, today.year + 1):
        start, end = company.season.bounds(start_year)
        if today < start:
            return SeasonState(on=False, start=start, end=end, days_to_start=(start - today).days)
    raise ValueError("no season found after today")  # unreachable with a valid Season


def _date(day: dt.date, lang: Lang) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}" if lang is Lang.EN else f"{day.month}月{day.day}日"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _values(company: Company, lang: Lang, today: dt.date, branch: str | None = None) -> dict[str, str]:
    state = season_state(company, today)
    key = "en" if lang is Lang.EN else "zh-Hans"
    c = company.commitments
    english = lang is Lang.EN
    sep = ", " if english else "，"
    values = {
        "company": company.name_en if english else company.name,
        "season_start": _date(state.start, lang),
        "season_end": _date(state.end, lang),
        "min_temp": _number(c.min_room_temp_c),
        "pass_rate": _number(c.temp_pass_rate_pct),
        "minutes": str(c.on_site_minutes),
        "duty_hours": str(c.duty_hours),
        "timely_rate": _number(c.timely_rate_pct),
        "fees": company.fees.en if english else company.fees.zh,
        "complaint_phone": company.complaint_phone,
        # one branch's own lines and reception room when it is known; else one line a branch, not all 19
        "hotlines": sep.join(_hotlines(company, branch, english)),
        "reception": ("; " if english else "；").join(
            _reception(b, english) for b in company.branches if branch is None or b.code == branch
        ),
    }
    days = state.days_left if state.on else state.days_to_start
    note = _CATALOGUE["season_note"][key]["on" if state.on else "off"]
    values["season_note"] = note.format(days=days, **values)
    return values


def _hotlines(company: Company, branch: str | None, english: bool) -> list[str]:
    if branch is not None:
        return company.hotlines_of(branch)
    lines = []
    for b in company.branches:
        numbers = company.hotlines_of(b.code)
        if numbers:
            lines.append(f"{numbers[0]} ({b.name_en})" if english else f"{numbers[0]}（{b.name}）")
    return lines


def _reception(branch: Any, english: bool) -> str:
    if english:
        return f"{branch.name_en}, {branch.reception_address_en} ({branch.reception_hours}, duty {branch.duty_phone})"
    return (
        f"{branch.name} {branch.reception_address}（{branch.reception_hours}，值班电话{branch.duty_phone}）"
    )


def answer(company: Company, topic: Topic, lang: Lang, today: dt.date, *, branch: str | None = None) -> str:
    """The answer to a standards question on one topic, in the resident's language; with `branch` (a code), the
    contact details are that branch's (and the main line), not every branch's."""
    key = "en" if lang is Lang.EN else "zh-Hans"
    text = str(_CATALOGUE["answers"][key][topic.value]).format(**_values(company, lang, today, branch))
    return to_traditional(text) if lang is Lang.ZH_HANT else text
