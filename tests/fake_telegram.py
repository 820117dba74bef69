"""A local fake Telegram Bot API server that records every call, and a factory of resident updates.

The bot under test is pointed at it with `api_base`; it answers `/bot<token>/<method>` like Telegram does
(`{"ok": true, "result": ...}`, a Message with message_id, date and chat) and keeps what was sent. The
resident tests and the staff tests (tests/staff_world.py) share it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.services import ChatServices
from intents.company import Company
from storage import Store
from storage import company as storage_company

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Heatline", "username": "heatline_bot"}
TOKEN = "123456:TEST-token_for-the-fake-bot-api"
FIRST_MESSAGE_ID = 1000  # the id of the first message the bot sends
_ADMIN_RIGHTS = dict.fromkeys(
    (
        "can_be_edited",
        "is_anonymous",
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
        "can_send_welcome_messages",
    ),
    False,
)


@dataclass
class Sent:
    """One Bot API call as the fake received it."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)  # when the fake received it
    result: Any = None  # what the fake answered (a sent message's id is result["message_id"])

    @property
    def chat_id(self) -> int | None:
        return int(self.params["chat_id"]) if "chat_id" in self.params else None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button."""
        markup = self.params.get("reply_markup") or {}
        rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


@dataclass
class FakeTelegram:
    """Records calls; `fail(method, ...)` makes the next call of a method fail like Telegram would.

    getChatMember answers "administrator" for the (chat, user) pairs in `admins`, "member" otherwise; edits
    answer the edited message; other methods (deleteMessage, answerCallbackQuery, ...) answer true.
    """

    calls: list[Sent] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)  # updates for getUpdates, until acknowledged
    admins: set[tuple[int, int]] = field(default_factory=set)
    failures: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    hangs: dict[str, list[float]] = field(default_factory=dict)
    base_url: str = ""
    _seen: dict[int, int] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(FIRST_MESSAGE_ID))

    def fail(self, method: str, status: int, description: str, **parameters: Any) -> None:
        """Answer the next call of `method` with this Telegram error."""
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        self.failures.setdefault(method, []).append((status, body))

    def hang(self, method: str, seconds: float) -> None:
        """Make the next call of `method` wait this long before answering, like a Bot API that hangs."""
        self.hangs.setdefault(method, []).append(seconds)

    def offsets(self) -> list[int | None]:
        """The offset of every getUpdates: how far the bot acknowledged."""
        return [int(c.params["offset"]) if "offset" in c.params else None for c in self.of("getUpdates")]

    def messages(self, chat_id: int) -> list[Sent]:
        """Every sendMessage to this chat."""
        return [c for c in self.calls if c.method == "sendMessage" and c.chat_id == chat_id]

    def new(self, chat_id: int) -> list[Sent]:
        """The messages to this chat since the last call of `new` for it."""
        messages = self.messages(chat_id)
        start, self._seen[chat_id] = self._seen.get(chat_id, 0), len(messages)
        return messages[start:]

    def of(self, method: str) -> list[Sent]:
        return [c for c in self.calls if c.method == method]

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        return app

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[FakeTelegram]:
        """Serve on 127.0.0.1 with a random port; `base_url` points at it meanwhile."""
        server = TestServer(self.app(), host="127.0.0.1")
        await server.start_server()
        self.base_url = str(server.make_url("")).rstrip("/")
        try:
            yield self
        finally:
            await server.close()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = {k: _decode(v) for k, v in (await request.post()).items()}
        self.calls.append(Sent(method, params))
        if self.hangs.get(method):
            await asyncio.sleep(self.hangs[method].pop(0))
        if self.failures.get(method):
            status, body = self.failures[method].pop(0)
            return web.json_response(body, status=status)
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._updates(params)})
        result = self._result(method, params)
        self.calls[-1].result = result
        return web.json_response({"ok": True, "result": result})

    async def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Like Telegram: what is older than the offset is acknowledged and gone; with nothing new, a short wait."""
        offset = int(params.get("offset") or 0)
        self.pending = [u for u in self.pending if u["update_id"] >= offset]
        if not self.pending:
            await asyncio.sleep(0.05)
        return list(self.pending)

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            message_id = int(params.get("message_id") or next(self._ids))  # an edit keeps its id
            return _message(message_id, int(params["chat_id"]), str(params.get("text", "")))
        if method in ("sendPhoto", "copyMessage", "sendLocation"):
            return _message(next(self._ids), int(params["chat_id"]), str(params.get("caption", "")))
        if method == "getChatMember":
            return self._member(int(params["chat_id"]), int(params["user_id"]))
        return True

    def _member(self, chat_id: int, user_id: int) -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
        if (chat_id, user_id) in self.admins:
            return {"status": "administrator", "user": user, **_ADMIN_RIGHTS}
        return {"status": "member", "user": user}


