"""How purchases and refunds of credit packs are told: a line in the server's audit channel,
the metrics, and the lines of ``/credits-admin audit`` (with the SKU and the entitlement id,
marked test for Discord's test purchases)."""

from __future__ import annotations

import discord

from bot.ui.audit import post_to_audit_channel
from bot.ui.context import BotContext
from bot.ui.wording import when
from storage.purchase_rows import Purchase


def _marks(purchase: Purchase) -> str:
    test = " · test" if purchase.test else ""
    return f"SKU {purchase.sku_id} · entitlement {purchase.entitlement_id}{test}"


def purchase_text(purchase: Purchase) -> str:
    return f"<@{purchase.member_id}> bought {purchase.amount} credits ({_marks(purchase)})"


def refund_text(purchase: Purchase) -> str:
    owed = f"; {purchase.refund_owed} already spent, owed" if purchase.refund_owed else ""
    return (
        f"Discord refunded <@{purchase.member_id}>'s {purchase.amount} credits: "
        f"{purchase.refund_taken} taken back{owed} ({_marks(purchase)})"
    )


def audit_event_line(kind: str, at: str, purchase: Purchase) -> str:
    """One line of ``/credits-admin audit`` for a purchase or a refund."""
    text = purchase_text(purchase) if kind == "purchase" else refund_text(purchase)
    return f"{when(at)} {text}"


async def announce_purchase(
    client: discord.Client, context: BotContext, purchase: Purchase
) -> None:
    """A purchase was credited to a wallet (just now, once)."""
    context.metrics.credits_sold.labels(test=str(purchase.test).lower()).inc(purchase.amount)
    if purchase.guild_id is not None:
        await post_to_audit_channel(
            client, context.storage, purchase.guild_id, purchase_text(purchase)
        )


async def announce_refund(client: discord.Client, context: BotContext, purchase: Purchase) -> None:
    """A credited purchase was refunded (just now, once)."""
    labels = context.metrics.credits_sold_refunded.labels(test=str(purchase.test).lower())
    labels.inc(purchase.amount)
    if purchase.guild_id is not None:
        await post_to_audit_channel(
            client, context.storage, purchase.guild_id, refund_text(purchase)
        )
