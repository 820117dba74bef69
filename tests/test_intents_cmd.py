"""`heatline classify` logic: plain and JSONL input, empty and bad lines, streaming output."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from heatline.classify_cmd import run


def _run(text: str, *, jsonl: bool, status: int = 0, said: str = "") -> list[dict[str, object]]:
    out, err = io.StringIO(), io.StringIO()
    assert run(io.StringIO(text), out, jsonl=jsonl, stderr=err) == status
    assert err.getvalue() == said
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_plain_lines() -> None:
    rows = _run("暖气片爆了 3栋2单元501\n\n今年几号供暖\n", jsonl=False)
    assert [r["intent"] for r in rows] == ["burst", "out_of_scope", "standards"]
    assert rows[0]["emergency"] is True and rows[0]["entities"] == {
        "building": "3",
        "unit": "2",
        "room": "501",
    }
    assert rows[1]["confidence"] == 0.0 and rows[1]["text"] == ""
    assert rows[2]["topic"] == "heating_period"
    assert set(rows[0]) == {"text", "intent", "confidence", "emergency", "topic", "entities"}


def test_jsonl_lines_that_hold_no_message_get_an_error_and_no_verdict() -> None:
    said = (
        'heatline classify: 3 of 5 lines are not {"text": ...} objects (lines 2, 3, 4); '
        'their results carry "error" and no intent\n'
    )
    rows = _run(
        '{"text": "暖氣不熱"}\nnot json at all\n[1, 2]\n{"text": 5}\n{"text": ""}\n',
        jsonl=True,
        status=1,
        said=said,
    )
    assert rows[0]["intent"] == "no_heat" and rows[0]["text"] == "暖氣不熱"
    errors = [
        "not JSON (Expecting value at column 1)",
        'not an object with a "text" string',
        'not an object with a "text" string',
    ]
    for row, raw, error in zip(rows[1:4], ["not json at all", "[1, 2]", '{"text": 5}'], errors, strict=True):
        assert row == {
            "text": raw,
            "error": error,
            "intent": None,
            "confidence": None,
            "emergency": None,
            "topic": None,
            "entities": {},
        }
    assert rows[4]["intent"] == "out_of_scope" and rows[4]["confidence"] == 0.0  # an empty message: no error


def test_without_jsonl_a_text_object_is_read_as_its_text_and_anything_else_as_words() -> None:
    rows = _run('{"text": "暖氣片漏水了"}\n{"id": 1}\n{broken 暖气不热\n', jsonl=False)
    assert rows[0]["text"] == "暖氣片漏水了" and rows[0]["intent"] == "leak" and rows[0]["emergency"] is True
    assert rows[1]["text"] == '{"id": 1}' and "error" not in rows[1]
    assert rows[2]["text"] == "{broken 暖气不热" and rows[2]["intent"] == "no_heat"


def test_output_keeps_chinese_unescaped() -> None:
    out = io.StringIO()
    run(io.StringIO("暖气漏水\n"), out, jsonl=False)
    assert "暖气漏水" in out.getvalue()


def test_streams_one_result_per_line_before_reading_on() -> None:
    out = io.StringIO()
    seen: list[int] = []

    def lines() -> Iterator[str]:
        for text in ["你好\n", "暖气不热\n", "谢谢\n"]:
            seen.append(out.getvalue().count("\n"))
            yield text

    run(lines(), out, jsonl=False)  # type: ignore[arg-type]
    assert seen == [0, 1, 2]
