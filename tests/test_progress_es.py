"""The progress report's Spanish sentences (toolkit/documents/progress_es.py): for every outcome
of the decision rules, the Spanish recommendation and rule say what the English ones say, with
the same numbers and dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from toolkit.documents import progress_es
from toolkit.progress.log import Day
from toolkit.progress.rules import Rules, recommend

START = dt.date(2027, 1, 4)
TITLES = {
    1: "Regreso al edificio",
    2: "Más tiempo en la escuela",
    3: "Más clases",
    4: "Día completo",
}
SUPPORTS = {"safe-space": "Lugar seguro", "trusted-adult": "Persona adulta de confianza"}
MISSED = {"safe-space": False, "trusted-adult": True}


def logged(*rows: tuple[float, float], phase: int = 2, supports=None) -> list[Day]:
    return [
        Day(
            START + dt.timedelta(days=i),
            phase,
            True,
            m,
            1,
            d,
            None,
            "",
            i + 2,
            supports=supports or {},
        )
        for i, (m, d) in enumerate(rows)
    ]


CASES = {
    "advance": (logged(*[(200, 3)] * 5), 195, "Considerar pasar a la etapa 3 (Más clases)."),
    "advance, last phase": (
        logged(*[(400, 3)] * 5, phase=4),
        380,
        "Mantener la etapa actual; considerar retirar los apoyos de uno en uno",
    ),
    "hold, not enough data": (
        logged((200, 3), (200, 3)),
        195,
        "Mantener la etapa: todavía no hay suficientes datos (2 de 5 días registrados",
    ),
    "hold, distress": (logged(*[(200, 7)] * 5), 195, "Mantener la etapa actual con los mismos"),
    "hold, between": (
        logged((200, 3), (200, 3), (200, 3), (60, 3), (60, 3)),
        195,
        "Mantener la etapa actual con los mismos apoyos.",
    ),
    "step back": (
        logged(*[(60, 6)] * 5),
        195,
        "Considerar regresar por un tiempo a la etapa 1 (Regreso al edificio)",
    ),
    "step back, first phase": (
        logged(*[(10, 6)] * 5, phase=1),
        60,
        "Considerar un primer paso más pequeño (como visitas cortas a los terrenos de la escuela",
    ),
    "no minute target": (logged(*[(0, 6)] * 5, phase=1), None, "Sin recomendación: esta etapa"),
    "plan not carried out": (
        logged((60, 4), (60, 4), (60, 4), (60, 4), (60, 4), supports=MISSED),
        195,
        "El plan no se cumplió: el apoyo “Lugar seguro” no estuvo en marcha los días 4, 5, 6, 7 "
        "y 8 de enero de 2027.",
    ),
}


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


@pytest.mark.parametrize("name", CASES)
def test_the_spanish_recommendation_says_what_the_english_one_says(name):
    days, target, expected = CASES[name]
    rules = Rules()
    rec = recommend(days, target, rules, phase_count=4, titles=TITLES, supports=SUPPORTS)
    wording, rule = progress_es.recommendation(rec, days, rules, TITLES, SUPPORTS)
    assert wording.startswith(expected), wording
    assert numbers(rule) == numbers(rec.rule), (rule, rec.rule)
    if rec.outcome != "plan not carried out":  # English names the titles' own numbers too
        assert numbers(wording) == numbers(rec.wording), (wording, rec.wording)
    assert progress_es.OUTCOMES[rec.outcome]


def test_the_numbers_in_words_follow_the_english_sentence():
    days = logged(*[(200, 3)] * 5 + [(100, 5)] * 5)
    rec = recommend(days, 195, Rules(), phase_count=4, titles=TITLES)
    assert progress_es.explain(rec, TITLES, "Mateo") == (
        "En los últimos 5 días registrados de la etapa 2 (Más tiempo en la escuela), Mateo no "
        "cumplió la meta de 195 minutos ningún día, y el malestar promedio fue de 5.0. "
        "Comparado con los 5 días anteriores, el promedio de minutos bajó 100.0 minutos y el "
        "malestar promedio subió 2.0 puntos."
    )


def test_spanish_date_lists_write_each_month_and_year_once():
    dates = [dt.date(2026, 12, 30), dt.date(2027, 1, 4), dt.date(2027, 1, 5), dt.date(2027, 2, 1)]
    assert progress_es.date_list(dates) == (
        "30 de diciembre de 2026; 4 y 5 de enero; 1 de febrero de 2027"
    )


def test_the_spanish_alt_text_names_every_phase():
    later = Day(dt.date(2027, 1, 11), 2, True, 120, 1, 5, None, "", 9)
    days = [*logged((40, 8), (60, 6), phase=1), later]
    text = progress_es.alt_text(days, {1: 60, 2: None}, "Mateo")
    assert text.startswith(
        "Gráfica de barras de los minutos que Mateo pasó en la escuela en cada uno de los 3 días "
        "escolares registrados, del 4 de enero de 2027 al 11 de enero de 2027, en las etapas 1 y 2."
    )
    assert "Etapa 1: 2 días, de 40 a 60 minutos, meta de 60 minutos" in text
    assert "Etapa 2: 1 día, de 120 a 120 minutos, malestar de 5 el primer día" in text


@pytest.mark.parametrize(
    ("phase_ids", "expected"),
    [
        (["re-entry", "build-tolerance"], "(como visitas cortas a los terrenos de la escuela"),
        ([None, "parking-lot"], "(como las visitas al estacionamiento)"),
        (["parking-lot", "re-entry"], "Considerar visitas al estacionamiento más pequeñas"),
    ],
)
def test_the_spanish_first_step_back_fits_the_kind_of_phase(phase_ids, expected):
    days = logged(*[(10, 6)] * 5, phase=1)
    rules = Rules()
    rec = recommend(days, 60, rules, phase_count=4, titles=TITLES, supports=SUPPORTS)
    first_step = progress_es.first_step_back(phase_ids)
    wording, _rule = progress_es.recommendation(rec, days, rules, TITLES, SUPPORTS, first_step)
    assert expected in wording
