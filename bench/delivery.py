"""Outbox delivery throughput: N resident notifications through W outbox workers into a local fake Bot API.

    python bench/delivery.py --database-url sqlite [--n 2000] [--workers 1] [--limits off] [--chats 200]
    python bench/delivery.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/test --workers 2
    python bench/delivery.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/test --limits on --n 300

The database starts empty (a temporary SQLite file, or a scratch PostgreSQL database created next to the one
named in the URL and dropped afterwards), is migrated and gets the demo company. N "status.acknowledged"
notifications are queued for `--chats` private chats, each for a chat drawn at random (seeded), so one
resident often has several updates waiting, as after a busy morning. The real stack delivers them: W
OutboxWorker instances, each with its own Store on the database, a real aiogram Bot and TelegramSender,
pointed at a fake Bot API served in this process, which answers sendMessage like Telegram and records what
arrived when. One JSON line: notifications/s from the start until every one arrived and was marked sent,
duplicates (a notification that reached the fake more than once: must be 0), and the busiest one-second
window overall and for a single chat (sliding windows, as the fake saw them), and the shortest gap between
two messages to one chat.

`--limits on` uses the default Limits (25 messages/s overall, 1/s per private chat, 20/min per group);
`off` measures the machinery alone. Deployment note: the limiter lives in each process (each worker has its
own Throttle), so W workers with limits on may together send W x 25 messages/s through one bot token. Run
one worker per bot token, or give each worker its share (Limits(per_second=25 / W)).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scratch  # noqa: E402

from bot.telegram_sender import TelegramSender  # noqa: E402
from heatline.config import load_company  # noqa: E402
from heatline.runtime import utc_now  # noqa: E402
from heatline.throttle import Limits, Throttle  # noqa: E402
from heatline.worker import OutboxWorker  # noqa: E402
from intents.company import Company  # noqa: E402
from storage import Store, migrate, outbox  # noqa: E402
from storage import company as company_store  # noqa: E402
from storage.values import Audience, Channel  # noqa: E402

TOKEN = "4242:BENCH"
FIRST_NUMBER = 80_000_000  # ticket numbers in the payloads: 8 digits, one per notification
NUMBER = re.compile(r"(?<!\d)8\d{7}(?!\d)")
BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Heatline", "username": "heatline_bot"}


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--database-url", default="sqlite", help="SQLAlchemy async URL, or 'sqlite' for a temp file"
    )
    parser.add_argument("--n", type=int, default=2000, help="notifications")
    parser.add_argument("--workers", type=int, choices=(1, 2), default=1, help="outbox workers")
    parser.add_argument("--limits", choices=("on", "off"), default="off", help="platform send limits")
    parser.add_argument("--chats", type=int, default=200, help="private chats the notifications go to")
    return parser.parse_args(argv)


class FakeBotApi:
    """Answers sendMessage with a valid Message and records (arrival time, chat, ticket number)."""

    def __init__(self, expected: int) -> None:
        self.arrivals: list[tuple[float, int, str]] = []
        self.all_arrived = asyncio.Event()
        self._expected = expected
        self._numbers: set[str] = set()
        self._ids = 0

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        return app

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form = await request.post()
        if method != "sendMessage":
            return web.json_response({"ok": True, "result": BOT_USER if method == "getMe" else True})
        chat_id, text = int(str(form["chat_id"])), str(form["text"])
        found = NUMBER.search(text)
        number = found.group() if found else "?"
        self.arrivals.append((time.monotonic(), chat_id, number))
        self._numbers.add(number)
        if len(self._numbers) >= self._expected:
            self.all_arrived.set()
        self._ids += 1
        chat = {"id": chat_id, "type": "private", "first_name": "r"}
        message = {"message_id": self._ids, "date": int(time.time()), "chat": chat, "text": text}
        return web.json_response({"ok": True, "result": message})

    def duplicates(self) -> int:
        """Messages beyond the first for one notification."""
        counts: dict[str, int] = defaultdict(int)
        for _, _, number in self.arrivals:
            counts[number] += 1
        return sum(count - 1 for count in counts.values() if count > 1)

    def busiest_second(self) -> int:
        return _busiest([at for at, _, _ in self.arrivals])

    def busiest_chat_second(self) -> int:
        per_chat: dict[int, list[float]] = defaultdict(list)
        for at, chat, _ in self.arrivals:
            per_chat[chat].append(at)
        return max((_busiest(times) for times in per_chat.values()), default=0)

    def closest_to_one_chat(self) -> float | None:
        """The shortest gap between two messages to the same chat, in seconds."""
        last: dict[int, float] = {}
        gaps: list[float] = []
        for at, chat, _ in sorted(self.arrivals):
            if chat in last:
                gaps.append(at - last[chat])
            last[chat] = at
        return round(min(gaps), 3) if gaps else None


def _busiest(times: Sequence[float], window: float = 1.0) -> int:
    """The most arrivals in any half-open window [t, t + window)."""
    ordered, best, start = sorted(times), 0, 0
    for end, at in enumerate(ordered):
        while ordered[start] <= at - window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def _queue(store: Store, demo: Company, n: int, chats: int) -> None:
    await company_store.sync(store, demo)
    rng = random.Random(7)
    for i in range(n):
        await outbox.enqueue(
            store,
            audience=Audience.RESIDENT,
            channel=Channel.TELEGRAM,
            address=str(100_000 + rng.randrange(chats)),
            language="zh-Hans",
            event="status.acknowledged",
            payload={"number": str(FIRST_NUMBER + i)},
            idempotency_key=f"bench:{i}",
            now=utc_now(),
        )


async def _deliver(
    url: str, fake: FakeBotApi, base: str, demo: Company, workers: int, limits: Limits
) -> tuple[float, int]:
    """Run the workers until every notification reached the fake; (seconds, notifications still due)."""
    stores = [Store.from_url(url) for _ in range(workers)]
    bots = [Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(base))) for _ in stores]
    stop = asyncio.Event()
    try:
        runners = [
            OutboxWorker(
                store,
                {(Audience.RESIDENT, Channel.TELEGRAM): TelegramSender(bot, demo)},
                utc_now,
                throttle=Throttle(limits),
            )
            for store, bot in zip(stores, bots, strict=True)
        ]
        start = time.perf_counter()
        tasks = [asyncio.create_task(w.run(stop, idle=0.05)) for w in runners]
        arrived = asyncio.create_task(fake.all_arrived.wait())
        # a worker that ends early ends the wait too; stopping lets each finish marking what it sent
        await asyncio.wait([arrived, *tasks], timeout=600, return_when=asyncio.FIRST_COMPLETED)
        arrived.cancel()
        stop.set()
        await asyncio.gather(*tasks)
        seconds = time.perf_counter() - start
        return seconds, await outbox.pending_count(stores[0])
    finally:
        for bot in bots:
            await bot.session.close()
        for store in stores:
            await store.close()


async def _bench(url: str, args: argparse.Namespace, demo: Company) -> dict[str, Any]:
    await asyncio.to_thread(migrate.upgrade, url)
    store = Store.from_url(url)
    try:
        await _queue(store, demo, args.n, args.chats)
        dialect = store.dialect
    finally:
        await store.close()
    fake = FakeBotApi(args.n)
    runner = web.AppRunner(fake.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        limits = Limits() if args.limits == "on" else Limits.off()
        seconds, left = await _deliver(url, fake, f"http://{host}:{port}", demo, args.workers, limits)
    finally:
        await runner.cleanup()
    sent = len({number for _, _, number in fake.arrivals})
    return {
        "database": dialect,
        "workers": args.workers,
        "limits": args.limits,
        "notifications": sent,
        "seconds": round(seconds, 2),
        "per_s": round(sent / seconds, 1),
        "duplicates": fake.duplicates(),
        "max_per_s_in_any_second": fake.busiest_second(),
        "max_per_chat_per_s": fake.busiest_chat_second(),
        "min_chat_gap_s": fake.closest_to_one_chat(),
        "undelivered": left,
        "limiter": "per process: W workers may send W x the global limit through one token",
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one JSON line."""
    args = _args(argv)
    demo = load_company()
    with scratch.empty_database(args.database_url) as url:
        result = asyncio.run(_bench(url, args, demo))
    print(json.dumps(result, ensure_ascii=False))
    return 1 if result["duplicates"] or result["undelivered"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
