"""What each `heatline` command does, once settings are read."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
from pathlib import Path
from typing import Any

from aiohttp import web

from heatline import filters, health, views
from heatline.cli import CommandError
from heatline.config import load_company
from heatline.problems import database_errors, listen_errors
from heatline.runtime import Runtime
from heatline.settings import DEFAULT_DATABASE_URL, Settings
from intents.company import Company
from storage import Store, migrate, tickets

log = logging.getLogger("heatline")


def db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Apply every migration to HEATLINE_DATABASE_URL, saying whether the tables were created, upgraded or current."""
    url = settings.database_url
    with database_errors(url):
        before = migrate.current(url)
        migrate.upgrade(url)
    print(_upgraded(before, migrate.head_revision(), views.redact_url(url)))
    return 0


def _upgraded(before: str | None, head: str, where: str) -> str:
    if before is None:
        return f"created the tables in a new database (revision {head}); database is up to date: {where}"
    if before == head:
        return f"database is up to date: {where} (revision {head}, nothing to apply)"
    return f"upgraded from revision {before} to {head}; database is up to date: {where}"


def _ensure_ready(settings: Settings) -> None:
    """What a process that serves residents needs before it starts: a migrated database and, when configured, Redis."""
    _ensure_migrated(settings)
    if settings.redis_url and not asyncio.run(health.redis_answers(settings.redis_url)):
        raise CommandError(
            f"cannot reach Redis at {views.redact_url(settings.redis_url)} (HEATLINE_REDIS_URL): "
            "start it, or unset the variable to keep conversations in the database"
        )


def _ensure_migrated(settings: Settings) -> None:
    """Migrate the embedded default store; refuse to run on any other unmigrated database."""
    url = settings.database_url
    with database_errors(url):
        if url == DEFAULT_DATABASE_URL:
            migrate.upgrade(url)
            return
        at = migrate.current(url)
    if at != migrate.head_revision():
        where = "has no tables yet" if at is None else f"is at revision {at}, not {migrate.head_revision()}"
        raise CommandError(
            f"the database {views.redact_url(url)} is not migrated ({where}): run `heatline db upgrade` first"
        )


def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the web application until interrupted."""
    from heatline.app import build_app

    company = load_company(settings.config)  # fail fast, before the database is touched
    _ensure_ready(settings)
    app = build_app(settings, company=company, background=not args.no_worker)

    def started(banner: str) -> None:  # aiohttp's banner, once the port is bound: "Running on http://h:p"
        found = re.search(r"Running on (\S+)", banner)
        where = found.group(1) if found else f"http://{args.host}:{args.port}"
        log.info(
            "heatline serve: %s",
            views.start_line(settings, company, listening=where, worker=not args.no_worker),
        )

    with database_errors(settings.database_url), listen_errors(args.host, args.port):
        web.run_app(app, host=args.host, port=args.port, print=started)
    return 0


def poll(args: argparse.Namespace, settings: Settings) -> int:
    """Telegram long polling, with the worker and the clock."""
    if not settings.telegram_enabled:
        raise CommandError("set HEATLINE_TELEGRAM_TOKEN (and HEATLINE_TELEGRAM_SECRET) to poll Telegram")
    _ensure_ready(settings)
    asyncio.run(_poll(settings))
    return 0


async def _poll(settings: Settings) -> None:
    runtime = Runtime.build(settings, load_company(settings.config))
    try:
        await runtime.prepare()
        runtime.start_background()
        log.info(
            "heatline poll: %s", views.start_line(settings, runtime.company, listening=None, worker=True)
        )
        assert runtime.telegram is not None
        await runtime.telegram.start_polling()
    finally:
        await runtime.close()


def worker(args: argparse.Namespace, settings: Settings) -> int:
    """Outbox delivery and the 30-minute clock, without the web application."""
    _ensure_ready(settings)
    asyncio.run(_work(settings))
    return 0


async def _work(settings: Settings) -> None:
    runtime = Runtime.build(settings, load_company(settings.config))
    try:
        await runtime.prepare()
        runtime.start_background()
        log.info(
            "heatline worker: %s", views.start_line(settings, runtime.company, listening=None, worker=True)
        )
        await asyncio.Event().wait()  # until interrupted
    finally:
        await runtime.close()


def chat(args: argparse.Namespace, settings: Settings) -> int:
    """Talk to the bot as a resident in this terminal, against the real store."""
    _ensure_ready(settings)
    return asyncio.run(_chat(settings))


async def _chat(settings: Settings) -> int:
    from bot.console import run_console

    runtime = Runtime.build(
        settings.model_copy(update={"telegram_token": None}), load_company(settings.config)
    )
    try:
        await runtime.prepare()
        return await run_console(runtime.chat_services(), sys.stdin, sys.stdout)
    finally:
        await runtime.close()


def report(args: argparse.Namespace, settings: Settings) -> int:
    """The promised figures for a period (and branch)."""
    from heatline import report as reporting
    from storage.reports import figures

    company = load_company(settings.config)
    try:
        since, until = reporting.parse_period(args.since, args.until, company)
    except reporting.BadDate as exc:
        raise CommandError(str(exc)) from None
    branch = filters.branch(args.branch, company)
    _ensure_migrated(settings)

    async def compute() -> reporting.Figures:
        store = Store.from_url(settings.database_url)
        try:
            return await figures(
                store,
                min_room_temp_c=company.commitments.min_room_temp_c,
                since=since,
                until=until,
                branch=branch,
            )
        finally:
            await store.close()

    result = asyncio.run(compute())
    print(reporting.as_json(result) if args.json else reporting.as_text(result, company))
    return 0


def config_show(args: argparse.Namespace, settings: Settings) -> int:
    """Print the effective company config."""
    company = load_company(settings.config)
    if args.json:
        print(json.dumps(company.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(views.company_text(company, settings.config or Path("(bundled demo)")))
    return 0


def tickets_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """`tickets list` and `tickets show`."""
    company = load_company(settings.config)
    wanted = _wanted(args, company) if args.action == "list" else {}  # refused before the database is opened
    _ensure_migrated(settings)
    return asyncio.run(_tickets(args, settings, company, wanted))


def _wanted(args: argparse.Namespace, company: Company) -> dict[str, Any]:
    """`tickets list`'s filters as the store takes them; one that can match nothing raises CommandError."""
    return {
        "status": filters.status(args.status),
        "branch": filters.branch(args.branch, company),
        "phone": filters.phone(args.phone),
    }


async def _tickets(
    args: argparse.Namespace, settings: Settings, company: Company, wanted: dict[str, Any]
) -> int:
    store = Store.from_url(settings.database_url)
    try:
        if args.action == "show":
            return await _show(store, args, company)
        found = await tickets.list_tickets(store, **wanted)
        rows = [await views.ticket_dict(store, t, with_events=False) for t in found]
        print(
            json.dumps(rows, ensure_ascii=False, indent=2)
            if args.json
            else views.tickets_table(rows, company.zone)
        )
        return 0
    finally:
        await store.close()


async def _show(store: Store, args: argparse.Namespace, company: Company) -> int:
    ticket = await tickets.get(store, number=args.number.strip())
    if ticket is None:
        raise CommandError(f"no ticket number {args.number}")
    data = await views.ticket_dict(store, ticket, with_events=True)
    print(
        json.dumps(data, ensure_ascii=False, indent=2) if args.json else views.ticket_text(data, company.zone)
    )
    return 0
