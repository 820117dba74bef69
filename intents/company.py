"""The company's facts as validated value types, shared by every part of Heatline.

Parsing a file is the composition layer's job (`heatline.config`); this module only validates a mapping.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from intents.normalize import simplified

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def _check_e164(value: str) -> str:
    if not E164.match(value):
        raise ValueError(f"{value!r} is not an E.164 phone number like +8643188880001")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SeasonOverride(_Model):
    """The city may move the dates of one season (keyed by the year the season starts)."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> SeasonOverride:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class Season(_Model):
    start: str = "10-25"
    end: str = "04-10"
    overrides: dict[int, SeasonOverride] = Field(default_factory=dict)

    @field_validator("start", "end")
    @classmethod
    def _month_day(cls, value: str) -> str:
        match = _MONTH_DAY.match(value)
        if not match:
            raise ValueError(f"{value!r} must be MM-DD, e.g. 10-25")
        dt.date(2024, int(match[1]), int(match[2]))  # raises on 02-30
        return value

    def bounds(self, start_year: int) -> tuple[dt.date, dt.date]:
        """First and last day of the season that starts in `start_year`."""
        if start_year in self.overrides:
            override = self.overrides[start_year]
            return override.start, override.end
        sm, sd = (int(x) for x in self.start.split("-"))
        em, ed = (int(x) for x in self.end.split("-"))
        end_year = start_year + 1 if (em, ed) < (sm, sd) else start_year
        return dt.date(start_year, sm, sd), dt.date(end_year, em, ed)


class Commitments(_Model):
    min_room_temp_c: float = 18.0
    on_site_minutes: int = Field(default=30, gt=0)
    warning_minutes: int = Field(default=20, gt=0)
    temp_pass_rate_pct: float = Field(default=98.0, ge=0, le=100)
    timely_rate_pct: float = Field(default=100.0, ge=0, le=100)
    duty_hours: int = Field(default=24, ge=1, le=24)
    complaint_follow_up_hours: int = Field(default=24, ge=1, le=24 * 14)
    # an emergency nobody has taken (a call-back, a leak or burst with or without its address): staff reminded this often
    callback_reminder_minutes: int = Field(default=5, gt=0, le=60)

    @model_validator(mode="after")
    def _warning_first(self) -> Commitments:
        if self.warning_minutes >= self.on_site_minutes:
            raise ValueError("warning_minutes must be less than on_site_minutes")
        return self


class Fees(_Model):
    zh: str
    en: str


class Branch(_Model):
    code: str = Field(pattern=r"^[a-z][a-z0-9_-]{1,31}$")
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    districts: list[str] = Field(default_factory=list)
    compounds: list[str] = Field(default_factory=list)
    # how residents write them in Latin letters ("Chaoyang", "Hongqi", "Huxi Garden"), matched as whole words
    districts_en: list[str] = Field(default_factory=list)
    compounds_en: list[str] = Field(default_factory=list)
    reception_address: str = Field(min_length=1)
    reception_address_en: str = Field(min_length=1)
    reception_hours: str = Field(min_length=1)
    duty_phone: str
    staff_chat_id: int | None = None
    supervisor_chat_id: int | None = None

    _e164 = field_validator("duty_phone")(_check_e164)


class Hotline(_Model):
    number: str
    branch: str

    _e164 = field_validator("number")(_check_e164)


class Crew(_Model):
    code: str = Field(pattern=r"^[A-Za-z0-9_-]{1,16}$")
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    branch: str
    phone: str
    members: int = Field(default=16, ge=1)

    _e164 = field_validator("phone")(_check_e164)


class Company(_Model):
    """Everything Heatline knows about the company it serves."""

    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    timezone: str = "Asia/Shanghai"
    complaint_phone: str
    season: Season = Field(default_factory=Season)
    commitments: Commitments = Field(default_factory=Commitments)
    fees: Fees
    branches: list[Branch] = Field(min_length=1)
    hotlines: list[Hotline] = Field(min_length=1)
    crews: list[Crew] = Field(default_factory=list)

    _e164 = field_validator("complaint_phone")(_check_e164)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _references(self) -> Company:
        codes = [b.code for b in self.branches]
        if len(set(codes)) != len(codes):
            raise ValueError("branches: duplicate branch code")
        for i, line in enumerate(self.hotlines):
            if line.branch not in codes:
                raise ValueError(f"hotlines.{i}.branch: unknown branch {line.branch!r}")
        numbers = [h.number for h in self.hotlines]
        if len(set(numbers)) != len(numbers):
            raise ValueError("hotlines: duplicate number")
        crew_codes = [c.code.lower() for c in self.crews]
        if len(set(crew_codes)) != len(crew_codes):
            raise ValueError("crews: duplicate crew code")
        for i, crew in enumerate(self.crews):
            if crew.branch not in codes:
                raise ValueError(f"crews.{i}.branch: unknown branch {crew.branch!r}")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def branch(self, code: str) -> Branch | None:
        """The branch with this code, or None."""
        return next((b for b in self.branches if b.code == code), None)

    def branch_for_hotline(self, number: str) -> Branch | None:
        """The branch that answers calls to this hotline number, or None for a number that is not ours."""
        line = next((h for h in self.hotlines if h.number == number), None)
        return self.branch(line.branch) if line else None

    def hotlines_of(self, branch_code: str) -> list[str]:
        """The hotline numbers of one branch, in config order."""
        return [h.number for h in self.hotlines if h.branch == branch_code]

    def crew(self, code: str) -> Crew | None:
        """The crew with this code (case-insensitive), or None."""
        return next((c for c in self.crews if c.code.lower() == code.lower()), None)

    @property
    def places(self) -> tuple[str, ...]:
        """The names of every branch's compounds and districts, in characters and in Latin letters."""
        return tuple(
            name
            for branch in self.branches
            for names in (branch.compounds, branch.districts, branch.compounds_en, branch.districts_en)
            for name in names
        )

    def branch_for_address(self, text: str) -> Branch | None:
        """The branch whose district or residential compound is named in an address, in Simplified or Traditional
        characters or in Latin letters ("Hongqi compound"), or None. A compound is a surer sign than a district."""
        chinese = simplified(text)
        for names in ("compounds", "districts"):
            for branch in self.branches:
                if any(name and name in chinese for name in getattr(branch, names)):
                    return branch
                latin = getattr(branch, f"{names}_en")
                if latin and _latin_names(tuple(latin)).search(text):
                    return branch
        return None

    def estate_of(self, text: str) -> str | None:
        """The residential compound an address names, as the company names it in characters ("红旗小区" for "紅旗小區…"
        or, when `compounds_en` runs parallel to `compounds`, for "Hongqi compound…"; a Latin name with no such
        partner stands for itself), or None when it names none of the company's compounds."""
        chinese = simplified(text)
        for branch in self.branches:
            named = next((name for name in branch.compounds if name and simplified(name) in chinese), None)
            if named is not None:
                return named
            parallel = len(branch.compounds_en) == len(branch.compounds)
            for i, latin in enumerate(branch.compounds_en):
                if latin.strip() and _latin_names((latin,)).search(text):
                    return branch.compounds[i] if parallel else latin
        return None


@functools.cache
def _latin_names(names: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words, any case, spaces optional: "Huxi Garden" finds "huxi garden" and "HuxiGarden"."""
    words = [r"\s*".join(map(re.escape, name.split())) for name in names if name.strip()]
    return re.compile(rf"(?<![a-z])(?:{'|'.join(words)})(?![a-z])", re.IGNORECASE)
