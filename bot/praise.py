"""Words that praise a repair or its crew ("师傅态度很好", "修得很快", "very professional") with nothing said against it."""

from __future__ import annotations

import re

from bot.i18n import words
from intents.normalize import simplified

_PUNCTUATION = re.compile(r"[^\w']+")


def praises(said: str) -> bool:
    """Words that praise the repair or the crew ("师傅态度很好", "very professional"), nothing said against it ("不专业",
    "not quick")."""
    text = f" {_PUNCTUATION.sub(' ', simplified(said).lower())} "
    found = [w for w in _longest_first("vocab.praise") if _has(text, w)]
    for word in found:
        text = text.replace(word, " ")
    return bool(found) and not any(_has(text, w) for w in _longest_first("vocab.not_praise"))


def _longest_first(key: str) -> list[str]:
    return sorted(words(key), key=len, reverse=True)


def _has(text: str, word: str) -> bool:
    return f" {word} " in text if word.isascii() else word in text
