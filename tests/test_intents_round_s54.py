"""Round s54 of the classifier: a home too hot is a no-heat report flagged `too_hot` (the same crew regulates it), and
only when nothing is said to be cold; water heaters, hot pots, the weather and thanks keep their readings. Cases
written by the team, never copied."""

from __future__ import annotations

import pytest

from intents import classify
from intents.types import Intent

NO_HEAT, THANKS, OUT_OF_SCOPE = Intent.NO_HEAT, Intent.THANKS, Intent.OUT_OF_SCOPE


@pytest.mark.parametrize(
    "text",
    [
        "暖气烧得太热了，屋里27度，晚上热醒好几回",
        "家里热得受不了 能不能把暖气温度调低一点",
        "我家太热了，开着窗户才能睡",
        "热得只能开窗户",
        "客厅跟蒸笼似的，暖气片太烫了",
        "屋里一点都不冷，就是暖气太足了",
        "暖氣太熱了 熱得睡不著",  # Traditional
        "our radiators are far too hot, it's 29 degrees in the living room",
        "the apartment is way too warm, can someone turn the heating down",
        "it's like a sauna in my flat, the heating is overheating",
    ],
)
def test_a_home_too_hot_is_a_no_heat_report_flagged_too_hot(text: str) -> None:
    c = classify(text)
    assert c.intent is NO_HEAT and c.too_hot, (text, c)


def test_a_room_too_hot_keeps_its_reading() -> None:
    c = classify("暖气太热了 卧室都26度了")
    assert c.intent is NO_HEAT and c.too_hot and c.entities.temperature_c == 26


@pytest.mark.parametrize(
    "text",
    [
        "三楼的暖气烫手，我们五楼的冰凉",  # cold somewhere: a cold flat
        "暖气片摸着烫手，可是屋里就15度",  # a cold room: a cold flat
        "暖气太热了 可屋里才16度",  # a cold reading
        "暖气不太热，屋里17度",  # "不太热" is not too hot
        "暖气不是太热，温乎的",
        "the radiators are not too warm, the bedroom is chilly",
        "邻居家暖气热得开窗，我家这边不行",  # another home compared
        "暖气片烫手",  # a working radiator is hot to the touch
        "卧室暖气太热，客厅冷得要命",  # one room too hot, another cold: cold is reported
    ],
)
def test_too_hot_is_not_flagged_when_something_is_cold_or_another_home_is_meant(text: str) -> None:
    c = classify(text)
    assert c.intent is NO_HEAT and not c.too_hot, (text, c)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("燃气热水器出水太热了", OUT_OF_SCOPE),
        ("吃火锅吃得太热了", OUT_OF_SCOPE),
        ("今天天气太热了吧", OUT_OF_SCOPE),
        ("电热毯太热了 怎么调", OUT_OF_SCOPE),
        ("暖气修好了，热得我都出汗了，谢谢师傅", THANKS),
        ("my water heater is too hot", OUT_OF_SCOPE),
    ],
)
def test_other_things_too_hot_and_thanks_keep_their_readings(text: str, intent: Intent) -> None:
    c = classify(text)
    assert c.intent is intent and not c.too_hot, (text, c)


def test_a_cold_report_is_not_too_hot() -> None:
    for text in ("暖气不热，屋里15度", "radiators cold, 14 degrees inside"):
        c = classify(text)
        assert c.intent is NO_HEAT and not c.too_hot, text
