"""A leak or burst opened without its address, asked after by phone: its status says the crew's promise and that its
address is needed first (as its SMS does), and the address is asked as the first report asks it (read back, then put
onto the ticket for its staff)."""

from __future__ import annotations

from collections.abc import Sequence

from ivr import report, twiml
from ivr.call import Ctx
from ivr.state import Intake
from storage.values import TicketInfo


async def ask_after_status(ctx: Ctx, lines: Sequence[twiml.Line], shown: Sequence[TicketInfo]) -> str | None:
    """The status read out (`lines`), then the address of the first emergency among `shown` that lacks one, asked
    for that ticket (another home's as that home's); None when every one has its address."""
    escape = next((t for t in shown if t.unplaced), None)
    if escape is None:
        return None
    await ctx.contact()  # the address goes onto the ticket as its reporter's (see `report.address_done`)
    ctx.state.ticket = escape.number
    ctx.state.intake = Intake(kind=escape.kind.value, elsewhere=escape.elsewhere)
    return report.ask_address(ctx, lead=list(lines))
