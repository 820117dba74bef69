"""The 30-minute clock: warns staff at 20 minutes, flags a breach at 30; reminds staff of an emergency nobody has
taken (a call-back, a leak or burst with or without its address) every few minutes; flags a complaint nobody
contacted within the follow-up hours. The clock is injected."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from heatline.outage import OutageLog
from storage import Store, sla, tickets

log = logging.getLogger("heatline.sla")


@dataclass
class SlaWatcher:
    """One pass finds every ticket due a warning or a breach; `run` repeats it every few seconds."""

    store: Store
    clock: Callable[[], dt.datetime]
    warning_minutes: int = 20
    callback_minutes: int = 5  # an emergency nobody took: staff reminded this often
    follow_up_hours: int = 24  # a complaint's supervisor calls the resident within this many hours

    async def run_once(self) -> tuple[int, int]:
        """Give every due warning (and reminder of an emergency nobody took) and flag every breach (and complaint
        nobody followed up in time); returns (warnings and reminders, breaches and missed follow-ups)."""
        now = self.clock()
        # one clock message per ticket at a time: a breach first; a reminder not right after it nor right before
        # it (the store waits); a warning of an emergency nobody took said in a reminder (`sla.warn`, `sla.remind`),
        # never apart from it
        breached = 0
        for number in await sla.due_for_breach(self.store, now=now):
            await tickets.mark_breached(self.store, number=number, now=now)
            breached += 1
        warned = 0
        for number in await sla.due_for_reminder(self.store, every_minutes=self.callback_minutes, now=now):
            warned += await sla.remind(
                self.store, number=number, warning_minutes=self.warning_minutes, now=now
            )
        for number in await sla.due_for_warning(self.store, warning_minutes=self.warning_minutes, now=now):
            warned += await sla.warn(self.store, number=number, now=now)
        for number in await sla.due_for_follow_up(self.store, hours=self.follow_up_hours, now=now):
            breached += await sla.miss_follow_up(
                self.store, number=number, hours=self.follow_up_hours, now=now
            )
        if warned or breached:
            log.info("30-minute clock: %d warnings, %d breaches", warned, breached)
        return warned, breached

    async def run(self, stop: asyncio.Event, *, every: float = 5.0) -> None:
        """Repeat until `stop` is set."""
        await repeat(self.run_once, stop, every=every, what="30-minute clock")


async def repeat(
    one_pass: Callable[[], Awaitable[object]], stop: asyncio.Event, *, every: float, what: str
) -> None:
    """Run `one_pass` every `every` seconds until `stop` is set; a failed pass is logged, never fatal."""
    outage = OutageLog(log, f"{what} pass")
    while not stop.is_set():
        try:
            await one_pass()
        except Exception as exc:  # a database hiccup must not stop the clock for good
            outage.failed(exc)
        else:
            outage.passed()
        try:
            await asyncio.wait_for(stop.wait(), timeout=every)
        except TimeoutError:
            pass
