"""The ticket card staff see in their chat: its text, from a ticket value (its buttons: bot.staff.keyboards). Pure,
no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.staff import promises
from bot.staff.history import Call, Recording, recording_line
from bot.staff.reasons import reason_text
from bot.staff.texts import Markup, clock_time, duration, mask_phone, raw, say
from intents.company import Company, Crew
from storage.values import OPEN_STATUSES, Priority, Status, TicketInfo, TicketKind, withheld

WORDS_LIMIT = 600  # the resident's words on a card; the full text stays in the store
RECORDINGS_SHOWN = 3  # the latest voicemails on a card; /ticket lists every one in the log


@dataclass(frozen=True, slots=True)
class FlatLinks:
    """The flat's other tickets a card names (storage.emergencies, storage.reconcile), while they are open."""

    repair: TicketInfo | None = None  # an emergency's: the open no-heat repair of its flat
    emergency: TicketInfo | None = None  # a repair's: the open leak or burst of its flat
    same_flat: TicketInfo | None = None  # another resident's of the same fault, both acted on: linked
    merged: tuple[str, ...] = ()  # the flat's other tickets of the fault merged into this one
    merged_into: str | None = None  # the ticket of the flat this one was merged into (it is cancelled)


@dataclass(frozen=True, slots=True)
class CardView:
    """Everything a card shows beyond the ticket itself."""

    ticket: TicketInfo
    phone: str | None
    now: dt.datetime
    phone_typed: bool = False  # the resident typed the phone in a chat: staff are told it is not verified
    reason: str | None = None
    undelivered: bool = False
    recordings: tuple[Recording, ...] = ()  # the caller's voicemails
    address_unconfirmed: str | None = None  # its note's code: staff check the address
    called_back: Call | None = None  # the latest call staff made to a call-back's resident
    followers: int = 0  # other residents of the flat who reported it too and hear of every change
    reopened_by: str | None = None  # the resident following it who reopened it (bot.staff.history.reopener)
    links: FlatLinks = FlatLinks()  # the flat's other tickets
    foreign: bool = (
        False  # shown in a chat that does not act on the ticket's branch (the branch it was handed from)
    )
    language: str | None = None  # the resident's: shown when it is not the chat's, for staff to answer in it
    name: str | None = None  # the name (and @username) a Telegram resident shows: who staff are talking to
    call_on: str | None = None  # another number the reporter asked to be called on first (their typed one)
    twin: TicketInfo | None = (
        None  # maybe the same water reported before, without its address (tickets.possible_twin)
    )

    @property
    def must_call(self) -> bool:
        """Staff must phone the resident: a call-back, a complaint (the supervisor's follow-up), a voicemail left, a
        notification that did not reach them, an address to check, an emergency with no address for the crew."""
        t = self.ticket
        lost = t.priority is Priority.EMERGENCY and t.status in OPEN_STATUSES and not t.address_raw
        return t.by_call or self.undelivered or bool(self.recordings or self.address_unconfirmed) or lost


