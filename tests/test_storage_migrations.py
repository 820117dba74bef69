"""Migrations on both databases: the stairway (up, down, up for every revision) and models == migrations."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from storage import Store, incidents, migrate


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no tables at all."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/fresh/heatline.db"
    create: Callable[[], str] = request.getfixturevalue("pg_database")
    return create()


def _stairway() -> list[tuple[str, str]]:
    script = ScriptDirectory.from_config(migrate.config(""))
    steps = []
    for revision in reversed(list(script.walk_revisions())):
        down = revision.down_revision
        assert down is None or isinstance(down, str), "merge revisions need their own stairway step"
        steps.append((revision.revision, down or "base"))
    return steps


def test_there_is_one_head_and_the_first_revision_starts_from_nothing() -> None:
    assert migrate.revisions()[0] == "0001" and migrate.revisions()[-1] == migrate.head_revision()
    assert _stairway()[0] == ("0001", "base")


async def test_stairway_and_models_match_migrations(empty_url: str) -> None:
    store = Store.from_url(empty_url)
    try:
        assert not await store.is_migrated()
        for revision, previous in _stairway():
            await asyncio.to_thread(migrate.upgrade, empty_url, revision)
            await asyncio.to_thread(migrate.downgrade, empty_url, previous)
            await asyncio.to_thread(migrate.upgrade, empty_url, revision)
        assert await store.is_migrated()
        assert await asyncio.to_thread(migrate.differences, empty_url) == []
        if store.is_sqlite:
            # Ticket numbers come from ids that must never be reused: batch rebuilds must keep AUTOINCREMENT.
            async with store.read() as conn:
                ddl = (
                    await conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = 'ticket'"))
                ).scalar()
            assert "AUTOINCREMENT" in str(ddl)
        await asyncio.to_thread(migrate.check, empty_url)
        await asyncio.to_thread(migrate.downgrade, empty_url, "base")
        assert not await store.is_migrated()
    finally:
        await store.close()


_CONTACT = sa.text(
    "INSERT INTO contact (id, identity, channel, language, unreachable, created_at, updated_at)"
    " VALUES (1, 'telegram:7', 'telegram', 'zh-Hans', false, :now, :now)"
)
_TICKET = sa.text(
    "INSERT INTO ticket (id, number, kind, priority, status, address_raw, building, unit, room, description,"
    " contact_id, channel, created_at, updated_at, due_at, escalated, breached)"
    " VALUES (:id, :number, 'leak', 'emergency', :status, :raw, :building, :unit, :room, '漏水', 1, 'telegram',"
    " :now, :now, :now, false, false)"
)


async def _execute(store: Store, statement: sa.TextClause, **params: object) -> None:
    async with store.write() as conn:
        await conn.execute(statement, {"now": dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC), **params})


async def _places(store: Store) -> dict[str, str]:
    async with store.read() as conn:
        rows = await conn.execute(sa.text("SELECT number, place FROM ticket ORDER BY id"))
        return {number: place for number, place in rows}


async def test_0005_keys_existing_tickets_by_flat_and_goes_back_only_without_two_open_of_a_kind(
    empty_url: str,
) -> None:
    store = Store.from_url(empty_url)
    try:
        await asyncio.to_thread(migrate.upgrade, empty_url, "0004")
        await _execute(store, _CONTACT)
        flats = [
            ("1000001", "new", "红旗小区3栋2单元501", "3", "2", "501"),
            ("1000002", "closed", None, None, None, None),
        ]
        for i, (number, status, raw, building, unit, room) in enumerate(flats, start=1):
            flat = {"raw": raw, "building": building, "unit": unit, "room": room}
            await _execute(store, _TICKET, id=i, number=number, status=status, **flat)
        await asyncio.to_thread(migrate.upgrade, empty_url, "0005")
        assert await _places(store) == {"1000001": "3/2/501", "1000002": ""}
        # Another flat's leak open beside the first (its place left to the server default: not the point here):
        # the old one-open-ticket-per-kind index cannot hold both.
        other = {"raw": "青年路小区2栋1单元101", "building": "2", "unit": "1", "room": "101"}
        await _execute(store, _TICKET, id=3, number="1000003", status="new", **other)
        with pytest.raises(RuntimeError, match="1000003"):
            await asyncio.to_thread(migrate.downgrade, empty_url, "0004")
        await _execute(store, sa.text("UPDATE ticket SET status = 'cancelled' WHERE number = '1000003'"))
        await asyncio.to_thread(migrate.downgrade, empty_url, "0004")
        async with store.read() as conn:
            columns = await conn.run_sync(lambda sync: sa.inspect(sync).get_columns("ticket"))
        assert "place" not in {c["name"] for c in columns}
    finally:
        await store.close()


_INCIDENT = sa.text(
    "INSERT INTO incident (id, key, label, status, created_at, updated_at)"
    " VALUES (:id, :key, :label, :status, :now, :now)"
)


async def _labels(store: Store) -> dict[int, str]:
    async with store.read() as conn:
        return dict((await conn.execute(sa.text("SELECT id, label FROM incident ORDER BY id"))).all())


async def test_0011_labels_the_faults_formed_before_as_their_building_is_written(empty_url: str) -> None:
    store = Store.from_url(empty_url)
    try:
        await asyncio.to_thread(migrate.upgrade, empty_url, "0010")
        faults = [
            (1, "桂林小区#2", "桂林小区 2", "open"),  # labelled before the change, still open
            (2, "红旗小区#13", "红旗小区 13", "closed"),  # before, over: it may come back (a reopened report)
            (3, "青年路小区#3", "青年路小区3栋", "open"),  # labelled since
        ]
        for incident_id, key, label, status in faults:
            await _execute(store, _INCIDENT, id=incident_id, key=key, label=label, status=status)
        await asyncio.to_thread(migrate.upgrade, empty_url, "0011")
        assert await _labels(store) == {1: "桂林小区2栋", 2: "红旗小区13栋", 3: "青年路小区3栋"}
        fault = await incidents.get(
            store, incident_id=1
        )  # as staff's /incident and residents' notices read it
        assert fault is not None and fault.label == "桂林小区2栋"
        await asyncio.to_thread(migrate.downgrade, empty_url, "0010")
        assert await _labels(store) == {1: "桂林小区 2", 2: "红旗小区 13", 3: "青年路小区 3"}
    finally:
        await store.close()
