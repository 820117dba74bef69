"""Classifier throughput (messages/second on one core) and start-up time (fresh subprocess); prints JSON.

Usage: python bench/bench_classify.py [--messages N] [--seconds S] [--rounds R]

The workload is mostly distinct messages of realistic length: the team's written example sentences and dev
set, phrases, and random text, each with a random prefix/suffix (address, filler, emoji, punctuation). The
process is pinned to one core, warmed up, then timed in `--rounds` rounds of at least `--seconds` each;
best and median are reported because the machine is shared. Nothing is cached by text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents import classify  # noqa: E402
from intents.lexicon import DATA  # noqa: E402

DEV = ROOT / "bench" / "data" / "dev_intents.jsonl"
_STARTUP = (
    "import time; t = time.perf_counter(); from intents import classify; classify('暖气不热');"
    " print(time.perf_counter() - t)"
)
_PREFIXES = ["", "", "", "喂 ", "你好，", "hi, ", "嗯 那个 ", "师傅，", "please ", "請問"]
_SUFFIXES = ["", "", " ", "！", "?", " 3栋2单元501", " 谢谢", " pls", "😭", "。。。", " 急", " asap"]


def _lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t")[-1].split("#")[0].replace(" + ", " ").strip())
    return [t for t in out if t]


def workload(size: int, seed: int = 7) -> list[str]:
    """Mostly distinct messages: examples 40 %, dev set 20 %, phrases 20 %, random text 20 %."""
    rng = random.Random(seed)
    examples = [t for p in sorted(DATA.glob("examples.*.txt")) for t in _lines(p)]
    phrases = [
        t
        for p in sorted(DATA.glob("*.txt"))
        if not p.name.startswith("examples") and p.name != "homophones.txt"  # generated, not phrases
        for t in _lines(p)
    ]
    dev = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    alphabet = "暖气不热漏水爆管师傅你好谢谢屋里冷的了吗啊abcdefghijklmnopqrstuvwxyz 0123456789,.!?"
    out = []
    for i in range(size):
        kind = i % 10
        if kind in (8, 9):
            out.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))))
            continue
        pool = examples if kind < 4 else dev if kind < 6 else phrases
        out.append(rng.choice(_PREFIXES) + rng.choice(pool) + rng.choice(_SUFFIXES))
    return out


def _round(messages: list[str], seconds: float) -> tuple[float, float]:
    """(wall-clock, CPU-time) messages per second, repeating the workload for at least `seconds`.

    CPU time counts only this process's own seconds on its one core, so it stays fair on a shared machine.
    """
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        for text in messages:
            classify(text)
        done += len(messages)
    return done / (time.perf_counter() - start), done / (time.process_time() - cpu)


def startup(runs: int = 3) -> dict[str, float]:
    """Seconds for a fresh interpreter to import the package and classify once (best and worst of `runs`)."""
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _STARTUP], capture_output=True, text=True, check=True, cwd=ROOT
        )
        times.append(float(out.stdout.strip()))
    return {"startup_s_best": round(min(times), 3), "startup_s_worst": round(max(times), 3)}


def _pin_one_core() -> int | None:
    """Pin this process to one core (the last); None where unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    core = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def main() -> int:
    """Run both measurements and print them as one JSON object."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pin", action="store_true", help="pin to one core (hurts when that core is busy)")
    args = parser.parse_args()
    core = _pin_one_core() if args.pin else None
    messages = workload(args.messages)
    for text in messages[:500]:  # warm-up
        classify(text)
    rounds = [_round(messages, args.seconds) for _ in range(args.rounds)]
    rates = [wall for wall, _ in rounds]
    cpu_rates = [cpu for _, cpu in rounds]
    result = {
        "messages": len(messages),
        "distinct": len(set(messages)),
        "mean_chars": round(sum(map(len, messages)) / len(messages), 1),
        "core": core,
        "messages_per_s_best": round(max(rates)),
        "messages_per_s_median": round(statistics.median(rates)),
        "us_per_message_best": round(1e6 / max(rates), 1),
        "cpu_messages_per_s_best": round(max(cpu_rates)),
        "cpu_messages_per_s_median": round(statistics.median(cpu_rates)),
        **startup(),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
