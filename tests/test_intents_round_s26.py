"""Round s26 of the classifier: the general patterns behind heldout_s24-s26's misses (cases written by the team)."""

from __future__ import annotations

import pytest

from intents import classify, extract_entities
from intents.types import Intent, Topic


@pytest.mark.parametrize(
    "text",
    [
        # water still escaping, however the sentence is built
        "The radiator valve won't stop dripping",
        "the pipe in the hall doesn't stop leaking onto the floor",
        "暖气爆了 水流了一地",
        # a burst held at the main valve still needs a crew at once
        "管子崩了，我把总阀关了，屋里才10度，快派人",
        # a landlord passing on a tenant's report: "reports" is not respelt as "reported"
        "Landlord: my tenant reports a dripping radiator at 3-2-101, please send someone",
        "the leak was never fixed and the radiator is still dripping",
    ],
)
def test_escapes_going_on_are_emergencies(text: str) -> None:
    assert classify(text).emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # a visitor who left the floor wet and did not wipe it, or a floor tile cracked: a complaint
        ("师傅来了搞得一地都是水，也不擦就走了", Intent.COMPLAINT),
        ("修完暖气片满地水，拍拍屁股走了", Intent.COMPLAINT),
        ("换暖气片的时候把我家瓷砖磕裂了，到现在也没人管", Intent.COMPLAINT),
        # angry to bursting
        ("我真要被你们气炸了，报修一周都没人来", Intent.COMPLAINT),
        # English idioms
        ("bursting with pride, the heating works again, thanks!", Intent.THANKS),
        # a leak told as fixed, then the cold that followed
        ("the leak in the kitchen pipe was fixed yesterday but now the radiators are cold", Intent.NO_HEAT),
        # leaks named as a kind of report in a comparison
        ("漏水的单子和不热的单子哪个先修", Intent.STANDARDS),
    ],
)
def test_water_words_that_are_not_water_escaping_now(text: str, intent: Intent) -> None:
    result = classify(text)
    assert (result.intent, result.emergency) == (intent, False)


def test_an_english_head_about_to_burst_is_no_emergency() -> None:
    assert not classify("my head is going to burst, who do I call about heating fees").emergency


@pytest.mark.parametrize(
    ("text", "intent", "topic"),
    [
        # cold, and someone asked to come, with no heating word: a cold flat
        ("就是不热，赶紧派人来", Intent.NO_HEAT, None),
        # the valves opened and still cold
        ("阀门打开了还是凉的，是不是还没开始供暖", Intent.NO_HEAT, None),
        ("I opened the valves fully and still nothing, is the heating on yet", Intent.NO_HEAT, None),
        # a room's reading with a request to adjust it
        ("卧室温度15度，能不能麻烦来调一下", Intent.NO_HEAT, None),
        # a rhetorical question about misconduct asks nothing
        ("师傅要我塞红包才修，这像话吗", Intent.COMPLAINT, None),
        # a complaint made already, asked after
        ("what's the status of the complaint I made on Tuesday", Intent.STATUS, None),
        # the last day to pay is fees; crews on call at night is the response time
        ("交取暖费的截止日期是哪天", Intent.STANDARDS, Topic.FEES),
        ("is your maintenance crew on call overnight", Intent.STANDARDS, Topic.RESPONSE_TIME),
        # the room norm asked about a room of the home
        ("厨房也得保证18度吗", Intent.STANDARDS, Topic.ROOM_TEMPERATURE),
        # a report someone else made for us, asked after
        ("我妈帮我报了个修，手机上怎么查师傅几点来", Intent.STATUS, None),
        # raised many times before, never settled
        ("反映好多回了，回回说下次，到底谁管", Intent.COMPLAINT, None),
    ],
)
def test_borders_seen_in_round_s26(text: str, intent: Intent, topic: Topic | None) -> None:
    result = classify(text)
    assert (result.intent, result.topic) == (intent, topic)


@pytest.mark.parametrize(
    ("text", "temperature"),
    [
        ("明天降温八度，暖气能不能烧热点", None),  # a change in the weather, not a reading
        ("is 18 degrees a minimum or just a target?", None),
        ("客厅也得18度吗", None),
        ("标准是多少，18度吗", None),
        ("the living room is about 15, radiators barely warm", 15),
        ("my flat is 5-2-301 and the radiator is cold", None),
        ("我家十七度算不算达标", 17),  # the home's own reading, asked about
        ("the room is 12 square meters and freezing", None),
    ],
)
def test_temperatures_named_as_norms_changes_or_readings(text: str, temperature: float | None) -> None:
    assert extract_entities(text).temperature_c == temperature
