"""The published site through Datasette's own test client: metadata, tables, rows, canned queries.

The database is built from raw/; expected values were read off the seed plans
(raw/000: Corporate Services Management Plan 2020/21, West Lothian Council).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import typing
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, get_args, get_origin

import pytest
import sqlite_utils
import yaml
from datasette.app import Datasette

from pipeline import records as r
from pipeline.publishing import database, site
from pipeline.publishing.queries import DASHBOARDS, QUERIES

ROOT = Path(__file__).resolve().parent.parent
BUILT_AT = datetime(2026, 1, 31, 9, 30, tzinfo=UTC)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def built(seeds_build: Path) -> Path:
    return seeds_build


def _datasette(db_path: Path, metadata: dict) -> Datasette:
    # immutable, as `plans serve` publishes it (which also allows the whole-file download)
    return Datasette(immutables=[str(db_path)], metadata=metadata, template_dir=str(site.TEMPLATES),
                     plugins_dir=str(site.PLUGINS), settings=site.serve_settings(db_path))


@pytest.fixture(scope="module")
def metadata(built) -> dict:
    db = sqlite_utils.Database(built)
    try:
        return site.build_metadata(db, BUILT_AT)
    finally:
        db.close()


@pytest.fixture(scope="module")
def ds(built, metadata) -> Datasette:
    return _datasette(built, metadata)


async def _get(ds: Datasette, path: str):
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response


# --- metadata generated from the models ---------------------------------------------------------

def test_every_table_and_column_is_described(metadata):
    tables = metadata["databases"]["plans"]["tables"]
    for model in database.MODELS:
        entry = tables[model.table]
        assert model.table_description in entry["description_html"]
        assert set(entry["columns"]) == set(model.model_fields)
        for column, text in entry["columns"].items():
            assert text.startswith(model.model_fields[column].description)


def test_fixed_units_are_in_the_column_descriptions(metadata):
    tables = metadata["databases"]["plans"]["tables"]
    assert tables["activities"]["columns"]["net"] == "Net revenue budget, £. Unit: £."
    assert tables["services"]["columns"]["staff_fte"].endswith("Unit: FTE.")
    assert "Unit: given in the `unit` column." in tables["measurements"]["columns"]["value"]
    for table, column in site.UNITS:
        assert column in database.MODEL_BY_TABLE[table].model_fields, (table, column)


def _values_named_by(model: type[r.Record]) -> set[str]:
    """Words a model uses for a column's values: Literal choices and the words of its descriptions."""
    words: set[str] = set()
    for name, annotation in typing.get_type_hints(model).items():
        for arg in (annotation, *get_args(annotation)):
            if get_origin(arg) is Literal:
                words.update(get_args(arg))
        if name in model.model_fields:
            words.update(re.findall(r"[a-z_]+", model.model_fields[name].description or ""))
    return words


