"""Texted answers to the question sent when a repair is resolved ("请为这次维修打分（1-5分）… 6. 还是不热"): 1-5 rate
the repair and 6 or "still cold" reopen it, as the Telegram buttons do.

The ticket is found by the phone number texting, so a repair reported by phone is rated by text too."""

from __future__ import annotations

import datetime as dt
import re

from bot.i18n import lang_of, t
from bot.replies import Reply
from bot.services import ChatServices
from bot.state import IDLE, Conversation
from storage import contacts, tickets
from storage.errors import IllegalTransition
from storage.values import Status, TicketInfo

ANSWER_DAYS = 7  # a repair resolved longer ago than this is not what a bare "5" or "还是不热" answers
_RATEABLE = frozenset({Status.RESOLVED, Status.CLOSED})
_STILL_COLD = (
    r"还是不热|还不热|仍然不热|依然不热|又不热了|还是冷|还是凉|没修好|根本没修|still cold|still not warm|not warm yet"
    r"|not fixed|还是太热|还太热|仍然太热|依然太热|still too hot"
)
_NUMBER = r"(?:工单|ticket)?\s*(?:no\.?|#)?\s*(?P<number>\d{6,10})?\s*[,，:：]?\s*"
# "5", "5分", "6", "还是不热", "工单1000017还是不热", "1000017 4": an optional ticket number, then the answer.
_ANSWER = re.compile(
    rf"{_NUMBER}(?:(?P<stars>[1-6])\s*(?:分|星|stars?)?|(?P<cold>{_STILL_COLD}))\s*[!！.。]*",
    re.IGNORECASE,
)
# "5分 很满意 谢谢师傅", "给4星", "1分 太差了", "3 stars, a bit slow": a score of 1-5 with its unit, then words;
# never "5分钟了" or "2星期了"
_WORDED = re.compile(
    rf"{_NUMBER}(?:给个?|打)?\s*(?P<stars>[1-5一二三四五])\s*(?:分(?!钟)|颗?星(?!期)|stars?\b)(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_CHINESE_DIGITS = str.maketrans("一二三四五", "12345")


async def answer(services: ChatServices, phone: str, body: str, conv: Conversation) -> list[Reply] | None:
    """The reply to a texted answer to the rating question; None when the text is not one (the chat takes it)."""
    text = body.strip()
    said = _ANSWER.fullmatch(text)
    if said is not None and said["stars"] and not said["number"] and _pending(conv):
        return None  # a bare digit picks an option the chat itself just offered
    if said is None and not _busy(conv):  # words in the middle of a report or a talk with staff are for them
        said = _WORDED.fullmatch(text)
    if said is None:
        return None
    ticket = await _asked_about(services, phone, said["number"])
    if ticket is None:
        return None
    return [await _rate(services, ticket, _value(said))]


def _value(said: re.Match[str]) -> str:
    """The answer: "cold" to reopen the repair ("6", "还是不热", "1分 还是不热"), else the score "1".."5"."""
    parts = said.groupdict()
    if parts.get("cold") or parts["stars"] == "6" or re.search(_STILL_COLD, parts.get("rest") or "", re.I):
        return "cold"
    return str(said["stars"]).translate(_CHINESE_DIGITS)


def _pending(conv: Conversation) -> bool:
    """The chat is in the middle of something (a report, staff answering), or its last message offered options."""
    return _busy(conv) or bool(conv.options)


def _busy(conv: Conversation) -> bool:
    """The chat is in the middle of something: a report or complaint being taken, or staff answering."""
    return conv.step != IDLE or conv.handoff_until is not None


async def _asked_about(services: ChatServices, phone: str, number: str | None) -> TicketInfo | None:
    """The repair the question was about: the one named, else the texter's newest resolved or closed one (a newer
    repair still open was not asked about); resolved lately."""
    mine = await tickets.of_phone(services.store, phone=phone, open_only=False)
    named = (t for t in mine if t.number == number) if number else (t for t in mine if t.status in _RATEABLE)
    ticket = next(named, None)
    if ticket is None or ticket.status not in _RATEABLE:
        return None
    resolved = ticket.status_times.get(Status.RESOLVED.value, ticket.updated_at)
    return ticket if services.clock() - resolved <= dt.timedelta(days=ANSWER_DAYS) else None


async def _rate(services: ChatServices, ticket: TicketInfo, value: str) -> Reply:
    """Record the rating, or reopen the repair when it is still cold; worded in the reporter's language."""
    store, now, number = services.store, services.clock(), ticket.number
    owner = await contacts.get(store, contact_id=ticket.contact_id)
    lang = lang_of(owner.language if owner else None)
    if value == "cold":
        try:
            await tickets.transition(store, number=number, to=Status.REOPENED, actor="resident", now=now)
        except IllegalTransition:
            status = t(lang, f"status.{ticket.status.value}")
            return Reply(t(lang, "rating.not_reopenable", number=number, status=status))
        return Reply(t(lang, "rating.reopened", number=number))
    await tickets.record_rating(
        store, number=number, contact_id=ticket.contact_id, rating=int(value), now=now
    )
    return Reply(t(lang, "rating.thanks", rating=value))
