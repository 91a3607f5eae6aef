"""Finance features over a generated month, on SQLite and on the local Cosmos-compatible server,
with identical results: exports Power BI and pandas read as they are, filters, tags."""

import asyncio
import csv
import io
import json
import re
import uuid
from decimal import Decimal

import pandas as pd
import pytest

from aoai_logpipe import app, cli, generate, settings
from aoai_logpipe.io.cosmos import CosmosSink, CosmosTarget
from aoai_logpipe.io.replay import ReplaySource
from aoai_logpipe.io.sqlite import SqliteStore
from aoai_logpipe.reports import exports, focus
from aoai_logpipe.runner import Runner

PERIOD = "2026-10"


async def run_into(sink, config):
    runner = Runner(app.build_pipeline(config, None), sink)
    for batch in ReplaySource.from_paths([config.replay.path]).batches():
        await runner.handle(batch.partition, batch.events, final=batch.last)


def fill(config, *sinks):
    """Run the configured replay into each sink (opened and closed here)."""
    async def go():
        for sink in sinks:
            await sink.open()
            try:
                await run_into(sink, config)
            finally:
                await sink.close()
    asyncio.run(go())


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    base = tmp_path_factory.mktemp("finance-month")
    truth = generate.write(base / "replay", generate.Plan(conversations=300, seed=21))
    config = settings.load(env={}, overrides={"replay.path": base / "replay", "sqlite.path": base / "db.sqlite",
                                              "dlp.mode": "off", "tiktoken_cache_dir": base / "tiktoken"})
    fill(config, SqliteStore(config.sqlite.path))
    return truth, config


@pytest.fixture(scope="module")
def cosmos_month(cosmos_server, month):
    _, config = month
    name = f"db-finance-{uuid.uuid4().hex[:8]}"
    target = CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=name, verify_tls=False, buckets=4)
    fill(config, CosmosSink(target, max_backoff_s=0.2))
    yield {"name": name, "server": cosmos_server}

    async def drop():
        from azure.cosmos.aio import CosmosClient

        async with CosmosClient(cosmos_server.endpoint, credential=cosmos_server.key, connection_verify=False) as client:
            await client.delete_database(name)

    asyncio.run(drop())


@pytest.fixture
def stores(month, cosmos_month, monkeypatch):
    """The store options of both stores: ["--db", path] and ["--sink", "cosmos"] (env configured)."""
    server = cosmos_month["server"]
    for name, value in {"ENDPOINT": server.endpoint, "KEY": server.key, "VERIFY_TLS": "false",
                        "DATABASE": cosmos_month["name"]}.items():
        monkeypatch.setenv(f"AOAI_LOGPIPE_COSMOS__{name}", value)
    return {"sqlite": ["--db", str(month[1].sqlite.path)], "cosmos": ["--sink", "cosmos"]}


def both(stores, tmp_path, argv, name="out"):
    """Run one command on each store into a file; return {store: text}."""
    texts = {}
    for store, options in stores.items():
        path = tmp_path / f"{name}-{store}"
        assert cli.main([*argv, *options, "--out", str(path)]) == 0, store
        texts[store] = path.read_text(encoding="utf-8")
    return texts


def read_typed(text, dtypes, extra=None):
    """pandas with the published dtypes and nothing else: no cleaning step."""
    dtypes = {**dtypes, **(extra or {})}
    return pd.read_csv(io.StringIO(text), dtype={k: v for k, v in dtypes.items() if v != "datetime"},
                       parse_dates=[k for k, v in dtypes.items() if v == "datetime"],
                       keep_default_na=False, na_values=[""])


def chargeback_json(stores, tmp_path, *args):
    texts = both(stores, tmp_path, ["chargeback", "--period", PERIOD, "--format", "json", *args], "cb")
    docs = {store: json.loads(text) for store, text in texts.items()}
    for doc in docs.values():
        doc.pop("source")
    assert docs["sqlite"] == docs["cosmos"]
    return docs["sqlite"]


# ---------------------------------------------------------------- exports


