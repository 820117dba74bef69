"""Toneless pinyin typed by residents without a Chinese keyboard is read as the Chinese it spells."""

from __future__ import annotations

import pytest

from intents import classify
from intents.pinyin import from_pinyin, split_syllables
from intents.types import Intent, Lang

CASES: list[tuple[str, Intent]] = [
    ("nuanqi yidian bu re", Intent.NO_HEAT),
    ("wo jia hen leng nuanqi bu re", Intent.NO_HEAT),
    ("Nuan Qi Bing Liang", Intent.NO_HEAT),
    ("nuanqipian lou shui le", Intent.LEAK),
    ("guandao bao le kuai lai", Intent.BURST),
    ("wo yao tousu", Intent.COMPLAINT),
    ("zhuan ren gong", Intent.HUMAN),
    ("xie xie ni", Intent.THANKS),
    ("nihao", Intent.GREETING),
    ("shenme shihou gongnuan", Intent.STANDARDS),
    ("wo de gongdan jindu zenmeyang le", Intent.STATUS),
    ("jia li ting dian le", Intent.OUT_OF_SCOPE),
]

MORE_CASES: list[tuple[str, Intent]] = [
    ("radiator has been dripping all night long", Intent.LEAK),
    ("nuanqi bu re", Intent.NO_HEAT),
    ("wo jia nuanqi bu re a", Intent.NO_HEAT),
    ("nuan qi bing liang", Intent.NO_HEAT),
    ("wu li hen leng", Intent.NO_HEAT),
    ("nuanqi yi dian dou bu re 7 hao lou 2 men 301", Intent.NO_HEAT),
    ("nuanqi bao le", Intent.BURST),
    ("guan zi bao le", Intent.BURST),
    ("lou shui le", Intent.LEAK),
    ("nuanqi lou shui", Intent.LEAK),
    ("baoxiu nuanqi bu re", Intent.NO_HEAT),
    ("tousu", Intent.COMPLAINT),
    ("wo yao tousu ni men", Intent.COMPLAINT),
    ("zhuan rengong", Intent.HUMAN),
    ("ren gong kefu", Intent.HUMAN),
    ("xiexie", Intent.THANKS),
    ("hao de xie xie", Intent.THANKS),
    ("ni hao", Intent.GREETING),
    ("nin hao", Intent.GREETING),
    ("ting dian le", Intent.OUT_OF_SCOPE),
    ("wo jia ting dian le", Intent.OUT_OF_SCOPE),
    ("shifu shenme shihou lai", Intent.STATUS),
    ("wo de baoxiu zenme yang le", Intent.STATUS),
    ("baoxiu jindu", Intent.STATUS),
    ("shenme shihou kaishi gongnuan", Intent.STANDARDS),
    ("heating season has started and our radiators are still cold", Intent.NO_HEAT),
    ("car heater not working", Intent.OUT_OF_SCOPE),
    ("ting dian le", Intent.OUT_OF_SCOPE),
]


@pytest.mark.parametrize(("text", "intent"), CASES + MORE_CASES)
def test_pinyin_messages(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_pinyin_address_becomes_building_unit_room() -> None:
    result = classify("nuanqi bu re 8 dong 2 danyuan 1203")
    assert result.intent is Intent.NO_HEAT
    assert (result.entities.building, result.entities.unit, result.entities.room) == ("8", "2", "1203")
    assert result.lang is Lang.ZH_HANS


@pytest.mark.parametrize(
    "text",
    ["rude", "the human on the phone", "seeping", "women", "take a reading", "hello", "ok", "sure thing"],
)
def test_english_is_never_read_as_pinyin(text: str) -> None:
    assert from_pinyin(text) is None


def test_syllables_split_with_fewest_parts() -> None:
    assert split_syllables("nuanqi") == ("nuan", "qi")
    assert split_syllables("danyuan") == ("dan", "yuan")
    assert split_syllables("meeting") is None  # a vowel syllable inside a word would need an apostrophe


def test_generated_table_is_current() -> None:
    pytest.importorskip("pypinyin")
    from intents import pinyin

    lines = pinyin._OUT.read_text(encoding="utf-8").splitlines()[1:]
    assert lines == [f"{key}\t{han}" for key, han in pinyin.table()]
