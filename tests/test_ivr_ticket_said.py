"""A ticket number said (or typed in words) at the first prompt or at the status menu looks that ticket up, as a keyed
one does: a known caller hears only their own ticket (another's is "not found"), a caller whose number is withheld is
asked the room of its flat first. A phone number said or keyed there is told as one, and the ticket number asked."""

from __future__ import annotations

import pytest
from phone_world import Product, clock_fixture, cold_by_phone, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT
from test_ivr_withheld import ANONYMOUS, report_no_heat

from intents import classify
from storage import numbers, tickets
from storage.values import TicketInfo

NEIGHBOUR = "+8613900000077"
CN_DIGITS = dict(zip("0123456789", "零一二三四五六七八九", strict=True))
NOT_FOUND = "没有找到这个工单号"


def spoken(number: str) -> str:
    """The number as a speech recogniser may write it: "一零零零零二五"."""
    return "".join(CN_DIGITS[d] for d in number)


def read(number: str) -> str:
    """The number as the line reads it out, digit by digit."""
    return "，".join(number)


@pytest.mark.parametrize(
    ("words", "ticket"),
    [
        ("我的工单号是1000025 到哪了", "1000025"),
        ("工单 一零零零零二五 现在怎么样了", "1000025"),
        ("工单一零零零零二五现在怎么样了", "1000025"),
        ("工单号1000025", "1000025"),
        ("查一下工单1000025。", "1000025"),
        ("My ticket number is 1000025.", "1000025"),  # a recogniser's full stop
        ("1 0 0 0 0 2 5", "1000025"),  # read digit by digit, with pauses
        ("1, 0, 0, 0, 0, 2, 5.", "1000025"),
        ("一，零，零，零，零，二，五", "1000025"),
        ("幺零零零零二五", "1000025"),
        ("工单 1 0 0 0 0 2 5 到哪了", "1000025"),
        ("1 3 9 0 0 0 0 0 0 0 1", None),  # eleven digits: no ticket
        ("3 2 501", None),
        ("1000025.5", None),
        ("我电话13900000001", None),  # a phone number is no ticket
        ("3号楼2单元501", None),
    ],
)
def test_a_ticket_number_in_words_is_the_ticket_entity(words: str, ticket: str | None) -> None:
    assert classify(words).entities.ticket == ticket


async def complaint_too(product: Product) -> TicketInfo:
    """The resident also has an open complaint: a second ticket that a question about one number must not read out."""
    caller = product.caller()
    await caller.call()
    await caller.say("我要投诉 上门的师傅态度很差")
    await caller.hang_up()
    return next(
        t for t in await tickets.of_phone(product.store, phone=RESIDENT) if t.kind.value == "complaint"
    )


@pytest.mark.parametrize(
    "words",
    [
        "我的工单号是{n} 到哪了",
        "工单 {spoken} 现在怎么样了",
        "工单{n}现在怎么样了",
        "{spoken}",
        "{yao}",  # "幺" for one, as numbers are read out on the phone
        "{digits}",  # read digit by digit, with pauses: "1 0 0 0 0 1 7"
        "{spoken_digits}",
        "{paused}",
    ],
)
async def test_a_ticket_number_said_at_the_first_prompt_reads_out_that_ticket_only(
    product: Product, words: str
) -> None:
    repair = await cold_by_phone(product)
    other = await complaint_too(product)
    caller = product.caller()
    await caller.call()
    zh = spoken(repair.number)
    await caller.say(
        words.format(
            n=repair.number,
            spoken=zh,
            yao=zh.replace("一", "幺"),
            digits=" ".join(repair.number),
            spoken_digits=" ".join(zh),
            paused="，".join(zh),
        )
    )
    assert f"工单{read(repair.number)}，暖气不热" in caller.said
    assert read(other.number) not in caller.said  # the complaint was not asked about
    assert caller.step == "/twilio/voice/repair"


async def test_a_ticket_number_said_at_the_status_menu_reads_out_that_ticket(product: Product) -> None:
    repair = await cold_by_phone(product)
    other = await complaint_too(product)
    caller = product.caller()
    await caller.call()
    await caller.press("3")
    await caller.say(f"我的工单号是{spoken(other.number)}")
    assert f"工单{read(other.number)}，投诉" in caller.said and read(repair.number) not in caller.said
    await caller.say(f"工单{repair.number}现在怎么样了")
    assert f"工单{read(repair.number)}，暖气不热" in caller.said and read(other.number) not in caller.said
    await caller.say(" ".join(other.number))  # read out digit by digit
    assert f"工单{read(other.number)}，投诉" in caller.said


async def test_another_residents_ticket_said_is_not_found(product: Product) -> None:
    await cold_by_phone(
        product, "红旗小区5号楼1单元302"
    )  # another flat: not one the neighbour's report would join
    _, theirs = await report_no_heat(product, NEIGHBOUR)
    caller = product.caller()
    await caller.call()
    await caller.say(f"我的工单号是{theirs.number} 到哪了")
    assert NOT_FOUND in caller.said and read(theirs.number) not in caller.said
    assert "红旗小区" not in caller.said
    await caller.say(f"工单 {spoken(theirs.number)}")  # at the status menu too
    assert NOT_FOUND in caller.said and read(theirs.number) not in caller.said


