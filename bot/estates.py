"""The estate of a flat told without one ("5栋1单元302"), asked once before the report's card: the name sent
("凯旋小区", "in Hongqi compound") goes before the flat and chooses the branch; not known, the card comes all the same,
and anything else said to it is taken as at the card (a whole address, a reading put right)."""

from __future__ import annotations

from bot import card, reports, state
from bot.addresses import ESTATE_ANSWERED, address_from_dict, address_to_dict, knows_not, quote
from bot.replies import Reply
from bot.turn import Turn
from intents.estates import with_estate


async def receive(turn: Turn, text: str) -> list[Reply]:
    """The answer to "which estate?": the estate goes before the flat, then the card."""
    draft = turn.conv.draft
    draft[ESTATE_ANSWERED] = True
    heard = address_from_dict(draft.get("address"))
    whole = with_estate(heard, text, turn.services.company.places) if heard else None
    if whole is not None:
        draft["address"] = address_to_dict(whole)
    cards = await reports.next_question(turn)  # the card
    if whole is not None or knows_not(text):  # "凯旋小区", "不知道", "no idea"
        return cards
    said = (draft.get("address"), draft.get("temperature_c"))
    # "凯旋小区5栋1单元302", "不对 是502", "说错了 是16度": taken as at the card
    replies = card.corrected(turn, text)
    if turn.conv.step != state.CONFIRM or (draft.get("address"), draft.get("temperature_c")) != said:
        return replies
    return [turn.say("report.estate_unread", address=quote(heard.raw if heard else "")), *cards]


async def unknown(turn: Turn) -> list[Reply]:
    """The estate not known (its button, or "对" / "不对" said to the question): the card, the flat as told."""
    turn.conv.draft[ESTATE_ANSWERED] = True
    return await reports.next_question(turn)
