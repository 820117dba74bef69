"""Shared by the IVR end-to-end tests: a store, the running app, and a caller who follows the TwiML."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from lxml import etree
from pydantic import SecretStr
from twilio.request_validator import RequestValidator

from heatline.app import build_app
from heatline.settings import Settings
from intents.company import Company
from storage import Store

TOKEN = "test-auth-token"
ACCOUNT = "AC" + "0" * 32
PUBLIC = "https://heatline.example"
HOTLINE = "+8643188880002"  # chaoyang
DUTY = "+8643188770001"  # chaoyang's duty phone
RESIDENT = "+8613900000001"
_sids = itertools.count(1)

Client = TestClient[Any, Any]


class Clock:
    """A clock the test moves: mid-January, in the heating season."""

    def __init__(self) -> None:
        self.now = dt.datetime(2027, 1, 15, 0, 30, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def settings(store: Store, *, api_base: str | None = None) -> Settings:
    """Settings of the real application on the test's database, with Twilio on and Telegram off."""
    return Settings(
        database_url=store.url,
        twilio_account_sid=ACCOUNT,
        twilio_auth_token=SecretStr(TOKEN),
        twilio_api_base=api_base,
        public_url=PUBLIC,
    )


@contextlib.asynccontextmanager
async def voice_client(
    store: Store, company: Company, clock: Clock, *, api_base: str | None = None
) -> AsyncIterator[Client]:
    """The composition layer's real application (signature middleware, every channel) over real HTTP."""
    app = await build_app(settings(store, api_base=api_base), clock=clock, company=company)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


@pytest.fixture(name="clock")
def clock_fixture() -> Clock:
    return Clock()


@pytest.fixture(name="client")
async def client_fixture(store: Store, demo_company: Company, clock: Clock) -> AsyncIterator[Client]:
    """A voice client on the `store` fixture (SQLite and PostgreSQL), the demo company and the test's clock."""
    async with voice_client(store, demo_company, clock) as test_client:
        yield test_client


def sign(url: str, params: dict[str, str]) -> str:
    return RequestValidator(TOKEN).compute_signature(url, params)


class Caller:
    """A phone call as Twilio makes it: signed form posts that follow the action URLs of each answer."""

    def __init__(self, client: Client, *, phone: str = RESIDENT, hotline: str = HOTLINE) -> None:
        self.client = client
        self.sid = f"CA{next(_sids):032d}"
        self.phone = phone
        self.hotline = hotline
        self.doc: etree._Element = etree.fromstring(b"<Response/>")
        self.status = 0

    def fields(self, **extra: str) -> dict[str, str]:
        base = {
            "AccountSid": ACCOUNT,
            "ApiVersion": "2010-04-01",
            "CallSid": self.sid,
            "CallStatus": "in-progress",
            "Direction": "inbound",
            "From": self.phone,
            "Caller": self.phone,
            "To": self.hotline,
            "Called": self.hotline,
        }
        return base | extra

    async def post(self, url: str, params: dict[str, str], *, signature: str | None = None) -> etree._Element:
        full = url if url.startswith("http") else PUBLIC + url
        path = full.removeprefix(PUBLIC)
        sig = sign(full, params) if signature is None else signature
        response = await self.client.post(path, data=params, headers={"X-Twilio-Signature": sig})
        self.status = response.status
        body = await response.read()
        assert response.status == 200, (response.status, body)
        assert response.content_type == "text/xml"
        self.doc = etree.fromstring(body)
        return self.doc

    async def call(self) -> etree._Element:
        return await self.post("/twilio/voice", self.fields())

    def action(self, verb: str = "Gather") -> str:
        found = self.doc.xpath(f"//{verb}/@action")
        assert found, f"no <{verb}> in {self.xml}"
        return str(found[0])

    @property
    def step(self) -> str:
        """The path the caller's next key or words go to."""
        return self.action().removeprefix(PUBLIC).split("?")[0]

    async def press(self, keys: str) -> etree._Element:
        return await self.post(self.action(), self.fields(Digits=keys))

    async def say(self, words: str) -> etree._Element:
        return await self.post(self.action(), self.fields(SpeechResult=words, Confidence="0.91"))

    async def silence(self) -> etree._Element:
        redirect = self.doc.xpath("/Response/Redirect/text()")
        assert redirect, f"no redirect in {self.xml}"
        return await self.post(str(redirect[0]), self.fields())

    async def dial_ends(self, status: str) -> etree._Element:
        return await self.post(self.action("Dial"), self.fields(DialCallStatus=status, DialCallDuration="0"))

    async def leave_message(self, url: str) -> etree._Element:
        fields = self.fields(RecordingUrl=url, RecordingDuration="14", RecordingSid="RE" + "1" * 32)
        return await self.post(self.action("Record"), fields)

    async def hang_up(self) -> etree._Element:
        fields = self.fields(CallStatus="completed", CallDuration="48")
        return await self.post("/twilio/voice/status", fields)

    @property
    def xml(self) -> str:
        return etree.tostring(self.doc, encoding="unicode")

    @property
    def said(self) -> str:
        return " ".join(str(t) for t in self.doc.xpath("//Say/text()"))

    def gather(self) -> etree._Element:
        found = self.doc.xpath("/Response/Gather")
        assert found, f"no <Gather> in {self.xml}"
        return found[0]
