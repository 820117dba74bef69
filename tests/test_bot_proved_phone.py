"""A Telegram resident whose phone Telegram proved (shared with its contact button) and who then types another number:
the proved phone stays theirs (their calls still find their tickets), and the typed one is the number staff call
first about their repair, on its card and under it, the resident told plainly which number will be called (through
the webhook, the outbox and the staff chat, on SQLite and PostgreSQL)."""

from __future__ import annotations

from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_bot_contact_details import contact_of, only_ticket

from storage import tickets
from storage.values import TicketKind

RESIDENT, NEIGHBOUR = 8801, 8802
PROVED = "+8613900007777"  # shared with Telegram's contact button
TYPED = "+8613812345678"
FLAT = "红旗小区3栋2单元501"
CALL_FIRST = "这次请先打：+86 138****5678（居民另留的电话，自填未验证）"


async def proved_phone_kept(product: Product, chat: int = RESIDENT, phone: str = PROVED) -> None:
    contact = await contact_of(product, chat)
    assert (contact.phone, contact.phone_typed) == (phone, False)


async def test_a_number_typed_for_an_open_repair_is_called_first_and_the_proved_phone_stays(
    product: Product,
) -> None:
    await product.shares_phone(RESIDENT, PROVED)
    await product.writes(RESIDENT, f"{FLAT} 暖气片漏水了")
    await product.deliver()
    ticket = await only_ticket(product)

    told = "".join(await product.writes(RESIDENT, "我电话是13812345678"))
    assert told == (
        f"已记下电话 {TYPED}：工单 {ticket.number} 的工作人员会先打这个号码联系您。"
        f"您在 Telegram 上验证过的电话 {PROVED} 仍然保留（工作人员也可能打它），打热线时也能查到您的报修。"
    )
    await proved_phone_kept(product)
    # a call from the proved phone still finds the repair; the typed one finds nothing (anyone may type any number)
    assert [t.number for t in await tickets.of_phone(product.store, phone=PROVED)] == [ticket.number]
    assert await tickets.of_phone(product.store, phone=TYPED) == []

    await product.deliver()
    card = product.card_text_now(ticket.number)
    assert f"联系方式：+86 139****7777\n{CALL_FIRST}\n" in card
    [line] = [c.text for c in product.staff_seen() if c.text.startswith("📞")]
    assert line == (
        f"📞 工单 <code>{ticket.number}</code>：居民请工作人员这次打 {TYPED} 联系TA（居民自填，未验证），请先打这个号码；"
        "卡片上“联系方式”里 Telegram 验证过的电话仍是TA的。"
    )
    report = "\n".join(await product.staff(f"/ticket {ticket.number}"))
    assert CALL_FIRST in report and "居民另留回电号码（居民）：+86 138****5678" in report


async def test_a_number_typed_while_reporting_goes_onto_the_ticket_the_report_opens(product: Product) -> None:
    await product.shares_phone(RESIDENT, PROVED)
    await product.writes(RESIDENT, "暖气不热")
    told = await product.writes(RESIDENT, "13812345678")
    assert told[0] == (
        f"已记下电话 {TYPED}：这次报修工作人员会先打这个号码联系您。"
        f"您在 Telegram 上验证过的电话 {PROVED} 仍然保留（工作人员也可能打它），打热线时也能查到您的报修。"
    )
    assert "地址" in told[-1]  # the question open is asked again
    await product.writes(RESIDENT, FLAT)
    await product.writes(RESIDENT, "15")
    opened = "\n".join(await product.writes(RESIDENT, "是"))
    await product.deliver()
    ticket = await only_ticket(product)
    assert ticket.kind is TicketKind.NO_HEAT
    assert (
        f"工单 {ticket.number} 的工作人员会先打您留的电话 {TYPED} 联系您；您在 Telegram 上验证过的电话 {PROVED} 仍然保留。"
        in opened
    )
    await proved_phone_kept(product)
    assert CALL_FIRST in product.card_text_now(ticket.number)


async def test_a_number_said_in_an_emergencys_words_is_called_first_and_the_proved_phone_stays(
    product: Product,
) -> None:
    await product.shares_phone(RESIDENT, PROVED)
    told = "\n".join(await product.writes(RESIDENT, f"{FLAT} 暖气片漏水了 打我这个电话13812345678"))
    await product.deliver()
    ticket = await only_ticket(product)
    assert ticket.kind is TicketKind.LEAK
    assert f"工单 {ticket.number} 的工作人员会先打您留的电话 {TYPED} 联系您" in told
    await proved_phone_kept(product)
    assert CALL_FIRST in product.card_text_now(ticket.number)


async def test_the_proved_number_typed_again_changes_nothing_and_one_typed_with_nothing_open_waits_for_a_report(
    product: Product,
) -> None:
    await product.shares_phone(RESIDENT, PROVED)
    again = await product.writes(RESIDENT, "13900007777")
    assert again == [f"已记下您的电话 {PROVED}，以后打热线也能查到您的报修。"]
    await proved_phone_kept(product)  # still proved: their calls find their tickets

    told = await product.writes(RESIDENT, "0431-83251234")
    assert told == [
        "已记下电话 +8643183251234：您现在没有在办的报修，下次报修时工作人员会先打这个号码联系您。"
        f"您在 Telegram 上验证过的电话 {PROVED} 仍然保留，打热线时也能查到您的报修。"
    ]
    await proved_phone_kept(product)
    opened = "\n".join(await product.writes(RESIDENT, f"{FLAT} 暖气片漏水了"))
    await product.deliver()
    ticket = await only_ticket(product)
    assert f"工单 {ticket.number} 的工作人员会先打您留的电话 +8643183251234 联系您" in opened
    assert "这次请先打：+86 431****1234（居民另留的电话，自填未验证）" in product.card_text_now(ticket.number)


async def test_a_follower_whose_phone_telegram_proved_is_called_on_the_number_they_type(
    product: Product,
) -> None:
    await product.writes(RESIDENT, f"{FLAT} 暖气片漏水了")
    await product.shares_phone(NEIGHBOUR, "+8613700001111")
    await product.writes(NEIGHBOUR, f"{FLAT} 我家暖气片也漏水了", first_name="Mei")
    await product.deliver()
    ticket = await only_ticket(product)
    told = "".join(await product.writes(NEIGHBOUR, "13812345678", first_name="Mei"))
    assert f"工单 {ticket.number} 的工作人员会先打这个号码联系您" in told
    await proved_phone_kept(product, NEIGHBOUR, "+8613700001111")
    await product.deliver()
    [line] = [c.text for c in product.staff_seen() if c.text.startswith("📞")]
    assert line == (
        f"📞 工单 <code>{ticket.number}</code>：同户另一位居民（Telegram 用户“Mei”，+86 137****1111）请工作人员打 {TYPED} "
        "联系TA（居民自填，未验证）。回复这条消息即可联系TA。"
    )
    assert "这次请先打" not in product.card_text_now(ticket.number)  # the card's phone is its reporter's
