"""A resident waiting for a person (a handoff): a fault they report still opens its ticket with its 30-minute
promise, their words reach the staff of the flat's branch, and they are told where their messages stand: once that
staff have them, and honestly, with the hotline, when nobody has answered for a while."""

from __future__ import annotations

import datetime as dt

from fake_telegram import Sent
from phone_world import CHAOYANG_STAFF, Product, clock_fixture, product_fixture  # noqa: F401
from test_sms_chat import message, text

from bot.staff.history import follower_label
from storage import conversations, tickets
from storage.values import Status, TicketInfo, TicketKind

NANGUAN_STAFF = -1001000000001  # the demo company's first branch: a chat with no address known goes there
KUANCHENG_STAFF = -1001000000003
RESIDENT = 8700
TEXTER = "+8613900006666"
CHAOYANG_LINE = "+8643188880002"


async def only_ticket(product: Product) -> TicketInfo:
    [ticket] = await tickets.list_tickets(product.store)
    return ticket


def relayed(product: Product, chat: int) -> list[str]:
    return [c.text for c in product.staff_seen(chat) if c.text.startswith("💬")]


async def waiting_with(product: Product, words: str) -> Sent:
    """The resident asks for a person and then says `words`: the line relayed to the Nanguan staff (no flat known)."""
    await product.writes(RESIDENT, "转人工")
    await product.writes(RESIDENT, words)
    await product.deliver()
    [said] = [c for c in product.staff_seen(NANGUAN_STAFF) if c.text.startswith("💬")]
    return said


async def test_a_cold_flat_told_while_waiting_for_a_person_opens_its_repair_at_the_flats_branch(
    product: Product,
) -> None:
    assert "转接人工客服" in "".join(await product.writes(RESIDENT, "转人工"))
    await product.deliver()
    assert any("居民请求人工客服" in c.text for c in product.staff_seen(NANGUAN_STAFF))

    answer = "\n".join(await product.writes(RESIDENT, "我家暖气不热，红旗小区3栋2单元501，14度"))
    await product.deliver()
    ticket = await only_ticket(product)
    assert (ticket.kind, ticket.status, ticket.branch) == (TicketKind.NO_HEAT, Status.NEW, "chaoyang")
    assert (ticket.building, ticket.unit, ticket.room, ticket.temperature_c) == ("3", "2", "501", 14)
    assert ticket.number in answer and "30分钟" in answer and "已转给工作人员" in answer
    assert "确认" not in answer  # nothing more asked: staff are talking with the resident
    assert f"<code>{ticket.number}</code>" in product.card(ticket.number)  # the card at the flat's branch
    assert relayed(product, CHAOYANG_STAFF) == [
        "💬 居民（Telegram 用户“Resident”）：我家暖气不热，红旗小区3栋2单元501，14度"
    ]
    assert relayed(product, NANGUAN_STAFF) == []


async def test_a_resident_waiting_for_a_person_is_told_once_and_then_honestly_when_nobody_answers(
    product: Product,
) -> None:
    await product.writes(RESIDENT, "转人工")
    assert "已转给工作人员" in "".join(
        await product.writes(RESIDENT, "我家暖气不热，红旗小区3栋2单元501，14度")
    )
    assert await product.writes(RESIDENT, "师傅大概几点能到") == []  # told once, not every message
    await product.tick(30)  # told unasked once the wait is up (delivered here at the 30th minute)
    waited = product.telegram.messages(RESIDENT)[-1].text
    assert "30分钟没有回复" in waited and "+8643188880002" in waited  # the hotline of the flat's branch
    assert await product.writes(RESIDENT, "有人吗") == []  # told just now
    await product.tick(5)
    assert await product.writes(RESIDENT, "喂") == []
    await product.tick(55)
    assert "90分钟没有回复" in "".join(await product.writes(RESIDENT, "有人吗？？"))
    await product.deliver()
    assert len(relayed(product, CHAOYANG_STAFF)) == 5  # every word reached the staff of the flat's branch
    assert len(await tickets.list_tickets(product.store)) == 1


