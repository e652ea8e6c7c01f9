"""The progress report's words that Python writes, in Spanish: the recommendation and the rule
behind it, the numbers in plain sentences, the supports not in place, the chart's alternative
text. The English words come from :mod:`toolkit.progress.rules`, :mod:`toolkit.progress.chart`
and :func:`toolkit.documents.progress.explain`; these say the same from the same numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from toolkit.language.locale import join, long_date
from toolkit.progress.rules import ADVANCE, HOLD, NOT_CARRIED_OUT, STEP_BACK, _n, stints
from toolkit.progress.supports import days_missing_support, month_runs, not_carried_out
from toolkit.text import one_decimal

if TYPE_CHECKING:
    from toolkit.progress.log import Day
    from toolkit.progress.rules import Recommendation, Rules
    from toolkit.progress.supports import SupportRecord

#: The rules' outcomes as the review history names them.
OUTCOMES = {
    ADVANCE: "avanzar",
    HOLD: "mantener la etapa",
    STEP_BACK: "considerar un paso atrás",
    NOT_CARRIED_OUT: "el plan no se cumplió",
    "none": "sin recomendación",
}


def _days(n: int) -> str:
    return f"{n} día" if n == 1 else f"{n} días"


def _phase(number: int, titles: dict[int, str]) -> str:
    title = titles.get(number)
    return f"la etapa {number} ({title})" if title else f"la etapa {number}"


_CHECK = "después de comprobar que todos los apoyos estaban en marcha."
#: What stepping back from phase 1 means, by ``rules.first_step_kind``.
FIRST_STEP_BACK = {
    "smaller visits": "Considerar visitas al estacionamiento más pequeñas (una visita más "
    f"corta, un punto de encuentro más lejos de la puerta o una hora más tranquila), {_CHECK}",
    "parking lot": "Considerar un primer paso más pequeño (como las visitas al "
    f"estacionamiento), {_CHECK}",
    "school grounds": "Considerar un primer paso más pequeño (como visitas cortas a los "
    f"terrenos de la escuela, sin entrar), {_CHECK}",
}


def first_step_back(phase_ids: list[str | None]) -> str:
    """Return the Spanish step-back wording for phase 1 (``rules.first_step_back``)."""
    from toolkit.progress.rules import first_step_kind

    return FIRST_STEP_BACK[first_step_kind(phase_ids)]


def window_days(days: list[Day], rec: Recommendation, rules: Rules) -> tuple[list[Day], int]:
    """Return the logged days the rules looked at for ``rec``, and how many days of its phase
    were logged up to it."""
    stint = next(s for s in stints(days) if s[0].date <= rec.date <= s[-1].date)
    upto = [d for d in stint if d.date <= rec.date]
    return upto[-rules.window :], len(upto)


def recommendation(
    rec: Recommendation,
    days: list[Day],
    rules: Rules,
    titles: dict[int, str],
    supports: dict[str, str],
    first_step: str | None = None,
) -> tuple[str, str]:
    """Return what the rules say about ``rec`` and the rule that decided it, in Spanish.

    ``titles`` and ``supports`` are the Spanish names of the phases and of the plan's supports;
    ``first_step`` what stepping back from phase 1 means (:func:`first_step_back`).
    """
    window, logged = window_days(days, rec, rules)
    met, total = rec.days_met, len(window)
    if rec.outcome == "none":
        return (
            "Sin recomendación: esta etapa no se mide en minutos en la escuela; el equipo decide "
            "si es momento de avanzar a partir del resumen de los datos y de lo que dice la etapa.",
            "esta etapa no tiene una meta de minutos",
        )
    if rec.outcome == NOT_CARRIED_OUT:
        lacking = len(days_missing_support(window))
        missed = not_carried_out(window, supports)
        return (
            f"El plan no se cumplió: {support_sentence(missed)}. Poner en marcha todos los "
            "apoyos tal como están escritos, y revisar los datos de un período completo antes "
            "de que el equipo cambie de etapa.",
            f"un apoyo no estuvo en marcha en {lacking} de {total} días del período (más de la "
            f"mitad), así que los datos no muestran cómo funciona la etapa {rec.phase}",
        )
    distress = _n(rec.mean_distress, rules.advance_max_distress)
    limit = _n(rules.advance_max_distress)
    if rec.outcome == ADVANCE:
        rule = (
            f"meta cumplida en {met} de {total} días (por lo menos {rules.advance_met}) y "
            f"malestar promedio de {distress} (como máximo {limit})"
        )
        if rec.phase >= len(titles):
            return (
                "Mantener la etapa actual; considerar retirar los apoyos de uno en uno, y revisar "
                "los datos de un período completo después de cada cambio.",
                rule,
            )
        return f"Considerar pasar a {_phase(rec.phase + 1, titles)}.", rule
    if rec.outcome == STEP_BACK:
        rule = (
            f"meta cumplida en {met} de {total} días ({rules.step_back_met} o menos en un "
            "período completo)"
        )
        if rec.phase <= 1:
            wording = first_step or first_step_back([])
        else:
            wording = (
                f"Considerar regresar por un tiempo a {_phase(rec.phase - 1, titles)}, después "
                "de comprobar que todos los apoyos estaban en marcha."
            )
        return wording, rule
    if logged < rules.window:
        return (
            f"Mantener la etapa: todavía no hay suficientes datos ({logged} de {rules.window} "
            "días registrados en esta etapa).",
            f"menos de {rules.window} días registrados en esta etapa",
        )
    if met is not None and met >= rules.advance_met:
        rule = (
            f"meta cumplida en {met} de {total} días, pero el malestar promedio de {distress} "
            f"es mayor que {limit}"
        )
    else:
        rule = (
            f"meta cumplida en {met} de {total} días (menos de {rules.advance_met} y más de "
            f"{rules.step_back_met})"
        )
    return "Mantener la etapa actual con los mismos apoyos.", rule


def explain(rec: Recommendation, titles: dict[int, str], name: str) -> str:
    """Return the numbers behind a recommendation in one or two plain Spanish sentences."""
    phase = _phase(rec.phase, titles)
    days = rec.days_in_window
    window = "el único día registrado" if days == 1 else f"los últimos {days} días registrados"
    distress = one_decimal(rec.mean_distress)
    if rec.target is None:
        mean = "" if days == 1 else " promedio"
        return f"En {window} de {phase}, el malestar{mean} de {name} fue de {distress}."
    met = rec.days_met or 0
    if days == 1:
        reached = "cumplió" if met else "no cumplió"
        text = (
            f"En el único día registrado de {phase}, {name} {reached} la meta de "
            f"{rec.target} minutos, y el malestar fue de {distress}."
        )
    elif met == 0:
        text = (
            f"En {window} de {phase}, {name} no cumplió la meta de {rec.target} minutos "
            f"ningún día, y el malestar promedio fue de {distress}."
        )
    else:
        text = (
            f"En {window} de {phase}, {name} cumplió la meta de {rec.target} minutos en "
            f"{_days(met)}, y el malestar promedio fue de {distress}."
        )
    if rec.trend_minutes is not None and rec.trend_distress is not None:
        text += (
            f" Comparado con los {days} días anteriores, el promedio de minutos "
            f"{_change(rec.trend_minutes, 'minutos')} y el malestar promedio "
            f"{_change(rec.trend_distress, 'puntos')}."
        )
    return text


def _change(delta: float, unit: str) -> str:
    if abs(delta) < 0.05:
        return "se mantuvo igual"
    word = "subió" if delta > 0 else "bajó"
    return f"{word} {one_decimal(abs(delta))} {unit}"


def date_list(dates: tuple[dt.date, ...] | list[dt.date]) -> str:
    """Return dates in running Spanish text: "12, 13 y 15 de enero de 2027"; months and years
    are written once for each run of dates that share them."""
    from babel.dates import get_month_names

    parts = []
    for group, last_of_year in month_runs(dates):
        month = get_month_names("wide", locale="es_US")[group[0].month]
        text = join([str(d.day) for d in group], "es") + f" de {month}"
        parts.append(f"{text} de {group[0].year}" if last_of_year else text)
    return "; ".join(parts)


def support_sentence(records: list[SupportRecord]) -> str:
    """Return "el apoyo “Espacio seguro” no estuvo en marcha el 12 y 13 de enero de 2027; ..."."""
    return "; ".join(
        f"el apoyo “{r.title}” no estuvo en marcha "
        f"{'el' if len(r.missed) == 1 else 'los días'} {date_list(r.missed)}"
        for r in records
    )


def alt_text(days: list[Day], targets: dict[int, int | None], name: str) -> str:
    """Return the chart's alternative text in Spanish (what :func:`toolkit.progress.chart.
    alt_text` says in English)."""
    if not days:
        return "Todavía no hay días registrados."
    phases = sorted({d.phase for d in days})
    which = (
        f"las etapas {join([str(p) for p in phases], 'es')}"
        if len(phases) > 1
        else f"la etapa {phases[0]}"
    )
    parts = [
        f"Gráfica de barras de los minutos que {name} pasó en la escuela en cada uno de los "
        f"{len(days)} días escolares registrados, del {long_date(days[0].date, 'es')} al "
        f"{long_date(days[-1].date, 'es')}, en {which}."
    ]
    for phase in phases:
        mine = [d for d in days if d.phase == phase]
        target = targets.get(phase)
        low = min(d.minutes for d in mine)
        high = max(d.minutes for d in mine)
        text = f"Etapa {phase}: {_days(len(mine))}, de {low:g} a {high:g} minutos"
        if target is not None:
            text += f", meta de {target} minutos"
        text += (
            f", malestar de {mine[0].distress:g} el primer día y de {mine[-1].distress:g} "
            "el último."
        )
        parts.append(text)
    return " ".join(parts)


def grade(value: str) -> str:
    """Return a grade as a Spanish sentence names it: "grado 7", "kínder"."""
    return {"K": "kínder", "post-12": "después del grado 12"}.get(value, f"grado {value}")
