"""The staff sentence catalogue (bot/locales/staff.<lang>.toml), rendered as Telegram HTML."""

from __future__ import annotations

import datetime as dt
import html
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from bot.phones import mask_phone as mask_phone  # staff texts show phones half hidden
from storage.values import withheld

_LOCALES = Path(__file__).resolve().parent.parent / "locales"
LANGUAGES = ("zh-Hans", "en")


@cache
def _catalogue(lang: str) -> dict[str, Any]:
    name = lang if lang in LANGUAGES else LANGUAGES[0]
    with (_LOCALES / f"staff.{name}.toml").open("rb") as file:
        return tomllib.load(file)


def raw(lang: str, key: str) -> str:
    """The template `key` (dotted) as written in the catalogue."""
    node: Any = _catalogue(lang)
    for part in key.split("."):
        node = node[part]
    return str(node).strip()


def say(lang: str, key: str, **values: object) -> str:
    """The sentence `key` with `values` filled in; values are HTML-escaped, the template's markup is kept."""
    safe = {k: v if isinstance(v, Markup) else html.escape(str(v), quote=False) for k, v in values.items()}
    return raw(lang, key).format(**safe)


class Markup(str):
    """Text that is already HTML (another rendered sentence): not escaped again."""


def resident_label(lang: str, *, phone: str | None = None, name: str | None = None) -> Markup:
    """A resident named in a line about them (a hand-off, their relayed words, a follower's line under a card): the
    name they show on Telegram and their phone half hidden, whichever are known ('Telegram 用户“Li Wang @liwang”，+86
    138****5678'), else that they write on Telegram."""
    shown = None
    if phone:
        shown = say(lang, "card.withheld") if withheld(phone) else html.escape(mask_phone(phone), quote=False)
    if name and shown:
        return Markup(say(lang, "actor.telegram_named_phone", name=name, phone=Markup(shown)))
    if name:
        return Markup(say(lang, "actor.telegram_named", name=name))
    return Markup(shown or say(lang, "alert.on_telegram"))


def duration(lang: str, minutes: float) -> str:
    """A span of time in words: 12 min, 1 h 5 min, 2 d 3 h."""
    total = max(0, int(abs(minutes)))
    if total < 60:
        return say(lang, "time.minutes", n=total)
    if total < 24 * 60:
        return say(lang, "time.hours", h=total // 60, m=total % 60)
    return say(lang, "time.days", d=total // (24 * 60), h=total % (24 * 60) // 60)


def clock_time(when: dt.datetime, now: dt.datetime, zone: dt.tzinfo) -> str:
    """A local time of day, with the date when it is not today."""
    local, today = when.astimezone(zone), now.astimezone(zone)
    return local.strftime("%H:%M") if local.date() == today.date() else local.strftime("%m-%d %H:%M")


def plain(text: str) -> str:
    """A rendered sentence without its markup (for callback-query toasts, which show plain text)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))