@pytest.mark.integration
def test_csv_export_is_identical_on_both_stores_and_loads_in_pandas_with_declared_dtypes(stores, tmp_path, month):
    texts = both(stores, tmp_path, ["export", "chargeback", "--period", PERIOD, "--format", "csv", "--tag", "env"])
    assert texts["sqlite"] == texts["cosmos"]
    frame = read_typed(texts["sqlite"], exports.DTYPES, {"tags.env": "string"})
    assert list(frame.columns) == [*exports.COLUMNS, "tags.env"]
    assert len(frame) == len(month[0].requests)
    assert str(frame["time"].dtype).startswith("datetime64") and frame["stream"].dtype == "boolean"
    assert frame["status"].dtype == "Int64" and frame["cost.priced"].dtype == "boolean"
    assert set(frame["tags.env"].dropna()) <= {"prod", "dev"} and frame["tags.env"].notna().any()
    rows = list(csv.DictReader(io.StringIO(texts["sqlite"])))
    assert {r["stream"] for r in rows} == {"true", "false"}  # never Python's True/False
    exact = sum((Decimal(r["cost.total"]) for r in rows if r["cost.total"]), Decimal(0))
    total = chargeback_json(stores, tmp_path)["total"]
    assert exact == Decimal(total["cost_total"])
    assert abs(float(frame["cost.total"].sum()) - float(exact)) < 1e-9


@pytest.mark.integration
def test_export_columns_never_depend_on_the_data(stores, tmp_path):
    everything = both(stores, tmp_path, ["export", "chargeback", "--format", "csv"], "all")
    one = both(stores, tmp_path, ["export", "chargeback", "--format", "csv", "--where", "dialect=legacy-openai-logger"],
               "one")
    assert everything["sqlite"].splitlines()[0] == one["sqlite"].splitlines()[0] == ",".join(exports.COLUMNS)
    assert one["sqlite"] == one["cosmos"] and 1 < len(one["sqlite"].splitlines()) < len(everything["sqlite"].splitlines())


@pytest.mark.integration
def test_export_from_to_and_totals_file(stores, tmp_path):
    texts = both(stores, tmp_path, ["export", "chargeback", "--from", "2026-10-05", "--to", "2026-10-11",
                                    "--format", "csv", "--totals", str(tmp_path / "totals.csv")], "window")
    assert texts["sqlite"] == texts["cosmos"]
    rows = list(csv.DictReader(io.StringIO(texts["sqlite"])))
    assert rows and all("2026-10-05" <= r["time"][:10] <= "2026-10-11" for r in rows)
    totals = list(csv.DictReader(io.StringIO((tmp_path / "totals.csv").read_text())))
    assert len(totals) == 1 and int(totals[0]["requests"]) == len(rows)
    assert Decimal(totals[0]["cost_total"]) == sum((Decimal(r["cost.total"]) for r in rows if r["cost.total"]),
                                                  Decimal(0))


@pytest.mark.integration
def test_focus_export_is_identical_on_both_stores_and_loads_in_pandas_with_declared_dtypes(stores, tmp_path):
    texts = both(stores, tmp_path, ["export", "chargeback", "--period", PERIOD, "--format", "focus"], "focus")
    assert texts["sqlite"] == texts["cosmos"]
    frame = read_typed(texts["sqlite"], focus.DTYPES)
    assert list(frame.columns) == list(focus.COLUMNS)
    for column in ("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"):
        assert str(frame[column].dtype).startswith("datetime64"), column
    assert set(frame["ChargeCategory"]) == {"Usage"} and set(frame["ServiceCategory"]) == {"AI and Machine Learning"}
    assert set(frame["ChargeFrequency"]) == {"Usage-Based"} and frame["ChargeClass"].isna().all()
    assert set(frame["BillingPeriodStart"].dt.strftime("%Y-%m-%d")) == {"2026-10-01"}
    assert set(frame["ConsumedUnit"]) == {"Tokens"} and set(frame["PricingUnit"]) == {"1M Tokens"}
    rows = list(csv.DictReader(io.StringIO(texts["sqlite"])))
    for r in rows:  # exact: quantity x unit price = cost
        assert Decimal(r["PricingQuantity"]) * Decimal(r["ListUnitPrice"]) == Decimal(r["ListCost"])
        assert Decimal(r["PricingQuantity"]) * Decimal(1_000_000) == Decimal(r["ConsumedQuantity"])
        tags = json.loads(r["Tags"])
        assert isinstance(tags, dict) and "aoai-logpipe/cost_center" in tags
    cb = chargeback_json(stores, tmp_path)["total"]
    assert sum((Decimal(r["BilledCost"]) for r in rows), Decimal(0)) == Decimal(cb["cost_total"])
    assert sum(int(r["x_RequestCount"]) for r in rows if r["SkuId"].endswith("/output")) <= cb["requests"]
    per_request = both(stores, tmp_path, ["export", "chargeback", "--period", PERIOD, "--format", "focus",
                                          "--grain", "request"], "focus-request")
    assert per_request["sqlite"] == per_request["cosmos"]
    assert sum((Decimal(r["BilledCost"]) for r in csv.DictReader(io.StringIO(per_request["sqlite"]))),
               Decimal(0)) == Decimal(cb["cost_total"])