@pytest.mark.parametrize(
    "words", ["83251234", "0451 8325 1234", "0451-83251234", "我家座机是0451-83251234", "13900000077"]
)
@pytest.mark.parametrize("at_menu", [True, False])
async def test_a_phone_number_said_for_a_ticket_is_told_so_and_the_ticket_number_asked(
    product: Product, words: str, at_menu: bool
) -> None:
    """Never "not found", nor anyone's tickets looked up by a number the caller merely says; their ticket is then found
    by its number."""
    repair = await cold_by_phone(product)
    caller = product.caller()
    await caller.call()
    if not at_menu:
        await caller.press("3")
    await caller.say(words)
    assert "您说的像是电话号码，不是工单号。" in caller.said and "请输入工单号后按井号键" in caller.said
    assert NOT_FOUND not in caller.said and read(repair.number) not in caller.said
    await caller.say(spoken(repair.number))
    assert f"工单{read(repair.number)}，暖气不热" in caller.said


@pytest.mark.parametrize("keys", ["83251234", "045183251234", "13812345678", "8613900000077"])
async def test_a_phone_number_keyed_for_a_ticket_is_told_so_and_the_ticket_number_asked(
    product: Product, keys: str
) -> None:
    """Keys as the words: a local number, one with its area code, a mobile (with its country code) is no ticket's."""
    repair = await cold_by_phone(product)
    caller = product.caller()
    await caller.call()
    await caller.press("3")
    await caller.press(f"{keys}#")
    assert "您按的像是电话号码，不是工单号。" in caller.said and "请输入工单号后按井号键" in caller.said
    assert NOT_FOUND not in caller.said and read(repair.number) not in caller.said
    assert caller.step == "/twilio/voice/repair"
    await caller.press(f"{repair.number}#")
    assert f"工单{read(repair.number)}，暖气不热" in caller.said


async def test_a_keyed_number_with_a_tickets_check_digit_is_looked_up_as_a_ticket(product: Product) -> None:
    """Every ticket number ends in its check digit (`storage.numbers`): a phone-shaped number that has it is looked up
    (here: nobody's ticket), one that lacks it is told as a phone number; a real ticket number is never mistaken."""
    lucky = "8325123" + numbers.check_digit("8325123")
    assert numbers.is_valid(lucky)
    repair = await cold_by_phone(product)
    caller = product.caller()
    await caller.call()
    await caller.press("3")
    await caller.press(f"{lucky[:-1]}{(int(lucky[-1]) + 1) % 10}#")  # one digit off: no ticket number
    assert "电话号码" in caller.said and NOT_FOUND not in caller.said
    await caller.press(f"{lucky}#")
    assert NOT_FOUND in caller.said and "电话号码" not in caller.said
    await caller.press(f"{repair.number}#")
    assert f"工单{read(repair.number)}，暖气不热" in caller.said


async def test_a_phone_number_keyed_is_told_in_english_and_asks_no_withheld_caller_a_room(
    product: Product,
) -> None:
    caller = product.caller()
    await caller.call()
    await caller.press("9")
    await caller.press("3")
    await caller.press("045183251234#")
    assert "That looks like a phone number, not a ticket number." in caller.said
    assert (
        "Key in your ticket number and press hash, or say it" in caller.said
        and "could not find" not in caller.said
    )
    withheld = product.caller(ANONYMOUS)
    await withheld.call()
    await withheld.press("3")
    await withheld.press("13812345678#")
    assert "您按的像是电话号码" in withheld.said and "门牌号" not in withheld.said
    assert withheld.step == "/twilio/voice/repair"


async def test_a_withheld_caller_saying_a_phone_number_is_not_asked_a_room(product: Product) -> None:
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.say("0451-83251234")
    assert "电话号码" in caller.said and "门牌号" not in caller.said and caller.step == "/twilio/voice/repair"


async def test_a_phone_number_told_with_a_report_is_part_of_the_report(product: Product) -> None:
    caller = product.caller()
    await caller.call()
    await caller.say("暖气不热 我家座机83251234")
    assert "电话号码" not in caller.said and "地址" in caller.said


@pytest.mark.parametrize("at_menu", [True, False])
async def test_a_withheld_caller_saying_a_ticket_number_is_asked_its_room_first(
    product: Product, at_menu: bool
) -> None:
    _, repair = await report_no_heat(product, ANONYMOUS)
    caller = product.caller(ANONYMOUS)
    await caller.call()
    if not at_menu:
        await caller.press("3")
    await caller.say(f"我的工单号是{spoken(repair.number)} 现在怎么样了")
    assert "请输入这张工单地址的门牌号" in caller.said and read(repair.number) not in caller.said
    await caller.press("502#")  # a wrong room
    assert NOT_FOUND in caller.said
    await caller.say(f"工单{repair.number}")
    await caller.say("五零一")
    assert f"工单{read(repair.number)}，暖气不热" in caller.said and "红旗小区" not in caller.said
