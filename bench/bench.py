"""srkit benchmarks: whole processes, several runs, medians, each goal with pass or fail.

    python bench/bench.py                  # everything (about seven minutes on 2 cores)
    python bench/bench.py --only startup   # startup|plan|packet|progress|batch|scaling|serve
                                           # |compare|limits
    python bench/bench.py --runs 15 --copies 200

- startup:  `srkit --help` and `srkit check` against a bare `python -c pass`.
            Goals: --help <= 3 x, check <= 5 x (wall time). Beside them, for information:
            a process that only imports the two libraries check needs (PyYAML, Jinja).
- plan:     the example IEP plan, against `pandoc -f markdown -t docx` on the plan's own
            Markdown (for information).
- packet:   the example IEP plan and letters (--only plan,letters), against one pandoc process
            per document on the same documents' Markdown exports. Goal: <= 1.0 x, wall and CPU.
- progress: the progress report (with its native Word chart), against a plan. Goal <= 1.2 x.
- batch:    `srkit batch` over N renamed copies of the IEP example: .docx per second (goal
            >= 100 on 2 cores) and, in one more run (the sampler takes CPU from the timed
            ones), the peak resident memory of the whole process tree (goal <= 300 MB).
- scaling:  plans of 200, 400 and 2,000 snippet blocks from generated user snippet folders.
            Goals: t400 <= 2.1 x t200, t2000 <= 10.5 x t200.
- serve:    `srkit serve` on the IEP example (needs the extra srkit[serve]): the median time of
            each interview page over HTTP (goal <= 50 ms for the slowest page), and building
            the packet from the page (docx and txt) against `srkit build --format docx,txt`
            (goal <= 1.1 x, wall time).
- compare:  `srkit compare` on a 40-page school draft of the IEP example (the faithful test
            draft of tests/school_drafts.py among other IEP sections), as .docx and as a PDF
            printed by LibreOffice (issue 15). Goal: <= 2,000 ms each (wall time).
- limits:   inputs far larger than real ones (issue 17): the IEP example with a generated
            daily log of 35,000 rows (every document), and a plan of 10,000 snippet blocks,
            each built once by a whole process. Goals: the log <= 15 s of CPU and <= 400 MB peak
            resident memory (whole process tree); the blocks <= 60 s of CPU.

Every command runs as a user runs it, with Python's bytecode cache in use (a pip install
compiles it; PYTHONDONTWRITEBYTECODE is removed here so the warm-up run writes it). The last
lines list every goal with PASS or FAIL; the exit status is 1 when one fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "elias-okafor.yaml"  # the bundled IEP example, with a log
SRKIT = [sys.executable, "-m", "toolkit"]
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "SOURCE_DATE_EPOCH": "1796212800",
}


@dataclass
class Goal:
    """One goal of issue 12 and how this run did against it."""

    label: str
    value: float
    limit: float
    at_least: bool = False
    unit: str = "x"

    @property
    def met(self) -> bool:
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    def __str__(self) -> str:
        sign = ">=" if self.at_least else "<="
        digits = {"x": 2, "s": 1}.get(self.unit, 0)
        figure = f"{self.value:.{digits}f}" + ("" if self.unit == "x" else f" {self.unit}")
        goal = f"{sign} {self.limit:g}{'' if self.unit == 'x' else ' ' + self.unit}"
        return f"  {self.label:<52} {figure:>10}  goal {goal:<10} {'PASS' if self.met else 'FAIL'}"


GOALS: list[Goal] = []


def goal(label: str, value: float, limit: float, **kwargs) -> None:
    GOALS.append(Goal(label, value, limit, **kwargs))
    print(GOALS[-1])


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, **kwargs)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    return done


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """Return the median wall-clock and CPU seconds of ``runs`` runs (after a warm-up run)."""
    run(command)
    walls, cpus = [], []
    for _ in range(runs):
        cpu = children_cpu()
        start = time.perf_counter()
        run(command)
        walls.append(time.perf_counter() - start)
        cpus.append(children_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def line(label: str, value: str) -> None:
    print(f"  {label:<52} {value}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


#: What `srkit check` cannot do without: PyYAML reads the case, Jinja renders every document
#: (user snippets are Jinja templates). Importing just these is measured beside check, so the
#: bench shows how much of check's time is theirs.
CHECK_LIBRARIES = "import yaml, jinja2.sandbox"


def bench_startup(tmp: Path, runs: int) -> None:
    print("startup: commands against a bare interpreter")
    bare, bare_cpu = measure([sys.executable, "-c", "pass"], runs)
    helped, helped_cpu = measure([*SRKIT, "--help"], runs)
    checked, checked_cpu = measure([*SRKIT, "check", str(CASE)], runs)
    libraries, libraries_cpu = measure([sys.executable, "-c", CHECK_LIBRARIES], runs)
    line("python -c pass", f"{ms(bare)} wall {ms(bare_cpu)} CPU")
    line("srkit --help", f"{ms(helped)} wall {ms(helped_cpu)} CPU")
    line("srkit check (the IEP example)", f"{ms(checked)} wall {ms(checked_cpu)} CPU")
    line(f"python -c '{CHECK_LIBRARIES}'", f"{ms(libraries)} wall {ms(libraries_cpu)} CPU")
    line("  (the two libraries check reads and renders with)", f"{libraries / bare:7.2f} x bare")
    goal("srkit --help / bare python", helped / bare, 3)
    goal("srkit check / bare python", checked / bare, 5)


def bench_plan(tmp: Path, runs: int) -> None:
    print("plan: whole-process build of the IEP example's plan vs pandoc on its Markdown")
    run([*SRKIT, "build", str(CASE), "--only", "plan", "--format", "md", "-o", str(tmp / "md")])
    (markdown,) = (tmp / "md").glob("*-plan.md")
    ours, _ = measure(
        [*SRKIT, "build", str(CASE), "--only", "plan", "-o", str(tmp / "p"), "--force"], runs
    )
    ref, _ = measure(
        ["pandoc", "-f", "markdown", "-t", "docx", "-o", str(tmp / "x.docx"), str(markdown)], runs
    )
    line("srkit build --only plan", ms(ours))
    line("pandoc -f markdown -t docx (plan.md)", ms(ref))
    line("ratio srkit / pandoc (for information)", f"{ours / ref:7.2f}")


def bench_packet(tmp: Path, runs: int) -> None:
    print("packet: the IEP example's plan and letters vs one pandoc process per document")
    only = ["--only", "plan,letters"]
    run([*SRKIT, "build", str(CASE), *only, "--format", "md", "-o", str(tmp / "pmd")])
    exports = sorted((tmp / "pmd").glob("*.md"))
    wall, cpu = measure([*SRKIT, "build", str(CASE), *only, "-o", str(tmp / "pk"), "--force"], runs)
    ref_wall = ref_cpu = 0.0
    for markdown in exports:
        one_wall, one_cpu = measure(
            ["pandoc", "-f", "markdown", "-t", "docx", "-o", str(tmp / "y.docx"), str(markdown)],
            runs,
        )
        ref_wall += one_wall
        ref_cpu += one_cpu
    line(f"srkit build --only plan,letters ({len(exports)} documents)", f"{ms(wall)} wall")
    line("", f"{ms(cpu)} CPU")
    line(f"pandoc, one process per document ({len(exports)})", f"{ms(ref_wall)} wall")
    line("", f"{ms(ref_cpu)} CPU")
    goal("packet / pandoc, wall", wall / ref_wall, 1.0)
    goal("packet / pandoc, CPU", cpu / ref_cpu, 1.0)


def bench_progress(tmp: Path, runs: int) -> None:
    print("progress: the report (with its native Word chart) vs a plan")
    report, _ = measure(
        [*SRKIT, "build", str(CASE), "--only", "progress", "-o", str(tmp / "pr"), "--force"], runs
    )
    plan, _ = measure(
        [*SRKIT, "build", str(CASE), "--only", "plan", "-o", str(tmp / "pl"), "--force"], runs
    )
    line("srkit build --only progress", ms(report))
    line("srkit build --only plan", ms(plan))
    goal("progress / plan", report / plan, 1.2)


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
    times = []
    docx = 0
    # timed runs without the memory sampler: reading every process's /proc entry each 20 ms
    # takes ~4 ms of a core, which the batch on 2 cores would lose; then one run for memory
    for attempt in range(max(1, runs) + 1):
        out = tmp / f"batch-{attempt}"
        start = time.perf_counter()
        process = subprocess.Popen(
            [*SRKIT, "batch", str(cases), "-o", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=ENV,
        )
        if attempt < max(1, runs):
            if process.wait() != 0:
                sys.exit(f"failed: srkit batch {cases} (exit status {process.returncode})")
            times.append(time.perf_counter() - start)
        else:
            with TreeMemory(process.pid) as memory:
                process.wait()
        docx = len(list(out.rglob("*.docx")))
        shutil.rmtree(out)
    seconds = statistics.median(times)
    # .docx a second is no ratio: how fast the host ran shows in a bare interpreter's time
    bare, _ = measure([sys.executable, "-c", "pass"], 9)
    line("python -c pass, right after (the host's speed)", ms(bare))
    line(f"whole process, median of {len(times)} runs", f"{seconds:7.1f} s")
    line(".docx documents written", f"{docx:7d}")
    goal(".docx per second", docx / seconds, 100, at_least=True, unit="/s")
    goal("peak resident memory, whole process tree", memory.peak / 2**20, 300, unit="MB")


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
    print("scaling: plans with 200, 400 and 2,000 snippet blocks")
    timings = {}
    for count in (200, 400, 2000):
        folder = tmp / f"snippets-{count}"
        folder.mkdir(exist_ok=True)
        for n in range(count):
            (folder / f"generated-{n:04d}.md").write_text(SNIPPET.format(n=n), encoding="utf-8")
        case = tmp / f"case-{count}.yaml"
        case.write_text(
            "srkit: 1\nstudent: { name: Scale Test, plan: iep }\nreintegration: "
            "{ start_date: 2027-01-11 }\naccommodations:\n"
            + "".join(f"  - generated-{n:04d}\n" for n in range(count)),
            encoding="utf-8",
        )
        out = str(tmp / f"s{count}")
        command = [*SRKIT, "build", str(case), "--only", "plan", "-o", out, "--force"]
        timings[count], _ = measure([*command, "--snippets", str(folder)], runs)
        line(f"{count} blocks", ms(timings[count]))
    goal("t400 / t200", timings[400] / timings[200], 2.1)
    goal("t2000 / t200", timings[2000] / timings[200], 10.5)


def generated_log(rows: int) -> str:
    """Return a daily log of ``rows`` school days from the plan's start (2027-01-11): phases 1
    to 4 in stints of 5 to 3,000 days (a long stint once made the review history quadratic),
    a note on every seventh day."""
    import random

    rng = random.Random(17)
    day, phase, left = dt.date(2027, 1, 11), 1, 0
    lines = ["date,phase,entered_building,minutes,classes,distress,work_completed,notes"]
    for i in range(rows):
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        if left == 0:
            phase, left = rng.randint(1, 4), rng.choice([5, 12, 40, 300, 3000])
        left -= 1
        entered = rng.random() < 0.8
        minutes = rng.randint(20, 360) if entered else 0
        note = "Met the counselor at the side door" if i % 7 == 0 else ""
        lines.append(
            f"{day},{phase},{'yes' if entered else 'no'},{minutes},{rng.randint(0, 6)},"
            f"{rng.randint(0, 10)},{rng.randint(0, 100)},{note}"
        )
        day += dt.timedelta(days=1)
    return "\n".join(lines) + "\n"


def whole_process(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Return the CPU seconds and the peak resident memory (bytes, the whole process tree) of
    one run of ``command``."""
    cpu = children_cpu()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    )
    with TreeMemory(process.pid) as memory:
        _out, err = process.communicate()
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{err}")
    return children_cpu() - cpu, memory.peak


