"""Classifier throughput (messages/second, one process) and start-up time (fresh subprocess); prints JSON.

Usage: python bench/bench_classify.py [--messages N] [--seconds S]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents import classify  # noqa: E402
from intents.lexicon import DATA  # noqa: E402

_STARTUP = "import time; t = time.perf_counter(); from intents import classify; classify('暖气不热'); print(time.perf_counter() - t)"


def workload(size: int, seed: int = 7) -> list[str]:
    """A mixed workload: the team's own examples and phrases, lightly mutated, plus random text."""
    rng = random.Random(seed)
    texts: list[str] = []
    for path in sorted(DATA.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(line.split("\t")[-1].split("#")[0].replace(" + ", " "))
    alphabet = "暖气不热漏水爆管师傅你好谢谢屋里冷的了吗啊abcdefghijklmnopqrstuvwxyz 0123456789,.!?"
    out = []
    for i in range(size):
        if i % 5 == 4:
            out.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))))
        else:
            base = rng.choice(texts)
            out.append(base + rng.choice(["", " ", "！", "?", " 3栋2单元501", " 谢谢", " pls", "😭"]))
    return out


def throughput(messages: list[str], seconds: float) -> float:
    """Messages classified per second, repeating the workload for at least `seconds`."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in messages:
            classify(text)
        done += len(messages)
    return done / (time.perf_counter() - start)


def startup(runs: int = 3) -> dict[str, float]:
    """Seconds for a fresh interpreter to import the package and classify once (best and worst of `runs`)."""
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _STARTUP], capture_output=True, text=True, check=True, cwd=ROOT
        )
        times.append(float(out.stdout.strip()))
    return {"startup_s_best": round(min(times), 3), "startup_s_worst": round(max(times), 3)}


def main() -> int:
    """Run both measurements and print them as one JSON object."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    messages = workload(args.messages)
    for text in messages[:200]:
        classify(text)
    result = {
        "messages": len(messages),
        "distinct": len(set(messages)),
        "messages_per_s": round(throughput(messages, args.seconds)),
        **startup(),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
