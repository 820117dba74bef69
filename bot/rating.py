"""After a repair: "is it warm now?" with 1-5 and "still cold", which reopens the ticket."""

from __future__ import annotations

from bot import callbacks as cb
from bot.i18n import t
from bot.replies import Option, Reply
from bot.turn import Turn
from intents.types import Lang
from storage import tickets
from storage.errors import IllegalTransition
from storage.values import TOO_HOT, Status, TicketInfo

_RATEABLE = frozenset({Status.RESOLVED, Status.CLOSED})


def rating_prompt(ticket: TicketInfo | str, lang: Lang, *, too_hot: bool = False) -> Reply:
    """The question sent when a ticket is resolved, with 1-5 and "still cold" buttons; a flat that was too hot is
    asked whether the temperature is right now, its last button "still too hot" (both reopen the repair)."""
    number = ticket if isinstance(ticket, str) else ticket.number
    hot = too_hot or (not isinstance(ticket, str) and ticket.problem == TOO_HOT)
    stars = tuple(Option(str(n), cb.rate(number, str(n))) for n in range(1, 6))
    again = Option(t(lang, "rating.still_hot" if hot else "rating.still_cold"), cb.rate(number, "cold"))
    return Reply(t(lang, "rating.prompt_hot" if hot else "rating.prompt", number=number), (*stars, again))


async def rate(turn: Turn, number: str, value: str) -> list[Reply]:
    """Record a rating, or reopen the ticket when it is still cold."""
    store = turn.services.store
    ticket = await tickets.for_contact(store, number=number, contact_id=turn.contact.id)
    if ticket is None:
        return [turn.say("lookup.not_found", number=number)]
    status = turn.t(f"status.{ticket.status.value}")
    if value == "cold":
        try:
            await tickets.transition(store, number=number, to=Status.REOPENED, actor="resident", now=turn.now)
        except IllegalTransition:
            return [turn.say("rating.not_reopenable", number=number, status=status)]
        return [turn.say("rating.reopened", number=number)]
    if ticket.status not in _RATEABLE:
        return [turn.say("rating.not_rateable", number=number)]
    await tickets.record_rating(
        store, number=number, contact_id=turn.contact.id, rating=int(value), now=turn.now
    )
    return [turn.say("rating.thanks", rating=value)]
