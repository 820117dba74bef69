"""Residents as the store knows them: one contact per channel identity (a Telegram chat, a phone number)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from intents.types import Address
from storage._common import contact_info, upsert_insert, utcnow
from storage.db import Store
from storage.errors import ContactNotFound
from storage.models import contact_t
from storage.values import Channel, ContactInfo

NAME_CHARS = 200  # a Telegram name and @username fit (64 + 64 + 32): a longer one is cut, never refused


def identity(channel: Channel, telegram_chat_id: int | None, phone: str | None) -> str:
    """The unique key of a channel identity, e.g. 'telegram:12345' or 'voice:+8613900000000'."""
    channel = Channel(channel)
    if channel == Channel.TELEGRAM:
        if telegram_chat_id is None:
            raise ValueError("a Telegram contact needs telegram_chat_id")
        return f"telegram:{telegram_chat_id}"
    if channel in (Channel.SMS, Channel.VOICE):
        if not phone:
            raise ValueError(f"a {channel} contact needs a phone number")
        return f"{channel}:{phone}"
    key = telegram_chat_id if telegram_chat_id is not None else phone
    if key is None:
        raise ValueError("a console contact needs telegram_chat_id or phone")
    return f"{channel}:{key}"


async def get_or_create(
    store: Store,
    *,
    channel: Channel,
    telegram_chat_id: int | None = None,
    phone: str | None = None,
    language: str = "zh-Hans",
    hotline: str | None = None,
    telegram_name: str | None = None,
) -> ContactInfo:
    """The contact for this channel identity, created on first sight (idempotent and race-safe).

    `hotline` is the number a caller dialled or texted: their updates by SMS come from that line. `telegram_name` is
    the name a Telegram user shows now: kept, and changed when they change it on Telegram."""
    key = identity(channel, telegram_chat_id, phone)
    telegram_name = telegram_name.strip()[:NAME_CHARS] if telegram_name and telegram_name.strip() else None
    by_key = sa.select(contact_t).where(contact_t.c.identity == key)
    async with store.read() as conn:
        row = (await conn.execute(by_key)).first()
    if row is not None:
        changed: dict[str, Any] = {}
        if hotline and row.hotline != hotline:
            changed["hotline"] = hotline
        if telegram_name and row.telegram_name != telegram_name:
            changed["telegram_name"] = telegram_name
        return await _update(store, row.id, changed) if changed else contact_info(row)
    now = utcnow()
    values = {
        "identity": key,
        "channel": str(channel),
        "telegram_chat_id": telegram_chat_id,
        "phone": phone,
        "language": language,
        "unreachable": False,
        "hotline": hotline,
        "telegram_name": telegram_name,
        "created_at": now,
        "updated_at": now,
    }
    async with store.write() as conn:
        stmt = (
            upsert_insert(conn, contact_t).values(values).on_conflict_do_nothing(index_elements=["identity"])
        )
        await conn.execute(stmt)
        return contact_info((await conn.execute(by_key)).one())


async def get(store: Store, *, contact_id: int) -> ContactInfo | None:
    """The contact with this id, or None."""
    async with store.read() as conn:
        row = (await conn.execute(sa.select(contact_t).where(contact_t.c.id == contact_id))).first()
    return contact_info(row) if row is not None else None


async def _update(store: Store, contact_id: int, values: dict[str, Any]) -> ContactInfo:
    stmt = (
        sa.update(contact_t)
        .where(contact_t.c.id == contact_id)
        .values({**values, "updated_at": utcnow()})
        .returning(*contact_t.c)
    )
    async with store.write() as conn:
        row = (await conn.execute(stmt)).first()
    if row is None:
        raise ContactNotFound(contact_id)
    return contact_info(row)


async def update(
    store: Store,
    *,
    contact_id: int,
    language: str | None = None,
    address: Address | None = None,
    phone: str | None = None,
    phone_typed: bool = False,
) -> ContactInfo:
    """Change what is given: language, saved address, or a phone that links a Telegram user to their calls (one Telegram
    proved theirs) or that staff may call them on (`phone_typed`: one they typed, linking nothing)."""
    values: dict[str, Any] = {}
    if language is not None:
        values["language"] = language
    if address is not None:
        values.update(
            address_raw=address.raw, building=address.building, unit=address.unit, room=address.room
        )
    if phone is not None:
        values.update(phone=phone, phone_typed=phone_typed)
    return await _update(store, contact_id, values)


async def mark_unreachable(store: Store, *, contact_id: int, unreachable: bool = True) -> None:
    """Remember that messages to this contact's channel fail for good (or no longer do)."""
    await _update(store, contact_id, {"unreachable": unreachable})
