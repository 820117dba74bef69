"""What a resident says of a repair already open: the crew has come, a visit is no longer needed, the wait is
too long, the same report again. Their words go onto the ticket for its staff; the resident hears so."""

from __future__ import annotations

from bot import lookups
from bot.replies import Reply
from bot.turn import Turn
from storage import tickets
from storage.values import REPAIR_KINDS, Priority, TicketInfo


async def pass_on(turn: Turn, ticket: TicketInfo, text: str, reply: str = "report.settled") -> list[Reply]:
    """The resident's words about their open repair ("不用来了", "师傅到了") added to it for its staff, who decide;
    `reply` is what the resident is told."""
    owner = lookups.reporter(turn, ticket)
    await tickets.add_report(
        turn.services.store, number=ticket.number, contact_id=owner, description=text, now=turn.now
    )
    return [turn.say(reply, number=ticket.number)]


async def chase(turn: Turn, found: list[TicketInfo], text: str) -> list[Reply]:
    """A resident complaining of the wait for their crew: their words go onto the newest open repair for its staff
    (a complaint about a repair belongs on it), and they see where their repairs stand."""
    repairs = [t for t in found if t.kind in REPAIR_KINDS]
    late = [t for t in repairs if t.awaiting_crew and t.due_at < turn.now]  # the one the wait is about
    repair = next(iter(late or repairs), None)
    if repair is None:
        return await lookups.my_repairs(turn, found)
    owner = lookups.reporter(turn, repair)
    await tickets.add_report(
        turn.services.store, number=repair.number, contact_id=owner, description=text, now=turn.now
    )
    return [*await lookups.my_repairs(turn, found), turn.say("report.chased", number=repair.number)]


def already_open(turn: Turn, ticket: TicketInfo) -> Reply:
    """A repeat report, added to the open ticket of its kind (staff are told); an emergency's says by when the
    crew is due."""
    if ticket.priority is Priority.EMERGENCY:
        due = lookups.promise(turn, ticket, "detail")
        return turn.say(
            "report.already_open_emergency",
            kind=turn.t(f"kind.{ticket.problem}"),
            number=ticket.number,
            status=turn.t(f"status.{ticket.status.value}"),
            promise=f"\n{due}" if due else "",
        )
    return turn.say(
        "report.already_open",
        kind=turn.t(f"kind.{ticket.problem}"),
        number=ticket.number,
        status=turn.t(f"status.{ticket.status.value}"),
    )
