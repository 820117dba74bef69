"""The classifier's fast paths give exactly what the plain way of computing the same thing gives."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intents.classifier import _NB
from intents.model import features
from intents.normalize import _CONFUSION_MAP, _CONFUSIONS, _confusion_pattern, _nfkc, fix_confusions, prepare

DEV = Path(__file__).resolve().parents[1] / "bench" / "data" / "dev_intents.jsonl"
WRONGS = [wrong for wrong, _ in _CONFUSIONS]


# The confusions as one alternation over both scripts, longest first: the plain way, to compare with.
_ONE_PASS = _confusion_pattern(WRONGS)


def _one_pass(text: str) -> str:
    return _ONE_PASS.sub(lambda m: _CONFUSION_MAP[m.group(0)], text)


def test_no_confusion_mixes_scripts() -> None:
    """What lets the two passes (English, then Chinese) equal one: no wrong mixes scripts, English wrongs start
    with a letter and become ASCII, and Chinese wrongs are plain text (no word boundaries to move)."""
    for wrong, right in _CONFUSIONS:
        if wrong[0].isascii():
            assert wrong.isascii() and wrong[0].isalpha() and right.isascii() and right, (wrong, right)
        else:
            assert not any(ch.isascii() for ch in wrong), wrong


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    glued = [w + "x" for w in WRONGS[:40]] + [
        "暖器rad",
        "rad暖器",
        "ty 暖器 ty",
        "pls报秀",
        "暖器-pls",
        "temprature👋",
        "👋ty",
        "thx😊",
    ]
    return texts + glued + [" ".join(WRONGS[i : i + 3]) for i in range(0, len(WRONGS), 3)]


@pytest.mark.parametrize("text", _texts())
def test_confusions_in_two_passes_equal_one_pass(text: str) -> None:
    prepared = prepare(text)
    assert fix_confusions(prepared) == _one_pass(prepared)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *WRONGS[::7],
                *[w for w in WRONGS if not w.isalnum()],
                "暖气",
                " ",
                "a",
                "1",
                "，",
                "ty",
                "rad",
                "x",
            ]
        ),
        max_size=12,
    )
)
def test_confusions_glued_in_any_order_equal_one_pass(parts: list[str]) -> None:
    text = "".join(parts)
    assert fix_confusions(text) == _one_pass(text)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "，",
                "？",
                "！",
                "：",
                "；",
                "（",
                "）",
                "\u0301",
                "\u0308",
                "Ａ",
                "ｶ",
                "ﾞ",
                "㎡",
                "①",
                "暖",
                "a",
                " ",
            ]
        ),
        max_size=10,
    )
    | st.text(max_size=20)
)
def test_full_width_punctuation_shortcut_equals_nfkc(parts: list[str] | str) -> None:
    text = "".join(parts)
    assert _nfkc(text) == unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize(
    "text",
    [
        "heaters leaking radiators",
        "the radiators are cold cold cold",
        "暖气 heating pls",
        "a bb ccc dddd eeeee ffffff",
    ],
)
def test_remembered_english_words_score_as_the_feature_list(text: str) -> None:
    for _ in range(2):  # the second time from the memo
        assert _NB.scores_text(text) == _NB.scores_of(features(text))
