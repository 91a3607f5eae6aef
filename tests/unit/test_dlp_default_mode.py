"""The default DLP mode is the same everywhere it is stated: settings, `run --help`, README, docs."""

from __future__ import annotations

import re
from pathlib import Path

from aoai_logpipe.settings import DlpSettings

ROOT = Path(__file__).resolve().parents[2]


def test_settings_cli_readme_and_docs_agree_that_the_default_mode_is_pattern() -> None:
    default = DlpSettings().mode
    cli = (ROOT / "src/aoai_logpipe/cli.py").read_text()
    readme = (ROOT / "README.md").read_text()
    docs = (ROOT / "docs/dlp.md").read_text()
    assert default == "pattern"
    assert re.search(r'"--dlp".*default: pattern', cli)
    assert "| `dlp.mode` | `pattern` |" in readme and "`pattern` mode (default)" in readme
    assert '"pattern" (default)' in docs and "- **pattern** (default)" in docs
