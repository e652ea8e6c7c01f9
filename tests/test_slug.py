"""File names for every alphabet: transliterated, readable, never shared by two students."""

from __future__ import annotations

import pytest
from conftest import run_cli, write_case

from toolkit.slug import slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Theodore Brooks", "theodore-brooks"),
        ("Nguyễn Thị Mai Anh", "nguyen-thi-mai-anh"),
        ("Jordan Rivera-Núñez", "jordan-rivera-nunez"),
        ("Łukasz Øster-Großmann", "lukasz-oster-grossmann"),
        ("Ånne–Marie O'Brien", "annemarie-o-brien"),  # as before: a dash of another kind drops
        ("Дмитрий Иванов", "dmitrii-ivanov"),
        ("王小明", "wang-xiao-ming"),
        ("Γιώργος Παπαδόπουλος", "giorgos-papadopoulos"),
        ("Ana 王", "ana-wang"),
        ("🙂", ""),
    ],
)
def test_slugs(name, slug):
    assert slugify(name) == slug


def test_three_alphabets_build_into_one_folder_without_clashing(tmp_path):
    out = tmp_path / "out"
    names = {
        "Дмитрий Иванов": "dmitrii-ivanov-plan.docx",
        "王小明": "wang-xiao-ming-plan.docx",
        "Γιώργος Παπαδόπουλος": "giorgos-papadopoulos-plan.docx",
    }
    for i, name in enumerate(names):
        case = write_case(tmp_path, f"srkit: 1\nstudent:\n  name: {name}\n", f"case{i}.yaml")
        code, stdout, stderr = run_cli("build", case, "-o", out, "--only", "plan")
        assert code == 0, stderr
        assert stdout == f"{out / names[name]}\n"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        names.values()
    )


def test_a_name_with_nothing_to_write_in_ascii_takes_the_case_file_name(tmp_path):
    out = tmp_path / "out"
    written = []
    for file, name in (("first.yaml", "🙂"), ("second.yaml", "🌟")):
        case = write_case(tmp_path, f'srkit: 1\nstudent:\n  name: "{name}"\n', file)
        code, stdout, stderr = run_cli("build", case, "-o", out, "--only", "plan")
        assert code == 0, stderr
        written.append(stdout.strip())
    first, second = (p.rsplit("/", 1)[1] for p in written)
    assert first.startswith("first-") and first.endswith("-plan.docx")
    assert second.startswith("second-") and second.endswith("-plan.docx")
    assert first != second
