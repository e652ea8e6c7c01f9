"""The HTML of one form field: its label, hint, errors, the "kept answer" notice and the control.

A step page has up to a hundred fields (every accommodation's settings); written here in
Python rather than as nested Jinja macros, a page renders several times faster. Every piece of
text is escaped (``markupsafe``); the result is ``Markup`` for the templates.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from toolkit.serve.fields import dom_id
from toolkit.serve.i18n import _, current, message_lang

INPUT_TYPES = {"email": "email", "tel": "tel", "date": "date"}


def field(
    view,
    name: str,
    label: str | None = None,
    extra: str = "",
    cls: str = "",
    label_lang: str | None = None,
) -> Markup:
    """Return the HTML of the field ``name`` as ``view`` shows it (value, errors, kept);
    ``label_lang`` marks a label that is not in the interface language (a snippet's own
    setting, in English)."""
    spec = view.spec(name)
    label = label or spec.label
    shown = f'<span lang="{label_lang}">{escape(label)}</span>' if label_lang else escape(label)
    errs = view.errors_for(name)
    kept = view.was_kept(name)
    current = view.value(name)
    id_ = dom_id(name)
    aria = _described(id_, bool(spec.help or extra), bool(errs), kept)
    notes = _messages(id_, name, spec.help, extra, errs, kept)
    invalid = " invalid" if errs or kept else ""
    if spec.kind == "radio":
        choices = "".join(
            f'\n<div class="choice"><input type="radio" id="{id_}-{i}" name="{escape(name)}" '
            f'value="{escape(value)}"{" checked" if current == value else ""}>'
            f'<label for="{id_}-{i}">{escape(text)}</label></div>'
            for i, (value, text) in enumerate(spec.choices, start=1)
        )
        return Markup(
            f'\n<div class="field{invalid}">\n<fieldset id="{id_}"{aria}>\n'
            f"<legend>{shown}</legend>\n{notes}{choices}\n</fieldset>\n</div>"
        )
    needed = ""
    if spec.required:
        word = _("needed")
        needed = f' <span class="muted">({escape(word)})</span>'
    if spec.kind in ("textarea", "lines"):
        rows = 3 if spec.kind == "lines" else 5
        control = (
            f'<textarea id="{id_}" name="{escape(name)}" rows="{rows}"{aria}>'
            f"{escape(current)}</textarea>"
        )
    elif spec.kind == "select":
        options = "".join(
            f'\n<option value="{escape(value)}"{" selected" if current == value else ""}>'
            f"{escape(text)}</option>"
            for value, text in view.choices(name)
        )
        control = f'<select id="{id_}" name="{escape(name)}"{aria}>{options}\n</select>'
    else:
        kind = INPUT_TYPES.get(spec.kind, "text")
        more = ""
        if spec.kind in ("int", "number"):
            mode = "numeric" if spec.kind == "int" else "decimal"
            more = f' inputmode="{mode}" class="short"'
        elif spec.kind == "email":
            more = ' autocomplete="off"'
        control = (
            f'<input id="{id_}" name="{escape(name)}" value="{escape(current)}"\n'
            f' type="{kind}"{more}{aria}>'
        )
    extra_cls = f" {escape(cls)}" if cls else ""
    return Markup(
        f'\n<div class="field{invalid}{extra_cls}">\n'
        f'<label for="{id_}">{shown}{needed}</label>\n{notes}\n{control}\n</div>'
    )


def _described(id_: str, hint: bool, error: bool, kept: bool) -> str:
    ids = [f"{id_}-{part}" for part, on in (("hint", hint), ("error", error), ("kept", kept)) if on]
    aria = f' aria-describedby="{" ".join(ids)}"' if ids else ""
    return aria + (' aria-invalid="true"' if error else "")


def _messages(id_: str, name: str, help_: str | None, extra: str, errs, kept: bool) -> str:
    parts = []
    if help_ or extra:
        gap = " " if help_ and extra else ""
        parts.append(
            f'<span class="hint" id="{id_}-hint">{escape(help_ or "")}{gap}{escape(extra)}</span>'
        )
    error = _("Error:")
    for problem in errs:
        hint = f' <span class="hint-text">({escape(problem.hint)})</span>' if problem.hint else ""
        parts.append(
            f'<span class="error-message" id="{id_}-error" lang="{message_lang(problem)}">'
            f'<span class="visually-hidden" lang="{current()}">{escape(error)} </span>'
            f"{escape(problem.message)}{hint}</span>"
        )
    if kept:
        clear = dom_id("clear:" + name)
        notice = _(
            "You emptied this answer. The saved answer was kept, so nothing is lost by accident."
        )
        remove = _("Remove this answer when I save")
        parts.append(
            f'\n<span class="error-message" id="{id_}-kept">{escape(notice)}</span>\n'
            f'<span class="choice"><input type="checkbox" id="{clear}" '
            f'name="clear:{escape(name)}" value="1"><label for="{clear}">'
            f"{escape(remove)}</label></span>"
        )
    return "".join(parts)
