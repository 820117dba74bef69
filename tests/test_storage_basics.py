"""Contacts, conversations, company sync, ticket numbers and the Store itself, on both databases."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from intents.company import Company
from intents.types import Address
from storage import Store, company, contacts, conversations, numbers
from storage.errors import ContactNotFound
from storage.models import branch_t, crew_t, hotline_t
from storage.values import Channel


async def test_store_is_reachable_and_migrated(store: Store) -> None:
    assert await store.ping() and await store.is_migrated()


async def test_unreachable_database() -> None:
    store = Store.from_url("postgresql+asyncpg://postgres@127.0.0.1:1/nothing")
    try:
        assert not await store.ping() and not await store.is_migrated()
    finally:
        await store.close()


async def test_contacts(store: Store) -> None:
    chat = await contacts.get_or_create(store, channel=Channel.TELEGRAM, telegram_chat_id=-42, language="en")
    assert chat == await contacts.get_or_create(store, channel=Channel.TELEGRAM, telegram_chat_id=-42)
    call = await contacts.get_or_create(store, channel=Channel.VOICE, phone="+8613900000001")
    text = await contacts.get_or_create(store, channel=Channel.SMS, phone="+8613900000001")
    assert len({chat.id, call.id, text.id}) == 3 and chat.language == "en"
    address = Address(raw="红旗小区5栋302", building="5", room="302")
    updated = await contacts.update(store, contact_id=chat.id, address=address, phone="+8613900000001")
    assert (updated.address_raw, updated.building, updated.unit, updated.room) == (
        address.raw,
        "5",
        None,
        "302",
    )
    assert updated.phone == "+8613900000001" and updated.language == "en"
    await contacts.mark_unreachable(store, contact_id=chat.id)
    assert (await contacts.get(store, contact_id=chat.id)).unreachable  # type: ignore[union-attr]
    assert await contacts.get(store, contact_id=999_999) is None
    with pytest.raises(ContactNotFound):
        await contacts.update(store, contact_id=999_999, language="en")
    with pytest.raises(ValueError, match="telegram_chat_id"):
        await contacts.get_or_create(store, channel=Channel.TELEGRAM, phone="+8613900000001")


async def test_conversations(store: Store) -> None:
    assert await conversations.load(store, key="tg:1") is None
    await conversations.save(
        store, key="tg:1", state={"step": "address", "slots": {"kind": "leak"}, "text": "漏水"}
    )
    await conversations.save(store, key="call:CA1", state={"step": "menu"})
    assert await conversations.load(store, key="tg:1") == {
        "step": "address",
        "slots": {"kind": "leak"},
        "text": "漏水",
    }
    await conversations.save(store, key="tg:1", state={"step": "confirm"})
    assert await conversations.load(store, key="tg:1") == {"step": "confirm"}
    await conversations.clear(store, key="tg:1")
    await conversations.clear(store, key="tg:1")
    assert await conversations.load(store, key="tg:1") is None
    assert await conversations.load(store, key="call:CA1") == {"step": "menu"}


async def _codes(store: Store, table: sa.Table, key: str) -> dict[str, bool]:
    async with store.read() as conn:
        return {row[0]: row[1] for row in await conn.execute(sa.select(table.c[key], table.c.active))}


async def test_company_sync(store: Store, demo_company: Company) -> None:
    await company.sync(store, demo_company)
    await company.sync(store, demo_company)  # idempotent
    assert await _codes(store, branch_t, "code") == {b.code: True for b in demo_company.branches}
    assert await _codes(store, hotline_t, "number") == {h.number: True for h in demo_company.hotlines}
    assert await _codes(store, crew_t, "code") == {c.code: True for c in demo_company.crews}
    assert len(demo_company.hotlines) == 19
    smaller = demo_company.model_copy(update={"crews": demo_company.crews[1:]})
    await company.sync(store, smaller)
    crews = await _codes(store, crew_t, "code")
    assert crews[demo_company.crews[0].code] is False and sum(crews.values()) == len(demo_company.crews) - 1


@pytest.mark.parametrize(("ticket_id", "number"), [(1, "1000013"), (42, "1000420"), (899_999, "9999999")])
def test_numbers(ticket_id: int, number: str) -> None:
    made = numbers.from_id(ticket_id)
    assert numbers.is_valid(made) and numbers.to_id(made) == ticket_id
    assert made[:-1] == number[:-1]


def test_a_mistyped_digit_is_caught() -> None:
    number = numbers.from_id(12345)
    for i in range(len(number)):
        for digit in "0123456789":
            typo = number[:i] + digit + number[i + 1 :]
            assert numbers.is_valid(typo) == (typo == number)
    assert not numbers.is_valid("12345") and not numbers.is_valid("１０００００")
    assert not numbers.is_valid("1000013 ") and not numbers.is_valid("10000000000")


async def test_autocommit_writes_are_kept(store: Store) -> None:
    async with store.autocommit() as conn:
        await conn.execute(sa.text("DELETE FROM conversation WHERE key = 'x'"))
    await conversations.save(store, key="x", state={"a": 1})
    async with store.autocommit() as conn:
        await conn.execute(sa.text("DELETE FROM conversation WHERE key = 'x'"))
    assert await conversations.load(store, key="x") is None
