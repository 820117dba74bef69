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
        "been leaking since the weekend, I reported it, nobody came, and now the drip turned into a trickle",
        "卧室顶上有块黄斑一直在扩大，摸上去潮乎乎的，上面就是邻居家的暖气管",
        "暖气管接头那一圈摸着是潮的",
    ],
)
def test_a_leak_grown_worse_or_damp_to_the_touch_is_an_emergency(text: str) -> None:
    result = classify(text)
    assert result.intent in EMERGENCY
    assert result.emergency
