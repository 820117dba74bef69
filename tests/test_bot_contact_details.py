"""What staff have to reach a Telegram resident: a phone number said inside a report, a bare number that is a phone
rather than a ticket's, and the name the resident shows on Telegram, each kept on their contact and shown on the
ticket's card (through the webhook, the outbox and the staff chat, on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from phone_world import CHAOYANG_STAFF, Product, clock_fixture, product_fixture  # noqa: F401

from storage import Store, contacts, numbers, tickets
from storage.values import Channel, ContactInfo, TicketInfo, TicketKind

RESIDENT, NEIGHBOUR = 8801, 8802
# A local landline's shape with a ticket number's check digit (the number of the ticket with id 8225123)
LANDLINE_LIKE_TICKET = "83251231"


async def contact_of(product: Product, chat: int = RESIDENT) -> ContactInfo:
    return await contacts.get_or_create(product.store, channel=Channel.TELEGRAM, telegram_chat_id=chat)


async def only_ticket(product: Product, chat: int = RESIDENT) -> TicketInfo:
    [ticket] = await tickets.of_contact(product.store, contact_id=(await contact_of(product, chat)).id)
    return ticket


async def next_ticket_id(store: Store, ticket_id: int) -> None:
    """The next ticket opened gets this id (and the number made from it)."""
    async with store.write() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(sa.text("SELECT setval('ticket_id_seq', :id, false)"), {"id": ticket_id})
        else:
            await conn.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'ticket'"))
            await conn.execute(
                sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('ticket', :seq)"),
                {"seq": ticket_id - 1},
            )


@pytest.mark.parametrize(
    ("lang", "words", "answers", "phone", "shown"),
    [
        (
            "zh-CN",
            "3栋2单元501 暖气不热 电话13812345678",
            ["15", "红旗小区", "是"],
            "+8613812345678",
            "+86 138****5678",
        ),
        (
            "en",
            "no heat in building 5 unit 1 room 302, call me on 139 0000 0001",
            ["15", "Hongqi compound", "yes"],
            "+8613900000001",
            "+86 139****0001",
        ),
    ],
)
async def test_a_phone_said_in_a_repair_report_is_the_number_staff_see_on_its_card(
    product: Product, lang: str, words: str, answers: list[str], phone: str, shown: str
) -> None:
    said = [await product.writes(RESIDENT, words, lang=lang)]
    for answer in answers:
        said.append(await product.writes(RESIDENT, answer, lang=lang))
    await product.deliver()
    ticket = await only_ticket(product)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.number in "".join(said[-1])
    contact = await contact_of(product)
    assert (contact.phone, contact.phone_typed) == (phone, True)  # as typed: unproved, linking no calls
    card = product.card(ticket.number)
    assert f"联系方式：{shown}（居民自填，未验证）" in card and "Telegram 用户（" not in card


async def test_a_landline_said_with_an_emergency_is_on_its_card_at_once(product: Product) -> None:
    await product.writes(RESIDENT, "红旗小区3栋2单元501 暖气片漏水了 我家座机0431-83251234")
    await product.deliver()
    ticket = await only_ticket(product)
    assert ticket.kind is TicketKind.LEAK
    assert (await contact_of(product)).phone == "+8643183251234"
    assert "联系方式：+86 431****1234（居民自填，未验证）" in product.card(ticket.number)
    [report] = await product.staff(f"/ticket {ticket.number}")  # the card as /ticket shows it says so too
    assert "联系方式：+86 431****1234（居民自填，未验证）" in report


async def test_a_phone_given_with_an_emergencys_address_reaches_its_card_unless_telegram_proved_one(
    product: Product,
) -> None:
    await product.writes(RESIDENT, "暖气片漏水了")
    told = await product.writes(RESIDENT, "红旗小区3栋2单元501 电话13812345678")
    await product.deliver()
    ticket = await only_ticket(product)
    assert f"已补充到工单 {ticket.number}" in "".join(told)
    assert (await contact_of(product)).phone == "+8613812345678"
    assert "联系方式：+86 138****5678（居民自填，未验证）" in product.card_text_now(ticket.number)
    await product.shares_phone(NEIGHBOUR, "+8613900007777")  # Telegram's own contact button
    await product.writes(NEIGHBOUR, "暖气片漏水了")
    await product.writes(NEIGHBOUR, "红旗小区5栋1单元302 我妈电话13700001111")
    contact = await contact_of(product, NEIGHBOUR)
    assert (contact.phone, contact.phone_typed) == (
        "+8613900007777",
        False,
    )  # their calls still find their tickets


@pytest.mark.parametrize(
    "words",
    [
        "红旗小区12栋2单元1502 暖气片漏水了",  # an address's numbers
        "红旗小区3栋2单元501 暖气片又漏水了 上次的工单号 8325 1234",  # a ticket's, as the resident calls it
        "红旗小区3栋2单元501 暖气片漏水了 你们热线0431-88880001一直占线",  # the company's own
    ],
)
async def test_an_address_a_ticket_or_the_hotline_in_a_report_is_no_phone_a_landline_sent_alone_is(
    product: Product, words: str
) -> None:
    await product.writes(RESIDENT, words)
    await product.deliver()
    ticket = await only_ticket(product)
    assert (await contact_of(product)).phone is None
    assert "联系方式：Telegram 用户（回复本卡片即可联系）" in product.card(ticket.number)
    told = "".join(await product.writes(RESIDENT, "我家座机 0431-8325 1234"))
    assert "已记下您的电话 +8643183251234，工作人员需要时会打这个号码联系您。" in told
    assert (await contact_of(product)).phone == "+8643183251234"


async def test_the_name_a_resident_shows_on_telegram_is_on_their_card_and_kept_up_to_date(
    product: Product,
) -> None:
    await product.writes(
        RESIDENT, "红旗小区3栋2单元501 暖气片漏水了", first_name="Li", last_name="<Wang>", username="liwang"
    )
    await product.deliver()
    ticket = await only_ticket(product)
    assert (await contact_of(product)).telegram_name == "Li <Wang> @liwang"
    card = product.card(ticket.number)
    assert "居民：Li &lt;Wang&gt; @liwang（Telegram 上的名字）\n联系方式：Telegram 用户" in card
    [report] = await product.staff(f"/ticket {ticket.number}")
    assert "居民：Li &lt;Wang&gt; @liwang（Telegram 上的名字）" in report
    await product.writes(
        RESIDENT, "水越来越多了", first_name="丽丽"
    )  # renamed on Telegram, no username any more
    await product.deliver()
    assert (await contact_of(product)).telegram_name == "丽丽"
    assert "居民：丽丽（Telegram 上的名字）" in product.card_text_now(ticket.number)


async def test_a_bare_number_that_is_no_ticket_of_theirs_is_kept_as_their_phone(product: Product) -> None:
    assert numbers.is_valid(
        LANDLINE_LIKE_TICKET
    )  # it has a ticket number's check digit, and no ticket has it
    assert "地址" in "".join(await product.writes(RESIDENT, "暖气片漏水了"))
    told = "".join(await product.writes(RESIDENT, LANDLINE_LIKE_TICKET))
    assert "已记下您的电话 +8643183251231，工作人员需要时会打这个号码联系您。" in told
    assert "没有找到工单" not in told and "地址" in told  # the address is asked again
    contact = await contact_of(product)
    assert (contact.phone, contact.phone_typed) == ("+8643183251231", True)
    await product.writes(RESIDENT, "红旗小区3栋2单元501")
    await product.deliver()
    ticket = await only_ticket(product)
    assert "联系方式：+86 431****1231（居民自填，未验证）" in product.card_text_now(ticket.number)


async def test_a_bare_number_that_is_their_ticket_is_looked_up_and_anothers_is_a_phone(
    product: Product,
) -> None:
    await next_ticket_id(product.store, numbers.to_id(LANDLINE_LIKE_TICKET) or 0)
    await product.writes(RESIDENT, "红旗小区3栋2单元501 暖气片漏水了")
    assert (await only_ticket(product)).number == LANDLINE_LIKE_TICKET
    status = "".join(await product.writes(RESIDENT, LANDLINE_LIKE_TICKET))
    assert f"工单 {LANDLINE_LIKE_TICKET}" in status and "红旗小区3栋2单元501" in status  # their ticket, found
    assert (await contact_of(product)).phone is None
    told = "".join(
        await product.writes(NEIGHBOUR, LANDLINE_LIKE_TICKET)
    )  # another resident: no ticket of theirs
    assert "已记下您的电话 +8643183251231" in told and "红旗小区" not in told and "没有找到工单" not in told
    assert (await contact_of(product, NEIGHBOUR)).phone == "+8643183251231"
