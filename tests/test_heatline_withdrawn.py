"""A resident who no longer needs the visit ("不用来了，取消报修") on Telegram: the bot cannot withdraw a filed report, so
their wish goes to staff, who close it with /cancel. The resident is told in their language, never asked to rate a
repair that did not happen, and the report stays out of the repair figures."""

from __future__ import annotations

from phone_world import CHAOYANG_STAFF, Product, clock_fixture, product_fixture  # noqa: F401

from heatline.report import as_text
from storage import reports, tickets
from storage.values import Status

RESIDENT_CHAT = 8807


async def test_staff_cancel_a_report_the_resident_withdrew_without_a_rating_asked(product: Product) -> None:
    await product.writes(RESIDENT_CHAT, "红旗小区3栋1单元101 暖气不热 15度")
    await product.writes(RESIDENT_CHAT, "对")
    await product.deliver()
    [ticket] = await tickets.list_tickets(product.store)

    [told] = await product.writes(RESIDENT_CHAT, "不用来了 暖气已经热了 取消报修吧")
    assert f"工单 {ticket.number}" in told and "工作人员" in told and "结果会在这里告诉您" in told
    assert "打电话" not in told  # a Telegram resident with no number: nobody can call them
    await product.deliver()

    seen = len(product.telegram.calls)
    [answer] = await product.staff(f"/cancel {ticket.number} 居民说已经热了")
    assert answer.startswith(f"✔ 工单 <code>{ticket.number}</code> 已按居民要求取消")
    await product.deliver()
    to_resident = [c.text for c in product.telegram.calls[seen:] if c.chat_id == RESIDENT_CHAT]
    assert to_resident == [
        f"工单 {ticket.number} 已按您的要求取消，不会再派人上门。如仍有问题，请随时重新报修。"
    ]
    assert "已取消" in product.card_text_now(ticket.number) and not product.card_buttons(ticket.number)
    assert not [c for c in product.staff_seen()[-3:] if "被居民取消" in c.text]

    cancelled = await product.ticket(ticket.number)
    assert (cancelled.status, cancelled.rating) == (Status.CANCELLED, None)
    [move] = [
        e for e in await tickets.events(product.store, number=ticket.number) if e.to_status == "cancelled"
    ]
    assert move.data["note"] == "居民说已经热了"
    await product.tick(40)  # no clock for it, no rating question later
    assert not [c for c in product.telegram.calls[seen:] if c.chat_id == RESIDENT_CHAT and "打分" in c.text]

    figures = await reports.figures(product.store, min_room_temp_c=18, now=product.clock.now)
    assert (figures.tickets, figures.cancelled) == (1, 1)
    assert (figures.arrivals_measured, figures.temperatures_reported, figures.ratings) == (0, 0, {})
    assert "cancelled             1 of these" in as_text(figures, product.runtime.company)
