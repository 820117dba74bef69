"""The loops that retry on their own (the outbox worker, the 30-minute clock) say once that the store cannot be
reached and once that it answers again, with no traceback on every pass of an outage, and go on working after it.
PostgreSQL is reached through a link the test cuts and mends (tests/db_link.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest
from db_link import DatabaseLink

from heatline.sla import SlaWatcher
from heatline.worker import OutboxWorker
from storage import Store

LOGGERS = ("heatline.worker", "heatline.sla")


async def test_the_worker_and_the_clock_say_an_outage_once_and_its_end_once(
    link: DatabaseLink, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    store = Store.from_url(link.linked)
    said = lambda text: [r for r in caplog.records if r.name in LOGGERS and text in r.getMessage()]  # noqa: E731
    try:
        worker = OutboxWorker(store, {}, lambda: dt.datetime.now(dt.UTC))
        clock = SlaWatcher(store, lambda: dt.datetime.now(dt.UTC))
        stop = asyncio.Event()
        loops = [
            asyncio.create_task(worker.run(stop, idle=0.05)),
            asyncio.create_task(clock.run(stop, every=0.05)),
        ]
        await asyncio.sleep(0.3)  # passes that reach the store
        await link.cut()
        for _ in range(400):  # until both loops have tried and failed
            if len(said("cannot be reached")) == 2:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)  # twenty more passes each, all failing
        await link.mend()
        for _ in range(400):
            if len(said("answers again")) == 2:
                break
            await asyncio.sleep(0.05)
        assert await clock.run_once() == (0, 0)  # the clock works again
        stop.set()
        await asyncio.wait_for(asyncio.gather(*loops), 10)
    finally:
        await store.close()
    records = [r for r in caplog.records if r.name in LOGGERS]
    assert not [r.getMessage() for r in records if r.exc_info], "no traceback for an outage"
    down = sorted(r.getMessage().split(":")[0] for r in said("cannot be reached"))
    assert down == ["30-minute clock pass", "outbox claim"], down
    assert sorted(r.getMessage() for r in said("answers again")) == [
        "30-minute clock pass: the store answers again",
        "outbox claim: the store answers again",
    ]
