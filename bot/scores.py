"""A typed answer to the question sent when a repair is resolved ("请为这次维修打分（1-5分）… 还是不热"), read as the
buttons take it: a score of 1-5 ("5", "5分 很满意", "五星", "4 stars", "非常满意", "不满意 1分") or "still cold" ("6",
"还是不热", "1分 根本没修好"), with the ticket it names, if any. Which repair it answers is for bot.rating to find."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bot.i18n import words
from intents import classify, parse_address
from intents.normalize import simplified
from intents.types import EMERGENCIES

COLD = "cold"  # the answer that reopens the repair, as the "still cold" button's


@dataclass(frozen=True, slots=True)
class Answer:
    """What the resident answered: `value` "1".."5" or COLD, about ticket `number` when they named one."""

    value: str
    number: str | None
    bare: bool  # a lone digit: also how a numbered option of the chat is picked
    loose: bool  # said with other words ("5分 很满意 谢谢师傅", "非常满意"): less plainly the rating's answer


_NUMBER = r"(?:工单|ticket)?\s*(?:no\.?|#)?\s*(?P<number>\d{6,10})?\s*[,，:：]?\s*"
_STARS = r"(?P<stars>[1-5一二三四五]|one|two|three|four|five)"
_UNIT = r"\s*(?:分(?!钟)|颗?星(?!期)|stars?\b)"  # never "5分钟了" or "2星期了"
_LEAD = r"(?:我?给个?|打)?\s*"
_END = r"[\s!！.。~～]*"
_PAUSE = r"[\s,，、;；.。!！~～]*"
_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "one": "1", "two": "2", "three": "3"}
_DIGITS |= {"four": "4", "five": "5"}
_ASKED = re.compile(r"[?？吗么]")  # "5分还是10分制？": a question, not an answer


def _either(phrases: frozenset[str]) -> str:
    """One alternation of the phrases, longest first ("非常不满意" before "不满意" before "满意")."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    cold = _either(words("vocab.still_cold"))
    felt = "|".join(f"(?P<felt{n}>{_either(words(f'vocab.score_{n}'))})" for n in range(5, 0, -1))
    courtesy = _either(words("vocab.courtesy"))
    flags = re.IGNORECASE | re.DOTALL
    # "5", "5分", "6", "还是不热", "工单1000017还是不热", "1000017 4": an optional ticket number, then the answer
    plain = re.compile(rf"{_NUMBER}(?:(?P<stars>[1-6])\s*(?:分|星|stars?)?|(?P<cold>{cold})){_END}", flags)
    # "5分 很满意 谢谢师傅", "给4星", "五星", "1分 太差了", "3 stars, a bit slow": a score with its unit, then words
    scored = re.compile(rf"{_NUMBER}{_LEAD}{_STARS}{_UNIT}(?P<rest>.*)", flags)
    # "非常满意", "不满意 1分", "滿意，谢谢师傅", "very satisfied, thanks": satisfaction in words, a score said with it
    worded = re.compile(
        rf"{_NUMBER}{_LEAD}(?:{felt})[的了啊呀吧]?{_PAUSE}(?:{_LEAD}{_STARS}{_UNIT})?{_PAUSE}(?:{courtesy})?{_END}",
        flags,
    )
    return plain, scored, worded, re.compile(cold, re.IGNORECASE)


def read(text: str) -> Answer | None:
    """The answer to the rating question in `text`, or None when it is none; an emergency is never one."""
    said = simplified(" ".join(text.split()))
    plain, scored, worded, cold = _patterns()
    answer = (
        _plain(plain.fullmatch(said))
        or _scored(scored.fullmatch(said), cold)
        or _worded(worded.fullmatch(said))
    )
    if answer is None or answer.bare:
        return answer
    c = classify(text)  # "1分 暖气片还在漏水": the leak is what counts
    if c.emergency or any(intent in EMERGENCIES for intent, _score in c.candidates):
        return None
    return answer


def _plain(m: re.Match[str] | None) -> Answer | None:
    if m is None:
        return None
    bare = m["stars"] is not None and m["stars"] == m[0].strip(" !！.。~～")
    return Answer(COLD if m["cold"] or m["stars"] == "6" else m["stars"], m["number"], bare=bare, loose=False)


def _scored(m: re.Match[str] | None, cold: re.Pattern[str]) -> Answer | None:
    if m is None:
        return None
    rest = m["rest"].strip(" ,，、;；.。!！~～")
    if _ASKED.search(rest) or _names_a_flat(rest):  # "5分还是10分制？", "五星小区3栋暖气不热": no answer
        return None
    value = COLD if cold.search(rest) else _digit(m["stars"])  # "1分 屋里还是冷": reopened
    return Answer(value, m["number"], bare=False, loose=bool(rest))


def _worded(m: re.Match[str] | None) -> Answer | None:
    if m is None:
        return None
    felt = next(name for name, said in m.groupdict().items() if name.startswith("felt") and said)
    # "不满意 1分": the score said wins over the words' place on the scale
    return Answer(_digit(m["stars"]) if m["stars"] else felt[-1], m["number"], bare=False, loose=True)


def _digit(stars: str) -> str:
    return _DIGITS.get(stars.lower(), stars)


def _names_a_flat(words: str) -> bool:
    return parse_address(words) is not None
