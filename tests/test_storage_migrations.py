"""Migrations on both databases: the stairway (up, down, up for every revision) and models == migrations."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from storage import Store, migrate


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
