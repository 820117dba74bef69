"""The buttons on ticket cards: the same actions as the commands, answered with a toast."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup

from bot.staff.access import IsStaff, StaffAccess
from bot.staff.answers import must_confirm, unvisited
from bot.staff.board import not_modified, possible_twin
from bot.staff.desk import CANCEL_ASKED, RESOLVE_ASKED, Desk, Outcome
from bot.staff.keyboards import (
    KEEP_RESOLVE,
    Act,
    CardAction,
    branch_keyboard,
    cancel_keyboard,
    card_keyboard,
    crew_keyboard,
    resolve_keyboard,
)
from bot.staff.texts import plain, say
from storage import contacts, tickets
from storage.values import TicketInfo


async def _answer(query: CallbackQuery, outcome: Outcome) -> None:
    await query.answer(plain(outcome.text)[:200], show_alert=not outcome.ok or outcome.alert)


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


async def press_resolve(
    query: CallbackQuery, callback_data: CardAction, bot: Bot, access: StaffAccess, desk: Desk
) -> None:
    """Resolved (a call-back's or a complaint's Close); on the card of a repair no crew has been sent to, its buttons
    become Confirm resolved · Back first, what it would do said, and nothing changes yet."""
    number = callback_data.number
    ticket = await tickets.get(access.services.store, number=number)
    if ticket is None or query.message is None or not unvisited(ticket) or desk.elsewhere(ticket):
        await _answer(query, await desk.resolve(number, query.from_user, confirmed=True))
        return
    message = query.message
    await bot.edit_message_reply_markup(
        chat_id=message.chat.id,
        message_id=message.message_id,
        reply_markup=resolve_keyboard(ticket, desk.lang),
    )
    await _answer(query, Outcome(desk.answers.resolve_question(ticket, card=True), ok=False))


async def press_resolved(query: CallbackQuery, callback_data: CardAction, bot: Bot, desk: Desk) -> None:
    """Confirm resolved: on the card after its Resolved, or under the answer to a /resolve of a repair no crew went
    to, whose note it keeps; that answer loses its buttons, the question settled."""
    await _confirmed(
        query, callback_data, bot, desk.resolve, await _asked(desk, callback_data, RESOLVE_ASKED)
    )


async def press_cancel(query: CallbackQuery, callback_data: CardAction, bot: Bot, desk: Desk) -> None:
    """Confirm cancel: on the card after its Cancel, or under the answer to a /cancel of an emergency, whose reason
    the cancel keeps; that answer loses its buttons, the question settled."""
    await _confirmed(query, callback_data, bot, desk.cancel, await _asked(desk, callback_data, CANCEL_ASKED))


async def _asked(desk: Desk, callback_data: CardAction, kind: str) -> str | None:
    """The words typed with the command that asked first (the /resolve's note, the /cancel's reason), if it did."""
    asked = callback_data.arg
    return await desk.asked_words(callback_data.number, asked, kind) if asked else None


async def _confirmed(
    query: CallbackQuery,
    callback_data: CardAction,
    bot: Bot,
    act: Callable[..., Awaitable[Outcome]],
    words: str | None,
) -> None:
    """The act confirmed, with the words typed when it was asked; the question's buttons go when a command asked it."""
    await _answer(query, await act(callback_data.number, query.from_user, words, confirmed=True))
    if callback_data.arg:
        await _settled(query, bot)


async def press_keep(query: CallbackQuery, callback_data: CardAction, bot: Bot, desk: Desk) -> None:
    """Keep ticket, under the answer to a /cancel of an emergency or a /resolve of a repair no crew went to: nothing
    changes, and the buttons go."""
    kept = "resolve.kept" if callback_data.arg == KEEP_RESOLVE else "cancel.kept"
    await query.answer(plain(desk.say(kept, number=callback_data.number)))
    await _settled(query, bot)


async def _settled(query: CallbackQuery, bot: Bot) -> None:
    """The buttons under a question staff have answered are taken away (already gone: nothing to do)."""
    if query.message is None:
        return
    message = query.message
    try:
        await bot.edit_message_reply_markup(chat_id=message.chat.id, message_id=message.message_id)
    except TelegramBadRequest as exc:
        if not not_modified(exc):
            raise


async def press_merge(query: CallbackQuery, callback_data: CardAction, desk: Desk) -> None:
    """Merge with the leak or burst the card names as its possible duplicate."""
    await _answer(query, await desk.merge_twin(callback_data.number, callback_data.arg, query.from_user))


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
    """Dispatch / Hand off / Cancel / Back: swap the card's buttons for crews, branches, Confirm cancel (with what it
    would cancel said: an emergency's as an alert), or the actions again."""
    ticket = await tickets.get(access.services.store, number=callback_data.number)
    if ticket is None or query.message is None:
        await query.answer(say(access.language, "error.stale"), show_alert=True)
        return
    elsewhere = desk.elsewhere(ticket)
    if elsewhere is not None:  # an old card of a ticket handed to another branch
        await _answer(query, elsewhere)
        return
    message, act = query.message, callback_data.act
    keyboard = await _choices(act, ticket, access)
    await bot.edit_message_reply_markup(
        chat_id=message.chat.id, message_id=message.message_id, reply_markup=keyboard
    )
    if act is Act.CREWS and ticket.by_call:
        refusal = say(access.language, f"error.{ticket.kind}_no_crew", number=ticket.number)
        await _answer(query, Outcome(refusal, ok=False))
    elif act is Act.ASK_CANCEL and ticket.is_open:
        question = desk.answers.cancel_question(ticket, card=True)
        await _answer(query, Outcome(question, ok=not must_confirm(ticket)))
    else:
        await query.answer()


async def _choices(act: Act, ticket: TicketInfo, access: StaffAccess) -> InlineKeyboardMarkup | None:
    """The buttons `act` swaps in: crews, branches, Confirm cancel · Back; else the card's own (Back, and an old
    card's Dispatch of a call-back or complaint, which no crew goes to, or Cancel of a ticket closed meanwhile)."""
    company, lang = access.services.company, access.language
    if act is Act.CREWS and not ticket.by_call:
        return crew_keyboard(ticket, company, lang)
    if act is Act.BRANCHES:
        return branch_keyboard(ticket, company, lang)
    if act is Act.ASK_CANCEL and ticket.is_open:
        return cancel_keyboard(ticket, lang)
    store = access.services.store
    reporter = await contacts.get(store, contact_id=ticket.contact_id)
    twin = await possible_twin(store, ticket)
    return card_keyboard(ticket, lang, reporter.phone if reporter else None, twin.number if twin else None)


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
        (press_cancel, Act.CANCEL),
        (press_keep, Act.KEEP),
        (press_resolved, Act.RESOLVED),
        (press_merge, Act.MERGE),
    ):
        buttons.callback_query.register(handler, CardAction.filter(F.act == act), IsStaff())
    choices = F.act.in_({Act.CREWS, Act.BRANCHES, Act.ASK_CANCEL, Act.BACK})
    buttons.callback_query.register(show_choices, CardAction.filter(choices), IsStaff())
    buttons.callback_query.register(stale_button, IsStaff())
    return buttons
