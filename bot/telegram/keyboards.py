"""Replies as Telegram messages: options become an inline keyboard; long text is split at 4096 characters."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.replies import Option, Reply

TELEGRAM_TEXT_MAX = 4096
_SHORT_LABEL = 4


def markup(options: tuple[Option, ...]) -> InlineKeyboardMarkup | None:
    """Short labels (1-5 ratings) share a row; every other option gets its own row."""
    if not options:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    short: list[InlineKeyboardButton] = []
    for option in options:
        button = InlineKeyboardButton(text=option.label, callback_data=option.data)
        if len(option.label) <= _SHORT_LABEL and option.label.isdigit():
            short.append(button)
            continue
        if short:
            rows.append(short)
            short = []
        rows.append([button])
    if short:
        rows.append(short)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def chunks(text: str) -> list[str]:
    """The text in pieces Telegram accepts, cut at line ends where possible."""
    pieces: list[str] = []
    while len(text) > TELEGRAM_TEXT_MAX:
        cut = text.rfind("\n", 0, TELEGRAM_TEXT_MAX)
        cut = cut if cut > 0 else TELEGRAM_TEXT_MAX
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*pieces, text] if text else pieces


async def send_replies(bot: Bot, chat_id: int, replies: list[Reply]) -> None:
    """Send each reply; its keyboard rides on its last piece."""
    for reply in replies:
        pieces = chunks(reply.text) or ["…"]
        for i, piece in enumerate(pieces):
            keyboard = markup(reply.options) if i == len(pieces) - 1 else None
            await bot.send_message(chat_id=chat_id, text=piece, reply_markup=keyboard)
