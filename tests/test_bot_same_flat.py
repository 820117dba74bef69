"""The chat dialogue, two residents of one flat: whoever reports it second follows the first one's ticket, and what
they send about it (a photo, "my repairs", news that it burst) is about that ticket."""

from __future__ import annotations

from fake_telegram import chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_dialogue import Chat, only_ticket

from bot.dialogue import Dialogue
from bot.replies import Photo
from bot.services import ChatServices
from storage import tickets
from storage.values import TicketKind

FLAT = "湖西花园7栋3单元602"


async def test_the_second_resident_follows_the_leak_and_their_photo_and_news_go_onto_it(
    services: ChatServices,
) -> None:
    husband, wife = Chat(Dialogue(services), 1001), Chat(Dialogue(services), 1002)
    await husband.say(f"暖气片漏水了 {FLAT}")
    leak = await only_ticket(husband)

    answer = await wife.say(f"我家暖气片在漏水 {FLAT}")
    assert "关闭暖气片进水和回水阀门" in answer  # the safety advice first, as for any leak
    assert f"已经有人报修过了，不用重复报修：漏水工单 {leak.number}" in answer
    assert "已建立紧急抢修单" not in answer
    assert f"已附到工单 {leak.number}" in await wife.send(Photo("photo-of-the-floor"))
    assert leak.number in await wife.say("我的报修")

    await wife.say(f"现在暖气片爆了 {FLAT}")
    [ticket] = await tickets.list_tickets(services.store)
    assert (ticket.number, ticket.kind) == (leak.number, TicketKind.BURST)
    kinds = [e.kind for e in await tickets.events(services.store, number=leak.number)]
    assert "photo" in kinds and kinds.count("followed") >= 2


async def test_a_leak_told_at_the_temperature_question_keeps_the_reading_and_words_for_the_repair_too(
    services: ChatServices,
) -> None:
    chat = Chat(Dialogue(services))
    await chat.say("暖气不热")
    await chat.say("红旗小区8栋1单元101")
    said = "才12度 家里有刚出生的婴儿 暖气片下面还有点渗水"
    answer = await chat.say(said)
    assert "阀门" in chat.last[0].text and "已建立紧急抢修单" in answer  # the leak opened at once
    assert "多少度" not in answer and "室温：12℃" in answer  # the reading given is not asked again
    assert f"描述：暖气不热 {said}\n" in answer
    await chat.press("确认")
    [repair] = [t for t in await tickets.list_tickets(services.store) if t.kind is TicketKind.NO_HEAT]
    assert (repair.description, repair.temperature_c, repair.room) == (f"暖气不热 {said}", 12, "101")


async def test_a_follower_who_asks_after_the_ticket_reads_its_address_in_their_own_script(
    services: ChatServices,
) -> None:
    grandmother, grandson = Chat(Dialogue(services), 1001), Chat(Dialogue(services), 1002)
    await grandmother.say("暖氣片漏水了 湖西花園7棟3單元602")
    leak = await only_ticket(grandmother)
    await grandson.say(f"我家暖气片在漏水 {FLAT}")

    answer = await grandson.say(f"查一下工单 {leak.number}")
    assert (
        FLAT in answer and "花園" not in answer
    )  # the grandmother's Traditional is not the grandson's script
    assert "湖西花園7棟3單元602" in await grandmother.say(f"查詢工單 {leak.number}")
