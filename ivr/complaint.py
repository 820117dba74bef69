"""Complaints by phone: what happened in the caller's words, a ticket escalated to the supervisor, and who follows
it up by when. No address is asked and no crew is promised: a complaint is not a repair (one that also tells the home
is cold now is followed by the no-heat repair, asked as any)."""

from __future__ import annotations

import re

from intents import faults
from intents.types import Intent
from ivr import filing, info, report, texts, twiml
from ivr.addresses import MAX_ADDRESS
from ivr.call import Ctx, ask_hints, read_out
from ivr.state import Intake
from storage import tickets
from storage.values import TicketInfo, TicketKind

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
    lines, opened = await _filed(ctx, said)
    lead = [*lines, ctx.t("complaint_and_repair")]
    return await report.begin(ctx, Intent.NO_HEAT, said, lead=lead, complaint=opened)


async def _open(ctx: Ctx, said: str) -> str:
    """Open the escalated complaint ticket, read its number twice, and say who follows it up within how long; a
    caller whose number is withheld, whom nobody can call back, is offered the duty staff now."""
    lines, _ = await _filed(ctx, said)
    if ctx.can_text:
        return read_out(ctx, lines)
    return read_out(
        ctx, lines, step="through", prompt="complaint_through"
    )  # 1, 0 or a yes: `flow.through_step`


async def _filed(ctx: Ctx, said: str) -> tuple[list[twiml.Line], str | None]:
    """The escalated complaint ticket opened, at the flat its words name ("…红旗小区3栋2单元501…", kept for staff to
    check: it was not read back): its number twice, and who follows it up within how long, with that number. The
    caller's open complaint, made by this phone or in a chat linked to it, takes the words instead (no second
    complaint): its number, where it stands (or, its follow-up run out, that it was raised again), and no number."""
    named = ctx.address_in(said[:MAX_ADDRESS])
    flat = named if named is not None and named.complete else None
    ctx.state.intake = Intake(
        kind=TicketKind.COMPLAINT.value,
        description=said,
        address=filing.as_dict(flat) if flat is not None else None,
        address_flagged=flat is not None,
    )
    ctx.state.ticket = None  # a repair this call opened before is another ticket, not this complaint
    ticket = await _onto_open_complaint(ctx, said)
    if ticket is not None:
        return _added(ctx, ticket), None
    ticket = await filing.open_ticket(ctx, escalate=True, reason="complaint")
    branch = ctx.branch.name_en if ctx.lang == "en" else ctx.branch.name
    hours = ctx.services.company.commitments.complaint_follow_up_hours
    lines = ctx.number_lines("complaint_opened", ticket.number, "complaint_repeat")
    lines.append(ctx.texted("complaint_sms", "complaint_note"))
    lines.extend(ctx.call_back_promised("complaint_follow_up", branch=branch, hours=hours))
    return lines, ticket.number


async def _onto_open_complaint(ctx: Ctx, said: str) -> TicketInfo | None:
    """The caller's words added to their open complaint (staff told), if they have one; None otherwise."""
    open_one = await info.open_complaint(ctx)
    if open_one is None:
        return None
    store, now = ctx.services.store, ctx.services.clock()
    added = await tickets.merge_report(store, number=open_one.number, address=None, description=said, now=now)
    if added is not None:
        ctx.state.ticket = added.number  # the call is logged on it
    return added


def _added(ctx: Ctx, complaint: TicketInfo) -> list[twiml.Line]:
    """An open complaint the caller's words went onto: that it was (raised again, when its follow-up ran out), its
    number twice, and where it stands."""
    number = ctx.number_lines("complaint_number", complaint.number, "complaint_repeat")
    if complaint.breached:  # the store raised it with the supervisors again
        company = ctx.services.company
        branch = company.branch(complaint.branch or "") or ctx.branch
        name = branch.name_en if ctx.lang == "en" else branch.name
        hours = company.commitments.complaint_follow_up_hours
        return [ctx.t("complaint_chased", branch=name, hours=hours), *number]
    status = texts.status(ctx.lang, complaint.kind.value, complaint.status.value)
    return [ctx.t("complaint_added"), *number, ctx.t("complaint_stands", status=status)]
