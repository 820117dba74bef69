"""Inline-keyboard presses: always answered (the spinner stops), then handled like any inbound."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import CallbackQuery

from bot.dialogue import Dialogue
from bot.replies import Button
from bot.telegram.filters import ResidentChat
from bot.telegram.talk import identity_of, talk


async def press_button(callback: CallbackQuery, bot: Bot, dialogue: Dialogue) -> None:
    """The data is checked by the dialogue: tampered or stale data gets a polite answer there."""
    await callback.answer()
    chat = callback.message.chat if callback.message else callback.from_user.id
    inbound = Button(callback.data or "")
    await talk(bot, dialogue, identity_of(chat, callback.from_user), inbound, delivery=f"c{callback.id}")


def router(staff_chat_ids: frozenset[int]) -> Router:
    """Button presses in residents' private chats."""
    buttons = Router(name="buttons")
    buttons.callback_query.filter(ResidentChat(staff_chat_ids))
    buttons.callback_query.register(press_button)
    return buttons
