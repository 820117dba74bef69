"""Repair intake by phone: the address (read back and confirmed), the room temperature, the ticket."""

from __future__ import annotations

import logging

from intents import another_home, classify, extract_entities, intake, parse_address
from intents.types import EMERGENCIES, Address, Intent
from ivr import info, texts, twiml
from ivr.addresses import MAX_ADDRESS, ask_estate, corrected, lacks_estate, whole_instead, with_estate_said
from ivr.call import Ctx, goodbye, led_by_yes, main_menu, read_out
from ivr.state import Intake
from storage import Store, contacts, tickets
from storage.values import REPAIR_KINDS, TOO_HOT, Priority, TicketInfo, TicketKind

log = logging.getLogger("ivr.report")
MAX_ADDRESS_TRIES = 2
_INTENT_KINDS = frozenset(i.value for i in Intent)
_EMERGENCY_KINDS = frozenset(i.value for i in EMERGENCIES)


async def begin(ctx: Ctx, intent: Intent, description: str = "", *, too_hot: bool = False) -> str:
    """Start a report of this intent: the address first (a saved or spoken one), then the ticket; `too_hot`: the
    caller said their flat is too hot (a no-heat report named so)."""
    policy = intake.policy(intent)
    if policy is None:
        return main_menu(ctx)
    ctx.state.ticket = None  # a ticket this call read out before is another report's, not this one's
    heard = ctx.address_in(description) if description else None
    # "我妈家也不热": another home is no repeat of the caller's own repair (unless its flat is named), nor at their
    # address; "我家暖气还是不热" is a repeat of their own home's only, never of another home's
    elsewhere = another_home(description)
    repeat = (
        await info.still_open(ctx, policy.kind, description, elsewhere=elsewhere)
        if not policy.emergency
        else None
    )
    if repeat is not None:
        return repeat
    ctx.state.intake = Intake(kind=policy.kind, description=description, too_hot=too_hot, elsewhere=elsewhere)
    if (
        policy.asks_temperature and description
    ):  # "暖气不热 屋里十五度 …": the reading said is not asked again
        ctx.state.intake.temperature_c = extract_entities(description).temperature_c
    if not policy.needs_address:
        return await open_report(ctx)
    if heard is not None and heard.complete:
        return read_back(ctx, heard)
    contact = await ctx.contact()
    if contact.address_raw and not elsewhere:
        saved = Address(contact.address_raw, contact.building, contact.unit, contact.room)
        ctx.state.intake.address = as_dict(saved)
        ctx.state.goto("confirm")
        ctx.state.extra["confirming"] = "saved"
        lines = [ctx.t("saved_address", address=saved.raw)]
        return twiml.ask(ctx.lang, lines, action=ctx.url("confirm"), speech_timeout=1)
    return ask_address(ctx)


def ask_address(ctx: Ctx, *, again: bool = False, lead: list[twiml.Line] | None = None) -> str:
    """Ask for the address by speech."""
    ctx.state.goto("address")
    key = "ask_address_again" if again else "ask_address"
    if ctx.state.intake is not None and ctx.state.intake.elsewhere:  # that home's, not the caller's
        key = "elsewhere_address_again" if again else "elsewhere_address"
    lines = [*(lead or []), ctx.t(key)]
    return twiml.ask(ctx.lang, lines, action=ctx.url("address"), digits=False, timeout=8, speech_timeout=3)


def read_back(ctx: Ctx, address: Address) -> str:
    """Read the heard address back: 1 confirms, 2 says it again."""
    assert ctx.state.intake is not None
    ctx.state.intake.address = as_dict(address)
    ctx.state.goto("confirm")
    ctx.state.extra["confirming"] = "heard"
    lines = [ctx.t("address_readback", address=address.raw)]
    return twiml.ask(ctx.lang, lines, action=ctx.url("confirm"), speech_timeout=1)


async def address_step(ctx: Ctx) -> str:
    """The caller said (or did not say) the address."""
    report = ctx.state.intake
    if report is None:
        return main_menu(ctx)
    if called_off(ctx):
        return cancel(ctx)
    if ctx.turn.speech:
        words = ctx.turn.speech[:MAX_ADDRESS]
        return read_back(ctx, ctx.address_in(words) or Address(raw=words))
    report.address_tries += 1
    if report.address_tries >= MAX_ADDRESS_TRIES:
        report.address_flagged = True
        return await address_done(ctx)
    return ask_address(ctx, again=True)


async def confirm_step(ctx: Ctx) -> str:
    """1 (or yes) accepts the address; 2 (or no) asks again; two failures keep the raw words, flagged."""
    report = ctx.state.intake
    if report is None:
        return main_menu(ctx)
    saved = ctx.state.extra.get("confirming") == "saved"
    if ctx.turn.said_yes():
        return await address_done(ctx)
    if called_off(ctx):
        return cancel(ctx)
    fixed = corrected(ctx, report.address_value(), ctx.turn.speech)
    if fixed is not None:  # "不对 是五零二", "对 不过是五零二": the corrected address read back
        report.address_tries += 1
        if report.address_tries >= MAX_ADDRESS_TRIES:
            report.address, report.address_flagged = as_dict(fixed), True
            return await address_done(ctx, lead=[ctx.t("address_kept_raw")])
        return read_back(ctx, fixed)
    if saved and (ctx.turn.said_no() or ctx.turn.empty):
        report.address = None
        return ask_address(ctx)
    report.address_tries += 1
    if report.address_tries >= MAX_ADDRESS_TRIES:
        report.address_flagged = True
        return await address_done(ctx, lead=[ctx.t("address_kept_raw")])
    return ask_address(ctx, again=True)


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


