"""Another resident reporting a flat whose repair is open follows that ticket: one ticket, one crew, one promise, and
every change told to each of them; on both databases."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import sqlalchemy as sa

from intents.company import Company
from intents.estates import same_estate
from intents.types import Address
from storage import Store, company, contacts, incidents, outbox, reports, tickets
from storage.errors import TicketNotFound
from storage.followers import FOLLOWED
from storage.models import follower_t
from storage.values import (
    WITHHELD,
    Audience,
    Channel,
    ContactInfo,
    NotificationInfo,
    Priority,
    Status,
    TicketInfo,
    TicketKind,
)

T0 = dt.datetime(2026, 11, 28, 0, 30, tzinfo=dt.UTC)  # 08:30 in the company's zone
FLAT = "红旗小区3栋2单元501"
WIFE = "+8613900000002"


def address(raw: str = FLAT, building: str = "3", unit: str | None = "2", room: str = "501") -> Address:
    return Address(raw=raw, building=building, unit=unit, room=room)


@pytest.fixture
async def synced(store: Store, demo_company: Company) -> Store:
    await company.sync(store, demo_company)
    return store


@pytest.fixture
async def husband(synced: Store) -> ContactInfo:
    return await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=7)


@pytest.fixture
async def wife(synced: Store) -> ContactInfo:
    """She calls the hotline in English: her updates come by SMS, in English, from the line she dialled."""
    return await contacts.get_or_create(
        synced, channel=Channel.VOICE, phone=WIFE, language="en", hotline="+8643188880007"
    )


async def report(
    store: Store,
    demo_company: Company,
    who: ContactInfo,
    *,
    at: Address | None = None,
    kind: TicketKind = TicketKind.NO_HEAT,
    words: str = "暖气不热",
    branch: str = "chaoyang",
    now: dt.datetime = T0,
    temperature_c: float | None = None,
) -> tuple[TicketInfo, bool]:
    """A report as the channels file it: the estate its address names decides which other tickets it may follow."""
    at = address() if at is None else at
    emergency = kind in (TicketKind.LEAK, TicketKind.BURST)
    return await tickets.open_ticket(
        store,
        kind=kind,
        priority=Priority.EMERGENCY if emergency else Priority.NORMAL,
        contact_id=who.id,
        branch=branch,
        address=at,
        description=words,
        temperature_c=temperature_c,
        escalate=emergency,
        escalation_reason=str(kind) if emergency else None,
        now=now,
        same_estate=same_estate(at.raw, demo_company) if at else None,
    )


async def both_report(
    store: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> TicketInfo:
    """He reports the flat, then she does: his ticket, which she follows."""
    his, _ = await report(store, demo_company, husband)
    await report(store, demo_company, wife)
    return his


async def followers_of(store: Store, ticket: TicketInfo) -> list[int]:
    async with store.read() as conn:
        found = await conn.execute(
            sa.select(follower_t.c.contact_id).where(follower_t.c.ticket_id == ticket.id)
        )
        return list(found.scalars())


async def pending(store: Store, now: dt.datetime = T0) -> list[NotificationInfo]:
    """The notifications queued so far and not yet delivered, delivered now."""
    claimed = await outbox.claim(store, limit=100, now=now)
    for n in claimed:
        await outbox.mark_sent(store, notification_id=n.id, now=now)
    return claimed


async def test_the_wife_reporting_the_flat_her_husband_reported_follows_his_ticket(
    synced: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> None:
    his, opened = await report(synced, demo_company, husband, words="暖气不热", temperature_c=16)
    await pending(synced)  # his ticket's own notices, delivered
    later = T0 + dt.timedelta(minutes=10)
    hers, created = await report(
        synced, demo_company, wife, words="the radiators are cold", temperature_c=14, now=later
    )

    assert opened and not created
    assert (hers.number, hers.contact_id, hers.due_at) == (
        his.number,
        husband.id,
        his.due_at,
    )  # no second promise
    assert hers.temperature_c == 16  # the reporter's reading stays the card's; hers is kept with her report
    assert [t.number for t in await tickets.list_tickets(synced)] == [his.number]
    assert await followers_of(synced, his) == [wife.id]
    [followed] = [e for e in await tickets.events(synced, number=his.number) if e.kind == FOLLOWED]
    assert followed.data == {
        "description": "the radiators are cold",
        "temperature_c": 14,
        "contact_id": wife.id,
        # who joined, as the log names her to staff
        "follower": {"contact_id": wife.id, "channel": "voice", "ident": wife.phone, "language": "en"},
    }
    told = await pending(synced, later)
    [staff] = [n for n in told if n.audience is Audience.STAFF]
    assert (staff.event, staff.address, staff.payload["description"], staff.payload["phone"]) == (
        "ticket.followed",
        "chaoyang",
        "the radiators are cold",
        WIFE,
    )
    [her_sms] = [n for n in told if n.audience is Audience.RESIDENT]
    assert (her_sms.channel, her_sms.address, her_sms.language, her_sms.event) == (
        Channel.SMS,
        WIFE,
        "en",
        "ticket.followed",
    )
    assert her_sms.payload["reported_at"] == T0.isoformat()
    assert her_sms.payload["hotline"] == "+8643188880007"  # texted from the line she dialled


async def test_every_change_reaches_the_reporter_and_each_follower_on_their_own_channel(
    synced: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> None:
    his, _ = await report(synced, demo_company, husband)
    await report(synced, demo_company, wife, words="the radiators are cold")
    await pending(synced)

    await tickets.hand_off(synced, number=his.number, branch="nanguan", actor="staff:1", now=T0)
    await tickets.dispatch(synced, number=his.number, crew="C01", actor="staff:1", now=T0)
    await tickets.transition(synced, number=his.number, to=Status.ON_SITE, actor="staff:1", now=T0)
    incident = await incidents.form(
        synced, key="chaoyang:红旗小区:3", label="红旗小区3", numbers=[his.number], now=T0
    )
    assert (
        await incidents.broadcast(
            synced, incident_id=incident.id, text="预计23点恢复", actor="staff:1", now=T0
        )
        == 2
    )
    told = [n for n in await pending(synced) if n.audience is Audience.RESIDENT]
    assert sorted((n.event, n.channel.value, n.address, n.language) for n in told) == [
        ("incident.update", "sms", WIFE, "en"),
        ("incident.update", "telegram", "7", "zh-Hans"),
        ("status.dispatched", "sms", WIFE, "en"),
        ("status.dispatched", "telegram", "7", "zh-Hans"),
        ("status.on_site", "sms", WIFE, "en"),
        ("status.on_site", "telegram", "7", "zh-Hans"),
        ("ticket.handed_off", "sms", WIFE, "en"),
        ("ticket.handed_off", "telegram", "7", "zh-Hans"),
    ]
    assert {n.payload["crew"] for n in told if n.event == "status.dispatched"} == {"C01"}
    assert len({n.idempotency_key for n in told}) == 8


async def test_one_breach_is_told_to_both_and_the_figures_count_the_flat_once(
    synced: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> None:
    his, _ = await report(synced, demo_company, husband)
    await report(synced, demo_company, wife, now=T0 + dt.timedelta(minutes=20))
    await pending(synced)
    late = T0 + dt.timedelta(minutes=31)  # his promise, the only one, ran out

    assert (await tickets.mark_breached(synced, number=his.number, now=late)).breached
    breaches = [n for n in await pending(synced, late) if n.event == "ticket.breached"]
    assert sorted((n.audience.value, n.address) for n in breaches) == [
        ("resident", WIFE),
        ("resident", "7"),
        ("staff", "chaoyang"),
    ]
    figures = await reports.figures(synced, min_room_temp_c=18, now=late)
    assert (figures.tickets, figures.arrivals_measured, figures.by_kind) == (1, 1, {"no_heat": 1})


async def test_the_follower_sees_the_ticket_among_their_repairs_and_a_repeat_follows_once(
    synced: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> None:
    his = await both_report(synced, demo_company, husband, wife)
    again, created = await report(synced, demo_company, wife, words="still cold, please hurry")

    assert (again.number, created) == (his.number, False)
    assert await followers_of(synced, his) == [wife.id]
    assert [e.kind for e in await tickets.events(synced, number=his.number)].count(FOLLOWED) == 2
    assert [t.number for t in await tickets.of_phone(synced, phone=WIFE, following=True)] == [his.number]
    assert [t.number for t in await tickets.of_contact(synced, contact_id=wife.id, following=True)] == [
        his.number
    ]
    assert await tickets.of_phone(synced, phone=WIFE) == []  # what she reported herself: nothing
    assert await tickets.for_contact(synced, number=his.number, contact_id=wife.id) is None


async def test_the_reporters_own_repeat_still_joins_their_own_ticket(
    synced: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> None:
    his = await both_report(synced, demo_company, husband, wife)
    again, created = await report(synced, demo_company, husband, words="还是不热")
    assert (again.number, created) == (his.number, False)
    kinds = [e.kind for e in await tickets.events(synced, number=his.number)]
    assert kinds == ["opened", FOLLOWED, "report"]


@pytest.mark.parametrize(
    ("at", "kind", "branch"),
    [
        (address("桂林小区3栋2单元501"), TicketKind.NO_HEAT, "chaoyang"),  # another estate of the branch
        (address("红旗小区3栋1单元501", unit="1"), TicketKind.NO_HEAT, "chaoyang"),  # another unit
        (address("红旗小区3栋501", unit=None), TicketKind.NO_HEAT, "chaoyang"),  # "3栋501": which unit?
        (address("3栋2单元501"), TicketKind.NO_HEAT, "chaoyang"),  # no estate: any of the branch's three
        (address(), TicketKind.NO_HEAT, "nanguan"),  # another branch
        (address(), TicketKind.COMPLAINT, "chaoyang"),  # a complaint is never a repair's follower
        (address(), TicketKind.LEAK, "chaoyang"),  # water escaping beside a cold flat: its own emergency
    ],
)
async def test_a_report_not_surely_of_the_same_flat_and_fault_opens_its_own_ticket(
    synced: Store,
    demo_company: Company,
    husband: ContactInfo,
    wife: ContactInfo,
    at: Address,
    kind: TicketKind,
    branch: str,
) -> None:
    his, _ = await report(synced, demo_company, husband)
    hers, created = await report(synced, demo_company, wife, at=at, kind=kind, branch=branch)
    assert created and hers.number != his.number and hers.contact_id == wife.id
    assert await followers_of(synced, his) == []
    if kind is TicketKind.LEAK:  # escalated at once, with its own 30-minute promise
        assert hers.escalated and hers.priority is Priority.EMERGENCY and hers.due_at == his.due_at


async def test_a_report_with_no_flat_or_no_estate_told_follows_nothing(
    synced: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> None:
    his, _ = await report(synced, demo_company, husband)
    for at in (None, address()):
        hers, created = await tickets.open_ticket(
            synced,
            kind=TicketKind.NO_HEAT,
            priority=Priority.NORMAL,
            contact_id=wife.id,
            branch="chaoyang",
            address=at,
            description="暖气不热",
            now=T0,
        )  # no `same_estate`: the flat is not known to be his
        assert hers.contact_id == wife.id and hers.number != his.number
        await tickets.transition(synced, number=hers.number, to=Status.CANCELLED, actor="staff:1", now=T0)


async def test_a_leak_follows_a_burst_and_a_burst_told_of_a_leak_makes_it_a_burst(
    synced: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> None:
    leak, _ = await report(synced, demo_company, husband, kind=TicketKind.LEAK, words="暖气片漏水")
    burst, created = await report(synced, demo_company, wife, kind=TicketKind.BURST, words="it burst!")
    assert (burst.number, created, burst.kind, burst.escalated) == (
        leak.number,
        False,
        TicketKind.BURST,
        True,
    )
    staff = [
        n for n in await pending(synced) if n.audience is Audience.STAFF and n.event == "ticket.followed"
    ]
    assert [(n.payload["kind"], n.payload["reason"]) for n in staff] == [("burst", "burst")]

    neighbour = await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=9)
    joined, created = await report(synced, demo_company, neighbour, kind=TicketKind.LEAK, words="漏水了")
    assert (joined.number, created, joined.kind) == (leak.number, False, TicketKind.BURST)
    assert sorted(await followers_of(synced, leak)) == sorted([wife.id, neighbour.id])


async def test_a_report_of_the_flat_as_another_home_follows_its_ticket_too(
    synced: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> None:
    """The son reports his mother's flat ("我妈家…"), which she reported herself."""
    mother, _ = await report(synced, demo_company, wife, words="my heating is off")
    son, created = await tickets.open_ticket(
        synced,
        kind=TicketKind.NO_HEAT,
        priority=Priority.NORMAL,
        contact_id=husband.id,
        branch="chaoyang",
        address=address(),
        description="我妈家暖气不热",
        elsewhere=True,
        now=T0,
        same_estate=same_estate(FLAT, demo_company),
    )
    assert (son.number, created) == (mother.number, False)
    assert await followers_of(synced, mother) == [husband.id]


