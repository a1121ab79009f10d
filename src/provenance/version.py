"""The installed version of policy-provenance, recorded with every run."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

TOOL_NAME = "policy-provenance"

try:
    __version__ = version(TOOL_NAME)
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
