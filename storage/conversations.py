"""Chat and call flow state: one JSON dict per key ('tg:<chat id>', 'sms:+86...', 'call:CA...')."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import AsyncIterator
from typing import Any

import sqlalchemy as sa

from storage._common import aware, upsert_insert
from storage.db import Store
from storage.models import conversation_t


async def load(store: Store, *, key: str) -> dict[str, Any] | None:
    """The saved state for `key`, or None."""
    async with store.read() as conn:
        state = (
            await conn.execute(sa.select(conversation_t.c.state).where(conversation_t.c.key == key))
        ).scalar()
    return dict(state) if state is not None else None


async def save(store: Store, *, key: str, state: dict[str, Any], now: dt.datetime | None = None) -> None:
    """Replace the state for `key`."""
    values = {"key": key, "state": state, "updated_at": aware(now)}
    async with store.write() as conn:
        stmt = upsert_insert(conn, conversation_t).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["key"],
            set_={"state": stmt.excluded.state, "updated_at": stmt.excluded.updated_at},
        )
        await conn.execute(stmt)


async def clear(store: Store, *, key: str) -> None:
    """Forget the state for `key` (no error if there is none)."""
    async with store.write() as conn:
        await conn.execute(sa.delete(conversation_t).where(conversation_t.c.key == key))


@contextlib.asynccontextmanager
async def exclusive(store: Store, *, key: str) -> AsyncIterator[None]:
    """Serve conversation `key` in one process at a time: two servers never interleave one resident's turns.

    PostgreSQL: a session advisory lock on a connection of its own, held for the turn. SQLite serves from one
    host, where the caller's in-process lock is enough."""
    if store.is_sqlite:
        yield
        return
    lock_id = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)
    async with store.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(sa.select(sa.func.pg_advisory_lock(lock_id)))
        try:
            yield
        finally:
            await conn.execute(sa.select(sa.func.pg_advisory_unlock(lock_id)))
