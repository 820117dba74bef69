"""Settings: defaults, parsing, and one clear line for every bad value."""

from __future__ import annotations

import pytest

from heatline.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("HEATLINE_"):
            monkeypatch.delenv(name)


def test_defaults_need_no_environment() -> None:
    settings = load_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.config is None
    assert not settings.telegram_enabled
    assert not settings.twilio_enabled
    assert settings.staff_user_ids == frozenset()


def test_values_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEATLINE_STAFF_USER_IDS", "111, 222,333")
    monkeypatch.setenv("HEATLINE_STAFF_CHAT_ID", "-100123")
    monkeypatch.setenv("HEATLINE_TELEGRAM_TOKEN", "123:abc")
    monkeypatch.setenv("HEATLINE_TELEGRAM_SECRET", "s3cret")
    monkeypatch.setenv("HEATLINE_PUBLIC_URL", "https://heat.example.org/")
    settings = load_settings()
    assert settings.staff_user_ids == frozenset({111, 222, 333})
    assert settings.staff_chat_id == -100123
    assert settings.public_url == "https://heat.example.org"
    assert settings.telegram_enabled


def test_secrets_are_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEATLINE_TELEGRAM_TOKEN", "123:very-secret-token")
    monkeypatch.setenv("HEATLINE_TELEGRAM_SECRET", "hook-secret")
    monkeypatch.setenv("HEATLINE_TWILIO_ACCOUNT_SID", "AC123")
    monkeypatch.setenv("HEATLINE_TWILIO_AUTH_TOKEN", "twilio-secret")
    shown = repr(load_settings()) + str(load_settings())
    for secret in ("very-secret-token", "hook-secret", "twilio-secret"):
        assert secret not in shown


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("HEATLINE_DATABASE_URL", "mysql://x", "HEATLINE_DATABASE_URL: must start with"),
        ("HEATLINE_STAFF_USER_IDS", "alice,bob", "HEATLINE_STAFF_USER_IDS: must be comma-separated"),
        ("HEATLINE_STAFF_CHAT_ID", "general", "HEATLINE_STAFF_CHAT_ID"),
        ("HEATLINE_TELEGRAM_API_BASE", "ftp://x", "HEATLINE_TELEGRAM_API_BASE: must be an http"),
        ("HEATLINE_REDIS_URL", "localhost:6379", "HEATLINE_REDIS_URL: must be a redis:// URL"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_a_token_without_its_secret_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEATLINE_TELEGRAM_TOKEN", "123:abc")
    with pytest.raises(SettingsError, match="HEATLINE_TELEGRAM_SECRET is required"):
        load_settings()
