"""The hotline a resident used travels with their contact and tickets, so SMS updates come from that line."""

from __future__ import annotations

from storage_helpers import open_for_new_contact

from intents.company import Company
from intents.types import Address
from storage import Store, contacts, outbox, tickets
from storage import company as company_store
from storage.values import Audience, Channel, Priority, Status, TicketKind


async def test_updates_name_the_line_the_caller_used(store: Store, demo_company: Company) -> None:
    await company_store.sync(store, demo_company)
    caller = await contacts.get_or_create(
        store, channel=Channel.VOICE, phone="+8613900002222", hotline="+8643188880007"
    )
    assert caller.hotline == "+8643188880007"
    ticket, _ = await tickets.open_ticket(
        store,
        kind=TicketKind.NO_HEAT,
        priority=Priority.NORMAL,
        contact_id=caller.id,
        branch="chaoyang",
        address=Address("红旗小区2栋1单元101", "2", "1", "101"),
        description="暖气不热",
    )
    # The caller later rings another line: their contact follows; the ticket keeps the line it was reported on.
    again = await contacts.get_or_create(
        store, channel=Channel.VOICE, phone="+8613900002222", hotline="+8643188880012"
    )
    assert again.id == caller.id and again.hotline == "+8643188880012"
    await tickets.transition(store, number=ticket.number, to=Status.ACKNOWLEDGED, actor="staff:1")
    rows = await outbox.claim(store, limit=50)
    resident = {n.event: n for n in rows if n.audience is Audience.RESIDENT}
    assert resident["ticket.opened"].payload["hotline"] == "+8643188880007"
    assert resident["status.acknowledged"].payload["hotline"] == "+8643188880007"
    assert resident["status.acknowledged"].address == "+8613900002222"


async def test_a_very_long_address_is_kept_within_the_column(store: Store, demo_company: Company) -> None:
    await company_store.sync(store, demo_company)
    words = "红旗小区3栋2单元501 " + "暖气漏水了，" * 400
    ticket, _ = await open_for_new_contact(
        store,
        chat=3030,
        kind=TicketKind.LEAK,
        priority=Priority.EMERGENCY,
        branch="chaoyang",
        address=Address(words, "3", "2", "501"),
        description=words,
    )
    assert ticket.address_raw is not None and ticket.address_raw == words[:500]
    assert ticket.description == words
