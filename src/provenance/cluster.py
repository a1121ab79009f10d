"""A Dask client for a run, from an address or for this machine's cores."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from typing import Any

from .errors import ModelUnavailableError, ProvenanceError

# Works from a clone as well as from the package index.
DASK_HINT = "pip install 'dask[distributed]'"


@contextlib.contextmanager
def dask_client(address: str | None) -> Iterator[Any]:
    """A ``dask.distributed.Client`` for ``address`` (``tcp://host:8786``, or ``local``
    for a cluster of this machine's cores), closed afterwards; None for no address."""
    if address is None:
        yield None
        return
    try:
        # Dask ships no type hints: its names are Any here, on purpose.
        distributed: Any = importlib.import_module("dask.distributed")
    except ImportError as e:
        raise ModelUnavailableError(f"--dask needs Dask: {DASK_HINT}") from e
    if address == "local":
        with (
            distributed.LocalCluster(processes=True, dashboard_address=None) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = distributed.Client(address, timeout="10s")
    except OSError as e:
        raise ProvenanceError(f"--dask {address}: cannot reach the scheduler ({e})") from e
    with client:
        yield client
