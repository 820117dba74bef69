"""Card pieces that need no chat: phone masking, button data size and validation, the catalogues' keys."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.staff.cards import mask_phone
from bot.staff.keyboards import Act, CardAction, EndHandoff
from bot.staff.reasons import reason_text
from bot.staff.texts import duration, plain, say

LOCALES = Path(__file__).resolve().parents[1] / "bot" / "locales"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("+8613912340123", "+86 139****0123"), ("+15551234567", "+155****4567"), ("+861234", "****34")],
)
def test_phones_are_partly_masked(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_button_data_fits_telegram_and_round_trips() -> None:
    data = CardAction(act=Act.HAND_OFF, number="1234567890", arg="a" * 32).pack()
    assert len(data.encode()) <= 64
    assert CardAction.unpack(data).arg == "a" * 32
    assert EndHandoff.unpack(EndHandoff(contact=7).pack()).contact == 7


@pytest.mark.parametrize("data", ["tk:take:12345:", "tk:fly:123456:", "tk:crew:123456:C0;1", "ho:-3"])
def test_forged_button_data_does_not_unpack(data: str) -> None:
    with pytest.raises(ValueError):
        (EndHandoff if data.startswith("ho:") else CardAction).unpack(data)


def test_both_staff_catalogues_have_the_same_sentences() -> None:
    def keys(node: dict[str, object], prefix: str = "") -> set[str]:
        found: set[str] = set()
        for key, value in node.items():
            found |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
        return found

    zh, en = (
        tomllib.loads((LOCALES / f"staff.{lang}.toml").read_text("utf-8")) for lang in ("zh-Hans", "en")
    )
    assert keys(zh) == keys(en)


def test_values_are_escaped_and_markup_kept() -> None:
    text = say("en", "done.noted", number="<b>1</b>")
    assert text == "✔ Note added to ticket <code>&lt;b&gt;1&lt;/b&gt;</code>."
    assert plain(text) == "✔ Note added to ticket <b>1</b>."
    assert [duration("zh-Hans", m) for m in (5, 65, -12, 1500)] == [
        "5分钟",
        "1小时5分钟",
        "12分钟",
        "1天1小时",
    ]


@pytest.mark.parametrize(
    ("stored", "zh", "en"),
    [
        ("voicemail", "值班电话无人接听，来电人留了言", "the caller left a voicemail"),
        ("hung_up:leak", "漏水：来电人说出地址前挂断了", "Leak: the caller hung up"),
        # as the phone line stored them before it stored codes
        ("emergency reported by phone", "电话报告的紧急情况", "emergency reported by phone"),
        ("voicemail: the duty phone did not answer", "值班电话无人接听，来电人留了言", "left a voicemail"),
        ("burst: the caller hung up before the address", "爆管：来电人说出地址前挂断了", "Burst: the caller"),
        ("a reason nobody coded", "a reason nobody coded", "a reason nobody coded"),
    ],
)
def test_escalation_reasons_are_worded_in_the_staff_language(stored: str, zh: str, en: str) -> None:
    assert zh in reason_text("zh-Hans", stored)
    assert en in reason_text("en", stored)
