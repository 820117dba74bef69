"""`heatline classify`: one message per input line, one JSON result per output line.

A line is plain text, or a `{"text": ...}` object (taken as such without --jsonl too). With --jsonl every line must
be such an object: one that is not gets a result with an `error` and no verdict (intent, confidence, emergency and
topic null), and the command says how many there were on stderr and exits 1 once every line is answered.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from intents import classify
from intents.types import Classification, Intent

FLUSH_EVERY = 64
NAMED_LINES = 5  # bad lines named in the closing message; the rest are counted


def _result(text: str, classification: Classification | None) -> dict[str, Any]:
    if classification is None:  # nothing to classify: an empty message is out of scope
        return {
            "text": text,
            "intent": Intent.OUT_OF_SCOPE.value,
            "confidence": 0.0,
            "emergency": False,
            "topic": None,
            "entities": {},
        }
    return {
        "text": text,
        "intent": classification.intent.value,
        "confidence": classification.confidence,
        "emergency": classification.emergency,
        "topic": classification.topic.value if classification.topic else None,
        "entities": classification.entities.as_dict(),
    }


def _unreadable(line: str, error: str) -> dict[str, Any]:
    """The answer to a line that holds no message: what is wrong with it, and no verdict."""
    return {
        "text": line,
        "error": error,
        "intent": None,
        "confidence": None,
        "emergency": None,
        "topic": None,
        "entities": {},
    }


def _text_of(line: str, jsonl: bool) -> tuple[str | None, str]:
    """The message of one input line, or None and why it holds none."""
    if not jsonl and not line.lstrip().startswith("{"):
        return line, ""
    try:
        obj = json.loads(line)
    except ValueError as exc:
        why = f"{exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else str(exc)
        return (line, "") if not jsonl else (None, f"not JSON ({why})")
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        return obj["text"], ""
    if not jsonl:
        return line, ""  # a resident's words that happen to look like JSON
    return None, 'not an object with a "text" string'


def classify_line(line: str, *, jsonl: bool) -> dict[str, Any]:
    """The output object for one input line (without its line break)."""
    text, error = _text_of(line, jsonl)
    if text is None:
        return _unreadable(line, error)
    if not text.strip():
        return _result(text, None)
    return _result(text, classify(text))


def run(stdin: TextIO, stdout: TextIO, *, jsonl: bool, stderr: TextIO | None = None) -> int:
    """Classify every line of `stdin`, writing one JSON object per line to `stdout`, streaming; 1 when a --jsonl
    line held no message (said on `stderr`), else 0."""
    bad: list[int] = []
    count = 0
    for count, raw in enumerate(stdin, start=1):
        result = classify_line(raw.rstrip("\r\n"), jsonl=jsonl)
        if "error" in result:
            bad.append(count)
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        if count % FLUSH_EVERY == 0:
            stdout.flush()
    stdout.flush()
    if not bad:
        return 0
    if stderr is not None:
        named = ", ".join(str(n) for n in bad[:NAMED_LINES]) + (", …" if len(bad) > NAMED_LINES else "")
        stderr.write(
            f'heatline classify: {len(bad)} of {count} lines are not {{"text": ...}} objects (line{"s" if len(bad) > 1 else ""} {named}); '
            'their results carry "error" and no intent\n'
        )
    return 1
