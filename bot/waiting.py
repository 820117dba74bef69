"""A report put aside while another home's emergency is told ("暖气不热", its address asked, then "我妈家也漏水了"): that
home's ticket opens at once and its address is asked; once it is in, the report comes back where it stood (its next
question, or filed when it had all it needs), so nothing the resident said is lost."""

from __future__ import annotations

from typing import Any

from bot import complaints, handoff, reports, state
from bot.replies import Reply
from bot.turn import Turn
from intents import intake
from intents.types import Intent


def put_aside(turn: Turn, paused: dict[str, Any] | None) -> None:
    """Keep `paused` (the report being collected) when the message just handled left another home's emergency
    asking for its address, or a complaint asking what happened ("我要投诉" mid-report: filed beside a report not yet
    filed, never instead of it; an emergency's staff already phone for its address)."""
    asking = turn.conv.step == state.ADDRESS and turn.conv.draft.get("ticket")
    unfiled = paused is not None and not paused.get("ticket") and paused.get("intent") != "complaint"
    complaint = turn.conv.step == state.COMPLAINT and unfiled
    if paused and ((asking and turn.conv.draft.get("elsewhere")) or complaint):
        turn.conv.waiting = [*turn.conv.waiting, paused]


async def come_back(turn: Turn) -> list[Reply]:
    """The report put aside last, once nothing else is asked: its next question, or (all there) filed; none
    otherwise."""
    conv = turn.conv
    if not conv.waiting or conv.step != state.IDLE or conv.draft or handoff.active(turn):
        return []
    conv.draft, conv.waiting = conv.waiting[-1], conv.waiting[:-1]
    lead = turn.say("report.resumed", kind=turn.t(f"kind.{reports.problem(conv.draft)}"))
    if conv.draft.get("intent") == "complaint":
        return [lead, complaints.ask(turn)]
    policy = intake.policy(Intent(conv.draft["intent"]))
    if policy is not None and policy.emergency and not conv.draft.get("ticket"):
        # "我家和我妈家都漏了": the resident's own escape opens at once too, its address asked after
        return [lead, *await reports.open_now(turn)]
    asked = await reports.next_question(turn)
    if conv.step == state.CONFIRM and not conv.draft.get("ticket"):  # all it needs: filed, as the phone does
        return [lead, *await reports.open_now(turn)]
    return [lead, *asked]
