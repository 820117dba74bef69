"""Words a resident writes beside the address they were asked for ("5号楼3门402 家里有老人 快点", "Building 3 unit 2 room
501, it's getting worse"): the address answers the question, and the words are never dropped. They join the report's
words (the card, the ticket, the staff card) or, for an emergency already open, reach its duty staff; news of water
escaping or of a leak getting worse is acted on as the same words sent alone are."""

from __future__ import annotations

import pytest
from phone_world import CHAOYANG_STAFF, Product, clock_fixture, product_fixture  # noqa: F401

from storage import contacts, tickets
from storage.values import Channel, TicketInfo, TicketKind

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


@pytest.mark.parametrize(
    ("lang", "report", "answer", "address", "kept"),
    [
        ("zh-CN", "暖气不热", "红旗小区5号楼3门402 家里有老人 快点", "红旗小区5号楼3门402", "暖气不热 家里有老人 快点"),
        ("en", "my heating is not working", "Hongqi compound building 3 unit 2 room 501, it's getting worse",
         "Hongqi compound building 3 unit 2 room 501", "my heating is not working it's getting worse"),
    ],
)  # fmt: skip
async def test_words_beside_the_address_reach_the_card_the_ticket_and_its_staff(
    product: Product, lang: str, report: str, answer: str, address: str, kept: str
) -> None:
    await product.writes(RESIDENT, report, lang=lang)
    asked = "\n".join(await product.writes(RESIDENT, answer, lang=lang))
    assert ("多少度" if lang != "en" else "how warm") in asked  # the address taken: the next question
    card = "\n".join(await product.writes(RESIDENT, "15", lang=lang))
    assert (f"描述：{kept}\n" if lang != "en" else f"Description: {kept}\n") in card
    await product.writes(RESIDENT, "确认" if lang != "en" else "yes", lang=lang)
    await product.deliver()
    [ticket] = await of_the_chat(product)
    assert (ticket.kind, ticket.address_raw, ticket.description) == (TicketKind.NO_HEAT, address, kept)
    assert f"居民原话：{kept}\n" in product.card(ticket.number)


@pytest.mark.parametrize(
    "answer", ["红旗小区3栋2单元501 水越来越多了", "红旗小区3栋2单元501 暖气片开始漏水了"]
)
async def test_water_escaping_told_beside_a_no_heat_address_opens_the_leak_there_and_the_report_keeps_both(
    product: Product, answer: str
) -> None:
    """As the same words sent alone: the leak opens at once (advice, its number, staff alerted) at the address given
    with them; the no-heat report it interrupted takes that address (not asked again) and the words."""
    await product.writes(RESIDENT, "暖气不热")
    told = await product.writes(RESIDENT, answer)
    [leak] = await of_the_chat(product)
    assert (leak.kind, leak.address_raw) == (TicketKind.LEAK, "红旗小区3栋2单元501")
    assert "为了安全" in told[0] and any(leak.number in said for said in told)
    # the report's next question, not its address again
    assert "多少度" in told[-1] and "报修地址" not in "\n".join(told)
    words = answer.split()[1]
    card = "\n".join(await product.writes(RESIDENT, "15"))
    assert "地址：红旗小区3栋2单元501\n" in card and f"描述：暖气不热 {words}\n" in card
    await product.writes(RESIDENT, "确认")
    await product.deliver()
    _, repair = await of_the_chat(product)
    assert (repair.kind, repair.address_raw, repair.description) == (
        TicketKind.NO_HEAT,
        "红旗小区3栋2单元501",
        f"暖气不热 {words}",
    )
    assert words in product.card(leak.number)
    assert f"居民原话：暖气不热 {words}\n" in product.card(repair.number)


async def test_a_leak_getting_worse_told_beside_its_address_reaches_the_duty_staff(product: Product) -> None:
    """The emergency is open and its address asked: the address goes onto it, and "水越来越多了" is news for its duty
    staff, as when sent alone, never dropped; the address is not asked again."""
    await product.writes(RESIDENT, "暖气片漏水了")
    [leak] = await of_the_chat(product)
    await product.deliver()
    told = "\n".join(await product.writes(RESIDENT, "红旗小区3栋2单元501 水越来越多了"))
    assert f"地址“红旗小区3栋2单元501”已补充到工单 {leak.number}" in told
    assert "刚才的情况已补充到工单" in told and "发送地址" not in told
    await product.deliver()
    [ticket] = await of_the_chat(product)
    assert ticket.number == leak.number and ticket.address_raw == "红旗小区3栋2单元501"
    assert additions(product, leak.number) == ["水越来越多了"]


@pytest.mark.parametrize(
    ("lang", "answer", "words", "told"),
    [
        ("zh-CN", "红旗小区3栋2单元501 家里有老人 快点", "家里有老人 快点", "您说的“家里有老人 快点”已记到工单"),
        ("en", "Hongqi compound building 3 unit 2 room 501, please hurry, my mother is 90",
         "please hurry, my mother is 90", 'What you wrote with it, "please hurry, my mother is 90", is on ticket'),
    ],
)  # fmt: skip
async def test_words_beside_an_open_emergencys_address_reach_its_duty_staff(
    product: Product, lang: str, answer: str, words: str, told: str
) -> None:
    await product.writes(RESIDENT, "暖气片漏水了" if lang != "en" else "the radiator is leaking", lang=lang)
    [leak] = await of_the_chat(product)
    await product.deliver()
    said = "\n".join(await product.writes(RESIDENT, answer, lang=lang))
    assert told in said and leak.number in said
    await product.deliver()
    assert (await of_the_chat(product))[0].address_raw == answer.removesuffix(f" {words}").rstrip(",")
    assert additions(product, leak.number) == [words]


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
