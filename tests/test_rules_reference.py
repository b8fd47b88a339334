"""The rule parameters are reference data, and the input vocabulary agrees with it."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from loaders.issues import IssueLog
from loaders.parse import parse_framework_label
from loaders.schema import create_store, framework_reference
from loaders.spec import FRAMEWORK_LABELS
from loaders.validate_context import framework_key, load_context

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    create_store(con)
    return con


def test_each_framework_has_its_own_label_and_a_known_rule(con):
    frameworks = framework_reference()
    assert frameworks["label"].is_unique
    assert set(frameworks["rule"]) == {"every_criterion", "mandatory_and_others"}
    in_criteria = {k for (k,) in con.execute("SELECT DISTINCT framework_key FROM criteria").fetchall()}
    assert in_criteria == set(frameworks["framework_key"])


def test_the_template_vocabulary_is_the_reference_circulars():
    assert list(FRAMEWORK_LABELS) == framework_reference()["circular_short"].drop_duplicates().tolist()


def test_level4_clauses_per_framework_are_the_regulation_s(con):
    # RULES.md §1: TT17 has 5 Mức 4 clauses, TT18 and TT19 have 6, TT57/2026 has no Mức 4
    counts = dict(con.execute("""SELECT f.framework_key, count(c.clause) FROM frameworks f
                                 LEFT JOIN level4_clauses c USING (framework_key) GROUP BY 1""").fetchall())
    assert counts == {"TT17_2018_TH": 5, "TT18_2018_THCS_THPT": 6, "TT19_2018_MN": 6,
                      "TT57_2026_PT_PL2": 0, "TT57_2026_MN_PL1": 0}
    context = load_context(con, IssueLog("f"))
    assert context.ref.clause_counts == "TT17/2018 có 5, TT18/2018 và TT19/2018 có 6, TT57/2026 không có Mức 4"


def test_a_circular_named_in_a_file_picks_the_school_level_s_framework(con):
    context = load_context(con, IssueLog("f"))
    rows = pd.DataFrame({"school_level": ["THCS", "Mầm non", "Mầm non", "Tiểu học", "Mầm non", "THPT"],
                         "school_year": ["2026-2027", "2026-2027", "2023-2024", "2023-2024", "2026-2027", "2023-2024"]})
    named = ["TT57/2026", "57/2026", "TT18/2018", None, None, "Thông tư 17"]
    circular = pd.Series([parse_framework_label(v).value for v in named], dtype=object)
    assert framework_key(context, rows, circular).tolist() == [
        "TT57_2026_PT_PL2", "TT57_2026_MN_PL1", "TT18_2018_THCS_THPT", "TT17_2018_TH", "TT57_2026_MN_PL1",
        "TT17_2018_TH"]


def test_no_rule_is_chosen_by_the_framework_key_s_spelling():
    pattern = re.compile(r"""startswith\(["']TT|LIKE 'TT""")
    product = [p for folder in ("metrics", "loaders", "pages", "data") for p in (ROOT / folder).rglob("*")
               if p.suffix in (".py", ".sql")]
    assert [str(p.relative_to(ROOT)) for p in product if pattern.search(p.read_text(encoding="utf-8"))] == []
