"""Nobody can call back a caller who withheld their number: they are told so during the call and put through to the
duty staff at once (or asked to call again showing their number), and staff are never asked for a call back nobody can
make: no "Called back" on the card, no reminder to phone them."""

from __future__ import annotations

import pytest
from phone_world import Product, clock_fixture, product_fixture  # noqa: F401
from test_heatline_callbacks import emergency_call_back
from test_ivr_helpers import DUTY

from storage import tickets
from storage.values import Priority, Status, TicketInfo, TicketKind

ANONYMOUS = "+266696687"
NO_CALL_BACK_NOW = "您的来电号码未显示，挂机后我们没法给您回电，请不要挂机"
CALL_AGAIN = "您的来电号码未显示，我们没法给您回电；需要跟进的话，请显示号码后再打来"


def reminders(product: Product) -> list[str]:
    return [c.text for c in product.staff_seen() if "⏰" in c.text]


async def the_ticket(product: Product) -> TicketInfo:
    [ticket] = await tickets.list_tickets(product.store)
    return ticket


async def test_key_2_from_a_withheld_number_is_told_no_call_back_and_put_through_at_once(
    product: Product,
) -> None:
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.press("2")
    assert NO_CALL_BACK_NOW in caller.said and "请简单说一下情况" not in caller.said  # nothing asked first
    assert caller.said.index(NO_CALL_BACK_NOW) < caller.said.index("正在为您接通值班人员")
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]
    await caller.hang_up()  # before the duty phone answered
    ticket = await the_ticket(product)  # the emergency, never a call-back nobody could make
    assert (ticket.kind, ticket.priority, ticket.escalated, ticket.address_raw) == (
        TicketKind.LEAK,
        Priority.EMERGENCY,
        True,
        None,
    )
    await product.deliver()
    assert "号码未显示（来电人隐藏了号码，无法回电）" in product.card(ticket.number)

    await product.tick(5)
    [reminder] = reminders(product)
    assert (
        f"⏰ 紧急工单 <code>{ticket.number}</code>（漏水）已等了 5分钟，还没有人接单。来电人隐藏了号码，无法回电"
        in reminder
    )
    assert "请立即给居民回电" not in reminder
    await product.press(ticket.number, "接单")
    await product.tick(10)
    assert len(reminders(product)) == 1


async def test_a_withheld_emergency_with_no_address_left_on_voicemail_is_asked_to_call_again(
    product: Product,
) -> None:
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.say("管子爆了 到处都是水")  # no address
    assert NO_CALL_BACK_NOW in caller.said and caller.doc.xpath("//Dial/Number/text()") == [DUTY]
    await caller.dial_ends("no-answer")
    await caller.leave_message("https://api.twilio.com/recordings/RE7")
    assert "留言已收到，已转交值班主管" in caller.said and CALL_AGAIN in caller.said
    assert "会尽快给您回电" not in caller.said
    ticket = await the_ticket(product)
    assert (ticket.kind, ticket.address_raw) == (TicketKind.BURST, None)


async def test_a_withheld_caller_whose_address_was_not_taken_after_the_duty_call_is_asked_to_call_again(
    product: Product,
) -> None:
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.say("卫生间暖气片漏水了")
    await caller.dial_ends("completed")  # the duty officer spoke to them; the address is asked afterwards
    await caller.silence()
    await caller.silence()
    assert CALL_AGAIN in caller.said and "可能会给您回电" not in caller.said


async def voicemail_call_back(product: Product) -> TicketInfo:
    """A withheld caller asks for a person, nobody answers, and they leave a voicemail: a call-back."""
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.press("0")
    await caller.dial_ends("no-answer")
    await caller.leave_message("https://api.twilio.com/recordings/RE8")
    assert CALL_AGAIN in caller.said and "会尽快给您回电" not in caller.said
    await product.deliver()
    return await the_ticket(product)


async def test_a_withheld_call_back_card_offers_no_call_back_and_a_stale_button_changes_nothing(
    product: Product,
) -> None:
    ticket = await voicemail_call_back(product)
    assert ticket.kind is TicketKind.CALLBACK
    card = product.card(ticket.number)
    assert (
        "号码未显示（来电人隐藏了号码，无法回电）" in card
        and "承诺：无（来电人隐藏了号码，无法回电）" in card
    )
    assert "尽快给居民回电" not in card
    assert [label for label, _ in product.card_buttons(ticket.number)] == ["接单", "办结", "转交"]

    answer = await product.press_data(
        f"tk:calledback:{ticket.number}:", ticket.number
    )  # an old card's button
    assert f"工单 {ticket.number} 的来电人隐藏了号码，无法回电" in answer
    events = await tickets.events(product.store, number=ticket.number)
    assert not [e for e in events if e.kind == "called_back"]
    assert (await product.ticket(ticket.number)).status is Status.NEW
    assert f"回电工单 {ticket.number} 已办结" in await product.press(ticket.number, "办结")


