"""Ticket-store throughput: N full ticket lifecycles by C concurrent tasks, one JSON line of results.

    python bench/store.py --database-url sqlite+aiosqlite:///./var/bench.db [--n 600] [--concurrency 20]
    python bench/store.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/test
    python bench/store.py --database-url sqlite          # a temporary SQLite file

Each lifecycle is six atomic writes, each with its event and outbox rows: open, take (acknowledged), dispatch,
on_site, resolved, closed (the residents' contacts exist beforehand, as for callers who rang before). The database starts empty: a SQLite file is recreated (or a temporary one is used);
on PostgreSQL a scratch database is created next to the one named in the URL and dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scratch  # noqa: E402

from intents.company import Company  # noqa: E402
from storage import Store, company, contacts, migrate, tickets  # noqa: E402
from storage.values import Channel, Priority, Status, TicketKind  # noqa: E402


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="sqlite", help="SQLAlchemy async URL, or 'sqlite' for a temp file"
    )
    parser.add_argument("--n", type=int, default=600, help="ticket lifecycles")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent tasks")
    return parser.parse_args(argv)


async def _lifecycle(store: Store, contact_id: int, crew: str) -> None:
    ticket, _ = await tickets.open_ticket(
        store,
        kind=TicketKind.NO_HEAT,
        priority=Priority.NORMAL,
        contact_id=contact_id,
        branch="nanguan",
        address=None,
        description="暖气不热",
        temperature_c=15.0,
    )
    number = ticket.number
    await tickets.take(store, number=number, assignee="staff:1", actor="staff:1")
    await tickets.dispatch(store, number=number, crew=crew, actor="staff:1")
    for status in (Status.ON_SITE, Status.RESOLVED, Status.CLOSED):
        await tickets.transition(store, number=number, to=status, actor="staff:1")


Lifecycle = Callable[[Store, int, str], Awaitable[None]]


async def _run(
    store: Store, demo: Company, n: int, concurrency: int, lifecycle: Lifecycle, writer: Store
) -> dict[str, object]:
    """Contacts and company set up through `store`; `lifecycle` on `writer` for each, C at a time."""
    await company.sync(store, demo)
    people = [
        await contacts.get_or_create(store, channel=Channel.VOICE, phone=f"+86139{i:08d}") for i in range(n)
    ]
    queue: asyncio.Queue[int] = asyncio.Queue()
    for person in people:
        queue.put_nowait(person.id)
    latencies: list[float] = []
    errors: list[str] = []

    async def worker() -> None:
        while not queue.empty():
            contact_id = queue.get_nowait()
            start = time.perf_counter()
            try:
                await lifecycle(writer, contact_id, demo.crews[0].code)
            except Exception as exc:  # counted and reported, never hidden
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            latencies.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    if errors:
        print(f"first error: {errors[0]}", file=sys.stderr)
    return {
        "database": store.dialect,
        "lifecycles": len(latencies),
        "lifecycles_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49], 1),
        "p99_ms": round(cuts[98], 1),
        "errors": len(errors),
    }


async def _bench(
    url: str, n: int, concurrency: int, demo: Company, lifecycle: Lifecycle, writer_options: dict[str, Any]
) -> dict[str, object]:
    await asyncio.to_thread(migrate.upgrade, url)
    store = Store.from_url(url, pool_size=concurrency, max_overflow=concurrency)
    writer = (
        Store.from_url(url, pool_size=concurrency, max_overflow=concurrency, **writer_options)
        if writer_options
        else store
    )
    try:
        return await _run(store, demo, n, concurrency, lifecycle, writer)
    finally:
        await store.close()
        if writer is not store:
            await writer.close()


def main(
    argv: list[str] | None = None,
    *,
    lifecycle: Lifecycle = _lifecycle,
    writer_options: dict[str, Any] | None = None,
    label: dict[str, object] | None = None,
) -> int:
    """Run the benchmark and print one JSON line.

    `lifecycle` writes one ticket's whole life; `writer_options`, if any, give it a store of its own
    (Store.from_url options); `label` is added to the JSON line.
    """
    args = _args(argv)
    with (ROOT / "heatline" / "demo_company.toml").open("rb") as f:
        demo = Company.model_validate(tomllib.load(f))
    with scratch.empty_database(args.database_url) as url:
        result = asyncio.run(_bench(url, args.n, args.concurrency, demo, lifecycle, writer_options or {}))
    print(json.dumps({**(label or {}), **result}))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
