"""Voice-step latency: whole phone calls walked over real HTTP against the real app; one JSON line of results.

    python bench/ivr_steps.py [--calls 200] [--emergency-calls 50] [--concurrency 8]
    python bench/ivr_steps.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/test
    python bench/ivr_steps.py --database-url sqlite+aiosqlite:///./var/ivr-bench.db   # a new file only

Twilio gives a voice webhook 15 s in all; every step should answer in well under a second. This starts
`heatline.app.build_app` with Twilio settings (signature check on, no background worker, so nothing leaves the
machine) on 127.0.0.1 and walks calls the way Twilio does: signed form posts that follow the action URLs of
each answer.
  no heat:   greeting -> "家里暖气不热" (menu) -> address by speech -> confirm 1 -> temperature 16 -> ticket
             -> status callback
  emergency: greeting -> "暖气管子爆了…" (menu: advice, ticket, dial) -> the duty officer's whisper ->
             dial result "completed" -> address by speech -> confirm 1 -> status callback
Each call is a different caller (a new contact, one ticket). The database starts empty: a temporary SQLite
file by default; on PostgreSQL a scratch database next to the one named, dropped afterwards; a SQLite URL must
name a file that does not exist yet. Prints per-step p50/p99/max milliseconds, all requests together, whole
calls and the wall time; exits non-zero when any request failed or the ticket count is wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import aiohttp
import sqlalchemy as sa
from aiohttp import web
from lxml import etree
from pydantic import SecretStr
from sqlalchemy.engine import make_url
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scratch  # noqa: E402

from heatline.app import build_app  # noqa: E402
from heatline.config import load_company  # noqa: E402
from heatline.settings import Settings  # noqa: E402
from storage import Store, migrate  # noqa: E402
from storage.models import ticket_t  # noqa: E402

HOST = "127.0.0.1"  # local only
TOKEN = "bench-auth-token"
ACCOUNT = "AC" + "b" * 32
MAX_CALLS = 10_000
MAX_CONCURRENCY = 64
TWILIO_BUDGET_MS = 15_000


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="sqlite", help="SQLAlchemy async URL, or 'sqlite' (temp file)"
    )
    parser.add_argument("--calls", type=int, default=200, help="no-heat calls (default 200)")
    parser.add_argument("--emergency-calls", type=int, default=50, help="burst calls (default 50)")
    parser.add_argument("--concurrency", type=int, default=8, help="calls in flight at once (default 8)")
    args = parser.parse_args(argv)
    if not 0 <= args.calls <= MAX_CALLS or not 0 <= args.emergency_calls <= MAX_CALLS:
        parser.error(f"--calls and --emergency-calls must be between 0 and {MAX_CALLS}")
    if args.calls + args.emergency_calls == 0:
        parser.error("nothing to do: --calls and --emergency-calls are both 0")
    if not 1 <= args.concurrency <= MAX_CONCURRENCY:
        parser.error(f"--concurrency must be between 1 and {MAX_CONCURRENCY}")
    return args


class Failed(Exception):
    """A step answered something a caller could not follow."""


class Call:
    """One phone call as Twilio makes it: signed posts that follow the action URLs of each answer."""

    def __init__(self, bench: Bench, kind: str, index: int) -> None:
        self.bench, self.kind = bench, kind
        self.sid = f"CA{uuid.uuid4().hex}"
        self.phone = f"+86138{index:08d}"
        self.doc: etree._Element = etree.fromstring(b"<Response/>")
        self.spent_ms = 0.0

    def fields(self, **extra: str) -> dict[str, str]:
        base = {
            "AccountSid": ACCOUNT,
            "ApiVersion": "2010-04-01",
            "CallSid": self.sid,
            "CallStatus": "in-progress",
            "Direction": "inbound",
            "From": self.phone,
            "Caller": self.phone,
            "To": self.bench.hotline,
            "Called": self.bench.hotline,
        }
        return base | extra

    async def post(self, step: str, url: str, fields: dict[str, str]) -> etree._Element:
        full = url if url.startswith("http") else self.bench.base + url
        signature = self.bench.validator.compute_signature(full, fields)
        start = time.perf_counter()
        async with self.bench.http.post(full, data=fields, headers={"X-Twilio-Signature": signature}) as resp:
            body = await resp.read()
            elapsed = (time.perf_counter() - start) * 1000
        self.bench.record(f"{self.kind}.{step}", elapsed)
        self.spent_ms += elapsed
        if resp.status != 200 or resp.content_type != "text/xml":
            raise Failed(f"{self.kind}.{step}: HTTP {resp.status} {resp.content_type}")
        self.doc = etree.fromstring(body)
        return self.doc

    def action(self, verb: str, expect: str) -> str:
        found = self.doc.xpath(f"/Response/{verb}/@action")
        if not found or f"/twilio/voice/{expect}?" not in found[0]:
            raise Failed(
                f"{self.kind}: expected <{verb}> to {expect}, got {etree.tostring(self.doc)[:300]!r}"
            )
        return str(found[0])

    async def no_heat(self, n: int) -> None:
        await self.post("start", "/twilio/voice", self.fields())
        await self.post("menu", self.action("Gather", "menu"), self.fields(SpeechResult="家里暖气不热"))
        address = f"红旗小区{n % 40 + 1}号楼{n % 6 + 1}单元{n % 30 + 101}"
        await self.post("address", self.action("Gather", "address"), self.fields(SpeechResult=address))
        await self.post("confirm", self.action("Gather", "confirm"), self.fields(Digits="1"))
        await self.post("temperature", self.action("Gather", "temperature"), self.fields(Digits="16"))
        self.action("Gather", "after")  # the ticket number was read out
        await self.post(
            "status", "/twilio/voice/status", self.fields(CallStatus="completed", CallDuration="75")
        )

    async def emergency(self, n: int) -> None:
        await self.post("start", "/twilio/voice", self.fields())
        said = "暖气管子爆了，水一直往外冒"
        await self.post("menu", self.action("Gather", "menu"), self.fields(SpeechResult=said))
        whisper = self.doc.xpath("/Response/Dial/Number/@url")
        if not whisper:
            raise Failed(f"emergency: no dial with a whisper, got {etree.tostring(self.doc)[:300]!r}")
        dial_result = self.action("Dial", "dial-result")
        officer = self.fields(
            CallSid=f"CA{uuid.uuid4().hex}", Direction="outbound-api", ParentCallSid=self.sid
        )
        menu_doc = self.doc
        await self.post("whisper", str(whisper[0]), officer)
        self.doc = menu_doc
        answered = self.fields(DialCallStatus="completed", DialCallDuration="40")
        await self.post("dial-result", dial_result, answered)
        address = f"湖西花园{n % 40 + 1}号楼{n % 6 + 1}单元{n % 30 + 601}"
        await self.post("address", self.action("Gather", "address"), self.fields(SpeechResult=address))
        await self.post("confirm", self.action("Gather", "confirm"), self.fields(Digits="1"))
        if not self.doc.xpath("/Response/Hangup"):
            raise Failed("emergency: no goodbye after the address")
        await self.post(
            "status", "/twilio/voice/status", self.fields(CallStatus="completed", CallDuration="90")
        )


class Bench:
    """The running app's address, the HTTP client and the measurements."""

    def __init__(self, base: str, hotline: str, http: aiohttp.ClientSession) -> None:
        self.base, self.hotline, self.http = base, hotline, http
        self.validator = RequestValidator(TOKEN)
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.calls_ms: list[float] = []
        self.errors: list[str] = []

    def record(self, step: str, ms: float) -> None:
        self.samples[step].append(ms)


