"""Repair intake by phone: the address (read back and confirmed), the room temperature, the ticket."""

from __future__ import annotations

from intents import another_home, classify, extract_entities, intake, standards
from intents.addresses import looks_like_address, words_beside
from intents.entities import says_more_than_a_reading
from intents.types import Address, Classification, Intent, Topic
from ivr import filing, info, texts, twiml, withdrawals
from ivr.addresses import MAX_ADDRESS, ask_estate, corrected, lacks_estate, whole_instead, with_estate_said
from ivr.call import MAX_SPEECH, Ctx, goodbye, main_menu, operator, read_out
from ivr.state import Intake
from storage import tickets
from storage.values import REPAIR_KINDS, TicketInfo, TicketKind

MAX_ADDRESS_TRIES = 2
_INTENT_KINDS = frozenset(i.value for i in Intent)


async def begin(
    ctx: Ctx,
    intent: Intent,
    description: str = "",
    *,
    too_hot: bool = False,
    lead: list[twiml.Line] | None = None,
    complaint: str | None = None,
) -> str:
    """Start a report of this intent: the address first (a saved or spoken one), then the ticket; `too_hot`: the
    caller said their flat is too hot (a no-heat report named so); `lead`: said first (a complaint filed with it);
    `complaint`: the number of that complaint, which is given the address too."""
    lead = lead or []
    policy = intake.policy(intent)
    if policy is None:
        return main_menu(ctx)
    ctx.state.ticket = None  # a ticket this call read out before is another report's, not this one's
    heard = ctx.address_in(description) if description else None
    # "我妈家也不热": another home is no repeat of the caller's own repair (unless its flat is named), nor at their
    # address; "我家暖气还是不热" is a repeat of their own home's only, never of another home's
    elsewhere = another_home(description)
    repeat = (
        await info.still_open(ctx, policy.kind, description, elsewhere=elsewhere, lead=lead)
        if not policy.emergency
        else None
    )
    if repeat is not None:
        return repeat
    ctx.state.intake = Intake(
        kind=policy.kind, description=description, too_hot=too_hot, elsewhere=elsewhere, complaint=complaint
    )
    if (
        policy.asks_temperature and description
    ):  # "暖气不热 屋里十五度 …": the reading said is not asked again
        ctx.state.intake.temperature_c = extract_entities(description).temperature_c
    if not policy.needs_address:
        return await open_report(ctx, lead=lead)
    if heard is not None and heard.complete:
        return read_back(ctx, heard, lead=lead)
    contact = await ctx.contact()
    if contact.address_raw and not elsewhere:
        saved = Address(contact.address_raw, contact.building, contact.unit, contact.room)
        ctx.state.intake.address = filing.as_dict(saved)
        ctx.state.goto("confirm")
        ctx.state.extra["confirming"] = "saved"
        lines = [*lead, ctx.t("saved_address", address=saved.raw)]
        return twiml.ask(ctx.lang, lines, action=ctx.url("confirm"), speech_timeout=1)
    return ask_address(ctx, lead=lead)


def ask_address(ctx: Ctx, *, again: bool = False, lead: list[twiml.Line] | None = None) -> str:
    """Ask for the address by speech."""
    ctx.state.goto("address")
    key = "ask_address_again" if again else "ask_address"
    if ctx.state.intake is not None and ctx.state.intake.elsewhere:  # that home's, not the caller's
        key = "elsewhere_address_again" if again else "elsewhere_address"
    lines = [*(lead or []), ctx.t(key)]
    return twiml.ask(ctx.lang, lines, action=ctx.url("address"), digits=False, timeout=8, speech_timeout=3)


def read_back(ctx: Ctx, address: Address, *, lead: list[twiml.Line] | None = None) -> str:
    """Read the heard address back: 1 confirms, 2 says it again."""
    assert ctx.state.intake is not None
    ctx.state.intake.address = filing.as_dict(address)
    ctx.state.goto("confirm")
    ctx.state.extra["confirming"] = "heard"
    lines = [*(lead or []), ctx.t("address_readback", address=address.raw)]
    return twiml.ask(ctx.lang, lines, action=ctx.url("confirm"), speech_timeout=1)


