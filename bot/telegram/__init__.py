"""The Telegram channel: aiogram routers over the chat dialogue, mounted as a webhook or run by polling."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web

from bot.dialogue import Dialogue
from bot.services import ChatServices
from bot.telegram import buttons, errors, groups, residents
from bot.telegram.polling import Poller
from bot.telegram.webhook import PATH, WebhookHandler

log = logging.getLogger("bot.telegram")


def build_dispatcher(services: ChatServices, dialogue: Dialogue) -> Dispatcher:
    """One dispatcher; the dialogue and services reach handlers by parameter name."""
    staff = services.all_staff_chats()
    dispatcher = Dispatcher(dialogue=dialogue, services=services)
    dispatcher.include_routers(
        errors.router(), residents.router(staff), buttons.router(staff), groups.router(staff)
    )
    return dispatcher


class TelegramChannel:
    """The resident side of the Telegram bot: `mount(app)` for the webhook, `start_polling()` without one."""

    def __init__(
        self,
        services: ChatServices,
        *,
        token: str,
        api_base: str | None = None,
        secret: str,
        send_timeout: float = 10.0,
    ) -> None:
        if not secret:
            raise ValueError("a webhook secret is required: Telegram updates are obeyed only with it")
        # A hung Bot API must not hold a delivery for aiogram's default minute: the worker retries instead.
        session = AiohttpSession(timeout=send_timeout)
        if api_base:
            session.api = TelegramAPIServer.from_base(api_base)
        self.bot = Bot(token=token, session=session)
        self.dialogue = Dialogue(services)
        self.dispatcher = build_dispatcher(services, self.dialogue)
        self.secret = secret

    def mount(self, app: web.Application) -> None:
        """POST /telegram/webhook on `app`; 401 without the right secret header."""
        handler = WebhookHandler(
            self.dispatcher, self.bot, handle_in_background=False, secret_token=self.secret
        )
        handler.register(app, path=PATH)

    def allowed_updates(self) -> list[str]:
        """The update types the routers handle (for setWebhook / getUpdates)."""
        return self.dispatcher.resolve_used_update_types()

    async def start_polling(self, *, first_pause: float = 1.0) -> None:
        """Long polling until cancelled (`heatline poll`); drops any webhook first. An update that finds the store
        unreachable is tried again after a pause (`first_pause`, doubling), never acknowledged and lost."""
        await self.bot.delete_webhook(drop_pending_updates=False)
        log.info("polling Telegram for updates")
        await Poller(self.bot, self.dispatcher, self.allowed_updates(), first_pause=first_pause).run()

    async def close(self) -> None:
        """Close the Bot API session and the dialogue's state connections."""
        await self.bot.session.close()
        await self.dialogue.close()
