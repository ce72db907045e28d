"""The faults a test plans for the fake's HTTP routes (a status or a delay, so many times),
and the ones it injected."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Fault:
    method: str
    path_pattern: str
    times: int
    status: int = 0
    delay_s: float = 0.0
    retry_after: float = 0.05


@dataclass(frozen=True)
class InjectedFault:
    """One request that got an injected failure or delay, and when (``time.monotonic()``)."""

    method: str
    path: str
    status: int
    delay_s: float
    at: float


@dataclass
class Faults:
    """Failures to inject: the next N requests matching a method and path part. ``injected``
    lists every request that got one."""

    pending: list[Fault] = field(default_factory=list)
    injected: list[InjectedFault] = field(default_factory=list)

    def fail(self, method: str, path_part: str, times: int = 1, status: int = 500) -> None:
        self.pending.append(Fault(method, path_part, times, status=status))

    def rate_limit(
        self, method: str, path_part: str, times: int = 1, retry_after: float = 0.05
    ) -> None:
        self.pending.append(Fault(method, path_part, times, status=429, retry_after=retry_after))

    def delay(self, method: str, path_part: str, seconds: float, times: int = 1) -> None:
        self.pending.append(Fault(method, path_part, times, delay_s=seconds))

    def take(self, method: str, path: str) -> Fault | None:
        for fault in self.pending:
            if fault.method == method and fault.path_pattern in path and fault.times > 0:
                fault.times -= 1
                if fault.times == 0:
                    self.pending.remove(fault)
                self.injected.append(
                    InjectedFault(method, path, fault.status, fault.delay_s, time.monotonic())
                )
                return fault
        return None
