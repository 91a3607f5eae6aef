"""DLP accuracy through the real pipeline: each corpus text becomes a conversation in replay
files, `aoai-logpipe run --dlp MODE` screens and stores it in SQLite, and the audit documents'
findings and stored text are scored against the labels (precision and recall by span overlap per
family and per credential kind; values the default policy redacts that were stored in clear).

    .venv/bin/python bench/dlp_eval.py [--corpus blind|seeded|third|...|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twentyfirst|twentysecond|both|all] [--mode pattern|ner|both]
                                       [--json FILE] [--show-misses N]

`blind` is tests/dlp_eval (written without reading the recognizers), `seeded` the first corpus
(tests/unit/dlp_corpus.py, written with them), `third` tests/dlp_blind3 (a second blind corpus, in
other genres and phrasings), `fourth` tests/dlp_blind4 (a third blind corpus: threads, tickets,
infrastructure and pipeline files, code, HTTP clients, dumps, multilingual prompts), `fifth`
tests/dlp_blind5 (a fourth blind corpus: tabular exports, terminal sessions and cloud CLI output, git
diffs, XML and dot-file configuration, CI variable dumps, HTTP transcripts, tracebacks, forms, dictated
numbers, multilingual signatures), `sixth` tests/dlp_blind6 (a fifth blind corpus: infrastructure-as-code
and operations files, PowerShell, logs and query results, code in other languages, workplace exports,
paperwork and OCR'd scans, prompts in eight languages), `seventh` tests/dlp_blind7 (a sixth blind corpus:
realistic enterprise prompts and completions of six kinds: support tickets, code, configuration files,
logs, e-mails and chat), `eighth` tests/dlp_blind8 (a seventh blind corpus: sparse prompts and answers,
about two values per text pasted in passing), `ninth` tests/dlp_blind9 (an eighth blind corpus: sparse prompts
and answers in shell sessions, PowerShell, HTTP dumps, CI and IaC files, chat and mail in many cultures,
prose passwords in several languages and bare secrets), `tenth` tests/dlp_blind10 (a ninth blind corpus: prompts
in other and mixed languages, OCR'd paperwork and markdown tables, diffs, fixtures, API-client exports and
developer files, answers that echo, reformat or mask values, names in many positions beside look-alikes);
`eleventh` tests/dlp_blind11 (a tenth blind corpus: people-heavy enterprise texts, written the way employees
write them: meeting notes, HR cases, reviews, complaints, CRM and recruiting notes, post-mortems, invites, mail
threads, chat, call transcripts, letters, expenses, org charts, code review and git output, with sparse values
and look-alike names); `twelfth` tests/dlp_blind12 (an eleventh blind corpus: realistic enterprise prompts and
completions of six kinds in equal shares (support tickets, code, configuration files, logs, e-mails, chat), about
1.75 checksum-valid values a text and one text in four a hard-negative text); `thirteenth` tests/dlp_blind13 (a twelfth
blind corpus: the same evaluator's description written again in other formats (dot-files, CLI output, access and
JSON-line logs, pasted chat-message arrays and API responses, Jira and ServiceNow tickets, Teams and Slack exports) and
with prose in Italian, Portuguese, Dutch, Polish and Japanese); `fourteenth` tests/dlp_blind14 (a
thirteenth blind corpus: what employees send to an internal assistant and what it answers, in seven kinds of request in
equal shares (summarise a thread or transcript, reply to a customer, fix a script or config, explain a log or trace,
convert an export to a table / JSON / SQL, translate from eight languages, incident and ops chat), about 1.5-2 values
a text that has any and one text in four a hard-negative text); `fifteenth` tests/dlp_blind15 (a fourteenth blind
corpus: the staff of regulated industries and their assistant, in six kinds in equal shares (customer-service cases and
call notes, payroll and finance operations, healthcare administration, fraud and KYC reviews, the IT operations behind
them, mail and chat between staff), PII-heavy, with prose in eight languages besides English, and one text in four a
hard-negative text); `sixteenth` tests/dlp_blind16 (a fifteenth blind
corpus: what software engineers, SREs and data engineers paste to a coding assistant and what it answers, in seven kinds
in equal shares (code review and git metadata, CI/CD files and job logs, infrastructure files and kubectl output,
application code in ten languages and dot-files, data engineering rows and notebooks, observability traces, logs and HTTP
transcripts, chat with teammates), about 1.9 values a text that has any and one text in four a hard-negative text);
`seventeenth` tests/dlp_blind17 (a sixteenth blind corpus: back-office staff (accounts payable and receivable, payroll and
HR, vendor onboarding, travel and expenses, treasury, the IT helpdesk serving them, chat) and their internal assistant,
in seven kinds in equal shares: e-mail threads, OCR'd invoices and bank letters, Excel rows, SAP screens, CSV exports,
forms, payment instructions, tickets and chat in eight languages, PII-heavy, and about one text in four a hard-negative
text); `eighteenth` tests/dlp_blind18 (a seventeenth blind corpus: security operations and incident response and their
internal assistant, in seven kinds in equal shares: SIEM alert exports and KQL / SPL results, reported phishing with full
headers, leaked-credential triage, incident timelines and shell history, scanner and pentest output, payment fraud and
account takeover, war-room chat; with defanged indicators, hashes, CVE ids and versions as hard negatives, and about one
text in four a hard-negative text); `nineteenth` tests/dlp_blind19 (an eighteenth blind corpus: health-insurance and
healthcare-administration staff and their internal assistant, in seven kinds in equal shares: claims with EDI 837 / 835
segments, EOBs and appeals, member-services call transcripts and chats, HL7 v2 / FHIR messages and prior authorizations,
provider credentialing and EFT enrollment, pharmacy-benefit tickets, the payer's IT, operations chat; with NPIs, TINs,
member / claim ids, ICD-10, CPT and NDC codes as hard negatives, and about one text in four a hard-negative text);
`twentieth` tests/dlp_blind20 (a nineteenth blind corpus: retail, e-commerce and logistics staff and their internal
assistant, in seven kinds in equal shares: customer-support tickets, chats, chargebacks and returns, warehouse and WMS
exports and driver manifests, carrier label / tracking / customs and 3PL SFTP integrations, point-of-sale and terminal
logs, loyalty-CRM exports, the store's IT, staff chat; names of many cultures, with order and tracking numbers, EAN-13
barcodes, gift cards, masked cards, SKUs and brand names as hard negatives, and about one text in four a hard-negative
text); `twentyfirst` tests/dlp_blind21 (a twentieth blind corpus: telecom operators' and energy / water utilities' staff
and their internal assistant, in seven kinds in equal shares: call-centre transcripts and chats, field-service work
orders, billing / CRM exports and direct-debit mandates, network-operations logs (RADIUS, SNMP, CDRs, provisioning),
complaint and regulator letters, the company's IT, staff chat; names of many cultures, with IMSIs, Luhn-valid ICCIDs and
IMEIs, meter point numbers, OIDs and versions as hard negatives, and about one text in four a hard-negative text);
`twentysecond` tests/dlp_blind22 (a twenty-first blind corpus: public-sector and education staff - councils, tax and
benefits offices, a university's admissions, registry, student finance and IT, schools, a public library - and their
internal assistant, in seven kinds in equal shares: citizen correspondence, admissions and registry, student finance,
exam-board / registry / timetable exports, LMS / SSO / VPN logs, IT, staff chat; international students' names of many
cultures, with student ids, UK NI numbers, Steuer-IDs, BSNs, ISBNs, ORCIDs, course codes and buildings named after people
as hard negatives, and about one text in four a hard-negative text);
`both` is blind and seeded, `all` the generated ones and the first.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from aoai_logpipe.core.dlp import CREDENTIAL_ENTITIES  # noqa: E402
from tests.dlp_eval.corpus import CREDENTIAL, PERSON, PII_FAMILIES, Sample  # noqa: E402
from tests.dlp_eval.scoring import Finding, Outcome, Tally, score, table  # noqa: E402

ANSWERED = "Please fix the configuration I sent."


def _events(s: Sample) -> list[dict[str, object]]:
    prompt, answer = (ANSWERED, s.text) if s.completion else (s.text, "Done.")
    base = {"schema": "aoai-logpipe/v1", "request_id": s.id, "time": "2026-10-01T00:00:00Z"}
    return [{**base, "type": "request", "operation": "chat.completions",
             "body": {"messages": [{"role": "user", "content": prompt}]}},
            {**base, "type": "response", "status": 200,
             "body": {"choices": [{"index": 0, "message": {"role": "assistant", "content": answer},
                                   "finish_reason": "stop"}],
                      "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}}}]


def through_pipeline(samples: list[Sample], mode: str) -> list[Outcome]:
    """Run `aoai-logpipe run --dlp MODE` over the samples and read back their audit documents."""
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp, "in")
        inputs.mkdir()
        with open(inputs / "p0.jsonl", "w", encoding="utf-8") as fh:
            for s in samples:
                for event in _events(s):
                    fh.write(json.dumps(event, ensure_ascii=False) + "\n")
        db = Path(tmp, "eval.db")
        cli = Path(sys.executable).with_name("aoai-logpipe")
        subprocess.run([str(cli), "run", "--source", "replay", "--sink", "sqlite", "--input", str(inputs),
                        "--db", str(db), "--dlp", mode], check=True, stdout=subprocess.DEVNULL)
        with sqlite3.connect(db) as conn:
            docs = {d["request_id"]: d for d in (json.loads(row[0]) for row in conn.execute("SELECT doc FROM audit"))}
    outcomes = []
    for s in samples:
        doc = docs[s.id]
        if s.completion:
            stored = doc["choices"][0]["text"]
            here = [f for f in doc["dlp"]["findings"] if f["location"].get("choice") == 0
                    and f["location"].get("field") == "text"]
        else:
            stored = doc["messages"][0]["parts"][0]["text"]
            here = [f for f in doc["dlp"]["findings"] if f["location"].get("message") == 0
                    and f["location"].get("part") == 0]
        findings = [Finding(f["entity"], f["location"]["start"], f["location"]["end"], f["action"]) for f in here]
        outcomes.append(Outcome(s, findings, stored))
    return outcomes


# The generated corpora, by name: the module whose `generate(seed=...)` writes it.
GENERATED = {"blind": "tests.dlp_eval.corpus", "third": "tests.dlp_blind3.corpus", "fourth": "tests.dlp_blind4.corpus",
             "fifth": "tests.dlp_blind5.corpus", "sixth": "tests.dlp_blind6.corpus",
             "seventh": "tests.dlp_blind7.corpus",
             "eighth": "tests.dlp_blind8.corpus",
             "ninth": "tests.dlp_blind9.corpus",
             "tenth": "tests.dlp_blind10.corpus",
             "eleventh": "tests.dlp_blind11.corpus",
             "twelfth": "tests.dlp_blind12.corpus",
             "thirteenth": "tests.dlp_blind13.corpus",
             "fourteenth": "tests.dlp_blind14.corpus",
             "fifteenth": "tests.dlp_blind15.corpus",
             "sixteenth": "tests.dlp_blind16.corpus",
             "seventeenth": "tests.dlp_blind17.corpus",
             "eighteenth": "tests.dlp_blind18.corpus",
             "nineteenth": "tests.dlp_blind19.corpus",
             "twentieth": "tests.dlp_blind20.corpus",
             "twentyfirst": "tests.dlp_blind21.corpus",
             "twentysecond": "tests.dlp_blind22.corpus"}


def corpus(name: str, seed: int | None = None) -> list[Sample]:
    if name not in GENERATED:  # the first corpus is written out, not generated: no seed
        from tests.dlp_eval.seeded import seeded_samples

        return seeded_samples()
    generate = importlib.import_module(GENERATED[name]).generate
    return generate() if seed is None else generate(seed=seed)


def evaluate(name: str, mode: str, seed: int | None = None) -> Tally:
    """PERSON is scored in ner mode only; other labels (the first corpus's CRYPTO) are not scored."""
    families = frozenset({CREDENTIAL, *PII_FAMILIES} | ({PERSON} if mode == "ner" else set()))
    return score(through_pipeline(corpus(name, seed), mode), frozenset(CREDENTIAL_ENTITIES), families)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="both",
                        choices=("blind", "seeded", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                                 "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                                 "seventeenth", "eighteenth", "nineteenth", "twentieth", "twentyfirst", "twentysecond", "both",
                                 "all"))
    parser.add_argument("--mode", choices=("pattern", "ner", "both"), default="pattern")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--seed", type=int, help="a generated corpus with other values (same templates)")
    parser.add_argument("--show-misses", type=int, default=0, help="print up to N misses and false positives")
    args = parser.parse_args()
    report: dict[str, object] = {}
    groups = {"both": ("blind", "seeded"), "all": ("blind", "seeded", *(name for name in GENERATED if name != "blind"))}
    for name in groups.get(args.corpus, (args.corpus,)):
        for mode in ("pattern", "ner") if args.mode == "both" else (args.mode,):
            tally = evaluate(name, mode, args.seed)
            count = len(corpus(name, args.seed))
            print(table(tally, f"\n{name} corpus ({count} texts), --dlp {mode}, through `aoai-logpipe run`"))
            if args.show_misses:
                for miss in tally.missed[:args.show_misses]:
                    print("  MISS", *miss)
                for false in tally.false[:args.show_misses]:
                    print("  FP  ", *false)
            keys = sorted(set(tally.labels) | set(tally.fp_findings))
            report[f"{name}/{mode}"] = {
                "texts": count,
                "rows": {k: {"labels": tally.labels[k], "tp": tally.tp_labels[k], "fp": tally.fp_findings[k],
                             "precision": round(tally.precision(k), 4), "recall": round(tally.recall(k), 4)}
                         for k in keys},
                "must_redact": tally.must_redact, "in_clear": tally.in_clear,
                "in_clear_detected": tally.in_clear_detected, "in_clear_by_kind": dict(tally.in_clear_by_kind),
                "fp_by_cause": {f"{fam} <- {cause}": n for (fam, cause), n in tally.fp_by_cause.most_common()},
            }
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
