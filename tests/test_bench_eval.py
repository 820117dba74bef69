"""`bench/eval_intents.py`: the figures it prints for a small labelled file, and one clear line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "eval_intents.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_scores_a_labelled_file(tmp_path: Path) -> None:
    rows = [
        {"id": "t1", "text": "暖气管子爆了，水喷了一地", "intent": "burst", "topic": None, "entities": {}},
        {"id": "t2", "text": "谢谢师傅", "intent": "thanks", "topic": None, "entities": {}},
        {
            "id": "t3",
            "text": "屋里才14度，3栋2单元501",
            "intent": "no_heat",
            "topic": None,
            "entities": {"temperature_c": 14, "building": "3", "unit": "2", "room": "501"},
        },
        {"id": "t4", "text": "今天外面下雪吗", "intent": "no_heat", "topic": None, "entities": {}},
    ]
    out = _run(str(_write(tmp_path / "set.jsonl", rows)), "-v")
    assert out.returncode == 0, out.stderr
    assert "(4 messages)" in out.stdout
    assert "intent accuracy: 75.0%" in out.stdout  # the weather question is (rightly) not no_heat
    assert "emergency recall: 100.0% (1/1)" in out.stdout
    assert "entity exact-match: 100.0% (4/4)" in out.stdout
    assert "MISS gold=no_heat got=out_of_scope" in out.stdout
    assert "calibration (confidence band" in out.stdout and "expected calibration error: " in out.stdout


def test_calibration_bands_count_every_answer_and_the_error_weighs_each_band() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_intents import calibration

    lines = calibration([(0.95, True, False), (0.95, False, False), (0.6, True, True), (1.0, True, False)])
    assert "  0.5-0.7  n=1     confidence 0.60  right 100.0%" in lines
    assert "  0.9-1.0  n=3     confidence 0.97  right  66.7%" in lines
    # |0.60 - 1.00| * 1/4 + |0.9667 - 0.6667| * 3/4 = 0.100 + 0.225
    assert "expected calibration error: 0.325" in lines
    assert "unsure answers: 1 (25.0%), right 100.0%" in lines


def test_ids_select_rows(tmp_path: Path) -> None:
    rows = [
        {"id": "a1", "text": "谢谢", "intent": "thanks", "topic": None, "entities": {}},
        {"id": "b1", "text": "你好", "intent": "greeting", "topic": None, "entities": {}},
    ]
    out = _run(str(_write(tmp_path / "set.jsonl", rows)), "--ids", "a")
    assert out.returncode == 0 and "(1 messages)" in out.stdout


def test_bad_input_gets_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = _run(str(tmp_path / "missing.jsonl"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_text("not json\n", encoding="utf-8")
    bad = _run(str(garbage))
    assert bad.returncode == 2 and "not JSONL" in bad.stderr and "Traceback" not in bad.stderr
    usage = _run()
    assert usage.returncode == 2 and "usage:" in usage.stderr
