"""No pattern the screening asks for backtracks catastrophically on long, repetitive text.

A regex that backtracks exponentially turns one pasted log or manifest into minutes of CPU; the
Kubernetes secret-data pattern once took 60 s on 6 KB of indented lines (and Presidio then skipped
it, so its secrets passed as screened; since then a timeout fails the scan, `regex_timeout_s`).
Each pattern runs here over 6 KB runs of the shapes pasted text is made of. A linear pattern takes
milliseconds; a catastrophic one does not finish in the 10 s it is given (the margin keeps a busy
machine from failing a sound pattern).
"""

from __future__ import annotations

from functools import cache

import pytest

from aoai_logpipe.core.dlp import DlpEngine, DlpPolicy

pytestmark = pytest.mark.timeout(900)

SIZE = 6_000
LIMIT_S = 10.0
UNITS = {
    "indented lines": "  key: value\n", "blank indented lines": "        \n", "tabs and spaces": " \t \t \t\n",
    "key=value pairs": "a=b;", "base64": "QUJDRGVmZ2hpams0NTY3", "hex": "0123456789abcdef",
    "digits and separators": "12 34-56.", "colons": "::a:", "json pairs": '"a":"b",', "urls": "https://x.y/a?b=c&",
    "key words": "password secret key token ", "pem headers": "-----BEGIN \n", "dotted names": "a.b.c.",
    "brackets": "([{", "backslashes and quotes": '\\\\"', "capitalised words": "Anna Maria ", "at signs": "a@b.",
    "newlines": "\n", "dashes": "--", "equals": "==",
}


@cache
def _patterns() -> list[tuple[str, object]]:
    """(name, compiled regex) of every pattern of every recognizer the ner-mode engine (a superset
    of pattern mode's entities) asks for."""
    engine = DlpEngine(DlpPolicy(mode="ner"))
    wanted = {entity for entities in engine._entities.values() for entity in entities}
    return [(f"{type(r).__name__}/{p.name}", p.compiled_regex._compiled)
            for r in engine._analyzer.registry.recognizers if set(r.supported_entities) & wanted
            for p in getattr(r, "patterns", None) or []]


@pytest.mark.parametrize("shape", sorted(UNITS))
def test_every_pattern_scans_a_long_run_in_linear_time(shape: str) -> None:
    unit = UNITS[shape]
    for text in ((unit * (SIZE // len(unit) + 1))[:SIZE], (unit * (SIZE // len(unit) + 1))[:SIZE] + "!"):
        slow = []
        for name, compiled in _patterns():
            try:
                for _ in compiled.finditer(text, timeout=LIMIT_S):  # type: ignore[attr-defined]
                    pass
            except TimeoutError:
                slow.append(name)
        assert not slow, f"catastrophic backtracking on {shape!r}: {slow}"
