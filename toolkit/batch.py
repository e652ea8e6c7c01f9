"""Many cases at once: each built in a worker process into its own subfolder, one failing case
never stopping the others, and a summary at the end."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import field
from pathlib import Path

from toolkit.errors import Problem, ToolkitError
from toolkit.frozen import Frozen, Record
from toolkit.packet import Blank, Options


class BatchOptions(Frozen):
    """What every case of a batch is built with, and where its subfolder goes."""

    out_dir: Path
    build: Options
    force: bool = False


class CaseResult(Record):
    """How one case of a batch went: everything ``srkit build`` would have told about it."""

    case: Path
    folder: Path
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # errors: nothing was built
    failures: list[Problem] = field(default_factory=list)  # documents that were not written
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # new -vN drafts beside edited ones
    blanks: list[tuple[Path, tuple[Blank, ...]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return True when every document of the case was written."""
        return not self.problems and not self.failures

    @property
    def blank_count(self) -> int:
        return sum(len(blanks) for _path, blanks in self.blanks)


def find_cases(items: Iterable[Path]) -> list[Path]:
    """Return the case files named by ``items``: files as given, folders searched for *.yaml
    and *.yml (not recursively). Raises ``ToolkitError`` for a path that does not exist."""
    cases: list[Path] = []
    missing = []
    for item in items:
        if item.is_dir():
            cases += sorted(
                p for p in item.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
            )
        elif item.is_file():
            cases.append(item)
        else:
            missing.append(Problem(str(item), None, "no such file or folder"))
    if missing:
        raise ToolkitError(missing)
    return cases


def subfolders(cases: list[Path], out_dir: Path) -> list[Path]:
    """Return one output subfolder per case, each its own and inside ``out_dir``.

    A subfolder is named after its case file, with only letters, digits, ``-``, ``_`` and
    inner dots kept (so ``...yaml`` cannot name the parent folder); a name already given,
    ignoring case (as macOS and Windows do), gets ``-2``, ``-3``... until it is unused, so two
    cases never share a folder (``a.yml`` and ``a-2.yaml``: ``a`` and ``a-2``).
    """
    taken: set[str] = set()
    folders = []
    for case in cases:
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", case.stem).strip(".-") or "case"
        name, number = base, 1
        while name.casefold() in taken:
            number += 1
            name = f"{base}-{number}"
        taken.add(name.casefold())
        folders.append(out_dir / name)
    return folders


def build_one(case: Path, folder: Path, options: BatchOptions) -> CaseResult:
    """Build one case into ``folder`` through :func:`toolkit.pipeline.build_packet`; never
    raises for a problem with the case."""
    from toolkit.pipeline import build_packet
    from toolkit.write import write_packet

    result = CaseResult(case, folder)
    try:
        packet = build_packet(case, options.build)
        written = write_packet(packet, folder, force=options.force)
    except ToolkitError as exc:
        result.problems = [p for p in exc.problems if p.severity == "error"] or exc.problems
    except Exception as exc:  # a bug must not stop the batch either
        result.problems = [Problem(str(case), None, f"internal error: {type(exc).__name__}: {exc}")]
    else:
        result.written = [path for path, _file in written.files]
        result.warnings = packet.warnings + packet.layout_warnings
        result.failures = packet.failures + written.failures
        result.notes = written.notes
        for document, blanks in packet.blanks:
            first = written.first_path(document.stem)
            if first is not None:
                result.blanks.append((first, blanks))
    return result


def run_batch(
    cases: list[Path],
    options: BatchOptions,
    *,
    jobs: int | None = None,
    on_done: Callable[[CaseResult], None] | None = None,
) -> list[CaseResult]:
    """Build every case, in parallel on ``jobs`` processes (default: all cores), and return
    the results in the order of ``cases``; ``on_done`` is called as each case finishes."""
    folders = subfolders(cases, options.out_dir)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(cases)))
    results: dict[int, CaseResult] = {}
    if jobs == 1:
        for i, (case, folder) in enumerate(zip(cases, folders, strict=True)):
            results[i] = build_one(case, folder, options)
            if on_done:
                on_done(results[i])
        return [results[i] for i in range(len(cases))]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    _warm_up(options)  # imported once here, shared by the forked workers
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {
            pool.submit(build_one, case, folder, options): i
            for i, (case, folder) in enumerate(zip(cases, folders, strict=True))
        }
        for future in as_completed(futures):
            i = futures[future]
            results[i] = future.result()
            if on_done:
                on_done(results[i])
    return [results[i] for i in range(len(cases))]


def _warm_up(options: BatchOptions) -> None:
    """Import and load what every worker needs, once, before the workers are forked: the
    modules, the snippet library, srkit's own Word documents. The objects made so far are
    then left out of garbage collection (``gc.freeze``): the workers never scan them, and
    their memory stays shared with the parent's instead of being copied into each worker; and
    young objects are collected every 10,000 allocations instead of 700."""
    import gc

    import docx  # noqa: F401

    from toolkit.documents import formats, letters, plan  # noqa: F401
    from toolkit.library.snippets import load_library
    from toolkit.word import builder, fresh_copy, measure  # noqa: F401

    library = load_library(options.build.snippet_dirs)
    library.all()
    fresh_copy(formats.reference_path())
    fresh_copy(formats.letter_template_path())
    measure.text_width_pt("", 11)
    if options.build.letter_template is not None:  # (srkit's own letter template needs none)
        import docxtpl  # noqa: F401
    if options.build.only is None or "progress" in options.build.only:
        import xlsxwriter  # noqa: F401

        from toolkit.word import chart  # noqa: F401
    gc.freeze()
    # a case makes hundreds of thousands of short-lived objects: the collector's default
    # (every 700) took ~3-7 ms a case, this ~2-3 ms (0.9% fewer instructions per case)
    gc.set_threshold(10_000, 10, 10)
