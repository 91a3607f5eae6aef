"""Security operations on the embedded store, through the command line: redacted exports, the
access log, holds and pruning, erasure that survives a replay."""

import json
import sqlite3

import pytest

from aoai_logpipe import generate
from aoai_logpipe.core.pipeline import Output
from aoai_logpipe.io.sqlite import SqliteStore
from tests.integration.security_support import (PLANTED, assert_planted_absent, exported, money, planted_docs, refused_events,
                                                run_cli)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "db.sqlite"
    docs, charges = planted_docs()
    store = SqliteStore(path)
    store.write_sync(Output(chargeback=charges, audit=docs))
    store.close_sync()
    return path


def access_log(db):
    conn = sqlite3.connect(db)
    rows = [json.loads(doc) for (doc,) in conn.execute("SELECT doc FROM access_log ORDER BY seq")]
    conn.close()
    return rows


# ---------------------------------------------------------------- export


def test_a_redacted_export_contains_none_of_the_planted_values(db, tmp_path):
    out = tmp_path / "share.jsonl"
    assert run_cli("export", "audit", "--db", db, "--redact", "email,person,ip", "--hash", "user_id,user_name",
                   "--out", out) == 0
    text = out.read_text(encoding="utf-8")
    assert_planted_absent(text)
    header, docs = exported(out)
    assert header["redacted"]["entities"] == ["EMAIL_ADDRESS", "PERSON", "IP_ADDRESS"]
    assert header["hashed"]["fields"] == ["caller.user_id", "caller.user_name"] and header["exported_by"]
    assert len(docs) == 6
    by_id = {d["request_id"]: d for d in docs}
    assert by_id["req-1"]["caller"]["user_id"] == by_id["req-6"]["caller"]["user_id"] != by_id["req-2"]["caller"]["user_id"]
    assert by_id["req-1"]["caller"]["client_ip"] == "<IP_ADDRESS>"
    assert "<CREDIT_CARD>" in by_id["req-1"]["messages"][0]["parts"][0]["text"]  # what DLP stored stays as it was
    assert "<EMAIL_ADDRESS>" in by_id["req-1"]["messages"][0]["parts"][0]["text"]


def test_each_kind_is_redacted_when_asked_for_and_only_then(db, tmp_path):
    for kind, values in PLANTED.items():
        out = tmp_path / f"{kind}.jsonl"
        assert run_cli("export", "audit", "--db", db, "--redact", kind, "--out", out) == 0
        text = out.read_text(encoding="utf-8")
        assert not [v for v in values if v in text], kind
        others = [v for k, vs in PLANTED.items() if k != kind for v in vs]
        assert any(v in text for v in others), kind  # not a blanket wipe


def test_a_redacted_csv_export_keeps_its_header_beside_it(db, tmp_path):
    out = tmp_path / "share.csv"
    assert run_cli("export", "audit", "--db", db, "--format", "csv", "--redact", "email,person,ip",
                   "--hash", "user_id,user_name", "--drop", "tools", "--out", out) == 0
    assert_planted_absent(out.read_text(encoding="utf-8"))
    header = json.loads((tmp_path / "share.csv.header.json").read_text())
    assert header["dropped"] == ["tools"] and "tools" not in out.read_text().splitlines()[0].split(",")


def test_export_options_are_checked(db, tmp_path):
    assert run_cli("export", "audit", "--db", db, "--redact", "creditcard") == 2
    assert run_cli("export", "audit", "--db", db, "--hash", "colour") == 2
    assert run_cli("export", "chargeback", "--db", db, "--redact", "email") == 2
    assert run_cli("export", "audit", "--db", db, "--format", "csv", "--redact", "email") == 2  # header needs --out


# ---------------------------------------------------------------- access log


def test_every_search_show_and_export_is_in_the_access_log(db, tmp_path, capsys):
    assert run_cli("audit", "--db", db, "--user", "user-2") == 0
    assert run_cli("audit", "--db", db, "--text", "hello", "--count-by", "app") == 0
    assert run_cli("audit", "--db", db, "show", "req-5") == 0
    assert run_cli("audit", "--db", db, "--verdict", "flagged", "--format", "jsonl", "--out", tmp_path / "x.jsonl") == 0
    assert run_cli("export", "audit", "--db", db, "--out", tmp_path / "y.jsonl") == 0
    records = access_log(db)
    assert [r["command"] for r in records] == ["audit search", "audit count", "audit show", "audit export", "export audit"]
    assert records[0]["filters"] == {"user": "user-2"} and records[0]["result_ids"] == ["req-2", "req-5"]
    assert records[1]["result_count"] == 4 and records[2]["result_ids"] == ["req-5"]
    assert all(r["principal"] for r in records) and [r["seq"] for r in records] == [1, 2, 3, 4, 5]
    capsys.readouterr()
    assert run_cli("audit", "access-log", "--db", db) == 0
    assert "chain intact: 5 records" in capsys.readouterr().out


