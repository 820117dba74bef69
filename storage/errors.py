"""Errors the store raises; every one is a HeatlineStoreError."""

from __future__ import annotations


class HeatlineStoreError(Exception):
    """Base of every error the store raises on purpose."""


class TicketNotFound(HeatlineStoreError):
    """No such ticket (or, for a resident, not theirs: the two are indistinguishable on purpose)."""

    def __init__(self, number: str) -> None:
        super().__init__(f"ticket {number} not found")
        self.number = number


class ContactNotFound(HeatlineStoreError):
    """No contact with this id."""

    def __init__(self, contact_id: int) -> None:
        super().__init__(f"contact {contact_id} not found")
        self.contact_id = contact_id


class IllegalTransition(HeatlineStoreError):
    """A status change the lifecycle does not allow."""

    def __init__(self, from_status: str, to_status: str, reason: str | None = None) -> None:
        message = f"cannot move a ticket from {from_status} to {to_status}"
        super().__init__(f"{message}: {reason}" if reason else message)
        self.from_status = from_status
        self.to_status = to_status


class TakesNoCrew(IllegalTransition):
    """A call-back or a complaint promises a call from staff, not a crew: it is never dispatched nor marked on
    site. `kind`: the ticket's kind ("callback", "complaint"); `withheld`: its caller withheld their number, so
    nobody can call them either."""

    def __init__(
        self, number: str, kind: str, from_status: str, to_status: str, *, withheld: bool = False
    ) -> None:
        super().__init__(from_status, to_status, f"ticket {number} is a {kind}: no crew is sent to it")
        self.number = number
        self.kind = kind
        self.withheld = withheld


class NobodyToCall(IllegalTransition):
    """Staff log a call back to a caller who withheld their number: nobody can call them, so no such call is."""

    def __init__(self, number: str, status: str) -> None:
        super().__init__(
            status, status, f"ticket {number}: the caller withheld their number, nobody can call them"
        )
        self.number = number


class NoArrivalTold(HeatlineStoreError):
    """Staff correct a resident's word that the crew came, but the ticket holds none (already marked on site, or
    corrected already)."""

    def __init__(self, number: str, status: str) -> None:
        super().__init__(f"ticket {number} ({status}) holds no word of the crew's arrival to correct")
        self.number = number
        self.status = status


class UnknownBranch(HeatlineStoreError):
    """A branch code that is not in the synced company config."""

    def __init__(self, code: str) -> None:
        super().__init__(f"unknown branch {code!r}")
        self.code = code


class UnknownCrew(HeatlineStoreError):
    """A crew code that is not in the synced company config."""

    def __init__(self, code: str) -> None:
        super().__init__(f"unknown crew {code!r}")
        self.code = code


class InvalidRating(HeatlineStoreError, ValueError):
    """A rating outside 1..5, or a rating of a ticket that is not resolved or closed."""


class AlreadyTaken(HeatlineStoreError):
    """Another staff member holds the ticket: a take meant for an untaken ticket (two staff pressing Take at once)
    changes nothing, and the second hears who has it. Taking it over is deliberate (`take(..., over=True)`)."""

    def __init__(self, number: str, assignee: str) -> None:
        super().__init__(f"ticket {number} is already taken by {assignee}")
        self.number = number
        self.assignee = assignee


class CrewAlreadySent(HeatlineStoreError):
    """The ticket has another crew than the one the staff member meant to replace (none: another staff member sent
    one meanwhile): nothing changes, and they hear which crew it has. Replacing it is deliberate
    (`dispatch(..., replacing=that crew)`). `status`: dispatched (on its way) or on_site."""

    def __init__(self, number: str, crew: str, status: str) -> None:
        super().__init__(f"ticket {number} already has crew {crew} ({status})")
        self.number = number
        self.crew = crew
        self.status = status


class SameBranch(HeatlineStoreError):
    """A hand-off to the branch that has the ticket already."""

    def __init__(self, number: str, branch: str) -> None:
        super().__init__(f"ticket {number} is already with branch {branch!r}")
        self.number = number
        self.branch = branch


class CrewOnSite(HeatlineStoreError):
    """A hand-off while the crew is in the flat: the repair is under way where it is; it is finished (resolved)
    there, never moved to another branch with the crew at work."""

    def __init__(self, number: str, crew: str | None) -> None:
        crew_text = f"crew {crew}" if crew else "a crew"
        super().__init__(f"ticket {number}: {crew_text} is on site, it cannot be handed off")
        self.number = number
        self.crew = crew


def unavailable(exc: BaseException) -> bool:
    """True when `exc` says the database cannot be reached now (refused, lost, timed out, locked), not that the work
    was wrong: the same work may succeed when it is tried again later."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    if isinstance(exc, OSError):
        return True
    return isinstance(exc, DBAPIError) and (
        exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError)
    )


# PostgreSQL rolled the transaction back to end a deadlock, or a conflict with one committed meanwhile.
_CONFLICTS = frozenset({"40P01", "40001"})


def conflicted(exc: BaseException) -> bool:
    """True when the database rolled the work back because another transaction wrote the same rows at the same time
    (a deadlock it broke, a serialization failure): the whole transaction, done again, will see that one's work."""
    from sqlalchemy.exc import DBAPIError

    return isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) in _CONFLICTS
