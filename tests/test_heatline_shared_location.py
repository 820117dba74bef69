"""A location a resident shares on Telegram reaches the staff of their ticket: a map under its card, and its
coordinates in `/ticket`. For an emergency told before any address it is the one clue where to go."""

from __future__ import annotations

from phone_world import Product, clock_fixture, product_fixture  # noqa: F401

from storage import tickets

RESIDENT_CHAT = 8806
NANGUAN_STAFF = -1001000000001  # the staff chat of the branch a report with no address goes to


async def test_a_location_shared_before_the_report_is_posted_under_its_card_and_shown_in_the_ticket(
    product: Product,
) -> None:
    answer = await product.shares_location(RESIDENT_CHAT, 43.88, 125.32)
    assert "已先保存" in answer[-1]
    await product.writes(RESIDENT_CHAT, "家里暖气管子裂了 一直在滋水")
    await product.deliver()
    [ticket] = await tickets.list_tickets(product.store)
    assert ticket.address_raw is None

    card = next(
        c
        for c in product.staff_seen(NANGUAN_STAFF)
        if c.buttons and f"<code>{ticket.number}</code>" in c.text
    )
    [where] = [c for c in product.telegram.of("sendLocation") if c.chat_id == NANGUAN_STAFF]
    assert (float(where.params["latitude"]), float(where.params["longitude"])) == (43.88, 125.32)
    assert where.params["reply_parameters"]["message_id"] == product.message_id(card)  # under the card

    report = "\n".join(await product.staff(f"/ticket {ticket.number}", chat=NANGUAN_STAFF))
    assert "位置（居民）：43.88, 125.32（地图：https://uri.amap.com/marker?position=125.32,43.88）" in report
