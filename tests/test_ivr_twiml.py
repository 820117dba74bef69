"""TwiML rendering and spoken texts: pure functions checked with XPath."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from ivr import texts, twiml
from storage.values import TOO_HOT, Status, TicketKind


def parse(document: str) -> etree._Element:
    return etree.fromstring(document.encode())


def test_menu_gather_accepts_speech_and_keys_in_mandarin_with_barge_in() -> None:
    doc = parse(
        twiml.ask("zh-Hans", ["您好", twiml.Pause(1), "请按1"], action="/twilio/voice/menu", hints="暖气")
    )
    gather = doc.xpath("/Response/Gather")[0]
    assert gather.get("input") == "dtmf speech"
    assert gather.get("language") == "cmn-Hans-CN"
    assert gather.get("speechModel") == twiml.SPEECH_MODEL
    assert gather.get("speechTimeout").isdigit()
    assert gather.get("numDigits") == "1"
    assert gather.get("action") == "/twilio/voice/menu"
    assert gather.get("hints") == "暖气"
    says = gather.xpath("Say")
    assert [s.text for s in says] == ["您好", "请按1"]
    assert {s.get("voice") for s in says} == {"Polly.Zhiyu"}
    assert {s.get("language") for s in says} == {"cmn-CN"}
    assert gather.xpath("Pause/@length") == ["1"]
    # no input: Twilio falls through to the redirect, which posts the same step empty
    assert doc.xpath("/Response/Redirect/text()") == ["/twilio/voice/menu"]


def test_english_uses_an_english_voice_and_recogniser() -> None:
    doc = parse(twiml.ask("en", ["Hello"], action="/a"))
    assert doc.xpath("//Gather/@language") == ["en-US"]
    assert doc.xpath("//Say/@voice") == ["Polly.Joanna"]
    assert doc.xpath("//Say/@language") == ["en-US"]


def test_keypad_only_gather_has_no_speech_attributes_and_speaks_before_outside() -> None:
    doc = parse(
        twiml.ask(
            "zh-Hans",
            ["菜单"],
            before=["答案"],
            action="/a",
            speech=False,
            num_digits=None,
            finish_on_key="#",
        )
    )
    gather = doc.xpath("/Response/Gather")[0]
    assert gather.get("input") == "dtmf"
    assert gather.get("language") is None and gather.get("speechModel") is None
    assert gather.get("numDigits") is None and gather.get("finishOnKey") == "#"
    assert doc.xpath("/Response/Say/text()") == ["答案"]


def test_dial_rings_the_duty_phone_with_a_whisper_and_reports_to_the_action() -> None:
    doc = parse(
        twiml.dial(
            "zh-Hans",
            ["转接"],
            number="+8643188770000",
            action="/r",
            whisper_url="/w?ticket=1",
            caller_id="+8643188880001",
        )
    )
    dial = doc.xpath("/Response/Dial")[0]
    assert (
        dial.get("timeout") == "20"
        and dial.get("action") == "/r"
        and dial.get("callerId") == "+8643188880001"
    )
    assert dial.xpath("Number/text()") == ["+8643188770000"]
    assert dial.xpath("Number/@url") == ["/w?ticket=1"]


def test_record_announces_and_always_reaches_the_action() -> None:
    doc = parse(twiml.record("zh-Hans", ["录音"], action="/rec"))
    assert doc.xpath("/Response/Say/text()") == ["录音"]
    assert doc.xpath("/Response/Record/@action") == ["/rec"]
    assert doc.xpath("/Response/Redirect/text()") == ["/rec"]


def test_speak_hangs_up_or_redirects() -> None:
    assert parse(twiml.speak("zh-Hans", ["再见"])).xpath("/Response/Hangup")
    assert parse(twiml.speak("zh-Hans", ["x"], then="/next")).xpath("/Response/Redirect/text()") == ["/next"]


def test_announce_never_hangs_up_so_the_call_is_bridged() -> None:
    doc = parse(twiml.announce("zh-Hans", ["紧急报修"]))
    assert not doc.xpath("//Hangup") and doc.xpath("//Say/text()") == ["紧急报修"]


@pytest.mark.parametrize(("lang", "spoken"), [("zh-Hans", "1，2，3，0"), ("en", "1, 2, 3, 0")])
def test_numbers_are_read_digit_by_digit(lang: str, spoken: str) -> None:
    assert texts.digits("1230", lang) == spoken


@pytest.mark.parametrize(
    ("minutes", "zh", "en"),
    [(5, "5分钟", "5 minutes"), (125, "2小时5分钟", "2 hours 5 minutes"), (3 * 24 * 60, "3天", "3 days")],
)
def test_time_since_report(minutes: int, zh: str, en: str) -> None:
    assert texts.ago("zh-Hans", dt.timedelta(minutes=minutes)) == zh
    assert texts.ago("en", dt.timedelta(minutes=minutes)) == en


def test_both_catalogues_have_the_same_sentences() -> None:
    zh, en = texts.catalogue("zh-Hans"), texts.catalogue("en")
    for table in ("voice", "ago", "kind", "status"):
        assert set(zh[table]) == set(en[table]), table
    assert texts.catalogue("fr") == zh
    assert set(zh["status"]) == {s.value for s in Status}
    assert set(zh["kind"]) == {k.value for k in TicketKind} | {
        TOO_HOT
    }  # a no-heat ticket of a flat too hot too
