"""No sentence of the evaluation sets may be copied into the classifier's product files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).parents[2] / "shared"
INTENTS = Path(__file__).parents[1] / "intents"
DEV_DATA = Path(__file__).parents[1] / "bench" / "data"  # the team's own dev set must not copy them either


def _eval_texts() -> list[str]:
    texts: list[str] = []
    for folder in ("eval", "external"):
        for path in sorted((SHARED / folder).glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    text = json.loads(line).get("text", "")
                    if len(text) >= 8:
                        texts.append(text)
    return texts


def test_no_evaluation_sentence_in_intents() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: nothing to compare against")
    texts = _eval_texts()
    assert texts, "the shared evaluation sets are empty"
    leaks = _copied_into_intents(texts)
    assert not leaks, leaks[:20]


def _copied_into_intents(texts: list[str]) -> list[tuple[str, str]]:
    suffixes = {".py", ".txt", ".toml", ".json", ".tsv"}
    files = [p for p in INTENTS.rglob("*") if p.is_file() and p.suffix in suffixes]
    assert files
    leaks = []
    for path in files:
        content = path.read_text(encoding="utf-8").lower()
        leaks += [(path.name, t) for t in texts if t.lower() in content]
    return leaks


def test_no_held_out_sentence_in_intents() -> None:
    """Our held-out sets (written by people who had not read the phrase lists) measure only if never copied."""
    texts = []
    for path in sorted(DEV_DATA.glob("heldout_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"] if line.strip() else ""
            # A sentence, not a stock phrase any list holds ("operator", "thanks a lot"): 8 Chinese characters
            # or 20 Latin ones.
            if sum(not c.isascii() for c in text) >= 8 or len(text) >= 20:
                texts.append(text)
    assert len(texts) > 1000, "the held-out sets are missing"
    leaks = _copied_into_intents(texts)
    assert not leaks, leaks[:20]


def test_no_evaluation_sentence_in_the_dev_set() -> None:
    """The dev set's messages are the team's own: none may be an evaluation message (whole-text match)."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: nothing to compare against")
    texts = {t.lower().strip() for t in _eval_texts()}
    copied = []
    for path in sorted(DEV_DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and json.loads(line)["text"].lower().strip() in texts:
                copied.append((path.name, json.loads(line)["text"]))
    assert not copied, copied[:20]
