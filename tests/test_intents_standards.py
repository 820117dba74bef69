"""Season-aware standards answers and the intake policy."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from intents import intake, standards
from intents.company import Company
from intents.types import Intent, Lang, Topic

DEMO = Path(__file__).parents[1] / "heatline" / "demo_company.toml"


@pytest.fixture(scope="module")
def company() -> Company:
    return Company.model_validate(tomllib.loads(DEMO.read_text(encoding="utf-8")))


def _with_override(company: Company, start: dt.date, end: dt.date) -> Company:
    data = company.model_dump()
    data["season"]["overrides"] = {start.year: {"start": start, "end": end}}
    return Company.model_validate(data)


def test_in_season(company: Company) -> None:
    state = standards.season_state(company, dt.date(2026, 12, 1))
    assert state.on and state.start == dt.date(2026, 10, 25) and state.end == dt.date(2027, 4, 10)
    assert state.days_left == 130 and state.days_to_start is None


def test_before_season(company: Company) -> None:
    state = standards.season_state(company, dt.date(2026, 10, 20))
    assert not state.on and state.days_to_start == 5 and state.start == dt.date(2026, 10, 25)


def test_after_season(company: Company) -> None:
    state = standards.season_state(company, dt.date(2027, 4, 11))
    assert not state.on and state.start == dt.date(2027, 10, 25) and state.days_to_start == 197


def test_last_day_is_in_season(company: Company) -> None:
    assert standards.season_state(company, dt.date(2027, 4, 10)).days_left == 0


def test_override_moves_the_dates(company: Company) -> None:
    moved = _with_override(company, dt.date(2026, 10, 15), dt.date(2027, 4, 20))
    state = standards.season_state(moved, dt.date(2026, 10, 20))
    assert state.on and state.days_left == 182
    text = standards.answer(moved, Topic.HEATING_PERIOD, Lang.ZH_HANS, dt.date(2026, 10, 20))
    assert "10月15日" in text and "4月20日" in text and "182天" in text


def test_heating_period_answers_by_season(company: Company) -> None:
    summer = standards.answer(company, Topic.HEATING_PERIOD, Lang.EN, dt.date(2026, 7, 1))
    assert "25 October" in summer and "starts in 116 days" in summer
    winter = standards.answer(company, Topic.HEATING_PERIOD, Lang.ZH_HANS, dt.date(2026, 12, 1))
    assert "现在是供暖期" in winter and "130天" in winter


@pytest.mark.parametrize(
    ("topic", "lang", "needles"),
    [
        (Topic.ROOM_TEMPERATURE, Lang.ZH_HANS, ["18℃", "98%"]),
        (Topic.ROOM_TEMPERATURE, Lang.EN, ["18 °C", "98%"]),
        (Topic.RESPONSE_TIME, Lang.ZH_HANS, ["30分钟", "24小时", "100%"]),
        (Topic.RESPONSE_TIME, Lang.EN, ["30 minutes", "24 hours"]),
        (Topic.FEES, Lang.ZH_HANS, ["27元"]),
        (Topic.FEES, Lang.EN, ["27 yuan"]),
        (Topic.STAFF_CONDUCT, Lang.ZH_HANS, ["证件", "鞋套", "吃、拿、卡、要", "+8643189990000"]),
        (Topic.STAFF_CONDUCT, Lang.EN, ["valid ID", "shoe covers", "clean up"]),
        (Topic.CONTACT, Lang.ZH_HANS, ["+8643188880001", "+8643189990000", "东岭南街88号", "08:00-17:00"]),
        (Topic.CONTACT, Lang.EN, ["+8643188880005 (Lvyuan Branch)", "88 Dongling South St"]),
        (Topic.STAFF_CONDUCT, Lang.ZH_HANT, ["證件", "鞋套"]),
    ],
)
def test_answers_quote_the_company(company: Company, topic: Topic, lang: Lang, needles: list[str]) -> None:
    text = standards.answer(company, topic, lang, dt.date(2026, 12, 1))
    for needle in needles:
        assert needle in text
    assert "{" not in text


def test_the_contact_answer_gives_one_line_a_branch_or_one_branchs_own_lines(company: Company) -> None:
    every = standards.answer(company, Topic.CONTACT, Lang.ZH_HANS, dt.date(2026, 12, 1))
    assert "+8643188880001（南关供热分公司）" in every and "+8643188880019" not in every  # not all 19 lines
    assert "朝阳区红旗街166号" in every  # every reception room
    own = standards.answer(company, Topic.CONTACT, Lang.ZH_HANS, dt.date(2026, 12, 1), branch="chaoyang")
    lines = company.hotlines_of("chaoyang")
    assert all(number in own for number in lines) and "+8643188880001" not in own
    assert "朝阳区红旗街166号" in own and "东岭南街88号" not in own


def test_topic_titles_cover_every_language() -> None:
    for lang in Lang:
        assert set(standards.TOPIC_TITLES[lang]) == set(Topic)


def test_intake_policies() -> None:
    no_heat = intake.policy(Intent.NO_HEAT)
    burst = intake.policy(Intent.BURST)
    leak = intake.policy(Intent.LEAK)
    complaint = intake.policy(Intent.COMPLAINT)
    assert no_heat and no_heat.asks_temperature and no_heat.needs_address and not no_heat.emergency
    assert burst and burst.emergency and burst.open_before_address
    assert leak and leak.emergency and not leak.open_before_address
    assert complaint and complaint.escalate and not complaint.emergency
    for intent in (Intent.STATUS, Intent.STANDARDS, Intent.HUMAN, Intent.GREETING, Intent.THANKS):
        assert intake.policy(intent) is None


@pytest.mark.parametrize(
    ("lang", "needles"),
    [
        (Lang.ZH_HANS, ["阀门", "电源", "孩子"]),
        (Lang.EN, ["valves", "power", "children"]),
        (Lang.ZH_HANT, ["閥門"]),
    ],
)
def test_safety_advice(lang: Lang, needles: list[str]) -> None:
    for intent in (Intent.LEAK, Intent.BURST):
        text = intake.safety_advice(intent, lang)
        assert text is not None
        for needle in needles:
            assert needle in text
    assert intake.safety_advice(Intent.NO_HEAT, lang) is None
