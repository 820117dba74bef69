"""Entities read from a message: room temperature, address parts, ticket number, phone number."""

from __future__ import annotations

import re
from dataclasses import replace

from intents.normalize import normalize, prepare, zh_number
from intents.types import Entities

_NUM = r"(-?\d{1,3}(?:\.\d{1,2})?)"
_CELSIUS = re.compile(
    rf"(?:摄氏\s*{_NUM}\s*度?|{_NUM}\s*(?:°\s*c\b|°(?!\s*f)|℃|摄氏度|度|c\b|degrees?\s*c(?:elsius)?\b|celsius\b))"
)
_FAHRENHEIT = re.compile(rf"{_NUM}\s*(?:°\s*f\b|f(?![a-z])|degrees?\s*f(?:ahrenheit)?\b|fahrenheit\b|华氏度)")
_DEGREES = re.compile(rf"{_NUM}\s*(?:degrees?|deg)\b")
# A reading after 温度/室温 with no unit ("卧室温度16.5，暖气半温"): read when nothing else names a temperature.
_BARE_READING = re.compile(
    r"(?:温度|室温|度数|屋里|室内|屋子里|(?:room|indoor) temp(?:erature)?)(?:计)?(?:上)?\s*"
    r"(?:显示|是|有|才|只有|就|在|到|也就|一直停在|停在|一直在|一直是|is|s|of|at|:|(?:dropped|fell|went|is|s|got) (?:down )?to|down to)?\s*"
    r"(\d{1,2}(?:\.\d{1,2})?)(?![\d%°℃]|\.\d|\s*(?:度|个|点|口|人|间|平|米|年|天|月|号|楼|层|栋|分|小时))"
)
# A reading told as one from before ("前阵子屋里22度", "原来有20度", "it used to be 22"): a later one is today's.
_EARLIER = re.compile(r"前阵子|之前|以前|原来|本来|上周|上个?星期|前几天|前些天|used to|last week|before")
# Not a room's reading: the weather outside, or a change ("降温10度", "a drop of 10 degrees").
_NOT_ROOM_TEMP = re.compile(
    r"(?:零下|室外|外面|外头|气温|降温|升温|降了|升了|回升|差(?!不多)|上下|设的|设了|设定|调到|outside|outdoor|forecast|drop of|rise of"
    r"|set (?:it )?to|set at)"
)
# A thermostat's or thermometer's display read without a unit ("thermostat reads 16.5").
_EN_BARE_READING = re.compile(
    r"(?:thermostat|thermometer)s?\s+(?:\w+\s+){0,4}?(?:reads?|reading|shows?|says|displays?|is at|at)\s*"
    r"(\d{1,2}(?:\.\d{1,2})?)(?![\d%]|\.\d)"
)
# The surface of a radiator or pipe measured, not the room ("暖气片测了才30度", "the radiator is only 30 degrees").
_SURFACE = re.compile(r"(?:暖气片|散热器|片子|管子|管道|水温|出水|回水|radiator|pipe|surface)")
_ROOM_WORD = re.compile(r"(?:室温|屋|家|房间|卧室|客厅|温度计|room|inside|flat|apartment|indoor|thermometer)")
# A reading said without a unit in English ("the room is like 16", "bedroom's about 15.5").
_EN_ROOM_READING = re.compile(
    r"(?:room|bedroom|flat|apartment|house|place|home|inside|indoors)s?(?:\s+|')(?:is|s|feels|reads|sits at|stays at|hovers at|is at|s at|is stuck at|never gets? (?:above|over|past)|don t get (?:above|over|past)|doesn t get (?:above|over|past))\s+"
    r"(?:like|about|around|only|just|barely|maybe)?\s*"
    r"(\d{1,2}(?:\.\d)?)(?!\d|\.\d|[%-]|\s*(?:am|pm|min|hour|day|week|month|year|yr|sq|squ|m2|m²|met|ft|fe|foot|o clock|:|peop|pers|kid|chil))"
)

