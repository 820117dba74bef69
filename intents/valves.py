"""Word that the valve is closed ("水阀关上了", "總閥關了", "I closed the valve"): what the safety advice for a leak or
burst asks of the resident, told back while it is open. Not a report of its own: the water is held, the crew still
needed."""

from __future__ import annotations

import re

from intents.normalize import simplified

_VALVE = r"(?:水阀|阀门|总阀|总闸|主阀|进水阀|回水阀|暖气阀|阀)"
_NAMED = r"(?:水阀|阀门|总阀|总闸|主阀|进水阀|回水阀|暖气阀)"
_SHUT = r"(?:关上|关掉|关好|关紧|关死|关闭|拧紧|拧死|关)"
_CLOSED = re.compile(
    rf"{_VALVE}(?:我|已经|已|都|也|给|刚|刚刚|刚才|先)*{_SHUT}(?:上|好|住|紧)?了"  # "水阀关上了", "阀门已经关了"
    rf"|{_SHUT}(?:了{_NAMED}|{_NAMED}了)"  # "关了总阀", "关掉阀门了"
    r"|\b(?:closed|shut|turned|switched)(?: off)? (?:off )?(?:the |my |our |main |water |inlet |return |both )*valves?\b"
    r"|\bvalves? (?:is |are |'s |has been |have been |now |already )*(?:off|closed|shut)\b",
    re.IGNORECASE,
)
# asked, or said not to work: not word that the water is held ("阀门关了吗", "阀门关不上", "closed the valve, still leaking")
_NOT_HELD = re.compile(
    r"吗|么|\?|哪|怎么|没用|不管用|还在|还是|还漏|还滴|还冒|照样|依然|仍然"
    r"|\b(?:should|how|which|where|can't|cannot|won't|doesn't|still|but)\b",
    re.IGNORECASE,
)


def valve_closed(text: str) -> str | None:
    """The words beside the news that the valve is closed ("取消吧 水阀关上了" -> "取消吧 "), or None when the text does
    not say so (or asks, or says it did not help)."""
    said = simplified(text)
    if _NOT_HELD.search(said) or not _CLOSED.search(said):
        return None
    return _CLOSED.sub(" ", said)
