"""Intent tables written by the team: every intent, topic and language, plus the hard cases."""

from __future__ import annotations

import pytest

from intents import classify, crew_deadline
from intents.types import Intent, Lang, Topic

CASES: list[tuple[str, Intent]] = [
    ("家里暖气冰凉，屋里只有十五度", Intent.NO_HEAT),
    ("暖氣一直不熱，房間好冷", Intent.NO_HEAT),
    ("屋里贼冷 片子拔凉拔凉的", Intent.NO_HEAT),
    ("the radiators in my flat are stone cold", Intent.NO_HEAT),
    ("heating barely works, living room is 15C", Intent.NO_HEAT),
    ("卫生间暖气片上头有点漏水 一直滴答", Intent.LEAK),
    ("暖氣閥門在滲水", Intent.LEAK),
    ("there is a slow drip under my radiator valve", Intent.LEAK),
    ("暖气片崩了 热水呲一屋子", Intent.BURST),
    ("the heating pipe burst and the hall is flooding", Intent.BURST),
    ("帮我看看我前天报修的单子到哪一步了", Intent.STATUS),
    ("any news on my repair? I reported it on Tuesday", Intent.STATUS),
    ("修暖气的人跟我要了两百块好处费", Intent.COMPLAINT),
    ("the repair guy was rude and left without cleaning", Intent.COMPLAINT),
    ("给我转个人工吧", Intent.HUMAN),
    ("can I talk to a real person please", Intent.HUMAN),
    ("您好呀", Intent.GREETING),
    ("good morning!", Intent.GREETING),
    ("好嘞，谢谢师傅", Intent.THANKS),
    ("thanks so much, all sorted", Intent.THANKS),
    ("帮我放首歌", Intent.OUT_OF_SCOPE),
    ("book a flight to shanghai for friday", Intent.OUT_OF_SCOPE),
]
HARD: list[tuple[str, Intent]] = [
    ("不漏水就是不热", Intent.NO_HEAT),
    ("not leaking but the radiator is still cold", Intent.NO_HEAT),
    ("漏水那个修好了，现在就是屋里冷", Intent.NO_HEAT),
    ("热水器漏水了", Intent.OUT_OF_SCOPE),
    ("my water heater leaks", Intent.OUT_OF_SCOPE),
    ("停电了", Intent.OUT_OF_SCOPE),
    ("今天冷吗", Intent.OUT_OF_SCOPE),
    ("电暖气不热了", Intent.OUT_OF_SCOPE),
    ("燃气灶打不着火", Intent.OUT_OF_SCOPE),
    ("水费怎么交", Intent.OUT_OF_SCOPE),
    ("如果暖气漏水了半夜找谁", Intent.STANDARDS),
    ("你好，我家暖气爆了，水喷了一地", Intent.BURST),
    ("投诉！暖气管子漏水了半天没人管", Intent.LEAK),
    ("谢谢 对了暖气片下面在滴水", Intent.LEAK),
]
TOPICS: list[tuple[str, Topic]] = [
    ("今年几号开始来暖气", Topic.HEATING_PERIOD),
    ("when is the heating switched off in spring", Topic.HEATING_PERIOD),
    ("屋里温度多少度才算合格", Topic.ROOM_TEMPERATURE),
    ("what minimum indoor temperature do you promise", Topic.ROOM_TEMPERATURE),
    ("报修以后多久能来人", Topic.RESPONSE_TIME),
    ("is anyone on duty overnight", Topic.RESPONSE_TIME),
    ("取暖费一平米多少钱", Topic.FEES),
    ("can I pay the heating fee online", Topic.FEES),
    ("上门的师傅会出示证件吗", Topic.STAFF_CONDUCT),
    ("do your technicians wear shoe covers", Topic.STAFF_CONDUCT),
    ("你们的报修电话是多少", Topic.CONTACT),
    ("where is your reception office", Topic.CONTACT),
]


