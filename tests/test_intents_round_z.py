"""Round z of the classifier: water that is not the heating system's, and leaks that are over (team's own cases)."""

from __future__ import annotations

import pytest

from intents import classify
from intents.types import Intent


@pytest.mark.parametrize(
    "text",
    [
        "晾在暖气上的毛巾一直往下滴水",
        "暖气片上挂的加湿盒子漏水了",
        "加湿器摆在暖气片旁边，墙上有水珠",
        "厨房的洗碗机漏水，地板湿了",
        "楼下的消火栓被撞坏了一直冒水",
        "The socks drying on my radiator dripped all over the carpet",
        "my humidifier next to the radiator leaked on the floor",
        "the fire hydrant outside is spraying water everywhere",
        "windows fogged up and dripping every morning",
    ],
)
def test_other_things_water_is_no_emergency(text: str) -> None:
    """Laundry or a humidifier on the radiator, a dishwasher, a hydrant: wet, but not the heating system."""
    result = classify(text)
    assert result.intent is Intent.OUT_OF_SCOPE and not result.emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("暖气片漏水了，我在下面放了个盆接着", Intent.LEAK),
        ("晾衣服的时候发现暖气片接头在滴水", Intent.LEAK),
        ("hot water is dripping from a pipe in the underground car park", Intent.LEAK),
        ("暖气片下面的地板一直潮，已经泡起来了", Intent.LEAK),
        ("暖气后头的墙纸都鼓起来了，墙一直潮", Intent.LEAK),
    ],
)
def test_the_radiators_own_water_stays_an_emergency(text: str, intent: Intent) -> None:
    result = classify(text)
    assert result.intent is intent and result.emergency


@pytest.mark.parametrize(
    "text",
    [
        "家里冷得直返潮，暖气片温吞吞的",
        "暖气不热，窗户上全是水，屋里才16度",
        "it's so cold the walls are damp and the radiators are barely warm",
        "能听到暖气里有水在流，可就是不热",
        "I can hear water moving in the radiator but it stays cold",
        "窗户玻璃上全是水珠，暖气也不怎么热",
        "冷得墙上全是水珠，暖气片就一点温",
        "屋里冷得墙都出水了，暖气不热",
    ],
)
def test_condensation_and_flowing_water_in_a_cold_flat_is_no_heat(text: str) -> None:
    """Wet walls and windows from the cold, or water heard in the pipes: the complaint is the cold."""
    result = classify(text)
    assert result.intent is Intent.NO_HEAT and not result.emergency


@pytest.mark.parametrize(
    "text",
    [
        "师傅修好走了，地上一摊脏水也不擦",
        "修完暖气，工人的泥脚印弄得满屋都是",
        "The plumber you sent left a wet rag on my carpet and walked off",
    ],
)
def test_the_mess_a_visitor_left_is_a_complaint(text: str) -> None:
    result = classify(text)
    assert result.intent is Intent.COMPLAINT and not result.emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("前年暖气片漏过一回，修好以后我家就没怎么热过", Intent.NO_HEAT),
        ("邻居家漏水把总阀关了，我们这边暖气跟着就凉了", Intent.NO_HEAT),
        (
            "The valve dripped a few weeks ago and your man fixed it, ever since the radiator is only lukewarm",
            Intent.NO_HEAT,
        ),
        ("上回暖气管爆了，来修的师傅还嫌我们家东西多，说话特别难听", Intent.COMPLAINT),
        ("上个月爆管泡坏了我家木地板，说好的赔偿到今天也没人提", Intent.COMPLAINT),
        (
            "Last month my radiator flooded the hall and your engineer turned up three hours late, still angry",
            Intent.COMPLAINT,
        ),
    ],
)
def test_a_leak_told_as_over_is_about_what_followed(text: str, intent: Intent) -> None:
    """A past leak or burst named as the background of the cold, a complaint: no emergency now."""
    result = classify(text)
    assert result.intent is intent and not result.emergency


