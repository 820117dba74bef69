"""Understanding residents: normalisation, intent classification, entities, standards, intake policy.

Pure Python: no I/O beyond reading this package's own data files, no database, no network.
"""

from intents.addresses import parse_address
from intents.classifier import classify, crew_deadline, says_worse
from intents.entities import extract_entities
from intents.homes import another_home, both_homes
from intents.normalize import detect_lang, normalize, to_traditional
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
    "detect_lang",
    "extract_entities",
    "normalize",
    "parse_address",
    "says_worse",
    "to_traditional",
]
