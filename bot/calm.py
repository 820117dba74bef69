"""A resident in distress while their emergency is under way: words that are no address said while its address is
asked ("好多水", "快来人啊", "暖气管子"), a cry for help ("救命"). They are reassured, told what to do in brief and asked
again simply for what the crew needs; a leak said to have burst ("好像爆了") becomes a burst for its staff."""

from __future__ import annotations

from bot import lookups
from bot.addresses import ask_address
from bot.replies import Reply
from bot.turn import Turn
from intents import Classification, classify
from intents.distress import says_burst
from storage import tickets
from storage.values import TicketInfo, TicketKind


async def at_address(turn: Turn, number: str, text: str) -> list[Reply]:
    """Words of distress that are no address, said while the emergency `number` waits for it: reassured (a leak said
    to have burst made a burst, its staff told), then the address asked again."""
    ticket = next((t for t in await lookups.open_repairs(turn) if t.number == number), None)
    if ticket is None:
        return [ask_address(turn)]
    burst = await _burst(turn, ticket, text)
    told = [turn.say("report.burst_noted", number=number)] if burst is not None else []
    return [*told, reassurance(turn, burst or ticket), ask_address(turn)]


async def help_asked(turn: Turn) -> list[Reply]:
    """A cry for help and nothing else ("救命"): the emergency under way reassured (its address asked if it has
    none); with none open, what happened is asked and the hotline given."""
    escape = await lookups.open_escape(turn)
    if escape is None:
        return [turn.say("report.help_what", hotline=turn.hotline())]
    if escape.address_raw:
        return [reassurance(turn, escape)]
    turn.conv.draft = {"intent": escape.kind.value, "ticket": escape.number}
    if escape.elsewhere:
        turn.conv.draft["elsewhere"] = True
    return [reassurance(turn, escape), ask_address(turn)]


def reassurance(turn: Turn, ticket: TicketInfo) -> Reply:
    """The crew is being arranged for this emergency, by when it is due, and what to do meanwhile, in brief."""
    due = turn.t("report.calm_promise", due=turn.local(ticket.due_at)) if ticket.awaiting_crew else ""
    advice = turn.t(f"report.calm_{ticket.kind.value}")
    return turn.say("report.calm", number=ticket.number, promise=due, advice=advice)


async def _burst(turn: Turn, ticket: TicketInfo, text: str) -> TicketInfo | None:
    """ "好像爆了" of a leak: the ticket made a burst, the words put onto it for its staff; None when it is no leak
    said to have burst (or one already open at that flat keeps it a leak)."""
    burst = await burst_told(turn, ticket, classify(text))
    if burst.kind is ticket.kind:
        return None
    owner = lookups.reporter(turn, ticket)
    await tickets.add_report(
        turn.services.store, number=ticket.number, contact_id=owner, description=text, now=turn.now
    )
    return burst


async def burst_told(turn: Turn, ticket: TicketInfo, c: Classification) -> TicketInfo:
    """The open escape a message is about, made a burst when it is a leak the words say has burst ("现在爆了"): one
    ticket, one crew, its staff alerted; as it was otherwise."""
    if ticket.kind is not TicketKind.LEAK or not says_burst(c):
        return ticket
    return await tickets.upgrade_to_burst(turn.services.store, number=ticket.number, now=turn.now)