def _message(message_id: int, chat_id: int, text: str) -> dict[str, Any]:
    chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "title": "chat"}
    return {"message_id": message_id, "date": int(time.time()), "chat": chat, "text": text, "from": BOT_USER}


def _decode(value: Any) -> Any:
    text = str(value)
    if text.startswith(("{", "[")):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


class Updates:
    """Telegram updates as a resident's client would produce them."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)

    def _user(self, user_id: int, lang: str | None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"resident{user_id}"}
        if lang:
            user["language_code"] = lang
        return user

    def message(
        self,
        chat_id: int,
        text: str | None = None,
        *,
        lang: str | None = "zh-CN",
        chat_type: str = "private",
        **extra: Any,
    ) -> dict[str, Any]:
        """A message update; `extra` adds content (sticker=..., photo=[...], location=...)."""
        n = next(self._ids)
        user_id = chat_id if chat_type == "private" else 777
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        chat.update({"first_name": "r"} if chat_type == "private" else {"title": "some group"})
        body: dict[str, Any] = {
            "message_id": n,
            "date": int(time.time()),
            "chat": chat,
            "from": self._user(user_id, lang),
        }
        if text is not None:
            body["text"] = text
        body.update(extra)
        return {"update_id": n, "message": body}

    def edited(self, chat_id: int, text: str, *, lang: str | None = "zh-CN") -> dict[str, Any]:
        update = self.message(chat_id, text, lang=lang, edit_date=int(time.time()))
        update["edited_message"] = update.pop("message")
        return update

    def press(self, chat_id: int, data: str, *, lang: str | None = "zh-CN") -> dict[str, Any]:
        """A press on an inline button under one of the bot's messages."""
        n = next(self._ids)
        message = {
            "message_id": 900 + n,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "text": "…",
        }
        query = {
            "id": f"q{n}",
            "from": self._user(chat_id, lang),
            "chat_instance": "ci",
            "data": data,
            "message": message,
        }
        return {"update_id": n, "callback_query": query}


@pytest.fixture(name="fake_telegram")
async def fake_telegram_fixture() -> AsyncIterator[FakeTelegram]:
    """The fake Bot API running on 127.0.0.1 with a random port; `base_url` points at it."""
    async with FakeTelegram().running() as fake:
        yield fake


# --- what every bot test needs besides the fake server --------------------------------------------------

IN_SEASON = dt.datetime(2026, 1, 10, 3, 0, tzinfo=dt.UTC)  # 11:00 in Changchun, mid-season
OFF_SEASON = dt.datetime(2026, 7, 1, 3, 0, tzinfo=dt.UTC)


class Clock:
    """A test clock that moves `step` seconds each time it is read (so the flood limit stays quiet)."""

    def __init__(self, start: dt.datetime = IN_SEASON, step: float = 30.0) -> None:
        self.now = start
        self.step = dt.timedelta(seconds=step)

    def __call__(self) -> dt.datetime:
        self.now += self.step
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture(name="chat_store")
async def chat_store_fixture(store: Store, demo_company: Company) -> Store:
    """The `store` fixture (SQLite and PostgreSQL) with the demo company's branches, hotlines and crews."""
    await storage_company.sync(store, demo_company)
    return store


@pytest.fixture(name="clock")
def clock_fixture() -> Clock:
    return Clock()


@pytest.fixture(name="services")
def services_fixture(chat_store: Store, demo_company: Company, clock: Clock) -> ChatServices:
    """Chat services over the demo company, with one extra default staff chat."""
    return ChatServices(
        store=chat_store, company=demo_company, staff_chat_ids=frozenset({-100999}), clock=clock
    )
