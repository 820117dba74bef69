"""Shared by the IVR end-to-end tests: a store, the running app, and a caller who follows the TwiML."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from lxml import etree
from twilio.request_validator import RequestValidator

from heatline.app import twilio_signature_middleware
from intents.company import Company
from ivr.services import VoiceServices
from ivr.web import voice_routes
from storage import Store
from storage import company as company_sync

TOKEN = "test-auth-token"
PUBLIC = "https://heatline.example"
HOTLINE = "+8643188880002"  # chaoyang
DUTY = "+8643188770001"  # chaoyang's duty phone
RESIDENT = "+8613900000001"
_sids = itertools.count(1)


class Clock:
    """A clock the test moves: mid-January, in the heating season."""

    def __init__(self) -> None:
        self.now = dt.datetime(2027, 1, 15, 0, 30, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@contextlib.asynccontextmanager
async def voice_client(store: Store, company: Company, clock: Clock) -> AsyncIterator[TestClient[Any, Any]]:
    """The voice routes behind the composition layer's signature middleware, over real HTTP."""
    await company_sync.sync(store, company)
    app = web.Application(middlewares=[twilio_signature_middleware(TOKEN, PUBLIC)])
    app.add_routes(voice_routes(VoiceServices(store=store, company=company, clock=clock, public_url=PUBLIC)))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


def sign(url: str, params: dict[str, str]) -> str:
    return RequestValidator(TOKEN).compute_signature(url, params)


class Caller:
    """A phone call as Twilio makes it: signed form posts that follow the action URLs of each answer."""

    def __init__(
        self, client: TestClient[Any, Any], *, phone: str = RESIDENT, hotline: str = HOTLINE
    ) -> None:
        self.client = client
        self.sid = f"CA{next(_sids):032d}"
        self.phone = phone
        self.hotline = hotline
        self.doc: etree._Element = etree.fromstring(b"<Response/>")
        self.status = 0

    def fields(self, **extra: str) -> dict[str, str]:
        base = {
            "AccountSid": "AC" + "0" * 32,
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
