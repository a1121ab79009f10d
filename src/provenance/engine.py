"""Run the matching passes over partitions of the submissions, wherever there are cores.

The same two passes run in this process, in local worker processes (``jobs``), on any
``concurrent.futures`` executor, or on a Dask cluster (``client``), and give the same
matches however the submissions are cut:

1. *frequency*: each partition counts, per indexed shingle, the distinct texts that
   hold it. The counts are summed, so the rarity weights are those of the whole run.
2. *match*: each partition finds its texts' best windows with those weights (lexical)
   and its paraphrases (semantic), which depend on nothing outside the text.

Identical texts (form letters) are matched once and the matches copied to every copy.
Partitions are submitted while the submissions are still being read, so reading and
matching overlap.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from .lexical import LexicalIndex, Match, match_texts, rarity, shingle_frequency
from .semantic import SemanticIndex

PARTITION_CHARS = 1_000_000  # text per partition: big enough to pay for shipping it
_T = TypeVar("_T")


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs besides its partition: the same for every partition."""

    lexical: LexicalIndex
    semantic: SemanticIndex | None


@dataclass(frozen=True)
class Matches:
    """What the passes found, numbered by submission in the order they were given."""

    lexical: tuple[Match, ...]
    semantic: tuple[Match, ...]
    texts: int  # submissions seen
    distinct: int  # distinct texts among them


Partition = tuple[tuple[int, str], ...]  # (number of the distinct text, text)


def frequency_pass(plan: Plan, partition: Partition) -> Counter[str]:
    """Pass 1 on one partition: distinct texts holding each indexed shingle."""
    return shingle_frequency(plan.lexical, (text for _, text in partition))


def match_pass(
    plan: Plan, partition: Partition, weights: dict[str, float]
) -> tuple[list[Match], list[Match]]:
    """Pass 2 on one partition: lexical and semantic matches of its texts."""
    lexical = match_texts(plan.lexical, partition, weights)
    semantic = plan.semantic.matches(partition) if plan.semantic is not None else []
    return lexical, semantic


def run_passes(
    plan: Plan,
    texts: Iterable[str],
    *,
    jobs: int = 1,
    executor: Executor | None = None,
    client: Any = None,
    partition_chars: int | None = None,
) -> Matches:
    """Both passes over ``texts`` (consumed once, lazily), on the given workers.

    ``client`` is a ``dask.distributed.Client``; ``executor`` any executor whose workers
    can unpickle the plan; ``jobs`` > 1 starts that many local processes. With none of
    them, or a single partition, everything runs here.
    """
    distinct: dict[str, int] = {}
    owners: list[int] = []  # distinct text of each submission
    parts = _partitions(texts, distinct, owners, partition_chars or PARTITION_CHARS)
    first = next(parts, None)
    second = next(parts, None)
    if second is None:  # one partition: workers would only add the cost of sending it
        partitions = [first] if first is not None else []
        found = _run(_Workers(plan), partitions, iter(()), distinct)
    else:
        assert first is not None
        with _workers(plan, jobs=jobs, executor=executor, client=client) as workers:
            found = _run(workers, [first, second], parts, distinct)
    lexical = [m for lex, _ in found for m in lex]
    semantic = [m for _, sem in found for m in sem]
    copies = _copies(owners)
    return Matches(
        tuple(_fan_out(lexical, copies)),
        tuple(_fan_out(semantic, copies)),
        len(owners),
        len(distinct),
    )


def _run(
    workers: _Workers,
    partitions: list[Partition],
    more: Iterator[Partition],
    distinct: dict[str, int],
) -> list[tuple[list[Match], list[Match]]]:
    """Pass 1 on each partition as it comes, then pass 2 on all of them."""
    counts = [workers.submit(frequency_pass, p) for p in partitions]
    for partition in more:
        partitions.append(partition)
        counts.append(workers.submit(frequency_pass, partition))
    frequency: Counter[str] = Counter()
    for count in counts:
        part: Counter[str] = _result(count)
        frequency.update(part)
    # len(distinct) only now: reading has finished.
    return workers.map_partitions(match_pass, partitions, rarity(frequency, len(distinct)))


def _partitions(
    texts: Iterable[str], distinct: dict[str, int], owners: list[int], size: int
) -> Iterator[Partition]:
    """Distinct texts in runs of about ``size`` characters; fills ``distinct`` and ``owners``."""
    current: list[tuple[int, str]] = []
    chars = 0
    for text in texts:
        number = distinct.get(text)
        if number is not None:  # a copy of a text already partitioned
            owners.append(number)
            continue
        number = distinct[text] = len(distinct)
        owners.append(number)
        current.append((number, text))
        chars += len(text)
        if chars >= size:
            yield tuple(current)
            current, chars = [], 0
    if current:
        yield tuple(current)