def bench_limits(tmp: Path, runs: int) -> None:
    print("limits: a 35,000-row daily log, a plan of 10,000 snippet blocks (whole processes)")
    folder = tmp / "limits"
    folder.mkdir()
    log = generated_log(35_000)
    (folder / "long-log.csv").write_text(log, encoding="utf-8")
    case = folder / "long-log.yaml"
    case.write_text(
        CASE.read_text(encoding="utf-8").replace("elias-okafor-log.csv", "long-log.csv"),
        encoding="utf-8",
    )
    last = log.rstrip("\n").rsplit("\n", 1)[1].split(",", 1)[0]
    after = dt.datetime.fromisoformat(last).replace(tzinfo=dt.UTC) + dt.timedelta(days=1)
    env = {**ENV, "SOURCE_DATE_EPOCH": str(int(after.timestamp()))}  # the report follows the log
    command = [*SRKIT, "build", str(case), "-o", str(folder / "out"), "--force"]
    results = [whole_process(command, env) for _ in range(max(1, runs))]
    cpu = statistics.median(r[0] for r in results)
    peak = max(r[1] for r in results)
    line(f"35,000-row log, every document ({len(log):,} bytes)", f"{cpu:7.1f} s CPU")
    goal("35,000-row log: CPU", cpu, 15, unit="s")
    goal("35,000-row log: peak resident memory", peak / 2**20, 400, unit="MB")
    snippets = folder / "snippets"
    snippets.mkdir()
    for n in range(10_000):
        (snippets / f"generated-{n:05d}.md").write_text(SNIPPET.format(n=n), encoding="utf-8")
    blocks = folder / "blocks.yaml"
    blocks.write_text(
        "srkit: 1\nstudent: { name: Scale Test, plan: iep }\nreintegration: "
        "{ start_date: 2027-01-11 }\naccommodations:\n"
        + "".join(f"  - generated-{n:05d}\n" for n in range(10_000)),
        encoding="utf-8",
    )
    command = [*SRKIT, "build", str(blocks), "--only", "plan", "--snippets", str(snippets)]
    cpu, peak = whole_process([*command, "-o", str(folder / "blocks"), "--force"], ENV)
    line("10,000 blocks, the plan", f"{cpu:7.1f} s CPU {peak / 2**20:7.0f} MB")
    goal("10,000 blocks: CPU", cpu, 60, unit="s")


