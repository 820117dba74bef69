"""Round y of the classifier: short shouted reports and everyday hard negatives (cases written by the team)."""

from __future__ import annotations

import pytest

from intents import classify
from intents.types import Intent, Topic


@pytest.mark.parametrize(
    "text", ["不热！", "冷", "冷冷冷冷冷 🥶🥶", "好冷啊", "還是不熱", "freezing", "so cold"]
)
def test_a_shouted_cold_word_is_a_no_heat_report(text: str) -> None:
    """On a heating line, a resident in a hurry writing only "cold" means the heating."""
    assert classify(text).intent is Intent.NO_HEAT


@pytest.mark.parametrize("text", ["冷静", "冷饮", "不热闹", "冰箱不冷了", "cold brew"])
def test_a_cold_word_inside_something_else_is_not(text: str) -> None:
    assert classify(text).intent is not Intent.NO_HEAT


@pytest.mark.parametrize(
    "text",
    [
        "Power's been out in the whole block since 8pm",
        "the power went off an hour ago",
        "我屋企部電暖爐唔熱喇，你哋修唔修？",
        "办公室的电炉子不热了",
    ],
)
def test_power_cuts_and_electric_heaters_are_out_of_scope(text: str) -> None:
    assert classify(text).intent is Intent.OUT_OF_SCOPE


def test_3q_is_thanks() -> None:
    assert classify("3q").intent is Intent.THANKS


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("放过气了还是不热", Intent.NO_HEAT),
        ("the heating isn't on and it's freezing", Intent.NO_HEAT),
        ("新年快乐", Intent.GREETING),
        ("瓦斯味好重要找谁", Intent.OUT_OF_SCOPE),
        ("空调制热模式不热怎么办", Intent.OUT_OF_SCOPE),
        ("来看一眼就走，到现在也没解决，这是第三次了", Intent.COMPLAINT),
    ],
)
def test_round_y_everyday_cases(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("如果师傅把地弄脏了谁负责打扫？", Topic.STAFF_CONDUCT),
        ("暖气一般几月份停啊", Topic.HEATING_PERIOD),
    ],
)
def test_round_y_standards_questions(text: str, topic: Topic) -> None:
    result = classify(text)
    assert result.intent is Intent.STANDARDS and result.topic is topic


@pytest.mark.parametrize("text", ["暖气放过水了还是冰凉的", "都快十二月了，我们这怎么还没来热"])
def test_bled_radiators_and_heat_not_arrived_are_no_heat(text: str) -> None:
    assert classify(text).intent is Intent.NO_HEAT


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("不是爆开的，就是一直在渗，麻烦派个人", Intent.LEAK),  # seeping on and on: water, on a heating line
        ("楼上厕所漏到我家了，不是暖气，是下水管", Intent.OUT_OF_SCOPE),
        ("不开电暖器的话屋里就十五度", Intent.NO_HEAT),  # the electric heater is what keeps them warm
        ("屋里才十几度，穿着羽绒服", Intent.NO_HEAT),
        ("喂喂，听得见吗", Intent.GREETING),
        ("信息泄漏了怎么办", Intent.OUT_OF_SCOPE),
    ],
)
def test_round_y_sixth_part(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("爆管和不热的报修，师傅到场时间一样吗", Intent.STANDARDS),  # kinds of report compared: no burst
        ("师傅修暖气的时候把我家壁纸刮破了，也没道歉", Intent.COMPLAINT),  # torn wallpaper: nothing burst
        ("停暖日期是固定的还是要看天气？", Intent.STANDARDS),  # the season, not the weather
    ],
)
def test_round_y_eighth_part(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent
