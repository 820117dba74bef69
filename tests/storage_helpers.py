"""Shared by tests that need tickets in a store: a resident reports, by Telegram or by phone."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from intents.types import Address
from storage import Store, contacts, tickets
from storage.values import Channel, Priority, TicketInfo, TicketKind


def reopened_zh(ticket: TicketInfo) -> str:
    """What a resident is told (Simplified Chinese) of their repair reopened: a crew within 30 minutes, by the time
    the store set."""
    due = ticket.due_at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M")
    return f"已重新打开工单 {ticket.number}，维修人员将在30分钟内到场（{due}前）。"


async def open_for_new_contact(
    store: Store,
    *,
    branch: str,
    chat: int | None = None,
    phone: str | None = None,
    kind: TicketKind = TicketKind.NO_HEAT,
    priority: Priority = Priority.NORMAL,
    address: Address | None = None,
    description: str = "暖气不热",
    **options: Any,
) -> tuple[TicketInfo, bool]:
    """`tickets.open_ticket` for the contact of Telegram `chat`, or else of the caller on `phone`.

    The contact is made if it does not exist yet; `options` are open_ticket's other keywords (temperature_c,
    now, ...). Returns what open_ticket does: the ticket, and whether it was opened rather than joined.
    """
    if chat is not None:
        contact = await contacts.get_or_create(store, channel=Channel.TELEGRAM, telegram_chat_id=chat)
    else:
        contact = await contacts.get_or_create(store, channel=Channel.VOICE, phone=phone)
    return await tickets.open_ticket(
        store,
        kind=kind,
        priority=priority,
        contact_id=contact.id,
        branch=branch,
        address=address,
        description=description,
        **options,
    )