async def test_residents_reporting_at_once_make_one_ticket(
    synced: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> None:
    neighbours = [
        await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=c) for c in (8, 9)
    ]
    filed = await asyncio.gather(*(report(synced, demo_company, who) for who in (husband, wife, *neighbours)))
    assert len({ticket.number for ticket, _ in filed}) == 1
    assert sorted(created for _, created in filed) == [False, False, False, True]
    [ticket] = await tickets.list_tickets(synced)
    assert len(await followers_of(synced, ticket)) == 3


async def test_one_phone_that_texted_and_then_called_gets_one_copy_of_each_change(
    synced: Store, demo_company: Company, wife: ContactInfo
) -> None:
    """She texted the report (her SMS contact) and then called about it (her voice contact): one person, one text."""
    texter = await contacts.get_or_create(synced, channel=Channel.SMS, phone=WIFE)
    ticket, _ = await report(synced, demo_company, texter)
    joined, created = await report(synced, demo_company, wife)
    assert (joined.number, created) == (ticket.number, False)
    await pending(synced)

    await tickets.dispatch(synced, number=ticket.number, crew="C03", actor="staff:1", now=T0)
    told = [n for n in await pending(synced) if n.audience is Audience.RESIDENT]
    assert [(n.event, n.address) for n in told] == [("status.dispatched", WIFE)]


