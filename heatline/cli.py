"""The `heatline` command line. Heavy imports happen inside each command, so `classify` starts fast."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from heatline.config import ConfigError
from heatline.settings import Settings, SettingsError, load_settings


class CommandError(Exception):
    """A command cannot go on: printed as one line, exit status 1."""


class _Parser(argparse.ArgumentParser):
    """argparse, with a mistake on the command line told in one line (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def _port(value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (0 to 65535)")
    return int(value)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="heatline", description="Hotline assistant for district heating.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _serve_parser(sub)
    sub.add_parser("poll", help="Telegram long polling instead of a webhook (and the worker)")
    sub.add_parser("worker", help="outbox delivery and the 30-minute watcher only")
    sub.add_parser("chat", help="talk to the bot as a resident in this terminal")
    classify = sub.add_parser(
        "classify",
        help="classify one message per stdin line, print JSON lines",
        description='One message per stdin line, plain text or a {"text": ...} object; one JSON result per line.',
    )
    classify.add_argument(
        "--jsonl", action="store_true", help='every line is a {"text": ...} object; any other is an error'
    )
    _tickets_parser(sub)
    config = sub.add_parser("config", help="the company config").add_subparsers(dest="action", required=True)
    config.add_parser("show", help="the effective company config").add_argument(
        "--json", action="store_true", help="print JSON instead of text"
    )
    db = sub.add_parser("db", help="database").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="apply migrations")
    _report_parser(sub)
    return parser


def _serve_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    serve = sub.add_parser("serve", help="run the web application (and the outbox worker)")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0: all)")
    serve.add_argument("--port", type=_port, default=8080, help="TCP port to listen on (default 8080)")
    serve.add_argument(
        "--no-worker", action="store_true", help="do not run the outbox worker in this process"
    )


def _tickets_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    tickets = sub.add_parser("tickets", help="read the ticket store").add_subparsers(
        dest="action", required=True
    )
    listing = tickets.add_parser("list", help="list tickets, newest first")
    listing.add_argument("--status", help="only this status, e.g. new or on_site (any case)")
    listing.add_argument("--branch", help="only this branch's, by its code (see `heatline config show`)")
    listing.add_argument(
        "--phone", help="only this resident's, their phone in any common form: +8613900007777, 13900007777"
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    show = tickets.add_parser("show", help="one ticket with its events")
    show.add_argument("number", help="the ticket number")
    show.add_argument("--json", action="store_true", help="print JSON instead of text")


def _report_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    report = sub.add_parser(
        "report",
        help="the figures the company promised",
        description="The promised figures for the tickets opened in a period (all of them by default).",
    )
    report.add_argument(
        "--since",
        metavar="D",
        help="first day counted, YYYY-MM-DD (or a timestamp), in the company's time zone",
    )
    report.add_argument(
        "--until",
        metavar="D",
        help="last day counted, YYYY-MM-DD, whole (a timestamp YYYY-MM-DDTHH:MM is the first moment not counted)",
    )
    report.add_argument("--branch", help="only this branch, by its code (see `heatline config show`)")
    report.add_argument("--json", action="store_true", help="print JSON instead of text")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `heatline` console script."""
    args = _parser().parse_args(argv)
    long_running = args.command in ("serve", "poll", "worker")
    logging.basicConfig(
        level=logging.INFO if long_running else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for chatty in ("alembic", "twilio"):  # twilio's client logs each request in ~11 INFO lines
        logging.getLogger(chatty).setLevel(logging.WARNING)
    if args.command == "classify":
        from heatline.classify_cmd import run

        return run(sys.stdin, sys.stdout, jsonl=args.jsonl, stderr=sys.stderr)
    try:
        settings = load_settings()
        return _dispatch(args, settings)
    except (SettingsError, ConfigError, CommandError) as exc:
        print(f"heatline: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, SettingsError | ConfigError) else 1
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from heatline import commands

    table: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "serve": commands.serve,
        "poll": commands.poll,
        "worker": commands.worker,
        "chat": commands.chat,
        "tickets": commands.tickets_cmd,
        "config": commands.config_show,
        "db": commands.db_upgrade,
        "report": commands.report,
    }
    return table[args.command](args, settings)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
