"""A typed answer to the question sent when a repair is resolved ("请为这次维修打分（1-5分）… 还是不热"), read as the
buttons take it: a score of 1-5 ("5", "５分", "5分 很满意", "五星", "⭐⭐⭐⭐", "5/5", "4 stars", "非常满意", "不错", "不满意 1分",
"师傅态度很好，5分"), with whatever else was said beside it ("1分 师傅要了两条烟": for bot.rating to act on), or "it is not
fixed" ("6", "还是不热", "还有点凉", "还在漏", "not fixed at all, 1 star"), or a score off the scale ("10分"), or no score
but that it holds ("好多了") or praise of the crew ("师傅很好"). Which repair
it answers is for bot.rating to find."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from bot import praise
from bot.i18n import words
from intents import classify, extract_entities, parse_address, yesno
from intents.normalize import simplified
from intents.types import EMERGENCIES, Intent

COLD = "cold"  # the answer that reopens the repair, as the "still cold" ("still leaking") button's
OFF_SCALE = "off_scale"  # "10分", "0分": a score, but not one of 1-5
FIXED = "fixed"  # "好多了", "暖和了 谢谢", "the leak stopped": the question's "is it warm now?" answered, no score
READING = "reading"  # "现在22度了": the room's reading after the repair, no score: kept, and the score asked
PRAISED = "praised"  # "师傅很好", "修得很快": the repair or its crew praised, no score: the score is asked once more
HEAT, WATER = "heat", "water"  # what is said to be wrong still: "还是不热" or "还在漏" ("没修好": either)


@dataclass(frozen=True, slots=True)
class Answer:
    """What the resident answered: `value` "1".."5", COLD or OFF_SCALE, about ticket `number` when they named one."""

    value: str  # "1".."5", COLD, OFF_SCALE, FIXED, READING or PRAISED
    number: str | None
    bare: bool  # a lone digit: also how a numbered option of the chat is picked
    loose: bool  # said with other words ("5分 很满意 谢谢师傅", "非常满意"): less plainly the rating's answer
    rest: str = ""  # what else was said beside the score ("师傅要了两条烟"), courtesy left out
    about: str | None = None  # COLD said in words: HEAT ("还是不热"), WATER ("还在漏"), None ("没修好", "6")
    emergency: bool = (
        False  # water escaping is told ("5分 可是暖气片在滴水"): an emergency, unless it is "still leaking"
    )
    news: bool = (
        False  # no score, no answer's words alone: news that it is cold again ("好一点了但还是不太热")
    )
    score: str | None = (
        None  # COLD said with a score ("2分 根本没修好 还是冷"): the rating of the visit that failed
    )


_NUMBER = r"(?:工单|ticket)?\s*(?:no\.?|#)?\s*(?P<number>\d{6,10})?\s*[,，:：]?\s*"
_STARS = r"(?<![\d.一二三四五六七八九十百两零])(?P<stars>[1-5一二三四五]|one|two|three|four|five)"
_WORD_STARS = r"(?P<stars>[1-5]|one|two|three|four|five)"
_UNIT = r"\s*(?:分(?!钟)|颗?星(?!期)|stars?\b|points?\b)"  # never "5分钟了" or "2星期了"
_LEAD = r"(?:我?给个?|打)?\s*"
_END = r"[\s!！.。~～]*"
_PAUSE = r"[\s,，、;；.。!！~～]*"
_SEPARATOR = r"\s*(?:[-–—,，、:：;；]|\.(?!\d))\s*"  # "3 - took too long", "4, but…": a digit, then words
_SIX = (
    r"(?P<six>6)(?:\s*[.、]?\s*(?P<echo>{again}))?"  # "6", "6. 还是不热": the "still cold" option, as listed
)
_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "one": "1", "two": "2", "three": "3"}
_DIGITS |= {"four": "4", "five": "5"}
_ASKED = re.compile(r"[?？吗么]")  # "5分还是10分制？": a question, not an answer
_STAR_SIGNS = re.compile(r"[⭐★🌟]+")
_OUT_OF_FIVE = re.compile(r"(?<![\d.])([0-9]{1,2})\s*/\s*5(?![\d.])")
# what the chat acts on rather than take as praise ("师傅很快就到吗" is asked): a report, a question, a person
_NOT_PRAISE = frozenset({Intent.STATUS, Intent.STANDARDS, Intent.HUMAN, *EMERGENCIES, Intent.NO_HEAT})
# a room reading as said: "22度", "二十二度", "22.5℃", "22 degrees"
_DEGREES = (
    r"(?:\d{1,2}(?:\.\d)?|[零一二两三四五六七八九十]{1,3}(?:点[一二三四五六七八九])?)\s*多?\s*"
    r"(?:摄氏度|度|°c?|degrees?(?:\s+celsius)?|celsius)(?:左右|多)?[了啦]?"
)
_UNCLEAR = "一般"  # "一般多久能到": said first with words after it, it is no score
# A reading told as unchanged ("还是15度", "才16度", "still 15 degrees"): what it is decides whether it is still cold
_STILL_READING = re.compile(
    r"(?:还是|仍然|依然|还|才|只有)\s*[\d一二三四五六七八九十]|\bstill (?:only |just |at )?\d", re.IGNORECASE
)


def _either(phrases: frozenset[str]) -> str:
    """One alternation of the phrases, longest first ("非常不满意" before "不满意" before "满意")."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Patterns:
    plain: re.Pattern[str]
    off_scale: re.Pattern[str]
    worded: re.Pattern[str]
    scored: re.Pattern[str]
    digit: re.Pattern[str]
    trailing: re.Pattern[str]
    felt_first: re.Pattern[str]
    again: re.Pattern[str]
    courtesy: re.Pattern[str]
    fixed: re.Pattern[str]
    reading: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    again = _either(words("vocab.still_cold") | words("vocab.still_leaking") | words("vocab.not_fixed"))
    felt = "|".join(f"(?P<felt{n}>{_either(words(f'vocab.score_{n}'))})" for n in range(5, 0, -1))
    courtesy = _either(words("vocab.courtesy"))
    flags = re.IGNORECASE | re.DOTALL
    return _Patterns(
        # "5", "5分", "５", "five", "6", "6. 还是不热", "还是不热", "工单1000017还是不热", "1000017 4": the answer alone
        plain=re.compile(
            rf"{_NUMBER}(?:{_WORD_STARS}\s*(?:分|星|stars?)?|{_SIX.format(again=again)}|(?P<cold>{again})){_END}",
            flags,
        ),
        # "10分", "0分", "给6星": a score off the scale
        off_scale=re.compile(rf"{_NUMBER}{_LEAD}(?P<big>\d{{1,3}}){_UNIT}{_END}", flags),
        # "非常满意", "不满意 1分", "滿意，谢谢师傅", "very satisfied, thanks": satisfaction in words, a score said with it
        worded=re.compile(
            rf"{_NUMBER}{_LEAD}(?:{felt})[的了啊呀吧]?{_PAUSE}(?:{_LEAD}{_STARS}{_UNIT})?{_PAUSE}(?:{courtesy})?{_END}",
            flags,
        ),
        # "5分 很满意 谢谢师傅", "给4星", "五星", "1分 太差了", "3 stars, a bit slow": a score with its unit, then words
        scored=re.compile(rf"{_NUMBER}{_LEAD}{_STARS}{_UNIT}(?P<rest>.*)", flags),
        # "3 - took too long", "4, 师傅挺快的": a digit, a stop, then words
        digit=re.compile(rf"{_NUMBER}(?P<stars>[1-5]){_SEPARATOR}(?P<rest>\S.*)", flags),
        # "师傅态度很好，5分", "not fixed at all, 1 star": words, then the score
        trailing=re.compile(rf"(?P<rest>.*?\S){_PAUSE}{_LEAD}{_STARS}{_UNIT}{_END}", flags),
        # "满意，顺便问一下暖气费怎么交": satisfaction in words, a stop, then something else
        felt_first=re.compile(
            rf"{_NUMBER}(?!{_UNCLEAR}){_LEAD}(?:{felt})[的了啊呀吧]?(?P<stop>[\s,，、;；.。!！~～]+)(?P<rest>\S.*)",
            flags,
        ),
        again=re.compile(again, re.IGNORECASE),
        # "很满意 谢谢师傅", "thanks": nothing more than the score says
        courtesy=re.compile(
            rf"(?:(?:{courtesy}|{_either(_felt_words())})[的了啊呀吧]?{_PAUSE})+", re.IGNORECASE
        ),
        # "好多了", "嗯 暖和了 谢谢", "yes, much better now, thanks": it holds, no score said
        fixed=re.compile(
            rf"{_NUMBER}(?:(?:{_either(yesno.words(yesno.YES))}){_PAUSE})?(?:{_either(words('vocab.fixed_now'))})"
            rf"[的了啊呀吧]?{_PAUSE}(?:(?:{courtesy}){_PAUSE})*{_END}",
            flags,
        ),
        # "现在22度了", "屋里有二十度", "it's 22 degrees now": a room's reading with the words around it
        reading=re.compile(
            rf"(?:(?:{_either(words('vocab.room_now'))})\s*)*{_DEGREES}(?:\s*(?:{_either(words('vocab.room_now'))}))*",
            re.IGNORECASE,
        ),
    )


