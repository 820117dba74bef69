"""Where is my repair: the resident's own tickets only; any other number simply does not exist."""

from __future__ import annotations

import datetime as dt
import re

from bot.i18n import in_script
from bot.replies import Reply
from bot.turn import Turn
from intents.types import Classification
from storage import tickets
from storage.values import ESCAPE_KINDS, REPAIR_KINDS, Channel, TicketInfo, TicketKind

_SHOWN = 5
# "工单1000033", "工單：1000033", "单号 1000033", "ticket #1000033": a ticket named in the words, also right after
# Chinese ones, where the classifier's entities do not read it
_NAMED_TICKET = re.compile(
    r"(?:工[单單]|[单單]号|[單单]號|编号|編號|ticket|no\.?|#)\s*(?:号|號|是|:|：|#)?\s*(\d{6,10})(?!\d)",
    re.IGNORECASE,
)


def ticket_named(c: Classification) -> str | None:
    """The number of the ticket the words name, if any."""
    if c.entities.ticket:
        return c.entities.ticket
    named = _NAMED_TICKET.search(c.text)
    return named[1] if named else None


async def own_ticket(turn: Turn, number: str | None) -> TicketInfo | None:
    """The resident's own ticket of this number (a texter's reported by calling, too); None for any other."""
    if not number:
        return None
    return next((t for t in await of_resident(turn, open_only=False) if t.number == number), None)