# ---------------------------------------------------------------- chargeback filters and tags


@pytest.mark.integration
def test_where_and_tags_give_identical_answers_on_both_stores(stores, tmp_path, month):
    truth = month[0]
    one = chargeback_json(stores, tmp_path, "--by", "model", "--where", "cost_center=CC-3003")
    assert one["total"]["requests"] == sum(r.cost_center == "CC-3003" for r in truth.requests)
    assert one["filters"] == ["cost_center=CC-3003"]
    by_env = chargeback_json(stores, tmp_path, "--by", "tags.env")
    assert {g["tags.env"] for g in by_env["groups"]} >= {"prod", "dev"}
    assert sum(g["requests"] for g in by_env["groups"]) == len(truth.requests)
    either = chargeback_json(stores, tmp_path, "--by", "cost_center", "--where", "cost_center=CC-1001|CC-2002",
                             "--where", "tags.env=prod")
    assert {g["cost_center"] for g in either["groups"] if g["requests"]} <= {"CC-1001", "CC-2002"}


# ---------------------------------------------------------------- allocation


def allocation_config(tmp_path, truth):
    apps = sorted({r.app_id for r in truth.requests if r.cost_center is None and r.app_id})
    assert apps, "the generated month has requests with an app but no cost center (legacy usage records)"
    rules = ", ".join(f'"{app}" = "CC-ALLOC-{i}"' for i, app in enumerate(apps))
    path = tmp_path / "finance.toml"
    path.write_text(f"""
[finance]
unallocated_warn_share = 0.01

[[finance.allocation]]
version = "2026-10-rules"
effective_from = "2026-10-01"
cost_center = {{ app = {{ {rules} }} }}
""", encoding="utf-8")
    return path, apps


@pytest.mark.integration
def test_allocation_rules_from_the_configuration_give_identical_answers_on_both_stores(stores, tmp_path, month, capsys):
    truth = month[0]
    plain = chargeback_json(stores, tmp_path, "--by", "cost_center")
    path, apps = allocation_config(tmp_path, truth)
    allocated = chargeback_json(stores, tmp_path, "--by", "cost_center", "--config", str(path))
    unallocated = {doc["allocation"]["unallocated"]["requests"] for doc in (plain, allocated)}
    by_rule = sum(r.cost_center is None and r.app_id in apps for r in truth.requests)
    assert plain["allocation"]["unallocated"]["requests"] == sum(r.cost_center is None for r in truth.requests)
    assert allocated["allocation"]["unallocated"]["requests"] == plain["allocation"]["unallocated"]["requests"] - by_rule
    assert len(unallocated) == 2 and allocated["allocation"]["versions"] == ["2026-10-rules"]
    assert allocated["allocation"]["methods"]["rule"] == by_rule
    groups = {g["cost_center"]: g for g in allocated["groups"]}
    assert "(unallocated)" in groups and {f"CC-ALLOC-{i}" for i in range(len(apps))} <= set(groups)
    assert allocated["total"] == plain["total"]  # allocation moves cost between groups, never changes it
    assert any("over the 1% threshold" in w for w in allocated["warnings"])
    assert "over the 1% threshold" in capsys.readouterr().err


# ---------------------------------------------------------------- period close with late events


