"""The rule vocabulary found in a message (`Signals`): each vocabulary is searched only when a rule asks for it,
with searches built to keep `re` fast."""

from __future__ import annotations

import re
from collections.abc import Callable

from intents.lexicon import load_vocab
from intents.trie import factor

VOCAB = load_vocab()
FRAGMENTS = VOCAB.fragments


Search = Callable[[str], "re.Match[str] | None"]


def _compiled(fragments: list[str]) -> Search:
    return re.compile(factor(fragments)).search


def starts_loose(fragment: str) -> bool:
    """A fragment that does not start with a literal character: anchored, or a group, class or class escape."""
    first = fragment[0]
    return first in "^([." or (first == "\\" and fragment[1:2].isalnum())


def _search_of(fragments: list[str], by_script: bool) -> Search:
    """A search for any of `fragments`, in parts that each keep `re` fast; only whether one is found is asked.

    `re` skips the positions that cannot start a match only when every top-level branch starts with a literal:
    one anchored or grouped fragment among hundreds of words would make it try every branch at every position,
    so fragments that start loose are searched on their own, and only when the text holds what they look
    behind for ("(?<=fixed )burst" needs "fixed "). With `by_script`, Chinese and English fragments are two
    searches: a Chinese character is no longer tried against the English branches nor a letter against the
    Chinese ones, and an ASCII text is not searched for Chinese at all (`str.isascii` reads a flag).
    """
    loose = [f for f in fragments if starts_loose(f)]
    plain = [f for f in fragments if not starts_loose(f)]
    if not plain or (not loose and not by_script):
        return _compiled(fragments)
    if not by_script:  # some fragments start loose
        search, other = _compiled(plain), _loose_search(loose)
        return lambda text: search(text) or other(text)
    chinese = _compiled([f for f in plain if not f[0].isascii()])
    latin = _compiled([f for f in plain if f[0].isascii()])
    if not loose:
        return lambda text: (not text.isascii() and chinese(text)) or latin(text)
    other = _loose_search(loose)
    return lambda text: (not text.isascii() and chinese(text)) or latin(text) or other(text)


def _loose_search(loose: list[str]) -> Search:
    """Fragments that start loose; when each looks behind for a text first, searched only if one is there."""
    groups = [needles(f) for f in loose]
    if any(group is None for group in groups):
        return _compiled(loose)
    known = sorted({re.escape(n) for group in groups if group is not None for n in group})
    wanted, behind = re.compile("|".join(known)).search, _compiled(loose)
    return lambda text: behind(text) if wanted(text) else None


_LOOKS_BEHIND = re.compile(r"\(\?<=(\[[^\]\\^-]+\]|[^()\[\]\\|.*+?{}^$]+)\)")


def needles(fragment: str) -> tuple[str, ...] | None:
    """What a fragment that starts by looking behind needs in the text: `(?<=fixed )` -> ("fixed ",),
    `(?<=[冷冻])` -> ("冷", "冻"); None when it does not start so."""
    behind = _LOOKS_BEHIND.match(fragment)
    if behind is None:
        return None
    needed = behind.group(1)
    return tuple(needed[1:-1]) if needed.startswith("[") else (needed,)


# The long mixed vocabularies searched in every message are searched one script at a time; `escaping` is leak or
# burst, one search for the usual "neither". Hard negatives and masks are also removed from the text, with their
# one pattern in `VOCAB`.
_BY_SCRIPT = {
    # a home off the city network counts as a hard negative too: looked for only where one is found
    "hard_negatives": FRAGMENTS["hard_negatives"] + FRAGMENTS["off_network"],
    "escaping": FRAGMENTS["leak"] + FRAGMENTS["burst"],
    "masks": FRAGMENTS["masks"],  # found in few messages: searched before replaced
    "idioms": FRAGMENTS["idioms"],
    "figures": FRAGMENTS["masks"] + FRAGMENTS["idioms"],  # one search for the usual "neither"
    "after_any": FRAGMENTS["asks_after"] + FRAGMENTS["eta"] + FRAGMENTS["progress"],  # likewise
    "news": [  # likewise
        *FRAGMENTS["worsening"],
        *FRAGMENTS["water_rising"],
        *FRAGMENTS["resolved"],
        *FRAGMENTS["crew_arrived"],
    ],
}


class _Searches(dict[str, Search]):
    """Vocabulary name -> its search, compiled when first asked for: start-up compiles no rule pattern."""

    def __missing__(self, name: str) -> Search:
        fragments = _BY_SCRIPT.get(name)
        search = _search_of(FRAGMENTS[name] if fragments is None else fragments, fragments is not None)
        self[name] = search
        return search


SEARCH = _Searches()


_CLOSING = re.compile("[关修阀补堵换]")  # a past marker that closes an escape: it may follow it


