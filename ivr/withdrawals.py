"""A report called off before its ticket ("算了 不报了", "never mind"), or the repair offered with a complaint turned
down ("没有了 谢谢"): no ticket, and the caller told so."""

from __future__ import annotations

from intents import classify, parse_address
from intents.types import EMERGENCIES
from ivr import filing
from ivr.call import Ctx, goodbye

_EMERGENCY_KINDS = frozenset(i.value for i in EMERGENCIES)


async def withdrawn(ctx: Ctx) -> str | None:
    """The goodbye when the caller withdraws the report under way at its address or read-back; None when they do
    not."""
    if declined(ctx):
        return await complaint_only(ctx)
    if called_off(ctx):
        ctx.state.intake = None
        return goodbye(ctx, lead=[ctx.t("report_cancelled")])
    return None


def called_off(ctx: Ctx) -> bool:
    """The caller calls a report off before its ticket ("算了 不报了", "不用了 暖气好了", "never mind"); never an
    emergency, nor words that hold an address."""
    report, said = ctx.state.intake, ctx.turn.speech
    if not said or report is None or ctx.state.ticket or report.kind in _EMERGENCY_KINDS:
        return False
    if parse_address(said) is not None:
        return False
    meaning = classify(said)
    return not meaning.emergency and (ctx.turn.called_off() or meaning.settled)


def declined(ctx: Ctx) -> bool:
    """The repair offered with a complaint turned down while its address is asked or read back ("没有了 谢谢",
    "不用了", "no thanks"), which is no "no" to the address ("不对", "no")."""
    report, turn = ctx.state.intake, ctx.turn
    if report is None or report.complaint is None or turn.said_no():
        return False
    return turn.nothing_more() or called_off(ctx)


async def complaint_only(ctx: Ctx) -> str:
    """No repair after all: the complaint filed stands, and is given the address heard, for staff to check; the
    caller is told so and the call ends."""
    report = ctx.state.intake
    assert report is not None
    report.address_flagged = True  # never confirmed by the caller
    await filing.onto_complaint(ctx)
    ctx.state.intake = None
    return goodbye(ctx, lead=[ctx.t("repair_declined")])
