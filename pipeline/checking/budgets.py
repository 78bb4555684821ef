"""Checks on activity budgets: row arithmetic, printed totals, stated staff, activities budgeted twice.

A budget table is the run of activity rows of one unit that a printed `Total:` row closes: the
rows after the unit's previous `Total:` and above this one. Where a unit's tables share one
`Total:` (a table continued over a page break, or a unit with two tables and one total), that
total covers them all, as the plan prints it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import sqlite_utils

from pipeline.checking.common import (
    FTE_TOLERANCE,
    MONEY_TOLERANCE,
    differs,
    evidence,
    finding,
    fte,
    money,
    normalise_words,
    place,
    rows,
)
from pipeline.records import FindingRecord

FIELDS = ("fte", "expenditure", "income", "net")
FIELD_WORDS = {"fte": "Staff (FTE)", "expenditure": "Expenditure", "income": "Income", "net": "Net budget"}


@dataclass
class BudgetTable:
    doc_id: str
    service: str | None
    total: dict | None
    activities: list[dict] = field(default_factory=list)


def budget_tables(db: sqlite_utils.Database) -> list[BudgetTable]:
    """Activity rows grouped under the `Total:` row that closes them, unit by unit, in print order."""
    by_unit: dict[tuple[str, str | None], list[tuple[tuple[int, int], str, dict]]] = defaultdict(list)
    for table, kind in (("activities", "a"), ("budget_totals", "t")):
        for row in rows(db, f"SELECT * FROM {table}"):
            where = (row["page"] or 0, row["line"] or 0)
            by_unit[(row["doc_id"], row["service"])].append((where, kind, row))
    tables: list[BudgetTable] = []
    for (doc_id, service), items in by_unit.items():
        current = BudgetTable(doc_id, service, None)
        for _, kind, row in sorted(items, key=lambda item: (item[0], item[1])):
            if kind == "a":
                current.activities.append(row)
            else:
                current.total = row
                tables.append(current)
                current = BudgetTable(doc_id, service, None)
        if current.activities:
            tables.append(current)
    return tables


def _row_error(row: dict) -> float | None:
    """How far a row's printed net is from its expenditure plus income, where all three are printed."""
    if row["expenditure"] is None or row["income"] is None or row["net"] is None:
        return None
    return row["net"] - (row["expenditure"] + row["income"])


def row_arithmetic(db: sqlite_utils.Database) -> list[FindingRecord]:
    """Check 1: expenditure + income = net on every activity row (to £1)."""
    found = []
    for row in rows(db, "SELECT * FROM activities ORDER BY doc_id, line, page"):
        error = _row_error(row)
        if error is None or not differs(error, 0, MONEY_TOLERANCE):
            continue
        exp, inc, net = row["expenditure"], row["income"], row["net"]
        subject = f"{row['service'] or 'Activity budget'}: {row['activity']} ({place(row)})"
        proof = [evidence("activities", row, "activity_id")]
        if not differs(exp - inc, net, MONEY_TOLERANCE):
            found.append(finding(
                "row_arithmetic", f"{row['activity_id']}:income_sign", "info", row["doc_id"], subject,
                f"Income is printed as {money(inc)} without the parentheses that mark income, but the "
                f"net budget {money(net)} is expenditure {money(exp)} less that income: the figures agree, "
                "only the sign is printed differently.",
                proof, expected=money(-inc), actual=money(inc)))
            continue
        if net and not differs(exp + inc, -net, MONEY_TOLERANCE):
            found.append(finding(
                "row_arithmetic", f"{row['activity_id']}:net_sign", "info", row["doc_id"], subject,
                f"Expenditure {money(exp)} plus income {money(inc)} makes {money(exp + inc)}, and the row "
                f"prints the net budget as {money(net)}: the same amount with the opposite sign (income "
                "exceeds expenditure, but the net is printed without parentheses).",
                proof, expected=money(exp + inc), actual=money(net)))
            continue
        found.append(finding(
            "row_arithmetic", row["activity_id"], "error", row["doc_id"], subject,
            f"Expenditure {money(exp)} plus income {money(inc)} makes {money(exp + inc)}, but the row "
            f"prints a net budget of {money(net)}: a difference of £{abs(error):,.0f}.",
            proof, expected=money(exp + inc), actual=money(net)))
    return found


def _table_name(table: BudgetTable) -> str:
    """The unit, and the captions of the printed tables the total closes where they differ from it."""
    unit = table.service or "Activity budget"
    titles = [t for t in dict.fromkeys(a.get("table_title") for a in table.activities) if t and t != unit]
    if not titles:
        return unit
    if len(titles) == 1:
        return f"{unit}, table '{titles[0]}'"
    return f"{unit}, tables " + " and ".join(f"'{t}'" for t in titles)


