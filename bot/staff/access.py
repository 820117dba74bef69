"""Who may act as staff: a configured staff user id, or an administrator of a configured staff chat."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from aiogram import Bot
from aiogram.enums import ChatMemberStatus
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject, User

from bot.services import ChatServices
from intents.company import Branch

log = logging.getLogger("bot.staff")
_ADMINS = frozenset({ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR})


@dataclass
class StaffAccess:
    """The staff side's services: the chat services, who is staff, and the staff chats' language."""

    services: ChatServices
    staff_user_ids: frozenset[int] = frozenset()
    language: str = "zh-Hans"
    admin_cache_seconds: float = 60.0
    _admins: dict[tuple[int, int], tuple[float, bool]] = field(default_factory=dict, repr=False)

    @property
    def chats(self) -> frozenset[int]:
        """Every staff chat."""
        return self.services.all_staff_chats()

    def branches_of(self, chat_id: int) -> list[Branch]:
        """The branches a staff chat looks after: every branch in a default staff chat, else those whose staff or
        supervisors' chat it is."""
        company = self.services.company
        if chat_id in self.services.staff_chat_ids:
            return list(company.branches)
        return [b for b in company.branches if chat_id in (b.staff_chat_id, b.supervisor_chat_id)]

    def serves(self, chat_id: int, branch: str | None) -> bool:
        """Staff in this chat act on tickets of `branch`: a default staff chat on every branch's, a branch's staff
        (or supervisors') chat on that branch's; a ticket of no branch, from any staff chat."""
        return branch is None or any(b.code == branch for b in self.branches_of(chat_id))

    async def is_staff(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        """A configured staff user, or an administrator of this staff chat (asked of Telegram, cached briefly)."""
        if user_id in self.staff_user_ids:
            return True
        if chat_id not in self.chats:
            return False
        key, now = (chat_id, user_id), time.monotonic()
        cached = self._admins.get(key)
        if cached is not None and now - cached[0] < self.admin_cache_seconds:
            return cached[1]
        try:
            member = await bot.get_chat_member(chat_id=chat_id, user_id=user_id)
        except TelegramAPIError as exc:  # cannot tell: refuse, and ask again next time
            log.warning("getChatMember(%s, %s) failed: %s", chat_id, user_id, exc)
            return False
        admin = member.status in _ADMINS
        self._admins[key] = (now, admin)
        return admin


def actor_of(user: User | None) -> str:
    """How a staff member appears in the ticket log: "staff:<user id>"."""
    return f"staff:{user.id}" if user else "staff:anonymous"


def name_of(user: User | None) -> str:
    """A staff member's display name."""
    if user is None:
        return "?"
    return user.full_name or (f"@{user.username}" if user.username else str(user.id))


def chat_of(event: TelegramObject) -> int | None:
    """The chat an update happens in: a message's, or that of the message a button is on."""
    if isinstance(event, Message):
        return event.chat.id
    if isinstance(event, CallbackQuery) and event.message is not None:
        return event.message.chat.id
    return None


class InStaffChat(Filter):
    """The event happens in one of the staff chats (checked once, at the staff router)."""

    async def __call__(self, event: TelegramObject, access: StaffAccess) -> bool:
        chat = chat_of(event)
        return chat is not None and chat in access.chats


class IsStaff(Filter):
    """The sender is staff (anonymous group admins count: only admins can post as the group)."""

    async def __call__(self, event: TelegramObject, bot: Bot, access: StaffAccess) -> bool:
        if isinstance(event, Message):
            if event.sender_chat is not None and event.sender_chat.id == event.chat.id:
                return True
            return event.from_user is not None and await access.is_staff(
                bot, event.chat.id, event.from_user.id
            )
        if isinstance(event, CallbackQuery) and event.message is not None:
            return await access.is_staff(bot, event.message.chat.id, event.from_user.id)
        return False
