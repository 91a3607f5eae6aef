"""`export audit`, from either store, optionally redacted for sharing (core/redaction.py).

    aoai-logpipe export audit --redact email,person,ip --hash user_id,user_name --drop tools --out x.jsonl

With --redact, --hash or --drop the first JSON line is the export's header record (in CSV it is
written to OUT.header.json beside the file): what was selected, by whom, what was redacted,
hashed and dropped. Entities are found with the DLP's own recognizers (Presidio, offline);
`person` and `location` need the NER model (`pip install .[ner]`). The export is recorded in
the store's access log, like every audit read.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any, Callable

HASH_KEY_ENV = "AOAI_LOGPIPE_EXPORT_HASH_KEY"


def add_options(export: argparse.ArgumentParser) -> None:
    share = export.add_argument_group("sharing (audit exports; see docs/security.md)")
    share.add_argument("--redact", metavar="ENTITIES",
                       help="replace these in every text and caller field: email, person, ip, phone, location, card, "
                            "ssn, iban, url or any DLP entity name (comma-separated)")
    share.add_argument("--hash", dest="hash_fields", metavar="FIELDS",
                       help=f"replace these fields by a keyed hash, e.g. user_id,user_name (key: ${HASH_KEY_ENV}, "
                            "else a random key per export)")
    share.add_argument("--drop", metavar="FIELDS", help="remove these fields, e.g. messages,choices,tools")


def handles(args: argparse.Namespace) -> bool:
    """Audit exports, and anything asking for what only audit exports do, come here."""
    return args.kind == "audit" or any(getattr(args, name, None) for name in ("redact", "hash_fields", "drop"))


def _redactor(entities: tuple[str, ...]) -> tuple[Callable[[str], str], str]:
    from aoai_logpipe.core import dlp

    mode = "ner" if set(entities) & set(dlp.NAME_ENTITIES) else "pattern"
    policy = dlp.DlpPolicy(mode=mode, entities=entities, actions={e: "redact" for e in entities})
    engine = dlp.DlpEngine(policy)

    def redact(text: str) -> str:
        return dlp.apply_spans(text, dlp.merge_spans(engine.scan(text), policy), policy) if text.strip() else text

    return redact, f"{mode} {engine.engine_version}"


def cmd_export(args: argparse.Namespace) -> int:
    from aoai_logpipe.core import redaction
    from aoai_logpipe.reports import audit_cli, investigate
    from aoai_logpipe.reports.commands import EXIT_CONFIG, EXIT_OK, EXIT_USAGE, _output
    from aoai_logpipe.reports.reader import AuditFilters, DocumentReader, ReaderError, selection

    if args.kind != "audit":
        print(f"error: --redact, --hash and --drop apply to `export audit` only, not {args.kind}",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        plan = redaction.plan(args.redact, args.hash_fields, args.drop, tuple(investigate.known_entities()))
    except redaction.PlanError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if plan and args.format == "csv" and args.out is None:
        print("error: a redacted CSV export keeps its header record in OUT.header.json: pass --out", file=sys.stderr)
        return EXIT_USAGE
    key_text = os.environ.get(HASH_KEY_ENV)
    key = key_text.encode() if key_text else secrets.token_bytes(32)
    key_source = (f"from ${HASH_KEY_ENV} (pseudonyms link across exports made with it)" if key_text
                  else "random for this export and not kept (pseudonyms link within this file only)")
    try:
        filters = AuditFilters(selection=selection(args.period, args.time_from, args.time_to))
    except ReaderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    async def work(reader: DocumentReader, log: Any) -> int:
        from aoai_logpipe.cli import _write_export
        from aoai_logpipe.reports import admin, audit

        try:
            redact, engine = _redactor(plan.redact) if plan.redact else (str, None)
        except (ImportError, OSError) as exc:
            print(f"error: redacting {', '.join(plan.redact)} needs the NER model ({type(exc).__name__}); "
                  "install it with `pip install .[ner]`", file=sys.stderr)
            return EXIT_CONFIG
        criteria = {**audit.criteria(filters), "format": args.format, "redact": list(plan.redact),
                    "hash": list(plan.hash), "drop": list(plan.drop)}
        head = redaction.header(plan, kind="audit", created=admin.now(), principal=await admin.principal(reader),
                                criteria=audit.criteria(filters), key_source=key_source, engine=engine) if plan else None
        ids: list[str] = []

        async def documents() -> list[dict[str, Any]]:
            out = []
            async for doc in reader.audit_search(filters):
                ids.append(str(doc.get("request_id")))
                out.append(redaction.apply(doc, plan, redact, key) if plan else doc)
                if len(ids) % 500 == 0 and sys.stderr.isatty():
                    print(f"\r{len(ids):,} documents", end="", file=sys.stderr)
            return out

        docs = await documents()
        with _output(args.out) as handle:
            if head is not None and args.format == "jsonl":
                handle.write(json.dumps(head, ensure_ascii=False) + "\n")
            count = _write_export(docs, args.format, handle)
        if head is not None and args.format == "csv":
            Path(f"{args.out}.header.json").write_text(json.dumps(head, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        await log.record("export audit", criteria, ids)
        if args.out:
            print(f"wrote {count:,} audit documents to {args.out}" + (" (header record first)" if head else ""),
                  file=sys.stderr)
        return EXIT_OK

    return audit_cli.execute_logged(args, work)
