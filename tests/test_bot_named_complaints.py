"""A complaint that names a ticket of the resident's ("投诉：师傅态度很差，工单1000033") is filed at once, about that
ticket: at its flat, followed up by the branch that serves it (not the one of the number texted), and its words are
put under the repair's card too. A ticket of someone else's named in it gives nothing of theirs away."""

from __future__ import annotations

import pytest
from phone_world import CHAOYANG_STAFF, Product, clock_fixture, product_fixture  # noqa: F401
from test_sms_chat import message, text

from storage import tickets
from storage.values import TicketInfo, TicketKind

NANGUAN_STAFF = -1001000000001
TEXTER = "+8613900005555"
NEIGHBOUR = "+8613900005556"
CHAOYANG_LINE = "+8643188880002"
FLAT = "东岭小区3栋2单元501"  # served by the Nanguan branch


async def texts(product: Product, words: str, phone: str = TEXTER) -> str:
    _status, body = await text(product.client, words, phone=phone, to=CHAOYANG_LINE)
    return message(body)


async def repair_by_text(product: Product, phone: str = TEXTER) -> TicketInfo:
    await texts(product, f"暖气不热 {FLAT} 13度", phone)
    await texts(product, "是", phone)
    [repair] = await tickets.of_phone(product.store, phone=phone)
    assert repair.branch == "nanguan"
    await product.deliver()
    return repair


@pytest.mark.parametrize("words", ["投诉：师傅态度很差，工单{number}", "投訴：師傅態度很差，工單{number}"])
async def test_a_complaint_naming_the_residents_ticket_is_filed_at_once_at_that_tickets_branch_and_flat(
    product: Product, words: str
) -> None:
    repair = await repair_by_text(product)
    said = words.format(number=repair.number)
    answer = await texts(product, said)
    complaint = next(
        t for t in await tickets.of_phone(product.store, phone=TEXTER) if t.kind is TicketKind.COMPLAINT
    )
    assert complaint.number in answer and ("南关" in answer or "南關" in answer)
    assert "发生了什么" not in answer and "發生了什麼" not in answer  # nothing more asked
    assert (complaint.branch, complaint.address_raw, complaint.room) == ("nanguan", FLAT, "501")
    assert complaint.description == said
    await product.deliver()
    assert f"地址：{FLAT}" in product.card(complaint.number, NANGUAN_STAFF)
    assert any(
        said in c.text for c in product.staff_seen(NANGUAN_STAFF) if "居民补充" in c.text
    )  # under the repair
    assert not any(complaint.number in c.text for c in product.staff_seen(CHAOYANG_STAFF))


async def test_a_complaint_naming_someone_elses_ticket_gives_nothing_of_it_away(product: Product) -> None:
    theirs = await repair_by_text(product, NEIGHBOUR)
    answer = await texts(product, f"投诉：师傅态度很差，工单{theirs.number}")
    [complaint] = await tickets.of_phone(product.store, phone=TEXTER)
    assert complaint.kind is TicketKind.COMPLAINT and complaint.number in answer
    assert (complaint.branch, complaint.address_raw) == (
        "chaoyang",
        None,
    )  # the number texted: nothing of theirs
    assert FLAT not in answer and [
        e.kind for e in await tickets.events(product.store, number=theirs.number)
    ] == ["opened"]
