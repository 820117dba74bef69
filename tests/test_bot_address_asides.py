"""What a resident writes with or right after the address of their emergency reaches its duty staff."""

from __future__ import annotations

from phone_world import CHAOYANG_STAFF, Product, clock_fixture, product_fixture  # noqa: F401

from storage import contacts, tickets
from storage.values import Channel, TicketInfo

RESIDENT = 7301


async def of_the_chat(product: Product, chat: int = RESIDENT) -> list[TicketInfo]:
    """The tickets of the resident writing in this Telegram chat, oldest first."""
    contact = await contacts.get_or_create(product.store, channel=Channel.TELEGRAM, telegram_chat_id=chat)
    found = await tickets.of_contact(product.store, contact_id=contact.id, open_only=False)
    return sorted(found, key=lambda t: t.number)


def additions(product: Product, number: str) -> list[str]:
    """The resident's words posted under the ticket's card in its staff chat."""
    lead = f"📝 工单 <code>{number}</code> 居民补充："
    return [c.text.removeprefix(lead) for c in product.staff_seen(CHAOYANG_STAFF) if c.text.startswith(lead)]


async def test_words_sent_right_after_an_address_that_moves_the_emergency_reach_its_new_branch(
    product: Product,
) -> None:
    """The address hands the emergency to the branch serving it; the resident's next words, queued before its card
    reaches that branch's chat (a resident's words jump the queue), are posted under the card there all the same."""
    await product.writes(RESIDENT, "暖气片漏水了")  # no address yet: the default branch's chat has its card
    [leak] = await of_the_chat(product)
    await product.deliver()
    await product.writes(RESIDENT, "红旗小区3栋2单元501")  # served by Chaoyang
    await product.writes(RESIDENT, "水越来越多了")
    await product.deliver()
    assert additions(product, leak.number) == ["水越来越多了"]