async def test_an_emergency_call_back_of_a_withheld_number_never_reminds_staff_to_call_it(
    product: Product,
) -> None:
    # as an older call could still file it: a leak hung up before its address, from a withheld number
    description = "漏水: 按了2键（漏水或爆管），还没说明情况"
    ticket = await emergency_call_back(product, description, "hung_up:leak", phone="anon:0123456789a")
    await product.deliver()
    await product.tick(5)
    [reminder] = reminders(product)
    assert "来电人隐藏了号码，无法回电：请立即接单" in reminder and "回电工单" not in reminder
    card = product.card(ticket.number)
    assert "⚠️ 已升级：漏水：来电人说出地址前挂断了（号码未显示，无法回电）" in card
    assert "请回电" not in card and "请立即回电" not in card


async def test_open_and_shift_never_list_a_withheld_call_back_as_one_to_call_back(product: Product) -> None:
    ticket = await voicemail_call_back(product)
    [line] = [line for line in await product.staff("/open") if ticket.number in line]
    assert "号码未显示，无法回电，按原话处理" in line and "待回电" not in line
    shift = "\n".join(await product.staff("/shift"))
    assert f"<code>{ticket.number}</code>" in shift and "待立即回电" not in shift and "待回电" not in shift


async def test_an_unconfirmed_address_and_a_refused_crew_never_ask_staff_to_call_a_withheld_caller(
    product: Product,
) -> None:
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.press("1")
    await caller.say("红旗小区3号楼2单元501")
    assert "您说的地址是" in caller.said
    await caller.hang_up()  # at the read-back: the address is kept, unconfirmed, on a call-back
    ticket = await the_ticket(product)
    assert (ticket.kind, ticket.address_raw) == (TicketKind.CALLBACK, "红旗小区3号楼2单元501")
    await product.deliver()
    card = product.card(ticket.number)
    assert "地址：红旗小区3号楼2单元501（来电人未确认；号码未显示，无法回电核实）" in card
    report = "\n".join(await product.staff(f"/ticket {ticket.number}"))
    assert "地址未经来电人确认；号码未显示，无法回电核实" in report
    assert "请回电核实" not in card + report

    [refused] = await product.staff(f"/dispatch {ticket.number} C01")
    assert (
        f"工单 <code>{ticket.number}</code> 是回电工单，不派抢修队" in refused
        and "来电人隐藏了号码，无法回电" in refused
    )
    assert "给居民回过电" not in refused and "已回电" not in refused
    assert "无法回电" in await product.press_data(f"tk:onsite:{ticket.number}:", ticket.number)


async def test_a_withheld_callers_own_report_filed_for_another_homes_leak_promises_no_call_back(
    product: Product,
) -> None:
    caller = product.caller(ANONYMOUS)
    await caller.call()
    await caller.press("1")  # their own home's no heat, its address not yet told
    await caller.say(
        "我妈家暖气片也漏水了"
    )  # another home's leak interrupts it: the own report is filed as it stands
    said = caller.said
    assert "您自己家的情况也已记下，编号是" in said and CALL_AGAIN in said
    assert "工作人员会给您回电核实" not in said and said.index(CALL_AGAIN) < said.index(
        "请说出那处房子的地址"
    )


GIVE_ADDRESS = "接通后请把地址告诉值班人员；没人接听的话，请在留言里说出地址"
GIVE_ADDRESS_EN = "Please tell the duty officer your address when you are put through; if nobody answers, say it in your message"


@pytest.mark.parametrize(
    ("english", "words"),
    [(False, ""), (False, "管子爆了 到处都是水"), (True, "")],
)
async def test_a_withheld_emergency_without_its_address_is_asked_it_on_the_call_never_promised_later(
    product: Product, english: bool, words: str
) -> None:
    """Key 2 (or a burst said) from a withheld number, no address: nobody can confirm it later, so the caller is told
    to give it to the duty officer, or in the voicemail when nobody answers; the voicemail reaches staff."""
    caller = product.caller(ANONYMOUS)
    await caller.call()
    if english:
        await caller.press("9")
    await (caller.say(words) if words else caller.press("2"))
    assert (GIVE_ADDRESS_EN if english else GIVE_ADDRESS) in caller.said
    assert "地址我们稍后" not in caller.said and "We will complete your address next" not in caller.said
    assert caller.said.index(GIVE_ADDRESS_EN if english else GIVE_ADDRESS) < caller.said.index(
        "Connecting you" if english else "正在为您接通值班人员"
    )
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]
    await caller.dial_ends("no-answer")
    assert ("your address" if english else "说出您的地址") in caller.said  # the voicemail asks it
    await caller.leave_message("https://api.twilio.com/recordings/RE9")
    assert "call you back as soon" not in caller.said and "会尽快给您回电" not in caller.said
    ticket = await the_ticket(product)
    assert ticket.kind in (TicketKind.LEAK, TicketKind.BURST) and ticket.address_raw is None
    await product.deliver()
    card = product.card(ticket.number)
    assert "🎙 留言录音（14秒）：https://api.twilio.com/recordings/RE9" in card
    assert "号码未显示（来电人隐藏了号码，无法回电）" in card
