"""Text normalisation: script, width, case, Chinese numerals, speech-recognition noise and fillers."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import opencc

from intents.pinyin import from_pinyin
from intents.trie import factor
from intents.types import Lang

_DATA = Path(__file__).parent / "data"
_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")  # which characters only Simplified writes so (reading residents' words)
_S2TW = opencc.OpenCC("s2tw")  # answering in Traditional: 為, 裡, 核定, 著, as read in Taiwan and Hong Kong
# OpenCC takes 别着 for 彆着 ("to pin"): 别着急 would read "彆著急". 彆 is right only in 彆扭.
_WRONG_BIE = re.compile("彆(?!扭)")


def _traditional_class() -> re.Pattern[str]:
    """A character class of every CJK character that OpenCC t2s changes on its own (built in ~20 ms).

    Most messages are Simplified: one search of this class (a compact bitmap) lets them skip the conversion.
    """
    chars = [chr(c) for c in range(0x3400, 0xA000)]
    converted = _T2S.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # a phrase rule joined lines: fall back to converting everything
        return re.compile(r"[\u3400-\u9fff]")
    changed = "".join(c for c, d in zip(chars, converted, strict=True) if c != d)
    return re.compile(f"[{changed}]")


_TRADITIONAL = _traditional_class()

_DIGITS = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_NUM_CHARS = "零〇一幺二两三四五六七八九十百千"
# Units after which a Chinese numeral is a quantity or an address part, not a word like 一直 or 十分.
_UNITS = r"(?:度|摄氏|°|栋|幢|座|号楼|号|楼|单元|门|室|层|户|分钟|个小时|小时|天|个月|月|日|点\d|块|元|米|平)"
# not after 万: "万一三月" is "in case, in March"
_NUM_RUN = re.compile(rf"(?<!万)([{_NUM_CHARS}]+)(?=点[{_NUM_CHARS}]+度|{_UNITS})")
_DIGIT_RUN = re.compile(r"[零〇一幺二三四五六七八九]{3,}")
_AFTER_ADDR = re.compile(rf"(\d(?:单元|栋|号楼|门))([{_NUM_CHARS}]+)")
_DECIMAL = re.compile(rf"(\d+)点([{_NUM_CHARS}]+|\d+)(?=度)")
# A reading named without its unit ("卧室温度十六点五", "室温才十五"): the numeral after the word is a temperature;
# not a word that starts with one ("温度计一直停在16").
_READING = re.compile(
    rf"((?:温度|室温|度数)(?:计)?(?:显示|是|有|才|只有|就|在|到|也就)?)([{_NUM_CHARS}]+)(?![直共样般起定会些切边下])"
    rf"(?:点([{_NUM_CHARS}]+))?"
)
_HAN = re.compile(r"[\u3400-\u9fff]")
_NUM_SET = frozenset(_NUM_CHARS)
# Digits read the radio way on the phone (洞 0, 幺 1, 两 2, 拐 7, 勾 9: "拐零两" is 702, "两拐栋" building 27), and 洞/动/冻
# misheard for 栋 before a unit ("二十九洞幺单元"): read only inside a number or before an address unit.
_RADIO = str.maketrans("洞拐勾两", "零七九二")
_RADIO_HINT = frozenset("洞拐勾动冻")
_RADIO_DIGIT = "零〇一幺二两三四五六七八九洞拐勾"
_RADIO_BUILDING = re.compile(
    rf"(?<=[\d一二三四五六七八九十两幺拐勾])[洞动冻](?=[\d{_RADIO_DIGIT}]{{1,2}}单元)"
)
_RADIO_RUN = re.compile(rf"[{_RADIO_DIGIT}]{{3,}}|[{_RADIO_DIGIT}]{{1,2}}(?=栋|单元|号楼|门)")


def _radio_sub(match: re.Match[str]) -> str:
    run = match.group(0)
    if len(run) >= 3 and not any(ch in "零〇幺洞" for ch in run):
        return run  # "一二三", "两三个" and "一拐一拐" are no radio reading
    if len(run) < 3 and not any(ch in "洞拐勾" for ch in run):
        return run
    return run.translate(_RADIO)


def radio_digits(text: str) -> str:
    """Digits read the radio way as plain Chinese digits ("拐零两" -> "七零二"); anything else unchanged."""
    if _RADIO_HINT.isdisjoint(text) and not ("两" in text and ("零" in text or "幺" in text)):
        return text
    if "单元" in text:
        text = _RADIO_BUILDING.sub("栋", text)
    return _RADIO_RUN.sub(_radio_sub, text)


# Punctuation and emoji, then fillers: two passes, each scanning fast (one character class; literal first
# characters), faster than one alternation tried at every position. Punctuation becomes a space first, so a
# filler next to punctuation still has its \b. A repeated filler is written `嗯嗯*`, not `嗯+`: `re` skips ahead
# only when every alternative starts with a plain literal, and a repeat is not one.
_PUNCT = re.compile(r"[^\w\s]")  # with "_", replaced on its own: one character class lets `re` skip ahead
_FILLERS = re.compile(
    r"嗯嗯*|呃呃*|那个|这个|就(?<!不是就)(?<!不是 就)是说?|然后呢|喂喂*"
    r"|u(?<!\wu)(?:m+|h+)\b|e(?<!\we)r+m?\b|h(?<!\wh)mm+\b|a(?<!\wa)h+\b|l(?<!\wl)ike um\b"
)


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
_CONFUSION_MAP = dict(reversed(_CONFUSIONS))


def _confusion_pattern(wrongs: list[str]) -> re.Pattern[str]:
    """One alternation, longest first; English confusions only as whole words."""
    return re.compile(
        factor(
            [
                rf"{re.escape(w[0])}(?<!\w{re.escape(w[0])}){re.escape(w[1:])}\b"
                if w.isascii() and w[0].isalnum()
                else re.escape(w)
                for w in wrongs
            ]
        )
    )


# Two passes, one per script: a Chinese message is not tried against every English misspelling at each
# character, nor an English one against the Chinese homophones. English goes first, on the original text, so
# its word boundaries are the one pass's; it only rewrites ASCII words into ASCII, and Chinese wrongs have no
# boundaries and no ASCII (test), so the Chinese pass finds what the one pass would.
_CHINESE_CONFUSIONS = _confusion_pattern([w for w, _ in _CONFUSIONS if not w[0].isascii()])
_LATIN_CONFUSIONS = _confusion_pattern([w for w, _ in _CONFUSIONS if w[0].isascii()])
_LATIN = re.compile(r"[a-z]")


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


def _digit_run_sub(match: re.Match[str]) -> str:
    """A number read digit by digit, its leading zeros kept: "零四五幺" is the area code 0451, not 451."""
    return "".join(str(_DIGITS[ch]) for ch in match.group(0))


def _num_sub(match: re.Match[str]) -> str:
    value = zh_number(match.group(1))
    return match.group(0) if value is None else str(value)


def _reading_sub(match: re.Match[str]) -> str:
    whole = zh_number(match.group(2))
    if whole is None:
        return match.group(0)
    frac = match.group(3)
    digits = "".join(str(_DIGITS.get(ch, "")) for ch in frac) if frac else ""
    return f"{match.group(1)}{whole}.{digits}" if digits else f"{match.group(1)}{whole}"


def _decimal_sub(match: re.Match[str]) -> str:
    frac = match.group(2)
    digits = frac if frac.isdigit() else "".join(str(_DIGITS.get(ch, "")) for ch in frac)
    return f"{match.group(1)}.{digits}" if digits else match.group(0)


def convert_numerals(text: str) -> str:
    """Chinese numerals that are quantities or address parts become digits (十五度 -> 15度)."""
    text = radio_digits(text)
    if _NUM_SET.isdisjoint(text):
        return text
    text = _DIGIT_RUN.sub(_digit_run_sub, text)
    text = _NUM_RUN.sub(_num_sub, text)
    if "温" in text or "度数" in text:
        text = _READING.sub(_reading_sub, text)
    if "元" in text or "栋" in text or "楼" in text or "门" in text:
        text = _AFTER_ADDR.sub(lambda m: m.group(1) + str(zh_number(m.group(2)) or m.group(2)), text)
    return _DECIMAL.sub(_decimal_sub, text) if "点" in text else text


def fix_confusions(text: str) -> str:
    """Replace known speech-recognition and typing confusions of this domain (lower-case text)."""
    if _LATIN.search(text) is not None:
        text = _LATIN_CONFUSIONS.sub(_confusion_sub, text)
    return text if text.isascii() else _CHINESE_CONFUSIONS.sub(_confusion_sub, text)


def _confusion_sub(match: re.Match[str]) -> str:
    return _CONFUSION_MAP[match.group(0)]


_EN_ONES = "one two three four five six seven eight nine".split()
_EN_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_EN_VALUES = {w: i + 1 for i, w in enumerate(_EN_ONES)} | {w: i + 10 for i, w in enumerate(_EN_TEENS)}
_EN_VALUES |= {"twenty": 20, "thirty": 30}
# A temperature spelled out ("fourteen degrees", "twenty one degrees"): digits, so that it is read as a number.
_EN_NUMBER = re.compile(
    rf"\b(?:(twenty|thirty)(?:[\s-]({'|'.join(_EN_ONES)}))?|({'|'.join(_EN_TEENS + _EN_ONES[4:])}))"
    r"(?=\s*(?:and a half\s*)?(?:degrees?|deg|celsius|c)\b)"
)


# ...and before 度 in a mixed message ("教室里才 fifteen 度").
_EN_NUMBER_DU = re.compile(r"\s*(?<![a-z])" + _EN_NUMBER.pattern.split("(?=")[0][2:] + r"\s*(?=度)")


def _en_number_sub(match: re.Match[str]) -> str:
    tens, ones, single = match.groups()
    return str(_EN_VALUES[single] if single else _EN_VALUES[tens] + (_EN_VALUES[ones] if ones else 0))


def english_numbers(text: str) -> str:
    """Spelled-out English numbers before "degrees" as digits ("fourteen degrees" -> "14 degrees")."""
    return _EN_NUMBER.sub(_en_number_sub, text) if "deg" in text or "celsius" in text else text


_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
_SPOKEN_NUMBER_GAP = re.compile(
    r"(?<=[零〇幺一二两三四五六七八九十百洞拐勾]) +(?=[零〇幺一二两三四五六七八九十百洞拐勾度栋幢单元号楼门室层])"
)
# A room said digit by digit, then its floor ("一零一 一楼"): kept apart, not one number "1011".
_ROOM_THEN_FLOOR = re.compile(r"(?<=[零〇幺一二三四五六七八九]{3}) +(?=[一二两三四五六七八九十]{1,2}[楼层])")


# Full-width punctuation of Chinese typing: NFKC makes each its ASCII twin, and nothing else changes with it.
_FULL_WIDTH = ("，", ","), ("？", "?"), ("！", "!"), ("：", ":"), ("；", ";"), ("（", "("), ("）", ")")


def _nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, without its cost for the usual full-width commas and marks."""
    for wide, narrow in _FULL_WIDTH:
        text = text.replace(wide, narrow)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def simplified(text: str) -> str:
    """Traditional characters as Simplified ("紅旗小區" -> "红旗小区"); anything else unchanged."""
    return _T2S.convert(text) if _TRADITIONAL.search(text) else text


