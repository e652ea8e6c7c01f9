"""The shape of a snippet's YAML front matter, validated with pydantic.

Only a snippet read from its file is validated here: a user's snippets, and a built-in one
whose file no longer matches the precomputed index (:mod:`toolkit.library.index`). What
validation returns is turned into the plain :class:`toolkit.library.snippets.Snippet`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from toolkit.library.snippets import PhaseTarget, PlanKind


class ParamModel(BaseModel):
    """A snippet parameter as declared (see :class:`toolkit.library.snippets.ParamSpec`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    default: str | int | float | dict[PlanKind, str]
    description: str = Field(min_length=1)
    kind: Literal["decision", "manner"] = "manner"


class PhaseModel(BaseModel):
    """A phase snippet's ``phase:`` mapping (see :class:`toolkit.library.snippets.PhaseSpec`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    target: int | PhaseTarget
    length: str | None = None
    attendance: str = Field(min_length=1)
    goal: str = Field(min_length=1)
    steps: list[str] = Field(min_length=1)
    supports: list[str] = Field(min_length=1)
    data: list[str] = Field(min_length=1)
    move_on: str = Field(min_length=1)
    hold: str = Field(min_length=1)
    step_back: str = Field(min_length=1)


class FrontMatter(BaseModel):
    """A snippet's front matter."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["accommodation", "intervention", "phase", "credit-recovery", "block"]
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    addresses: list[str] = []
    plans: list[PlanKind] = ["iep", "504", "none"]
    params: dict[str, ParamModel] = {}
    rationale: str = Field(min_length=1)
    citations: list[str] = []
    phase: PhaseModel | None = None
