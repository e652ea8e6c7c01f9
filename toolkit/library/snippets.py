"""Load, check and look up snippets: Markdown files with YAML front matter.

A snippet's id is its file name; its front matter declares kind, title, summary, the barriers
it addresses, the plan types it fits, its parameters with defaults, a rationale and citations.
Loading checks all of that, plus that every variable the body uses is a declared parameter or
part of the documented context, and reports problems at the snippet file's own lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from toolkit.case.load import Document, load_yaml, read_text
from toolkit.case.types import BARRIERS
from toolkit.errors import Problem, ToolkitError, did_you_mean
from toolkit.frozen import Frozen
from toolkit.resources import resource_dir

if TYPE_CHECKING:
    from toolkit.library.front_matter import FrontMatter, ParamModel

KINDS = ("accommodation", "intervention", "phase", "credit-recovery", "block")
PhaseTarget = Literal["half", "three-quarters", "ninety-percent", "none"]
PHASE_TARGETS: tuple[str, ...] = get_args(PhaseTarget)
#: The share of the school day each named phase target stands for ("none": no minute target).
PHASE_TARGET_SHARES = {"half": 0.5, "three-quarters": 0.75, "ninety-percent": 0.9}


def target_minutes(rule: int | str, day_minutes: int) -> int | None:
    """Return the minute target a phase's ``target`` rule gives on a school day of
    ``day_minutes``: a number as it is, a named share rounded half up, ``None`` for none."""
    from toolkit.text import round_half_up

    if isinstance(rule, int):
        return rule
    share = PHASE_TARGET_SHARES.get(rule)
    return None if share is None else round_half_up(day_minutes * share)


PHASE_TEXT_FIELDS = ("length", "attendance", "goal", "move_on", "hold", "step_back")
PHASE_LIST_FIELDS = ("steps", "supports", "data")

#: Names every snippet body may use without declaring them (see docs/snippets.md).
CONTEXT_NAMES = frozenset(
    {
        "name",
        "full_name",
        "they",
        "them",
        "their",
        "theirs",
        "themself",
        "They",
        "Them",
        "Their",
        "v",
        "plan",
        "school",
        "grade",
        "secondary",
        "school_day_minutes",
        "start_date",
        "review_every_days",
        "decisions",
        "chosen",
        "evaluation_requested",
        "adopted",
        "has_credit_recovery",
        "young",
        "first_phase",
    }
)
PHASE_CONTEXT_NAMES = frozenset({"phase_target"})
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


PlanKind = Literal["iep", "504", "none"]
_BLANK_RE = re.compile(r"^\[([^\[\]]+)\]$")


class ParamSpec(Frozen):
    """A snippet parameter. A ``decision`` stands for something the team must name (who,
    where, how much, what latest time, which courses): its default is a bracketed label,
    ``"[room for breaks]"``, printed as a highlighted blank. A ``manner`` parameter is a true
    option of how something is done: its default reads correctly on its own. A default may
    also be a mapping by plan type (``{iep: case manager, "504": ..., none: ...}``).
    """

    default: str | int | float | dict[str, str]
    description: str
    kind: Literal["decision", "manner"] = "manner"

    def value(self, plan_kind: str) -> Any:
        """Return the default for a plan of ``plan_kind``: a ``Placeholder`` for a decision."""
        from toolkit.text import Placeholder

        default: str | int | float
        if isinstance(self.default, dict):
            by_plan: dict[str, str] = dict(self.default.items())
            default = by_plan.get(plan_kind) or next(iter(by_plan.values()))
        else:
            default = self.default
        if self.kind == "decision" and isinstance(default, str):
            match = _BLANK_RE.match(default.strip())
            if match:
                return Placeholder(match.group(1).strip())
        return default

    def shown(self) -> str | int | float | dict[str, str]:
        """Return the default as `snippets list --json` and `snippets show` print it."""
        if isinstance(self.default, dict):
            return {str(plan): text for plan, text in self.default.items()}
        return self.default


class PhaseSpec(Frozen):
    """A phase snippet's rules and texts: its minute target, what it asks of the day, and
    when the team moves on, holds or steps back."""

    target: int | PhaseTarget
    attendance: str
    goal: str
    steps: list[str]
    supports: list[str]
    data: list[str]
    move_on: str
    hold: str
    step_back: str
    length: str | None = None


class Snippet(Frozen):
    """One validated snippet."""

    id: str
    kind: str
    title: str
    summary: str
    addresses: tuple[str, ...]
    plans: tuple[str, ...]
    params: dict[str, ParamSpec]
    rationale: str
    citations: tuple[str, ...]
    body: str
    path: str
    body_line: int
    phase: PhaseSpec | None = None
    builtin: bool = True
    warnings: tuple[Problem, ...] = ()

    def defaults(self, plan_kind: str = "none") -> dict[str, Any]:
        """Return the parameter defaults for a plan of ``plan_kind``, by name (a decision's
        default is a ``Placeholder``: a highlighted blank listed at build time)."""
        return {name: spec.value(plan_kind) for name, spec in self.params.items()}


class Library:
    """All snippets by id: the built-in ones are read when first asked for, a user's folders
    are read (and fully checked) up front. Records which built-in ids user folders replaced.
    """

    def __init__(
        self,
        paths: dict[str, Path],
        loaded: dict[str, Snippet] | None = None,
        replaced: list[tuple[str, str]] | None = None,
    ) -> None:
        self._paths = dict(paths)
        self._loaded = dict(loaded or {})
        self.replaced = list(replaced or [])
        self.warnings = [w for snippet in self._loaded.values() for w in snippet.warnings]

    def get(self, snippet_id: str) -> Snippet | None:
        """Return the snippet ``snippet_id``, or ``None`` when the library has no such id."""
        snippet = self._loaded.get(snippet_id)
        if snippet is None and snippet_id in self._paths:
            snippet = _load_builtin_snippet(self._paths[snippet_id])
            self._loaded[snippet_id] = snippet
        return snippet

    def __getitem__(self, snippet_id: str) -> Snippet:
        snippet = self.get(snippet_id)
        if snippet is None:
            raise KeyError(snippet_id)
        return snippet

    def __contains__(self, snippet_id: object) -> bool:
        return snippet_id in self._loaded or snippet_id in self._paths

    def all(self) -> list[Snippet]:
        """Return every snippet, sorted by id (reads any not yet read)."""
        return [self[snippet_id] for snippet_id in self.ids()]

    def ids(self, kind: str | None = None) -> list[str]:
        """Return the ids (of ``kind``, when given), sorted."""
        every = sorted(set(self._paths) | set(self._loaded))
        if kind is None:
            return every
        return [snippet_id for snippet_id in every if self[snippet_id].kind == kind]

    def barriers(self) -> tuple[str, ...]:
        """Return every barrier id the case format or a snippet knows."""
        extra = sorted({b for s in self.all() for b in s.addresses} - set(BARRIERS))
        return (*BARRIERS, *extra)


def load_library(user_dirs: Iterable[str | Path] = ()) -> Library:
    """Return the built-in library with each user folder's snippets added (later ones win).

    Raises ``ToolkitError`` listing every problem in every user snippet.
    """
    paths = dict(_builtin_paths())
    loaded: dict[str, Snippet] = {}
    replaced: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for folder in user_dirs:
        folder = Path(folder)
        if not folder.is_dir():
            problems.append(
                Problem(str(folder), None, "snippet folder not found", "check the --snippets path")
            )
            continue
        found, folder_problems = _load_folder(folder, builtin=False)
        problems.extend(folder_problems)
        for snippet in found.values():
            if snippet.id in paths or snippet.id in loaded:
                replaced.append((snippet.id, snippet.path))
            paths.pop(snippet.id, None)
            loaded[snippet.id] = snippet
    if problems:
        raise ToolkitError(problems)
    return Library(paths, loaded, replaced)


def is_snippet_file(path: Path) -> bool:
    """True for a snippet file: not a README, not a translation (``ID.es.md``, read by
    :mod:`toolkit.language.translations` when a Spanish document needs it)."""
    return path.name.upper() != "README.MD" and not path.name.endswith(".es.md")


@cache
def _builtin_paths() -> dict[str, Path]:
    """Return the built-in snippet files by id (file names only: nothing is parsed yet)."""
    return {
        path.stem: path
        for path in sorted(resource_dir("snippets").rglob("*.md"))
        if is_snippet_file(path)
    }


@cache
def _load_builtin_snippet(path: Path) -> Snippet:
    # Built-in snippets are checked completely by the test suite; at run time only their
    # front matter is validated, which keeps a build from parsing every template twice, and
    # that only when the file changed since the index was made.
    from toolkit.library.index import indexed_snippet

    return indexed_snippet(path) or load_snippet(path, builtin=True, check_variables=False)


def _load_folder(folder: Path, *, builtin: bool) -> tuple[dict[str, Snippet], list[Problem]]:
    found: dict[str, Snippet] = {}
    problems: list[Problem] = []
    for path in sorted(folder.rglob("*.md")):
        if not is_snippet_file(path):
            continue
        try:
            snippet = load_snippet(path, builtin=builtin)
        except ToolkitError as exc:
            problems.extend(exc.problems)
            continue
        if snippet.id in found:
            problems.append(
                Problem(
                    str(path),
                    1,
                    f"snippet id '{snippet.id}' is also {found[snippet.id].path}",
                    "ids are file names and must be unique in a folder tree",
                )
            )
            continue
        found[snippet.id] = snippet
    return found, problems


def load_snippet(path: Path, *, builtin: bool = False, check_variables: bool = True) -> Snippet:
    """Return the snippet in ``path``; raise ``ToolkitError`` with every problem in it."""
    shown = str(path)
    text = read_text(path, "snippet")
    snippet_id = path.stem
    if not _ID_RE.match(snippet_id):
        raise ToolkitError.at(
            shown,
            None,
            f"snippet file name '{path.name}' is not a kebab-case id",
            "use lower-case letters, digits and hyphens, e.g. quiet-lunch.md",
        )
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ToolkitError.at(shown, 1, "a snippet starts with a `---` line and YAML front matter")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ToolkitError.at(
            shown, 1, "the front matter is not closed", "end it with a `---` line"
        ) from None
    front_text = "\n" * 1 + "\n".join(lines[1:end])  # keep file line numbers
    doc = load_yaml(shown, text=front_text)
    if not isinstance(doc.data, dict):
        raise ToolkitError.at(shown, 2, "the front matter must be a mapping of keys")
    from pydantic import ValidationError

    from toolkit.case.problems import pydantic_problems
    from toolkit.library.front_matter import FrontMatter

    try:
        meta = FrontMatter.model_validate(doc.data)
    except ValidationError as exc:
        raise ToolkitError(pydantic_problems(exc, doc, FrontMatter)) from None
    body = "\n".join(lines[end + 1 :]).strip("\n")
    body_line = end + 2
    problems = _check_meta(meta, doc, snippet_id)
    if check_variables:
        problems += _check_variables(meta, body, body_line, lines, shown)
    if problems:
        raise ToolkitError(problems)
    warnings = _check_markdown(body, body_line, shown) if check_variables else []
    return Snippet(
        id=snippet_id,
        kind=meta.kind,
        title=meta.title.strip(),
        summary=" ".join(meta.summary.split()),
        addresses=tuple(meta.addresses),
        plans=tuple(meta.plans),
        params={name: ParamSpec(**spec.model_dump()) for name, spec in meta.params.items()},
        rationale=" ".join(meta.rationale.split()),
        citations=tuple(meta.citations),
        body=body,
        path=shown,
        body_line=body_line,
        phase=PhaseSpec(**meta.phase.model_dump()) if meta.phase else None,
        builtin=builtin,
        warnings=tuple(warnings),
    )


def _check_meta(meta: FrontMatter, doc: Document, snippet_id: str) -> list[Problem]:
    from toolkit.library.citations import registry

    problems = []
    known = registry()
    for i, cite in enumerate(meta.citations):
        if cite not in known:
            line, col = doc.line_of(("citations", i))
            problems.append(
                Problem(
                    doc.path,
                    line,
                    f"'{cite}' is not in the citation registry",
                    did_you_mean(cite, list(known)) or "cite only registry provisions",
                    col,
                )
            )
    for i, barrier in enumerate(meta.addresses):
        if barrier not in BARRIERS and not re.match(_ID_RE, barrier):
            line, col = doc.line_of(("addresses", i))
            problems.append(
                Problem(
                    doc.path,
                    line,
                    f"'{barrier}' is not a barrier id",
                    did_you_mean(barrier, BARRIERS),
                    col,
                )
            )
    for name, spec in meta.params.items():
        problem = _param_problem(name, spec)
        if problem:
            line, col = doc.line_of(("params", name, "default"))
            problems.append(Problem(doc.path, line, problem[0], problem[1], col))
    if meta.kind == "phase" and meta.phase is None:
        problems.append(
            Problem(
                doc.path,
                2,
                f"phase snippet '{snippet_id}' has no `phase:` mapping",
                "add goal, attendance, steps, supports, data, move_on, hold, step_back",
            )
        )
    if meta.kind != "phase" and meta.phase is not None:
        line, _ = doc.line_of(("phase",), key=True)
        problems.append(Problem(doc.path, line, "only phase snippets have a `phase:` mapping"))
    return problems


def _param_problem(name: str, spec: ParamModel) -> tuple[str, str] | None:
    """Return (message, hint) when a parameter's default does not fit its kind."""
    defaults = list(spec.default.values()) if isinstance(spec.default, dict) else [spec.default]
    blank = [isinstance(d, str) and bool(_BLANK_RE.match(d.strip())) for d in defaults]
    if spec.kind == "decision" and not all(blank):
        return (
            f"parameter '{name}' is a team decision, but its default reads as finished text",
            'write the default as a bracketed blank, e.g. default: "[room for breaks]"',
        )
    if spec.kind == "manner" and any(blank):
        return (
            f"parameter '{name}' has a bracketed default but is not marked `kind: decision`",
            "add `kind: decision`, or write a default that reads correctly on its own",
        )
    return None


