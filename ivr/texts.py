"""The spoken sentences, one TOML catalogue per language (ivr/locales/<lang>.toml)."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGS = ("zh-Hans", "en")
DEFAULT_LANG = "zh-Hans"


@cache
def catalogue(lang: str) -> dict[str, Any]:
    """The parsed catalogue of one language (unknown languages fall back to Mandarin)."""
    name = lang if lang in LANGS else DEFAULT_LANG
    text = (resources.files("ivr") / "locales" / f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def say(lang: str, key: str, **values: object) -> str:
    """One sentence of the [voice] table, with its placeholders filled."""
    return str(catalogue(lang)["voice"][key]).format(**values)


def label(lang: str, table: str, key: str) -> str:
    """A short word from a table such as [kind] or [status]."""
    return str(catalogue(lang)[table].get(key, key))


def status(lang: str, kind: str, value: str) -> str:
    """Where a ticket stands in words: a complaint in the supervisor's hands, never a crew being sent."""
    if kind == "complaint" and value in catalogue(lang)["complaint_status"]:
        return label(lang, "complaint_status", value)
    return label(lang, "status", value)


def hints(lang: str) -> str:
    """Speech-recognition hints for this language."""
    return str(catalogue(lang)["hints"])


def digits(number: str, lang: str) -> str:
    """A number spoken digit by digit, slowly: '1，2，3' / '1, 2, 3'."""
    sep = ", " if lang == "en" else "，"
    return sep.join(ch for ch in number if ch.isdigit())


def ago(lang: str, elapsed: dt.timedelta) -> str:
    """How long ago, in minutes, hours and minutes, or days."""
    minutes = max(0, int(elapsed.total_seconds() // 60))
    if minutes < 60:
        return label(lang, "ago", "minutes").format(minutes=minutes)
    if minutes < 48 * 60:
        return label(lang, "ago", "hours").format(hours=minutes // 60, minutes=minutes % 60)
    return label(lang, "ago", "days").format(days=minutes // (24 * 60))
