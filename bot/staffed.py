"""While staff answer a chat (a handoff): everything the resident sends goes to them, and the bot stays quiet but for
what must not wait. A report of a fault opens its ticket, with its 30-minute promise (an escape at once; a cold flat
once its address is in, nothing else asked), and the answer to such a report's question is taken; the resident is
told where their messages stand."""

from __future__ import annotations

from bot import addresses, handoff, reports, routing, slots, state
from bot.replies import Inbound, Reply, Text
from bot.turn import Turn
from intents import classify
from intents.types import Intent

FAULTS = frozenset({Intent.NO_HEAT, Intent.LEAK, Intent.BURST})
_ASKED = frozenset({state.ADDRESS, state.TEMPERATURE, state.ESTATE, state.CONFIRM})


async def during(turn: Turn, inbound: Inbound) -> list[Reply]:
    """The replies to a message (not a button) sent while staff answer: a fault reported or a report's question
    answered; the message is passed to staff, and the resident told so."""
    replies = await _report(turn, inbound.text) if isinstance(inbound, Text) and inbound.text else []
    await handoff.relay(turn, inbound)
    return replies + handoff.noted(turn)


async def _report(turn: Turn, text: str) -> list[Reply]:
    """A fault reported, or the answer to the question of one reported meanwhile (its address, its estate); nothing
    for anything else, which is for staff."""
    c = classify(text)
    if turn.conv.draft.get(addresses.ESTATE_FOR):  # the estate of an emergency's flat told without one
        placed = await addresses.estate_of_emergency(turn, text)
        if placed is not None:
            return placed
    if turn.conv.step in _ASKED and not slots.changes_subject(turn, text, c):
        return await routing.text(turn, text)
    if c.intent in FAULTS and not c.unsure:
        return await reports.start(turn, c)
    return []