async def test_a_resident_waiting_for_a_person_is_told_unasked_when_nobody_answers(product: Product) -> None:
    await product.writes(RESIDENT, "转人工")
    await product.tick(14)
    assert "没有回复" not in product.telegram.messages(RESIDENT)[-1].text
    await product.tick(1)
    told = product.telegram.messages(RESIDENT)[-1]
    assert "工作人员已经15分钟没有回复您了" in told.text and "+8643188880001" in told.text
    assert [label for label, _data in told.buttons] == ["返回机器人"]
    await product.tick(30)
    assert len([m for m in product.telegram.messages(RESIDENT) if "没有回复" in m.text]) == 1  # once, unasked


async def test_no_notice_comes_unasked_when_staff_answered_in_time(product: Product) -> None:
    await product.writes(RESIDENT, "转人工")
    await product.deliver()
    [request] = [c for c in product.staff_seen(NANGUAN_STAFF) if "居民请求人工客服" in c.text]
    await product.tick(10)
    await product.staff("您好，请问有什么可以帮您？", chat=NANGUAN_STAFF, reply_to=request)
    await product.deliver()
    await product.tick(10)
    assert not any("没有回复" in m.text for m in product.telegram.messages(RESIDENT))
    assert "人工客服：您好" in product.telegram.messages(RESIDENT)[-1].text


async def test_an_answer_from_staff_starts_the_wait_again(product: Product) -> None:
    question = await waiting_with(product, "暖气什么时候能修好")
    await product.tick(20)
    await product.staff("您好，请告诉我您家的地址", chat=NANGUAN_STAFF, reply_to=question)
    await product.deliver()
    assert "人工客服：您好，请告诉我您家的地址" in product.telegram.messages(RESIDENT)[-1].text
    await product.tick(10)
    assert await product.writes(RESIDENT, "好的 稍等") == []  # answered ten minutes ago: nothing to say
    await product.tick(20)
    assert "30分钟没有回复" in "".join(await product.writes(RESIDENT, "还在吗"))  # since their answer


async def test_a_report_without_its_address_while_waiting_asks_it_and_files_it_then(product: Product) -> None:
    await product.writes(RESIDENT, "转人工")
    asked = "".join(await product.writes(RESIDENT, "我家暖气一点都不热"))
    assert "地址" in asked and await tickets.list_tickets(product.store) == []
    filed = "\n".join(await product.writes(RESIDENT, "红旗小区3号楼2单元501"))
    ticket = await only_ticket(product)
    assert (ticket.kind, ticket.branch, ticket.room) == (TicketKind.NO_HEAT, "chaoyang", "501")
    assert ticket.number in filed and "30分钟" in filed
    await product.deliver()
    assert "💬 居民（Telegram 用户“Resident”）：红旗小区3号楼2单元501" in relayed(product, CHAOYANG_STAFF)


async def test_an_emergencys_address_sent_while_waiting_goes_onto_its_ticket(product: Product) -> None:
    await product.writes(RESIDENT, "转人工")
    opened = "\n".join(await product.writes(RESIDENT, "暖气片漏水了"))
    ticket = await only_ticket(product)
    assert ticket.kind is TicketKind.LEAK and ticket.number in opened and "地址" in opened
    added = "".join(await product.writes(RESIDENT, "红旗小区3栋2单元501"))
    stored = await product.ticket(ticket.number)
    assert (stored.branch, stored.building, stored.room) == ("chaoyang", "3", "501")
    assert stored.number in added


async def test_by_text_at_night_the_report_is_filed_and_the_wait_told_with_the_hotline(
    product: Product,
) -> None:
    product.clock.now = dt.datetime(2027, 1, 15, 17, 0, tzinfo=dt.UTC)  # 01:00 in Changchun
    _status, body = await text(product.client, "我要人工客服", phone=TEXTER, to=CHAOYANG_LINE)
    assert "转接人工客服" in message(body)
    _status, body = await text(
        product.client, "暖气不热 14度 红旗小区3栋2单元501", phone=TEXTER, to=CHAOYANG_LINE
    )
    [ticket] = await tickets.of_phone(product.store, phone=TEXTER)
    assert ticket.kind is TicketKind.NO_HEAT and ticket.temperature_c == 14 and ticket.number in message(body)
    await product.tick(20)  # texted unasked once the wait is up, from the number they texted
    [waited] = [m for m in product.twilio.sent if m.to == TEXTER and "没有回复" in m.body]
    assert "20分钟没有回复" in waited.body and CHAOYANG_LINE in waited.body and waited.from_ == CHAOYANG_LINE
    _status, body = await text(product.client, "到底有没有人", phone=TEXTER, to=CHAOYANG_LINE)
    assert "<Message>" not in body  # told just now: not again
    await product.tick(15)
    _status, body = await text(product.client, "还是没人吗", phone=TEXTER, to=CHAOYANG_LINE)
    assert "35分钟没有回复" in message(body)


