"""Regressions of the round that wrote parts `n` (held out) and `v` (tuned on): general mechanisms only."""

from __future__ import annotations

import pytest

from intents import classify
from intents.types import EMERGENCIES, TICKET_INTENTS, Intent

CASES: list[tuple[str, Intent]] = [
    # a heater or radiator of a car, pool or appliance is not district heating, leaking or not
    ("the radiator of my van is losing coolant", Intent.OUT_OF_SCOPE),
    ("our swimming pool heater is dead", Intent.OUT_OF_SCOPE),
    ("plug-in radiator smells of burning", Intent.OUT_OF_SCOPE),
    # the sound of water in the pipes is no leak
    ("暖气片里一直有水流的声音，可就是不热", Intent.NO_HEAT),
    ("radiators make a gurgling noise and stay cold", Intent.NO_HEAT),
    # a leak named as the subject of a report asks for its progress
    ("what happened to my leak report from monday", Intent.STATUS),
    # a reading told without a question is the resident's own cold flat
    ("卧室温度十五点五度", Intent.NO_HEAT),
    ("living room 14 degrees", Intent.NO_HEAT),
    # ... while the same number asked about is a standards question
    ("室内温度18度算达标吗", Intent.STANDARDS),
    # plural short form of radiator
    ("rads in the lounge are freezing", Intent.NO_HEAT),
    # a crew hours late with no word for the service
    ("说好半个钟头到，两小时了也没到", Intent.COMPLAINT),
    # Cantonese thanks
    ("唔该晒", Intent.THANKS),
]


@pytest.mark.parametrize(("text", "intent"), CASES)
def test_round_v_cases(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    "text",
    ["the van radiator is leaking all over the drive", "泳池加热器漏水了", "暖气片上晾的毛巾往下滴水"],
)
def test_household_water_is_no_emergency(text: str) -> None:
    assert classify(text).intent not in EMERGENCIES


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # household water with no heating word: the model's out_of_scope is heard
        ("洗菜池底下的管子往外滴水", Intent.OUT_OF_SCOPE),
        ("water dripping under the kitchen sink", Intent.OUT_OF_SCOPE),
        # ... but water escaping with no named appliance stays an emergency
        ("楼上一直往我家天花板滴水", Intent.LEAK),
        ("pipe burst, flat flooding", Intent.BURST),
    ],
)
def test_water_without_heating_word(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # negation of perception and finished past leaks are masked
        ("I looked everywhere and nothing is dripping, the radiator is just cold", Intent.NO_HEAT),
        ("暖气片我看了，没看到哪儿渗水，就是不热", Intent.NO_HEAT),
        # asking whom to call about a leak happening now is a leak; about leaks in general, a standards question
        ("暖气管漏了，应该找谁", Intent.LEAK),
        ("暖气管漏水一般找谁修", Intent.STANDARDS),
        ("my radiator is leaking, who do I ring", Intent.LEAK),
    ],
)
def test_negation_and_advice(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # "your" alone is no service context: small talk with a chatbot opens no complaint
        ("what is your favourite colour", Intent.OUT_OF_SCOPE),
        ("can you tell me who built your software", Intent.OUT_OF_SCOPE),
        ("your crew left rubbish in my stairwell", Intent.COMPLAINT),
        # a bare degree sign is a reading
        ("卧室才11°", Intent.NO_HEAT),
        # electric radiators and street water mains are not district heating
        ("my electric radiator stopped working", Intent.OUT_OF_SCOPE),
        ("water main burst on the road outside", Intent.OUT_OF_SCOPE),
        # the temperature requirement itself is asked
        ("卫生间的温度要求是多少", Intent.STANDARDS),
    ],
)
def test_round_v_borders(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_bare_degree_sign_is_celsius() -> None:
    assert classify("客厅只有13°").entities.temperature_c == 13
    assert classify("it's 59°F in here").entities.temperature_c == 15.0


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # misspelt domain words nobody listed are read by edit distance
        ("raditors stone cold since morning", Intent.NO_HEAT),
        ("radiatr leakng onto the carpet", Intent.LEAK),
        ("there is water come out from the pipe of heating", Intent.LEAK),
    ],
)
def test_misspellings(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_respell_leaves_real_words() -> None:
    from intents.classifier import respell

    assert respell("heated towel rail later") == "heated towel rail later"
    assert respell("raditors frezing") == "radiators freezing"


def test_voice_spaced_numbers() -> None:
    assert classify("屋里 温度 十四 度 冻死了").entities.temperature_c == 14
    found = classify("我家 八 栋 一 单元 三 零 二 暖气 凉").entities.as_dict()
    assert found == {"building": "8", "unit": "1", "room": "302"}


def test_norm_named_with_budao_is_no_reading() -> None:
    result = classify("室温不到18度能退费吗")
    assert result.intent is Intent.STANDARDS
    assert result.entities.temperature_c is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # small talk around a report is the report
        ("谢谢你们，不过今天暖气片又冰凉了", Intent.NO_HEAT),
        ("hello! the radiator by the window is leaking", Intent.LEAK),
        # asking for a visit to measure a low room temperature
        ("能不能上门测一下温度，卧室温度太低", Intent.NO_HEAT),
        # dissatisfaction with how a case went, said without the word complaint
        ("really not happy with how my case was handled, I want this escalated", Intent.COMPLAINT),
        ("连着四天说来都没来，怎么回事", Intent.COMPLAINT),
        # operator wanted now versus the operator's number
        ("how can I reach an actual person right now", Intent.HUMAN),
        ("人工客服电话是多少", Intent.STANDARDS),
        # "heat up" of an appliance
        ("my heated blanket won't heat up", Intent.OUT_OF_SCOPE),
        ("楼上装修把水管弄漏了，水流到我家", Intent.OUT_OF_SCOPE),
    ],
)
def test_round_v_mixed(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize("text", ["部冷氣機成日滴水", "雪柜门口有一滩水", "天文台讲今晚几度"])
def test_hong_kong_household_words(text: str) -> None:
    assert classify(text).intent is Intent.OUT_OF_SCOPE


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("it's 48 fahrenheit in the bedroom", Intent.NO_HEAT),
        ("heating in my flat has been on the blink for days", Intent.NO_HEAT),
        ("fourth time I'm reporting the same fault", Intent.COMPLAINT),
        ("good morning, when is your engineer coming? I reported it yesterday", Intent.STATUS),
        ("the radiator fan on my laptop is noisy", Intent.OUT_OF_SCOPE),
        ("ta", Intent.THANKS),
    ],
)
def test_round_v_english(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize("text", ["i want to report a lost bank card", "reset to your manufacturer settings"])
def test_chatbot_small_talk_opens_no_ticket(text: str) -> None:
    assert classify(text).intent not in TICKET_INTENTS


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("屋里温度怎么也上不去，孩子冻得直咳嗽", Intent.NO_HEAT),
        ("玻璃上的水汽顺着往下淌", Intent.OUT_OF_SCOPE),
        ("condensation running down the windows", Intent.OUT_OF_SCOPE),
    ],
)
def test_round_v_condensation_and_low_temperature(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent
