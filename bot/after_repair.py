"""A fixed repair's question ("is it warm now? rate 1-5", with "still cold"), and what a resident may answer it with
besides a score: that it holds ("好多了"), praise of the crew ("师傅很好"), the room's reading now ("现在22度了"). Each is
kept on the repair for its staff (a reading as the room after the repair, which the figures count) and the score is
asked once more, unless it was given."""

from __future__ import annotations

from bot import callbacks as cb
from bot import lookups, scores
from bot.i18n import t
from bot.replies import Option, Reply
from bot.turn import Turn
from intents import extract_entities
from intents.types import Lang
from storage import tickets
from storage.values import ESCAPE_KINDS, TOO_HOT, Status, TicketInfo, TicketKind

RATEABLE = frozenset({Status.RESOLVED, Status.CLOSED})


def rating_prompt(
    ticket: TicketInfo | str,
    lang: Lang,
    *,
    too_hot: bool = False,
    kind: str | None = None,
    address: str | None = None,
    note: str | None = None,
) -> Reply:
    """The question sent when a ticket is resolved, with 1-5 and "still cold" buttons; a flat that was too hot is
    asked whether the temperature is right now, its last button "still too hot"; a leak or burst whether the water
    has stopped, "still leaking" (each last button reopens the repair). Staff's `note` (said as their words) comes
    before the question, which stays next to its options."""
    number = ticket if isinstance(ticket, str) else ticket.number
    hot = too_hot or (not isinstance(ticket, str) and ticket.problem == TOO_HOT)
    kind = kind or (None if isinstance(ticket, str) else ticket.kind.value)
    question, again = ("rating.ask_hot", "rating.still_hot") if hot else ("rating.ask", "rating.still_cold")
    if kind in ESCAPE_KINDS:
        question, again = "rating.ask_leak", "rating.still_leaking"
    stars = tuple(Option(str(n), cb.rate(number, str(n))) for n in range(1, 6))
    address = address if isinstance(ticket, str) else ticket.address_raw
    # which home, where the resident has more than one repair ("我妈家" and their own)
    fixed = (
        t(lang, "rating.fixed_at", number=number, address=address)
        if address
        else t(lang, "rating.fixed", number=number)
    )
    key, noted = ("rating.prompt_noted", {"note": note}) if note else ("rating.prompt", {})
    text = t(lang, key, fixed=fixed, ask=t(lang, question), **noted)
    return Reply(text, (*stars, Option(t(lang, again), cb.rate(number, scores.COLD))))


async def glad(
    turn: Turn, ticket: TicketInfo, text: str, lang: Lang, *, praised: bool = False
) -> list[Reply]:
    """ "好多了", "暖和了 谢谢" (or the crew `praised`: "师傅很好"): the words go onto the repair and to its staff; the
    score is asked once more (its buttons, without "still cold"), unless it was given already."""
    if ticket.status not in RATEABLE:
        return [Reply(t(lang, "rating.not_rateable", number=ticket.number))]
    # the words go under the repair's card for its staff; "暖和了 现在22度": the room after the repair, kept with them
    await lookups.add_words(turn, ticket, text, temperature_c=room_reading(text, ticket))
    key = "rating.praised" if praised else "rating.glad"
    if await own_rating(turn, ticket) is not None:
        return [Reply(t(lang, f"{key}_rated", number=ticket.number))]
    return [Reply(t(lang, key, number=ticket.number), rating_prompt(ticket, lang).options[:5])]


async def room_now(turn: Turn, ticket: TicketInfo, text: str, lang: Lang) -> list[Reply]:
    """ "现在22度了": the room's reading after the repair, kept on it for the figures; the score is asked once more
    unless it was given (a reading below the norm is still cold: bot.scores reads it so)."""
    reading = room_reading(text, ticket)
    assert reading is not None  # a READING answer names one, and only a heating repair takes it
    await lookups.add_words(turn, ticket, text, temperature_c=reading)
    if await own_rating(turn, ticket) is not None:
        return [Reply(t(lang, "rating.reading_rated", value=f"{reading:g}"))]
    return [Reply(t(lang, "rating.reading", value=f"{reading:g}"), rating_prompt(ticket, lang).options[:5])]


async def own_rating(turn: Turn, ticket: TicketInfo) -> int | None:
    """The score this resident gave the repair themselves; one given by another resident of the flat is theirs."""
    return await tickets.rating_given(
        turn.services.store, number=ticket.number, contact_id=lookups.reporter(turn, ticket)
    )


def room_reading(words: str | None, ticket: TicketInfo) -> float | None:
    """The room reading in the resident's words about a heating repair ("现在22度了"); None for any other repair."""
    if not words or ticket.kind is not TicketKind.NO_HEAT:
        return None
    return extract_entities(words).temperature_c
