"""The terminal simulator behind `heatline chat`: type as a resident, read the bot's replies."""

from __future__ import annotations

import asyncio
from typing import TextIO

from bot.dialogue import Dialogue
from bot.replies import Identity, Text, render_plain
from bot.services import ChatServices
from storage.values import Channel

PROMPT = "> "


async def run_console(
    services: ChatServices, stdin: TextIO, stdout: TextIO, *, ident: str = "+10000000000"
) -> int:
    """Read lines until EOF, print the replies with numbered options; returns the exit status."""
    dialogue = Dialogue(services)
    identity = Identity(Channel.CONSOLE, ident)
    try:
        return await _converse(dialogue, identity, stdin, stdout)
    finally:
        await dialogue.close()


async def _converse(dialogue: Dialogue, identity: Identity, stdin: TextIO, stdout: TextIO) -> int:
    loop = asyncio.get_running_loop()
    while True:
        stdout.write(PROMPT)
        stdout.flush()
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            stdout.write("\n")
            return 0
        replies = await dialogue.handle(identity, Text(line.rstrip("\n")))
        if replies:
            stdout.write(render_plain(replies) + "\n")
