"""A crash while handling an update is logged with its traceback and the resident gets an apology."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.types import ErrorEvent

from bot.dialogue import Dialogue
from bot.telegram.keyboards import send_replies
from bot.telegram.talk import identity_of

log = logging.getLogger("bot.telegram")


async def apologise(event: ErrorEvent, bot: Bot, dialogue: Dialogue) -> bool:
    """Log the failure loudly; tell a private-chat resident to call the hotline."""
    update = event.update
    log.error("update %s failed", update.update_id, exc_info=event.exception)
    message = update.message or (update.callback_query.message if update.callback_query else None)
    user = update.message.from_user if update.message else None
    if message is None or message.chat.type != "private":
        return True
    try:
        await send_replies(bot, message.chat.id, dialogue.apology(identity_of(message.chat, user)))
    except Exception:  # the apology itself failing must not hide the first error
        log.exception("could not apologise in chat %s", message.chat.id)
    return True


def router() -> Router:
    """Catches what any handler raised."""
    errors = Router(name="errors")
    errors.errors.register(apologise)
    return errors
