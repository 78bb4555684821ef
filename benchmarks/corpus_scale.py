"""What `plans build` and `plans serve` cost as the corpus grows: a synthetic corpus of N plans.

    python benchmarks/corpus_scale.py [--sizes 100,1000] [--rows 1000000] [--work out/corpus_scale]

Part one, for each N in --sizes: N plans made from the seeds in raw/ (each a seed with another
council's name, its years moved, its figures perturbed; a share rendered to PDF by
`render_seeds.py`), built by the real `plans build` in a child process. Printed for each N:

- documents/s of a first build with --jobs 1 and, after 1 % of the plans changed, of a clean
  build (--no-cache) of the changed corpus with --jobs 2;
- the rebuild of the first build's output on the changed corpus (its cache reused), its time as a
  share of the first build's, and whether its database has the clean build's rows;
- peak RSS of the build's process tree (the writer, the children reading documents, Dask's
  workers) and of the writer alone; the database's size.

Sizes over --compare-up-to are built once with --jobs 2 and rebuilt, without the clean build.
A two-core reference (the same CPU-bound loop in one process, then in two at once), taken before
each build it bears on, says what two workers can gain on this machine at that time; CPU seconds
of each build's process tree are printed beside its wall time, being less moved by other load.

Part two (--rows R): the largest database built, its measurements copied under new ids (and new
documents) until it holds R measurement rows, served by a real `plans serve` on loopback; every
canned query (with its parameters empty and with an example, as JSON and as its page) and every
table's facet page is requested --requests times one after another, each request with a query
string of its own so that none is answered from the site's JSON cache; p50/p95 printed per page.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import math
import multiprocessing
import os
import random
import re
import resource
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil
import sqlite_utils
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import render_seeds  # noqa: E402

from pipeline.publishing import database, site  # noqa: E402
from pipeline.publishing.queries import DASHBOARDS, QUERIES, SERVICES_WITH_TWO_PLANS  # noqa: E402

# Councils the synthetic plans are said to come from: (name as printed, short name).
COUNCILS = [
    ("Fife Council", "Fife"), ("Leeds City Council", "Leeds"), ("Kent County Council", "Kent"),
    ("Cardiff Council", "Cardiff"), ("Highland Council", "Highland"), ("Norwich City Council", "Norwich"),
    ("Stirling Council", "Stirling"), ("Bristol City Council", "Bristol"), ("Cornwall Council", "Cornwall"),
    ("Dundee City Council", "Dundee"), ("Salford City Council", "Salford"), ("Powys County Council", "Powys"),
    ("Angus Council", "Angus"), ("Exeter City Council", "Exeter"), ("Falkirk Council", "Falkirk"),
    ("Wrexham County Borough Council", "Wrexham"), ("Moray Council", "Moray"), ("York City Council", "York"),
    ("Inverclyde Council", "Inverclyde"), ("Luton Borough Council", "Luton"), ("Swansea Council", "Swansea"),
    ("Midlothian Council", "Midlothian"), ("Oxford City Council", "Oxford"), ("Rutland County Council", "Rutland"),
    ("Perth and Kinross Council", "Perth and Kinross"), ("Sheffield City Council", "Sheffield"),
    ("Conwy County Borough Council", "Conwy"), ("East Ayrshire Council", "East Ayrshire"),
    ("Derby City Council", "Derby"), ("Torbay Council", "Torbay"), ("Argyll and Bute Council", "Argyll and Bute"),
    ("Wakefield Council", "Wakefield"), ("Renfrewshire Council", "Renfrewshire"), ("Slough Borough Council", "Slough"),
    ("Ceredigion County Council", "Ceredigion"), ("Shetland Islands Council", "Shetland"),
    ("Bolton Council", "Bolton"), ("Aberdeen City Council", "Aberdeen"), ("Durham County Council", "Durham"),
    ("Gwynedd Council", "Gwynedd"),
]
YEAR_SHIFTS = range(-7, 8)  # years moved by this much, one shift per round of councils
YEAR = re.compile(r"(?<![\w£$.,/])((?:19|20)\d\d)(?:([/-])(\d\d(?:\d\d)?))?(?![\w]|[.,]\d)")
# A figure: grouped thousands, decimals, a percentage; never part of a code or date.
FIGURE = re.compile(r"(?<![\w.,/:-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/:]|[.,]\d)")


@dataclass
class Seed:
    name: str
    text: str
    entry: dict  # its raw/sources.yml entry
    council: str
    short: str


def load_seeds(raw: Path) -> list[Seed]:
    manifest = yaml.safe_load((raw / "sources.yml").read_text(encoding="utf-8"))["documents"]
    seeds = []
    for path in sorted(raw.glob("*.txt")):
        entry = manifest[path.name]
        council = entry["council"]
        short = re.sub(r" (District|City|County|Borough)? ?Council$", "", council)
        seeds.append(Seed(path.name, path.read_text(encoding="utf-8-sig"), entry, council, short))
    return seeds


def _move_years(text: str, shift: int) -> str:
    def moved(m: re.Match) -> str:
        out = str(int(m[1]) + shift)
        if m[2]:
            later = m[3]
            out += m[2] + (f"{(int(later) + shift) % 100:02d}" if len(later) == 2 else str(int(later) + shift))
        return out

    return YEAR.sub(moved, text)


def _perturb(line: str, rng: random.Random) -> str:
    """Figures of a line moved by up to ±10 %, printed as before (grouping, decimals)."""

    def moved(m: re.Match) -> str:
        whole, decimals = m[1], m[2] or ""
        value = float(whole.replace(",", "") + decimals)
        if value < 10 or (not decimals and "," not in whole and 1900 <= value <= 2100):
            return m[0]  # ratings, ordinals and years stay
        new = value * rng.uniform(0.9, 1.1)
        places = len(decimals) - 1 if decimals else 0
        text = f"{new:,.{places}f}" if "," in whole else f"{new:.{places}f}"
        return text

    return FIGURE.sub(moved, line)


def synthetic_plan(seed: Seed, council: tuple[str, str], shift: int, variant: int) -> tuple[str, dict]:
    """One plan's text and manifest entry: the seed as another council's, years moved, figures perturbed.

    The figures of every line are perturbed, not only of table rows: a seed that seldom names its
    council would otherwise give the same plan for two councils."""
    rng = random.Random(f"{seed.name}/{council[0]}/{shift}/{variant}")

    def recast(text: str) -> str:
        text = text.replace(seed.council, council[0])
        text = re.sub(rf"\b{re.escape(seed.short)}\b", council[1], text)
        return _move_years(text, shift)

    lines = [_perturb(line, rng) for line in recast(seed.text).split("\n")]
    entry = {k: recast(v) if isinstance(v, str) else v for k, v in seed.entry.items()}
    return "\n".join(lines), entry


def plan_name(i: int, pdf: bool) -> str:
    return f"{i:05d}.{'pdf' if pdf else 'txt'}"


def write_plan(raw: Path, seeds: list[Seed], i: int, pdf_every: int, variant: int = 0) -> tuple[str, dict]:
    seed = seeds[i % len(seeds)]
    rounds = i // len(seeds)
    council = COUNCILS[rounds % len(COUNCILS)]
    shift = YEAR_SHIFTS[(rounds // len(COUNCILS)) % len(YEAR_SHIFTS)]
    # a plan number beyond councils × shifts only differs by its figures; the variant says so
    text, entry = synthetic_plan(seed, council, shift, variant * 1000 + rounds // (len(COUNCILS) * len(YEAR_SHIFTS)))
    pdf = pdf_every > 0 and i % pdf_every == pdf_every - 1
    name = plan_name(i, pdf)
    if pdf:
        layout = render_seeds.LAYOUTS[i % len(render_seeds.LAYOUTS)]
        render_seeds.render(render_seeds.parse_seed(text), raw / name, layout, render_seeds.running_header_for(text))
    else:
        (raw / name).write_text(text, encoding="utf-8")
    return name, entry


def generate(raw: Path, seeds: list[Seed], n: int, pdf_share: float) -> int:
    """N plans and their sources.yml in `raw`; returns how many are PDFs."""
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir(parents=True)
    pdf_every = round(1 / pdf_share) if pdf_share > 0 else 0
    entries = dict(write_plan(raw, seeds, i, pdf_every) for i in range(n))
    texts = {hashlib.sha256(p.read_bytes()).hexdigest() for p in raw.glob("*.txt")}
    if len(texts) < sum(name.endswith(".txt") for name in entries):
        raise SystemExit("two synthetic plans came out the same: the build would read one of them twice")
    (raw / "sources.yml").write_text(yaml.safe_dump({"documents": entries}, sort_keys=False), encoding="utf-8")
    return sum(name.endswith(".pdf") for name in entries)


def change_some(raw: Path, seeds: list[Seed], n: int, pdf_share: float, share: float = 0.01) -> int:
    """Perturb the figures of `share` of the plans again (spread evenly); returns how many."""
    pdf_every = round(1 / pdf_share) if pdf_share > 0 else 0
    count = max(1, math.ceil(n * share))
    for i in range(0, n, n // count)[:count]:
        write_plan(raw, seeds, i, pdf_every, variant=1)
    return count


@dataclass
class BuildRun:
    seconds: float
    cpu_seconds: float  # user + system of the build and every process under it
    tree_mb: float  # peak RSS of the build and every process under it, summed at each sample
    writer_mb: float  # peak RSS of the build process itself (VmHWM)
    summary: str


def run_build(raw: Path, db: Path, jobs: int, no_cache: bool = False) -> BuildRun:
    """`plans build` in a child process, its process tree's memory sampled every 50 ms."""
    command = [sys.executable, "-m", "pipeline.cli", "build", str(raw), "--db", str(db), "--quiet",
               "--jobs", str(jobs)] + (["--no-cache"] if no_cache else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writer = psutil.Process(proc.pid)
    tree_peak = writer_peak = 0
    while proc.poll() is None:
        try:
            members = [writer, *writer.children(recursive=True)]
            tree = 0
            for member in members:
                try:
                    tree += member.memory_info().rss
                except psutil.Error:
                    pass
            tree_peak = max(tree_peak, tree)
            writer_peak = max(writer_peak, _vm_hwm(proc.pid))
        except psutil.Error:
            pass
        time.sleep(0.05)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    _reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # every process reaped under the build counts
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):  # 1: some documents failed, the build went on
        raise SystemExit(f"plans build failed ({proc.returncode}):\n{out}\n{err}")
    summary = next((line for line in out.splitlines() if line.strip()), "")
    return BuildRun(seconds, cpu, tree_peak / 2**20, writer_peak / 2**20, summary)


