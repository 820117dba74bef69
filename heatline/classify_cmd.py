"""`heatline classify`: one message per input line, one JSON result per output line."""

from __future__ import annotations

import json
from typing import Any, TextIO

from intents import classify
from intents.types import Classification, Intent

FLUSH_EVERY = 64


def _result(text: str, classification: Classification | None) -> dict[str, Any]:
    if classification is None:
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


def _text_of(line: str, jsonl: bool) -> tuple[str, bool]:
    """The message of one input line and whether it could be read."""
    if not jsonl:
        return line, True
    try:
        obj = json.loads(line)
    except ValueError:
        return line, False
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        return obj["text"], True
    return line, False


def classify_line(line: str, *, jsonl: bool) -> dict[str, Any]:
    """The output object for one input line (without its line break)."""
    text, readable = _text_of(line, jsonl)
    if not readable or not text.strip():
        return _result(text, None)
    return _result(text, classify(text))


def run(stdin: TextIO, stdout: TextIO, *, jsonl: bool) -> int:
    """Classify every line of `stdin`, writing one JSON object per line to `stdout`, streaming."""
    for count, raw in enumerate(stdin, start=1):
        line = raw.rstrip("\r\n")
        stdout.write(json.dumps(classify_line(line, jsonl=jsonl), ensure_ascii=False) + "\n")
        if count % FLUSH_EVERY == 0:
            stdout.flush()
    stdout.flush()
    return 0
