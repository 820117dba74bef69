"""A typed yes, no or cancel at an open question ("好的 确认", "对 还是那个地址", "算了不报了", "never mind, forget it")."""

from __future__ import annotations

import re

from bot import addresses, corrections, estates, reports, state
from bot.replies import Reply
from bot.turn import Turn
from intents.yesno import CANCEL, NO, YES, meaning, words

# the reading and its words are the phone line's too (intents.yesno); what each answer does here is the chat's
__all__ = ["CANCEL", "NO", "YES", "answer", "meaning", "words"]

_ADDRESS_NAMED = re.compile(r"地址|address", re.IGNORECASE)
_ESTATE_AGAIN = "estate_asked_again"  # "对" said to "which estate?": it was asked once more


async def answer(turn: Turn, meant: str, text: str = "") -> list[Reply] | None:
    """What a yes, no or cancel does at the step open now; None when it means nothing there."""
    step, draft = turn.conv.step, turn.conv.draft
    number = draft.get("ticket")
    if number and step == state.ADDRESS and meant != YES:  # an emergency already opened is never cancelled
        turn.conv.reset()
        return [turn.say("report.emergency_stays", number=number)]
    if meant == CANCEL or (meant == NO and step == state.COMPLAINT):
        return await corrections.dropped(turn)  # a ticket opened meanwhile (a burst told at the card) stays
    if step == state.ESTATE and meant == YES and not draft.get(_ESTATE_AGAIN):
        # "对" names no estate: asked once more (its button says it is not known), never filed without it unasked
        heard = addresses.address_from_dict(draft.get("address"))
        if heard is not None:
            draft[_ESTATE_AGAIN] = True
            return [addresses.ask_estate(turn, heard)]
    if step == state.ESTATE:  # "对" again, "不对" to "which estate?": the card, as it is or to put right
        cards = await estates.unknown(turn)
        if meant == NO and _ADDRESS_NAMED.search(text):
            return [addresses.ask_address(turn, offer_saved=False)]
        return [turn.say("report.what_is_wrong"), *cards] if meant == NO else cards
    if step == state.CONFIRM and meant == NO:  # "不对", "no": something to change, not the report dropped
        if _ADDRESS_NAMED.search(text):  # "不是这个地址", "wrong address"
            return [addresses.ask_address(turn, offer_saved=False)]
        return [turn.say("report.what_is_wrong"), reports.confirmation(turn)]
    if step == state.CONFIRM:
        return await reports.open_now(turn)
    if (
        step == state.ADDRESS
    ):  # a yes takes the saved address offered: the resident's own, never another home's
        saved = None if draft.get("elsewhere") else addresses.saved_address(turn)
        if meant == YES and saved is not None:
            return await reports.accept_address(turn, saved)
        return [addresses.ask_address(turn, offer_saved=False)]
    return None