def _become_subreaper() -> None:
    """Processes orphaned under the build (a Dask worker's reading process outlives it by a moment)
    are handed to this one rather than to init, so that their CPU time counts in the build's."""
    PR_SET_CHILD_SUBREAPER = 36
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: such processes' time goes uncounted
        pass


def _reap_orphans() -> None:
    """Wait (up to 10 s) for the processes handed to this one by `_become_subreaper`: they end as
    soon as what they were reading for has gone."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                time.sleep(0.05)
        except ChildProcessError:
            return


def _vm_hwm(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def table_digest(db_path: Path) -> str:
    """Every table's rows by primary key (without one: in rowid order), ingest_log timings aside, as one hash.

    An incremental build stores changed documents' rows after the others', so storage order is not compared.
    """
    digest = hashlib.sha256()
    db = sqlite_utils.Database(db_path)
    for table in sorted(db.table_names()):
        if table.startswith(("sqlite_", "_")) or "_fts" in table:
            continue
        columns = [c for c in db[table].columns_dict if c != "seconds"]
        order = ", ".join(f"[{c}]" for c in db[table].pks)
        digest.update(table.encode())
        for row in db.execute(f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}] ORDER BY {order}"):
            digest.update(repr(row).encode())
    db.close()
    return digest.hexdigest()


def _spin(seconds: float) -> int:
    """A fixed CPU-bound loop: how many rounds fit in `seconds`."""
    end, rounds = time.perf_counter() + seconds, 0
    while time.perf_counter() < end:
        sum(i * i for i in range(10_000))
        rounds += 1
    return rounds


def two_core_reference(seconds: float = 5.0) -> float:
    """Work done by two processes at once over work done by one, in the same time, on this machine now."""
    one = _spin(seconds)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        two = sum(pool.map(_spin, [seconds, seconds]))
    return two / one


def part_one(args: argparse.Namespace, seeds: list[Seed]) -> Path | None:
    largest = None
    for n in args.sizes:
        folder = args.work / f"n{n}"
        raw = folder / "raw"
        started = time.perf_counter()
        pdfs = generate(raw, seeds, n, args.pdf_share)
        print(f"N = {n}: {n - pdfs} text plans and {pdfs} PDFs generated in {time.perf_counter() - started:.0f} s",
              flush=True)
        first_db = folder / "first" / "plans.db"
        shutil.rmtree(first_db.parent, ignore_errors=True)
        compare = n <= args.compare_up_to
        jobs = 1 if compare else 2
        print(f"  two-core reference now (two processes' work / one's): {two_core_reference():.2f}×", flush=True)
        first = run_build(raw, first_db, jobs)
        print(f"  first build, --jobs {jobs}: {first.seconds:7.1f} s ({first.cpu_seconds:.0f} s CPU)  "
              f"{n / first.seconds:6.2f} documents/s  "
              f"peak RSS tree {first.tree_mb:6.0f} MB, writer {first.writer_mb:6.0f} MB  [{first.summary}]",
              flush=True)
        changed = change_some(raw, seeds, n, args.pdf_share)
        again = run_build(raw, first_db, jobs)
        print(f"  rebuild after {changed} changed ({changed / n:.0%}): {again.seconds:7.1f} s "
              f"({again.cpu_seconds:.0f} s CPU) = {again.seconds / first.seconds:.1%} of the first build "
              f"({again.cpu_seconds / first.cpu_seconds:.1%} of its CPU)  peak RSS tree {again.tree_mb:6.0f} MB  "
              f"[{again.summary}]", flush=True)
        if compare:
            clean_db = folder / "clean" / "plans.db"
            shutil.rmtree(clean_db.parent, ignore_errors=True)
            print(f"  two-core reference now: {two_core_reference():.2f}×", flush=True)
            clean = run_build(raw, clean_db, 2, no_cache=True)
            same = table_digest(first_db) == table_digest(clean_db)
            print(f"  clean build, --jobs 2: {clean.seconds:7.1f} s ({clean.cpu_seconds:.0f} s CPU)  "
                  f"{n / clean.seconds:6.2f} documents/s  "
                  f"= {first.seconds / clean.seconds:.2f}× --jobs 1  peak RSS tree {clean.tree_mb:6.0f} MB, "
                  f"writer {clean.writer_mb:6.0f} MB", flush=True)
            print(f"  rebuild's database {'equals' if same else 'DIFFERS FROM'} the clean build's", flush=True)
        db = sqlite_utils.Database(first_db)
        measurements = db["measurements"].count
        db.close()
        print(f"  database {first_db.stat().st_size / 1e6:.1f} MB, {measurements} measurement rows, "
              f"cache {sum(p.stat().st_size for p in (first_db.parent / 'cache').iterdir()) / 1e6:.1f} MB\n",
              flush=True)
        largest = first_db
    return largest


def replicate(source: Path, target: Path, rows: int) -> int:
    """Copy `source` to `target` with its documents and measurements copied under new ids until the
    measurements reach `rows`; the copies keep their indicators, so each series grows."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    for extra in ("datasette-metadata.yml",):
        if (source.parent / extra).exists():
            shutil.copy(source.parent / extra, target.parent / extra)
    db = sqlite_utils.Database(target)
    have = db["measurements"].count
    copies = math.ceil(rows / have) - 1
    doc_cols = list(db["documents"].columns_dict)
    m_cols = list(db["measurements"].columns_dict)
    doc_select = ", ".join("d.doc_id || '-' || k.k" if c == "doc_id" else
                           "d.source_file || '-' || k.k" if c == "source_file" else f"d.[{c}]" for c in doc_cols)
    m_select = ", ".join(f"m.[{c}] || '-' || k.k" if c in ("measurement_id", "doc_id") else f"m.[{c}]"
                         for c in m_cols)
    copies_cte = f"WITH RECURSIVE k(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM k WHERE k < {copies})"
    with db.conn:
        db.execute(f"INSERT INTO documents SELECT {doc_select} FROM documents d, ({copies_cte} SELECT k FROM k) k")
        db.execute(f"INSERT INTO measurements SELECT {m_select} FROM measurements m, "
                   f"({copies_cte} SELECT k FROM k) k")
    database.ensure_db_shape(db)
    total = db["measurements"].count
    db.close()
    site.write_metadata(target)
    return total


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - started