class Signals:
    """Rule vocabulary found in a message, each looked up only when a rule asks for it."""

    __slots__ = (
        "_memo",
        "addressed",
        "burst",
        "hard_negative",
        "heating",
        "leak",
        "masked_any",
        "rest",
        "text",
    )

    def __init__(self, text: str, addressed: bool = False) -> None:
        self.addressed = addressed  # a flat's address given: "不热" is said of a home
        search = SEARCH
        self.masked_any = False
        if search["figures"](text) is not None:  # a mask or a figure of speech: in few messages
            if search["idioms"](text) is not None:  # figures of speech say nothing of heating
                text = VOCAB["idioms"].sub(" ", text)
            self.masked_any = search["masks"](text) is not None
            text = VOCAB["masks"].sub(" ", text) if self.masked_any else text
        self.text = text
        self.hard_negative = search["hard_negatives"](text) is not None
        self.rest = VOCAB["hard_negatives"].sub(" ", text) if self.hard_negative else text
        self.heating = search["heating"](self.rest) is not None
        escaping = search["escaping"](text) is not None  # leak or burst: one search for "neither"
        self.leak = escaping and search["leak"](text) is not None
        self.burst = escaping and search["burst"](text) is not None
        self._memo: dict[str, bool] = {}

    def _lazy(self, name: str, text: str) -> bool:
        found = self._memo.get(name)
        if found is None:
            found = self._memo[name] = SEARCH[name](text) is not None
        return found

    def has(self, name: str) -> bool:
        """Whether the vocabulary `name` occurs in the (masked) message; looked up once."""
        found = self._memo.get(name)
        if found is None:
            found = self._memo[name] = SEARCH[name](self.text) is not None
        return found

    @property
    def hypothetical(self) -> bool:
        """If/in case/usually; or asking advice ("找谁", "who do I call") about nothing happening now."""
        found = self._memo.get("_hyp")
        if found is None:
            found = self._memo["_hyp"] = (
                self._lazy("hypothetical", self.text)
                or self.has("speculation")
                or (self._lazy("advice", self.text) and not self._lazy("current", self.text))
            )
        return found

    @property
    def policy(self) -> bool:
        """A hypothetical question, or what a repair costs asked with no sign of water escaping now; never while
        water is said to escape now ("还在滴…不行的话明早也行": the 'if' is about the visit)."""
        # what it costs, asked while nothing says the water goes on ("it's dripping — who pays for the repaint?")
        asked = (
            self.hypothetical
            or self.has("crews_enough")
            or (
                not self.has("current")
                and not self.has("ongoing")
                and (self.has("fee_question") or self.has("scope_question"))
            )
        )
        # a deadline set for a crew not come yet ("calling the news if no one comes in 10 minutes") is no hypothesis
        return asked and not self.has("escaping_now") and not self.has("crew_deadline")

    @property
    def water(self) -> bool:
        return self._lazy("water_context", self.rest)

    @property
    def indoor(self) -> bool:
        return self._lazy("indoor", self.rest)

    @property
    def cold_indoor(self) -> bool:
        return self._lazy("cold", self.text) and (
            self.heating or self.masked_any or self.indoor or self.addressed
        )

    @property
    def service(self) -> bool:
        return self._lazy("service", self.text)

    @property
    def reported(self) -> bool:
        return self._lazy("reported", self.text)

    @property
    def standard_question(self) -> bool:
        return self._lazy("standard_question", self.text)

    @property
    def states_reading(self) -> bool:
        """A temperature told, not asked: no question, no norm, no hypothesis."""
        return (
            self._lazy("stated_temperature", self.text)
            and not self._lazy("question", self.text)
            and not self.standard_question
            and not self.hypothetical
            and not self._lazy("normative_temperature", self.text)
        )

    @property
    def cold_report(self) -> bool:
        return (
            self._lazy("own_reading", self.text)
            or self._lazy("valve_still_cold", self.text)
            or (self._lazy("cold_report", self.text) and self._lazy("home", self.text))
        )

    @property
    def escape_in_past(self) -> bool:
        """Every leak or burst word is told as past, so one told now ("暖气片漏水，而且上次…") is an emergency.

        Past means a marker shortly before the word ("上次漏", "last week … was pouring"), or one that closes the
        escape just after it: a valve shut or a repair done ("漏水关了阀门"), or in English any marker just after
        ("leaked last winter"). Looked up once: the rules ask it several times of a message.
        """
        found = self._memo.get("_past")
        if found is None:
            found = self._memo["_past"] = self._escape_in_past()
        return found

    def _escape_in_past(self) -> bool:
        text = self.text
        marks = [(m.start(), m.group(0)) for m in VOCAB["past_escape"].finditer(text)]
        if not marks:
            return False
        for name in ("leak", "burst"):
            for escape in VOCAB[name].finditer(text):
                at = escape.start()
                english = text[at].isascii()
                if not any(
                    0 <= at - mark <= (80 if english else 14)
                    or 0 <= mark - at <= (30 if english else 8 if _CLOSING.search(said) else -1)
                    for mark, said in marks
                ):
                    return False
        return True


# Every `water_rising` entry names the water with one of these (a test checks): a message without them is not searched.
WATER_HINTS = ("水", "water", "puddle", "pool")


def names_water(text: str) -> bool:
    return "水" in text or "water" in text or "puddle" in text or "pool" in text
