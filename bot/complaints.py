"""Complaints: one message about what happened, an escalated ticket, and who follows up by when."""

from __future__ import annotations

import datetime as dt

from bot import callbacks as cb
from bot import lookups, state
from bot.replies import Reply
from bot.reports import over_limit
from bot.turn import Turn
from intents.types import Lang
from storage import tickets
from storage.values import Priority, TicketInfo, TicketKind


def start(turn: Turn, text: str) -> list[Reply]:
    """Ask what happened; the first words may be submitted as they are."""
    turn.conv.draft = {"intent": "complaint", "text": text}
    return [ask(turn)]


def ask(turn: Turn) -> Reply:
    """The complaint's question (again, after a question of the resident's was answered)."""
    turn.conv.step = state.COMPLAINT
    options = [turn.option("report.cancel", cb.CONFIRM_NO)]
    if turn.conv.draft.get("text"):
        options.insert(0, turn.option("complaint.as_is", cb.SUBMIT_AS_IS))
    return turn.say("complaint.ask", *options)


async def of_the_wait(turn: Turn, repair: TicketInfo, text: str) -> list[Reply]:
    """Anger at the wait for the crew of an open repair ("再不来我就打12345投诉") taken as it is: where that repair
    stands, an apology, and the complaint recorded at once with these words, about that repair (its branch, and on
    it for its staff); nothing more is asked."""
    turn.conv.draft = {"intent": "complaint", "text": text}
    opened = await submit(turn, about=repair)
    return [
        *await lookups.my_repairs(turn, [repair]),
        turn.say("complaint.wait_sorry", number=repair.number),
        *opened,
    ]


async def submit(turn: Turn, more: str = "", *, about: TicketInfo | None = None) -> list[Reply]:
    """Open the complaint ticket, escalated to the branch's supervisor; `about`: the repair it is about (else the one
    whose crew is late, if any)."""
    description = "\n".join(part for part in (turn.conv.draft.get("text", ""), more) if part)
    limited = await over_limit(turn)
    if limited:
        turn.conv.reset()
        return limited
    late = about or await _late_repair(turn)  # "我要投诉 都四十分钟了还没人来": about the repair that is late
    branch = turn.services.company.branch(late.branch) if late and late.branch else None
    branch = branch or turn.branch_for(turn.contact.address_raw)
    ticket, _created = await tickets.open_ticket(
        turn.services.store,
        kind=TicketKind.COMPLAINT,
        priority=Priority.NORMAL,
        contact_id=turn.contact.id,
        branch=branch.code,
        address=None,
        description=description or turn.t("kind.complaint"),
        escalate=True,
        escalation_reason="complaint",
        now=turn.now,
        answered=turn.answered,  # the number is in the reply: a texter is not texted it again
    )
    if late is not None:  # its staff see the complaint beside the repair it is about
        await tickets.add_report(
            turn.services.store,
            number=late.number,
            contact_id=lookups.reporter(turn, late),
            description=description or turn.t("kind.complaint"),
            now=turn.now,
        )
    turn.conv.reset()
    hours = turn.services.complaint_follow_up_hours
    deadline = (ticket.created_at + dt.timedelta(hours=hours)).astimezone(turn.services.company.zone)
    return [
        turn.say(
            "complaint.opened",
            number=ticket.number,
            branch=branch.name_en if turn.lang is Lang.EN else branch.name,
            hours=hours,
            deadline=deadline.strftime("%m-%d %H:%M"),
            phone=turn.services.company.complaint_phone,
        )
    ]


async def _late_repair(turn: Turn) -> TicketInfo | None:
    """The resident's open repair whose crew is past the promised time, if any."""
    repairs = await lookups.open_repairs(turn)
    return next((t for t in repairs if t.awaiting_crew and t.due_at < turn.now), None)
