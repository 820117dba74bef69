"""Incidents in staff chats: one message with every report of a building, /broadcast to all reporters, and /incident
to see the fault and send one crew to it, mark it on site or resolve it: every open report at once, each resident
told as if their own ticket had moved (it has)."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import CommandObject
from aiogram.types import Message

from bot.staff.access import IsStaff, StaffAccess, actor_of
from bot.staff.cards import branch_label
from bot.staff.commands import staff_command
from bot.staff.desk import Desk, Outcome
from bot.staff.texts import say
from storage import incidents
from storage.values import NotificationInfo, TicketInfo

INCIDENT_EVENTS = frozenset({"incident.formed", "incident.report", "incident.back"})
HTML = "HTML"
_HEADS = {"incident.formed": "incident.formed", "incident.back": "incident.back"}


def render_incident(notification: NotificationInfo, lang: str) -> str:
    """The staff message for an incident that formed, for one more report joining it, or for a report reopened after
    the fault was resolved (the fault is back)."""
    p = notification.payload
    lines = [
        say(
            lang,
            "incident.report_line",
            number=r.get("number", ""),
            address=r.get("address") or "-",
            words=r.get("description") or "",
            temperature="" if r.get("temperature_c") is None else f" {float(r['temperature_c']):g}°C",  # 15°C
        )
        for r in p.get("reports", [])
    ]
    key = _HEADS.get(notification.event, "incident.joined")
    head = say(lang, key, incident=p.get("incident", ""), place=p.get("label", ""), count=len(lines))
    incident = p.get("incident", "")
    hints = [
        say(lang, "incident.how_to_act", incident=incident),
        say(lang, "incident.how_to_broadcast", incident=incident),
    ]
    return "\n".join([head, *lines, *hints])


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
    if await _ours(message, access, incident) is None:
        return
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


async def act_on_incident(message: Message, command: CommandObject, access: StaffAccess, desk: Desk) -> None:
    """/incident N: the fault and its open reports; /incident N dispatch CREW | onsite | resolve [note]: each open
    report moved as its own /dispatch, /onsite or /resolve would (one line each, refusals included)."""
    lang = access.language
    first, _, rest = (command.args or "").strip().partition(" ")
    action, _, extra = rest.strip().partition(" ")
    action, extra = action.lower(), extra.strip()
    takes = _ACTIONS.get(action, False)
    if (
        not first.lstrip("#").isdigit()
        or action not in _ACTIONS
        or (takes is not None and bool(extra) != takes)
    ):
        await message.reply(say(lang, "incident.act_usage"), parse_mode=HTML)
        return
    incident_id = int(first.lstrip("#"))
    info = await _ours(message, access, incident_id)
    if info is None:
        return
    reports = await incidents.open_reports(access.services.store, incident_id=incident_id)
    head = say(lang, "incident.open_reports", incident=incident_id, place=info.label, count=len(reports))
    if not action or not reports:
        lines = [
            say(lang, "incident.open_line", number=t.number, status=say(lang, f"status.{t.status}"))
            for t in reports
        ]
        await message.reply("\n".join([head, *lines]), parse_mode=HTML)
        return
    outcomes = [await _act(desk, action, extra, ticket, message) for ticket in reports]
    await message.reply("\n".join([head, *(o.text for o in outcomes)]), parse_mode=HTML)


async def _ours(message: Message, access: StaffAccess, incident_id: int) -> incidents.IncidentInfo | None:
    """The incident, when this chat acts on it; else staff are told why not (none such, another branch's), and None."""
    lang = access.language
    info = await incidents.get(access.services.store, incident_id=incident_id)
    if info is not None and access.serves(message.chat.id, info.branch):
        return info
    if info is None:
        refusal = say(lang, "incident.unknown", incident=incident_id)
    else:
        branch = branch_label(access.services.company, info.branch or "", lang)
        refusal = say(lang, "incident.other_branch", incident=incident_id, branch=branch)
    await message.reply(refusal, parse_mode=HTML)
    return None


# what may follow each action: a crew after dispatch, nothing after onsite or the bare number; a note after resolve
_ACTIONS: dict[str, bool | None] = {"": False, "dispatch": True, "onsite": False, "resolve": None}


async def _act(desk: Desk, action: str, extra: str, ticket: TicketInfo, message: Message) -> Outcome:
    if action == "dispatch":
        return await desk.dispatch(ticket.number, extra, message.from_user)
    if action == "onsite":
        return await desk.on_site(ticket.number, message.from_user)
    return await desk.resolve(ticket.number, message.from_user, extra or None)


def router() -> Router:
    """/broadcast and /incident, for staff only."""
    incident_router = Router(name="staff.incidents")
    incident_router.message.register(broadcast_update, staff_command("broadcast"), IsStaff())
    incident_router.message.register(act_on_incident, staff_command("incident"), IsStaff())
    return incident_router
