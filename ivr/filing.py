"""The ticket a call files: opened once per call with what the caller told, an address put on it afterwards, the
caller's own confirmed address remembered for their next call, and a report interrupted by another home's emergency
filed as it stands."""

from __future__ import annotations

import logging
from collections.abc import Callable

from intents import extract_entities
from intents.estates import same_estate
from intents.types import EMERGENCIES, Address
from ivr import texts
from ivr.call import Ctx, led_by_yes
from ivr.state import Intake
from storage import Store, contacts, tickets
from storage.errors import TicketNotFound
from storage.values import TOO_HOT, Priority, TicketInfo, TicketKind

log = logging.getLogger("ivr.filing")
_EMERGENCY_KINDS = frozenset(i.value for i in EMERGENCIES)


async def open_ticket(
    ctx: Ctx, *, escalate: bool = False, reason: str | None = None, emergency: bool = False
) -> TicketInfo:
    """Open the ticket of the intake in progress, or return the one this call already opened; an escalated one
    goes to the supervisor for `reason` (an emergency by default). `emergency`: a call-back about water escaping
    (the caller hung up before the address) is an emergency too, watched by staff until someone takes it."""
    store = ctx.services.store
    if ctx.state.ticket:
        existing = await tickets.get(store, number=ctx.state.ticket)
        if existing is not None:
            return existing
    report = ctx.state.intake
    assert report is not None
    contact = await ctx.contact()
    address = report.address_value()
    kind = TicketKind(report.kind)
    description = report.description or texts.label(
        ctx.lang, "kind", TOO_HOT if report.too_hot else kind.value
    )
    ticket, _created = await tickets.open_ticket(
        store,
        kind=kind,
        priority=Priority.EMERGENCY if emergency or report.kind in _EMERGENCY_KINDS else Priority.NORMAL,
        contact_id=contact.id,
        branch=ctx.branch.code,
        address=address,
        description=description,
        temperature_c=report.temperature_c,
        too_hot=report.too_hot,
        elsewhere=report.elsewhere,
        escalate=escalate,
        escalation_reason=(reason or "phone_emergency")
        if escalate
        else None,  # a code: staff read it in words
        now=ctx.services.clock(),
        same_estate=estate_of(ctx, address),
    )
    ctx.state.ticket = ticket.number
    # another home's address is not the caller's to remember
    remembered = None if report.elsewhere else address
    await remember_address(ctx, contact.id, remembered, report.address_flagged, ticket.number)
    return ticket


def estate_of(ctx: Ctx, address: Address | None) -> Callable[[str], bool] | None:
    """Which addresses are in the estate the caller named, for their repair to follow another resident's of the same
    flat, or their leak to be linked with its open repair; none for a caller whose number is withheld (they could
    neither be texted its changes nor find it again)."""
    if address is None or not ctx.can_text:
        return None
    return same_estate(address.raw, ctx.services.company)


def followed(ctx: Ctx, ticket: TicketInfo) -> bool:
    """The caller's report went onto the repair another resident of their flat reported first, which they follow."""
    return ctx.state.contact_id is not None and ticket.contact_id != ctx.state.contact_id


async def remember_address(
    ctx: Ctx, contact_id: int, address: Address | None, flagged: bool, number: str
) -> None:
    """Flag an unconfirmed address for staff, or save a confirmed one for the caller's next report (not another
    flat's, "我妈家…": that one has its own ticket, the caller's own address stays theirs)."""
    store = ctx.services.store
    try:
        if flagged:
            await tickets.add_note(
                store,
                number=number,
                actor="ivr",
                text="address not confirmed by the caller",
                code="address_unconfirmed",  # worded for staff in their language
                now=ctx.services.clock(),
            )
        elif address is not None and not await _for_another_flat(store, number):
            await contacts.update(store, contact_id=contact_id, address=address)
    except Exception:
        # Best effort: the ticket is open; the caller must still hear its number.
        log.exception("could not remember the address of ticket %s", number)


async def _for_another_flat(store: Store, number: str) -> bool:
    ticket = await tickets.get(store, number=number)
    return ticket is not None and await tickets.for_another_flat(store, ticket=ticket)


