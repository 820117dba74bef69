"""Load and validate the company config (TOML); errors name the bad key."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from intents.company import Company


class ConfigError(Exception):
    """The company config cannot be used: the message names the file and the bad key."""


def demo_path() -> Path:
    """The bundled demo company, found from the installed package."""
    return Path(str(resources.files("heatline") / "demo_company.toml"))


def load_company(path: Path | None = None) -> Company:
    """Read a company config file, or the bundled demo company when `path` is None."""
    path = path or demo_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    try:
        return Company.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{path}: {key}: {message}" if key else f"{path}: {message}") from None
