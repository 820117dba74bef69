"""Round s76-s79 of the classifier: the general patterns behind heldout_s76-s79's first-look misses (cases written by
the team, never copied): water compared to a tap is no tap; water spraying now and a deadline set for the crew are no
hypothesis; a seeping pipe brought to us with a visit asked for; the water a visit left on the floor and damage the
crew did last week are complaints, not emergencies."""

from __future__ import annotations

import pytest

from intents import classify
from intents.types import Intent

LEAK, BURST, COMPLAINT, OUT_OF_SCOPE = Intent.LEAK, Intent.BURST, Intent.COMPLAINT, Intent.OUT_OF_SCOPE


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("暖气管子断了，水跟水龙头开到最大一样往外冲", BURST),  # a tap named only to say how fast
        ("water coming through the kitchen ceiling from upstairs, pouring like a tap", BURST),
        (
            "radiator cracked, boiling water spraying everywhere, if no one comes in 15 minutes I'm calling the TV",
            BURST,
        ),
        ("我是物业的，5号楼地下室的管子在渗水，你们派人来看一下", LEAK),  # an escape brought to us
    ],
)
def test_water_like_a_tap_spraying_now_or_brought_to_us_is_an_emergency(text: str, intent: Intent) -> None:
    found = classify(text)
    assert found.intent is intent and found.emergency, text


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("厨房水龙头一直滴水", OUT_OF_SCOPE),  # a tap is still no heating
        ("the kitchen tap is dripping", OUT_OF_SCOPE),
        ("师傅修完暖气，地上一大滩水就走了，也太不负责了", COMPLAINT),  # the water a visit left
        (
            "The men you sent last week flooded the flat below when they drained the riser. My lawyer will write.",
            COMPLAINT,
        ),
    ],
)
def test_taps_the_water_a_visit_left_and_damage_done_are_no_emergency(text: str, intent: Intent) -> None:
    found = classify(text)
    assert found.intent is intent and not found.emergency, text


def test_a_past_repair_visit_asked_after_is_no_new_emergency() -> None:
    assert not classify("昨天漏的阀门已经关好了，说今天派人来换，派的哪位师傅？").emergency
