"""Empty databases for the benchmarks (a sibling module, imported by the scripts run as `python bench/X.py`).

`empty_database(url)` yields the URL of an empty database of the kind `url` names: a temporary SQLite file for
'sqlite' (or an in-memory SQLite URL), the SQLite file named, or a scratch PostgreSQL database created next to
the one named in the URL and dropped afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

# URLs that mean "a SQLite database of the bench's own": a file in a temporary folder.
TEMPORARY_SQLITE = ("sqlite", "sqlite+aiosqlite://", "sqlite+aiosqlite:///:memory:")


class ExistingDatabase(Exception):
    """The SQLite file named is there already, and the bench was told not to replace it."""


async def _admin(url: str, sql: str) -> None:
    conn = await asyncpg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextlib.contextmanager
def empty_database(
    url: str, *, prefix: str = "heatline-bench-", replace_sqlite: bool = True
) -> Iterator[str]:
    """The URL of an empty database for `url`, for the time of the `with` block.

    A SQLite file named in the URL is deleted first (with its -wal and -shm files), or, with
    `replace_sqlite=False`, refused with ExistingDatabase when it exists. Not migrated: the bench does that.
    """
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        if url in TEMPORARY_SQLITE:
            url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if replace_sqlite:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{parsed.database}{suffix}").unlink(missing_ok=True)
            elif parsed.database and Path(parsed.database).exists():
                raise ExistingDatabase(parsed.database)
            yield url
            return
        scratch = f"heatline_bench_{uuid.uuid4().hex[:8]}"
        asyncio.run(_admin(url, f'CREATE DATABASE "{scratch}"'))
        try:
            yield parsed.set(database=scratch).render_as_string(hide_password=False)
        finally:
            asyncio.run(_admin(url, f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
