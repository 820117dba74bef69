"""After a repair: "is it warm now?" ("has the leak stopped?") with 1-5 and "still cold" ("still leaking"), which
reopens the ticket; answered with the buttons or typed on any channel ("5分 很满意", "非常满意", "还是不热"; read by
bot.scores). What is said beside a typed score goes onto the repair for its staff, and a complaint, a question, a
request for a person or a report of another flat said with it is handled as usual by the chat."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from bot import after_repair, lookups, praise, repeats, scores, state
from bot.after_repair import RATEABLE, rating_prompt
from bot.i18n import lang_of, lang_of_text, t
from bot.replies import Reply
from bot.turn import Turn
from intents import another_home, classify, detect_lang, intake, parse_address
from intents.types import Classification, Intent, Lang
from storage import contacts, tickets
from storage.errors import IllegalTransition
from storage.values import ESCAPE_KINDS, Status, TicketInfo, TicketKind

ANSWER_DAYS = 7  # a repair resolved longer ago than this is not what a bare "5" or "还是不热" answers
# said beside a score, handled as it would be alone: "1分 师傅要了两条烟", "5分 能不能帮我转人工", "5分 暖气费多少钱一平",
# "4分，还有我妈家也不热 …"
_ACTED_ON = frozenset({Intent.COMPLAINT, Intent.HUMAN, Intent.STANDARDS, Intent.STATUS, Intent.NO_HEAT})
_IN_FULL = frozenset({Intent.COMPLAINT, Intent.HUMAN})  # staff get the whole message, the score with it
_LOW_SCORES = frozenset({"1", "2"})  # a visit rated so: words leaning to a complaint are one


@dataclass(frozen=True, slots=True)
class Typed:
    """A typed answer to the rating question, answered; `then`: what was said beside the score that the chat acts on
    as usual (a complaint, a question, a request for a person, a report of another flat)."""

    replies: list[Reply]
    then: Classification | None = None


async def rate(turn: Turn, number: str, value: str) -> list[Reply]:
    """A button pressed (or its number texted): record the rating, or reopen the ticket when it is still cold; a
    texter's repair may be one they reported by calling."""
    mine = await lookups.of_resident(turn, open_only=False)
    ticket = next((t for t in mine if t.number == number), None)
    if ticket is None:
        return [turn.say("lookup.not_found", number=number)]
    lang = turn.lang if ticket.contact_id == turn.contact.id else await _owners_lang(turn, ticket)
    return await _settle(turn, ticket, value, lang)


async def typed(turn: Turn, text: str) -> Typed | None:
    """A typed answer to the rating question, taken as its button would be; None when the text is not one (the
    chat takes it: a report, a question, an emergency, or the answer to what the chat itself asked since)."""
    said = scores.read(text, norm=turn.services.company.commitments.min_room_temp_c)
    if said is None:
        return None
    ticket = await _asked_about(turn, said.number)
    if ticket is None or not _fits(said, ticket):
        return None
    if said.news and turn.now - _resolved_at(ticket) > repeats.REOPEN_WITHIN:
        return None  # "暖气又不热了" days after the repair: a new fault, a new report
    if ticket.status not in RATEABLE and said.bare and said.value != scores.COLD and not _open_to(turn, said):
        # "5" after "6" reopened it: no repair to rate yet, said so (not a message the bot cannot place)
        return Typed(
            [Reply(t(await _answer_lang(turn, ticket, text), "rating.not_rateable", number=ticket.number))]
        )
    if ticket.status not in RATEABLE and (said.value == scores.COLD or said.bare):
        return None  # "还是不热" of a repair already reopened: news for it, which the chat passes on
    if _asked_since(turn, ticket) and (
        (said.bare and (_picks_an_option(turn, said) or _busy(turn))) or (said.loose and _busy(turn))
    ):
        return None  # "1" picks the option the chat offered since; words go to the question it asked
    lang = await _answer_lang(turn, ticket, text)
    if said.value == scores.OFF_SCALE:  # "10分": the scale, and the question's options again
        return Typed([Reply(t(lang, "rating.off_scale"), rating_prompt(ticket, lang).options)])
    if said.value in (scores.FIXED, scores.PRAISED):
        return Typed(await after_repair.glad(turn, ticket, text, lang, praised=said.value == scores.PRAISED))
    if said.value == scores.READING:
        return Typed(await after_repair.room_now(turn, ticket, text, lang))
    if said.value == scores.COLD:
        # "好一点了但还是不太热", "还是不热": the words go onto the reopened repair for its staff ("6" has none)
        # "2分 根本没修好 还是冷": the 2 rates the visit that failed, and the repair is reopened
        words = text if said.rest else None
        return Typed(await _settle(turn, ticket, said.value, lang, words=words, score=said.score))
    if not said.rest:
        return Typed(await _settle(turn, ticket, said.value, lang))
    return await _with_words(turn, ticket, said, text, lang)


