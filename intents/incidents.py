"""Which building a report is about, so several reports of one fault can be seen as one incident."""

from __future__ import annotations

import re

from intents.company import Company
from intents.normalize import normalize
from intents.types import Address

# The words before the building number name the residential compound: "红旗小区3栋" -> "红旗小区".
_COMPOUND = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:小区|花园|家园|公寓|苑|园|城|村|里|庭|府|湾|居))")


def building_key(address: Address | None, company: Company) -> tuple[str, str] | None:
    """(key, label) naming one building of one compound, or None when the address cannot tell it. A compound written
    in Latin letters ("Guilin building 2") keys as its name in characters, so it joins the same building's reports."""
    if address is None or not address.building:
        return None
    text = normalize(address.raw)
    compound = next((c for c in _compounds(company) if normalize(c) in text), None) or company.estate_of(
        address.raw
    )
    if compound is None:
        match = _COMPOUND.search(text)
        if match is None:
            return None
        compound = match.group(1)
    key = f"{normalize(compound)}#{address.building}"
    return key, f"{compound}{address.building}栋"  # "桂林小区2栋", as residents and staff write a building


def _compounds(company: Company) -> list[str]:
    names = [c for branch in company.branches for c in branch.compounds]
    return sorted(names, key=len, reverse=True)
