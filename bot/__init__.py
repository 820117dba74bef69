"""Messaging channels: a channel-neutral chat dialogue with thin adapters (Telegram, console, SMS)."""
