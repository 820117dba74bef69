"""A token bucket per chat, kept in the conversation state so every process shares it."""

from __future__ import annotations

import datetime as dt

from bot.state import Conversation


def admit(conv: Conversation, now: dt.datetime, *, burst: int, per_second: float) -> bool:
    """Take one token if there is one; False means the chat is sending too fast."""
    tokens = float(burst) if conv.tokens is None else conv.tokens
    if conv.tokens_at:
        elapsed = max(0.0, (now - dt.datetime.fromisoformat(conv.tokens_at)).total_seconds())
        tokens = min(float(burst), tokens + elapsed * per_second)
    conv.tokens_at = now.isoformat()
    if tokens >= 1.0:
        conv.tokens = tokens - 1.0
        return True
    conv.tokens = tokens
    return False
