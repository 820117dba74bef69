"""Leaks and bursts: safety advice, a ticket at once, the duty officer, and voicemail when nobody answers."""

from __future__ import annotations

import re

from intents import another_home, classify, intake, parse_address
from intents.addresses import looks_like_address
from intents.types import Address, Intent
from ivr import filing, info, report, texts, twiml
from ivr.addresses import MAX_ADDRESS
from ivr.call import MAX_SPEECH, Ctx, ask_hints, goodbye, main_menu, our_number
from ivr.state import Intake
from storage import tickets
from storage.values import ESCAPE_KINDS, TicketInfo, TicketKind

ANSWERED = frozenset({"completed", "answered"})
# Words at the emergency prompt that take key 2 back: a mis-pressed key, or no leak at all.
_DENIED = re.compile(
    r"按错|摁错|点错|不是漏水|没有漏水|没漏水|不漏水|没有爆|不是爆管|wrong (?:button|key|number)|pressed .{0,12}by mistake"
    r"|\bno leak|not (?:a )?leak|nothing(?:'s| is) leaking|(?:isn't|is not|not) leaking",
    re.IGNORECASE,
)


async def ask_what(ctx: Ctx) -> str:
    """Key 2: ask for a short description (any answer, or none, opens the emergency ticket). The emergency is under
    way from the key: a caller who hangs up before answering is called back at once (see `flow.call_ended`). Nobody
    can call back a caller whose number is withheld: their ticket opens at once and the duty officer is called."""
    if not ctx.can_text:
        return await open_now(ctx, Intent.LEAK, ctx.t("emergency_untold"))
    ctx.state.goto("emergency")
    ctx.state.intake = Intake(kind=TicketKind.LEAK.value, description=ctx.t("emergency_untold"))
    lines = [ctx.t("emergency_ask")]
    return twiml.ask(
        ctx.lang, lines, action=ctx.url("emergency"), timeout=5, speech_timeout=2, hints=ask_hints(ctx)
    )


async def emergency_step(ctx: Ctx) -> str:
    """A burst when the words say so, a leak otherwise; the ticket opens whatever was said, unless the words
    clearly take key 2 back ("按错了", "no leak") or call it off ("算了 不报了", "never mind"): then the main menu,
    no ticket."""
    said = ctx.turn.speech
    meaning = classify(said) if said else None
    if meaning is not None and not meaning.emergency and (_DENIED.search(said) or ctx.turn.called_off()):
        return main_menu(ctx, lead=[ctx.t("emergency_denied")])
    intent = Intent.BURST if meaning is not None and meaning.intent is Intent.BURST else Intent.LEAK
    return await open_now(ctx, intent, ctx.turn.speech)


async def interrupts(ctx: Ctx) -> str | None:
    """A leak or burst said at a step of a report or a menu: the emergency at once, at the address said with it
    or else the one the report already heard; None when the words tell no emergency. At another home ("十五度
    我妈家暖气片也漏水了"), the report under way is filed as it stands first: nothing said is lost."""
    said = ctx.turn.speech
    if not said or not (meaning := classify(said)).emergency:
        return None
    if another_home(said):
        filed = await filing.file_interrupted(ctx)
        return await open_now(ctx, meaning.intent, said, filed=filed)
    current = ctx.state.intake
    heard = ctx.address_in(said)
    known = heard if heard is not None and heard.complete else current.address_value() if current else None
    earlier = current.description if current else ""
    description = " ".join(part for part in (earlier, said) if part)[:MAX_SPEECH]
    return await open_now(ctx, meaning.intent, description, known=known)


