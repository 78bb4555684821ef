"""Datasette serves the built database: a table as JSON and CSV, and a row page."""

import asyncio
import csv
import io
from pathlib import Path

import pytest
from datasette.app import Datasette

from pipeline.build import build

RAW = Path(__file__).parent.parent / "raw"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("site") / "plans.db"
    build([RAW / "000_c2003f9b50c7b217.txt"], db_path, exports=False)
    return Datasette([str(db_path)], immutables=[], settings={"default_page_size": 100})


def get(site, path):
    return asyncio.run(site.client.get(path))


def test_table_as_json(site):
    response = get(site, "/plans/activities.json?_shape=array&activity=Reception")
    assert response.status_code == 200
    [row] = response.json()
    assert (row["fte"], row["expenditure"], row["income"], row["net"]) == (2.47, 57880, -38255, 19626)


def test_table_as_csv(site):
    response = get(site, "/plans/budget_totals.csv?_size=max")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 7
    hr = next(r for r in rows if r["table_title"] == "Civic Centre Admin")
    assert (hr["fte"], hr["expenditure"], hr["income"], hr["net"]) == ("22.11", "694746", "-207512", "487234")


def test_row_page_shows_provenance(site):
    activity_id = get(site, "/plans/activities.json?_shape=array&activity=Reception").json()[0]["activity_id"]
    response = get(site, f"/plans/activities/{activity_id}")
    assert response.status_code == 200
    assert "Reception duties on behalf of West Lothian Council" in response.text
    assert "255" in response.text  # the line it was printed on
