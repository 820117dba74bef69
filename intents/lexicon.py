"""Loading the classifier's data files: phrase lists, written examples and rule vocabularies."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from intents.normalize import scoring_text
from intents.trie import factor

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
            parts = tuple(p for p in (scoring_text(part) for part in line.split(" + ")) if p)
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
                pairs.append((label.strip(), scoring_text(text)))
    return pairs


def vocab_fragments(data: Path = DATA) -> dict[str, list[str]]:
    """The rule vocabularies of `vocab.toml` as regular-expression fragments that start with a literal."""
    raw = tomllib.loads((data / "vocab.toml").read_text(encoding="utf-8"))
    return {name: [f for w in words for f in _literal_fragments(w)] for name, words in raw.items()}


class Patterns(dict[str, re.Pattern[str]]):
    """Vocabulary name -> compiled pattern, each compiled when first asked for (start-up compiles none)."""

    def __init__(self, fragments: dict[str, list[str]]) -> None:
        super().__init__()
        self.fragments = fragments

    def __missing__(self, name: str) -> re.Pattern[str]:
        pattern = self[name] = re.compile(factor(self.fragments[name]))  # KeyError for an unknown name
        return pattern


def load_vocab(data: Path = DATA) -> Patterns:
    """The rule vocabularies of `vocab.toml`, each compiled to one alternation with shared prefixes."""
    return Patterns(vocab_fragments(data))


# An option of `(?:a|b)` that can be split off: a literal first character, no group, class or escape inside
# (`plug.?in` is one; the split keeps `(?:a|b)rest` == `arest|brest`, tried in the same order).
_SIMPLE_OPTION = re.compile(r"[^\\()\[\]{}.*+?|^$][^\\()\[\]|]*")


def _literal_fragments(word: str) -> list[str]:
    """One vocabulary entry as fragments that each start with a literal character, with the same matches."""
    anchored = word.startswith("^")
    fragments = _expand(_literal_first(word[1:] if anchored else word))
    return [_anchored_first("^" + f) for f in fragments] if anchored else fragments


def _expand(fragment: str) -> list[str]:
    """`(?:a|b)rest` -> [`arest`, `brest`] when a and b are simple text, so each alternative starts literally.

    An optional group, `(?:a|b)?rest`, also gives `rest` last (as `re` tries it: the group first), when `rest`
    itself starts with a character that is not optional or is such a group.
    """
    if not fragment.startswith("(?:"):
        return [fragment]
    depth, end = 0, 0
    while end < len(fragment):
        depth += (fragment[end] == "(") - (fragment[end] == ")")
        if depth == 0:
            break
        end += 1
    options = fragment[3:end].split("|")
    rest = fragment[end + 1 :]
    if not all(_SIMPLE_OPTION.fullmatch(o) for o in options):
        return [fragment]
    if rest[:1] == "?" and _SIMPLE_OPTION.match(rest[1:]) and rest[2:3] not in ("?", "*", "{"):
        return [option + rest[1:] for option in options] + [rest[1:]]
    if rest[:1] == "?" and rest[1:].startswith(
        "(?:"
    ):  # `(?:wet |damp )?(?:socks|jeans) on`: the rest as well
        tail = _expand(rest[1:])
        if tail != [rest[1:]]:
            return [option + rest[1:] for option in options] + tail
    if rest[:1] in ("?", "*", "+", "{"):
        return [fragment]
    return [option + rest for option in options]


_PLAIN_FIRST = re.compile(r"\^([^\\()\[\]{}.*+?|^$])(?![?*+{])")


def _anchored_first(fragment: str) -> str:
    """`^do` -> `d(?<=^d)o`: a match at the start of the text that still starts with a literal character."""
    first = _PLAIN_FIRST.match(fragment)
    if first is None:
        return fragment
    char = first.group(1)
    return f"{char}(?<=^{re.escape(char)}){fragment[2:]}"


_WORD_START = re.compile(r"^\\b([a-z])")
# `re` counts a Chinese character as a word character, so "heat完全没有" has no \b after "heat" nor "暖气heat" one
# before it. The vocabularies' \b mark the ends of English words (a start only as their first item, a test checks):
# "no ASCII letter, digit or _ before / after" is the meaning wanted in mixed messages.
_ASCII_WORD_END = "(?![a-z0-9_])"


def _literal_first(fragment: str) -> str:
    r"""The same fragment written to start with a literal (`\bgas` -> `g(?<![a-z0-9_]g)as`, `\d+度` -> `0\d*度|1\d*度|...`).

    When every alternative of a pattern starts with a literal character, `re` skips positions that cannot
    start a match with one set lookup; a single `\b` alternative would disable that for the whole list.
    """
    fragment = _WORD_START.sub(lambda m: f"{m.group(1)}(?<![a-z0-9_]{m.group(1)})", fragment)
    fragment = fragment[:1] + fragment[1:].replace("\\b", _ASCII_WORD_END)
    if fragment.startswith("\\d+"):
        fragment = "(?:0|1|2|3|4|5|6|7|8|9)\\d*" + fragment[3:]
    return fragment