def cancel(ctx: Ctx) -> str:
    """The report dropped: no ticket, and the caller told so."""
    ctx.state.intake = None
    return goodbye(ctx, lead=[ctx.t("report_cancelled")])


async def address_done(ctx: Ctx, *, lead: list[twiml.Line] | None = None) -> str:
    """The address is settled: its estate asked once when the flat came without one, then complete an open
    emergency ticket, or ask the temperature, or open."""
    report = ctx.state.intake
    assert report is not None
    flat = report.address_value()
    if not report.estate_asked and not report.address_flagged and lacks_estate(ctx, flat):
        report.estate_asked = True
        assert flat is not None
        return ask_estate(ctx, flat, lead or [])
    if ctx.state.ticket:
        return await _complete_ticket_address(ctx, lead=lead)
    policy = intake.policy(Intent(report.kind)) if report.kind in _INTENT_KINDS else None
    if policy is not None and policy.asks_temperature and report.temperature_c is None:
        ctx.state.goto("temperature")
        return ask_temperature(ctx, [*(lead or []), ctx.t("ask_temperature")])
    return await open_report(ctx, lead=lead)


async def estate_step(ctx: Ctx) -> str:
    """The estate of the flat: named, it goes before the flat; a whole address said instead is read back; anything
    else keeps the report with the flat (and the caller's words) for staff to confirm."""
    report = ctx.state.intake
    flat = report.address_value() if report is not None else None
    if report is None or flat is None:
        return main_menu(ctx)
    if called_off(ctx):
        return cancel(ctx)
    whole = whole_instead(ctx, flat)
    if whole is not None:
        return read_back(ctx, whole)
    address, known = with_estate_said(ctx, flat)
    report.address, report.address_flagged = as_dict(address), not known
    if known:
        return await address_done(ctx, lead=[ctx.t("estate_taken", address=address.raw)])
    return await address_done(ctx, lead=[ctx.t("estate_kept" if address != flat else "estate_unknown")])


def ask_temperature(ctx: Ctx, lines: list[twiml.Line]) -> str:
    """The room temperature, spoken or keyed (* for a decimal point, then #); # alone skips it."""
    return twiml.ask(
        ctx.lang, lines, action=ctx.url("temperature"), num_digits=None, finish_on_key="#", timeout=6
    )


async def open_report(ctx: Ctx, *, lead: list[twiml.Line] | None = None) -> str:
    """Open the ticket (once per call), read its number twice, and offer the menu."""
    ticket = await open_ticket(ctx)
    lines = [*(lead or []), *ctx.number_lines("ticket_opened", ticket.number)]
    lines.append(ctx.texted("ticket_sms", "ticket_note"))
    if ticket.kind in REPAIR_KINDS:
        lines.append(ctx.t("ticket_promise", minutes=ctx.services.company.commitments.on_site_minutes))
    else:  # a call-back for staff to sort out (another home's report the store would join): no crew promised
        lines.append(ctx.t("callback_promise"))
    return read_out(ctx, lines)


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
    )
    ctx.state.ticket = ticket.number
    # another home's address is not the caller's to remember
    remembered = None if report.elsewhere else address
    await _remember_address(ctx, contact.id, remembered, report.address_flagged, ticket.number)
    return ticket


async def _remember_address(
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
        ctx.services.store, number=number, contact_id=contact.id, address=address, now=ctx.services.clock()
    )
    await _remember_address(ctx, contact.id, None, flagged, number)


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
    if report.address is None:  # no flat to send a crew to: staff call back
        words = f"{texts.label(ctx.lang, 'kind', report.kind)}: {report.description}".rstrip(": ")
        ctx.state.intake = Intake(
            kind=TicketKind.CALLBACK.value, description=words, elsewhere=report.elsewhere
        )
    ticket = await open_ticket(ctx)
    ctx.state.ticket, ctx.state.intake = None, None
    return ticket


async def _complete_ticket_address(ctx: Ctx, *, lead: list[twiml.Line] | None = None) -> str:
    report, number = ctx.state.intake, ctx.state.ticket
    assert report is not None and number is not None
    address = report.address_value()
    if address is not None and ctx.state.contact_id is not None:
        await tickets.update_address(
            ctx.services.store, number=number, contact_id=ctx.state.contact_id, address=address
        )
    if ctx.state.contact_id is not None:
        remembered = None if report.elsewhere else address  # another home's is not the caller's to remember
        await _remember_address(ctx, ctx.state.contact_id, remembered, report.address_flagged, number)
    ctx.state.intake = None
    if address is None:  # honest: nothing was taken; the duty staff have the ticket
        digits = texts.digits(number, ctx.lang)
        return goodbye(ctx, lead=[ctx.t("address_not_taken", digits=digits)])
    return goodbye(ctx, lead=[*(lead or []), ctx.t("address_updated")])


def as_dict(address: Address) -> dict[str, str | None]:
    """An address as stored in the call state."""
    return {"raw": address.raw, "building": address.building, "unit": address.unit, "room": address.room}