def test_every_schema_table_and_column_is_described(metadata):
    """docs/SCHEMA.md (the contract) against the published metadata: no table or column undescribed."""
    schema = (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8")
    part = schema.split("## Tables", 1)[1].split("## Gold files", 1)[0]
    sections = re.split(r"^### (\w+(?: \((?:view|summary)\))?)\s*$", part, flags=re.M)
    documented = dict(zip(sections[1::2], sections[2::2], strict=True))
    assert {name.split()[0] for name in documented if name.endswith(")")} == set(database.SUMMARIES)
    documented = {name: body for name, body in documented.items() if not name.endswith(")")}
    tables = metadata["databases"]["plans"]["tables"]
    assert set(documented) == set(database.MODEL_BY_TABLE)  # every table documented, none invented
    for name, body in documented.items():
        assert tables[name]["description_html"], name
        model = database.MODEL_BY_TABLE[name]
        for token in dict.fromkeys(re.findall(r"`([a-z_]+)`", body)):
            if token in tables[name]["columns"]:
                assert tables[name]["columns"][token]
            else:  # a value, not a column: the model must name it
                assert token in _values_named_by(model) or token in tables, (name, token)


def test_facets_sorts_and_labels_name_real_columns(metadata):
    tables = metadata["databases"]["plans"]["tables"]
    assert tables["measurements"]["facets"] == [{"stored": c} for c in
                                                ["doc_id", "service", "period", "source", "measure", "unit", "rating"]]
    assert tables["findings"]["facets"] == [{"stored": c} for c in ["doc_id", "check", "severity"]]
    assert tables["documents"]["facets"] == [{"stored": c} for c in ["council", "service", "period", "doc_type"]]
    assert tables["measurements"]["sort"] == "period"
    assert tables["documents"]["label_column"] == "title"
    for model in database.MODELS:
        entry = tables[model.table]
        facets = [f["stored"] for f in entry.get("facets", [])]
        for column in [*facets, entry.get("sort"), entry.get("label_column")]:
            assert column is None or column in model.model_fields, (model.table, column)


def test_home_page_text_comes_from_the_database(metadata):
    home = metadata["description_html"]
    assert "<strong>5 plan document(s)</strong> from <strong>3 council(s)</strong>" in home
    assert "<strong>2008/09 to 2021/22</strong>" in home
    assert "CXO Service Area Plan 2016/17" in home
    assert "Corporate Services Management Plan 2020/21" in home
    assert "Housing, Customer &amp; Building Services Management Plan 2021/22" in home
    assert "Built on <strong>31 January 2026 at 09:30 UTC</strong>" in home
    assert "could not be read" not in home  # every seed now loads
    assert '/plans/measurements.csv?_stream=on&amp;_size=max&amp;_dl=1' in home


def test_build_writes_the_metadata_beside_the_database(built):
    written = yaml.safe_load((built.parent / site.METADATA_FILE).read_text(encoding="utf-8"))
    queries = written["databases"]["plans"]["queries"]
    assert queries["indicator_over_time"]["params"] == ["indicator", "council", "page"]
    charts = written["plugins"]["datasette-dashboards"]["indicator"]["charts"]
    assert charts["series"]["library"] == "vega-lite"
    assert "Built on" in written["description_html"]


def test_datasette_options_point_at_the_site_files(tmp_path):
    options = site.datasette_options(tmp_path / "m.yml")
    assert options[options.index("--template-dir") + 1] == str(site.TEMPLATES)
    assert (site.TEMPLATES / "row.html").exists() and (site.PLUGINS / "council_plans.py").exists()


# --- tables, rows, downloads -------------------------------------------------------------------

@pytest.mark.anyio
async def test_table_json_and_csv_give_every_row(ds, built):
    db = sqlite_utils.Database(built)
    total = db["measurements"].count
    assert total > 100  # more than a page
    rows = (await _get(ds, "/plans/measurements.json?_shape=array&_size=max")).json()
    assert len(rows) == total
    text = (await _get(ds, "/plans/measurements.csv?_stream=on&_size=max&_dl=1")).text
    streamed = list(csv.DictReader(io.StringIO(text)))
    assert len(streamed) == total
    its085 = sorted((x["period"], x["measure"], x["value"]) for x in streamed if x["code"] == "ITS085")
    assert its085 == [("2019/20", "actual", "43.0"), ("2019/20", "target", "50.0"),
                      ("2020/21", "target", "50.0")]


@pytest.mark.anyio
async def test_whole_database_downloads(ds, built):
    response = await _get(ds, "/plans.db")
    assert response.content == built.read_bytes()


@pytest.mark.anyio
async def test_facet_counts_and_filter(ds):
    data = (await _get(ds, "/plans/actions.json?status=active&_facet=status&_shape=objects")).json()
    assert {r["status"] for r in data["rows"]} == {"active"}
    assert data["facet_results"]["status"]["results"][0]["value"] == "active"


@pytest.mark.anyio
async def test_a_whole_tables_facets_are_counted_at_build_time_and_a_filtered_pages_live(ds, built, metadata,
                                                                                          tmp_path):
    whole = (await _get(ds, "/plans/measurements.json")).json()["facet_results"]
    assert [(v["value"], v["count"]) for v in whole["measure"]["results"]] == [("target", 233), ("actual", 81)]
    assert whole["measure"]["type"] == "stored"
    assert "measure=target" in whole["measure"]["results"][0]["toggle_url"]
    # read from facet_counts, not counted: a copy whose stored count is altered shows the alteration
    altered = tmp_path / "plans.db"
    shutil.copy(built, altered)
    db = sqlite_utils.Database(altered)
    with db.conn:
        db.execute("UPDATE facet_counts SET count = 999 WHERE table_name = 'measurements' "
                   "AND column_name = 'measure' AND value = 'target'")
    db.close()
    other = _datasette(altered, metadata)
    shown = (await _get(other, "/plans/measurements.json")).json()["facet_results"]["measure"]["results"]
    assert (shown[0]["value"], shown[0]["count"]) == ("target", 999)
    one = (await _get(ds, "/plans/measurements.json?doc_id=fe205010195b")).json()["facet_results"]
    assert [(v["value"], v["count"]) for v in one["measure"]["results"]] == [("target", 119), ("actual", 47)]
    tables = (await _get(ds, "/plans.json")).json()["tables"]
    assert [t["hidden"] for t in tables if t["name"] == "facet_counts"] == [True]


@pytest.mark.anyio
async def test_row_page_shows_provenance(ds):
    found = (await _get(ds, "/plans/actions.json?_shape=array&title=People+Strategy&kind=action")).json()
    assert len(found) == 1 and found[0]["line"] == 270
    page = (await _get(ds, f"/plans/actions/{found[0]['action_id']}")).text
    box = page[page.index('<div class="provenance"'):]
    box = box[:box.index("</div>")]
    assert "Corporate Services Management Plan 2020/21" in box
    assert "line 270" in box
    assert "000_c2003f9b50c7b217.txt" in box
    assert "People Strategy\tDevelopment, implementation and ongoing monitoring" in box


# --- canned queries ----------------------------------------------------------------------------

@pytest.mark.anyio
async def test_search_runs_across_the_full_text_indexes(ds):
    rows = (await _get(ds, "/plans/search.json?_shape=array&q=digital+transformation")).json()
    kinds = {(x["kind"], x["title"]) for x in rows}
    assert ("action", "Digital transformation projects") in kinds
    link = next(x["link"] for x in rows if x["title"] == "Digital transformation projects")
    assert link.startswith("actions/")
    html = (await _get(ds, "/plans/search?q=digital+transformation")).text
    assert 'href="/plans/actions/' in html
    # punctuation in a search is taken as text, not as FTS syntax
    assert (await ds.client.get('/plans/search.json?q="ICT+(strategy')).status_code == 200
    indicators = (await _get(ds, "/plans/search.json?_shape=array&q=faults+resolved")).json()
    assert any(x["kind"] == "indicator" and x["title"].startswith("ITS085") for x in indicators)


@pytest.mark.anyio
async def test_indicator_series_query(ds):
    rows = (await _get(ds, "/plans/indicator_over_time.json?_shape=array&indicator=its085&council=")).json()
    assert [(x["period"], x["measure"], x["value"], x["raw"]) for x in rows] == [
        ("2019/20", "actual", 43.0, "43%"), ("2019/20", "target", 50.0, "50%"),
        ("2020/21", "target", 50.0, "50%")]
    assert {x["council"] for x in rows} == {"West Lothian Council"}
    page = (await _get(ds, "/plans/indicator_over_time?indicator=ITS085&council=")).text
    # the chart draws the one indicator the code picks, by its picker label
    assert ('/-/dashboards/indicator/series/embed?indicator=ITS085+%C2%B7+Annual+Percentage+of+IT+Faults+resolved'
            in page.replace("&amp;", "&"))
    several = (await _get(ds, "/plans/indicator_over_time?indicator=cost&council=")).text
    assert "indicators match; the chart draws one at a time" in several
    assert "/-/dashboards/indicator/series/embed" not in several
    empty = (await _get(ds, "/plans/indicator_over_time?indicator=&council=")).text
    assert "/-/dashboards/indicator/series/embed" not in empty


@pytest.mark.anyio
async def test_budgets_query(ds):
    url = "/plans/budgets_by_service.json?_shape=array&council=&service=&period=2020/21"
    rows = (await _get(ds, url)).json()
    hr = next(x for x in rows if x["service"] == "HR and Support Services")
    # Two printed totals: HR and Support Services 3,545,430 and Civic Centre Admin 487,234 (net).
    assert (hr["tables"], hr["net"], hr["income"]) == (2, 3545430 + 487234, -117005 - 207512)
    assert round(hr["fte"], 2) == 72.31  # 50.2 + 22.11
    assert {x["period"] for x in rows} == {"2020/21"}
    page = (await _get(ds, "/plans/budgets_by_service")).text
    assert "/-/dashboards/budgets/net-by-service/embed" in page


def _dashboard_sql(query: str, options: dict[str, str]) -> str:
    from datasette_dashboards import replace_opts_in_query
    return replace_opts_in_query(query, options)


def test_indicator_chart_draws_every_printed_value_of_one_indicator(built):
    db = sqlite_utils.Database(built)
    series = DASHBOARDS["indicator"]["charts"]["series"]["query"]
    # nothing chosen: nothing drawn, never every indicator at once
    assert list(db.query(_dashboard_sql(series, {"indicator": ""}), {"indicator": ""})) == []
    label = ("CPU019 · Percentage of all influenceable council expenditure covered by contracts "
             "(West Lothian Council)")
    rows = list(db.query(_dashboard_sql(series, {"indicator": label}), {"indicator": label}))
    # raw/000 prints the 2020/21 target three times: 93% (priorities line 71, scorecard line 784)
    # and 94% (activity budget line 517); each is its own mark, none averaged.
    targets = sorted((x["printed_at"], x["value"], x["agreement"]) for x in rows
                     if x["period"] == "2020/21" and x["measure"] == "target")
    assert targets == [("activity budget, line 517", 94.0, "printed differently elsewhere"),
                       ("priorities, line 71", 93.0, "printed differently elsewhere"),
                       ("scorecard, line 784", 93.0, "printed differently elsewhere")]
    actuals = {(x["printed_at"], x["value"], x["agreement"]) for x in rows
               if x["period"] == "2019/20" and x["measure"] == "actual"}
    assert actuals == {("priorities, line 71", 93.0, "agrees"), ("scorecard, line 784", 93.0, "agrees")}
    assert {x["axis"] for x in rows} == {"Value (%)"}
    by_id = {"indicator": "west-lothian-council:its085"}
    rows = list(db.query(_dashboard_sql(series, by_id), by_id))
    assert sorted((x["period"], x["measure"], x["value"]) for x in rows) == [
        ("2019/20", "actual", 43.0), ("2019/20", "target", 50.0), ("2020/21", "target", 50.0)]


def test_an_indicator_printed_in_two_units_gets_an_axis_per_unit(built):
    db = sqlite_utils.Database(built)
    series = DASHBOARDS["indicator"]["charts"]["series"]["query"]
    options = {"indicator": "west-lothian-council:busmt015"}
    axes = {x["axis"] for x in db.query(_dashboard_sql(series, options), options)}
    assert len(axes) == 2 and all(a.startswith("Value (") for a in axes)
    display = DASHBOARDS["indicator"]["charts"]["series"]["display"]
    assert display["facet"]["row"]["field"] == "axis"
    assert display["resolve"]["scale"]["y"] == "independent"


def test_budget_chart_draws_printed_totals_not_sums(built):
    db = sqlite_utils.Database(built)
    budgets = DASHBOARDS["budgets"]["charts"]["net-by-service"]["query"]
    rows = list(db.query(_dashboard_sql(budgets, {}), {}))
    hr = sorted((x["table_title"], x["net"]) for x in rows
                if x["service"] == "HR and Support Services" and x["period"] == "2020/21")
    # two printed Total: rows, HR and Support Services 3,545,430 and Civic Centre Admin 487,234
    assert hr == [("Civic Centre Admin", 487234.0), ("HR and Support Services", 3545430.0)]


@pytest.mark.anyio
async def test_dashboard_pages_render(ds):
    page = (await _get(ds, "/-/dashboards/indicator/series/embed?indicator=ITS085")).text
    assert "vega-lite.min.js" in page
    await _get(ds, "/-/dashboards/budgets")


@pytest.mark.anyio
async def test_findings_link_to_their_evidence(built, tmp_path):
    db_path = tmp_path / "plans.db"
    db_path.write_bytes(built.read_bytes())
    db = sqlite_utils.Database(db_path)
    activity = next(db.query("SELECT activity_id, line FROM activities WHERE line IS NOT NULL LIMIT 1"))
    finding = r.FindingRecord(
        finding_id="sum-check:1", check="activity_sum", severity="error", doc_id="221d480dc42a",
        subject="an activity", message="expenditure + income differs from net",
        evidence=json.dumps([{"table": "activities", "id": activity["activity_id"],
                              "line": activity["line"]}]))
    database.insert(db, [finding])
    database.ensure_db_shape(db)  # as a build does after the checks: the findings' order and counts
    db.close()
    with sqlite_utils.Database(db_path) as fresh:
        metadata = site.build_metadata(fresh, BUILT_AT)
    ds = _datasette(db_path, metadata)
    rows = (await _get(ds, "/plans/audit_findings.json?_shape=array&severity=error&check=activity_sum")).json()
    assert [(x["check"], x["document"]) for x in rows] == [
        ("activity_sum", "Corporate Services Management Plan 2020/21")]
    page = (await _get(ds, "/plans/audit_findings?severity=&check=")).text
    assert f'href="/plans/activities/{activity["activity_id"]}"' in page
    assert f'(line {activity["line"]})' in page


def _plan(doc_id: str, period: str, target: float, net: float) -> list[r.Record]:
    """A plan of the same service in a given year: one indicator target, one activity budget."""
    common = {"doc_id": doc_id, "line": 10, "source_text": "as printed"}
    return [
        r.DocumentRecord(doc_id=doc_id, source_file=f"{doc_id}.txt", format="text", council="Some Council",
                         service="Corporate Services", title=f"Management Plan {period}", period=period),
        r.ActivityRecord(activity_id=f"{doc_id}-a", service="IT Services", activity="Helpdesk", net=net,
                         period=period, **common),
        r.MentionRecord(mention_id=f"{doc_id}-m", indicator_id="some:its085", text="ITS085_Faults",
                        name="Faults", source="scorecard", **common),
        r.MeasurementRecord(measurement_id=f"{doc_id}-t", mention_id=f"{doc_id}-m", source="scorecard",
                            indicator_id="some:its085", code="ITS085", indicator_name="Faults",
                            period=period, measure="target", value=target, unit="%", raw=f"{target}%",
                            **common),
    ]


@pytest.mark.anyio
async def test_plan_changes_sets_two_plans_side_by_side(tmp_path):
    db_path = tmp_path / "plans.db"
    db = sqlite_utils.Database(db_path)
    database.create_tables(db)
    database.insert(db, [r.IndicatorRecord(indicator_id="some:its085", council="Some Council", code="ITS085",
                                           name="Faults")])
    database.insert(db, _plan("aaaa", "2020/21", 50, 1000) + _plan("bbbb", "2021/22", 55, 1200))
    database.ensure_db_shape(db)
    metadata = site.build_metadata(db, BUILT_AT)
    db.close()
    ds = _datasette(db_path, metadata)
    rows = (await _get(ds, "/plans/plan_changes.json?_shape=array&service=Corporate+Services"
                           "&council=&earlier=&later=")).json()
    side_by_side = [(x["what"], x["item"], x["earlier"], x["later"], x["change"]) for x in rows]
    assert side_by_side == [("target", "Faults", 50.0, 55.0, 5.0),
                            ("net budget", "IT Services: Helpdesk", 1000.0, 1200.0, 200.0)]
    assert {(x["earlier_plan"], x["later_plan"]) for x in rows} == {("2020/21", "2021/22")}


def test_queries_are_exported_beside_the_tables(built):
    exported = [q for q in QUERIES if q.export]
    assert {q.name for q in exported} == {"indicator_over_time", "budgets_by_service", "audit_findings",
                                                "findings_summary"}
    with open(built.parent / "csv" / "budgets_by_service.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    it = next(x for x in rows if x["service"] == "IT Services")
    assert (it["period"], float(it["net"])) == ("2020/21", 3807808.0)
    series = json.loads((built.parent / "json" / "indicator_over_time.json").read_text(encoding="utf-8"))
    assert len(series) == sqlite_utils.Database(built).execute(
        "SELECT count(*) FROM measurements WHERE indicator_id IS NOT NULL").fetchone()[0]


def test_committed_metadata_is_generated_from_the_record_models():
    """datasette-metadata.yml at the top level cannot drift from the models: regenerate it with
    `python -m pipeline.publishing.site` after changing them."""
    assert (ROOT / site.METADATA_FILE).read_text(encoding="utf-8") == site.static_metadata_text()


@pytest.mark.anyio
async def test_row_page_links_to_the_document_its_table_and_linked_rows(ds, built):
    url = "/plans/activities.json?_shape=array&table_title=IT+Services+Activity+Budget+2020/21"
    found = (await _get(ds, url)).json()
    row = found[0]
    page = (await _get(ds, f"/plans/activities/{row['activity_id']}")).text
    assert f'href="/-/documents/221d480dc42a/lines#L{row["line"]}"' in page
    assert 'href="/plans/documents/221d480dc42a"' in page
    assert "/plans/activities?doc_id=221d480dc42a&amp;table_title=IT+Services+Activity+Budget+2020%2F21" in page
    lines = (await _get(ds, "/-/documents/221d480dc42a/lines")).text
    assert f'id="L{row["line"]}"' in lines
    served = await _get(ds, "/-/documents/221d480dc42a/000_c2003f9b50c7b217.txt")
    assert served.content == (ROOT / "raw" / "000_c2003f9b50c7b217.txt").read_bytes()
    measurement = (await _get(ds, "/plans/measurements.json?_shape=array&code=CPU019&line=517")).json()[0]
    page = (await _get(ds, f"/plans/measurements/{measurement['measurement_id']}")).text
    assert '<a href="/plans/indicators/west-lothian-council~3Acpu019">west-lothian-council:cpu019</a>' in page
    assert '<a href="/plans/documents/221d480dc42a">221d480dc42a</a>' in page


@pytest.mark.anyio
async def test_indicator_page_links_to_its_series_and_chart(ds):
    page = (await _get(ds, "/plans/indicators/west-lothian-council:its085")).text
    assert ('/plans/indicator_over_time?indicator=west-lothian-council%3Aits085&amp;council=West+Lothian+Council'
            in page)
    assert '/-/dashboards/indicator?indicator=ITS085+%C2%B7+Annual+Percentage' in page


@pytest.mark.anyio
async def test_money_is_shown_in_pounds(ds):
    page = (await _get(ds, "/plans/budget_totals?table_title=HR+and+Support+Services")).text
    # raw/000, HR and Support Services Total: net 3,545,430, income (117,005)
    assert '<span class="money">£3,545,430</span>' in page
    assert '<span class="money">−£117,005</span>' in page
    data = (await _get(ds, "/plans/budget_totals.json?_shape=array&table_title=HR+and+Support+Services")).json()
    assert data[0]["net"] == 3545430.0  # downloads keep the number


@pytest.mark.anyio
async def test_query_pages_say_what_they_need_and_what_the_data_holds(ds):
    page = (await _get(ds, "/plans/plan_changes")).text
    assert "<title>What changed between two plans of the same service</title>" in page
    assert 'for="qp1">Service</label>' in page
    assert "Give <strong>Service</strong> to run this query" in page
    assert "Chief Executive&#x27;s Office (Warwick District Council): 2016/17, 2019/20" in page
    search = (await _get(ds, "/plans/search?q=")).text
    assert "Give <strong>Search for</strong> to run this query" in search and "0 results" not in search
    findings = (await _get(ds, "/plans/audit_findings")).text
    assert "a severity not listed has none" in findings


@pytest.mark.anyio
async def test_plan_changes_lists_what_each_plan_of_a_service_holds(ds):
    rows = (await _get(ds, "/plans/plan_changes.json?_shape=array&service=Chief+Executive%27s+Office"
                           "&council=&earlier=&later=")).json()
    # Warwick CXO Service Area Plan 2016/17 and its 2019/20 performance report both list Digital by
    # Design; Council Elections is a project of the 2019/20 report only.
    by_item = {x["item"]: (x["what"], x["earlier"], x["later"], x["change"]) for x in rows}
    assert by_item["Digital by Design"] == ("project", "listed", "listed", None)
    assert by_item["Council Elections"] == ("project", None, "listed", "only in the later plan")
    assert {(x["earlier_plan"], x["later_plan"]) for x in rows} == {("2016/17", "2019/20")}


def test_home_page_lists_services_with_two_plans(metadata):
    home = metadata["description_html"]
    assert "Services with two plans" in home
    assert ("/plans/plan_changes?service=Chief+Executive%27s+Office&amp;council=Warwick+District+Council"
            in home)


@pytest.mark.anyio
async def test_a_long_query_result_comes_a_page_at_a_time_and_whole_with_page_all(ds, built):
    every = "/plans/indicator_over_time.json?_shape=array&indicator=&council="
    whole = (await _get(ds, every + "&page=all")).json()
    db = sqlite_utils.Database(built)
    query = next(q for q in QUERIES if q.name == "indicator_over_time")
    expected = [dict(row) for row in db.query(query.sql, {"indicator": "", "council": ""})]
    db.close()
    assert len(expected) == 314 and whole == expected  # every series row of the seeds, as exported
    first = (await _get(ds, every)).json()
    second = (await _get(ds, every + "&page=2")).json()
    assert query.page_size == 50
    assert first == expected[:50] and second == expected[50:100]
    assert (await _get(ds, every + "&page=1")).json() == first
    assert (await _get(ds, every + "&page=7")).json() == expected[300:]
    page = (await _get(ds, "/plans/indicator_over_time?indicator=&council=&page=2")).text
    assert "50 rows a page" in page


@pytest.mark.anyio
async def test_search_pages_come_from_every_match_in_rank_order(ds, built):
    """Each table's matches are cut to the pages asked for before the snippets are made: the pages
    still follow one another through every match, the best ranked first."""
    every = (await _get(ds, "/plans/search.json?_shape=array&q=service&page=all")).json()
    conn = sqlite_utils.Database(built)
    matches = sum(conn.execute(f"SELECT count(*) FROM {t}_fts WHERE {t}_fts MATCH 'service'").fetchone()[0]
                  for t in ("actions", "risks", "activities", "indicators"))
    conn.close()
    assert len(every) == matches == 97
    assert len({x["link"] for x in every}) == 97
    first = (await _get(ds, "/plans/search.json?_shape=array&q=service")).json()
    second = (await _get(ds, "/plans/search.json?_shape=array&q=service&page=2")).json()
    assert first + second == every and len(first) == 50
    assert all("[service]" in x["match"].lower() for x in every)
