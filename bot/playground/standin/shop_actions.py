"""What people do with the shop in the fake Discord: buy a pack through a premium button (or
the app's store page), and have Discord refund it.

Pressing a premium button sends the bot no interaction: Discord runs its own checkout, and
the bot learns of the purchase only from ENTITLEMENT_CREATE (or by listing entitlements). A
user's purchase names the user and no server, as for a member's own purchases in Discord.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.playground.standin.limits import BUTTON, PREMIUM_STYLE
from bot.playground.standin.shop import (
    PURCHASE,
    TEST_MODE_PURCHASE,
    Entitlement,
    PurchaseBlocked,
    Shop,
)
from bot.playground.standin.state import Guild, Member, Message, User

if TYPE_CHECKING:
    from bot.playground.standin.state import Channel


def premium_buttons(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every premium button in a message's components, in order (rows, v2 sections too)."""
    found: list[dict[str, Any]] = []
    stack = list(components)
    while stack:
        component = stack.pop(0)
        if component.get("type") == BUTTON and component.get("style") == PREMIUM_STYLE:
            found.append(component)
        stack[:0] = component.get("components") or []
        if isinstance(component.get("accessory"), dict):
            stack.insert(0, component["accessory"])
    return found


class ShopActions:
    """Mixed into :class:`~bot.playground.standin.server.FakeDiscord`, which supplies these."""

    shop: Shop
    guilds: dict[int, Guild]
    channels: dict[int, Channel]

    if TYPE_CHECKING:

        @staticmethod
        def member_in(guild: Guild, person: Member | User) -> Member: ...

    def buy(
        self, member: Member, message: Message, sku_id: int | None = None, *, test: bool = False
    ) -> Entitlement:
        """``member`` presses the premium button for ``sku_id`` (or the message's only one) on
        ``message`` and pays; ``test=True`` is the application's owner in Application Test
        Mode, who pays nothing and gets a test entitlement (type 4).

        Raises:
            PurchaseBlocked: the member cannot see the message or its button, the SKU is not
                the application's, or Discord would refuse the purchase (an unconsumed
                entitlement to the same consumable SKU).
        """
        user = member.user
        if not message.visible_to(user.id):
            raise PurchaseBlocked(f"{user.username} cannot see message {message.id}")
        self.member_in(self.guilds[message.guild_id], member)
        buttons = [b for b in premium_buttons(message.components) if not b.get("disabled")]
        if sku_id is None:
            if len(buttons) != 1:
                raise PurchaseBlocked(f"message {message.id} has {len(buttons)} premium buttons")
            sku_id = int(buttons[0]["sku_id"])
        elif not any(int(b["sku_id"]) == sku_id for b in buttons):
            raise PurchaseBlocked(f"message {message.id} has no premium button for SKU {sku_id}")
        return self.shop.grant(
            sku_id, user_id=user.id, type=TEST_MODE_PURCHASE if test else PURCHASE
        )

    def buy_in_store(self, person: Member | User, sku_id: int) -> Entitlement:
        """Buy from the application's store page in the App Directory: no button, no server."""
        user = person.user if isinstance(person, Member) else person
        return self.shop.grant(sku_id, user_id=user.id)

    def refund(self, entitlement: Entitlement) -> None:
        """Discord refunds the purchase: the entitlement is deleted and ENTITLEMENT_DELETE
        dispatched (at most once: a refunded entitlement stays refunded)."""
        if entitlement.deleted:
            raise PurchaseBlocked(f"entitlement {entitlement.id} is already deleted")
        self.shop.delete(entitlement)
