"""Blocking reads run side by side on a thread pool of their own, for the sync client.

:func:`read_all` calls ``read(item)`` for every item, at most ``limit`` at once, on a pool made
for the call and shut down before it returns. The caller's thread hands out the work (one item
each time a read ends, so nothing is queued in the pool), collects the results in item order
and calls ``on_progress`` with the count of reads done (before handing out the next one).

Ending early: the first error (a read's, or ``on_progress``'s) stops the handing out; the reads
already running are waited for (nothing is left running) and the error propagates. An
interrupt in the caller's thread (``KeyboardInterrupt`` while it waits, or raised by
``on_progress``) stops the handing out too but propagates without waiting: the reads still
running (at most ``limit``, each one GET) end on their own and their answers are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: The name of every thread of the pool begins with this.
THREAD_NAME_PREFIX = "vmss-maintenance-read"


def read_all(
    items: Sequence[T],
    read: Callable[[T], R],
    *,
    limit: int,
    on_progress: Callable[[int], None] | None = None,
) -> list[R]:
    """``[read(item) for item in items]``, at most ``limit`` reads running at once (see the
    module doc for how it ends early)."""
    if not items:
        return []
    pool = ThreadPoolExecutor(min(limit, len(items)), thread_name_prefix=THREAD_NAME_PREFIX)
    waiting: Iterator[tuple[int, T]] = iter(enumerate(items))
    running: dict[Future[R], int] = {}
    results: dict[int, R] = {}

    def hand_out_one() -> None:
        for index, item in waiting:
            running[pool.submit(read, item)] = index
            return

    try:
        for _ in range(min(limit, len(items))):
            hand_out_one()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                results[running.pop(future)] = future.result()
                if on_progress is not None:
                    on_progress(len(results))
                hand_out_one()
    except Exception:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return [results[index] for index in range(len(items))]
