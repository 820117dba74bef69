"""After a repair: "is it warm now?" with 1-5 and "still cold", which reopens the ticket; answered with the buttons
or typed on any channel ("5分 很满意", "非常满意", "还是不热"; read by bot.scores)."""

from __future__ import annotations

import datetime as dt

from bot import callbacks as cb
from bot import lookups, scores, state
from bot.i18n import lang_of, t
from bot.replies import Option, Reply
from bot.turn import Turn
from intents.types import Lang
from storage import contacts, tickets
from storage.errors import IllegalTransition
from storage.values import TOO_HOT, Status, TicketInfo

ANSWER_DAYS = 7  # a repair resolved longer ago than this is not what a bare "5" or "还是不热" answers
_RATEABLE = frozenset({Status.RESOLVED, Status.CLOSED})


def rating_prompt(ticket: TicketInfo | str, lang: Lang, *, too_hot: bool = False) -> Reply:
    """The question sent when a ticket is resolved, with 1-5 and "still cold" buttons; a flat that was too hot is
    asked whether the temperature is right now, its last button "still too hot" (both reopen the repair)."""
    number = ticket if isinstance(ticket, str) else ticket.number
    hot = too_hot or (not isinstance(ticket, str) and ticket.problem == TOO_HOT)
    stars = tuple(Option(str(n), cb.rate(number, str(n))) for n in range(1, 6))
    again = Option(t(lang, "rating.still_hot" if hot else "rating.still_cold"), cb.rate(number, scores.COLD))
    return Reply(t(lang, "rating.prompt_hot" if hot else "rating.prompt", number=number), (*stars, again))


async def rate(turn: Turn, number: str, value: str) -> list[Reply]:
    """A button pressed: record the rating, or reopen the ticket when it is still cold."""
    ticket = await tickets.for_contact(turn.services.store, number=number, contact_id=turn.contact.id)
    if ticket is None:
        return [turn.say("lookup.not_found", number=number)]
    return [await _settle(turn, ticket, value, turn.lang)]


async def typed(turn: Turn, text: str) -> list[Reply] | None:
    """A typed answer to the rating question, taken as its button would be; None when the text is not one (the
    chat takes it: a report, a question, an emergency, or the answer to what the chat itself asked since)."""
    said = scores.read(text)
    if said is None:
        return None
    ticket = await _asked_about(turn, said.number)
    if ticket is None or (ticket.status not in _RATEABLE and (said.value == scores.COLD or said.bare)):
        return None  # "还是不热" of a repair already reopened: news for it, which the chat passes on
    if _asked_since(turn, ticket) and (
        (said.bare and (turn.conv.options or _busy(turn))) or (said.loose and _busy(turn))
    ):
        return None  # "1" picks the option the chat offered since; words go to the question it asked
    lang = turn.lang if ticket.contact_id == turn.contact.id else await _owners_lang(turn, ticket)
    # "1分 根本没修好，师傅五分钟就走了": the words go onto the reopened repair for its staff
    return [await _settle(turn, ticket, said.value, lang, words=text if said.loose else None)]


async def _settle(
    turn: Turn, ticket: TicketInfo, value: str, lang: Lang, *, words: str | None = None
) -> Reply:
    """Record the rating, or reopen the repair when it is still cold (with the resident's `words` on it); in
    `lang`."""
    store, number = turn.services.store, ticket.number
    if value == scores.COLD:
        try:
            await tickets.transition(store, number=number, to=Status.REOPENED, actor="resident", now=turn.now)
        except IllegalTransition:
            status = t(lang, f"status.{ticket.status.value}")
            return Reply(t(lang, "rating.not_reopenable", number=number, status=status))
        if words:
            owner = lookups.reporter(turn, ticket)
            await tickets.add_report(store, number=number, contact_id=owner, description=words, now=turn.now)
        return Reply(t(lang, "rating.reopened", number=number))
    if ticket.status not in _RATEABLE:
        return Reply(t(lang, "rating.not_rateable", number=number))
    await tickets.record_rating(
        store, number=number, contact_id=ticket.contact_id, rating=int(value), now=turn.now
    )
    return Reply(t(lang, "rating.thanks", rating=value))


async def _asked_about(turn: Turn, number: str | None) -> TicketInfo | None:
    """The repair a typed answer is about: the one named, else the newest resolved or closed lately (a newer one
    still open was not asked about), else one reopened lately after it was asked about."""
    mine = await lookups.of_resident(turn, open_only=False)
    if number:
        return next((t for t in mine if t.number == number), None)
    lately = turn.now - dt.timedelta(days=ANSWER_DAYS)
    asked = (t for t in mine if t.status in _RATEABLE and _resolved_at(t) >= lately)
    reopened = (t for t in mine if t.status is Status.REOPENED and _reopened_at(t) >= lately)
    return next(asked, None) or next(reopened, None)


def _resolved_at(ticket: TicketInfo) -> dt.datetime:
    return ticket.status_times.get(Status.RESOLVED.value, ticket.updated_at)


def _reopened_at(ticket: TicketInfo) -> dt.datetime:
    return ticket.status_times.get(Status.REOPENED.value, ticket.updated_at)


def _asked_since(turn: Turn, ticket: TicketInfo) -> bool:
    """The chat answered the resident since the rating question was sent: its options or question are the newer."""
    answered = turn.conv.answered_at
    asked = _resolved_at(ticket) if ticket.status in _RATEABLE else _reopened_at(ticket)
    return answered is not None and dt.datetime.fromisoformat(answered) >= asked


def _busy(turn: Turn) -> bool:
    """The chat is in the middle of something: a report or complaint being taken, or staff answering."""
    return turn.conv.step != state.IDLE or turn.conv.handoff_until is not None


async def _owners_lang(turn: Turn, ticket: TicketInfo) -> Lang:
    """The language of whoever reported the repair (a texter rating the repair they reported by calling)."""
    owner = await contacts.get(turn.services.store, contact_id=ticket.contact_id)
    return lang_of(owner.language if owner else None)
