"""The one thing every Telegram handler does: hand the inbound to the dialogue and send its replies."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import Chat, User

from bot.dialogue import Dialogue
from bot.replies import Identity, Inbound
from bot.telegram.keyboards import send_replies
from storage.values import Channel


def identity_of(chat: Chat | int, user: User | None) -> Identity:
    """The resident behind a private chat, with the client's language as a hint."""
    chat_id = chat if isinstance(chat, int) else chat.id
    return Identity(Channel.TELEGRAM, str(chat_id), user.language_code if user else None, name=name_of(user))


def name_of(user: User | None) -> str | None:
    """The name staff are shown for a Telegram user: their name and @username as the client shows them, if any."""
    if user is None:
        return None
    shown = " ".join(p for p in (user.full_name.strip(), f"@{user.username}" if user.username else "") if p)
    return shown or None


async def talk(
    bot: Bot, dialogue: Dialogue, identity: Identity, inbound: Inbound, *, delivery: str | None = None
) -> None:
    """Let the dialogue answer and send what it says; `delivery` names the message or press (Telegram resends an
    update it thinks was lost: answered once)."""
    replies = await dialogue.handle(identity, inbound, delivery=delivery)
    await send_replies(bot, int(identity.ident), replies)