def _felt_words() -> frozenset[str]:
    return frozenset().union(*(words(f"vocab.score_{n}") for n in range(1, 6)))


def prepared(text: str) -> str:
    """The text as the patterns read it: full-width as half ("５分"), Simplified, one space; star signs and "N/5" as
    a score with its unit ("⭐⭐⭐⭐" -> "4星", "5/5" -> "5分")."""
    said = simplified(" ".join(unicodedata.normalize("NFKC", text).split()))
    said = _STAR_SIGNS.sub(lambda m: f"{len(m[0])}星", said)
    return _OUT_OF_FIVE.sub(r"\1分", said)


def read(text: str, *, norm: float = 18.0) -> Answer | None:
    """The answer to the rating question in `text`, or None when it is none; water escaping is flagged `emergency`
    (bot.rating takes it only as the repaired leak's "still leaking"). `norm`: the room temperature promised, a
    reading told still below it is still cold."""
    said = prepared(text)
    p = _patterns()
    answer = (
        _plain(p.plain.fullmatch(said), p)
        or _off_scale(p.off_scale.fullmatch(said))
        or _worded(p.worded.fullmatch(said))
        or _scored(p.scored.fullmatch(said) or p.digit.fullmatch(said), p)
        or _scored(p.trailing.fullmatch(said), p)
        or _felt_first(p.felt_first.fullmatch(said), p)
        or _fixed(p.fixed.fullmatch(said))
        or _still_wrong(said, p, norm)
        or _room_told(said, p, norm)
    )
    if answer is None:
        return _praised(text, said, p)
    if answer.bare:
        return answer
    c = classify(text)  # "1分 暖气片还在漏水": the leak is what counts
    maybe = any(intent in EMERGENCIES for intent, _score in c.candidates)
    if c.emergency or (maybe and answer.about != HEAT):  # "still a bit chilly" names no water
        return dataclasses.replace(answer, emergency=True)
    return answer


