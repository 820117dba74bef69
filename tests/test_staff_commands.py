"""Staff commands and buttons end to end: webhook in, fake Bot API out, the store in between."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.notifications import render
from storage import Store, contacts, outbox, tickets
from storage.values import Audience, Status, TicketKind
from tests.staff_world import (
    ADMIN_USER,
    CHAOYANG_CHAT,
    NANGUAN_CHAT,
    STAFF_USER,
    STRANGER,
    World,
    make_world,
)


@pytest.fixture
async def world(store: Store) -> AsyncIterator[World]:
    async for w in make_world(store):
        yield w


def card_posts(world: World, number: str) -> list:
    return [
        c
        for c in world.fake.of("sendMessage")
        if number in c.text and any(d.startswith("tk:") for _, d in c.buttons)
    ]


async def resident_rows(world: World, number: str) -> list:
    rows = await outbox.claim(world.store, limit=100, now=world.clock[0].replace(year=2027))
    return [n for n in rows if n.audience is Audience.RESIDENT and n.ticket_number == number]


async def test_card_posted_once_then_edited_as_staff_move_the_ticket(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    [card] = card_posts(world, ticket.number)
    assert card.chat_id == NANGUAN_CHAT
    assert "+86 139****0123" in card.text and "13912340123" not in card.text
    assert "&lt;b&gt;快来" in card.text  # the resident's words, escaped
    card_id = world.fake.calls[world.fake.calls.index(card)]
    message_id = 1000  # the fake's first message id

    assert await world.command(f"/take {ticket.number}") == 200
    assert await world.command(f"/dispatch@heatline_bot {ticket.number} c01") == 200
    assert await world.command(f"/onsite {ticket.number}") == 200
    assert await world.command(f"/resolve {ticket.number} 换了阀门") == 200

    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.RESOLVED
    assert stored.crew == "C01" and stored.assignee == f"Duty{STAFF_USER}"
    kinds = [(e.to_status, e.actor) for e in await tickets.events(world.store, number=ticket.number)]
    assert (Status.RESOLVED, f"staff:{STAFF_USER}") in kinds
    events = {n.event for n in await resident_rows(world, ticket.number)}
    assert {"status.acknowledged", "status.dispatched", "status.on_site", "status.resolved"} <= events

    assert len(card_posts(world, ticket.number)) == 1, "the card is never re-posted"
    edits = [c for c in world.fake.of("editMessageText") if int(c.params["message_id"]) == message_id]
    assert len(edits) == 4 and card_id.method == "sendMessage"
    assert "南关抢修一队 C01" in edits[1].text
    assert "已修复" in edits[-1].text and edits[-1].buttons == []
    replies = [c.text for c in world.fake.of("sendMessage") if "✔" in c.text]
    assert len(replies) == 4 and ticket.number in replies[0]


async def test_buttons_move_the_ticket_and_crew_choice_comes_from_the_branch(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    [card] = card_posts(world, ticket.number)
    labels = dict(card.buttons)
    assert set(labels) == {"接单", "派单", "已到场", "已修复", "转交", "取消工单"}

    await world.press(labels["派单"], message_id=1000)
    [markup] = world.fake.of("editMessageReplyMarkup")
    crews = dict(markup.buttons)
    assert "南关抢修一队 C01" in crews and "朝阳抢修一队 C03" not in crews
    await world.press(crews["南关抢修一队 C01"], message_id=1000)

    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.DISPATCHED and stored.crew == "C01"
    [toast] = [c for c in world.fake.of("answerCallbackQuery") if "C01" in c.params.get("text", "")]
    assert toast.params.get("show_alert") in (None, "false", False)

    await world.press(labels["已到场"], message_id=1000)
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.ON_SITE
    assert len(card_posts(world, ticket.number)) == 1


async def test_a_chat_administrator_is_staff(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/take {ticket.number}", user=ADMIN_USER)
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.ACKNOWLEDGED
    assert world.fake.of("getChatMember")


async def test_non_staff_are_refused_and_the_ticket_does_not_move(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    await world.command(f"/resolve {ticket.number}", user=STRANGER)
    await world.press(f"tk:take:{ticket.number}:", message_id=1000, user=STRANGER)
    await world.command(
        f"/take {ticket.number}", user=ADMIN_USER, chat=CHAOYANG_CHAT
    )  # admin of another chat

    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.NEW and stored.assignee is None
    refusals = [c.text for c in world.fake.of("sendMessage") if "只有值班人员" in c.text]
    assert len(refusals) == 2
    [alert] = world.fake.of("answerCallbackQuery")
    assert "只有值班人员" in alert.params["text"] and alert.params["show_alert"] in ("true", True)
    refused = [
        e for e in await tickets.events(world.store, number=ticket.number) if e.kind == "staff.refused"
    ]
    assert {e.actor for e in refused} == {f"telegram:{STRANGER}", f"telegram:{ADMIN_USER}"}
    assert not world.fake.of("editMessageText")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/take", "请在命令后写工单号"),
        ("/take abc", "请在命令后写工单号"),
        ("/take 99999999", "没有工单 99999999"),
        ("/dispatch {n}", "用法：/dispatch"),
        ("/dispatch {n} C99", "没有抢修队 C99"),
        ("/handoff {n} nowhere", "没有分公司 nowhere"),
        ("/note {n}", "用法：/note"),
    ],
)
async def test_bad_input_gets_one_clear_line(world: World, text: str, expected: str) -> None:
    ticket = await world.open_ticket()
    assert await world.command(text.format(n=ticket.number)) == 200
    [answer] = [c for c in world.fake.of("sendMessage")]
    assert expected in answer.text
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.NEW


async def test_a_crew_of_another_branch_is_refused_naming_the_branchs_own(world: World) -> None:
    ticket = await world.open_ticket()  # a nanguan ticket; C03 is chaoyang's
    await world.command(f"/dispatch {ticket.number} C03")

    [answer] = world.fake.messages(NANGUAN_CHAT)
    assert "朝阳抢修一队 C03不是南关分公司的抢修队" in answer.text and "南关抢修一队 C01" in answer.text
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.NEW and stored.crew is None
    assert not [n for n in await resident_rows(world, ticket.number) if n.event == "status.dispatched"]


@pytest.mark.parametrize(
    ("typed", "crew"),
    [
        ("南关抢修二队", "C02"),
        ("二队", "C02"),
        ("Nanguan team 2", "C02"),
        ("team 1", "C01"),
        ("一队。", "C01"),
    ],
)
async def test_a_crew_is_sent_by_its_name_or_a_part_only_it_has(world: World, typed: str, crew: str) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/dispatch {ticket.number} {typed}")

    [answer] = world.fake.messages(NANGUAN_CHAT)
    name = {"C01": "南关抢修一队", "C02": "南关抢修二队"}[crew]
    assert answer.text == f"✔ 工单 <code>{ticket.number}</code> 已派 {name} {crew}。"
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and (stored.status, stored.crew) == (Status.DISPATCHED, crew)
    assert [n.event for n in await resident_rows(world, ticket.number)].count("status.dispatched") == 1


async def test_a_name_several_crews_share_is_answered_with_them_never_as_no_crew(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/dispatch {ticket.number} 抢修")
    await world.command(f"/dispatch {ticket.number} 朝阳抢修一队")  # another branch's crew, named

    ambiguous, other = (m.text for m in world.fake.messages(NANGUAN_CHAT))
    assert ambiguous == "“抢修”可指不止一支抢修队：南关抢修一队 C01, 南关抢修二队 C02。请写抢修队代码或全名。"
    assert other.startswith("朝阳抢修一队 C03不是南关分公司的抢修队") and "没有抢修队" not in other
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.NEW and stored.crew is None


async def test_the_same_crew_again_changes_nothing_and_another_crew_is_told_once(world: World) -> None:
    ticket = await world.open_ticket()
    for _ in range(3):
        await world.command(f"/dispatch {ticket.number} C01")
    answers = [c.text for c in world.fake.messages(NANGUAN_CHAT)]
    assert "✔" in answers[0] and all("已派 南关抢修一队 C01，无需重复" in a for a in answers[1:])
    await world.command(f"/handoff {ticket.number} chaoyang")
    await world.command(
        f"/dispatch {ticket.number} c03", chat=CHAOYANG_CHAT
    )  # C01 is on its way: not replaced
    [refused] = world.fake.messages(CHAOYANG_CHAT)
    assert "已由 Duty501 于 10:00 派 南关抢修一队 C01" in refused.text and "没有生效" in refused.text
    [(label, data)] = refused.buttons
    assert label == "改派 朝阳抢修一队 C03（替换 南关抢修一队 C01）"
    await world.press(data, message_id=1, chat=CHAOYANG_CHAT)

    told = [n for n in await resident_rows(world, ticket.number) if n.event == "status.dispatched"]
    assert [n.payload["crew"] for n in told] == ["C01", "C03"]
    assert told[1].payload["previous_crew"] == "C01"  # told as a replacement
    crews = [e.data.get("crew") for e in await tickets.events(world.store, number=ticket.number)]
    assert [c for c in crews if c] == ["C01", "C03"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/foo", "没有 /foo 这个命令。可用的命令：/open"),
        ("/take {n} {n}", "一次只处理一张工单"),
        ("/onsite {n} 1000018", "一次只处理一张工单"),
        ("/open nanguan", "/open 后面不用写内容"),
    ],
)
async def test_unknown_commands_and_extra_arguments_get_one_clear_line(
    world: World, text: str, expected: str
) -> None:
    ticket = await world.open_ticket()
    assert await world.command(text.format(n=ticket.number)) == 200
    [answer] = world.fake.messages(NANGUAN_CHAT)
    assert expected in answer.text
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.NEW


async def test_commands_are_understood_in_any_case(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/TAKE {ticket.number}")
    await world.command(f"/Dispatch {ticket.number} C01")
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.status is Status.DISPATCHED and stored.crew == "C01"
    await world.command(f"/TAKE {ticket.number}", user=STRANGER)
    assert "只有值班人员" in world.fake.messages(NANGUAN_CHAT)[-1].text


async def test_commands_for_another_bot_and_strangers_commands_are_left_alone(world: World) -> None:
    await world.command("/foo@some_other_bot")
    await world.command("/foo", user=STRANGER)
    assert world.fake.messages(NANGUAN_CHAT) == []
    await world.command("/foo@heatline_bot")
    assert "没有 /foo 这个命令" in world.fake.messages(NANGUAN_CHAT)[0].text


@pytest.mark.parametrize(
    "named", ["朝阳", "朝阳供热分公司", "朝阳分公司", "Chaoyang", "chaoyang branch", "CHAOYANG"]
)
async def test_a_hand_off_names_the_branch_as_staff_call_it(world: World, named: str) -> None:
    ticket = await world.open_ticket()  # a nanguan ticket
    await world.command(f"/handoff {ticket.number} {named} 地址在朝阳区")

    [answer] = world.fake.messages(NANGUAN_CHAT)
    assert "✔" in answer.text and "已转交朝阳分公司" in answer.text
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.branch == "chaoyang"


async def test_a_hand_off_to_no_such_branch_lists_the_branches_by_name(world: World) -> None:
    ticket = await world.open_ticket()
    await world.command(f"/handoff {ticket.number} 北关")

    [answer] = world.fake.messages(NANGUAN_CHAT)
    assert "没有分公司 北关" in answer.text and "可选：朝阳分公司" in answer.text
    assert "chaoyang" not in answer.text and "南关分公司" not in answer.text
    stored = await tickets.get(world.store, number=ticket.number)
    assert stored is not None and stored.branch == "nanguan"


async def test_an_english_chat_lists_the_branches_in_english(store: Store) -> None:
    async for world in make_world(store, language="en"):
        ticket = await world.open_ticket()
        await world.command(f"/handoff {ticket.number} nowhere")
        [answer] = world.fake.messages(NANGUAN_CHAT)
        assert "There is no branch nowhere" in answer.text and "Chaoyang Branch" in answer.text
        assert "chaoyang," not in answer.text


async def test_the_resolve_note_reaches_the_resident_as_the_staffs_words(world: World) -> None:
    ticket = await world.open_ticket(kind=TicketKind.NO_HEAT)
    await world.command(f"/onsite {ticket.number}")  # the crew came
    await world.command(f"/resolve {ticket.number} 更换了阀门，已恢复")
    [row] = [n for n in await resident_rows(world, ticket.number) if n.event == "status.resolved"]
    told = render(row)
    assert "已标记为修好" in told.text and "值班人员的说明：“更换了阀门，已恢复”" in told.text
    assert len(told.options) == 6  # the rating buttons stay
    quiet = await world.open_ticket(kind=TicketKind.NO_HEAT)
    await world.command(f"/onsite {quiet.number}")  # the crew came
    await world.command(f"/resolve {quiet.number}")
    [plain] = [n for n in await resident_rows(world, quiet.number) if n.event == "status.resolved"]
    assert "说明" not in render(plain).text


async def test_the_card_names_the_residents_language_when_it_is_not_the_chats(world: World) -> None:
    ticket = await world.open_ticket()
    await world.deliver_staff()
    [plain] = card_posts(world, ticket.number)
    assert "居民语言" not in plain.text  # the chat's own language goes without saying
    await contacts.update(world.store, contact_id=ticket.contact_id, language="en")
    await world.command(f"/take {ticket.number}")  # the card is redrawn
    [edit] = world.fake.of("editMessageText")
    assert "居民语言：English" in edit.text
    await world.command(f"/ticket {ticket.number}")
    assert "居民语言：English" in world.fake.messages(NANGUAN_CHAT)[-1].text