def bench_serve(tmp: Path, runs: int) -> None:
    import re

    import httpx

    print("serve: interview pages over HTTP, and building from the page vs srkit build")
    folder = tmp / "served"
    folder.mkdir()
    shutil.copy(CASE, folder / CASE.name)
    shutil.copy(CASE.with_name("elias-okafor-log.csv"), folder / "elias-okafor-log.csv")
    server = subprocess.Popen(
        [*SRKIT, "serve", str(folder), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=ENV,
    )
    try:
        assert server.stdout is not None
        match = re.search(r"(http://127\.0\.0\.1:\d+)(/\?token=\S+)", server.stdout.readline())
        if not match:
            sys.exit("srkit serve did not print its address (is srkit[serve] installed?)")
        base, opening = match.groups()
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(100):
                try:
                    client.get(opening)
                    break
                except httpx.ConnectError:
                    time.sleep(0.1)
            steps = ["student", "barriers", "accommodations", "interventions", "return-plan"]
            steps += ["credit", "people", "letters"]
            medians = {}
            for step in steps:
                path = f"/case/{CASE.name}/step/{step}"
                client.get(path).raise_for_status()  # warm-up
                times = []
                for _ in range(max(runs, 15)):
                    start = time.perf_counter()
                    client.get(path).raise_for_status()
                    times.append(time.perf_counter() - start)
                medians[step] = statistics.median(times)
                line(f"GET step {step}", f"{medians[step] * 1000:7.1f} ms")
            goal("slowest interview page, median", max(medians.values()) * 1000, 50, unit="ms")
            page = client.get(f"/case/{CASE.name}/review").text
            found = re.search(r'name="csrf" value="([^"]+)"', page)
            assert found is not None
            form, headers = {"csrf": found.group(1)}, {"Origin": base}

            def build_from_page() -> float:
                start = time.perf_counter()
                client.post(
                    f"/case/{CASE.name}/build", data=form, headers=headers
                ).raise_for_status()
                return time.perf_counter() - start

            build_from_page()
            page_time = statistics.median(build_from_page() for _ in range(runs))
    finally:
        server.terminate()
        server.wait(timeout=10)
    command = [*SRKIT, "build", str(folder / CASE.name), "--format", "docx,txt", "--force"]
    cli, _cpu = measure([*command, "-o", str(tmp / "serve-cli")], runs)
    line("build from the page (POST, docx and txt)", ms(page_time))
    line("srkit build --format docx,txt (whole process)", ms(cli))
    goal("build from the page / srkit build", page_time / cli, 1.1)


def school_draft_40_pages(tmp: Path) -> tuple[Path, Path, int]:
    """Return a school draft of the IEP example of at least 40 pages as .docx and as PDF
    (printed by LibreOffice), and its page count."""
    sys.path.insert(0, str(ROOT / "tests"))
    import pypdfium2
    from school_drafts import make_drafts, write_docx

    draft = make_drafts(CASE)["faithful"]
    base = list(draft.blocks)

    def other_sections(count: int) -> list[tuple[str, object]]:
        blocks: list[tuple[str, object]] = []
        for i in range(1, count + 1):
            if i % 6 == 1:
                blocks.append(("heading", f"Present Levels, Area {i // 6 + 1}"))
            blocks.append(
                (
                    "para",
                    f"Progress note {i}: in the reporting window the teacher recorded {i % 9 + 1} "
                    "work samples in reading, writing and mathematics, scored on the district "
                    f"rubric at level {i % 4 + 1} of 4. The next benchmark is scheduled for the "
                    "spring window, and the results are shared with the family at the review "
                    "meeting together with the classroom observations and the work samples.",
                )
            )
        return blocks

    count = 150
    docx, pdf, pages = tmp / "school-draft-40.docx", tmp / "school-draft-40.pdf", 0
    for _ in range(3):
        draft.blocks = base + other_sections(count)
        write_docx(draft, docx)
        profile = f"-env:UserInstallation={(tmp / 'lo').as_uri()}"
        run(
            [
                "soffice",
                "--headless",
                profile,
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp),
                str(docx),
            ]
        )
        pages = len(pypdfium2.PdfDocument(str(pdf)))
        if pages >= 40:
            break
        count = int(count * 42 / pages) + 10
    return docx, pdf, pages