def _decimals(number: float) -> int:
    """Decimal places of a figure as printed (`2.47` -> 2, `9.3` -> 1, `82` -> 0)."""
    text = f"{number:.6f}".rstrip("0")
    return len(text.split(".")[1])


def _printed_unsigned(source_text: str | None, amount: float) -> bool:
    """Is `amount` printed in the row without the parentheses or minus that mark income?"""
    printed = f"{amount:,.0f}"
    text = source_text or ""
    return printed in text and f"({printed})" not in text and f"-{printed}" not in text


def budget_totals(db: sqlite_utils.Database) -> list[FindingRecord]:
    """Check 2: the rows of a budget table add up to its printed `Total:` (FTE to 0.01, money to £1).

    A total that matches the rows except for its sign (income printed without the parentheses its
    rows use) is an `info` finding, kept apart from a real difference. A difference that the rows'
    own arithmetic errors (check 1) account for exactly is `info` too, pointing at those rows.
    """
    found = []
    for table in budget_tables(db):
        if table.total is None or not table.activities:
            continue
        found.extend(f for name in FIELDS if (f := _total_finding(table, name)) is not None)
    return found


def _total_finding(table: BudgetTable, name: str) -> FindingRecord | None:
    """One column of a table's Total: row against the sum of its rows; None where they agree."""
    total = table.total
    printed = total[name]
    values = [a[name] for a in table.activities if a[name] is not None]
    if printed is None or not values:
        return None
    summed = sum(values)
    tolerance = FTE_TOLERANCE if name == "fte" else MONEY_TOLERANCE
    show = fte if name == "fte" else money
    key = f"{total['total_id']}:{name}"
    subject = f"{_table_name(table)}: Total: row ({place(total)})"
    proof = [evidence("budget_totals", total, "total_id"),
             *(evidence("activities", a, "activity_id") for a in table.activities)]
    rows_word = f"the {len(table.activities)} rows above it"
    sign_only = (f"{FIELD_WORDS[name]} on the Total: row is printed as {{}}, while {rows_word} add up to "
                 f"{show(summed)}: the same amount with the sign printed differently (the rows use "
                 "parentheses, the total does not).")
    unsigned = name == "income" and printed < 0 and _printed_unsigned(total["source_text"], -printed)
    if unsigned and not differs(summed, printed, tolerance):
        return finding("budget_total", f"{key}_sign", "info", total["doc_id"], subject,
                       sign_only.format(show(-printed)) + " It is stored negative, like all income.",
                       proof, expected=show(summed), actual=show(-printed))
    if not differs(summed, printed, tolerance):
        return None
    if name != "fte" and printed and not differs(summed, -printed, tolerance):
        return finding("budget_total", f"{key}_sign", "info", total["doc_id"], subject,
                       sign_only.format(show(printed)), proof, expected=show(summed), actual=show(printed))
    message = (f"{FIELD_WORDS[name]}: {rows_word} add up to {show(summed)}, but the Total: row "
               f"prints {show(printed)} (a difference of {show(abs(summed - printed))}).")
    blank = len(table.activities) - len(values)
    if blank:
        message += (f" {blank} of the rows show no figure in this column (blank, or not read), "
                    "which may account for the difference.")
    explained = _explained(table, name, values, printed, summed)
    severity = "info" if explained else "error"
    return finding("budget_total", key, severity, total["doc_id"], subject, message + explained, proof,
                   expected=show(summed), actual=show(printed))


def _explained(table: BudgetTable, name: str, values: list[float], printed: float, summed: float) -> str:
    """Why a Total: that differs from its rows is no error ("" where nothing explains it): FTE
    rows rounded as printed, or rows whose own arithmetic is wrong by exactly the difference."""
    if name == "fte":
        places = max(_decimals(v) for v in [*values, printed])
        allowance = len(values) * 0.5 * 10 ** -places
        if not differs(summed, printed, allowance):
            plural = "s" if places != 1 else ""
            return (f" The rows are printed to {places} decimal place{plural}, so rounding "
                    f"each of them could account for up to {allowance:.2f} FTE.")
    if name == "net":
        wrong = [a for a in table.activities if (e := _row_error(a)) is not None and differs(e, 0, MONEY_TOLERANCE)]
        corrected = summed - sum(_row_error(a) for a in wrong)
        if wrong and not differs(corrected, printed, MONEY_TOLERANCE):
            return (" The rows' own arithmetic accounts for the whole difference: the net "
                    "printed on " + ", ".join(place(a) for a in wrong) + " is not its "
                    "expenditure plus income, and the Total: agrees with the corrected rows.")
    return ""


