"""Loading the classifier's data files: phrase lists, written examples and rule vocabularies."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from intents.normalize import normalize

DATA = Path(__file__).parent / "data"
PHRASE_SUFFIXES = (".zh.txt", ".en.txt")


@dataclass(frozen=True, slots=True)
class Phrase:
    """One phrase of a label: all parts must appear (`暖气 + 漏`)."""

    label: str
    parts: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def _lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if line:
            out.append(line)
    return out


def _label_of(path: Path) -> str | None:
    for suffix in PHRASE_SUFFIXES:
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return None


def load_phrases(data: Path = DATA) -> list[Phrase]:
    """Every phrase of every `<label>.zh.txt` / `<label>.en.txt` file, normalised."""
    phrases: list[Phrase] = []
    for path in sorted(data.glob("*.txt")):
        label = _label_of(path)
        if label is None or label.startswith("examples"):
            continue
        for line in _lines(path):
            parts = tuple(p for p in (normalize(part) for part in line.split(" + ")) if p)
            if parts:
                phrases.append(Phrase(label, parts))
    return phrases


def load_examples(data: Path = DATA) -> list[tuple[str, str]]:
    """(label, normalised text) pairs from the `examples.*.txt` files (`label<TAB>text`)."""
    pairs: list[tuple[str, str]] = []
    for path in sorted(data.glob("examples.*.txt")):
        for line in _lines(path):
            label, sep, text = line.partition("\t")
            if sep and text.strip():
                pairs.append((label.strip(), normalize(text)))
    return pairs


def load_vocab(data: Path = DATA) -> dict[str, re.Pattern[str]]:
    """The rule vocabularies of `vocab.toml`, each compiled to one alternation."""
    raw = tomllib.loads((data / "vocab.toml").read_text(encoding="utf-8"))
    return {
        name: re.compile("|".join(f"(?:{_literal_first(w)})" for w in words)) for name, words in raw.items()
    }


_WORD_START = re.compile(r"^\\b([a-z])")


def _literal_first(fragment: str) -> str:
    r"""The same fragment written to start with a literal (`\bgas` -> `g(?<!\wg)as`, `\d+度` -> `[0-9]\d*度`).

    When every alternative of a pattern starts with a literal character, `re` skips positions that cannot
    start a match with one set lookup; a single `\b` alternative would disable that for the whole list.
    """
    fragment = _WORD_START.sub(lambda m: f"{m.group(1)}(?<!\\w{m.group(1)})", fragment)
    if fragment.startswith("\\d+"):
        fragment = "[0-9]\\d*" + fragment[3:]
    return fragment
