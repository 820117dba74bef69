"""The StaffSender: where staff notifications go, cards edited in place, and Telegram's errors translated."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import AsyncIterator

import pytest
from aiogram.exceptions import TelegramServerError

from heatline.pacing import PacedCalls
from heatline.sla import SlaWatcher
from heatline.throttle import Limits, Throttle
from heatline.worker import OutboxWorker
from storage import Store, contacts, outbox, sla, tickets
from storage.delivery import RetryAfter, Undeliverable, Unreachable
from storage.values import Audience, Channel, DeliveryStatus, NotificationInfo, TicketKind
from tests.staff_world import CHAOYANG_CHAT, DEFAULT_CHAT, NANGUAN_CHAT, SUPERVISOR_CHAT, World, make_world


@pytest.fixture
async def world(store: Store) -> AsyncIterator[World]:
    async for w in make_world(store):
        yield w


def note(kind: str, address: str, number: str | None = None, **payload: object) -> NotificationInfo:
    now = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)
    return NotificationInfo(
        id=1, ticket_number=number, audience=Audience.STAFF, channel=Channel.TELEGRAM, address=address,
        language="zh-Hans", event=kind, payload={"number": number, **payload}, status=DeliveryStatus.PENDING,
        attempts=0, next_attempt_at=now, last_error=None, idempotency_key="k", created_at=now,
    )  # fmt: skip


async def test_a_branch_code_goes_to_the_branch_chat_and_default_to_the_default_chat(world: World) -> None:
    assert world.sender.chat_for("nanguan") == NANGUAN_CHAT
    assert world.sender.chat_for("chaoyang") == CHAOYANG_CHAT
    assert world.sender.chat_for("default") == DEFAULT_CHAT
    assert world.sender.chat_for("-100777") == -100777
    with pytest.raises(Undeliverable):
        world.sender.chat_for("atlantis")


async def test_escalation_and_breach_edit_the_card_and_alert_under_it(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()  # ticket.escalated: the card
    world.clock[0] += dt.timedelta(minutes=35)
    await tickets.mark_breached(world.store, number=ticket.number, now=world.clock[0])
    [breach] = await world.deliver_staff()
    assert breach.event == "ticket.breached"

    posts = [p for p in world.fake.of("sendMessage") if p.chat_id == NANGUAN_CHAT]
    assert len(posts) == 2, "the card once, then one alert line"
    card, alert = posts
    [supervisors] = [p for p in world.fake.of("sendMessage") if p.chat_id == SUPERVISOR_CHAT]
    assert (
        ticket.number in supervisors.text
        and "南关分公司" in supervisors.text
        and "请督办" in supervisors.text
    )
    assert "已升级：居民报告爆管" in card.text and "还剩 30分钟" in card.text
    assert ticket.number in alert.text and "30分钟到场承诺" in alert.text
    assert json.loads(json.dumps(alert.params["reply_parameters"]))["message_id"] == 1000
    [edit] = world.fake.of("editMessageText")
    assert int(edit.params["message_id"]) == 1000
    assert "已超时 5分钟" in edit.text and "未在承诺时间内到场" in edit.text


async def test_an_emergency_nobody_takes_is_brought_back_to_the_branch_and_its_supervisors(
    world: World,
) -> None:
    ticket = await world.open_ticket(address=None)
    await world.deliver_staff()
    world.clock[0] += dt.timedelta(minutes=5)
    assert await sla.due_for_reminder(world.store, every_minutes=5, now=world.clock[0]) == [ticket.number]
    assert await sla.remind(world.store, number=ticket.number, now=world.clock[0])
    [reminder] = await world.deliver_staff()
    assert reminder.event == "ticket.emergency_no_address"
    [alert] = [p for p in world.fake.of("sendMessage") if p.chat_id == NANGUAN_CHAT and "⏰" in p.text]
    assert "（爆管）已等了 5分钟，还没有人接单，也还没有地址：请立即给居民回电 +8613912340123" in alert.text
    [supervisors] = [p for p in world.fake.of("sendMessage") if p.chat_id == SUPERVISOR_CHAT]
    assert (
        f"南关分公司：紧急工单 <code>{ticket.number}</code>（爆管）已等了 5分钟 无人接单，请督办"
        in supervisors.text
    )
    assert await sla.due_for_reminder(world.store, every_minutes=5, now=world.clock[0]) == []


async def test_a_telegram_resident_with_no_number_is_asked_for_the_address_by_a_reply_not_a_call(
    world: World,
) -> None:
    resident = await contacts.get_or_create(world.store, channel=Channel.TELEGRAM, telegram_chat_id=777001)
    ticket = await world.open_ticket(kind=TicketKind.LEAK, address=None, contact_id=resident.id)
    await world.deliver_staff()
    world.clock[0] += dt.timedelta(minutes=5)
    assert await sla.remind(world.store, number=ticket.number, now=world.clock[0])
    await world.deliver_staff()
    [alert] = [p for p in world.fake.of("sendMessage") if p.chat_id == NANGUAN_CHAT and "⏰" in p.text]
    assert "还没有地址" in alert.text and "回复工单卡片向居民问清地址" in alert.text
    assert "回电" not in alert.text and "Telegram 用户（回复本卡片即可联系）" not in alert.text


async def test_a_complaint_nobody_followed_up_in_time_goes_to_the_branch_and_its_supervisors(
    world: World,
) -> None:
    ticket = await world.open_ticket(
        kind=TicketKind.COMPLAINT, address=None, description="师傅收了我两百块钱"
    )
    await world.deliver_staff()
    world.clock[0] += dt.timedelta(hours=24)
    assert await sla.due_for_follow_up(world.store, hours=24, now=world.clock[0]) == [ticket.number]
    assert await sla.miss_follow_up(world.store, number=ticket.number, hours=24, now=world.clock[0])
    [alert] = await world.deliver_staff()
    assert alert.event == "ticket.follow_up_missed"
    [supervisors] = [p for p in world.fake.of("sendMessage") if p.chat_id == SUPERVISOR_CHAT]
    assert (
        f"南关分公司：投诉 <code>{ticket.number}</code> 已超出24小时跟进承诺，居民还没有接到联系，请督办"
        in supervisors.text
    )
    assert await sla.due_for_follow_up(world.store, hours=24, now=world.clock[0]) == []
    assert not await sla.miss_follow_up(world.store, number=ticket.number, hours=24, now=world.clock[0])


async def test_a_handed_off_ticket_gets_a_card_in_the_new_branch_chat(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    await world.command(f"/handoff {ticket.number} CHAOYANG 在朝阳区")
    [handed] = await world.deliver_staff()
    assert handed.event == "ticket.handed_off" and handed.address == "chaoyang"
    cards = [c for c in world.fake.of("sendMessage") if c.buttons]
    assert [c.chat_id for c in cards] == [NANGUAN_CHAT, CHAOYANG_CHAT]
    assert "朝阳分公司" in cards[1].text
    [alert] = [c for c in world.fake.of("sendMessage") if "转来" in c.text]
    assert alert.chat_id == CHAOYANG_CHAT and "南关分公司" in alert.text and "在朝阳区" in alert.text


async def test_a_residents_added_words_are_posted_under_the_card_escaped(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    again = await world.open_ticket(description="水越来越多了 <b>快</b>", temperature_c=12.5)
    assert again.number == ticket.number
    [added] = await world.deliver_staff()
    assert added.event == "ticket.report" and added.ticket_number == ticket.number
    [card, alert] = world.fake.of("sendMessage")
    assert card.buttons and alert.chat_id == NANGUAN_CHAT
    assert (
        f"工单 <code>{ticket.number}</code> 居民补充：水越来越多了 &lt;b&gt;快&lt;/b&gt; (12.5°C)"
        in alert.text
    )
    assert json.loads(json.dumps(alert.params["reply_parameters"]))["message_id"] == 1000


async def test_not_modified_is_success(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    world.fake.fail("editMessageText", 400, "Bad Request: message is not modified")
    await world.sender.send(note("status.acknowledged", "nanguan", ticket.number))
    assert len(world.fake.of("sendMessage")) == 1


async def test_a_deleted_card_is_posted_again(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    world.fake.fail("editMessageText", 400, "Bad Request: message to edit not found")
    await world.sender.send(note("ticket.address", "nanguan", ticket.number))
    assert len(world.fake.of("sendMessage")) == 2


@pytest.mark.parametrize(
    ("status", "description", "parameters", "error"),
    [
        (429, "Too Many Requests: retry after 17", {"retry_after": 17}, RetryAfter),
        (403, "Forbidden: bot was kicked from the supergroup chat", {}, Unreachable),
        (400, "Bad Request: can't parse entities", {}, Undeliverable),
        (500, "Internal Server Error", {}, TelegramServerError),
    ],
)
async def test_telegram_errors_become_delivery_errors(
    world: World, status: int, description: str, parameters: dict[str, int], error: type[Exception]
) -> None:
    ticket = await world.open_ticket()
    world.fake.fail("sendMessage", status, description, **parameters)
    [n] = [n for n in await _claim(world) if n.audience is Audience.STAFF]
    with pytest.raises(error) as raised:
        await world.sender.send(n)
    if isinstance(raised.value, RetryAfter):
        assert raised.value.seconds == 17
    assert ticket.number == n.ticket_number


async def test_unknown_events_and_tickets_are_undeliverable(world: World) -> None:
    with pytest.raises(Undeliverable):
        await world.sender.send(note("ticket.exploded", "nanguan", "123456"))
    with pytest.raises(Undeliverable):
        await world.sender.send(note("ticket.new", "nanguan", "99999999"))
    assert not world.fake.of("sendMessage")


async def told_dead(world: World, number: str, **payload: str) -> None:
    """The worker's word that a notice to the ticket's reporter did not arrive, queued as it queues it, delivered."""
    await outbox.enqueue(
        world.store, audience=Audience.STAFF, channel=Channel.TELEGRAM, address="nanguan", language="zh-Hans",
        event="notification.dead", payload={"number": number, **payload}, ticket_number=number,
        idempotency_key=f"{number}:9:resident:dead", now=world.clock[0],
    )  # fmt: skip
    await world.deliver_staff()


async def test_a_dead_resident_notification_marks_the_card(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    await told_dead(world, ticket.number, event="status.dispatched", error="blocked")
    [edit] = world.fake.of("editMessageText")
    assert "居民通知未送达" in edit.text
    [alert] = [c for c in world.fake.of("sendMessage") if "📵" in c.text]
    assert ticket.number in alert.text and "没能送达" in alert.text and "按卡片上的联系方式" in alert.text
    assert (
        "status.dispatched" not in alert.text and "blocked" not in alert.text
    )  # no internal keys or raw errors


async def test_a_resident_who_blocked_the_bot_with_no_phone_is_said_to_be_unreachable_in_plain_words(
    world: World,
) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    error = "unreachable: Telegram server says - Forbidden: bot was blocked by the user"
    await told_dead(world, ticket.number, event="staff.reply", error=error)
    [alert] = [c for c in world.fake.of("sendMessage") if "📵" in c.text]
    assert "居民已屏蔽机器人，消息发不到" in alert.text and "暂时无法联系" in alert.text
    assert "staff.reply" not in alert.text and "Forbidden" not in alert.text and "电话联系" not in alert.text


async def test_the_card_of_a_resident_out_of_reach_does_not_offer_a_reply_or_a_call(world: World) -> None:
    resident = await contacts.get_or_create(world.store, channel=Channel.TELEGRAM, telegram_chat_id=777002)
    ticket = await world.open_ticket(contact_id=resident.id)
    await world.deliver_staff()
    error = "unreachable: Telegram server says - Forbidden: bot was blocked by the user"
    await told_dead(world, ticket.number, event="staff.reply", error=error)
    [edit] = world.fake.of("editMessageText")
    assert "居民没有留电话，暂时联系不上" in edit.text and "回复本卡片即可联系" not in edit.text
    assert "请电话联系" not in edit.text


async def _claim(world: World) -> list[NotificationInfo]:
    from storage import outbox

    return await outbox.claim(world.store, limit=100, now=world.clock[0] + dt.timedelta(hours=1))


def most_in_any_window(times: list[float], seconds: float) -> int:
    """The most of `times` (sorted) that fall within any `seconds` of each other."""
    return max(sum(1 for later in times[i:] if later - first <= seconds) for i, first in enumerate(times))


async def test_the_staff_chat_limit_counts_every_call_a_notification_makes(world: World) -> None:
    """A resident's words under an existing card are two calls (the card edited, a line posted under it): the chat's
    bucket (here 2 at once, then one every 0.5 s) holds for the calls Telegram receives, not for notifications."""
    world.bot.session.middleware(PacedCalls())
    ticket = await world.open_ticket()
    await world.deliver_staff()  # the card
    for n in range(3):
        await outbox.enqueue(
            world.store, audience=Audience.STAFF, channel=Channel.TELEGRAM, address="nanguan",
            language="zh-Hans", event="ticket.report", ticket_number=ticket.number,
            payload={"number": ticket.number, "description": f"水越来越多了 {n}"}, now=world.clock[0],
        )  # fmt: skip
    start = len(world.fake.calls)
    limits = Limits(per_second=0, group_interval=0.5, group_burst=2, urgent_reserve=0)
    worker = OutboxWorker(
        world.store,
        {(Audience.STAFF, Channel.TELEGRAM): world.sender},
        lambda: world.clock[0],
        throttle=Throttle(limits),
    )
    assert await worker.run_once() == 3
    calls = [c for c in world.fake.calls[start:] if c.chat_id == NANGUAN_CHAT]
    assert [c.method for c in calls] == ["editMessageText", "sendMessage"] * 3
    assert all(f"水越来越多了 {n}" in line.text for n, line in enumerate(calls[1::2]))
    times = [c.at for c in calls]
    assert most_in_any_window(times, 0.2) <= 2  # the bucket's two at once; the rest one every 0.5 s
    assert times[-1] - times[0] >= 4 * 0.5 - 0.1  # six calls: two at once, four refills


async def test_an_emergency_nobody_takes_gets_one_clock_message_a_pass_its_warning_said_in_its_reminder(
    world: World,
) -> None:
    ticket = await world.open_ticket(kind=TicketKind.LEAK)  # with its address: a crew to send
    await world.deliver_staff()
    watcher = SlaWatcher(world.store, lambda: world.clock[0], warning_minutes=20)
    per_pass: list[list[str]] = []
    for _ in range(36):  # a pass a minute for 36 minutes: reminders, the warning and the breach all fall due
        world.clock[0] += dt.timedelta(minutes=1)
        seen = len(world.fake.of("sendMessage"))
        await watcher.run_once()
        await world.deliver_staff()
        posted = world.fake.of("sendMessage")[seen:]
        per_pass.append([p.text for p in posted if p.chat_id == NANGUAN_CHAT and p.text[:1] in "⏰⛔"])
    assert all(len(texts) <= 1 for texts in per_pass), per_pass
    said = [texts[0] for texts in per_pass if texts]
    [at_twenty] = [t for t in said if "已等了 20分钟" in t]
    assert "还没有人接单" in at_twenty and "距到场承诺只剩 10分钟" in at_twenty  # the warning, not lost
    assert not [t for t in said if "请尽快派单" in t]  # and not said again on its own
    assert len([t for t in said if t.startswith("⛔")]) == 1
    events = [e.kind for e in await tickets.events(world.store, number=ticket.number)]
    assert events.count("sla_warning") == 1


async def test_an_emergency_nobody_takes_never_gets_two_clock_messages_close_together(world: World) -> None:
    # passes as the worker runs them, a few seconds late each: the reminders drift off the minute the warning is due
    ticket = await world.open_ticket(kind=TicketKind.LEAK)
    await world.deliver_staff()
    watcher = SlaWatcher(world.store, lambda: world.clock[0], warning_minutes=20)
    said: list[tuple[dt.datetime, str]] = []
    for _ in range(36 * 60 // 23):
        world.clock[0] += dt.timedelta(seconds=23)
        seen = len(world.fake.of("sendMessage"))
        await watcher.run_once()
        await world.deliver_staff()
        posted = world.fake.of("sendMessage")[seen:]
        said += [
            (world.clock[0], p.text) for p in posted if p.chat_id == NANGUAN_CHAT and p.text[:1] in "⏰⛔"
        ]
    gaps = [later - earlier for (earlier, _), (later, _) in itertools.pairwise(said)]
    assert min(gaps) >= dt.timedelta(minutes=2), said
    texts = [t for _, t in said]
    [warned] = [t for t in texts if "距到场承诺只剩" in t]
    assert "还没有人接单" in warned  # the warning said in a reminder
    assert not [t for t in texts if "请尽快派单" in t]
    assert len([t for t in texts if t.startswith("⛔")]) == 1
    events = [e.kind for e in await tickets.events(world.store, number=ticket.number)]
    assert events.count("sla_warning") == 1