class Store:
    """A fresh store of each kind, filled batch by batch (a batch = generated traffic or documents)."""

    def __init__(self, base, cosmos_server, monkeypatch):
        self.base = base
        self.db = base / "close.sqlite"
        self.name = f"db-close-{uuid.uuid4().hex[:8]}"
        self.server = cosmos_server
        self.target = CosmosTarget(cosmos_server.endpoint, cosmos_server.key, database=self.name, verify_tls=False,
                                   buckets=4)
        for name, value in {"ENDPOINT": cosmos_server.endpoint, "KEY": cosmos_server.key, "VERIFY_TLS": "false",
                            "DATABASE": self.name}.items():
            monkeypatch.setenv(f"AOAI_LOGPIPE_COSMOS__{name}", value)
        self.options = {"sqlite": ["--db", str(self.db)], "cosmos": ["--sink", "cosmos"]}

    def traffic(self, name, **plan):
        generate.write(self.base / name, generate.Plan(**plan))
        config = settings.load(env={}, overrides={"replay.path": self.base / name, "sqlite.path": self.db,
                                                  "dlp.mode": "off", "tiktoken_cache_dir": self.base / "tiktoken"})
        fill(config, *self.sinks())

    def documents(self, docs):
        from aoai_logpipe.core.pipeline import Output

        async def go():
            for sink in self.sinks():
                await sink.open()
                try:
                    await sink.write(Output(chargeback=[dict(d) for d in docs]))
                finally:
                    await sink.close()
        asyncio.run(go())

    def sinks(self):
        return SqliteStore(self.db), CosmosSink(self.target, max_backoff_s=0.2)

    def drop(self):
        async def go():
            from azure.cosmos.aio import CosmosClient

            async with CosmosClient(self.server.endpoint, credential=self.server.key, connection_verify=False) as c:
                await c.delete_database(self.name)
        asyncio.run(go())


@pytest.fixture
def fresh(tmp_path, cosmos_server, monkeypatch):
    store = Store(tmp_path, cosmos_server, monkeypatch)
    yield store
    store.drop()


def run_both(store, tmp_path, argv, name):
    texts = {}
    for kind, options in store.options.items():
        path = tmp_path / f"{name}-{kind}.json"
        assert cli.main([*argv, *options, "--out", str(path)]) == 0, (kind, argv)
        doc = json.loads(path.read_text())
        doc.pop("source", None)
        texts[kind] = doc
    same = [{k: v for k, v in doc.items() if k != "notes"} for doc in texts.values()]  # notes carry close times
    assert same[0] == same[1], argv
    return texts["sqlite"]


def close_both(store, period, capsys):
    for kind, options in store.options.items():
        assert cli.main(["chargeback", "close", "--period", period, *options]) == 0, kind
    out = capsys.readouterr().out
    assert out.count(f"closed {period}") == 2
    return out


def stored_doc(store, doc_id):
    return SqliteStore(store.db).get("chargeback", doc_id)


