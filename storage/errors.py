"""Storage errors. Each carries the data a user-facing message needs."""

from __future__ import annotations


class StorageError(Exception):
    """Base class for everything storage raises on purpose."""


class SchemaTooNew(StorageError):
    """The database was written by a newer upscale-bot than this one."""

    def __init__(self, found: int, known: int, path: str) -> None:
        self.found, self.known, self.path = found, known, path
        super().__init__(
            f"{path} has schema version {found}, but this upscale-bot only knows up to {known}. "
            "Upgrade upscale-bot, or restore a backup made by this version."
        )


class InsufficientCredits(StorageError):
    """A hold or revoke needs more credits than are available (balance minus held)."""

    def __init__(self, needed: int, available: int) -> None:
        self.needed, self.available = needed, available
        super().__init__(f"needs {needed} credits, {available} available")


class AmountOutOfRange(StorageError):
    """A grant, revoke or price outside what the ledger accepts."""

    def __init__(self, amount: int, reason: str) -> None:
        self.amount = amount
        super().__init__(f"amount {amount}: {reason}")


class UnknownHold(StorageError):
    def __init__(self, hold_id: int) -> None:
        self.hold_id = hold_id
        super().__init__(f"no hold {hold_id}")


class HoldAlreadySettled(StorageError):
    """A hold was captured and then released (or the other way round)."""

    def __init__(self, hold_id: int, state: str) -> None:
        self.hold_id, self.state = hold_id, state
        super().__init__(f"hold {hold_id} is already {state}")


class UnknownJob(StorageError):
    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        super().__init__(f"no job {job_id}")


class IllegalTransition(StorageError):
    """A job was asked to move between states that are not connected."""

    def __init__(self, job_id: int, current: str, wanted: str) -> None:
        self.job_id, self.current, self.wanted = job_id, current, wanted
        super().__init__(f"job {job_id} cannot go from {current} to {wanted}")


class ImageBusy(StorageError):
    """Another job is already working on this image."""

    def __init__(self, message_id: int, slot: int, job_id: int) -> None:
        self.message_id, self.slot, self.job_id = message_id, slot, job_id
        super().__init__(f"image {message_id}/{slot} already has job {job_id} in progress")


class QueueLimitReached(StorageError):
    """The member already has as many queued jobs as allowed."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"at most {limit} queued jobs per member")


class LedgerInvariantBroken(StorageError):
    """``verify()`` found a wallet whose numbers disagree with its ledger."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("ledger invariants broken:\n  " + "\n  ".join(problems))


class UnknownVersion(StorageError):
    def __init__(self, message_id: int, attachment_slot: int, version: int) -> None:
        self.message_id, self.attachment_slot, self.version = message_id, attachment_slot, version
        super().__init__(f"this image has no version {version}")


class InvalidSetting(StorageError):
    """A per-server setting was given a value it does not accept."""

    def __init__(self, name: str, value: object, reason: str) -> None:
        self.name, self.value, self.reason = name, value, reason
        super().__init__(f"{name.replace('_', ' ')} {reason} (got {value!r})")


class UnknownPurchase(StorageError):
    """No purchase was recorded for this entitlement."""

    def __init__(self, entitlement_id: int) -> None:
        self.entitlement_id = entitlement_id
        super().__init__(f"no purchase for entitlement {entitlement_id}")


class NotYourPurchase(StorageError):
    """A member tried to place a pack someone else bought."""

    def __init__(self, entitlement_id: int, member_id: int) -> None:
        self.entitlement_id, self.member_id = entitlement_id, member_id
        super().__init__(f"entitlement {entitlement_id} was not bought by member {member_id}")


class PurchaseRefunded(StorageError):
    """The purchase was refunded, so its credits can no longer be placed."""

    def __init__(self, entitlement_id: int) -> None:
        self.entitlement_id = entitlement_id
        super().__init__(f"the purchase {entitlement_id} was refunded")
