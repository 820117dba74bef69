"""What /healthz and start-up check: the database answers, Redis answers (when configured), and the outbox is being
delivered (a notification nobody has claimed for a minute means no worker is running, or it is stuck)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable
from typing import Any, cast

from storage import Store, outbox

STALLED_AFTER = dt.timedelta(seconds=60)  # the worker polls every second: a minute unclaimed is no worker
PROBE_TIMEOUT = 3.0


class RedisProbe:
    """A Redis client kept only to ask whether Redis answers."""

    def __init__(self, url: str) -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url, socket_connect_timeout=PROBE_TIMEOUT, socket_timeout=PROBE_TIMEOUT)

    async def ping(self) -> bool:
        """True when Redis answers."""
        from redis.exceptions import RedisError

        try:
            pong = cast(Awaitable[bool], self._redis.ping())  # redis types it for its sync client too
            return bool(await asyncio.wait_for(pong, timeout=PROBE_TIMEOUT))
        except (RedisError, OSError):
            return False

    async def close(self) -> None:
        await self._redis.aclose()


async def redis_answers(url: str) -> bool:
    """True when the Redis at `url` answers a ping (a client opened and closed for the question)."""
    probe = RedisProbe(url)
    try:
        return await probe.ping()
    finally:
        await probe.close()


async def _answers(check: Awaitable[bool]) -> bool:
    try:
        return await asyncio.wait_for(check, timeout=PROBE_TIMEOUT)
    except TimeoutError:
        return False


async def report(store: Store, redis: RedisProbe | None, now: dt.datetime) -> tuple[dict[str, Any], bool]:
    """The health document and whether all is well. A healthy one is `{"status": "ok", "database": "ok"}` (with
    `"redis": "ok"` when Redis is configured); what is wrong is added when it is."""
    database = await _answers(store.ping())
    body: dict[str, Any] = {"status": "ok", "database": "ok" if database else "unreachable"}
    if redis is not None:
        body["redis"] = "ok" if await _answers(redis.ping()) else "unreachable"
    if database:
        waiting, since = await outbox.oldest_unclaimed(store, now=now)
        if since is not None and now - since > STALLED_AFTER:
            body["outbox"] = (
                "stalled: no worker is delivering (run `heatline worker`, or serve without --no-worker)"
            )
            body["outbox_waiting"] = waiting
            body["outbox_oldest_due_seconds"] = round((now - since).total_seconds())
    ok = all(body[key] == "ok" for key in ("database", "redis") if key in body) and "outbox" not in body
    if not ok:
        body["status"] = "degraded"
    return body, ok