@pytest.mark.integration
def test_close_adjust_and_as_closed_with_late_events_on_both_stores(fresh, tmp_path, capsys):
    fresh.traffic("october", conversations=60, seed=31, start="2026-10-01T00:00:00Z", days=28)
    fresh.traffic("november", conversations=40, seed=32, start="2026-11-01T00:00:00Z", days=20)
    cb = ["chargeback", "--format", "json", "--by", "cost_center"]
    october_before = run_both(fresh, tmp_path, [*cb, "--period", "2026-10"], "oct-before")
    november_before = run_both(fresh, tmp_path, [*cb, "--period", "2026-11"], "nov-before")
    close_both(fresh, "2026-10", capsys)
    # closing the same period again is refused, on both stores
    for options in fresh.options.values():
        assert cli.main(["chargeback", "close", "--period", "2026-10", *options]) == 3
    assert "already closed" in capsys.readouterr().err

    # late events: new October requests, and a late caller half upgrading one October document in place
    fresh.traffic("october-late", conversations=12, seed=33, start="2026-10-29T00:00:00Z", days=2)
    victim = next(d for d in SqliteStore(fresh.db).documents("chargeback", "2026-10")
                  if d["attribution"] != "complete" and d["cost"]["priced"])
    upgraded = dict(victim, cost_center="CC-LATE", attribution="complete", rank=victim["rank"] + 1_000_000)
    fresh.documents([upgraded])

    as_closed = run_both(fresh, tmp_path, [*cb, "--period", "2026-10", "--as-closed"], "oct-closed")
    live = run_both(fresh, tmp_path, [*cb, "--period", "2026-10"], "oct-live")
    for doc in (as_closed, live, october_before):
        doc.pop("notes")
    assert as_closed == october_before  # exactly the closed numbers, whatever came later
    late_cost = Decimal(live["total"]["cost_total"]) - Decimal(october_before["total"]["cost_total"])
    assert live["total"]["requests"] == october_before["total"]["requests"] + 12 and late_cost > 0

    november = run_both(fresh, tmp_path, [*cb, "--period", "2026-11"], "nov")
    adjustments = [g for g in november["groups"] if g["adjusts_period"] == "2026-10"]
    assert adjustments and any("adjustments" in n for n in november["notes"])
    assert sum(g["requests"] for g in adjustments) == 12  # the upgrade is -1 +1 in two groups
    assert sum((Decimal(g["cost_total"]) for g in adjustments), Decimal(0)) == late_cost
    moved = {g["cost_center"]: g["requests"] for g in adjustments if g["cost_center"] in ("CC-LATE",)}
    assert moved == {"CC-LATE": 1}
    assert Decimal(november["total"]["cost_total"]) == Decimal(november_before["total"]["cost_total"]) + late_cost
    current = [g for g in november["groups"] if g["adjusts_period"] is None]
    assert sum(g["requests"] for g in current) == november_before["total"]["requests"]
    month_over_month = run_both(fresh, tmp_path, [*cb, "--period", "2026-11", "--compare", "2026-10"], "mom")
    assert (month_over_month["period"], month_over_month["compared_with"]) == ("2026-11", "2026-10")
    assert Decimal(month_over_month["total"]["cost_delta"]) == \
        Decimal(november["total"]["cost_total"]) - Decimal(live["total"]["cost_total"])

    # close November: it absorbs those adjustments; a later October event lands in December only
    close_both(fresh, "2026-11", capsys)
    fresh.traffic("october-later", conversations=3, seed=34, start="2026-10-30T12:00:00Z", days=0.5)
    november_closed = run_both(fresh, tmp_path, [*cb, "--period", "2026-11", "--as-closed"], "nov-closed")
    november.pop("notes"), november_closed.pop("notes")
    assert november_closed == november
    december = run_both(fresh, tmp_path, [*cb, "--period", "2026-12"], "dec")
    assert {g["adjusts_period"] for g in december["groups"] if g["requests"]} == {"2026-10"}
    assert december["total"]["requests"] == 3  # only what changed after November's close
    assert run_both(fresh, tmp_path, [*cb, "--period", "2026-10", "--as-closed"], "oct-closed-2")["total"] == \
        october_before["total"]  # the October snapshot never changed

    # exports of the open period carry the adjustments: signed CSV rows, FOCUS corrections
    csv_texts = both(fresh.options, tmp_path, ["export", "chargeback", "--period", "2026-12", "--format", "csv"], "dec")
    assert csv_texts["sqlite"] == csv_texts["cosmos"]
    rows = list(csv.DictReader(io.StringIO(csv_texts["sqlite"])))
    assert {(r["adjusts_period"], r["sign"]) for r in rows} == {("2026-10", "1")} and len(rows) == 3
    focus_texts = both(fresh.options, tmp_path, ["export", "chargeback", "--period", "2026-12", "--format", "focus"],
                       "dec-focus")
    assert focus_texts["sqlite"] == focus_texts["cosmos"]
    corrections = list(csv.DictReader(io.StringIO(focus_texts["sqlite"])))
    assert corrections and {r["ChargeClass"] for r in corrections} == {"Correction"}
    assert {r["BillingPeriodStart"] for r in corrections} == {"2026-12-01T00:00:00Z"}
    assert all(r["ChargePeriodStart"].startswith("2026-10-") for r in corrections)
    assert sum((Decimal(r["BilledCost"]) for r in corrections), Decimal(0)) == Decimal(december["total"]["cost_total"])


# ---------------------------------------------------------------- reconcile in money