async def test_the_follower_adds_to_the_ticket_as_its_reporter_does_and_a_stranger_cannot(
    synced: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> None:
    his = await both_report(synced, demo_company, husband, wife)
    call = {"call": "CA1", "status": "completed", "duration": "40"}
    await tickets.attach(synced, number=his.number, contact_id=wife.id, kind="call", data=call, now=T0)
    await tickets.report_arrival(
        synced, number=his.number, contact_id=wife.id, description="师傅到了", now=T0
    )
    assert (await tickets.get(synced, number=his.number)).arrival_reported_at == T0  # type: ignore[union-attr]

    stranger = await contacts.get_or_create(synced, channel=Channel.TELEGRAM, telegram_chat_id=99)
    with pytest.raises(TicketNotFound):
        await tickets.add_report(synced, number=his.number, contact_id=stranger.id, description="hi", now=T0)


async def test_a_ticket_reported_from_a_withheld_number_is_nobody_elses_to_follow(
    synced: Store, demo_company: Company, wife: ContactInfo
) -> None:
    withheld = await contacts.get_or_create(synced, channel=Channel.VOICE, phone=WITHHELD + "0123456789a")
    theirs, _ = await report(synced, demo_company, withheld)
    hers, created = await report(synced, demo_company, wife)
    assert created and hers.number != theirs.number


async def test_a_report_giving_the_flat_to_a_ticket_without_one_merges_the_later_ticket_of_it_there(
    synced: Store, demo_company: Company, husband: ContactInfo, wife: ContactInfo
) -> None:
    his, _ = await tickets.open_ticket(
        synced,
        kind=TicketKind.LEAK,
        priority=Priority.EMERGENCY,
        contact_id=husband.id,
        branch="chaoyang",
        address=None,
        description="暖气片漏水了",
        escalate=True,
        escalation_reason="leak",
        now=T0,
    )  # opened at once, no flat to follow or be followed
    later = T0 + dt.timedelta(minutes=5)
    hers, created = await report(
        synced, demo_company, wife, kind=TicketKind.BURST, words="it burst!", now=later
    )
    assert created and hers.number != his.number
    await pending(synced, later)

    again = T0 + dt.timedelta(minutes=7)  # he tells his flat with his words again: his ticket takes it
    joined, created = await report(
        synced, demo_company, husband, kind=TicketKind.LEAK, words="漏水了", now=again
    )
    assert (joined.number, created) == (his.number, False)
    kept, gone = await tickets.get(synced, number=his.number), await tickets.get(synced, number=hers.number)
    assert kept is not None and gone is not None
    assert (kept.status, kept.kind, kept.place, kept.due_at) == (
        Status.NEW,
        TicketKind.BURST,
        "3/2/501",
        his.due_at,
    )
    assert gone.status is Status.CANCELLED
    assert await followers_of(synced, his) == [wife.id]
    [merged] = [e for e in await tickets.events(synced, number=his.number) if e.kind == "merged"]
    assert merged.data == {
        "merged": hers.number,
        "contact_id": wife.id,
        "contacts": [wife.id],
        "description": "it burst!",
    }
    [into] = [e for e in await tickets.events(synced, number=hers.number) if e.kind == "merged_into"]
    assert (into.data, into.from_status, into.to_status) == (
        {"into": his.number},
        Status.NEW,
        Status.CANCELLED,
    )

    told = await pending(synced, again)
    [her_sms] = [n for n in told if n.audience is Audience.RESIDENT]
    assert (her_sms.event, her_sms.address, her_sms.language) == ("ticket.merged_into", WIFE, "en")
    assert (her_sms.payload["into"], her_sms.payload["into_kind"]) == (his.number, "burst")
    staff = sorted((n.event, n.ticket_number) for n in told if n.audience is Audience.STAFF)
    assert ("ticket.merged", his.number) in staff and ("ticket.merged_into", hers.number) in staff

    await tickets.dispatch(synced, number=his.number, crew="C03", actor="staff:1", now=again)
    told = [n for n in await pending(synced, again) if n.audience is Audience.RESIDENT]
    assert sorted((n.event, n.address) for n in told) == [
        ("status.dispatched", WIFE),
        ("status.dispatched", "7"),
    ]