@pytest.mark.parametrize(("text", "intent"), CASES + HARD)
def test_intent(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(("text", "topic"), TOPICS)
def test_topic(text: str, topic: Topic) -> None:
    result = classify(text)
    assert (result.intent, result.topic) == (Intent.STANDARDS, topic)


def test_emergency_flag_follows_intent() -> None:
    assert classify("暖气管爆了").emergency
    assert not classify("暖气不热").emergency


def test_topic_only_for_standards() -> None:
    assert classify("暖气不热").topic is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("暖氣不熱", Lang.ZH_HANT),
        ("暖气不热", Lang.ZH_HANS),
        ("radiator cold", Lang.EN),
        ("暖气lukewarm", Lang.ZH_HANS),
    ],
)
def test_language(text: str, lang: Lang) -> None:
    assert classify(text).lang is lang


def test_heating_words_never_out_of_scope() -> None:
    result = classify("暖气")
    assert result.intent is not Intent.OUT_OF_SCOPE
    assert result.unsure and len(result.candidates) == 2


def test_unsure_offers_two_candidates() -> None:
    result = classify("嗯那个关于暖气的事")
    assert result.unsure
    assert len(result.candidates) == 2
    assert result.candidates[0][0] is result.intent or result.intent in dict(result.candidates)


def test_confident_answer_is_not_unsure() -> None:
    result = classify("暖气片爆了，水哗哗往外喷")
    assert not result.unsure and result.confidence >= 0.75


@pytest.mark.parametrize("text", ["", "   ", "!!!", "😀😀"])
def test_empty_is_out_of_scope_with_zero_confidence(text: str) -> None:
    result = classify(text)
    assert (result.intent, result.confidence) == (Intent.OUT_OF_SCOPE, 0.0)


@pytest.mark.parametrize(
    "text",
    [
        "师傅大概多久能到",
        "人呢",
        "那现在咋样了",
        "快到了吗",
        "when are they coming?",
        "how much longer",
        "where are they",
    ],
)
def test_a_bare_follow_up_asks_after_whatever_is_under_way(text: str) -> None:
    """Context-free these are no status; the channels answer them with a report when one is open."""
    c = classify(text)
    assert c.asks_after and c.intent is not Intent.STATUS, c


@pytest.mark.parametrize(
    "text",
    [
        "报修以后一般多久到",
        "今天天气怎么样了",
        "快递什么时候到",
        "暖气片漏水了",
        "How long is the heating season?",
        "谢谢",
    ],
)
def test_questions_about_something_else_ask_after_nothing(text: str) -> None:
    assert not classify(text).asks_after, text