@pytest.mark.parametrize(
    "text",
    [
        "上次修好的暖气片今天又漏了",
        "去年换的暖气片，接头处漏水了",
        "前几天关了阀门，暖气片还是在往外渗水",
        "上次爆管你们来得挺快，这回阀门那又渗水了",
        "自从上次修完，暖气管子接口就一直有水珠往下掉",
        "we had a leak last month, now the radiator valve is dripping on the floor",
        "since you repaired it the pipe leaks whenever the heating is on",
        "last week you fixed the radiator and it is dripping water onto the floor",
    ],
)
def test_a_leak_back_after_a_past_one_is_an_emergency(text: str) -> None:
    assert classify(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "暖气漏水是我替我爸报的修，你们那能查到记录吗",
        "I reported the leak for my neighbour yesterday, can you find it under her address?",
        "爆管抢修好了，说下礼拜来给刷墙，到底哪天来",
        "After the burst pipe was repaired they said they would come back to replace the radiator, when will that be?",
        "报了暖气片渗水，客服说两小时内回电，到现在没动静",
    ],
)
def test_a_question_about_a_reported_or_repaired_leak_is_status(text: str) -> None:
    """A report looked up, or the follow-up visit promised after a repair: status, not a new emergency."""
    result = classify(text)
    assert result.intent is Intent.STATUS and not result.emergency


@pytest.mark.parametrize(
    "text",
    [
        "漏水报过了能查到吗？现在水越来越多了",
        "暖气漏水我刚报的，能查到吗，现在还在滴",
        "the burst pipe was repaired but it burst again, water everywhere",
    ],
)
def test_a_reported_leak_still_escaping_stays_an_emergency(text: str) -> None:
    assert classify(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "快来人 暖气 报关 了 五号楼",
        "救命 暖气片 报关 了",
        "赶紧来 暖气管 暴管 了 七栋",
        "暖气报关了，赶紧派人",
    ],
)
def test_a_misheard_burst_in_a_hurry_is_an_emergency(text: str) -> None:
    """Speech recognition writes 爆管 as 报关 or 暴管; with a heating word and a hurry the model's burst stands."""
    assert classify(text).intent is Intent.BURST


@pytest.mark.parametrize("text", ["货物报关了吗", "暖气不热快来人啊", "快点 暖气费 怎么交"])
def test_customs_a_cold_flat_or_a_fee_in_a_hurry_is_no_emergency(text: str) -> None:
    assert not classify(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "修暖气的走了，客厅满地锈水，也不收拾一下",
        "上礼拜换完阀门，地上一地黑水，人家拍拍屁股就走了",
        "师傅把暖气里的脏水放了一地，没擦就走了",
        "The technician finished the job and did not clean up the black water on my kitchen floor",
        "来了先要二百块才肯动手，这算哪门子服务",
    ],
)
def test_a_repair_left_uncleaned_or_money_asked_first_is_a_complaint(text: str) -> None:
    result = classify(text)
    assert result.intent is Intent.COMPLAINT and not result.emergency


def test_water_on_the_floor_nobody_wipes_is_still_a_leak() -> None:
    assert classify("暖气片漏水，地上一地水，也没人来擦").emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("温度计看了下是15度，冻得睡不着", Intent.NO_HEAT),
        ("放水放了两大桶还是凉的", Intent.NO_HEAT),
        ("你们的抢修电话是多少，我存手机里", Intent.STANDARDS),
        ("想问问你们接到报修后多久能到现场", Intent.STANDARDS),
    ],
)
def test_round_z_everyday_cases(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    "text",
    [
        "毛巾放在暖气片上面接水，一直在滴",
        "拿毛巾搭在暖气片上吸水，还在渗",
        "I put towels on the radiator valve because it is leaking",
        "there are towels over the radiator pipe to soak up the drip",
        "窗台上全是水，暖气片在滴",
        "窗户下面的暖气片在滴水",
        "I can hear water running behind the wall and there is a wet patch",
        "暖气片漏水了，我把阀门关了，现在暖气不热了",
        "the radiator was leaking so I shut the valve and now the room is freezing",
    ],
)
def test_towels_catching_a_leak_and_a_valve_shut_on_one_stay_emergencies(text: str) -> None:
    """What is put on a radiator to catch its water, or a valve shut on today's leak, is no sign it is over."""
    assert classify(text).emergency