def ago(turn: Turn, since: dt.datetime) -> str:
    """How long ago, in words: "12 min", "2 h 5 min", "3 days"."""
    minutes = max(0, int((turn.now - since).total_seconds() // 60))
    if minutes < 60:
        return turn.t("lookup.minutes", n=minutes)
    if minutes < 24 * 60:
        return turn.t("lookup.hours", n=minutes // 60, m=minutes % 60)
    return turn.t("lookup.days", n=minutes // (24 * 60))


def filed_ago(turn: Turn, since: dt.datetime) -> str:
    """When a ticket was filed, in words: "12分钟前", "2 h 5 min ago"; "刚刚" / "just now" under a minute."""
    if turn.now - since < dt.timedelta(minutes=1):
        return turn.t("lookup.just_now")
    return turn.t("lookup.since", span=ago(turn, since))


def moment(turn: Turn, at: dt.datetime) -> str:
    """A time in the company's time zone: "08:30" today, "11-27 08:30" on another day."""
    if at.astimezone(turn.services.company.zone).date() == turn.today():
        return turn.local(at)
    return at.astimezone(turn.services.company.zone).strftime("%m-%d %H:%M")


def crew_name(turn: Turn, ticket: TicketInfo) -> str:
    """The crew's name in the resident's language, or "no crew sent yet"; a complaint or call-back has no crew."""
    if ticket.kind not in REPAIR_KINDS:
        return turn.t("lookup.crew_followup")
    if not ticket.crew:
        return turn.t("lookup.crew_none")
    crew = turn.services.company.crew(ticket.crew)
    if crew is None:
        return ticket.crew
    return crew.name_en if turn.lang.value == "en" else crew.name


def promise(turn: Turn, ticket: TicketInfo, form: str) -> str:
    """By when the crew is due, or how late it is, while a repair waits for it; when the resident said it came;
    "" once the crew is there; a complaint whose supervisor's follow-up ran out, an apology."""
    if ticket.kind is TicketKind.COMPLAINT and ticket.breached and ticket.is_open:
        return turn.t(f"lookup.follow_up_late_{form}", hours=turn.services.complaint_follow_up_hours)
    if ticket.arrival_told and ticket.arrival_reported_at is not None:
        return turn.t(f"lookup.told_{form}", time=turn.local(ticket.arrival_reported_at))
    if not ticket.awaiting_crew:
        return ""
    if turn.now <= ticket.due_at:
        return turn.t(f"lookup.due_{form}", due=turn.local(ticket.due_at))
    return turn.t(f"lookup.late_{form}", late=ago(turn, ticket.due_at))


def line(turn: Turn, ticket: TicketInfo, *, where: bool = False) -> str:
    """One ticket on one line; `where`: with its address (the resident's repairs are at more than one home)."""
    at = (
        turn.t("lookup.at", address=in_script(turn.lang, ticket.address_raw))
        if where and ticket.address_raw
        else ""
    )
    return _line(turn, ticket) + at


def _line(turn: Turn, ticket: TicketInfo) -> str:
    return turn.t(
        "lookup.line",
        number=ticket.number,
        kind=turn.t(f"kind.{ticket.problem}"),
        status=turn.t(f"status.{ticket.status.value}"),
        crew=crew_name(turn, ticket),
        ago=filed_ago(turn, ticket.created_at),
        filed=turn.t(_filed("lookup.filed", ticket)),
        promise=promise(turn, ticket, "line"),
    )


def _filed(key: str, ticket: TicketInfo) -> str:
    """How the ticket came in: a complaint was complained of ('投诉'), anything else reported ('报修')."""
    return f"{key}_complaint" if ticket.kind is TicketKind.COMPLAINT else key


async def of_resident(turn: Turn, *, open_only: bool) -> list[TicketInfo]:
    """The resident's tickets, newest first, with those of their flat that another resident reported first and they
    follow; a texter's include those they reported by calling from the same phone (the number is the one Twilio
    gives for both, not one a resident typed), and so do a Telegram user's who shared that phone with the bot."""
    store, phone = turn.services.store, own_phone(turn)
    if phone:
        return await tickets.of_phone(store, phone=phone, open_only=open_only, following=True)
    return await tickets.of_contact(store, contact_id=turn.contact.id, open_only=open_only, following=True)


def own_phone(turn: Turn) -> str | None:
    """The phone the resident is known by beyond doubt: a texter's (the network gives it), or the one a Telegram user
    shared from their own account (Telegram proved it theirs); None for a phone typed in a chat, which anyone may type."""
    contact, channel = turn.contact, turn.identity.channel
    if channel is Channel.SMS or (channel is Channel.TELEGRAM and not contact.phone_typed):
        return contact.phone
    return None


async def reported_by_call(
    turn: Turn, kind: TicketKind, place: str = "", *, elsewhere: bool = False
) -> TicketInfo | None:
    """The texter's open ticket of this kind and flat (`place`, "" when not known; `elsewhere`: at another home than
    their own) that they reported by calling from the same phone (or in a chat linked to it; a linked chat's, the one
    reported by calling or texting), if any: a report of another flat is its own."""
    phone = own_phone(turn)
    if not phone:
        return None
    mine = await tickets.of_phone(turn.services.store, phone=phone)  # reported from it, not followed
    found = next((t for t in mine if t.kind is kind and t.of_flat(place, elsewhere=elsewhere)), None)
    return found if found is not None and found.contact_id != turn.contact.id else None


def reporter(turn: Turn, ticket: TicketInfo) -> int:
    """The contact a write to one of the resident's tickets (found among theirs, `of_resident`) is made as: their own
    contact, which the store checks and names: its reporter, a resident of the flat following it (their words, rating
    or reopening shown as theirs to its staff), or, for a texter, whoever reported or follows it from the same phone."""
    del ticket  # every ticket of theirs is written as them; the store tells which they are to it
    return turn.contact.id


async def add_words(turn: Turn, ticket: TicketInfo, text: str, *, temperature_c: float | None = None) -> None:
    """The resident's own words onto one of their tickets, for its staff (a room reading said with them kept too)."""
    await tickets.add_report(
        turn.services.store,
        number=ticket.number,
        contact_id=reporter(turn, ticket),
        description=text,
        temperature_c=temperature_c,
        now=turn.now,
    )


async def open_repairs(turn: Turn) -> list[TicketInfo]:
    """The resident's open tickets, newest first."""
    return await of_resident(turn, open_only=True)


async def open_escape(turn: Turn, place: str | None = None, *, elsewhere: bool = False) -> TicketInfo | None:
    """The resident's newest open leak or burst, if any; of the flat `place` when given (see `repeats.place`)."""
    escapes = (t for t in await open_repairs(turn) if t.kind in ESCAPE_KINDS)
    return next((t for t in escapes if place is None or t.of_flat(place, elsewhere=elsewhere)), None)


async def my_repairs(turn: Turn, found: list[TicketInfo] | None = None) -> list[Reply]:
    """The resident's open tickets with status, crew, time since the report and the crew's promised arrival."""
    if found is None:
        found = await open_repairs(turn)
    if not found:
        return [turn.say("lookup.none", *turn.menu())]
    shown = found[:_SHOWN]
    homes = len({ticket.address_raw for ticket in shown}) > 1  # "我妈家" and one's own: each line says where
    lines = [turn.t("lookup.header"), *(line(turn, ticket, where=homes) for ticket in shown)]
    return [Reply("\n".join(lines)), *address_asked(turn, shown)]


def address_asked(turn: Turn, shown: list[TicketInfo]) -> list[Reply]:
    """After a status that shows a leak or burst of the resident's own home nobody has given the address of: that
    address asked for (what they send next goes onto it, `bot.unplaced`); nothing when every one has its address."""
    escape = next((t for t in shown if t.unplaced and not t.elsewhere), None)
    return [turn.say("lookup.ask_address", number=escape.number)] if escape is not None else []


async def one_ticket(turn: Turn, number: str) -> list[Reply]:
    """One ticket by number, if it is the resident's; the same "not found" otherwise."""
    ticket = next((t for t in await of_resident(turn, open_only=False) if t.number == number), None)
    if ticket is None:
        return [turn.say("lookup.not_found", number=number)]
    return [
        turn.say(
            "lookup.detail",
            number=ticket.number,
            kind=turn.t(f"kind.{ticket.problem}"),
            status=turn.t(f"status.{ticket.status.value}"),
            crew=crew_name(turn, ticket),
            address=in_script(turn.lang, ticket.address_raw or "-"),
            ago=filed_ago(turn, ticket.created_at),
            filed_title=turn.t(_filed("lookup.filed_title", ticket)),
            promise=promise(turn, ticket, "detail"),
        ),
        *address_asked(turn, [ticket]),
    ]
