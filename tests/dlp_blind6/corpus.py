"""The sixth DLP corpus (blind): infrastructure-as-code and operations texts (Terraform and tfstate,
Bicep / ARM, PowerShell, Dockerfiles, systemd, crontabs, GitHub Actions logs, Kubernetes, notebooks,
Postman, OpenAPI, GraphQL, gRPC, Windows events, syslog, KQL / Splunk), source in Go, Rust, Ruby, PHP,
Kotlin, Swift, SQL, Excel, R / Stata and LaTeX, workplace exports and paperwork (Slack / Teams / Jira /
ServiceNow / Confluence, MIME mail, vCard / iCalendar, WhatsApp / SMS, OCR'd forms, invoices,
statements, payslips, intake forms, contracts, labels), prompts in eight languages, and model answers;
exact labelled spans and hard negatives, generated deterministically from a seed.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind6 import tpl_answers, tpl_code, tpl_comms, tpl_infra  # noqa: F401 - they register the templates
from tests.dlp_blind6.build import REGISTRY
from tests.dlp_blind6.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 60_606
COUNT = 620


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
