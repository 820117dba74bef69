"""The company config: the bundled demo loads; every mistake names its key."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from heatline.config import ConfigError, demo_path, load_company

DEMO = demo_path().read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "company.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_demo_matches_the_press_release() -> None:
    company = load_company()
    assert len(company.hotlines) == 19
    assert len(company.crews) == 10
    assert company.timezone == "Asia/Shanghai"
    assert company.commitments.min_room_temp_c == 18
    assert company.commitments.on_site_minutes == 30
    assert company.commitments.temp_pass_rate_pct == 98
    assert company.commitments.timely_rate_pct == 100
    assert company.commitments.duty_hours == 24
    assert company.season.bounds(2026) == (dt.date(2026, 10, 25), dt.date(2027, 4, 10))
    for hotline in company.hotlines:
        assert company.branch_for_hotline(hotline.number) is not None


def test_demo_routes_hotline_to_branch_and_address_to_branch() -> None:
    company = load_company()
    first = company.hotlines[0]
    branch = company.branch_for_hotline(first.number)
    assert branch is not None and branch.code == first.branch
    assert company.branch_for_hotline("+10000000000") is None
    assert company.branch_for_address("朝阳区红旗小区3栋") is not None


@pytest.mark.parametrize(
    ("address", "branch"),
    [
        ("红旗小区3栋2单元501", "chaoyang"),
        ("紅旗小區3棟2單元501", "chaoyang"),  # Traditional characters
        ("青年路小區2棟", "lvyuan"),
        ("Hongqi compound building 3 unit 2 room 501", "chaoyang"),  # the name in Latin letters
        ("KAIXUAN xiaoqu bldg 5", "kuancheng"),
        ("building 4, Qingnianlu residential area", "lvyuan"),
        ("朝阳区凯旋小区5栋", "kuancheng"),  # a compound is a surer sign than a district
        ("Building 3 unit 2 room 501", None),
        ("Hongqiao Road 5", None),  # a whole word only
    ],
)
def test_an_address_reaches_the_branch_of_its_compound_however_it_is_written(
    address: str, branch: str | None
) -> None:
    found = load_company().branch_for_address(address)
    assert (found.code if found else None) == branch


def test_season_override_for_one_year(tmp_path: Path) -> None:
    text = DEMO.replace(
        "# [season.overrides.2026]\n# start = 2026-10-20\n# end = 2027-04-15",
        "[season.overrides.2026]\nstart = 2026-10-20\nend = 2027-04-15",
    )
    company = load_company(write(tmp_path, text))
    assert company.season.bounds(2026) == (dt.date(2026, 10, 20), dt.date(2027, 4, 15))
    assert company.season.bounds(2027) == (dt.date(2027, 10, 25), dt.date(2028, 4, 10))


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('number = "+8643188880001"', 'number = "12345"'), "hotlines.0.number"),
        (('timezone = "Asia/Shanghai"', 'timezone = "Mars/Olympus"'), "timezone"),
        (('start = "10-25"', 'start = "13-45"'), "season.start"),
        (("on_site_minutes = 30", "on_site_minutes = -5"), "commitments.on_site_minutes"),
        (('code = "C01"', 'code = "has spaces"'), "crews.0.code"),
        (("duty_hours = 24", "duty_hours = 24\nsurprise = 1"), "commitments.surprise"),
    ],
)
def test_a_bad_value_names_its_key(tmp_path: Path, change: tuple[str, str], key: str) -> None:
    old, new = change
    assert old in DEMO
    with pytest.raises(ConfigError) as caught:
        load_company(write(tmp_path, DEMO.replace(old, new, 1)))
    message = str(caught.value)
    assert key in message
    assert "\n" not in message


def test_a_hotline_of_an_unknown_branch_is_refused(tmp_path: Path) -> None:
    text = DEMO.replace('branch = "nanguan"', 'branch = "atlantis"', 1)
    with pytest.raises(ConfigError, match="unknown branch 'atlantis'"):
        load_company(write(tmp_path, text))


def test_a_missing_required_field_is_named(tmp_path: Path) -> None:
    data = tomllib.loads(DEMO)
    assert "complaint_phone" in data
    text = "\n".join(line for line in DEMO.splitlines() if not line.startswith("complaint_phone"))
    with pytest.raises(ConfigError, match="complaint_phone: Field required"):
        load_company(write(tmp_path, text))


def test_missing_file_and_broken_toml_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load_company(tmp_path / "absent.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_company(write(tmp_path, "name = \n"))
