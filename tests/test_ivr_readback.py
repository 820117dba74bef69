"""The address read back on a call: a spoken yes or no is a whole answer, and a correction is taken."""

from __future__ import annotations

import datetime as dt

import pytest
from test_ivr_helpers import RESIDENT, Caller, Client, Clock, client_fixture, clock_fixture  # noqa: F401

from storage import Store, outbox, tickets
from storage.values import Status, TicketInfo


async def _read_back(
    client: Client, address: str = "红旗小区三栋二单元五零一", *, english: bool = False
) -> Caller:
    """Key 1 (after 9 in English) and the address said: the caller hears it read back."""
    caller = Caller(client)
    await caller.call()
    if english:
        await caller.press("9")
    await caller.press("1")
    await caller.say(address)
    assert caller.step == "/twilio/voice/confirm"
    return caller


async def _finish(caller: Caller, store: Store) -> TicketInfo:
    """The temperature skipped: the report's one ticket."""
    assert caller.step == "/twilio/voice/temperature"
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    return ticket


async def test_a_whole_yes_with_a_word_that_holds_no_is_a_yes(client: Client, store: Store) -> None:
    caller = await _read_back(client)
    await caller.say("对对 没错的")
    ticket = await _finish(caller, store)
    assert (ticket.building, ticket.unit, ticket.room) == ("3", "2", "501")


@pytest.mark.parametrize("words", ["你们的值班电话是多少", "外面全是雪"])
async def test_words_that_hold_a_yes_character_are_no_yes(client: Client, store: Store, words: str) -> None:
    caller = await _read_back(client)
    await caller.say(words)
    assert caller.step == "/twilio/voice/address" and "再说一遍" in caller.said
    assert not await tickets.of_phone(store, phone=RESIDENT)


@pytest.mark.parametrize(
    ("words", "heard", "parts"),
    [
        ("对 不过是五零三", "红旗小区3栋2单元503室", ("3", "2", "503")),
        ("不对 是四单元", "红旗小区3栋4单元501室", ("3", "4", "501")),
        ("不对，是七栋一单元二零二", "红旗小区七栋一单元二零二", ("7", "1", "202")),
    ],
)
async def test_a_correction_at_the_read_back_is_read_back_and_kept(
    client: Client, store: Store, words: str, heard: str, parts: tuple[str, str, str]
) -> None:
    caller = await _read_back(client)
    await caller.say(words)
    assert caller.step == "/twilio/voice/confirm" and heard in caller.said
    await caller.say("是的")
    ticket = await _finish(caller, store)
    assert (ticket.building, ticket.unit, ticket.room) == parts and ticket.address_raw == heard


async def test_an_english_correction_replaces_the_room(client: Client, store: Store) -> None:
    caller = await _read_back(client, "building 6 unit 1 room 307", english=True)
    await caller.say("no, it's room 504")
    assert caller.step == "/twilio/voice/confirm" and "building 6, unit 1, room 504" in caller.said
    await caller.say("yes, that's right")
    assert caller.step == "/twilio/voice/estate"  # the flat came without its estate
    await caller.say("Hongqi")
    ticket = await _finish(caller, store)
    assert (ticket.building, ticket.unit, ticket.room) == ("6", "1", "504")
    assert ticket.address_raw == "Hongqi building 6, unit 1, room 504"


@pytest.mark.parametrize(
    ("step", "words"),
    [("address", "算了算了 先不报了"), ("confirm", "不用了 谢谢你"), ("address", "never mind, thanks")],
)
async def test_calling_the_report_off_leaves_no_ticket(
    client: Client, store: Store, clock: Clock, step: str, words: str
) -> None:
    caller = Caller(client)
    await caller.call()
    if words.isascii():
        await caller.press("9")
    await caller.press("1")
    if step == "confirm":
        await caller.say("红旗小区三栋二单元五零一")
    await caller.say(words)
    assert ("已取消" in caller.said or "cancelled" in caller.said) and caller.doc.xpath("/Response/Hangup")
    await caller.hang_up()
    assert not await tickets.of_phone(store, phone=RESIDENT)
    assert not await outbox.claim(store, now=clock.now + dt.timedelta(minutes=1))


@pytest.mark.parametrize(
    "words",
    [
        "没问题",
        "对头",
        "是这个地址",
        "对 就是这儿",
        "对的对的",
        "嗯 对",
        "嗯，是这个地址。",
        "yep, that's the one",
    ],
)
async def test_a_spoken_yes_in_other_words_confirms_the_address(
    client: Client, store: Store, words: str
) -> None:
    caller = await _read_back(client, english=words.isascii())
    await caller.say(words)
    ticket = await _finish(caller, store)
    assert (ticket.building, ticket.unit, ticket.room) == ("3", "2", "501")
    assert ticket.address_raw == "红旗小区三栋二单元五零一"


@pytest.mark.parametrize(("words", "confirmed"), [("没问题", True), ("换了", False), ("不是这个地址", False)])
async def test_the_saved_address_is_confirmed_or_changed_in_words(
    client: Client, store: Store, words: str, confirmed: bool
) -> None:
    first = await _read_back(client)
    await first.press("1")
    await _finish(first, store)
    [done] = await tickets.of_phone(store, phone=RESIDENT)
    await tickets.transition(store, number=done.number, to=Status.RESOLVED, actor="staff")
    caller = Caller(client)
    await caller.call()
    await caller.press("1")
    assert "我们记录的地址是：红旗小区三栋二单元五零一" in caller.said
    await caller.say(words)
    if confirmed:
        assert caller.step == "/twilio/voice/temperature"
    else:
        assert caller.step == "/twilio/voice/address" and "请说出您的地址" in caller.said