def _check_variables(
    meta: FrontMatter, body: str, body_line: int, lines: list[str], shown: str
) -> list[Problem]:
    from jinja2 import TemplateSyntaxError, nodes
    from jinja2 import meta as jinja_meta

    from toolkit.text import environment

    env = environment()
    allowed = set(meta.params) | CONTEXT_NAMES
    texts: list[tuple[str, int]] = [(body, body_line)]
    if meta.phase is not None:
        allowed |= PHASE_CONTEXT_NAMES | {"target_minutes"}
        for name in PHASE_TEXT_FIELDS:
            value = getattr(meta.phase, name)
            if value:
                texts.append((value, _find_line(lines, value.split("\n")[0][:30])))
        for name in PHASE_LIST_FIELDS:
            for value in getattr(meta.phase, name):
                texts.append((value, _find_line(lines, value[:30])))
    problems = []
    used: set[str] = set()
    for text, first_line in texts:
        try:
            ast = env.parse(text)
            names = jinja_meta.find_undeclared_variables(ast)  # also checks filters and tests
            loaders = list(
                ast.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))
            )
            if loaders:
                problems.append(
                    Problem(
                        shown,
                        first_line + loaders[0].lineno - 1,
                        "a snippet cannot include, import or extend other templates",
                        "write the text into the snippet itself",
                    )
                )
                continue
        except TemplateSyntaxError as exc:
            problems.append(
                Problem(
                    shown, first_line + (exc.lineno or 1) - 1, f"template syntax: {exc.message}"
                )
            )
            continue
        used |= names
        for name in sorted(names - allowed):
            problems.append(
                Problem(
                    shown,
                    _find_line(lines, name, start=first_line - 1) or first_line,
                    f"'{name}' is neither a declared parameter nor a context variable",
                    did_you_mean(name, sorted(allowed)) or "declare it under `params:`",
                )
            )
    for name in sorted(set(meta.params) - used):
        problems.append(
            Problem(
                shown,
                _find_line(lines, f"{name}:") or 2,
                f"parameter '{name}' is declared but the text never uses it",
                "use it in the body or remove it",
            )
        )
    return problems


def _find_line(lines: list[str], needle: str, start: int = 0) -> int:
    for i in range(max(start, 0), len(lines)):
        if needle and needle in lines[i]:
            return i + 1
    return 0


def _check_markdown(body: str, body_line: int, shown: str) -> list[Problem]:
    """Return a warning for each piece of Markdown in ``body`` the documents cannot show."""
    from toolkit.markdown import parse, too_deep, unsupported

    tokens = parse(body)
    deep = [
        Problem(
            shown,
            line,
            f"{what} is deeper than the documents show; it is shown at the deepest level",
            "use headings up to #### and lists nested at most 3 levels deep",
            severity="warning",
        )
        for what, line in too_deep(tokens, first_line=body_line)
    ]
    return deep + [
        Problem(
            shown,
            line,
            f"Markdown the documents cannot show ({kind.replace('_', ' ')}); "
            "it is written as plain text",
            "use paragraphs, **bold**, *italic*, lists, links and tables",
            severity="warning",
        )
        for kind, line in dict.fromkeys(unsupported(tokens, first_line=body_line))
    ]