async def handoff_state(product: Product) -> dict[str, object]:
    state = await conversations.load(product.store, key=f"tg:{RESIDENT}")
    assert state is not None
    return state


async def test_a_handoff_staff_answered_ends_without_saying_nobody_answered(product: Product) -> None:
    question = await waiting_with(product, "暖气什么时候能修好")
    await product.staff("明天上午有师傅过去", chat=NANGUAN_STAFF, reply_to=question)
    await product.deliver()
    assert "人工客服：明天上午有师傅过去" in product.telegram.messages(RESIDENT)[-1].text
    product.clock.now += dt.timedelta(hours=2, minutes=1)  # the handoff runs out

    ended, *answer = await product.writes(RESIDENT, "你好")
    assert ended == (
        "与工作人员的这次对话已经结束，我先接着为您服务。如需再联系工作人员，请发“转人工”，或拨打热线 +8643188880001。"
    )
    assert answer and "没能回复" not in "".join(answer)  # the bot answers the message itself
    state = await handoff_state(product)
    assert state["handoff_until"] is None and state["handoff_since"] is None


async def test_a_handoff_runs_from_staffs_last_word_not_from_the_request(product: Product) -> None:
    question = await waiting_with(product, "暖气什么时候能修好")
    product.clock.now += dt.timedelta(hours=1, minutes=55)
    await product.staff("请问您家地址是哪里？", chat=NANGUAN_STAFF, reply_to=question)
    await product.deliver()
    product.clock.now += dt.timedelta(minutes=6)  # 2 h 01 after the request, 6 minutes after staff's question
    answer = await product.writes(RESIDENT, "3栋2单元501")
    assert not any("结束" in a or "没能回复" in a for a in answer)
    await product.deliver()
    assert "💬 居民（Telegram 用户“Resident”）：3栋2单元501" in relayed(
        product, NANGUAN_STAFF
    )  # staff have it
    assert (await handoff_state(product))["handoff_until"] is not None
    product.clock.now += dt.timedelta(hours=2)  # two hours after staff's last word: over
    ended, *_answer = await product.writes(RESIDENT, "你好")
    assert ended.startswith("与工作人员的这次对话已经结束")


async def test_a_handoff_nobody_answered_says_so_when_it_runs_out(product: Product) -> None:
    await product.writes(RESIDENT, "转人工")
    await product.writes(RESIDENT, "暖气什么时候能修好")
    await product.deliver()
    product.clock.now += dt.timedelta(hours=2, minutes=1)
    ended, *_answer = await product.writes(RESIDENT, "你好")
    assert (
        ended == "抱歉，工作人员在2小时内没能回复您，我先接着为您服务。如需人工，可拨打热线 +8643188880001。"
    )
    assert (await handoff_state(product))["handoff_until"] is None


def person_asked(product: Product, chat: int) -> str:
    [card] = [c.text for c in product.staff_seen(chat) if "居民请求人工客服" in c.text]
    return card


async def test_a_person_asked_for_at_the_temperature_question_files_the_report_with_it(
    product: Product,
) -> None:
    await product.writes(RESIDENT, "暖气一点都不热")
    assert "多少度" in "".join(await product.writes(RESIDENT, "红旗小区3栋2单元501"))
    answer = "\n".join(await product.writes(RESIDENT, "转人工"))
    ticket = await only_ticket(product)  # filed with what it has: staff ask the rest
    assert (ticket.kind, ticket.branch, ticket.room, ticket.temperature_c) == (
        TicketKind.NO_HEAT,
        "chaoyang",
        "501",
        None,
    )
    assert ticket.description == "暖气一点都不热"
    assert "转接人工客服" in answer and ticket.number in answer and "30分钟" in answer
    await product.deliver()
    card = person_asked(product, CHAOYANG_STAFF)  # at the flat's branch, with the report
    assert f"正在报修：暖气不热</b> · 工单 <code>{ticket.number}</code>" in card
    assert "地址：红旗小区3栋2单元501" in card and "居民原话：暖气一点都不热" in card
    assert f"<code>{ticket.number}</code>" in product.card(ticket.number)  # and the repair's own card


