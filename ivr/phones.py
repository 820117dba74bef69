"""A phone number said or keyed where a ticket's was asked ("83251234", "0451-83251234", 045183251234#): told apart from
a ticket number, so that the caller hears it is a phone number and is asked for the ticket's; nobody's tickets are looked
up by a number a caller merely gives. Ticket numbers (`storage.numbers`) end in a check digit, which a phone number
keyed or said has only by chance: one that has it is still looked up as a ticket."""

from __future__ import annotations

import re

from intents.entities import phone_said
from storage import numbers

# The caller calls the number a ticket's ("工单号是…", "my ticket number is…"): a ticket number misheard, not a phone.
_CALLED_TICKET = re.compile(r"工单|单号|ticket|reference", re.IGNORECASE)


def instead_of_ticket(said: str, number: str | None) -> bool:
    """The words (or the keys) are a phone number where a ticket's was asked, and name no other number (`number`: the
    one they would be looked up by): a mobile, a landline with its area code, or a local number that is no ticket number
    (each ends in its check digit); not one the caller calls a ticket's."""
    phone = phone_said(said) if said else None
    return (
        phone is not None
        and not numbers.is_valid(phone)
        and (number is None or number in phone)
        and _CALLED_TICKET.search(said) is None
    )