def _copies(owners: Sequence[int]) -> dict[int, list[int]]:
    """The submissions holding each distinct text."""
    copies: dict[int, list[int]] = {}
    for s, number in enumerate(owners):
        copies.setdefault(number, []).append(s)
    return copies


def _fan_out(matches: Iterable[Match], copies: dict[int, list[int]]) -> Iterator[Match]:
    for match in matches:
        for s in copies[match.submission]:
            yield replace(match, submission=s)


def _result(value: Future[_T] | _T) -> _T:
    return value.result() if isinstance(value, Future) else value


# --- where the passes run ----------------------------------------------------------


class _Workers:
    """Runs the passes on a plan: here, in a process pool, an executor or on Dask."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def submit(self, fn: Callable[..., _T], partition: Partition) -> Future[_T] | _T:
        return fn(self.plan, partition)

    def map_partitions(
        self, fn: Callable[..., _T], partitions: Sequence[Partition], weights: dict[str, float]
    ) -> list[_T]:
        return [fn(self.plan, p, weights) for p in partitions]

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class _ExecutorWorkers(_Workers):
    """Any ``concurrent.futures`` executor; the plan travels with each task."""

    def __init__(self, plan: Plan, executor: Executor, *, owned: bool = False) -> None:
        super().__init__(plan)
        self.executor = executor
        self.owned = owned

    def submit(self, fn: Callable[..., _T], partition: Partition) -> Future[_T] | _T:
        return self.executor.submit(fn, self._plan_argument(), partition)

    def map_partitions(
        self, fn: Callable[..., _T], partitions: Sequence[Partition], weights: dict[str, float]
    ) -> list[_T]:
        if len(partitions) <= 1:
            return super().map_partitions(fn, partitions, weights)
        plan = self._plan_argument()
        futures = [self.executor.submit(fn, plan, p, weights) for p in partitions]
        return [f.result() for f in futures]

    def _plan_argument(self) -> Plan | None:
        return self.plan

    def __exit__(self, *exc: object) -> None:
        if self.owned:
            self.executor.shutdown(wait=True, cancel_futures=True)


_WORKER_PLAN: Plan | None = None  # the plan of a local worker process, set once


def _install_plan(plan: Plan) -> None:
    global _WORKER_PLAN
    _WORKER_PLAN = plan


def _with_installed_plan(fn: Callable[..., _T], plan: Plan | None, *args: Any) -> _T:
    return fn(plan if plan is not None else _WORKER_PLAN, *args)


class _PoolWorkers(_ExecutorWorkers):
    """Local processes that receive the plan once, when they start."""

    def __init__(self, plan: Plan, jobs: int) -> None:
        # fork shares the loaded modules and the plan with the workers at no cost.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_install_plan,
            initargs=(plan,),
        )
        super().__init__(plan, pool, owned=True)

    def submit(self, fn: Callable[..., _T], partition: Partition) -> Future[_T] | _T:
        return self.executor.submit(_with_installed_plan, fn, None, partition)

    def map_partitions(
        self, fn: Callable[..., _T], partitions: Sequence[Partition], weights: dict[str, float]
    ) -> list[_T]:
        futures = [
            self.executor.submit(_with_installed_plan, fn, None, p, weights) for p in partitions
        ]
        return [f.result() for f in futures]


class _DaskWorkers(_Workers):
    """A Dask cluster: the plan and each partition are sent to the workers once."""

    def __init__(self, plan: Plan, client: Any) -> None:
        super().__init__(plan)
        self.client = client
        self.plan_future = client.scatter(plan, broadcast=True, hash=False)
        self.partitions: dict[int, Any] = {}

    def submit(self, fn: Callable[..., _T], partition: Partition) -> Any:
        [future] = self.client.scatter([partition], hash=False)
        self.partitions[id(partition)] = future
        return _DaskFuture(self.client.submit(fn, self.plan_future, future, pure=False))

    def map_partitions(
        self, fn: Callable[..., _T], partitions: Sequence[Partition], weights: dict[str, float]
    ) -> list[_T]:
        [weights_future] = self.client.scatter([weights], broadcast=True, hash=False)
        futures = [
            self.client.submit(
                fn, self.plan_future, self.partitions[id(p)], weights_future, pure=False
            )
            for p in partitions
        ]
        return list(self.client.gather(futures))


class _DaskFuture(Future[Any]):
    """A Dask future seen as a ``concurrent.futures`` one, for ``_result``."""

    def __init__(self, future: Any) -> None:
        super().__init__()
        self.dask_future = future

    def result(self, timeout: float | None = None) -> Any:
        return self.dask_future.result(timeout=timeout)


def _workers(plan: Plan, *, jobs: int, executor: Executor | None, client: Any) -> _Workers:
    if client is not None:
        return _DaskWorkers(plan, client)
    if executor is not None:
        return _ExecutorWorkers(plan, executor)
    if jobs > 1:
        return _PoolWorkers(plan, jobs)
    return _Workers(plan)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
