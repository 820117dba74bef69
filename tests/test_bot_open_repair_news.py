"""What a resident tells in the chat about a repair still open, without a new report: a new room reading, anger
at the wait. It goes onto that repair for its staff, and the resident hears so."""

from __future__ import annotations

import pytest
from fake_telegram import Clock, chat_store_fixture, clock_fixture, services_fixture  # noqa: F401
from test_bot_corrections import reported, staff_notices
from test_bot_dialogue import Chat, only_ticket

from bot.dialogue import Dialogue
from bot.services import ChatServices
from storage import tickets
from storage.values import Status, TicketInfo, TicketKind

OWN = "红旗小区3栋2单元501"


@pytest.fixture(name="chat")
def chat_fixture(services: ChatServices) -> Chat:
    return Chat(Dialogue(services))


async def cold_at_501(chat: Chat, lang: str = "zh-CN") -> TicketInfo:
    """A no-heat report at 15 °C, confirmed; its staff notices handed out."""
    english = lang == "en"
    await chat.say(f"no heat, {OWN}, 15 degrees" if english else f"暖气不热 {OWN} 15度")
    assert len(chat.buttons()) == 3  # the card: confirm, change the address, cancel
    await chat.press(chat.buttons()[0])
    ticket = await only_ticket(chat)
    assert ticket.temperature_c == 15
    await staff_notices(chat)
    return ticket