async def test_a_person_asked_for_at_the_address_question_keeps_the_report_and_asks_it_still(
    product: Product,
) -> None:
    await product.writes(RESIDENT, "暖气一点都不热 屋里才14度")
    answer = "\n".join(await product.writes(RESIDENT, "转人工"))
    assert "转接人工客服" in answer and "您刚才说的“暖气不热”可以先登记" in answer and "地址" in answer
    assert "不再自动回复" not in answer  # the bot asks the address still: it does not say it goes quiet
    assert await tickets.list_tickets(product.store) == []
    await product.deliver()
    card = person_asked(product, NANGUAN_STAFF)
    assert "正在报修：暖气不热</b>（还没登记" in card and "居民原话：暖气一点都不热 屋里才14度" in card
    assert "室温：14°C" in card and "地址：（居民尚未提供）" in card

    filed = "\n".join(
        await product.writes(RESIDENT, "红旗小区3栋2单元501")
    )  # not told again: only the address
    ticket = await only_ticket(product)
    assert (ticket.kind, ticket.room, ticket.temperature_c) == (TicketKind.NO_HEAT, "501", 14)
    assert ticket.description == "暖气一点都不热 屋里才14度" and ticket.number in filed


async def test_a_person_asked_for_while_a_leak_waits_for_its_address_keeps_asking_it(
    product: Product,
) -> None:
    await product.writes(RESIDENT, "暖气片漏水了")
    leak = await only_ticket(product)
    answer = "\n".join(await product.writes(RESIDENT, "/human"))
    assert "转接人工客服" in answer and "请发送地址" in answer
    await product.deliver()
    card = person_asked(product, NANGUAN_STAFF)
    assert (
        f"正在报修：漏水</b> · 工单 <code>{leak.number}</code>" in card and "地址：（居民尚未提供）" in card
    )

    added = "".join(await product.writes(RESIDENT, "红旗小区3栋2单元501"))
    stored = await product.ticket(leak.number)  # the emergency's address, not only relayed
    assert (stored.branch, stored.building, stored.room) == ("chaoyang", "3", "501")
    assert leak.number in added and len(await tickets.list_tickets(product.store)) == 1


def staff_lines(product: Product, chat: int) -> list[str]:
    return [c.text for c in product.staff_seen(chat)]


async def test_the_talk_with_staff_moves_whole_to_the_branch_of_the_flat_named_and_stays_with_it(
    product: Product,
) -> None:
    await product.writes(RESIDENT, "I want to talk to a real person please", lang="en")
    await product.writes(RESIDENT, "no hot radiators for 3 days, Guilin compound building 2", lang="en")
    await product.deliver()
    [request] = [c for c in staff_lines(product, CHAOYANG_STAFF) if "居民请求人工客服" in c]
    assert "留言：I want to talk to a real person please" in request and "由南关供热分公司转来" in request
    [message] = [c for c in product.staff_seen(CHAOYANG_STAFF) if c.text.startswith("💬")]
    assert (
        message.text
        == "💬 居民（Telegram 用户“Resident”）：no hot radiators for 3 days, Guilin compound building 2"
    )
    assert "已转到朝阳供热分公司的群里" in staff_lines(product, NANGUAN_STAFF)[-1]  # the first branch is told

    await product.staff("几单元几号？", chat=CHAOYANG_STAFF, reply_to=message)
    await product.deliver()
    filed = "\n".join(await product.writes(RESIDENT, "unit 1 room 201, it's 12 degrees", lang="en"))
    await product.deliver()
    assert (
        relayed(product, CHAOYANG_STAFF)[-1]
        == "💬 居民（Telegram 用户“Resident”）：unit 1 room 201, it's 12 degrees"
    )
    assert len(staff_lines(product, NANGUAN_STAFF)) == 2  # the request and the move: nothing since
    ticket = await only_ticket(product)  # the report, whole: nothing was lost
    assert (ticket.branch, ticket.address_raw, ticket.temperature_c) == (
        "chaoyang",
        "Guilin compound building 2 unit 1 room 201",
        12,
    )
    assert ticket.number in filed