def prepare(text: str) -> str:
    """Script, width, case, numerals and confusions fixed; punctuation kept (entities are read from this)."""
    return prepare_lang(text)[0]


# A caller's stutter before a number and its unit ("六 六号楼", "四 四栋", "十 十一度"): the first try dropped, not
# read as part of the number ("六六号楼", "二十一度").
_STUTTER = re.compile(
    r"(?<![零〇一二三四五六七八九十两幺])(?:([一二三四五六七八九两])\s+(?=\1\s*(?:号楼|号|栋|幢|单元|门|楼|度))"
    r"|十\s+(?=十[一二三四五六七八九]?\s*(?:号楼|号|栋|幢|单元|门|楼|度)))"
)


def prepare_lang(text: str) -> tuple[str, Lang]:
    """`prepare(text)` and `detect_lang(text)` at the cost of one script conversion."""
    if "💧" in text:  # "💧暖气片": the drop is the word
        text = text.replace("💧", " 滴水 ")
    if text.isascii():
        lowered = text.lower()
        chinese = from_pinyin(lowered)  # "nuanqi bu re": typed pinyin is read as the Chinese it spells
        if chinese is not None:
            return convert_numerals(fix_confusions(chinese)), Lang.ZH_HANS
        return fix_confusions(english_numbers(lowered)), Lang.EN
    folded = text if unicodedata.is_normalized("NFKC", text) else _nfkc(text)
    folded = folded.lower()
    if not _HAN.search(folded):
        return fix_confusions(folded), detect_lang(text)
    if " " in folded and not _NUM_SET.isdisjoint(folded):  # voice transcripts' "十五 度", "五 零 一": joined
        folded = _SPOKEN_NUMBER_GAP.sub("", _ROOM_THEN_FLOOR.sub(",", _STUTTER.sub("", folded)))
    if "度" in folded and _EN_NUMBER_DU.search(folded) is not None:  # "才 fifteen 度": digits
        folded = _EN_NUMBER_DU.sub(_en_number_sub, folded)
    if _TRADITIONAL.search(folded) is None:  # nothing t2s would change
        return convert_numerals(fix_confusions(folded)), Lang.ZH_HANS
    simplified = _T2S.convert(folded)
    # Only Traditional characters change under t2s; confirm on the original text as `detect_lang` does.
    lang = Lang.ZH_HANS if simplified == folded else detect_lang(text)
    return convert_numerals(fix_confusions(simplified)), lang


