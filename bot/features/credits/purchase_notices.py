"""How purchases and refunds of credit packs are told: a line in the server's audit channel,
the metrics, and the lines of ``/credits-admin audit`` (with the SKU and the entitlement id,
marked test for Discord's test purchases)."""

from __future__ import annotations

import discord

from bot.ui.audience import for_server, guild_locale
from bot.ui.audit import post_to_audit_channel
from bot.ui.context import BotContext
from bot.ui.wording import Wording, when
from storage.purchase_rows import Purchase


def _marks(purchase: Purchase, say: Wording) -> str:
    ids = {"sku": str(purchase.sku_id), "entitlement": str(purchase.entitlement_id)}
    return say("purchase-marks-test" if purchase.test else "purchase-marks", **ids)


def purchase_text(purchase: Purchase, say: Wording) -> str:
    return say(
        "audit-purchase",
        member=f"<@{purchase.member_id}>",
        amount=purchase.amount,
        marks=_marks(purchase, say),
    )


def refund_text(purchase: Purchase, say: Wording) -> str:
    facts: dict[str, str | int] = {
        "member": f"<@{purchase.member_id}>",
        "amount": purchase.amount,
        "taken": purchase.refund_taken,
        "marks": _marks(purchase, say),
    }
    if purchase.refund_owed:
        return say("audit-refund-owed", **facts, owed=purchase.refund_owed)
    return say("audit-refund", **facts)


def audit_event_line(kind: str, at: str, purchase: Purchase, say: Wording) -> str:
    """One line of ``/credits-admin audit`` for a purchase or a refund."""
    text = purchase_text(purchase, say) if kind == "purchase" else refund_text(purchase, say)
    return f"{when(at)} {text}"


async def _server_wording(client: discord.Client, context: BotContext, guild_id: int) -> Wording:
    return await for_server(context.storage, guild_id, guild_locale(client, guild_id))


async def announce_purchase(
    client: discord.Client, context: BotContext, purchase: Purchase
) -> None:
    """A purchase was credited to a wallet (just now, once)."""
    context.metrics.credits_sold.labels(test=str(purchase.test).lower()).inc(purchase.amount)
    if purchase.guild_id is not None:
        say = await _server_wording(client, context, purchase.guild_id)
        await post_to_audit_channel(
            client, context.storage, purchase.guild_id, purchase_text(purchase, say)
        )


async def announce_refund(client: discord.Client, context: BotContext, purchase: Purchase) -> None:
    """A credited purchase was refunded (just now, once)."""
    labels = context.metrics.credits_sold_refunded.labels(test=str(purchase.test).lower())
    labels.inc(purchase.amount)
    if purchase.guild_id is not None:
        say = await _server_wording(client, context, purchase.guild_id)
        await post_to_audit_channel(
            client, context.storage, purchase.guild_id, refund_text(purchase, say)
        )
