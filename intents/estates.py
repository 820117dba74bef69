"""An estate (housing estate, 小区) said on its own after its flat ("5栋1单元302", then "凯旋小区" / "in Hongqi
compound"), and whether an address already names where its flat is."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from intents.addresses import estate_words, place_stems
from intents.normalize import simplified, to_traditional
from intents.types import Address

if TYPE_CHECKING:
    from intents.company import Company

MAX_CHARS = 200  # an address with its estate; a whole long message is not an address

# An estate named on its own, as a resident adds it after the flat ("5栋1单元302", then "凯旋小区", "在凯旋小区",
# "是凯旋小区的", "in Hongqi compound"); a one-character ending needs a name of two ("凯旋苑", not "医院").
_ESTATE_ALONE_ZH = re.compile(
    r"(?:我们家|我家|家)?住?(?:在|是)?"
    r"(?P<estate>(?![在是住])(?:[^\W\d_]{1,10}?(?:小区|花园|家园|新村|社区|公寓|大厦)|[^\W\d_]{2,10}?[苑园院村城湾府庭]))"
    r"(?:的|里|那边)?"
)
_ESTATE_ALONE_EN = re.compile(
    r"(?:(?:it'?s|it is|we'?re|we are|i'?m|i am|i live|we live|that'?s)\s+)?(?:(?:in|at)\s+)?(?:the\s+)?"
    r"(?P<estate>(?:[a-z]+\s){1,3}(?:compound|xiaoqu|gardens?|huayuan|jiayuan|estate|community|residences?"
    r"|court|park))",
    re.IGNORECASE,
)
# An address that already names where the flat is: an estate, or a street
_PLACE_NAMED = re.compile(
    r"小区|花园|家园|新村|社区|公寓|大厦|[苑园院村城湾府庭路街道巷]"
    r"|\b(?:compound|xiaoqu|gardens?|huayuan|jiayuan|estate|community|residences?|court|park|street|st|road|rd"
    r"|avenue|ave|lane)\b",
    re.IGNORECASE,
)
_ENDS = " \t.,;:!?。，；：！？、"
_NOT_A_NAME = frozenset("a an the in at my our this that it its".split())  # "the park" names no estate
# A company estate named without its ending ("红旗" for 红旗小区, "在湖西", "是桂林的"): the ending left off, and the
# words said around a name alone
_AROUND_NAME = re.compile(r"^(?:我们家|我家|家)?住?(?:在|是)?|(?:的|里|那边|那儿|那里)?\Z")
# "in Hongqi", "it's Kaixuan": a name the company serves, said alone
_PLACE_ALONE_EN = re.compile(
    r"(?:(?:it'?s|it is|we'?re|we are|i'?m|i am)\s+)?(?:(?:in|at)\s+)?(?P<name>.+)", re.I
)


def estate_alone(text: str, places: Sequence[str] = ()) -> str | None:
    """The estate when the words name one and nothing else ("在凯旋小区", "in Hongqi compound", or one of `places`
    the company serves: "Hongqi", "红旗" for 红旗小区), as written (a name without its ending, as the company names
    it)."""
    said = text.strip(_ENDS)
    chinese = simplified(said)
    found = _ESTATE_ALONE_ZH.fullmatch(chinese)
    if found is not None:  # "紅旗小區" is matched as "红旗小区", kept as written when the lengths agree
        return (said if len(said) == len(chinese) else chinese)[found.start("estate") : found.end("estate")]
    short = _short_name(chinese, tuple(places))
    if short is not None:  # "紅旗" is named as the estate is, in the script it was written in
        return short if chinese == said else to_traditional(short)
    found = _ESTATE_ALONE_EN.fullmatch(said)
    if found is not None and found["estate"].split()[0].lower() not in _NOT_A_NAME:
        return found["estate"]
    named = _PLACE_ALONE_EN.fullmatch(said) if said.isascii() else None
    known = {" ".join(place.lower().split()) for place in places if place.isascii()}
    return named["name"] if named and " ".join(named["name"].lower().split()) in known else None


def _short_name(chinese: str, places: tuple[str, ...]) -> str | None:
    """The company's estate (or district) named by its name alone, without its ending ("红旗", "在湖西", "是桂林的"), as
    the company names it; None for any other words. Only the whole message is read: "红旗" in other words is no
    estate."""
    name = _AROUND_NAME.sub("", chinese)
    if len(name) < 2 or not name.isalpha() or name.isascii():
        return None
    return place_stems(places).get(name)


def names_place(address: Address, places: Sequence[str] = ()) -> bool:
    """The address says where the flat is (an estate, a street, or one of `places` the company serves: "…501
    hongqi"), not only its building and room."""
    said = simplified(address.raw)
    if _PLACE_NAMED.search(said) is not None:
        return True
    lower = said.lower()
    return any(_place_pattern(name).search(lower) for name in places if name.strip())


@functools.cache
def _place_pattern(name: str) -> re.Pattern[str]:
    """A place's name as written in an address: Latin ones as whole words, spaces optional."""
    if not name.isascii():
        return re.compile(re.escape(simplified(name)))
    return re.compile(r"(?<![a-z])" + r"\s*".join(map(re.escape, name.lower().split())) + r"(?![a-z])")


def with_estate(address: Address, text: str, places: Sequence[str] = ()) -> Address | None:
    """The address with an estate sent after it on its own ("5栋1单元302", then "凯旋小区") put before its flat;
    None when the words are not an estate alone, or the address already says where the flat is."""
    estate = estate_alone(text, places)
    if estate is None or names_place(address, places):
        return None
    latin = estate[-1:].isascii() or (address.raw[:1].isascii() and address.raw[:1].isalpha())
    space = " " if latin else ""  # "Hongqi compound building 3…", "凯旋小区5栋1单元302"
    return dataclasses.replace(address, raw=f"{estate}{space}{address.raw}"[:MAX_CHARS])


def estate_key(text: str, company: Company) -> str | None:
    """Which estate an address is in, for telling whether two addresses are of one estate: the company's compound it
    names (`Company.estate_of`), else the estate words it starts with ("幸福小区，3栋…"), simplified and without
    spaces; None when it names no estate."""
    compound = company.estate_of(text)
    if compound is not None:
        return compound
    words = estate_words(Address(raw=text)) or ""
    return "".join(simplified(words).split()).strip(_ENDS) or None


def same_estate(text: str, company: Company) -> Callable[[str], bool] | None:
    """Whether another address is in the estate this one names (`estate_key`); None when this one names none (then
    no other address is known to be of its estate)."""
    key = estate_key(text, company)
    if key is None:
        return None
    return lambda other: estate_key(other, company) == key
