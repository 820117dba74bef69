"""Forged, odd, repeated and abandoned requests: never a 5xx, never a duplicate ticket, no report lost."""

from __future__ import annotations

import asyncio

import pytest
from lxml import etree
from test_ivr_helpers import (  # noqa: F401
    DUTY,
    PUBLIC,
    RESIDENT,
    Caller,
    Client,
    client_fixture,
    clock_fixture,
    sign,
)

from ivr.call import Turn
from storage import Store, conversations, tickets
from storage.values import TicketKind


async def _raw(
    client: Client, path: str, fields: dict[str, str], signature: str | None = None
) -> tuple[int, str]:
    sig = sign(PUBLIC + path, fields) if signature is None else signature
    response = await client.post(path, data=fields, headers={"X-Twilio-Signature": sig} if sig else {})
    return response.status, await response.text()


@pytest.mark.parametrize(
    "how", ["missing", "wrong token", "other url", "tampered field", "dropped empty field"]
)
async def test_a_forged_request_is_refused_with_403_and_no_twiml(
    client: Client, store: Store, how: str
) -> None:
    caller = Caller(client)
    fields = caller.fields(Digits="")
    signature = {
        "missing": "",
        "wrong token": "bm90IGEgc2lnbmF0dXJl",
        "other url": sign(PUBLIC + "/twilio/voice/other", fields),
        "tampered field": sign(PUBLIC + "/twilio/voice", fields | {"From": "+8613911111111"}),
        "dropped empty field": sign(PUBLIC + "/twilio/voice", {k: v for k, v in fields.items() if v}),
    }[how]
    status, body = await _raw(client, "/twilio/voice", fields, signature)
    assert status == 403 and body == ""
    assert await conversations.load(store, key=f"call:{caller.sid}") is None


async def test_a_step_of_an_unknown_call_restarts_politely(client: Client) -> None:
    caller = Caller(client)
    await caller.post("/twilio/voice/confirm?n=4", caller.fields(Digits="1"))
    assert "重新开始" in caller.said and caller.step == "/twilio/voice/menu"


async def test_a_request_without_call_sid_is_a_400(client: Client) -> None:
    status, _ = await _raw(client, "/twilio/voice/menu", {"Digits": "1"})
    assert status == 400


@pytest.mark.parametrize("keys", ["7", "abc", "1" * 500, "*#", "１"])
async def test_garbage_keys_are_not_understood_then_a_person(client: Client, keys: str) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press(keys)
    assert "没有听清" in caller.said
    await caller.press(keys)
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]


