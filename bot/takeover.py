"""A person asked for while a report is being collected ("转人工" at its address or temperature question): the report is
not dropped. It goes on as a report made while staff answer does: filed at once when its address is in (staff ask
the rest), else its address is still asked (an emergency, open from its first words, keeps waiting for it). The
request's card shows staff what the resident told so far, and the ticket when there is one."""

from __future__ import annotations

from typing import Any

from bot import handoff, reports, state
from bot.addresses import address_from_dict
from bot.replies import Reply
from bot.turn import Turn


async def with_report(turn: Turn, text: str) -> list[Reply]:
    """Hand the chat to staff with the report being collected: filed, or its question asked again."""
    draft = dict(turn.conv.draft)
    before = turn.conv.recent_at
    handoff.begin(turn)
    turn.conv.draft = draft
    kept = await reports.next_question(turn)  # while staff answer: filed once its address is in
    filed = turn.conv.recent_ticket if turn.conv.recent_at != before else None
    address = address_from_dict(draft.get("address"))
    # still asked (its address): the resident is told it can be filed meanwhile, not that the bot goes quiet
    asking = None if turn.conv.step == state.IDLE else turn.t(f"kind.{reports.problem(draft)}")
    place = address.raw if address else ""
    started = await handoff.requested(
        turn, text, report=told_so_far(draft, filed), place=place, asking=asking
    )
    return started + kept


def told_so_far(draft: dict[str, Any], filed: str | None) -> dict[str, Any]:
    """The report as staff should see it on the request's card: what the fault is, where, how warm, in whose words,
    and its ticket (an emergency's, open from the first words, or one filed just now)."""
    address = address_from_dict(draft.get("address"))
    pieces = " ".join(draft.get("address_pieces") or [])  # "凯旋小区", "5栋": the parts told so far
    return {
        "kind": reports.problem(draft),
        "ticket": draft.get("ticket") or filed,
        "address": address.raw if address else pieces or None,
        "temperature_c": draft.get("temperature_c"),
        "words": draft.get("text") or "",
    }
