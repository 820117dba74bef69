"""Incidents in staff chats: one message with every report of a building, and /broadcast to all reporters."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import CommandObject
from aiogram.types import Message

from bot.staff.access import IsStaff, StaffAccess, actor_of
from bot.staff.commands import staff_command
from bot.staff.texts import say
from storage import incidents
from storage.values import NotificationInfo

INCIDENT_EVENTS = frozenset({"incident.formed", "incident.report"})
HTML = "HTML"


def render_incident(notification: NotificationInfo, lang: str) -> str:
    """The staff message for an incident that formed, or for one more report joining it."""
    p = notification.payload
    lines = [
        say(
            lang,
            "incident.report_line",
            number=r.get("number", ""),
            address=r.get("address") or "-",
            words=r.get("description") or "",
            temperature="" if r.get("temperature_c") is None else f" {r['temperature_c']}°C",
        )
        for r in p.get("reports", [])
    ]
    key = "incident.formed" if notification.event == "incident.formed" else "incident.joined"
    head = say(lang, key, incident=p.get("incident", ""), place=p.get("label", ""), count=len(lines))
    return "\n".join([head, *lines, say(lang, "incident.how_to_broadcast", incident=p.get("incident", ""))])


async def post_incident(bot: Bot, chat_id: int, notification: NotificationInfo, lang: str) -> None:
    """Post the incident message in the staff chat."""
    await bot.send_message(chat_id=chat_id, text=render_incident(notification, lang), parse_mode=HTML)


async def broadcast_update(message: Message, command: CommandObject, access: StaffAccess) -> None:
    """/broadcast INCIDENT text: one update to everyone who reported the incident."""
    lang = access.language
    first, _, text = (command.args or "").strip().partition(" ")
    if not first.lstrip("#").isdigit() or not text.strip():
        await message.reply(say(lang, "incident.usage"), parse_mode=HTML)
        return
    incident = int(first.lstrip("#"))
    try:
        sent = await incidents.broadcast(
            access.services.store,
            incident_id=incident,
            text=text.strip(),
            actor=actor_of(message.from_user),
            now=access.services.clock(),
        )
    except incidents.IncidentNotFound:
        await message.reply(say(lang, "incident.unknown", incident=incident), parse_mode=HTML)
        return
    await message.reply(say(lang, "incident.sent", incident=incident, count=sent), parse_mode=HTML)


def router() -> Router:
    """/broadcast, for staff only."""
    incident_router = Router(name="staff.incidents")
    incident_router.message.register(broadcast_update, staff_command("broadcast"), IsStaff())
    return incident_router