def test_the_chain_check_detects_an_edited_record(db, capsys):
    for user in ("user-1", "user-2", "user-3"):
        assert run_cli("audit", "--db", db, "--user", user) == 0
    conn = sqlite3.connect(db)
    doc = json.loads(conn.execute("SELECT doc FROM access_log WHERE seq = 2").fetchone()[0])
    conn.execute("UPDATE access_log SET doc = ? WHERE seq = 2", (json.dumps({**doc, "result_ids": []}),))
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert run_cli("audit", "access-log", "--db", db) == 4
    assert "record 2: its content does not match its hash (edited)" in capsys.readouterr().out


def test_the_chain_check_detects_a_deleted_record_and_a_cut_tail(db, capsys):
    for user in ("user-1", "user-2", "user-3", "user-4"):
        assert run_cli("audit", "--db", db, "--user", user) == 0
    head = access_log(db)[-1]
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM access_log WHERE seq IN (2, 4)")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert run_cli("audit", "access-log", "--db", db, "--head", f"{head['seq']}:{head['hash']}") == 4
    out = capsys.readouterr().out
    assert "record 3: expected record 2 here: records are missing" in out
    assert "record 4: the head noted earlier is not in the chain" in out


def test_an_unknown_entity_exits_3_and_names_the_known_ones(db, capsys):
    assert run_cli("audit", "--db", db, "--entity", "CREDITCARD") == 3
    assert "unknown entity 'CREDITCARD'; known entities: " in capsys.readouterr().err
    assert access_log(db) == []  # refused before anything was read


def test_text_search_pages_with_a_cursor(db, capsys):
    assert run_cli("audit", "--db", db, "--text", "hello", "--limit", "3") == 0
    first = capsys.readouterr().out
    assert "4 matching conversations (showing 1–3)" in first
    cursor = first.split("--cursor ")[1].split()[0]
    assert run_cli("audit", "--db", db, "--text", "hello", "--limit", "3", "--cursor", cursor) == 0
    second = capsys.readouterr().out
    assert "req-3" in second and "(showing 4–4)" in second and "--cursor" not in second
    assert run_cli("audit", "--db", db, "--text", "other", "--cursor", cursor) == 3


# ---------------------------------------------------------------- holds and pruning


def test_prune_keeps_held_documents_until_the_hold_is_released(db, capsys):
    assert run_cli("hold", "--db", db, "--user", "user-2", "--case", "INC-7", "--reason", "litigation") == 0
    assert run_cli("hold", "--db", db, "--list") == 0
    listing = capsys.readouterr().out
    assert "INC-7" in listing and "litigation" in listing and "user-2" in listing
    assert run_cli("prune", "--db", db, "--before", "2026-10-20") == 0
    pruned = capsys.readouterr().out
    assert "deleted 1 audit documents older than 2026-10-20T00:00:00 (2 older ones kept: under a legal hold)" in pruned
    store = SqliteStore(db)
    assert {d["request_id"] for d in store.documents("audit")} == {"req-2", "req-5", "req-6", "req-4", "req-3"}
    store.close_sync()
    assert run_cli("erase", "--db", db, "--user", "user-2", "--reason", "DSR", "--yes") == 3  # a hold wins
    assert run_cli("hold", "--db", db, "--release-case", "INC-7", "--reason", "closed") == 0
    assert run_cli("prune", "--db", db, "--before", "2026-10-20") == 0
    store = SqliteStore(db)
    assert {d["request_id"] for d in store.documents("audit")} == {"req-6", "req-4", "req-3"}
    assert store.count("chargeback") == 6  # retention is for conversations; charges stay
    store.close_sync()
    commands = [r["command"] for r in access_log(db)]
    assert commands == ["hold", "prune", "erase refused", "hold release", "prune"]


# ---------------------------------------------------------------- erasure