def card_text(view: CardView, company: Company, lang: str) -> str:
    """The card: what, where, who, how urgent, and how long is left to the on-site promise."""
    t = view.ticket
    status = status_word(t, lang, view.reopened_by)
    if view.links.merged_into:
        status = say(lang, "status.merged_into", number=view.links.merged_into)
    lines = [_header(t, lang), say(lang, "card.status", status=status)]
    branch = company.branch(t.branch) if t.branch else None
    if branch is not None:
        lines.append(say(lang, "card.branch", branch=branch.name if lang != "en" else branch.name_en))
    if branch is not None and view.foreign:
        lines.append(say(lang, "card.elsewhere", branch=branch.name if lang != "en" else branch.name_en))
    if t.assignee:
        lines.append(say(lang, "card.assignee", assignee=t.assignee))
    if t.crew:
        lines.append(say(lang, "card.crew", crew=crew_label(company, t.crew, lang)))
    elif t.status is Status.ON_SITE and t.is_repair:  # marked on site with no crew named: staff record it
        lines.append(say(lang, "card.no_crew"))
    lines.append(_address(view, lang))
    lines.append(say(lang, "card.words", text=clip(t.description)))
    if t.temperature_c is not None:
        lines.append(say(lang, "card.temperature", temperature=f"{t.temperature_c:g}"))
    if view.name:
        lines.append(say(lang, "card.name", name=view.name))
    contact = contact_text(view.phone, lang, full=view.must_call)
    if view.phone and view.phone_typed:
        contact += raw(lang, "card.phone_typed")
    if view.undelivered and not view.phone:
        contact = say(lang, "card.telegram_undelivered")
    lines.append(say(lang, "card.contact", contact=contact))
    if view.call_on:
        lines.append(say(lang, "card.call_on", phone=contact_text(view.call_on, lang, full=view.must_call)))
    if said_in := language_line(lang, view.language):
        lines.append(said_in.lstrip("\n"))
    if view.followers:
        lines.append(say(lang, "card.followers", count=view.followers))
    lines.extend(_links(view.links, company, lang))
    if view.twin is not None:
        lines.append(_twin(view.twin, view.now, company, lang))
    lines.extend(recording_line(lang, r) for r in view.recordings[-RECORDINGS_SHOWN:])
    lines.extend(_times(view, company, lang))
    lines.extend(_flags(view, lang))
    return "\n".join(lines)


def status_word(t: TicketInfo, lang: str, reopened_by: str | None = None) -> str:
    """The ticket's status in the staff language (rendered: a name in it is not escaped twice); a call-back or a
    complaint is no repair report when new, and closed is settled, not repaired; reopened by a resident following it
    (`reopened_by`, as `history.follower_label` names them), who."""
    if t.status is Status.REOPENED and reopened_by:
        return Markup(say(lang, "status.reopened_follower", who=Markup(reopened_by)))
    if t.by_call and t.status in (Status.RESOLVED, Status.CLOSED):
        return Markup(say(lang, "status.settled"))
    if t.by_call and t.status is Status.NEW:
        return Markup(say(lang, f"status.new_{t.kind}"))
    return Markup(say(lang, f"status.{t.status}"))


def _header(t: TicketInfo, lang: str) -> str:
    icon = say(lang, f"icon.{t.priority}") if t.status in OPEN_STATUSES else say(lang, "icon.closed")
    return say(
        lang,
        "card.header",
        icon=icon,
        priority=say(lang, f"priority.{t.priority}"),
        kind=say(lang, f"kind.{t.problem}"),
        number=t.number,
    )


def _address(view: CardView, lang: str) -> str:
    """The address; one the caller did not confirm marked for staff to check (by a call back, unless the caller
    withheld their number)."""
    address = view.ticket.address_raw
    if not address:
        return say(lang, "card.no_address")
    if not view.address_unconfirmed:
        return say(lang, "card.address", address=address)
    code = view.address_unconfirmed
    key = f"card.{code}_withheld" if withheld(view.phone) else f"card.{code}"
    return say(lang, key, address=address)


def _links(links: FlatLinks, company: Company, lang: str) -> list[str]:
    """The lines naming the flat's other tickets: the tickets merged into this one; the open repair of an
    emergency's flat, the open emergency of a repair's, another resident's ticket of the same fault linked with this
    one; each with where it stands and its crew if one is on it (the crew may be near, or at the door)."""
    numbers = (", " if lang == "en" else "、").join(links.merged)
    lines = [say(lang, "card.merged", numbers=numbers)] if links.merged else []
    named = (
        ("card.repair", links.repair),
        ("card.emergency", links.emergency),
        ("card.same_flat", links.same_flat),
    )
    for key, other in named:
        if other is None:
            continue
        status, kind = status_word(other, lang), say(lang, f"kind.{other.problem}")
        if other.crew:
            crew = crew_label(company, other.crew, lang)
            lines.append(say(lang, f"{key}_crew", number=other.number, status=status, crew=crew, kind=kind))
        else:
            lines.append(say(lang, key, number=other.number, status=status, kind=kind))
    return lines


