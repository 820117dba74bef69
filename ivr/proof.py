"""A status look-up by a caller whose number is withheld: ticket numbers run in sequence, so a number alone proves
nothing. After every number keyed, whatever it is, the room of its flat is asked; only a ticket reported from a
withheld number whose room matches is read out. A wrong room, an unknown number, a known caller's ticket and a ticket
with no room all get the same words, and a call has a few tries at most."""

from __future__ import annotations

import re

from intents import extract_entities
from intents.normalize import prepare
from ivr import texts, twiml
from ivr.call import Ctx
from storage import contacts, tickets
from storage.values import TicketInfo, withheld

MAX_MISSES = 3  # wrong rooms (or numbers) a call may key before its look-ups stop
PENDING = "proof"  # the ticket number whose room is asked (state.extra)
MISSES = "proof_misses"
_DIGITS = re.compile(r"\d+")


def ask_room(ctx: Ctx, number: str | None = None, *, again: bool = False) -> str:
    """The room of the flat of ticket `number` (kept for the answer), keyed then #; 0 for a person."""
    if number is not None:
        ctx.state.extra[PENDING] = number
    ctx.state.goto("proof")
    return twiml.ask(
        ctx.lang,
        [ctx.t("proof_again" if again else "proof_room")],
        action=ctx.url("proof"),
        num_digits=None,
        finish_on_key="#",
        timeout=8,
        hints=texts.hints(ctx.lang),
    )


def spent(ctx: Ctx) -> bool:
    """The call has used its tries: no more look-ups on it."""
    return int(ctx.state.extra.get(MISSES, 0)) >= MAX_MISSES


def room_said(speech: str) -> str:
    """The room in the caller's words ("五零一", "501室", "room 501"), or ""."""
    room = extract_entities(speech).room if speech else None
    if room:
        return room
    runs = _DIGITS.findall(prepare(speech)) if speech else []
    return runs[0] if len(runs) == 1 else ""


async def proven(ctx: Ctx, room: str) -> TicketInfo | None:
    """The ticket whose number was keyed, when it was reported from a withheld number and `room` is its flat's room;
    None otherwise (counted as a miss)."""
    number = str(ctx.state.extra.pop(PENDING, ""))
    ticket = await _withheld_ticket(ctx, number) if number else None
    if ticket is not None and ticket.room and _same_room(ticket.room, room):
        return ticket
    ctx.state.extra[MISSES] = int(ctx.state.extra.get(MISSES, 0)) + 1
    return None


def _same_room(room: str, keyed: str) -> bool:
    return room.lstrip("0") == keyed.lstrip("0") and bool(keyed.strip("0"))


async def _withheld_ticket(ctx: Ctx, number: str) -> TicketInfo | None:
    """The ticket of this number if its reporter withheld their number too; never a ticket of a known number."""
    store = ctx.services.store
    ticket = await tickets.get(store, number=number)
    reporter = await contacts.get(store, contact_id=ticket.contact_id) if ticket is not None else None
    return ticket if reporter is not None and withheld(reporter.phone) else None
