"""The async engine behind the store: SQLite (aiosqlite, WAL) or PostgreSQL (asyncpg), chosen by URL."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import random
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import aiosqlite
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

from storage.errors import conflicted

_WRITE = "heatline_write"
# A deadlock needs two transactions: the one failed is tried again after the other went on.
CONFLICT_ATTEMPTS = 4
P = ParamSpec("P")
T = TypeVar("T")


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _RunNow:
    """Stands in for aiosqlite's queue to its worker thread: runs each call at once, in the caller's thread."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Any]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:
            if future is not None and not future.done():
                future.set_exception(exc)
            return
        if future is not None and not future.done():
            future.set_result(result)


class InlineSqlite(aiosqlite.Connection):
    """aiosqlite without its thread.

    A statement in WAL mode with synchronous=NORMAL takes microseconds, far less than the hop to aiosqlite's
    thread and back (~0.1-1 ms on a busy machine), and writers are queued by Store's lock anyway. The price:
    a statement blocks the event loop while it runs, and BEGIN IMMEDIATE waits (busy_timeout) while another
    process writes. Store.from_url(..., sqlite_inline=False) restores the thread.
    """

    def __init__(self, connector: Any) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunNow()  # type: ignore[assignment]

    def __await__(self) -> Any:
        return self._connect().__await__()  # no worker thread to start

    def run_now(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement at once, bypassing the async adaptation (BEGIN, and storage._direct)."""
        return self._conn.execute(sql, args)


def _inline_creator(database: str) -> Any:
    async def connect() -> aiosqlite.Connection:
        return await InlineSqlite(lambda: sqlite3.connect(database, check_same_thread=False))

    return connect


def _install_sqlite_hooks(engine: AsyncEngine, *, foreign_keys: bool, busy_timeout_ms: int) -> None:
    """PRAGMAs on every new connection; our own BEGIN so writers take the lock up front (IMMEDIATE)."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver emits no BEGIN: _on_begin does
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            f"busy_timeout={busy_timeout_ms}",
            f"foreign_keys={'ON' if foreign_keys else 'OFF'}",
            "synchronous=NORMAL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        sql = "BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE, False) else "BEGIN"
        driver = conn.connection.driver_connection
        if isinstance(driver, InlineSqlite):
            driver.run_now(sql)
        else:
            conn.exec_driver_sql(sql)


