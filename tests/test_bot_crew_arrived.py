"""Word that the crew has come, from a resident with more than one repair open: onto the repair a crew was sent
to, or, when that does not tell, the resident is asked which one."""

from __future__ import annotations

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat

from bot.dialogue import Dialogue
from bot.services import ChatServices
from storage import tickets
from storage.values import TicketInfo, TicketKind


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services), lang="en")


async def two_repairs(chat: Chat) -> tuple[TicketInfo, TicketInfo]:
    """A leak at the resident's flat, then no heat at their mother's: (leak, no heat), neither with a crew yet."""
    await chat.say("the radiator is leaking, building 3 unit 2 room 501")
    await chat.say(
        "my mum's flat has no heat either, Kaixuan compound building 5 unit 1 room 302, 15 degrees"
    )
    await chat.press("Confirm")
    store = chat.dialogue.services.store
    mothers, leak = await tickets.of_contact(store, contact_id=await chat.contact_id())  # newest first
    assert (leak.kind, mothers.kind) == (TicketKind.LEAK, TicketKind.NO_HEAT)
    return leak, mothers


async def noted(chat: Chat, ticket: TicketInfo) -> list[str]:
    events = await tickets.events(chat.dialogue.services.store, number=ticket.number)
    return [e.data["description"] for e in events if e.kind == "report"]


async def test_the_crew_came_is_asked_about_when_no_crew_was_sent_and_the_answer_is_taken(chat: Chat) -> None:
    leak, mothers = await two_repairs(chat)
    asked = await chat.say("the crew is here")
    assert "where has the crew arrived" in asked and "noted on ticket" not in asked
    assert chat.buttons() == [
        "Kaixuan compound building 5 unit 1 room 302 (no heat)",
        "building 3 unit 2 room 501 (leak)",
    ]
    answer = await chat.press("Kaixuan")
    assert f"noted on ticket {mothers.number} that the crew has arrived" in answer
    assert (await noted(chat, mothers), await noted(chat, leak)) == (["the crew is here"], [])
    await chat.say("the crew just arrived")
    answer = await chat.say("the one in room 501")  # typed: the flat named
    assert f"noted on ticket {leak.number} that the crew has arrived" in answer
    assert await noted(chat, leak) == ["the crew just arrived"]


async def test_the_crew_came_goes_onto_the_repair_a_crew_was_sent_to(chat: Chat) -> None:
    leak, mothers = await two_repairs(chat)
    store = chat.dialogue.services.store
    await tickets.dispatch(store, number=leak.number, crew="C01", actor="staff")
    answer = await chat.say("the crew just arrived")  # not the newest repair: the one with a crew on its way
    assert f"noted on ticket {leak.number} that the crew has arrived" in answer and chat.buttons() == []
    assert (await noted(chat, leak), await noted(chat, mothers)) == (["the crew just arrived"], [])