# not "同一栋" / "每一栋" ("the same building", "every building")
_ZH_BUILDING = re.compile(r"(?<![同每哪这那整\d])(\d{1,3})\s*(?:号楼|栋楼|栋|幢|座|号院楼|#楼|#)")
_ZH_UNIT = re.compile(r"(\d{1,2})\s*(?:单元|门(?!口)|单(?!号))")
_ZH_ROOM = re.compile(r"(\d{3,4})\s*(?:室|号房|房间|号(?!楼)|户)?")
_ZH_ROOM_EXPLICIT = re.compile(r"(\d{2,4})\s*(?:室|号房)")
_EN_BUILDING = re.compile(
    r"(?<![a-z])(?:building|bldg|bld|block|blk|bldng|tower)\.?\s*(?:no\.?\s*|#\s*)?(\d{1,3})(?!\d)"
)
_EN_UNIT = re.compile(r"(?<![a-z])(?:unit|entrance|stairwell)\.?\s*(?:no\.?\s*|#\s*)?(\d{1,2})(?!\d)")
_EN_ROOM = re.compile(
    r"(?<![a-z])(?:room|rm|apt|apartment|flat|suite)\.?\s*(?:no\.?\s*|#\s*|is\s+(?=\d{3,4}(?!\d|\.\d|\s*(?:°|deg|c\b|f\b))))?(\d{2,4})(?!\d)"
)
# Chinese order written in English ("I live 5 building 1 unit 603"): building, unit, room, each number first.
_NUMBER_FIRST = re.compile(
    r"(?<![\w.-])(\d{1,3})\s*(?:building|bldg|block|blk)\s*(\d{1,2})\s*(?:unit|entrance)\s*(?:room\s*)?(\d{3,4})(?!\d)"
)
_EN_BUILDING_AFTER = re.compile(r"(?<![\w.])(?:no\.?\s*|number\s*|#\s*)?(\d{1,3})\s*(?:building|bldg)\b")
_EN_ROOM_AFTER_UNIT = re.compile(r"\s*(?:,\s*)?(\d{3,4})(?![\d.])")
_DASHED = re.compile(r"(?<![\d-])(\d{1,3})\s*-\s*(\d{1,2})\s*-\s*(\d{3,4})(?![\d-])")

_PHONE_CN = re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?!\d)")
# A number with its country code, run together or in groups ("+4915123456789", "+49 151 23456789", "+1 415-555-0100"):
# 8 to 15 digits in all (`_abroad` checks the count); a group is two digits or more, so "…0100 3栋" stops before the 3.
_PHONE_E164 = re.compile(r"(?<![\d])\+([1-9]\d{0,3}(?:[\s-]?\d{2,}){1,5})(?!\d)")
_ANY_DIGIT = re.compile(r"\d")
# Cheap gates: a message without these cannot hold a temperature, an address, or a phone/ticket number.
_TEMP_HINT = re.compile(
    r"\d\s*(?:度|°|℃|摄氏|华氏|c|f|deg)|摄氏|温度|室温|度数|thermo|temp"
    r"|(?:room|flat|apartment|house|place|home|inside|indoors)(?:\s+|')(?:is|s|feels|reads|sits|stays|hovers)\b"
    r"|(?:never|don t|doesn t) gets? (?:above|over|past)"
)
_ADDR_HINT = re.compile(
    r"\d\s*(?:号|栋|幢|座|#|单|门|室|房|户|-)|building|bldg|bld|block|blk|tower|unit|entrance|stairwell"
    r"|room|rm|apt|apartment|flat|suite"
)
_LONG_NUMBER = re.compile(r"\d{3}|\+\d")
_EMPTY = Entities()
# A run of 6-10 digits, not part of a longer code or a decimal; Chinese words ("工单号是1000025", "工单1000025到哪了")
# and a sentence's full stop ("My ticket number is 1000025.") may touch it.
_TICKET = re.compile(r"(?<![A-Za-z0-9_+.-])(\d{6,10})(?![A-Za-z0-9_-]|\.\d)")
# A number read digit by digit, a pause after each digit that a recogniser writes as a space or a comma ("1 0 0 0 0 1 7",
# "一，零，零，零，零，一，七"): run together, it is the number said at one go (a ticket's, read out so).
_PAUSE = r"(?:\s*[,、]\s*|\s+)"
_DIGIT_BY_DIGIT = re.compile(
    rf"\d(?:{_PAUSE}\d)+|[零〇一幺二两三四五六七八九](?:{_PAUSE}[零〇一幺二两三四五六七八九])+"
)
_PAUSES = re.compile(_PAUSE)
_IN_NUMBER_BEFORE = re.compile(r"[\d.]$")
_IN_NUMBER_AFTER = re.compile(r"\.?\d")


def _run_together(match: re.Match[str]) -> str:
    """The digits of a number read digit by digit (6 to 10 of them, not in a longer number or a decimal), as digits;
    anything else as it was."""
    said, start, end = match.string, match.start(), match.end()
    digits = "".join(ch if ch.isascii() else str(zh_number(ch)) for ch in _PAUSES.sub("", match.group(0)))
    inside = _IN_NUMBER_BEFORE.search(said, 0, start) or _IN_NUMBER_AFTER.match(said, end)
    return digits if 6 <= len(digits) <= 10 and not inside else match.group(0)


