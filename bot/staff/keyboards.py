"""The buttons staff press: on a ticket card (Take or Take over, Dispatch or Change crew or Record crew, On site,
Resolved, Hand off, Cancel; a call-back's or a complaint's own), the crews and branches to choose from, the
confirmation a cancel (or resolving a repair no crew went to) asks for, and the deliberate change offered under an
answer (Take over, Change crew, Confirm cancel, Confirm resolved). Pure, no I/O."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from pydantic import Field

from bot.staff.cards import branch_crews, branch_label, crew_label
from bot.staff.texts import say
from intents.company import Company
from storage.calls import call_event
from storage.values import OPEN_STATUSES, Status, TicketInfo, withheld

_NUMBER = r"^\d{6,10}$"
KEEP_RESOLVE = "resolve"  # Keep ticket's arg under a /resolve's question (none under a /cancel's)


class Act(StrEnum):
    TAKE = "take"
    TAKE_OVER = "takeover"  # take a ticket another staff member holds, deliberately
    CREWS = "crews"
    CREW = "crew"
    RECREW = "recrew"  # send another crew instead of the one the ticket has: arg "NEW.OLD"
    ON_SITE = "onsite"
    NOT_ARRIVED = "notarrived"
    CALLED_BACK = "calledback"
    RESOLVE = "resolve"
    BRANCHES = "branches"
    HAND_OFF = "handoff"
    BACK = "back"
    ASK_CANCEL = "askcancel"  # the card's Cancel: its buttons become Confirm cancel · Back
    CANCEL = "cancel"  # Confirm cancel: arg, the log entry of the /cancel that asked (its reason), if any
    KEEP = "keep"  # Keep ticket, under the answer to a /cancel of an emergency (arg "resolve": a /resolve): nothing changes
    RESOLVED = "fixed"  # Confirm resolved, of a repair no crew went to: arg, the log entry of the /resolve that asked
    MERGE = "merge"  # Merge with the leak or burst the card names as its possible duplicate: arg, that ticket


class CardAction(CallbackData, prefix="tk"):
    """A button on a ticket card, e.g. "tk:crew:123456:C03", "tk:recrew:123456:C04.C03"."""

    act: Act
    number: str = Field(pattern=_NUMBER)
    arg: str = Field(default="", pattern=r"^[A-Za-z0-9_.-]{0,33}$")


class EndHandoff(CallbackData, prefix="ho"):
    """The "end handoff" button on a relayed request: the resident's contact id."""

    contact: int = Field(gt=0)


def card_keyboard(
    t: TicketInfo, lang: str, phone: str | None, twin: str | None = None
) -> InlineKeyboardMarkup | None:
    """Take · Dispatch · On site / Resolved · Hand off · Cancel, while the ticket is open; where the resident said
    the crew came, On site · Not arrived first, for staff to confirm or correct it; a call-back or a complaint, which
    no crew goes to, Take · Called back (a complaint: Contacted) / Close · Hand off; of a caller who withheld their
    number (`phone`, the reporter's), no Called back (Contacted): nobody can call them. Merge with the `twin` the card
    names as its possible duplicate last (storage.twins)."""
    if t.status not in OPEN_STATUSES:
        return None
    keyboard = _actions(t, lang, phone)
    if twin is None:
        return keyboard
    merge = CardAction(act=Act.MERGE, number=t.number, arg=twin).pack()
    label = say(lang, "button.merge_twin", number=twin)
    return InlineKeyboardMarkup(
        inline_keyboard=[*keyboard.inline_keyboard, [InlineKeyboardButton(text=label, callback_data=merge)]]
    )


def _actions(t: TicketInfo, lang: str, phone: str | None) -> InlineKeyboardMarkup:
    """The open ticket's own buttons (see `card_keyboard`)."""

    def button(label: str, act: Act) -> InlineKeyboardButton:
        data = CardAction(act=act, number=t.number).pack()
        return InlineKeyboardButton(text=say(lang, f"button.{label}"), callback_data=data)

    take = button("take_over", Act.TAKE_OVER) if held(t) else button("take", Act.TAKE)
    if t.by_call:
        first = [take]
        if not no_call_back(t, phone):
            first.append(button(call_event(t.kind), Act.CALLED_BACK))
        return InlineKeyboardMarkup(
            inline_keyboard=[first, [button("close", Act.RESOLVE), button("hand_off", Act.BRANCHES)]]
        )
    dispatch = button(_crew_button(t), Act.CREWS)
    last = [
        button("resolve", Act.RESOLVE),
        button("hand_off", Act.BRANCHES),
        button("cancel", Act.ASK_CANCEL),
    ]
    if t.arrival_told:
        return InlineKeyboardMarkup(
            inline_keyboard=[
                [button("on_site", Act.ON_SITE), button("not_arrived", Act.NOT_ARRIVED)],
                [take, dispatch],
                last,
            ]
        )
    return InlineKeyboardMarkup(inline_keyboard=[[take, dispatch, button("on_site", Act.ON_SITE)], last])


