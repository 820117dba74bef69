"""Which chats the resident routers serve: private chats that are not staff chats."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Chat, Message

_GROUPS = frozenset({"group", "supergroup"})


def _chat_of(event: Message | CallbackQuery) -> Chat | None:
    if isinstance(event, CallbackQuery):
        return event.message.chat if event.message else None
    return event.chat


class ResidentChat(Filter):
    """A private chat with a resident; never a staff chat."""

    def __init__(self, staff_chat_ids: frozenset[int]) -> None:
        self.staff = staff_chat_ids

    async def __call__(self, event: Message | CallbackQuery) -> bool:
        chat = _chat_of(event)
        if chat is None and isinstance(event, CallbackQuery):
            return event.from_user.id not in self.staff
        return chat is not None and chat.type == "private" and chat.id not in self.staff


class ForeignGroup(Filter):
    """A group chat that is not one of the staff chats."""

    def __init__(self, staff_chat_ids: frozenset[int]) -> None:
        self.staff = staff_chat_ids

    async def __call__(self, event: Message) -> bool:
        return event.chat.type in _GROUPS and event.chat.id not in self.staff
