"""Whose home a report is about: the resident's own, or another ("我妈家也漏水了", "my neighbour's flat")."""

from __future__ import annotations

import re

from intents.normalize import normalize

# Whose home it may be, in English: "my mum's flat", "at my neighbour's".
_KIN_EN = (
    r"(?:mother|mom|mum|mam|father|dad|parent|grandma|grandmother|grandpa|grandfather|granny|gran|nan|aunt|auntie"
    r"|uncle|sister|brother|son|daughter|friend|neighbou?r|in law)"
)
# Words that put a report at another home than the resident's own ("我妈家也漏水了", "邻居家", "老家", "another flat",
# "my neighbour's place", "my gran's radiator"), read on normalised text; "我家" and "my flat" are the resident's own.
# "他们那边" is no home ("物业说他们那边管不了"): a pronoun names one with 家 only.
_KIN_ZH = (
    r"(?:妈|爸|父母|母亲|父亲|婆婆|公公|丈母娘|老丈人|岳父|岳母|奶奶|爷爷|姥姥|姥爷|外婆|外公|姑姑|舅舅|姨妈|大姨|小姨"
    r"|阿姨|叔叔|婶婶|大爷|大娘|哥|姐|弟|妹|儿子|女儿|闺女|亲戚|朋友|同事|邻居|隔壁|对门)"
)
# ... and "我妈的暖气片", "俺爸那屋": one's own kin (never "他妈的", a curse) with a part of their home
_KIN_HOME_PART = r"(?:暖气|暖器|散热器|管|房|屋|楼|小区|阀)"
_ANOTHER_HOME = re.compile(
    rf"(?:{_KIN_ZH}(?:家|那边|那儿|那里|的房子)"
    r"|(?:他们|她们|他|她)(?:家|的房子))|老家|娘家|婆家|另外?一(?:套|处|个房子|个家)|别的房子|出租的?房"
    rf"|(?:我|俺|咱)们?{_KIN_ZH}(?:的|那)(?=[^ ]{{0,2}}{_KIN_HOME_PART})"
    rf"|\b{_KIN_EN}s?(?: s)? (?:flat|apartment|place|house|home|unit)\b"
    rf"|\b(?:at|my|our) {_KIN_EN}(?:s? s|s(?= (?:radiator|heating|pipe|heater|boiler)))\b"
    rf"|\bat my {_KIN_EN}s?\b|\bnext door\b|\b(?:another|my other|a second) (?:flat|apartment|house|home|place|unit)\b"
)
# The resident's own home named ("就我家暖气不热", "our place is freezing"); not as where another is ("我家楼上",
# "我们家对门": a neighbour's).
_OWN_HOME = re.compile(
    r"(?:我们家|咱们家|我家|咱家|俺家|自己家)(?!楼上|楼下|隔壁|对门|对面|旁边|附近|邻居|后面|前面|那栋|那个楼)"
    r"|\b(?:my|our)(?: own)? (?:flat|apartment|place|house|home|unit)\b(?! (?:upstairs|downstairs|next door))"
)
# A problem told of that home right after it is named: cold, or water escaping ("暖气不热", "暖气片漏水了",
# "is freezing", "has no heat").
_PROBLEM_ZH = re.compile(
    r"不热|不暖|不够热|冰|凉|冷|温度低|没(?:有)?暖气|停暖|(?<![没不])(?:漏|滴水|渗水|冒水|跑水|喷水|爆|裂)"
)
_PROBLEM_EN = re.compile(
    r"\b(?:cold|freezing|chilly|no heat(?:ing)?|not (?:warm|heating)|isn t warm|leak\w*|drip\w*|flood\w*"
    r"|burst|water (?:everywhere|on the floor|coming))\b"
)
_ZH_SPAN = 10  # characters after "我家" where its problem is told
# An English clause ends where another subject starts ("my flat is fine but my mum s is leaking").
_EN_END = re.compile(r"\b(?:but|and|my|our|his|her|their|while|next door)\b")


def another_home(said: str) -> bool:
    """The words put the report at another home than the resident's own ("我妈家也漏水了", "my mother's flat"); not
    when the resident's own home is named with the problem ("邻居家都热乎乎的 就我家暖气不热")."""
    text = normalize(said)
    return _ANOTHER_HOME.search(text) is not None and not _own_with_problem(text)


# Two homes joined by one problem ("我家和我妈家都漏了", "my flat and my mum's are both freezing"): a joining word
# between them, then "都/也/both" before the problem.
_JOINED_ZH = re.compile(r"\s*(?:和|跟|与|还有|以及|、|,)\s*(?:我|俺|咱)?们?\s*$")
_TOGETHER = re.compile(r"(?:都|也|俩|两家|both|as well|too|also|either)")
_JOINED_EN = re.compile(r"\s*(?:and|&|,)\s*(?:my|our)?\s*$")


def both_homes(said: str) -> bool:
    """The resident's own home and another are both said to have the problem ("我家和我妈家暖气片都漏水了", "我妈家漏了，
    我家也漏了", "my flat and my mum's are both leaking"); not a comparison ("邻居家都热乎乎的，就我家不热")."""
    text = normalize(said)
    own = _OWN_HOME.search(text)
    other = _ANOTHER_HOME.search(text)
    if own is None or other is None:
        return False
    if own.start() < other.start():  # "我家和我妈家都…": joined, then the problem told of both
        joined = (_JOINED_EN if own.group().isascii() else _JOINED_ZH).search(text, own.end(), other.start())
        after = text[other.end() : other.end() + 16]
        if joined is not None and _TOGETHER.search(after) and _problem(after):
            return True
    return _other_with_problem(text) and _own_with_problem(text)


def _problem(clause: str) -> bool:
    return bool(_PROBLEM_ZH.search(clause) or _PROBLEM_EN.search(clause))


def _other_with_problem(text: str) -> bool:
    """Another home is named with a problem told of it right after ("我妈家漏了，我家也漏了")."""
    for other in _ANOTHER_HOME.finditer(text):
        clause = text[other.end() : other.end() + _ZH_SPAN]
        own = _OWN_HOME.search(clause)
        if _problem(clause[: own.start()] if own else clause):
            return True
    return False


def _own_with_problem(text: str) -> bool:
    """The resident's own home is named, and a problem is told of it before another home is."""
    for own in _OWN_HOME.finditer(text):
        after = text[own.end() :]
        other = _ANOTHER_HOME.search(after)
        clause = after[: other.start()] if other else after
        if own.group().isascii():
            end = _EN_END.search(clause)
            if _PROBLEM_EN.search(clause[: end.start()] if end else clause):
                return True
        elif _PROBLEM_ZH.search(clause[:_ZH_SPAN]):
            return True
    return False
