"""A leak or burst of the resident's own home still without its address (reported by calling, with the duty line busy;
or in the chat, its address question since left): whatever was asked last, an address the resident sends later
("红旗小区5栋1单元302", "地址是…", "5栋", "红旗小区") answers that emergency's address question, as in the chat that
opened it (`reports.receive_address`): it goes onto the ticket, and the resident is told so."""

from __future__ import annotations

from bot import lookups, state
from bot.addresses import ESTATE_FOR, read_address
from bot.turn import Turn
from intents import another_home
from intents.estates import estate_alone
from intents.types import Classification, Intent
from storage.values import TicketInfo


async def waiting(turn: Turn) -> TicketInfo | None:
    """The resident's newest open leak or burst of their own home that nobody has given the address of: reported in
    this chat, or by calling from the phone they text from (or shared in this chat)."""
    return next((t for t in await lookups.open_repairs(turn) if t.unplaced and not t.elsewhere), None)


async def address_awaited(turn: Turn, text: str, c: Classification) -> bool:
    """An address (whole, or a part of one: a building, an estate's name) sent with no question open while such an
    emergency waits for it: the conversation asks that emergency's address again, so the words answer it. False
    (nothing changed) for words without an address, another home's ("我妈家…"), a no-heat report of its own at an
    address, or with no emergency waiting."""
    if turn.conv.step != state.IDLE or turn.conv.draft.get("intent") or turn.conv.draft.get(ESTATE_FOR):
        return False
    if another_home(text) or (c.intent is Intent.NO_HEAT and not c.emergency):
        return False
    if read_address(turn, text) is None and estate_alone(text, turn.services.company.places) is None:
        return False
    escape = await waiting(turn)
    if escape is None:
        return False
    turn.conv.step = state.ADDRESS
    turn.conv.draft = {"intent": escape.kind.value, "ticket": escape.number}
    return True