@pytest.mark.integration
def test_reconcile_gives_the_same_money_band_and_outlier_causes_on_both_stores(stores, tmp_path, month):
    texts = both(stores, tmp_path, ["reconcile", "--period", PERIOD, "--by", "model", "--format", "json"], "rec")
    docs = [json.loads(t) for t in texts.values()]
    for doc in docs:
        doc.pop("source")
    assert docs[0] == docs[1]
    money = docs[0]["money"]["total"]
    assert money["requests"] == sum(m["requests"] for m in docs[0]["money"]["models"]) > 0
    assert Decimal(money["low"]) <= Decimal(money["likely"]) <= Decimal(money["high"])
    causes = {o["class"]: o for o in docs[0]["outliers"]}
    assert {"reasoning", "legacy_logger"} <= set(causes) and all(o["explanation"] for o in causes.values())
    text = both(stores, tmp_path, ["reconcile", "--period", PERIOD, "--by", "model"], "rec-table")["sqlite"]
    assert "estimated spend:" in text and "likely cost" in text and "outliers (|drift| >= 50%) by cause:" in text


# ---------------------------------------------------------------- budgets


@pytest.mark.integration
def test_budgets_give_identical_answers_on_both_stores(stores, tmp_path, month):
    config = tmp_path / "budgets.toml"
    config.write_text("""
[[finance.budgets]]
dimension = "cost_center"
value = "CC-3003"
amount = "0.05"

[[finance.budgets]]
dimension = "tags.env"
value = "prod"
amount = "1"
""", encoding="utf-8")
    texts = both(stores, tmp_path, ["budgets", "--config", str(config), "--as-of", "2026-10-20T00:00:00Z",
                                    "--format", "json"], "budgets")
    docs = [json.loads(t) for t in texts.values()]
    for doc in docs:
        doc.pop("source")
    assert docs[0] == docs[1]
    cc = docs[0]["budgets"][0]
    assert cc["budget"] == "cost_center=CC-3003" and Decimal(cc["spent"]) > 0 and cc["period"] == "2026-10"
    assert Decimal(cc["forecast"]) >= Decimal(cc["spent"]) and cc["status"] in ("ok", "warning", "at risk", "over")


def html_total(store, tmp_path, argv, name):
    """The report's total cost on each store (the same on both), and the SQLite report's text."""
    pages = {}
    for kind, options in store.options.items():
        path = tmp_path / f"{name}-{kind}.html"
        assert cli.main(["report", *argv, *options, "--out", str(path)]) == 0, (kind, argv)
        pages[kind] = path.read_text(encoding="utf-8")
    totals = {kind: Decimal(re.search(r'id="kpi-cost">.*?<div class="kpi-value">([^<]*)<', page).group(1).replace(",", ""))
              for kind, page in pages.items()}
    assert totals["sqlite"] == totals["cosmos"], argv
    return totals["sqlite"], pages["sqlite"]


@pytest.mark.integration
def test_the_html_report_bills_what_chargeback_bills_around_a_close(fresh, tmp_path, capsys):
    fresh.traffic("october", conversations=40, seed=41, start="2026-10-01T00:00:00Z", days=28)
    fresh.traffic("november", conversations=30, seed=42, start="2026-11-01T00:00:00Z", days=20)
    cb = ["chargeback", "--format", "json", "--by", "cost_center"]
    october = Decimal(run_both(fresh, tmp_path, [*cb, "--period", "2026-10"], "oct")["total"]["cost_total"])
    close_both(fresh, "2026-10", capsys)
    fresh.traffic("october-late", conversations=8, seed=43, start="2026-10-29T00:00:00Z", days=2)
    november = Decimal(run_both(fresh, tmp_path, [*cb, "--period", "2026-11"], "nov")["total"]["cost_total"])
    live_october = Decimal(run_both(fresh, tmp_path, [*cb, "--period", "2026-10"], "oct-live")["total"]["cost_total"])
    assert live_october > october  # the late events

    total, page = html_total(fresh, tmp_path, ["--period", "2026-11"], "nov")
    assert total == november and 'id="adjustments"' in page and "[adj. 2026-10]" in page
    total, page = html_total(fresh, tmp_path, ["--period", "2026-10", "--as-closed"], "oct-closed")
    assert total == october and "as closed at" in page
    total, page = html_total(fresh, tmp_path, ["--period", "2026-10"], "oct-live")
    assert total == live_october and "these are the live numbers" in page and 'id="adjustments"' not in page
