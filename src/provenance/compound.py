"""OLE compound files (Word 97-2003 ``.doc``, HWP 5): checks before olefile reads one."""

from __future__ import annotations

import struct

from .errors import CorruptDocumentError


def check_header(data: bytes, name: str, kind: str) -> None:
    """Refuse a compound file whose header gives sector sizes the format does not have.

    A sector is 512 or 4,096 bytes (a shift of 9 or 12) and a mini sector 64 (6).
    olefile computes ``2 ** shift`` of whatever the header holds, and with random bytes
    there fails formatting a number of thousands of digits for a log message.
    """
    if len(data) < 34:
        return  # olefile says the file is too short
    sector, mini = struct.unpack_from("<HH", data, 30)
    if sector not in (9, 12) or mini != 6:
        raise CorruptDocumentError(
            name, f"not a valid {kind} (its compound-file header is damaged); is it complete?"
        )
