"""Word that the crew has come, from a resident with more than one repair open: onto the repair a crew was sent
to, or, when that does not tell, the resident is asked which one."""

from __future__ import annotations

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat

from bot.dialogue import Dialogue
from bot.services import ChatServices
from storage import tickets
from storage.values import Status, TicketInfo, TicketKind


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
    return [e.data["description"] for e in events if e.kind in ("report", "arrival")]


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


async def test_the_crew_came_stops_the_clock_of_that_repair_and_my_repairs_says_so(
    chat: Chat, clock: Clock
) -> None:
    leak, mothers = await two_repairs(chat)
    store = chat.dialogue.services.store
    await tickets.dispatch(store, number=leak.number, crew="C01", actor="staff")
    clock.advance(minutes=12)
    await chat.say("the crew is here now")
    told = await tickets.get(store, number=leak.number)
    assert told is not None and told.arrival_reported_at is not None
    assert told.status is Status.DISPATCHED  # staff move it on site, having checked with the crew
    [arrival] = [e for e in await tickets.events(store, number=leak.number) if e.kind == "arrival"]
    assert arrival.actor == "resident"
    untouched = await tickets.get(store, number=mothers.number)
    assert untouched is not None and untouched.arrival_reported_at is None
    clock.advance(minutes=40)
    shown = await chat.say("my repairs")
    [leak_line] = [line for line in shown.splitlines() if leak.number in line]
    local = told.arrival_reported_at.astimezone(chat.dialogue.services.company.zone).strftime("%H:%M")
    assert f"you told us at {local} that the crew had arrived" in leak_line
    assert "past the promised arrival" not in leak_line
    [mothers_line] = [line for line in shown.splitlines() if mothers.number in line]
    assert "past the promised arrival" in mothers_line  # nobody said a crew came there


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh-CN", "修暖气的来了"),
        ("zh-CN", "人到了"),
        ("zh-CN", "工人到了"),
        ("zh-CN", "你们的人到了"),
        ("zh-CN", "工作人员到了"),
        ("en", "the repairman just arrived"),
        ("en", "the guys are here now"),
    ],
)
async def test_the_crew_came_in_plain_words_stops_the_clock(
    services: ChatServices, lang: str, said: str
) -> None:
    chat = Chat(Dialogue(services), lang=lang)
    await chat.say("the radiator is leaking, building 3 unit 2 room 501")
    store = services.store
    [leak] = await tickets.of_contact(store, contact_id=await chat.contact_id())
    await tickets.dispatch(store, number=leak.number, crew="C01", actor="staff")
    answer = await chat.say(said)
    assert leak.number in answer and chat.buttons() == []
    told = await tickets.get(store, number=leak.number)
    assert told is not None and told.arrival_reported_at is not None
    assert await noted(chat, told) == [said]


@pytest.mark.parametrize("said", ["师傅来了看了一眼就走了，啥也没干", "都没人来了", "等人到了再说吧"])
async def test_a_visit_complained_of_or_awaited_is_no_arrival(services: ChatServices, said: str) -> None:
    chat = Chat(Dialogue(services))
    await chat.say("暖气片漏水了 3栋2单元501")
    store = services.store
    [leak] = await tickets.of_contact(store, contact_id=await chat.contact_id())
    await tickets.dispatch(store, number=leak.number, crew="C01", actor="staff")
    await chat.say(said)
    told = await tickets.get(store, number=leak.number)
    assert told is not None and told.arrival_reported_at is None
