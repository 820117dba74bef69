"""The web application over real HTTP: health, and the Twilio signature gate in front of every /twilio/ path."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from twilio.request_validator import RequestValidator

from heatline.app import build_app
from heatline.settings import Settings
from storage import migrate

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
