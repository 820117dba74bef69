"""Ticket numbers: the ticket's never-reused id plus 100000, and a Luhn check digit (7 digits at first).

The check digit catches a single mistyped keypad digit and most swapped neighbours.
"""

from __future__ import annotations

OFFSET = 100_000
MIN_LENGTH = 6
MAX_LENGTH = 10


def _luhn_sum(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total


def check_digit(body: str) -> str:
    """The Luhn digit to append to `body`."""
    return str((10 - _luhn_sum(body + "0") % 10) % 10)


def from_id(ticket_id: int) -> str:
    """The ticket number of the ticket with this database id."""
    if ticket_id < 1:
        raise ValueError(f"ticket id must be positive, got {ticket_id}")
    body = str(OFFSET + ticket_id)
    number = body + check_digit(body)
    if len(number) > MAX_LENGTH:
        raise ValueError(f"ticket id {ticket_id} is too large for a {MAX_LENGTH}-digit number")
    return number


def is_valid(number: str) -> bool:
    """True for a well-formed ticket number: 6 to 10 ASCII digits with a correct check digit."""
    if not (MIN_LENGTH <= len(number) <= MAX_LENGTH) or not number.isascii() or not number.isdigit():
        return False
    return _luhn_sum(number) % 10 == 0 and int(number[:-1]) > OFFSET


def to_id(number: str) -> int | None:
    """The database id a valid ticket number was made from, or None."""
    return int(number[:-1]) - OFFSET if is_valid(number) else None
