"""A leak or burst told in the middle of another step of a call: the emergency runs at once, nothing is lost."""

from __future__ import annotations

import pytest
from test_ivr_helpers import DUTY, RESIDENT, Caller, Client, client_fixture, clock_fixture  # noqa: F401

from intents import intake
from intents.types import Intent, Lang
from storage import Store, tickets
from storage.values import Priority, TicketKind

BURST_WORDS = "哎哟 暖气片裂开了 往外滋热水"
LEAK_WORDS = "糟了 管道那边漏水了"


async def _no_heat_until(caller: Caller, step: str) -> None:
    """Key 1, then the address said and confirmed as far as `step` (address, confirm or temperature)."""
    await caller.call()
    await caller.press("1")
    if step in ("confirm", "temperature"):
        await caller.say("红旗小区三栋二单元五零一")
    if step == "temperature":
        await caller.press("1")
    assert caller.step == f"/twilio/voice/{step}"


def _emergency_heard(caller: Caller, kind: TicketKind) -> None:
    """The caller hears the advice of this emergency first and is put through to the duty officer."""
    advice = intake.safety_advice(Intent(kind.value), Lang.ZH_HANS)
    assert caller.doc.xpath("/Response/Say/text()")[0] == advice
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]


async def test_a_burst_told_instead_of_the_address_is_the_emergency(client: Client, store: Store) -> None:
    caller = Caller(client)
    await _no_heat_until(caller, "address")
    await caller.say(BURST_WORDS)
    _emergency_heard(caller, TicketKind.BURST)
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.BURST and ticket.priority is Priority.EMERGENCY and ticket.escalated
    assert ticket.address_raw is None and "滋热水" in ticket.description


@pytest.mark.parametrize("step", ["confirm", "temperature"])
async def test_a_leak_told_after_the_address_keeps_the_address(
    client: Client, store: Store, step: str
) -> None:
    caller = Caller(client)
    await _no_heat_until(caller, step)
    await caller.say(LEAK_WORDS)
    _emergency_heard(caller, TicketKind.LEAK)
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)  # no no-heat ticket besides
    assert ticket.kind is TicketKind.LEAK and ticket.escalated
    assert (ticket.building, ticket.unit, ticket.room) == ("3", "2", "501")
    assert "，".join(ticket.number) in caller.said


async def test_a_burst_told_with_the_address_is_the_emergency_at_that_address(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await _no_heat_until(caller, "address")
    await caller.say("暖气片爆了 水喷得到处都是 凯旋小区五栋一单元三零二")
    _emergency_heard(caller, TicketKind.BURST)
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.BURST and ticket.escalated
    assert (ticket.building, ticket.unit, ticket.room) == ("5", "1", "302")


@pytest.mark.parametrize("key", ["3", "4"])
async def test_a_burst_told_at_the_repair_or_standards_menu_is_the_emergency(
    client: Client, store: Store, key: str
) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press(key)
    assert "speech" in caller.gather().get("input")
    await caller.say(BURST_WORDS)
    _emergency_heard(caller, TicketKind.BURST)
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.BURST and ticket.escalated


async def test_a_burst_after_a_finished_no_heat_report_opens_its_own_emergency(
    client: Client, store: Store
) -> None:
    caller = Caller(client)
    await _no_heat_until(caller, "temperature")
    await caller.press("#")
    await caller.press("*")
    await caller.press("4")
    await caller.say(BURST_WORDS)
    _emergency_heard(caller, TicketKind.BURST)
    kinds = {t.kind: t for t in await tickets.of_phone(store, phone=RESIDENT)}
    assert set(kinds) == {TicketKind.NO_HEAT, TicketKind.BURST}
    assert kinds[TicketKind.BURST].escalated and not kinds[TicketKind.NO_HEAT].escalated
    assert "，".join(kinds[TicketKind.BURST].number) in caller.said