def pages_to_time(db_path: Path) -> list[tuple[str, str]]:
    """(label, path) of every canned query (empty parameters and an example), as JSON and as its
    page, and every faceted table's page (whole, and for measurements one document's rows)."""
    conn = sqlite3.connect(db_path)
    pages = []
    for query in QUERIES:
        empty = {p: "" for p in query.params}
        example = {}
        if query.examples_sql:
            cursor = conn.execute(query.examples_sql)
            row = cursor.fetchone()
            example = {d[0]: v for d, v in zip(cursor.description, row or (), strict=False)
                       if d[0] in query.params and v}
        if query.name == "search":
            example = {"q": "service"}
        if query.name == "plan_changes" and not example:
            row = conn.execute(SERVICES_WITH_TWO_PLANS).fetchone()
            example = {"service": row[0]} if row else {}
        cases = ([("all", empty)] if not query.required else []) + ([("example", empty | example)] if example else [])
        for case, params in cases:
            query_string = urllib.parse.urlencode(params)
            pages.append((f"query {query.name} ({case}) JSON", f"/plans/{query.name}.json?{query_string}"))
            pages.append((f"query {query.name} ({case}) page", f"/plans/{query.name}?{query_string}"))
    for model in database.MODELS:
        if database.facets_of(model):
            pages.append((f"table {model.table} with facets, page", f"/plans/{model.table}?"))
    pages.append(("table measurements with facets, JSON", "/plans/measurements.json?"))
    doc = conn.execute("SELECT doc_id FROM measurements GROUP BY doc_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    if doc:
        pages.append(("table measurements, one document, page", f"/plans/measurements?doc_id={doc[0]}"))
        pages.append(("table measurements, one document, JSON", f"/plans/measurements.json?doc_id={doc[0]}"))
    for summary in database.SUMMARIES:
        pages.append((f"summary {summary} with facets, page", f"/plans/{summary}?"))
    label = DASHBOARDS["indicator"]["filters"]["indicator"]
    first = conn.execute(label["query"] + " LIMIT 1").fetchone()
    if first:
        chart = DASHBOARDS["indicator"]["charts"]["series"]["query"]
        pages.append(("chart indicator/series data, JSON", "/plans.json?" + urllib.parse.urlencode(
            {"sql": chart, "indicator": first[0]})))
    conn.close()
    return pages


def part_two(source: Path, args: argparse.Namespace) -> None:
    target = args.work / "serve" / "plans.db"
    started = time.perf_counter()
    total = replicate(source, target, args.rows)
    print(f"{total} measurement rows (from {source}) in {time.perf_counter() - started:.0f} s; "
          f"database {target.stat().st_size / 1e6:.0f} MB", flush=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-P", "-m", "pipeline.cli", "serve", "--db", str(target),
                             "--port", str(port), "--no-reload"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = time.perf_counter()
        while True:
            try:
                _fetch(base + "/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - started > 300:
                    raise SystemExit("plans serve did not start") from None
                time.sleep(0.25)
        print(f"plans serve answering after {time.perf_counter() - started:.1f} s; "
              f"{args.requests} requests per page, one at a time\n", flush=True)
        print(f"{'page':58} {'status':>7} {'p50 ms':>8} {'p95 ms':>8}")
        worst = []
        for label, path in pages_to_time(target):
            join = "&" if "?" in path else "?"
            # each request its own `_n`, ignored by Datasette: no answer comes from the site's JSON cache
            _fetch(f"{base}{path}{join}_n=warm")
            results = [_fetch(f"{base}{path}{join}_n={i}") for i in range(args.requests)]
            times = sorted(seconds * 1000 for _status, seconds in results)
            p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
            statuses = ",".join(str(s) for s in sorted({s for s, _t in results}))
            print(f"{label:58} {statuses:>7} {statistics.median(times):8.1f} {p95:8.1f}", flush=True)
            worst.append((p95, label))
        over = [label for p95, label in worst if p95 > 50]
        print(f"\npages with p95 over 50 ms: {len(over)} of {len(worst)}" + (f" ({'; '.join(over)})" if over else ""))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes, comma-separated (e.g. 100,1000,5000)")
    parser.add_argument("--compare-up-to", type=int, default=1000,
                        help="largest N also built with --jobs 1 and cleanly; larger ones only with --jobs 2")
    parser.add_argument("--pdf-share", type=float, default=0.05, help="share of the plans rendered to PDF")
    parser.add_argument("--rows", type=int, default=0, help="measurement rows for part two (0: skip it)")
    parser.add_argument("--db", type=Path, help="part two from this database instead of the largest built")
    parser.add_argument("--requests", type=int, default=30, help="requests per page in part two")
    parser.add_argument("--raw", type=Path, default=Path("raw"), help="the seeds and their sources.yml")
    parser.add_argument("--work", type=Path, default=Path("out/corpus_scale"))
    args = parser.parse_args()
    _become_subreaper()
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    seeds = load_seeds(args.raw)
    largest = part_one(args, seeds) if args.sizes else None
    if args.rows:
        source = args.db or largest
        if source is None:
            raise SystemExit("part two needs a database: give --sizes or --db")
        part_two(source, args)


if __name__ == "__main__":
    main()
