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


def _is_leaf(node: _Node) -> bool:
    """A node where one fragment ends and nothing continues."""
    return not node.children and len(node.rests) == 1 and node.rests[0][1] == ""


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
    return _emit(root, top=True)


def _emit(node: _Node, top: bool = False) -> str:
    if top or (
        node.rests
        and min(i for i, _ in node.rests) < max((c.first for c in node.children.values()), default=-1)
    ):  # `re` finds where a match may start from a top level of literals only: no class there
        branches = [(child.first, re.escape(ch) + _emit(child)) for ch, child in node.children.items()]
    else:  # literal children first, each with its own first character: at most one matches, in any order
        leaves = [(child.first, ch) for ch, child in node.children.items() if _is_leaf(child)]
        branches = [
            (child.first, re.escape(ch) + _emit(child))
            for ch, child in node.children.items()
            if not _is_leaf(child)
        ]
        if len(leaves) > 1:  # one character class instead of one branch per word ending here
            branches.append(
                (min(i for i, _ in leaves), "[" + "".join(re.escape(ch) for _, ch in leaves) + "]")
            )
        else:
            branches += [(i, re.escape(ch)) for i, ch in leaves]
    branches += node.rests
    branches.sort(key=lambda b: b[0])
    if len(branches) == 1:
        body = branches[0][1]
        return body if _literal_prefix(body) == len(body) or body.startswith("(?:") else f"(?:{body})"
    return "(?:" + "|".join(b for _, b in branches) + ")"
