"""Whose home a report is about: another home than the resident's own, unless their own is named with the problem."""

from __future__ import annotations

import pytest

from intents import another_home, both_homes, classify


@pytest.mark.parametrize(
    ("text", "elsewhere"),
    [
        ("我妈家也漏水了", True),
        ("我媽家暖氣片漏水了", True),
        ("老家暖气管子也爆了", True),
        ("隔壁邻居家暖气漏水了 没人在家", True),
        ("他家也漏水了", True),
        ("my mother's flat is leaking too", True),
        ("my gran's radiator keeps dripping", True),
        ("my mum said the radiator is cold", False),
        ("my neighbour's flat is leaking, my flat is fine", True),
        ("我家没漏 是我婆婆家漏了", True),
        ("我妈家漏水了 我家还好", True),
        ("我爸家暖气不热 就在我家楼上 红旗小区3号楼2单元601", True),  # "我家楼上": where that home is
        # the resident's own home named with the problem is theirs, whatever other home is named
        ("邻居家都热乎乎的 就我家暖气不热", False),
        ("物业说他们那边管不了 我家卫生间的暖气片往外渗水", False),
        ("我姐家挺暖和，我們家的暖氣卻是冰涼的", False),
        ("next door is toasty but our place is freezing", False),
        ("my friend's house is warm, my flat has no heat", False),
        ("他们那边说管不了 暖气片一直在滴水", False),  # "他们那边": the people who would not help, no home
        ("暖气片漏水了", False),
        ("我家暖气不热", False),
        # one's own kin with a part of their home, no 家 said; never the curse "他妈的"
        ("我妈的暖气片漏了", True),
        ("俺爸那屋暖气不热", True),
        ("他妈的暖气又不热了", False),
        ("我妈的身体不好 家里暖气不热", False),
    ],
)
def test_a_report_of_another_home_is_told_apart_from_one_of_the_residents_own(
    text: str, elsewhere: bool
) -> None:
    assert another_home(text) is elsewhere


@pytest.mark.parametrize(
    ("text", "both"),
    [
        ("我家和我妈家暖气片都漏水了", True),
        ("我妈家漏水了，我家也漏了", True),
        ("我家跟我爸家都不热", True),
        ("my flat and my mum's are both leaking", True),
        ("邻居家都热乎乎的 就我家暖气不热", False),  # a comparison
        ("我妈家漏水了 我家还好", False),
        ("我家和邻居家比 我家冷多了", False),
        ("我妈家也漏水了", False),
    ],
)
def test_both_homes_told_with_the_problem_are_both(text: str, both: bool) -> None:
    assert both_homes(text) is both


@pytest.mark.parametrize(
    ("text", "arrived", "asks_after"),
    [
        ("师傅已经到我妈家了", True, False),  # the crew at that home, told by kin
        ("维修的已经到我爸那儿了", True, False),
        ("师傅到我妈家了吗", False, False),  # asked, not told
        ("我已经到我妈家了", False, False),  # the resident there, not the crew
        ("我妈家到现在还没人去啊", False, True),  # nobody gone there yet: asked after that home's repair
    ],
)
def test_news_of_the_crew_at_another_home(text: str, arrived: bool, asks_after: bool) -> None:
    c = classify(text)
    assert (c.arrived, c.asks_after, another_home(text)) == (arrived, asks_after, True), (text, c)
