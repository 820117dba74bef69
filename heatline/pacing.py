"""The Bot API session's side of the platform limits: each call that posts to or changes a chat, made while the outbox
worker delivers a notification, waits for its slot (heatline.throttle), so the chat's limit counts the calls Telegram
receives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods.base import TelegramType

from heatline.throttle import booking

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import Response, TelegramMethod

# Bot API methods that put something in a chat or change it there (sendMessage, editMessageText, pinChatMessage, ...)
COUNTED = ("send", "edit", "copy", "forward", "pin", "unpin", "delete")


class PacedCalls(BaseRequestMiddleware):
    """`bot.session.middleware(PacedCalls())`: a delivery's calls keep to its chat's limit."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        delivery = booking()
        chat_id = getattr(method, "chat_id", None)
        if delivery is not None and isinstance(chat_id, int) and method.__api_method__.startswith(COUNTED):
            await delivery.call(chat_id)
        return await make_request(bot, method)