_BARE_DEGREE = re.compile(r"(?<=\d)\s*°(?!\s*[cf]\b)")


def strip_text(prepared: str) -> str:
    """Punctuation, emoji and fillers removed from prepared text, whitespace collapsed; a bare "12°" reads 12度."""
    if "°" in prepared:
        prepared = _BARE_DEGREE.sub("度", prepared)
    return " ".join(_FILLERS.sub(" ", _PUNCT.sub(" ", prepared.replace("_", " "))).split())


def join_han(norm: str) -> str:
    """Spaces between two Chinese characters removed: a voice transcript's "冒 水 珠" reads as written "冒水珠"."""
    return _HAN_GAP.sub("", norm) if " " in norm and not norm.isascii() else norm


def scoring_text(text: str) -> str:
    """What the classifier scores and trains on: `normalize(text)` with Chinese words joined."""
    return join_han(normalize(text))


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
    """Simplified -> Traditional Chinese with Taiwan's standard characters (OpenCC s2tw, 别 kept 別), for answering
    residents who write Traditional: "别着急，已为您登记" is "別著急，已為您登記"."""
    return _WRONG_BIE.sub("別", _S2TW.convert(text))


def simplified_only(text: str) -> bool:
    """Some character of `text` is one only Simplified writes so (OpenCC s2t changes it)."""
    return _S2T.convert(text) != text
