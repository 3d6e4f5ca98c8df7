"""Warnings about some of a cohort's athletes, added up over the blocks of one cohort.

A subsystem that finds a problem with some athletes while building a cohort (iron's steady-state
solve leaving 1 athlete in 50,000 unconverged, say) reports it with :func:`report`. A plain run
logs it at once. A blocked run (``cohort.block_size``) builds one cohort in many blocks, so the
same line would come once per block (200 lines for 10,000,000 athletes, interleaved with the
progress bar): each block runs inside :func:`held`, which keeps its tallies back, the block's
output carries them to the parent process, and the run logs their sum once at the end
(:func:`report_sums`): "iron steady state: 212 of 10,000,000 athletes not converged ...".
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

log = logging.getLogger("cohort.tally")


@dataclass(frozen=True)
class Tally:
    """``count`` of ``of`` athletes with a problem; ``worst`` its largest size (NaN: none).
    ``text`` formats with ``{count}``, ``{of}`` and ``{worst}``; tallies with the same text and
    level add up (counts and cohort sizes summed, the worst kept)."""

    text: str
    count: int
    of: int
    worst: float = math.nan
    level: int = logging.WARNING

    def __add__(self, other: Tally) -> Tally:
        worst = max((w for w in (self.worst, other.worst) if not math.isnan(w)), default=math.nan)
        return Tally(self.text, self.count + other.count, self.of + other.of, worst, self.level)

    def message(self) -> str:
        return self.text.format(count=f"{self.count:,}", of=f"{self.of:,}", worst=f"{self.worst:.3g}")


def report(tally: Tally) -> None:
    """Log ``tally`` (held back instead inside :func:`held`)."""
    log.log(tally.level, "%s", tally.message(), extra={"tally": tally})


class _Hold(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.tallies: list[Tally] = []

    def filter(self, record: logging.LogRecord) -> bool:
        tally = getattr(record, "tally", None)
        if tally is None:
            return True
        self.tallies.append(tally)
        return False


@contextmanager
def held() -> Iterator[list[Tally]]:
    """Keep the tallies reported inside the block from the log; yields the list they go to."""
    hold = _Hold()
    log.addFilter(hold)
    try:
        yield hold.tallies
    finally:
        log.removeFilter(hold)


def summed(tallies: Iterable[Tally]) -> list[Tally]:
    """Tallies of the same text and level added up, in first-reported order."""
    sums: dict[tuple[str, int], Tally] = {}
    for tally in tallies:
        key = (tally.text, tally.level)
        sums[key] = sums[key] + tally if key in sums else tally
    return list(sums.values())


def report_sums(tallies: Iterable[Tally]) -> None:
    """Log the sum of each kind of tally once (a blocked run's, after its last block)."""
    for tally in summed(tallies):
        report(tally)