def _plain(m: re.Match[str] | None, p: _Patterns) -> Answer | None:
    if m is None:
        return None
    if m["cold"] or m["six"]:
        bare = m["six"] is not None and m[0].strip(" !！.。~～") == "6"
        rest = m["cold"] or ""  # "还是不热" in words, for staff; "6" is the option
        return Answer(
            COLD, m["number"], bare=bare, loose=False, rest=rest, about=_about(m["cold"] or m["echo"], p)
        )
    stars = m["stars"]
    return Answer(
        _digit(stars), m["number"], bare=stars.isdigit() and stars == m[0].strip(" !！.。~～"), loose=False
    )


def _off_scale(m: re.Match[str] | None) -> Answer | None:
    if m is None or 1 <= int(m["big"]) <= 5:
        return None
    return Answer(OFF_SCALE, m["number"], bare=False, loose=False)


def _worded(m: re.Match[str] | None) -> Answer | None:
    if m is None:
        return None
    # "不满意 1分": the score said wins over the words' place on the scale
    return Answer(_digit(m["stars"]) if m["stars"] else _felt(m), m["number"], bare=False, loose=True)


def _scored(m: re.Match[str] | None, p: _Patterns) -> Answer | None:
    if m is None:
        return None
    said = m["rest"]
    rest = said.strip(" ,，、;；.。!！~～-–—")
    if said[:1].isalnum() and _names_a_flat(rest):  # "五星小区3栋暖气不热": a name, no score
        return None
    if rest == m["stars"]:  # "5. 5": the option as the list shows it
        rest = ""
    return _with_rest(_digit(m["stars"]), m.groupdict().get("number"), rest, p)