async def open_now(
    ctx: Ctx,
    intent: Intent,
    description: str,
    *,
    known: Address | None = None,
    filed: TicketInfo | None = None,
) -> str:
    """Safety advice, the escalated ticket read out, then the duty officer with a whisper. `known`: an address
    the caller already gave in this call, kept on the ticket. At another home ("我妈家也漏水了") it is that home's
    own ticket, opened at once all the same (`filed`: the caller's own report this call filed first)."""
    ctx.state.ticket = None  # a report this call opened before is another ticket, not this emergency's
    advice = intake.safety_advice(intent, ctx.intents_lang)
    before: list[twiml.Line] = [advice] if advice else []
    if another_home(description):
        return await _elsewhere_now(ctx, intent, description, before, filed)
    address = known or await _known_address(ctx, description)
    if address is None:  # asked after the duty officer's call; a caller who gave it hears no such promise
        # nobody can call back a caller whose number is withheld: the address is theirs to give on this call
        before.append(ctx.t("address_later" if ctx.can_text else "address_to_duty"))
    # a leak that now bursts is the same emergency: its ticket, one crew (the caller's own home's, not another's)
    escape = await info.open_escape(ctx, tickets.report_place(address, home=await ctx.home()))
    ctx.state.intake = Intake(kind=(escape.kind if escape else intent).value, description=description)
    if address is not None:
        ctx.state.intake.address = filing.as_dict(address)
    return await _to_duty_officer(ctx, before)


async def worse(ctx: Ctx, escape: TicketInfo, said: str) -> str:
    """News that the caller's open leak or burst got worse: onto its ticket, then the duty officer at once. Another
    home's is added to its own ticket by number (a report without its flat never joins it)."""
    if not escape.elsewhere:
        return await open_now(ctx, Intent(escape.kind.value), said)
    ticket = await tickets.merge_report(
        ctx.services.store,
        number=escape.number,
        address=None,
        description=said,
        escalate=True,
        escalation_reason="worse, reported by phone",
        now=ctx.services.clock(),
    )
    if ticket is None:  # closed meanwhile: a report of its own
        return await open_now(ctx, Intent(escape.kind.value), said)
    ctx.state.ticket = ticket.number
    ctx.state.intake = Intake(kind=ticket.kind.value, description=said, elsewhere=True)
    if ticket.address_raw:
        ctx.state.intake.address = filing.as_dict(
            Address(ticket.address_raw, ticket.building, ticket.unit, ticket.room)
        )
    advice = intake.safety_advice(Intent(ticket.kind.value), ctx.intents_lang)
    lines = [*([advice] if advice else []), ctx.t("already_open"), ctx.t("report_added")]
    return _duty_officer(ctx, ticket, [*lines, *ctx.number_lines("emergency_opened", ticket.number)])


async def _elsewhere_now(
    ctx: Ctx, intent: Intent, description: str, before: list[twiml.Line], filed: TicketInfo | None
) -> str:
    """Another home's emergency: its own escalated ticket at once (staff alerted within seconds, never the caller's
    saved address), read out with the caller's own report if one was filed, then that home's address, unless said
    with it, and the duty officer."""
    flat = parse_address(description)
    ctx.state.intake = Intake(kind=intent.value, description=description, elsewhere=True)
    if flat is not None:
        ctx.state.intake.address = filing.as_dict(flat)
    ticket = await filing.open_ticket(ctx, escalate=True)
    lines = [*before, *_opened(ctx, ticket)]
    if filed is not None:
        lines += _own_report(ctx, filed)
    if flat is not None:
        return _duty_officer(ctx, ticket, lines)
    ctx.state.goto("elsewhere")
    return _ask_elsewhere(ctx, before=lines)


def _own_report(ctx: Ctx, filed: TicketInfo) -> list[twiml.Line]:
    """The caller's own report, filed as it stood, read out: a call-back promises a call to check it, unless the
    caller withheld their number (then they hear that nobody can call them back)."""
    if filed.kind is not TicketKind.CALLBACK:
        return ctx.number_lines("own_report_opened", filed.number)
    if ctx.can_text:
        return ctx.number_lines("own_report_callback", filed.number)
    return [*ctx.number_lines("own_report_callback_withheld", filed.number), ctx.t("no_call_back")]


