"""How much memory this process may still take: the container's (cgroup's) limit where one applies, else the
machine's available memory. Read before a large allocation, so that a model or file too large is refused with
a message instead of the process being killed by the kernel."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")
MEMINFO = Path("/proc/meminfo")


def available_memory(cgroup: Path = CGROUP, meminfo: Path = MEMINFO) -> int | None:
    """Bytes still available, the smaller of the cgroup's room and MemAvailable; None when neither can be read."""
    found = [room for room in (_cgroup_room(cgroup), _mem_available(meminfo)) if room is not None]
    return min(found) if found else None


def _cgroup_room(cgroup: Path) -> int | None:
    for limit_file, usage_file in (("memory.max", "memory.current"),  # cgroup v2
                                   ("memory/memory.limit_in_bytes", "memory/memory.usage_in_bytes")):  # v1
        with suppress(OSError, ValueError):
            text = (cgroup / limit_file).read_text(encoding="ascii").strip()
            if text == "max" or int(text) >= 2**60:  # no limit (v1 writes a huge number)
                return None
            used = int((cgroup / usage_file).read_text(encoding="ascii").strip())
            return max(0, int(text) - used)
    return None


def _mem_available(meminfo: Path) -> int | None:
    with suppress(OSError, ValueError):
        for line in meminfo.read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return None


def size_text(size: float) -> str:
    """Bytes as a person writes them: 512 kB, 12.3 MB, 8.1 GB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}" if size < 100 * scale else f"{size / scale:.0f} {unit}"
    return f"{int(size)} bytes"
