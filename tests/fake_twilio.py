"""A local fake of Twilio's REST Messages API: records what was sent and answers like Twilio does."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class SentMessage:
    account_sid: str
    to: str
    from_: str
    body: str
    authorization: str


@dataclass
class FakeTwilio:
    """POST /2010-04-01/Accounts/<sid>/Messages.json; `fail_with` makes the next requests fail."""

    sent: list[SentMessage] = field(default_factory=list)
    fail_with: tuple[int, int, str] | None = None  # HTTP status, Twilio error code, message
    delay: float = 0.0
    base_url: str = ""
    _sids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self._create)
        return app

    async def _create(self, request: web.Request) -> web.Response:
        if self.delay:
            await asyncio.sleep(self.delay)
        form = await request.post()
        sid = request.match_info["sid"]
        if self.fail_with is not None:
            status, code, message = self.fail_with
            body = {
                "code": code,
                "message": message,
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            }
            return web.json_response(body, status=status)
        message = SentMessage(
            account_sid=sid,
            to=str(form.get("To", "")),
            from_=str(form.get("From", "")),
            body=str(form.get("Body", "")),
            authorization=request.headers.get("Authorization", ""),
        )
        self.sent.append(message)
        return web.json_response(_message_json(sid, message, next(self._sids)), status=201)


def _message_json(account_sid: str, message: SentMessage, n: int) -> dict[str, Any]:
    sid = f"SM{n:032d}"
    now = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    return {
        "account_sid": account_sid,
        "api_version": "2010-04-01",
        "body": message.body,
        "date_created": now,
        "date_sent": None,
        "date_updated": now,
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": message.from_,
        "messaging_service_sid": None,
        "num_media": "0",
        "num_segments": "1",
        "price": None,
        "price_unit": "USD",
        "sid": sid,
        "status": "queued",
        "subresource_uris": {"media": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}/Media.json"},
        "to": message.to,
        "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
    }


@contextlib.asynccontextmanager
async def running_fake_twilio() -> AsyncIterator[FakeTwilio]:
    """The fake on 127.0.0.1 with a random port; `fake.base_url` is what HEATLINE_TWILIO_API_BASE would be."""
    fake = FakeTwilio()
    server = TestServer(fake.app())
    await server.start_server()
    fake.base_url = str(server.make_url("")).rstrip("/")
    try:
        yield fake
    finally:
        await server.close()