def _ask_elsewhere(ctx: Ctx, *, before: list[twiml.Line], again: bool = False) -> str:
    """The address of the other home, by speech (what was said before it not interrupted)."""
    line = ctx.t("elsewhere_address_again" if again else "elsewhere_address")
    return twiml.ask(
        ctx.lang,
        [line],
        before=before,
        action=ctx.url("elsewhere"),
        digits=False,
        timeout=8,
        speech_timeout=3,
    )


async def elsewhere_step(ctx: Ctx) -> str:
    """The other home's address goes onto its ticket, then the duty officer is called. Words that are no address
    ("水越来越大了 都流到楼下了", "你们快点派人吧") go onto the ticket for its staff, and the address is asked again;
    not said or not understood twice, the duty officer checks it with the caller (words that sound like an
    address are kept on the ticket as said, flagged for staff)."""
    home, number = ctx.state.intake, ctx.state.ticket
    ticket = await tickets.get(ctx.services.store, number=number) if number else None
    if home is None or not home.elsewhere or ticket is None:
        return main_menu(ctx)
    said = ctx.turn.speech
    flat = ctx.address_in(said[:MAX_ADDRESS]) if said else None
    if flat is not None:
        await filing.put_address(ctx, flat, flagged=False)
        await report.keep_beside(ctx, said[:MAX_ADDRESS], flat)  # "…501 水越来越大了": for its staff too
        return _duty_officer(ctx, ticket, [ctx.t("address_updated")])
    lead: list[twiml.Line] = []
    if said and _news(said):
        await tickets.add_report(
            ctx.services.store,
            number=ticket.number,
            contact_id=None,
            description=said,
            now=ctx.services.clock(),
        )
        lead.append(ctx.t("elsewhere_words"))
    elif said and not ctx.turn.only_answered():  # "对", "就是刚才那个", "没有了 谢谢": never an address
        home.address = filing.as_dict(Address(raw=said[:MAX_ADDRESS]))  # not read: kept if not bettered
    ctx.state.tries += 1
    if ctx.state.tries < 2:
        return _ask_elsewhere(ctx, before=lead, again=not lead)
    unread = home.address_value()
    if unread is not None:
        await filing.put_address(ctx, unread, flagged=True)
    return _duty_officer(ctx, ticket, [*lead, ctx.t("elsewhere_unclear")])


def _news(said: str) -> bool:
    """Words at the address question that are about the emergency, not the address: worse ("水越来越大了 都流到
    楼下了", though it names 楼), or no address words at all ("你们快点派人吧")."""
    meaning = classify(said)
    return meaning.emergency or meaning.worsening or not looks_like_address(said)


async def _to_duty_officer(ctx: Ctx, lines: list[twiml.Line]) -> str:
    """The escalated ticket of the intake opened and read out, then the duty officer with a whisper."""
    ticket = await filing.open_ticket(ctx, escalate=True)
    return _duty_officer(ctx, ticket, [*lines, *_opened(ctx, ticket)])


def _opened(ctx: Ctx, ticket: TicketInfo) -> list[twiml.Line]:
    """The emergency's number read out; reported already by another resident of the flat, where it stands (its duty
    officer is called all the same)."""
    if filing.followed(ctx, ticket):
        return report.followed_lines(ctx, ticket)
    return ctx.number_lines("emergency_opened", ticket.number)


def _duty_officer(ctx: Ctx, ticket: TicketInfo, lines: list[twiml.Line]) -> str:
    """The duty officer, with a whisper of the ticket and its address; a caller whose number is withheld, with no
    address on the ticket, hears first that nobody can call them back if they hang up."""
    if not ctx.can_text and not ticket.address_raw:
        lines = [ctx.t("no_call_back_now"), *lines]
    whisper_url = ctx.url("whisper", ticket=ticket.number, lang=ctx.lang)
    ctx.state.goto("dial")
    ctx.state.dial_purpose = "emergency"
    return twiml.dial(
        ctx.lang,
        [*lines, ctx.t("emergency_connect")],
        number=ctx.branch.duty_phone,
        action=ctx.url("dial-result"),
        whisper_url=whisper_url,
        caller_id=our_number(ctx),
    )


