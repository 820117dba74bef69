"""`heatline report` after what residents and staff did: each promise of a crew counted (a reopened repair's late
first visit stays late), and a room counted at the reading told after the repair."""

from __future__ import annotations

from phone_world import Product, clock_fixture, cold_by_phone, product_fixture  # noqa: F401
from storage_helpers import reopened_zh
from test_ivr_helpers import RESIDENT
from test_sms_chat import message, text

from heatline.report import as_text
from storage import reports, tickets
from storage.values import Status

HOTLINE = "+8643188880002"  # chaoyang's, the number the resident called


async def visit(product: Product, number: str, *, after: int, stay: int = 20) -> None:
    """The crew sent, on site `after` minutes later, the repair resolved `stay` minutes after that."""
    await product.press_data(f"tk:crew:{number}:C03", number)
    await product.tick(after)
    await product.press(number, "已到场")
    await product.tick(stay)
    await product.press(number, "已修复")
    await product.deliver()


async def texts(product: Product, words: str) -> str:
    status, body = await text(product.client, words, phone=RESIDENT, to=HOTLINE)
    assert status == 200
    await product.deliver()
    return message(body)


async def test_a_late_visit_stays_late_after_the_repair_is_reopened_and_the_next_is_on_time(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)
    await product.tick(50)  # the breach apology goes out at 09:00
    await visit(product, ticket.number, after=0)  # on site at 09:20: 50 minutes
    before = await reports.figures(product.store, min_room_temp_c=18, now=product.clock.now)
    assert (before.arrivals_on_time, before.arrivals_measured) == (0, 1)

    assert "已重新打开工单" in await texts(product, "6")
    await product.tick(5)
    await visit(product, ticket.number, after=10)  # on site 15 minutes after the reopening: in time
    assert (await product.ticket(ticket.number)).status is Status.RESOLVED

    after = await reports.figures(product.store, min_room_temp_c=18, now=product.clock.now)
    assert (after.arrivals_on_time, after.arrivals_measured, after.timely_rate_pct) == (1, 2, 50.0)
    assert "on site within 30 min    1 of 2 promises: 50 %" in as_text(after, product.runtime.company)


async def test_a_reading_told_with_the_score_after_the_repair_counts_for_the_rooms(product: Product) -> None:
    ticket = await cold_by_phone(product)
    await visit(product, ticket.number, after=10)
    first = await reports.figures(product.store, min_room_temp_c=18, now=product.clock.now)
    assert (first.temperatures_passing, first.temperatures_reported) == (0, 1)  # 15 °C, when reported

    assert "谢谢您的评价（5分）" in await texts(product, "现在22度了 挺好 5分")
    rated = await product.ticket(ticket.number)
    assert (rated.rating, rated.temperature_c) == (5, 15.0)
    [rating] = [e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "rating"]
    assert rating.data == {"rating": 5, "words": "现在22度了 挺好 5分", "temperature_c": 22.0}
    assert any("现在22度了 挺好 5分 (22°C)" in c.text for c in product.staff_seen())

    figures = await reports.figures(product.store, min_room_temp_c=18, now=product.clock.now)
    assert (
        figures.temperatures_passing,
        figures.temperatures_reported,
        figures.temperatures_after_repair,
    ) == (
        1,
        1,
        1,
    )
    shown = as_text(figures, product.runtime.company)
    assert "rooms >= 18 °C          1 of 1: 100 %" in shown
    assert "after the repair      1 of these rooms at the reading told after the repair" in shown


async def rooms(product: Product) -> tuple[int, int, int]:
    figures = await reports.figures(product.store, min_room_temp_c=18, now=product.clock.now)
    return figures.temperatures_passing, figures.temperatures_reported, figures.temperatures_after_repair


async def told_after(product: Product, number: str) -> list[dict[str, object]]:
    return [e.data for e in await tickets.events(product.store, number=number) if e.kind == "report"]


async def test_a_reading_told_alone_after_the_repair_is_kept_and_the_score_asked(product: Product) -> None:
    ticket = await cold_by_phone(product)
    await visit(product, ticket.number, after=10)
    assert await rooms(product) == (0, 1, 0)  # 15 °C, when reported

    asked = await texts(product, "现在22度了")
    assert asked.startswith("已记下：现在室温22℃。方便的话请为这次维修打分（1-5分）。")
    assert "1. 1" not in asked and "还是不热" not in asked  # warm enough: the score alone, 1-5 as said
    assert await told_after(product, ticket.number) == [{"description": "现在22度了", "temperature_c": 22.0}]
    assert await rooms(product) == (1, 1, 1)  # the room counted at its reading after the repair
    assert (await product.ticket(ticket.number)).rating is None

    assert "谢谢您的评价（5分）" in await texts(product, "5")
    rated = await product.ticket(ticket.number)
    assert (rated.rating, rated.status) == (5, Status.RESOLVED)
    assert (
        await texts(product, "现在23度了") == "已记下：现在室温23℃，谢谢您告诉我们！"
    )  # rated: nothing asked
    assert await rooms(product) == (1, 1, 1)


async def test_a_reading_below_the_norm_told_alone_after_the_repair_reopens_it(product: Product) -> None:
    ticket = await cold_by_phone(product)
    await visit(product, ticket.number, after=10)
    answer = await texts(product, "现在16度")
    reopened = await product.ticket(ticket.number)
    assert answer.endswith(reopened_zh(reopened))
    assert (reopened.status, reopened.temperature_c) == (Status.REOPENED, 16)  # the room as it is now
    assert await told_after(product, ticket.number) == [{"description": "现在16度", "temperature_c": 16.0}]


async def test_warm_again_with_a_reading_keeps_the_reading(product: Product) -> None:
    ticket = await cold_by_phone(product)
    await visit(product, ticket.number, after=10)
    assert (await texts(product, "暖和了 现在21度")).startswith("太好了，很高兴问题解决了！")
    assert await told_after(product, ticket.number) == [
        {"description": "暖和了 现在21度", "temperature_c": 21.0}
    ]
    assert await rooms(product) == (1, 1, 1)
