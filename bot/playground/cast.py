"""Who and what the playground's server holds: two members, an admin, a generator bot, and
the channels they meet in, found again by their labels after a restart."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.playground.standin import Channel, FakeDiscord, Guild, Member, Message, User

SERVER_NAME = "Playground"
GALLERY = "ai-art"  # the watched channel: images a bot posts there get Upscale buttons

# label -> (name, role): the people the page lets a person be, in this order.
PEOPLE = {
    "alice": ("alice", "member"),
    "bob": ("bob", "member"),
    "admin": ("sam (admin)", "admin"),
}
WELCOME = (
    "Welcome to the playground: this server runs the real upscale-bot. Type **/upscale**, "
    "pick an image and press Enter; or post an image with **+**, then right-click it -> "
    "**Apps** -> **Upscale image**. **/credits** shows your wallet; switch to the admin "
    "(bottom left) for **/credits-admin** and **/upscale-admin**."
)
GALLERY_WELCOME = (
    "Images that bots post in #ai-art get Upscale buttons on their own: press "
    "**Post one image** or **Post four images** above."
)
ONE_IMAGE = ("cat.png",)
FOUR_IMAGES = ("cat.png", "coffee.png", "astronaut.png", "rocket.png")


@cache
def sample(name: str) -> bytes:
    """A sample image shipped with the playground (see ``samples/LICENSES.md``); read once."""
    return (resources.files("bot.playground") / "samples" / name).read_bytes()


@dataclass
class Cast:
    """The playground's guild and who is in it; ``labels`` name them in a snapshot."""

    world: FakeDiscord
    guild: Guild
    general: Channel
    gallery: Channel
    people: dict[str, Member]
    generator: User

    @classmethod
    def create(cls, world: FakeDiscord) -> Cast:
        """Fill a new stand-in: rename its first guild and add the people and channels."""
        guild = world.guild
        guild.name = SERVER_NAME
        guild.owner.user.username = "owner"
        gallery = world.add_channel(GALLERY, guild=guild)
        people = {
            label: world.add_member(name, manage_guild=role == "admin", guild=guild)
            for label, (name, role) in PEOPLE.items()
        }
        generator = world.add_bot("imagegen", guild)
        cast = cls(world, guild, guild.general, gallery, people, generator)
        owner = guild.owner.user
        world.post_message(owner, WELCOME, channel=guild.general)
        world.post_message(owner, GALLERY_WELCOME, channel=gallery)
        return cast

    @classmethod
    def find(cls, world: FakeDiscord, labels: dict[str, int]) -> Cast | None:
        """The cast of a restored stand-in, or None when its labels do not match."""
        try:
            guild = world.guilds[labels["guild"]]
            people = {label: guild.members[labels[label]] for label in PEOPLE}
            return cls(
                world,
                guild,
                world.channels[labels["general"]],
                world.channels[labels["gallery"]],
                people,
                guild.members[labels["generator"]].user,
            )
        except KeyError:
            return None

    @property
    def labels(self) -> dict[str, int]:
        return {
            "guild": self.guild.id,
            "general": self.general.id,
            "gallery": self.gallery.id,
            "generator": self.generator.id,
            **{label: member.user.id for label, member in self.people.items()},
        }

    def person(self, user_id: int) -> Member | None:
        """One of the people the page may act as, by id."""
        return next((m for m in self.people.values() if m.user.id == user_id), None)

    def role_of(self, member: Member) -> str:
        label = next(k for k, m in self.people.items() if m is member)
        return PEOPLE[label][1]

    def generator_posts(self, images: tuple[str, ...]) -> Message:
        """The generator bot posts ``images`` into the watched channel, as an image bot does."""
        prompt = "a photo, detailed" if len(images) == 1 else "four takes, detailed"
        return self.world.post_message(
            self.generator,
            f"**{prompt}** · generated",
            [(name, sample(name)) for name in images],
            channel=self.gallery,
        )
