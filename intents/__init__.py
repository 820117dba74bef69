"""Understanding residents: normalisation, intent classification, entities, standards, intake policy.

Pure Python: no I/O beyond reading this package's own data files, no database, no network.
"""

import importlib
from typing import TYPE_CHECKING, Any

from intents.normalize import (
    detect_lang,
    normalize,
    simplified_only,
    to_traditional,
)  # eager: the company's config needs it
from intents.types import (
    EMERGENCIES,
    TICKET_INTENTS,
    Address,
    Classification,
    Entities,
    Intent,
    Lang,
    Topic,
)

if TYPE_CHECKING:
    from intents.addresses import parse_address
    from intents.classifier import classify, crew_deadline, names_other_service, says_worse
    from intents.entities import extract_entities
    from intents.homes import another_home, both_homes

# The classifier and its vocabularies load when first used, not when a command that never reads a message
# (`heatline tickets list`, `db upgrade`) imports the company's config or the store from this package.
_LAZY = {
    "parse_address": "intents.addresses",
    "classify": "intents.classifier",
    "crew_deadline": "intents.classifier",
    "names_other_service": "intents.classifier",
    "says_worse": "intents.classifier",
    "extract_entities": "intents.entities",
    "another_home": "intents.homes",
    "both_homes": "intents.homes",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'intents' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "another_home",
    "both_homes",
    "EMERGENCIES",
    "TICKET_INTENTS",
    "Address",
    "Classification",
    "Entities",
    "Intent",
    "Lang",
    "Topic",
    "classify",
    "crew_deadline",
    "names_other_service",
    "detect_lang",
    "extract_entities",
    "normalize",
    "parse_address",
    "says_worse",
    "simplified_only",
    "to_traditional",
]
