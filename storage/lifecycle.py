"""The ticket lifecycle as data: which status may follow which. Pure, no database.

new -> acknowledged -> dispatched -> on_site -> resolved -> closed. Staff may skip forward within
new..resolved; `closed` follows only `resolved`. `cancelled` ends any open ticket. Backward moves happen
only through `reopened` (from resolved or closed), after which the flow continues like from new.
"""

from __future__ import annotations

from storage.errors import IllegalTransition
from storage.values import OPEN_STATUSES, Status

FLOW: tuple[Status, ...] = (
    Status.NEW,
    Status.ACKNOWLEDGED,
    Status.DISPATCHED,
    Status.ON_SITE,
    Status.RESOLVED,
    Status.CLOSED,
)
_RANK = {status: i for i, status in enumerate(FLOW)} | {Status.REOPENED: 0}


def _allowed(current: Status) -> frozenset[Status]:
    if current == Status.CANCELLED:
        return frozenset()
    if current == Status.CLOSED:
        return frozenset({Status.REOPENED})
    if current == Status.RESOLVED:
        return frozenset({Status.CLOSED, Status.REOPENED})
    ahead = {s for s in FLOW[1:-1] if _RANK[s] > _RANK[current]}
    return frozenset(ahead | {Status.CANCELLED})


ALLOWED: dict[Status, frozenset[Status]] = {status: _allowed(status) for status in Status}


def can_move(current: Status, to: Status) -> bool:
    """True when a ticket in `current` may move to `to`."""
    return to in ALLOWED[current]


def check(current: Status, to: Status) -> None:
    """Raise IllegalTransition, with the reason, unless `current -> to` is allowed."""
    if can_move(current, to):
        return
    if current == to:
        reason = f"the ticket is already {to}"
    elif current == Status.CANCELLED:
        reason = "a cancelled ticket is final"
    elif to == Status.REOPENED:
        reason = "only a resolved or closed ticket can be reopened"
    elif to == Status.CLOSED:
        reason = "only a resolved ticket can be closed"
    elif to == Status.NEW:
        reason = "no ticket goes back to new; reopen it instead"
    elif current not in OPEN_STATUSES:
        reason = f"the ticket is {current}; reopen it first"
    else:
        reason = "that would go backward; only reopening goes back"
    raise IllegalTransition(str(current), str(to), reason)
