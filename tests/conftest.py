"""Shared fixtures.

Storage: `store` runs a test on SQLite (a fresh migrated file) and on PostgreSQL (a database created for
this test session, emptied before each test). PostgreSQL needs HEATLINE_TEST_POSTGRES_URL, e.g.
postgresql+asyncpg://postgres@127.0.0.1:5432/test; without it the PostgreSQL half is skipped.
`make_store(url)` migrates a database and opens a Store on it; `demo_company` is the bundled demo config.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import tomllib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest
from db_link import DatabaseLink, database_link
from sqlalchemy.engine import make_url

from intents.company import Company
from storage import Store, migrate

PG_ENV = "HEATLINE_TEST_POSTGRES_URL"
DEMO_COMPANY = Path(__file__).resolve().parents[1] / "heatline" / "demo_company.toml"
# Every table but Alembic's, so that tables added by later migrations are emptied too.
EMPTY_TABLES = """
DO $$ DECLARE names text;
BEGIN
  SELECT string_agg(format('%I', tablename), ', ') INTO names
  FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'alembic_version';
  IF names IS NOT NULL THEN EXECUTE 'TRUNCATE ' || names || ' RESTART IDENTITY CASCADE'; END IF;
END $$;
"""

T = TypeVar("T")


def run_outside_loop(fn: Callable[[], T]) -> T:
    """Run `fn` in a fresh thread: Alembic's env.py calls asyncio.run(), which a running loop forbids."""
    result: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(fn())
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0]


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(url: str, sql: str) -> None:
    conn = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The PostgreSQL URL from the environment (its database is only used to create test databases)."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL half of the storage tests skipped")
    return url


@pytest.fixture(scope="session")
def pg_database(pg_server_url: str) -> Iterator[Callable[[], str]]:
    """A factory of empty PostgreSQL databases, all dropped at the end of the session."""
    created: list[str] = []

    def create() -> str:
        name = f"heatline_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        run_outside_loop(lambda: asyncio.run(_admin(pg_server_url, f'CREATE DATABASE "{name}"')))
        created.append(name)
        return make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)

    yield create
    for name in created:
        sql = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        run_outside_loop(lambda sql=sql: asyncio.run(_admin(pg_server_url, sql)))


@pytest.fixture(scope="session")
def pg_url(pg_database: Callable[[], str]) -> str:
    """A migrated PostgreSQL database for this test session (the `store` fixture empties it per test)."""
    url = pg_database()
    run_outside_loop(lambda: migrate.upgrade(url))
    return url


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "heatline.db"
    run_outside_loop(lambda: migrate.upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, _sqlite_template: Path) -> str:
    """A fresh, migrated SQLite database file for one test."""
    path = tmp_path / "heatline.db"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
async def make_store() -> AsyncIterator[Callable[..., Awaitable[Store]]]:
    """`await make_store(url, **options)`: migrate the database at `url` and open a Store (closed afterwards)."""
    stores: list[Store] = []

    async def make(url: str, **options: Any) -> Store:
        await asyncio.to_thread(migrate.upgrade, url)
        store = Store.from_url(url, **options)
        stores.append(store)
        return store

    yield make
    for store in stores:
        await store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    """An empty, migrated store, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        url = request.getfixturevalue("sqlite_url")
    else:
        url = request.getfixturevalue("pg_url")
        await _admin(url, EMPTY_TABLES)
    store = Store.from_url(url)
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture(scope="session")
def demo_company() -> Company:
    """The demo company bundled with Heatline."""
    with DEMO_COMPANY.open("rb") as f:
        return Company.model_validate(tomllib.load(f))


@pytest.fixture
async def link(pg_database: Callable[[], str]) -> AsyncIterator[DatabaseLink]:
    """A migrated PostgreSQL database reached through a link the test cuts and mends (tests/db_link.py)."""
    url = pg_database()
    await asyncio.to_thread(migrate.upgrade, url)
    async with database_link(url) as opened:
        yield opened