async def _with_words(
    turn: Turn, ticket: TicketInfo, said: scores.Answer, text: str, lang: Lang
) -> Typed | None:
    """A score said with other words: cold still ("5 stars. btw the bathroom radiator is cold too") reopens the
    repair; anything the chat acts on is handled as usual after the rating; the rest goes onto the repair."""
    c = classify(said.rest)
    if _cold_still(c, ticket) and not _elsewhere(said.rest, ticket):
        return Typed(await _settle(turn, ticket, scores.COLD, lang, words=text, score=said.value))
    # "2分 师傅来了就走": words the classifier leans to take for a complaint, said with a low score, are one
    leaning = c.intent is Intent.COMPLAINT and said.value in _LOW_SCORES
    acted = c.intent in _ACTED_ON and (not c.unsure or leaning) and not praise.praises(said.rest)
    if scores.asked(said.rest) and not acted:
        return None  # "5分还是10分制？": asked, not answered
    noted = not acted or c.intent is Intent.COMPLAINT  # a complaint is also for the staff of the repair
    replies = await _settle(turn, ticket, said.value, lang, words=text if noted else None)
    if not acted:
        return Typed(replies)
    return Typed(replies, replace(c, text=text) if c.intent in _IN_FULL else c)


async def _settle(
    turn: Turn,
    ticket: TicketInfo,
    value: str,
    lang: Lang,
    *,
    words: str | None = None,
    score: str | None = None,
) -> list[Reply]:
    """Record the rating (with the resident's `words`, for staff), or reopen the repair when it is still cold (the
    words on it, and the `score` said with them kept as the rating of the visit that failed); in `lang`."""
    store, number = turn.services.store, ticket.number
    if value == scores.COLD:
        return await _reopen(turn, ticket, lang, words, score)
    if ticket.status not in RATEABLE:
        return [Reply(t(lang, "rating.not_rateable", number=number))]
    # the same score again (a button pressed twice): nothing new; another resident's score is theirs, not shown
    before = await after_repair.own_rating(turn, ticket)
    if before == int(value) and not words:
        return [Reply(t(lang, "rating.already", number=number, rating=value))]
    # "现在22度了 挺好 5分": the room after the repair, which the figures count
    reading = after_repair.room_reading(words, ticket)
    await tickets.record_rating(
        store,
        number=number,
        contact_id=lookups.reporter(turn, ticket),
        rating=int(value),
        words=words,
        temperature_c=reading,
        now=turn.now,
    )
    return [Reply(_thanks(ticket.number, value, before, lang, words=bool(words)))]


def _thanks(number: str, value: str, before: int | None, lang: Lang, *, words: bool) -> str:
    """The rating recorded, on which ticket: a first score, or one that changed the resident's own `before` (only
    their last counts); with words, that they reached its staff."""
    if before is not None and before != int(value):
        thanks = t(lang, "rating.changed", number=number, rating=value, before=before)
    else:
        thanks = t(lang, "rating.thanks", rating=value)
    if words:
        return f"{thanks}\n{t(lang, 'rating.noted', number=number)}"
    space = " " if lang is Lang.EN else ""
    return thanks if before is not None else f"{thanks}{space}{t(lang, 'rating.recorded', number=number)}"


async def _reopen(
    turn: Turn, ticket: TicketInfo, lang: Lang, words: str | None, score: str | None = None
) -> list[Reply]:
    """Still cold, or still leaking: the repair opened again (water escaping gets the safety advice first); a `score`
    said with it rates the visit that failed (kept, its staff told) first. The resident is answered here, so their
    notice of it is not sent here again."""
    store, number = turn.services.store, ticket.number
    owner = lookups.reporter(turn, ticket)
    rated = score if score is not None and score.isdigit() and ticket.status in RATEABLE else None
    if rated is not None:
        await tickets.record_rating(store, number=number, contact_id=owner, rating=int(rated), now=turn.now)
    try:
        reopened = await tickets.transition(
            store,
            number=number,
            to=Status.REOPENED,
            actor="resident",
            now=turn.now,
            answered=turn.answered,
            contact_id=owner,  # a follower's reopening is shown to staff as theirs
        )
    except IllegalTransition:
        status = t(lang, f"status.{ticket.status.value}")
        return [Reply(t(lang, "rating.not_reopenable", number=number, status=status))]
    if words:
        reading = after_repair.room_reading(words, ticket)
        await tickets.add_report(
            store, number=number, contact_id=owner, description=words, temperature_c=reading, now=turn.now
        )
    advice = intake.safety_advice(Intent(ticket.kind.value), lang) if ticket.kind in ESCAPE_KINDS else None
    told = repeats.reopened_reply(turn, reopened, lang)
    if rated is not None:
        told = replace(told, text=f"{t(lang, 'rating.thanks', rating=rated)}\n{told.text}")
    return [*([Reply(advice)] if advice else []), told]


