"""What the resident types soon after their ticket was opened (or given its address) in the chat: a correction ("不对
是502", "地址说错了 是红旗小区3栋2单元502", "温度说错了 是12度", "sorry wrong room, it's 502") puts the ticket right and
its staff are told; a cancel ("取消", "算了 不用了") leaves it open, its words passed on to the staff who decide. A
report not filed yet is dropped, and a ticket the chat opened meanwhile is said to stay open."""

from __future__ import annotations

import datetime as dt
import re

from bot import card, news
from bot.addresses import ESTATE_FOR, address_ticket, quote
from bot.replies import Reply
from bot.turn import Turn
from intents.estates import names_place
from intents.normalize import simplified
from intents.types import Address, Classification, Intent
from storage import contacts, tickets
from storage.values import ESCAPE_KINDS, TicketInfo, TicketKind

# Soon enough for a correction or a cancel to be about the ticket just opened: the conversation is still fresh (and
# a correction needs the crew not to have reached the flat yet).
FRESH = dt.timedelta(hours=1)
AMEND_FOR = "amend_for"  # the ticket whose right address (or reading) was asked for
# Words that say something told was wrong: "地址说错了", "温度写错了", "口误", "I meant", "wrong room" …
_SAYS_WRONG = re.compile(
    r"[说写填打搞弄记报输]错了|口误|更正|(?:地址|门牌|房间|房号|楼号|单元|温度|室温)(?:不对|错了)"
    r"|\bi meant?\b|\bwrong (?:room|address|flat|apartment|number|temperature|building|unit)\b",
    re.IGNORECASE,
)
# … and words that may start one, taken as such only when the message asks for nothing else ("不对 是502")
_MAY_CORRECT = re.compile(
    r"^\s*(?:不对|不是\s*[\d零〇一二两三四五六七八九十]|错了|其实|sorry|oops|no\b|actually)", re.IGNORECASE
)
_NOTHING_ELSE = frozenset({Intent.OUT_OF_SCOPE, Intent.GREETING, Intent.THANKS})


async def recent(turn: Turn) -> TicketInfo | None:
    """The resident's own ticket that this chat opened or changed within the hour, while it is open."""
    number, at = turn.conv.recent_ticket, turn.conv.recent_at
    if not number or not at or turn.now - dt.datetime.fromisoformat(at) > FRESH:
        return None
    ticket = await tickets.for_contact(turn.services.store, number=number, contact_id=turn.contact.id)
    return ticket if ticket is not None and ticket.is_open else None


async def typed(turn: Turn, text: str, c: Classification, *, cancel: bool) -> list[Reply] | None:
    """Words typed with no question open, about the ticket just opened: a correction of its address or reading, or
    a cancel (`cancel`: the words say only that); None when they are not, or no such ticket is open."""
    asked = turn.conv.draft.get(AMEND_FOR)
    news_of_it = c.emergency or c.worsening or c.arrived or c.asks_after or c.settled
    if not (asked or cancel or _corrects(text, c)) or news_of_it:
        return None
    ticket = await recent(turn)
    if cancel and ticket is None:  # "取消报修" of a repair opened earlier: passed on to its staff, who decide
        return await news.cancel_asked(turn, text)
    if ticket is None or (asked and asked != ticket.number):
        return None
    if cancel:
        turn.conv.reset()
        told = "report.emergency_cancel_told" if ticket.kind in ESCAPE_KINDS else "report.cancel_told"
        return await news.pass_on(turn, ticket, text, told)
    if not ticket.awaiting_crew:  # the crew has found the flat: nothing to put right for them
        return None
    heard = (
        Address(ticket.address_raw, ticket.building, ticket.unit, ticket.room) if ticket.address_raw else None
    )
    found = card.read(turn, heard, text)
    reading = found.reading if ticket.kind is TicketKind.NO_HEAT else None  # a leak's crew needs no reading
    if found.address is not None or reading is not None:
        return await _amend(turn, ticket, text, found.address, reading)
    if asked or found.reading is not None:  # asked once, or a reading of a leak: taken as usual
        return None
    # "地址说错了", "不对 是6号楼": what is right is asked for (the whole address, when part of it cannot be placed)
    turn.conv.draft = {AMEND_FOR: ticket.number}
    address_only = found.partial or ticket.kind is not TicketKind.NO_HEAT
    return [
        turn.say("report.amend_ask_address" if address_only else "report.amend_ask", number=ticket.number)
    ]


async def dropped(turn: Turn) -> list[Reply]:
    """A report (or complaint) not filed yet, cancelled: said so, and that the ticket this chat opened meanwhile (the
    burst told while the card waited) is not withdrawn with it. Reports put aside for another home's emergency are
    called off with it."""
    turn.conv.reset()
    turn.conv.waiting = []
    ticket = await recent(turn)
    if ticket is None:
        return [turn.say("report.cancelled", *turn.menu())]
    kind = turn.t(f"kind.{ticket.problem}")
    return [turn.say("report.cancelled_ticket_stays", *turn.menu(), kind=kind, number=ticket.number)]


def _corrects(text: str, c: Classification) -> bool:
    """The words say that something told was wrong ("地址说错了…"), or start so and ask for nothing else."""
    said = simplified(text)
    if _SAYS_WRONG.search(said):
        return True
    return _MAY_CORRECT.match(said) is not None and (c.unsure or c.intent in _NOTHING_ELSE)


async def _amend(
    turn: Turn, ticket: TicketInfo, text: str, address: Address | None, reading: float | None
) -> list[Reply]:
    """The ticket's address and reading put right; its staff told (the address notice, and the resident's words with
    what they changed); the resident told what the ticket says now."""
    estate_asked = turn.conv.draft.get(ESTATE_FOR) == ticket.number
    turn.conv.reset()
    store = turn.services.store
    moved = address is not None and (address.raw, address.building, address.unit, address.room) != (
        ticket.address_raw,
        ticket.building,
        ticket.unit,
        ticket.room,
    )
    warmer = reading is not None and reading != ticket.temperature_c
    shown = turn.t("report.temperature_value", value=f"{reading:g}") if reading is not None else ""
    if not (moved or warmer):  # "不对 还是501": what the ticket already says
        same = "address" if address is not None else "temperature"
        told = quote(address.raw) if address is not None else ""
        return [
            turn.say(f"report.amend_unchanged_{same}", number=ticket.number, address=told, temperature=shown)
        ]
    new = quote(address.raw) if address is not None and moved else ""
    if address is not None and moved:
        if turn.contact.address_raw == ticket.address_raw:  # the address saved with it was the wrong one too
            turn.contact = await contacts.update(store, contact_id=turn.contact.id, address=address)
        await address_ticket(turn, ticket.number, address)  # the branch follows the estate
    part = "both" if moved and warmer else "address" if moved else "temperature"
    words = turn.t(f"report.corrected_{part}", text=text, address=new, temperature=shown)
    await tickets.add_report(
        store,
        number=ticket.number,
        contact_id=turn.contact.id,
        description=words,
        temperature_c=reading if warmer else None,
        now=turn.now,
    )
    turn.conv.remember(ticket.number, turn.now)
    if estate_asked and not (address is not None and names_place(address)):  # "凯旋小区" may still follow
        turn.conv.draft = {ESTATE_FOR: ticket.number}
    return [turn.say(f"report.amended_{part}", number=ticket.number, address=new, temperature=shown)]
