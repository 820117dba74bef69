"""Regressions of the round that wrote part `t`: vocabulary overlaps, bare readings, everyday topics."""

from __future__ import annotations

import pytest

from intents import classify, extract_entities
from intents.types import Intent, Topic

CASES: list[tuple[str, Intent]] = [
    # "暖气温温的" holds the weather word 气温: heating must survive the hard-negative removal
    ("书房才14度，暖气温温的", Intent.NO_HEAT),
    # the outlet end of a radiator (出水那头) is not water escaping
    ("暖气片进水口热，出水那头冰凉", Intent.NO_HEAT),
    # the weather outside, asked as a number
    ("外面今天几度啊", Intent.OUT_OF_SCOPE),
    # whether someone repairs at night is a policy question, not a leak report
    ("半夜暖气漏水有人修吗", Intent.STANDARDS),
    # a crew late past its promise, with no word for the service itself
    ("等了两个多小时，说好半小时到的", Intent.COMPLAINT),
    ("waited all day and nobody showed up, unacceptable", Intent.COMPLAINT),
    ("the repair guy was swearing in my flat the whole time", Intent.COMPLAINT),
    ("我那个单子派出去了吗", Intent.STATUS),
    ("手机上的软件老是闪退", Intent.OUT_OF_SCOPE),
    ("my fridge stopped cooling", Intent.OUT_OF_SCOPE),
]


@pytest.mark.parametrize(("text", "intent"), CASES)
def test_generalisation_cases(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("暖气一般几月份开始烧", Topic.HEATING_PERIOD),
        ("维修人员有统一着装和证件吗", Topic.STAFF_CONDUCT),
        ("what is the heating price per square metre", Topic.FEES),
    ],
)
def test_standards_topics_in_new_words(text: str, topic: Topic) -> None:
    result = classify(text)
    assert result.intent is Intent.STANDARDS
    assert result.topic is topic


@pytest.mark.parametrize(
    ("text", "value"),
    [("卧室温度十七点五，暖气不太热", 17.5), ("室温才十五", 15), ("温度计显示12.5", 12.5), ("温度20%", None)],
)
def test_bare_readings(text: str, value: float | None) -> None:
    assert extract_entities(text).temperature_c == value


def test_shared_prefix_alternations_match_like_flat_ones() -> None:
    """Each vocabulary compiled as a trie finds the same spans as the plain alternation of its fragments."""
    import re

    from intents.lexicon import load_examples, vocab_fragments
    from intents.trie import factor

    texts = [text for _, text in load_examples()][::3] + ["电暖气不热", "暖气温温的", "not leaking any more"]
    for name, fragments in vocab_fragments().items():
        flat = re.compile("|".join(f"(?:{f})" for f in fragments))
        trie = re.compile(factor(fragments))
        for text in texts:
            assert trie.sub("#", text) == flat.sub("#", text), (name, text)


@pytest.mark.parametrize(
    ("text", "lang", "norm"),
    [
        ("暖氣不熱", "zh-Hant", "暖气不热"),
        ("暖气不热", "zh-Hans", "暖气不热"),
        ("喂 我們家 暖气 冷", "zh-Hant", "我们家 暖气 冷"),
        ("heat off", "en", "heat off"),
    ],
)
def test_simplified_text_skips_conversion_without_changing_results(text: str, lang: str, norm: str) -> None:
    from intents import detect_lang, normalize

    assert classify(text).lang.value == lang == detect_lang(text).value
    assert normalize(text) == norm


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("暖弃片冰凉", Intent.NO_HEAT),  # 弃 reads qi like 气
        ("我要投素你们师傅", Intent.COMPLAINT),  # 素 reads su like 诉
        ("公暖几号开始", Intent.STANDARDS),  # 公 reads gong like 供
    ],
)
def test_pinyin_homophones(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_real_words_that_sound_the_same_stay() -> None:
    from intents import normalize

    assert "投宿" in normalize("附近哪里可以投宿")
    assert classify("附近哪里可以投宿").intent is not Intent.COMPLAINT


def test_generated_homophones_are_current() -> None:
    from intents import homophones

    lines = (homophones._OUT).read_text(encoding="utf-8").splitlines()[1:]
    assert lines == [f"{wrong} => {right}" for wrong, right in homophones.homophones()]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # an explicit complaint word beats an operator guess unless an operator is asked for
        ("你们那个师傅说话太冲了，我要投诉", Intent.COMPLAINT),
        ("我要投诉，给我转人工", Intent.HUMAN),
        # the same no-show again is a complaint, not a status question
        ("约好的上午又没来，这是第三回了", Intent.COMPLAINT),
        ("师傅今天还来吗", Intent.STATUS),
        # a staff-conduct report (no question, a misdeed) is a complaint; the question stays a standard
        ("师傅进门不穿鞋套，踩了一地泥", Intent.COMPLAINT),
        ("师傅进门要穿鞋套吗", Intent.STANDARDS),
        ("師傅上門收不收錢", Intent.STANDARDS),
        ("the guy who came smoked in my kitchen and was rude", Intent.COMPLAINT),
        # a request for a visit makes a cold reading a report even next to a standards word
        ("室温16度，不达标吧？暖气也不太热，派人来量一下", Intent.NO_HEAT),
        # a whole floor that is cold
        ("我们这一层都不热 邻居也冻得慌", Intent.NO_HEAT),
    ],
)
def test_borders_of_complaints_and_reports(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("嗯 暖气 阀门 那儿 一直 在 冒 水 珠", Intent.LEAK),  # a voice transcript's spaces split 冒水
        ("暖气片底下放了个桶 还在 滴", Intent.LEAK),
        ("地板泡鼓了，水是从暖气片底下出来的", Intent.LEAK),
        ("装修把地暖管打穿了，水往上冒", Intent.BURST),
        ("warm water dribbling out of the radiator valve", Intent.LEAK),
        ("热水袋破了，床上全湿了", Intent.OUT_OF_SCOPE),
    ],
)
def test_emergencies_in_other_words(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_join_han_keeps_latin_words_apart() -> None:
    from intents.normalize import join_han

    assert join_han("暖气 不热 room 501 冷") == "暖气不热 room 501 冷"
