"""An emergency told before its address goes to the default branch's chat; the address, served by another branch,
moves it there. The first chat's card is then only a view of it; the new chat hears why it came (the address, not a
colleague's hand-over) and sees the escalation's reason as the first chat did."""

from __future__ import annotations

from phone_world import CHAOYANG_STAFF, Product, clock_fixture, product_fixture  # noqa: F401

from storage import tickets
from storage.values import TicketInfo

RESIDENT_CHAT = 8805
NANGUAN_STAFF = -1001000000001  # the staff chat of the branch a report with no address goes to


async def only_ticket(product: Product) -> TicketInfo:
    [ticket] = await tickets.list_tickets(product.store)
    return ticket


async def test_an_emergency_moved_by_its_address_leaves_a_view_only_card_and_says_why_it_came(
    product: Product,
) -> None:
    await product.writes(RESIDENT_CHAT, "卫生间暖气管漏水了")
    await product.deliver()
    ticket = await only_ticket(product)
    first = product.card(ticket.number, NANGUAN_STAFF)
    assert "⚠️ 已升级：居民报告漏水" in first and product.card_buttons(ticket.number, NANGUAN_STAFF)

    await product.writes(RESIDENT_CHAT, "红旗小区9栋1单元101")  # served by Chaoyang
    await product.deliver()
    moved = await only_ticket(product)
    assert moved.branch == "chaoyang"

    left = product.card_text_now(ticket.number, NANGUAN_STAFF)  # the card first posted, edited
    assert "↪️ 现由朝阳供热分公司负责，本群只能查看。" in left
    assert not product.card_buttons(ticket.number, NANGUAN_STAFF)
    [told] = [c.text for c in product.staff_seen() if c.text.startswith("↪️")]
    assert told == (
        f"↪️ 工单 <code>{ticket.number}</code> 由南关供热分公司转来：居民说的地址“红旗小区9栋1单元101”由本分公司服务。"
    )
    card = product.card(ticket.number)
    assert "⚠️ 已升级：居民报告漏水" in card and "已升级处理" not in card
    [handed] = [
        e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "handed_off"
    ]
    assert (handed.actor, handed.data.get("note"), handed.data["for_address"]) == (
        "resident",
        None,
        "红旗小区9栋1单元101",
    )
