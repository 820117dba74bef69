"""Marking resolved a repair no crew has been sent to (nor recorded on site): its resident would be told it is fixed
and asked to rate a repair nobody made, so /resolve and the card's Resolved say so first, with what else to do
(/cancel, /dispatch), and wait for Confirm resolved; Keep ticket (or Back) leaves it as it was. The ticket's log names
the staff member who did each thing as the card does."""

from __future__ import annotations

from phone_world import CHAOYANG_STAFF, Product, clock_fixture, product_fixture  # noqa: F401
from test_heatline_withdrawn import asked_on_the_card, kept_by_keep, last_answer

from storage import tickets
from storage.values import Status, TicketInfo

RESIDENT_CHAT = 8811


async def cold_flat(product: Product) -> TicketInfo:
    """A no-heat report filed on Telegram, its card posted; nobody has taken it."""
    await product.writes(RESIDENT_CHAT, "暖气不热 红旗小区3栋2单元601 屋里12度")
    await product.writes(RESIDENT_CHAT, "确认")
    await product.deliver()
    [ticket] = await tickets.list_tickets(product.store)
    return ticket


def to_resident(product: Product, since: int) -> list[str]:
    return [c.text for c in product.telegram.calls[since:] if c.chat_id == RESIDENT_CHAT]


async def test_resolve_of_a_repair_no_crew_went_to_asks_first_and_keep_leaves_it(product: Product) -> None:
    ticket = await cold_flat(product)
    seen = len(product.telegram.calls)

    [asked] = await product.staff(f"/resolve {ticket.number}")
    assert asked.startswith(
        f"⚠️ 工单 <code>{ticket.number}</code>（暖气不热，红旗小区3栋2单元601，新报修，待接单）还没有派过抢修队"
    )
    assert "居民会收到“已修好”的通知，并被请为这次维修评价" in asked
    assert f"/cancel {ticket.number}" in asked and "/dispatch" in asked
    kept = await kept_by_keep(product, ticket.number, "确认已修复", Status.NEW)
    assert kept == f"✔ 工单 {ticket.number} 没有标记为已修复，照常处理。"
    assert to_resident(product, seen) == []  # never asked to rate a repair nobody made

    await product.staff(f"/dispatch {ticket.number} C03")  # once a crew is sent: resolved at once, as ever
    [done] = await product.staff(f"/resolve {ticket.number}")
    assert done == f"✔ 工单 <code>{ticket.number}</code> 已标记为已修复。"
    assert (await product.ticket(ticket.number)).status is Status.RESOLVED


async def test_a_confirmed_resolve_keeps_its_note_and_the_resident_is_told_with_it(product: Product) -> None:
    ticket = await cold_flat(product)
    seen = len(product.telegram.calls)
    [asked] = await product.staff(f"/resolve {ticket.number} 居民说放气后已经热了")
    assert "；备注：居民说放气后已经热了。" in asked
    done = await product.press_under(last_answer(product), "确认已修复")
    assert done == f"✔ 工单 {ticket.number} 已标记为已修复。"
    await product.deliver()
    assert (await product.ticket(ticket.number)).status is Status.RESOLVED
    [told] = to_resident(product, seen)
    assert "居民说放气后已经热了" in told
    [move] = [
        e for e in await tickets.events(product.store, number=ticket.number) if e.to_status == "resolved"
    ]
    assert move.data["note"] == "居民说放气后已经热了"
    [report] = await product.staff(f"/ticket {ticket.number}")
    assert "要求标记已修复（还没派过抢修队），待确认（Dispatcher）" in report


async def test_the_cards_resolved_asks_first_and_back_keeps_the_ticket(product: Product) -> None:
    ticket = await cold_flat(product)
    alert, confirm = await asked_on_the_card(product, ticket.number, "已修复", "确认已修复")
    assert alert.startswith(f"工单 {ticket.number} 还没有派过抢修队，也没有记录到场。")
    await product.press(ticket.number, "已修复")
    done = await product.press_data(confirm, ticket.number)
    assert done == f"✔ 工单 {ticket.number} 已标记为已修复。"
    assert (await product.ticket(ticket.number)).status is Status.RESOLVED
    assert not product.card_buttons(ticket.number)


async def test_the_tickets_log_names_the_staff_member_as_the_card_does(product: Product) -> None:
    ticket = await cold_flat(product)
    await product.staff(f"/note {ticket.number} 电话联系过了")
    await product.staff(f"/take {ticket.number}")
    await product.staff(f"/onsite {ticket.number}")
    await product.staff(f"/resolve {ticket.number} 换了阀门")
    [report] = await product.staff(f"/ticket {ticket.number}")
    assert "接单人：Dispatcher" in report and "staff:" not in report
    assert "备注（Dispatcher）：电话联系过了" in report
    assert "已接单（Dispatcher）\n" in report  # the taker not said twice
    assert "维修人员已到场（Dispatcher）" in report and "已修复（Dispatcher）：换了阀门" in report
