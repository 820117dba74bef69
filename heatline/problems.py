"""What stops a command, said in one line: a database that cannot be reached, found or created; a port taken."""

from __future__ import annotations

import contextlib
import errno
import socket
from collections.abc import Iterator

from sqlalchemy.exc import DBAPIError

from heatline.cli import CommandError
from heatline.views import redact_url

# What binding a listening socket fails with when the address is the problem, not the program.
_LISTEN_ERRNOS = {
    errno.EADDRINUSE: "the port is already in use (is another heatline running?)",
    errno.EACCES: "permission denied (ports below 1024 need privileges)",
    errno.EADDRNOTAVAIL: "this machine has no such address",
}


def reason(exc: BaseException) -> str:
    """The cause of a database or socket failure in a few words, without driver prefixes or links."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc.orig).__name__
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the server running, on that host and port?)"
    if isinstance(exc, TimeoutError):
        return "no answer in time (is the host reachable?)"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


@contextlib.contextmanager
def database_errors(url: str) -> Iterator[None]:
    """A database that cannot be reached, found or created becomes one CommandError line naming it."""
    try:
        yield
    except (OSError, DBAPIError) as exc:
        raise CommandError(f"cannot use the database {redact_url(url)}: {reason(exc)}") from None


@contextlib.contextmanager
def listen_errors(host: str, port: int) -> Iterator[None]:
    """An address the web application cannot listen on becomes one CommandError line naming it."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, socket.gaierror):
            why = f"no such host ({exc.strerror})"
        elif exc.errno in _LISTEN_ERRNOS:
            why = _LISTEN_ERRNOS[exc.errno]
        else:  # not the address: a database failing at start-up, say
            raise
        raise CommandError(f"cannot listen on {host}:{port}: {why}") from None
