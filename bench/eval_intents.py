"""Score the intent classifier on labelled JSONL files.

Usage: python bench/eval_intents.py [-v] [--ids PREFIX] FILE.jsonl [FILE ...]

`--ids d` scores only the rows whose id starts with `d` (the dev set's first part; `h` is its held-out part).

Labelled files (`intent`, `topic`, `accept`, `entities`) get accuracy, macro-F1, per-intent precision/recall,
emergency recall, false-emergency rate, topic accuracy, entity exact-match, and how well the confidence is
calibrated (per confidence band: how many, mean confidence, share right; the expected calibration error; how often
the answers marked unsure were right). Out-of-domain files (`expect`) also get how many messages would have opened
a ticket or an emergency.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intents import classify
from intents.types import EMERGENCIES, TICKET_INTENTS, Intent

ENTITY_KEYS = ("temperature_c", "building", "unit", "room")
BANDS = (0.0, 0.5, 0.7, 0.9, 1.0)  # confidence bands of the calibration table; the last includes 1.0


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _entities_match(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    keys = set(ENTITY_KEYS) | set(gold)
    return all(_same(predicted.get(k), gold.get(k)) for k in keys)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 0.05
    return a == b


def _f1_table(pairs: list[tuple[str, str]]) -> tuple[float, list[str]]:
    labels = sorted({g for g, _ in pairs} | {p for _, p in pairs})
    lines, f1s = [], []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if tp + fn:
            f1s.append(f1)
        lines.append(f"  {label:<13} P={prec:6.1%} R={rec:6.1%} F1={f1:5.3f} n={tp + fn}")
    return (sum(f1s) / len(f1s) if f1s else 0.0), lines


def evaluate(path: Path, verbose: bool = False, ids: str = "") -> None:
    """Print the figures of one file (only the rows whose id starts with `ids`)."""
    rows = [row for row in _rows(path) if str(row.get("id", "")).startswith(ids)]
    if not rows:
        print(f"== {path}: no rows")
        return
    pairs: list[tuple[str, str]] = []
    correct = topic_ok = topic_n = ent_ok = ent_n = emg_n = emg_hit = non_emg = false_emg = 0
    tickets = emergencies = 0
    answers: list[tuple[float, bool, bool]] = []  # (confidence, right, unsure) per labelled row
    for row in rows:
        result = classify(row["text"])
        gold = row.get("intent") or row.get("expect") or "out_of_scope"
        accept = {gold, *row.get("accept", [])}
        predicted = result.intent.value
        ok = predicted in accept
        correct += ok
        if "intent" in row:
            answers.append((result.confidence, ok, result.unsure))
        pairs.append((gold, predicted if ok else predicted))
        if verbose and not ok:
            print(f"  MISS gold={gold} got={predicted} ({result.confidence}) {row['text'][:100]}")
        is_emg = gold in {i.value for i in EMERGENCIES}
        emg_n += is_emg
        emg_hit += is_emg and result.emergency
        non_emg += not is_emg
        false_emg += (not is_emg) and result.emergency
        tickets += result.intent in TICKET_INTENTS
        emergencies += result.intent in EMERGENCIES
        if gold == Intent.STANDARDS.value and row.get("topic"):
            topic_n += 1
            topic_right = result.intent is Intent.STANDARDS and result.topic == row["topic"]
            topic_ok += topic_right
            if verbose and result.intent is Intent.STANDARDS and not topic_right:
                print(f"  TOPIC gold={row['topic']} got={result.topic} {row['text'][:80]}")
        if "entities" in row:
            ent_n += 1
            good = _entities_match(result.entities.as_dict(), row["entities"])
            ent_ok += good
            if verbose and not good:
                print(f"  ENT gold={row['entities']} got={result.entities.as_dict()} {row['text'][:80]}")
    _report(
        Path(f"{path} [ids {ids}*]") if ids else path,
        rows,
        correct,
        pairs,
        (emg_hit, emg_n, false_emg, non_emg),
        (topic_ok, topic_n, ent_ok, ent_n),
    )
    if answers:
        print("\n".join(calibration(answers)))
    if any("expect" in row for row in rows):
        n = len(rows)
        print(
            f"would open a ticket: {tickets} ({tickets / n:.2%}); emergency: {emergencies} ({emergencies / n:.2%})"
        )


def calibration(answers: list[tuple[float, bool, bool]]) -> list[str]:
    """Lines of the calibration table: per confidence band, its size, mean confidence and share right."""
    lines = ["calibration (confidence band: messages, mean confidence, right):"]
    error = 0.0
    for low, high in zip(BANDS, BANDS[1:], strict=False):
        band = [(c, ok) for c, ok, _ in answers if low <= c < high or (high == BANDS[-1] and c == high)]
        if not band:
            continue
        mean = sum(c for c, _ in band) / len(band)
        right = sum(ok for _, ok in band) / len(band)
        error += len(band) / len(answers) * abs(mean - right)
        lines.append(f"  {low:.1f}-{high:.1f}  n={len(band):<5} confidence {mean:.2f}  right {right:6.1%}")
    unsure = [ok for _, ok, u in answers if u]
    lines.append(f"expected calibration error: {error:.3f}")
    if unsure:
        lines.append(
            f"unsure answers: {len(unsure)} ({len(unsure) / len(answers):.1%}), right {sum(unsure) / len(unsure):.1%}"
        )
    return lines


def _report(
    path: Path,
    rows: list[dict[str, Any]],
    correct: int,
    pairs: list[tuple[str, str]],
    emg: tuple[int, int, int, int],
    other: tuple[int, int, int, int],
) -> None:
    n = len(rows)
    macro, lines = _f1_table(pairs)
    emg_hit, emg_n, false_emg, non_emg = emg
    topic_ok, topic_n, ent_ok, ent_n = other
    print(f"== {path} ({n} messages)")
    print(f"intent accuracy: {correct / n:.1%}   macro-F1: {macro:.3f}")
    print("\n".join(lines))
    if emg_n:
        print(f"emergency recall: {emg_hit / emg_n:.1%} ({emg_hit}/{emg_n})")
    print(f"false-emergency rate: {false_emg / max(1, non_emg):.2%} ({false_emg}/{non_emg})")
    if topic_n:
        print(f"topic accuracy: {topic_ok / topic_n:.1%} ({topic_ok}/{topic_n})")
    if ent_n:
        print(f"entity exact-match: {ent_ok / ent_n:.1%} ({ent_ok}/{ent_n})")


def main(argv: list[str]) -> int:
    """Evaluate every file named on the command line (`-v` lists the misses)."""
    parser = argparse.ArgumentParser(description="Score the intent classifier on labelled JSONL files.")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.jsonl")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--ids", default="", help="only the rows whose id starts with this prefix")
    args = parser.parse_args(argv)
    for path in args.files:
        try:
            evaluate(path, args.verbose, args.ids)
        except OSError as exc:
            print(f"eval_intents: cannot read {path}: {exc.strerror}", file=sys.stderr)
            return 2
        except (json.JSONDecodeError, AttributeError, TypeError) as exc:
            print(f"eval_intents: {path} is not JSONL of labelled messages ({exc})", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
