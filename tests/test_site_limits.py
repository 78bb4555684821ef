"""What one request may cost the site, and what it may not reach, through a real Datasette with the
site's plugin: value length bound on every connection, limits sized for the data, security headers,
debugging pages closed, writes refused, and only web addresses made into links."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from datasette.app import Datasette

from pipeline.build import build
from pipeline.publishing import site
from pipeline.publishing.response_cache import Answer, Recorder, ResponseCache

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "raw" / "000_c2003f9b50c7b217.txt"
HOSTILE_URL = "javascript:alert(document.cookie)"
PUBLISHER_URL = "https://www.example.org/plans/corporate-services-2020-21.pdf"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    db_path = tmp_path_factory.mktemp("limits") / "plans.db"
    build([PLAN], db_path, exports=False)
    return db_path


def _datasette(db_path: Path) -> Datasette:
    db = sqlite_utils.Database(db_path)
    try:
        metadata = site.build_metadata(db, None)
    finally:
        db.close()
    return Datasette(immutables=[str(db_path)], metadata=metadata, template_dir=str(site.TEMPLATES),
                     plugins_dir=str(site.PLUGINS), settings=site.serve_settings(db_path))


@pytest.fixture(scope="module")
def ds(built) -> Datasette:
    return _datasette(built)


def _table(path: Path, rows: int, width: int = 10) -> Path:
    db = sqlite_utils.Database(path)
    db["t"].insert_all({"id": i, "text": "x" * width} for i in range(rows))
    db.close()
    return path


# --- limits sized for the data -------------------------------------------------------------------

def test_limits_are_sized_for_the_seed_plan(built):
    settings = site.serve_settings(built)
    # its largest table has a few hundred rows: every row of it fits one `_size=max` page
    assert settings["max_returned_rows"] == 1000
    assert settings["max_csv_mb"] == 5
    assert settings["suggest_facets"] is False
    conn = sqlite3.connect(built)
    try:
        longest = site.longest_value(conn)
        assert 500 < longest < 5000  # the longest printed passage the plan's rows keep
        assert site.length_limit(conn) == site.LENGTH_LIMIT_FLOOR
    finally:
        conn.close()


def test_a_page_holds_a_table_that_fits_and_no_more_than_the_budget(tmp_path):
    settings = site.serve_settings(_table(tmp_path / "small.db", 500))
    assert settings["max_returned_rows"] == 1_000  # every row of it on one page
    settings = site.serve_settings(_table(tmp_path / "big.db", 25_000))
    # 1,024 rows of values up to the 32 KB limit is the 32 MB page budget; the rest page by `next`
    assert settings["max_returned_rows"] == 1_024


def test_long_values_make_fewer_rows_per_page(tmp_path):
    db_path = _table(tmp_path / "long.db", 10, width=100_000)
    conn = sqlite3.connect(db_path)
    try:
        assert site.length_limit(conn) == 200_000  # twice the longest value held
    finally:
        conn.close()
    # rows × value limit stays within the 32 MB page budget
    assert site.serve_settings(db_path)["max_returned_rows"] == 167
    huge = _table(tmp_path / "huge.db", 3, width=1_000_000)
    assert site.serve_settings(huge)["max_returned_rows"] == 100  # never less than one page


def test_datasette_is_given_the_sized_limits(built, tmp_path):
    options = site.datasette_options(tmp_path / "m.yml", site.serve_settings(built))
    assert options[options.index("max_returned_rows") + 1] == "1000"
    assert options[options.index("suggest_facets") + 1] == "off"
    assert options[options.index("allow_csv_stream") + 1] == "on"


@pytest.mark.anyio
async def test_a_huge_value_is_refused_not_built(ds, built):
    response = await ds.client.get("/plans.json?sql=select+hex(zeroblob(450000000))")
    assert response.status_code == 400
    assert response.json()["error"] == "string or blob too big"
    # what the data holds is still served whole
    rows = (await ds.client.get("/plans/activities.json?_shape=array&_size=max")).json()
    assert len(rows) == sqlite_utils.Database(built)["activities"].count
    assert max(len(r["source_text"]) for r in rows) > 500


@pytest.mark.anyio
async def test_the_settings_in_force_are_the_sized_ones(ds):
    settings = (await ds.client.get("/-/settings.json")).json()
    assert settings["max_returned_rows"] == 1000
    assert settings["suggest_facets"] is False
    page = (await ds.client.get("/plans/activities.json")).json()
    assert not page.get("suggested_facets")


# --- headers, closed pages, writes --------------------------------------------------------------

@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/", "/plans/activities", "/plans/activities.json", "/plans/activities.csv",
                                  "/plans/no_such_table", "/-/documents/nothing/lines", "/-/static/app.css"])
async def test_every_response_carries_the_security_headers(ds, path):
    response = await ds.client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp


@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/-/databases.json", "/-/databases", "/-/threads", "/-/threads.json",
                                  "/-/messages", "/-/allow-debug", "/-/permissions"])
async def test_debugging_pages_are_closed(ds, built, path):
    response = await ds.client.get(path)
    assert response.status_code == 404
    assert str(built) not in response.text and str(built.parent) not in response.text


@pytest.mark.anyio
async def test_public_pages_do_not_show_the_database_path(ds, built):
    for path in ("/", "/plans", "/-/versions.json", "/-/settings.json", "/-/metadata.json", "/-/plugins.json"):
        response = await ds.client.get(path)
        assert response.status_code == 200, path
        assert str(built.parent) not in response.text, path


@pytest.mark.anyio
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
async def test_writes_are_refused_not_an_error(ds, method):
    response = await ds.client.request(method, "/plans/activities", data={"activity": "x"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    assert "read-only" in response.text


# --- publisher addresses ------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "linked"), [
    ("https://www.westlothian.gov.uk/plan.pdf", "https://www.westlothian.gov.uk/plan.pdf"),
    ("HTTP://example.org/a", "HTTP://example.org/a"),
    ("javascript:alert(1)", None), (" JavaScript:alert(1)", None), ("data:text/html,<b>x</b>", None),
    ("file:///etc/passwd", None), ("//example.org/a", None), ("https://", None), ("", None), (None, None),
])
def test_only_web_addresses_become_links(url, linked):
    assert site.link_url(url) == linked


@pytest.fixture(scope="module")
def with_urls(built, tmp_path_factory) -> tuple[Path, str, str]:
    """The plan's database twice over: its document's url hostile in one, a web address in the other."""
    folder = tmp_path_factory.mktemp("urls")
    copies = []
    for name, url in (("hostile", HOSTILE_URL), ("fine", PUBLISHER_URL)):
        path = folder / name / "plans.db"
        path.parent.mkdir()
        path.write_bytes(built.read_bytes())
        db = sqlite_utils.Database(path)
        db.execute("UPDATE documents SET url = ?", [url])
        db.conn.commit()
        db.close()
        copies.append(path)
    return copies[0], copies[1], folder


@pytest.mark.anyio
async def test_a_javascript_url_is_never_a_link(with_urls):
    hostile, fine, _ = with_urls
    for db_path, shown in ((hostile, False), (fine, True)):
        ds = _datasette(db_path)
        activity = (await ds.client.get("/plans/activities.json?_shape=array&activity=Reception")).json()[0]
        db = sqlite_utils.Database(db_path)
        home = site.home_html(db, site.datetime(2026, 1, 31, tzinfo=site.UTC))
        db.close()
        pages = [(await ds.client.get(f"/plans/activities/{activity['activity_id']}")).text,
                 (await ds.client.get("/plans/documents")).text,
                 (await ds.client.get(f"/plans/documents/{activity['doc_id']}")).text,
                 home]
        for page in pages:
            assert 'href="javascript:' not in page.lower()
        row_page = pages[0]
        assert (f'class="document-original" href="{PUBLISHER_URL}"' in row_page) is shown
        assert (f'href="{PUBLISHER_URL}">publisher' in home) is shown


# --- JSON answers kept while the site runs ------------------------------------------------------

@pytest.mark.anyio
async def test_a_repeated_json_request_is_answered_the_same_from_memory(built):
    ds = _datasette(built)
    first = await ds.client.get("/plans/activities.json?_size=5")
    second = await ds.client.get("/plans/activities.json?_size=5")
    assert first.status_code == second.status_code == 200
    # query_ms is measured afresh by every run of the queries: equal means not run again
    assert second.content == first.content
    assert second.headers["x-content-type-options"] == "nosniff"
    other = await ds.client.get("/plans/activities.json?_size=6")
    assert len(other.json()["rows"]) == 6


def test_the_cache_keeps_only_small_complete_cookieless_answers():
    cache = ResponseCache(max_total=250, max_entry=100)
    assert cache.key({"method": "GET", "path": "/plans/a.json", "query_string": b"x=1"}) == b"/plans/a.json?x=1"
    assert cache.key({"method": "GET", "path": "/plans/a", "query_string": b""}) is None  # HTML pages
    assert cache.key({"method": "HEAD", "path": "/plans/a.json", "query_string": b""}) is None
    cache.put(b"big", Answer(200, (), b"x" * 101))
    cache.put(b"error", Answer(400, (), b"{}"))
    cache.put(b"cookie", Answer(200, ((b"Set-Cookie", b"ds_csrftoken=1"),), b"{}"))
    assert len(cache) == 0
    for name in (b"a", b"b", b"c"):
        cache.put(name, Answer(200, (), b"x" * 100))
    assert cache.get(b"a") is None and cache.get(b"c") is not None  # oldest dropped past 250 bytes
    assert cache.total == 200


@pytest.mark.anyio
async def test_a_streamed_answer_past_the_entry_size_is_not_kept():
    sent = []

    async def send(message):
        sent.append(message)

    recorder = Recorder(send, limit=10)
    await recorder({"type": "http.response.start", "status": 200, "headers": []})
    await recorder({"type": "http.response.body", "body": b"x" * 8, "more_body": True})
    assert recorder.answer() is None  # not complete yet
    await recorder({"type": "http.response.body", "body": b"x" * 8, "more_body": False})
    assert recorder.answer() is None  # complete, but 16 bytes
    assert b"".join(m.get("body", b"") for m in sent) == b"x" * 16  # passed on whole all the same