@pytest.mark.parametrize(
    "text",
    [
        "地上的水越来越多",
        "水越来越多了怎么办",
        "漏得更厉害了",
        "the water keeps rising on the floor",
        "the puddle under the radiator is getting bigger",
    ],
)
def test_water_that_keeps_coming_is_a_leak(text: str) -> None:
    assert classify(text).intent is Intent.LEAK, text


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("水费越来越多了", Intent.OUT_OF_SCOPE),
        ("喝水越来越多是不是糖尿病", Intent.OUT_OF_SCOPE),
        ("去年水管爆的那回，水都淹到楼下了你们才来人，我要投诉", Intent.COMPLAINT),
    ],
)
def test_water_growing_that_is_no_leak_now(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent, text


@pytest.mark.parametrize("text", ["越来越厉害了", "越来越严重了", "it's getting much worse", "问题越来越多"])
def test_bare_news_of_something_getting_worse_is_marked_not_reported(text: str) -> None:
    """Context-free no emergency; the channels add it to a leak or burst that is open."""
    c = classify(text)
    assert c.worsening and not c.emergency, c


@pytest.mark.parametrize(
    "text", ["天气越来越冷了", "暖气费越来越贵", "谢谢", "暖气片漏水了", "热水器漏水越来越厉害"]
)
def test_no_news_of_an_escape_getting_worse(text: str) -> None:
    assert not classify(text).worsening, text


@pytest.mark.parametrize(
    "text",
    [
        "暖气已经热了，谢谢",
        "不用来了，我自己拧紧了",
        "不用派人了",
        "the heating is working again now",
        "you can cancel the visit",
    ],
)
def test_word_that_the_trouble_is_over_is_marked_settled(text: str) -> None:
    c = classify(text)
    assert c.settled and not c.emergency and c.intent is not Intent.NO_HEAT, c


@pytest.mark.parametrize(
    "text", ["谢谢", "暖气还是不热", "暖气热了吗", "暖气片漏水了", "已经热了一会儿又凉了"]
)
def test_no_word_that_the_trouble_is_over(text: str) -> None:
    assert not classify(text).settled, text


@pytest.mark.parametrize(
    ("text", "waits"),
    [
        ("都40分钟了还没人来", True),
        ("the crew still hasn't come, it's been an hour", True),
        ("师傅态度太差了还没修好", False),  # a complaint of the crew, not the wait
        ("等了一个小时了，我要投诉", False),  # a formal complaint asked for
    ],
)
def test_a_complaint_of_nothing_but_the_wait_asks_after_the_crew(text: str, waits: bool) -> None:
    c = classify(text)
    assert c.intent is Intent.COMPLAINT and c.asks_after is waits, c


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("再不派人过来我就去投诉你们", True),
        ("今天还不来的话我就打市长热线", True),
        ("unless somebody turns up this afternoon I'm complaining", True),
        ("if they don't show up by noon I'll call 12345", True),
        ("我要投诉", False),
        ("师傅态度太差了 我要投诉", False),  # the crew's conduct, not the wait
        ("再不热我就投诉", False),  # the heat, not the crew
    ],
)
def test_a_deadline_set_for_the_crew_is_read_whatever_the_intent(text: str, deadline: bool) -> None:
    assert crew_deadline(text) is deadline, text


def test_an_unsure_question_of_the_wait_asks_after_the_crew() -> None:
    c = classify("过了四十分钟了 怎么还没人上门")  # unsure, status or complaint: where the repair stands
    assert c.asks_after and not c.emergency, c


@pytest.mark.parametrize(
    "text",
    [
        "师傅到了",
        "不用了，师傅已经到了",
        "维修人员刚到，谢谢",
        "师傅正在修呢",
        "维修的师傅已经上门了",
        "never mind, the crew just arrived",
        "thanks, the plumber is here",
        "修水管的已经到了",  # the one who mends it named by the work
        "师傅这回真到了",
        "人来了",
        "修理工到了",
        "你们的人到了",  # read as a complaint, with nothing else said
        "the repairman just arrived",
        "your engineer is here now",
    ],
)
def test_word_that_the_crew_has_come_is_marked_arrived(text: str) -> None:
    c = classify(text)
    assert c.arrived and not c.emergency and c.intent is not Intent.NO_HEAT, c


@pytest.mark.parametrize(
    "text",
    [
        "师傅到了吗",
        "师傅还没到",
        "has the crew arrived",
        "is the technician here yet",
        "人都来了三趟了还是不热",  # the cold stays: a complaint
        "上礼拜师傅来了，说要先交钱才给修",  # a visit told as past, and what the visitor did
        "家里人都来了",  # family, not the crew
        "都没人来了",
        "等人到了再说",
        "开工了",
        "师傅来了看了一眼就走了，啥也没干",  # a visit complained of
        "they showed up three hours late and blamed traffic",
        "师傅到了以后先给我打个电话",  # a condition: when they come
        "师傅到了楼下给我打电话，门铃坏了",
        "师傅来了就好",
        "the crew is here? nobody has knocked",  # asked
    ],
)
def test_no_word_that_the_crew_has_come(text: str) -> None:
    assert not classify(text).arrived, text


def test_every_rising_water_entry_names_the_water_the_quick_check_looks_for() -> None:
    from intents.lexicon import vocab_fragments
    from intents.signals import WATER_HINTS
    from intents.signals import names_water as _names_water

    for fragment in vocab_fragments()["water_rising"]:
        assert any(hint in fragment for hint in WATER_HINTS), fragment
    assert all(_names_water(hint) for hint in WATER_HINTS) and not _names_water("暖气不热")
