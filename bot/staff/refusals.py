"""Anyone who is not staff, typing a staff command or pressing a card button in a staff chat, is refused."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, Message

from bot.staff.access import IsStaff
from bot.staff.commands import STAFF_COMMANDS, ForThisBot, split_args, staff_command, unknown_command
from bot.staff.desk import Desk
from bot.staff.keyboards import CardAction
from bot.staff.texts import plain


async def refuse_command(message: Message, command: CommandObject, desk: Desk) -> None:
    """A staff command from someone else: logged (on the ticket too), refused."""
    number, _ = split_args(command)
    await message.reply(
        await desk.refuse(message.from_user, f"/{command.command}", number), parse_mode="HTML"
    )


async def refuse_button(query: CallbackQuery, desk: Desk) -> None:
    """A card button pressed by someone else: logged (on the ticket too), refused with an alert."""
    try:
        action: CardAction | None = CardAction.unpack(query.data or "")
    except (TypeError, ValueError):
        action = None
    number = action.number if action else None
    what = f"button {action.act}" if action else f"button {query.data!r}"
    await query.answer(plain(await desk.refuse(query.from_user, what, number)), show_alert=True)


async def ignore(message: Message) -> None:
    """Staff chatting among themselves: nothing for the bot to do."""


def router() -> Router:
    """The last staff router: what the staff-only handlers did not take."""
    refusals = Router(name="staff.refusals")
    refusals.message.register(refuse_command, staff_command(*STAFF_COMMANDS))
    refusals.message.register(unknown_command, ForThisBot(), IsStaff())
    refusals.message.register(ignore)
    refusals.callback_query.register(refuse_button)
    return refusals
