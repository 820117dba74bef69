"""Group chats that are not staff chats: a short note to use a private chat, only when addressed."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from bot.i18n import lang_from_code, t
from bot.telegram.filters import ForeignGroup


async def command_in_group(message: Message) -> None:
    """A command in a group: one line pointing to the private chat; nothing about any ticket."""
    lang = lang_from_code(message.from_user.language_code if message.from_user else None)
    await message.answer(t(lang, "input.group"))


async def ignore_group_chatter(message: Message) -> None:
    """Everything else said in a group is none of the bot's business."""


def router(staff_chat_ids: frozenset[int]) -> Router:
    """Groups that are not staff chats: a note on commands, silence otherwise."""
    groups = Router(name="groups")
    groups.message.filter(ForeignGroup(staff_chat_ids))
    groups.message.register(command_in_group, F.text.startswith("/"))
    groups.message.register(ignore_group_chatter)
    return groups
