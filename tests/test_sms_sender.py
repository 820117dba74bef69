"""The SMS sender against a local fake of Twilio's Messages API."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fake_twilio import FakeTwilio, running_fake_twilio

from bot.sms_sender import SmsSender
from intents.company import Company
from storage.delivery import DeliveryError, RetryAfter, Undeliverable, Unreachable
from storage.values import Audience, Channel, DeliveryStatus, NotificationInfo

ACCOUNT = "AC" + "1" * 32


@pytest.fixture
async def fake() -> AsyncIterator[FakeTwilio]:
    async with running_fake_twilio() as twilio:
        yield twilio


def notification(**changes: Any) -> NotificationInfo:
    now = dt.datetime(2027, 1, 15, tzinfo=dt.UTC)
    values: dict[str, Any] = {
        "id": 1,
        "ticket_number": "1000017",
        "audience": Audience.RESIDENT,
        "channel": Channel.SMS,
        "address": "+8613900000001",
        "language": "zh-Hans",
        "event": "ticket.opened",
        "payload": {"number": "1000017", "branch": "chaoyang", "status": "new"},
        "status": DeliveryStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": None,
        "idempotency_key": "k1",
        "created_at": now,
    }
    return NotificationInfo(**(values | changes))


def sender(fake: FakeTwilio, company: Company, **options: Any) -> SmsSender:
    return SmsSender(
        account_sid=ACCOUNT, auth_token="secret", company=company, api_base=fake.base_url, **options
    )


async def test_a_notification_is_texted_from_the_branch_hotline(
    fake: FakeTwilio, demo_company: Company
) -> None:
    await sender(fake, demo_company).send(notification())
    [sent] = fake.sent
    assert sent.account_sid == ACCOUNT and sent.to == "+8613900000001"
    assert sent.from_ == demo_company.hotlines_of("chaoyang")[0]
    assert "1000017" in sent.body
    assert sent.authorization.startswith("Basic ")


async def test_the_hotline_the_resident_used_is_the_sender(fake: FakeTwilio, demo_company: Company) -> None:
    used = demo_company.hotlines_of("chaoyang")[1]
    await sender(fake, demo_company).send(notification(payload={"number": "1000017", "hotline": used}))
    assert fake.sent[0].from_ == used


async def test_without_a_branch_the_first_hotline_sends(fake: FakeTwilio, demo_company: Company) -> None:
    await sender(fake, demo_company).send(notification(payload={"number": "1000017"}))
    assert fake.sent[0].from_ == demo_company.hotlines[0].number


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        ((400, 21211, "The 'To' number is not a valid phone number."), Unreachable),
        ((400, 21610, "Attempt to send to unsubscribed recipient"), Unreachable),
        ((400, 21602, "Message body is required."), Undeliverable),
        ((429, 20429, "Too Many Requests"), RetryAfter),
        ((500, 20500, "Internal Server Error"), DeliveryError),
    ],
)
async def test_twilio_errors_become_delivery_errors(
    fake: FakeTwilio, demo_company: Company, failure: tuple[int, int, str], error: type[Exception]
) -> None:
    fake.fail_with = failure
    with pytest.raises(error):
        await sender(fake, demo_company).send(notification())
    assert fake.sent == []


async def test_a_slow_twilio_times_out(fake: FakeTwilio, demo_company: Company) -> None:
    fake.delay = 2
    with pytest.raises(DeliveryError):
        await sender(fake, demo_company, timeout=0.2).send(notification())


async def test_an_unreachable_api_is_a_retryable_error(demo_company: Company) -> None:
    down = SmsSender(account_sid=ACCOUNT, auth_token="x", company=demo_company, api_base="http://127.0.0.1:9")
    with pytest.raises(DeliveryError) as caught:
        await down.send(notification())
    assert type(caught.value) is DeliveryError


async def test_a_withheld_caller_cannot_be_texted(fake: FakeTwilio, demo_company: Company) -> None:
    with pytest.raises(Undeliverable):
        await sender(fake, demo_company).send(notification(address="anon:0123456789a"))
    assert fake.sent == []
