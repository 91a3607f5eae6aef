"""The command line as users run it: a subprocess, real files, exit codes and messages."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "aoai_logpipe.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


def test_help_lists_the_commands():
    out = cli("--help")
    assert out.returncode == 0
    for command in ("run", "export", "schemas", "generate"):
        assert command in out.stdout


def test_run_generate_then_export_csv_and_jsonl(tmp_path):
    assert cli("generate", "--out", str(tmp_path / "in"), "--conversations", "40").returncode == 0
    run = cli("run", "--input", str(tmp_path / "in"), "--db", str(tmp_path / "db.sqlite"), "--dlp", "off", "--json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["conversations_complete"] + summary["conversations_incomplete"] == 40
    jsonl = cli("export", "audit", "--db", str(tmp_path / "db.sqlite"))
    assert len(jsonl.stdout.splitlines()) == 40
    csv_file = tmp_path / "cb.csv"
    export = cli("export", "chargeback", "--db", str(tmp_path / "db.sqlite"), "--format", "csv", "--out", str(csv_file))
    assert export.returncode == 0 and "usage.prompt_tokens" in csv_file.read_text().splitlines()[0]
    first = json.loads(jsonl.stdout.splitlines()[0])["time"][:10]
    window = cli("export", "audit", "--db", str(tmp_path / "db.sqlite"), "--from", first, "--to", first)
    days = {json.loads(line)["time"][:10] for line in window.stdout.splitlines()}
    assert window.returncode == 0 and days == {first} and 0 < len(window.stdout.splitlines()) < 40
    refused = cli("export", "audit", "--db", str(tmp_path / "db.sqlite"), "--format", "focus")
    assert refused.returncode == 2 and "export chargeback" in refused.stderr


def test_missing_input_is_a_clear_error_not_a_traceback(tmp_path):
    out = cli("run", "--input", str(tmp_path / "nope"), "--db", str(tmp_path / "db.sqlite"), "--dlp", "off")
    assert out.returncode == 3 and "does not exist" in out.stderr and "Traceback" not in out.stderr


def test_invalid_setting_names_the_setting(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[assembly]\nmax_open = -1\n')
    out = cli("run", "--config", str(config), "--dlp", "off")
    assert out.returncode == 3 and "assembly.max_open" in out.stderr


def test_export_without_a_database_explains_what_to_do(tmp_path):
    out = cli("export", "chargeback", "--db", str(tmp_path / "none.db"))
    assert out.returncode == 3 and "aoai-logpipe run" in out.stderr


def test_schemas_check_passes_on_the_repository():
    assert cli("schemas", "--check").returncode == 0


def test_bad_lines_in_replay_files_become_dead_letters(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    (data / "p0.jsonl").write_bytes(b'{"not": "a known event"}\nnot json at all\n\xff\xfe\n')
    out = cli("run", "--input", str(data), "--db", str(tmp_path / "db.sqlite"), "--dlp", "off", "--json")
    summary = json.loads(out.stdout)
    assert out.returncode == 0 and summary["events"] == 3 and sum(summary["dead_letters"].values()) == 3


def test_a_bad_container_name_names_the_setting_and_exits_3(tmp_path):
    import os

    env = {**{k: v for k, v in os.environ.items() if not k.startswith("AOAI_LOGPIPE_")},
           "AOAI_LOGPIPE_CHECKPOINT__CONTAINER": "Checkpoints_Prod",
           "AOAI_LOGPIPE_EVENTHUB__FULLY_QUALIFIED_NAMESPACE": "contoso.servicebus.windows.net",
           "AOAI_LOGPIPE_EVENTHUB__EVENTHUB_NAME": "logs",
           "AOAI_LOGPIPE_CHECKPOINT__ACCOUNT_URL": "https://contoso.blob.core.windows.net",
           "AOAI_LOGPIPE_COSMOS__ENDPOINT": "https://contoso.documents.azure.com:443/",
           "AOAI_LOGPIPE_COSMOS__AUDIT_CONTAINER": "audit/2026"}
    out = subprocess.run([sys.executable, "-m", "aoai_logpipe.cli", "consume"], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 3, out.stderr
    assert "checkpoint.container: 'Checkpoints_Prod' is not a Blob container name" in out.stderr
    assert "cosmos.audit_container: 'audit/2026' is not a Cosmos DB name" in out.stderr
    assert "Traceback" not in out.stderr
