"""Shared by tests that need tickets in a store: a resident reports, by Telegram or by phone."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from intents.company import Company
from intents.estates import same_estate
from intents.types import Address
from storage import Store, contacts, tickets
from storage.values import Channel, Priority, Status, TicketInfo, TicketKind


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


async def merged_and_withdrawn(store: Store, company: Company, start: dt.datetime) -> None:
    """Three reports from `start` on: a leak at a flat of chaoyang; another resident's leak, opened before she gave
    the flat, merged into that ticket once she does; a third resident's repair, withdrawn (staff cancel it at their
    wish)."""
    flat = Address("红旗小区3栋2单元501", "3", "2", "501")
    in_estate = same_estate(flat.raw, company)
    leak = {"kind": TicketKind.LEAK, "priority": Priority.EMERGENCY, "branch": "chaoyang"}
    await open_for_new_contact(store, chat=9001, address=flat, same_estate=in_estate, now=start, **leak)
    hers, _ = await open_for_new_contact(store, chat=9002, now=start + dt.timedelta(minutes=2), **leak)
    merged = await tickets.update_address(
        store,
        number=hers.number,
        contact_id=hers.contact_id,
        address=flat,
        same_estate=in_estate,
        now=start + dt.timedelta(minutes=3),
    )
    assert merged.status is Status.CANCELLED
    withdrawn, _ = await open_for_new_contact(store, chat=9003, branch="chaoyang", now=start)
    await tickets.transition(
        store,
        number=withdrawn.number,
        to=Status.CANCELLED,
        actor="staff:1",
        note="居民说已经热了",
        now=start + dt.timedelta(minutes=5),
    )
