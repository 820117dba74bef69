"""A resident's phone as people other than the resident see it: staff on a card, an operator in `heatline tickets
show`. Pure, and free of the Telegram framework, so the command line can use it without loading aiogram."""

from __future__ import annotations


def mask_phone(phone: str) -> str:
    """A phone number with its middle hidden: +8613912340123 -> +86 139****0123."""
    if phone.startswith("+86") and len(phone) == 14:
        return f"+86 {phone[3:6]}****{phone[-4:]}"
    if len(phone) < 10:  # too short to show a prefix and four digits and still hide anything
        return "****" + phone[-2:]
    return f"{phone[:-8] or phone[:2]}****{phone[-4:]}"
