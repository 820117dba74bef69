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
