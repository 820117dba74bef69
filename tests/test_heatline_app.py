"""The web application over real HTTP: health, and the Twilio signature gate in front of every /twilio/ path."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from fake_telegram import FakeTelegram, Updates, fake_telegram_fixture  # noqa: F401 (fixture)
from storage_helpers import open_for_new_contact
from twilio.request_validator import RequestValidator

from heatline.app import RUNTIME, build_app
from heatline.settings import Settings
from storage import Store, migrate, tickets

TOKEN = "twilio-test-token"
HOTLINE = "+8643188880001"


async def client_for(settings: Settings) -> TestClient[object, object]:
    client: TestClient[object, object] = TestClient(TestServer(await build_app(settings)))
    await client.start_server()
    return client


@pytest.fixture
async def app_client(sqlite_url: str) -> AsyncIterator[TestClient[object, object]]:
    settings = Settings(
        database_url=sqlite_url,
        twilio_account_sid="AC00000000000000000000000000000000",
        twilio_auth_token=TOKEN,
        public_url="https://heat.example.org",
    )
    client = await client_for(settings)
    yield client
    await client.close()


async def test_healthz_reports_the_database(app_client: TestClient[object, object]) -> None:
    response = await app_client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_is_503_when_the_database_goes_away(
    pg_database: Callable[[], str], tmp_path: Path
) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    url = pg_database()
    await asyncio.to_thread(migrate.upgrade, url)
    client = await client_for(Settings(database_url=url))
    try:
        assert (await client.get("/healthz")).status == 200
        name = make_url(url).database
        admin = (
            make_url(url)
            .set(drivername="postgresql", database="postgres")
            .render_as_string(hide_password=False)
        )
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        finally:
            await conn.close()
        response = await client.get("/healthz")
        assert response.status == 503
        assert await response.json() == {"status": "degraded", "database": "unreachable"}
    finally:
        await client.close()


def sign(path: str, params: dict[str, str]) -> str:
    return RequestValidator(TOKEN).compute_signature(f"https://heat.example.org{path}", params)


@pytest.mark.parametrize("path", ["/twilio/voice", "/twilio/voice/status", "/twilio/sms"])
async def test_forged_or_missing_signatures_get_403_and_no_twiml(
    app_client: TestClient[object, object], path: str
) -> None:
    form = {"CallSid": "CA1", "From": "+8613900000001", "To": HOTLINE, "Body": "暖气不热", "Digits": ""}
    missing = await app_client.post(path, data=form)
    assert missing.status == 403 and await missing.text() == ""
    forged = await app_client.post(
        path, data=form, headers={"X-Twilio-Signature": sign(path, {**form, "Body": "x"})}
    )
    assert forged.status == 403 and await forged.text() == ""
    # Signed for another host (a proxy that was not configured): refused too.
    other = RequestValidator(TOKEN).compute_signature(f"http://127.0.0.1{path}", form)
    assert (await app_client.post(path, data=form, headers={"X-Twilio-Signature": other})).status == 403


async def test_a_signed_post_with_an_empty_field_is_accepted(app_client: TestClient[object, object]) -> None:
    form = {"CallSid": "CA2", "From": "+8613900000002", "To": HOTLINE, "Digits": "", "CallStatus": "ringing"}
    response = await app_client.post(
        "/twilio/voice", data=form, headers={"X-Twilio-Signature": sign("/twilio/voice", form)}
    )
    assert response.status == 200
    assert "<Gather" in await response.text()


UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def redis_url() -> str:
    url = os.environ.get("HEATLINE_TEST_REDIS_URL")
    if not url:
        pytest.skip("HEATLINE_TEST_REDIS_URL is not set")
    return url


async def health_of(settings: Settings) -> tuple[int, object]:
    client = await client_for(settings)
    try:
        response = await client.get("/healthz")
        return response.status, await response.json()
    finally:
        await client.close()


async def test_healthz_says_when_redis_does_not_answer(sqlite_url: str) -> None:
    assert await health_of(Settings(database_url=sqlite_url, redis_url=UNREACHABLE_REDIS)) == (
        503,
        {"status": "degraded", "database": "ok", "redis": "unreachable"},
    )
    assert await health_of(Settings(database_url=sqlite_url, redis_url=redis_url())) == (
        200,
        {"status": "ok", "database": "ok", "redis": "ok"},
    )


async def test_a_message_that_finds_redis_gone_is_left_for_telegram_to_send_again(
    sqlite_url: str, fake_telegram: FakeTelegram
) -> None:
    """Not answered 'sorry, something went wrong' with a 200 that loses it: a 503, and the retry is handled."""
    chat = (
        6_600_000_000 + uuid.uuid4().int % 10**6
    )  # Redis outlives the test run: a chat of its own each time
    update = Updates().message(chat, "暖气片漏水了，东岭小区3栋2单元501")

    async def deliver(redis: str) -> tuple[int, list[str]]:
        client = await client_for(
            Settings(
                database_url=sqlite_url,
                redis_url=redis,
                telegram_token="600:health",
                telegram_secret="health-secret",
                telegram_api_base=fake_telegram.base_url,
            )
        )
        try:
            headers = {"X-Telegram-Bot-Api-Secret-Token": "health-secret"}
            status = (await client.post("/telegram/webhook", json=update, headers=headers)).status
            return status, [m.text for m in fake_telegram.new(chat)]
        finally:
            await client.close()

    status, told = await deliver(UNREACHABLE_REDIS)
    assert status == 503 and told == []  # no apology that pretends the message was dealt with
    status, told = await deliver(redis_url())  # Telegram delivers it again once Redis is back
    assert status == 200 and any("阀" in text for text in told)
    store = Store.from_url(sqlite_url)
    try:
        [ticket] = await tickets.list_tickets(store)
        assert ticket.kind.value == "leak" and ticket.room == "501"
    finally:
        await store.close()


async def test_healthz_says_when_no_worker_delivers_the_outbox(sqlite_url: str) -> None:
    """`serve --no-worker` with no `heatline worker` beside it: the staff's card would sit queued."""
    now = [dt.datetime.now(dt.UTC)]
    app = await build_app(Settings(database_url=sqlite_url), clock=lambda: now[0])
    client: TestClient[object, object] = TestClient(TestServer(app))
    await client.start_server()
    try:
        store = app[RUNTIME].store
        await open_for_new_contact(store, branch="chaoyang", chat=6600002, now=now[0])
        assert (await client.get("/healthz")).status == 200  # queued a moment ago: a worker may yet take it
        now[0] += dt.timedelta(seconds=90)
        response = await client.get("/healthz")
        assert response.status == 503
        body = await response.json()
        assert body["status"] == "degraded" and body["database"] == "ok"
        assert body["outbox"].startswith("stalled: no worker is delivering")
        assert body["outbox_waiting"] == 1 and body["outbox_oldest_due_seconds"] == 90
        await app[RUNTIME].worker().run_once()  # a worker comes and deals with it
        response = await client.get("/healthz")
        assert response.status == 200 and await response.json() == {"status": "ok", "database": "ok"}
    finally:
        await client.close()
