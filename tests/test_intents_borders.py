"""Borders between neighbouring intents, dialect and voice forms, and regressions of the speed rewrite."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from intents import classifier, classify, extract_entities, normalize
from intents.model import features
from intents.types import Intent, Topic

BORDERS: list[tuple[str, Intent]] = [
    # standards question about one's own flat vs a no-heat report
    ("冬天家里最低要给保证到几度", Intent.STANDARDS),
    ("卧室的温度国家有没有规定", Intent.STANDARDS),
    ("地暖房间的室温标准跟别的一样不", Intent.STANDARDS),
    ("屋里冷得很，暖气片摸着是温的", Intent.NO_HEAT),
    ("才十四度 冻得够呛 暖气什么时候能热乎", Intent.NO_HEAT),
    ("家里太冷了暖气不太热，你们来量量室温", Intent.NO_HEAT),
    # hypothetical emergencies are standards questions
    ("暖气漏水的话一般多久来人", Intent.STANDARDS),
    ("万一半夜暖气片崩了找谁", Intent.STANDARDS),
    # weather and other companies stay out of scope, unless heating is named
    ("今年冬天会冷吗", Intent.OUT_OF_SCOPE),
    ("燃气灶点不着火", Intent.OUT_OF_SCOPE),
    ("天气暖和了会不会提前停暖", Intent.STANDARDS),
    # late crew: asking is status, a pattern of no-shows is a complaint
    ("师傅说十点到，现在十一点了还来吗", Intent.STATUS),
    ("第三次约了又没来，也没人通知，你们太不靠谱了", Intent.COMPLAINT),
    # human vs complaint
    ("别让机器人回了，找个真人", Intent.HUMAN),
    ("我要投诉你们的维修工，找你们领导", Intent.COMPLAINT),
    # a visitor who shows no badge is reported, not asked about ("不出示" is no negated "出水")
    ("来修的人不出示工作证就往里闯", Intent.COMPLAINT),
    # the resident's own phone number is how a report is found, not a topic about phones
    ("工单号忘了，报修留的手机号是13812345678，帮我查查", Intent.STATUS),
    # neighbours, smoke, pets, jobs, spam and small talk with the bot stay out of scope
    ("隔壁天天半夜蹦迪，能不能管一下", Intent.OUT_OF_SCOPE),
    ("对门两口子又吵架了，吵得我睡不着", Intent.OUT_OF_SCOPE),
    ("小区门口的烧烤摊油烟太大了", Intent.OUT_OF_SCOPE),
    ("我家狗昨天跑丢了，黑白色的", Intent.OUT_OF_SCOPE),
    ("你们公司还招聘吗，我想应聘", Intent.OUT_OF_SCOPE),
    ("恭喜你中奖了，点击下面的链接领取奖品", Intent.OUT_OF_SCOPE),
    ("你会唱歌吗，给我唱首歌", Intent.OUT_OF_SCOPE),
    ("the guy upstairs stomps around all night", Intent.OUT_OF_SCOPE),
    ("has anyone seen a grey cat? lost my cat yesterday", Intent.OUT_OF_SCOPE),
    ("are you hiring? I'm looking for a job", Intent.OUT_OF_SCOPE),
    ("Congratulations, you have won a prize! Click here to claim", Intent.OUT_OF_SCOPE),
    ("are you a bot? can you sing a song for me", Intent.OUT_OF_SCOPE),
    # an operator asked for with a polite emoji or word after it
    ("转人工🙏", Intent.HUMAN),
    ("真人 谢谢", Intent.HUMAN),
    ("agent please 🙏🙏", Intent.HUMAN),
    ("the agent sorted it all out, thank you 🙏", Intent.THANKS),  # thanks for an operator is no request
    ("真人啊🙏🙏", Intent.HUMAN),
    ("你哋公司請唔請人㗎", Intent.OUT_OF_SCOPE),
    # how far a reported problem or an announced crew has got
    ("上礼拜报的暖气不热，你们查得怎么样了", Intent.STATUS),
    ("我们楼不热的事有消息了吗", Intent.STATUS),
    ("维修师傅还要多长时间才能到😭", Intent.STATUS),
    ("how much longer until the technician arrives? 🕐", Intent.STATUS),
    # the rule asked about with "if" vs. what a visitor did
    ("如果来的维修工骂人，你们一般怎么处理", Intent.STANDARDS),
    ("if one of your engineers swears at me, what's your policy?", Intent.STANDARDS),
    # the promise or the fees cited in anger
    ("钱一分不少交了，你们就这服务？", Intent.COMPLAINT),
    ("暖气费按时交，这就是你们说的服务？交那么多钱", Intent.COMPLAINT),
    ("用我爱人的手机报的修，能帮我查一下工单吗", Intent.STATUS),
    ("全小区都报了不热，你们说在查，有结论了吗", Intent.STATUS),
    ("费用一分不差全交了，暖气服务就这个水平", Intent.COMPLAINT),
    ("供热公司还招不招司机", Intent.OUT_OF_SCOPE),
    ("the man who came wouldn't show me his ID and snapped at me", Intent.COMPLAINT),
]
DIALECT_AND_VOICE: list[tuple[str, Intent]] = [
    ("俺家暖气贼拉凉 屋里冻得伸不出手", Intent.NO_HEAT),
    ("暖气片拔凉拔凉的 咋整", Intent.NO_HEAT),
    ("暖气一点不热乎 冰凉冰凉", Intent.NO_HEAT),
    ("暖气管子呲水了 满地都是", Intent.BURST),
    ("片子崩了 热水往外冒", Intent.BURST),
    ("喂 嗯 那个 暖器 漏谁了 一直滴", Intent.LEAK),
    ("嗯 我 报秀 好几天了 咋没人来", Intent.STATUS),
    ("喂 三栋二单元五零一 暖气不热", Intent.NO_HEAT),
    ("放气阀拧开光出气不出水 暖气还是凉的", Intent.NO_HEAT),
    ("暖气片下面老有一滩水 擦都擦不完", Intent.LEAK),
    ("uh so um the radiator is uh cold again", Intent.NO_HEAT),
    ("bedroom 暖气冰凉", Intent.NO_HEAT),
]


@pytest.mark.parametrize(("text", "intent"), BORDERS + DIALECT_AND_VOICE)
def test_border_and_register(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent, text


def test_voice_address_read_from_spoken_digits() -> None:
    result = classify("喂 三栋二单元五零一 暖气不热")
    assert (result.entities.building, result.entities.unit, result.entities.room) == ("3", "2", "501")


@pytest.mark.parametrize(
    ("text", "temperature"),
    [
        ("暖气片才45度，屋里冷", None),  # radiator water, not a room temperature, never Fahrenheit in Chinese
        ("屋里只有15度", 15),
        ("inside it's only 59 degrees", 15.0),
        ("家里16度算达标吗", 16),  # a standards question keeps the resident's own reading
    ],
)
def test_temperature_readings(text: str, temperature: float | None) -> None:
    assert classify(text).entities.temperature_c == temperature


def test_standards_drop_a_normative_temperature() -> None:
    result = classify("室温标准是不是18度以上")
    assert result.intent is Intent.STANDARDS and result.topic is Topic.ROOM_TEMPERATURE
    assert result.entities.temperature_c is None
    assert extract_entities("室温标准是不是18度以上").temperature_c == 18


def test_internal_error_is_logged_and_heating_is_never_out_of_scope(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(text: str) -> list[float]:
        raise RuntimeError("model broke")

    monkeypatch.setattr(classifier, "_label_scores", boom)
    with caplog.at_level(logging.ERROR, logger="intents.classifier"):
        heating = classify("暖气不热，屋里冷")
        leaking = classify("暖气管漏水了")
        other = classify("帮我订一张机票")
    assert "classify failed" in caplog.text
    assert heating.intent is Intent.NO_HEAT and heating.unsure
    assert leaking.intent is Intent.LEAK and leaking.unsure
    assert other.intent is Intent.OUT_OF_SCOPE and other.candidates


def test_small_talk_fast_path_agrees_with_the_model() -> None:
    for text, intent in [("谢谢", Intent.THANKS), ("你好", Intent.GREETING), ("转人工", Intent.HUMAN)]:
        result = classify(text)
        assert result.intent is intent and not result.unsure


def test_packed_weights_equal_the_numpy_sums() -> None:
    nb = classifier._NB
    for text in ["暖气不热 屋里冷", "the radiator is leaking", "3栋2单元 暖气片漏水 thx"]:
        feats = features(normalize(text))
        packed, known = nb.scores_of(feats)
        ids = [nb.vocab[f] for f in feats if f in nb.vocab]
        assert known == len(ids)
        assert np.allclose(packed, nb.weights[ids].sum(axis=0), atol=0.01)


def test_confidence_is_calibrated_and_monotone() -> None:
    values = [classifier.calibrated(x / 20) for x in range(21)]
    assert values == sorted(values) and 0.0 < values[0] < values[-1] <= 0.97
    assert classify("暖气片爆了 水喷得到处都是").confidence >= 0.75