@pytest.mark.parametrize(
    ("lang", "said", "told"),
    [
        ("zh-CN", "现在只有12度了", "12℃"),
        ("zh-TW", "現在只有12度了", "12℃"),
        ("zh-CN", "温度又降到12度了", "12℃"),
        ("en", "only 12 degrees now", "12 °C"),
    ],
)
async def test_a_lower_reading_told_while_the_repair_is_open_goes_onto_it(
    chat: Chat, lang: str, said: str, told: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    opened = await cold_at_501(chat, lang)
    answer = await chat.say(said)
    assert opened.number in answer and told in answer and chat.buttons() == []  # no "which did you mean?"
    ticket = await only_ticket(chat)  # no second ticket
    assert ticket.number == opened.number and ticket.temperature_c == 12
    assert await reported(chat, ticket) == [{"description": said, "temperature_c": 12}]
    [(event, branch, payload)] = await staff_notices(chat)
    assert (event, branch, payload["temperature_c"]) == ("ticket.report", "chaoyang", 12)


@pytest.mark.parametrize(
    ("lang", "said", "reading", "told"),
    [
        ("zh-CN", "现在16度了", 16, "现在的室温16℃已补充到工单 {number}，仍低于18℃的标准"),
        ("zh-CN", "现在16度", 16, "现在的室温16℃已补充到工单 {number}，仍低于18℃的标准"),
        ("zh-CN", "现在13度了", 13, "您说屋里更冷了：现在13℃，报修时是15℃。已记到工单 {number}"),
        ("zh-CN", "现在20度了", 20, "现在的室温20℃已补充到工单 {number}，并已转告工作人员"),
        ("en", "it's 16 degrees now", 16, "16 °C, is added to ticket {number} and passed on to staff. It is still below"),
    ],
)  # fmt: skip
async def test_a_reading_the_classifier_takes_for_a_status_question_goes_onto_the_repair(
    chat: Chat, lang: str, said: str, reading: float, told: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    opened = await cold_at_501(chat, lang)
    answer = await chat.say(said)
    assert (
        told.format(number=opened.number) in answer
        and "未完成" not in answer
        and "open repairs" not in answer
    )
    ticket = await only_ticket(chat)
    assert ticket.temperature_c == reading
    assert await reported(chat, ticket) == [{"description": said, "temperature_c": reading}]
    [(event, _branch, payload)] = await staff_notices(chat)
    assert (event, payload["temperature_c"]) == ("ticket.report", reading)


async def test_a_reading_asked_about_is_answered_not_put_on_the_repair(chat: Chat) -> None:
    opened = await cold_at_501(chat)
    await chat.say("现在12度正常吗")
    ticket = await only_ticket(chat)
    assert ticket.temperature_c == 15 and await reported(chat, opened) == []


async def test_a_reading_without_a_repair_open_is_asked_about(chat: Chat) -> None:
    asked = await chat.say("现在只有12度了")
    assert "您是想" in asked and len(chat.buttons()) > 1


@pytest.mark.parametrize(
    ("lang", "said", "sorry"),
    [
        ("zh-CN", "再不来我就打12345投诉", "很抱歉让您久等了"),
        ("zh-TW", "再不來我就打12345投訴", "很抱歉讓您久等了"),
        ("en", "if nobody comes in ten minutes I will file a complaint", "sorry you have been kept waiting"),
    ],
)
async def test_a_threat_to_complain_of_the_wait_is_that_repairs_complaint_taken_at_once(
    chat: Chat, clock: Clock, lang: str, said: str, sorry: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    repair = await cold_at_501(chat, lang)
    clock.advance(minutes=20)
    answer = await chat.say(said)
    mine = await tickets.of_contact(chat.dialogue.services.store, contact_id=await chat.contact_id())
    [complaint] = [t for t in mine if t.number != repair.number]
    assert (complaint.kind, complaint.branch, complaint.escalated) == (TicketKind.COMPLAINT, "chaoyang", True)
    assert complaint.description == said  # the words as they were said: no second message asked for
    assert repair.number in answer and sorry in answer and complaint.number in answer and chat.buttons() == []
    assert await reported(chat, repair) == [{"description": said}]  # the repair's staff see it beside it
    notices = [(event, branch) for event, branch, _ in await staff_notices(chat)]
    assert ("ticket.report", "chaoyang") in notices and ("ticket.escalated", "chaoyang") in notices
    after = await chat.say("多久到" if lang != "en" else "when will they come?")  # handled as it is
    assert (
        repair.number in after
        and ("crew due by" if lang == "en" else "前到場" if lang == "zh-TW" else "前到场") in after
    )
    kept = await tickets.get(chat.dialogue.services.store, number=complaint.number)
    assert kept is not None and kept.description == said
    assert (
        len(await tickets.of_contact(chat.dialogue.services.store, contact_id=await chat.contact_id())) == 2
    )


async def test_a_threat_to_complain_with_no_repair_open_asks_what_happened(chat: Chat) -> None:
    assert "告诉我发生了什么" in await chat.say("再不来我就打12345投诉")


async def dispatched(chat: Chat, lang: str = "zh-CN") -> TicketInfo:
    """The no-heat repair at 501 with its crew on the way."""
    repair = await cold_at_501(chat, lang)
    await tickets.dispatch(chat.dialogue.services.store, number=repair.number, crew="C03", actor="staff")
    await staff_notices(chat)
    return repair


@pytest.mark.parametrize("later", [False, True])  # just after the report, or hours later
@pytest.mark.parametrize(
    ("lang", "said", "told"),
    [
        ("zh-CN", "取消报修", "我这里撤销不了"),
        ("zh-CN", "撤销工单", "我这里撤销不了"),
        ("zh-CN", "不用修了", "我这里撤销不了"),
        ("zh-TW", "取消報修", "我這裡撤銷不了"),
        ("en", "cancel my repair", "I cannot withdraw it here"),
        ("en", "please cancel the ticket", "I cannot withdraw it here"),
    ],
)
async def test_a_cancel_wished_of_an_open_repair_goes_to_its_staff_who_decide(
    chat: Chat, clock: Clock, lang: str, said: str, told: str, later: bool
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    repair = await dispatched(chat, lang)
    if later:
        clock.advance(hours=3)
    answer = await chat.say(said)
    assert told in answer and repair.number in answer
    ticket = await only_ticket(chat)
    assert ticket.status is Status.DISPATCHED  # only staff move it
    assert await reported(chat, ticket) == [{"description": said}]
    assert [(event, branch) for event, branch, _ in await staff_notices(chat)] == [
        ("ticket.report", "chaoyang")
    ]


async def test_a_cancel_wished_of_an_emergency_says_it_is_not_cancelled_by_a_word(
    chat: Chat, clock: Clock
) -> None:
    await chat.say("暖气片漏水了 红旗小区3栋2单元501")
    leak = await only_ticket(chat)
    clock.advance(hours=2)
    answer = await chat.say("取消报修")
    assert f"紧急抢修单 {leak.number} 已经通知值班人员，不会自动取消" in answer
    assert (await only_ticket(chat)).status is Status.NEW and await reported(chat, leak) == [
        {"description": "取消报修"}
    ]


@pytest.mark.parametrize(
    ("lang", "said", "told"),
    [
        ("zh-CN", "修好了", "您说已经修好了"),
        ("zh-CN", "已经修好了", "您说已经修好了"),
        ("zh-CN", "师傅修好走了", "您说已经修好了"),
        ("en", "The technician fixed it, all good now", "noted on ticket"),
        ("en", "fixed", "noted on ticket"),
        ("zh-CN", "能不能下午再来，我现在不在家", "上门事项已记到工单"),
        ("zh-CN", "麻烦师傅来了多敲几下门 老人腿脚不好开门慢", "上门事项已记到工单"),
        ("en", "please knock hard, my mother is slow to open the door", "what you said about the visit"),
        ("en", "can they come after 6pm? nobody home now", "what you said about the visit"),
        ("en", "when the crew arrives please call me first", "what you said about the visit"),
        ("zh-CN", "温度比刚才更低了", "您说屋里更冷了"),
        ("zh-CN", "越来越冷了", "您说屋里更冷了"),
        ("en", "it's getting colder", "that it is getting colder"),
    ],
)
async def test_news_that_it_is_fixed_or_of_when_to_come_goes_onto_the_open_repair(
    chat: Chat, lang: str, said: str, told: str
) -> None:
    chat = Chat(chat.dialogue, lang=lang)
    repair = await dispatched(chat, lang)
    answer = await chat.say(said)
    assert told in answer and repair.number in answer and chat.buttons() == []
    ticket = await only_ticket(chat)
    assert ticket.status is Status.DISPATCHED and await reported(chat, ticket) == [{"description": said}]
    assert [(event, branch) for event, branch, _ in await staff_notices(chat)] == [
        ("ticket.report", "chaoyang")
    ]


@pytest.mark.parametrize("said", ["they're at my door", "师傅在楼下了"])
async def test_the_crew_at_the_door_is_the_crew_come(chat: Chat, said: str) -> None:
    repair = await dispatched(chat)
    await chat.say(said)
    ticket = await only_ticket(chat)
    assert ticket.number == repair.number and ticket.arrival_reported_at is not None


@pytest.mark.parametrize("said", ["修好了吗", "还没修好", "修好了又坏了"])
async def test_a_repair_asked_after_or_not_done_is_no_news_that_it_is_fixed(chat: Chat, said: str) -> None:
    await dispatched(chat)
    assert "您说已经修好了" not in await chat.say(said)


@pytest.mark.parametrize("said", ["还有厨房也漏水", "暖气片开始漏水了"])
async def test_a_leak_told_beside_the_open_repair_is_at_its_flat(chat: Chat, said: str) -> None:
    repair = await cold_at_501(chat)
    answer = await chat.say(said)
    store = chat.dialogue.services.store
    [leak] = [
        t
        for t in await tickets.of_contact(store, contact_id=await chat.contact_id())
        if t.number != repair.number
    ]
    assert (leak.kind, leak.address_raw, leak.room, leak.branch) == (TicketKind.LEAK, OWN, "501", "chaoyang")
    assert leak.number in answer and "地址" not in chat.last[-1].text  # opened at the flat: no address asked
    assert ("ticket.escalated", "chaoyang") in [
        (event, branch) for event, branch, _ in await staff_notices(chat)
    ]


async def test_a_leak_at_another_home_beside_the_open_repair_asks_that_homes_address(chat: Chat) -> None:
    repair = await cold_at_501(chat)
    await chat.say("我妈家也漏水了")
    store = chat.dialogue.services.store
    [leak] = [
        t
        for t in await tickets.of_contact(store, contact_id=await chat.contact_id())
        if t.number != repair.number
    ]
    assert leak.address_raw is None and "那处房子" in chat.last[-1].text