def held(t: TicketInfo) -> bool:
    """Someone holds the ticket: its card offers Take over, not Take (a new or reopened one is nobody's yet)."""
    return bool(t.assignee) and t.status not in (Status.NEW, Status.REOPENED)


def has_crew(t: TicketInfo) -> bool:
    """A crew is on the ticket, on its way or there: another one replaces it."""
    return bool(t.crew) and t.status in (Status.DISPATCHED, Status.ON_SITE)


def _crew_button(t: TicketInfo) -> str:
    """Dispatch; Change crew when it has one; Record crew when marked on site with none named."""
    if has_crew(t):
        return "redispatch"
    return "record_crew" if t.status is Status.ON_SITE else "dispatch"


def no_call_back(t: TicketInfo, phone: str | None) -> bool:
    """A call-back or a complaint whose caller withheld their number: there is nobody to call back."""
    return t.by_call and withheld(phone)


def crew_keyboard(t: TicketInfo, company: Company, lang: str) -> InlineKeyboardMarkup:
    """One button per crew of the ticket's branch (every crew when the branch has none), and Back; a ticket with a
    crew already, the others, each to replace that one (a crew sent meanwhile by someone else is not replaced)."""
    rows = [
        [_choice(crew_label(company, c.code, lang), crew_choice(t, c.code))]
        for c in branch_crews(company, t.branch)
        if not has_crew(t) or c.code != t.crew
    ]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, [_back(t, lang)]])


def crew_choice(t: TicketInfo, code: str) -> CardAction:
    """The button data sending crew `code` to the ticket: replacing the crew it has, if any."""
    if has_crew(t):
        return CardAction(act=Act.RECREW, number=t.number, arg=f"{code}.{t.crew}")
    return CardAction(act=Act.CREW, number=t.number, arg=code)


def offer_take_over(number: str, lang: str) -> InlineKeyboardMarkup:
    """Take over, under the answer to a take of a ticket someone else holds."""
    data = CardAction(act=Act.TAKE_OVER, number=number).pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=say(lang, "button.take_over"), callback_data=data)]]
    )


def cancel_keyboard(t: TicketInfo, lang: str) -> InlineKeyboardMarkup:
    """Confirm cancel · Back, in place of the card's buttons after its Cancel."""
    confirm = CardAction(act=Act.CANCEL, number=t.number)
    return InlineKeyboardMarkup(
        inline_keyboard=[[_choice(say(lang, "button.confirm_cancel"), confirm), _back(t, lang)]]
    )


def offer_cancel(number: str, asked: int, lang: str) -> InlineKeyboardMarkup:
    """Confirm cancel · Keep ticket, under the answer to a /cancel of an emergency; `asked`, the log entry of that
    /cancel, whose reason the cancel keeps."""
    confirm = CardAction(act=Act.CANCEL, number=number, arg=str(asked))
    keep = CardAction(act=Act.KEEP, number=number)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_choice(say(lang, "button.confirm_cancel"), confirm), _choice(say(lang, "button.keep"), keep)]
        ]
    )


def resolve_keyboard(t: TicketInfo, lang: str) -> InlineKeyboardMarkup:
    """Confirm resolved · Back, in place of the card's buttons after its Resolved, on a repair no crew went to."""
    confirm = CardAction(act=Act.RESOLVED, number=t.number)
    return InlineKeyboardMarkup(
        inline_keyboard=[[_choice(say(lang, "button.confirm_resolve"), confirm), _back(t, lang)]]
    )


def offer_resolve(number: str, asked: int, lang: str) -> InlineKeyboardMarkup:
    """Confirm resolved · Keep ticket, under the answer to a /resolve of a repair no crew went to; `asked`, the log
    entry of that /resolve, whose note the change keeps."""
    confirm = CardAction(act=Act.RESOLVED, number=number, arg=str(asked))
    keep = CardAction(act=Act.KEEP, number=number, arg=KEEP_RESOLVE)
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_choice(say(lang, "button.confirm_resolve"), confirm), _choice(say(lang, "button.keep"), keep)]
        ]
    )


def offer_crew(number: str, wanted: str, current: str, company: Company, lang: str) -> InlineKeyboardMarkup:
    """Send `wanted` instead of `current`, under the answer to a dispatch of a ticket that has a crew already."""
    data = CardAction(act=Act.RECREW, number=number, arg=f"{wanted}.{current}").pack()
    label = say(
        lang,
        "button.replace_crew",
        crew=crew_label(company, wanted, lang),
        previous=crew_label(company, current, lang),
    )
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=data)]])


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