def _fits(said: scores.Answer, ticket: TicketInfo) -> bool:
    """The answer can be about this repair: "还在漏" only of a leak or burst, "还是不热" only of a flat's heating, never
    of another home ("我妈家还是不热"); water escaping told with a score or of a heating repair is its own emergency."""
    escape = ticket.kind in ESCAPE_KINDS
    if said.value == scores.READING:  # of a heating repair that was fixed (one reopened takes it as news)
        return ticket.kind is TicketKind.NO_HEAT and ticket.status in RATEABLE
    if said.value != scores.COLD:
        return not said.emergency
    if (said.about == scores.WATER and not escape) or (said.about == scores.HEAT and escape):
        return False
    if said.emergency and not escape:
        return False
    return not (said.rest and _elsewhere(said.rest, ticket))


def _cold_still(c: Classification, ticket: TicketInfo) -> bool:
    """Words of a heating repair that did not hold: no heat told, as the repair was (cold, or too hot)."""
    if ticket.kind is not TicketKind.NO_HEAT:
        return False
    return c.intent is Intent.NO_HEAT and not c.unsure and c.too_hot == ticket.too_hot


def _elsewhere(said: str, ticket: TicketInfo) -> bool:
    """The words are about another home ("我妈家", "青年路小区2栋1单元101" when the repair was elsewhere)."""
    if another_home(said):
        return True
    address = parse_address(said)
    if address is None or not address.complete or not ticket.room:
        return False
    return (address.building, address.room) != (ticket.building, ticket.room)


async def _asked_about(turn: Turn, number: str | None) -> TicketInfo | None:
    """The repair a typed answer is about: the one named, else the newest resolved or closed lately (a newer one
    still open was not asked about), else one reopened lately after it was asked about."""
    # only a repair is asked it: a call-back or a complaint is settled with no repair to rate
    mine = [t for t in await lookups.of_resident(turn, open_only=False) if t.is_repair]
    if number:
        return next((t for t in mine if t.number == number), None)
    lately = turn.now - dt.timedelta(days=ANSWER_DAYS)
    asked = (t for t in mine if t.status in RATEABLE and _resolved_at(t) >= lately)
    reopened = (t for t in mine if t.status is Status.REOPENED and _reopened_at(t) >= lately)
    return next(asked, None) or next(reopened, None)


def _resolved_at(ticket: TicketInfo) -> dt.datetime:
    return ticket.status_times.get(Status.RESOLVED.value, ticket.updated_at)


def _reopened_at(ticket: TicketInfo) -> dt.datetime:
    return ticket.status_times.get(Status.REOPENED.value, ticket.updated_at)


def _asked_since(turn: Turn, ticket: TicketInfo) -> bool:
    """The chat answered the resident since the rating question was sent: its options or question are the newer."""
    answered = turn.conv.answered_at
    asked = _resolved_at(ticket) if ticket.status in RATEABLE else _reopened_at(ticket)
    return answered is not None and dt.datetime.fromisoformat(answered) >= asked


def _picks_an_option(turn: Turn, said: scores.Answer) -> bool:
    """A lone digit the chat's own options answer ("1" of its four); "5" after a menu of four is the score."""
    digit = 6 if said.value == scores.COLD else int(said.value)
    return digit <= len(turn.conv.options)


def _open_to(turn: Turn, said: scores.Answer) -> bool:
    """The chat may take the digit: one of its options, or the answer to what it is asking."""
    return _picks_an_option(turn, said) or _busy(turn)


def _busy(turn: Turn) -> bool:
    """The chat is in the middle of something: a report or complaint being taken, or staff answering."""
    return turn.conv.step != state.IDLE or turn.conv.handoff_until is not None


async def _answer_lang(turn: Turn, ticket: TicketInfo, text: str) -> Lang:
    """The language to answer a typed rating in: the one it is written in ("5分 很滿意": Traditional), kept for the chat
    as any message's is; else the resident's, or the reporter's (a texter rating a repair they reported by calling)."""
    places = turn.services.company.places
    written = lang_of_text(text, detect_lang(text), turn.lang, places=places)
    if written is not None:
        await turn.set_lang(written)
        return written
    return turn.lang if ticket.contact_id == turn.contact.id else await _owners_lang(turn, ticket)


async def _owners_lang(turn: Turn, ticket: TicketInfo) -> Lang:
    """The language of whoever reported the repair, when it was this resident (a texter rating the repair they
    reported by calling); the resident's own when another resident of their flat reported it."""
    owner = await contacts.get(turn.services.store, contact_id=ticket.contact_id)
    if owner is None or owner.phone is None or owner.phone != turn.contact.phone:
        return turn.lang
    return lang_of(owner.language)
