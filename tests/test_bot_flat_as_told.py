"""A flat told by its floor and side ("1单元 3楼 西户", "6楼 东户") by a resident who does not know its room number:
"不知道" (or a second answer that adds nothing) files the report with the flat as told, marked for staff to confirm,
as the phone line does; a room number typed after the floor is taken; "I don't know" is never answered with thanks."""

from __future__ import annotations

import pytest
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_bot_address_asides import of_the_chat

from storage import contacts, tickets
from storage.values import Channel

RESIDENT = 7401
TOLD = "桂林小区2栋 1单元 3楼 西户"


@pytest.mark.parametrize(
    "answers",
    [["不知道房间号"], ["我真不知道房间号 你们来人就知道了"], ["就是西边那户", "你们来人看看吧"]],
)
async def test_a_flat_told_by_its_floor_is_filed_as_told_for_staff_to_confirm(
    product: Product, answers: list[str]
) -> None:
    await product.writes(RESIDENT, "桂林小区2栋暖气不热")
    assert "还差房间号" in "\n".join(await product.writes(RESIDENT, "1单元 3楼 西户"))
    said = "\n".join([line for words in answers for line in await product.writes(RESIDENT, words)])
    assert f"没关系，就按“{TOLD}”报修，工作人员会跟您核实具体是哪一户。" in said
    assert "不客气" not in said and "多少度" in said
    card = "\n".join(await product.writes(RESIDENT, "不知道"))
    assert f"地址：{TOLD}\n" in card
    await product.writes(RESIDENT, "确认")
    await product.deliver()
    [ticket] = await of_the_chat(product, RESIDENT)
    assert (ticket.address_raw, ticket.building, ticket.unit, ticket.room) == (TOLD, "2", "1", None)
    assert f"地址：{TOLD}（居民不知道房间号，请联系居民核实是哪一户）" in product.card(ticket.number)
    notes = [e.data.get("code") for e in await tickets.events(product.store, number=ticket.number)]
    assert "address_as_told" in notes
    contact = await contacts.get_or_create(product.store, channel=Channel.TELEGRAM, telegram_chat_id=RESIDENT)
    assert contact.address_raw is None  # not confirmed: never offered as their address next time


async def test_a_room_number_typed_after_the_floor_completes_the_flat(product: Product) -> None:
    await product.writes(RESIDENT, "桂林小区2栋暖气不热")
    await product.writes(RESIDENT, "1单元 3楼 西户")
    assert "多少度" in "\n".join(await product.writes(RESIDENT, "302"))
    await product.writes(RESIDENT, "15")
    await product.writes(RESIDENT, "确认")
    await product.deliver()
    [ticket] = await of_the_chat(product, RESIDENT)
    assert (ticket.address_raw, ticket.building, ticket.unit, ticket.room) == (f"{TOLD} 302", "2", "1", "302")
    assert f"地址：{TOLD} 302\n" in product.card(ticket.number)


async def test_an_estate_named_without_its_ending_is_the_companys_estate(product: Product) -> None:
    """ "桂林2栋2单元502" is in 桂林小区: its branch gets it, and the estate is not asked."""
    await product.writes(RESIDENT, "桂林2栋2单元502 暖气不热了，老伴身体不好，快点来人")
    card = "\n".join(await product.writes(RESIDENT, "不知道 没温度计"))
    assert "地址：桂林小区2栋2单元502\n" in card and "哪个小区" not in card
    await product.writes(RESIDENT, "确认")
    await product.deliver()
    [ticket] = await of_the_chat(product, RESIDENT)
    assert (ticket.address_raw, ticket.branch) == ("桂林小区2栋2单元502", "chaoyang")
    assert "居民原话：桂林2栋2单元502 暖气不热了，老伴身体不好，快点来人\n" in product.card(ticket.number)


async def test_a_yes_to_which_estate_asks_it_again(product: Product) -> None:
    await product.writes(RESIDENT, "9栋2单元502 暖气不热了")
    asked = "\n".join(await product.writes(RESIDENT, "15"))
    assert "地址“9栋2单元502”在哪个小区？" in asked
    again = "\n".join(await product.writes(RESIDENT, "对"))
    assert "地址“9栋2单元502”在哪个小区？" in again and "确认报修" not in again
    card = "\n".join(await product.writes(RESIDENT, "桂林小区"))
    assert "地址：桂林小区9栋2单元502\n" in card
