"""Tickets settled by staff phoning the resident, never by a crew: a call-back (a voicemail, an address the phone
could not read, a hang-up), promised a call from the duty staff, and a complaint, promised the duty supervisor's
follow-up. Staff log the call they made; no crew is sent to either, nor marked on site.

Reach these through `storage.tickets` (they are re-exported there).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from storage import _journal as journal
from storage._changes import Change, change_ticket
from storage._common import aware
from storage.db import Store
from storage.errors import IllegalTransition, NobodyToCall, TakesNoCrew
from storage.values import CALL_KINDS, OPEN_STATUSES, Status, TicketInfo, TicketKind, withheld

CALLED_BACK = "called_back"  # the event logged when staff phoned a call-back's resident
CONTACTED = "contacted"  # the event logged when staff contacted a complainant: the follow-up promised
# The event of staff's call, by the kind of ticket it settles.
CALL_EVENTS = {str(TicketKind.CALLBACK): CALLED_BACK, str(TicketKind.COMPLAINT): CONTACTED}
_CREW_STATUSES = frozenset({Status.DISPATCHED, Status.ON_SITE})


def call_event(kind: str) -> str:
    """The event logged when staff phone the resident of a ticket of this kind ("called_back", "contacted")."""
    return CALL_EVENTS.get(str(kind), CALLED_BACK)


def refuse_crew(locked: journal.Locked, to: Status) -> None:
    """TakesNoCrew when a crew would be sent to (or marked on site at) a call-back or a complaint."""
    if locked.row.kind in CALL_KINDS and to in _CREW_STATUSES:
        kind, status = str(locked.row.kind), str(locked.status)
        raise TakesNoCrew(locked.number, kind, status, str(to), withheld=withheld(locked.phone))


async def call_back(
    store: Store, *, number: str, staff: str, actor: str, now: dt.datetime | None = None
) -> TicketInfo:
    """Staff phoned the resident of a call-back, or contacted a complainant (the follow-up promised): the call is
    logged with who made it (`call_event`), and a ticket nobody had taken is theirs now (a call-back's reminders
    stop). The resident, just spoken to, is sent nothing; the ticket stays open until staff close it (resolve).
    IllegalTransition for a ticket that is not an open call-back or complaint; NobodyToCall for one whose caller
    withheld their number."""
    now = aware(now)

    def decide(locked: journal.Locked) -> Change:
        if locked.row.kind not in CALL_KINDS or locked.status not in OPEN_STATUSES:
            reason = "only an open call-back or complaint is called back"
            raise IllegalTransition(str(locked.status), str(locked.status), reason)
        if withheld(locked.phone):
            raise NobodyToCall(locked.number, str(locked.status))
        values: dict[str, Any] = {"assignee": locked.row.assignee or staff, "updated_at": now}
        change = Change(values, call_event(locked.row.kind), actor, now, {"staff": staff})
        if locked.status in (Status.NEW, Status.REOPENED):  # nobody had taken it: the caller has
            values.update(status=str(Status.ACKNOWLEDGED), acknowledged_at=now, assignee=staff)
            change.from_status, change.to_status = str(locked.status), str(Status.ACKNOWLEDGED)
        return change

    return await change_ticket(store, number, decide)
