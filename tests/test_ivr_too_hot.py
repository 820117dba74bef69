"""A caller whose flat is too hot: a no-heat ticket stored as too hot, read back as "暖气过热" when they ask after it,
and named so in a clarifying question."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_ivr_helpers import RESIDENT, Caller, Client, client_fixture, clock_fixture  # noqa: F401

from intents import classify
from intents.types import Classification, Intent
from ivr import clarify, flow
from storage import Store, tickets
from storage.values import TicketKind

# Pinned so that the call tests the flow, not the classifier's tuning: unsure between nothing we handle and a no-heat
# report of a home too hot.
UNSURE_HOT = "热乎乎的开着窗"


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    unsure = Classification(
        text=UNSURE_HOT,
        intent=Intent.OUT_OF_SCOPE,
        confidence=0.3,
        unsure=True,
        candidates=((Intent.NO_HEAT, 0.3), (Intent.OUT_OF_SCOPE, 0.2)),
        too_hot=True,
    )

    def classify_pinned(text: str) -> Classification:
        return replace(unsure, text=text) if text == UNSURE_HOT else classify(text)

    monkeypatch.setattr(flow, "classify", classify_pinned)
    monkeypatch.setattr(clarify, "classify", classify_pinned)


async def test_a_flat_too_hot_is_filed_as_too_hot_and_read_back_so(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("家里暖气太热了 热得睡不着 红旗小区3号楼2单元501")
    assert "红旗小区3号楼2单元501" in caller.said  # the address read back to confirm
    await caller.press("1")
    await caller.say("二十八度")
    assert "屋里温度记为28度" in caller.said
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.too_hot and ticket.temperature_c == 28
    again = Caller(client)
    await again.call()
    await again.press("3")
    assert "，".join(ticket.number) in again.said
    assert "暖气过热" in again.said and "暖气不热" not in again.said


async def test_a_cold_caller_is_still_read_back_as_no_heat(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("暖气不热 红旗小区3号楼2单元501")
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert not ticket.too_hot
    again = Caller(client)
    await again.call()
    await again.press("3")
    assert "暖气不热" in again.said and "暖气过热" not in again.said


async def test_unsure_words_of_a_home_too_hot_are_asked_about_as_too_hot(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(UNSURE_HOT)
    assert "您是说暖气过热吗" in caller.said and "暖气不热" not in caller.said
    await caller.press("1")
    await caller.say("红旗小区3号楼2单元501")
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.too_hot and ticket.description == UNSURE_HOT
