"""Round s23 of the classifier: the general patterns behind heldout_s22/s23's misses (cases written by the team)."""

from __future__ import annotations

import pytest

from intents import classify
from intents.types import Intent


@pytest.mark.parametrize(
    "text",
    [
        # a reported leak that got worse is a new emergency, not a status question
        "之前报修的那处渗水越来越严重了",
        "上午报过修的渗水，刚才只是滴，现在变成一直流",
        # a spray heard as a homophone (疵水 for 呲水)
        "嗯 暖气 在疵水 一点点",
        # wallpaper or paint bulging and squelching behind a radiator: water in the wall
        "The paint below my rad has blistered into a soft bulge, flat 12",
        "squelchy patch of wall next to the radiator, it squishes when touched",
        # asking what to shut off, and for someone to come, is no hypothetical question
        "Sorry, late call. Flat 3B. The rug by the radiator pipe is wet and there's a damp patch, nothing's "
        "spraying. Should I shut the valve off? Send someone please.",
        "should i turn something off? the carpet under the radiator is wet",
    ],
)
def test_escapes_told_in_new_words_are_emergencies(text: str) -> None:
    assert classify(text).emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("如果暖气漏水了，应该先关哪个阀门？", Intent.STANDARDS),
        ("should i turn the radiators off while we're away for a week?", Intent.STANDARDS),
    ],
)
def test_what_to_shut_off_asked_in_general_is_no_emergency(text: str, intent: Intent) -> None:
    result = classify(text)
    assert not result.emergency and result.intent is intent