def create_engine(
    url: str | URL,
    *,
    foreign_keys: bool = True,
    busy_timeout_ms: int = 10_000,
    sqlite_inline: bool = False,
    **kwargs: Any,
) -> AsyncEngine:
    """An async engine with Heatline's connection settings (SQLite PRAGMAs, JSON that keeps Chinese)."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        database = url.database
        on_disk = bool(database) and database != ":memory:" and not database.startswith("file:")  # type: ignore[union-attr]
        if on_disk:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
        if sqlite_inline and on_disk and not url.query:
            kwargs["async_creator"] = _inline_creator(str(Path(database).expanduser()))  # type: ignore[arg-type]
        engine = _create_async_engine(url, json_serializer=_json_dumps, **kwargs)
        _install_sqlite_hooks(engine, foreign_keys=foreign_keys, busy_timeout_ms=busy_timeout_ms)
        return engine
    if url.get_backend_name() == "postgresql":
        return _create_async_engine(url, json_serializer=_json_dumps, **kwargs)
    raise ValueError(
        f"unsupported database {url.get_backend_name()!r}: use sqlite+aiosqlite or postgresql+asyncpg"
    )


def again_on_conflict(work: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """`work` (whole transactions, nothing committed before it fails) done again, after a short random pause, when
    PostgreSQL rolled it back to end a deadlock or a serialization conflict with another writer (`errors.conflicted`):
    a resident's report or address is never lost to a rare clash of two writers of one flat."""

    @functools.wraps(work)
    async def again(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(1, CONFLICT_ATTEMPTS):
            try:
                return await work(*args, **kwargs)
            except DBAPIError as exc:
                if not conflicted(exc):
                    raise
            await asyncio.sleep(random.uniform(0, 0.02 * attempt))  # two clashing writers part
        return await work(*args, **kwargs)

    return again


class Store:
    """The shared ticket store: an async engine, a writer lock on SQLite, and the on-site promise."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        on_site_minutes: int = 30,
        lease_seconds: int = 60,
        autocommit_by_default: bool = False,
    ) -> None:
        """`autocommit_by_default`: the engine's connections are in AUTOCOMMIT unless told otherwise (PostgreSQL)."""
        self.engine = engine
        self.on_site_minutes = on_site_minutes
        self.lease_seconds = lease_seconds
        self.dialect = engine.dialect.name
        # One pool. Switching a connection's isolation level costs CPU at every checkout and checkin: on
        # PostgreSQL the frequent case (autocommit) is the pool's own setting and transactions ask for the default.
        transactional = engine
        self._autocommit = engine
        if autocommit_by_default:
            transactional = engine.execution_options(isolation_level="READ COMMITTED")
        else:
            self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.sessions = async_sessionmaker(transactional, expire_on_commit=False, class_=AsyncSession)
        self._writer = transactional.execution_options(**{_WRITE: True})  # SQLite BEGINs IMMEDIATE
        # SQLite has one writer at a time: queueing writers here beats spinning on SQLITE_BUSY.
        self._write_lock: asyncio.Lock | None = asyncio.Lock() if self.is_sqlite else None

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        on_site_minutes: int = 30,
        lease_seconds: int = 60,
        pool_size: int = 10,
        max_overflow: int = 20,
        sqlite_inline: bool = True,
        echo: bool = False,
    ) -> Store:
        """A store on `sqlite+aiosqlite:///path` or `postgresql+asyncpg://...`; nothing connects yet."""
        options: dict[str, Any] = {"pool_size": pool_size, "max_overflow": max_overflow, "echo": echo}
        if make_url(url).get_backend_name() == "sqlite":
            # Our own code always ends its transactions; skip the pool's extra ROLLBACK on every return.
            # LIFO: writers (one at a time) keep reusing the same connection, whose page cache stays warm.
            options.update(sqlite_inline=sqlite_inline, pool_reset_on_return=None, pool_use_lifo=True)
        else:
            options.update(isolation_level="AUTOCOMMIT")  # see __init__: write() asks for a transaction
        engine = create_engine(url, **options)
        return cls(
            engine,
            on_site_minutes=on_site_minutes,
            lease_seconds=lease_seconds,
            autocommit_by_default=engine.dialect.name != "sqlite",
        )

    @property
    def is_sqlite(self) -> bool:
        """True on SQLite (one writer at a time), False on PostgreSQL."""
        return self.dialect == "sqlite"

    @property
    def url(self) -> str:
        """The database URL, password included (for migrations)."""
        return self.engine.url.render_as_string(hide_password=False)

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        async with self._write_lock or contextlib.nullcontext():
            async with self._writer.connect() as conn, conn.begin():
                yield conn

    @contextlib.asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        """A connection on which every statement commits by itself (PostgreSQL); on SQLite, a write transaction."""
        if self.is_sqlite:
            async with self.write() as conn:
                yield conn
            return
        async with self._autocommit.connect() as conn:
            yield conn

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A connection for reads, no writer lock. On PostgreSQL each statement sees its own snapshot and runs
        without BEGIN/ROLLBACK round trips; use write() when several reads must agree."""
        engine = self.engine if self.is_sqlite else self._autocommit
        async with engine.connect() as conn:
            yield conn

    async def ping(self) -> bool:
        """True when the database answers."""
        try:
            async with self.read() as conn:
                await conn.execute(sa.text("SELECT 1"))
        except (DBAPIError, OSError):
            return False
        return True

    async def is_migrated(self) -> bool:
        """True when the database is at the newest migration."""
        from storage.migrate import head_revision

        try:
            async with self.read() as conn:
                rows = (await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).all()
        except (DBAPIError, OSError):
            return False
        return {r[0] for r in rows} == {head_revision()}

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
