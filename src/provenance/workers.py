"""Where the matching passes run: here, in local processes, on an executor or on Dask.

Each kind of workers takes a function and pieces of work, and gives back what the
function returns for each, in order. Every call also gets the payload the workers were
made with (for the engine, its plan: what every partition is matched against), which
reaches each worker once where the kind allows it: at process start for the local pool,
broadcast for Dask, with every task otherwise.

The local pool's processes end with the process that started them, however it ends
(``_end_with``): they are not left running, orphaned, when it is killed.
"""

from __future__ import annotations

import collections
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar, cast

PayloadT = TypeVar("PayloadT")  # what every call gets first: the engine's plan
_W = TypeVar("_W")  # a piece of work: the engine's partitions and pass-2 jobs
_S = TypeVar("_S")  # what every piece of one ``imap_partitions`` shares: rarity weights
_T = TypeVar("_T")


def result(value: Future[_T] | _T) -> _T:
    """The value of what ``Workers.submit`` returned."""
    return value.result() if isinstance(value, Future) else value


class Workers(Generic[PayloadT]):
    """Runs functions of a payload and a piece of work: here, in a process pool, an
    executor or on Dask."""

    def __init__(self, payload: PayloadT) -> None:
        self.payload = payload

    def submit(self, fn: Callable[[PayloadT, _W], _T], work: _W) -> Future[_T] | _T:
        return fn(self.payload, work)

    def imap_partitions(
        self, fn: Callable[[PayloadT, _W, _S], _T], works: Iterable[_W], shared: _S
    ) -> Iterator[_T]:
        """What ``fn`` gives for each piece, in order, with at most ``in_flight()``
        pieces sent and not yet answered: pieces made lazily are never all held."""
        for w in works:
            yield fn(self.payload, w, shared)

    def in_flight(self) -> int:
        """How many pieces may be out at once: two a worker, so none waits for work."""
        return 1

    def __enter__(self) -> Workers[PayloadT]:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class ExecutorWorkers(Workers[PayloadT]):
    """Any ``concurrent.futures`` executor; the payload travels with each task."""

    def __init__(self, payload: PayloadT, executor: Executor, *, owned: bool = False) -> None:
        super().__init__(payload)
        self.executor = executor
        self.owned = owned

    def submit(self, fn: Callable[[PayloadT, _W], _T], work: _W) -> Future[_T] | _T:
        return self.executor.submit(fn, self.payload, work)

    def imap_partitions(
        self, fn: Callable[[PayloadT, _W, _S], _T], works: Iterable[_W], shared: _S
    ) -> Iterator[_T]:
        return _windowed((lambda w: self._submit_shared(fn, w, shared)), works, self.in_flight())

    def _submit_shared(self, fn: Callable[[PayloadT, _W, _S], _T], work: _W, shared: _S) -> Any:
        return self.executor.submit(fn, self.payload, work, shared)

    def in_flight(self) -> int:
        workers = getattr(self.executor, "_max_workers", None) or os.cpu_count() or 1
        return 2 * int(workers)

    def __exit__(self, *exc: object) -> None:
        if self.owned:
            self.executor.shutdown(wait=True, cancel_futures=True)


# The payload of a local worker process, set once when it starts. Its type is that of
# the pool's ``PayloadT``, which a module variable cannot name.
_WORKER_PAYLOAD: object = None


def _start_worker(main: int, payload: object) -> None:
    """The local pool's initializer: tie the worker's life to ``main``'s, keep the payload."""
    global _WORKER_PAYLOAD
    # A forked worker shares its parent's memory until it writes to it, and the cyclic
    # collector writes to every object it walks: frozen, the inherited ones are never
    # walked, so a worker forked beside a large parent stays small.
    gc.freeze()
    _end_with(main)
    _WORKER_PAYLOAD = payload


def _with_installed_payload(fn: Callable[..., _T], *args: object) -> _T:
    return fn(_WORKER_PAYLOAD, *args)


class PoolWorkers(ExecutorWorkers[PayloadT]):
    """Local processes that receive the payload once, when they start, and end when the
    process that started them does."""

    def __init__(self, payload: PayloadT, jobs: int) -> None:
        # fork shares the loaded modules and the payload with the workers at no cost; it
        # is unsafe in a process running other threads (a Dask client, a notebook's),
        # where forkserver starts workers from a clean process instead.
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods and threading.active_count() == 1:
            method: str | None = "fork"
        else:
            method = "forkserver" if "forkserver" in methods else None
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_start_worker,
            initargs=(os.getpid(), payload),
        )
        super().__init__(payload, pool, owned=True)

    def submit(self, fn: Callable[[PayloadT, _W], _T], work: _W) -> Future[_T] | _T:
        return self.executor.submit(_with_installed_payload, fn, work)

    def _submit_shared(self, fn: Callable[[PayloadT, _W, _S], _T], work: _W, shared: _S) -> Any:
        return self.executor.submit(_with_installed_payload, fn, work, shared)


def _windowed(submit: Callable[[_W], Any], works: Iterable[_W], window: int) -> Iterator[_T]:
    """The results of ``submit(work)`` futures, in order, at most ``window`` unanswered."""
    pending: collections.deque[Any] = collections.deque()
    for work in works:
        pending.append(submit(work))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# --- a local worker ends with the main process ----------------------------------------
