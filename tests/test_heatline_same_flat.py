"""Several residents reporting one flat (a husband by phone and his wife on Telegram, a son by SMS): one ticket, one
crew, one 30-minute promise. Whoever reports second is told the flat is reported already, when, and where it stands;
their words go under the card for its staff; every change reaches each of them on their own channel; the figures
count the flat once."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from phone_world import Product, clock_fixture, cold_by_phone, product_fixture  # noqa: F401
from test_ivr_helpers import RESIDENT
from test_sms_chat import message, text

from heatline import views
from storage import reports, tickets
from storage.values import Status, TicketInfo, TicketKind

WIFE = 8801  # her Telegram chat
SON = "+8613900000077"
CHAOYANG_LINE = "+8643188880002"
FLAT = "红旗小区3栋2单元501"  # as the husband keyed it by phone: "红旗小区3号楼2单元501"
ZONE = ZoneInfo("Asia/Shanghai")
NANGUAN_STAFF = -1001000000001  # the staff chat of the branch a report with no address goes to


async def wife_writes(product: Product, *words: str) -> str:
    answers = [answer for said in words for answer in await product.writes(WIFE, said)]
    await product.deliver()
    return "\n".join(answers)


async def only_ticket(product: Product) -> TicketInfo:
    [ticket] = await tickets.list_tickets(product.store)
    return ticket


def staff_alerts(product: Product, number: str) -> list[str]:
    return [c.text for c in product.staff_seen() if c.text.startswith(f"👥 工单 <code>{number}</code>")]


async def test_the_wife_on_telegram_joins_her_husbands_phone_report_and_hears_every_change(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)  # 08:30, 15 °C
    await product.tick(10)

    answer = await wife_writes(product, f"我家暖气不热，{FLAT}，14度", "是")
    assert f"您家这户 08:30 已经有人报修过了，不用重复报修：暖气不热工单 {ticket.number}" in answer
    assert "不会重复派单" in answer and "承诺到场：09:00前" in answer
    assert "已为您登记报修" not in answer  # no second ticket, no second promise
    stored = await only_ticket(product)
    # the card's room reading stays the reporter's; hers is on her own line under it
    assert (stored.number, stored.due_at, stored.temperature_c) == (ticket.number, ticket.due_at, 15)
    [joined] = [e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "followed"]
    assert joined.data["description"] == f"我家暖气不热，{FLAT}，14度"
    [alert] = staff_alerts(product, ticket.number)
    assert f"另一位居民（Telegram 用户“Resident”）也报了暖气不热：我家暖气不热，{FLAT}，14度 (14°C)" in alert
    assert "同户报修：另有 1 位居民也报了这户" in product.card(ticket.number)
    assert "室温：15" in product.card(ticket.number) and "室温：14" not in product.card(ticket.number)

    await product.staff(f"/dispatch {ticket.number} C03")
    await product.deliver()
    on_the_way = f"工单 {ticket.number}：朝阳抢修一队已出发，将在09:00前到场。"
    assert product.sms(RESIDENT)[-1] == on_the_way
    assert product.telegram.messages(WIFE)[-1].text == on_the_way
    mine = await wife_writes(product, "我的报修")
    assert f"工单 {ticket.number}｜暖气不热｜维修人员已出发｜朝阳抢修一队" in mine

    [posted] = [c for c in product.staff_seen() if c.text == alert]  # staff answer her words: she gets it
    await product.staff("您好，师傅十分钟到，请家里留人", reply_to=posted)
    await product.deliver()
    assert product.telegram.messages(WIFE)[-1].text == "人工客服：您好，师傅十分钟到，请家里留人"
    assert not any("十分钟到" in body for body in product.sms(RESIDENT))


async def test_a_caller_whose_flat_was_reported_in_the_chat_is_told_so_and_one_breach_reaches_both(
    product: Product,
) -> None:
    await wife_writes(product, f"我家暖气不热，{FLAT}，14度", "是")
    ticket = await only_ticket(product)
    await product.tick(5)

    caller = product.caller()  # the husband calls the hotline
    await caller.call()
    await caller.press("1")
    await caller.say("红旗小区3号楼2单元501")
    await caller.press("1")
    await caller.press("15#")
    heard = caller.said
    assert "您家这户已经有人报修过了，不用重复报修" in heard and "不会重复派单" in heard
    assert f"工单{'，'.join(ticket.number)}，暖气不热，已登记，等待值班人员接单，5分钟前报修" in heard
    assert "将在25分钟内到场" in heard and "之后的每次进展都会用短信通知您" in heard
    assert "我们承诺维修人员30分钟内到达现场" not in heard  # no second promise
    await caller.hang_up()
    await product.deliver()
    assert product.sms(RESIDENT) == [
        f"工单 {ticket.number}：您家这户 08:30 已经有人报修过了，您的报修已补充到这张工单，不会重复派单。"
        "之后的每次进展都会短信通知您。"
    ]
    assert [t.number for t in await tickets.list_tickets(product.store)] == [ticket.number]

    await product.tick(26)  # 08:31 + 30 minutes: the one promise ran out, nobody was sent
    apology = f"非常抱歉，工单 {ticket.number} 未能在承诺的30分钟内到场。"
    assert [body for body in product.sms(RESIDENT) if body.startswith("非常抱歉")] == [
        apology + "分公司已收到超时提醒，会尽快让维修人员到场。"
    ]
    assert [m.text for m in product.telegram.messages(WIFE) if m.text.startswith(apology)] != []
    assert len([c for c in product.staff_seen() if c.text.startswith("⛔ 工单")]) == 1

    caller = product.caller()  # key 3: where his flat's repair stands
    await caller.call()
    await caller.press("3")
    assert f"工单{'，'.join(ticket.number)}，暖气不热" in caller.said and "值班主管正在跟进" in caller.said
    figures = await reports.figures(product.store, min_room_temp_c=18, now=product.clock.now)
    assert (figures.tickets, figures.arrivals_measured, figures.by_kind) == (1, 1, {"no_heat": 1})


async def test_a_son_texting_the_flat_follows_it_and_is_texted_from_the_line_he_used(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)
    answers = [
        message((await text(product.client, said, phone=SON, to=CHAOYANG_LINE))[1])
        for said in (f"暖气不热 {FLAT}", "14", "是")
    ]
    assert f"已经有人报修过了，不用重复报修：暖气不热工单 {ticket.number}" in answers[-1]
    await product.deliver()
    assert product.sms(SON) == []  # answered in the chat: not texted the number again

    await product.staff(f"/onsite {ticket.number}")
    await product.deliver()
    arrived = f"工单 {ticket.number}：维修人员已到场。上门人员会出示工作证件，请放心。"
    assert product.sms(SON) == [arrived] and product.sms(RESIDENT)[-1] == arrived
    assert [m.from_ for m in product.twilio.sent if m.to == SON] == [CHAOYANG_LINE]


async def test_another_estate_a_complaint_or_a_leak_beside_the_cold_flat_keep_tickets_of_their_own(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)

    other_estate = "\n".join(
        await product.writes(8804, "我家暖气不热 桂林小区3栋2单元501 15度") + await product.writes(8804, "是")
    )
    assert "已为您登记报修" in other_estate and ticket.number not in other_estate
    leak = "\n".join(await product.writes(8803, f"暖气片漏水了 {FLAT}"))
    assert (
        "已建立紧急抢修单" in leak and ticket.number not in leak
    )  # an emergency never waits in a cold flat's queue
    await product.writes(8802, f"投诉：暖气一直不热，打了三次电话也没人来，{FLAT}")

    kinds = sorted(
        (t.kind.value, t.contact_id == ticket.contact_id) for t in await tickets.list_tickets(product.store)
    )
    assert kinds == [("complaint", False), ("leak", False), ("no_heat", False), ("no_heat", True)]
    stored = await product.ticket(ticket.number)
    assert stored.status is Status.NEW and stored.kind is TicketKind.NO_HEAT
    followed = [e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "followed"]
    assert len(followed) == 1  # the complaint's cold flat: onto the repair; the complaint stays a complaint


async def test_the_wife_rates_the_repair_her_husband_reported_in_her_own_language(product: Product) -> None:
    ticket = await cold_by_phone(product)  # he calls in Mandarin
    await product.writes(WIFE, f"no heating at home, {FLAT}, 14 degrees", lang="en")
    await wife_writes(product, "yes")
    await product.staff(f"/onsite {ticket.number}")  # the crew came
    await product.staff(f"/resolve {ticket.number}")
    await product.deliver()
    assert "Is it warm now" in product.telegram.messages(WIFE)[-1].text

    thanks = await wife_writes(product, "5")
    assert "Thank you" in thanks and "谢谢" not in thanks
    assert (await product.ticket(ticket.number)).rating == 5


async def son_texts(product: Product, *words: str) -> list[str]:
    answers = [message((await text(product.client, said, phone=SON, to=CHAOYANG_LINE))[1]) for said in words]
    await product.deliver()
    return answers


async def test_a_followers_cancel_is_shown_as_theirs_and_staffs_answer_reaches_them_from_the_flats_line(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)  # the father reports by phone
    await son_texts(product, f"暖气不热 {FLAT}", "14", "是")
    [joined] = staff_alerts(product, ticket.number)
    assert (
        "另一位居民（+86 139****0077）也报了暖气不热" in joined and SON not in joined
    )  # half hidden, as on the card

    await son_texts(product, "取消报修")
    [line] = [c for c in product.staff_seen() if c.text.startswith(f"📝 工单 <code>{ticket.number}</code>")]
    assert line.text == (
        f"📝 工单 <code>{ticket.number}</code> 同户另一位居民（+86 139****0077）补充：取消报修。回复这条消息即可联系TA。"
    )
    [said] = [e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "report"]
    assert said.data["description"] == "取消报修" and said.data["follower"]["ident"] == SON

    father_before = product.sms(RESIDENT)
    answer = await product.staff("请问是哪位要取消？", reply_to=line)
    assert answer == [
        f"✔ 已转给工单 <code>{ticket.number}</code> 的同户另一位居民（+86 139****0077），并记在工单里。"
    ]
    await product.deliver()
    assert product.sms(SON)[-1] == "人工客服：请问是哪位要取消？"
    assert [m.from_ for m in product.twilio.sent if m.to == SON][-1] == CHAOYANG_LINE
    assert product.sms(RESIDENT) == father_before  # the father is not asked about his son's words
    [reply] = [
        e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "staff.reply"
    ]
    assert reply.data["text"] == "请问是哪位要取消？" and reply.data["follower"]["ident"] == SON
    log = "\n".join(await product.staff(f"/ticket {ticket.number}"))
    assert "（同户另一位居民 +86 139****0077）：取消报修" in log
    assert "→ 同户另一位居民 +86 139****0077）：请问是哪位要取消？" in log


async def test_each_residents_rating_is_logged_as_theirs_and_the_repairs_stays_its_reporters(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)
    await son_texts(product, f"暖气不热 {FLAT}", "14", "是")
    await product.staff(f"/onsite {ticket.number}")  # the crew came
    await product.staff(f"/resolve {ticket.number}")
    await product.deliver()

    await text(product.client, "5", phone=RESIDENT, to=CHAOYANG_LINE)  # the father, who reported it
    [thanks] = await son_texts(product, "4分 师傅进门没穿鞋套")
    assert "4" in thanks
    assert (await product.ticket(ticket.number)).rating == 5  # the repair's rating stays its reporter's
    ratings = [e for e in await tickets.events(product.store, number=ticket.number) if e.kind == "rating"]
    assert [(e.data["rating"], e.data.get("follower", {}).get("ident")) for e in ratings] == [
        (5, None),
        (4, SON),
    ]
    lines = [c.text for c in product.staff_seen() if c.text.startswith("⭐")]
    assert lines == [
        f"⭐ 工单 <code>{ticket.number}</code> 报修的居民评了 5 分。",
        f"⭐ 工单 <code>{ticket.number}</code> 同户另一位居民（+86 139****0077）评了 4 分，并说：4分 师傅进门没穿鞋套。"
        "回复这条消息即可联系TA。",
    ]
    log = "\n".join(await product.staff(f"/ticket {ticket.number}"))
    assert "（同户另一位居民 +86 139****0077）：4" in log


async def test_a_followers_score_is_theirs_alone_never_shown_to_nor_changed_by_the_reporter(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)  # the father reports by phone; his son follows by SMS
    await son_texts(product, f"暖气不热 {FLAT}", "14", "是")
    await product.staff(f"/onsite {ticket.number}")  # the crew came
    await product.staff(f"/resolve {ticket.number}")
    await product.deliver()

    assert await son_texts(product, "2") == [f"谢谢您的评价（2分）！工单 {ticket.number} 的评分已记下。"]
    assert (await product.ticket(ticket.number)).rating == 2  # the flat's figure until its reporter rates

    _, body = await text(product.client, "5", phone=RESIDENT, to=CHAOYANG_LINE)  # the father had never rated
    assert (
        message(body) == f"谢谢您的评价（5分）！工单 {ticket.number} 的评分已记下。"
    )  # his son's 2 is not his
    assert (await product.ticket(ticket.number)).rating == 5  # the reporter's score is the repair's
    assert await son_texts(product, "3") == [
        f"已把工单 {ticket.number} 的评分从2分改为3分，以最新的为准。谢谢！"
    ]
    _, body = await text(product.client, "5", phone=RESIDENT, to=CHAOYANG_LINE)
    assert message(body) == f"您已经为工单 {ticket.number} 评过5分了，谢谢！"
    assert (await product.ticket(ticket.number)).rating == 5

    await product.deliver()
    assert [c.text for c in product.staff_seen() if c.text.startswith("⭐")] == [
        f"⭐ 工单 <code>{ticket.number}</code> 同户另一位居民（+86 139****0077）评了 2 分。回复这条消息即可联系TA。",
        f"⭐ 工单 <code>{ticket.number}</code> 报修的居民评了 5 分。",
        f"⭐ 工单 <code>{ticket.number}</code> 同户另一位居民（+86 139****0077）评了 3 分。回复这条消息即可联系TA。",
    ]
    figures = await reports.figures(product.store, min_room_temp_c=18, now=product.clock.now)
    assert figures.ratings == {5: 1}  # the flat's repair counted once


async def test_a_follower_who_reopens_the_repair_is_named_to_staff_on_the_card_the_log_and_the_command_line(
    product: Product,
) -> None:
    ticket = await cold_by_phone(product)  # the father reports by phone
    await son_texts(product, f"暖气不热 {FLAT}", "14", "是")
    await product.staff(f"/onsite {ticket.number}")  # the crew came
    await product.staff(f"/resolve {ticket.number}")
    await product.deliver()

    await son_texts(product, "还是不热")
    assert (await product.ticket(ticket.number)).status is Status.REOPENED
    [line] = [c for c in product.staff_seen() if c.text.startswith("🔁")]
    assert line.text == (
        f"🔁 工单 <code>{ticket.number}</code> 被同户另一位居民（+86 139****0077）重新打开。回复这条消息即可联系TA。"
    )
    assert "状态：<b>同户另一位居民（+86 139****0077）重新打开</b>" in product.card(ticket.number)
    log = "\n".join(await product.staff(f"/ticket {ticket.number}"))
    assert "居民重新打开（同户另一位居民 +86 139****0077）" in log and SON not in log
    events = await tickets.events(product.store, number=ticket.number)
    [reopened] = [e for e in events if e.to_status is Status.REOPENED]
    assert reopened.actor == "resident" and reopened.data["follower"]["ident"] == SON
    shown = views.ticket_text(
        await views.ticket_dict(product.store, await product.ticket(ticket.number), with_events=True), ZONE
    )
    assert "status       resident (follower +86 139****0077) resolved -> reopened" in shown
    assert SON not in shown

    await product.staff("马上再派师傅", reply_to=line)  # staff answer whoever reopened it
    await product.deliver()
    assert product.sms(SON)[-1] == "人工客服：马上再派师傅"
    assert not any("马上再派师傅" in body for body in product.sms(RESIDENT))


async def test_the_reporter_who_reopens_the_repair_is_the_resident_as_before(product: Product) -> None:
    ticket = await cold_by_phone(product)
    await son_texts(product, f"暖气不热 {FLAT}", "14", "是")
    await product.staff(f"/onsite {ticket.number}")  # the crew came
    await product.staff(f"/resolve {ticket.number}")
    await product.deliver()

    await text(product.client, "6", phone=RESIDENT, to=CHAOYANG_LINE)  # the father: "6. 还是不热"
    await product.deliver()
    [line] = [c.text for c in product.staff_seen() if c.text.startswith("🔁")]
    assert line == f"🔁 工单 <code>{ticket.number}</code> 被居民重新打开。"
    assert "状态：<b>居民重新打开</b>" in product.card(ticket.number)


async def test_each_resident_of_the_flat_reads_its_address_in_their_own_script(product: Product) -> None:
    father = 8811  # he writes Traditional on Telegram and reports first
    await product.writes(father, "我家暖氣不熱，紅旗小區3棟2單元501，14度", lang="zh-TW")
    await product.writes(father, "是", lang="zh-TW")
    ticket = await only_ticket(product)
    await son_texts(product, f"暖气不热 {FLAT}", "14", "是")
    await product.writes(WIFE, f"no heating at home, {FLAT}, 14 degrees", lang="en")
    await wife_writes(product, "yes")
    await product.staff(f"/onsite {ticket.number}")  # the crew came
    await product.staff(f"/resolve {ticket.number}")
    await product.deliver()

    assert product.telegram.messages(father)[-1].text.startswith(
        f"工單 {ticket.number}（紅旗小區3棟2單元501）已標記為修好。"
    )
    assert product.sms(SON)[-1].startswith(f"工单 {ticket.number}（红旗小区3栋2单元501）已标记为修好。")
    assert product.telegram.messages(WIFE)[-1].text.startswith(
        f"Ticket {ticket.number} (红旗小区3栋2单元501) is marked fixed."
    )


async def test_a_leak_at_a_flat_whose_repair_is_open_is_its_own_emergency_linked_to_the_repair(
    product: Product,
) -> None:
    repair = await cold_by_phone(product)  # the father, by phone
    await son_texts(product, f"暖气不热 {FLAT}", "14", "是")
    await product.staff(f"/dispatch {repair.number} C03")
    await product.deliver()

    await wife_writes(product, "暖气片漏水了")  # opened at once, its address asked after
    await wife_writes(product, FLAT)
    [leak] = [t for t in await tickets.list_tickets(product.store) if t.kind is TicketKind.LEAK]
    assert (
        leak.number != repair.number and leak.status is Status.NEW
    )  # an emergency waits in no repair's queue
    assert (
        f"同户在修：这户的暖气不热工单 {repair.number} 尚未完成（已派单，朝阳抢修一队 C03）"
        in product.card(leak.number)
    )
    told = f"工单 {repair.number}：您家这户刚有人报了漏水，已另作紧急工单 {leak.number} 优先处理；这张暖气报修照常进行。"
    assert product.sms(RESIDENT)[-1] == told and product.sms(SON)[-1] == told
    assert not any("刚有人报了" in m.text for m in product.telegram.messages(WIFE))  # she reported it
    assert (await product.ticket(repair.number)).status is Status.DISPATCHED  # the repair goes on as it was
    log = "\n".join(await product.staff(f"/ticket {repair.number}"))
    assert f"这户有人报了漏水或爆管，另建紧急工单（居民）：{leak.number}" in log
    assert f"同户紧急：这户的漏水紧急工单 {leak.number} 尚未完成（新报修，待接单）" in product.card(
        repair.number
    )


async def leak_by_phone(product: Product) -> None:
    """The caller reports a leak by key 2 (opened at once, the duty call put through), then keys its flat."""
    caller = product.caller()
    await caller.call()
    await caller.press("2")
    await caller.say("卫生间暖气片漏水了")
    await caller.dial_ends("completed")
    await caller.say("红旗小区3号楼2单元501")
    await caller.press("1")
    await caller.hang_up()
    await product.deliver()


async def test_a_leak_called_in_at_a_flat_whose_repair_is_open_is_told_to_its_residents_in_their_language(
    product: Product,
) -> None:
    await product.writes(WIFE, f"no heating at home, {FLAT}, 14 degrees", lang="en")
    await wife_writes(product, "yes")
    repair = await only_ticket(product)

    await leak_by_phone(product)  # the husband: key 2, the leak, then the flat
    [leak] = await tickets.of_phone(product.store, phone=RESIDENT)
    assert leak.kind is TicketKind.LEAK and leak.number != repair.number
    assert product.telegram.messages(WIFE)[-1].text == (
        f"Ticket {repair.number}: a leak has just been reported at your flat and is handled first, "
        f"as emergency ticket {leak.number}; this heating repair goes on as before."
    )
    assert f"同户在修：这户的暖气不热工单 {repair.number} 尚未完成（新报修，待接单）" in product.card(
        leak.number
    )
    assert not any(repair.number in body for body in product.sms(RESIDENT))  # his is the leak, not the repair


async def test_a_leak_at_another_flat_of_the_building_is_not_linked_to_the_cold_flats_repair(
    product: Product,
) -> None:
    repair = await cold_by_phone(product)
    await wife_writes(product, "暖气片漏水了 红旗小区3栋2单元502")
    [leak] = [t for t in await tickets.list_tickets(product.store) if t.kind is TicketKind.LEAK]
    assert "同户在修" not in product.card(leak.number)
    assert not any("刚有人报了" in body for body in product.sms(RESIDENT))
    assert [e.kind for e in await tickets.events(product.store, number=repair.number)][
        -1
    ] != "emergency_beside"


async def test_an_english_follower_hears_the_crew_and_its_promise_each_set_apart(product: Product) -> None:
    ticket = await cold_by_phone(product)  # 08:30
    await product.staff(f"/dispatch {ticket.number} C03")
    await product.deliver()
    said = "No heat at Hongqi compound building 3 unit 2 room 501, it's 15 degrees"
    answer = "\n".join(
        [*await product.writes(WIFE, said, lang="en"), *await product.writes(WIFE, "yes", lang="en")]
    )
    joined = f"no heat ticket {ticket.number}, crew on the way (Chaoyang repair team 1). Crew due by: 09:00"
    assert joined in answer  # not "crew on the way(Chaoyang repair team 1).Crew due by"


async def test_a_repair_opened_after_the_leak_at_its_flat_is_linked_with_it_as_in_the_other_order(
    product: Product,
) -> None:
    said = "才12度 家里有刚出生的婴儿 暖气片下面还有点渗水"
    await wife_writes(
        product, "暖气不热", FLAT, said
    )  # the leak opens at once; the repair's card is confirmed
    await wife_writes(product, "是")
    [leak] = [t for t in await tickets.list_tickets(product.store) if t.kind is TicketKind.LEAK]
    [repair] = [t for t in await tickets.list_tickets(product.store) if t.kind is TicketKind.NO_HEAT]
    assert (repair.temperature_c, repair.description) == (12, f"暖气不热 {said}")
    assert f"同户在修：这户的暖气不热工单 {repair.number} 尚未完成（新报修，待接单）" in product.card(
        leak.number
    )
    log = "\n".join(await product.staff(f"/ticket {repair.number}"))
    assert f"这户有人报了漏水或爆管，另建紧急工单（居民）：{leak.number}" in log
    assert not any("刚有人报了" in m.text for m in product.telegram.messages(WIFE))  # she reported the leak


def staff_lines(product: Product, start: str) -> list[str]:
    return [c.text for c in product.staff_seen() if c.text.startswith(start)]


async def leak_of(product: Product, contact_id: int) -> TicketInfo:
    [leak] = [t for t in await tickets.list_tickets(product.store) if t.contact_id == contact_id]
    return leak


async def test_a_leak_whose_flat_comes_after_another_residents_report_of_it_joins_that_ticket(
    product: Product,
) -> None:
    await son_texts(product, f"暖气片漏水了 {FLAT}")  # 08:30, the flat known at once
    [first] = await tickets.list_tickets(product.store)
    await product.tick(5)
    await product.writes(WIFE, "the radiator is leaking", lang="en")  # opened at once, its flat asked after
    [later] = [t for t in await tickets.list_tickets(product.store) if t.number != first.number]
    await wife_writes(product, FLAT)

    assert product.telegram.messages(WIFE)[-1].text == (
        f"Ticket {later.number}: the leak at your flat was already reported at 08:30 (ticket {first.number}); "
        f"it is the same flat and problem. Your report has joined ticket {first.number}, so no second crew is "
        "sent; you will hear of every change."
    )
    assert (await product.ticket(later.number)).status is Status.CANCELLED
    assert (await product.ticket(first.number)).status is Status.NEW
    assert f"状态：<b>已并入工单 {first.number}（同一户的同一问题）</b>" in product.card_text_now(
        later.number
    )
    card = product.card(first.number)
    assert f"同户合并：工单 {later.number} 是这户的同一问题，已并入本单" in card
    assert "同户报修：另有 1 位居民也报了这户" in card
    assert staff_lines(product, "🔗") == [
        f"🔗 工单 <code>{first.number}</code>：工单 <code>{later.number}</code> 是同一户（{FLAT}）的同一问题，"
        "是另一位居民报的，已并入本单并关闭：只派一支队伍。"
    ]
    log = "\n".join(await product.staff(f"/ticket {later.number}"))
    assert f"与同户另一张工单是同一问题，并入该单，本单关闭（居民）：{first.number}" in log
    log = "\n".join(await product.staff(f"/ticket {first.number}"))
    assert f"同户另一张同一问题的工单并入本单（居民）：{later.number}" in log

    await product.staff(f"/dispatch {first.number} C03")  # one crew, told to both
    await product.deliver()
    assert product.telegram.messages(WIFE)[-1].text.startswith(f"Ticket {first.number}: ")
    assert "Chaoyang repair team 1" in product.telegram.messages(WIFE)[-1].text
    assert product.sms(SON)[-1].startswith(f"工单 {first.number}：朝阳抢修一队已出发")


async def test_a_ticket_with_a_crew_on_it_goes_on_and_the_untouched_one_of_the_flat_joins_it_though_earlier(
    product: Product,
) -> None:
    await wife_writes(product, "暖气片漏水了")  # 08:30, no flat yet: promised by 09:00
    [hers] = await tickets.list_tickets(product.store)
    await product.tick(5)
    await son_texts(product, f"暖气片漏水了 {FLAT}")  # 08:35, his own ticket: hers has no flat to follow
    his = await leak_of(product, (await product.ticket(hers.number)).contact_id + 1)
    await product.staff(f"/dispatch {his.number} C03")
    await product.deliver()

    await wife_writes(product, FLAT)
    assert product.telegram.messages(WIFE)[-1].text == (
        f"工单 {hers.number}：您家这户的漏水 08:35 已经有人报过了（工单 {his.number}），是同一户的同一问题。"
        f"您的报修已并入工单 {his.number}，不会重复派单；之后的每次进展都会通知您。"
    )
    kept = await product.ticket(his.number)
    assert (kept.status, kept.crew) == (Status.DISPATCHED, "C03")  # the crew on its way is never called off
    assert kept.due_at == hers.due_at  # her earlier promise stays made: 09:00, not 09:05
    assert (await product.ticket(hers.number)).status is Status.CANCELLED
    assert "承诺到场：09:00" in product.card(his.number)
    assert len(staff_lines(product, "🔗")) == 1

    await product.staff(f"/onsite {his.number}")
    await product.deliver()
    assert (
        product.telegram.messages(WIFE)[-1].text
        == f"工单 {his.number}：维修人员已到场。上门人员会出示工作证件，请放心。"
    )


async def test_two_tickets_of_the_flat_each_with_a_crew_stay_two_linked_and_staff_are_told_to_check(
    product: Product,
) -> None:
    await wife_writes(product, "暖气片漏水了")
    [hers] = await tickets.list_tickets(product.store)
    # the duty staff of the branch it first went to phoned her and sent a crew at once
    await product.staff(f"/dispatch {hers.number} C01", chat=NANGUAN_STAFF)
    await product.tick(5)
    await son_texts(product, f"暖气片漏水了 {FLAT}")
    [his] = [t for t in await tickets.list_tickets(product.store) if t.number != hers.number]
    await product.staff(f"/dispatch {his.number} C03")
    await product.deliver()

    await wife_writes(product, FLAT)
    stored = {t.number: (t.status, t.crew) for t in await tickets.list_tickets(product.store)}
    assert stored == {hers.number: (Status.DISPATCHED, "C01"), his.number: (Status.DISPATCHED, "C03")}
    assert product.telegram.messages(WIFE)[-1].text == (
        f"工单 {hers.number}：您家这户的漏水另有工单 {his.number}（08:35 报的）也在处理。值班人员已知道是同一户，会统一安排。"
    )
    assert (
        f"同户同一问题：这户的漏水另有工单 {his.number}（已派单，朝阳抢修一队 C03），两单都已有人在办，没有合并："
        "请核实，别派两支队伍" in product.card(hers.number)
    )
    assert f"同户同一问题：这户的漏水另有工单 {hers.number}（已派单，" in product.card(his.number)
    assert staff_lines(product, "🔗") == [
        f"🔗 工单 <code>{hers.number}</code> 补全了地址（{FLAT}），与工单 <code>{his.number}</code> 是同一户的同一问题。"
        "两单都已有人在办，没有合并：请核实，别派两支队伍。"
    ]
    assert not any(his.number in body and "并入" in body for body in product.sms(SON))
    for number, other in ((hers.number, his.number), (his.number, hers.number)):
        log = "\n".join(await product.staff(f"/ticket {number}"))
        assert f"同户另有同一问题的工单，两单都在办，已关联（居民）：{other}" in log


async def test_a_callers_leak_whose_flat_comes_after_the_chats_report_of_it_joins_that_ticket(
    product: Product,
) -> None:
    await wife_writes(product, f"暖气片漏水了 {FLAT}")
    [first] = await tickets.list_tickets(product.store)

    await leak_by_phone(product)  # the husband: key 2, the leak, then the flat

    [his] = [t for t in await tickets.list_tickets(product.store) if t.number != first.number]
    assert (his.status, his.address_raw) == (Status.CANCELLED, "红旗小区3号楼2单元501")
    assert (await product.ticket(first.number)).status is Status.NEW
    assert product.sms(RESIDENT)[-1] == (
        f"工单 {his.number}：您家这户的漏水 08:30 已经有人报过了（工单 {first.number}），是同一户的同一问题。"
        f"您的报修已并入工单 {first.number}，不会重复派单；之后的每次进展都会通知您。"
    )
    caller = product.caller()  # key 3: where his flat's leak stands, the ticket he follows now
    await caller.call()
    await caller.press("3")
    assert f"工单{'，'.join(first.number)}，漏水" in caller.said
    assert "同户报修：另有 1 位居民也报了这户" in product.card(first.number)
    assert len(staff_lines(product, "🔗")) == 1


async def test_a_repair_another_resident_opens_at_the_leaking_flat_is_told_to_each_and_the_cards_name_each_other(
    product: Product,
) -> None:
    await product.writes(WIFE, f"the radiator is leaking, {FLAT}", lang="en")
    await son_texts(product, f"暖气片漏水了 {FLAT}")  # the son follows her leak
    [leak] = await tickets.list_tickets(product.store)
    await product.staff(f"/dispatch {leak.number} C03")
    await product.deliver()

    repair = await cold_by_phone(product)  # the father: the flat is cold too
    assert repair.kind is TicketKind.NO_HEAT and repair.number != leak.number
    assert product.telegram.messages(WIFE)[-1].text == (
        f"Ticket {leak.number}: no heating has just been reported at your flat too, as repair ticket "
        f"{repair.number}; this leak emergency is still handled first."
    )
    assert product.sms(SON)[-1] == (
        f"工单 {leak.number}：您家这户刚有人报了暖气不热，另作报修工单 {repair.number}；这张漏水紧急工单照常优先处理。"
    )
    assert product.sms(RESIDENT)[-1] == (
        f"工单 {repair.number}：您家这户已有人报了漏水，是紧急工单 {leak.number}，正在优先处理；"
        "您的暖气报修是这张工单，照常进行。"
    )
    assert f"同户紧急：这户的漏水紧急工单 {leak.number} 尚未完成（已派单，朝阳抢修一队 C03）" in product.card(
        repair.number
    )
    assert f"同户在修：这户的暖气不热工单 {repair.number} 尚未完成（新报修，待接单）" in product.card(
        leak.number
    )
    log = "\n".join(await product.staff(f"/ticket {leak.number}"))
    assert f"这户另有未完成的暖气不热工单（居民）：{repair.number}" in log
    assert (await product.ticket(leak.number)).status is Status.DISPATCHED  # the emergency goes on as it was


async def test_a_follower_of_the_leak_who_reports_the_cold_is_not_told_of_the_leak_he_follows(
    product: Product,
) -> None:
    await wife_writes(product, f"暖气片漏水了 {FLAT}")
    await son_texts(product, f"暖气片漏水了 {FLAT}")  # he follows her leak
    [leak] = await tickets.list_tickets(product.store)
    told = len(product.sms(SON))

    await son_texts(product, f"暖气不热 {FLAT}", "14", "是")
    [repair] = [t for t in await tickets.list_tickets(product.store) if t.kind is TicketKind.NO_HEAT]
    assert product.sms(SON)[told:] == []  # answered in the chat; the leak is his own news
    assert product.telegram.messages(WIFE)[-1].text == (
        f"工单 {leak.number}：您家这户刚有人报了暖气不热，另作报修工单 {repair.number}；这张漏水紧急工单照常优先处理。"
    )


async def test_a_leak_merged_into_an_earlier_one_hands_it_its_link_with_the_cold_flats_repair_quietly(
    product: Product,
) -> None:
    neighbour = 8803  # the lodger, on Telegram
    await wife_writes(product, "暖气片漏水了")  # 08:30, no flat yet
    [hers] = await tickets.list_tickets(product.store)
    await son_texts(product, f"暖气不热 {FLAT}", "14", "是")  # the repair, beside no leak of a known flat yet
    await product.tick(5)
    await product.writes(neighbour, f"暖气片漏水了 {FLAT}")  # 08:35: linked with the repair, the son told
    await product.deliver()
    [repair] = [t for t in await tickets.list_tickets(product.store) if t.kind is TicketKind.NO_HEAT]
    [lodgers] = [
        t for t in await tickets.list_tickets(product.store) if t.number not in (hers.number, repair.number)
    ]
    told = len(product.sms(SON))

    await wife_writes(product, FLAT)  # hers came first: his joins it
    assert (await product.ticket(lodgers.number)).status is Status.CANCELLED
    assert product.telegram.messages(neighbour)[-1].text.startswith(
        f"工单 {lodgers.number}：您家这户的漏水 08:30 已经有人报过了（工单 {hers.number}）"
    )
    assert f"同户在修：这户的暖气不热工单 {repair.number} 尚未完成（新报修，待接单）" in product.card(
        hers.number
    )
    assert f"同户紧急：这户的漏水紧急工单 {hers.number} 尚未完成（新报修，待接单）" in product.card(
        repair.number
    )
    assert product.sms(SON)[told:] == []  # told of the leak once, when it was reported
