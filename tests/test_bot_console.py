"""The terminal chat: a whole conversation piped through run_console."""

from __future__ import annotations

import io
import re

from fake_telegram import chat_store_fixture, clock_fixture, services_fixture  # noqa: F401 (fixtures)

from bot.console import run_console
from bot.services import ChatServices
from storage import tickets


async def test_a_piped_conversation_opens_a_ticket_and_ends_cleanly_at_eof(services: ChatServices) -> None:
    stdin = io.StringIO("/start\n暖气不热，屋里才14度\n红旗小区3栋2单元501\n1\n我的报修\n")
    stdout = io.StringIO()
    assert await run_console(services, stdin, stdout) == 0
    out = stdout.getvalue()
    assert "1. 报修" in out and "2. 我的报修" in out  # options are numbered lines
    [ticket] = await tickets.list_tickets(services.store)
    assert ticket.temperature_c == 14 and ticket.room == "501"
    assert out.count(ticket.number) >= 2  # the confirmation, then the status listing
    assert re.search(r"工单 \d+｜暖气不热｜已登记", out)
    assert out.endswith("> \n")


async def test_an_empty_input_ends_at_once(services: ChatServices) -> None:
    stdout = io.StringIO()
    assert await run_console(services, io.StringIO(""), stdout) == 0
    assert stdout.getvalue() == "> \n"
