"""Toneless pinyin ("nuanqi bu re", "lou shui", "baoxiu") read back as Chinese before classification.

The table `data/pinyin.tsv` is generated offline from our own Chinese phrase lists, examples and rule vocabulary
by `python -m intents.pinyin` (pypinyin is needed only then). At run time a message is converted only when it
looks like pinyin: every word splits into valid syllables and few of them are also English words, so English
is left untouched.
"""

from __future__ import annotations

import re
from pathlib import Path

_DATA = Path(__file__).parent / "data"
_OUT = _DATA / "pinyin.tsv"
MAX_SYLLABLES = 4  # longest word of the table, in syllables
# After a number a syllable is a unit or an address part ("15 dong 3 danyuan 402", "shiliu du").
_AFTER_NUMBER = {
    "dan yuan": "单元",
    "hao lou": "号楼",
    "xiao shi": "小时",
    "fen zhong": "分钟",
    "ge xiao shi": "个小时",
    "dong": "栋",
    "hao": "号",
    "lou": "楼",
    "shi": "室",
    "du": "度",
    "ceng": "层",
    "men": "门",
    "hu": "户",
    "tian": "天",
    "ci": "次",
    "ge": "个",
    "dian": "点",
    "kuai": "块",
    "yuan": "元",
    "ping": "平",
    "hui": "回",
}
# English words that are also pinyin ("he", "women", "change"): a message made mostly of them is English.
_ENGLISH = frozenset(
    "a an he me she you men women die tie lie pie sun ran hang long longer change dance chance guide bang "
    "pan ban tan man fan ping pong gong song ming hen ten bin pin tin lin sang bye ha hu ma pa ba".split()
)
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")


def _load() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    if not _OUT.exists():
        return {}, frozenset(), frozenset()
    rows = [
        row
        for row in (line.split("\t") for line in _OUT.read_text(encoding="utf-8").splitlines())
        if len(row) == 2
    ]
    syllables = frozenset(key for key, han in rows if " " not in key and han != "=en")
    english = frozenset(key for key, han in rows if han == "=en")
    return {key: han for key, han in rows if han and han != "=en"}, syllables, english


_WORDS, _SYLLABLES, _OUR_ENGLISH = _load()
_SPLITS: dict[str, tuple[str, ...] | None] = {}  # memo of words split into syllables, bounded


def split_syllables(word: str) -> tuple[str, ...] | None:
    """`nuanqi` -> ("nuan", "qi"): the fewest valid syllables that spell the word, or None."""
    done = _SPLITS.get(word, ())
    if done != ():
        return done
    best: list[tuple[str, ...] | None] = [()] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            syllable = word[start:end]
            # inside a word a syllable starting with a vowel needs an apostrophe (xi'an): "seeping" is English
            if head is not None and syllable in _SYLLABLES and (start == 0 or syllable[0] not in "aeo"):
                candidate = (*head, syllable)
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    found = best[len(word)] if word else None
    if len(_SPLITS) < 20000:
        _SPLITS[word] = found
    return found


def looks_like_pinyin(text: str) -> list[list[str]] | None:
    """The message's tokens as syllable lists (a number as itself) when it reads as pinyin, else None."""
    tokens = _TOKEN.findall(text)
    out: list[list[str]] = []
    english = letters = 0
    for token in tokens:
        if token[0].isdigit():
            out.append([token])
            continue
        parts = split_syllables(token)
        if parts is None:
            return None
        letters += 1
        english += token in _ENGLISH or token in _OUR_ENGLISH
        out.append(list(parts))
    if not letters or english * 2 > letters:
        return None
    return out


def _convert(syllables: list[str]) -> str:
    out: list[str] = []
    i, after_number = 0, False
    while i < len(syllables):
        syl = syllables[i]
        if syl[0].isdigit():
            out.append(syl)
            i, after_number = i + 1, True
            continue
        for size in range(min(MAX_SYLLABLES, len(syllables) - i), 0, -1):
            key = " ".join(syllables[i : i + size])
            han = (_AFTER_NUMBER.get(key) if after_number else None) or _WORDS.get(key)
            if han is not None and not any(s[0].isdigit() for s in syllables[i : i + size]):
                out.append(han)
                i += size
                break
        else:
            out.append(f" {syl} ")
            i += 1
        after_number = False
    return " ".join("".join(out).split())


def from_pinyin(text: str) -> str | None:
    """Lower-case ASCII text that reads as toneless pinyin, written in Chinese; None for anything else."""
    tokens = looks_like_pinyin(text)
    if tokens is None:
        return None
    return _convert([syl for token in tokens for syl in token])


def table() -> list[tuple[str, str]]:
    """(pinyin, Chinese) pairs: every syllable's commonest character and the words of our own Chinese text."""
    import tomllib
    from collections import Counter

    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import PINYIN_DICT

    from intents.homophones import _toneless
    from intents.normalize import scoring_text

    raw = [
        line.split("#", 1)[0].split("\t")[-1].replace(" + ", " ")
        for path in sorted(_DATA.glob("*.txt"))
        if path.name.endswith((".zh.txt", ".en.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    texts = [scoring_text(line) for line in raw if not line.isascii()]
    vocab = tomllib.loads((_DATA / "vocab.toml").read_text(encoding="utf-8"))
    literal = [w for words in vocab.values() for w in words if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)]
    han = re.compile(r"[\u4e00-\u9fff]+")
    chars: Counter[tuple[str, str]] = Counter()
    grams: Counter[tuple[str, str]] = Counter()
    for text in texts + literal * 2:
        for run in han.findall(text):
            reading = lazy_pinyin(run, style=Style.NORMAL, errors="ignore")
            if len(reading) != len(run):
                continue
            for i, ch in enumerate(run):
                chars[(reading[i], ch)] += 1
            for n in range(2, MAX_SYLLABLES + 1):
                for i in range(len(run) - n + 1):
                    grams[(" ".join(reading[i : i + n]), run[i : i + n])] += 1
    syllables = {
        _toneless(reading).replace("ü", "v")
        for code, readings in PINYIN_DICT.items()
        if code > 0x2E80
        for reading in readings.split(",")
    }
    syllables = {s for s in syllables if s.isascii() and s.isalpha() and re.search("[aeiouv]", s)}
    best: dict[str, tuple[int, str]] = {}
    for (key, ch), count in sorted(chars.items()):
        if count > best.get(key, (0, ""))[0]:
            best[key] = (count, ch)
    pairs = [(s, best[s][1] if s in best else "") for s in sorted(syllables)]
    best = {}
    for (key, word), count in sorted(grams.items()):
        if count >= 2 and count > best.get(key, (0, ""))[0]:
            best[key] = (count, word)
    pairs += [(key, word) for key, (_, word) in sorted(best.items())]
    # English words of our own English lists that also spell pinyin ("rude", "human"): marked `=en`
    english = {
        word
        for line in raw
        if line.isascii()
        for word in re.findall("[a-z]+", line.lower())
        if split_syllables(word) is not None
    }
    pairs += [(word, "=en") for word in sorted(english)]
    return pairs


def main() -> None:
    """Write the generated table."""
    lines = ["# Generated by `python -m intents.pinyin` from our own phrase lists and examples: do not edit."]
    lines += [f"{key}\t{han}" for key, han in table()]
    _OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
