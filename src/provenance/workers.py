"""Where the matching passes run: here, in local processes, on an executor or on Dask.

Each kind of workers takes a pass function and partitions of submission texts, and
gives back what the function returns for each, in order. The plan (what every
partition is matched against) reaches each worker once where the kind allows it: at
process start for the local pool, broadcast for Dask, with every task otherwise.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .engine import Partition, Plan

_T = TypeVar("_T")


def result(value: Future[_T] | _T) -> _T:
    """The value of what ``Workers.submit`` returned."""
    return value.result() if isinstance(value, Future) else value


class Workers:
    """Runs the passes on a plan: here, in a process pool, an executor or on Dask."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def submit(self, fn: Callable[..., _T], partition: Partition) -> Future[_T] | _T:
        return fn(self.plan, partition)

    def map_partitions(
        self, fn: Callable[..., _T], partitions: Sequence[Any], weights: dict[str, float]
    ) -> list[_T]:
        return [fn(self.plan, p, weights) for p in partitions]

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class ExecutorWorkers(Workers):
    """Any ``concurrent.futures`` executor; the plan travels with each task."""

    def __init__(self, plan: Plan, executor: Executor, *, owned: bool = False) -> None:
        super().__init__(plan)
        self.executor = executor
        self.owned = owned

    def submit(self, fn: Callable[..., _T], partition: Partition) -> Future[_T] | _T:
        return self.executor.submit(fn, self.plan, partition)

    def map_partitions(
        self, fn: Callable[..., _T], partitions: Sequence[Any], weights: dict[str, float]
    ) -> list[_T]:
        if len(partitions) <= 1:
            return super().map_partitions(fn, partitions, weights)
        futures = [self.executor.submit(fn, self.plan, p, weights) for p in partitions]
        return [f.result() for f in futures]

    def __exit__(self, *exc: object) -> None:
        if self.owned:
            self.executor.shutdown(wait=True, cancel_futures=True)


_WORKER_PLAN: Plan | None = None  # the plan of a local worker process, set once


def _install_plan(plan: Plan) -> None:
    global _WORKER_PLAN
    _WORKER_PLAN = plan


def _with_installed_plan(fn: Callable[..., _T], plan: Plan | None, *args: Any) -> _T:
    return fn(plan if plan is not None else _WORKER_PLAN, *args)


class PoolWorkers(ExecutorWorkers):
    """Local processes that receive the plan once, when they start."""

    def __init__(self, plan: Plan, jobs: int) -> None:
        # fork shares the loaded modules and the plan with the workers at no cost; it is
        # unsafe in a process running other threads (a Dask client, a notebook's), where
        # forkserver starts workers from a clean process instead.
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods and threading.active_count() == 1:
            method: str | None = "fork"
        else:
            method = "forkserver" if "forkserver" in methods else None
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
        self, fn: Callable[..., _T], partitions: Sequence[Any], weights: dict[str, float]
    ) -> list[_T]:
        futures = [
            self.executor.submit(_with_installed_plan, fn, None, p, weights) for p in partitions
        ]
        return [f.result() for f in futures]


class DaskWorkers(Workers):
    """A Dask cluster: the plan is broadcast to the workers once, each piece of work is
    scattered to one worker (not embedded in the task graph)."""

    def __init__(self, plan: Plan, client: Any) -> None:
        super().__init__(plan)
        self.client = client
        self.plan_future = client.scatter(plan, broadcast=True, hash=False)

    def submit(self, fn: Callable[..., _T], partition: Partition) -> Any:
        future = self.client.submit(fn, self.plan_future, self._sent(partition), pure=False)
        return _DaskFuture(future)

    def map_partitions(
        self, fn: Callable[..., _T], partitions: Sequence[Any], weights: dict[str, float]
    ) -> list[_T]:
        if not partitions:
            return []
        [weights_future] = self.client.scatter([weights], broadcast=True, hash=False)
        futures = [
            self.client.submit(fn, self.plan_future, self._sent(p), weights_future, pure=False)
            for p in partitions
        ]
        return list(self.client.gather(futures))

    def _sent(self, work: Any) -> Any:
        [future] = self.client.scatter([work], hash=False)
        return future


class _DaskFuture(Future[Any]):
    """A Dask future seen as a ``concurrent.futures`` one, for ``result``."""

    def __init__(self, future: Any) -> None:
        super().__init__()
        self.dask_future = future

    def result(self, timeout: float | None = None) -> Any:
        return self.dask_future.result(timeout=timeout)


def workers_for(plan: Plan, *, jobs: int, executor: Executor | None, client: Any) -> Workers:
    if client is not None:
        return DaskWorkers(plan, client)
    if executor is not None:
        return ExecutorWorkers(plan, executor)
    if jobs > 1:
        return PoolWorkers(plan, jobs)
    return Workers(plan)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
