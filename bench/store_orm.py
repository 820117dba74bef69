"""The reference the store is measured against: the same lifecycles written the plain SQLModel ORM way.

    python bench/store_orm.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/test [--n 600]

Same workload and JSON line as bench/store.py (open, acknowledged, dispatched, on_site, resolved, closed,
each with its event and outbox row, C concurrent tasks), but each step is what a first version would write:
a session in a transaction, a SELECT of the ticket by number, attribute changes, session.add of the
event and the outbox row, commit. The issue's figures (65/s SQLite, 121/s PostgreSQL) were taken with such
a version on one machine; running this beside bench/store.py gives the ratio on the machine at hand, which a
shared 2-core machine's speed changes far more than the code does.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import store as store_bench  # noqa: E402
from sqlmodel import select  # noqa: E402
from sqlmodel.ext.asyncio.session import AsyncSession  # noqa: E402

from storage import Store, numbers  # noqa: E402
from storage.models import Notification, Ticket, TicketEvent  # noqa: E402
from storage.values import Status  # noqa: E402

_STEPS = (Status.ACKNOWLEDGED, Status.DISPATCHED, Status.ON_SITE, Status.RESOLVED, Status.CLOSED)


def _journal(session: AsyncSession, ticket: Ticket, kind: str, old: str | None, now: dt.datetime) -> None:
    assert ticket.id is not None
    event = TicketEvent(
        ticket_id=ticket.id,
        kind=kind,
        actor="staff:1",
        from_status=old,
        to_status=ticket.status,
        created_at=now,
    )
    session.add(event)
    session.add(
        Notification(
            ticket_id=ticket.id,
            audience="resident",
            channel="sms",
            address="+8613900000000",
            language="zh-Hans",
            event=f"ticket.{ticket.status}",
            payload={"number": ticket.number, "status": ticket.status},
            next_attempt_at=now,
            idempotency_key=f"{ticket.number}:{kind}:{ticket.status}",
            created_at=now,
        )
    )


async def _lifecycle(store: Store, contact_id: int, crew: str) -> None:
    now = dt.datetime.now(dt.UTC)
    async with store.write() as conn, AsyncSession(bind=conn, expire_on_commit=False) as session:
        ticket = Ticket(
            number="pending",
            kind="no_heat",
            priority="normal",
            status=str(Status.NEW),
            branch="nanguan",
            description="暖气不热",
            temperature_c=15.0,
            contact_id=contact_id,
            channel="voice",
            created_at=now,
            updated_at=now,
            due_at=now + dt.timedelta(minutes=30),
        )
        session.add(ticket)
        await session.flush()
        assert ticket.id is not None
        ticket.number = numbers.from_id(ticket.id)
        _journal(session, ticket, "opened", None, now)
        await session.commit()
        number = ticket.number
    for status in _STEPS:
        now = dt.datetime.now(dt.UTC)
        async with store.write() as conn, AsyncSession(bind=conn, expire_on_commit=False) as session:
            ticket = (await session.exec(select(Ticket).where(Ticket.number == number))).one()
            old = ticket.status
            ticket.status, ticket.updated_at = str(status), now
            setattr(ticket, f"{status}_at", now)
            if status is Status.ACKNOWLEDGED:
                ticket.assignee = "staff:1"
            if status is Status.DISPATCHED:
                ticket.crew = crew
            _journal(session, ticket, "status", old, now)
            await session.commit()


def main(argv: list[str] | None = None) -> int:
    """Run the reference benchmark and print one JSON line."""
    # Sessions on transactions of a store of its own: no inline SQLite (aiosqlite's thread, as shipped),
    # BEGIN IMMEDIATE behind one lock on SQLite (deferred transactions would deadlock), READ COMMITTED on PG.
    options = {"sqlite_inline": False}
    return store_bench.main(argv, lifecycle=_lifecycle, writer_options=options, label={"reference": "orm"})


if __name__ == "__main__":
    raise SystemExit(main())
