"""The staff side of the Telegram bot: ticket cards in staff chats, staff commands and buttons, handoff relay."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot, Router
from aiogram.types import TelegramObject

from bot.staff import callbacks, commands, incidents, refusals, talk
from bot.staff.access import InStaffChat, StaffAccess, chat_of
from bot.staff.desk import Desk
from bot.staff.relay import Relay
from bot.staff.sender import StaffSender

__all__ = ["StaffAccess", "StaffSender", "staff_router"]


class StaffContext(BaseMiddleware):
    """Hands the staff handlers `access`, `desk` and `relay` by parameter name."""

    def __init__(self, access: StaffAccess) -> None:
        self.access = access

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        bot: Bot = data["bot"]
        desk = Desk(bot, self.access, chat_of(event))
        data.update(access=self.access, desk=desk, relay=Relay(bot, self.access))
        return await handler(event, data)


def staff_router(access: StaffAccess) -> Router:
    """Everything that happens in staff chats (and only there): commands, buttons, relay replies, refusals."""
    staff = Router(name="staff")
    for observer in (staff.message, staff.callback_query):
        observer.outer_middleware(StaffContext(access))
        observer.filter(InStaffChat())
    staff.include_routers(
        commands.router(), incidents.router(), talk.router(), callbacks.router(), refusals.router()
    )
    return staff
