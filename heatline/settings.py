"""Settings from `HEATLINE_*` environment variables, read once at start."""

from __future__ import annotations

import difflib
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./var/heatline.db"
log = logging.getLogger("heatline.settings")
_DB_SCHEMES = ("sqlite+aiosqlite://", "postgresql+asyncpg://")


class SettingsError(Exception):
    """A bad setting: the message is one line naming the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HEATLINE_", extra="ignore", frozen=True)

    database_url: str = DEFAULT_DATABASE_URL
    config: Path | None = None
    redis_url: str | None = None
    telegram_token: SecretStr | None = None
    telegram_api_base: str | None = None
    telegram_secret: SecretStr | None = None
    staff_chat_id: int | None = None
    staff_user_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_api_base: str | None = None
    public_url: str | None = None
    spool_dir: Path = Path(
        "var/spool"
    )  # texts kept while the database cannot be reached (unless Redis keeps them)

    @field_validator("staff_user_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(p.lstrip("-").isdigit() for p in parts):
                raise ValueError("must be comma-separated Telegram user ids, e.g. 1111,2222")
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("database_url")
    @classmethod
    def _db(cls, value: str) -> str:
        if not value.startswith(_DB_SCHEMES):
            raise ValueError(f"must start with one of {', '.join(_DB_SCHEMES)}")
        return value

    @field_validator("telegram_api_base", "twilio_api_base", "public_url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/") if value else value

    @field_validator("redis_url")
    @classmethod
    def _redis(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must be a redis:// URL")
        return value or None

    @model_validator(mode="after")
    def _pairs(self) -> Settings:
        if self.telegram_token and not self.telegram_secret:
            raise ValueError("HEATLINE_TELEGRAM_SECRET is required when HEATLINE_TELEGRAM_TOKEN is set")
        if bool(self.twilio_account_sid) != bool(self.twilio_auth_token):
            raise ValueError(
                "HEATLINE_TWILIO_ACCOUNT_SID and HEATLINE_TWILIO_AUTH_TOKEN must be set together"
            )
        return self

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_token is not None

    @property
    def twilio_enabled(self) -> bool:
        return self.twilio_auth_token is not None


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """One warning per HEATLINE_ variable that names no setting (a misspelt one would be ignored without a word);
    HEATLINE_TEST_* belong to the test suite."""
    known = {f"HEATLINE_{name.upper()}" for name in Settings.model_fields}
    warnings = []
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith("HEATLINE_") or upper in known or upper.startswith("HEATLINE_TEST_"):
            continue
        close = difflib.get_close_matches(upper, sorted(known), n=1, cutoff=0.8)
        hint = f"; did you mean {close[0]}?" if close else ""
        warnings.append(f"{name} is not a Heatline setting and is ignored{hint}")
    return warnings


def load_settings() -> Settings:
    """Read the environment once, warning of HEATLINE_ variables that name no setting; a bad value raises
    SettingsError with one clear line."""
    for warning in unknown_variables(os.environ):
        log.warning(warning)
    try:
        return Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        name = f"HEATLINE_{where.upper()}" if where else "settings"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
