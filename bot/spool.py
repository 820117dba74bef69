"""Texts kept while the store cannot take them: Twilio never posts an SMS again, so a text that came during an outage
would otherwise be lost. They are kept in Redis when it is configured (any process can hand them on), else, and whenever
Redis does not answer either, in files under a spool directory; each until it has been handled."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("bot.sms")
REDIS_KEY = "heatline:sms:kept"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class KeptText:
    """One text as it came: who sent it, to which number, its words, Twilio's MessageSid (or one of ours when Twilio
    sent none: the same text is handled once by it) and when it came (ns since the epoch: the order to handle it in)."""

    phone: str
    to: str
    body: str
    sid: str
    at: int
    media: tuple[str, ...] = ()  # the URLs of the pictures it carried (MMS)

    @classmethod
    def new(
        cls, *, phone: str, to: str, body: str, sid: str | None, at: int, media: tuple[str, ...] = ()
    ) -> KeptText:
        return cls(phone, to, body, sid or f"kept-{uuid.uuid4().hex}", at, media)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str | bytes) -> KeptText:
        data = json.loads(raw)
        media = tuple(str(url) for url in data.get("media") or ())
        return cls(
            str(data["phone"]), str(data["to"]), str(data["body"]), str(data["sid"]), int(data["at"]), media
        )

    @property
    def file_name(self) -> str:
        return f"{self.at:020d}-{_UNSAFE.sub('_', self.sid)[:64]}.json"


class Spool:
    """`keep` a text durably; `waiting` lists every one kept, oldest first; `done` forgets one once handled."""

    def __init__(self, directory: Path, redis_url: str | None = None) -> None:
        self.directory = directory
        # Any: redis-py types its list commands for the sync and async clients at once (`Awaitable[int] | int`)
        self._redis: Any = None
        if redis_url:
            from redis.asyncio import Redis

            self._redis = Redis.from_url(redis_url, socket_connect_timeout=3, socket_timeout=5)

    async def keep(self, text: KeptText) -> None:
        """In Redis when configured and answering, else in a file; raises OSError when neither can keep it."""
        if self._redis is not None:
            from redis.exceptions import RedisError

            try:
                await self._redis.rpush(REDIS_KEY, text.to_json())
                return
            except RedisError as exc:
                log.warning("Redis cannot keep a text (%s): it is kept in %s", exc, self.directory)
        await asyncio.to_thread(self._write, text)

    async def waiting(self) -> list[KeptText]:
        """Every text kept, wherever it is, oldest first."""
        kept = await asyncio.to_thread(self._read)
        if self._redis is not None:
            from redis.exceptions import RedisError

            try:
                kept += [KeptText.from_json(raw) for raw in await self._redis.lrange(REDIS_KEY, 0, -1)]
            except RedisError as exc:
                log.debug("Redis cannot list the texts kept (%s)", exc)
        return sorted(kept, key=lambda text: (text.at, text.sid))

    async def done(self, text: KeptText) -> None:
        """Forget `text`: it has been handled (a text handled again is recognised by its sid and ignored)."""
        await asyncio.to_thread((self.directory / text.file_name).unlink, missing_ok=True)
        if self._redis is not None:
            from redis.exceptions import RedisError

            try:
                await self._redis.lrem(REDIS_KEY, 0, text.to_json())
            except RedisError as exc:
                log.debug("Redis cannot forget a text handled (%s)", exc)

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()

    def _write(self, text: KeptText) -> None:
        """Written whole or not at all: a temporary file, synced, then renamed into place."""
        self.directory.mkdir(parents=True, exist_ok=True)
        final = self.directory / text.file_name
        temporary = final.with_name(f".{final.name}.tmp")
        with temporary.open("w", encoding="utf-8") as file:
            file.write(text.to_json())
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(final)
        directory = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def _read(self) -> list[KeptText]:
        if not self.directory.is_dir():
            return []
        kept = []
        for path in sorted(self.directory.glob("*.json")):
            try:
                kept.append(KeptText.from_json(path.read_bytes()))
            except FileNotFoundError:  # handled meanwhile by another process
                continue
            except (ValueError, KeyError, TypeError) as exc:  # put aside once, not read again every time
                log.error("%s holds no kept text (%s): put aside as .bad", path, exc)
                path.replace(path.with_suffix(".bad"))
        return kept
