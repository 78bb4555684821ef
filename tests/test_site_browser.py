"""The published site driven in headless Chromium, as a reader would use it.

Builds the database from raw/ into a temporary folder, starts `plans serve` on a free loopback port
and walks through: home page, search, a row's provenance, a facet, the indicator query with its
chart, the indicator picker, a conflicting indicator's chart, a row's link to its line, and a CSV
download. A second site serves a PDF plan made here, for a row's link to its page and the stop of
the server. Screenshots go to a temporary folder (or $SITE_SCREENSHOTS), never into the checkout.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from network import free_port, port_is_free

from pipeline.build import build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parent.parent
# where the screenshots go: SITE_SCREENSHOTS to keep them, else the test run's own temporary folder
SCREENSHOTS = Path(os.environ["SITE_SCREENSHOTS"]) if os.environ.get("SITE_SCREENSHOTS") else None

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (.ci/install-browser.sh)")
if not Path(CHROMIUM).exists():
    pytest.skip("chromium is not installed (.ci/install-browser.sh)", allow_module_level=True)


def _wait_until_up(url: str, server: subprocess.Popen, attempts: int = 150) -> None:
    for _ in range(attempts):
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {server.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer at {url}")


def _serve(db_path: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db_path), "--port", str(port)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, start_new_session=True,
    )
    _wait_until_up(f"http://127.0.0.1:{port}/-/versions.json", server)
    return server, port


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def site_url(seeds_build):
    server, port = _serve(seeds_build)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(server)


@pytest.fixture(scope="module")
def page(site_url, tmp_path_factory):
    global SCREENSHOTS
    SCREENSHOTS = SCREENSHOTS or tmp_path_factory.mktemp("site-shots")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_home_page_says_what_the_data_is(page, site_url):
    page.goto(site_url + "/")
    text = page.inner_text("body")
    assert "West Lothian Council" in text
    assert "Corporate Services Management Plan 2020/21" in text
    assert "2008/09 to 2021/22" in text
    assert "Built on" in text
    assert "How to download" in text
    _shot(page, "01-home")


def test_search_finds_an_action_and_its_row_shows_provenance(page, site_url):
    page.goto(site_url + "/")
    page.fill("#plans-search-q", "digital transformation")
    page.click("form.plans-search input[type=submit]")
    page.wait_for_url("**/plans/search?q=digital+transformation*")
    results = page.locator("table.rows-and-columns tbody tr")
    assert results.count() >= 1
    row = results.filter(has_text="Digital transformation projects").filter(
        has_text="Corporate Services Management Plan 2020/21").first
    assert "action" in row.inner_text()
    _shot(page, "02-search")
    row.locator("td.col-link a").click()
    page.wait_for_selector("div.provenance")
    provenance = page.inner_text("div.provenance")
    assert "Corporate Services Management Plan 2020/21" in provenance
    assert "line 372" in provenance
    assert "A programme of activity to ensure that the council is well placed" in provenance
    _shot(page, "03-row-provenance")


def test_facet_narrows_actions_by_status(page, site_url):
    page.goto(site_url + "/plans/actions")
    facet = page.locator(".facet-info[data-column=status]")
    facet.get_by_role("link", name="active").first.click()
    page.wait_for_url("**status=active*")
    statuses = page.locator("table.rows-and-columns tbody td.col-status").all_inner_texts()
    assert statuses and set(statuses) == {"active"}
    page.evaluate("document.querySelector('.facet-results').scrollIntoView()")
    _shot(page, "04-facet-status-active")


def test_indicator_query_with_a_parameter_draws_the_chart(page, site_url):
    page.goto(site_url + "/plans/indicator_over_time")
    page.fill("input[name=indicator]", "ITS085")
    page.click("form.sql input[type=submit]")
    page.wait_for_url("**indicator=ITS085*")
    rows = page.locator("table.rows-and-columns tbody tr")
    cells = [tuple(r.locator("td").all_inner_texts()[3:6]) for r in rows.all()]
    # Corporate Services plan 2020/21, scorecard: 2019/20 performance 43%, target 50%; 2020/21 target 50%.
    assert sorted(cells) == [("2019/20", "actual", "43.0"), ("2019/20", "target", "50.0"),
                             ("2020/21", "target", "50.0")]
    chart = page.frame_locator("div.plans-chart iframe").locator(".vega-embed")
    chart.locator("canvas, svg").first.wait_for(state="visible")
    # One point per year and measure: 2019/20 actual and target, 2020/21 target.
    points = chart.evaluate("e => e.querySelectorAll('svg.marks g.mark-symbol.role-mark path').length")
    assert points == 3
    page.locator("div.plans-chart").scroll_into_view_if_needed()
    _shot(page, "05-indicator-chart")


def test_budgets_query_draws_budget_by_service(page, site_url):
    page.goto(site_url + "/plans/budgets_by_service?council=&service=&period=2020%2F21")
    services = page.locator("table.rows-and-columns tbody td.col-service").all_inner_texts()
    assert "IT Services" in services and "Housing Need" not in services  # 2021/22 plan only
    chart = page.frame_locator("div.plans-chart iframe").locator(".vega-embed")
    chart.locator("canvas, svg").first.wait_for(state="visible")
    bars = chart.evaluate("e => e.querySelectorAll('svg.marks g.mark-rect.role-mark path').length")
    printed = page.locator("table.rows-and-columns tbody td.col-tables").all_inner_texts()
    assert bars == sum(int(n) for n in printed)  # one bar segment per printed Total: row
    page.locator("div.plans-chart").scroll_into_view_if_needed()
    _shot(page, "06-budget-by-service-chart")


def test_csv_download_has_every_row(page, site_url):
    with urllib.request.urlopen(site_url + "/plans/measurements.json?_size=1") as response:
        total = json.load(response)["filtered_table_rows_count"]
    assert total > 100  # more than one page, so the download must not stop at the first
    page.goto(site_url + "/")
    item = page.locator("li", has=page.get_by_role("link", name="measurements", exact=True))
    with page.expect_download() as download_info:
        item.get_by_role("link", name="CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == total
    its085 = {(r["period"], r["measure"], r["value"], r["raw"]) for r in rows if r["code"] == "ITS085"}
    assert its085 == {("2019/20", "actual", "43.0", "43%"), ("2019/20", "target", "50.0", "50%"),
                      ("2020/21", "target", "50.0", "50%")}
    item.scroll_into_view_if_needed()
    _shot(page, "07-download-links")


CPU019 = ("CPU019 · Percentage of all influenceable council expenditure covered by contracts "
          "(West Lothian Council)")


def test_indicator_chart_opens_on_one_indicator_and_the_picker_changes_it(page, site_url):
    page.goto(site_url + "/-/dashboards/indicator")
    page.wait_for_url("**/-/dashboards/indicator?indicator=*")  # opens on a chosen indicator
    picker = page.locator("input#indicator")
    options = page.locator("datalist#indicator-list option")
    assert options.count() > 100
    assert options.filter(has_text="ITS085 · Annual Percentage of IT Faults").count() == 1
    picker.fill(CPU019)
    page.click("input[type=submit][value=Apply]")
    page.wait_for_url("**indicator=CPU019*")
    chart = page.locator(".vega-embed").first
    chart.locator("svg.marks").wait_for(state="visible")
    assert picker.input_value() == CPU019
    assert picker.bounding_box()["width"] > 600  # wide enough to read a code and its name
    _shot(page, "08-indicator-picker")


def test_conflicting_values_are_separate_labelled_marks(page, site_url):
    page.goto(site_url + "/-/dashboards/indicator?" + urllib.parse.urlencode({"indicator": CPU019}))
    chart = page.locator(".vega-embed").first
    chart.locator("svg.marks").wait_for(state="visible")
    texts = chart.evaluate("e => [...e.querySelectorAll('g.mark-text.role-mark text')].map(t => t.textContent)")
    # raw/000 prints the 2020/21 target of CPU019 as 93% (line 71, line 784) and 94% (line 517):
    # each is its own labelled mark, none averaged into 93.3
    assert "94% · activity budget, line 517" in texts
    assert "92% · scorecard, line 784" in texts
    assert sum(t.startswith("93% · ") for t in texts) == 4  # 2019/20 actual twice, 2020/21 target twice
    assert not any("93.3" in t for t in texts)
    axis = chart.evaluate("e => [...e.querySelectorAll('text')].map(t => t.textContent)")
    assert "Value (%)" in axis and "Year" in axis
    _shot(page, "09-conflicting-indicator-chart")


def test_row_page_links_to_the_line_of_the_document(page, site_url):
    with urllib.request.urlopen(site_url + "/plans/measurements.json?_shape=array&code=CPU019&line=517") as r:
        measurement = json.load(r)[0]
    page.goto(site_url + f"/plans/measurements/{measurement['measurement_id']}")
    link = page.locator("div.provenance a.document-file")
    assert link.get_attribute("href") == "/-/documents/221d480dc42a/lines#L517"
    indicator = page.locator("td.col-indicator_id a")
    assert indicator.get_attribute("href") == "/plans/indicators/west-lothian-council~3Acpu019"
    _shot(page, "10-row-links")
    link.click()
    page.wait_for_url("**/lines#L517")
    # raw/000 line 517: the Corporate Procurement Unit budget row that prints the 94% target
    assert page.inner_text("#L517").startswith("517Contract provision and collaborative procurement")
    _shot(page, "11-document-at-line")


# --- a PDF plan: a row's link opens the file at its page; the server stops -----------------------

SCHEDULE_HEADER = ["Customer Group", "Method", "Frequency", "Responsible Officer", "Feedback Method"]
SCHEDULE_ROWS = [[f"Tenant group {n}", "Survey of tenants", "Annual", "Housing Manager", f"Tenants News {n}"]
                 for n in range(1, 61)]
PUBLISHER_URL = "https://www.example.org/plans/consultation-schedule-2020-21.pdf"


def _schedule_pdf(path: Path) -> None:
    """A ruled consultation schedule too long for one page: its last rows are printed on page 2."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    table = Table([SCHEDULE_HEADER, *SCHEDULE_ROWS], repeatRows=1, hAlign="LEFT",
                  style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("Customer Consultation Schedule 2020/21"), table])


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory):
    raw = tmp_path_factory.mktemp("pdf-raw")
    _schedule_pdf(raw / "schedule.pdf")
    (raw / "sources.yml").write_text(
        "documents:\n  schedule.pdf:\n    council: Example Council\n"
        f"    title: Consultation Schedule 2020/21\n    period: 2020/21\n    url: {PUBLISHER_URL}\n")
    db_path = tmp_path_factory.mktemp("pdf-site") / "plans.db"
    build([raw], db_path, exports=False)
    server, port = _serve(db_path)
    try:
        yield server, port, raw
    finally:
        _stop(server)