def _felt_first(m: re.Match[str] | None, p: _Patterns) -> Answer | None:
    if m is None or (m["stop"].isspace() and _matched_felt(m).isascii()):
        return None  # an English word of the scale and words after a mere space: no score ("good, thanks" is one)
    return _with_rest(_felt(m), m["number"], m["rest"].strip(), p)


def _with_rest(value: str, number: str | None, rest: str, p: _Patterns) -> Answer:
    if p.courtesy.fullmatch(rest):
        rest = ""
    if rest and (found := p.again.search(rest)):  # "1分 屋里还是冷", "not fixed at all, 1 star": reopened
        about = _about(found[0], p)
        return Answer(COLD, number, bare=False, loose=True, rest=rest, about=about, score=value)
    return Answer(value, number, bare=False, loose=bool(rest), rest=rest)


def _fixed(m: re.Match[str] | None) -> Answer | None:
    return None if m is None else Answer(FIXED, m["number"], bare=False, loose=True)


def _still_wrong(said: str, p: _Patterns, norm: float) -> Answer | None:
    """No score, but words that the repair did not hold ("好一点了但还是不太热", "still a bit chilly", a reading still
    below the norm: "还是15度"): reopened."""
    found = p.again.search(said)
    if found is not None:
        return Answer(COLD, None, bare=False, loose=True, rest=said, about=_about(found[0], p), news=True)
    reading = extract_entities(said).temperature_c if _STILL_READING.search(said) else None
    if reading is None or reading >= norm:
        return None
    return Answer(COLD, None, bare=False, loose=True, rest=said, about=HEAT, news=True)


def _room_told(said: str, p: _Patterns, norm: float) -> Answer | None:
    """ "现在22度了", "it's 22 degrees now": the room's reading told, no score (READING), or, below the norm ("屋里16度"),
    still cold, as a reading told as unchanged is ("还是15度"); with words that the repair holds ("暖和了 现在22度"),
    FIXED."""
    reading = extract_entities(said).temperature_c
    if reading is None:
        return None
    rest = p.reading.sub(" ", said, count=1).strip(" ,，、;；.。!！~～")
    if rest and rest.lower() not in words("vocab.courtesy"):  # "现在22度了 谢谢" is the reading alone
        return _fixed(p.fixed.fullmatch(rest))
    if reading < norm:
        return Answer(COLD, None, bare=False, loose=True, rest=said, about=HEAT, news=True)
    return Answer(READING, None, bare=False, loose=True)


def _praised(text: str, said: str, p: _Patterns) -> Answer | None:
    """ "师傅很好", "師傅很專業", "修得很快 谢谢": the repair or its crew praised, with no score, and nothing asked or told
    that the chat acts on (the classifier may take words about the crew for a complaint); thanks alone are thanks."""
    if asked(said) or p.courtesy.fullmatch(said) or not praise.praises(said):
        return None
    c = classify(text)
    if c.emergency or (c.intent in _NOT_PRAISE and not c.unsure):
        return None
    return Answer(PRAISED, None, bare=False, loose=True)


def _about(phrase: str | None, p: _Patterns) -> str | None:
    """What the words say is still wrong: HEAT, WATER, or either (None: "没修好", "not fixed")."""
    if not phrase:
        return None
    said = phrase.lower()
    if said in words("vocab.still_leaking"):
        return WATER
    return HEAT if said in words("vocab.still_cold") else None


def _felt(m: re.Match[str]) -> str:
    return next(name for name, said in m.groupdict().items() if name.startswith("felt") and said)[-1]


def _matched_felt(m: re.Match[str]) -> str:
    return next(said for name, said in m.groupdict().items() if name.startswith("felt") and said)


def _digit(stars: str) -> str:
    return _DIGITS.get(stars.lower(), stars)


def _names_a_flat(words: str) -> bool:
    return parse_address(words) is not None


def asked(rest: str) -> bool:
    """The words beside a score ask something ("5分还是10分制？")."""
    return _ASKED.search(rest) is not None