async def address_step(ctx: Ctx) -> str:
    """The caller said (or did not say) the address. Asked again after a read-back, a yes or words pointing back at
    it ("对啊 就是刚才说的那个", "the same one") take the address heard; words that only answer ("不对", "没有了 谢谢")
    are never an address: asked once more, then the address heard is kept for staff to check (none: a call-back)."""
    report = ctx.state.intake
    if report is None:
        return main_menu(ctx)
    if report.address is not None and ctx.turn.said_yes():
        return await address_done(ctx)
    withdrawn = await withdrawals.withdrawn(ctx)
    if withdrawn is not None:
        return withdrawn
    if ctx.turn.speech and not ctx.turn.only_answered():
        words = ctx.turn.speech[:MAX_ADDRESS]
        heard = ctx.address_in(words)
        if heard is not None:  # only the address is read back: what was said beside it is kept
            await keep_beside(ctx, words, heard)
        aside = _aside(ctx, words) if heard is None else None
        return aside or read_back(ctx, heard or Address(raw=words))
    report.address_tries += 1
    if report.address_tries >= MAX_ADDRESS_TRIES:
        report.address_flagged = True
        kept: list[twiml.Line] = [ctx.t("address_kept_raw")] if report.address is not None else []
        return await address_done(ctx, lead=kept)
    return ask_address(ctx, again=True)


async def keep_beside(ctx: Ctx, words: str, heard: Address) -> None:
    """Words said beside the address ("红旗小区5号楼3门402 家里有老人 快点", "…501 屋里才十二度"): a reading among them is
    the no-heat report's (not asked again), the words the caller's words of the report, or, for an emergency already
    open, onto its ticket for its duty staff at once; said again with the address, they are not kept twice."""
    report, said = ctx.state.intake, words_beside(words, heard)
    if report is None or not said:
        return
    reading = extract_entities(said).temperature_c
    no_heat = report.kind == TicketKind.NO_HEAT.value and report.temperature_c is None
    if no_heat and reading is not None and -30 <= reading <= 45:
        report.temperature_c = reading
    if not says_more_than_a_reading(said) or said in report.description:
        return
    report.description = f"{report.description} {said}".strip()[:MAX_SPEECH]
    if ctx.state.ticket:
        store, now = ctx.services.store, ctx.services.clock()
        await tickets.add_report(
            store, number=ctx.state.ticket, contact_id=ctx.state.contact_id, description=said, now=now
        )


MAX_ASIDES = 2  # questions answered at the address question; after them, words are read back as the address
_ASIDES = "asides"


def _aside(ctx: Ctx, words: str) -> str | None:
    """Words at the address question that are no address: a request for a person is put through, as key 0 is (the
    report kept: a call-back if the call ends before it is filed); a question ("你们多久能来啊", "收费标准是多少")
    is answered briefly and the address asked again. None for anything else (read back as the address)."""
    if looks_like_address(words):
        return None
    meaning = classify(words)
    if meaning.unsure:
        return None
    if meaning.intent is Intent.HUMAN:
        return operator(ctx)
    answer = _brief_answer(ctx, meaning)
    asked = int(ctx.state.extra.get(_ASIDES, 0))
    if answer is None or asked >= MAX_ASIDES:
        return None
    ctx.state.extra[_ASIDES] = asked + 1
    return ask_address(ctx, lead=[answer])


def _brief_answer(ctx: Ctx, meaning: Classification) -> str | None:
    """The answer to a question asked while the address is awaited: when the crew comes (the promise), or a standards
    topic; None when the words ask nothing we answer."""
    company = ctx.services.company
    if meaning.asks_after or meaning.intent is Intent.STATUS or meaning.topic is Topic.RESPONSE_TIME:
        promise = "ticket_promise" if ctx.state.ticket else "promise_before_ticket"  # an emergency's is open
        return ctx.t(promise, minutes=company.commitments.on_site_minutes)
    if meaning.intent is Intent.STANDARDS and meaning.topic is not None:
        today = ctx.services.clock().astimezone(company.zone).date()
        return standards.answer(company, meaning.topic, ctx.intents_lang, today)
    return None


