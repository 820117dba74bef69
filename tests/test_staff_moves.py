"""Staff moving tickets together: two staff acting at once, steps taken out of order, hand-offs, which branch's chat
acts on a ticket, and staff typing on any keyboard. What staff are answered, what the card shows, what the resident is
told, and what the store keeps."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from bot.notifications import render
from bot.staff.board import card_key
from storage import Store, conversations, outbox, tickets
from storage.models import event_t, ticket_t
from storage.values import Audience, NotificationInfo, Status
from tests.staff_world import ADMIN_USER, CHAOYANG_CHAT, NANGUAN_CHAT, STAFF_USER, World, make_world

OTHER_STAFF = ADMIN_USER  # an administrator of the Nanguan chat: staff there, like STAFF_USER


@pytest.fixture
async def world(store: Store) -> AsyncIterator[World]:
    async for w in make_world(store):
        yield w


async def resident_notices(world: World, number: str) -> list[NotificationInfo]:
    """What the resident of `number` is sent since the last look."""
    rows = await outbox.claim(world.store, limit=100, now=world.clock[0] + dt.timedelta(days=1))
    for row in rows:
        await outbox.mark_sent(world.store, notification_id=row.id)
    return [n for n in rows if n.audience is Audience.RESIDENT and n.ticket_number == number]


def toasts(world: World, *, alerts: bool = False) -> list[str]:
    """The answers to button presses: the plain toasts (something happened), or the alerts (nothing did)."""
    return [
        str(c.params.get("text", ""))
        for c in world.fake.of("answerCallbackQuery")
        if (c.params.get("show_alert") in ("true", True)) == alerts
    ]


def card_now(world: World, number: str, chat: int = NANGUAN_CHAT) -> tuple[str, list[tuple[str, str]]]:
    """The card of `number` in `chat` as it stands: its text and buttons."""
    shown = [
        c
        for c in world.fake.calls
        if c.method in ("sendMessage", "editMessageText")
        and c.chat_id == chat
        and f"<code>{number}</code>" in c.text
        and c.text.startswith(("🔴", "🟡", "✅"))
    ]
    assert shown, f"no card of {number} in {chat}"
    return shown[-1].text, shown[-1].buttons


async def card_id(world: World, number: str, chat: int = NANGUAN_CHAT) -> int:
    state = await conversations.load(world.store, key=card_key(number, chat))
    assert state is not None
    return int(state["message_id"])


async def at_once(world: World, number: str, *presses: tuple[str, int]) -> None:
    """Two staff members press buttons (data, user) on the card of `number` at the same moment."""
    await world.deliver_staff()
    card = await card_id(world, number)
    sent = [world.press(data, message_id=card, user=user) for data, user in presses]
    assert await asyncio.gather(*sent) == [200] * len(presses)


async def test_two_staff_pressing_take_at_once_one_takes_it_the_other_hears_who(world: World) -> None:
    ticket = await world.open_ticket()
    take = f"tk:take:{ticket.number}:"
    await at_once(world, ticket.number, (take, STAFF_USER), (take, OTHER_STAFF))

    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.ACKNOWLEDGED
    holder = stored.assignee
    [done], [refused] = toasts(world), toasts(world, alerts=True)
    assert done == f"✔ 工单 {ticket.number} 已由 {holder} 接单。"
    assert (
        refused
        == f"工单 {ticket.number} 已由 {holder} 于 10:00 接单，您这次接单没有生效。如需改由您负责，请点“接手”。"
    )
    text, buttons = card_now(world, ticket.number)
    assert f"接单人：{holder}" in text and "接手" in dict(buttons)
    told = [n.event for n in await resident_notices(world, ticket.number)]
    assert told.count("status.acknowledged") == 1
    takes = [e for e in await tickets.events(world.store, number=ticket.number) if e.data.get("assignee")]
    assert len(takes) == 1


async def test_a_taken_ticket_typed_take_names_its_holder_and_take_over_is_deliberate(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/take {ticket.number}")
    await world.command(f"/take {ticket.number}", user=OTHER_STAFF)
    refused = world.fake.messages(NANGUAN_CHAT)[-1]
    assert (
        f"工单 <code>{ticket.number}</code> 已由 Duty{STAFF_USER} 于 10:00 接单，您这次接单没有生效"
        in refused.text
    )
    [(label, data)] = refused.buttons
    assert label == "接手"
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.assignee == f"Duty{STAFF_USER}"

    await world.press(data, message_id=1, user=OTHER_STAFF)
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.assignee == f"Duty{OTHER_STAFF}"
    [done] = toasts(world)
    assert done == f"✔ 工单 {ticket.number} 已改由 Duty{OTHER_STAFF} 负责（原接单人 Duty{STAFF_USER}）。"


async def test_two_staff_sending_crews_at_once_one_crew_goes_the_other_hears_which(world: World) -> None:
    ticket = await world.open_ticket()
    crew = f"tk:crew:{ticket.number}:"
    await at_once(world, ticket.number, (f"{crew}C01", STAFF_USER), (f"{crew}C02", OTHER_STAFF))

    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.DISPATCHED and stored.crew in ("C01", "C02")
    sent, other = ("南关抢修一队 C01", "南关抢修二队 C02")[:: 1 if stored.crew == "C01" else -1]
    [done], [refused] = toasts(world), toasts(world, alerts=True)
    assert done == f"✔ 工单 {ticket.number} 已派 {sent}。"
    assert (
        f"于 10:00 派 {sent}（现在是“已派单”），您这次派单没有生效。如需换成 {other}，请点“改派”。" in refused
    )
    [dispatched] = [n for n in await resident_notices(world, ticket.number) if n.event == "status.dispatched"]
    assert render(dispatched, world.services.company).text.count("已出发") == 1  # one crew drives out

    text, buttons = card_now(world, ticket.number)
    assert f"抢修队：{sent}" in text and "改派" in dict(buttons)


async def test_a_crew_changed_on_purpose_is_told_to_the_resident_as_a_replacement(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    card = await card_id(world, ticket.number)
    await world.command(f"/dispatch {ticket.number} C01")
    await resident_notices(world, ticket.number)  # the first crew's notice, sent
    _text, buttons = card_now(world, ticket.number)
    await world.press(dict(buttons)["改派"], message_id=card)
    crews = dict(world.fake.of("editMessageReplyMarkup")[-1].buttons)
    assert set(crews) == {"南关抢修二队 C02", "« 返回"}  # the crew it has is not offered again
    world.clock[0] += dt.timedelta(minutes=5)
    await world.press(crews["南关抢修二队 C02"], message_id=card)

    done = toasts(world)[-1]
    assert (
        done
        == f"✔ 工单 {ticket.number} 已改派 南关抢修二队 C02，替换 南关抢修一队 C01；已告知居民是换了抢修队。"
    )
    [replaced] = await resident_notices(world, ticket.number)
    told = render(replaced, world.services.company).text
    assert told == f"工单 {ticket.number}：改派南关抢修二队接替南关抢修一队，已出发，将在10:30前到场。"


async def test_a_crew_on_the_spot_marked_on_site_is_still_recorded_and_the_resident_told_once(
    world: World,
) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    await world.command(f"/onsite {ticket.number}")
    answer = world.fake.messages(NANGUAN_CHAT)[-1].text
    assert "维修人员已到场。还没有记下是哪支抢修队" in answer and f"/dispatch {ticket.number}" in answer
    text, buttons = card_now(world, ticket.number)
    assert "抢修队：<b>未记录</b>" in text and "记录抢修队" in dict(buttons)

    await world.command(f"/dispatch {ticket.number} C01")
    assert (
        world.fake.messages(NANGUAN_CHAT)[-1].text
        == f"✔ 工单 <code>{ticket.number}</code>：已记下到场的是 南关抢修一队 C01。"
    )
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and (stored.status, stored.crew) == (Status.ON_SITE, "C01")
    assert [n.event for n in await resident_notices(world, ticket.number)] == ["status.on_site"]


async def test_the_crew_the_resident_said_came_marked_on_site_is_not_told_again(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/dispatch {ticket.number} C01")
    await tickets.report_arrival(
        world.store,
        number=ticket.number,
        contact_id=ticket.contact_id,
        description="师傅到了",
        now=world.clock[0],
    )
    await resident_notices(world, ticket.number)  # what was sent before
    await world.command(f"/onsite {ticket.number}")
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.ON_SITE
    assert await resident_notices(world, ticket.number) == []  # they were answered when they said it


async def test_on_site_marked_twice_the_second_hears_who_marked_it_and_when(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/dispatch {ticket.number} C01")
    await world.command(f"/onsite {ticket.number}")
    await world.command(f"/onsite {ticket.number}", user=OTHER_STAFF)
    assert world.fake.messages(NANGUAN_CHAT)[-1].text == (
        f"工单 <code>{ticket.number}</code> 已经是“维修人员已到场”（Duty{STAFF_USER}，10:00），无需再标记到场。"
    )


async def forget_who(world: World, number: str) -> None:
    """The ticket's log as it was kept before it said who took a ticket, sent its crew or moved it: no names, no
    statuses reached (tickets of that time are still open in the store)."""
    found = sa.select(ticket_t.c.id).where(ticket_t.c.number == number).scalar_subquery()
    async with world.store.write() as conn:
        await conn.execute(
            sa.update(event_t).where(event_t.c.ticket_id == found).values(data={}, to_status=None)
        )


async def test_a_second_staff_acting_on_a_ticket_from_before_the_log_said_who_hears_what_is_known_not_a_dash(
    world: World,
) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/take {ticket.number}")
    await world.command(f"/dispatch {ticket.number} C01")
    await forget_who(world, ticket.number)

    await world.command(f"/take {ticket.number}", user=OTHER_STAFF)
    took = world.fake.messages(NANGUAN_CHAT)[-1].text
    assert took == (
        f"工单 <code>{ticket.number}</code> 已由 Duty{STAFF_USER} 接单，您这次接单没有生效。如需改由您负责，请点“接手”。"
    )
    await world.command(f"/dispatch {ticket.number} C02", user=OTHER_STAFF)
    sent = world.fake.messages(NANGUAN_CHAT)[-1].text
    assert sent == (
        f"工单 <code>{ticket.number}</code> 已派 南关抢修一队 C01（现在是“已派单”），您这次派单没有生效。"
        "如需换成 南关抢修二队 C02，请点“改派”。"
    )
    await world.command(f"/onsite {ticket.number}")
    await forget_who(world, ticket.number)
    await world.command(f"/onsite {ticket.number}", user=OTHER_STAFF)
    marked = world.fake.messages(NANGUAN_CHAT)[-1].text
    assert marked == f"工单 <code>{ticket.number}</code> 已经是“维修人员已到场”，无需再标记到场。"
    assert all("—" not in text for text in (took, sent, marked))


async def test_a_hand_off_to_the_branch_that_has_it_is_refused(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/handoff {ticket.number} nanguan")
    answer = world.fake.messages(NANGUAN_CHAT)[-1].text
    assert (
        answer == f"工单 <code>{ticket.number}</code> 已经由南关分公司负责，不用转交。可以转交给：朝阳分公司"
    )
    events = [e.kind for e in await tickets.events(world.store, number=ticket.number)]
    assert "handed_off" not in events
    assert "ticket.handed_off" not in [n.event for n in await resident_notices(world, ticket.number)]


async def test_a_ticket_with_its_crew_on_site_is_not_handed_off(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/take {ticket.number}")
    await world.command(f"/dispatch {ticket.number} C01")
    await world.command(f"/onsite {ticket.number}")
    await resident_notices(world, ticket.number)
    await world.command(f"/handoff {ticket.number} chaoyang")
    answer = world.fake.messages(NANGUAN_CHAT)[-1].text
    assert "的维修人员（南关抢修一队 C01）已到场，正在处理，不能转交" in answer
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and (stored.branch, stored.status) == ("nanguan", Status.ON_SITE)
    assert await resident_notices(world, ticket.number) == []  # never told it went elsewhere


async def test_a_ticket_handed_off_is_the_new_branchs_to_take_and_only_its_chat_acts_on_it(
    world: World,
) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    await world.command(f"/take {ticket.number}")
    await world.command(f"/handoff {ticket.number} chaoyang")
    await world.deliver_staff()
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.assignee is None  # the new branch's staff take it

    await world.command(f"/resolve {ticket.number}")  # the old branch's chat
    await world.command(f"/ticket {ticket.number}")
    await world.command("师傅马上到", reply_to=await card_id(world, ticket.number))
    refused = f"工单 <code>{ticket.number}</code> 由朝阳分公司负责，不归本群处理：请在朝阳分公司的值班群操作，或请他们转交过来。"
    assert [m.text for m in world.fake.messages(NANGUAN_CHAT)[-3:]] == [refused] * 3
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.ACKNOWLEDGED
    assert "staff.reply" not in [e.kind for e in await tickets.events(world.store, number=ticket.number)]
    text, buttons = card_now(world, ticket.number)
    assert "↪️ 现由朝阳分公司负责，本群只能查看。" in text and buttons == []

    await world.command(f"/take {ticket.number}", user=OTHER_STAFF, chat=CHAOYANG_CHAT)  # not staff there
    await world.command(f"/take {ticket.number}", chat=CHAOYANG_CHAT)
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.assignee == f"Duty{STAFF_USER}"
    _text, buttons = card_now(world, ticket.number, CHAOYANG_CHAT)
    assert "接手" in dict(buttons)


async def test_a_hand_off_while_a_crew_is_on_its_way_says_the_crew_still_comes_to_both_chats_and_the_resident(
    world: World,
) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/dispatch {ticket.number} C01")
    await resident_notices(world, ticket.number)
    await world.command(f"/handoff {ticket.number} chaoyang 住户在朝阳片区")
    assert world.fake.messages(NANGUAN_CHAT)[-1].text == (
        f"✔ 工单 <code>{ticket.number}</code> 已转交朝阳分公司。已派的 南关抢修一队 C01 照常前往，除非朝阳分公司改派。"
    )
    queued = await outbox.claim(world.store, limit=100, now=world.clock[0] + dt.timedelta(days=1))
    [told, staff] = sorted((n for n in queued if n.event == "ticket.handed_off"), key=lambda n: n.audience)
    assert render(told, world.services.company).text == (
        f"工单 {ticket.number} 已转交朝阳分公司处理。已出发的南关抢修一队照常前来，不因转交停下；如有变动会再通知您。"
    )
    await world.sender.send(staff)
    [alert] = [m.text for m in world.fake.messages(CHAOYANG_CHAT) if m.text.startswith("↪️")]
    assert alert == (
        f"↪️ 工单 <code>{ticket.number}</code> 由南关分公司转来。南关抢修一队 C01 已在路上，照常前往（转交不会让它停下）；"
        "如要换成本分公司的抢修队，请点卡片上的“改派”。备注：住户在朝阳片区"
    )
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and (stored.status, stored.crew) == (Status.DISPATCHED, "C01")
    [moved] = [e for e in await tickets.events(world.store, number=ticket.number) if e.kind == "handed_off"]
    assert moved.data["crew_kept"] == "C01"


async def test_a_hand_off_with_no_crew_sent_says_nothing_of_a_crew(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/take {ticket.number}")
    await world.command(f"/handoff {ticket.number} chaoyang")
    assert (
        world.fake.messages(NANGUAN_CHAT)[-1].text
        == f"✔ 工单 <code>{ticket.number}</code> 已转交朝阳分公司。"
    )
    [told] = [n for n in await resident_notices(world, ticket.number) if n.event == "ticket.handed_off"]
    assert render(told, world.services.company).text == f"工单 {ticket.number} 已转交朝阳分公司处理。"


async def test_the_note_of_a_hand_off_is_labelled_as_the_handing_branchs_note(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/take {ticket.number}")
    await world.command(f"/handoff {ticket.number} chaoyang 这户其实归朝阳管")
    queued = await outbox.claim(world.store, limit=100, now=world.clock[0] + dt.timedelta(days=1))
    [staff] = [n for n in queued if n.event == "ticket.handed_off" and n.audience is Audience.STAFF]
    await world.sender.send(staff)
    [alert] = [m.text for m in world.fake.messages(CHAOYANG_CHAT) if m.text.startswith("↪️")]
    assert alert == f"↪️ 工单 <code>{ticket.number}</code> 由南关分公司转来。备注：这户其实归朝阳管"


async def test_staff_of_one_branch_cannot_act_on_another_branchs_ticket(world: World) -> None:
    ticket = await world.open_ticket(branch="chaoyang")
    await world.command(f"/take {ticket.number}")  # STAFF_USER is staff everywhere, in the Nanguan chat
    await world.press(f"tk:resolve:{ticket.number}:", message_id=1)
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and (stored.status, stored.assignee) == (Status.NEW, None)
    assert "由朝阳分公司负责，不归本群处理" in world.fake.messages(NANGUAN_CHAT)[-1].text
    [alert] = toasts(world, alerts=True)
    assert "由朝阳分公司负责，不归本群处理" in alert


@pytest.mark.parametrize("typed", ["/take {fw}", "/take {n}。", "/take #{n}，", "/take　{n}"])
async def test_a_number_typed_on_any_keyboard_is_read(world: World, typed: str) -> None:
    ticket = await world.open_ticket()
    wide = ticket.number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    await world.command(typed.format(n=ticket.number, fw=wide))
    assert (
        world.fake.messages(NANGUAN_CHAT)[-1].text
        == f"✔ 工单 <code>{ticket.number}</code> 已由 Duty{STAFF_USER} 接单。"
    )


async def test_an_unknown_crew_is_answered_with_the_tickets_branchs_crews(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/dispatch {ticket.number} C99")
    answer = world.fake.messages(NANGUAN_CHAT)[-1].text
    assert answer == "没有抢修队 C99。可选：南关抢修一队 C01, 南关抢修二队 C02"
    await world.command(f"/dispatch {ticket.number} Ｃ０２。")
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.crew == "C02"
