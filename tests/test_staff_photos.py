"""What a resident sends beside words reaches staff as it is: a photo as a photo, under the ticket's card, with what
they wrote; a phone they typed, as typed and not verified."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.staff.board import card_key
from storage import Store, contacts, conversations, tickets
from storage.values import Channel, TicketKind
from tests.staff_world import NANGUAN_CHAT, RESIDENT_CHAT, World, make_world
from tests.test_staff_relay import replies_for_resident, resident_says


@pytest.fixture
async def world(store: Store) -> AsyncIterator[World]:
    async for w in make_world(store):
        yield w


async def resident_sends_photo(world: World, file_id: str, caption: str | None = None) -> list[str]:
    """The resident's Telegram sends a photo (two sizes, as Telegram does); what the bot answered them."""
    before = len(world.fake.messages(RESIDENT_CHAT))
    sizes = [
        {"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 120},
        {"file_id": file_id, "file_unique_id": "b", "width": 960, "height": 1280},
    ]
    content: dict[str, Any] = {"photo": sizes} if caption is None else {"photo": sizes, "caption": caption}
    assert await world.resident(**content) == 200
    return [m.text for m in world.fake.messages(RESIDENT_CHAT)[before:]]


async def card_id(world: World, number: str) -> int:
    """The message id of the ticket's card in the branch chat."""
    state = await conversations.load(world.store, key=card_key(number, NANGUAN_CHAT))
    assert state is not None
    return int(state["message_id"])


@pytest.mark.parametrize("said", ["暖气片冰凉", "这是暖气片"])
async def test_a_photo_on_an_open_ticket_is_sent_to_its_staff_as_a_reply_to_the_card_with_its_caption(
    world: World, said: str
) -> None:
    ticket = await world.open_ticket(kind=TicketKind.NO_HEAT)
    await world.deliver_staff()  # the card is in the branch chat
    staff_before = len(world.fake.messages(NANGUAN_CHAT))
    answered = await resident_sends_photo(world, "AgACphoto-radiator", said)
    assert answered == [f"已附到工单 {ticket.number}。"]  # one answer: no second report, no "不会重复派单"
    await world.deliver_staff()
    [photo] = world.fake.of("sendPhoto")
    assert photo.chat_id == NANGUAN_CHAT and photo.params["photo"] == "AgACphoto-radiator"
    caption = str(photo.params["caption"])
    assert ticket.number in caption and "居民发来的照片" in caption and said in caption
    assert world.fake.messages(NANGUAN_CHAT)[staff_before:] == []  # the words once, with the photo
    events = await tickets.events(world.store, number=ticket.number)
    assert [e.kind for e in events if e.kind in ("photo", "report")] == ["photo"]
    assert photo.params["reply_parameters"]["message_id"] == await card_id(world, ticket.number)


async def test_a_photo_whose_caption_is_an_emergency_report_opens_it_with_the_photo_and_asks_nothing(
    world: World,
) -> None:
    answered = await resident_sends_photo(world, "AgACphoto-leak", "南关区东岭小区4栋1单元201 暖气片接口漏水")
    assert not any("请再告诉我" in a or "已先保存" in a for a in answered)
    contact = await contacts.get_or_create(
        world.store, channel=Channel.TELEGRAM, telegram_chat_id=RESIDENT_CHAT
    )
    [leak] = await tickets.of_contact(world.store, contact_id=contact.id)
    assert leak.kind is TicketKind.LEAK and any(leak.number in a for a in answered)
    events = await tickets.events(world.store, number=leak.number)
    assert [e.data["file_id"] for e in events if e.kind == "photo"] == ["AgACphoto-leak"]
    await world.deliver_staff()
    [photo] = world.fake.of("sendPhoto")
    assert photo.params["photo"] == "AgACphoto-leak" and leak.number in str(photo.params["caption"])
    assert photo.params["reply_parameters"]["message_id"] == await card_id(world, leak.number)


async def test_a_photo_sent_while_staff_talk_with_the_resident_reaches_them_as_a_photo_they_can_answer(
    world: World,
) -> None:
    await resident_says(world, "南关区东岭小区3栋 我要找人工客服")
    await resident_sends_photo(world, "AgACphoto-wall", "墙上都是水印")
    await world.deliver_staff()
    [photo] = world.fake.of("sendPhoto")
    assert photo.chat_id == NANGUAN_CHAT and photo.params["photo"] == "AgACphoto-wall"
    assert "墙上都是水印" in str(photo.params["caption"])
    await world.command("收到，师傅下午去看", reply_to=photo.result["message_id"])
    [reply] = await replies_for_resident(world)
    assert reply.address == str(RESIDENT_CHAT) and reply.payload["text"] == "收到，师傅下午去看"


async def test_a_phone_typed_in_the_chat_is_shown_to_staff_as_typed_and_not_verified(world: World) -> None:
    await resident_says(world, "我的手机号是13900007777")
    await resident_says(world, "南关区东岭小区3栋2单元501 暖气片漏水了")
    await world.deliver_staff()
    [card] = [c for c in world.fake.of("sendMessage") if c.chat_id == NANGUAN_CHAT]
    assert "+86 139****7777（居民自填，未验证）" in card.text
    own = {"phone_number": "8613900007777", "first_name": "Li", "user_id": RESIDENT_CHAT}
    assert await world.resident(contact=own) == 200  # Telegram's own contact button: proved theirs
    contact = await contacts.get_or_create(
        world.store, channel=Channel.TELEGRAM, telegram_chat_id=RESIDENT_CHAT
    )
    assert contact.phone == "+8613900007777" and not contact.phone_typed


async def test_a_phone_typed_in_a_complaint_is_on_its_card_as_typed_and_not_verified(world: World) -> None:
    await resident_says(world, "我要投诉 昨天来的师傅态度特别差 我电话13912345678，南关区东岭小区3栋2单元501")
    await world.deliver_staff()
    [card] = [c for c in world.fake.of("sendMessage") if c.chat_id == NANGUAN_CHAT and "投诉" in c.text]
    assert "联系方式：+8613912345678（居民自填，未验证）" in card.text  # in full: the supervisor calls back
    assert "投诉时间：" in card.text and "报修时间" not in card.text
    contact = await contacts.get_or_create(
        world.store, channel=Channel.TELEGRAM, telegram_chat_id=RESIDENT_CHAT
    )
    assert contact.phone == "+8613912345678" and contact.phone_typed
