"""The shared ticket store: tables, async engine, migrations, the ticket lifecycle, the event log, the outbox.

from storage import Store, contacts, tickets, outbox, conversations, errors
"""

from storage import company, contacts, conversations, errors, migrate, numbers, outbox, tickets
from storage.db import Store

__all__ = [
    "Store",
    "company",
    "contacts",
    "conversations",
    "errors",
    "migrate",
    "numbers",
    "outbox",
    "tickets",
]
