"""The `heatline` command line, run as a real process against a real SQLite store."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest
from storage_helpers import merged_and_withdrawn, open_for_new_contact

from heatline.config import load_company
from intents.types import Address
from storage import Store, contacts, tickets
from storage import company as company_store
from storage.values import Channel, Priority, TicketKind

T = TypeVar("T")
HEATLINE = str(Path(sys.executable).with_name("heatline"))


def run(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HEATLINE, *args], env=env, input=stdin, capture_output=True, text=True, timeout=60, cwd="/"
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HEATLINE_")}
    clean["HEATLINE_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/cli.db"
    return clean


def seeded(url: str, fill: Callable[[Store], Awaitable[T]]) -> T:
    """What `fill` returns, having written to the database at `url` (migrated), the bundled company synced first."""

    async def seed() -> T:
        store = Store.from_url(url)
        try:
            await company_store.sync(store, load_company())
            return await fill(store)
        finally:
            await store.close()

    return asyncio.run(seed())


def seed_ticket(url: str) -> str:
    async def fill(store: Store) -> str:
        ticket, _ = await open_for_new_contact(
            store,
            phone="+8613900001111",
            kind=TicketKind.LEAK,
            priority=Priority.EMERGENCY,
            branch="chaoyang",
            address=Address("红旗小区3栋2单元501", "3", "2", "501"),
            description="暖气管漏水",
            temperature_c=16.5,
        )
        await tickets.dispatch(store, number=ticket.number, crew="C03", actor="staff:7")
        return ticket.number

    return seeded(url, fill)


def test_db_upgrade_then_tickets_show_and_list(env: dict[str, str]) -> None:
    upgraded = run("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    number = seed_ticket(env["HEATLINE_DATABASE_URL"])

    shown = run("tickets", "show", number, "--json", env=env)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["number"] == number and data["kind"] == "leak" and data["priority"] == "emergency"
    assert data["status"] == "dispatched" and data["crew"] == "C03" and data["branch"] == "chaoyang"
    assert (data["address"], data["building"], data["unit"], data["room"]) == (
        "红旗小区3栋2单元501",
        "3",
        "2",
        "501",
    )
    assert data["temperature_c"] == 16.5 and data["description"] == "暖气管漏水"
    assert data["contact"] == {"channel": "voice", "telegram_chat_id": None, "phone": "+8613900001111"}
    assert data["name"] is None  # a caller shows no name
    assert data["created_at"] and data["due_at"]
    assert [e["kind"] for e in data["events"]][:1] == ["opened"]

    listed = json.loads(run("tickets", "list", "--json", "--phone", "+8613900001111", env=env).stdout)
    assert [t["number"] for t in listed] == [number]
    assert "events" not in listed[0]
    assert json.loads(run("tickets", "list", "--json", "--status", "new", env=env).stdout) == []
    table = run("tickets", "list", env=env)
    assert number in table.stdout and "leak" in table.stdout


def test_tickets_show_and_list_name_a_telegram_resident_as_they_show_themselves_there(
    env: dict[str, str],
) -> None:
    assert run("db", "upgrade", env=env).returncode == 0

    async def fill(store: Store) -> str:
        await contacts.get_or_create(
            store, channel=Channel.TELEGRAM, telegram_chat_id=8801, telegram_name="Li <Wang> @liwang"
        )
        ticket, _ = await open_for_new_contact(store, chat=8801, branch="chaoyang")
        return ticket.number

    number = seeded(env["HEATLINE_DATABASE_URL"], fill)
    data = json.loads(run("tickets", "show", number, "--json", env=env).stdout)
    assert data["name"] == "Li <Wang> @liwang"
    assert data["contact"] == {"channel": "telegram", "telegram_chat_id": 8801, "phone": None}
    [listed] = json.loads(run("tickets", "list", "--json", env=env).stdout)
    assert listed["name"] == "Li <Wang> @liwang"
    assert "\nname: Li <Wang> @liwang\n" in run("tickets", "show", number, env=env).stdout


def test_unknown_ticket_and_bad_status_are_one_line(env: dict[str, str]) -> None:
    assert run("db", "upgrade", env=env).returncode == 0
    missing = run("tickets", "show", "9999999", env=env)
    assert missing.returncode != 0
    assert missing.stderr.strip().splitlines() == ["heatline: no ticket number 9999999"]
    bad = run("tickets", "list", "--status", "lost", env=env)
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1


def test_config_show(env: dict[str, str]) -> None:
    shown = run("config", "show", "--json", env=env)
    data = json.loads(shown.stdout)
    assert len(data["hotlines"]) == 19 and len(data["crews"]) == 10
    assert data["commitments"]["on_site_minutes"] == 30
    text = run("config", "show", env=env).stdout
    assert "+8643188880001" in text and "30 min" in text


def test_the_twilio_clients_request_lines_stay_out_of_a_long_running_commands_log(
    env: dict[str, str],
) -> None:
    script = (
        "import logging, sys; from heatline.cli import main; main(['config', 'show']);"
        "logging.getLogger().setLevel(logging.INFO);"  # as for serve, poll and worker
        "logging.getLogger('twilio.http_client').info('-- BEGIN Twilio API Request --');"
        "logging.getLogger('twilio.http_client').warning('twilio trouble')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, cwd="/"
    )
    assert "twilio trouble" in done.stderr and "BEGIN Twilio API Request" not in done.stderr


@pytest.mark.parametrize(
    ("name", "value", "starts"),
    [
        ("HEATLINE_DATABASE_URL", "mysql://nope", "heatline: HEATLINE_DATABASE_URL:"),
        ("HEATLINE_CONFIG", "/nonexistent/company.toml", "heatline: /nonexistent/company.toml: no such file"),
    ],
)
def test_bad_settings_stop_with_one_line(env: dict[str, str], name: str, value: str, starts: str) -> None:
    env[name] = value
    result = run("config", "show", env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(starts), result.stderr


def test_serve_refuses_an_unmigrated_database(env: dict[str, str], tmp_path: Path) -> None:
    env["HEATLINE_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/other.db"
    result = run("serve", "--port", "0", env=env)
    assert result.returncode == 1
    assert "run `heatline db upgrade` first" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_report_text_and_json(env: dict[str, str]) -> None:
    run("db", "upgrade", env=env)
    number = seed_ticket(env["HEATLINE_DATABASE_URL"])
    assert number
    data = json.loads(run("report", "--json", env=env).stdout)
    assert data["tickets"] == 1 and data["by_kind"] == {"leak": 1}
    assert data["temperature_pass_rate_pct"] == 0.0
    text = run("report", "--since", "2020-01-01", "--branch", "chaoyang", env=env).stdout
    assert "tickets                 1" in text and "BELOW TARGET" in text
    bad = run("report", "--since", "yesterday", env=env)
    assert bad.returncode == 1 and "not a date" in bad.stderr


def test_report_counts_a_report_merged_into_its_flats_ticket_as_merged_not_as_a_cancellation(
    env: dict[str, str],
) -> None:
    import datetime as dt

    assert run("db", "upgrade", env=env).returncode == 0

    start = dt.datetime(2026, 11, 29, 1, 0, tzinfo=dt.UTC)
    seeded(env["HEATLINE_DATABASE_URL"], lambda store: merged_and_withdrawn(store, load_company(), start))
    text = run("report", "--since", "2026-11-29", "--until", "2026-11-29", env=env).stdout
    lines = text.splitlines()
    assert lines[1].startswith("tickets                 3  (")
    assert lines[2:4] == [
        "  cancelled             1 of these: withdrawn by the resident, no promise, room or rating counted",
        "  merged                1 of these: a second report of a flat, joined to the flat's other ticket and "
        "counted there (not cancellations)",
    ]
    data = json.loads(
        run("report", "--since", "2026-11-29", "--until", "2026-11-29", "--json", env=env).stdout
    )
    assert (data["tickets"], data["cancelled"], data["merged"]) == (3, 1, 1)


def test_chat_in_the_terminal_reports_a_leak_and_finds_it_again(env: dict[str, str]) -> None:
    assert run("db", "upgrade", env=env).returncode == 0
    conversation = "暖气片漏水了，水一直往下滴\n东岭小区3栋2单元501\n我的报修\n"
    chatted = run("chat", env=env, stdin=conversation)
    assert chatted.returncode == 0, chatted.stderr
    numbers = set(re.findall(r"\b\d{7}\b", chatted.stdout))
    assert len(numbers) == 1, chatted.stdout  # one ticket, named in the report and in "my repairs"
    [number] = numbers
    assert chatted.stdout.count(number) >= 2 and "阀门" in chatted.stdout
    shown = json.loads(run("tickets", "show", number, "--json", env=env).stdout)
    assert shown["kind"] == "leak" and shown["room"] == "501" and shown["contact"]["channel"] == "console"


def test_db_upgrade_says_whether_it_created_upgraded_or_found_the_tables_current(env: dict[str, str]) -> None:
    created = run("db", "upgrade", env=env)
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("created the tables in a new database (revision ")
    again = run("db", "upgrade", env=env)
    assert again.stdout.startswith("database is up to date: ") and "nothing to apply" in again.stdout


def _missing_postgres_database() -> str:
    from sqlalchemy.engine import make_url

    server = os.environ.get("HEATLINE_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("HEATLINE_TEST_POSTGRES_URL is not set")
    return make_url(server).set(database="heatline_no_such_db").render_as_string(hide_password=False)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql+asyncpg://postgres@127.0.0.1:1/heatline", "connection refused"),
        ("missing", 'database "heatline_no_such_db" does not exist'),
        ("sqlite+aiosqlite:////proc/nope/heatline.db", "/proc/nope: No such file or directory"),
    ],
)
@pytest.mark.parametrize("command", [("db", "upgrade"), ("tickets", "list"), ("report",), ("worker",)])
def test_a_database_that_cannot_be_reached_found_or_created_is_one_line(
    env: dict[str, str], url: str, says: str, command: tuple[str, ...]
) -> None:
    env["HEATLINE_DATABASE_URL"] = _missing_postgres_database() if url == "missing" else url
    result = run(*command, env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("heatline: cannot use the database "), result.stderr
    assert says in lines[0]


def test_serve_on_a_port_taken_or_out_of_range_is_one_line(env: dict[str, str]) -> None:
    import socket

    assert run("db", "upgrade", env=env).returncode == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        busy = run("serve", "--host", "127.0.0.1", "--port", port, env=env)
    assert busy.returncode == 1
    assert busy.stderr.strip().splitlines() == [
        f"heatline: cannot listen on 127.0.0.1:{port}: the port is already in use (is another heatline running?)"
    ]
    for bad in ("99999", "http"):
        wrong = run("serve", "--port", bad, env=env)
        assert wrong.returncode == 2
        assert wrong.stderr.strip().splitlines() == [
            f"heatline serve: argument --port: '{bad}' is not a port number (0 to 65535) (see `heatline serve --help`)"
        ]


@pytest.mark.parametrize("command", ["serve", "worker", "chat"])
def test_a_redis_that_does_not_answer_stops_start_up_with_one_line(env: dict[str, str], command: str) -> None:
    assert run("db", "upgrade", env=env).returncode == 0
    env["HEATLINE_REDIS_URL"] = "redis://:secret@127.0.0.1:1/0"
    result = run(command, env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "heatline: cannot reach Redis at redis://:***@127.0.0.1:1/0 (HEATLINE_REDIS_URL): start it, or unset the "
        "variable to keep conversations in the database"
    ]


def _log_until(process: subprocess.Popen[str], text: str, *, seconds: float) -> list[str]:
    """The lines `process` logs until one holds `text` or `seconds` pass; the process is stopped after."""
    import queue
    import threading

    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr or ()], daemon=True).start()
    seen: list[str] = []
    try:
        while not any(text in line for line in seen):
            seen.append(lines.get(timeout=seconds))
    except queue.Empty:
        pass
    finally:
        process.terminate()
        process.wait(timeout=30)
    return seen


def test_serve_says_at_start_where_it_listens_and_what_it_runs_and_warns_of_misspelt_variables(
    env: dict[str, str],
) -> None:
    assert run("db", "upgrade", env=env).returncode == 0
    env["HEATLINE_TELEGRAM_TOKN"] = "123:abc"  # misspelt: Telegram stays off, and the log says why
    serving = subprocess.Popen(
        [HEATLINE, "serve", "--host", "127.0.0.1", "--port", "0", "--no-worker"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        cwd="/",
    )
    lines = _log_until(serving, "listening on", seconds=30)
    log = "".join(lines)
    assert (
        "HEATLINE_TELEGRAM_TOKN is not a Heatline setting and is ignored; did you mean HEATLINE_TELEGRAM_TOKEN?"
        in log
    )
    [started] = [line for line in lines if "listening on" in line]
    assert re.search(r"heatline serve: listening on http://127\.0\.0\.1:[1-9]\d*; ", started), started
    for said in (
        f"database {env['HEATLINE_DATABASE_URL']}",
        "conversations in the database",
        "Telegram off (HEATLINE_TELEGRAM_TOKEN unset)",
        "Twilio voice and SMS off",
        "outbox worker off (run `heatline worker` beside it)",
    ):
        assert said in started, started


def test_a_misspelt_variable_is_warned_of_by_every_command(env: dict[str, str]) -> None:
    env["HEATLINE_DATABSE_URL"] = "sqlite+aiosqlite:////tmp/elsewhere.db"
    shown = run("config", "show", env=env)
    assert shown.returncode == 0
    assert shown.stderr.strip().endswith(
        "HEATLINE_DATABSE_URL is not a Heatline setting and is ignored; did you mean HEATLINE_DATABASE_URL?"
    )


def test_report_counts_the_days_it_names_whole_and_refuses_a_period_that_ends_before_it_starts(
    env: dict[str, str],
) -> None:
    import datetime as dt

    assert run("db", "upgrade", env=env).returncode == 0

    async def fill(store: Store) -> None:
        # 08:30 and 23:30 on 29 November in Changchun; 00:30 on the 30th
        for chat, utc in (
            (7001, "2026-11-29T00:30"),
            (7002, "2026-11-29T15:30"),
            (7003, "2026-11-29T16:30"),
        ):
            await open_for_new_contact(
                store,
                chat=chat,
                branch="chaoyang",
                now=dt.datetime.fromisoformat(utc).replace(tzinfo=dt.UTC),
            )

    seeded(env["HEATLINE_DATABASE_URL"], fill)
    day = run("report", "--since", "2026-11-29", "--until", "2026-11-29", env=env)
    assert day.returncode == 0, day.stderr
    first = day.stdout.splitlines()[0]
    assert first.endswith("figures for tickets opened from 2026-11-29 through 2026-11-29 (Asia/Shanghai)")
    assert "tickets                 2 " in day.stdout
    as_json = json.loads(
        run("report", "--since", "2026-11-29", "--until", "2026-11-29", "--json", env=env).stdout
    )
    assert as_json["tickets"] == 2 and as_json["until"] == "2026-11-30T00:00:00+08:00"
    hours = run("report", "--since", "2026-11-29T08:00", "--until", "2026-11-29T09:00", env=env)
    assert (
        "from 2026-11-29 08:00 up to 2026-11-29 09:00, not included (Asia/Shanghai)" in hours.stdout
        and "tickets                 1 " in hours.stdout
    )
    backwards = run("report", "--since", "2026-11-30", "--until", "2026-11-29", env=env)
    assert backwards.returncode == 1
    assert backwards.stderr.strip().splitlines() == [
        "heatline: --since 2026-11-30 is after --until 2026-11-29: the period has no time in it"
    ]
    helped = run("report", "--help", env=env).stdout
    assert "--since D" in helped and "first day counted" in helped and "last day counted" in helped


@pytest.mark.parametrize(
    "phone", ["+8613900001111", "+86 139 0000 1111", "13900001111", "139-0000-1111", "008613900001111"]
)
def test_tickets_list_finds_a_resident_by_their_phone_in_any_common_form(
    env: dict[str, str], phone: str
) -> None:
    assert run("db", "upgrade", env=env).returncode == 0
    number = seed_ticket(env["HEATLINE_DATABASE_URL"])
    listed = run("tickets", "list", "--phone", phone, "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert [t["number"] for t in json.loads(listed.stdout)] == [number]


def test_tickets_list_takes_a_status_in_any_case_and_refuses_what_can_match_nothing(
    env: dict[str, str],
) -> None:
    assert run("db", "upgrade", env=env).returncode == 0
    number = seed_ticket(env["HEATLINE_DATABASE_URL"])  # dispatched, in chaoyang
    for status in ("Dispatched", "DISPATCHED", " dispatched"):
        listed = run("tickets", "list", "--status", status, "--branch", "Chaoyang", "--json", env=env)
        assert [t["number"] for t in json.loads(listed.stdout)] == [number], listed.stderr
    assert json.loads(run("tickets", "list", "--status", "On site", "--json", env=env).stdout) == []
    for option, value, says in (
        ("--branch", "nowhere", "heatline: unknown branch 'nowhere'; one of: nanguan, chaoyang, "),
        ("--phone", "call me", "heatline: 'call me' is not a phone number; write it like +8613900007777"),
        ("--status", "lost", "heatline: unknown status 'lost'; one of: new, acknowledged, "),
    ):
        refused = run("tickets", "list", option, value, env=env)
        assert refused.returncode == 1 and refused.stdout == ""
        [line] = refused.stderr.strip().splitlines()
        assert line.startswith(says), line


def test_tickets_show_says_what_each_change_was_in_the_companys_local_time(env: dict[str, str]) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    assert run("db", "upgrade", env=env).returncode == 0
    number = seed_ticket(env["HEATLINE_DATABASE_URL"])  # dispatched to C03 by staff:7
    data = json.loads(run("tickets", "show", number, "--json", env=env).stdout)
    [moved] = [e for e in data["events"] if e["kind"] == "status"]
    assert (moved["from_status"], moved["to_status"], moved["data"]) == ("new", "dispatched", {"crew": "C03"})
    local = dt.datetime.fromisoformat(moved["created_at"]).astimezone(ZoneInfo("Asia/Shanghai"))
    text = run("tickets", "show", number, env=env).stdout
    assert (
        f"  {local.isoformat(sep=' ', timespec='seconds')} status       staff:7      new -> dispatched "
        in text
    )
    assert '{"crew": "C03"}' in text and "{}" not in text
    created = dt.datetime.fromisoformat(data["created_at"]).astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"created_at: {created.isoformat(sep=' ', timespec='seconds')}" in text
    table = run("tickets", "list", env=env).stdout
    assert "created (Asia/Shanghai)" in table and created.strftime("%Y-%m-%d %H:%M") in table


def test_classify_jsonl_with_a_line_that_is_no_text_object_exits_1_with_one_line(env: dict[str, str]) -> None:
    result = run("classify", "--jsonl", env=env, stdin='{"text": "暖气不热"}\n暖气不热\n')
    assert result.returncode == 1
    assert [json.loads(line).get("error") for line in result.stdout.splitlines()] == [
        None,
        "not JSON (Expecting value at column 1)",
    ]
    assert len(result.stderr.strip().splitlines()) == 1 and "(line 2)" in result.stderr
