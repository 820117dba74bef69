"""Text normalisation: script, width, case, Chinese numerals, speech-recognition noise and fillers."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import opencc

from intents.types import Lang

_DATA = Path(__file__).parent / "data"
_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_NUM_CHARS = "零〇一幺二两三四五六七八九十百千"
# Units after which a Chinese numeral is a quantity or an address part, not a word like 一直 or 十分.
_UNITS = r"(?:度|摄氏|°|栋|幢|座|号楼|号|楼|单元|门|室|层|户|分钟|个小时|小时|天|个月|月|日|点\d|块|元|米|平)"
_NUM_RUN = re.compile(rf"([{_NUM_CHARS}]+)(?=点[{_NUM_CHARS}]+度|{_UNITS})")
_DIGIT_RUN = re.compile(r"[零〇一幺二三四五六七八九]{3,}")
_AFTER_ADDR = re.compile(rf"(\d(?:单元|栋|号楼|门))([{_NUM_CHARS}]+)")
_DECIMAL = re.compile(rf"(\d+)点([{_NUM_CHARS}]+|\d+)(?=度)")
_PUNCT = re.compile(r"[^\w\s]|_")
_HAN = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"\s+")
_FILLERS_ZH = re.compile(r"嗯+|呃+|那个|这个|就是说|就是|然后呢|喂+")
_FILLERS_EN = re.compile(r"\b(?:um+|uh+|er+m?|hmm+|ah+|like um)\b")


def _load_confusions() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name in ("confusions.txt", "homophones.txt"):
        path = _DATA / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if "=>" in line:
                wrong, right = (part.strip() for part in line.split("=>", 1))
                if wrong:
                    pairs.append((_T2S.convert(wrong).lower(), right.lower()))
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs


_CONFUSIONS = _load_confusions()
# Indexed by first character: a message only pays for the confusions whose first character it contains.
_BY_FIRST: dict[str, list[tuple[str, str, re.Pattern[str] | None]]] = {}
for _wrong, _right in _CONFUSIONS:
    _rx = re.compile(rf"\b{re.escape(_wrong)}\b") if _wrong.isascii() else None
    _BY_FIRST.setdefault(_wrong[0], []).append((_wrong, _right, _rx))
_FIRSTS = frozenset(_BY_FIRST)


def zh_number(word: str) -> int | None:
    """Value of a Chinese numeral (十五 -> 15, 二百零三 -> 203, 五零一 -> 501), or None."""
    if not word:
        return None
    if all(ch in _DIGITS for ch in word):
        return int("".join(str(_DIGITS[ch]) for ch in word))
    total, current = 0, 0
    for ch in word:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in "十百千":
            scale = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * scale
            current = 0
        else:
            return None
    return total + current


def _num_sub(match: re.Match[str]) -> str:
    value = zh_number(match.group(1))
    return match.group(0) if value is None else str(value)


def _decimal_sub(match: re.Match[str]) -> str:
    frac = match.group(2)
    digits = frac if frac.isdigit() else "".join(str(_DIGITS.get(ch, "")) for ch in frac)
    return f"{match.group(1)}.{digits}" if digits else match.group(0)


def convert_numerals(text: str) -> str:
    """Chinese numerals that are quantities or address parts become digits (十五度 -> 15度)."""
    if not any(ch in _NUM_CHARS for ch in text):
        return text
    text = _DIGIT_RUN.sub(lambda m: str(zh_number(m.group(0))), text)
    text = _NUM_RUN.sub(_num_sub, text)
    text = _AFTER_ADDR.sub(lambda m: m.group(1) + str(zh_number(m.group(2)) or m.group(2)), text)
    return _DECIMAL.sub(_decimal_sub, text)


def fix_confusions(text: str) -> str:
    """Replace known speech-recognition and typing confusions of this domain."""
    firsts = _FIRSTS.intersection(text)
    if not firsts:
        return text
    found = [entry for ch in firsts for entry in _BY_FIRST[ch] if entry[0] in text]
    for wrong, right, rx in sorted(found, key=lambda e: -len(e[0])):
        text = rx.sub(right, text) if rx is not None else text.replace(wrong, right)
    return text


def prepare(text: str) -> str:
    """Script, width, case, numerals and confusions fixed; punctuation kept (entities are read from this)."""
    if text.isascii():
        return fix_confusions(text.lower())
    text = unicodedata.normalize("NFKC", text).lower()
    if _HAN.search(text):
        text = _T2S.convert(text)
        text = convert_numerals(text)
    return fix_confusions(text)


def strip_text(prepared: str) -> str:
    """Punctuation, emoji and fillers removed from prepared text, whitespace collapsed."""
    text = _PUNCT.sub(" ", prepared)
    text = _FILLERS_ZH.sub(" ", text)
    text = _FILLERS_EN.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def normalize(text: str) -> str:
    """Simplified script, half width, lower case, digits for numerals, no ASR noise, fillers or punctuation."""
    return strip_text(prepare(text))


def detect_lang(text: str) -> Lang:
    """zh-Hant when the text is written in Traditional characters, zh-Hans for other Chinese, else en."""
    if text.isascii() or not _HAN.search(text):
        return Lang.EN
    sample = "".join(_HAN.findall(text[:2000]))
    return Lang.ZH_HANT if _T2S.convert(sample) != sample else Lang.ZH_HANS


def to_traditional(text: str) -> str:
    """Simplified -> Traditional Chinese (OpenCC s2t), for answering residents who write Traditional."""
    return _S2T.convert(text)
