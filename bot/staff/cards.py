"""The ticket card staff see in their chat: its text and its buttons, from a ticket value. Pure, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from pydantic import Field

from bot.staff import promises
from bot.staff.history import Call, Recording, recording_line
from bot.staff.reasons import reason_text
from bot.staff.texts import clock_time, duration, mask_phone, say
from intents.company import Company, Crew
from storage.calls import call_event
from storage.values import OPEN_STATUSES, Priority, Status, TicketInfo, TicketKind, withheld

WORDS_LIMIT = 600  # the resident's words on a card; the full text stays in the store
RECORDINGS_SHOWN = 3  # the latest voicemails on a card; /ticket lists every one in the log
_NUMBER = r"^\d{6,10}$"


class Act(StrEnum):
    TAKE = "take"
    CREWS = "crews"
    CREW = "crew"
    ON_SITE = "onsite"
    NOT_ARRIVED = "notarrived"
    CALLED_BACK = "calledback"
    RESOLVE = "resolve"
    BRANCHES = "branches"
    HAND_OFF = "handoff"
    BACK = "back"


class CardAction(CallbackData, prefix="tk"):
    """A button on a ticket card, e.g. "tk:crew:123456:C03"."""

    act: Act
    number: str = Field(pattern=_NUMBER)
    arg: str = Field(default="", pattern=r"^[A-Za-z0-9_-]{0,32}$")


class EndHandoff(CallbackData, prefix="ho"):
    """The "end handoff" button on a relayed request: the resident's contact id."""

    contact: int = Field(gt=0)


@dataclass(frozen=True, slots=True)
class CardView:
    """Everything a card shows beyond the ticket itself."""

    ticket: TicketInfo
    phone: str | None
    now: dt.datetime
    reason: str | None = None
    undelivered: bool = False
    recordings: tuple[Recording, ...] = ()  # the caller's voicemails
    address_unconfirmed: bool = False  # the phone line kept the address as heard: staff check it
    called_back: Call | None = None  # the latest call staff made to a call-back's resident
    followers: int = 0  # other residents of the flat who reported it too and hear of every change

    @property
    def must_call(self) -> bool:
        """Staff must phone the resident: a call-back, a complaint (the supervisor's follow-up), a voicemail left, a
        notification that did not reach them, an address to check, an emergency with no address for the crew."""
        t = self.ticket
        lost = t.priority is Priority.EMERGENCY and t.status in OPEN_STATUSES and not t.address_raw
        return t.by_call or self.undelivered or bool(self.recordings) or self.address_unconfirmed or lost


def card_text(view: CardView, company: Company, lang: str) -> str:
    """The card: what, where, who, how urgent, and how long is left to the on-site promise."""
    t = view.ticket
    lines = [_header(t, lang), say(lang, "card.status", status=status_word(t, lang))]
    branch = company.branch(t.branch) if t.branch else None
    if branch is not None:
        lines.append(say(lang, "card.branch", branch=branch.name if lang != "en" else branch.name_en))
    if t.assignee:
        lines.append(say(lang, "card.assignee", assignee=t.assignee))
    if t.crew:
        lines.append(say(lang, "card.crew", crew=crew_label(company, t.crew, lang)))
    lines.append(_address(view, lang))
    lines.append(say(lang, "card.words", text=clip(t.description)))
    if t.temperature_c is not None:
        lines.append(say(lang, "card.temperature", temperature=f"{t.temperature_c:g}"))
    lines.append(say(lang, "card.contact", contact=contact_text(view.phone, lang, full=view.must_call)))
    if view.followers:
        lines.append(say(lang, "card.followers", count=view.followers))
    lines.extend(recording_line(lang, r) for r in view.recordings[-RECORDINGS_SHOWN:])
    lines.extend(_times(view, company, lang))
    lines.extend(_flags(view, lang))
    return "\n".join(lines)


def status_word(t: TicketInfo, lang: str) -> str:
    """The ticket's status in the staff language; a call-back or a complaint is no repair report when new, and
    closed is settled, not repaired."""
    if t.by_call and t.status in (Status.RESOLVED, Status.CLOSED):
        return say(lang, "status.settled")
    if t.by_call and t.status is Status.NEW:
        return say(lang, f"status.new_{t.kind}")
    return say(lang, f"status.{t.status}")


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
    key = "card.address_unconfirmed_withheld" if withheld(view.phone) else "card.address_unconfirmed"
    return say(lang, key, address=address)


