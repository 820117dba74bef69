"""What `tickets list` and `report` filter by, read as people type it: a status in any case, a branch by its code, a
phone number in any common form. A value that matches nothing there is refused in one line, never answered with
an empty list that looks like "no tickets"."""

from __future__ import annotations

import re

from heatline.cli import CommandError
from intents.company import E164, Company
from storage.values import Status

_SEPARATORS = re.compile(r"[\s\-().]")
_MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")  # 13900007777
_DOMESTIC = re.compile(r"^0[1-9]\d{8,10}$")  # 043188880001: a landline with its area code


def status(value: str | None) -> Status | None:
    """A ticket status in any case, with a space or dash for the underscore ("On site", "on-site")."""
    if value is None:
        return None
    try:
        return Status(_SEPARATORS.sub("_", value.strip()).lower())
    except ValueError:
        raise CommandError(
            f"unknown status {value!r}; one of: {', '.join(s.value for s in Status)}"
        ) from None


def branch(value: str | None, company: Company) -> str | None:
    """A branch code of the company, in any case."""
    if value is None:
        return None
    found = company.branch(value.strip().lower())
    if found is None:
        raise CommandError(f"unknown branch {value!r}; one of: {', '.join(b.code for b in company.branches)}")
    return found.code


def phone(value: str | None) -> str | None:
    """A phone number as E.164, from the forms people write: +8613900007777, +86 139 0000 7777, 13900007777,
    008613900007777, 0431-8888-0001 (China, where the company is, for numbers without a country code)."""
    if value is None:
        return None
    digits = _SEPARATORS.sub("", value)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if _MAINLAND_MOBILE.match(digits):
        digits = "+86" + digits
    elif _DOMESTIC.match(digits):
        digits = "+86" + digits[1:]
    elif digits.startswith("86") and _MAINLAND_MOBILE.match(digits[2:]):
        digits = "+" + digits
    if not E164.match(digits):
        raise CommandError(f"{value!r} is not a phone number; write it like +8613900007777 or 13900007777")
    return digits
