"""Whole calls over real HTTP: signed posts into the app, TwiML followed step by step."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from test_ivr_helpers import RESIDENT, Caller, Clock, voice_client

from intents.company import Company
from storage import Store, outbox, tickets
from storage.values import Channel, Priority, TicketKind

Client = TestClient[Any, Any]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def client(store: Store, demo_company: Company, clock: Clock) -> AsyncIterator[Client]:
    async with voice_client(store, demo_company, clock) as test_client:
        yield test_client


async def test_the_greeting_offers_speech_and_keys_in_mandarin(client: Client) -> None:
    caller = Caller(client)
    await caller.call()
    gather = caller.gather()
    assert gather.get("input") == "dtmf speech"
    assert gather.get("language") == "cmn-Hans-CN"
    assert gather.get("speechModel") and gather.get("numDigits") == "1"
    assert "暖气" in gather.get("hints")
    assert gather.get("action") == "https://heatline.example/twilio/voice/menu"
    assert gather.xpath("Say/@voice") == ["Polly.Zhiyu", "Polly.Zhiyu"]
    assert "按1" in caller.said and "按0" in caller.said and "press 9" in caller.said


async def test_no_heat_by_keypad_opens_a_ticket_read_twice_and_texted(
    client: Client, store: Store, clock: Clock
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("1")
    assert caller.gather().get("input") == "speech"
    assert "地址" in caller.said
    await caller.say("红旗小区3号楼2单元501")
    assert "红旗小区3号楼2单元501" in caller.said and "按1" in caller.said
    await caller.press("1")
    assert caller.gather().get("finishOnKey") == "#"
    await caller.press("15")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.priority is Priority.NORMAL
    assert ticket.branch == "chaoyang" and ticket.temperature_c == 15
    assert (ticket.building, ticket.unit, ticket.room) == ("3", "2", "501")
    spoken = "，".join(ticket.number)
    says = caller.doc.xpath("/Response/Say/text()")
    assert says.count(spoken) == 2
    assert caller.doc.xpath("/Response/Pause")
    sent = await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))
    opened = [n for n in sent if n.event == "ticket.opened"]
    assert [(n.channel, n.address, n.ticket_number) for n in opened] == [
        (Channel.SMS, RESIDENT, ticket.number)
    ]
    await caller.silence()
    assert caller.doc.xpath("/Response/Hangup")
