"""What the chat channels need from the rest of Heatline, handed in by the composition layer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from intents.company import Branch, Company
from storage import Store

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The real clock, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class ChatServices:
    """The store, the company and the knobs every chat channel shares."""

    store: Store
    company: Company
    staff_chat_ids: frozenset[int] = frozenset()
    clock: Clock = utc_now
    redis_url: str | None = None
    handoff_hours: float = 2.0
    handoff_wait_minutes: int = (
        15  # a resident waiting this long for staff's answer is told so, with the hotline
    )
    complaint_follow_up_hours: int = 24
    tickets_per_hour: int = 5
    flood_burst: int = 8
    flood_per_second: float = 1.0

    def all_staff_chats(self) -> frozenset[int]:
        """Every chat that belongs to staff: the configured ones plus each branch's own."""
        ids = set(self.staff_chat_ids)
        for branch in self.company.branches:
            ids.update(i for i in (branch.staff_chat_id, branch.supervisor_chat_id) if i is not None)
        return frozenset(ids)

    def branch_for(self, address_text: str | None, hotline: str | None = None) -> Branch:
        """The branch serving an address; when none can be told, the branch of the `hotline` number the resident
        texted (the number decides, as on a call); else the company's first branch."""
        found = self.company.branch_for_address(address_text) if address_text else None
        dialled = self.company.branch_for_hotline(hotline) if hotline else None
        return found or dialled or self.company.branches[0]