def staff_numbers(db: sqlite_utils.Database) -> list[FindingRecord]:
    """Check 3: a unit's stated number of staff equals the FTE of its budget tables (to 0.01).

    A table's FTE is its printed total where there is one, else the sum of its rows.
    """
    tables_of: dict[tuple[str, str | None], list[BudgetTable]] = defaultdict(list)
    for table in budget_tables(db):
        tables_of[(table.doc_id, table.service)].append(table)
    found = []
    for unit in rows(db, "SELECT * FROM services WHERE staff_fte IS NOT NULL ORDER BY doc_id, line, page"):
        tables = tables_of.get((unit["doc_id"], unit["name"]), [])
        parts, proof = [], [evidence("services", unit, "service_id")]
        for table in tables:
            if table.total is not None and table.total["fte"] is not None:
                parts.append(table.total["fte"])
                proof.append(evidence("budget_totals", table.total, "total_id"))
            else:
                values = [a["fte"] for a in table.activities if a["fte"] is not None]
                if values:
                    parts.append(sum(values))
                    proof.extend(evidence("activities", a, "activity_id") for a in table.activities)
        if not parts or not differs(sum(parts), unit["staff_fte"], FTE_TOLERANCE):
            continue
        budget = sum(parts)
        found.append(finding(
            "staff_numbers", unit["service_id"], "warning", unit["doc_id"],
            f"{unit['name']} (unit header, {place(unit)})",
            f"The unit's header states {fte(unit['staff_fte'])} staff, but its activity budget adds up "
            f"to {fte(budget)} (a difference of {fte(abs(budget - unit['staff_fte']))}).",
            proof, expected=fte(unit["staff_fte"]), actual=fte(budget)))
    return found


def _figures(row: dict) -> tuple:
    return (row["expenditure"], row["income"], row["net"])


def _same_names(candidates: list[dict]) -> list[list[dict]]:
    """Rows grouped by name; a name read with a stray word (`participation participation`) still matches.

    Two names match when the words of one are all among the words of the other (token_set_ratio
    of 100). Each row joins the first group whose first row matches it. Only groups whose first
    row shares a row's rarest word, or holds the rarest word of a group's first row, can match it,
    so a table of thousands of rows with equal figures costs a look-up per row, not a comparison
    with every group.
    """
    words = [frozenset(normalise_words(row["activity"]).split()) for row in candidates]
    counts = Counter(word for names in words for word in names)

    def rarest(names: frozenset[str]) -> str | None:
        return min(names, key=lambda word: (counts[word], word)) if names else None

    groups: list[list[dict]] = []
    leaders: list[frozenset[str]] = []
    by_rarest: dict[str | None, list[int]] = defaultdict(list)  # leaders by their own rarest word
    by_word: dict[str, list[int]] = defaultdict(list)  # leaders by each of their words
    for row, names in zip(candidates, words, strict=True):
        found = [g for word in names for g in by_rarest.get(word, ()) if leaders[g] <= names]
        found += [g for g in by_word.get(rarest(names), ()) if names <= leaders[g]]
        if not names:
            found += [g for g in by_rarest.get(None, ())]
        if found:
            groups[min(found)].append(row)
            continue
        by_rarest[rarest(names)].append(len(groups))
        for word in names:
            by_word[word].append(len(groups))
        groups.append([row])
        leaders.append(names)
    return groups


def activity_in_two_units(db: sqlite_utils.Database) -> list[FindingRecord]:
    """Check 4: the same activity, with the same budget, in the tables of two units of one plan.

    Same name (allowing for a stray word) and same expenditure, income and net: a generic line such
    as `Service support` that each unit budgets for itself, with its own figures, is not the same
    activity.
    """
    groups: dict[tuple[str, tuple], list[dict]] = defaultdict(list)
    for row in rows(db, "SELECT * FROM activities ORDER BY doc_id, line, page"):
        if row["expenditure"] not in (None, 0):
            groups[(row["doc_id"], _figures(row))].append(row)
    found = []
    for (doc_id, _), candidates in groups.items():
        for members in _same_names(candidates):
            units = list(dict.fromkeys(m["service"] for m in members))
            if len(units) < 2:
                continue
            first = members[0]
            name = min((m["activity"] for m in members), key=len)
            where = "; ".join(f"{m['service']} ({place(m)})" for m in members)
            found.append(finding(
                "activity_in_two_units", "+".join(m["activity_id"] for m in members), "warning", doc_id,
                name,
                f"The same activity is budgeted in the tables of {len(units)} units: {where}, each with "
                f"{fte(first['fte'])}, expenditure {money(first['expenditure'])}, income "
                f"{money(first['income'])} and net {money(first['net'])}. Added together, the plan's budget "
                "counts it more than once.",
                [evidence("activities", m, "activity_id") for m in members],
                expected="budgeted in one unit", actual=f"budgeted in {len(units)} units"))
    return found
