"""Whose home a report is about: the resident's own, or another ("我妈家也漏水了", "my neighbour's flat")."""

from __future__ import annotations

import re

from intents.normalize import normalize

# Words that put a report at another home than the resident's own ("我妈家也漏水了", "邻居家", "老家", "another flat",
# "my neighbour's place"), read on normalised text; "我家" and "my flat" are the resident's own.
_ANOTHER_HOME = re.compile(
    r"(?:妈|爸|父母|母亲|父亲|婆婆|公公|丈母娘|老丈人|岳父|岳母|奶奶|爷爷|姥姥|姥爷|外婆|外公|姑姑|舅舅|姨妈|大姨|小姨"
    r"|阿姨|叔叔|婶婶|大爷|大娘|哥|姐|弟|妹|儿子|女儿|闺女|亲戚|朋友|同事|邻居|隔壁|对门|他们|她们|他|她)"
    r"(?:家|那边|那儿|那里|的房子)|老家|娘家|婆家|另外?一(?:套|处|个房子|个家)|别的房子|出租的?房"
    r"|\b(?:mother|mom|mum|mam|father|dad|parent|grandma|grandmother|grandpa|grandfather|granny|gran|nan|aunt"
    r"|auntie|uncle|sister|brother|son|daughter|friend|neighbou?r|in law)s?(?: s)?"
    r" (?:flat|apartment|place|house|home|unit)\b"
    r"|\bat my (?:mother|mom|mum|father|dad|parent|grandma|grandmother|grandpa|aunt|uncle|sister|brother|son"
    r"|daughter|friend|neighbou?r)s?(?: s)?\b|\bnext door\b|\b(?:another|my other|a second) (?:flat|apartment"
    r"|house|home|place|unit)\b"
)


def another_home(said: str) -> bool:
    """The words put the report at another home than the resident's own ("我妈家也漏水了", "my mother's flat")."""
    return _ANOTHER_HOME.search(normalize(said)) is not None
