"""The buttons on ticket cards: the same actions as the commands, answered with a toast."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup

from bot.staff.access import IsStaff, StaffAccess
from bot.staff.desk import Desk, Outcome
from bot.staff.keyboards import Act, CardAction, branch_keyboard, card_keyboard, crew_keyboard
from bot.staff.texts import plain, say
from storage import contacts, tickets


async def _answer(query: CallbackQuery, outcome: Outcome) -> None:
    await query.answer(plain(outcome.text)[:200], show_alert=not outcome.ok)


async def press_take(query: CallbackQuery, callback_data: CardAction, desk: Desk) -> None:
    """Take."""
    await _answer(query, await desk.take(callback_data.number, query.from_user))


async def press_take_over(query: CallbackQuery, callback_data: CardAction, desk: Desk) -> None:
    """Take over: the ticket someone else holds becomes the presser's."""
    await _answer(query, await desk.take(callback_data.number, query.from_user, over=True))


async def press_on_site(query: CallbackQuery, callback_data: CardAction, desk: Desk) -> None:
    """On site."""
    await _answer(query, await desk.on_site(callback_data.number, query.from_user))


async def press_not_arrived(query: CallbackQuery, callback_data: CardAction, desk: Desk) -> None:
    """Not arrived: the resident's word that the crew came was wrong."""
    await _answer(query, await desk.not_arrived(callback_data.number, query.from_user))


async def press_called_back(query: CallbackQuery, callback_data: CardAction, desk: Desk) -> None:
    """Called back (a complaint: Contacted): staff phoned the resident."""
    await _answer(query, await desk.called_back(callback_data.number, query.from_user))


async def press_resolve(query: CallbackQuery, callback_data: CardAction, desk: Desk) -> None:
    """Resolved."""
    await _answer(query, await desk.resolve(callback_data.number, query.from_user))


async def pick_crew(query: CallbackQuery, callback_data: CardAction, desk: Desk) -> None:
    """A crew chosen after Dispatch."""
    await _answer(query, await desk.dispatch(callback_data.number, callback_data.arg, query.from_user))


async def pick_new_crew(query: CallbackQuery, callback_data: CardAction, desk: Desk) -> None:
    """A crew chosen after Change crew: it replaces the crew the ticket had when the list was shown."""
    wanted, _, replacing = callback_data.arg.partition(".")
    await _answer(
        query, await desk.dispatch(callback_data.number, wanted, query.from_user, replacing=replacing or None)
    )


async def pick_branch(query: CallbackQuery, callback_data: CardAction, desk: Desk) -> None:
    """A branch chosen after Hand off."""
    await _answer(query, await desk.hand_off(callback_data.number, callback_data.arg, query.from_user))


async def show_choices(
    query: CallbackQuery, callback_data: CardAction, bot: Bot, access: StaffAccess, desk: Desk
) -> None:
    """Dispatch / Hand off / Back: swap the card's buttons for crews, branches, or the actions again."""
    ticket = await tickets.get(access.services.store, number=callback_data.number)
    if ticket is None or query.message is None:
        await query.answer(say(access.language, "error.stale"), show_alert=True)
        return
    elsewhere = desk.elsewhere(ticket)
    if elsewhere is not None:  # an old card of a ticket handed to another branch
        await _answer(query, elsewhere)
        return
    company, lang = access.services.company, access.language
    # an old call-back (complaint) card's Dispatch: no crew goes to it, and the card gets its own buttons back
    no_crew = callback_data.act is Act.CREWS and ticket.by_call
    keyboard: InlineKeyboardMarkup | None
    if callback_data.act is Act.CREWS and not no_crew:
        keyboard = crew_keyboard(ticket, company, lang)
    elif callback_data.act is Act.BRANCHES:
        keyboard = branch_keyboard(ticket, company, lang)
    else:
        reporter = await contacts.get(access.services.store, contact_id=ticket.contact_id)
        keyboard = card_keyboard(ticket, lang, reporter.phone if reporter else None)
    message = query.message
    await bot.edit_message_reply_markup(
        chat_id=message.chat.id, message_id=message.message_id, reply_markup=keyboard
    )
    if no_crew:
        refusal = say(lang, f"error.{ticket.kind}_no_crew", number=ticket.number)
        await _answer(query, Outcome(refusal, ok=False))
    else:
        await query.answer()


async def stale_button(query: CallbackQuery, access: StaffAccess) -> None:
    """A button whose data we do not know (old, or tampered with)."""
    await query.answer(say(access.language, "error.stale"), show_alert=True)


def router() -> Router:
    """Card buttons, for staff only (anyone else falls through to the refusals)."""
    buttons = Router(name="staff.buttons")
    for handler, act in (
        (press_take, Act.TAKE),
        (press_take_over, Act.TAKE_OVER),
        (press_on_site, Act.ON_SITE),
        (press_not_arrived, Act.NOT_ARRIVED),
        (press_called_back, Act.CALLED_BACK),
        (press_resolve, Act.RESOLVE),
        (pick_crew, Act.CREW),
        (pick_new_crew, Act.RECREW),
        (pick_branch, Act.HAND_OFF),
    ):
        buttons.callback_query.register(handler, CardAction.filter(F.act == act), IsStaff())
    choices = F.act.in_({Act.CREWS, Act.BRANCHES, Act.BACK})
    buttons.callback_query.register(show_choices, CardAction.filter(choices), IsStaff())
    buttons.callback_query.register(stale_button, IsStaff())
    return buttons