#
# A worker left behind by a killed main process would block for ever on the pool's task
# queue: it holds both ends of the queue's pipe, so nothing it reads tells it the main
# process is gone. Two things tell it instead, each covering what the other misses:
#
# * on Linux the kernel sends ``_PARENT_DEATH_SIGNAL`` when the worker's parent ends: at
#   once, even in C code, but only for the parent (strictly, the thread that forked it:
#   under fork the thread running the pool, which outlives it). Under forkserver the
#   parent is the forkserver, which outlives the main process for as long as any of its
#   workers does (each holds the write end of its "alive" pipe);
# * everywhere, a thread of the worker watches the main process itself (``_watch``).
#
# Once the workers end, the forkserver sees its "alive" pipe closed and ends too, and the
# resource tracker after it.

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# SIGKILL, not SIGTERM: a worker has nothing to clean up, and must end even in C code.
_PARENT_DEATH_SIGNAL = signal.SIGKILL
_WATCH_SECONDS = 0.5  # the longest a worker outlives the main process, when it has to poll
_ORPHANED = 1  # exit status of a worker whose main process has ended; nobody reads it


def _end_with(main: int) -> None:
    """End this worker process when the process ``main`` ends, however it ends."""
    parent = os.getppid()  # main under fork and spawn; the forkserver under forkserver
    if sys.platform == "linux":
        _set_parent_death_signal()
    watcher = threading.Thread(
        target=_watch, args=(main, parent), name="provenance-end-with-main", daemon=True
    )
    watcher.start()


def _set_parent_death_signal() -> None:
    """Have Linux kill this process when its parent ends (prctl ``PR_SET_PDEATHSIG``)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(_PARENT_DEATH_SIGNAL), 0, 0, 0)
    except (OSError, AttributeError):  # no prctl in this C library: the watcher suffices
        pass


def _watch(main: int, parent: int) -> None:
    """Wait for the main process to end, then end this process at once, without cleanup."""
    main_process = multiprocessing.parent_process()
    while not _main_ended(main, parent, main_process):
        pass
    os._exit(_ORPHANED)


def _main_ended(main: int, parent: int, main_process: BaseProcess | None) -> bool:
    """Whether the main process (pid ``main``) has ended; waits up to ``_WATCH_SECONDS``.

    Any of three signs tells:

    * the pipe that multiprocessing gives a worker from the process that started it
      (``main_process``) is closed: at once, on every start method and system, even
      while the ended process lingers as a zombie. But under fork a worker also holds
      the pipes of the workers forked before it, which see them closed only once it has
      ended itself;
    * the worker's parent (``parent`` when it started) has changed: it ended and the
      orphan was adopted (on POSIX; Windows goes on giving the old pid);
    * the pid ``main`` is free: the main process ended and its exit was collected.
    """
    if main_process is not None:
        main_process.join(_WATCH_SECONDS)
        if not main_process.is_alive():
            return True
    else:
        time.sleep(_WATCH_SECONDS)
    return os.getppid() != parent or not _running(main)


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists, as far as can be told without touching it."""
    if os.name != "posix":  # os.kill(pid, 0) on Windows would terminate it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # the pid is another user's process: not told, keep going
        return True
    return True


class DaskWorkers(Workers[PayloadT]):
    """A Dask cluster: the payload is broadcast to the workers once, each piece of work is
    scattered to one worker (not embedded in the task graph)."""

    def __init__(self, payload: PayloadT, client: Any) -> None:
        super().__init__(payload)
        self.client = client
        self.payload_future = client.scatter(payload, broadcast=True, hash=False)

    def submit(self, fn: Callable[[PayloadT, _W], _T], work: _W) -> Future[_T] | _T:
        future = self.client.submit(fn, self.payload_future, self._sent(work), pure=False)
        return _DaskFuture(future)

    def imap_partitions(
        self, fn: Callable[[PayloadT, _W, _S], _T], works: Iterable[_W], shared: _S
    ) -> Iterator[_T]:
        shared_future: Any = None

        def submit(work: _W) -> Any:
            nonlocal shared_future
            if shared_future is None:  # scattered once, when there is work to share it
                [shared_future] = self.client.scatter([shared], broadcast=True, hash=False)
            future = self.client.submit(
                fn, self.payload_future, self._sent(work), shared_future, pure=False
            )
            return _DaskFuture(future)

        return _windowed(submit, works, self.in_flight())

    def in_flight(self) -> int:
        return 2 * max(1, int(sum(self.client.nthreads().values())))

    def _sent(self, work: object) -> Any:
        [future] = self.client.scatter([work], hash=False)
        return future


class _DaskFuture(Future[_T]):
    """A Dask future seen as a ``concurrent.futures`` one, for ``result``."""

    def __init__(self, future: Any) -> None:
        super().__init__()
        self.dask_future = future

    def result(self, timeout: float | None = None) -> _T:
        return cast(_T, self.dask_future.result(timeout=timeout))


def workers_for(
    payload: PayloadT, *, jobs: int, executor: Executor | None, client: Any
) -> Workers[PayloadT]:
    """The workers that the arguments of ``engine.run_passes`` ask for."""
    if client is not None:
        return DaskWorkers(payload, client)
    if executor is not None:
        return ExecutorWorkers(payload, executor)
    if jobs > 1:
        return PoolWorkers(payload, jobs)
    return Workers(payload)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
