"""Unsure words at the menu: one clarifying question from the top two candidates (key or speech), the duty
officer after a second failure, and an emergency candidate acted on at once without a question."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_ivr_helpers import DUTY, RESIDENT, Caller, Client, client_fixture, clock_fixture  # noqa: F401

from intents import classify, intake
from intents.types import Classification, Intent, Lang
from ivr import clarify, flow
from storage import Store, tickets
from storage.values import Priority, TicketKind

# What the classifier hesitates between is pinned here, so that these calls test the flow, not the tuning of
# the classifier (which moves). Any other words go to the real classifier.
ZH_TWO = "温度的事"  # standards or no heat
ZH_ONE = "今天外面零下十度，冷死了"  # no heat, or nothing we handle
EN_TWO = "my heating"  # standards or no heat
ZH_LEAK_CANDIDATE = "那边有水"  # nothing we handle, or a leak
EN_BURST_CANDIDATE = "radiator makes water noise"  # no heat, or a burst


def _unsure(intent: Intent, *candidates: Intent, lang: Lang = Lang.ZH_HANS) -> Classification:
    ranked = tuple((c, round(0.3 - 0.1 * i, 2)) for i, c in enumerate(candidates))
    return Classification(text="", intent=intent, confidence=0.3, lang=lang, unsure=True, candidates=ranked)


PINNED = {
    ZH_TWO: _unsure(Intent.STANDARDS, Intent.STANDARDS, Intent.NO_HEAT),
    ZH_ONE: _unsure(Intent.OUT_OF_SCOPE, Intent.NO_HEAT, Intent.OUT_OF_SCOPE),
    EN_TWO: _unsure(Intent.STANDARDS, Intent.STANDARDS, Intent.NO_HEAT, lang=Lang.EN),
    ZH_LEAK_CANDIDATE: _unsure(Intent.OUT_OF_SCOPE, Intent.OUT_OF_SCOPE, Intent.LEAK),
    EN_BURST_CANDIDATE: _unsure(Intent.NO_HEAT, Intent.NO_HEAT, Intent.BURST, lang=Lang.EN),
}


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    def classify_pinned(text: str) -> Classification:
        found = PINNED.get(text)
        return replace(found, text=text) if found is not None else classify(text)

    monkeypatch.setattr(flow, "classify", classify_pinned)
    monkeypatch.setattr(clarify, "classify", classify_pinned)


@pytest.mark.parametrize(
    ("meaning", "expected"),
    [
        (_unsure(Intent.STANDARDS, Intent.STANDARDS, Intent.NO_HEAT), [Intent.STANDARDS, Intent.NO_HEAT]),
        (_unsure(Intent.GREETING, Intent.GREETING, Intent.COMPLAINT), [Intent.COMPLAINT]),
        (_unsure(Intent.THANKS, Intent.THANKS, Intent.OUT_OF_SCOPE), []),
        (_unsure(Intent.STATUS, Intent.STATUS, Intent.STATUS), [Intent.STATUS]),
        (_unsure(Intent.NO_HEAT), [Intent.NO_HEAT]),  # the classifier's fallback names no candidate
    ],
)
def test_the_choices_are_the_candidates_we_can_act_on(
    meaning: Classification, expected: list[Intent]
) -> None:
    assert clarify.emergency_in(meaning) is None
    assert clarify.choices(meaning) == expected


@pytest.mark.parametrize(
    "meaning",
    [
        _unsure(Intent.NO_HEAT, Intent.NO_HEAT, Intent.LEAK),
        _unsure(Intent.OUT_OF_SCOPE, Intent.OUT_OF_SCOPE, Intent.BURST),
        _unsure(Intent.LEAK, Intent.COMPLAINT, Intent.STANDARDS),
    ],
)
def test_a_leak_or_burst_guess_or_candidate_is_an_emergency(meaning: Classification) -> None:
    assert clarify.emergency_in(meaning) in (Intent.LEAK, Intent.BURST)


async def test_mandarin_question_names_both_candidates_and_key_two_starts_the_no_heat_report(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(ZH_TWO)
    assert caller.step == "/twilio/voice/clarify"
    gather = caller.gather()
    assert gather.get("input") == "dtmf speech" and gather.get("language") == "cmn-Hans-CN"
    assert "您是说咨询服务标准，请按1；是暖气不热，请按2" in caller.said
    await caller.press("2")
    assert caller.step == "/twilio/voice/address"
    await caller.say("红旗小区3号楼2单元501")
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.description == ZH_TWO


async def test_mandarin_spoken_answer_is_understood_and_kept_in_the_description(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(ZH_TWO)
    await caller.say("暖气不热")
    assert caller.step == "/twilio/voice/address"
    await caller.say("红旗小区3号楼2单元501")
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT
    assert ZH_TWO in ticket.description and "暖气不热" in ticket.description


async def test_mandarin_spoken_ordinal_chooses_the_first_candidate(client: Client) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(ZH_TWO)
    await caller.say("第一个。")
    assert caller.step == "/twilio/voice/standards" and "供暖时间按1" in caller.said


@pytest.mark.parametrize("yes", ["是的", "对的对的", "没问题"])
async def test_a_single_candidate_is_a_yes_or_no_question(client: Client, yes: str) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(ZH_ONE)
    assert "您是说暖气不热吗？是请按1，不是请按2" in caller.said
    await caller.say(yes)
    assert caller.step == "/twilio/voice/address"


async def test_a_no_to_a_single_candidate_goes_to_the_duty_officer(client: Client) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(ZH_ONE)
    await caller.press("2")
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]


async def test_english_question_in_english_and_key_two(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("9")
    await caller.say(EN_TWO)
    assert caller.step == "/twilio/voice/clarify"
    assert caller.gather().get("language") == "en-US"
    assert set(caller.doc.xpath("//Say/@voice")) == {"Polly.Joanna"}
    assert "If it is about our service standards, press 1. If it is about no heat, press 2." in caller.said
    await caller.press("2")
    assert caller.step == "/twilio/voice/address" and "address" in caller.said


async def test_english_spoken_answer(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("9")
    await caller.say(EN_TWO)
    await caller.say("The second one.")
    assert caller.step == "/twilio/voice/address"
    caller = Caller(client, phone="+8613900000002")
    await caller.call()
    await caller.press("9")
    await caller.say(EN_TWO)
    await caller.say("the radiators are cold, there is no heating")
    assert caller.step == "/twilio/voice/address"
    await caller.say("Building 3 unit 2 room 501, Hongqi compound")
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone="+8613900000002")
    assert ticket.kind is TicketKind.NO_HEAT and EN_TWO in ticket.description


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
@pytest.mark.parametrize("answer", ["silence", "garbage key", "more unsure words"])
async def test_a_second_failure_goes_to_the_duty_officer_never_a_loop(
    client: Client, store: Store, lang: str, answer: str
) -> None:
    caller = Caller(client)
    await caller.call()
    if lang == "en":
        await caller.press("9")
    await caller.say(EN_TWO if lang == "en" else ZH_TWO)
    assert caller.step == "/twilio/voice/clarify"
    if answer == "silence":
        await caller.silence()
    elif answer == "garbage key":
        await caller.press("7")
    else:
        await caller.say(EN_TWO if lang == "en" else ZH_TWO)
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]
    assert not caller.doc.xpath("//Gather")
    assert await tickets.of_phone(store, phone=RESIDENT, open_only=False) == []


@pytest.mark.parametrize(
    ("words", "lang"), [(ZH_LEAK_CANDIDATE, Lang.ZH_HANS), (EN_BURST_CANDIDATE, Lang.EN)]
)
async def test_a_leak_or_burst_candidate_is_an_emergency_at_once_without_a_question(
    client: Client, store: Store, words: str, lang: Lang
) -> None:
    caller = Caller(client)
    await caller.call()
    if lang is Lang.EN:
        await caller.press("9")
    await caller.say(words)
    assert not caller.doc.xpath("//Gather")  # no question asked
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind in (TicketKind.LEAK, TicketKind.BURST)
    assert ticket.priority is Priority.EMERGENCY and ticket.escalated
    advice = intake.safety_advice(Intent(ticket.kind.value), lang)
    assert advice and caller.doc.xpath("/Response/Say/text()")[0] == advice
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]
    assert caller.doc.xpath("//Dial/Number/@url")


async def test_an_emergency_told_in_answer_to_the_question_is_acted_on(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(ZH_TWO)
    await caller.say("暖气管爆了")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.BURST and ticket.escalated
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]


async def test_a_stale_clarify_request_restarts_at_the_menu(client: Client) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(ZH_TWO)
    clarify_url = caller.action()
    await caller.press("1")
    await caller.post(clarify_url.replace("n=", "n=9"), caller.fields(Digits="1"))
    assert caller.step == "/twilio/voice/menu"


@pytest.mark.parametrize("key", ["*", "#"])
async def test_star_or_hash_alone_at_the_question_goes_to_the_duty_officer(client: Client, key: str) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(ZH_TWO)
    await caller.press(key)
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]


async def test_filler_words_at_the_question_are_no_answer(client: Client) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(ZH_TWO)
    await caller.say("嗯……")
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]
