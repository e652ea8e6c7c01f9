"""Benchmark: the whole-process build of the Maya plan against pandoc on the same Markdown.

Each side is timed as a whole process (interpreter start-up, imports, build, save), several
runs, medians; the reference is `pandoc -f markdown -t docx` on the plan's own Markdown export.

    python bench/bench_plan.py [--runs N] [--case PATH]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASE = ROOT.parent / "shared" / "cases" / "maya-alvarez.yaml"


def timed(command: list[str], runs: int) -> list[float]:
    """Return the wall-clock seconds of ``runs`` runs of ``command`` (after one warm-up)."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--case", type=Path, default=DEFAULT_CASE)
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("pandoc is not installed: the reference cannot run", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        srkit = [sys.executable, "-m", "toolkit", "build", str(args.case), "--only", "plan"]
        subprocess.run(
            [*srkit, "--format", "md", "-o", str(out / "md")], check=True, capture_output=True
        )
        markdown = next((out / "md").glob("*-plan.md"))
        ours = timed([*srkit, "-o", str(out / "docx"), "--force"], args.runs)
        ref = timed(
            [pandoc, "-f", "markdown", "-t", "docx", "-o", str(out / "pandoc.docx"), str(markdown)],
            args.runs,
        )
    ours_ms = statistics.median(ours) * 1000
    ref_ms = statistics.median(ref) * 1000
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {Path('/proc/cpuinfo').exists() and _cpus()} cores"
    )
    print(f"runs: {args.runs} each, medians, whole process")
    print(f"srkit build (plan.docx)          {ours_ms:8.1f} ms")
    print(f"pandoc -f markdown -t docx       {ref_ms:8.1f} ms")
    print(f"ratio srkit / pandoc             {ours_ms / ref_ms:8.2f}")
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
