"""Peak memory (RSS) and CPU time of the processes under test, sampled with psutil in a thread.

A watched process counts with its children (RSS summed) unless told otherwise, sampled every `interval` seconds until
stopped. `cpu()` snapshots CPU seconds per process and for the whole machine, so a load run can
report CPU milliseconds per message per process, and how much CPU went to processes not under test.
"""
from __future__ import annotations

import threading

import psutil


def _tree(process: psutil.Process, children: bool) -> list[psutil.Process]:
    try:
        return [process, *process.children(recursive=True)] if children else [process]
    except psutil.Error:
        return []


class ProcessSampler:
    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.processes: dict[str, psutil.Process] = {}
        self.with_children: dict[str, bool] = {}
        self.peak_rss: dict[str, int] = {}
        self.peak_one: dict[str, tuple[int, int]] = {}  # (largest process's RSS, how many processes)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def watch(self, name: str, pid: int, children: bool = True) -> None:
        with self._lock:
            self.processes[name] = psutil.Process(pid)
            self.with_children[name] = children
            self.peak_rss.setdefault(name, 0)
            self.peak_one.setdefault(name, (0, 0))

    def start(self) -> ProcessSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self.sample()

    def sample(self) -> None:
        with self._lock:
            for name, process in self.processes.items():
                each = []
                for member in _tree(process, self.with_children[name]):
                    try:
                        each.append(member.memory_info().rss)
                    except psutil.Error:
                        pass
                self.peak_rss[name] = max(self.peak_rss[name], sum(each))
                largest, count = self.peak_one[name]
                self.peak_one[name] = (max(largest, max(each, default=0)), max(count, len(each)))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def cpu(self) -> dict[str, float]:
        """CPU seconds (user + system, children included) per watched process, and 'machine' in all."""
        seconds: dict[str, float] = {}
        with self._lock:
            for name, process in self.processes.items():
                total = 0.0
                for member in _tree(process, self.with_children[name]):
                    try:
                        times = member.cpu_times()
                        total += times.user + times.system
                    except psutil.Error:
                        pass
                seconds[name] = total
        machine = psutil.cpu_times()
        seconds["machine"] = machine.user + machine.system + getattr(machine, "nice", 0.0)
        return seconds


def megabytes(value: int) -> float:
    return round(value / 2**20, 1)
