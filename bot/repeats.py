"""A new report seen against the repairs the resident already has: a repeat of one still open, or a repair that did
not hold (cold again within 72 hours of being fixed), opened again."""

from __future__ import annotations

import datetime as dt

from bot import i18n, lookups
from bot.addresses import saved_address
from bot.replies import Reply
from bot.turn import Turn
from intents.types import Address, Lang
from storage import tickets
from storage.errors import IllegalTransition
from storage.values import REPAIR_KINDS, Status, TicketInfo, TicketKind

REOPEN_WITHIN = dt.timedelta(hours=72)  # cold again this soon after a repair: the same fault


def place(turn: Turn, address: Address | None, elsewhere: bool = False) -> str:
    """The flat a report is about, as the store matches it: the one it names; else, of the resident's own home, their
    saved flat ("我家暖气也不热了" is never another home's repair); of another home ("我妈家…"), none of theirs."""
    named = address if address and address.complete else None
    return tickets.report_place(named, home=saved_address(turn), elsewhere=elsewhere)


async def of_open(turn: Turn, kind: TicketKind, address: Address | None, *, elsewhere: bool = False) -> bool:
    """The resident has an open ticket of this kind for this flat (or, naming none, for their own home): a repeat."""
    return await open_one(turn, kind, address, elsewhere=elsewhere) is not None


async def open_one(
    turn: Turn, kind: TicketKind, address: Address | None, *, elsewhere: bool = False
) -> TicketInfo | None:
    """The resident's open ticket of this kind for this flat (or, naming none, for their own home), if any."""
    at = place(turn, address, elsewhere)
    found = (
        t for t in await lookups.open_repairs(turn) if t.kind is kind and t.of_flat(at, elsewhere=elsewhere)
    )
    return next(found, None)


async def own_flat(turn: Turn) -> Address | None:
    """The whole address of the resident's own home where a repair of theirs is open (the newest): a new trouble
    told there without an address ("还有厨房也漏水") is at that flat; None when no such repair is open."""
    for t in await lookups.open_repairs(turn):
        if t.kind in REPAIR_KINDS and not t.elsewhere and t.address_raw and t.building and t.room:
            return Address(t.address_raw, t.building, t.unit, t.room)
    return None


async def mended_lately(turn: Turn, address: Address | None, *, elsewhere: bool = False) -> TicketInfo | None:
    """The resident's no-heat ticket marked fixed in the last 72 hours, of the flat the report is about (see
    `place`)."""
    at = place(turn, address, elsewhere)
    for ticket in await lookups.of_resident(turn, open_only=False):
        resolved = ticket.status_times.get(Status.RESOLVED.value)
        if ticket.kind is not TicketKind.NO_HEAT or ticket.status is not Status.RESOLVED or resolved is None:
            continue
        if ticket.of_flat(at, elsewhere=elsewhere) and turn.now - resolved <= REOPEN_WITHIN:
            return ticket
    return None


async def reopen(turn: Turn, ticket: TicketInfo, text: str, reading: float | None) -> TicketInfo | None:
    """Cold again after a repair: the ticket opened again (as the "still cold" button does), the words (and the
    room's reading) on it; None when it moved on meanwhile (closed by staff): a new report is taken instead."""
    store, owner = turn.services.store, lookups.reporter(turn, ticket)
    try:
        reopened = await tickets.transition(
            store,
            number=ticket.number,
            to=Status.REOPENED,
            actor="resident",
            now=turn.now,
            answered=turn.answered,  # told in the reply: no second message where they are answered
            contact_id=owner,  # a follower's reopening is shown to staff as theirs
        )
    except IllegalTransition:
        return None
    await tickets.add_report(
        store, number=ticket.number, contact_id=owner, description=text, temperature_c=reading, now=turn.now
    )
    return reopened


def reopened_reply(turn: Turn, ticket: TicketInfo, lang: Lang | None = None) -> Reply:
    """A repair opened again: its new promise, a crew on site within the minutes and by when, as its card and the
    next dispatch say (in `lang`, else the resident's)."""
    minutes = turn.services.company.commitments.on_site_minutes
    due = turn.local(ticket.due_at)
    return Reply(i18n.t(lang or turn.lang, "rating.reopened", number=ticket.number, minutes=minutes, due=due))
