"""OLE compound files, the container of an old .doc and of a password-protected .docx."""

from __future__ import annotations

import struct


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (CFB version 3) holding ``streams``: the container Office
    uses for a password-protected document (EncryptionInfo + EncryptedPackage)."""
    sector, end, free, fat_sector = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    data, fat, starts, sizes = b"", [fat_sector, end], [], []
    for content in streams.values():
        content = content.ljust(4096, b"\0")  # at the mini-stream cutoff: regular sectors
        count = -(-len(content) // sector)
        start = 2 + len(data) // sector
        starts.append(start)
        sizes.append(len(content))
        fat += [start + i + 1 for i in range(count - 1)] + [end]
        data += content.ljust(count * sector, b"\0")
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, right: int = free,
              child: int = free) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, right, child) + b"\0" * 36
                + struct.pack("<IQ", start, size))

    entries = [entry("Root Entry", 5, end, 0, child=1)]
    names = list(streams)
    for index, name in enumerate(names):
        entries.append(entry(name, 2, starts[index], sizes[index],
                             right=index + 2 if index + 1 < len(names) else free))
    directory = b"".join(entries).ljust(sector, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *([free] * 108)))
    assert len(header) == sector
    return header + struct.pack("<128I", *fat) + directory + data
