"""Conversation state in the database or in Redis, the flood bucket, languages and button data."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from fake_telegram import chat_store_fixture, clock_fixture, services_fixture  # noqa: F401 (fixtures)

from bot import callbacks
from bot.dialogue import Dialogue
from bot.flood import admit
from bot.i18n import lang_from_code, lang_of_text
from bot.replies import Identity, Text
from bot.services import ChatServices
from bot.state import Conversation, RedisStates
from intents.types import Lang
from storage.values import Channel

REDIS_ENV = "HEATLINE_TEST_REDIS_URL"


@pytest.mark.parametrize(
    ("code", "lang"),
    [
        ("zh-tw", Lang.ZH_HANT),
        ("zh-HK", Lang.ZH_HANT),
        ("zh-hant", Lang.ZH_HANT),
        ("zh-hans", Lang.ZH_HANS),
        ("zh", Lang.ZH_HANS),
        ("en-GB", Lang.EN),
        ("en", Lang.EN),
        ("ru", Lang.ZH_HANS),
        (None, Lang.ZH_HANS),
    ],
)
def test_telegram_language_codes(code: str | None, lang: Lang) -> None:
    assert lang_from_code(code) is lang


def test_the_language_a_resident_writes_in() -> None:
    assert lang_of_text("暖氣不熱", Lang.ZH_HANT) is Lang.ZH_HANT
    assert lang_of_text("暖气不热", Lang.ZH_HANS) is Lang.ZH_HANS
    assert lang_of_text("radiator cold", Lang.EN) is Lang.EN
    assert lang_of_text("2", Lang.EN) is None and lang_of_text("ok", Lang.EN) is None
    # "不知道" is written alike in both scripts: a Traditional writer keeps Traditional, others get Chinese
    assert lang_of_text("不知道", Lang.ZH_HANS, Lang.ZH_HANT) is None
    assert lang_of_text("不知道", Lang.ZH_HANS, Lang.EN) is Lang.ZH_HANS
    assert lang_of_text("暖气不热", Lang.ZH_HANS, Lang.ZH_HANT) is Lang.ZH_HANS  # Simplified: switched
    # an address alone is written as it is: no language told; nor by a word or two of Chinese to an English writer
    places = ("红旗小区", "Hongqi")
    assert lang_of_text("红旗小区3栋2单元501", Lang.ZH_HANS, Lang.EN, places=places) is None
    assert lang_of_text("紅旗小區3棟2單元501", Lang.ZH_HANT, Lang.ZH_HANS, places=places) is None
    assert lang_of_text("红旗小区", Lang.ZH_HANS, Lang.EN, places=places) is None
    assert (
        lang_of_text("Hongqi compound building 3 unit 2 room 501", Lang.EN, Lang.ZH_HANS, places=places)
        is None
    )
    assert lang_of_text("好的", Lang.ZH_HANS, Lang.EN) is None
    assert lang_of_text("暖气不热 红旗小区3栋2单元501", Lang.ZH_HANS, Lang.EN, places=places) is Lang.ZH_HANS
    assert (
        lang_of_text("no heat at Hongqi building 3 room 501", Lang.EN, Lang.ZH_HANS, places=places) is Lang.EN
    )


@pytest.mark.parametrize(
    "data", ["", "m:", "m:drop", "r:123:5", "r:1000017:6", "k:abc", "s:weather", "x" * 65, "c:yes "]
)
def test_tampered_button_data_is_refused(data: str) -> None:
    assert callbacks.parse(data) is None


def test_button_data_we_produce_parses_back() -> None:
    assert callbacks.parse("r:1000017:cold") == callbacks.Press("rate", "cold", "1000017")
    assert callbacks.parse("s:fees") == callbacks.Press("std", "fees")
    assert callbacks.parse("c:yes") == callbacks.Press("flow", "c:yes")


def test_the_token_bucket_refills_over_time() -> None:
    conv, now = Conversation(), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert [admit(conv, now, burst=3, per_second=1.0) for _ in range(4)] == [True, True, True, False]
    assert admit(conv, now + dt.timedelta(seconds=1), burst=3, per_second=1.0)
    assert not admit(conv, now + dt.timedelta(seconds=1), burst=3, per_second=1.0)


def test_state_written_by_another_version_still_loads() -> None:
    conv = Conversation.from_dict({"step": "address", "draft": {"intent": "no_heat"}, "from_the_future": 1})
    assert conv.step == "address" and conv.to_dict()["draft"] == {"intent": "no_heat"}


@pytest.fixture
async def redis_url() -> str:
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"{REDIS_ENV} is not set: Redis conversation state not tested")
    return url


async def test_redis_keeps_the_conversation_across_processes(services: ChatServices, redis_url: str) -> None:
    with_redis = ChatServices(
        store=services.store, company=services.company, clock=services.clock, redis_url=redis_url
    )
    who = Identity(Channel.TELEGRAM, str(uuid.uuid4().int % 10**9))
    first, second = Dialogue(with_redis), Dialogue(with_redis)
    await first.handle(who, Text("暖气不热，室温15度"))
    states = RedisStates(redis_url)
    try:
        saved = await states.load(who.key)
        assert saved is not None and saved["step"] == "address"
        replies = await second.handle(who, Text("红旗小区3栋2单元501"))
        assert "红旗小区3栋2单元501" in replies[0].text
        await states.clear(who.key)
        assert await states.load(who.key) is None
    finally:
        for closable in (states, first, second):
            await closable.close()
