"""srkit benchmarks: whole processes, several runs, medians, the reference side by side.

    python bench/bench.py                 # everything (about three minutes on 2 cores)
    python bench/bench.py --only plan     # plan | packet | progress | batch | scaling
    python bench/bench.py --runs 9 --copies 200

- plan:     the example IEP plan, against `pandoc -f markdown -t docx` on the plan's own Markdown.
- packet:   the example IEP plan and letters (--only plan,letters), against one pandoc process per
            document on the same documents' Markdown exports. Goal: ratio <= 1.0.
- progress: the progress report (with its native Word chart), against a plan. Goal <= 1.2.
- batch:    `srkit batch` over N renamed copies of the IEP example: .docx per second (goal >= 40
            on 2 cores) and the peak resident memory of the whole process tree (goal <= 350 MB).
- scaling:  plans with 50, 100, 200 and 400 snippet blocks from generated user snippet
            folders. Goal: linear (t400 <= 2.3 x t200).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "elias-okafor.yaml"  # the bundled IEP example, with a log
SRKIT = [sys.executable, "-m", "toolkit"]
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1796212800"}


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, **kwargs)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    return done


def median_time(command: list[str], runs: int, *, before=None) -> float:
    """Return the median wall-clock seconds of ``runs`` runs (after one warm-up run)."""
    if before:
        before()
    run(command)
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        run(command)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(label: str, value: str) -> None:
    print(f"  {label:<58} {value}")


def bench_plan(tmp: Path, runs: int) -> None:
    print("plan: whole-process build of the example IEP plan vs pandoc on its Markdown")
    run([*SRKIT, "build", str(CASE), "--only", "plan", "--format", "md", "-o", str(tmp / "md")])
    markdown = tmp / "md" / "elias-okafor-plan.md"
    ours = median_time(
        [*SRKIT, "build", str(CASE), "--only", "plan", "-o", str(tmp / "p"), "--force"], runs
    )
    ref = median_time(
        ["pandoc", "-f", "markdown", "-t", "docx", "-o", str(tmp / "x.docx"), str(markdown)], runs
    )
    line("srkit build --only plan", f"{ours * 1000:7.0f} ms")
    line("pandoc -f markdown -t docx (plan.md)", f"{ref * 1000:7.0f} ms")
    line("ratio srkit / pandoc", f"{ours / ref:7.2f}")


def bench_packet(tmp: Path, runs: int) -> None:
    print("packet: the example IEP plan and letters vs one pandoc process per document")
    run(
        [
            *SRKIT,
            "build",
            str(CASE),
            "--only",
            "plan,letters",
            "--format",
            "md",
            "-o",
            str(tmp / "pmd"),
        ]
    )
    exports = sorted((tmp / "pmd").glob("*.md"))
    ours = median_time(
        [*SRKIT, "build", str(CASE), "--only", "plan,letters", "-o", str(tmp / "pk"), "--force"],
        runs,
    )
    total = 0.0
    for markdown in exports:
        total += median_time(
            ["pandoc", "-f", "markdown", "-t", "docx", "-o", str(tmp / "y.docx"), str(markdown)],
            runs,
        )
    line(f"srkit build --only plan,letters ({len(exports)} documents)", f"{ours * 1000:7.0f} ms")
    line(f"pandoc, one process per document ({len(exports)})", f"{total * 1000:7.0f} ms")
    line("ratio srkit / pandoc (goal <= 1.0)", f"{ours / total:7.2f}")


def bench_progress(tmp: Path, runs: int) -> None:
    print("progress: the report (with its native Word chart) vs a plan")
    report = median_time(
        [*SRKIT, "build", str(CASE), "--only", "progress", "-o", str(tmp / "pr"), "--force"], runs
    )
    plan = median_time(
        [*SRKIT, "build", str(CASE), "--only", "plan", "-o", str(tmp / "pl"), "--force"], runs
    )
    line("srkit build --only progress", f"{report * 1000:7.0f} ms")
    line("srkit build --only plan", f"{plan * 1000:7.0f} ms")
    line("ratio progress / plan (goal <= 1.2)", f"{report / plan:7.2f}")


class TreeMemory:
    """Sample the resident memory of a process and all its descendants (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss())
            time.sleep(0.02)

    def _tree_rss(self) -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(stat[1])
                rss[int(entry.name)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        tree = {self.pid}
        grew = True
        while grew:
            grew = False
            for pid, parent in parents.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        return sum(rss.get(pid, 0) for pid in tree)


def bench_batch(tmp: Path, runs: int, copies: int) -> None:
    print(f"batch: srkit batch over {copies} renamed copies of the example IEP case")
    cases = tmp / "cases"
    cases.mkdir(exist_ok=True)
    shutil.copy(CASE.parent / "elias-okafor-log.csv", cases)
    source = CASE.read_text(encoding="utf-8")
    for i in range(copies):
        (cases / f"case-{i:03d}.yaml").write_text(
            source.replace("name: Elias Okafor", f"name: Elias Okafor {i:03d}"), encoding="utf-8"
        )
    times, peaks = [], []
    docx = 0
    for attempt in range(max(1, runs)):
        out = tmp / f"batch-{attempt}"
        start = time.perf_counter()
        process = subprocess.Popen(
            [*SRKIT, "batch", str(cases), "-o", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=ENV,
        )
        with TreeMemory(process.pid) as memory:
            process.wait()
        times.append(time.perf_counter() - start)
        peaks.append(memory.peak)
        docx = len(list(out.rglob("*.docx")))
        shutil.rmtree(out)
    seconds = statistics.median(times)
    line(f"whole process, median of {len(times)} runs", f"{seconds:7.1f} s")
    line(".docx documents written", f"{docx:7d}")
    line(".docx per second (goal >= 40)", f"{docx / seconds:7.1f}")
    line(
        "peak resident memory, whole process tree (goal <= 350 MB)", f"{max(peaks) / 2**20:7.0f} MB"
    )


SNIPPET = """---
kind: accommodation
title: Generated support {n}
summary: A generated support used to measure how build time grows.
addresses: [anxiety]
rationale: Generated for the scaling benchmark; it stands for a real accommodation.
---
Beginning {{{{ start_date }}}}, the school counselor meets {{{{ name }}}} for {n} minutes at the
front office and writes down how the morning went, every school day.

- The counselor keeps a short **daily record** of arrival and distress.
- The {{{{ plan.team }}}} reviews it every {{{{ review_every_days }}}} school days.
"""


def bench_scaling(tmp: Path, runs: int) -> None:
    print("scaling: plans with 50, 100, 200 and 400 snippet blocks")
    timings = {}
    for count in (50, 100, 200, 400):
        folder = tmp / f"snippets-{count}"
        folder.mkdir(exist_ok=True)
        for n in range(count):
            (folder / f"generated-{n:03d}.md").write_text(SNIPPET.format(n=n), encoding="utf-8")
        case = tmp / f"case-{count}.yaml"
        case.write_text(
            "srkit: 1\nstudent: { name: Scale Test, plan: iep }\nreintegration: "
            "{ start_date: 2027-01-11 }\naccommodations:\n"
            + "".join(f"  - generated-{n:03d}\n" for n in range(count)),
            encoding="utf-8",
        )
        timings[count] = median_time(
            [
                *SRKIT,
                "build",
                str(case),
                "--only",
                "plan",
                "-o",
                str(tmp / f"s{count}"),
                "--force",
                "--snippets",
                str(folder),
            ],
            runs,
        )
        line(f"{count} blocks", f"{timings[count] * 1000:7.0f} ms")
    line("t400 / t200 (goal <= 2.3)", f"{timings[400] / timings[200]:7.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="plan,packet,progress,batch,scaling")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--batch-runs", type=int, default=3)
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        print("pandoc is not installed: the reference runs cannot be made", file=sys.stderr)
        return 1
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    print(f"runs: median of {args.runs} (batch: {args.batch_runs}), whole processes\n")
    chosen = args.only.split(",")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if "plan" in chosen:
            bench_plan(tmp, args.runs)
        if "packet" in chosen:
            bench_packet(tmp, args.runs)
        if "progress" in chosen:
            bench_progress(tmp, args.runs)
        if "batch" in chosen:
            bench_batch(tmp, args.batch_runs, args.copies)
        if "scaling" in chosen:
            bench_scaling(tmp, max(3, args.runs // 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
