"""The sandbox's processor-time backstop: a rendering that runs too long is stopped, and one
that is short never reads the clock."""

from __future__ import annotations

import pytest
from jinja2.sandbox import SecurityError

from toolkit import sandbox
from toolkit.text import compile_template


def test_a_long_rendering_is_stopped_by_the_clock(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.0)  # every check after the first is late
    template = compile_template("{% for i in range(5000) %}{% endfor %}")
    with pytest.raises(SecurityError, match="processor time"):
        template.render({})


def test_a_long_output_is_stopped_by_the_clock(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.0)
    template = compile_template("{% for i in range(900) %}{{ i }}.{% endfor %}")
    with pytest.raises(SecurityError, match="processor time"):
        template.render({})


def test_a_short_rendering_does_not_read_the_clock(monkeypatch):
    reads = []
    monkeypatch.setattr(sandbox.time, "thread_time", lambda: reads.append(1) or 0.0)
    assert compile_template("{% for i in range(3) %}{{ i }}{% endfor %}").render({}) == "012"
    assert reads == []
