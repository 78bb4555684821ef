"""The tables the build writes for the canned queries hold what the rows they summarise say.

Read from the session's seed build: 28 findings (1 error, 16 warnings, 11 notes) of two documents.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import sqlite_utils

from pipeline.publishing import database
from pipeline.publishing.queries import QUERIES

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@pytest.fixture(scope="module")
def db(seeds_build: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(seeds_build)
    yield db
    db.close()


def test_finding_order_lists_every_finding_once_errors_first_then_by_document_check_and_subject(db):
    titles = {d["doc_id"]: d["title"] for d in db["documents"].rows}
    findings = {f["finding_id"]: f for f in db["findings"].rows}
    ordered = list(db.query("SELECT * FROM finding_order ORDER BY position"))
    assert [o["position"] for o in ordered] == list(range(1, len(findings) + 1))
    assert sorted(o["finding_id"] for o in ordered) == sorted(findings) and len(findings) == 28
    expected = sorted(findings.values(), key=lambda f: (SEVERITY_RANK[f["severity"]], titles.get(f["doc_id"]) or "",
                                                        f["check"], f["subject"] or "", f["finding_id"]))
    assert [o["finding_id"] for o in ordered] == [f["finding_id"] for f in expected]
    for o in ordered:  # the columns the query filters by are the finding's own
        f = findings[o["finding_id"]]
        assert (o["doc_id"], o["severity"], o["check"]) == (f["doc_id"], f["severity"], f["check"])
    assert [o["severity"] for o in ordered][:2] == ["error", "warning"]


def test_finding_counts_hold_each_document_and_checks_findings_by_severity(db):
    titles = {d["doc_id"]: d["title"] for d in db["documents"].rows}
    counted = Counter((f["doc_id"], f["check"], f["severity"]) for f in db["findings"].rows)
    rows = list(db.query("SELECT * FROM finding_counts ORDER BY position"))
    assert len(rows) == len({(doc, check) for doc, check, _severity in counted}) == 10
    for row in rows:
        key = (row["doc_id"], row["check"])
        assert row["document"] == titles[row["doc_id"]]
        assert (row["errors"], row["warnings"], row["notes"]) == tuple(
            counted[(*key, severity)] for severity in ("error", "warning", "info"))
    assert sum(r["errors"] for r in rows) == 1 and sum(r["warnings"] for r in rows) == 16
    assert sum(r["notes"] for r in rows) == 11
    keys = [(r["document"], r["check"], r["doc_id"]) for r in rows]
    assert keys == sorted(keys)


def test_the_findings_queries_give_the_rows_grouping_and_sorting_the_findings_gives(db):
    """The queries read the build's tables; run on the findings themselves they give the same rows."""
    audit = next(q for q in QUERIES if q.name == "audit_findings")
    by_sorting = list(db.query("""
        SELECT f.severity, f."check", d.council, d.title AS document, f.subject, f.message,
               f.expected, f.actual, f.evidence, 'findings/' || f.finding_id AS link
        FROM findings f LEFT JOIN documents d ON d.doc_id = f.doc_id
        ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, d.title, f."check",
                 f.subject, f.finding_id"""))
    assert list(db.query(audit.sql, {p: "" for p in audit.params})) == by_sorting
    warnings = list(db.query(audit.sql, {"doc_id": "", "severity": "warning", "check": ""}))
    assert warnings == [r for r in by_sorting if r["severity"] == "warning"] and len(warnings) == 16
    summary = next(q for q in QUERIES if q.name == "findings_summary")
    by_grouping = list(db.query("""
        SELECT d.title AS document, f.doc_id, f."check",
               SUM(f.severity = 'error') AS errors, SUM(f.severity = 'warning') AS warnings,
               SUM(f.severity = 'info') AS notes
        FROM findings f LEFT JOIN documents d ON d.doc_id = f.doc_id
        GROUP BY f.doc_id, f."check" ORDER BY d.title, f."check", f.doc_id"""))
    assert list(db.query(summary.sql)) == by_grouping


def test_the_query_tables_are_written_anew_with_the_rows_they_summarise(db, tmp_path):
    """A finding added after a build shows in both tables once the shape is made again."""
    copy = tmp_path / "plans.db"
    copy.write_bytes(Path(db.conn.execute("PRAGMA database_list").fetchone()[2]).read_bytes())
    again = sqlite_utils.Database(copy)
    first = next(again.query("SELECT * FROM findings ORDER BY finding_id LIMIT 1"))
    again["findings"].insert({**first, "finding_id": "zz-added", "severity": "error", "subject": "added"})
    database.ensure_db_shape(again)
    errors_first = [r["finding_id"] for r in again.query(
        "SELECT finding_id FROM finding_order ORDER BY position LIMIT 2")]
    assert "zz-added" in errors_first  # the second error, among the errors before every warning
    assert again.execute("SELECT sum(errors) FROM finding_counts").fetchone()[0] == 2
    assert again["finding_order"].count == 29
    again.close()
