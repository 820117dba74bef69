"""Groups no-heat reports from one building into incidents, as a background pass beside the clock."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from heatline.sla import repeat
from intents.company import Company
from intents.incidents import building_key
from intents.types import Address
from storage import Store, incidents
from storage.values import TicketInfo

log = logging.getLogger("heatline.incidents")


@dataclass
class IncidentWatcher:
    """Three or more no-heat reports from one building within two hours form an incident."""

    store: Store
    company: Company
    clock: Callable[[], dt.datetime]
    threshold: int = 3
    window: dt.timedelta = dt.timedelta(hours=2)

    async def run_once(self) -> tuple[int, int]:
        """Form new incidents and attach new reports to open ones; returns (formed, joined)."""
        now = self.clock()
        groups: dict[tuple[str, str], list[TicketInfo]] = defaultdict(list)
        for ticket in await incidents.unlinked_reports(self.store, since=now - self.window):
            address = Address(ticket.address_raw or "", ticket.building, ticket.unit, ticket.room)
            building = building_key(address, self.company)
            if building is not None:
                groups[building].append(ticket)
        formed = joined = 0
        for (key, label), reports in groups.items():
            existing = await incidents.open_by_key(self.store, key=key)
            if existing is not None:
                for ticket in reports:
                    await incidents.join(self.store, incident_id=existing.id, number=ticket.number, now=now)
                    joined += 1
            elif len(reports) >= self.threshold:
                numbers = [t.number for t in reports]
                await incidents.form(self.store, key=key, label=label, numbers=numbers, now=now)
                formed += 1
                log.info("incident formed at %s with %d reports", label, len(numbers))
        await incidents.close_finished(self.store, now=now)
        return formed, joined

    async def run(self, stop: asyncio.Event, *, every: float = 10.0) -> None:
        """Repeat until `stop` is set."""
        await repeat(self.run_once, stop, every=every, what="incident")
