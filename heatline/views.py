"""How the command line shows tickets and the company: JSON shapes fixed by ARCHITECTURE.md, and text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url

from bot.phones import mask_phone
from heatline.settings import Settings
from intents.company import Company
from storage import Store, contacts, tickets
from storage.values import TicketInfo


def redact_url(url: str) -> str:
    """A database URL with its password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


async def ticket_dict(store: Store, ticket: TicketInfo, *, with_events: bool) -> dict[str, Any]:
    """The JSON object of `heatline tickets show/list --json`."""
    contact = await contacts.get(store, contact_id=ticket.contact_id)
    data: dict[str, Any] = {
        "number": ticket.number,
        "kind": ticket.kind.value,
        "priority": ticket.priority.value,
        "status": ticket.status.value,
        "branch": ticket.branch,
        "address": ticket.address_raw,
        "building": ticket.building,
        "unit": ticket.unit,
        "room": ticket.room,
        "description": ticket.description,
        "temperature_c": ticket.temperature_c,
        "too_hot": ticket.too_hot,
        "contact": {
            "channel": contact.channel.value if contact else None,
            "telegram_chat_id": contact.telegram_chat_id if contact else None,
            "phone": contact.phone if contact else None,
        },
        # who reported it, as they show themselves on Telegram ("Li Wang @liwang"); null when not known
        "name": contact.telegram_name if contact else None,
        "crew": ticket.crew,
        "assignee": ticket.assignee,
        "escalated": ticket.escalated,
        "breached": ticket.breached,
        "rating": ticket.rating,
        "created_at": _iso(ticket.created_at),
        "due_at": _iso(ticket.due_at),
        "updated_at": _iso(ticket.updated_at),
        "status_times": {k: _iso(v) for k, v in ticket.status_times.items()},
        "arrival_reported_at": _iso(ticket.arrival_reported_at) if ticket.arrival_reported_at else None,
    }
    if with_events:
        data["events"] = [
            {
                "kind": e.kind,
                "actor": e.actor,
                "from_status": e.from_status.value if e.from_status else None,
                "to_status": e.to_status.value if e.to_status else None,
                "data": e.data,
                "created_at": _iso(e.created_at),
            }
            for e in await tickets.events(store, number=ticket.number)
        ]
    return data


def local_time(value: str | None, zone: dt.tzinfo) -> str | None:
    """An ISO timestamp of the JSON shapes as people read it: local time to the second, with its offset."""
    if not value:
        return value
    return dt.datetime.fromisoformat(value).astimezone(zone).isoformat(sep=" ", timespec="seconds")


def tickets_table(rows: list[dict[str, Any]], zone: ZoneInfo) -> str:
    """A plain table of tickets, newest first as the store gives them, created at the company's local time."""
    if not rows:
        return "no tickets"
    created_at = f"created ({zone.key})"
    width = len(created_at)
    header = f"{'number':<11} {'kind':<10} {'priority':<9} {'status':<12} {'branch':<10} {created_at:<{width}} address"
    lines = [header]
    for r in rows:
        created = (local_time(r["created_at"], zone) or "")[:16]
        lines.append(
            f"{r['number']:<11} {r['kind']:<10} {r['priority']:<9} {r['status']:<12} "
            f"{(r['branch'] or '-'):<10} {created:<{width}} {r['address'] or '-'}"
        )
    return "\n".join(lines)


_TIMES = frozenset({"created_at", "due_at", "updated_at", "arrival_reported_at"})


def ticket_text(data: dict[str, Any], zone: ZoneInfo) -> str:
    """One ticket and its events, for people: times in the company's time zone, each change said."""
    lines = [
        f"{k}: {local_time(v, zone) if k in _TIMES else v}"
        for k, v in data.items()
        if k not in ("events", "contact", "status_times")
    ]
    contact = data["contact"]
    lines.append(
        f"contact: {contact['channel']} {contact['phone'] or contact['telegram_chat_id'] or ''}".rstrip()
    )
    lines.append(f"events ({zone.key}):")
    lines += [_event_line(e, zone) for e in data.get("events", [])]
    return "\n".join(lines)


