"""The address in a message: its building, unit and room, and the resident's words for it: the estate (or street,
or district) named with the flat, then the flat up to its room number, without the complaint said around it."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from intents.entities import address_parts, after_correction, corrected_address, spoken_numbers
from intents.normalize import prepare, simplified, to_traditional
from intents.types import Address

Parts = tuple[str | None, str | None, str | None]

_SPAN_CHARS = 300  # a longer message keeps its whole text as the address's words
_ZH_NUMERALS = frozenset("〇零一二两三四五六七八九十百幺")
_PART_ENDS = frozenset("室号户层楼栋元门座幢#")  # "…2单元", "3号楼", "501室" end a flat's words
# Between an estate and its flat ("红旗小区，3号楼", "红旗小区的3栋", "Hongqi compound, building 3")
_GAP = frozenset(" \t\n,，、:：;；-—的啊呀哈吧呢嘛哦嗯")
# What an estate's name in Chinese is never made of: particles, pronouns, words of a complaint ("暖气不热啊红旗小区",
# "漏水了红旗小区", "就在红旗小区", "她住青年路小区"), so the lead-in stops before the name.
_NOT_IN_NAME = frozenset(
    "的了啊呀吧呢嘛哦哈噢喔嗯呃哎唉喂啦咧吗么在住是我你您他她它们这那个啥就到说叫跟还也又很才只没不"
)
_NOT_IN_NAME |= frozenset("热冷凉冰漏气片坏屋")
# How a place's name ends, left off when it is named by its name alone ("桂林" for "桂林小区")
_PLACE_ENDING = re.compile(r"(?:小区|花园|家园|新村|社区|公寓|大厦|[苑园院村城湾府庭区])\Z")
_NAME_CHARS = 5  # "青年路", "吉林大路": a longer run before an estate's ending is the lead-in
_HAN = re.compile(r"[\u3400-\u9fff]")
# How a place's name ends, said before the flat: an estate ("小区", "苑"), a street with its number ("青年路55号"),
# a district ("朝阳区"); one character needs a name of two ("凯旋苑", not "医院")
_ZH_PLACE_BEFORE = re.compile(
    r"(?:(?:小区|花园|家园|新村|社区|公寓|大厦|宿舍|大院)"
    r"|(?:[苑园院村城湾府庭区里])"
    r"|(?:大街|大道|大路|胡同|[路街道巷])(?:\s*[\d〇零一二两三四五六七八九十百]{1,4}\s*号院?)?)\Z"
)
_PHASE = re.compile(
    r"(?<![\d〇零一二两三四五六七八九十])(?:\d{1,2}|[一二三四五六七八九十]{1,2}|[a-z])\s*期\Z", re.I
)
# An estate named after the flat ("三号楼二单元501红旗小区"): only its longer endings
_ZH_ESTATE_AFTER = re.compile(r"([\u3400-\u9fff]{1,6}?)(?:小区|花园|家园|新村|社区|公寓|大厦)")
_EN_ESTATE_WORDS = r"(?:compound|xiaoqu|gardens?|huayuan|jiayuan|estate|community|residences?|court|park)"
_EN_ESTATE_BEFORE = re.compile(rf"(?<![a-z])([a-z]+)\s+{_EN_ESTATE_WORDS}\s*\Z", re.IGNORECASE)
_EN_ESTATE_AFTER = re.compile(rf"(?:(?:in|at)\s+)?([a-z]+)\s+{_EN_ESTATE_WORDS}(?![a-z])", re.IGNORECASE)
_NOT_A_NAME = frozenset(
    "a an the in at of my our his her their your this that to on is and live lives living car parking business"
    " industrial science trailer theme amusement water dog skate".split()
)
_ROOM_WORD_AFTER = re.compile(r"号房|房间|室|号(?![码楼院])|户")  # "501室", "501号"
_INTERJECTION = re.compile(r"[啊呀哈吧呢嘛哦嗯]+(?=[\s,，、]*\Z)")
# What only describes the flat further ("5栋东单元402", "4号楼东单元2楼西户", "26号楼一楼")
_FLAT_MORE = re.compile(
    r"(?:[东西南北中]?(?:单元|门(?!口))(?:[\d〇零一二两三四五六七八九十幺]{1,4}(?![\d楼层]))?"
    r"|[\d〇零一二两三四五六七八九十]{1,2}[楼层]"
    r"|[东西南北中]户)+"
)
_AFTER_FLAT = re.compile(
    r"^(?:[\s,，、]|在|(?:in|at)\s)+", re.IGNORECASE
)  # "…501 在红旗小区", "…501 in Hongqi"
_NUMBER = re.compile(r"[\d〇零一二两三四五六七八九十百幺]+")


def parse_address(text: str, *, places: Sequence[str] = ()) -> Address | None:
    """The address in a message, or None when no building or room can be read. `places` are the names of the
    company's estates and districts ("红旗小区", "Hongqi"): one said next to the flat is kept with it, even without
    an ending that names it an estate ("building 3 unit 2 room 501 hongqi")."""
    said = spoken_numbers(prepare(text[:5000]))
    building, unit, room = address_parts(said)
    corrected = after_correction(said)
    fixed: Parts = (None, None, None)
    if corrected is not None:  # "3栋2单元501 不对 是502"
        fixed = corrected_address(*corrected, room)
        building, unit, room = fixed[0] or building, fixed[1] or unit, fixed[2] or room
    if building is None and room is None:
        return None
    parts = (building, unit, room)
    words, names = text.strip(), _known(tuple(places))
    if len(words) > _SPAN_CHARS:
        raw = words
    elif any(fixed):
        raw = _labelled(_corrected_words(words, parts, names), parts)
    else:
        raw = _address_words(words, parts, names) or words
        if _SPOKEN_WORD.search(raw) is not None and spoken_numbers(raw.lower()) != raw.lower():
            raw = _labelled(raw, parts)  # "building five unit one room three oh two": shown as digits
    return Address(raw=_named_in_full(raw, names), building=building, unit=unit, room=room)


# Where a flat's own words begin in an address: a number (digits or Chinese), or an English flat word.
_FLAT_START = re.compile(
    r"[0-9〇零一二两三四五六七八九十幺]|\b(?:building|bldg|block|blk|unit|entrance|room|rm|apt|apartment|flat|no)\b",
    re.IGNORECASE,
)
_SPOKEN_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|oh|zero|double)\b", re.IGNORECASE
)


def _labelled(raw: str, parts: Parts) -> str:
    """An address corrected while said ("红旗小区3栋2单元501 不对 是502") or read out in English words ("building five unit
    one room three oh two"), as the flat it means ("红旗小区3栋2单元502", "building 5 unit 1 room 302"), with the place
    named before it: what residents, callers and staff read back and see; the words said stay in the report's."""
    start = _FLAT_START.search(raw)
    place = (raw[: start.start()] if start else "").strip(" ,，、")
    building, unit, room = parts
    if raw.isascii():
        flat = " ".join(
            f"{word} {value}"
            for word, value in (("building", building), ("unit", unit), ("room", room))
            if value
        )
        return f"{place} {flat}".strip()
    flat = f"{building + '栋' if building else ''}{unit + '单元' if unit else ''}{room or ''}"
    return place + (to_traditional(flat) if simplified(raw) != raw else flat)


def _named_in_full(raw: str, names: _Names) -> str:
    """An address starting with a company estate's name without its ending ("桂林2栋2单元502"), with the estate named
    as the company names it ("桂林小区2栋2单元502"), so that its branch and estate are known."""
    simple = simplified(raw)
    for stem, full in names.stems:
        if simple.startswith(stem) and not simple.startswith(full) and _NUMBER.match(simple, len(stem)):
            return (full if simple == raw else to_traditional(full)) + raw[len(stem) :]
    return raw


@functools.cache
def place_stems(places: tuple[str, ...]) -> dict[str, str]:
    """Each Chinese place name by its name without its ending ("红旗" -> "红旗小区", "湖西" -> "湖西花园")."""
    stems: dict[str, str] = {}
    for place in places:
        name = simplified(place.strip())
        stem = _PLACE_ENDING.sub("", name)
        if not name.isascii() and len(stem) >= 2 and stem != name:
            stems.setdefault(stem, name)
    return stems


@dataclass(frozen=True, slots=True)
class _Names:
    """The company's place names: Chinese ones (Simplified) longest first, Latin ones as one pattern."""

    chinese: tuple[str, ...]
    stems: tuple[tuple[str, str], ...]  # a Chinese name without its ending, and the name ("桂林", "桂林小区")
    before: re.Pattern[str] | None  # a Latin name (with an estate word) ending where the flat's words begin
    after: re.Pattern[str] | None  # one beginning where they end


@functools.cache
def _known(places: tuple[str, ...]) -> _Names:
    chinese = sorted({simplified(p) for p in places if p.strip() and not p.isascii()}, key=len, reverse=True)
    latin = [r"\s*".join(map(re.escape, p.split())) for p in places if p.strip() and p.isascii()]
    stems = tuple(sorted(place_stems(places).items(), key=lambda item: len(item[0]), reverse=True))
    if not latin:
        return _Names(tuple(chinese), stems, None, None)
    name = rf"(?<![a-z])(?:{'|'.join(latin)})(?:\s+{_EN_ESTATE_WORDS})?"
    return _Names(
        tuple(chinese),
        stems,
        re.compile(rf"{name}\s*\Z", re.IGNORECASE),
        re.compile(rf"(?:(?:in|at)\s+)?{name}(?![a-z])", re.IGNORECASE),
    )


def _parts_of(words: str) -> Parts:
    return address_parts(spoken_numbers(prepare(words)))


def _address_words(text: str, parts: Parts, names: _Names) -> str | None:
    """The words of `text` that name the address: "暖气不热啊红旗小区三栋二单元五零一屋里才十四" -> "红旗小区三栋二单元五零一";
    None when no part of the text reads the same parts."""
    span = _span(text, parts, names)
    return span.words(text) if span else None


@dataclass(frozen=True, slots=True)
class _Span:
    """Where an address's words start (at its place's name, or the flat's), where the flat's own words start and
    end, and where the address's end (after the room number, or the estate named after it)."""

    start: int
    flat: int
    flat_end: int
    end: int

    @property
    def placed(self) -> bool:
        """A place is named with the flat, before or after it."""
        return self.start < self.flat or self.end > self.flat_end

    def words(self, text: str) -> str:
        """The address's words; a sound made between the estate and the flat ("红旗小区啊3栋…") left out."""
        place = _INTERJECTION.sub("", text[self.start : self.flat])
        return (place + text[self.flat : self.end]).strip(" ,，")


def _span(text: str, parts: Parts, names: _Names) -> _Span | None:
    """The address's words in `text`, with the places named next to the flat."""
    simple = simplified(text)
    simple = simple if len(simple) == len(text) else text  # "紅旗小區" is looked for as "红旗小区"
    flat = _flat(text, simple, parts)
    if flat is None:
        return None
    start, end = flat
    return _Span(
        _place_before(text, simple, start, names), start, end, _place_after(text, simple, end, names)
    )


def _flat(text: str, simple: str, parts: Parts) -> tuple[int, int] | None:
    """The shortest stretch of `text` that still reads the same building, unit and room, with the words that
    follow and only describe the flat ("501室", "东单元402", "2楼西户")."""
    if _parts_of(text) != parts:
        return None
    # the last start that reads the same ("…300 yuan, pick up at building 4": not from "300", read as a room)
    start = next(
        (i for i in range(len(text) - 1, 0, -1) if _may_start(simple, i) and _parts_of(text[i:]) == parts), 0
    )
    # the first end that reads the same: a longer one may not ("一零一 一楼" is read as room 1011 without its space)
    end = next(
        (j for j in range(start + 1, len(text)) if _may_end(simple, j) and _parts_of(text[start:j]) == parts),
        len(text),
    )
    if text[end - 1].isdigit() or simple[end - 1] in _ZH_NUMERALS:
        word = _ROOM_WORD_AFTER.match(simple, end)  # "501室": the room's word goes with it
        end = word.end() if word else end
    more = _FLAT_MORE.match(simple, end)
    return start, more.end() if more else end


def _may_start(text: str, i: int) -> bool:
    """A flat's words may begin here: a number, or an English word ("building")."""
    char = text[i]
    if char.isdigit() or char in _ZH_NUMERALS or char == "#":
        return True
    return char.isascii() and char.isalpha() and not (text[i - 1].isascii() and text[i - 1].isalnum())


def _may_end(text: str, j: int) -> bool:
    """A flat's words may end before `j`: after a number, a part's word ("单元", "号楼"), an English word."""
    char = text[j - 1]
    if char.isdigit() or char in _ZH_NUMERALS or char in _PART_ENDS:
        return True
    return char.isascii() and char.isalnum() and not (text[j].isascii() and text[j].isalnum())


def _place_before(text: str, simple: str, start: int, names: _Names) -> int:
    """Where the places named right before the flat begin ("朝阳区红旗小区，3号楼" -> at "朝阳区"); `start` if none."""
    for _ in range(3):  # a district, a street, an estate
        at = start
        while at > 0 and simple[at - 1] in _GAP:
            at -= 1
        found = _named_before(text, simple, at, names)
        if found is None or found >= at:
            break
        start = found
    return start


def _named_before(text: str, simple: str, at: int, names: _Names) -> int | None:
    """Where a place's name that ends at `at` begins, or None."""
    known = next((at - len(n) for n in names.chinese if simple.endswith(n, 0, at)), None)
    if known is not None:
        return known
    stem = next((at - len(s) for s, _ in names.stems if simple.endswith(s, 0, at)), None)
    if stem is not None and (stem == 0 or not _in_name(simple[stem - 1])):  # "桂林2栋…", not "新桂林2栋…"
        return stem
    latin = names.before.search(text, 0, at) if names.before else None
    if latin is not None:
        return latin.start()
    english = _EN_ESTATE_BEFORE.search(text, 0, at)
    if english is not None:
        return english.start(1) if english[1].lower() not in _NOT_A_NAME else None
    phase = _PHASE.search(simple, 0, at)  # "东盛小区3期7栋": the phase, and the estate before it
    if phase is not None:
        return phase.start()
    ending = _ZH_PLACE_BEFORE.search(simple, 0, at)
    if ending is None:
        return None
    name = ending.start()
    while name > 0 and ending.start() - name < _NAME_CHARS and _in_name(simple[name - 1]):
        name -= 1
    return name if ending.start() - name >= 2 else None


def _in_name(char: str) -> bool:
    return _HAN.match(char) is not None and char not in _NOT_IN_NAME


def _place_after(text: str, simple: str, end: int, names: _Names) -> int:
    """Where an estate named right after the flat ends ("…501红旗小区", "…room 501 hongqi its like 14"); `end` if
    none is."""
    at = end
    while at < len(text) and simple[at] in " ,，、":
        at += 1
    at += simple.startswith("在", at)
    known = next((at + len(n) for n in names.chinese if simple.startswith(n, at)), None)
    if known is not None:
        return known
    latin = names.after.match(text, at) if names.after else None
    if latin is not None:
        return latin.end()
    english = _EN_ESTATE_AFTER.match(text, at)
    if english is not None and english[1].lower() not in _NOT_A_NAME:
        return english.end()
    estate = _ZH_ESTATE_AFTER.match(simple, at)
    if estate is not None and all(_in_name(c) for c in estate[1]):
        return estate.end()
    return end


def _corrected_words(text: str, parts: Parts, names: _Names) -> str:
    """The words of an address corrected while said: the address said after the correction, in the estate named
    before it ("红旗小区5栋 不对 是6栋1单元302" -> "红旗小区6栋1单元302"); a part said again ("3栋2单元501 不对 是502"),
    from where the address starts to that part. The whole text when the correction cannot be found in it."""
    folded = simplified(text).lower()
    split = after_correction(folded) if len(folded) == len(text) else None
    if split is None:
        return text
    before, later = text[: len(split[0])], text[len(text) - len(split[1]) :]
    said = _parts_of(before)
    first = _span(before, said, names) if any(said) else None
    if _parts_of(later) == parts:  # the whole address said again
        again = _span(later, parts, names)
        if again is None:
            return text
        if again.placed:
            return again.words(later)
        place = before[first.start : first.flat] if first else _place_at_end(before, names)
        return _joined(place.strip(" ,，"), again.words(later))
    if first is None:
        return text
    own = _parts_of(later)
    part = _span(later, own, names) if any(own) else None
    number = _NUMBER.search(later)
    end = part.end if part else number.end() if number else len(later)
    return text[first.start : len(text) - len(later) + end].strip(" ,，")


def _place_at_end(text: str, names: _Names) -> str:
    """The place named at the end of `text` ("红旗小区 嗯 " of "红旗小区 嗯 说错了 5栋1单元302"), or ""."""
    simple = simplified(text)
    simple = simple if len(simple) == len(text) else text
    at = len(text)
    while at > 0 and simple[at - 1] in _GAP:
        at -= 1
    start = _named_before(text, simple, at, names)
    return text[start:at] if start is not None else ""


def _joined(place: str, flat: str) -> str:
    """ "红旗小区" + "5栋1单元302", "Hongqi compound" + " " + "building 5…"."""
    if not place:
        return flat
    return place + (" " if place[-1:].isascii() and place[-1:].isalpha() else "") + flat


# The estate's name at the start of an address ("红旗小区", "湖西花园", "Maple Court "), not after its flat's words
# ("三号楼二单元五零一红旗小区")
ESTATE_LEAD = re.compile(
    r"^\s*[^\d栋幢楼单室]*?(?:小区|花园|家园|新村|社区|公寓|大厦|苑|园|院|村|城|湾|府|庭)"
    r"|^\s*(?:[a-z]+\s){1,3}(?:court|gardens?|estate|park|compound)\b\W*",
    re.IGNORECASE,
)


def estate_words(address: Address) -> str | None:
    """The words naming an address's estate: before its flat ("红旗小区，3号楼…" -> "红旗小区，"), or after it
    ("三号楼二单元五零一红旗小区" -> "红旗小区"); None when it names none."""
    said = simplified(address.raw)  # "紅旗小區" is matched as "红旗小区", kept as written
    lead = ESTATE_LEAD.match(said)
    if lead is not None:
        return address.raw[: lead.end()] if len(said) == len(address.raw) else lead[0]
    parts = (address.building, address.unit, address.room)
    if not any(parts) or len(address.raw) > _SPAN_CHARS:
        return None
    span = _span(address.raw, parts, _known(()))
    if span is None or span.end <= span.flat_end:
        return None
    return _AFTER_FLAT.sub("", address.raw[span.flat_end : span.end]) or None


def in_estate_of(heard: Address, new: Address) -> Address:
    """A new address given without its estate, in the estate named before ("不对，是七栋…" -> "红旗小区七栋…")."""
    estate = estate_words(heard)
    if estate is None or estate_words(new) is not None:
        return new
    return replace(new, raw=_joined(estate.strip(" ,，"), new.raw))


# What an address is written or said with: numbers, 号/路/街/楼…, "room", "street"; "我妈家也漏了" has none of it.
_ADDRESS_WORDS = re.compile(
    r"\d|[号路街楼栋巷村院区屯弄]|旁边|对面|后面|门口|隔壁|附近|平房"
    r"|\b(?:room|building|bldg|block|street|st|road|rd|flat|apt|house|cottage|gate|door|floor|corner|next to"
    r"|opposite|behind|across from)\b"
)


def looks_like_address(text: str) -> bool:
    """The words are those of an address, read or not ("东岭小区平房17号", "学校后门那个平房"), not other words
    ("你们快点派人吧")."""
    said = simplified(text)
    return ESTATE_LEAD.match(said) is not None or _ADDRESS_WORDS.search(said.lower()) is not None


# What stands between an address and the words said beside it ("…501，水越来越多了", "… room 501, it's getting worse")
_BETWEEN = " \t\n,，、.。:：;；!！?？-—~～"
# Words that only lead into the address ("我家地址是", "住在", "my address is", "I live at"): nothing said beside it
_LEAD_IN = re.compile(
    r"(?:(?:我们|我)?(?:家里|家)?的?(?:详细|家庭)?(?:地址|住址)?(?:是|在|就在|住在|住)?"
    r"|(?:(?:my|our|the)\s+(?:home\s+)?address(?:\s+is)?|address|(?:i|we)\s+live\s+(?:at|in)"
    r"|(?:i'?m|we'?re|it'?s|it\s+is)(?:\s+at)?))[\s:：,，]*\Z",
    re.IGNORECASE,
)


def words_beside(text: str, address: Address) -> str:
    """What was said beside the address read from `text` ("3栋2单元501 水越来越多了" -> "水越来越多了", "家里有老人
    红旗小区3栋2单元501，快点" -> "家里有老人 快点"), without the words leading into it ("我家地址是…"); "" when the
    address's words are all of it, or are not in it as written."""
    start = text.find(address.raw) if address.raw else -1
    if start < 0:
        return ""
    before = _LEAD_IN.sub("", text[:start].rstrip(_BETWEEN)).rstrip(_BETWEEN).strip()
    after = text[start + len(address.raw) :].lstrip(_BETWEEN).strip()
    return " ".join(part for part in (before, after) if part)