# Spoken English numbers ("building twenty unit one room four oh two", "sixty one degrees", "twelve point five"):
# digits, read only after an address word or before a unit of temperature.
_EN_DIGIT_WORDS = {"zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_EN_DIGIT_WORDS |= {"seven": 7, "eight": 8, "nine": 9}
_EN_TEEN_WORDS = {
    w: 10 + i
    for i, w in enumerate(
        "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS_WORDS = {
    w: 20 + 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_EN_WORD = "|".join(
    sorted([*_EN_DIGIT_WORDS, *_EN_TEEN_WORDS, *_EN_TENS_WORDS, "hundred"], key=len, reverse=True)
)
_EN_RUN = rf"(?:{_EN_WORD}|\d{{1,2}})(?:[\s-]+(?:{_EN_WORD}|point|\d{{1,2}}))*"
_SPOKEN_ADDRESS = re.compile(
    rf"\b((?:building|bldg|block|blk|unit|entrance|stairwell|room|rm|apt|apartment|flat|suite)\s+)(?:number\s+)?"
    rf"({_EN_RUN})\b(?!-\d)"  # not the start of a dashed address ("apt 12-1-903")
)
_SPOKEN_DEGREES = re.compile(rf"\b({_EN_RUN})(?=\s*(?:degrees?|deg|celsius|fahrenheit)\b)")
_SPOKEN_READING = re.compile(
    rf"\b((?:thermostat|thermometer)s?\s+(?:\w+\s+){{0,2}}?(?:reads?|reading|shows?|says|displays?|is at|at)\s+)"
    rf"({_EN_RUN})\b"
)
# A cheap literal gate first: most messages name no address word, temperature unit or thermostat.
_SPOKEN_GATE = re.compile(
    r"build|bldg|block|blk|unit|entrance|stair|room|rm|apt|apartment|flat|suite|deg|celsius|fahr|thermo"
)
_SPOKEN_HINT = re.compile(rf"\b(?:{_EN_WORD})\b|\d[\s-]\d")


def _spoken_value(run: str) -> str | None:
    """Digits of a spoken run ("eleven oh four" -> "1104", "sixty one" -> "61", "twelve point 5" -> "12.5")."""
    groups: list[str] = []
    fraction: list[str] = []
    into = groups
    tokens = run.replace("-", " ").split()
    pending_tens = False  # the last group is a tens word that a following one-digit word completes
    for token in tokens:
        if token == "point":
            if into is fraction or not groups:
                return None
            into, pending_tens = fraction, False
            continue
        if token == "hundred":
            if not groups or into is fraction:
                return None
            groups[-1] = str(int(groups[-1]) * 100)
            pending_tens = True
            continue
        value = _EN_DIGIT_WORDS.get(token)
        if value is None and token.isdigit():
            value = int(token)
        if value is not None and value < 10:
            if pending_tens and value and into is groups:
                groups[-1] = str(int(groups[-1]) + value)
            else:
                into.append(str(value))
            pending_tens = False
            continue
        if into is fraction:
            return None
        if token in _EN_TEEN_WORDS or (token.isdigit() and 10 <= int(token) < 20):
            groups.append(str(_EN_TEEN_WORDS.get(token) or int(token)))
            pending_tens = False
        elif token in _EN_TENS_WORDS or token.isdigit():
            tens = _EN_TENS_WORDS.get(token) or int(token)
            if pending_tens and groups and int(groups[-1]) % 100 == 0 and int(groups[-1]) >= 100:
                groups[-1] = str(int(groups[-1]) + tens)
            else:
                groups.append(str(tens))
            pending_tens = tens % 10 == 0
        else:
            return None
    if not groups:
        return None
    return "".join(groups) + ("." + "".join(fraction) if fraction else "")


def _spoken_sub(match: re.Match[str]) -> str:
    prefix, run = (match.group(1), match.group(2)) if match.lastindex == 2 else ("", match.group(1))
    value = _spoken_value(run)
    if value is None or (not prefix and float(value) < 5):  # "one degree makes a difference": no reading
        return match.group(0)
    return prefix + value


# "double five", "triple oh": a digit said twice or three times, as callers read numbers
_REPEATED_DIGIT = re.compile(rf"\b(double|triple)\s+({'|'.join(_EN_DIGIT_WORDS)})\b")


def _repeated_sub(match: re.Match[str]) -> str:
    return " ".join([match.group(2)] * (2 if match.group(1) == "double" else 3))


def spoken_numbers(text: str) -> str:
    """Spoken English numbers after an address word or before "degrees" written as digits."""
    if _SPOKEN_GATE.search(text) is None or _SPOKEN_HINT.search(text) is None:
        return text
    if "double" in text or "triple" in text:
        text = _REPEATED_DIGIT.sub(_repeated_sub, text)
    text = _SPOKEN_ADDRESS.sub(_spoken_sub, text)
    if "thermo" in text:
        text = _SPOKEN_READING.sub(_spoken_sub, text)
    return (
        _SPOKEN_DEGREES.sub(_spoken_sub, text)
        if "deg" in text or "celsius" in text or "fahr" in text
        else text
    )


# The norm named, not a reading: "保证18度", "标准是18度", "18度是指…", "每个屋都得18度", "is 18°C a guarantee",
# "标准是多少，18度吗"; but "我家18度算不算合格" tells the home's reading.
_NORM_BEFORE = re.compile(
    r"(?:标准|保证|不低于|规定|最低|至少|都得|都要|也得|也要|得达到|要达到|你们说的|说好的|承诺的|规定的"
    r"|不够|不足|达不到|没达到|你哋讲嘅|你们讲的"
    r"|at least|minimum(?: of)?)\s*(?:屋里|室内|家里|房间|的室温|的温度|室温)?"
    r"(?:是|为|要|得|在|达到)?\s*$"
)
_NORM_AFTER = re.compile(
    r"c?\s*(?:是指|指的是|是说|是平均|是按|是怎么(?!回事)|怎么算|算不算|是标准|是(?:白天|晚上|全天|夜里)"
    r"|是(?:average|minimum|量|测)|(?:really\s+|actually\s+)?(?:like\s+|just\s+)?(?:an?|the)\s+(?:\w+\s+)?(?:guarantee|promise|target|standard|minimum|requirement|rule)\b"
    r"|(?:guarantee|standard|minimum|promise|requirement|target)\b"
    r"|的?标准|是在[^ ]{0,8}?测|\s*(?:is |are )?(?:measured|taken|checked)\b)"
)
_OR_ELSE = re.compile(r"度\s*(?:吗|嘛)?\s*[?,]?\s*(?:还是|或者|或)\s*$")
_BELOW = re.compile(r"(?:不到|低于|below|under)\s*$")
NORM_C = (
    18  # the room temperature residents name as the norm (the national minimum): "不到18度", "18度还是20度"
)
_NORM_ASKED = re.compile(r"\s*(?:吗|嘛)")  # "18度吗": the number asked about, when the text names a norm
_NORM_WORD = re.compile(r"标准|规定|保证|达标|合格|standard|guarantee")
_OWN_HOME = re.compile(r"(?:我家|家里|我屋|屋里|我这)\s*$")
# "十六度半" is 16.5 degrees; "十四读" is a voice transcript's 14 degrees.
_AND_A_HALF = re.compile(r"(\d{1,2})\s*度半")
_EN_AND_A_HALF = re.compile(r"(\d{1,2}) and a half\b")
_MISHEARD_DEGREE = re.compile(r"([一二两三四五六七八九十]{1,3}|\d{1,2})读(?![书者报])")
# "二十来度" is about 20 degrees; "16ish degrees", "16-ish" about 16.
_ABOUT_DEGREES = re.compile(r"([一二两三四五六七八九十]{1,3}|\d{1,2})来(?=\s*(?:度|摄氏度|℃))")
_ISH = re.compile(r"(?<=\d)\s*-?\s*ish\b")


def _misheard_sub(match: re.Match[str]) -> str:
    raw = match.group(1)
    value = int(raw) if raw.isdigit() else zh_number(raw)
    return match.group(0) if value is None or not 5 <= value <= 35 else f"{value}度"


def _about_sub(match: re.Match[str]) -> str:
    raw = match.group(1)
    value = int(raw) if raw.isdigit() else zh_number(raw)
    return match.group(0) if value is None else str(value)


def _temperature(text: str) -> float | None:
    if "度半" in text:
        text = _AND_A_HALF.sub(r"\1.5度", text)
    for match in _FAHRENHEIT.finditer(text):
        value = float(match.group(1))
        if 30 <= value <= 95:
            return round((value - 32) * 5 / 9, 1)
    earlier: float | None = (
        None  # a reading told as before ("前阵子屋里22度，现在只有17度"): the later one wins
    )
    for match in _CELSIUS.finditer(text):
        raw = match.group(1) or match.group(2)
        value = float(raw)
        before = text[max(0, match.start() - 6) : match.start()]
        if (
            -5 <= value <= 35
            and not _NOT_ROOM_TEMP.search(before)
            and not _names_norm(text, match.start(), match.end())
            and "%" not in text[match.end() : match.end() + 1]
            and not _on_surface(text, match.start(), value)
        ):
            celsius = int(value) if value.is_integer() else value
            if earlier is None and _EARLIER.search(text, max(0, match.start() - 10), match.start()):
                earlier = celsius
                continue
            return celsius
    if earlier is not None:
        return earlier
    for match in _DEGREES.finditer(text):
        value = float(match.group(1))
        if _on_surface(text, match.start(), value) or _names_norm(text, match.start(), match.end()):
            continue
        if 40 < value <= 95:
            return round((value - 32) * 5 / 9, 1)
        if 0 <= value <= 35:
            return int(value) if value.is_integer() else value
    bare = _BARE_READING.search(text) or _EN_ROOM_READING.search(text)
    english = None if bare else _EN_BARE_READING.search(text)
    reading = bare or english
    if reading:
        value = float(reading.group(1))
        if 5 <= value <= 35:
            return int(value) if value.is_integer() else value
        if english and 40 < value <= 95:  # an English thermostat without a unit reads Fahrenheit
            return round((value - 32) * 5 / 9, 1)
    return None


def _names_norm(text: str, start: int, end: int) -> bool:
    """The number is the norm named or asked about, not the resident's reading."""
    if _NORM_BEFORE.search(text, max(0, start - 8), start):
        return True
    if _BELOW.search(text, max(0, start - 3), start) and text.startswith(str(NORM_C), start):
        return True  # "不到18度": the norm, a reading under it; "不到17度" is the reading
    if _OR_ELSE.search(text, max(0, start - 8), start):
        return True  # "18度还是20度": the other of two figures asked about
    if _OWN_HOME.search(text, max(0, start - 6), start):
        return False
    return bool(_NORM_AFTER.match(text, end) or (_NORM_ASKED.match(text, end) and _NORM_WORD.search(text)))


def _on_surface(text: str, start: int, value: float) -> bool:
    """A radiator or pipe named just before the number, with no room word in between (nor anywhere, if cool)."""
    before = text[max(0, start - 24) : start]
    ends = [m.end() for m in _SURFACE.finditer(before)]
    if not ends or _ROOM_WORD.search(before, ends[-1]):
        return False
    return value >= 24 or _ROOM_WORD.search(text) is None


def address_parts(text: str) -> tuple[str | None, str | None, str | None]:
    """Building, unit and room read from prepared text (digits as strings), each None when not said."""
    dashed = _DASHED.search(text) or _NUMBER_FIRST.search(text)
    if dashed:
        return str(int(dashed.group(1))), str(int(dashed.group(2))), dashed.group(3)
    building = _first(_ZH_BUILDING, text) or _first(_EN_BUILDING, text) or _first(_EN_BUILDING_AFTER, text)
    unit = _first(_ZH_UNIT, text) or _first(_EN_UNIT, text)
    room = _first(_EN_ROOM, text) or _first(_ZH_ROOM_EXPLICIT, text)
    if room is None and (building or unit):
        anchor = max(_end(_ZH_UNIT, text), _end(_ZH_BUILDING, text))
        match = _ZH_ROOM.match(text, anchor) or _ZH_ROOM.match(text, anchor + 1)
        room = match.group(1) if match else None
    if room is None and unit is not None:  # "building 5 unit 1 603"
        after = _EN_UNIT.search(text)
        match = _EN_ROOM_AFTER_UNIT.match(text, after.end()) if after else None
        room = match.group(1) if match else None
    return building, unit, room


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return str(int(match.group(1))) if match else None


def _end(pattern: re.Pattern[str], text: str) -> int:
    match = pattern.search(text)
    return match.end() if match else 0


def _phone(text: str) -> str | None:
    abroad = _abroad(text)
    if abroad is not None and not abroad.group(1).startswith("86"):
        return "+" + _NOT_DIGIT.sub("", abroad.group(1))  # "+49 151 23456789" is no Chinese mobile
    match = _PHONE_CN.search(text)
    if match:
        return "+86" + re.sub(r"[\s-]", "", match.group(1))
    return "+" + _NOT_DIGIT.sub("", abroad.group(1)) if abroad else None


def _abroad(text: str) -> re.Match[str] | None:
    """A number written with its country code, of 8 to 15 digits in all."""
    found = _PHONE_E164.search(text)
    return found if found is not None and 8 <= len(_NOT_DIGIT.sub("", found.group(1))) <= 15 else None


# A landline: an area code (0 and two or three digits, maybe in brackets) and a local number of 7 or 8 digits that
# never begins with 0 or 1, in groups or run together ("0451-83251234", "0451 8325 1234", "(0451)83251234"), or the
# local number alone ("83251234").
_LANDLINE = re.compile(r"(?<![\d+])(?:\(?0\d{2,3}\)?[\s\-—–]?)?[2-9]\d{2,3}[\s\-—–]?\d{4}(?!\d)")
_NOT_DIGIT = re.compile(r"\D")
# What may stand around a phone number for the words to be only that number ("我电话是138…", "家里座机0451…", "my
# number: +86 …"); read on normalised text (Simplified, lower case, no punctuation).
_PHONE_WORDS = re.compile(
    r"联系方式|联系电话|电话号码|手机号码|手机号|电话|手机|号码|座机|固话|我的|我家|家里|我|家|是|打|"
    r"\b(?:my|phone|mobile|cell|number|tel|telephone|landline|home|contact|is|call|me|at|on|you|can|reach)\b"
)
_PHONE_REST = re.compile(r"[\d\s+\-()]")


def phone_said(text: str) -> str | None:
    """The digits of a phone number in the words: a mobile ("139 0000 0001"), one with its country code, or a landline
    with its area code or without ("0451-83251234", "83251234"); None when there is none. A local number alone has a
    ticket number's shape too: the ticket's check digit tells them apart (see `storage.numbers`)."""
    found = _phone_found(text)
    return _NOT_DIGIT.sub("", found.group(0)) if found else None


# Words calling the number after them a ticket's ("工单83251234", "单号：8325 1234", "ticket #83251234"): no phone.
_TICKET_BEFORE = re.compile(
    r"(?:工单|单号|编号|ticket|reference|ref|no\.?|#)(?:\s*(?:号|是|为|:|number|is))*\s*$"
)


def phone_e164(text: str, city: str | None = None) -> str | None:
    """The phone number in the words in E.164 ("电话13812345678" -> "+8613812345678"): a mobile, one with its country
    code, a landline with its area code ("0431-83251234" -> "+8643183251234"), or a local number alone, of the city
    of `city` (a number there in E.164, e.g. a hotline: "83251234" -> "+8643183251234"); None when there is none, or
    the number is called a ticket's ("工单83251234"). An address's numbers are too short to be one."""
    found = _phone_found(text)
    if found is None or _TICKET_BEFORE.search(found.string, 0, found.start()):
        return None
    digits = _NOT_DIGIT.sub("", found.group(0))
    if found.re is _PHONE_E164:
        return "+" + digits
    if found.re is _PHONE_CN:
        return "+86" + digits[-11:]
    if digits.startswith("0"):
        return "+86" + digits[1:]
    area = _area_code(city)
    return f"+86{area}{digits}" if area else None


def _phone_found(text: str) -> re.Match[str] | None:
    said = _DIGIT_BY_DIGIT.sub(_run_together, prepare(text[:5000]))
    abroad = _abroad(said)
    if abroad is not None and not abroad.group(1).startswith("86"):
        return abroad  # "+1 415 555 0100", "+49 151 23456789": neither a landline here nor a Chinese mobile
    return _PHONE_CN.search(said) or abroad or _LANDLINE.search(said)


def _area_code(city: str | None) -> str | None:
    """The area code of a mainland landline in E.164 ("+8643188880001" -> "431"): 10 (Beijing) and those beginning
    with 2 have two digits, the rest three; None for a mobile, a number abroad, or none."""
    national = city[3:] if city and city.startswith("+86") else ""
    if national.startswith("10") and len(national) == 10:
        return "10"
    if not national or national.startswith("1"):
        return None
    return national[:2] if national.startswith("2") else national[:3]


def only_a_phone(text: str) -> bool:
    """The words are a phone number and words naming it, nothing more ("我电话是138…", "家里座机0451-83251234")."""
    return phone_said(text) is not None and not _PHONE_REST.sub("", _PHONE_WORDS.sub("", normalize(text)))


def _ticket(text: str, phone: str | None) -> str | None:
    for match in _TICKET.finditer(text):
        digits = match.group(1)
        if phone and digits in phone:
            continue
        return digits
    return None


# A caller who corrects themself ("五栋 不对 是六栋", "十七度 说错了 是十六度", "room 501, I mean 510"): what
# follows the last correction wins, a bare number there included when a reading came before it.
_CORRECTION = re.compile(
    r"不对(?:不对)*|说错了|口误|更正一下|哦不(?![热暖冷凉])|不不|i mean\b|i meant\b|no wait\b|wait no\b|sorry\b|or rather\b"
)
# A value denied where it is corrected ("不是1单元是2单元", "是502不是501", "502 not 501"): not the value meant.
_DENIED = re.compile(
    r"(?<!是)不是\s*\d+\s*(?:号楼|号|栋|幢|单元|门|楼|层|室|度)?|\bnot\s+\d+(?:\s*(?:degrees?\b|c\b))?"
)
_ESTATE_AFTER_ROOM = re.compile(r"(?<=\d)[\s,，]*[^\W\d_]{1,8}(?:小区|花园|家园|新村|社区|公寓|大厦)$")
_CORRECTED_ROOM = re.compile(r"^[\s,，]*(?:是|应该是|it s|it is|is|room)?\s*(\d{3,4})(?![\d.])")
_ZH_DIGITS = "零〇一幺二两三四五六七八九十"
_CORRECTED_READING = re.compile(
    rf"^[\s,，]*(?:是|应该是|it s|it is|is)?\s*(\d{{1,2}}(?:\.\d)?|[{_ZH_DIGITS}]+(?:点[{_ZH_DIGITS}])?)(?![\d.])"
)


def extract_from_prepared(text: str) -> Entities:
    """Entities of text that has already been through `normalize.prepare`."""
    text = _DIGIT_BY_DIGIT.sub(_run_together, spoken_numbers(text[:5000]))
    if "读" in text:
        text = _MISHEARD_DEGREE.sub(_misheard_sub, text)
    if "and a half" in text:
        text = _EN_AND_A_HALF.sub(r"\1.5", text)
    if "来" in text:
        text = _ABOUT_DEGREES.sub(_about_sub, text)
    if "ish" in text:
        text = _ISH.sub("", text)
    if _ANY_DIGIT.search(text) is None:
        return _EMPTY
    if "不是" in text or "not " in text:
        text = _DENIED.sub(" ", text)
    found = _extract(text)
    said = after_correction(text)
    return found if said is None else _corrected(found, *said)


def after_correction(text: str) -> tuple[str, str] | None:
    """What was said before and after the last correction ("…不对，是六栋"); None when nothing was corrected."""
    corrections = list(_CORRECTION.finditer(text))
    if not corrections:
        return None
    last = corrections[-1]
    return text[: last.start()], text[last.end() :]


def corrected_address(before: str, later: str, room: str | None) -> tuple[str | None, str | None, str | None]:
    """The address parts said after a correction; a bare number of three or four digits replaces `room` when the
    speaker had just said that room in an address (not "楼下那家502，不对是602", a neighbour's flat)."""
    parts = address_parts(later)
    if any(parts):
        return parts
    bare = _CORRECTED_ROOM.match(later)
    tail = _ESTATE_AFTER_ROOM.sub("", before.rstrip(" ,，.。…"))[-24:]  # "…501红旗小区 不对 是502": that room
    just_said = address_parts(tail)
    if bare and room and tail.endswith(room) and (just_said[0] or just_said[1]):
        return None, None, bare.group(1)
    return parts


def _corrected(found: Entities, before: str, later: str) -> Entities:
    """What was said before a correction, with what follows it put first."""
    fixed = _extract(later) if _ANY_DIGIT.search(later) else _EMPTY
    building, unit, room = corrected_address(before, later, found.room)
    temperature = fixed.temperature_c
    if temperature is None and found.temperature_c is not None:
        bare = _CORRECTED_READING.match(later)
        value = _reading_value(bare.group(1)) if bare else None
        temperature = value if value is not None and 0 < value < 40 else None
    return Entities(
        temperature_c=temperature if temperature is not None else found.temperature_c,
        building=building or found.building,
        unit=unit or found.unit,
        room=room or found.room,
        ticket=fixed.ticket or found.ticket,
        phone=fixed.phone or found.phone,
    )


def _reading_value(said: str) -> float | None:
    """ "15.5", "十五点五" -> 15.5."""
    if said[0].isdigit():
        value = float(said)
    else:
        whole, _, tenth = said.partition("点")
        number = zh_number(whole)
        if number is None:
            return None
        value = number + (zh_number(tenth) or 0) / 10 if tenth else float(number)
    return int(value) if value.is_integer() else value


def _extract(text: str) -> Entities:
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    phone: str | None = None
    ticket: str | None = None
    if _ADDR_HINT.search(text):
        building, unit, room = address_parts(text)
    if _LONG_NUMBER.search(text):
        phone = _phone(text)
        ticket = _ticket(text, phone)
    return Entities(
        temperature_c=_temperature(text) if _TEMP_HINT.search(text) else None,
        building=building,
        unit=unit,
        room=room,
        ticket=ticket,
        phone=phone,
    )


def extract_entities(text: str) -> Entities:
    """Temperature in °C, building/unit/room as digit strings, ticket number (6-10 digits), phone in E.164.

    A reading given as a range ("十七八度", "17到18度") is its lower value: a cold room is not rounded up."""
    text = text[:5000]
    prepared = prepare(text)
    return reading_as_range(text, prepared, extract_from_prepared(prepared))


def reading_as_range(text: str, prepared: str, found: Entities) -> Entities:
    """`found` with a room reading said as a range ("十七八度") taken as its lower value; `prepared` is
    `prepare(text)`, which has already read "十七八" as one number."""
    low = _range_low(text, prepared)
    if low is None or (found.temperature_c is not None and found.temperature_c not in low[1:]):
        return found
    return replace(found, temperature_c=low[0])


_ZH_DIGITS = "一二三四五六七八九"
_ZH_NUMERALS = "零〇一二两三四五六七八九十"
_ZH_RANGE = re.compile(
    rf"(?<![零〇一二两三四五六七八九十百])((?:[一二三]?十)?)([{_ZH_DIGITS}])([{_ZH_DIGITS}])\s*(?:度|摄氏度|℃)"
)
# "17到18度", "17-18度", "15、16度", "17 or 18 degrees", "十五到十七度" (prepared as "十五到17度").
_DIGIT_RANGE = re.compile(
    rf"(?<![\d.{_ZH_NUMERALS}])(\d{{1,2}}|[{_ZH_NUMERALS}]{{1,3}})\s*(?:度|°|℃)?\s*(?:到|至|或|、|-|~|～|or|to)\s*(\d{{1,2}})"
    r"\s*(?:度|°|℃|degrees?\b)",
    re.IGNORECASE,
)
# "between 15 and 17 degrees", "between fifteen and 17 degrees" (prepared: only the number before "degrees" is digits).
_BETWEEN = re.compile(rf"\bbetween\s+({_EN_RUN})\s*(?:degrees?\s+)?and\s+(\d{{1,2}})\s*(?:degrees?\b|°|℃)")


def _range_low(text: str, prepared: str) -> tuple[int, int, int] | None:
    """The lower value of a room reading said as a range, with the two values it spans; None without one."""
    found = _zh_range(text) or _digit_range(prepared)
    if found is None:
        return None
    match, low, high = found
    before = match.string[max(0, match.start() - 6) : match.start()]
    if _NOT_ROOM_TEMP.search(before) or not 5 <= low <= 35:
        return None
    return low, low, high


def _zh_range(text: str) -> tuple[re.Match[str], int, int] | None:
    match = _ZH_RANGE.search(text)
    if match is None:
        return None
    tens = (zh_number(match[1]) or 0) if match[1] else 0
    low, high = tens + _ZH_DIGITS.index(match[2]) + 1, tens + _ZH_DIGITS.index(match[3]) + 1
    return (match, low, high) if high == low + 1 else None


def _digit_range(prepared: str) -> tuple[re.Match[str], int, int] | None:
    match = _DIGIT_RANGE.search(prepared)
    if match is None and "between" in prepared:
        match = _BETWEEN.search(prepared)
    if match is None:
        return None
    said = match[1]
    low = (
        int(said)
        if said.isdigit()
        else zh_number(said)
        if not said.isascii()
        else _whole(_spoken_value(said))
    )
    high = int(match[2])
    return (match, low, high) if low is not None and 0 < high - low <= 3 else None


def _whole(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


# What may stand around a bare number given as the answer to "how warm is it?" ("maybe around sixteen", "大概十六吧").
_HEDGES = re.compile(
    r"\b(?:i think|i guess|i d say|maybe|perhaps|probably|about|around|roughly|approximately|approx|like|"
    r"something like|more or less|or so|it s|its|it is|right now|now|in here|inside)\b"
    r"|大概|大约|约|差不多|可能|估计|好像|也就|左右|上下|现在|屋里|家里|室内|吧|啊|呀|呢|嗯|[,!?，。！？~～]|\.(?!\d)"
)
# The number left once the hedges are gone: digits, a Chinese numeral ("十六", "十六七", "二十来"), or English words.
_ANSWER_NUMBER = re.compile(
    rf"-?\d{{1,2}}(?:\.\d{{1,2}})?|[{_ZH_NUMERALS}点]{{1,5}}来?|[a-z]+(?:[\s-][a-z]+){{0,3}}"
)


def reading_answer(text: str) -> float | None:
    """The room temperature in an answer to "how warm is it?": any reading `extract_entities` finds, or a number with
    nothing but hedges around it, taken as degrees ("16", "十六", "maybe around sixteen", "16ish", "大概十六吧"); None
    when there is no number or it counts something else ("30分钟", "5楼", "about 16 people")."""
    said = text[:200]
    found = extract_entities(said).temperature_c
    if found is not None:
        return found
    bare = " ".join(_HEDGES.sub(" ", _ISH.sub("", prepare(said))).split())
    if not bare or _ANSWER_NUMBER.fullmatch(bare) is None:
        return None
    return extract_entities(f"{bare} degrees celsius" if bare.isascii() else f"{bare}度").temperature_c


# What a bare reading is made of ("15", "15度", "16 degrees"): words of nothing more
_READING_ONLY = re.compile(r"[\d\W_]|度|℃|degrees?|celsius", re.IGNORECASE)


def says_more_than_a_reading(text: str) -> bool:
    """The words say something beyond a bare number or reading ("屋里只有12度，老人冻得不行", "家里有老人 快点"; not "15",
    "15度", "屋里12度", "16 degrees")."""
    return len(_READING_ONLY.sub("", normalize(text))) > 2