def _event_line(event: dict[str, Any], zone: ZoneInfo) -> str:
    """'2026-11-29 15:40:02+08:00  status  staff:501  acknowledged -> dispatched  {"crew": "C03"}'; a resident of
    the flat following the ticket who made it named, their phone half hidden as staff see it."""
    moved_from, moved_to = event.get("from_status"), event.get("to_status")
    change = f"{moved_from} -> {moved_to}" if moved_from and moved_to else moved_to or ""
    data = dict(event["data"])
    follower = data.pop("follower", None)
    actor = f"{event['actor']:<12}"
    if isinstance(follower, dict):  # their words, rating or reopening; or staff's reply to them
        to = "follower" if event["actor"] == "resident" else "to follower"
        actor = f"{event['actor']} ({to} {_follower(follower)})"
    words = json.dumps(data, ensure_ascii=False) if data else ""
    parts = [local_time(event["created_at"], zone) or "", f"{event['kind']:<12}", actor]
    return ("  " + " ".join(part for part in [*parts, change, words] if part)).rstrip()


def _follower(follower: dict[str, Any]) -> str:
    """A resident following a ticket, for an operator: their phone with its middle hidden, or their Telegram contact
    with the name they showed there when they wrote, if known."""
    if follower.get("channel") == "telegram":
        named = f" {follower['name']}" if follower.get("name") else ""
        return f"telegram contact #{follower.get('contact_id')}{named}"
    return mask_phone(str(follower.get("ident") or ""))


def company_text(company: Company, source: Path) -> str:
    """The effective company config, for people."""
    c = company.commitments
    season = company.season
    lines = [
        f"{company.name} / {company.name_en}   (from {source})",
        f"time zone {company.timezone}; heating season {season.start} to {season.end} (MM-DD)"
        + (
            f"; overridden for {', '.join(str(y) for y in sorted(season.overrides))}"
            if season.overrides
            else ""
        ),
        f"commitments: rooms >= {c.min_room_temp_c:g} °C, crew on site within {c.on_site_minutes} min "
        f"(warning at {c.warning_minutes}), pass rate {c.temp_pass_rate_pct:g} %, timely rate "
        f"{c.timely_rate_pct:g} %, duty {c.duty_hours} h",
        f"complaint line {company.complaint_phone}",
        "",
        "branches:",
    ]
    for b in company.branches:
        chat = f", staff chat {b.staff_chat_id}" if b.staff_chat_id is not None else ""
        lines.append(f"  {b.code:<10} {b.name} / {b.name_en}; duty {b.duty_phone}{chat}")
        lines.append(f"  {'':<10} reception {b.reception_address} ({b.reception_hours})")
    lines += ["", f"hotlines ({len(company.hotlines)}):"]
    lines += [f"  {h.number}  -> {h.branch}" for h in company.hotlines]
    lines += ["", f"crews ({len(company.crews)}):"]
    lines += [f"  {c.code:<4} {c.name} / {c.name_en}; {c.branch}; {c.phone}" for c in company.crews]
    return "\n".join(lines)


def start_line(settings: Settings, company: Company, *, listening: str | None, worker: bool) -> str:
    """What a starting process runs with, in one log line: address, database, state, channels, worker, company."""
    parts = [f"listening on {listening}"] if listening else []
    parts.append(f"database {redact_url(settings.database_url)}")
    parts.append(
        f"conversations in Redis {redact_url(settings.redis_url)}"
        if settings.redis_url
        else "conversations in the database"
    )
    if settings.telegram_enabled:
        staff = f"{len(settings.staff_user_ids)} staff user ids"
        parts.append(f"Telegram on ({staff}, default staff chat {settings.staff_chat_id or 'unset'})")
    else:
        parts.append("Telegram off (HEATLINE_TELEGRAM_TOKEN unset)")
    parts.append(
        "Twilio voice and SMS on"
        if settings.twilio_enabled
        else "Twilio voice and SMS off (HEATLINE_TWILIO_* unset)"
    )
    parts.append(
        "outbox worker and 30-minute clock on"
        if worker
        else "outbox worker off (run `heatline worker` beside it)"
    )
    parts.append(f"company {company.name_en} ({settings.config or 'bundled demo'})")
    return "; ".join(parts)