async def _known_address(ctx: Ctx, description: str) -> Address | None:
    heard = ctx.address_in(description) if description else None
    return heard if heard is not None else await ctx.home()


async def dial_result_step(ctx: Ctx) -> str:
    """After the duty phone: ask a missing address, or say goodbye; voicemail when nobody answered."""
    status = ctx.turn.fields.get("DialCallStatus", "")
    if status in ANSWERED:
        purpose, ctx.state.dial_purpose = ctx.state.dial_purpose, None
        home = ctx.state.intake
        if purpose == "emergency" and ctx.state.ticket and home is not None and home.address is None:
            # another home's address is asked as that home's, not the caller's
            return report.ask_address(ctx, lead=[] if home.elsewhere else [ctx.t("address_after_call")])
        return goodbye(ctx)
    ctx.state.goto("record")
    return twiml.record(ctx.lang, [ctx.t("voicemail")], action=ctx.url("recorded"))


async def recorded_step(ctx: Ctx) -> str:
    """Attach the message to the ticket (a call-back ticket when there is none) and escalate it to staff."""
    recording = ctx.turn.fields.get("RecordingUrl", "").strip()
    if ctx.state.ticket is None:  # a person asked for, mid-report or not: what the caller told is kept
        filing.to_call_back(ctx)
        await filing.open_ticket(ctx)
    number = ctx.state.ticket
    assert number is not None
    store, now = ctx.services.store, ctx.services.clock()
    if recording and not ctx.state.recorded:
        data = {
            "url": recording,
            "duration": ctx.turn.fields.get("RecordingDuration", ""),
            "call": ctx.turn.call_sid,
        }
        await tickets.attach(
            store, number=number, contact_id=ctx.state.contact_id, kind="recording", data=data, now=now
        )
        ctx.state.recorded = True
    if not ctx.state.extra.get("escalated_voicemail"):
        reason = "voicemail" if recording else "no_answer"  # codes: staff read them in their language
        await tickets.escalate(
            store, number=number, reason=reason, actor="ivr", recording=recording or None, now=now
        )
        ctx.state.extra["escalated_voicemail"] = True
    ctx.state.intake = None
    told = await _told_after_message(ctx, number, "recorded" if recording else "no_recording")
    lead = [*told, *ctx.number_lines("recorded_ticket", number)]
    return goodbye(ctx, lead=lead)


async def _told_after_message(ctx: Ctx, number: str, key: str) -> list[twiml.Line]:
    """What the caller hears once their message is left (`key`): a call back promised; for a leak or burst, the
    crew's promise too, as the SMS words it, and the address asked by text when nobody has it yet (a caller whose
    number is withheld cannot be called or texted: they hear so)."""
    ticket = await tickets.get(ctx.services.store, number=number)
    if ticket is None or ticket.kind not in ESCAPE_KINDS or not ctx.can_text:
        return list(ctx.call_back_promised(key))
    minutes = ctx.services.company.commitments.on_site_minutes
    told: list[twiml.Line] = [ctx.t(f"{key}_emergency", minutes=minutes)]
    return [*told, ctx.t("emergency_no_address")] if ticket.unplaced else told


async def whisper(ctx: Ctx) -> str:
    """What the duty officer hears before the caller is put through: the ticket and the address, in the
    language of the call (named in the signed whisper URL; Mandarin when absent or unknown)."""
    lang = ctx.turn.query.get("lang", "")
    lang = lang if lang in texts.LANGS else texts.DEFAULT_LANG
    number = "".join(ch for ch in ctx.turn.query.get("ticket", "") if ch.isdigit())[:10]
    ticket = await tickets.get(ctx.services.store, number=number) if number else None
    address = (ticket.address_raw if ticket else None) or texts.say(lang, "whisper_no_address")
    line = texts.say(lang, "whisper", digits=texts.digits(number, lang), address=address)
    return twiml.announce(lang, [line])
