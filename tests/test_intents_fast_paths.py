"""The classifier's fast paths give exactly what the plain way of computing the same thing gives."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intents.classifier import _NB
from intents.lexicon import DATA, _literal_fragments
from intents.model import features
from intents.normalize import (
    _CONFUSION_MAP,
    _CONFUSIONS,
    _confusion_pattern,
    _nfkc,
    fix_confusions,
    prepare,
    scoring_text,
)
from intents.signals import SEARCH as _SEARCH
from intents.signals import VOCAB as _VOCAB
from intents.signals import needles as _needles

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


_RAW_VOCAB: dict[str, list[str]] = tomllib.loads((DATA / "vocab.toml").read_text(encoding="utf-8"))
# A boundary of an ASCII word: what the vocabularies' \b mean, also next to Chinese ("heat完全没有").
_ASCII_BOUNDARY = "(?:(?<![a-z0-9_])(?=[a-z0-9_])|(?<=[a-z0-9_])(?![a-z0-9_]))"


def _plain_vocab() -> dict[str, re.Pattern[str]]:
    """Each vocabulary of vocab.toml as written: one alternation of its entries, nothing split or factored."""
    return {
        name: re.compile("|".join(f"(?:{word.replace(chr(92) + 'b', _ASCII_BOUNDARY)})" for word in words))
        for name, words in _RAW_VOCAB.items()
    }


def test_a_word_boundary_in_the_vocabularies_starts_or_ends_an_english_word() -> None:
    """\\b is read as an ASCII word's start (first, before a letter) or end (after a letter, `s?` or a group)."""
    for name, words in _RAW_VOCAB.items():
        for word in words:
            for found in re.finditer(r"\\b", word):
                at = found.start()
                start = at == 0 and word[2:3].isalpha()
                end = at > 0 and (word[at - 1].isascii() and word[at - 1].isalpha() or word[at - 1] in ")?")
                assert start or end, (name, word)


_PLAIN_VOCAB = _plain_vocab()
_SAMPLE_TEXTS = [
    scoring_text(json.loads(line)["text"]) for line in DEV.read_text(encoding="utf-8").splitlines() if line
] + [
    "my windows have water running down",
    "the windows are wet",
    "要看天气",
    "看天气再说",
    "windows 暖气漏水 看天气",
    "好不好 暖气热不热",
    "9栋 heat完全没有 help",
    "暖气heat不行 gas费",
    "gas bill",
    "natural gas",
    "vegas trip",
    "用gas",
    "15度",
    "不漏水了",
]


_CUT = ("masks", "hard_negatives")


@pytest.mark.parametrize("name", sorted(_PLAIN_VOCAB))
def test_each_vocabulary_finds_what_its_entries_find(name: str) -> None:
    plain = _PLAIN_VOCAB[name]
    for text in _SAMPLE_TEXTS:
        assert (_SEARCH[name](text) is not None) == (plain.search(text) is not None), text
        if name in _CUT:  # cut out of the text: what is cut must be the same too
            assert _VOCAB[name].sub(" ", text) == plain.sub(" ", text), text


@given(
    st.lists(
        st.sampled_from([*"暖气漏水看天要的了 ", "windows ", "my ", "have ", "wet", "要看"]), max_size=12
    )
)
@settings(max_examples=300, deadline=None)
def test_masks_and_hard_negatives_cut_what_their_entries_cut(parts: list[str]) -> None:
    text = "".join(parts)
    for name in _CUT:
        assert _VOCAB[name].sub(" ", text) == _PLAIN_VOCAB[name].sub(" ", text)
        assert (_SEARCH[name](text) is not None) == (_PLAIN_VOCAB[name].search(text) is not None)


def test_a_fragment_looking_behind_first_names_what_it_needs() -> None:
    assert _needles("(?<=fixed )(?<!not fixed )burst") == ("fixed ",)
    assert set(_needles("(?<=[冷冻])(?:得|的)爆") or ()) == {"冷", "冻"}
    assert _needles("(?<=[a-z])x") is None and _needles("bursting") is None


def test_an_optional_group_first_is_split_into_literal_starts() -> None:
    assert _literal_fragments("(?:要)?看天气") == ["要看天气", "看天气"]
    assert _literal_fragments("^(?:my |the )?windows? x") == [
        "m(?<=^m)y windows? x",
        "t(?<=^t)he windows? x",
        "w(?<=^w)indows? x",
    ]
    assert _literal_fragments("(?:a.|b)?cd") == ["a.cd", "bcd", "cd"]
    assert _literal_fragments("(?:a|b)?(?:c|d)x") == ["a(?:c|d)x", "b(?:c|d)x", "cx", "dx"]
    for kept in ("(?:a|b)?c?d", "(?:a|b)??cd", "(?:a|b)?(?:c|d)*x", "(?:a|b)?.cd"):
        assert _literal_fragments(kept) == [kept]


_CHINESE_SCORED = "暖气片漏水不热了屋里冷师傅报修楼单元管爆冒汽一直滴啥时候供暖费多少钱"


@given(st.text(alphabet=_CHINESE_SCORED + " ab3", max_size=40))
@settings(max_examples=400, deadline=None)
def test_chinese_grams_summed_a_position_at_a_time_equal_the_feature_list(text: str) -> None:
    """Known and unknown 1-, 2- and 3-grams in any mix: one lookup a character gives the feature list's sum."""
    assert _NB.scores_text(text) == _NB.scores_of(features(text))


def test_few_vocabulary_entries_make_re_try_every_position() -> None:
    """An entry that starts with a group, class or lookaround (and names no text it looks behind for) is tried at
    every character of every message. The few that must are known; a new one should be written to start with a
    literal ("水(?<!喝水)…", not "(?<!喝)水…") or be added here knowingly."""
    from intents.signals import FRAGMENTS as _FRAGMENTS
    from intents.signals import starts_loose as _starts_loose

    loose = {
        (name, fragment[:24])
        for name, fragments in _FRAGMENTS.items()
        for fragment in fragments
        if _starts_loose(fragment) and _needles(fragment) is None
    }
    assert {name for name, _ in loose} == {
        "question",
        "shouted_cold",
        "mended",
        "past_escape",
        "operator_said",
        "greeting_intro",  # anchored: tried at the start only
    }, loose
    assert len(loose) == 7, loose
