"""Alternations of regular-expression fragments compiled with their literal prefixes shared (a trie)."""

from __future__ import annotations

import re

_SPECIAL = frozenset("\\()[]{}.*+?|^$")
_QUANTIFIERS = frozenset("?*+{")


def _literal_prefix(fragment: str) -> int:
    """Length of the plain text a fragment starts with (a character followed by a quantifier is not plain)."""
    end = 0
    while end < len(fragment) and fragment[end] not in _SPECIAL:
        if end + 1 < len(fragment) and fragment[end + 1] in _QUANTIFIERS:
            break
        end += 1
    return end


class _Node:
    __slots__ = ("children", "first", "rests")

    def __init__(self, first: int) -> None:
        self.children: dict[str, _Node] = {}
        self.rests: list[tuple[int, str]] = []
        self.first = first


def factor(fragments: list[str]) -> str:
    """One alternation of `fragments` with their literal prefixes shared as a trie (`暖气|暖管` -> `暖(?:气|管)`).

    `re` tries the branches of an alternation one by one at each candidate position; sharing prefixes lets a
    position fail after one branch per distinct first character instead of one per word. At any position the
    same alternative wins as in the flat list whenever the fragments' earlier alternatives come first.
    """
    root = _Node(0)
    for index, fragment in enumerate(fragments):
        cut = _literal_prefix(fragment)
        node = root
        for ch in fragment[:cut]:
            child = node.children.get(ch)
            if child is None:
                child = node.children[ch] = _Node(index)
            node = child
        rest = fragment[cut:]
        node.rests.append((index, f"(?:{rest})" if "|" in rest else rest))
    return _emit(root)


def _emit(node: _Node) -> str:
    branches = [(child.first, re.escape(ch) + _emit(child)) for ch, child in node.children.items()]
    branches += node.rests
    branches.sort(key=lambda b: b[0])
    if len(branches) == 1:
        body = branches[0][1]
        return body if _literal_prefix(body) == len(body) or body.startswith("(?:") else f"(?:{body})"
    return "(?:" + "|".join(b for _, b in branches) + ")"
