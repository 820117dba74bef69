"""Staff wrote to a resident about a ticket ("您好，请问您家具体是哪个小区几号楼？"): for a while, what the resident sends
back is that conversation. An address for a ticket still without one goes onto it; words the bot has nothing clear to
do with ("我家里有老人 你们快点", "好的 谢谢") are posted under the ticket's card for its staff, and the resident told
so. Anything clear (a report, an emergency, a question) is handled as usual."""

from __future__ import annotations

import datetime as dt

from bot import lookups, news, slots
from bot.addresses import address_ticket, quote, read_address
from bot.replies import Reply
from bot.turn import Turn
from intents.types import Address, Classification
from storage import contacts, tickets
from storage.values import TicketInfo


async def heard(turn: Turn, text: str, c: Classification) -> list[Reply] | None:
    """The resident's words, taken as their answer to staff about a ticket when they are one; else None."""
    ticket = await _talked_about(turn)
    if ticket is None:
        return None
    address = read_address(turn, text)
    if address is not None and address.complete and not ticket.address_raw:
        return await _placed(turn, ticket, address)
    told = news.news_told(
        c
    )  # "好的 麻烦师傅来了多敲几下门": words about the visit, onto the ticket talked about
    if told is not None:
        return await news.pass_on(turn, ticket, text, told)
    if not (slots.nothing_to_act_on(c) or c.intent in slots.SMALL_TALK):
        return None
    await tickets.add_report(
        turn.services.store,
        number=ticket.number,
        contact_id=lookups.reporter(turn, ticket),
        description=text,
        now=turn.now,
    )
    return [turn.say("talk.passed", number=ticket.number)]


async def _talked_about(turn: Turn) -> TicketInfo | None:
    """The resident's open ticket staff last wrote to them about, within the time a handoff would last; else None."""
    number, at = turn.conv.staff_ticket, turn.conv.staff_at
    if not number or not at:
        return None
    if turn.now - dt.datetime.fromisoformat(at) > dt.timedelta(hours=turn.services.handoff_hours):
        return None
    return next((t for t in await lookups.open_repairs(turn) if t.number == number), None)


async def _placed(turn: Turn, ticket: TicketInfo, address: Address) -> list[Reply]:
    """The address goes onto the ticket (to the branch serving it), and is saved as the resident's own unless the
    ticket is of another home."""
    by_phone = lookups.reporter(turn, ticket) is None
    await address_ticket(turn, ticket.number, address, by_phone=by_phone)
    if not ticket.elsewhere:
        turn.contact = await contacts.update(turn.services.store, contact_id=turn.contact.id, address=address)
    return [turn.say("report.address_added", address=quote(address.raw), number=ticket.number)]