def _twin(other: TicketInfo, now: dt.datetime, company: Company, lang: str) -> str:
    """The line pointing at another resident's leak or burst, still without its address, reported shortly before:
    what, when and how, for staff to check whether it is this one told twice, and cancel one if so."""
    return say(
        lang,
        "card.twin",
        number=other.number,
        kind=say(lang, f"kind.{other.problem}"),
        time=clock_time(other.created_at, now, company.zone),
        channel=say(lang, f"channel.{other.channel}"),
    )


def contact_text(phone: str | None, lang: str, *, full: bool = False, name: str | None = None) -> str:
    """The resident's phone: in full where staff must call them, else with its middle hidden; a caller's withheld
    number said to be so (never the stand-in the store keeps); none, that they are reached on Telegram (by `name`,
    the one they show there, when a line has no other place for it)."""
    if not phone:
        return say(lang, "card.telegram_only_named", name=name) if name else say(lang, "card.telegram_only")
    if withheld(phone):
        return say(lang, "card.withheld")
    return phone if full else mask_phone(phone)


def _times(view: CardView, company: Company, lang: str) -> list[str]:
    t, now = view.ticket, view.now
    ago = duration(lang, (now - t.created_at).total_seconds() / 60)
    key = "card.complained" if t.kind is TicketKind.COMPLAINT else "card.reported"
    reported = say(lang, key, time=clock_time(t.created_at, now, company.zone), ago=ago)
    promised = promises.card_line(t, now, company, lang, view.called_back, no_number=withheld(view.phone))
    return [reported, promised]


def _flags(view: CardView, lang: str) -> list[str]:
    flags = []
    if view.ticket.escalated:
        reason = view.reason
        flags.append(
            say(lang, "card.escalated", reason=reason_text(lang, reason, no_number=withheld(view.phone)))
            if reason
            else say(lang, "card.escalated_plain")
        )
    if view.ticket.breached:  # a complaint's promise is the supervisor's call, a repair's the crew on site
        flags.append(
            say(
                lang, "card.follow_up_missed" if view.ticket.kind is TicketKind.COMPLAINT else "card.breached"
            )
        )
    if view.undelivered:  # with no phone there is no call to make, and a reply may not reach them either
        flags.append(say(lang, "card.undelivered" if view.phone else "card.undelivered_no_phone"))
    return flags


def clip(text: str) -> str:
    """The resident's words cut to what a card or an alert shows."""
    return text if len(text) <= WORDS_LIMIT else text[: WORDS_LIMIT - 1] + "…"


def crew_label(company: Company, code: str, lang: str) -> str:
    """A crew's name and code, e.g. "朝阳抢修一队 C03"."""
    crew = company.crew(code)
    if crew is None:
        return code
    return f"{crew.name_en if lang == 'en' else crew.name} {crew.code}"


def branch_crews(company: Company, branch: str | None) -> list[Crew]:
    """The crews that may be sent to a ticket of `branch`: its own, or every crew when it has none."""
    return [c for c in company.crews if c.branch == branch] or list(company.crews)


def branch_label(company: Company, code: str, lang: str) -> str:
    """A branch's name in the staff language, or its code."""
    branch = company.branch(code)
    if branch is None:
        return code
    return branch.name_en if lang == "en" else branch.name


_LANGUAGES = frozenset(
    {"zh-Hans", "zh-Hant", "en"}
)  # the residents' languages a card names (intents.types.Lang)


def language_line(lang: str, language: str | None) -> str:
    """ "居民语言：繁体中文…" on its own line, for a resident who writes in another language than staff read; else ""."""
    if not language or language == lang or language not in _LANGUAGES:
        return ""
    return "\n" + say(lang, "card.language", language=say(lang, f"language.{language}"))