async def put_address(ctx: Ctx, address: Address, *, flagged: bool) -> None:
    """An address onto the ticket opened before it (another home's, or a flat whose estate was not said), `flagged`:
    kept as said for staff to check; the caller's own saved address stays theirs."""
    report, number = ctx.state.intake, ctx.state.ticket
    assert report is not None and number is not None
    contact = await ctx.contact()
    report.address, report.address_flagged = as_dict(address), flagged
    await tickets.update_address(
        ctx.services.store,
        number=number,
        contact_id=contact.id,
        address=address,
        now=ctx.services.clock(),
        same_estate=estate_of(ctx, address),  # a leak there is linked with the flat's open repair
    )
    await remember_address(ctx, contact.id, None, flagged, number)


async def onto_complaint(ctx: Ctx) -> None:
    """The address of a repair taken after the complaint this call filed goes onto that complaint too (once), for its
    supervisor: marked for staff to check unless the caller confirmed it. Nothing when there is no such complaint, or
    no address was heard."""
    report = ctx.state.intake
    if report is None or report.complaint is None:
        return
    number, report.complaint = report.complaint, None
    address, contact_id = report.address_value(), ctx.state.contact_id
    if address is None or contact_id is None:
        return
    store = ctx.services.store
    try:
        await tickets.update_address(
            store, number=number, contact_id=contact_id, address=address, now=ctx.services.clock()
        )
    except TicketNotFound:  # gone meanwhile (merged by staff): the repair keeps the address all the same
        log.warning("complaint %s not found to put its address on", number)
        return
    await remember_address(ctx, contact_id, None, report.address_flagged, number)


async def file_interrupted(ctx: Ctx) -> TicketInfo | None:
    """The no-heat report the caller was giving when they told another home's emergency ("十五度 我妈家暖气片也漏水了",
    "对 另外我妈家也漏水了"), filed as it stands so that nothing said is lost: with the reading said then, its address
    flagged for staff unless confirmed (a yes leads the words at the read-back); with no address yet, a call-back.
    None when no such report was under way."""
    report, said = ctx.state.intake, ctx.turn.speech
    if report is None or report.kind != TicketKind.NO_HEAT.value or ctx.state.ticket:
        return None
    step = ctx.state.step
    if step == "temperature" and report.temperature_c is None:
        reading = extract_entities(said).temperature_c
        report.temperature_c = reading if reading is not None and -30 <= reading <= 45 else None
    if (
        step == "confirm" and not led_by_yes(said)
    ) or step == "estate":  # the flat or its estate not confirmed
        report.address_flagged = True
    call_back_instead(ctx)
    ticket = await open_ticket(ctx)
    ctx.state.ticket, ctx.state.intake = None, None
    return ticket


def as_dict(address: Address) -> dict[str, str | None]:
    """An address as stored in the call state."""
    return {"raw": address.raw, "building": address.building, "unit": address.unit, "room": address.room}


def call_back_instead(ctx: Ctx) -> bool:
    """A no-heat report with no address at all has no flat to send a crew to: it becomes a call-back for staff (an
    unreadable address is a call-back). True when it did."""
    report = ctx.state.intake
    if report is None or report.kind != TicketKind.NO_HEAT.value or report.address is not None:
        return False
    to_call_back(ctx)
    return True


def to_call_back(ctx: Ctx) -> str:
    """The report under way (if any) made a call-back for staff, nothing told lost: the problem in the caller's
    language with their own words (never a code), the address heard (a report whose address was confirmed is never a
    call-back: this one is for staff to check) and the reading. Returns the kind of problem it was ("callback" when
    no report was under way)."""
    report = ctx.state.intake or Intake(kind=TicketKind.CALLBACK.value)
    problem = texts.label(ctx.lang, "kind", TOO_HOT if report.too_hot else report.kind)
    words = report.description
    ctx.state.intake = Intake(
        kind=TicketKind.CALLBACK.value,
        description=words if problem in words else f"{problem}: {words}".rstrip(": "),
        address=report.address,
        address_flagged=report.address is not None,
        temperature_c=report.temperature_c,
        elsewhere=report.elsewhere,
    )
    return report.kind
