"""Building faults in staff chats: one message with every report, and /broadcast to everyone who reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from storage_helpers import open_for_new_contact

from heatline.incidents import IncidentWatcher
from intents.types import Address
from storage import Store, outbox
from storage.values import Audience
from tests.staff_world import COMPANY, NANGUAN_CHAT, STAFF_USER, STRANGER, World, make_world


@pytest.fixture
async def world(store: Store) -> AsyncIterator[World]:
    async for w in make_world(store):
        yield w


async def cold_flats(world: World, count: int) -> list[str]:
    numbers = []
    for i in range(count):
        ticket, _ = await open_for_new_contact(
            world.store,
            chat=9100 + i,
            branch="nanguan",
            address=Address(f"南关区东岭小区3栋{i + 1}单元501", "3", str(i + 1), "501"),
            description=f"屋里冰凉 第{i + 1}户",
            temperature_c=14.0 + i,
            now=world.clock[0],
        )
        numbers.append(ticket.number)
    return numbers


async def updates_for_residents(world: World) -> list[str]:
    rows = await outbox.claim(world.store, limit=100, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    return sorted(n.address for n in rows if n.audience is Audience.RESIDENT and n.event == "incident.update")


async def test_staff_see_one_message_with_every_report_and_broadcast(world: World) -> None:
    numbers = await cold_flats(world, 3)
    watcher = IncidentWatcher(world.store, COMPANY, lambda: world.clock[0] + dt.timedelta(minutes=5))
    assert await watcher.run_once() == (1, 0)
    await world.deliver_staff()
    [posted] = [c for c in world.fake.of("sendMessage") if "楼栋故障" in c.text]
    assert posted.chat_id == NANGUAN_CHAT
    assert all(number in posted.text for number in numbers)
    assert "3 户报告不热" in posted.text and "屋里冰凉 第2户" in posted.text and "/broadcast" in posted.text

    incident_id = posted.text.split("#", 1)[1].split("：", 1)[0]
    assert await world.command(f"/broadcast {incident_id} 预计23点恢复供热") == 200
    assert "3 位居民" in world.fake.of("sendMessage")[-1].text
    assert await updates_for_residents(world) == ["9100", "9101", "9102"]


async def test_broadcast_is_for_staff_only_and_explains_mistakes(world: World) -> None:
    await cold_flats(world, 3)
    await IncidentWatcher(world.store, COMPANY, lambda: world.clock[0]).run_once()
    assert await world.command("/broadcast 1 假消息", user=STRANGER) == 200
    assert "只有值班人员" in world.fake.of("sendMessage")[-1].text
    assert await updates_for_residents(world) == []

    assert await world.command("/broadcast", user=STAFF_USER) == 200
    assert "用法：/broadcast" in world.fake.of("sendMessage")[-1].text
    assert await world.command("/broadcast 999 有消息", user=STAFF_USER) == 200
    assert "没有楼栋故障 #999" in world.fake.of("sendMessage")[-1].text