def contact_text(phone: str | None, lang: str, *, full: bool = False) -> str:
    """The resident's phone: in full where staff must call them, else with its middle hidden; a caller's withheld
    number said to be so (never the stand-in the store keeps)."""
    if not phone:
        return say(lang, "card.telegram_only")
    if withheld(phone):
        return say(lang, "card.withheld")
    return phone if full else mask_phone(phone)


def _times(view: CardView, company: Company, lang: str) -> list[str]:
    t, now = view.ticket, view.now
    ago = duration(lang, (now - t.created_at).total_seconds() / 60)
    reported = say(lang, "card.reported", time=clock_time(t.created_at, now, company.zone), ago=ago)
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
    if view.undelivered:
        flags.append(say(lang, "card.undelivered"))
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


def card_keyboard(t: TicketInfo, lang: str, phone: str | None) -> InlineKeyboardMarkup | None:
    """Take · Dispatch · On site / Resolved · Hand off, while the ticket is open; where the resident said the crew
    came, On site · Not arrived first, for staff to confirm or correct it; a call-back or a complaint, which no crew
    goes to, Take · Called back (a complaint: Contacted) / Close · Hand off; of a caller who withheld their number
    (`phone`, the reporter's), no Called back (Contacted): nobody can call them."""
    if t.status not in OPEN_STATUSES:
        return None

    def button(label: str, act: Act) -> InlineKeyboardButton:
        data = CardAction(act=act, number=t.number).pack()
        return InlineKeyboardButton(text=say(lang, f"button.{label}"), callback_data=data)

    if t.by_call:
        first = [button("take", Act.TAKE)]
        if not no_call_back(t, phone):
            first.append(button(call_event(t.kind), Act.CALLED_BACK))
        return InlineKeyboardMarkup(
            inline_keyboard=[first, [button("close", Act.RESOLVE), button("hand_off", Act.BRANCHES)]]
        )
    if t.arrival_told:
        return InlineKeyboardMarkup(
            inline_keyboard=[
                [button("on_site", Act.ON_SITE), button("not_arrived", Act.NOT_ARRIVED)],
                [button("take", Act.TAKE), button("dispatch", Act.CREWS)],
                [button("resolve", Act.RESOLVE), button("hand_off", Act.BRANCHES)],
            ]
        )
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [button("take", Act.TAKE), button("dispatch", Act.CREWS), button("on_site", Act.ON_SITE)],
            [button("resolve", Act.RESOLVE), button("hand_off", Act.BRANCHES)],
        ]
    )


def no_call_back(t: TicketInfo, phone: str | None) -> bool:
    """A call-back or a complaint whose caller withheld their number: there is nobody to call back."""
    return t.by_call and withheld(phone)


def crew_keyboard(t: TicketInfo, company: Company, lang: str) -> InlineKeyboardMarkup:
    """One button per crew of the ticket's branch (every crew when the branch has none), and Back."""
    rows = [
        [_choice(crew_label(company, c.code, lang), CardAction(act=Act.CREW, number=t.number, arg=c.code))]
        for c in branch_crews(company, t.branch)
    ]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, [_back(t, lang)]])


def branch_keyboard(t: TicketInfo, company: Company, lang: str) -> InlineKeyboardMarkup:
    """One button per other branch, and Back."""
    others = [b for b in company.branches if b.code != t.branch]
    rows = [
        [
            _choice(
                branch_label(company, b.code, lang), CardAction(act=Act.HAND_OFF, number=t.number, arg=b.code)
            )
        ]
        for b in others
    ]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, [_back(t, lang)]])


def handoff_keyboard(contact_id: int, lang: str) -> InlineKeyboardMarkup:
    """The "end handoff" button under a resident's request for a person."""
    data = EndHandoff(contact=contact_id).pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=say(lang, "button.done"), callback_data=data)]]
    )


def _choice(label: str, data: CardAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=label, callback_data=data.pack())


def _back(t: TicketInfo, lang: str) -> InlineKeyboardButton:
    return _choice(say(lang, "button.back"), CardAction(act=Act.BACK, number=t.number))
