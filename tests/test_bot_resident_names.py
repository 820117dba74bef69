"""Staff see who a Telegram resident is by the name they show on Telegram wherever they are named, as the ticket's
card names them: a request for a person and the words relayed from it, the lines of another resident of the flat
following a ticket (and `/ticket`, `heatline tickets show`), a complaint whose follow-up is late; an operator sees it
in `heatline tickets show --json` (through the webhook, the outbox and the staff chat, on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from phone_world import CHAOYANG_STAFF, Product, clock_fixture, product_fixture  # noqa: F401

from bot.staff.history import follower_label
from bot.staff.texts import resident_label
from heatline import views
from storage import contacts, tickets
from storage.values import Channel, Priority, TicketInfo, TicketKind

RESIDENT, NEIGHBOUR = 8801, 8802
NANGUAN_STAFF = -1001000000001  # the staff chat of the branch a request naming no flat goes to
LI = {
    "first_name": "Li",
    "last_name": "<Wang>",
    "username": "liwang",
}  # as Telegram sends it with each message
LI_SHOWN = "Li &lt;Wang&gt; @liwang"  # as an HTML message shows it
MEI = {"first_name": "Mei", "last_name": "& Co"}
FLAT = "红旗小区3栋2单元501"


async def ticket_of(product: Product, chat: int) -> TicketInfo:
    contact = await contacts.get_or_create(product.store, channel=Channel.TELEGRAM, telegram_chat_id=chat)
    [ticket] = await tickets.of_contact(product.store, contact_id=contact.id, following=True)
    return ticket


async def test_a_request_for_a_person_and_the_words_relayed_name_them_beside_their_phone(
    product: Product,
) -> None:
    await product.shares_phone(RESIDENT, "+8613812345678")  # Telegram's own contact button
    await product.writes(RESIDENT, "我要找人工客服", **LI)
    await product.writes(RESIDENT, "你好 在吗", **LI)
    await product.deliver()
    [card] = [c.text for c in product.staff_seen(NANGUAN_STAFF) if "居民请求人工客服" in c.text]
    assert f"联系方式：Telegram 用户“{LI_SHOWN}”，+86 138****5678\n" in card
    relayed = [c.text for c in product.staff_seen(NANGUAN_STAFF) if c.text.startswith("💬")]
    assert relayed == [f"💬 居民（Telegram 用户“{LI_SHOWN}”，+86 138****5678）：你好 在吗"]
    [request] = [c for c in product.staff_seen(NANGUAN_STAFF) if "居民请求人工客服" in c.text]
    assert await product.staff("/done", chat=NANGUAN_STAFF, reply_to=request) == [
        f"✔ 已结束与居民（Telegram 用户“{LI_SHOWN}”，+86 138****5678）的人工对话。"
    ]
    # no name known (a contact from before names were kept): as before, the phone alone, else "Telegram 用户"
    assert resident_label("zh-Hans", phone="+8613812345678") == "+86 138****5678"
    assert resident_label("zh-Hans") == "Telegram 用户"
    assert resident_label("en", phone="+8613812345678", name="Li") == 'Telegram user "Li", +86 138****5678'


async def test_a_follower_on_telegram_is_named_on_their_lines_the_log_and_the_command_line(
    product: Product,
) -> None:
    await product.writes(RESIDENT, f"{FLAT} 暖气片漏水了", **LI)
    await product.deliver()
    ticket = await ticket_of(product, RESIDENT)
    await product.writes(NEIGHBOUR, f"{FLAT} 我家暖气片也漏水了", **MEI)
    await product.deliver()
    assert (await ticket_of(product, NEIGHBOUR)).number == ticket.number  # she follows his ticket
    [line] = [c for c in product.staff_seen() if c.text.startswith(f"👥 工单 <code>{ticket.number}</code>")]
    assert "这户的另一位居民（Telegram 用户“Mei &amp; Co”）也报了漏水" in line.text
    answered = await product.staff("师傅马上到", reply_to=line)
    assert answered == [
        f"✔ 已转给工单 <code>{ticket.number}</code> 的同户另一位居民（Telegram 用户“Mei &amp; Co”），并记在工单里。"
    ]
    log = "\n".join(await product.staff(f"/ticket {ticket.number}"))
    assert "同户另一位居民也报修（同户另一位居民 Telegram 用户“Mei &amp; Co”）" in log
    assert "回复居民（Dispatcher → 同户另一位居民 Telegram 用户“Mei &amp; Co”）：师傅马上到" in log
    assert follower_label("zh-Hans", {"channel": "telegram", "contact_id": 9}) == "Telegram 用户"  # none kept

    shown = await views.ticket_dict(product.store, ticket, with_events=True)
    assert shown["name"] == "Li <Wang> @liwang"  # the reporter, as they show themselves on Telegram
    assert shown["contact"]["channel"] == "telegram" and shown["contact"]["telegram_chat_id"] == RESIDENT
    [joined] = [e for e in shown["events"] if e["kind"] == "followed"]
    assert joined["data"]["follower"]["name"] == "Mei & Co"
    text = views.ticket_text(shown, ZoneInfo("Asia/Shanghai"))
    assert "\nname: Li <Wang> @liwang\n" in text
    assert f"resident (follower telegram contact #{joined['data']['contact_id']} Mei & Co)" in text


async def test_a_complaint_past_its_follow_up_names_a_telegram_resident_who_left_no_phone(
    product: Product,
) -> None:
    await product.writes(RESIDENT, f"我要投诉 {FLAT} 昨天来的师傅态度特别差", **LI)
    await product.deliver()
    ticket = await ticket_of(product, RESIDENT)
    assert ticket.kind is TicketKind.COMPLAINT
    assert f"居民：{LI_SHOWN}（Telegram 上的名字）" in product.card(ticket.number)
    product.clock.now += dt.timedelta(hours=24)
    await product.tick(1)
    [late] = [c.text for c in product.staff_seen(CHAOYANG_STAFF) if c.text.startswith("⛔ 投诉")]
    assert f"请立即给居民回电 Telegram 用户“{LI_SHOWN}”（回复本卡片即可联系），联系后点“已联系”。" in late


async def test_a_resident_with_no_name_stored_is_named_as_before(product: Product) -> None:
    resident = await contacts.get_or_create(
        product.store, channel=Channel.TELEGRAM, telegram_chat_id=RESIDENT
    )
    assert resident.telegram_name is None
    ticket, _ = await tickets.open_ticket(
        product.store,
        kind=TicketKind.COMPLAINT,
        priority=Priority.NORMAL,
        contact_id=resident.id,
        branch="chaoyang",
        address=None,
        description="师傅态度差",
    )
    shown = await views.ticket_dict(product.store, ticket, with_events=False)
    assert shown["name"] is None and "name" not in shown["contact"]


async def test_a_follower_who_reopens_the_repair_is_named_on_its_card_escaped_once(product: Product) -> None:
    for chat, shown in ((RESIDENT, LI), (NEIGHBOUR, MEI)):
        for words in (f"{FLAT} 暖气不热", "15", "是"):
            await product.writes(chat, words, **shown)
    await product.deliver()
    ticket = await ticket_of(product, NEIGHBOUR)
    await product.staff(f"/onsite {ticket.number}")  # the crew came
    await product.staff(f"/resolve {ticket.number}")
    await product.deliver()
    await product.writes(NEIGHBOUR, "还是不热", **MEI)
    await product.deliver()
    status = "状态：<b>同户另一位居民（Telegram 用户“Mei &amp; Co”）重新打开</b>"
    assert status in product.card_text_now(ticket.number)
    [line] = [c.text for c in product.staff_seen() if c.text.startswith("🔁")]
    assert "被同户另一位居民（Telegram 用户“Mei &amp; Co”）重新打开" in line
