"""Sending a crew to a ticket, and changing or recording it: decided on the ticket as it is when the change is
written, so that two staff members sending crews at once never both succeed.

Reach these through `storage.tickets` (they are re-exported there).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from storage import _journal as journal
from storage._changes import Change, change_ticket, new_state
from storage._common import aware
from storage.calls import refuse_crew
from storage.db import Store
from storage.errors import CrewAlreadySent
from storage.values import Status, TicketInfo
from storage.workflow import past_due, status_change

CREW_CHANGED = "crew"  # the event of a crew replaced (on its way) or corrected (on site)
_SENT = frozenset({Status.DISPATCHED, Status.ON_SITE})


async def dispatch(
    store: Store,
    *,
    number: str,
    crew: str,
    actor: str,
    now: dt.datetime | None = None,
    replacing: str | None = None,
    staff: str | None = None,
) -> TicketInfo:
    """Send a crew: sets the crew and moves to dispatched. `replacing`: the crew the staff member means to replace
    (None: they saw none on the ticket). A ticket with another crew than that one (sent by someone else meanwhile)
    keeps it: CrewAlreadySent names it. A crew replaced on its way is told to the resident as a replacement; on a
    ticket whose crew is on site already ("crew on the spot"), the crew is recorded (or corrected) and the resident,
    who has the crew at the door, is told nothing. The crew the ticket has already: nothing changes. `staff`: the
    name of the staff member, kept in the event."""
    now = aware(now)

    def decide(locked: journal.Locked) -> Change | None:
        assert locked.requested_crew is not None  # change_ticket looked it up
        refuse_crew(locked, Status.DISPATCHED)
        code, name, name_en = locked.requested_crew
        current = locked.row.crew if locked.status in _SENT else None
        if current == code:
            return None  # already on its way (or there): the resident is not told twice
        if current and current.lower() != (replacing or "").lower():
            raise CrewAlreadySent(locked.number, current, str(locked.status))
        previous = {
            "previous_crew": current,
            "previous_crew_name": locked.crew_name,
            "previous_crew_name_en": locked.crew_name_en,
        }
        locked.crew_name, locked.crew_name_en = name, name_en
        if current is None and locked.status != Status.ON_SITE:
            values = {"crew": code}
            return status_change(
                store, locked, to=Status.DISPATCHED, actor=actor, now=now, values=values, staff=staff
            )
        return _crew_changed(locked, code, previous if current else {}, actor=actor, now=now, staff=staff)

    return await change_ticket(store, number, decide, crew=crew)


def _crew_changed(
    locked: journal.Locked,
    code: str,
    previous: dict[str, Any],
    *,
    actor: str,
    now: dt.datetime,
    staff: str | None,
) -> Change:
    """Another crew on a ticket that has one (on its way: the resident is told it replaces the first), or the crew
    recorded on a ticket marked on site without one."""
    values: dict[str, Any] = {"crew": code, "updated_at": now}
    data = {"crew": code, "previous": previous.get("previous_crew"), "staff": staff}
    change = Change(values, CREW_CHANGED, actor, now, {k: v for k, v in data.items() if v is not None})
    if locked.status == Status.DISPATCHED:
        state = new_state(locked, values)
        body = journal.payload(state, locked, late=past_due(state["due_at"], now), **previous)
        change.tell_residents(locked, "status.dispatched", body)
    return change
