"""A database made unreachable and then back, as a network outage does it: the app reaches PostgreSQL through a local
TCP link that the test cuts (every connection dropped, new ones refused) and mends."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from sqlalchemy.engine import make_url


class DatabaseLink:
    """`url` is the database's own; `linked` the same database through the link."""

    def __init__(self, url: str) -> None:
        self.target = make_url(url)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._streams: set[asyncio.StreamWriter] = set()

    @property
    def linked(self) -> str:
        return self.target.set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    async def mend(self) -> None:
        """Accept connections (again, on the same port)."""
        self._server = await asyncio.start_server(self._carry, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Drop every connection and refuse new ones."""
        self.close()
        self._streams.clear()
        await asyncio.sleep(0.05)  # let both ends see the connections go

    def close(self) -> None:
        """Stop listening and drop every connection."""
        if self._server is not None:
            self._server.close()
        for stream in list(self._streams):
            stream.close()

    async def _carry(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(
                self.target.host or "127.0.0.1", self.target.port or 5432
            )
        except OSError:
            writer.close()
            return
        self._streams.update((writer, up_writer))
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer), return_exceptions=True)
        self._streams.difference_update((writer, up_writer))


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        with contextlib.suppress(Exception):
            writer.close()


@contextlib.asynccontextmanager
async def database_link(url: str) -> AsyncIterator[DatabaseLink]:
    """A link to the database at `url`, open until the block ends."""
    link = DatabaseLink(url)
    await link.mend()
    try:
        yield link
    finally:
        link.close()
        await asyncio.sleep(0.05)  # the connections carried end before the loop does
