"""The sentence catalogue: one TOML file per language; Traditional Chinese is converted from Simplified."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from intents import detect_lang, parse_address, simplified_only, to_traditional, yesno
from intents.estates import estate_alone
from intents.normalize import simplified
from intents.types import Lang

_LOCALES = Path(__file__).with_name("locales")
_TRADITIONAL_CODES = ("zh-tw", "zh-hk", "zh-mo", "zh-hant")
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_HAN_FROM_ENGLISH = (
    3  # Chinese characters that make an English writer's message Chinese: "不知道", not "好的"
)


@cache
def _catalogue(name: str) -> dict[str, Any]:
    with (_LOCALES / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def lang_of(value: str | None) -> Lang:
    """A stored language string as a Lang; anything unknown is Simplified Chinese."""
    try:
        return Lang(value) if value else Lang.ZH_HANS
    except ValueError:
        return Lang.ZH_HANS


def lang_from_code(code: str | None) -> Lang:
    """Telegram's language_code as a Lang: zh-tw/zh-hk/zh-hant -> Traditional, en* -> English."""
    code = (code or "").lower().replace("_", "-")
    if code.startswith(_TRADITIONAL_CODES):
        return Lang.ZH_HANT
    if code.startswith("en"):
        return Lang.EN
    return Lang.ZH_HANS


def lang_of_text(
    text: str, detected: Lang, current: Lang | None = None, *, places: Sequence[str] = ()
) -> Lang | None:
    """The language a resident evidently writes in, or None when the text doesn't tell: digits, "ok", an address
    alone ("红旗小区3栋2单元501", "Hongqi compound building 3…", an estate of `places`), a word or two of Chinese from
    someone writing English ("好的"), or "不知道" from someone writing Traditional (the same in both scripts)."""
    rest = _beside_address(text, places)
    if rest != text:
        detected = detect_lang(rest)
    han = _HAN.findall(rest)
    if han:
        if current is Lang.EN and len(han) < _HAN_FROM_ENGLISH:
            return None
        if detected is Lang.ZH_HANT:
            return Lang.ZH_HANT
        neutral = not simplified_only(rest)
        return None if neutral and current is Lang.ZH_HANT else Lang.ZH_HANS
    if len(_LATIN_WORD.findall(rest)) >= 2:
        return Lang.EN
    return None


def foreign_to(lang: Lang, text: str) -> bool:
    """Staff's words `text` are in a language a reader of `lang` may not read: Chinese to a reader of English, English
    (two words or more, no Chinese) to a reader of Chinese."""
    if _HAN.search(text):
        return lang is Lang.EN
    return lang is not Lang.EN and len(_LATIN_WORD.findall(text)) >= 2


def lone_english_word(text: str) -> bool:
    """The message is one English word ("hello", "Hi", "help"), not one a Chinese writer types as well ("ok", "yes",
    "no"): a first message's language when the channel tells none (a text message)."""
    said = text.strip(" \t.,!?;:")
    if _HAN.search(said) or len(_LATIN_WORD.findall(said)) != 1 or not _LATIN_WORD.fullmatch(said):
        return False
    return said.lower() not in yesno.words(yesno.YES) | yesno.words(yesno.NO)


def _beside_address(text: str, places: Sequence[str]) -> str:
    """The words of a message beside the address in it (an address is written as it is, in any language)."""
    if estate_alone(text, places) is not None:
        return ""
    address = parse_address(text, places=places)
    return text.replace(address.raw, " ") if address is not None else text


def t(lang: Lang, key: str, **values: object) -> str:
    """The sentence `key` in `lang`, with `values` filled in."""
    source = _catalogue("en" if lang is Lang.EN else "zh-Hans")
    template = str(_lookup(source, key))
    text = template.format(**values).strip()
    if (
        template.startswith(" ") and text
    ):  # a piece glued after a word (" ({crew})", " {promise}") keeps its space
        text = " " + text
    return to_traditional(text) if lang is Lang.ZH_HANT else text


def texted(key: str) -> str:
    """The sentence `key` as written for a text message (SMS), where no button can be tapped (the catalogue's
    `texted` section: "回复序号", "回“跳过”"), else `key` itself."""
    try:
        _lookup(_catalogue("zh-Hans"), f"texted.{key}")
    except KeyError:
        return key
    return f"texted.{key}"


def in_script(lang: Lang, quoted: str) -> str:
    """Words quoted from a ticket in a sentence for `lang` (its address as its reporter wrote it, which another
    resident of the flat reads too): Simplified for a reader of Simplified or English, for whom a reporter's Traditional
    is not theirs; a reader of Traditional gets the whole sentence converted by `t`."""
    return quoted if lang is Lang.ZH_HANT else simplified(quoted)


def words(key: str) -> frozenset[str]:
    """A vocabulary list (e.g. yes-words) from every catalogue, lower-cased."""
    found: set[str] = set()
    for name in ("zh-Hans", "en"):
        found.update(w.lower() for w in _lookup(_catalogue(name), key))
    return frozenset(found)


def _lookup(catalogue: dict[str, Any], key: str) -> Any:
    node: Any = catalogue
    for part in key.split("."):
        node = node[part]
    return node
