"""Misspelt English words of the domain read as the words they miss ("raditors" -> "radiators")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

# Misspelt English words of the domain ("raditors", "frezing", "leakig"): an unknown word of five letters or more
# one edit (two from seven letters) from one of these, with the same first letter, is read as that word.
_DOMAIN_WORDS = (
    "radiator",
    "radiators",
    "heating",
    "heater",
    "heaters",
    "leaking",
    "leaks",
    "dripping",
    "freezing",
    "frozen",
    "burst",
    "bursting",
    "flooding",
    "flooded",
    "spraying",
    "gushing",
    "pouring",
    "pipes",
    "valve",
    "valves",
    "lukewarm",
    "ceiling",
    "engineer",
    "technician",
    "temperature",
    "apartment",
    "repair",
    "thermostat",
    "working",
    "nobody",
    "complaint",
    "operator",
    "status",
    "coming",
    "reported",
)
# Real words within reach of a domain word ("heated" -> "heater", "leaving" -> "leaking", "feeling" -> "freezing",
# "drilling" -> "dripping") are never respelt: a real word read as a leak would be a false emergency.
_REAL_WORDS = frozenset(
    """
    heated heats later pipes valves bursts leaked leaky water eating seating reports reporting driving drives
    brushing burning burnt burying busting camping ceasing closing coating coding combing cooking coping copying
    costing curling cycling dipping drilling drilled feeding feeling fleeing floated floating floored flooring
    flowing folding freeing gashing guessing guiding hating header headers heading healer healing hearing heaving
    helpers herders herding hosting hunters hunting hurting lacking leading leads leaning leans leaping leaps
    learning leasing leaving leeks licking linking loading locking pausing piles pines popping pouting radiate
    radiated radiates recorded repaid repeated reporter reporters scraping sparing sparking spraining sprains statue
    staying straying value values walking warning winking wording worrying
    """.split()
)
_LONG_WORD = re.compile(r"[a-z]{5,}")
_BY_INITIAL: dict[str, tuple[str, ...]] = {}
for _word in _DOMAIN_WORDS:
    _BY_INITIAL[_word[0]] = (*_BY_INITIAL.get(_word[0], ()), _word)
_MEMO_SIZE = 50000


class Respeller:
    """Unknown English words close to a word of the domain replaced by it; known words (`known`'s ASCII words, and
    the real words above) and everything else unchanged."""

    def __init__(self, known: Iterable[str]) -> None:
        self._known = frozenset(w for w in known if w.isascii() and w.isalpha()) | _REAL_WORDS
        self._respelt: dict[str, str] = {}  # memo of unknown words, bounded

    def __call__(self, norm: str) -> str:
        if self._known.issuperset(_LONG_WORD.findall(norm)):  # the usual case: nothing to respell
            return norm
        return _LONG_WORD.sub(self._respell, norm)

    def _respell(self, match: re.Match[str]) -> str:
        word = match.group(0)
        if word in self._known:
            return word
        done = self._respelt.get(word)
        if done is not None:
            return done
        cut = 1 if len(word) < 7 else 2
        near = [w for w in _BY_INITIAL.get(word[0], ()) if abs(len(w) - len(word)) <= cut]
        hit = process.extractOne(word, near, scorer=OSA.distance, score_cutoff=cut) if near else None
        done = hit[0] if hit is not None else word
        if len(self._respelt) < _MEMO_SIZE:
            self._respelt[word] = done
        return done
