"""Delivers resident notifications to Telegram chats, for the outbox worker."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)

from bot.dialogue import Dialogue
from bot.notifications import to_send
from bot.replies import Identity
from bot.telegram.keyboards import send_replies
from intents.company import Company
from storage.delivery import DeliveryError, RetryAfter, Undeliverable, Unreachable
from storage.values import Channel, NotificationInfo


class TelegramSender:
    """`await sender.send(notification)`: renders it and sends it to the resident's chat; a question with options
    (the rating question) then owns the numbers the resident types next, in the chat's `dialogue`, which also learns
    of staff's words delivered."""

    def __init__(self, bot: Bot, company: Company | None = None, dialogue: Dialogue | None = None) -> None:
        self.bot = bot
        self.company = company
        self.dialogue = dialogue

    async def send(self, notification: NotificationInfo) -> None:
        """Send one notification; Telegram's errors come back as the outbox's DeliveryError kinds."""
        try:
            chat_id = int(notification.address)
        except ValueError as exc:
            raise Undeliverable(f"not a Telegram chat id: {notification.address!r}") from exc
        identity = Identity(Channel.TELEGRAM, notification.address)
        reply = await to_send(notification, identity, self.company, self.dialogue)
        if reply is None:
            return  # a notice no longer due (staff answered meanwhile): nothing to send
        try:
            await send_replies(self.bot, chat_id, [reply])
        except TelegramRetryAfter as exc:
            raise RetryAfter(exc.retry_after, str(exc)) from exc
        except (TelegramForbiddenError, TelegramNotFound) as exc:
            raise Unreachable(str(exc)) from exc
        except TelegramBadRequest as exc:
            if "chat not found" in exc.message.lower():
                raise Unreachable(str(exc)) from exc
            raise Undeliverable(str(exc)) from exc
        except TelegramAPIError as exc:  # network and server errors: try again later
            raise DeliveryError(str(exc)) from exc
        if self.dialogue is not None:
            await self.dialogue.delivered(identity, notification, reply)