async def test_once_staff_have_answered_the_talk_stays_with_them_whatever_flat_is_named(
    product: Product,
) -> None:
    hello = await waiting_with(product, "你好 在吗")
    await product.staff("您好，请问有什么事？", chat=NANGUAN_STAFF, reply_to=hello)
    await product.deliver()
    await product.writes(RESIDENT, "我想问问桂林小区2栋的暖气费怎么交")
    await product.deliver()
    assert (
        relayed(product, NANGUAN_STAFF)[-1]
        == "💬 居民（Telegram 用户“Resident”）：我想问问桂林小区2栋的暖气费怎么交"
    )
    assert staff_lines(product, CHAOYANG_STAFF) == []


async def test_a_report_begun_while_staff_answered_asks_its_question_again_when_they_are_done(
    product: Product,
) -> None:
    words = await waiting_with(product, "我家暖气一点都不热")
    await product.staff("/done", chat=NANGUAN_STAFF, reply_to=words)
    *ended, lead, asked = [m.text for m in product.telegram.messages(RESIDENT)][-3:]
    assert "人工服务已结束" in ended[-1] and "再接着处理您刚才说的“暖气不热”" in lead and "地址" in asked
    assert "多少度" in "".join(await product.writes(RESIDENT, "红旗小区3栋2单元501"))


async def test_the_talk_goes_on_with_the_branch_whose_staff_answer(product: Product) -> None:
    await product.writes(RESIDENT, "转人工")
    await product.writes(RESIDENT, "桂林小区2栋的暖气不热")  # the talk moves to Chaoyang, which serves it
    await product.deliver()
    [first] = [c for c in product.staff_seen(NANGUAN_STAFF) if "居民请求人工客服" in c.text]
    await product.staff(
        "您好，我们南关这边先帮您看一下", chat=NANGUAN_STAFF, reply_to=first
    )  # answered all the same
    await product.deliver()
    await product.writes(RESIDENT, "好的 谢谢")
    await product.deliver()
    assert relayed(product, NANGUAN_STAFF) == ["💬 居民（Telegram 用户“Resident”）：好的 谢谢"]
    assert "好的 谢谢" not in "".join(relayed(product, CHAOYANG_STAFF))


async def test_a_request_card_names_the_resident_by_their_telegram_name_and_a_traditional_one_its_language(
    product: Product,
) -> None:
    await product.writes(RESIDENT, "我要找人工客服")
    await product.deliver()
    card = person_asked(product, NANGUAN_STAFF)
    assert "联系方式：Telegram 用户“Resident”" in card and "#" not in card
    assert "居民语言" not in card  # staff read Simplified, as this resident writes
    other = RESIDENT + 1
    await product.writes(other, "我要找人工客服 謝謝", lang="zh-TW")
    await product.deliver()
    [_, card] = [c.text for c in product.staff_seen(NANGUAN_STAFF) if "居民请求人工客服" in c.text]
    assert "居民语言：繁体中文（回复请用这种语言，转发时不会翻译）" in card
    assert follower_label("zh-Hans", {"channel": "telegram", "contact_id": 9}) == "Telegram 用户"  # no "#9"


async def test_a_person_asked_for_about_a_flat_of_another_branch_is_asked_of_that_branchs_staff(
    product: Product,
) -> None:
    await product.writes(RESIDENT, "暖气不热 红旗小区3栋2单元501 15度")  # their own flat: Chaoyang's
    await product.writes(RESIDENT, "确认")
    told = "\n".join(await product.writes(RESIDENT, "转人工 我妈家凯旋小区5栋1单元302的事"))
    await product.deliver()
    assert "正在为您转接人工客服" in told  # no question back: a person was asked for
    assert (
        "+8643188880003" in told and CHAOYANG_LINE not in told
    )  # the hotline of the branch that has the talk
    [request] = [c for c in staff_lines(product, KUANCHENG_STAFF) if "居民请求人工客服" in c]
    assert "凯旋小区5栋1单元302" in request
    assert not [c for c in staff_lines(product, CHAOYANG_STAFF) if "居民请求人工客服" in c]
