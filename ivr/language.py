"""The language of a call: Mandarin unless the caller presses 9, speaks English, or asks for it ("English please",
"do you speak English?", "英语")."""

from __future__ import annotations

import re

from intents.types import Classification, Lang

_LATIN_WORD = re.compile(r"[a-z]{2,}", re.IGNORECASE)
_ENGLISH = r"(?:english|英语|英文)"
# A request for English as the whole answer, with the words around it ("can you speak English please",
# "有没有英语服务"); a question about English words ("用英语怎么说") is no request.
_ASKS_FOR_ENGLISH = re.compile(
    r"(?:(?:can|could|do|does|would|is there) (?:you |someone |anyone |anybody )?(?:have |who can )?(?:an? )?)?"
    r"(?:please )?(?:(?:speak|talk|use|say it|continue|go on|switch to|change to|help me) (?:in )?)?"
    rf"(?:in )?{_ENGLISH}(?: (?:please|pls|service|line|option|menu|speaker|speaking))*"
    rf"|i (?:only |can only )?speak {_ENGLISH}|i (?:don't|do not|can't|cannot) speak (?:chinese|mandarin)"
    rf"|(?:请|麻烦)?(?:有没有|有|能|能不能|可以|会|会不会)?(?:说|讲|用|转|换成|要)?{_ENGLISH}(?:服务|的|吗|么|嘛|吧|呢)*",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"[\s,.!?;:，。！？、；：…]+|\b(?:hello|hi|hey|um+|uh+|oh|sorry|excuse me)\b|[嗯啊呃喂您你好]"
)


def speaks_english(said: str, meaning: Classification) -> bool:
    """Words in English, not one word ("ok") nor pinyin ("nuanqi bu re", read as the Chinese it spells)."""
    return meaning.lang is Lang.EN and len(_LATIN_WORD.findall(said)) >= 2


def asks_for_english(said: str) -> bool:
    """The caller asks for the call in English ("English please", "do you speak English?", "英语")."""
    core = " ".join(_NOISE.sub(" ", said.lower().replace("’", "'")).split())
    return bool(core) and (
        _ASKS_FOR_ENGLISH.fullmatch(core) is not None
        or _ASKS_FOR_ENGLISH.fullmatch(core.replace(" ", "")) is not None
    )
