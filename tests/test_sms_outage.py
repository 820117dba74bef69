"""Texts that come while the database cannot be reached (Twilio never posts an SMS again): kept outside the database,
the texter told the truth, and each handled once, in order, when the database is back."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from db_link import DatabaseLink
from fake_twilio import FakeTwilio, running_fake_twilio
from lxml import etree
from pydantic import SecretStr
from test_ivr_helpers import ACCOUNT, PUBLIC, TOKEN, Clock, sign

from bot.spool import REDIS_KEY, KeptText, Spool
from heatline.app import RUNTIME, build_app
from heatline.runtime import Runtime
from heatline.settings import Settings
from intents.company import Company
from storage import tickets
from storage.values import TicketKind

HOTLINE = "+8643188880003"  # kuancheng's


@pytest.fixture
async def fake() -> AsyncIterator[FakeTwilio]:
    async with running_fake_twilio() as twilio:
        yield twilio


class Texting:
    """The running application, texted as Twilio posts texts."""

    def __init__(self, client: TestClient[object, object], runtime: Runtime) -> None:
        self.client, self.runtime = client, runtime
        self.sids = 0

    async def text(self, phone: str, body: str, *, sid: str | None = None) -> list[str]:
        """Post one text; the <Message>s of the answer."""
        self.sids += 1
        fields = {
            "AccountSid": ACCOUNT,
            "MessageSid": sid or f"SM{uuid.uuid4().hex}",
            "From": phone,
            "To": HOTLINE,
            "Body": body,
            "NumMedia": "0",
        }
        headers = {"X-Twilio-Signature": sign(PUBLIC + "/twilio/sms", fields)}
        response = await self.client.post("/twilio/sms", data=fields, headers=headers)
        assert response.status == 200
        doc = etree.fromstring((await response.text()).encode())
        return [str(m) for m in doc.xpath("/Response/Message/text()")]


async def texting(
    link: DatabaseLink, company: Company, fake: FakeTwilio, **options: object
) -> AsyncIterator[Texting]:
    settings = Settings(
        database_url=link.linked,
        twilio_account_sid=ACCOUNT,
        twilio_auth_token=SecretStr(TOKEN),
        twilio_api_base=fake.base_url,
        public_url=PUBLIC,
        **options,  # type: ignore[arg-type]
    )
    app = await build_app(settings, clock=Clock(), company=company)
    async with TestClient(TestServer(app)) as client:
        yield Texting(client, app[RUNTIME])


def kept_files(spool: Path) -> list[str]:
    return sorted(os.listdir(spool)) if spool.is_dir() else []


async def test_texts_are_kept_on_disk_while_the_database_is_away_and_handled_in_order_once_it_is_back(
    link: DatabaseLink, demo_company: Company, fake: FakeTwilio, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    resident, other = "+8613900000071", "+8613900000072"
    async for app in texting(link, demo_company, fake, spool_dir=spool):
        await link.cut()
        [leak] = await app.text(resident, "暖气片漏水了，东岭小区3栋2单元501")
        assert (
            "阀门" in leak and HOTLINE in leak and "已收到" in leak
        )  # the safety advice and the hotline, at once
        assert "抱歉" not in leak  # no apology that says it may be lost
        [asked] = await app.text(resident, "我的报修")
        assert "已收到" in asked and "不用重发" in asked and "阀门" not in asked
        [hello] = await app.text(other, "hello")
        assert "We have your message" in hello
        assert len(kept_files(spool)) == 3  # kept where no database is needed

        await link.mend()
        answers = await app.text(
            resident, "我的报修"
        )  # they write again: what they sent before is handled first
        store = app.runtime.store
        [ticket] = await tickets.list_tickets(store)  # the leak, opened once
        assert (ticket.kind, ticket.room) == (TicketKind.LEAK, "501")
        assert len(answers) == 3, answers  # each text answered, in the order they were sent
        assert ticket.number in answers[0] and "正在通知值班人员" in answers[0]
        assert ticket.number in answers[1] and ticket.number in answers[2]
        [left] = kept_files(spool)  # the other texter's, for the worker's loop
        assert KeptText.from_json((spool / left).read_text()).phone == other

        assert await app.runtime.inbox.replay() == 0  # what the worker's loop does: the other texter's text
        assert kept_files(spool) == []
        await app.runtime.worker().run_once()
        [answer] = [m.body for m in fake.sent if m.to == other]  # texted, in the language they wrote
        assert "How can I help" in answer and "1. Report a problem" in answer
        assert await app.text(other, "hello", sid="SM-again") != []  # a new text is answered at once again
        assert len(await tickets.list_tickets(store)) == 1


async def test_with_redis_the_texts_are_kept_there_and_the_worker_loop_answers_them(
    link: DatabaseLink, demo_company: Company, fake: FakeTwilio, tmp_path: Path
) -> None:
    redis_url = os.environ.get("HEATLINE_TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("HEATLINE_TEST_REDIS_URL is not set")
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)
    await redis.delete(REDIS_KEY)  # Redis outlives the test run
    resident = f"+86139{uuid.uuid4().int % 10**8:08d}"
    try:
        async for app in texting(link, demo_company, fake, spool_dir=tmp_path / "spool", redis_url=redis_url):
            await link.cut()
            [burst] = await app.text(resident, "暖气管爆了，水喷出来了")
            assert "烫" in burst and HOTLINE in burst  # a burst's advice: hot water scalds
            assert await redis.llen(REDIS_KEY) == 1 and kept_files(tmp_path / "spool") == []
            app.runtime.start_background()  # the worker's loop, as `serve` runs it
            await asyncio.sleep(1.5)
            assert await redis.llen(REDIS_KEY) == 1  # still kept: the database is still away
            await link.mend()
            for _ in range(500):
                if any(m.to == resident for m in fake.sent):
                    break
                await asyncio.sleep(0.02)
            [ticket] = await tickets.list_tickets(app.runtime.store)
            assert ticket.kind is TicketKind.BURST
            [answer] = [m.body for m in fake.sent if m.to == resident]
            assert ticket.number in answer
            assert await redis.llen(REDIS_KEY) == 0
    finally:
        await redis.delete(REDIS_KEY)
        await redis.aclose()


async def test_a_text_redis_cannot_keep_either_is_kept_in_a_file(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool", "redis://127.0.0.1:1/0")  # nothing answers there
    try:
        first = KeptText.new(phone="+8613900000073", to=HOTLINE, body="漏水了", sid=None, at=2)
        earlier = KeptText.new(phone="+8613900000073", to=HOTLINE, body="你好", sid="SM1", at=1)
        await spool.keep(first)
        await spool.keep(earlier)
        assert await spool.waiting() == [earlier, first]  # oldest first
        await spool.done(earlier)
        assert await spool.waiting() == [first] and first.sid.startswith("kept-")
    finally:
        await spool.close()