def test_row_page_links_to_the_page_of_the_pdf(page, pdf_site):
    _server, port, raw = pdf_site
    url = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(url + "/plans/engagement.json?_shape=array&group=Tenant+group+60") as r:
        [row] = json.load(r)
    assert row["page"] == 2  # the schedule's last row is printed on its second page
    with urllib.request.urlopen(url + f"/plans/documents/{row['doc_id']}.json?_shape=array") as r:
        [document] = json.load(r)
    assert document["url"] == PUBLISHER_URL  # documents.url comes from raw/sources.yml
    page.goto(url + f"/plans/engagement/{row['engagement_id']}")
    link = page.locator("div.provenance a.document-file")
    href = link.get_attribute("href")
    assert href == f"/-/documents/{row['doc_id']}/schedule.pdf#page=2"
    assert link.inner_text() == "Open the document at page 2"
    assert page.locator("div.provenance a.document-original").get_attribute("href") == PUBLISHER_URL
    _shot(page, "12-pdf-row-links")
    served = page.request.get(url + href)
    assert served.status == 200
    assert served.headers["content-type"] == "application/pdf"
    assert served.body() == (raw / "schedule.pdf").read_bytes()


def test_the_server_stops_and_frees_its_port(page, pdf_site):
    server, port, _raw = pdf_site
    page.goto(f"http://127.0.0.1:{port}/")
    assert "Example Council" in page.inner_text("body")
    server.send_signal(signal.SIGTERM)
    stopped = time.monotonic()
    while not port_is_free(port) and time.monotonic() - stopped < 3:
        time.sleep(0.05)
    assert port_is_free(port), "the port is still served 3 s after SIGTERM"
    assert server.wait(timeout=10) == 0
    with pytest.raises(sync_api.Error):
        page.goto(f"http://127.0.0.1:{port}/", timeout=5_000)
