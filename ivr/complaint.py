"""Complaints by phone: what happened in the caller's words, a ticket escalated to the supervisor, and who follows
it up by when. No address is asked and no crew is promised: a complaint is not a repair (one that also tells the home
is cold now is followed by the no-heat repair, asked as any)."""

from __future__ import annotations

import re

from intents import faults
from intents.types import Intent
from ivr import filing, report, twiml
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


# A pause in a transcript ("我要投诉你们 交了钱暖气到现在还不热") ends a clause as a comma does in writing.
_PAUSE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def tells_cold(said: str) -> bool:
    """A complaint that also tells the home is cold now ("我要投诉你们 交了钱暖气到现在还不热", "暖气不热 打了三次电话都没人管
    我要投诉"), not as the past ("上次暖气不热 师傅态度很差")."""
    return faults.tells_cold(_PAUSE.sub("，", said))


async def with_repair(ctx: Ctx, said: str) -> str:
    """A complaint that also tells the home is cold now ("我要投诉 交了钱暖气到现在还不热 屋里才十三度"): the complaint
    filed at once for the supervisor, then the no-heat repair taken as any (its address, the reading said, a crew
    promised)."""
    lines = await _filed(ctx, said)
    return await report.begin(ctx, Intent.NO_HEAT, said, lead=[*lines, ctx.t("complaint_and_repair")])


async def _open(ctx: Ctx, said: str) -> str:
    """Open the escalated complaint ticket, read its number twice, and say who follows it up within how long."""
    return read_out(ctx, await _filed(ctx, said))


async def _filed(ctx: Ctx, said: str) -> list[twiml.Line]:
    """The escalated complaint ticket opened: its number twice, and who follows it up within how long (or, added to
    their open complaint whose follow-up ran out, that it was raised again)."""
    ctx.state.intake = Intake(kind=TicketKind.COMPLAINT.value, description=said)
    ctx.state.ticket = None  # a repair this call opened before is another ticket, not this complaint
    ticket = await filing.open_ticket(ctx, escalate=True, reason="complaint")
    branch = ctx.branch.name_en if ctx.lang == "en" else ctx.branch.name
    hours = ctx.services.company.commitments.complaint_follow_up_hours
    if ticket.breached:  # added to their open complaint, whose follow-up ran out: raised again by the store
        chased = ctx.t("complaint_chased", branch=branch, hours=hours)
        return [chased, *ctx.number_lines("complaint_number", ticket.number, "complaint_repeat")]
    lines = ctx.number_lines("complaint_opened", ticket.number, "complaint_repeat")
    lines.append(ctx.texted("complaint_sms", "complaint_note"))
    lines.append(ctx.t("complaint_follow_up", branch=branch, hours=hours))
    return lines