@pytest.fixture
def replayed(tmp_path):
    """A generated input replayed into SQLite, and the user with the most conversations."""
    generate.write(tmp_path / "in", generate.Plan(conversations=80, seed=11))
    db = tmp_path / "gen.sqlite"
    assert run_cli("run", "--input", tmp_path / "in", "--db", db, "--dlp", "off", "--no-progress") == 0
    store = SqliteStore(db)
    users = [d["caller"]["user_id"] for d in store.documents("audit") if d["caller"]["user_id"]]
    store.close_sync()
    return tmp_path / "in", db, max(set(users), key=users.count)


def rollup(db, by, capsys):
    capsys.readouterr()
    assert run_cli("chargeback", "--db", db, "--period", "2026-10", "--by", by, "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


def test_a_replay_after_erase_leaves_the_users_conversations_absent(replayed, capsys):
    source, db, user = replayed
    before = {by: rollup(db, by, capsys) for by in ("cost_center", "user")}
    store = SqliteStore(db)
    charges_before = store.count("chargeback")
    own = [d["id"] for d in store.documents("chargeback") if d["user_id"] == user]
    store.close_sync()
    assert run_cli("erase", "--db", db, "--user", user, "--reason", "DSR-1", "--yes") == 0
    assert run_cli("run", "--input", source, "--db", db, "--dlp", "off", "--no-progress") == 0  # the same events again
    assert "conversations of erased users not written" in capsys.readouterr().out
    store = SqliteStore(db)
    assert not [d for d in store.documents("audit") if user in (d["caller"]["user_id"], d["caller"]["user_name"])]
    charges = list(store.documents("chargeback"))
    assert len(charges) == charges_before  # pseudonymized in place, not duplicated
    assert not [c for c in charges if user in (c["user_id"], c["user_name"])]
    pseudonyms = {c["user_id"] for c in charges if c["id"] in own}
    assert len(pseudonyms) == 1 and pseudonyms.pop().startswith("erased-")
    assert store.conn.execute("SELECT COUNT(*) FROM audit_fts").fetchone()[0] == store.count("audit")
    store.close_sync()
    after = {by: rollup(db, by, capsys) for by in ("cost_center", "user")}
    assert after["cost_center"]["total"] == before["cost_center"]["total"]
    assert money(after["cost_center"]["groups"], "cost_center") == money(before["cost_center"]["groups"], "cost_center")
    renamed = money(after["user"]["groups"], "user")
    original = money(before["user"]["groups"], "user")
    erased = [k for k in renamed if k and k.startswith("erased-")]
    assert renamed[erased[0]] == original.pop(user) and {k: v for k, v in renamed.items() if k not in erased} == original
    assert [r["command"] for r in access_log(db)][-1] == "erase"
    assert user not in json.dumps(access_log(db)[-1])  # the log names the subject by hash only


def test_erase_keeps_the_dead_letters_naming_the_user_without_their_payload_through_a_replay(tmp_path, capsys):
    source = tmp_path / "in"
    source.mkdir()
    (source / "refused.jsonl").write_text("\n".join(refused_events("user-9", "user-8")) + "\n", encoding="utf-8")
    db = tmp_path / "db.sqlite"
    assert run_cli("run", "--input", source, "--db", db, "--dlp", "off", "--no-progress") == 0

    def letters():
        store = SqliteStore(db)
        found = sorted(store.documents("deadletters"), key=lambda d: d["offset"])
        store.close_sync()
        return found

    before = letters()
    assert len(before) == 3 and all(d["raw"] for d in before)
    assert run_cli("erase", "--db", db, "--user", "user-9", "--reason", "DSR-3", "--yes") == 0
    assert "2 dead letters naming the user kept without their payload" in capsys.readouterr().out
    assert run_cli("run", "--input", source, "--db", db, "--dlp", "off", "--no-progress") == 0  # the same events again
    after = letters()
    assert [d["id"] for d in after] == [d["id"] for d in before]  # still accounted for, one record each
    assert [d["raw_encoding"] for d in after] == ["erased", "erased", "utf-8"] and "user-9" not in json.dumps(after)
    assert after[2] == before[2] and [d["raw_sha256"] for d in after] == [d["raw_sha256"] for d in before]
    assert access_log(db)[-1]["filters"]["deadletters_scrubbed"] == 2


def test_a_database_that_is_not_a_store_is_refused_and_left_unchanged(tmp_path, capsys):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert run_cli("audit", "--db", other, "--user", "u") == 3
    assert "not an aoai-logpipe database" in capsys.readouterr().err
    conn = sqlite3.connect(other)
    assert [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["t"]
    conn.close()
