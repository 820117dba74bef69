"""Direct statements (storage/_direct.py) read and write exactly what SQLAlchemy would, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError

from storage import Store, contacts, tickets
from storage._direct import Direct, DirectRow
from storage._journal import insert_values
from storage.models import event_t, ticket_t
from storage.values import Channel, Priority, TicketKind

_BY_NUMBER = sa.select(*ticket_t.c).where(ticket_t.c.number == sa.bindparam("number"))
_EVENT_COLUMNS = ("ticket_id", "kind", "actor", "data", "created_at")


async def _ticket(store: Store) -> str:
    contact = await contacts.get_or_create(store, channel=Channel.VOICE, phone="+8613900000042")
    info, _ = await tickets.open_ticket(
        store,
        kind=TicketKind.NO_HEAT,
        priority=Priority.NORMAL,
        contact_id=contact.id,
        branch=None,
        address=None,
        description="卧室暖气片冰凉 🥶",
        temperature_c=15.5,
    )
    return info.number


async def test_a_direct_row_holds_what_a_sqlalchemy_row_holds(store: Store) -> None:
    number = await _ticket(store)
    async with store.read() as conn:
        expected = (await conn.execute(_BY_NUMBER, {"number": number})).one()._asdict()
        row = await Direct(_BY_NUMBER).first(conn, {"number": number})
    assert isinstance(row, DirectRow) and dict(row) == expected
    # Types too: aware datetimes, booleans, floats, as SQLAlchemy returns them.
    assert [type(v) for v in row.values()] == [type(v) for v in expected.values()]
    assert row.description == "卧室暖气片冰凉 🥶" and row.temperature_c == 15.5 and row.escalated is False
    assert row._mapping["number"] == number
    with pytest.raises(AttributeError):
        _ = row.no_such_column


async def test_no_row_is_none(store: Store) -> None:
    async with store.read() as conn:
        assert await Direct(_BY_NUMBER).first(conn, {"number": "0000000"}) is None


async def test_json_and_datetimes_written_directly_read_back_through_sqlalchemy(store: Store) -> None:
    number = await _ticket(store)
    insert = Direct(insert_values(event_t, _EVENT_COLUMNS).returning(*event_t.c))
    when = dt.datetime(2026, 11, 28, 10, 30, tzinfo=dt.UTC)
    data = {"note": '楼道阀门 "B"', "n": [1, 2.5, None]}
    async with store.write() as conn:
        ticket_id = (await conn.execute(sa.select(ticket_t.c.id).where(ticket_t.c.number == number))).scalar()
        params = {
            "ticket_id": ticket_id,
            "kind": "note",
            "actor": "staff:7",
            "data": data,
            "created_at": when,
        }
        written = await insert.first(conn, params)
    assert written is not None and written.data == data and written.created_at == when
    async with store.read() as conn:
        row = (await conn.execute(sa.select(event_t).where(event_t.c.id == written.id))).one()
    assert row.data == data and row.created_at == when and row.actor == "staff:7"


async def test_a_direct_write_inside_a_transaction_rolls_back_with_it(store: Store) -> None:
    number = await _ticket(store)
    insert = Direct(insert_values(event_t, _EVENT_COLUMNS))
    count = sa.select(sa.func.count()).select_from(event_t).where(event_t.c.kind == "doomed")

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with store.write() as conn:
            ticket = await Direct(_BY_NUMBER).first(conn, {"number": number})
            assert ticket is not None
            now = dt.datetime.now(dt.UTC)
            params = {"ticket_id": ticket.id, "kind": "doomed", "actor": "x", "data": {}, "created_at": now}
            await insert.run(conn, params)
            raise Boom
    async with store.read() as conn:
        assert (await conn.execute(count)).scalar() == 0


async def test_errors_keep_sqlalchemy_types(store: Store) -> None:
    number = await _ticket(store)
    duplicate = Direct(insert_values(ticket_t, ("number", "kind", "priority", "status", "contact_id")))
    async with store.read() as conn:
        ticket = await Direct(_BY_NUMBER).first(conn, {"number": number})
    assert ticket is not None
    params = {k: ticket[k] for k in ("number", "kind", "priority", "status", "contact_id")}
    with pytest.raises(IntegrityError):
        async with store.write() as conn:
            await duplicate.run(conn, params)
    broken = Direct(sa.select(sa.literal_column("no_such_column")).select_from(ticket_t))
    with pytest.raises(DBAPIError):
        async with store.read() as conn:
            await broken.first(conn, {})
    # The connection that failed is still good (or replaced): the store goes on answering.
    assert await store.ping()
    async with store.read() as conn:
        assert await Direct(_BY_NUMBER).first(conn, {"number": number}) is not None


async def test_a_missing_parameter_is_named(store: Store) -> None:
    async with store.read() as conn:
        with pytest.raises(KeyError, match="number"):
            await Direct(_BY_NUMBER).first(conn, {})


def test_statements_that_expand_at_execution_are_refused() -> None:
    from sqlalchemy.dialects import sqlite

    expanding = Direct(sa.select(ticket_t.c.id).where(ticket_t.c.status.in_(["new", "closed"])))
    with pytest.raises(ValueError, match="expand"):
        expanding._for(sqlite.dialect())