async def confirm_step(ctx: Ctx) -> str:
    """1 (or yes) accepts the address; 2 (or no) asks again; two failures keep the raw words, flagged."""
    report = ctx.state.intake
    if report is None:
        return main_menu(ctx)
    saved = ctx.state.extra.get("confirming") == "saved"
    if ctx.turn.said_yes():  # "对的 谢谢你", "嗯嗯", "就是刚才说的那个"
        return await address_done(ctx)
    withdrawn = await withdrawals.withdrawn(ctx)
    if withdrawn is not None:
        return withdrawn
    fixed = corrected(ctx, report.address_value(), ctx.turn.speech)
    if fixed is not None:  # "不对 是五零二", "对 不过是五零二": the corrected address read back
        report.address_tries += 1
        if report.address_tries >= MAX_ADDRESS_TRIES:
            report.address, report.address_flagged = filing.as_dict(fixed), True
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
    await filing.onto_complaint(ctx)
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
    withdrawn = await withdrawals.withdrawn(ctx)
    if withdrawn is not None:
        return withdrawn
    whole = whole_instead(ctx, flat)
    if whole is not None:
        return read_back(ctx, whole)
    address, known = with_estate_said(ctx, flat)
    report.address, report.address_flagged = filing.as_dict(address), not known
    if known:
        return await address_done(ctx, lead=[ctx.t("estate_taken", address=address.raw)])
    return await address_done(ctx, lead=[ctx.t("estate_kept" if address != flat else "estate_unknown")])


def ask_temperature(ctx: Ctx, lines: list[twiml.Line]) -> str:
    """The room temperature, spoken or keyed (* for a decimal point, then #); # alone skips it."""
    return twiml.ask(
        ctx.lang, lines, action=ctx.url("temperature"), num_digits=None, finish_on_key="#", timeout=6
    )


async def open_report(ctx: Ctx, *, lead: list[twiml.Line] | None = None) -> str:
    """Open the ticket (once per call), read its number twice, and offer the menu; with no address heard, a call-back
    (no crew can be promised to a flat nobody named)."""
    lead = [*(lead or []), *([ctx.t("no_address_callback")] if filing.call_back_instead(ctx) else [])]
    ticket = await filing.open_ticket(ctx)
    if filing.followed(
        ctx, ticket
    ):  # another resident of the flat reported it: no second crew, no second promise
        return read_out(ctx, [*lead, *followed_lines(ctx, ticket)])
    repair = ticket.kind in REPAIR_KINDS
    lines = [*lead, *ctx.number_lines("ticket_opened" if repair else "callback_opened", ticket.number)]
    lines.append(ctx.texted("ticket_sms", "ticket_note"))
    if repair:
        lines.append(ctx.t("ticket_promise", minutes=ctx.services.company.commitments.on_site_minutes))
    else:  # a call-back for staff to sort out (no address, another home's report the store would join): no crew
        lines.extend(ctx.call_back_promised("callback_promise"))
    return read_out(ctx, lines)


def followed_lines(ctx: Ctx, ticket: TicketInfo) -> list[twiml.Line]:
    """The caller's flat was reported already: their report went onto that ticket, where it stands (its number, when
    it was reported, by when the crew is due), its number again, and that every change is texted to them."""
    spoken = texts.digits(ticket.number, ctx.lang)
    return [
        ctx.t("ticket_followed"),
        info.describe(ctx, ticket),
        ctx.t("ticket_repeat"),
        spoken,
        twiml.Pause(1),
        ctx.t("followed_sms"),
    ]


async def _complete_ticket_address(ctx: Ctx, *, lead: list[twiml.Line] | None = None) -> str:
    report, number = ctx.state.intake, ctx.state.ticket
    assert report is not None and number is not None
    address = report.address_value()
    if address is not None and ctx.state.contact_id is not None:
        await tickets.update_address(
            ctx.services.store,
            number=number,
            contact_id=ctx.state.contact_id,
            address=address,
            same_estate=filing.estate_of(ctx, address),  # a leak there is linked with the flat's open repair
        )
    if ctx.state.contact_id is not None:
        remembered = None if report.elsewhere else address  # another home's is not the caller's to remember
        await filing.remember_address(ctx, ctx.state.contact_id, remembered, report.address_flagged, number)
    ctx.state.intake = None
    if address is None:  # honest: nothing was taken; the duty staff have the ticket
        digits = texts.digits(number, ctx.lang)
        return goodbye(ctx, lead=ctx.call_back_promised("address_not_taken", digits=digits))
    return goodbye(ctx, lead=[*(lead or []), ctx.t("address_updated")])
