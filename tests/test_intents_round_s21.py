"""The themes s21 (a held-out set, 40 % leaks and bursts, many near misses) found missing, in the team's own words."""

from __future__ import annotations

import pytest

from intents import classify
from intents.types import Intent

EMERGENCY = (Intent.LEAK, Intent.BURST)


@pytest.mark.parametrize(
    "text",
    [
        "I logged a drip from the valve two days ago and it's getting worse, puddles by the wall now",
        "reported a small drip under the rad on Tuesday, it has turned into a steady stream",
        "been leaking since the weekend, I reported it, nobody came, meanwhile the drip has turned into a steady run",
        "卧室顶上有块黄斑一直在扩大，摸上去潮乎乎的，上面就是邻居家的暖气管",
        "暖气管接头那一圈摸上去潮潮的",
    ],
)
def test_a_leak_grown_worse_or_damp_to_the_touch_is_an_emergency(text: str) -> None:
    result = classify(text)
    assert result.intent in EMERGENCY
    assert result.emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("屋里冷得张嘴就是白气，暖气片冰凉", Intent.NO_HEAT),
        ("暖气不热，冻得我们全家都要炸了", Intent.NO_HEAT),
        ("暖气片不烫，门窗都漏风，屋里才16度", Intent.NO_HEAT),
        ("开栓十来天了暖气一直冰的，该不会把我们单元给漏了吧", Intent.NO_HEAT),
        ("修暖气的师傅鞋都没套，进屋踩得满地雪水", Intent.COMPLAINT),
        ("修暖气片漏水的师傅找我要红包", Intent.COMPLAINT),
        ("They repaired our burst radiator but left the old valves lying on the stairs", Intent.COMPLAINT),
        (
            "the plumber you sent turned up two hours late for our leaking radiator, the floor was ruined "
            "by the time he came",
            Intent.COMPLAINT,
        ),
        ("I'd like to speak to an operator regarding my leak claim", Intent.HUMAN),
        ("爆管的那段管子已经焊好了，多谢师傅", Intent.THANKS),
        ("漏水跟爆管的上门时间有区别吗", Intent.STANDARDS),
        ("刚刚已经报过暖气漏水了，想确认你们收到了吗", Intent.STATUS),
        ("窗户里侧全是水汽，水顺着淌到窗台上", Intent.OUT_OF_SCOPE),
        ("隔壁楼上洗澡的水往我家渗", Intent.OUT_OF_SCOPE),
        ("楼上的bathroom漏到我家天花板了", Intent.OUT_OF_SCOPE),
    ],
)
def test_near_misses_are_no_emergency(text: str, intent: Intent) -> None:
    """Breath in a cold room, a draught, a flat skipped, snow walked in, a fixed burst, bath water: no crew."""
    result = classify(text)
    assert result.intent is intent
    assert not result.emergency


def test_the_pit_a_burst_left_is_a_complaint() -> None:
    result = classify("暖气管爆了以后刨开的那个坑，一个礼拜了都没人填")
    assert result.intent is Intent.COMPLAINT
    assert not result.emergency


@pytest.mark.parametrize(
    "text",
    [
        "暖气片漏水了，窗户也漏风，快来",
        "冻得管子都爆了，水哗哗的",
        "The crew came late last time, and now the radiator is spraying water again",
        "暖气片接口在滴水，不是楼上洗澡的水",
        "bathroom的暖气片在漏水",
        "裂了的那段管子换好了没有？现在还在往外喷",
        "repaired the burst pipe last month but it's leaking again right now",
        "暖气不热还漏水，冻得人要炸了",
    ],
)
def test_real_leaks_beside_these_words_still_count(text: str) -> None:
    result = classify(text)
    assert result.intent in EMERGENCY
    assert result.emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("our heat has been out ever since the engineers bled the system last night", Intent.NO_HEAT),
        ("heating has been off ever since they emptied the radiators", Intent.NO_HEAT),
        ("师傅前后来了四次，每回拧几下就走，暖气照样不热", Intent.COMPLAINT),
        (
            "they've passed me along, transferred three times, and no one could tell me a thing",
            Intent.COMPLAINT,
        ),
        ("去年爆管泡坏的地板，赔偿到现在还没有答复", Intent.COMPLAINT),
        ("你们派来的师傅换完阀门，把旧零件丢在我家浴室就走了", Intent.COMPLAINT),
        ("上门测温的师傅怎么预约？", Intent.STANDARDS),
        ("暖气一直不热，报修好几天了，工单现在啥状态", Intent.STATUS),
        (
            "I rang about the burst radiator half an hour ago, valve is off now, how long until the engineer arrives?",
            Intent.STATUS,
        ),
        ("want to get rich? put your savings into bitcoin with me", Intent.OUT_OF_SCOPE),
    ],
)
def test_complaint_status_no_heat_and_standards_borders(text: str, intent: Intent) -> None:
    """Turned a screw and left, passed from desk to desk, no word on compensation: complaints; a report's state."""
    result = classify(text)
    assert result.intent is intent
    assert not result.emergency


@pytest.mark.parametrize(
    "text",
    [
        "暖气片在漏水，泡坏的东西我要索赔",
        "the pipe burst out of the wall and water is pouring everywhere",
        "浴室的暖气片漏水了，你们师傅快来",
        "I called about the leak an hour ago and it has gotten far worse, the floor is swimming",
    ],
)
def test_real_leaks_beside_border_words_still_count(text: str) -> None:
    result = classify(text)
    assert result.intent in EMERGENCY
    assert result.emergency


@pytest.mark.parametrize(
    "text",
    [
        "that meme had me burst out laughing",
        "她一听就爆笑",
        "周末商场爆满，停车位都没了",
        "the kids burst into laughter at the hotline music",
    ],
)
def test_laughing_fit_to_burst_is_no_emergency(text: str) -> None:
    assert not classify(text).emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("暖气管那儿冒着大白汽，屋里什么都看不清", Intent.BURST),
        ("快来人，暖气抱管了", Intent.BURST),
        ("放气阀那儿有点热气，水一滴一滴地掉", Intent.LEAK),
    ],
)
def test_white_steam_pouring_out_is_a_burst(text: str, intent: Intent) -> None:
    result = classify(text)
    assert result.intent is intent
    assert result.emergency