async def test_a_huge_transcript_is_answered_and_cut(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("暖气" + "啊" * 10_000)
    assert caller.status == 200 and caller.doc.xpath("/Response/*")
    caller = Caller(client)
    await caller.call()
    await caller.press("1")
    await caller.say("红旗小区3号楼2单元501" * 1000)
    assert caller.step == "/twilio/voice/confirm" and len(caller.said) < 300
    await caller.press("1")
    await caller.press("#")
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.room == "501" and len(ticket.address_raw or "") <= 120


async def test_missing_fields_never_crash(client: Client) -> None:
    for path in (
        "/twilio/voice",
        "/twilio/voice/menu",
        "/twilio/voice/dial-result",
        "/twilio/voice/recorded",
    ):
        status, body = await _raw(client, path, {"CallSid": "CA" + "9" * 32})
        assert status == 200 and body.startswith("<?xml"), path


async def test_twilio_retries_get_the_same_answer_and_one_ticket(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("暖气不热 红旗小区3号楼2单元501")
    confirm_url, fields = caller.action(), caller.fields(Digits="1")
    first = await caller.post(confirm_url, fields)
    again = await caller.post(confirm_url, fields)
    assert first.xpath("//Gather/@action") == again.xpath("//Gather/@action")
    temperature_url = caller.action()
    answers = await asyncio.gather(
        *(caller.post(temperature_url, caller.fields(Digits="16")) for _ in range(3))
    )
    assert len({a.xpath("string(/Response/Say[2])") for a in answers}) == 1
    assert len(await tickets.of_phone(store, phone=RESIDENT, open_only=False)) == 1


async def test_an_emergency_retried_opens_one_ticket(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    url, fields = caller.action(), caller.fields(SpeechResult="暖气管爆了到处是水")
    for _ in range(3):
        await caller.post(url, fields)
    assert len(await tickets.of_phone(store, phone=RESIDENT, open_only=False)) == 1


async def test_a_number_that_is_not_our_hotline_gets_the_general_flow(client: Client, store: Store) -> None:
    caller = Caller(client, hotline="+15005550006")
    await caller.call()
    assert "按1" in caller.said
    await caller.press("0")
    assert caller.doc.xpath("//Dial/Number/text()") == ["+8643188770000"]  # the first branch
    assert caller.doc.xpath("//Dial/@callerId") == []


async def test_hanging_up_mid_intake_leaves_a_callback_ticket(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("家里暖气一点都不热")
    await caller.say("红旗小区3号楼")
    await caller.hang_up()
    await caller.hang_up()  # status callbacks are retried too
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.CALLBACK
    assert "暖气一点都不热" in ticket.description and ticket.address_raw == "红旗小区3号楼"
    calls = [e for e in await tickets.events(store, number=ticket.number) if e.kind == "call"]
    assert len(calls) == 1 and calls[0].data["status"] == "completed"


async def test_a_finished_call_records_its_outcome_and_no_callback(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say("暖气不热 红旗小区3号楼2单元501")
    await caller.press("1")
    await caller.press("#")
    await caller.hang_up()
    [ticket] = await tickets.of_phone(store, phone=RESIDENT)
    assert ticket.kind is TicketKind.NO_HEAT
    calls = [e for e in await tickets.events(store, number=ticket.number) if e.kind == "call"]
    assert [c.data["duration"] for c in calls] == ["48"]


async def test_a_caller_who_only_listened_leaves_nothing(client: Client, store: Store) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("4")
    await caller.hang_up()
    assert await tickets.of_phone(store, phone=RESIDENT, open_only=False) == []


async def test_a_withheld_number_still_leaves_a_ticket_and_reaches_the_duty_officer(
    client: Client, store: Store
) -> None:
    caller = Caller(client, phone="anonymous")
    await caller.call()
    await caller.say("暖气管爆了")
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]
    whisper = caller.doc.xpath("//Dial/Number/@url")[0]
    number = whisper.split("ticket=")[1].split("&")[0]
    ticket = await tickets.get(store, number=number)
    assert ticket is not None and ticket.kind is TicketKind.BURST and ticket.escalated
    await caller.post(caller.action("Dial"), caller.fields())  # no DialCallStatus at all
    assert caller.doc.xpath("/Response/Record")


async def test_a_withheld_number_is_not_promised_a_text(client: Client, store: Store) -> None:
    for phone in ("anonymous", RESIDENT):
        caller = Caller(client, phone=phone)
        await caller.call()
        await caller.say("卧室里暖气片一直冰凉 湖西花园7号楼1单元202")
        await caller.press("1")
        await caller.press("#")
        assert "工单号是" in caller.said and "30分钟内到达" in caller.said
        assert ("工单号也会用短信发给您" in caller.said) is (phone == RESIDENT)
        assert ("请记下这个号码" in caller.said) is (phone != RESIDENT)
        await caller.hang_up()
    anonymous = Caller(client, phone="anonymous")
    await anonymous.call()
    await anonymous.say("我要投诉 客服电话里的人很不耐烦")
    assert "投诉已登记" in anonymous.said and "投诉编号也会用短信发给您" not in anonymous.said


async def _walk_to(caller: Caller, step: str) -> None:
    """Follow a call to the Gather of `step`."""
    await caller.call()
    route = {
        "menu": [],
        "address": [("press", "1")],
        "confirm": [("press", "1"), ("say", "红旗小区3号楼2单元501")],
        "temperature": [("press", "1"), ("say", "红旗小区3号楼2单元501"), ("press", "1")],
        "after": [("press", "1"), ("say", "红旗小区3号楼2单元501"), ("press", "1"), ("press", "#")],
        "emergency": [("press", "2")],
        "repair": [("press", "3")],
        "standards": [("press", "4")],
    }[step]
    for how, what in route:
        await (caller.press(what) if how == "press" else caller.say(what))
    assert caller.step == f"/twilio/voice/{step}"


@pytest.mark.parametrize("key", ["*", "#"])
@pytest.mark.parametrize(
    "step", ["menu", "address", "confirm", "temperature", "after", "emergency", "repair", "standards"]
)
async def test_star_or_hash_alone_at_any_step_gets_a_clear_answer(
    client: Client, store: Store, step: str, key: str
) -> None:
    caller = Caller(client)
    await _walk_to(caller, step)
    before = len(await tickets.of_phone(store, phone=RESIDENT, open_only=False))
    await caller.press(key)
    assert caller.status == 200 and caller.said
    assert caller.doc.xpath("/Response/Gather | /Response/Dial | /Response/Hangup")
    if caller.doc.xpath("/Response/Gather"):
        await caller.press(key)  # the same key again: never a loop, never a crash
    assert caller.status == 200 and caller.doc.xpath("/Response/*")
    after = await tickets.of_phone(store, phone=RESIDENT, open_only=False)
    assert len(after) <= max(before, 1)  # at most the one ticket of this call


async def test_star_or_hash_at_the_menu_is_not_understood_then_a_person(client: Client) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.press("*")
    assert "没有听清" in caller.said and caller.step == "/twilio/voice/menu"
    await caller.press("#")
    assert caller.doc.xpath("//Dial/Number/text()") == [DUTY]


@pytest.mark.parametrize("filler", ["嗯", "嗯。", "呃 那个", "Um, uh.", "hmm", "喂喂喂"])
async def test_filler_words_alone_are_no_answer(client: Client, store: Store, filler: str) -> None:
    caller = Caller(client)
    await caller.call()
    await caller.say(filler)
    assert "没有听清" in caller.said  # the menu again
    await caller.press("1")
    await caller.say(filler)
    assert caller.step == "/twilio/voice/address" and "再说一遍" in caller.said  # not read back as an address
    assert filler not in caller.said
    caller = Caller(client, phone="+8613900000002")
    await caller.call()
    await caller.press("2")
    await caller.say(filler)  # an emergency opens whatever is said, but the filler is no description
    [ticket] = await tickets.of_phone(store, phone="+8613900000002")
    assert ticket.kind is TicketKind.LEAK and ticket.description == "漏水"


@pytest.mark.parametrize("status", ["completed", "ringing", "failed", ""])
async def test_a_status_callback_for_an_unknown_call_is_a_quiet_200(
    client: Client, store: Store, status: str
) -> None:
    caller = Caller(client)
    fields = caller.fields(CallStatus=status, CallDuration="12")
    status_code, body = await _raw(client, "/twilio/voice/status", fields)
    assert status_code == 200
    assert etree.fromstring(body.encode()).xpath("/Response/*") == []
    assert await conversations.load(store, key=f"call:{caller.sid}") is None
    assert await tickets.of_phone(store, phone=RESIDENT, open_only=False) == []
    status_code, _ = await _raw(client, "/twilio/voice/status", {"CallStatus": "completed"})
    assert status_code == 400  # no CallSid: not a call of ours


async def _no_heat_call(client: Client, address: str) -> str:
    caller = Caller(client)
    await caller.call()
    await caller.press("1")
    await caller.say(address)
    await caller.press("1")
    await caller.press("16")
    return " ".join(caller.doc.xpath("/Response/Say/text()"))


async def test_parallel_calls_from_one_caller_share_one_ticket(client: Client, store: Store) -> None:
    said = await asyncio.gather(*(_no_heat_call(client, "红旗小区3号楼2单元501") for _ in range(4)))
    [ticket] = await tickets.of_phone(store, phone=RESIDENT, open_only=False)
    assert all("，".join(ticket.number) in words for words in said)
    callers = [Caller(client, phone="+8613900000002") for _ in range(4)]
    await asyncio.gather(*(c.call() for c in callers))
    await asyncio.gather(*(c.say("暖气管爆了，水一直往外冒") for c in callers))
    [burst] = await tickets.of_phone(store, phone="+8613900000002", open_only=False)
    assert burst.kind is TicketKind.BURST and burst.escalated
    assert {c.doc.xpath("//Dial/Number/@url")[0].split("ticket=")[1].split("&")[0] for c in callers} == {
        burst.number
    }


async def test_a_hang_up_racing_the_last_step_leaves_one_ticket(client: Client, store: Store) -> None:
    for i in range(4):
        phone = f"+86139000001{i:02d}"
        caller = Caller(client, phone=phone)
        await caller.call()
        await caller.say("暖气不热 红旗小区3号楼2单元501")
        await caller.press("1")
        temperature = caller.action()
        await asyncio.gather(caller.post(temperature, caller.fields(Digits="16")), caller.hang_up())
        # the first caller's own; the others of that flat follow it (storage.followers)
        assert len(await tickets.of_phone(store, phone=phone, open_only=False, following=True)) == 1, i


@pytest.mark.parametrize("words", ["那个老楼", "嗯 暖气不热", "um my heating", "so cold", "就是漏水"])
def test_words_with_a_filler_in_them_are_kept(words: str) -> None:
    assert Turn.parse({"SpeechResult": words}, {}).speech == words


@pytest.mark.parametrize("path", ["/twilio/voice", "/twilio/voice/status", "/twilio/sms"])
@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", b"\xfe\xff\xfa"),
        ("multipart/form-data", b"y"),
        ("multipart/form-data; boundary=qq", b"--qq\r\nhalf a part"),
    ],
)
async def test_an_unreadable_body_is_a_400_with_a_reason_never_a_500(
    client: Client, path: str, content_type: str, body: bytes
) -> None:
    response = await client.post(path, data=body, headers={"Content-Type": content_type})
    assert response.status == 400 and "form" in await response.text()
