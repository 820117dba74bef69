"""Regressions of the round that wrote parts m and u: leaks and bursts in more registers, and hard negatives."""

from __future__ import annotations

import pytest

from intents import classify
from intents.types import EMERGENCIES, Intent, Topic

EMERGENCY_CASES = [
    "暖气片下头嘀嗒嘀嗒一晚上了",  # 嘀嗒
    "暖气片那道缝往外沁水",  # 沁
    "暖气管旁边墙根是湿的",  # 湿的
    "俺家暖气漏汤了",  # northeast dialect
    "暖气管子往外射水",  # 射
    "暖气管冒白汽还嘶嘶响",  # steam
    "the radiator seam is weeping",
    "water keeps coming out of the bleed valve",
    "rad leaking in the hall",  # rad, a short form
    "radator leeking",  # typos
    "hot water spitting from the radiator valve",
    "the pipe under the radiator went, water pouring out",
    "暖期片渗睡了",  # homophones
    "暖气片漏水了维修要钱吗",  # a fee question asked while the leak is happening
]


@pytest.mark.parametrize("text", EMERGENCY_CASES)
def test_water_escaping_from_heating_is_an_emergency(text: str) -> None:
    result = classify(text)
    assert result.emergency, (text, result.intent)


NOT_EMERGENCY = [
    ("冰箱底下一摊水", Intent.OUT_OF_SCOPE),
    ("鱼缸漏水", Intent.OUT_OF_SCOPE),
    ("保温杯漏了", Intent.OUT_OF_SCOPE),
    ("墙上插座漏电", Intent.OUT_OF_SCOPE),
    ("下雨楼顶漏了", Intent.OUT_OF_SCOPE),
    ("车的水箱漏水", Intent.OUT_OF_SCOPE),
    ("the fish tank is leaking", Intent.OUT_OF_SCOPE),
    ("my hot water bottle leaked", Intent.OUT_OF_SCOPE),
    ("暖气漏水修理怎么收费", Intent.STANDARDS),
    ("暖气漏水一般多长时间到", Intent.STANDARDS),
    # negated or idle "broken" words: "no water leaking", "坏掉了", "炸锅" are no escape of water
    ("Radiators are freezing. There is no water leaking anywhere, it's just cold", Intent.NO_HEAT),
    ("heating's off again. no leaks, nothing damaged, only cold", Intent.NO_HEAT),
    ("屋里冻得要命，暖气怕是坏掉了吧", Intent.NO_HEAT),
    ("暖氣好像壞掉了，一點都不熱", Intent.NO_HEAT),
    ("我们单元全都不热，业主群里早就炸开了锅", Intent.NO_HEAT),
    ("radiators are off. no drips, no puddles, just no heat", Intent.NO_HEAT),
    ("you fixed the leak on Monday, thanks, but the radiators went cold again", Intent.NO_HEAT),
    ("the radiator has gone cold and the bedroom is freezing", Intent.NO_HEAT),
    ("前几天渗水的地方让师傅处理好了，现在暖气又不热", Intent.NO_HEAT),
    ("暖气片凉掉了，晚上冻醒好几回", Intent.NO_HEAT),  # only 掉了 is masked: the cold word stays
    ("I think the radiator is broken, the lounge is cold", Intent.NO_HEAT),
    ("the radiator hasn't leaked at all, it just won't get warm", Intent.NO_HEAT),
    (
        "There was a small drip on the valve that your man repaired. Now the radiator is cold.",
        Intent.NO_HEAT,
    ),  # "broken" is no "broke off"
    ("条水管冇再漏水啦，不过暖气又唔热", Intent.NO_HEAT),  # Cantonese negation
]


@pytest.mark.parametrize(("text", "intent"), NOT_EMERGENCY)
def test_hard_negatives_are_not_emergencies(text: str, intent: Intent) -> None:
    result = classify(text)
    assert not result.emergency, text
    assert result.intent is intent, (text, result.intent)


def test_fee_question_gets_the_fees_topic() -> None:
    result = classify("暖气片漏水维修要不要钱")
    assert result.intent is Intent.STANDARDS and result.topic is Topic.FEES


def test_a_stain_on_a_rug_is_not_a_leak() -> None:
    assert not classify("how do i get a stain out of a rug").emergency


def test_a_mistyped_word_is_not_a_leak() -> None:
    assert classify("不好意思刚才漏写了一个字").intent not in EMERGENCIES


@pytest.mark.parametrize("text", ["暖气 水 快来人", "radiator water everywhere help"])
def test_water_and_heating_shouted_in_a_hurry_is_an_emergency(text: str) -> None:
    assert classify(text).emergency


@pytest.mark.parametrize("text", ["暖气水温太低 快来人看看", "暖气没漏水 快来看看 不热"])
def test_water_temperature_or_a_negated_leak_in_a_hurry_is_not(text: str) -> None:
    assert not classify(text).emergency


def test_fused_naive_bayes_scores_equal_the_feature_list_scores() -> None:
    from intents.classifier import _NB
    from intents.model import features
    from intents.normalize import scoring_text

    for text in [
        "暖气片漏水了 3栋",
        "the radiator is cold and dripping",
        "暖气 radiator 漏 leak 12度",
        "喂",
        "",
    ]:
        norm = scoring_text(text)
        assert _NB.scores_text(norm) == _NB.scores_of(features(norm))


def test_fillers_and_punctuation_are_removed() -> None:
    from intents import normalize

    assert normalize("嗯，那个，暖气，漏了！！") == "暖气 漏了"
    assert normalize("um, the radiator... uh leaks; hmm") == "the radiator leaks"
    assert (
        normalize("the water heater, er, is under the umbrella") == "the water heater is under the umbrella"
    )
