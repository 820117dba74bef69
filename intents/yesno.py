"""A yes, a no or a cancel said as the whole answer to a question ("对的 谢谢你", "嗯嗯", "不对", "算了 不报了",
"that's right, thank you"), read one way in the chat and on the phone; the words are those of data/yesno.toml."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path

from intents.normalize import simplified

YES, NO, CANCEL = "yes", "no", "cancel"
_DATA = Path(__file__).parent / "data" / "yesno.toml"
# the lists each answer is made of; a word pointing back at what was said ("就是刚才说的那个") is a yes to it
_OF = {CANCEL: ("cancel",), NO: ("no",), YES: ("yes", "yes_more", "back")}
_AROUND = ("filler", "courtesy")  # what may stand beside any answer
_NOTHING_LEFT = re.compile(r"[\W_]*")
_QUOTES = str.maketrans("’‘`", "'''")


def fold(text: str) -> str:
    """The text as the vocabulary is written, character for character (so that a place in one is the same place in
    the other): Simplified, half width, lower case, one apostrophe."""
    folded = "".join(_fold_char(ch) for ch in text.translate(_QUOTES))
    plain = simplified(folded)
    return plain if len(plain) == len(folded) else folded


def _fold_char(ch: str) -> str:
    narrow = unicodedata.normalize("NFKC", ch).lower()
    return narrow if len(narrow) == 1 else ch


@cache
def _lists() -> dict[str, dict[str, list[str]]]:
    with _DATA.open("rb") as file:
        return tomllib.load(file)


@cache
def words(name: str) -> frozenset[str]:
    """One list of the vocabulary, in every language, folded ("yes": "是", "好的", "ok"; "no": "不对", "nope")."""
    return frozenset(fold(word) for table in _lists().values() for word in table.get(name, ()))


@cache
def _pattern(*names: str) -> re.Pattern[str]:
    """Any word of these lists."""
    return _any_of(frozenset().union(*(words(name) for name in names)))


def _any_of(found: frozenset[str]) -> re.Pattern[str]:
    """Any of the words, longest first; an English word only whole ("no" is not in "nothing")."""
    parts = (
        f"(?<![a-z']){re.escape(w)}(?![a-z'])" if w[:1].isascii() else re.escape(w)
        for w in sorted(found, key=len, reverse=True)
    )
    return re.compile("|".join(parts))


@cache
def _kind_words(kind: str) -> frozenset[str]:
    return frozenset().union(*(words(name) for name in _OF[kind]))


def meaning(text: str) -> str | None:
    """CANCEL, NO or YES when the words say only that, with nothing beside it but fillers and thanks ("不用了 谢谢你",
    "不对", "对的 谢谢你", "嗯嗯", "对啊 就是刚才说的那个", "yes thanks"); else None ("没有了 谢谢", "对 不过是502")."""
    said = fold(text)
    for kind in (CANCEL, NO, YES):  # the first that fits: "不用了" is a cancel, "不对" a no
        pattern = _pattern(*_OF[kind], *_AROUND)
        found = set(pattern.findall(said))
        answers = found & _kind_words(kind)
        if answers and _NOTHING_LEFT.fullmatch(pattern.sub(" ", said)) and not _thinking(answers, found):
            return kind
    return None


def _thinking(answers: set[str], found: set[str]) -> bool:
    """An answer of hesitation sounds only ("嗯") beside another ("嗯 这个嘛", "嗯 那个"): thinking, not a yes."""
    sounds = words("hesitation")
    return answers <= sounds and bool((found & sounds) - answers)


@cache
def _lead() -> re.Pattern[str]:
    """Answer words, fillers, thanks and a "but", with what stands between them, from the start."""
    every = _pattern("yes", "yes_more", "back", "no", "cancel", *_AROUND, "but").pattern
    return re.compile(rf"(?:{every}|[\W_])*")


def leading(text: str) -> tuple[str | None, str]:
    """The yes or no the words begin with (None when they begin with neither), and the words after it and its
    fillers, a "but" dropped (a cancel leads nothing): "不对 是五零二" -> (NO, "五零二"), "对 不过是502" -> (YES,
    "502"), "no, it's room 504" -> (NO, "it's room 504"), "十五度 我妈家也漏了" -> (None, the words)."""
    folded = fold(text)
    match = _lead().match(folded)
    end = match.end() if match is not None else 0
    first = _first().search(folded, 0, end)
    lead = first.group() if first is not None else folded[:end]
    kind = next((k for k in (CANCEL, NO, YES) if lead in _kind_words(k)), None) or meaning(lead)
    return (kind if kind in (YES, NO) else None), text[end:].strip()


@cache
def _first() -> re.Pattern[str]:
    """The words that answer ("不对", "对", "不用了"), not those that are fillers as well ("嗯", "ok")."""
    answers = frozenset().union(*(_kind_words(kind) for kind in (CANCEL, NO, YES)))
    return _any_of(answers - words("filler"))
