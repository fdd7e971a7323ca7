"""When a file's modification time can be trusted to tell a later change."""

from __future__ import annotations

# A file whose modification time lies less than this before the moment it was read may
# change again within the same timestamp tick (FAT keeps 2 s, some network shares 1 s)
# without its size or time changing: a cache must not trust such an entry.
RACY_NS = 2_000_000_000
