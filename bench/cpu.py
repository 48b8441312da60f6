"""Where a benchmark's CPU went: per process (with its children) and for the whole machine.

Read from /proc, so figures are exact CPU seconds rather than samples; elsewhere they are 0.
"""

from __future__ import annotations

import os
from pathlib import Path


def process_table() -> dict[int, tuple[int, str, float]]:
    """pid -> (parent pid, command name, CPU seconds so far), from /proc (empty elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK")
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        table[int(stat.parent.name)] = (
            int(fields[1]),
            name,
            (int(fields[11]) + int(fields[12])) / tick,
        )
    return table


def cpu_seconds(table: dict[int, tuple[int, str, float]], pid: int) -> float:
    """CPU time of process ``pid`` and its descendants (a worker's pool processes)."""
    family = {pid}
    for _ in range(4):
        family |= {child for child, (parent, _, _) in table.items() if parent in family}
    return sum(table[member][2] for member in family if member in table)


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent outside idle so far (every process, every core)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def snapshot(processes: dict[str, int], services: tuple[str, ...] = ()) -> dict[str, float]:
    """CPU seconds so far of each named process (by pid), of every process of each service
    (by command name, e.g. ``postgres``), of this bench, and of the machine."""
    table = process_table()
    taken = {name: cpu_seconds(table, pid) for name, pid in processes.items()}
    for service in services:
        taken[service] = sum(cpu for _, name, cpu in table.values() if name == service)
    taken["bench"] = table.get(os.getpid(), (0, "", 0.0))[2]
    taken["machine"] = machine_busy_seconds()
    return taken


def per_unit(before: dict[str, float], after: dict[str, float], units: int, unit: str) -> str:
    """``cpu ms per <unit>: name x, ...`` between two snapshots."""
    if not units:
        return f"cpu ms per {unit}: no {unit}s"
    parts = [f"{name} {(after[name] - before[name]) / units * 1000:.1f}" for name in after]
    return f"cpu ms per {unit}: " + ", ".join(parts)
