"""Call-back tickets (a voicemail, an address the phone could not read, a hang-up): the resident is promised a call
from the duty staff, never a crew. Staff log the call they made; no crew is sent to a call-back, nor marked on site.

Reach these through `storage.tickets` (they are re-exported there).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from storage import _journal as journal
from storage._changes import Change, change_ticket
from storage._common import aware
from storage.db import Store
from storage.errors import CallBackHasNoCrew, IllegalTransition
from storage.values import OPEN_STATUSES, Status, TicketInfo, TicketKind

CALLED_BACK = "called_back"  # the event logged when staff phoned a call-back's resident
_CREW_STATUSES = frozenset({Status.DISPATCHED, Status.ON_SITE})


def refuse_crew(locked: journal.Locked, to: Status) -> None:
    """CallBackHasNoCrew when a crew would be sent to (or marked on site at) a call-back."""
    if locked.row.kind == TicketKind.CALLBACK and to in _CREW_STATUSES:
        raise CallBackHasNoCrew(locked.number, str(locked.status), str(to))


async def call_back(
    store: Store, *, number: str, staff: str, actor: str, now: dt.datetime | None = None
) -> TicketInfo:
    """Staff phoned the resident of a call-back: the call is logged with who made it, and a call-back nobody had
    taken is theirs now (its reminders stop). The resident, just spoken to, is sent nothing; the ticket stays open
    until staff close it (resolve). IllegalTransition for a ticket that is not an open call-back."""
    now = aware(now)

    def decide(locked: journal.Locked) -> Change:
        if locked.row.kind != TicketKind.CALLBACK or locked.status not in OPEN_STATUSES:
            reason = "only an open call-back is called back"
            raise IllegalTransition(str(locked.status), str(locked.status), reason)
        values: dict[str, Any] = {"assignee": locked.row.assignee or staff, "updated_at": now}
        change = Change(values, CALLED_BACK, actor, now, {"staff": staff})
        if locked.status in (Status.NEW, Status.REOPENED):  # nobody had taken it: the caller has
            values.update(status=str(Status.ACKNOWLEDGED), acknowledged_at=now, assignee=staff)
            change.from_status, change.to_status = str(locked.status), str(Status.ACKNOWLEDGED)
        return change

    return await change_ticket(store, number, decide)
