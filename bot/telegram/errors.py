"""A crash while handling an update is logged with its traceback and the resident gets an apology; a store or state
that cannot be reached is no crash: the update is left for Telegram to deliver again (the webhook answers 503; polling
fetches it again after a pause)."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.types import ErrorEvent

from bot.dialogue import Dialogue
from bot.state import outage
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


def _not_an_outage(event: ErrorEvent) -> bool:
    return not outage(event.exception)


def router() -> Router:
    """Catches what any handler raised, except an outage, which goes back to the webhook."""
    errors = Router(name="errors")
    errors.errors.register(apologise, _not_an_outage)
    return errors
