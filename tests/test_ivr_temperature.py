"""The room temperature on a call: keyed with * as the decimal point, or said; read back when taken, asked once
more when it cannot be read, never silently dropped."""

from __future__ import annotations

import pytest
from test_ivr_helpers import RESIDENT, Caller, Client, Clock, client_fixture, clock_fixture  # noqa: F401

from storage import Store, tickets


async def _at_temperature(client: Client, *, english: bool = False) -> Caller:
    """Key 1 (after 9 in English), the address said and confirmed: the temperature question."""
    caller = Caller(client)
    await caller.call()
    if english:
        await caller.press("9")
    await caller.press("1")
    await caller.say("Building 6 unit 1 room 302, Huxi Garden" if english else "湖西花园六栋一单元三零二")
    await caller.press("1")
    assert caller.step == "/twilio/voice/temperature"
    return caller


@pytest.mark.parametrize(
    ("how", "answer", "english", "value", "heard"),
    [
        ("press", "15*5", False, 15.5, "屋里温度记为15.5度"),
        ("press", "13#", False, 13, "屋里温度记为13度"),
        ("say", "差不多十六七度吧", False, 16, "屋里温度记为16度"),
        ("say", "fourteen", True, 14, "noted as 14 degrees"),
    ],
)
async def test_a_temperature_taken_is_read_back(
    client: Client, store: Store, how: str, answer: str, english: bool, value: float, heard: str
) -> None:
    caller = await _at_temperature(client, english=english)
    await (caller.press(answer) if how == "press" else caller.say(answer))
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.temperature_c == value and heard in caller.said


async def test_a_temperature_that_cannot_be_read_is_asked_once_more(client: Client, store: Store) -> None:
    caller = await _at_temperature(client)
    await caller.press("155")
    assert "没有听清温度" in caller.said and "星号" in caller.said
    assert caller.step == "/twilio/voice/temperature" and await tickets.of_phone(store, phone=RESIDENT) == []
    await caller.press("15*5")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.temperature_c == 15.5 and "15.5度" in caller.said


async def test_a_temperature_unreadable_twice_opens_the_report_without_it_and_says_so(
    client: Client, store: Store
) -> None:
    caller = await _at_temperature(client)
    await caller.say("嗯 那个 挺冷的")
    await caller.press("1**5")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.temperature_c is None
    assert "没有记下温度" in caller.said and "，".join(ticket.number) in caller.said


async def test_not_knowing_the_temperature_skips_the_question(client: Client, store: Store) -> None:
    caller = await _at_temperature(client)
    await caller.say("这个我不知道")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.temperature_c is None and "没有听清" not in caller.said and "温度" not in caller.said


async def test_a_reading_said_with_the_report_is_kept_and_not_asked_again(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("暖气不热 屋里才十四度 湖西花园六栋一单元三零二")
    await caller.press("1")  # the address read back, confirmed
    assert caller.step != "/twilio/voice/temperature"  # not asked again
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.temperature_c == 14


async def test_a_flat_too_hot_told_at_the_temperature_question_is_named_too_hot(
    client: Client, store: Store
) -> None:
    caller = await _at_temperature(client)  # key 1 is "no heat"; the reading says otherwise
    await caller.say("二十八度 太热了 睡不着")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.too_hot and ticket.temperature_c == 28
    assert (
        ticket.description == "暖气过热"
    )  # what key 1 stands for is not put in the caller's mouth as "no heat"


@pytest.mark.parametrize("stray", ["1", "1#", "3", "40"])
async def test_keys_no_room_reads_are_asked_again_and_never_noted_as_degrees(
    client: Client, store: Store, stray: str
) -> None:
    caller = await _at_temperature(client)
    await caller.press(stray)  # key 1 pressed once more after confirming the address
    assert f"您按的是{stray.strip('#')}度，不像屋里的温度" in caller.said and "温度记为" not in caller.said
    assert caller.step == "/twilio/voice/temperature" and await tickets.of_phone(store, phone=RESIDENT) == []
    await caller.press("1")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.temperature_c is None and "没有记下温度" in caller.said and "1度" not in caller.said


async def test_a_stray_key_in_english_is_asked_again(client: Client, store: Store) -> None:
    caller = await _at_temperature(client, english=True)
    await caller.press("1")
    assert "You keyed 1, which is not likely for a room temperature" in caller.said
    await caller.press("16")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.temperature_c == 16 and "noted as 16 degrees" in caller.said
