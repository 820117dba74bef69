"""Complaints by phone: what happened in the caller's words, a ticket escalated to the supervisor, and who follows
it up by when. No address is asked and no crew is promised: a complaint is not a repair."""

from __future__ import annotations

import re

from ivr import filing, twiml
from ivr.call import Ctx, ask_hints, read_out
from ivr.state import Intake
from storage.values import TicketKind

# Words that only ask to complain ("我要投诉", "I want to make a complaint"): what happened is still to be told.
_BARE = re.compile(
    r"(?:我|我们)?(?:要|想|需要)?(?:投诉|举报|反映问题)(?:一下|你们)*"
    r"|(?:i|we)?\s*(?:want|would like|'d like|need)?\s*(?:to)?\s*(?:make|file|lodge)?\s*(?:a)?\s*complain(?:t)?",
    re.IGNORECASE,
)
_NOISE = re.compile(r"[\s,.!?;:，。！？、；：…]+|[嗯啊呃哦喂吧呀了的]")


async def begin(ctx: Ctx, said: str) -> str:
    """A complaint: opened at once with what the caller told, or, when they only asked to complain, after asking
    what happened."""
    if _BARE.fullmatch(_NOISE.sub("", said)) or not said.strip():
        ctx.state.goto("complaint")
        ctx.state.intake = Intake(kind=TicketKind.COMPLAINT.value, description=said)
        return twiml.ask(
            ctx.lang,
            [ctx.t("complaint_ask")],
            action=ctx.url("complaint"),
            digits=False,
            timeout=8,
            speech_timeout=3,
            hints=ask_hints(ctx),
        )
    return await _open(ctx, said)


async def complaint_step(ctx: Ctx) -> str:
    """What happened, in the caller's words; silence still opens the complaint (the supervisor calls back)."""
    pending = ctx.state.intake
    asked = pending.description if pending else ""
    return await _open(ctx, " ".join(part for part in (asked, ctx.turn.speech) if part))


async def _open(ctx: Ctx, said: str) -> str:
    """Open the escalated complaint ticket, read its number twice, and say who follows it up within how long."""
    ctx.state.intake = Intake(kind=TicketKind.COMPLAINT.value, description=said)
    ctx.state.ticket = None  # a repair this call opened before is another ticket, not this complaint
    ticket = await filing.open_ticket(ctx, escalate=True, reason="complaint")
    branch = ctx.branch.name_en if ctx.lang == "en" else ctx.branch.name
    hours = ctx.services.company.commitments.complaint_follow_up_hours
    if ticket.breached:  # added to their open complaint, whose follow-up ran out: raised again by the store
        chased = ctx.t("complaint_chased", branch=branch, hours=hours)
        return read_out(
            ctx, [chased, *ctx.number_lines("complaint_number", ticket.number, "complaint_repeat")]
        )
    lines = ctx.number_lines("complaint_opened", ticket.number, "complaint_repeat")
    lines.append(ctx.texted("complaint_sms", "complaint_note"))
    lines.append(ctx.t("complaint_follow_up", branch=branch, hours=hours))
    return read_out(ctx, lines)
