"""A minimal writer of OLE compound files (the container of HWP 5 and old Word), for fixtures.

Version 3 with 512-byte sectors. Every stream is padded to at least 4,096 bytes so that
none goes to the mini stream, which this writer does not make; readers see the padding
as part of the stream. Storages nest one level ("BodyText/Section0"). olefile reads the
result; the tests of this module check that.
"""

from __future__ import annotations

import struct

SECTOR = 512
FREE, END, FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NONE = 0xFFFFFFFF  # no sibling or child
STORAGE, STREAM, ROOT = 1, 2, 5


def compound_file(streams: dict[str, bytes]) -> bytes:
    """The bytes of a compound file holding ``streams`` (path -> data, "a/b" in a storage)."""
    padded = {path: _pad(data) for path, data in streams.items()}
    # Directory: the root, then each storage followed by its streams, then top-level streams.
    storages = sorted({path.split("/")[0] for path in padded if "/" in path})
    entries: list[dict] = [{"name": "Root Entry", "type": ROOT, "kids": []}]
    index: dict[str, int] = {}
    for name in storages:
        index[name] = len(entries)
        entries[0]["kids"].append(len(entries))
        entries.append({"name": name, "type": STORAGE, "kids": []})
    sector = 0
    for path, data in padded.items():
        parent = index[path.split("/")[0]] if "/" in path else 0
        entries[parent]["kids"].append(len(entries))
        # The padded size: a stream under 4,096 bytes would be looked for in the mini stream.
        entries.append(
            {"name": path.split("/")[-1], "type": STREAM, "start": sector, "size": len(data)}
        )
        sector += len(data) // SECTOR
    data_sectors = sector
    dir_sectors = -(-len(entries) // 4)
    fat_sectors = 1
    while (data_sectors + dir_sectors + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    # FAT: each stream a chain, then the directory chain, then the FAT's own sectors.
    fat: list[int] = []
    for count in [len(data) // SECTOR for data in padded.values()] + [dir_sectors]:
        first = len(fat)
        fat += [first + k + 1 for k in range(count - 1)] + [END]
    first_dir = len(fat) - dir_sectors
    first_fat = len(fat)
    fat += [FAT] * fat_sectors
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))
    header = _header(fat_sectors, first_dir, first_fat)
    body = b"".join(padded.values())
    directory = b"".join(_entry(entries, i) for i in range(len(entries)))
    directory += _empty_entry() * (dir_sectors * 4 - len(entries))
    return header + body + directory + struct.pack(f"<{len(fat)}I", *fat)


def _pad(data: bytes) -> bytes:
    size = max(4096, -(-len(data) // SECTOR) * SECTOR)
    return data + bytes(size - len(data))


def _header(fat_sectors: int, first_dir: int, first_fat: int) -> bytes:
    difat = [first_fat + i for i in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    return (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, fat_sectors, first_dir, 0, 4096, END, 0, END, 0)
        + struct.pack("<109I", *difat)
    )


def _entry(entries: list[dict], i: int) -> bytes:
    entry = entries[i]
    name = entry["name"].encode("utf-16-le") + b"\0\0"
    # Siblings as a chain to the right: a tree olefile walks, if not a balanced one.
    siblings = next((e["kids"] for e in entries if i in e.get("kids", [])), [])
    position = siblings.index(i) if i in siblings else -1
    right = siblings[position + 1] if 0 <= position < len(siblings) - 1 else NONE
    child = entry["kids"][0] if entry.get("kids") else NONE
    start = entry.get("start", END if entry["type"] == ROOT else 0)
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBB", len(name), entry["type"], 1)
        + struct.pack("<III", NONE, right, child)
        + bytes(16 + 4 + 8 + 8)
        + struct.pack("<IQ", start, entry.get("size", 0))
    )


def _empty_entry() -> bytes:
    return (
        bytes(64)
        + struct.pack("<HBB", 0, 0, 0)
        + struct.pack("<III", NONE, NONE, NONE)
        + bytes(16 + 4 + 8 + 8 + 4 + 8)
    )
