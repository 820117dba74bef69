"""A resident who no longer needs the visit ("不用来了，取消报修") on Telegram: the bot cannot withdraw a filed report, so
their wish goes to staff, who close it with /cancel. The resident is told in their language, never asked to rate a
repair that did not happen, and the report stays out of the repair figures."""

from __future__ import annotations

from fake_telegram import Sent
from phone_world import CHAOYANG_STAFF, Product, clock_fixture, product_fixture  # noqa: F401

from heatline.report import as_text
from storage import reports, tickets
from storage.values import Priority, Status, TicketKind

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


LEAK_CHAT = 8808


def swapped(product: Product) -> list[tuple[str, str]]:
    """The buttons a card shows after one of them swapped them (Dispatch's crews, Cancel's Confirm cancel)."""
    return [c for c in product.telegram.calls if c.method == "editMessageReplyMarkup"][-1].buttons


async def asked_on_the_card(product: Product, number: str, button: str, confirm: str) -> tuple[str, str]:
    """Press `button` on a new ticket's card: it asks first, as an alert, the card's buttons swapped for `confirm` ·
    Back, and Back gives them back with nothing changed. The alert's words, and the data of `confirm`."""
    labels = [label for label, _ in product.card_buttons(number)]
    alert = await product.press(number, button)
    answered = [c for c in product.telegram.calls if c.method == "answerCallbackQuery"][-1]
    assert answered.params["show_alert"] in ("true", True)
    confirmed, back = swapped(product)
    assert (confirmed[0], back[0]) == (confirm, "« 返回")
    await product.press_data(back[1], number)
    assert [label for label, _ in swapped(product)] == labels
    assert (await product.ticket(number)).status is Status.NEW
    return alert, confirmed[1]


async def kept_by_keep(product: Product, number: str, confirm: str, status: Status) -> str:
    """A command that asks first: its answer offers `confirm` · Keep ticket, the ticket still at `status`; Keep ticket
    takes the buttons away and leaves it so. What Keep ticket answered."""
    seen = len(product.telegram.calls)
    question = last_answer(product)
    assert [label for label, _ in question.buttons] == [confirm, "保留工单"]
    assert (await product.ticket(number)).status is status  # nothing changed by the command
    kept = await product.press_under(question, "保留工单")
    [cleared] = [c for c in product.telegram.calls[seen:] if c.method == "editMessageReplyMarkup"]
    assert int(cleared.params["message_id"]) == question.result["message_id"] and not cleared.buttons
    await product.deliver()
    assert (await product.ticket(number)).status is status
    return kept


def last_answer(product: Product) -> Sent:
    """The bot's last message in the Chaoyang staff chat (an answer to a command), with its buttons."""
    return [c for c in product.telegram.calls if c.method == "sendMessage" and c.chat_id == CHAOYANG_STAFF][
        -1
    ]


async def test_an_emergency_is_cancelled_only_once_staff_confirm_it_keeping_the_reason_given(
    product: Product,
) -> None:
    await product.writes(LEAK_CHAT, "暖气片漏水了 红旗小区3栋1单元101 水流了一地")
    await product.deliver()
    [leak] = await tickets.list_tickets(product.store)
    assert leak.priority is Priority.EMERGENCY
    await product.staff(f"/dispatch {leak.number} C03")
    await product.deliver()
    seen = len(product.telegram.calls)

    [asked] = await product.staff(f"/cancel {leak.number} 居民说是误报")
    assert (
        f"紧急工单</b> <code>{leak.number}</code>：漏水，红旗小区3栋1单元101，已派单（朝阳抢修一队 C03）；原因：居民说是误报。"
        in asked
    )
    assert "取消后不再上门，居民会收到取消通知" in asked and "确认取消" in asked and "保留工单" in asked
    kept = await kept_by_keep(product, leak.number, "确认取消", Status.DISPATCHED)
    assert kept == f"✔ 工单 {leak.number} 没有取消，照常处理。"
    assert [
        c for c in product.telegram.calls[seen:] if c.chat_id == LEAK_CHAT
    ] == []  # the resident hears nothing

    await product.staff(f"/cancel {leak.number} 居民说水阀已经关好了，不用来了")
    question = last_answer(product)
    done = await product.press_under(question, "确认取消")
    assert done.startswith(f"✔ 工单 {leak.number} 已按居民要求取消")
    await product.deliver()
    cancelled = await product.ticket(leak.number)
    assert cancelled.status is Status.CANCELLED
    [move] = [
        e for e in await tickets.events(product.store, number=leak.number) if e.to_status == "cancelled"
    ]
    assert move.data["note"] == "居民说水阀已经关好了，不用来了"  # the reason the confirmed /cancel gave
    asks = [e for e in await tickets.events(product.store, number=leak.number) if e.kind == "cancel_asked"]
    assert [e.data.get("note") for e in asks] == ["居民说是误报", "居民说水阀已经关好了，不用来了"]
    assert [c.text for c in product.telegram.calls[seen:] if c.chat_id == LEAK_CHAT] == [
        f"工单 {leak.number} 已按您的要求取消，不会再派人上门。如仍有问题，请随时重新报修。"
    ]
    assert "已取消" in product.card_text_now(leak.number) and not product.card_buttons(leak.number)
    [report] = await product.staff(f"/ticket {leak.number}")
    assert "要求取消紧急工单，待确认" in report and "居民说是误报" in report

    again = await product.press_under(question, "确认取消")  # an old question pressed again
    assert "已取消" in again and (await product.ticket(leak.number)).status is Status.CANCELLED


async def test_the_cards_cancel_asks_first_and_back_keeps_the_ticket(product: Product) -> None:
    await product.writes(LEAK_CHAT, "暖气片漏水了 红旗小区3栋1单元101 水流了一地")
    await product.writes(RESIDENT_CHAT, "红旗小区5栋1单元101 暖气不热 15度")
    await product.writes(RESIDENT_CHAT, "对")
    await product.deliver()
    leak, cold = sorted(await tickets.list_tickets(product.store), key=lambda t: t.kind != TicketKind.LEAK)
    labels = [label for label, _ in product.card_buttons(leak.number)]
    assert labels == ["接单", "派单", "已到场", "已修复", "转交", "取消工单"]

    alert, confirm = await asked_on_the_card(product, leak.number, "取消工单", "确认取消")
    assert alert.startswith(f"⚠️ 要取消的是紧急工单 {leak.number}：漏水，红旗小区3栋1单元101，新报修，待接单")
    await product.press(leak.number, "取消工单")
    assert (await product.press_data(confirm, leak.number)).startswith(
        f"✔ 工单 {leak.number} 已按居民要求取消"
    )
    assert (await product.ticket(leak.number)).status is Status.CANCELLED
    assert not product.card_buttons(leak.number)

    asked = await product.press(cold.number, "取消工单")  # a repair: the card still asks, as a toast
    assert (
        asked
        == f"要取消工单 {cold.number}：暖气不热，红旗小区5栋1单元101，新报修，待接单。确认请点“确认取消”，不取消请点“返回”。"
    )
    assert (await product.ticket(cold.number)).status is Status.NEW
    await product.press_data(dict(swapped(product))["确认取消"], cold.number)
    assert (await product.ticket(cold.number)).status is Status.CANCELLED