def _stats(values: list[float]) -> dict[str, float | int]:
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}

    def rank(p: float) -> float:  # nearest rank
        return ordered[max(0, min(len(ordered) - 1, int(-(-p * len(ordered) // 1)) - 1))]

    return {
        "n": len(ordered),
        "p50_ms": round(rank(0.50), 2),
        "p99_ms": round(rank(0.99), 2),
        "max_ms": round(ordered[-1], 2),
    }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


async def _count_tickets(url: str) -> int:
    store = Store.from_url(url)
    try:
        async with store.read() as conn:
            return int((await conn.execute(sa.select(sa.func.count()).select_from(ticket_t))).scalar_one())
    finally:
        await store.close()


async def _bench(url: str, args: argparse.Namespace) -> dict[str, Any]:
    port = _free_port()
    base = f"http://{HOST}:{port}"
    settings = Settings(
        database_url=url,
        twilio_account_sid=ACCOUNT,
        twilio_auth_token=SecretStr(TOKEN),
        twilio_api_base=f"{base}/no-twilio-here",  # never used: the worker does not run
        public_url=base,
    )
    company = load_company(None)
    app = await build_app(settings, company=company, background=False)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, HOST, port).start()
    plan = [("no_heat", i) for i in range(args.calls)]
    plan += [("emergency", args.calls + i) for i in range(args.emergency_calls)]
    queue: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    connector = aiohttp.TCPConnector(limit=args.concurrency)
    try:
        async with aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=30)
        ) as http:
            bench = Bench(base, company.hotlines[0].number, http)

            async def walker() -> None:
                while not queue.empty():
                    kind, n = queue.get_nowait()
                    call = Call(bench, kind, n)
                    try:
                        await (call.no_heat(n) if kind == "no_heat" else call.emergency(n))
                    except Exception as exc:  # counted and reported, never hidden
                        bench.errors.append(f"{type(exc).__name__}: {exc}")
                        continue
                    bench.calls_ms.append(call.spent_ms)

            started = time.perf_counter()
            await asyncio.gather(*(walker() for _ in range(args.concurrency)))
            wall = time.perf_counter() - started
    finally:
        await runner.cleanup()
    all_requests = [ms for values in bench.samples.values() for ms in values]
    tickets = await _count_tickets(url)
    if bench.errors:
        print(f"first error: {bench.errors[0]}", file=sys.stderr)
    total = _stats(all_requests) | {
        "calls": len(bench.calls_ms),
        "call_p50_ms": _stats(bench.calls_ms).get("p50_ms", 0),
        "call_max_ms": _stats(bench.calls_ms).get("max_ms", 0),
        "wall_s": round(wall, 2),
        "requests_per_s": round(len(all_requests) / wall, 1) if wall else 0,
    }
    return {
        "bench": "ivr_steps",
        "database": make_url(url).get_backend_name(),
        "no_heat_calls": args.calls,
        "emergency_calls": args.emergency_calls,
        "concurrency": args.concurrency,
        "steps": {step: _stats(values) for step, values in sorted(bench.samples.items())},
        "total": total,
        "twilio_budget_ms": TWILIO_BUDGET_MS,
        "tickets": tickets,
        "tickets_expected": len(plan),
        "errors": len(bench.errors),
    }


def _run(url: str, args: argparse.Namespace) -> dict[str, Any]:
    migrate.upgrade(url)  # before the event loop: Alembic's env.py runs asyncio.run()
    return asyncio.run(_bench(url, args))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one JSON line."""
    args = _args(argv)
    try:
        with scratch.empty_database(
            args.database_url, prefix="heatline-ivr-bench-", replace_sqlite=False
        ) as url:
            result = _run(url, args)
    except scratch.ExistingDatabase as exc:
        print(f"refusing to write into an existing database file: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
    ok = result["errors"] == 0 and result["tickets"] == result["tickets_expected"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
