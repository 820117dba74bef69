"""After a ticket number is read out the caller is still heard: thanks end the call politely, a new problem or question
is handled as on any other turn, silence ends the call as before."""

from __future__ import annotations

import pytest
from test_ivr_helpers import DUTY, RESIDENT, Caller, Client, client_fixture, clock_fixture  # noqa: F401

from storage import Store, tickets
from storage.values import TicketInfo, TicketKind


async def reported(client: Client, store: Store, *, english: bool = False) -> tuple[Caller, TicketInfo]:
    """A no-heat report by phone, its number read out; the caller has not hung up."""
    caller = Caller(client)
    await caller.call()
    if english:
        await caller.press("9")
        await caller.say("no heating at all, Hongqi compound building 3 unit 2 room 501")
    else:
        await caller.say("暖气不热 红旗小区3号楼2单元501")
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert caller.doc.xpath("/Response/Say/text()").count(("，", ", ")[english].join(ticket.number)) == 2
    return caller, ticket


WELCOME, ALL_RIGHT, GOODBYE = ["不客气。"], ["好的，"], ["感谢来电，再见。"]
WELCOME_EN, ALL_RIGHT_EN, GOODBYE_EN = (
    ["You're welcome."],
    ["All right."],
    ["Thank you for calling. Goodbye."],
)


@pytest.mark.parametrize(
    ("words", "closing"),
    [
        ("谢谢", WELCOME + GOODBYE),
        ("好的 谢谢", WELCOME + GOODBYE),
        ("好的", ALL_RIGHT + GOODBYE),
        ("没有了", ALL_RIGHT + GOODBYE),  # nothing more: no "you're welcome" to thanks never said
        ("没别的了", ALL_RIGHT + GOODBYE),
        ("没有了谢谢", ALL_RIGHT + WELCOME + GOODBYE),
        ("辛苦了", WELCOME + GOODBYE),
        ("thanks", WELCOME_EN + GOODBYE_EN),
        ("no, that's all", ALL_RIGHT_EN + GOODBYE_EN),
        ("no, thank you", ALL_RIGHT_EN + WELCOME_EN + GOODBYE_EN),
        # a goodbye, thanks with it or not, closes the call as "nothing more" does: no "you're welcome" to answer
        ("好嘞", ALL_RIGHT + GOODBYE),
        ("好嘞，拜拜。", ALL_RIGHT + GOODBYE),
        ("行 拜拜", ALL_RIGHT + GOODBYE),
        ("好的再见", ALL_RIGHT + GOODBYE),
        ("好的 谢谢 再见", ALL_RIGHT + GOODBYE),
        ("OK, bye.", ALL_RIGHT_EN + GOODBYE_EN),
        ("okay thanks bye", ALL_RIGHT_EN + GOODBYE_EN),
    ],
)
async def test_thanks_or_nothing_more_after_the_number_get_a_goodbye_that_fits(
    client: Client, store: Store, words: str, closing: list[str]
) -> None:
    caller, ticket = await reported(client, store, english=words.isascii())
    assert "speech" in caller.gather().get("input")  # listened for, not only keys
    await caller.say(words)
    assert caller.doc.xpath("/Response/Say/text()") == closing
    assert caller.doc.xpath("/Response/Hangup") and not caller.doc.xpath("//Gather")
    assert await tickets.of_phone(store, phone=RESIDENT) == [ticket]


@pytest.mark.parametrize(("english", "keys"), [(False, "按主菜单的数字键"), (True, "press its menu key")])
async def test_the_prompt_after_the_number_says_the_menu_keys_work_there(
    client: Client, store: Store, english: bool, keys: str
) -> None:
    caller, _ = await reported(client, store, english=english)
    [prompt] = caller.gather().xpath("Say/text()")
    assert keys in prompt and prompt.count(("。", ".")[english]) == 1  # still one short sentence


async def test_a_question_after_the_number_is_answered(client: Client, store: Store) -> None:
    caller, _ = await reported(client, store)
    await caller.say("我还想问一下 今年供暖到几号结束")
    assert "4月10日" in caller.said and not caller.doc.xpath("/Response/Hangup")


async def test_another_problem_after_the_number_opens_its_own_ticket(client: Client, store: Store) -> None:
    caller, first = await reported(client, store)
    await caller.say("还有 我妈家暖气也不热 桂林小区5号楼1单元302")
    assert "302" in caller.said and "按1" in caller.said
    await caller.press("1")
    await caller.press("#")
    second, _ = await tickets.of_phone(store, phone=RESIDENT)  # newest first
    assert second.number != first.number and second.kind is TicketKind.NO_HEAT and second.room == "302"
    assert caller.doc.xpath("/Response/Say/text()").count("，".join(second.number)) == 2


async def test_a_leak_told_after_the_number_is_an_emergency_at_once(client: Client, store: Store) -> None:
    caller, first = await reported(client, store)
    await caller.say("对了 卫生间暖气片也在漏水")
    leak, _ = await tickets.of_phone(store, phone=RESIDENT)
    assert leak.kind is TicketKind.LEAK and leak.escalated and leak.number != first.number
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]


async def test_key_1_after_the_number_is_the_menus_no_heat_key(client: Client, store: Store) -> None:
    """Key 1 after the number is read out is the main menu's 1 (no heat), never a goodbye: their flat's repair is
    still open, so they hear it is and its number, and are heard again."""
    caller, ticket = await reported(client, store)
    await caller.press("1")
    assert "已经报修过" in caller.said and "，".join(ticket.number) in caller.said
    assert "感谢来电" not in caller.said and not caller.doc.xpath("/Response/Hangup")
    assert caller.step == "/twilio/voice/after" and await tickets.of_phone(store, phone=RESIDENT) == [ticket]


@pytest.mark.parametrize(
    ("key", "heard"),
    [
        ("2", "漏水"),  # the leak or burst question
        ("3", "如有其他工单号"),  # their repairs read out
        ("4", "供暖时间按1"),  # the standards' topics
        ("9", "Tell me your problem"),  # the menu in English
    ],
)
async def test_a_menu_key_after_the_number_acts_as_at_the_menu(
    client: Client, store: Store, key: str, heard: str
) -> None:
    caller, _ = await reported(client, store)
    await caller.press(key)
    assert heard in caller.said and "感谢来电" not in caller.said
    assert caller.doc.xpath("//Gather") and not caller.doc.xpath("/Response/Hangup")


async def test_key_0_after_the_number_is_a_person(client: Client, store: Store) -> None:
    caller, _ = await reported(client, store)
    await caller.press("0")
    assert "转接值班人员" in caller.said and caller.doc.xpath("//Dial/Number/text()") == [DUTY]


async def test_silence_after_the_number_still_ends_the_call_politely(client: Client, store: Store) -> None:
    caller, _ = await reported(client, store)
    await caller.silence()
    assert "再见" in caller.said and caller.doc.xpath("/Response/Hangup")