def bench_compare(tmp: Path, runs: int) -> None:
    print("compare: srkit compare on a 40-page school draft")
    if shutil.which("soffice") is None:
        print("  LibreOffice is not installed: the drafts cannot be printed; skipped")
        return
    docx, pdf, pages = school_draft_40_pages(tmp)
    for draft in (docx, pdf):
        out = str(tmp / "cmp")
        wall, _ = measure([*SRKIT, "compare", str(draft), str(CASE), "-o", out, "--force"], runs)
        goal(f"srkit compare, {pages}-page {draft.suffix} draft", wall * 1000, 2000, unit="ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default="startup,plan,packet,progress,batch,scaling,serve,compare,limits"
    )
    parser.add_argument("--runs", type=int, default=9)
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
    benches = {
        "startup": lambda tmp: bench_startup(tmp, args.runs),
        "plan": lambda tmp: bench_plan(tmp, args.runs),
        "packet": lambda tmp: bench_packet(tmp, args.runs),
        "progress": lambda tmp: bench_progress(tmp, args.runs),
        "batch": lambda tmp: bench_batch(tmp, args.batch_runs, args.copies),
        "scaling": lambda tmp: bench_scaling(tmp, max(3, args.runs // 3)),
        "compare": lambda tmp: bench_compare(tmp, max(3, args.runs // 3)),
        "serve": lambda tmp: bench_serve(tmp, args.runs),
        "limits": lambda tmp: bench_limits(tmp, max(1, args.runs // 3)),
    }
    with tempfile.TemporaryDirectory() as name:
        for key, bench in benches.items():
            if key in chosen:
                bench(Path(name))
                print()
    print("goals (issues 12, 13, 15 and 17):")
    for item in GOALS:
        print(item)
    return 0 if all(item.met for item in GOALS) else 1


if __name__ == "__main__":
    sys.exit(main())
