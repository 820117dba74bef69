"""Sync the company config (branches, hotlines, crews) into the store's tables."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from intents.company import Company
from storage._common import upsert_insert
from storage.db import Store
from storage.models import branch_t, crew_t, hotline_t


async def _upsert(conn: AsyncConnection, table: Any, key: str, rows: list[dict[str, Any]]) -> None:
    """Insert or update `rows`; rows no longer in the config stay (tickets refer to them) but go inactive."""
    keys = [r[key] for r in rows]
    await conn.execute(sa.update(table).where(table.c[key].not_in(keys)).values(active=False))
    if not rows:
        return
    stmt = upsert_insert(conn, table)
    columns = {c: stmt.excluded[c] for c in rows[0] if c != key}
    await conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=columns), rows)


async def sync(store: Store, company: Company) -> None:
    """Upsert the branches, hotlines and crews of `company`; those it no longer lists are marked inactive."""
    branches = [
        {
            "code": b.code,
            "name": b.name,
            "name_en": b.name_en,
            "duty_phone": b.duty_phone,
            "staff_chat_id": b.staff_chat_id,
            "active": True,
        }
        for b in company.branches
    ]
    hotlines = [{"number": h.number, "branch": h.branch, "active": True} for h in company.hotlines]
    crews = [
        {
            "code": c.code,
            "name": c.name,
            "name_en": c.name_en,
            "branch": c.branch,
            "phone": c.phone,
            "members": c.members,
            "active": True,
        }
        for c in company.crews
    ]
    async with store.write() as conn:
        await _upsert(conn, branch_t, "code", branches)
        await _upsert(conn, hotline_t, "number", hotlines)
        await _upsert(conn, crew_t, "code", crews)
