"""The promises a repair made: one per pass, the report's and each reopening's, each a crew on site within the
minutes. The ticket row holds its current pass; a reopening keeps the pass it ends in its event's data, so that the
figures count every promise made, kept or broken, not only the last.

Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storage._common import aware

PASS = "pass"  # the key of the pass a reopening ended, in its event's data


def _at(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    return aware(dt.datetime.fromisoformat(value) if isinstance(value, str) else value)


@dataclass(frozen=True, slots=True)
class Pass:
    """One promise of a crew on site: when its clock started, when it was due, what became of it."""

    started: dt.datetime
    due: dt.datetime
    on_site: dt.datetime | None  # staff marked the crew on site
    told: dt.datetime | None  # the resident said the crew had come, before staff marked it
    breached: bool
    resolved: dt.datetime | None
    dispatched: dt.datetime | None = None  # a crew was sent (kept by reopenings since crews were timed so)

    @classmethod
    def of_ticket(cls, m: Mapping[Any, Any]) -> Pass:
        """The ticket's current pass, from its row's columns."""
        return cls(
            started=aware(m["reopened_at"] or m["created_at"]),
            due=aware(m["due_at"]),
            on_site=_at(m["on_site_at"]),
            told=_at(m["arrival_reported_at"]),
            breached=bool(m["breached"]),
            resolved=_at(m["resolved_at"]),
            dispatched=_at(m["dispatched_at"]),
        )

    @classmethod
    def kept(cls, data: Mapping[str, Any]) -> Pass | None:
        """The pass a reopening ended, as its event keeps it (None for a reopening logged before passes were kept)."""
        kept = data.get(PASS)
        if not isinstance(kept, Mapping):
            return None
        return cls(
            started=aware(dt.datetime.fromisoformat(kept["started"])),
            due=aware(dt.datetime.fromisoformat(kept["due"])),
            on_site=_at(kept.get("on_site")),
            told=_at(kept.get("told")),
            breached=bool(kept.get("breached")),
            resolved=_at(kept.get("resolved")),
            dispatched=_at(kept.get("dispatched")),
        )

    def as_data(self) -> dict[str, Any]:
        """The pass as JSON for the reopening's event."""
        times = {
            "on_site": self.on_site,
            "told": self.told,
            "resolved": self.resolved,
            "dispatched": self.dispatched,
        }
        return {
            "started": self.started.isoformat(),
            "due": self.due.isoformat(),
            "breached": self.breached,
            **{k: v.isoformat() for k, v in times.items() if v is not None},
        }

    def arrival(self) -> tuple[dt.datetime | None, bool]:
        """When the crew got there, as first known: staff marking it on site, or the resident saying so before that
        (each is no earlier than the arrival itself); a crew sent to a repair resolved with neither (staff went
        straight from dispatched to resolved) was there by the resolution at the latest. And whether the resident's
        word is what timed it."""
        if self.told is not None and (self.on_site is None or self.told < self.on_site):
            return self.told, True
        if self.on_site is None and self.dispatched is not None and self.resolved is not None:
            return self.resolved, False
        return self.on_site, False

    def measurable(self, now: dt.datetime) -> bool:
        """The promise can be judged: the crew came, or the time ran out; not one still running, nor one settled
        with no crew sent (fixed on the phone) and never broken."""
        arrived, _ = self.arrival()
        if arrived is not None or self.breached:
            return True
        return self.due <= now and self.resolved is None

    def on_time(self) -> bool:
        """The crew got there by the promised time, and no breach was flagged."""
        arrived, _ = self.arrival()
        return arrived is not None and arrived <= self.due and not self.breached
