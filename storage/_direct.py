"""The hottest statements, compiled by SQLAlchemy once and run on the database driver itself.

SQLAlchemy's execution path (cache lookup, parameter and result processing, the greenlet hop of its asyncio
layer) costs about 0.3 ms of CPU per statement on a 2-core machine: several times what asyncpg or sqlite3
need to run the statement. Every webhook pays it on a handful of statements (read the ticket, write the
change), so those few are `Direct`: the same Core statement, compiled for the connection's dialect on first
use, then executed on the driver connection SQLAlchemy checked out. Parameters go in and values come out
through SQLAlchemy's own type processors, so a `Direct` row holds exactly what a `Row` would.

Errors keep SQLAlchemy's types (IntegrityError, DBAPIError), and a connection the driver reports broken is
invalidated so the pool does not hand it out again. Inside a PostgreSQL transaction (not the hot paths,
which run in autocommit) a statement goes through SQLAlchemy, which begins the transaction on the driver.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.pool import PoolProxiedConnection

from storage.db import InlineSqlite

Processor = Callable[[Any], Any] | None
_REQUIRED = object()  # a parameter the caller must give (no value bound in the statement)


class DirectRow(dict[str, Any]):
    """A result row: a mapping of column name to value that also reads as attributes, like a Row."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def _mapping(self) -> Mapping[str, Any]:
        return self


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A statement as one dialect runs it: SQL text, positional parameters, and how values are converted."""

    sql: str
    params: tuple[
        tuple[str, Any, Processor], ...
    ]  # name, value bound in the statement or _REQUIRED, processor
    keys: tuple[str, ...]
    types: tuple[sa.types.TypeEngine[Any], ...]

    def arguments(self, given: Mapping[str, Any]) -> list[Any]:
        out = []
        for name, bound, process in self.params:
            value = given.get(name, bound)
            if value is _REQUIRED:
                raise KeyError(f"parameter {name!r} not given")
            out.append(value if process is None or value is None else process(value))
        return out


def _compile(statement: sa.Select[Any] | sa.UpdateBase, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    if any(b.expanding or b.literal_execute for b in compiled.binds.values()):
        raise ValueError("a Direct statement cannot expand parameters at execution (IN lists, literals)")
    params = []
    for name in compiled.positiontup or ():
        bind = compiled.binds[name]
        bound = _REQUIRED if bind.required else bind.effective_value
        params.append((name, bound, bind.type.dialect_impl(dialect).bind_processor(dialect)))
    columns = list(
        statement.selected_columns if isinstance(statement, sa.Select) else statement.exported_columns
    )
    keys = tuple(c.key for c in columns if c.key is not None)
    if len(set(keys)) != len(columns):
        raise ValueError(f"a Direct statement needs distinct column names, got {keys}")
    return _Compiled(str(compiled), tuple(params), keys, tuple(c.type for c in columns))


class Direct:
    """A Core statement run on the driver connection; see the module docstring."""

    def __init__(self, statement: sa.Select[Any] | sa.UpdateBase) -> None:
        self.statement = statement
        self._compiled: weakref.WeakKeyDictionary[Dialect, _Compiled] = weakref.WeakKeyDictionary()
        # Result processors depend on the column types the database reports (PostgreSQL's type OIDs).
        self._processors: weakref.WeakKeyDictionary[Dialect, tuple[Processor, ...]] = (
            weakref.WeakKeyDictionary()
        )

    def _for(self, dialect: Dialect) -> _Compiled:
        compiled = self._compiled.get(dialect)
        if compiled is None:
            compiled = self._compiled[dialect] = _compile(self.statement, dialect)
        return compiled

    async def first(self, conn: AsyncConnection, params: Mapping[str, Any]) -> DirectRow | None:
        """The first row the statement returns (the rest are discarded), or None."""
        dialect = conn.dialect
        compiled = self._for(dialect)
        args = compiled.arguments(params)
        raw = await _raw_connection(conn)
        driver = raw.driver_connection
        if dialect.name == "postgresql":
            if not raw.dbapi_connection.autocommit:  # type: ignore[union-attr]
                # Inside a transaction, which SQLAlchemy's asyncpg adapter begins at its own first statement.
                row = (await conn.execute(self.statement, params)).first()
                return None if row is None else DirectRow(row._mapping)
            values = await _fetchrow_pg(conn, driver, compiled, args)
        else:
            values = await _fetchrow_sqlite(driver, compiled.sql, args)
        if values is None:
            return None
        processors = self._processors.get(dialect)
        if processors is None:
            oids = await _result_oids(driver, compiled.sql) if dialect.name == "postgresql" else None
            processors = self._processors[dialect] = _result_processors(compiled, dialect, oids)
        return DirectRow(
            (key, value if process is None else process(value))
            for key, value, process in zip(compiled.keys, values, processors, strict=True)
        )

    async def run(self, conn: AsyncConnection, params: Mapping[str, Any]) -> None:
        """Execute the statement for its effect."""
        await self.first(conn, params)


async def _raw_connection(conn: AsyncConnection) -> PoolProxiedConnection:
    """The pooled DBAPI connection; read off the open connection when it has one (no hop into a greenlet)."""
    sync = conn.sync_connection
    if sync is not None and not sync.closed and not sync.invalidated:
        return sync.connection  # checked out already: an attribute read
    return await conn.get_raw_connection()


def _result_processors(
    compiled: _Compiled, dialect: Dialect, oids: list[int] | None
) -> tuple[Processor, ...]:
    coltypes: list[int | None] = list(oids) if oids else [None] * len(compiled.types)
    return tuple(
        t.dialect_impl(dialect).result_processor(dialect, coltype)
        for t, coltype in zip(compiled.types, coltypes, strict=True)
    )


async def _result_oids(driver: asyncpg.Connection, sql: str) -> list[int]:
    prepared = await driver.prepare(sql)
    return [attribute.type.oid for attribute in prepared.get_attributes()]


async def _fetchrow_pg(
    conn: AsyncConnection, driver: asyncpg.Connection, compiled: _Compiled, args: list[Any]
) -> Any:
    try:
        return await driver.fetchrow(compiled.sql, *args)
    except asyncpg.IntegrityConstraintViolationError as error:
        raise exc.IntegrityError(compiled.sql, args, error) from error
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as error:
        if not isinstance(error, asyncpg.PostgresError) or driver.is_closed():
            await conn.invalidate(error)
        raise exc.DBAPIError(compiled.sql, args, error) from error


async def _fetchrow_sqlite(driver: Any, sql: str, args: list[Any]) -> Any:
    try:
        if isinstance(driver, InlineSqlite):
            return driver.run_now(sql, args).fetchone()
        cursor = await driver.execute(sql, args)
        try:
            return await cursor.fetchone()
        finally:
            await cursor.close()
    except sqlite3.IntegrityError as error:
        raise exc.IntegrityError(sql, args, error) from error
    except sqlite3.Error as error:
        raise exc.DBAPIError(sql, args, error) from error
