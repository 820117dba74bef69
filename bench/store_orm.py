"""The reference the store is measured against: the same lifecycles written the plain SQLModel ORM way.

    python bench/store_orm.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/test [--n 600]

Same workload and JSON line as bench/store.py (open, acknowledged, dispatched, on_site, resolved, closed,
each with its event and outbox row, C concurrent tasks), but each step is what a first version would write:
a session in a transaction, a SELECT of the ticket by number, attribute changes, session.add of the
event and the outbox row, commit. The issue's figures (65/s SQLite, 121/s PostgreSQL) were taken with such a version on one
machine; running this beside bench/store.py gives the ratio on the machine at hand, which a shared 2-core
machine's speed changes far more than the code does.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scratch  # noqa: E402
from sqlmodel import select  # noqa: E402
from sqlmodel.ext.asyncio.session import AsyncSession  # noqa: E402

from intents.company import Company  # noqa: E402
from storage import Store, company, contacts, migrate, numbers  # noqa: E402
from storage.models import Notification, Ticket, TicketEvent  # noqa: E402
from storage.values import Channel, Status  # noqa: E402

_STEPS = (Status.ACKNOWLEDGED, Status.DISPATCHED, Status.ON_SITE, Status.RESOLVED, Status.CLOSED)


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite", help="SQLAlchemy async URL, or 'sqlite'")
    parser.add_argument("--n", type=int, default=600, help="ticket lifecycles")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent tasks")
    return parser.parse_args(argv)


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


async def _bench(url: str, n: int, concurrency: int, demo: Company) -> dict[str, object]:
    await asyncio.to_thread(migrate.upgrade, url)
    store = Store.from_url(url, pool_size=concurrency, max_overflow=concurrency)
    # Sessions on transactions of a store of its own: no inline SQLite (aiosqlite's thread, as shipped),
    # BEGIN IMMEDIATE behind one lock on SQLite (deferred transactions would deadlock), READ COMMITTED on PG.
    orm = Store.from_url(url, pool_size=concurrency, max_overflow=concurrency, sqlite_inline=False)
    try:
        await company.sync(store, demo)
        people = [
            await contacts.get_or_create(store, channel=Channel.VOICE, phone=f"+86139{i:08d}")
            for i in range(n)
        ]
        queue = [p.id for p in people]
        latencies: list[float] = []
        errors: list[str] = []

        async def worker() -> None:
            while queue:
                contact_id = queue.pop()
                start = time.perf_counter()
                try:
                    await _lifecycle(orm, contact_id, demo.crews[0].code)
                except Exception as exc:  # counted and reported, never hidden
                    errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                latencies.append((time.perf_counter() - start) * 1000)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    finally:
        await store.close()
        await orm.close()
    if errors:
        print(f"first error: {errors[0]}", file=sys.stderr)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "database": store.dialect,
        "orm_lifecycles": len(latencies),
        "lifecycles_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49], 1),
        "p99_ms": round(cuts[98], 1),
        "errors": len(errors),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the reference benchmark and print one JSON line."""
    args = _args(argv)
    with (ROOT / "heatline" / "demo_company.toml").open("rb") as f:
        demo = Company.model_validate(tomllib.load(f))
    with scratch.empty_database(args.database_url) as url:
        result = asyncio.run(_bench(url, args.n, args.concurrency, demo))
    print(json.dumps(result))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
