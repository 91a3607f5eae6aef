"""Presidio recognizers for the secrets that leak through LLM prompts, beyond Presidio's defaults.

People paste config files, stack traces, curl commands and notebooks into chats; what leaks
is mostly credentials. Each entity below is a list of regexes with a score and context words.

Score rationale (Presidio adds +0.35 when a context word is among the 5 tokens before a
match; the engine's default threshold is 0.5):
- 0.95: the shape proves itself - a vendor marker inside the key (OpenAI `T3BlbkFJ`,
  Azure `JQQJ99...ACOG`), PEM armour, a connection string with a key field.
- 0.8-0.9: a fixed prefix with a fixed length (`AKIA` + 16), a JWT's two `eyJ` segments,
  or a keyword that names the value (`password=`, `Bearer`, `AccountKey:`).
- 0.3-0.45: the shape alone is shared with innocent data (an 88-character base64 string
  is also a SHA-512 digest; 40 mixed-case characters are also an id), so only a context
  word lifts it over the threshold.
Keyword-anchored patterns use `\\K`, so the finding (and any redaction) covers the value,
not the keyword.

Presidio is imported inside the factories, so the entity names here cost nothing to import.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any

import regex

from aoai_logpipe.core.known_names import known_names

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from presidio_analyzer import EntityRecognizer, PatternRecognizer

# Recorded in every audit document's DLP block (engine_version): bump it whenever what the
# recognizers find changes, so findings can be told apart by the screening that made them.
RECOGNIZERS_VERSION = "32"

CASE_SENSITIVE = regex.DOTALL | regex.MULTILINE
CASE_INSENSITIVE = CASE_SENSITIVE | regex.IGNORECASE

# Characters that end an unquoted value in config syntax (connection strings, .env, URLs, JSON).
_VALUE = r"[^;\s\"'<>]"
# Keyword-to-value glue: `key=v`, `key: v`, `"key": "v"`, `key := v`, `'key' => 'v'`.
_ASSIGN = r"[\"']?\s*(?::=|=>|[:=])\s*"


@dataclass(frozen=True, slots=True)
class SecretSpec:
    """One entity: its patterns as (name, regex, score), its context words, its case rule.

    `min_entropy` (bits per character) rejects values whose shape matched but whose characters
    are too regular to be random (`0000...`, `abcabc...`); `placeholders` rejects values that
    are written as stand-ins (`PASSWORD`, `<your-key>`, `xxxx`). Patterns named in `bare` match
    a shape with no label of their own: the words around the value decide (bare_secret_score).
    Patterns named in `headers` match a table's header line with a column named for a password:
    the finding is that column's cells below it (password_column_cells), not the header.
    """

    entity: str
    patterns: tuple[tuple[str, str, float], ...]
    context: tuple[str, ...]
    flags: int = CASE_SENSITIVE
    min_entropy: float = 0.0
    placeholders: bool = False
    bare: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()

    def recognizer(self, language: str) -> PatternRecognizer:
        from presidio_analyzer import Pattern

        return _secret_recognizer_class()(
            self,
            supported_entity=self.entity,
            name=f"{self.entity.title().replace('_', '')}Recognizer",
            supported_language=language,
            patterns=[Pattern(name, rx, score) for name, rx, score in self.patterns],
            context=list(self.context),
            global_regex_flags=self.flags,
            version=RECOGNIZERS_VERSION,
        )


def line_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the line (or lines) holding text[start:end], without its line break."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values()) if n else 0.0


# Published sample values: vendors' documented keys say so in capitals (AWS's `AKIAIOSFODNN7EXAMPLE`,
# `...EXAMPLEKEY`); the storage emulator's well-known account (`devstoreaccount1` and its key, printed
# in Microsoft's docs), the Cosmos DB emulator's key, Stripe's documentation test keys and jwt.io's
# sample token (its signature) are public by design.
_DOCUMENTED_EXAMPLE = regex.compile(
    r"EXAMPLE|devstoreaccount1|Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
    r"|C2y6yDjf5/R\+ob0N8A7Cgv30VRDJIWEHLM\+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
    r"|sk_test_4eC39HqLyjWDarjtT1zdp7dc|sk_test_BQokikJOvBiI2HlWgH4olfQ2"
    r"|SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
# A whole value that stands in for one: a word naming the secret, a template (`$(DB_PASSWORD)`), a mask
# (`sk-****7qVq`, `ghp_****************`).
_PLACEHOLDER_VALUE = regex.compile(
    r"(?i)(?:[<{\[(].*[>}\])]|[x*.#_-]{3,}|[^*\s]{0,12}\*{3,}[^*\s]{0,8}|[$%][({].*[)}]|(?:your|insert|enter)[ _-]?\w*|\w*(?:example|sample|placeholder|dummy"
    r"|changeme|redacted)\w*|(?:user(?:name)?|pass(?:word)?|passwd|pwd|secret|token|key|api[_-]?key|value|string"
    r"|test|foo|bar|baz)\d?)"
    r"|(?-i:[A-Z][A-Z_]{2,15}|[A-Z_]*_[A-Z_]*)")


# Public by design or standing in for a key (#15): Stripe's publishable keys (`pk_live_`, `pk_test_`: they
# ship in web pages), a value of one repeated character after its vendor prefix (`0000...`, `sk-xxxx...`),
# and a PEM block whose body is a placeholder (`...`, `<key>`, `MIIE...`): a private key's body holds
# hundreds of base64 characters, and one cut short after a few lines still holds part of a key.
_PUBLISHABLE_KEY = regex.compile(r"pk_(?:live|test)_[A-Za-z0-9]{10,}")
_VENDOR_PREFIX = regex.compile(r"(?:[A-Za-z]{1,12}[_-]){1,3}")
_PEM_ARMOUR = regex.compile(r"-----(?:BEGIN|END) [A-Z0-9 ]+-----|\\[nr]|\s")
_PEM_ELIDED_MATERIAL = 100  # ... of a body cut short with `...`: less is a stand-in, more is part of a key


def not_a_secret(value: str) -> bool:
    """A value that matched a credential's shape but is public or a stand-in (see above)."""
    if value[:3] == "pk_" and _PUBLISHABLE_KEY.fullmatch(value):
        return True
    if value[:10] == "-----BEGIN":
        body = _PEM_ARMOUR.sub("", value)
        material = sum(c.isalnum() or c in "+/=" for c in body)
        elided = "..." in body or "…" in body or "<" in body
        return material == 0 or (elided and material < _PEM_ELIDED_MATERIAL)
    tail = value[-8:]
    if len(tail) < 8 or tail.count(tail[0]) != 8:  # (asked of every match: the cheap test first)
        return False
    prefix = _VENDOR_PREFIX.match(value)
    rest = value[prefix.end():] if prefix else value
    return len(rest) >= 8 and len(set(rest)) == 1


@cache
def _secret_recognizer_class() -> type[PatternRecognizer]:
    from presidio_analyzer import PatternRecognizer

    class SecretRecognizer(PatternRecognizer):
        """A pattern recognizer that drops documented sample keys and, per spec, placeholders
        and values too regular to be random."""

        def __init__(self, spec: SecretSpec, **kwargs: Any) -> None:
            self.spec = spec
            super().__init__(**kwargs)

        def invalidate_result(self, pattern_text: str) -> bool:
            spec = self.spec
            return bool(_DOCUMENTED_EXAMPLE.search(pattern_text) or not_a_secret(pattern_text)
                        or (spec.placeholders and _PLACEHOLDER_VALUE.fullmatch(pattern_text))
                        or (spec.min_entropy and entropy(pattern_text) < spec.min_entropy))

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                    regex_flags: int | None = None) -> list[Any]:
            results = super().analyze(text, entities, nlp_artifacts, regex_flags)
            if not self.spec.bare and not self.spec.headers:
                return results
            kept = []
            for r in results:
                explanation = r.analysis_explanation
                if explanation is not None and explanation.pattern_name in self.spec.headers:
                    kept.extend(added_result(self, self.spec.entity, a, b, r.score, "a table's password column")
                                for a, b in password_column_cells(text, r.start, r.end)
                                if not self.invalidate_result(text[a:b]))
                    continue
                if explanation is None or explanation.pattern_name not in self.spec.bare:
                    kept.append(r)
                    continue
                score = bare_secret_score(text, r.start, r.end)
                if score is None:
                    continue
                r.score = max(r.score, score)
                explanation.score = r.score
                kept.append(r)
            return kept

    return SecretRecognizer


# ---------------------------------------------------------------- password columns of pasted tables

# A header cell naming a password (`password`, `Passwort`, `db_pwd`, `"Passphrase"`).
_PASSWORD_CELL = regex.compile(r"(?i)[ \t]*[\"']?[\w .-]{0,30}?(?:password|passwd|pwd|passphrase|passwort|kennwort|secret)[\"']?[ \t]*")
# A column named `Secret` holds secrets or their names (`kv-sql-admin`): a cell there needs a digit or a symbol.
_SECRET_ONLY_CELL = regex.compile(r"(?i)(?![^|]*(?:password|passwd|pwd|passphrase|passwort|kennwort))[^|]*secret[^|]*")
_STRONG_CELL = regex.compile(r"[^\s]*[0-9!@#$%^&*+/~?][^\s]*")
# The value, maybe quoted, in Confluence's `{{monospace}}` or in markdown backticks.
_CELL_VALUE = regex.compile(r"[ \t]*(?:[\"'`]|\{\{)?\K[^\s\"'`{}]{3,128}(?=(?:[\"'`]|\}\})?[ \t]*$)")
_TABLE_ROWS = 200


def password_column_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells under a header line's password column (a CSV/TSV/pipe export of a password manager,
    a user list): rows with as many cells as the header, down to the first line with fewer (the
    table's end); a row with more (an unquoted delimiter in a cell) is skipped."""
    header = text[start:end].replace("||", "|")  # Confluence wiki markup writes header cells `||Name||`
    cells: list[tuple[int, int]] = []
    for delimiter in ("\t", ";", "|", ","):
        count = header.count(delimiter)
        if not count:
            continue
        names = header.split(delimiter)
        columns = [i for i, name in enumerate(names) if _PASSWORD_CELL.fullmatch(name)]
        if not columns or not all(_HEADER_CELL.fullmatch(name) or not name.strip() for name in names):
            continue
        line_start = end + 1
        for _ in range(_TABLE_ROWS):
            if line_start >= len(text):
                break
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end < 0 else line_end
            line = text[line_start:line_end].rstrip("\r")
            if line.count(delimiter) < count:
                break
            if line.count(delimiter) == count and not regex.fullmatch(r"[\s|:+-]*", line):  # not a markdown rule
                offsets = [0]
                for i, ch in enumerate(line):
                    if ch == delimiter:
                        offsets.append(i + 1)
                offsets.append(len(line) + 1)
                for column in columns:
                    a, b = offsets[column], offsets[column + 1] - 1
                    m = _CELL_VALUE.search(line, a, b)
                    if m and (not _SECRET_ONLY_CELL.fullmatch(names[column]) or _STRONG_CELL.fullmatch(m.group())):
                        cells.append((line_start + m.start(), line_start + m.end()))
            line_start = line_end + 1
        return cells
    return cells


# ---------------------------------------------------------------- bare secrets: shape, mix, words around

# A secret pasted on its own ("Is deze sleutel nog geldig? <32 hex>", a chat's "here: <key> (key 2)"
# under "can you send me the prod key?", a token alone on a ticket's line) has no label of its own;
# its shape is shared with digests and ids. The words around it decide: the nearest word naming a
# credential (in the languages people paste) or naming something else (a digest, a trace or request
# id, a certificate) - on the value's line, else in the two lines above, else in the line below.
# With neither, a value that stands alone and reads as random counts, less surely (BARE_SCORE: a
# policy may raise that entity's threshold to require a word).
_WORD_START = r"(?:(?<!\p{L})|(?-i:(?=\p{Lu})))"  # a word, or a camelCase hump (`aoaiKey`, `traceId`)
_WORD_END = r"(?-i:(?!\p{Ll}))"
_SECRET_CUE_WORDS = (
    r"keys?|secrets?|tokens?|credentials?|creds|passwords?|passwd|pwd|api-?key|apikey|bearer|auth|authorization"
    # An Azure AI endpoint's host beside the value: its key (`endpoint=https://x.cognitiveservices.azure.com/ <32 hex>`).
    r"|cognitiveservices|openai(?=\.azure\.com)|(?:primary|secondary)(?=[ \t]*[=:])"
    # de, nl, fr, es, it, pt, pl, sv/da/no, fi: key, secret, password, credentials.
    r"|\w*schlüssel|geheimnis|kennwort|passwort|zugangsdaten|anmeldedaten|sleutels?|geheim|wachtwoord|inloggegevens"
    r"|clés?|cle|jetons?|mot\s+de\s+passe|identifiants|claves?|secreto|contraseñas?|credenciales|chiavi|chiave"
    r"|segreto|credenziali|chaves?|segredo|senhas?|credenciais|klucz\w*|hasło|haslo|sekret\w*|poświadczenia"
    r"|nyckel\w*|nycklar|lösenord|hemlighet|nøgle|nøkkel|adgangskode|passord|avain|salasana")
_OTHER_CUE_WORDS = (
    # Digests and their tools; what carries or names them.
    # (Password hashes by their algorithm too: an `NTLM <32 hex>` line of a pentest report; #15, eighteenth corpus.)
    r"md5\w*|sha(?:-?\d+)?(?:sum)?|hash\w*|ntlm\w*|net-?ntlm\w*|nthash|lmhash|bcrypt|scrypt|argon2\w*|pbkdf2\w*|\w*digest|checksums?|etag|crc\d*|fingerprint|thumbprint|commit|revision|integrity"
    r"|prüfsumme|hashwert|controlegetal|empreinte|somme\s+de\s+contrôle|suma\s+de\s+verificación|huella|impronta"
    # Ids: traces, operations, requests, GUIDs.
    r"|trace\w*|span|operation|correlation|request|activity|session|guid|uuid|ids?|identifier|kennung|nonce"
    # References and build numbers (`ref=<md5>`, `build 20260417.5 is green, note: <md5>`; not "build hash").
    r"|ref|refs|reference|build(?=[ \t#:=]*\d)"
    # Keys that are no credentials, public material, file data.
    r"|(?:cache|idempotency|partition|row|sort|foreign|public|ssh|gpg|pgp|licen[cs]e|product|object|dedup\w*)[\s_-]?keys?"
    r"|cache\b[^\n]{0,40}?\bkey|certificates?|cert|zertifikat|certificat|certificado|ssh-\w+|ecdsa-[\w-]+|data:[^\s,]*")
_CUES = regex.compile(rf"(?i){_WORD_START}(?:(?P<other>{_OTHER_CUE_WORDS})|(?P<secret>{_SECRET_CUE_WORDS})){_WORD_END}")
_CUE_LINES_BEFORE = 2
_CUE_CHARS = 300
BARE_SCORE = 0.55
CUED_SCORE = 0.8
_HEX32 = regex.compile(r"[0-9a-fA-F]{32}")
# Encodings of public or non-secret data: SSH public keys, DER certificates, JSON (`eyJ`), PEM in
# base64 (`LS0t`; private keys have their own pattern), images, archives, PDF, XML.
_PUBLIC_ENCODING = regex.compile(r"AAAA[A-Z]3NzaC|MI[IH]|eyJ|LS0t|iVBORw0KGgo|/9j/|R0lGOD|UklGR|UEsDB|JVBER|H4sI|PD94")
# A typed token (`ghp_`, `sk-proj-`, `sha512-`, `node-cache-`): its vendor's recognizer, or none.
_TYPED_PREFIX = regex.compile(r"[a-z][a-z0-9]{1,11}[_-]")
_DATA_URI_BEFORE = regex.compile(r"(?i)data:[^\s,]*,\Z")
_WORDY = regex.compile(r"[a-z]{4,}")
_BASE64_LINE = regex.compile(r"[ \t]*[A-Za-z0-9+/=_-]{40,}[ \t]*")
# `md5sum` output: a digest, then a file name (`<md5>  app.zip`, `<md5> *app.zip`, `<md5>:app.zip`).
_CHECKSUM_LISTING = regex.compile(r"(?:[ \t]+\*?|:)[\w./\\-]+\.\w{1,8}\b")


_TOKEN_CHAR = regex.compile(r"[A-Za-z0-9+/=]")
_LABEL_GLUE = regex.compile(r"[\"']?[ \t]*[=:][ \t]*[\"']?")
_TOKEN_REACH = 24
# A word after the value that introduces another key-shaped value (`the build hash is <md5>`) names that one.
_NAMES_NEXT_VALUE = regex.compile(r"[ \t]*(?:(?:is|was|=|:)[ \t]*)?[\"'`(]?[A-Za-z0-9+/=_-]{20,}")


def _inside_token(text: str, start: int, end: int) -> bool:
    """The span is part of a run of 24+ base64 characters (a key, a digest, a blob)."""
    lo = start
    while lo > 0 and start - lo < _TOKEN_REACH and _TOKEN_CHAR.match(text, lo - 1):
        lo -= 1
    hi = end
    while hi < len(text) and hi - lo < _TOKEN_REACH and _TOKEN_CHAR.match(text, hi):
        hi += 1
    return hi - lo >= _TOKEN_REACH


def bare_secret_score(text: str, start: int, end: int) -> float | None:
    """The score of a secret-shaped value with no label of its own: CUED_SCORE after a credential
    word, None (not a secret) after a word naming a digest or an id or inside public data,
    BARE_SCORE for a value standing alone that reads as random. Otherwise the 32-hex and 40-character
    shapes keep their pattern's score (a Presidio context word may still lift it), a longer token is
    dropped (its pattern's score never reaches a threshold)."""
    value = text[start:end]
    hexadecimal = bool(_HEX32.fullmatch(value))
    undecided = 0.0 if hexadecimal or len(value) <= 40 else None
    if not hexadecimal:
        if text.rfind("-----BEGIN", 0, start) > text.rfind("-----END", 0, start):
            return None  # inside an armoured block (certificates; private keys are found whole)
        if _PUBLIC_ENCODING.match(value) or _TYPED_PREFIX.match(value) or value[0] == "/":
            return None
        if _DATA_URI_BEFORE.search(text, max(0, start - 100), start):
            return None  # `data:image/png;base64,...`
        if sum(map(len, _WORDY.findall(value))) >= 0.4 * len(value) or entropy(value) < (4.0 if len(value) <= 40 else 4.2):
            return undecided  # words glued together (a path, an identifier), not random characters
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo = line_start
    for _ in range(_CUE_LINES_BEFORE):
        if lo <= 0 or start - lo > _CUE_CHARS:
            break
        lo = text.rfind("\n", 0, lo - 1) + 1
    lo = max(lo, start - _CUE_CHARS)
    after_end = text.find("\n", line_end + 1)
    hi = min(len(text) if after_end < 0 else after_end, end + _CUE_CHARS)
    column = column_name(text, start)  # in a pasted table, the column's name says what the value is
    if column and (named := _CUES.search(column)):
        return CUED_SCORE if named.group("other") is None else None
    # The nearest word decides: on the value's line first, then in the lines above, then the line below.
    nearest: tuple[int, int, bool] | None = None
    for m in _CUES.finditer(text, lo, hi):
        if _inside_token(text, m.start(), m.end()) and not (m.end() <= start and _LABEL_GLUE.fullmatch(text, m.end(), start)):
            continue  # `…W1ID9AZ…`: letters of another key or blob, no word (but `ref=<md5>` labels the value)
        if m.end() <= start:
            cue = (0 if m.start() >= line_start else 1, start - m.end())
        elif m.start() >= end:
            if _NAMES_NEXT_VALUE.match(text, m.end()):
                continue  # "use <key>; the build hash is <md5>": the word names the value after it
            cue = (0 if m.start() < line_end else 2, m.start() - end)
        else:
            continue
        ranked = (*cue, m.group("other") is None)
        if nearest is None or ranked < nearest:
            nearest = ranked
    if nearest is not None:
        return CUED_SCORE if nearest[2] else None
    if hexadecimal and _CHECKSUM_LISTING.match(text, end, line_end):
        return None
    before = text[line_start:start]
    if "://" in (before.split() or [""])[-1]:
        return undecided  # part of a URL
    if hexadecimal or len(value) <= 40:
        return BARE_SCORE
    # A long opaque token counts bare when it is no line of a wrapped block (base64 lines above or below).
    previous = text[text.rfind("\n", 0, max(0, line_start - 1)) + 1:max(0, line_start - 1)] if line_start else ""
    following = text[line_end + 1:(after_end if after_end >= 0 else len(text))] if line_end < len(text) else ""
    if _BASE64_LINE.fullmatch(previous) or _BASE64_LINE.fullmatch(following):
        return None
    return BARE_SCORE


# The keyword may end an identifier: `AZURE_STORAGE_KEY`, `spring.datasource.password`,
# `$env:DB_PASSWORD`, `_authToken`. `\b` would not do (`_` is a word character); only a letter
# glued on the left (`mykey`) disqualifies. The identifier's head is not matched: patterns keep
# only the value (`\K`), and a prefix matched at every position costs more than all the rest.
_IDENT = r"(?<![A-Za-z])"


_CS_LEAD = (r"(?:DefaultEndpointsProtocol|AccountName|AccountEndpoint|Endpoint|BlobEndpoint|QueueEndpoint"
            r"|TableEndpoint|FileEndpoint|SharedAccessKeyName|EntityPath)")
_CS_SECRET = r"(?:AccountKey|SharedAccessKey|SharedAccessSignature|AccessKey)"
_CS_PAIR = rf"[A-Za-z]+={_VALUE}*"

AZURE_CONNECTION_STRING = SecretSpec(
    "AZURE_CONNECTION_STRING",
    (
        # Storage (AccountName/AccountKey), Cosmos (AccountEndpoint/AccountKey), Service Bus and
        # Event Hubs (Endpoint=sb:///SharedAccessKeyName/SharedAccessKey), SAS connection strings,
        # Web PubSub/SignalR (AccessKey): a known lead field, then a key field. The whole string is
        # the finding, so redaction removes account names and endpoints along with the key.
        ("azure_connection_string",
         rf"\b{_CS_LEAD}={_VALUE}+;(?:{_CS_PAIR};)*?{_CS_SECRET}={_VALUE}{{16,}}(?:;{_CS_PAIR})*;?", 0.95),
        ("azure_connection_string_key_first",
         rf"\b{_CS_SECRET}={_VALUE}{{16,}};(?:{_CS_PAIR};?)*", 0.9),
    ),
    ("connection", "connectionstring", "conn", "storage", "cosmos", "servicebus", "eventhub"),
    CASE_INSENSITIVE,
)

AZURE_KEY = SecretSpec(
    "AZURE_KEY",
    (
        # Microsoft "identifiable" keys (DevOps PATs, Web PubSub...): 84 characters with the JQQJ9
        # signature at a fixed offset; the AI services ones (`ACOG`) are AZURE_OPENAI_KEY.
        ("azure_identifiable_key",
         r"(?<![A-Za-z0-9])[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{18}(?!ACOG|AZDO)[A-Za-z0-9]{8}(?![A-Za-z0-9])", 0.85),
        # The name may run together (`COSMOSPRIMARYKEY=`, `STORAGEACCOUNTKEY=`): no word boundary before it.
        ("azure_key_assignment",
         rf"(?:account|primary|secondary|storage|cosmos|master|shared_?access)[_ .-]?key[12]?{_ASSIGN}[\"']?\K"
         r"[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])"
         # ... and a key of a storage account's length under any key name: Terraform's `ARM_ACCESS_KEY=`, a log
         # line's `key=` (AWS's access keys are 40 long).
         rf"|(?<![A-Za-z0-9])(?:access[_ .-]?)?key{_ASSIGN}[\"']?\K[A-Za-z0-9+/]{{86}}==(?![A-Za-z0-9+/=])", 0.85),
        # Storage and Cosmos account keys: 64 random bytes in base64, wherever they are pasted
        # (`StorageSharedKeyCredential("acct", "..")`, `"value": ".."` in `az storage account keys
        # list`, prose). A SHA-512 digest has the same shape, so one named as a digest (`sha512-`,
        # `digest:`, `hash=`, `integrity`, `checksum`) is not a key.
        ("azure_account_key_shape",
         r"(?<![A-Za-z0-9+/=-])(?<!(?i:sha-?512|digest|hash|integrity|checksum|signature)[\"']?\s*[:=]?\s*[\"']?)"
         r"[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])", 0.6),
        # Entra ID (Azure AD) client secrets: 3 characters, a version digit and `Q~`, 31-34 more.
        ("entra_client_secret", r"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?<!\.)(?![A-Za-z0-9_~-]|\.[A-Za-z0-9_~-])",
         0.9),
    ),
    ("key", "accountkey", "storage", "cosmos", "primary", "secondary", "azure"),
    CASE_INSENSITIVE,
    min_entropy=3.5,
)

AZURE_SAS_TOKEN = SecretSpec(
    "AZURE_SAS_TOKEN",
    (
        # A SAS query string: optional `sv=...&...&` parameters, then the HMAC signature `sig=`.
        ("azure_sas_token",
         r"(?:\bsv=\d{4}-\d{2}-\d{2}&(?:[a-z]{2,6}=[^&\s\"'<>]*&)*)?(?<![A-Za-z0-9])sig=[A-Za-z0-9%+/]{30,}(?:%3D|=){0,2}",
         0.9),
    ),
    ("sas", "token", "signature", "blob", "url"),
    CASE_INSENSITIVE,
)

AZURE_OPENAI_KEY = SecretSpec(
    "AZURE_OPENAI_KEY",
    (
        # Azure AI services (Azure OpenAI, Speech, Vision) keys: identifiable format with `ACOG`.
        ("azure_ai_services_key", r"(?<![A-Za-z0-9])[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{18}ACOG[A-Za-z0-9]{4}(?![A-Za-z0-9])",
         0.95),
        # Older 32-hex keys look like any MD5: an identifier ending in `key` (`api-key`,
        # `AZURE_OPENAI_KEY`, `subscription_key`, `"key1"`), an `AzureKeyCredential(...)`, or the
        # bare shape with a context word before it ("azure openai", "cognitive", "key").
        # The label may use .NET's `__` hierarchy (`AzureOpenAI__Key`) and stand apart from the key:
        # a table column (`AzureOpenAI__Key    <key>`) or the portal's copy (`KEY 1` above the key).
        # (The lookahead for `key` first only makes positions without one fail fast.)
        ("azure_openai_key_assignment",
         rf"{_IDENT}(?=[a-z0-9_-]*key)(?<!(?:cache|hash|idempotency|partition|row|sort|primary|foreign|etag)[\s_.-])"
         rf"(?:[a-z0-9]*(?:api|subscription|openai|aoai|cognitive|speech|vision|translator|search|azure)[_-]{{0,2}})?"
         rf"key(?:[ _]?[12])?(?:{_ASSIGN}|[ \t]+|[ \t]*\r?\n[ \t]*)[\"']?\K[0-9a-f]{{32}}(?![0-9a-z])", 0.8),
        ("azure_key_credential", r"\bAzureKeyCredential\(\s*[\"']\K[0-9a-f]{32}(?=[\"'])", 0.85),
        ("azure_openai_key_shape", r"(?<![0-9a-z/._-])[0-9a-f]{32}(?![0-9a-z/._-])", 0.2),
    ),
    # Not "key" alone: `cache_key`, `etag key` precede MD5s.
    ("azure", "openai", "aoai", "api-key", "key1", "key2", "cognitive", "subscription", "ocp-apim-subscription-key"),
    CASE_INSENSITIVE,
    min_entropy=3.0,
    bare=("azure_openai_key_shape",),
)

OPENAI_API_KEY = SecretSpec(
    "OPENAI_API_KEY",
    (
        # Every OpenAI key embeds base64("OpenAI") = T3BlbkFJ.
        ("openai_key_marker", r"(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{10,}T3BlbkFJ[A-Za-z0-9_-]{10,}(?![A-Za-z0-9_-])", 0.95),
        ("openai_project_key", r"(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])", 0.85),
        ("openai_legacy_key", r"(?<![A-Za-z0-9_-])sk-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])", 0.8),
    ),
    ("openai", "api", "key", "sk"),
)

JWT = SecretSpec(
    "JWT",
    (
        # Header and payload are base64url JSON objects, so both start with `eyJ` (`{"`).
        ("jwt", r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*", 0.9),
    ),
    ("jwt", "token", "bearer", "authorization", "id_token", "access_token"),
)

BEARER_TOKEN = SecretSpec(
    "BEARER_TOKEN",
    (
        # The digit requirement keeps prose ("the bearer responsibilities") out; a JWT after
        # `Bearer` is reported as a JWT.
        ("bearer_token", r"\bbearer\s{1,4}\K(?!eyJ[A-Za-z0-9_-]*\.eyJ)(?=[A-Za-z0-9._~+/-]*[0-9])[A-Za-z0-9._~+/-]{16,}=*",
         0.8),
        # A session cookie is a bearer credential (#15, ninth corpus): whoever sends it is the user. The
        # value of a cookie in a `Cookie:` or `Set-Cookie:` header (the first random-looking one, after
        # any others: `Cookie: lang=en; sid=...`), 20+ characters mixing upper case, lower case and digits,
        # as session stores generate them (`lang=en`, `theme=dark`, hex affinity ids are not).
        ("session_cookie",
         r"\b(?:set-)?cookie[ \t]*:[ \t]*(?:[^\s=;,]{1,64}=[^\s;,]{0,512};[ \t]*){0,16}?[^\s=;,]{1,64}=[\"']?\K"
         r"(?-i:(?=[A-Za-z0-9._~+/%-]{0,511}[A-Z])(?=[A-Za-z0-9._~+/%-]{0,511}[a-z])(?=[A-Za-z0-9._~+/%-]{0,511}\d))"
         r"[A-Za-z0-9._~+/%-]{20,512}={0,2}(?![A-Za-z0-9._~+/%=-])", 0.8),
    ),
    ("authorization", "bearer", "token", "header"),
    CASE_INSENSITIVE,
)

_PEM_LABEL = r"(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?"
PRIVATE_KEY = SecretSpec(
    "PRIVATE_KEY",
    (
        # The whole armoured block; a block cut short (no END line) still covers its body.
        ("pem_private_key",
         rf"-----BEGIN {_PEM_LABEL}-----(?:[\s\S]{{0,16384}}?-----END {_PEM_LABEL}-----"
         r"|(?=[A-Za-z0-9+/=\s:,-]*[A-Za-z0-9+/]{32})[A-Za-z0-9+/=\s:,-]*)", 0.95),
        # A PEM block in base64 (kubeconfig `client-key-data`, Kubernetes secrets): `-----BEGIN `
        # encodes as `LS0tLS1CRUdJTi`, and `PRIVATE KEY` at each of its three base64 alignments.
        ("pem_private_key_base64",
         r"(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]{0,24}?(?:UFJJVkFURSBLRV|BSSVZBVEUgS0VZ|QUklWQVRFIEtFW)"
         r"[A-Za-z0-9+/]*={0,2}", 0.95),
    ),
    ("private", "key", "pem", "rsa", "ssh"),
)

AWS_ACCESS_KEY_ID = SecretSpec(
    "AWS_ACCESS_KEY_ID",
    (
        # Long-term (AKIA) and temporary (ASIA) access key ids; other A*A prefixes name
        # principals, not credentials.
        # (Not a placeholder written with a run of X: `AKIAXXXXXXXXXXXXXXXX`.)
        ("aws_access_key_id", r"(?<![A-Za-z0-9])(?:AKIA|ASIA)(?![A-Z0-9]{0,10}X{6})[A-Z0-9]{16}(?![A-Za-z0-9])", 0.9),
    ),
    ("aws", "access", "key", "iam"),
)

AWS_SECRET_KEY = SecretSpec(
    "AWS_SECRET_KEY",
    (
        ("aws_secret_assignment",
         rf"{_IDENT}(?i:aws[_.]?secret[_.]?(?:access[_.]?)?key|secret[_.]?access[_.]?key){_ASSIGN}[\"']?\K[A-Za-z0-9/+]{{40}}(?![A-Za-z0-9/+=])", 0.9),
        # The pair as pasted in prose or a list: an access key id, then within 40 characters on its
        # line (` / `, `, `, ` and secret `) the 40-character secret. (The other order would cost a
        # scan at every token; there the words around decide, as for the bare shape.)
        ("aws_secret_beside_key_id",
         r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])[^\n]{0,40}?(?<![A-Za-z0-9/+=])\K"
         r"(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])", 0.85),
        # 40 base64 characters with upper, lower and digit (a git SHA-1 is lower-case hex).
        ("aws_secret_shape",
         r"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=]))(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])"
         r"(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])", 0.3),
    ),
    ("aws", "secret"),
    min_entropy=3.5,
    bare=("aws_secret_shape",),
)

_SECRET_WORD = (r"(?:password|passwd|passphrase|pwd|pass|secret|client[_-]?secret|api[_-]?secret|app[_-]?secret"
                r"|secret[_-]?key|client[_-]?credential|(?:access|auth|refresh|api|bearer|session)[_-]?token"
                r"|api[_-]?key|apikey|token|pw)")
# `DB_PASSWORD`, `PGPASSWORD`, `spring.datasource.password`, `"client_secret"`, `$env:API_KEY`.
# Long keywords also count glued to a prefix (`PGPASSWORD`, `MYSQL_ROOT_PASSWORD`, `clientsecret`).
# (Not the resource type of an ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db` names a secret.)
# (The check after the word: a lookbehind first would run at every position of every text.)
_SECRET_NAME = (rf"(?:password|passwd|passphrase|secret(?<!:\d{{12}}:secret)(?:[_-]?key)?"
                rf"|{_IDENT}{_SECRET_WORD}(?<!:\d{{12}}:secret))(?![a-z0-9])")
# "Password" as a configuration key in other languages (`Passwort=`, `DB_KENNWORT:`, `mot_de_passe`,
# `contraseña:`, `senha=`, `hasło:`, `lösenord=`, `salasana:`, `parola=`); the short ones only as a
# whole word or an identifier's end (`superparola` is no name). Its own pattern, not part of
# _SECRET_NAME: ten more alternatives there would double the cost of every pattern using it.
_PASSWORD_KEY_I18N = (r"(?:passwort|kennwort|wachtwoord|mot[_ -]?de[_ -]?passe|contrase[ñn]a|l[öo]senord|salasana"
                      r"|(?<!\p{L})(?:senha|has[łl]o|parola))(?![a-z0-9])")
_SECRET_KEYWORD = rf"{_SECRET_NAME}{_ASSIGN}"
# Values that are references, paths or placeholders, not secrets.
_PLACEHOLDER = (r"(?!(?:[\w.-]{0,12}\*{3}|x{4}|x{2,}[-_.][-_.x\d]*(?=[\s\"',;)\]}]|$)|[\w-]{0,12}(?:\.{3}|…)\w{0,8}(?=[\s\"',;)\]}]|$)|\.{3}|<|\$\{|\$\(|\$[A-Za-z_]|\{|\}|%\(|%[A-Za-z_]+%|=|/|~/|\./|\[masked"
                r"|os\.|process\.env|getenv|env\[|config\[|settings\.|self\.|secrets\.|vault[.:]|arn:|@microsoft\.keyvault"
                # A Vault path and its field (`secret/data/ci#token`), as Vault's CLI, agent and CI integrations write one.
                r"|[\w-]+(?:/[\w.-]+)+#\w+(?![^\s\"',;)\]}])"
                r"|null\b|none\b|nil\b|true\b|false\b|undefined\b|redacted|\[redacted|your[_ -]|placeholder"
                # Words in capitals standing for the parts (`USER:PASSWORD@HOST`, `PASSWORD`).
                r"|(?-i:[A-Z][A-Z_]*:[A-Z][A-Z_]*@[A-Z]|[A-Z_]*PASSWORD[A-Z_]*(?![A-Za-z0-9]))))")
# An unquoted value: code like `password=get_password()` is a reference, and `from-keyvault` or
# `use.managed.identity` a name, so it needs a digit or a symbol other than word glue (`-`, `.`);
# trailing sentence punctuation is not part of it.
_BARE = (rf"{_PLACEHOLDER}(?=[^\s\"',;&<>()\[\]{{}}]*[0-9!@#$%^*+/~])"
         r"[^\s\"',;&<>()\[\]{}]{3,127}(?<![.,:])")
_QUOTED = r"[^\"'\r\n]{3,128}"
# Words of a sentence that follow a flag named in prose ("--password via the CLI", "--password is insecure").
_PROSE_AFTER_FLAG = (r"(?:via|is|are|was|in|on|from|with|and|or|the|to|for|of|as|flag|option|argument|parameter|instead"
                     r"|only|when|if|not|will|can|should|must|because|which|that|over|through)\b")
# A value in prose with no `=` to vouch for it: 6-64 characters with a letter and a digit or a
# symbol; a full stop or comma after it ends the sentence, not the value.
_STRONG = (rf"{_PLACEHOLDER}(?=[^\s\"'`]*[A-Za-z])(?=[^\s\"'`]*[0-9!#$%^&*+?~])[^\s\"'`]{{6,64}}?"
           r"(?=[.,;:)]?(?:[\s\"'`]|$))")
# A key-like token: 20+ characters mixing upper case, lower case and digits, or 32+ hex digits.
_KEYLIKE = (r"(?-i:(?=[A-Za-z0-9+/=_~.-]{0,200}[A-Z])(?=[A-Za-z0-9+/=_~.-]{0,200}[a-z])(?=[A-Za-z0-9+/=_~.-]{0,200}\d)"
            r"[A-Za-z0-9+/=_~.-]{20,200}|[0-9a-f]{32,128})(?<![.,])(?![A-Za-z0-9+/=_~-])")
# "Password" in the languages people paste besides English, and the little words between it and
# what it belongs to ("für den", "du", "del", "van de").
_PASSWORD_I18N = (r"(?:passwort|kennwort|mot\s+de\s+passe|mdp|contrase[ñn]a|clave|wachtwoord|senha|palavra-passe"
                  r"|has[łl]o|l[öo]senord|adgangskode|passord|salasana|heslo)")
_PREPOSITION_I18N = r"(?:für|fuer|von|vom|zum|zur|des|du|de|del|van|voor|bij|do|da|dla|för|til|for|of|on)"
# ---------------------------------------------------------------- passwords by their place: calls, code, other scripts (#15)

# Well-known APIs that take a password as a positional argument, and its index (0-based): PHP
# `mysqli_connect(host, user, PASS, db)`, `new PDO(dsn, user, PASS)`, `ftp_login($c, user, PASS)`,
# `oci_connect(user, PASS)`; Python `pymysql.connect(host, user, PASS)`, `ftplib.FTP(host, user, PASS)`,
# `cx_Oracle.connect(user, PASS, dsn)`; Perl/Ruby `DBI->connect(dsn, user, PASS)`; Go
# `smtp.PlainAuth(identity, user, PASS, host)`, `req.SetBasicAuth(user, PASS)`, `url.UserPassword(user,
# PASS)`; Rust `Credentials::new(user, PASS)`, `.basic_auth(user, Some(PASS))`; OkHttp
# `Credentials.basic(user, PASS)`; Ruby `Net::SMTP.start(host, port, helo, user, PASS)`; T-SQL
# `sp_addlinkedsrvlogin srv, useself, locallogin, user, PASS`, `sp_addlogin user, PASS`; ADO's
# `conn.Open "DSN=...", user, PASS` (its first argument a connection string, or a variable named for one;
# seventeenth corpus). Only a string literal counts (a variable or a call is a reference), and not a placeholder.
_POSITIONAL_PASSWORD_APIS: tuple[tuple[str, int], ...] = (
    # (Each alternative spelled out with a rare literal: the entity gate then skips texts that merely say "connect".)
    (r"mysql_connect|mysqli_connect|mysqli(?<=\bnew\s{1,8}mysqli)|mysqli_init\(\)\s*->\s*real_connect|PDO(?<=\bnew\s{1,8}PDO)|pymysql\.connect"
     r"|MySQLdb\.connect|pymssql\.connect|psycopg2\.connect|psycopg\.connect|ftplib\.FTP(?:_TLS)?|FTP(?:_TLS)?(?=\(\s*[\"'])|DBI->connect"
     r"|DBI\.connect|Net::FTP\.new|ldap_bind|ftp_login|ssh2_auth_password|imap_open|smtp\.PlainAuth"
     r"|\.open(?=[ \t]*\(?[ \t]*(?:\"[^\"\r\n]*\b(?:DSN|Provider|Driver|Data\s+Source|Server|Database)\s*=|\w*(?:conn|dsn)\w*\s*,))", 2),
    (r"mysqli_real_connect", 3),
    (r"Credentials::new|Credentials\.basic|SetBasicAuth|withBasicAuth|basic_auth|basicAuth"
     r"|url\.UserPassword|oci_connect|oci_pconnect|cx_Oracle\.connect|oracledb\.connect|Cred::userpass_plaintext"
     r"|UsernamePasswordAuthenticationToken|sp_addlogin|sp_password|PasswordAuthentication", 1),
    (r"Net::SMTP\.start|sp_addlinkedsrvlogin", 4),
)
# One argument before the password: a string literal (maybe `N'...'`, `@"..."`), or anything up to the next comma.
_ARGUMENT = r"\s*(?:[@N]?\"[^\"\r\n]*\"|[@N]?'[^'\r\n]*'|[^,()\"'\r\n;]{1,80})\s*,"
_POSITIONAL_PASSWORD = r"\b(?:" + "|".join(
    rf"(?:{api})(?:\s*\(|[ \t]+)(?:{_ARGUMENT}){{{index}}}" for api, index in _POSITIONAL_PASSWORD_APIS) + ")"
# A password variable in code: a camelCase name ending in Pass/Pwd/Password/Secret (`dbPass := "v"`,
# `val adminPwd = "v"`, `let apiSecret = "v"`) glued to its head; the snake_case and whole-word
# names are _SECRET_NAME's. PHP's `define('DB_PASSWORD', 'v')`.
_CAMEL_PASSWORD_NAME = r"(?-i:(?<=[a-z0-9])(?:Pass(?:word|wd|phrase)?|Pwd|Secret))(?![a-z0-9])"
# Passwords in prose in other scripts: Hindi, Arabic, Persian, Hebrew, Japanese, Korean, Chinese, Russian and
# Ukrainian, Greek, Thai; then up to a few words of the sentence in that
# script (`المؤقتة هي`, `は`, `는`, `是`, `от сервера:`), then the value in Latin characters.
# (Case-sensitive: the engine scans these far faster so, and only Cyrillic and Greek have capitals.)
_PASSWORD_OTHER_SCRIPTS = (r"(?-i:पासवर्ड|कूटशब्द|كلمة\s+(?:ال)?(?:مرور|سر)|رمز\s+(?:ال)?عبور|סיסמ[הא]|パスワード|暗証番号|비밀번호|암호"
                           r"|密码|密碼|口令|[пП]арол[ьяюе]|[κΚ]ωδικ[όο]ς(?:\s+πρόσβασης)?|รหัสผ่าน)")
# Related places share a pattern (alternatives, each with its own `\K`) where that keeps the scan as cheap: every
# pattern costs a literal check on every text, but alternatives that start differently defeat the engine's
# first-character search. Patterns start at a rare character, a line start or a literal.
_PASSWORD_BY_CALL = (
    rf"(?:{_POSITIONAL_PASSWORD})\s*(?:Some\(\s*)?[@N]?[\"']\K{_PLACEHOLDER}[^\"'\r\n]{{3,128}}(?=[\"']\s*(?:[,);]|\r?$))")
_PASSWORD_IN_CODE = (
    rf"\bdefine\(\s*[\"'][\w.-]*?{_SECRET_NAME}[\"']\s*,\s*[\"']\K{_PLACEHOLDER}[^\"'\r\n]{{3,128}}(?=[\"'])"
    rf"|{_CAMEL_PASSWORD_NAME}\s*(?::=|=)\s*[\"'`]\K{_PLACEHOLDER}[^\"'`\r\n]{{3,128}}(?=[\"'`])"
    # A builder's or a setter's call (`.password("…")` of Rust's and Java's builders, `setPassword("…")`), a
    # dictionary's key (`DATABASES["default"]["PASSWORD"] = "…"`), and .NET's `AuthenticationHeaderValue("Bearer", "…")`.
    rf"|\.(?:set_?)?(?:password|passwd|client_?secret|secret|api_?key|access_?token)\(\s*@?[\"']\K{_PLACEHOLDER}[^\"'\r\n]{{3,128}}"
    r"(?=[\"']\s*\))"
    rf"|\[\s*[\"'][\w.-]*?{_SECRET_NAME}[\"']\s*\]\s*=\s*[\"']\K{_PLACEHOLDER}[^\"'\r\n]{{3,128}}(?=[\"'])"
    rf"|\bAuthenticationHeaderValue\(\s*\"(?:Bearer|Basic|Token)\"\s*,\s*\"\K{_PLACEHOLDER}[^\"\r\n]{{8,512}}(?=\")")
_PASSWORD_FOR_CHPASSWD = (
    # cloud-init `chpasswd: {list: | user:pass ...}` and `echo 'user:pass' | chpasswd`.
    r"^[ \t]+[\w.-]{1,32}:\K" + _PLACEHOLDER + r"[^\s]{3,128}(?=[ \t]*\r?$)"
    r"(?<=chpasswd:[ \t]*\r?\n[ \t]+list:[ \t]*\|[-+]?[ \t]*\r?\n(?:[ \t]+[^\n]*\n){0,20}[^\n]*)"
    r"|[\"']?[\w.-]{1,32}:\K" + _PLACEHOLDER + r"[^\s\"']{3,128}(?=[\"']?\s*\|\s*(?:sudo\s+)?chpasswd\b)")
# A YAML or .env value opening with a bracket that does not close it (`PASSWORD: (cmc8qAO2TOr)3aEP%#`).
_PASSWORD_IN_BRACKET = (
    rf"\((?<={_SECRET_NAME}[\"']?[ \t]*[:=][ \t]*\()(?=\S*[A-Za-z])(?=\S*\d)\S{{5,127}}(?<![)\]}}])(?=[ \t]*(?:\r?\n|$))")
# A value with a `&` (where the bare rule stops: URL queries) running to the line's end, `&` followed by no
# `name=` (`REGISTRY_PASSWORD: Zephyr&3421xxJ`).
# (Also after a colon or a bracket in prose: `the connector setting: DB_PASSWORD = Tulip&527tud)`.)
_PASSWORD_WITH_AMPERSAND = (
    rf"(?:^|(?<=[:(][ \t]{{0,3}}))[ \t]*(?:export[ \t]+)?[\"']?[\w.-]*?{_SECRET_NAME}[\"']?[ \t]*[:=][ \t]*\K{_PLACEHOLDER}"
    r"(?=[^\s&]*&)(?![^\s]*&[\w.-]*=)(?=\S*[A-Za-z])(?=\S*\d)[^\s\"'&]{1,64}&[^\s)]{1,64}(?=[ \t]*(?:\r?\n|$)|[).,;](?:\s|$))")
# T-SQL named arguments (`@rmtpassword = N'v'`, `@new_password = 'v'`).
_PASSWORD_SQL_ARGUMENT = r"@\w*(?:password|passwd|pwd)\s*=\s*N?'\K" + _PLACEHOLDER + r"[^'\r\n]{3,128}(?=')"
# A `password=` field of a log line of `key=value` fields: the value ends at the space, whatever its characters.
_PASSWORD_LOG_FIELD = (
    r"(?:password=|passwd=|pwd=|pass=)(?<=(?:^|[ \t])[\w.-]+=[^\s=]{1,200}[ \t]+(?:password|passwd|pwd|pass)=)\K"
    + _PLACEHOLDER + r"[^\s\"'<>]{3,128}(?=[ \t]+[\w.-]+=|[ \t]*\r?$)")
_SECRET_IN_URL = (
    # A URL's password opening with `=` (which elsewhere starts a reference or an operator).
    r"(?<=\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)=[^\s/]{3,128}(?=@[^\s@/:]+)"
    # A key in a URL's query string (`?key=`, `&api_key=`, `?sig_key=`, `?apikey=`): long, mixed, random.
    r"|[?&](?:[a-z]+[_-])?(?:key|api[_-]?key|apikey|access[_-]?key|secret|token|access[_-]?token|auth)=\K"
    r"(?-i:(?=[^&\s\"'#]*[a-z])(?=[^&\s\"'#]*[A-Z])(?=[^&\s\"'#]*\d))(?![^&\s\"'#]*\.(?:png|jpe?g|gif|pdf|json|csv|txt|html?)\b)"
    r"[A-Za-z0-9._~+/%-]{20,512}={0,2}(?=[&\s\"'#)]|$)")
_PASSWORD_IN_OTHER_SCRIPTS = (
    rf"{_PASSWORD_OTHER_SCRIPTS}[^\n\p{{Latin}}\d\"'`]{{0,24}}?[\"'`]?\K{_PLACEHOLDER}"
    r"(?=[!-~]*[A-Za-z])(?=[!-~]*[0-9!#$%^&*+?~@])(?:(?![\"'`])[!-~]){6,64}?(?=[.,;:)]?(?:[\s\"'`。、，]|$|[^\x00-\x7f]))")
# The same in Latin-script languages the word lists above lack: Turkish, Indonesian.
_PASSWORD_IN_MORE_LANGUAGES = (
    r"\b(?:[şs]ifre(?:si|niz|m)?|parola(?:s[ıi])?|kata\s+sandi)\s*(?::|=|\s)\s*[\"'`]?\K" + _PLACEHOLDER
    + r"(?=[^\s\"'`]*[A-Za-z])(?=[^\s\"'`]*[0-9!#$%^&*+?~@])[^\s\"'`]{6,64}?(?=[.,;:)]?(?:[\s\"'`]|$))")
# ---------------------------------------------------------------- passwords by their place: pairs, prose, logs, printed (#15)

# A made-up value in prose that ends at a bracket, a comma or the sentence's end: a letter, and a digit or a symbol.
_PROSE_VALUE = (rf"{_PLACEHOLDER}(?=[^\s\"'`()]*[A-Za-z])(?=[^\s\"'`()]*[0-9!#$%^&*+?~@])[^\s\"'`()]{{6,64}}?"
                r"(?=[.,;:!?]?(?:[\s\"'`)]|$))")
# A login and its password as a pair: "tried the service account too (svc_vpn / X)", "creds admin/X",
# "login: root / X" - a login word up to 40 characters before, the pair in brackets or after the word.
_PASSWORD_PAIR = (
    r"\((?<=\b(?:account|login|logon|creds|credentials|user|username|benutzer|konto|compte|cuenta|conta)\b[^\n()]{0,40}\()"
    r"[ \t]*[\w.@\\-]{1,64}[ \t]*/[ \t]*\K" + _PROSE_VALUE.replace(r"(?=[.,;:!?]?(?:[\s\"'`)]|$))", r"(?=[ \t]*\))")
    + r"|\b(?:account|login|creds|credentials)[ \t]+(?:is[ \t]+)?[\w.@\\-]{1,64}[ \t]*/[ \t]*\K"
    r"(?-i:(?=[^\s/]*[A-Z!#$%^&*+?~@]))" + _PROSE_VALUE)
# "Password" in prose in the European languages, with words between it and its verb ("Mein Passwort fürs
# Portal ist übrigens X", "La password è X", "Hasło to X", "Lösenordet är X", "a senha é X"), and English
# ways to recall one ("last password i remember was X", "the password used to be X").
_PASSWORD_PROSE_EUROPEAN = (
    r"\b(?:passwort|kennwort|mot\s+de\s+passe|mdp|contrase[ñn]a|clave|wachtwoord|senha|palavra-passe|has[łl]o"
    r"|l[öo]senord(?:et)?|adgangskode(?:n)?|passord(?:et)?|salasana|heslo|parol[aă]|(?<=\b(?:la|il|mia|tua|sua|nuova|vecchia)\s)password)"
    r"(?:\s+[\w.@'’-]{1,30}){0,6}?\s+(?:lautet|ist|war|est|était|c['’]est|c['’]était|es|era|is|was|è|é|er|var|är|on|jest|je|to|brzmi"
    r"|são|sono|e'|zní|este|era)"
    r"(?:\s+(?:übrigens|eigentlich|jetzt|nun|noch|aktuell|maintenant|actuellement|ahora|agora|adesso|ora|nu|teraz|nadal))?"
    r"\s*:?\s*[\"'`«„]?\K" + _PROSE_VALUE
    # The word and an adjective after it, then a colon (`password provvisoria: X`, `senha temporária: X`).
    + r"|\b(?:password|passwort|kennwort|senha|contrase[ñn]a|mot\s+de\s+passe|wachtwoord|has[łl]o)\s+(?:provvisori[ao]|temporane[ao]"
    r"|nuov[ao]|iniziale|tempor[áa]ri[ao]|provis[óo]ri[ao]|nuev[ao]|inicial|temporaire|provisoire|nouveau|neues?|vorläufiges?"
    r"|initiales?|tymczasowe|nowe|tijdelijk|nieuw)\s*[:=]\s*[\"'`«„]?\K" + _PROSE_VALUE
    + r"|\b(?:password|passwd|pw)\s+(?:(?:i|we|you)\s+(?:remember|recall|used|had|set|think|last\s+used)(?:\s+it)?\s+(?:was|is|being)"
    r"|used\s+to\s+be|(?:I|we)\s+(?:last\s+)?(?:used|tried))\s*:?\s*[\"'`]?\K" + _PROSE_VALUE)
# A password named in a log line or a listing: `(password used: X)`, `password tried=X`; an environment
# lookup's default (`os.getenv("DB_PASSWORD", "X")`, `ENV.fetch("X_PASSWORD", "X")`, `process.env.DB_PASSWORD
# || "X"`); a markdown item with the name and the value in code spans (`` `redis_password` = `X` ``).
_PASSWORD_NAMED_NEAR = (
    r"\b(?:password|passwd|pwd|passphrase|secret)[ _-](?:used|tried|given|supplied|provided|sent|attempted)[ \t]*[:=][ \t]*"
    r"[\"'`]?\K" + _PLACEHOLDER + r"[^\s\"'`]{3,128}?(?=[\"'`]?\)?[.,;]?(?:\s|$))"
    + rf"|\b(?:getenv|environ\.get|env\.get|ENV\.fetch|Environment\.GetEnvironmentVariable|System\.getenv"
    rf"|os\.LookupEnv)\(\s*[\"'][\w.-]*?{_SECRET_NAME}[\"']\s*,\s*[\"']\K{_PLACEHOLDER}[^\"'\r\n]{{3,128}}(?=[\"'])"
    rf"|\bprocess\.env(?:\.|\[\s*[\"'])[\w]*?{_SECRET_NAME}[\"']?\]?\s*(?:\|\||\?\?)\s*[\"'`]\K{_PLACEHOLDER}"
    r"[^\"'`\r\n]{3,128}(?=[\"'`])"
    + rf"|`[\w.-]*?{_SECRET_NAME}`[ \t]*(?:[:=]|=>|->|→)[ \t]*`\K{_PLACEHOLDER}[^`\s]{{3,128}}(?=`)")
# A secret printed alone on the line after a command that prints one (`kubectl get secret ... | base64 -d`,
# `az keyvault secret show --query value -o tsv`, `aws secretsmanager get-secret-value ... --output text`,
# `vault kv get -field=password`, `gcloud secrets versions access`, `op read`, `pass show`); maybe after a
# prompt line. The output is what the command printed, not a stand-in: `%` and `$` may start it.
_SECRET_PRINTED = (
    r"(?:\bbase64\s+(?:-d|--decode|-D)\b(?<=(?:secret|passw|token|credential|\.data)[^\n]{0,200})|\bkeyvault\s+secret\s+show\b|\bsecretsmanager\s+get-secret-value\b"
    r"|\bvault\s+(?:kv\s+)?(?:get|read)\b[^\n]*?-field|\bsecrets\s+versions\s+access\b|\bop\s+read\b|\bpass\s+show\b"
    r"|\bget\s+secret\b[^\n]*?jsonpath)"
    r"[^\n]*\r?\n(?:[ \t]*(?:\S*[$#>%])?[ \t]*\r?\n)?[ \t]*\K(?![$#>][ \t])(?!\*{3}|<|\$\{|\[masked|redacted|error\b)"
    r"[^\s]{4,256}(?=[ \t]*(?:\r?\n|$))")
# Letters only, but in a random case (a lower before an upper, two uppers before a lower: `FxpqUoWNibzV`), as
# generators write them; no word or name is cased so.
_RANDOM_CASE = (r"(?-i:(?=[A-Za-z]*[a-z][A-Z])(?=[A-Za-z]*[A-Z]{2}[a-z])[A-Za-z]{10,64})(?![\w@#$%^&*+/~-])")
# ... after "password is", a dotted or snake_case password setting (`spring.datasource.password=`), or the
# `value:` under a Kubernetes env entry named for a secret (`- name: POSTGRES_PASSWORD` / `value: "..."`).
_PASSWORD_RANDOM_CASE = (
    r"\b(?:password|passwort|passwd|pw|senha|has[łl]o|l[öo]senord(?:et)?|wachtwoord|contrase[ñn]a)"
    r"(?:\s+(?:still|now|today))?\s+(?:is|was|è|é|ist|är|to|es|jest)(?:\s+(?:still|now))?\s+[\"'`]?\K" + _RANDOM_CASE
    + r"|[._](?:password|passwd|pwd|secret)[\"']?[ \t]*[:=][ \t]*[\"']?\K" + _RANDOM_CASE
    # A question naming the setting: "is smtp.password still X or did ... rotate it?".
    + r"|\bis[ \t]+[\w.-]*(?:password|passwd|pwd|secret)[ \t]+(?:still|now)[ \t]+[\"'`]?\K(?:" + _RANDOM_CASE + "|"
    + _PROSE_VALUE + ")"
    + rf"|^[ \t]*-?[ \t]*name:[ \t]*[\"']?[\w.-]*?{_SECRET_NAME}[\"']?[ \t]*\r?\n[ \t]*value:[ \t]*[\"']?\K{_PLACEHOLDER}"
    r"[^\s\"']{3,256}(?=[\"']?[ \t]*(?:\r?\n|$))")
# A password piped into a command that reads it from standard input (#15, ninth corpus): `echo 'v' | docker
# login ... --password-stdin`, `printf '%s' 'v' | helm registry login --password-stdin`, `echo v | sudo -S`,
# `echo v | passwd --stdin user`. A variable or a command substitution is a reference (_PLACEHOLDER).
_PASSWORD_PIPED_TO_STDIN = (
    r"\b(?:echo|printf)(?:[ \t]+-[A-Za-z]{1,3})*(?:[ \t]+[\"']%s(?:\\n)?[\"'])?[ \t]+(?P<stdin_q>[\"']?)\K" + _PLACEHOLDER
    + r"[^\s\"']{3,128}(?=(?P=stdin_q)[ \t]*\|[^\n]{0,200}?(?:--password-stdin\b|\bsudo[ \t]+(?:-[A-Za-z]+[ \t]+)*-S\b"
    r"|\bpasswd\b[^\n]{0,60}?--stdin\b))")
# "use X to log in", "log in with the pass X": a made-up value used to log or sign in (#15, ninth and fifteenth corpora);
# "use X as the password" is secret_prose_before.
_PASSWORD_USED_TO_LOG_IN = (
    r"\b(?:use|try|enter|type)\s+[\"'`]?\K" + _STRONG
    + r"(?=[\"'`]?\s+to\s+(?:log|sign)[\s-]?(?:in|on)(?:to)?\b|[\"'`]?\s+to\s+(?:login|logon|signin|authenticate|unlock)\b)"
    # "log in with the pass X", "sign in with password X"
    + r"|\b(?:log|sign)[\s-]?(?:in|on)\s+with\s+(?:the\s+|this\s+|my\s+|your\s+)?(?:pass(?:word)?|pw|passcode)\s+[\"'`]?\K"
    + _STRONG)
# A value handed over in a chat or a mail, after a colon (#15, fourteenth corpus): "for the integration use this:
# X", "here is the token for the integration: X", "utilise celui-ci : X", "usa questa: X". Not a URL, a path or
# a version or a tool (`use this: https://...`, `use this: v1.2.3`, `use this: python3.11`).
_SECRET_HANDED_OVER = (
    r"\b(?:use[ \t]+this(?:[ \t]+one)?|here[ \t]+(?:is|['’]s)[ \t]+(?:the|my|our|your|a|an)[ \t]+(?:new[ \t]+|temporary[ \t]+)?"
    r"(?:token|key|secret|password|pass|passcode|credentials?|pin)(?:[ \t]+for[ \t]+[\w \t-]{1,30}?)?"
    r"|utilise[sz]?[ \t]+celui-ci|utilise[sz]?[ \t]+celle-ci|usa[ \t]+(?:questo|questa|este|esta)|use[ \t]+este|nimm[ \t]+(?:diesen|dieses|diese)"
    r"|gebruik[ \t]+(?:deze|dit))[ \t]*:[ \t]*[\"'`]?\K(?![\w.+-]*(?:://|/)|v?\d+(?:\.\d+)+(?![\w!@#$%^&*]))"
    # (a symbol, or upper and lower case and a digit: not `python3.11`, `node18`)
    r"(?=[^\s\"'`]*[!#$%^&*+?~@]|(?-i:(?=[^\s\"'`]*[A-Z])(?=[^\s\"'`]*[a-z])[^\s\"'`]*\d))" + _STRONG)
# An answer quoting a pasted secret in backticks (#15, sixteenth corpus): "You pasted `X` - rotate it", "the
# credential sent in the request (`X`)", "Don't keep `X` in the manifest". The value reads as random: upper and
# lower case and a digit, a symbol, or 32 hex digits; not an identifier in capitals, a name or a reference.
_RANDOM_IN_BACKTICKS = (r"(?-i:(?![A-Z0-9_]+`)(?:(?=[^`\s]*[A-Z])(?=[^`\s]*[a-z])(?=[^`\s]*\d)|(?=[^`\s]*[!#$%^&*+?~@])"
                        r"|(?=[0-9a-f]{32}`)))" + _PLACEHOLDER + r"[^`\s]{8,200}(?=`)")
_SECRET_QUOTED_IN_ANSWER = (
    r"\b(?:you|they|someone|the\s+user)\s+(?:pasted|posted|shared|sent|committed|leaked|exposed|included)\b[^`\n]{0,30}`\K"
    + _RANDOM_IN_BACKTICKS
    + r"|\b(?:credentials?|passwords?|passphrase|secrets?|tokens?|api[ -]?keys?|keys?)\b[^`\n.]{0,50}`\K" + _RANDOM_IN_BACKTICKS
    + r"|`\K" + _RANDOM_IN_BACKTICKS + r"(?=`[^.\n]{0,40}\b(?:leaked|rotate|revoke|compromised"
    r"|in\s+(?:the\s+)?(?:manifest|repo(?:sitory)?|code|chat|logs?|plain\s*text)))")
# A password in a credential dump, alone after the colon that ends its line's account (#15, eighteenth corpus): a
# combo list's `e-mail:password`, and a cracked hash's plain text as hashcat prints it (`hash:plain`,
# `hash:salt:plain`). The value mixes letters with digits or symbols, and is no path (`git@github.com:org/repo`)
# nor a file name (`<md5>:setup-2.1.exe`).
_PASSWORD_IN_DUMP = (
    r"^[ \t]*(?:[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[a-z]{2,24}|[0-9a-f]{32,128}(?::[^\s:]{1,64})?):\K"
    + _PLACEHOLDER + r"(?![^\s/:\"'`]*\.(?-i:[a-z]{2,4})[ \t]*\r?$)(?=[^\s/:\"'`]*[a-z])(?=[^\s/:\"'`]*[0-9!#$%^&*+?~@_.-])[^\s/:\"'`]{6,64}(?=[ \t]*\r?$)")
# Passwords found by their place (the sections above), in GENERIC_SECRET after the assignments and URLs.
_PASSWORDS_BY_PLACE: tuple[tuple[str, str, float], ...] = (
    # Three places with rare words (API names, `chpasswd`, Turkish and Indonesian words): one pattern, rarely scanned.
    ("secret_password_rare_places", f"{_PASSWORD_BY_CALL}|{_PASSWORD_FOR_CHPASSWD}|{_PASSWORD_IN_MORE_LANGUAGES}", 0.8),
    ("secret_password_in_code", _PASSWORD_IN_CODE, 0.8),
    # Three places that start at a character rare in prose (`(`, `@`, a non-Latin letter): one pattern, whose
    # scan the engine's first-character search keeps cheap.
    ("secret_password_after_rare_character",
     f"{_PASSWORD_IN_BRACKET}|{_PASSWORD_SQL_ARGUMENT}|{_PASSWORD_IN_OTHER_SCRIPTS}", 0.8),
    ("secret_password_with_ampersand", _PASSWORD_WITH_AMPERSAND, 0.8),
    ("secret_password_log_field", _PASSWORD_LOG_FIELD, 0.8),
    ("secret_in_url", _SECRET_IN_URL, 0.8),
    ("secret_password_random_case", _PASSWORD_RANDOM_CASE, 0.8),
    ("secret_password_pair", _PASSWORD_PAIR, 0.8),
    ("secret_prose_european", _PASSWORD_PROSE_EUROPEAN, 0.8),
    ("secret_password_named_near", _PASSWORD_NAMED_NEAR, 0.8),
    ("secret_printed_by_command", _SECRET_PRINTED, 0.8),
    ("secret_piped_to_stdin", _PASSWORD_PIPED_TO_STDIN, 0.8),
    ("secret_prose_to_log_in", _PASSWORD_USED_TO_LOG_IN, 0.8),
    ("secret_handed_over", _SECRET_HANDED_OVER, 0.8),
    ("secret_quoted_in_answer", _SECRET_QUOTED_IN_ANSWER, 0.8),
    ("secret_password_in_dump", _PASSWORD_IN_DUMP, 0.8),
)
GENERIC_SECRET = SecretSpec(
    "GENERIC_SECRET",
    (
        ("secret_assignment_double_quoted", rf"{_SECRET_KEYWORD}@?\"\K{_PLACEHOLDER}[^\"\r\n]{{4,128}}(?=\")", 0.8),
        ("secret_assignment_single_quoted", rf"{_SECRET_KEYWORD}'\K{_PLACEHOLDER}[^'\r\n]{{4,128}}(?=')", 0.8),
        ("secret_assignment_bare", rf"{_SECRET_KEYWORD}\K{_BARE}", 0.8),
        ("secret_assignment_i18n", rf"{_PASSWORD_KEY_I18N}{_ASSIGN}(?:@?\"\K{_PLACEHOLDER}[^\"\r\n]{{4,128}}(?=\")"
                                   rf"|'\K{_PLACEHOLDER}[^'\r\n]{{4,128}}(?=')|\K{_BARE})", 0.8),
        # JSON inside a JSON string (a HAR's `postData.text`, a logged request body): `{\"password\":\"v\"}`.
        ("secret_assignment_escaped_json", rf"{_SECRET_NAME}\\\"\s*:\s*\\\"\K{_PLACEHOLDER}[^\"\\\r\n]{{3,128}}(?=\\\")",
         0.8),
        # `user:password` as one setting (`basic.auth.user.info=KEY:SECRET`, `userinfo: u:p`): RFC 3986's userinfo.
        ("secret_userinfo_setting", rf"{_IDENT}(?:userinfo|user\.info|user_info|basic\.auth\.credentials){_ASSIGN}[\"']?"
                                    rf"[^\s:\"']{{1,128}}:\K{_PLACEHOLDER}[^\s\"']{{3,128}}", 0.8),
        # A property of a `;`-separated connection string (JDBC, ODBC, ADO.NET: `...;user=app;password=v;`):
        # a literal value, even without a digit or symbol.
        ("secret_connection_property", r"(?<=;)[ \t]*(?:password|pwd)[ \t]*=[ \t]*\K" + _PLACEHOLDER
                                       + r"[^;\s\"'<>]{3,128}(?=;|[\"'<\s]|$)", 0.8),
        # A personal access token's variable (`AZURE_DEVOPS_EXT_PAT=`, `GITHUB_PAT: `).
        ("secret_pat_variable", rf"[_-]pat(?![a-z0-9]){_ASSIGN}[\"']?\K{_BARE}", 0.8),
        # XML config: `<password>v</password>`, `<db.password>v</db.password>`, `<add key="DbPassword" value="v"/>`.
        ("secret_xml_element", rf"<(?:[\w-]+:)?(?:[\w-]+[.])*{_SECRET_NAME}>\K{_PLACEHOLDER}[^<\r\n]{{3,128}}(?=</)", 0.8),
        ("secret_xml_key_value",
         rf"\b(?:key|name)=[\"'][\w.:-]*?{_SECRET_NAME}[\"']\s+value=[\"']\K{_PLACEHOLDER}[^\"'\r\n]{{3,128}}(?=[\"'])", 0.8),
        # Command lines: `--password x`, `--client-secret=x`, keytool `-storepass x`, `mysql -pX`,
        # `sqlcmd -P x`, `docker login -p x`.
        # A flag named in prose is followed by a word of the sentence, no value (Docker's own warning
        # "Using --password via the CLI is insecure").
        ("secret_cli_flag", rf"(?<![\w-])--?(?:[a-z]+-)*[a-z]*?{_SECRET_WORD}(?:=|\s+(?!{_PROSE_AFTER_FLAG}))[\"']?\K(?!-){_PLACEHOLDER}"
                            r"[^\s\"']{3,128}", 0.8),
        ("secret_cli_mysql", r"(?-i:\bmysql\w*\b[^\n]{0,200}?\s-p)[\"']?\K(?!-)[^\s\"']{3,128}", 0.8),
        ("secret_cli_short_flag", r"(?-i:\b(?:sqlcmd|bcp|osql)\b[^\n]{0,200}?\s-P|\b(?:docker|podman|helm|az)\s+login\b"
                                  r"[^\n]{0,200}?\s-p|\bredis-cli\b[^\n]{0,200}?\s-a|\bsshpass\s+-p|\bmongo(?:sh)?\b"
                                  r"[^\n]{0,200}?\s-p|\bldap\w+\b[^\n]{0,200}?\s-w|\bnet\s+use\b[^\n]{0,200}?/user:\S+)"
                                  r"\s*[\"']?\K(?![-/])" + _PLACEHOLDER + r"[^\s\"']{3,128}", 0.8),
        # `curl -u user:password`, `wget --user=u --password=..` (the latter as a --password flag),
        # `smbclient -U user%password`, `openssl ... -passin pass:password`, `lftp -u user,password`.
        ("secret_cli_userpass", r"(?-i:\b(?:curl|http|httpie)\b[^\n]{0,200}?\s(?:-u|--user)(?:\s+|=)[\"']?[^\s:\"']*:"
                                r"|\bsmbclient\b[^\n]{0,200}?\s-U\s+[\"']?[^\s%\"']+%|\s-pass(?:in|out)\s+pass:"
                                # (`lftp -u user,password sftp://...`)
                                r"|\blftp\b[^\n]{0,200}?\s-u\s+[\"']?[^\s,\"']+,[\"']?)"
                                r"\K(?![-/])" + _PLACEHOLDER + r"[^\s\"']{3,128}", 0.8),
        # Constructors: `NetworkCredential("u", "v")`, `HTTPBasicAuth("u", "v")`, `auth=("u", "v")`,
        # `ClientSecretCredential(tenant, client, "v")`, `ConvertTo-SecureString "v" -AsPlainText`; any
        # `new ...Credential("u", "v")` (`UsernamePasswordCredential`, `SqlCredential`, `BasicAWSCredentials`),
        # also with the secret wrapped in a call (`new SqlCredential("app", ToSecure("v"))`).
        ("secret_constructor",
         r"(?:\b(?:NetworkCredential|HTTPBasicAuth|HTTPDigestAuth|BasicAuth|PasswordAuthentication|PSCredential)"
         r"|\bnew\s+(?!(?:ClientSecret|ClientCertificate|ClientAssertion|DefaultAzure|ManagedIdentity)Credential\b)"
         r"[\w.]*Credentials?|\bauth\s*=\s*)\(\s*@?[\"'][^\"'\r\n]*[\"']\s*,\s*(?:[A-Za-z_][\w.]{0,40}\(\s*)?@?[\"']\K"
         + _QUOTED + r"(?=[\"'])", 0.8),
        # An SFTP, SSH or FTP client's constructor, the password its last string (`new SftpClient("host", 22, "user", "v")`
        # of SSH.NET, `new FtpClient("host", "user", "v")` of FluentFTP), and SSH.NET's `PasswordAuthenticationMethod`.
        ("secret_file_transfer_client",
         r"\bnew\s+(?:Sftp|Scp|Ssh|Ftp|AsyncFtp|Ftps)Client\(\s*(?:[^,()\r\n]*,\s*){1,3}@?[\"']\K" + _QUOTED + r"(?=[\"']\s*\))"
         r"|\bPasswordAuthenticationMethod\(\s*[^,()\r\n]*,\s*@?[\"']\K" + _QUOTED + r"(?=[\"']\s*\))", 0.8),
        # Spring's `DriverManagerDataSource(url, "user", "v")`, `SimpleDriverDataSource(driver, url, "user", "v")`:
        # the last string, after the user's.
        ("secret_datasource_constructor",
         r"\b\w*DataSource\(\s*(?:[\w.]+\s*,\s*){0,2}@?[\"'][^\"'\r\n]*[\"']\s*,\s*@?[\"']\K" + _QUOTED
         + r"(?=[\"']\s*\))", 0.8),
        ("secret_client_secret_credential",
         r"\bClientSecretCredential\(\s*(?:[^,()]*,\s*){2}(?:client_secret\s*=\s*)?[\"']\K" + _QUOTED + r"(?=[\"'])",
         0.8),
        # `ftp.login("u", "v")`, `smtp.login(user, "v")`, `DriverManager.getConnection(url, "u", "v")`,
        # `ldap.simple_bind_s("cn=..", "v")`: the string after the user's.
        ("secret_login_call",
         r"\.(?:login|getConnection|authenticate|simple_bind_s|bind_s|starttls_login)\(\s*(?:[^,()\r\n]*,\s*)?"
         r"(?:@?[\"'][^\"'\r\n]*[\"']|[A-Za-z_][\w.]*)\s*,\s*@?[\"']\K" + _QUOTED + r"(?=[\"']\s*[,)])", 0.8),
        # A DSN without a scheme: Go's `user:password@tcp(host:3306)/db`, `user:password@unix(...)`.
        ("secret_dsn_userinfo", r"(?<=[\"'`\s])[\w.-]{1,64}:\K[^\s\"'`@/]{3,128}(?=@(?:tcp|unix|udp)\()", 0.8),
        ("secret_securestring", r"\bConvertTo-SecureString\s+(?:-String\s+)?[\"']\K" + _QUOTED + r"(?=[\"'])", 0.8),
        # Prose: "my password is X", "the password for the VM is X", "the wifi password in room 4 is X",
        # "pw for the shared mailbox is X", "password was changed to X", "Temp password for first login: X".
        ("secret_prose",
         r"\b(?:password|passwd|passphrase|pwd|pw|passcode)(?:\s+(?:for|of|on|to|in|at|from|with)"
         # (not a word glued to a colon: `password in arn:aws:...`, `in vault:secret/...` name where it is kept)
         r"(?:\s+[\w.@'-]{1,40}){1,4}?(?!:[^\s\"'`]))?"
         r"(?:(?=[ \t]*:)|\s+(?:is|was|to|as|(?:is|was)\s+(?:now|still|changed\s+to|"
         r"set\s+to|reset\s+to)|(?:set|reset|changed|updated)\s+to))\s*:?\s*[\"'`]?\K(?!(?:the|a|an|my|your|that|this|it|not|now)\b)" + _PLACEHOLDER
         + r"(?=[^\s\"'`]*[0-9!@#$%^&*+/~-])[^\s\"'`]{4,64}(?<![.,;:!?)])", 0.8),
        # A model's answer repeats the password: "The password you mentioned, X, contains ...", "your
        # password X is weak", "replace X with a strong password" (#15, eighth corpus).
        ("secret_prose_answer_echo",
         r"\b(?:password|passphrase|passcode)\s+(?:you\s+(?:mentioned|shared|pasted|gave|provided|used|sent|chose)"
         r"|(?:that\s+)?you(?:'ve|\s+have)\s+(?:mentioned|shared|pasted|used))\s*[,:(]?\s*[\"'`]?\K" + _STRONG, 0.8),
        ("secret_prose_answer_before",
         r"\b(?:replace|change|swap|rotate)\s+[\"'`]?\K" + _STRONG
         + r"(?=[\"'`]?\s+(?:with|for)\s+(?:a\s+|an\s+)?(?:strong(?:er)?\s+|new\s+|unique\s+|random\s+|longer\s+)*(?:password|passphrase))",
         0.8),
        # A value in backticks a few words after the word: "the password you pasted (`X`) is exposed".
        ("secret_prose_code_span", r"\b(?:password|passwd|passphrase|passcode|pwd)\b[^\n`]{0,40}?`\K(?=[^`\s]*[0-9!#$%^&*+?~@])"
                                   + _PLACEHOLDER + r"[^`\s]{4,64}(?=`)", 0.8),
        # "...the wifi password is X, and the admin one is still Y": the second one is a password too.
        ("secret_prose_the_other_one", r"\b(?:password|passwd|passphrase|pw|login)\b[^\n]{0,120}?\b(?:the|and)\s+(?:[\w-]+\s+)?"
                                       r"one (?:is|was)(?:\s+(?:still|now))?\s+[\"'`]?\K" + _STRONG, 0.75),
        # A shared login named in prose with its value: "the shared login for the lab is now X".
        ("secret_prose_shared_login", r"\b(?:shared|common|team|admin|wifi|guest)\s+login\s+(?:for|of|on|to)(?:\s+[\w.'-]{1,40}){1,4}?"
                                      r"\s+(?:(?:is|was)(?:\s+(?:now|still))?|(?:got\s+|was\s+|has\s+been\s+)?(?:changed|set|reset|updated)"
                                      r"\s+to)\s*:?\s*[\"'`]?\K(?![\w.+-]+@[\w-]+\.\w)" + _STRONG, 0.75),
        # The value right after the word ("passcode X for the bridge"), or before it ("use X as the
        # password", "logged in with X", "reset it to X"), or after a login ("creds: root / X"):
        # without `=` or "is" the value must look made up - letters and digits, or a symbol.
        ("secret_prose_adjacent", r"\b(?:password|passwd|passphrase|passcode|pwd|pw)\s+[\"'`]?"
                                  r"(?!(?:used|tried|given|supplied|provided|sent|attempted)[ \t]*[:=])\K" + _STRONG, 0.8),
        ("secret_prose_before", r"\b(?:use|try|with|using)\s+[\"'`]?\K" + _STRONG + r"(?=[\"'`]?\s+as\s+(?:the\s+|my\s+|a\s+|"
                                r"your\s+)?(?:new\s+|temporary\s+|temp\s+|initial\s+)?(?:password|passphrase|passcode|pw|pwd)\b)",
         0.8),
        ("secret_prose_login", r"\b(?:log(?:ged|ging)?[\s-]?in|sign(?:ed|ing)?[\s-]?in|authenticat\w+)\s+(?:with|using)\s+"
                               r"(?:(?:password|passphrase|pw)\s+)?[\"'`]?\K" + _STRONG, 0.8),
        ("secret_prose_reset", r"\b(?:reset|changed?|rotated)\s+(?:it|that|this|mine|the\s+pw|my\s+pw)\s+(?:back\s+)?to\s+"
                               r"[\"'`]?\K" + _STRONG, 0.75),
        ("secret_prose_creds", r"\b(?:creds|credentials|login|log-?in)\b[^\n:]{0,40}:\s*[\w.@\\-]{1,64}\s*/\s*\K"
                               + _STRONG, 0.8),
        # A key, token or secret named in prose and followed by a made-up value: "the api key
        # X for the sandbox", "the app registration secret is X", "key1 for acct is X".
        ("secret_prose_key",
         r"\b(?<!\bcache\b[^\n]{0,40})(?<!(?:cache|hash|etag|idempotency|partition|row|sort|primary|foreign|public|ssh|gpg|license|product)[\s_-])"
         r"(?:api[\s_-]?key|access[\s_-]?key|key[12]?|secret|client[\s_-]secret|token|pat)"
         r"(?:\s+(?:for|of|from|on|in)\s+[^\n]{1,60}?)?(?:\s+(?:is|was|=)|\s*:)?\s+[\"'`]?\K" + _KEYLIKE, 0.75),
        # A chat's answer to a question about a password: "what's the VPN password?" / "[09:12] Ana: it's X".
        ("secret_prose_answer", r"\b(?:password|passwd|passphrase|passcode|pw|pwd)\b[^\n]{0,80}\?[ \t]*\r?\n[^\n]{0,60}?"
                                r"(?:^|:|\s)[ \t]*(?:it'?s|it\s+is|here(?:'s|\s+it\s+is)?:?|use|try)\s+[\"'`]?\K" + _STRONG, 0.75),
        # The same in German, French, Spanish, Dutch, Portuguese, Polish and the Nordic languages:
        # "das Kennwort für den Service-Account lautet X", "le mot de passe temporaire est X",
        # "la contraseña del servidor es X", "het wachtwoord van de NAS is X", "Passwort: X".
        ("secret_prose_i18n",
         rf"\b{_PASSWORD_I18N}(?:\s+[\w'-]{{2,20}})?(?:\s+{_PREPOSITION_I18N}(?:\s+[\w.@'-]{{1,40}}){{1,4}}?)?"
         r"(?:\s+(?:lautet|ist|war|est|était|es|era|is|was|é|er|är|on|jest|je)\b|\s*:)\s*[\"'`]?\K"
         + _PLACEHOLDER + r"(?=[^\s\"'`]*[0-9!@#$%^&*+/~-])[^\s\"'`]{4,64}(?<![.,;:!?)])", 0.8),
        # SQL: `CREATE LOGIN x WITH PASSWORD = N'v'`, `CREATE USER x IDENTIFIED BY 'v'`,
        # `ALTER USER x IDENTIFIED WITH mysql_native_password BY 'v'`.
        ("secret_sql", r"\b(?:identified\s+(?:with\s+\w+\s+)?by|password\s*=\s*n(?=[\"']))\s*[\"']?\K"
                       + _PLACEHOLDER + r"[^\s\"';]{3,128}", 0.8),
        # Typed declarations: Bicep `param adminPassword string = 'v'`, TypeScript `password: string = "v"`.
        ("secret_typed_declaration",
         rf"{_SECRET_NAME}\s*:?\s*(?:string|str|securestring)\s*=\s*[\"']\K{_PLACEHOLDER}[^\"'\r\n]{{3,128}}(?=[\"'])", 0.8),
        # The last string of a password credential's constructor (`UsernamePasswordCredential(client_id,
        # "user", "v")`, Java's `UsernamePasswordCredentials("user", "v")`); a form's password field filled
        # by a browser test (`page.fill("#password", "v")`, `cy.get("#password").type("v")`).
        ("secret_password_credential",
         r"\b\w*Password\w*Credentials?\(\s*(?:[^()\r\n]*?,\s*)?@?[\"']\K" + _QUOTED + r"(?=[\"']\s*\))", 0.8),
        ("secret_form_fill",
         r"(?:\.(?:fill|type|send_?keys|set_?value)\(\s*[\"'][^\"'\r\n]*pass(?:word|wd)?\b[^\"'\r\n]*[\"']\s*,"
         r"|pass(?:word|wd)?\b[^\"'\r\n]*[\"']\s*\)\s*\.(?:fill|type|send_?keys|set_?value)\()\s*[\"']\K"
         + _QUOTED + r"(?=[\"'])", 0.8),
        # The name sits in a structure next to the value (#15): a Terraform/HCL variable named for a
        # password with its `default = "v"`; a Postman/JSON pair `{"key": "adminPassword", "value": "v"}`;
        # an ARM parameter `"adminPassword": { "value": "v" }`; a setter `setPassword("v")`,
        # `SetClientSecret(@"v")`, `.Password = "v"`.
        ("secret_hcl_variable_default",
         rf"\bvariable\s+\"[\w-]*?{_SECRET_NAME}\"\s*\{{[^{{}}]{{0,400}}?\bdefault\s*=\s*\"\K{_PLACEHOLDER}"
         r"[^\"\r\n]{3,128}(?=\")", 0.8),
        ("secret_json_key_value_pair",
         rf"[\"']key[\"']\s*:\s*[\"'][\w.:-]*?{_SECRET_NAME}[\"']\s*,\s*[\"']value[\"']\s*:\s*[\"']\K{_PLACEHOLDER}"
         r"[^\"'\r\n]{3,128}(?=[\"'])", 0.8),
        ("secret_arm_parameter_value",
         rf"[\"'](?=[\w.:-]{{1,80}}[\"']\s*:\s*\{{\s*[\"']value[\"'])[\w.:-]*?{_SECRET_NAME}[\"']\s*:\s*\{{\s*[\"']value[\"']"
         rf"\s*:\s*[\"']\K{_PLACEHOLDER}"
         r"[^\"'\r\n]{3,128}(?=[\"'])", 0.8),
        ("secret_setter",
         r"(?-i:(?:Password|Passwd|Secret|ApiKey|AuthToken)(?<=(?:\b[Ss]et_?|\.)(?:[A-Z]?[a-z]*(?:[A-Z][a-z]+)*)?"
         r"(?:Password|Passwd|Secret|ApiKey|AuthToken)))"
         r"(?:\s*\(\s*|\s*=\s*)@?[\"']\K" + _PLACEHOLDER + r"[^\"'\r\n]{3,128}(?=[\"'])", 0.8),
        # A camelCase name ending in Password or Secret (`sqlPassword: v` in a pipeline's variables):
        # an unquoted value with no digit or symbol still counts when its case is random (a lower
        # letter before an upper, two upper before a lower: `iLWtLrY-DGPRopr`), not a name's humps.
        ("secret_camel_name_mixed_case",
         r"(?-i:(?:Password|Passwd|Secret)(?<=\b[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*(?:Password|Passwd|Secret)))"
         r"[\"']?\s*[:=]\s*\K"
         r"(?-i:(?=[A-Za-z._~-]*[a-z][A-Z])(?=[A-Za-z._~-]*[A-Z]{2}[a-z]))[A-Za-z._~-]{8,64}(?<![.])(?=\s|$)", 0.8),
        # A Kubernetes Secret's `data:` entry whose key names a password, secret, token or key
        # (`db-password: <base64>`, `tls.key: ...`): the base64 value is the secret, whatever its
        # characters (the base64 of a password may have no digit or symbol). Each line between
        # `data:` and the entry is `[ \t][^\n]*`, the same lines as `[ \t]+[^\n]*`: that spelling
        # split a line's indent between two runs in every way, and took over a minute when no `data:`
        # was within 60 indented lines above a key (past Presidio's 60 s timeout, so unscreened).
        ("secret_k8s_data_entry",
         r"^[ \t]+[\"']?(?![\w.-]*(?:public|cache)[\w.-]*[\"']?:)"
         r"[\w.-]*(?:password|passwd|pwd|secret|token|(?<![a-z])key|apikey|credentials?)[\"']?:[ \t]*[\"']?"
         r"(?<=^[ \t]*data:[ \t]*\r?\n(?:[ \t][^\n]*\n){0,60}[^\n]*)\K"
         r"(?:[A-Za-z0-9+/]{4}){2,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?=[\"']?[ \t]*(?:\r?\n|$))", 0.8),
        # Windows: `net user NAME PASSWORD /add`.
        ("secret_net_user", r"\bnet\s+user\s+(?:\"[^\"\r\n]+\"|[^\s/\"]+)\s+[\"']?\K(?![/*])" + _PLACEHOLDER
                            + r"[^\s\"']{3,128}", 0.8),
        # A registry login in Docker's config.json: `"auth": base64("user:password")`.
        ("registry_auth", r"[\"']auth[\"']\s*:\s*[\"']\K(?=[A-Za-z0-9+/=]*[0-9+/=])(?:[A-Za-z0-9+/]{4}){3,}"
                          r"(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?=[\"'])", 0.8),
        # RabbitMQ's and CouchDB's Erlang cookie: the shared secret of a cluster, often all capitals.
        ("erlang_cookie", rf"{_IDENT}erlang[_-]?cookie{_ASSIGN}[\"']?\K[A-Za-z0-9]{{16,255}}(?![A-Za-z0-9])", 0.8),
        ("basic_auth_header", rf"\bauthorization{_ASSIGN}[\"']?basic\s+\K[A-Za-z0-9+/]{{8,}}={{0,2}}", 0.85),
        # scheme://user:password@host, any scheme (`mongodb+srv`, `jdbc:mysql`, `redis://:pw@`); an
        # `@` inside the password is taken up to the last one before the host.
        # (Not a port and JDBC properties: `sqlserver://host:1433;user=app@host;...` has no userinfo.)
        ("url_userinfo_password", rf"\b[a-z][a-z0-9+.-]*://[^\s:/@]*:\K(?!\d{{1,5}}[;/?]){_PLACEHOLDER}[^\s/]{{3,128}}"
                                  r"(?=@[^\s@/:]+)",
         0.8),
        # A token as a URL's user (`https://<PAT>@dev.azure.com/...`, `https://<token>@github.com`): 20+
        # characters with a letter and a digit, where user names are short words.
        ("url_userinfo_token", r"\b[a-z][a-z0-9+.-]*://\K(?=[^\s:/@]{0,200}\d)(?=[^\s:/@]{0,200}[a-z])"
                               r"[A-Za-z0-9_~.-]{20,200}(?=@[^\s@/:]+)", 0.8),
        *_PASSWORDS_BY_PLACE,
        # A table's header line with a password column (the cells below it are the findings).
        ("secret_table_column",
         r"(?m)^(?=[^\n]*[,;\t|])(?=(?:[^\n]*[,;\t|])?[ \t]*[\"']?[\w .-]{0,30}?(?:password|(?<!ch)passwd|pwd|passphrase|passwort"
         r"|kennwort|secret)[\"']?[ \t]*(?:[,;\t|]|\r?$))[^\n]*[^\s]", 0.8),
        # An opaque token with no label: 41+ base64 or base64url characters mixing upper and lower
        # case and digits (40 are AWS_SECRET_KEY's shape); the words around it decide (bare_secret_score).
        ("opaque_token_shape",
         r"(?-i:(?<![A-Za-z0-9+/=_.~-])(?=[A-Za-z0-9+/_-]{41})(?=[A-Za-z0-9+/_-]{0,511}[A-Z])(?=[A-Za-z0-9+/_-]{0,511}[a-z])"
         r"(?=[A-Za-z0-9+/_-]{0,511}[0-9])[A-Za-z0-9+/_-]{41,512}={0,2}(?![A-Za-z0-9+/=_.~-]))", 0.1),
    ),
    ("password", "secret", "token", "credential", "login"),
    CASE_INSENSITIVE,
    placeholders=True,
    bare=("opaque_token_shape",),
    headers=("secret_table_column",),
)

GITHUB_TOKEN = SecretSpec(
    "GITHUB_TOKEN",
    (
        # Classic tokens: a type prefix (personal, OAuth, user-to-server, server-to-server, refresh)
        # and 36 base62 characters; fine-grained PATs: `github_pat_` + 22 + `_` + 59.
        ("github_classic_token", r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])", 0.95),
        ("github_fine_grained_pat", r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])", 0.95),
    ),
    ("github", "token", "pat", "git"),
    min_entropy=3.0,
)

GITLAB_TOKEN = SecretSpec(
    "GITLAB_TOKEN",
    (
        # Personal, deploy, runner, trigger, feed, OAuth and agent tokens share the `gl*-` prefix.
        ("gitlab_token", r"(?<![A-Za-z0-9_-])gl(?:pat|dt|rt|ptt|ft|soat|cbt|imt|oas|agent)-[A-Za-z0-9_-]{20,}"
                         r"(?:\.[A-Za-z0-9_-]+)*(?![A-Za-z0-9_-])", 0.95),
    ),
    ("gitlab", "token", "pat"),
    min_entropy=3.0,
)

SLACK_TOKEN = SecretSpec(
    "SLACK_TOKEN",
    (
        # Bot, user, app-level, refresh and configuration tokens: `xoxb-<team>-<bot>-<secret>`...
        ("slack_token", r"(?<![A-Za-z0-9-])(?:xox[abposre]|xoxe\.xox[bp]|xapp)-(?=[A-Za-z0-9-]{20,})[A-Za-z0-9]{1,40}"
                        r"(?:-[A-Za-z0-9]{1,80}){1,5}(?![A-Za-z0-9-])", 0.9),
        # Incoming webhooks: the URL is the credential.
        ("slack_webhook", r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,}", 0.95),
    ),
    ("slack", "token", "webhook", "bot"),
)

STRIPE_KEY = SecretSpec(
    "STRIPE_KEY",
    (
        # Secret and restricted keys, live and test, and webhook signing secrets (publishable
        # `pk_` keys are public by design).
        ("stripe_secret_key", r"(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])", 0.95),
        ("stripe_webhook_secret", r"(?<![A-Za-z0-9_])whsec_[A-Za-z0-9]{32,}(?![A-Za-z0-9_])", 0.9),
    ),
    ("stripe", "key", "secret"),
    min_entropy=3.0,
)

GOOGLE_API_KEY = SecretSpec(
    "GOOGLE_API_KEY",
    (
        ("google_api_key", r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", 0.9),
        ("google_oauth_client_secret", r"(?<![A-Za-z0-9_-])GOCSPX-[0-9A-Za-z_-]{28}(?![A-Za-z0-9_-])", 0.9),
        # OAuth access tokens (`ya29.`) and refresh tokens (`1//0`) Google's authorization server issues.
        ("google_oauth_access_token", r"(?<![A-Za-z0-9_.-])ya29\.[0-9A-Za-z_-]{30,}(?![A-Za-z0-9_.-])", 0.9),
        ("google_oauth_refresh_token", r"(?<![A-Za-z0-9_./-])1//0[0-9A-Za-z_-]{30,}(?![A-Za-z0-9_.-])", 0.85),
    ),
    ("google", "gcp", "firebase", "maps", "key", "oauth"),
    min_entropy=3.0,
)

NPM_TOKEN = SecretSpec(
    "NPM_TOKEN",
    (
        ("npm_token", r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])", 0.9),
    ),
    ("npm", "npmrc", "authtoken", "token", "registry"),
    min_entropy=3.0,
)

AZURE_DEVOPS_PAT = SecretSpec(
    "AZURE_DEVOPS_PAT",
    (
        # New PATs are 84-character identifiable keys with the `AZDO` signature.
        ("azure_devops_identifiable_pat",
         r"(?<![A-Za-z0-9])[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{18}AZDO[A-Za-z0-9]{4}(?![A-Za-z0-9])", 0.95),
        # Older PATs: 52 characters of lower-case base32. No word, hex digest or base64 string is
        # written that way; the entropy check rejects runs like `aaaa...`.
        ("azure_devops_legacy_pat",
         r"(?<![A-Za-z0-9+/_-])(?=[a-z2-7]{0,51}[2-7])(?=[2-7]{0,51}[a-z])[a-z2-7]{52}(?![A-Za-z0-9+/=_-])", 0.6),
    ),
    ("devops", "ado", "azdo", "pat", "token", "azure"),
    min_entropy=3.5,
)

SENDGRID_KEY = SecretSpec(
    "SENDGRID_KEY",
    (
        ("sendgrid_key", r"(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", 0.95),
    ),
    ("sendgrid", "key", "smtp"),
    min_entropy=3.0,
)

ANTHROPIC_API_KEY = SecretSpec(
    "ANTHROPIC_API_KEY",
    (
        ("anthropic_key", r"(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|oat)\d{2}-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])", 0.95),
    ),
    ("anthropic", "claude", "key"),
    min_entropy=3.0,
)

HUGGINGFACE_TOKEN = SecretSpec(
    "HUGGINGFACE_TOKEN",
    (
        # User access tokens (`hf_`) and organization API tokens (`api_org_`): 34 letters and digits (GitHub and TruffleHog read them so).
        ("huggingface_token", r"(?<![A-Za-z0-9_])(?:hf_|api_org_)[A-Za-z0-9]{34}(?![A-Za-z0-9_])", 0.9),
    ),
    ("huggingface", "hf", "token", "hub"),
    min_entropy=3.5,
)

PYPI_TOKEN = SecretSpec(
    "PYPI_TOKEN",
    (
        # PyPI API tokens: `pypi-` and a base64url macaroon whose first bytes encode the issuing
        # index (`AgEIcHlwaS5vcmc` = "pypi.org", `AgENdGVzdC5weXBpLm9yZw` = "test.pypi.org"); every
        # macaroon starts `AgE`. The token is usable as pasted (`twine upload -p`, `.pypirc`).
        ("pypi_token", r"(?<![A-Za-z0-9_-])pypi-AgE[A-Za-z0-9_-]{40,512}(?![A-Za-z0-9_-])", 0.95),
    ),
    ("pypi", "twine", "pypirc", "token", "upload"),
    min_entropy=3.0,
)

MAILGUN_KEY = SecretSpec(
    "MAILGUN_KEY",
    (
        # Mailgun's (legacy) API keys: `key-` and 32 lower-case hex digits.
        ("mailgun_key", r"(?<![A-Za-z0-9_-])key-[0-9a-f]{32}(?![A-Za-z0-9_-])", 0.9),
        # Its newer keys (#15, ninth corpus): 32 hex digits, then two groups of 8 (a UUID's groups are 8-4-4-4-12).
        ("mailgun_key_hyphenated", r"(?<![A-Za-z0-9_-])[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}(?![A-Za-z0-9_-])", 0.85),
    ),
    ("mailgun", "key", "api"),
    min_entropy=3.0,
)

TWILIO_KEY = SecretSpec(
    "TWILIO_KEY",
    (
        # API key SIDs: `SK` and 32 lower-case hex digits (account SIDs `AC...` name the account).
        ("twilio_api_key_sid", r"(?<![A-Za-z0-9_-])SK[0-9a-f]{32}(?![A-Za-z0-9_-])", 0.9),
        # Auth tokens are 32 bare hex digits: named by `TWILIO_AUTH_TOKEN=`, `auth_token: `, or a
        # "Twilio ... auth token" before them on the same line.
        ("twilio_auth_token",
         rf"(?i:{_IDENT}(?:twilio[_-]?)?auth[_-]?token{_ASSIGN}[\"']?|\btwilio\b[^\n]{{0,80}}?\b(?:auth(?:entication)?"
         r"[\s_-]?token|secret)\b[^\n]{0,30}?(?<![0-9A-Za-z]))\K[0-9a-f]{32}(?![0-9A-Za-z])", 0.85),
    ),
    ("twilio", "auth", "token", "sid"),
    min_entropy=3.0,
)

SPECS: tuple[SecretSpec, ...] = (
    AZURE_CONNECTION_STRING, AZURE_KEY, AZURE_SAS_TOKEN, AZURE_OPENAI_KEY, AZURE_DEVOPS_PAT, OPENAI_API_KEY, JWT,
    BEARER_TOKEN, PRIVATE_KEY, AWS_ACCESS_KEY_ID, AWS_SECRET_KEY, GITHUB_TOKEN, GITLAB_TOKEN, SLACK_TOKEN, STRIPE_KEY,
    GOOGLE_API_KEY, NPM_TOKEN, SENDGRID_KEY, ANTHROPIC_API_KEY, HUGGINGFACE_TOKEN, PYPI_TOKEN, MAILGUN_KEY, TWILIO_KEY,
    GENERIC_SECRET,
)
CREDENTIAL_ENTITIES: tuple[str, ...] = tuple(spec.entity for spec in SPECS)


def custom_recognizers(language: str) -> list[PatternRecognizer]:
    """The credential recognizers for one language (the regexes are language-neutral)."""
    return [spec.recognizer(language) for spec in SPECS]


def email_recognizer(language: str) -> EntityRecognizer:
    """Presidio's email recognizer, offline, without URL userinfo and `git@host:repo` logins; and an address
    spelled out after an e-mail word, as a call's transcript writes it (SPOKEN_EMAIL)."""
    from presidio_analyzer import Pattern
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    return _offline_email_class()(supported_language=language,
                                  patterns=[*EmailRecognizer.PATTERNS, Pattern("spoken e-mail", SPOKEN_EMAIL, 0.6)])


# An address a caller spells out (`ana dot ruiz at gmail dot com`, `priya underscore v at icloud dot com`), after an
# e-mail word in the same or the line before (`agent: and an email for the letter` / `caller: ...`; #15,
# nineteenth corpus); not `look at google dot com`.
# (The e-mail word is looked for behind ` at `, where few positions get to, not behind every word.)
SPOKEN_EMAIL = (r"\b[a-z0-9]+(?:[ \t]+(?:dot|underscore|dash|hyphen)[ \t]+[a-z0-9]+)*[ \t]+at[ \t]+"
                r"(?<=\b(?:e-?mail|mail|correo|courriel|address|adresse|direcci[óo]n)\b[^\n]{0,200}(?:\n[^\n]{0,160})?)"
                r"[a-z0-9-]+(?:[ \t]+dot[ \t]+[a-z0-9-]+)*[ \t]+dot[ \t]+[a-z]{2,6}\b")


def phone_recognizer(language: str, regions: tuple[str, ...]) -> EntityRecognizer:
    """Presidio's phone recognizer, scoring by format as well as by context, without labelled ids."""
    return _formatted_phone_class()(supported_language=language, supported_regions=regions, context=list(PHONE_CONTEXT))


def ip_recognizer(language: str) -> EntityRecognizer:
    """Presidio's IP recognizer, without version numbers and OIDs."""
    return _versionless_ip_class()(supported_language=language)


def ssn_recognizer(language: str) -> EntityRecognizer:
    """Presidio's US SSN recognizer, without numbers labelled as something else (`Lot 123-45-6789`)."""
    from presidio_analyzer import Pattern
    from presidio_analyzer.predefined_recognizers import UsSsnRecognizer

    return _unlabelled_ssn_class()(supported_language=language,
                                   patterns=[*UsSsnRecognizer.PATTERNS, Pattern(SPOKEN_SSN, _SPOKEN_NINE_DIGITS, 0.05)])


def credit_card_recognizer(language: str) -> EntityRecognizer:
    """Presidio's card recognizer (Luhn), with Mastercard's 2-series BINs (2221-2720), a length
    that fits the brand, and without numbers labelled as something else (`IMEI 35...`) or made up
    (published test numbers: made_up_card)."""
    from presidio_analyzer import Pattern

    return _branded_card_class()(supported_language=language,
                                 patterns=[Pattern("card", _CARD, 0.3), Pattern("card (19 digits)", _CARD_19, 0.3),
                                           Pattern(SPOKEN_CARD, _SPOKEN_CARD_DIGITS, 0.3)])


# A 19-digit card (Maestro, UnionPay, Visa, JCB, Discover issue them), in a run or in groups of four and a last three
# written alike (`6759 5124 5778 1995 426`), which the card pattern's groups do not reach (#15, twentieth corpus).
_CARD_19 = r"\b([2-6]\d{3})([ .-]?)(\d{4})\2(\d{4})\2(\d{4})\2(\d{3})\b"


# A card number read out digit by digit in a call's transcript (`4 3 2 7 3 2 4 6 ...`), after a card word in the line
# or the two before (#15, nineteenth corpus); Luhn and the brand's length check it like any card.
SPOKEN_CARD = "card (read out)"
_SPOKEN_CARD_DIGITS = r"(?<!\d ?)\d(?: \d){12,18}(?! ?\d)"
_CARD_WORD_BEFORE = regex.compile(r"(?i)\b(?:card|visa|master\s?card|amex|discover|credit|debit|tarjeta|cart[ãa]o|carte|karte)\b"
                                  r"[^\n]{0,80}(?:\n[^\n]{0,60}){0,2}\Z")


_GROUP_BEFORE = regex.compile(r"\d[-.]\Z")


def _digits_of(value: str) -> str:
    """The value's digits, without the spaces, dashes and brackets they are written with."""
    return "".join(c for c in value if c.isdigit())


# Card lengths per leading digits (ISO/IEC 7812 issuer ranges as the networks publish them): a
# Luhn-valid run of the wrong length for its prefix is another number (an IMEI is 15 digits and
# starts with 35, which only JCB's 16-19 digit cards share).
_CARD_LENGTHS: tuple[tuple[str, frozenset[int]], ...] = (
    (r"3[47]", frozenset({15})),  # American Express
    (r"3(?:0[0-5]|095|[689])", frozenset({14, 16, 17, 18, 19})),  # Diners Club
    (r"35(?:2[89]|[3-8]\d)", frozenset({16, 17, 18, 19})),  # JCB
    (r"4", frozenset({13, 16, 19})),  # Visa
    (r"5[1-5]|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)", frozenset({16})),  # Mastercard
    (r"6(?:011|4[4-9]|5|22)", frozenset({16, 17, 18, 19})),  # Discover, UnionPay co-branded
    (r"5[06-9]|6", frozenset(range(12, 20))),  # Maestro, UnionPay, RuPay and other 6-series
)


# Card numbers payment providers publish for testing (Stripe, Braintree and PayPal, Adyen, Authorize.net,
# Square, Checkout.com, Worldpay, the networks' own samples): public like AWS's documented example keys
# (_DOCUMENTED_EXAMPLE), so no card data. Digits only: written with any grouping they are the same number.
PUBLISHED_TEST_CARDS: frozenset[str] = frozenset("""
4242424242424242 4000056655665556 5555555555554444 2223003122003222 5200828282828210 5105105105105100 378282246310005
371449635398431 6011111111111117 6011000990139424 6011981111111113 3056930009020004 36227206271667 6555900000604105
3566002020360505 6200000000000005 6200000000000047 6205500000000000004 4000000000000002 4000000000009995
4000000000009987 4000000000009979 4000000000000069 4000000000000127 4000000000000119 4100000000000019 4000000000000101
4000000000000341 4000002500003155 4000002760003184 4000000000003220 4000000000003063 4000008400001629 4000000000000077
4000003720000278 4000000000000259 4000000000005126 4000000760000002 4000001240000000 4000004840008001
4111111111111111 4005519200000004 4009348888881881 4012000033330026 4012000077777777 4012888888881881 4217651111111119
4500600000000061 2223000048400011 3530111333300000 6304000000000000 36259600000004 4000111111111115 378734493671000
4988438843884305 4166676667666746 4646464646464644 4000620000000007 4000060000000006 4293189100000008 4988080000000000
4111112014267661 4444333322221111 4001590000000001 5101180000000007 2222410740360010 5100060000000002 5100290029002909
5555341244441115 5577000055770004 5136333333333335 5585558555855583 5555444433331111 2222400070000005 370000000000002
370000000100018 36006666333344 6011601160116611 3569990010095841 5500000000000004 4007000000027 4012888818888
5424000000000015 2223000010309703 2223000010309711 6011000000000012 3088000000000017 38000000000006 6011000000000004
340000000000009 4543474002249996 5436031030606378 345678901234564 343434343434343 6011000400000000 36700102000000
36148900647913 4917300800000000 4222222222222 4005550000000001 3566111111111113 30569309025904 38520000023237
2221000000000009 2223520043560014 6250941006528599
""".split())


def made_up_card(digits: str) -> bool:
    """A published test number, or one written to look like a card: after the issuer's six digits and
    before the check digit, at most two different digits (`4000 0000 0000 0002`, `5555 5555 5555 4444`,
    `4242 4242 4242 4242`) - about one random account number in 40,000 looks like that."""
    return digits in PUBLISHED_TEST_CARDS or len(set(digits[6:-1])) <= 2


def card_length_fits_brand(digits: str) -> bool:
    for prefix, lengths in _CARD_LENGTHS:
        if regex.match(prefix, digits):
            return len(digits) in lengths
    return False


@cache
def _branded_card_class() -> type[EntityRecognizer]:
    from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

    class BrandedCardRecognizer(CreditCardRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            digits = _digits_of(pattern_text)
            # (Presidio strips spaces and dashes before its Luhn check, not the dots of `4321.3336.5243.9950`.)
            return (bool(super().validate_result(pattern_text.replace(".", ""))) and card_length_fits_brand(digits)
                    and not made_up_card(digits))

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                    regex_flags: int | None = None) -> list[Any]:
            results = super().analyze(text, entities, nlp_artifacts, regex_flags)
            ibans = iban_shaped_spans(text) if results else []
            # A `+` before the digits makes them an international phone number (`+4915735998812`), never a card; a
            # group and a hyphen before them, the rest of a longer id (`308-6682661-2495597`, a marketplace's order).
            return [r for r in results if not labelled_as_id(text, r.start) and text[r.start - 1:r.start] != "+"
                    and not _GROUP_BEFORE.search(text, max(0, r.start - 2), r.start)
                    and not any(a <= r.start and r.end <= b for a, b in ibans)
                    and (r.analysis_explanation is None or r.analysis_explanation.pattern_name != SPOKEN_CARD
                         or bool(_CARD_WORD_BEFORE.search(text, max(0, r.start - 220), r.start)))]

    return BrandedCardRecognizer


# Presidio's generic IBAN pattern written in lower case (`nl88trio8357355882`, as people type one into a chat);
# the same groups and the same mod-97 check on the upper-cased value. A group written after a space or a hyphen
# is a whole group: the start of the next word (`se32 9758 ... 8145 passes`) is not taken for one, as the
# upper-case pattern cannot take a lower-case word (#15, seventeenth corpus).
_IBAN_GROUP = r"(?:[ -][a-z0-9]{4}(?![a-z0-9])|[a-z0-9]{4})"
_LOWER_CASE_IBAN = (rf"(?<![a-z0-9])([a-z]{{2}}[0-9]{{2}}{_IBAN_GROUP}{{2,6}})({_IBAN_GROUP}?)((?:[ -]?[a-z0-9]{{1,3}})?)"
                    r"(?![a-z0-9])")


def iban_recognizer(language: str) -> EntityRecognizer:
    """Presidio's IBAN recognizer (mod 97), matched case-sensitively, in upper case and in lower case.

    With the registry's IGNORECASE flag the groups of four swallow a following word ("...6769
    from"), the checksum of every candidate fails, and 16-, 20- and 24-character IBANs are missed.
    """
    from presidio_analyzer import Pattern
    from presidio_analyzer.predefined_recognizers import IbanRecognizer

    patterns = [*IbanRecognizer.PATTERNS, Pattern("IBAN lower case", _LOWER_CASE_IBAN, IbanRecognizer.PATTERNS[0].score)]
    return _unpublished_iban_class()(supported_language=language, regex_flags=CASE_SENSITIVE, patterns=patterns)


# The example IBANs of the SWIFT IBAN Registry and the banks' and standards' documentation, one or two
# per country (`DE89 3704 0044 0532 0130 00`, `GB29 NWBK 6016 1331 9268 19`). Compact and upper case:
# grouped they are the same. People also paste them as stand-ins for a real account (and generated test
# data is made of them), so one counts as no account only where its line says it is an example or test
# data (_EXAMPLE_WORDS).
PUBLISHED_EXAMPLE_IBANS: frozenset[str] = frozenset("""
DE89370400440532013000 GB29NWBK60161331926819 GB82WEST12345698765432 GB33BUKB20201555555555 FR1420041010050500013M02606
FR7630006000011234567890189 NL91ABNA0417164300 ES9121000418450200051332 IT60X0542811101000000123456 BE68539007547034
AT611904300234573201 CH9300762011623852957 PL61109010140000071219812874 PT50000201231234567890154 SE4550000000058398257466
DK5000400440116243 NO9386011117947 FI2112345600000785 IE29AIBK93115212345678 LU280019400644750000
GR1601101250000000012300695 CZ6508000000192000145399 HU42117730161111101800000000 RO49AAAA1B31007593840000
SK3112000000198742637541 SA0380000000608010167519 AE070331234567890123456 TR330006100519786457841326
BG80BNBG96611020345678 HR1210010051863000160 SI56263300012039086 LT121000011101001000 LV80BANK0000435195001
EE382200221020145685 CY17002001280000001200527600 MT84MALT011000012345MTLCAST001S IS140159260076545510730339
LI21088100002324013AA MC5811222000010123456789030 SM86U0322509800000000270100 BR1800360305000010009795493C1
""".split())


@cache
def _unpublished_iban_class() -> type[EntityRecognizer]:
    from presidio_analyzer.predefined_recognizers import IbanRecognizer

    class UnpublishedIbanRecognizer(IbanRecognizer):
        """Presidio's IBAN recognizer (mod 97), without a published example IBAN said to be one, and with
        the layouts of the countries its table lacks or gets wrong (IBAN_LAYOUTS)."""

        def validate_result(self, pattern_text: str) -> bool | None:
            compact = "".join(pattern_text.split()).replace("-", "").upper()
            layout = IBAN_LAYOUTS.get(compact[:2])
            if layout is None:
                return super().validate_result(pattern_text.upper())
            return bool(layout.fullmatch(compact[4:])) and iban_checksum_ok(compact)

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                    regex_flags: int | None = None) -> list[Any]:
            results = super().analyze(text, entities, nlp_artifacts, regex_flags)
            return [r for r in results if not documented_example_iban(text, r.start, r.end)]

    return UnpublishedIbanRecognizer


# Words that mark a line's data as an example: docs, samples, tests, placeholders (en, de, fr, es, nl, it, pt).
_EXAMPLE_WORDS = regex.compile(r"(?i)\b(?:example|examples|e\.g|sample|test|testing|dummy|demo|docs|documentation|placeholder"
                               r"|fake|fictional|beispiel|exemple|ejemplo|voorbeeld|esempio|exemplo)\b")


def documented_example_iban(text: str, start: int, end: int) -> bool:
    """A published example IBAN on a line that calls its data an example, a test or docs."""
    if "".join(text[start:end].split()).upper() not in PUBLISHED_EXAMPLE_IBANS:
        return False
    return bool(_EXAMPLE_WORDS.search(text, *line_span(text, start, end)))


# BBAN layouts (after country and check digits) from the SWIFT IBAN Registry for the countries Presidio's
# table lacks (Burundi, Djibouti, Falklands, Honduras, Mongolia, Nicaragua, Oman, Russia, Sudan, Somalia,
# São Tomé, El Salvador, Yemen) or writes wrong (Jordan: 4!a4!n18!c; Azerbaijan: 4!a20!c), checked country by country.
# Checked against the registry's file (release 101, as python-stdnum 2.2 ships it in stdnum/iban.dat) on 2026-12-07:
# every layout below equals the registry's, and every one of its 89 countries' BBANs is accepted here or by Presidio.
IBAN_LAYOUTS: dict[str, regex.Pattern[str]] = {country: regex.compile(layout) for country, layout in {
    "JO": r"[A-Z]{4}\d{4}[A-Z0-9]{18}", "AZ": r"[A-Z]{4}[A-Z0-9]{20}", "BI": r"\d{23}", "DJ": r"\d{23}",
    "FK": r"[A-Z]{2}\d{12}", "HN": r"[A-Z]{4}\d{20}", "MN": r"\d{16}", "NI": r"[A-Z]{4}\d{20}", "OM": r"\d{3}[A-Z0-9]{16}",
    "RU": r"\d{14}[A-Z0-9]{15}", "SD": r"\d{14}", "SO": r"\d{19}", "ST": r"\d{21}", "SV": r"[A-Z]{4}\d{20}",
    "YE": r"[A-Z]{4}\d{4}[A-Z0-9]{18}",
    # Where Presidio is stricter than the registry (#15, seventh corpus): Costa Rica `4!n14!n` (any bank code, not
    # only those starting with 0), Dominican Republic `4!c20!n`, Pakistan `4!a16!c`, Palestine `4!a21!c`, and
    # Mauritius `4!a2!n2!n12!n3!n3!a` (its three closing letters).
    "CR": r"\d{18}", "DO": r"[A-Z0-9]{4}\d{20}", "PK": r"[A-Z]{4}[A-Z0-9]{16}", "PS": r"[A-Z]{4}[A-Z0-9]{21}",
    "MU": r"[A-Z]{4}\d{19}[A-Z]{3}",
}.items()}


def iban_checksum_ok(compact: str) -> bool:
    """ISO 13616 mod 97 over the compact IBAN (letters as 10..35)."""
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


# An IBAN-shaped run (country, check digits, groups): its digits are an account's, valid or not, never a
# card or a phone number however its groups read (`ES26 8205 5597 1578 1349 9643` with a broken check).
_IBAN_SHAPED = regex.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?(?![A-Za-z0-9])")


_IBAN_START = regex.compile(r"[A-Z]{2}\d{2}")


def iban_shaped_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _IBAN_SHAPED.finditer(text)] if _IBAN_START.search(text) else []


# Presidio's card pattern, with 2221-2720 added to its leading groups, groups up to three spaces apart
# as OCR writes them (`4073  3695 2111  5504`), and groups between dots (`4321.3336.5243.9950`).
_CARD = (r"\b(?!1\d{12}(?!\d))((4\d{3})|(5[0-5]\d{2})|(6\d{3})|(1\d{3})|(3\d{3})"
         r"|(2(?:22[1-9]|2[3-9]\d|[3-6]\d{2}|7[01]\d|720)))(?:[-.]| {1,3})?(\d{3,4})(?:[-.]| {1,3})?(\d{3,4})(?:[-.]| {1,3})?(\d{3,5})\b")

# A number introduced by what it is - a lot, an account, an order - is that, not a phone or an SSN.
_ID_LABEL = regex.compile(
    r"(?i)\b(?:lot|batch|serial|s/n|part|sku|order|invoice|inv|ticket|case|ref(?:erence)?|r[ée]f[ée]rence|dossier|model|po|tracking|account"
    r"|acct|a/c|gl|ledger|cost\s+cent(?:er|re)|item|asset|build|job|run|incident|request|claim|policy|contract|customer"
    r"|member|employee|badge|receipt|transaction|txn|confirmation|imei|imsi|iccid|meid|esn|device|epoch|timestamp"
    r"|routing|aba|sort\s+code|swift|bic|plan|group|post(?:al)?[\s_-]?code|zip(?:[\s_-]?code)?|plz|postleitzahl"
    # German, Dutch, French, Spanish: order, invoice, customer, general ledger, cost centre.
    r"|auftrags?|bestell|rechnungs?|kunden|grootboek\w*|factuur|sachkonto|kostenstelle|commande|facture|pedido|factura"
    r"|unix\s+time"
    # Bookings: a room block, a reservation, a voucher (#15, ninth corpus: `room block 623-88-6875`).
    r"|room(?:\s+block)?|block|booking|reservation|voucher|coupon|folio"
    # US healthcare's ids: providers (NPI, CAQH, DEA, UPIN, NABP), drugs (NDC), Medicare and Medicaid members (#15,
    # nineteenth corpus: an NPI is ten digits, Luhn-valid, and reads as a phone number).
    r"|npi|ndc|caqh|dea|upin|nabp|mbi|hicn|medicare|medicaid)"
    r"\.?\s*(?:(?:no|num|number|nummer|nr|id|code|#)\.?\s*)?\s*[#:=]?\s*[\"'`]?$")


# "phone on order", "mobile number on the account", "card used for the booking", "tel. from the invoice", "full card per customer": the label
# names where the number was found, and the phone or card word before it what the number is (#15, seventh and
# ninth corpora).
_FOUND_WHERE_LABEL = regex.compile(
    r"(?i)\b(?:phone|telephone|tel|mobile|cell|fax|contact|card|pan|ssn)\.?(?:\s+(?:number|no|nr|#))?"
    # (`Card used for the booking: ...`, `the number given on the order`)
    r"(?:\s+(?:used|given|added|saved|stored|charged|registered|kept|provided|entered|taken))?\s+(?:on|in|from|for|of|per)"
    r"(?:\s+(?:the|this|that|their|his|her|its|our|your|my))?\s+\S+\s*$")


def labelled_as_id(text: str, start: int) -> bool:
    """A number introduced by what it is: in the words before it, or as the name of its table column."""
    label = _ID_LABEL.search(text, max(0, start - 40), start)
    if label and not _FOUND_WHERE_LABEL.search(text, max(0, label.start() - 40), start):
        return True
    column = column_name(text, start)
    return column is not None and bool(_ID_LABEL.search(column))


# ---------------------------------------------------------------- table columns

_DELIMITERS = (",", ";", "\t", "|")
_HEADER_REACH = 200  # lines: a header further up is not looked for (each value would rescan the table)
_HEADER_CELL = regex.compile(r"[ \t]*[\"'`]?[A-Za-z_][\w .#/()-]{0,40}?[\"'`]?[ \t]*")
_TABLE_RULE = regex.compile(r"[ \t]*[-=+:|][-=+:| \t]*")
_SQL_COLUMNS = regex.compile(r"\(([^()\n]{3,2000})\)\s*(?:VALUES\b|FROM\s+stdin\b)", regex.IGNORECASE)


def column_name(text: str, start: int) -> str | None:
    """The name of the table column a value at `start` sits in, lower-case with `_` and `-` as spaces.

    Pasted tables are CSV, TSV or pipe tables under a header line, and SQL dumps whose rows follow
    an INSERT's or COPY's column list. The header is the nearest line above with as many cells, in
    the same block (rows with more cells, an unquoted delimiter in a value, are passed over), whose
    cells all read as names; None when there is no table or no header.
    """
    line_start, line_end = line_span(text, start, start)
    line = text[line_start:line_end]
    sql_row = line.lstrip().startswith("(")  # `(1,'a','b'),`
    if sql_row:
        line = line.rstrip().rstrip(",;")
    for delimiter in _DELIMITERS:
        separators = line.count(delimiter)
        if separators < (1 if sql_row else 2):  # two cells in prose are just a comma
            continue
        # (A SQL row's columns are its INSERT's list, not the INSERT line read as a header with as many commas.)
        header = _sql_columns(text, line_start, separators + 1) if sql_row else None
        if header is None:
            header = _header_above(text, line_start, delimiter, separators)
        if header is None and delimiter == "\t":
            header = _sql_columns(text, line_start, separators + 1)
        if header is not None:
            cell = header[line.count(delimiter, 0, start - line_start)]
            return cell.strip(" \t\"'`").lower().replace("_", " ").replace("-", " ")
    return None


def _header_above(text: str, line_start: int, delimiter: str, separators: int) -> list[str] | None:
    end = line_start - 1
    for _ in range(_HEADER_REACH):
        if end < 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].rstrip("\r")
        if delimiter == "|" and line.startswith("||"):
            line = line.replace("||", "|")  # Jira and Confluence wiki markup double a header row's bars
        count = line.count(delimiter)
        if count > separators:  # a row with an unquoted delimiter in a cell (`566.518,20`)
            end = start - 1
            continue
        if count != separators:
            if _TABLE_RULE.fullmatch(line):  # psql's `----+----` and MySQL's `+----+` under or above the header
                end = start - 1
                continue
            return None
        cells = line.split(delimiter)
        if all(_HEADER_CELL.fullmatch(cell) or not cell.strip() for cell in cells) and any(c.strip() for c in cells):
            return cells
        end = start - 1
    return None


def _sql_columns(text: str, line_start: int, count: int) -> list[str] | None:
    lists = list(_SQL_COLUMNS.finditer(text, max(0, line_start - 20_000), line_start))
    columns = lists[-1].group(1).split(",") if lists else []
    return columns if len(columns) == count else None


@cache
def _offline_email_class() -> type[EntityRecognizer]:
    import tldextract
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    # The stock check calls `tldextract.extract`, which fetches the public suffix list over
    # HTTP (and writes a cache under ~/.cache) before falling back to its bundled snapshot.
    tlds = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=())

    class OfflineEmailRecognizer(EmailRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            return "@" not in pattern_text or tlds(pattern_text).fqdn != ""  # (a spoken address has no `@`)

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                    regex_flags: int | None = None) -> list[Any]:
            results = super().analyze(text, entities, nlp_artifacts, regex_flags)
            for r in results:  # `MAIL_USERNAME=ops@example.org`: the variable is not part of the address
                at = text.find("@", r.start, r.end)
                if at < 0:
                    continue  # spelled out
                r.start = max(r.start, text.rfind("=", r.start, at) + 1)
                # ... nor an X12 segment's elements before it (`PER*IC*NAME*TE*8135550183*EM*ops@contoso.org~`).
                if (x12 := text.rfind("*EM*", r.start, at)) >= 0:
                    r.start = x12 + 4
            return [r for r in results if not _USERINFO_BEFORE.search(text, max(0, r.start - 300), r.start)
                    and not _SCP_PATH_AFTER.match(text, r.end)
                    and not _SSH_LOGIN_BEFORE.search(text, max(0, r.start - 200), r.start)
                    and not _LOGIN_HOST.search(text, r.start, r.end)]

    return OfflineEmailRecognizer


# `scheme://user:password@host`: the "address" is a password and a host.
_USERINFO_BEFORE = regex.compile(r"[a-z][a-z0-9+.-]*://[^\s/]*\Z", regex.IGNORECASE)
# `ssh deploy@build01.contoso.com`, `scp f admin@host:`: a login on a host, not a mailbox.
_SSH_LOGIN_BEFORE = regex.compile(r"\b(?:ssh|scp|sftp|rsync|mosh|sshpass)\b[^\n|;&]*?[\s\"']\Z")
# `deploy@sftp.bank-partner.net`, `ops@bastion-weu.contoso.com`: a login on a host named for the protocol or the
# role it serves, not a mailbox.
_LOGIN_HOST = regex.compile(r"@(?i:sftp|ssh|ftps?|scp|git|bastion|jump(?:box|host)?)[.-]")
# `git@github.com:org/repo.git`: an SSH login and a path.
_SCP_PATH_AFTER = regex.compile(r":[\w~.-]*/")

# Presidio's phone context without "number" ("part number", "order number" and "case number"
# precede ids that libphonenumber accepts as valid numbers in some region). Context words match
# whole words (see dlp.py), so "tel" no longer counts inside "tell" or "hotel".
PHONE_CONTEXT = ("phone", "telephone", "tel", "cell", "cellphone", "mobile", "call", "fax", "whatsapp", "sms",
                 "callback", "landline", "direct", "reach", "ph")
# Written like a phone number: international (+CC ..., or 00 CC ... with the IDD most of the world dials), North American ((AAA) EEE-LLLL,
# [1-]AAA-EEE-LLLL), or national with a trunk prefix or an area code in brackets (`020 7946 0958`,
# `(03) 9374 4000`, `080-1234-5678`, `04 75 09 27 67`).
_PHONE_FORMAT = regex.compile(r"\+\d[\d ().-]{6,}\d|00[1-9]\d{0,2}[ .-]\(?\d[\d ().-]{5,}\d|(?:1[ .-])?\(?[2-9]\d{2}\)?[ .-]?[2-9]\d{2}[ .-]\d{4}"
                              r"|(?:\(0?\d{1,4}\)\s?|0\d{1,4}[ ./-])\d{2,8}(?:[ .-]\d{2,4}){0,3}")
# National numbers written that way, in any text: libphonenumber then says in which region (of many,
# not only the configured ones whose full passes find the rest) the number is valid.
_NATIONAL_CANDIDATE = regex.compile(
    r"(?<![\w+.:/-])(?!\d{3}-\d{2}-\d{4}(?!\d))(?:\(0?\d{1,4}\)\s?|0\d{1,4}[ ./-])\d{2,8}(?:[ .-]\d{2,4}){0,3}(?![\w]|[.:/-]\d)")
# `AAA-GG-SSSS` is how SSNs are written, never a national phone format.
_SSN_LAYOUT = regex.compile(r"\d{3}-\d{2}-\d{4}")
# Digit groups right after a phone word (`Tel: 933 74 88 61`), for regions without a trunk prefix.
# `Tel.: `, `"phone": "`, `Mi móvil es `, `update my phone to `: then the digit groups.
_AFTER_PHONE_WORD = (r"\b[\"'`]?\.?\s*(?:[:#=]|\b(?:is|es|ist|est|er|är|on|to)\b)?\s*[\"'`]?\s*\K\d{2,4}(?:[ .-]\d{2,4}){1,4}"
                     r"(?![\w]|[.:/-]\d)")
# An X12 contact's number after its qualifier (`PER*IC*NAME*TE*6156527099~`: TE telephone, FX fax, CP cell, WP work,
# HP home, BN beeper; #15, nineteenth corpus): a phone number, however it is written.
_X12_COMMUNICATION_NUMBER = regex.compile(r"(?<=\*(?:TE|FX|CP|WP|HP|BN)\*)\+?\(?\d[\d ()-]{5,18}\d(?=[*~]|[ \t]*\r?$)", regex.MULTILINE)
_GROUPED_AFTER_CONTEXT = regex.compile(
    r"(?i)\b(?:phone|tel|telephone|mobile|cell|callback|fax|whatsapp|landline|direct|call(?:\s+me)?(?:\s+(?:at|on))?"
    r"|reach\s+me\s+(?:at|on)|(?:my|his|her|their|your|our)\s+number|direct\s+(?:line|dial)"
    # The same words in German, French, Spanish, Dutch, Italian and Portuguese.
    r"|m[óo]vil|tel[ée]fono|telefone|telefon|telefoon|t[ée]l[ée]phone|t[ée]l|handy|mobil|mobiel|durchwahl|portable|gsm|cellulare"
    r"|telem[óo]vel|celular"
    # A mail signature's one-letter labels, upper case and followed by a colon (`M: ... | T: 21 23 49 09`).
    r"|(?-i:(?<![\w.])[TMFPW](?=\s?:)))" + _AFTER_PHONE_WORD)
# Chinese and Japanese: mobile, telephone; without a word boundary before them (`联系电话 131 2350 9346`: Chinese
# writes words without spaces). Its own pattern: an alternative in the one above would slow it for every text.
_GROUPED_AFTER_CJK_CONTEXT = regex.compile(r"(?:手机|手機|电话|電話|携帯(?:電話)?)" + _AFTER_PHONE_WORD)
# A cell of digit groups (`'21 23 49 09'`, `074104 19287`) in a CSV/TSV/pipe table or SQL row: in a
# column named for a phone (column_name), a phone number if valid in one of NATIONAL_REGIONS.
_CELL_DIGIT_GROUPS = regex.compile(
    r"(?m)(?:^|(?<=[,;\t|(][ \t]*[\"'`]?))\d{2,6}(?:[ .-]\d{2,9}){1,4}(?=[\"'`]?[ \t]*(?:[,;\t|)]|$))")
_PHONE_COLUMN = regex.compile(
    r"\b(?:phone|telephone|tel|mobile|cell|cellphone|fax|landline|msisdn|telefon|telefono|tel[ée]fono|handy|gsm)\b")
NATIONAL_REGIONS: tuple[str, ...] = (
    "US", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "AT", "CH", "SE", "NO", "DK", "FI", "IE", "PT", "PL", "CZ", "AU",
    "NZ", "JP", "KR", "CN", "IN", "BR", "MX", "AR", "ZA", "IL", "AE", "SG", "CA")
FORMATTED_PHONE_SCORE = 0.6


# Tokens mixing letters and digits (keys, hashes, GUIDs, `v1.2`), ISO times, amounts, dates, dotted quads (addresses,
# versions) and OIDs; not 3- or 5-part dotted numbers (`425.882.8080`, `04.75.09.27.67`), and not
# dotted numbers after a `+`: that is an international number written with dots (`+33.1.23.45.67.89`).
_NEVER_PHONE = regex.compile(
    # (A token starts after a character of its own class only where the previous blanking ended (\G): any
    # other start inside one would have matched a character earlier, so it is not tried from each of them.)
    r"(?:\G|(?<![A-Za-z0-9+/=_-]))[A-Za-z0-9+/=_-]*(?:[A-Za-z][0-9]|[0-9][A-Za-z])[A-Za-z0-9+/=_.-]*"
    # An amount after a currency sign (`$9,016.41`); the rest start with a digit, asked only where one is.
    r"|[$€£¥][ \t]?\d[\d,.]*\d"
    r"|(?=\d)(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
    # An amount with thousands separators and decimals (`9,016.41`, `1.234,56`).
    r"|(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d{1,2}(?![\d.,]?\d)|(?<![\d.,])\d{1,3}(?:\.\d{3})+,\d{1,2}(?![\d.,]?\d)"
    # A day, a month and a four-digit year (`09.08.2015`, `05-08-2020`), either order: a date.
    r"|(?<![\d.+-])(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|[12]\d|3[01])\1(?:19|20)\d{2}(?!\d|[./-]\d)"
    # ... or a two-digit year between slashes (`19/01/26`), which libphonenumber takes a whole candidate for a date over.
    r"|(?<![\d./+-])(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|[12]\d|3[01])/\d{2}(?!\d|[./-]\d)"
    # A dotted quad (a version or an address), also closing a sentence (`calls come from 194.153.115.85.`).
    r"|(?<![\d.+])\d+(?:\.\d+){3}(?!\d|\.\d)|(?<![\d.+])\d+(?:\.\d+){5,})")
# Ids led by capitals and a hyphen: `INV-2025-125502`, `FA-046-1336-47`, `PO-88213` (asked of candidates
# only: blanking them beforehand would scan every capital letter of every text).
_PREFIXED_ID_BEFORE = regex.compile(r"(?<![\w-])[A-Z]{2,6}(?:-\d+)*-\Z")


# A card-shaped run of 13-19 digits: four-digit groups (`4000 0566 5566 5556`, `4111-1111-1111-1111-003`),
# 4-6-4/5 (`3782 822463 10005`) or unseparated. Its digits are a card number (valid or a published test
# card the card recognizer leaves alone), never a phone number, however libphonenumber reads its tail.
_CARD_SHAPED = regex.compile(
    r"(?<![\w+.-])(?:\d{4}([ -])\d{4}(?:\1\d{4}){1,2}(?:\1\d{1,4})?|\d{4}([ -])\d{6}\2\d{4,5}|\d{13,19}"
    r"|\d{4}(?: {1,3}\d{4}){3}(?![ ]\d))(?![\w]|[.-]\d)")


def _card_spans(text: str) -> list[tuple[int, int]]:
    """Spans of card-shaped digit runs with 13 to 19 digits."""
    spans = []
    for m in _CARD_SHAPED.finditer(text):
        if 13 <= sum(c.isdigit() for c in m.group()) <= 19:
            spans.append((m.start(), m.end()))
    return spans


# Written the North American way: `(AAA) EEE-LLLL` or `AAA-EEE-LLLL` (an area code never starts with 0 or 1).
_NANP_LAYOUT = regex.compile(r"(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)[ ]?|[2-9]\d{2}[.-])\d{3}[.-]\d{4}")
# NANPA reserves 555-0100 to 555-0199 in every area code for fiction (films, books, examples), however the
# number is written (`(415) 555-0131`, `+1 415 555 0131`, `1.415.555.0117`, `4155550199`; #15, ninth corpus).
_NANP_FICTION = regex.compile(r"[2-9]\d{2}55501\d{2}")
_NANP_WRITTEN = regex.compile(r"(?:\+1|1(?=[ .-]|\())?[ .-]?\(?[2-9]\d{2}\)?[ .-]?\d{3}[ .-]?\d{4}")


def _nanp_fiction(candidate: str) -> bool:
    """A North American number (`+1` or 10 digits in its groups) in the fiction range 555-0100..0199."""
    digits = _digits_of(candidate)
    return (len(digits) in (10, 11) and _NANP_FICTION.fullmatch(digits[-10:]) is not None
            and (len(digits) == 10 or digits[0] == "1") and _NANP_WRITTEN.fullmatch(candidate.strip()) is not None)


def _ruled_out_as_phone(text: str, start: int, end: int) -> bool:
    """What no phone candidate may be, however it was found: labelled as an id or the digits of one
    (`INV-2025-125502`), a value of an SSN column, or a North American number that cannot be one."""
    return (labelled_as_id(text, start) or bool(_PREFIXED_ID_BEFORE.search(text, max(0, start - 40), start))
            or _in_ssn_column(text, start) or _not_a_nanp_phone(text, start, end) or _spaced_ssn(text, start, end))


# `050 96 5848`: the SSN's 3-2-4 groups with spaces, an issuable number, with no phone word before it.
_SPACED_SSN = regex.compile(r"(?!000|666|9)\d{3} (?!00)\d{2} (?!0000)\d{4}")
_PHONE_WORD_BEFORE = regex.compile(r"(?i)\b(?:phone|tel|telephone|mobile|cell|call|fax|whatsapp|sms|tél|telefon\w*|tel[eé]fono|handy|portable|cellulare)\b")


def _spaced_ssn(text: str, start: int, end: int) -> bool:
    """An SSN-shaped span (`050 96 5848`) is no phone unless a phone word is just before it (#15, eighth corpus)."""
    return (bool(_SPACED_SSN.fullmatch(text, start, end))
            and not _PHONE_WORD_BEFORE.search(text, max(0, start - 40), start))


def _not_a_nanp_phone(text: str, start: int, end: int) -> bool:
    """A number in the North American layout is a NANP number or none: one libphonenumber rejects in
    US and CA (`(555) 010-0123`: no area 555, no exchange 010) is not a phone even where the same digits
    are valid in another region, and neither is a number in NANPA's fiction range 555-0100..0199."""
    import phonenumbers

    if _nanp_fiction(text[start:end]):
        return True
    if not _NANP_LAYOUT.fullmatch(text, start, end):
        return False
    try:
        return not phonenumbers.is_valid_number(phonenumbers.parse(text[start:end], "US"))
    except phonenumbers.NumberParseException:
        return True


def _in_ssn_column(text: str, start: int) -> bool:
    """A value in a table column named for the SSN (`ssn`, `SSN#`, `social_security_no`) is an SSN
    however it is grouped (`068 34 8488`), not a phone number."""
    column = column_name(text, start)
    return column is not None and bool(_SSN_COLUMN.search(column))


def _valid_somewhere(candidate: str) -> bool:
    """A national-format number libphonenumber accepts as valid in one of NATIONAL_REGIONS."""
    import phonenumbers

    digits = sum(c.isdigit() for c in candidate)
    if not 8 <= digits <= 12:
        return False
    for region in NATIONAL_REGIONS:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(candidate, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def _valid_international(digits: str) -> bool:
    """Digits that libphonenumber accepts as a valid number once written with a plus (`441616578491`)."""
    import phonenumbers

    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse("+" + digits.lstrip("+"), None)))
    except phonenumbers.NumberParseException:
        return False


# A telecom record's subscriber number in E.164 without its plus: after a key naming it (RADIUS `Calling-Station-Id =
# "16176741647"`, `msisdn=447518946082`) or in a column named for it (a CDR's `a_number`, `b_number`); and a number
# with its plus as a REST path's segment (`/v2/subscribers/+61862402242/sim-swap`), which the path's letters would
# otherwise hide in one token (#15, twenty-first corpus).
_MSISDN_KEY = regex.compile(r"(?i)\b(?:msisdn|(?:calling|called)[-_ ]?station[-_ ]?id|[ab][-_]?number|(?:calling|called|caller)"
                            r"[-_ ]?(?:number|id)|ani|dnis)[\"']?[ \t]*[:=][ \t]*[\"']?\K\+?\d{10,15}(?![\w.])")
_MSISDN_COLUMN = regex.compile(r"^(?:msisdn|[ab] number|(?:calling|called|caller) (?:number|id|station id)|ani|dnis|cli)$")
_BARE_NUMBER_CELL = regex.compile(r"(?m)(?:^|(?<=[,;\t|][ \t]*[\"'`]?))\+?\d{10,15}(?=[\"'`]?[ \t]*(?:[,;\t|]|$))")
_PATH_NUMBER = regex.compile(r"(?<=/)\+\d{8,15}(?=[/?#\s\"']|$)")


def _subscriber_numbers(text: str) -> Iterator[Any]:
    yield from _MSISDN_KEY.finditer(text)
    yield from (m for m in _BARE_NUMBER_CELL.finditer(text) if _MSISDN_COLUMN.search(column_name(text, m.start()) or ""))
    yield from _PATH_NUMBER.finditer(text)


def added_result(recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float, why: str) -> Any:
    """A result a recognizer adds beyond its patterns, explained and attributed like Presidio's own."""
    from presidio_analyzer import AnalysisExplanation, RecognizerResult

    return RecognizerResult(entity, start, end, score, AnalysisExplanation(recognizer.name, score, textual_explanation=why),
                            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
                                                  RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id})


@cache
def shortest_valid_number(region: str) -> int:
    """Fewest characters a number libphonenumber accepts as valid takes, read with `region` as the
    default region; PhoneNumberMatcher(min_candidate_length=...) skips shorter candidates unparsed.

    A number's national significant digits are written in it, but for the digits a national-prefix
    rule adds (the NANPA islands' area code, Guernsey's 1481...), and there are at least as many
    as the shortest valid national number under its country code. Written nationally, the country
    code is the region's; written internationally (+ or an IDD prefix), its digits are written too.
    """
    import phonenumbers
    from phonenumbers import PhoneMetadata

    def metadata(code: int, region: str) -> Any:
        return PhoneMetadata.metadata_for_region_or_calling_code(code, region)

    def added(meta: Any) -> int:  # digits a national-prefix transform rule writes (not its group references)
        return sum(c.isdigit() for c in regex.sub(r"\\\d", "", meta.national_prefix_transform_rule or ""))

    def shortest_national(code: int) -> int:
        return min(min(metadata(code, r).general_desc.possible_length)
                   for r in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code])

    international = min(len(str(code)) + shortest_national(code) - added(metadata(code, regions[0]))
                        for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items())
    code = phonenumbers.country_code_for_region(region)
    national = shortest_national(code) - added(metadata(code, region)) if code else international
    return max(1, min(national, international))


@cache
def _formatted_phone_class() -> type[EntityRecognizer]:
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    class FormattedPhoneRecognizer(PhoneRecognizer):
        """A valid number written in phone format scores 0.6 (over the default threshold) without
        context; any other valid digit run keeps Presidio's 0.4 and needs a context word."""

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
            # libphonenumber tries every digit run in every region; runs inside keys, hashes, ids,
            # timestamps and dotted versions are never phone numbers, so they are blanked first
            # (same length: offsets hold). This is most of the screening time of a long prompt.
            masked = _NEVER_PHONE.sub(lambda m: " " * len(m.group()), text)
            cards = _card_spans(text) + iban_shaped_spans(text)
            found = self._libphonenumber(masked)
            for r in found:  # `(+27 71 165 7341)`: libphonenumber takes the bracket around the number as its own
                if text[r.start] == "(" and ")" not in text[r.start:r.end]:
                    r.start += 1
            results = [r for r in found if not _ruled_out_as_phone(text, r.start, r.end)
                       and not any(a < r.end and r.start < b for a, b in cards)]
            in_phone_column = [m for m in _CELL_DIGIT_GROUPS.finditer(text)
                               if _PHONE_COLUMN.search(column_name(text, m.start()) or "")]
            after_phone_word = [*_GROUPED_AFTER_CONTEXT.finditer(text), *_GROUPED_AFTER_CJK_CONTEXT.finditer(text),
                                *_X12_COMMUNICATION_NUMBER.finditer(text)]
            subscribers = [m for m in _subscriber_numbers(text) if _valid_international(m.group())]
            # A number in a phone column or right after a phone word (`手机 131 2341 1206`) is written as one, and so is
            # a subscriber's number in a telecom record.
            phone_cells = {m.span() for m in in_phone_column} | {m.span() for m in after_phone_word} | {
                m.span() for m in subscribers}
            for result in results:
                if (_PHONE_FORMAT.fullmatch(text, result.start, result.end) or (result.start, result.end) in phone_cells) \
                        and not _SSN_LAYOUT.fullmatch(text, result.start, result.end):
                    result.score = max(result.score, FORMATTED_PHONE_SCORE)
            taken = [(r.start, r.end) for r in results] + cards
            for m in [*_NATIONAL_CANDIDATE.finditer(text), *after_phone_word, *in_phone_column]:
                if (not any(a < m.end() and m.start() < b for a, b in taken)
                        and masked[m.start():m.end()] == m.group()  # no part of a key, time or version
                        and not _ruled_out_as_phone(text, m.start(), m.end()) and _valid_somewhere(m.group())):
                    results.append(added_result(self, "PHONE_NUMBER", m.start(), m.end(), FORMATTED_PHONE_SCORE,
                                                "national format, valid in a region"))
                    taken.append((m.start(), m.end()))
            for m in subscribers:
                if not any(a < m.end() and m.start() < b for a, b in taken) and not _ruled_out_as_phone(text, m.start(), m.end()):
                    results.append(added_result(self, "PHONE_NUMBER", m.start(), m.end(), FORMATTED_PHONE_SCORE,
                                                "a subscriber number, valid with its country code"))
                    taken.append((m.start(), m.end()))
            for start, end in _national_echoes(text, [(r.start, r.end) for r in results], taken):
                results.append(added_result(self, "PHONE_NUMBER", start, end, FORMATTED_PHONE_SCORE,
                                            "the national form of an international number in the text"))
            return results

        def _libphonenumber(self, text: str) -> list[Any]:
            """Presidio's PhoneRecognizer.analyze, skipping candidates too short to be valid anywhere.

            The matcher parses every digit run in every region, and most runs in a prompt are a
            few digits long (`[11:35]`, `port 443`, `line 253`); skipping those that are too
            short to be valid in the region (shortest_valid_number) finds the same numbers.
            """
            from presidio_analyzer import EntityRecognizer

            return EntityRecognizer.remove_duplicates([
                added_result(self, "PHONE_NUMBER", m.start, m.end, self.SCORE, f"valid in {region}")
                for region, m in phone_matches(text, self.supported_regions, self.leniency)])

    return FormattedPhoneRecognizer


# A run of digit groups (`081231 98034`, `(0)21 283 7841`), as a number is written again elsewhere in a text.
_DIGIT_GROUP_RUN = regex.compile(r"(?<![\w+.-])\(?\d[\d ()./-]{4,}\d(?![\w]|[.-]\d)")


def _national_echoes(text: str, found: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans where a number found in international form (`+918123198034`) is written again nationally, with or
    without its trunk prefix (`081231 98034`): an answer converting numbers, a CV with both. Added to `taken`."""
    import phonenumbers

    nationals: set[str] = set()
    for start, end in found:
        if text[start:end].lstrip("( ").startswith("+"):
            try:
                number = phonenumbers.parse(text[start:end], None)
            except phonenumbers.NumberParseException:
                continue
            national = phonenumbers.national_significant_number(number)
            region = phonenumbers.region_code_for_number(number)
            metadata = phonenumbers.PhoneMetadata.metadata_for_region(region or "", None)
            nationals |= {national, ((metadata.national_prefix if metadata else None) or "") + national}
    echoes: list[tuple[int, int]] = []
    if not nationals:
        return echoes
    for m in _DIGIT_GROUP_RUN.finditer(text):
        if _digits_of(m.group()) in nationals and not any(a < m.end() and m.start() < b for a, b in taken):
            echoes.append(m.span())
            taken.append(m.span())
    return echoes


def phone_matches(text: str, regions: Sequence[str], leniency: int) -> list[tuple[str, Any]]:
    """(region, match) for what libphonenumber's PhoneNumberMatcher(text, region, leniency) finds in
    each region, found with fewer parses and one scan of the text for all regions (_SharedReading)."""
    reading = _SharedReading(text)
    return [(region, m) for region in regions for m in _phone_matcher(text, region, leniency, reading)]


def _phone_matcher(text: str, region: str, leniency: int, reading: _SharedReading) -> Any:
    matcher = _short_skipping_matcher_class()(text, region, leniency=leniency,
                                              min_candidate_length=shortest_valid_number(region))
    matcher.reading = reading
    return matcher


class _SharedReading:
    """What the matchers of every region read of one text alike, worked out once.

    Each region's matcher walks the text with the same candidate pattern, region-free: where the
    next candidate starts from an index (cut before a second number), kept per index. And a
    candidate written with a plus sign names its own country: parsing and verifying it never
    reads the default region, so its match (or none) is kept per (candidate, offset).
    """

    __slots__ = ("text", "_next", "_international")

    def __init__(self, text: str) -> None:
        self.text = text
        self._next: dict[int, tuple[int, str] | None] = {}
        self._international: dict[tuple[str, int], Any] = {}

    def international(self, candidate: str, offset: int, parse_and_verify: Callable[[str, int], Any]) -> Any:
        """The match (or None) of a candidate written with a plus sign, parsed and verified once for all regions."""
        key = (candidate, offset)
        if key not in self._international:
            self._international[key] = parse_and_verify(candidate, offset)
        return self._international[key]

    def next_candidate(self, index: int) -> tuple[int, str] | None:
        """(start, candidate) of the matcher's next candidate at or after index."""
        if index not in self._next:
            from phonenumbers.phonenumbermatcher import _PATTERN, _SECOND_NUMBER_START_PATTERN

            found = _PATTERN.search(self.text, index)
            if found is None:
                self._next[index] = None
            else:
                candidate = found.group()
                second = _SECOND_NUMBER_START_PATTERN.search(candidate)
                self._next[index] = (found.start(), candidate[:second.start()] if second else candidate)
        return self._next[index]


@cache
def _short_skipping_matcher_class() -> type[Any]:
    from phonenumbers import PhoneNumberMatcher

    class ShortSkippingMatcher(PhoneNumberMatcher):  # type: ignore[misc]
        """PhoneNumberMatcher reading its text through a _SharedReading, and skipping groups too
        short to be valid.

        The matcher checks `min_candidate_length` only on a whole candidate; when that fails to
        parse as valid it parses each group inside it (`(201`, `2026`, `11` of `(201) 11/2026`),
        most of them shorter still. A group shorter than the bound cannot be valid either, so it
        is rejected unparsed - about 4 in 10 parses on long prompts. The matcher still counts it
        as a try (`_max_tries`), as it counts a failed parse."""

        reading: _SharedReading

        def _find(self, index: int) -> Any:
            """PhoneNumberMatcher._find as of phonenumbers 9.0, its candidates from the shared reading."""
            found = self.reading.next_candidate(index)
            while self._max_tries > 0 and found is not None:
                start, candidate = found
                if len(candidate) >= self._min_candidate_length:
                    match = self._extract_match(candidate, start)
                    if match is not None:
                        return match
                    self._max_tries -= 1
                found = self.reading.next_candidate(start + len(candidate))
            return None

        def _parse_and_verify(self, candidate: str, offset: int) -> Any:
            if len(candidate) < self._min_candidate_length:
                return None
            if candidate[:1] not in "+\uff0b":
                return super()._parse_and_verify(candidate, offset)
            return self.reading.international(candidate, offset, super()._parse_and_verify)

    return ShortSkippingMatcher


# Areas 900-999 are never issued (ITINs and the advertising range 987-65-4320..4329 live there).
# Also a key that starts with it (`ssn_last_changed=`, `"ssn":`) and the words in French, Spanish,
# Portuguese, German and Italian (#15, eighth corpus), and "social security" as a scanned form's OCR
# reads it (`S0cial Security`, `SociaI Security`: 0 for o, I or 1 for l; seventeenth corpus).
_SSN_NAMED_BEFORE = regex.compile(r"(?i)\b(?:ssn(?:_\w{1,30})?|ss#|s[o0]c[il1]a[il1]\s+s[e3]cur[il1]ty(?:\s+(?:number|no))?|social"
                                  r"|s[ée]curit[ée]\s+sociale|seguro\s+social|segurança\s+social|seguridad\s+social"
                                  r"|sozialversicherungs(?:nummer|nr)|previdenza\s+sociale)\b")
# A table column named for the SSN (`ssn`, `SSN#`, `social_security_no`, `tax_ssn`): its values are SSNs
# however far above the header or the INSERT's column list is.
# (Also a US taxpayer id, which for a person is the SSN: `tax_id`, `tin`.)
_SSN_COLUMN = regex.compile(r"(?i)(?:^|\s)(?:ssn|ss#|ssn#|social\s*security(?:\s*(?:number|num|no|#))?|soc\s*sec(?:\s*no)?"
                            r"|tax\s*(?:payer\s*)?id|tin)$")
NAMED_SSN_SCORE = 0.6
# The SSA's own published examples (the Woolworth wallet card, the 1990s pamphlet): documentation, not data.
_EXAMPLE_SSNS = frozenset({"078051120", "219099999"})


@cache
def _unlabelled_ssn_class() -> type[EntityRecognizer]:
    from presidio_analyzer.predefined_recognizers import UsSsnRecognizer

    class UnlabelledSsnRecognizer(UsSsnRecognizer):
        """Presidio's SSN patterns, without labelled ids and never-issued areas; nine digits in a
        row count when an SSN is named before them (`SSN 536228714`, a CSV column `ssn`)."""

        def invalidate_result(self, pattern_text: str) -> bool:
            digits = _digits_of(pattern_text)
            return bool(super().invalidate_result(pattern_text)) or digits[0] == "9" or digits in _EXAMPLE_SSNS

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                    regex_flags: int | None = None) -> list[Any]:
            results = [r for r in super().analyze(text, entities, nlp_artifacts, regex_flags)
                       if not labelled_as_id(text, r.start) and not _inside_phone_number(text, r.start, r.end)
                       and not _HYPHENATED_REFERENCE.match(text, max(0, r.start - 2), r.start)
                       and not _HYPHENATED_REFERENCE.match(text, r.end)]
            grouped = {_digits_of(text[r.start:r.end]) for r in results if r.end - r.start == 11}
            for r in results:
                # Named before it, or the same number written with its groups elsewhere in the text (an answer
                # reformats `346-88-2850`, a form shows what was typed: `346882850`), or in a column whose other
                # rows hold grouped SSNs (a header-less dump: `Ana RUIZ|536228714|...` under `Li WEI|346-88-2850|...`).
                if r.end - r.start == 9 and (_named_as_ssn(text, r.start) or text[r.start:r.end] in grouped
                                             or any(_GROUPED_SSN.fullmatch(cell) for cell in column_cells(text, r.start, r.end))):
                    r.score = max(r.score, NAMED_SSN_SCORE)
            # Nine digits read out (`the whole thing is 5 3 6 2 2 8 7 1 4`) count only after an SSN word.
            read_out = [r for r in results if r.analysis_explanation and r.analysis_explanation.pattern_name == SPOKEN_SSN]
            for r in read_out:
                r.score = NAMED_SSN_SCORE
            return [r for r in results if r not in read_out or _named_as_ssn(text, r.start)]

    return UnlabelledSsnRecognizer


# Nine digits read out one by one, as a call's transcript writes them (#15, nineteenth corpus).
SPOKEN_SSN = "SSN (read out)"
_SPOKEN_NINE_DIGITS = r"(?<!\d ?)\d(?: \d){8}(?! ?\d)"


_GROUPED_SSN = regex.compile(r"[ \t\"']*\d{3}([- ])\d{2}\1\d{4}[ \t\"']*")
_BLOCK_ROWS = 50


def column_cells(text: str, start: int, end: int) -> list[str]:
    """The other cells of the column a whole cell text[start:end] stands in, in the rows of its block (the adjacent
    lines split into as many cells by the same delimiter, `|`, `;` or a tab); [] when it is no whole cell."""
    line_start, line_end = line_span(text, start, end)
    line = text[line_start:line_end]
    for delimiter in ("|", ";", "\t"):
        count = line.count(delimiter)
        before, after = text[line_start:start], text[end:line_end]
        if count < 2 or before.strip(" \t").rpartition(delimiter)[2] or after.strip(" \t").partition(delimiter)[0]:
            continue  # (not a whole cell of a row split by this delimiter)
        index = before.count(delimiter)
        cells = []
        for step in (-1, 1):
            lo, hi = line_start, line_end
            for _ in range(_BLOCK_ROWS):
                if step < 0:
                    if lo == 0:
                        break
                    hi = lo - 1
                    lo = text.rfind("\n", 0, hi) + 1
                else:
                    if hi >= len(text):
                        break
                    lo = hi + 1
                    hi = len(text) if (nl := text.find("\n", lo)) < 0 else nl
                row = text[lo:hi]
                if row.count(delimiter) != count:
                    break
                cells.append(row.split(delimiter)[index])
        return cells
    return []


# An SSN-shaped run inside a longer hyphenated reference (`CL-721-28-4243`, `044-17-5339-34`): a letter or
# digit and a hyphen before it, or a hyphen and one after it.
_HYPHENATED_REFERENCE = regex.compile(r"[A-Za-z0-9]-|-[A-Za-z0-9]")


def _inside_phone_number(text: str, start: int, end: int) -> bool:
    """The digits end a longer number written as a phone (`0043 1 234566465`, `+43 1 234566465`): its
    subscriber part, not an SSN (#15, seventh corpus)."""
    lo = max(0, start - 24)
    return any(m.start() < start and end <= m.end() for m in _PHONE_FORMAT.finditer(text, lo, min(len(text), end + 24))
               if not _SSN_LAYOUT.fullmatch(text, m.start(), m.end()))


# Healthcare interchange formats name a field by its place (#15, nineteenth corpus): an X12 reference whose
# qualifier is SY (`REF*SY*536228714~`, the SSN), and HL7 v2's PID-19 (`PID|1||id||LAST^FIRST||...|||536228714`).
_X12_SSN_BEFORE = regex.compile(r"(?:^|~)[ \t\r\n]*REF\*SY\*\Z")
_HL7_PID_SSN_BEFORE = regex.compile(r"(?:^|[\r\n])PID\|(?:[^|\r\n]*\|){18}\Z")


def _named_as_ssn(text: str, start: int) -> bool:
    """In a table, the value's own column names it (`ssn` in the header is not the name of the
    `phone` cell below it), or in a table of fields and values a cell before it (`| SSN | 581071812 |`);
    in X12 or HL7, its field; elsewhere, the words just before it."""
    if _X12_SSN_BEFORE.search(text, max(0, start - 12), start) or _HL7_PID_SSN_BEFORE.search(text, max(0, start - 2000), start):
        return True
    column = column_name(text, start)
    if column is not None:
        cells = text[text.rfind("\n", 0, start) + 1:start].split("|")
        # (A field's name, then maybe where it comes from: `| ssn | PID-19 | 884088595 |`.)
        return bool(_SSN_COLUMN.search(column)) or any(_SSN_COLUMN.search(" " + cell.strip().lower()) for cell in cells[1:-1])
    return bool(_SSN_NAMED_BEFORE.search(text, max(0, start - 80), start))


# Version numbers: after a version keyword (`Version="`, `AssemblyVersion("`, `v`), a pin
# (`==`, `~=`), or a dotted package name (`Microsoft.Identity.Client 4.50.4.0`).
_VERSION_BEFORE = regex.compile(
    # `Version der App: `, `versión de la app: `: a version word, maybe a few words before the number.
    r"(?i)(?:(?:version|versi[oó]n|versie|versione|vers[ãa]o|wersj\w*|versjon|バージョン|版本|버전)(?:\s+(?!(?:at|on|of|from|to|is|ip|host|server|address)\b)"
    r"[\w-]{1,12}){0,3}[\s:=(\"']*"
    r"|\b(?:ver|build|release|assembly|firmware|fw|sw|software|logiciel|oprogramowanie|driver|package|sdk|runtime|v)"
    r"[\s:=(\"']*"
    # A network device's boot image (`! image 18.2.4.222`, `boot system flash image 17.3.4.1`).
    r"|\bimage[ \t]+"
    # A container image's tag as a config key (`tag: "8.2.18.4"`, `imageTag=`, `IMAGE_TAG=`), and after the image's name
    # (`image: kestrel/storefront:9.18.3.238`, `docker pull registry:5000/app:1.2.3.4`).
    r"|\b(?:image[_-]?)?tag[\"']?[ \t]*[:=][ \t]*[\"']?"
    r"|\b(?:image[\"']?[ \t]*[:=]|(?:docker|podman|nerdctl)[ \t]+(?:pull|push|run|tag|inspect)\b[^\n]{0,80}?)[ \t]*[\"']?"
    r"(?:[\w.-]+(?::\d+)?/)*[\w.-]+:"
    # A dotted package name on the number's own line; not a mail domain (`ann@web.de  172.26.9.8` in a
    # DataFrame printout) and not a command on the line above (`curl ifconfig.me` prints the address); a colon
    # glued to both is a host mapping (`- "db.internal:10.164.199.141"` of docker-compose's `extra_hosts`).
    r"|[=~<>!^]=\s*|\b(?<!@[\w.-]*)[a-z][\w-]*(?:\.[a-z][\w-]*)+(?:[ \t/]+|:[ \t]+)"
    # An upgrade's from / to (`upgraded the agent from 9.36.3.7970 to ...`).
    r"|\b(?:upgrad|updat|bump|downgrad|migrat|roll)\w*\b(?:[^\n.]|\.(?=\S)){0,60}?\b(?:from|to)\s+"
    r"(?:(?:the\s+)?(?:client|agent|app|version|build|release|firmware|driver|sdk|runtime|package)\s+)?"
    # Certificate and SNMP object identifiers: `OID 2.5.29.37`, `EKU 1.3.6.1`.
    r"|\b(?:oid|eku|object\s+identifier|extended\s+key\s+usage|snmp|algorithm|extension)\b(?:\s+(?:is|was|value))?[\s:=(\"']*"
    # A product token (`okhttp/4.12.0.1`, `AppName/17.2.1.9` in a User-Agent) and an XML setting's value
    # (`<add key="AssemblyVersion" value="17.22.30.242" />`).
    # (not a host name with a long digit run: `Node: aks-system-5867832-vmss000002/10.224.0.7` in `kubectl describe`)
    r"|(?<![\w/.:@-])(?![\w-]*\d{5})[A-Za-z][\w-]{1,30}/|version[\"']\s+value\s*=\s*[\"']"
    # What ships, runs or is pinned, and a component's number (`deployed 5.0.12.123`, `deploy 8.25.12.115 done`, `the
    # old terminals run 7.5.17.221`, `fixed in 6.14.8.135`, `We are
    # on Ansible 6.20.0.167`, `Running Workday 5.10.17.241`, `Pin the chart to 9.17.2.87`, `Terraform agent 6.24.18.125`).
    r"|\b(?:deploy(?:ed|ing|s)?|releas(?:ed|es|ing)|ship(?:ped|s|ping)?|runs?|ran|(?:fixed|resolved|introduced|available"
    r"|included)\s+in|requires|running"
    # (one space after the word: a table's `Running   10.244.1.7` is a status column and an address)
    r"|(?:we|i)(?:\s+are|\s+am|['’]re|['’]m)\s+(?:still\s+|currently\s+|now\s+)?on) (?-i:\p{Lu}[\w-]* ){0,2}"
    r"|\bpin(?:ned)?\b[^\n.]{0,30}?\bto\s+|\b(?:agent|chart|plugin|module|operator|extension|provider)\s+(?:v(?:ersion)?\s*)?)$")
# A table column of versions (`firmware`, `agent version`, `build`); not one that names an address
# (`client_ip`, `agent address`).
_VERSION_COLUMN = regex.compile(r"\b(?:version|ver|firmware|fw|build|release|driver|sdk|runtime|agent|client)\b")
_ADDRESS_COLUMN = regex.compile(r"\b(?:ip|ipv[46]|addr|address|host|remote)\b")
# A command that lists, installs or pins packages and modules, earlier on the number's line (`Get-Module
# Az.Accounts -ListAvailable   # 3.3.187.91`, `pip show azure-core  # 1.30.2.1`): the number is a version,
# unless a host is named between them (`-Proxy http://...`, `--host`, `server`) or another command follows (`;`, `|`, `&&`).
_VERSION_COMMAND = regex.compile(
    r"(?i)(?:\b(?:Get-(?:Installed)?Module|Find-Module|Install-Module|Update-Module|Import-Module|Get-(?:Installed)?Package"
    r"|Install-Package|Find-Package|Get-ItemPropertyValue)\b|\s-(?:ListAvailable|RequiredVersion|MinimumVersion"
    r"|MaximumVersion|AllVersions)\b|\s--?version\b|\b(?:pip3?|pipx|conda|npm|pnpm|yarn|gem|brew|choco|winget|apt(?:-get)?"
    r"|dnf|yum|nuget|cargo)\s+(?:show|list|ls|info|view|install|i|add|upgrade|freeze|search|outdated)\b"
    r"|\bdotnet\s+(?:--list-sdks|--list-runtimes|--info|add\s+package|tool\s+\w+)"
    r"|\b(?:az|kubectl|helm|terraform|func|node|python3?|java)\s+(?:version|--version|-v)\b)"
    r"(?:(?!://|@|[;&|]|\b(?:host|server|proxy|address|ip|endpoint|gateway|dns|from|to)\b)[^\n])*\Z")
# A network mask: ones then zeros (`255.255.255.255`, `255.255.254.0`).
_MASK_OCTET = r"(?:255|254|252|248|240|224|192|128|0)"
_NETMASK = regex.compile(rf"255\.(?:255\.(?:255\.{_MASK_OCTET}|{_MASK_OCTET}\.0)|{_MASK_OCTET}\.0\.0)")
# Addresses that name no host: loopback and unspecified.
_NO_HOST = regex.compile(r"127\.\d+\.\d+\.\d+|0\.0\.0\.0|::1?")
# OIDs and longer dotted runs: an address has exactly four parts.
_DOTTED_RUN = regex.compile(r"\d\.$")
# `4.50.4.0`: a quad ending in .0 without a prefix length is a version or a mask; networks are
# written as CIDR blocks (`10.0.0.0/16`), hosts do not end in .0.
_NETWORK_WITHOUT_PREFIX = regex.compile(r"\d+\.\d+\.\d+\.0$")


@cache
def _versionless_ip_class() -> type[EntityRecognizer]:
    from presidio_analyzer.predefined_recognizers import IpRecognizer

    class VersionlessIpRecognizer(IpRecognizer):
        """Version numbers and OIDs are not addresses; everything else is as in Presidio."""

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                    regex_flags: int | None = None) -> list[Any]:
            results = super().analyze(text, entities, nlp_artifacts, regex_flags)
            return [r for r in results if not _is_version_or_oid(text, r.start, r.end)]

    return VersionlessIpRecognizer


# A lone `::` and one group (`::add` of GitHub Actions' `::add-mask::`, `::warning`): no address names a host that way.
_LONE_GROUP = regex.compile(r"::[0-9A-Fa-f]{1,4}")


def _is_version_or_oid(text: str, start: int, end: int) -> bool:
    if ":" in text[start:end]:
        return bool(_NO_HOST.fullmatch(text, start, end) or _LONE_GROUP.fullmatch(text, start, end))  # IPv6
    if _NO_HOST.fullmatch(text, start, end):
        return True
    if _NETMASK.fullmatch(text, start, end):
        return True  # `ip address 203.0.113.10 255.255.255.255`: a mask, no host
    return bool(_VERSION_BEFORE.search(text, max(0, start - 60), start) or _DOTTED_RUN.search(text, max(0, start - 2), start)
                or regex.match(r"\.\d", text[end:end + 2]) or _version_column(column_name(text, start) or "")
                or _VERSION_COMMAND.search(text, text.rfind("\n", 0, start) + 1, start)
                or (_NETWORK_WITHOUT_PREFIX.fullmatch(text[start:end]) and text[end:end + 1] != "/"))


def _version_column(column: str) -> bool:
    return bool(_VERSION_COLUMN.search(column)) and not _ADDRESS_COLUMN.search(column)


# ---------------------------------------------------------------- names by their place (ner mode)

_NAME_WORD = r"\p{Lu}[\p{L}'’-]*\p{Ll}"
_PARTICLE = r"(?:de|da|di|do|dos|das|del|della|der|den|van|von|ten|ter|du|des|la|le|bin|al|el|Ó|Ní)"
# A name word in capitals (`OKAFOR`, `SEO-YEON`), and one after a title, which may glue its particle (`d'Ormesson`).
_CAPS_WORD = r"\p{Lu}[\p{Lu}'’-]*\p{Lu}"
# A surname may glue its particle (`Anne d'Ormesson`), or be written in capitals after the given name, as HR
# systems, card schemes and many European countries write it (`Jun WANG`, `Anouk VAN DIJK`; #15, eighteenth corpus).
# (Not an acronym of the trade after a capitalised word: `Image ID`, `Payments PROD`, `Customer Care EMEA`.)
_ACRONYM = (r"(?:ID|IDS|PAT|CRM|ERP|EMEA|APAC|AMER|LATAM|DACH|PROD|PRD|DEV|TEST|QA|UAT|STG|DR|API|URL|IT|HR|VPN|SSO|MFA|DB|SQL"
            r"|VM|AWS|GCP|CI|CD|EU|US|UK|SOC|NOC|IAM|PII|KYC|AML|SAP|SLA|KPI|CEO|CFO|CTO|CIO|CISO|COO|VP|PM|OPS|SRE|HQ|LTD"
            r"|LLC|INC|GMBH|AG|SA|SE|PLC|BV|NV|AB|AS|OY|SAS|SARL|SRL|SPA|OK|FAQ|PDF|CSV|XML|JSON|SDK|CLI|UI|UX|PR|RFC|POC|MVP)")
_SURNAME_WORD = rf"(?:[dD][’']){{0,1}}(?:{_NAME_WORD}|(?!{_ACRONYM}(?![\p{{L}}\d])){_CAPS_WORD}(?![\p{{L}}\d]))"
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_SURNAME_WORD}){{0,2}}"
_FULL_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_SURNAME_WORD}){{1,2}}"
_TITLED_WORD = rf"(?:[dD][’']){{0,1}}{_NAME_WORD}"
# Languages, which a text is translated to (`translate this mail to English:`).
_LANGUAGES = (r"(?:English|German|French|Spanish|Portuguese|Italian|Dutch|Polish|Japanese|Chinese|Korean|Swedish|Englisch|Deutsch"
              r"|Französisch|Spanisch|Italienisch|Niederländisch|Polnisch|Anglais|Allemand|Français|Espagnol|Inglés|Español"
              r"|Alemán|Inglese|Italiano|Tedesco|Inglês|Português|Alemão|Engels|Nederlands|Duits|Angielski|Polski|Niemiecki)")
# Titles and honorifics before a name in the corpus languages (`Dr`, `Frau`, `Sra.`, `Dott.ssa`, `Pani`, `dhr.`).
_TITLES = (r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Herr|Frau|Sr|Sra|Srta|Dña|Doña|Mme|Mlle|Madame|Monsieur|M(?=\.)|Dott(?:\.ssa)?"
           r"|Sig(?:\.ra)?|Signor|Signora|Avv|Pani|Panie|Panu|Panią|dhr|mevr|Dhr|Mevr|Mevrouw|Meneer|Señor|Señora|Senhor|Senhora)")
# Where prose conventions put a person's name, whatever the name: a chat transcript's speaker, a
# mail header, a greeting, a letter's sign-off, a ticket or record field naming a person.
# Above spaCy's 0.85: Presidio drops a finding contained in an equally scored one, and spaCy's wider
# span (`E17,Ana Ruiz`) is then dropped as code, taking the placed name with it.
PLACED_SCORE = 0.9
# Discourse words that open a sentence followed by a comma ("However, the ..."): no one addressed.
_NOT_ADDRESSED = (r"(?:However|Also|Note|Yes|No|Ok|Okay|So|Well|Now|Then|Sorry|Please|Thanks|Today|Tomorrow|Yesterday"
                  r"|Unfortunately|Additionally|Finally|Meanwhile|Sure|Actually|Alternatively|Again|Here|There|Currently"
                  r"|Otherwise|Besides|Honestly|Anyway|First|Second|Third|Next|Lastly|Previously|Fortunately|Hopefully"
                  r"|Still|Plus|Oh|Great|Perfect|Right|Done|Agreed|Understood|Instead|Ideally|Therefore|Thus|Hence|Similarly"
                  r"|Overall|Basically|Generally|Specifically|Importantly|Morning|Evening|Afternoon|Hello|Hi|Hey|Dear|Update"
                  r"|Fine|Good|Cool|Nice|Alright|Absolutely|Exactly|Indeed|Sadly|Luckily|Interesting|True|Correct|Noted"
                  r"|Summary|Translation|Example|Background|Context|Result|Results|Answer|Question|Ticket|Subject|Notes?"
                  r"|Bueno|Además|Perdón|Gracias|Entonces|Oye|Hola|Danke|Bitte|Übrigens|Also|Allerdings|Leider|Hallo|Oui|Non"
                  r"|Merci|Alors|Bon|Désolé|Bonjour|Sim|Obrigad[oa]|Então|Olá|Ciao|Grazie|Allora|Scusa|Tak|Nie|Dzięki|Cześć"
                  r"|Hej|Tack|Dank|Dus|Nou|Ja|Nee|Nein|Sí|Si|Servus|Moin|Grüezi|Salut|Buongiorno|Buenas|Buenos|Hoi|Witam|Dzień)")
# Where exports, code and paperwork put a person's name (#15): an N'...' literal opening a SQL
# row, a quoted display name before a mailbox, a JSON or ARM value under a key that holds a person, Windows
# events' user names, Jira's people, a Windows profile path, a LaTeX letter, vCard and iCalendar names, a chat
# export's speaker after a date, a name before a mailbox in brackets, a contract's signatories, a label
# followed by the name and more on its line.
_PERSON_KEYS = (r"(?:account_?holder|holder|owner(?:_?name)?|assignee|reporter|creator|author|contact(?:_?name)?|real_?name"
                r"|customer(?:_?name)?|employee(?:_?name)?|requester|patient(?:_?name)?|beneficiary|payee|signatory|manager"
                r"|recipient|sender|user_?name|display_?name|full_?name|name)")
# Words one space apart: OCR'd forms pad fields with runs of spaces (`Signed :   Ana Ruiz        Ref  INV81`).
_TIGHT_FULL_NAME = rf"{_NAME_WORD}(?: (?:{_PARTICLE} )?{_NAME_WORD}){{1,2}}"
# Words that make a capitalised phrase a team, a service or an organisation, not a person (`Azure Support`,
# `Service Desk`, `Product Management`); the rules below that take any full name in a place skip such phrases.
_ORG_WORDS = (r"(?:Support|Desk|Helpdesk|Service|Services|Team|Office|Center|Centre|Hotline|Line|Sales|Billing|Reception|Advocacy"
              r"|Security|Operations|Bank|Group|Company|Department|Hospital|Clinic|University|Airlines?|Hotel|Account|Accounts"
              r"|Management|Leadership|Engineering|Finance|Legal|Marketing|Procurement|Payroll|Microsoft|Google|Amazon|Azure"
              r"|GitHub|Apple|Savings|Checking|Current|Insurance|Customer|Partner|Vendor|Supplier|Project|Program|Programme"
              r"|Initiative|Operation|Studio|Online|Cloud|Server|Suite|Portal|Platform|Pharma|Retail|Logistics|Energy"
              r"|Holdings|Partners|Capital|Consulting|Solutions|Systems|Technologies|Labs|Health|Foods|Motors|Industries"
              r"|Networks|Software|Analytics|Ventures|Media|Steel|Success|Resources|Relations|Alerts?|Bots?|Notifications?"
              r"|Monitoring|Monitor|Care|Payable|Receivable|Awareness|Ops|Traders|Backoffice|Fulfil+ment|Warehousing|Distribution"
              r"|Shipping|Freight|Fashion|Outlet|Store|Stores|Boutique|Atelier"
              # (utilities and telecoms, their companies and their tariffs: `Tejo Energia`, `Azur Télécom`, `Sam Smart Plan`; not
              # `Power`, an Irish surname too)
              r"|Energia|Energie|Énergie|Electric|Electricity|Utilities|Utility|Water|Gas|Telecom|Télécom|Telekom"
              r"|Telecomunicaciones|Mobil|Mobile|Wireless|Broadband|Fibre|Fiber|Disco|Plan|Tariff|Bundle|Roaming|Fixed"
              r"|Unlimited|Prepay|Postpaid|Instalacje|Installations"
              # (a council's and a university's offices: `Graduate Admissions`, `Student Finance Registry`)
              r"|Admissions|Registry|Registrar|Enrolment|Enrollment|Council|Faculty|Library|Bursary|Finance)")
# ... nor a word that leads up to a name (`Contact Ana Ruiz (...)`, `Ask ...`).
_LEAD_WORDS = (r"(?:Contact|Ask|Call|Ring|Ping|Email|E-mail|Text|Message|Customer|Client|Dear|Please|Mr|Mrs|Ms|Dr"
               r"|Kunde|Kundin|Klant|Klient|Klientin|Cliente|Patient|Patiente|Paciente|Utente)")
_PERSONS_NAME = rf"(?!(?:{_NAME_WORD}[ \t]+){{0,2}}{_ORG_WORDS}\b)(?!{_LEAD_WORDS}[ \t]){_FULL_NAME}"
_AFTER_LABELLED_NAME = r"(?=[ \t]*(?:\r?\n|$|[,;<(|—–]|[ \t]\+?\d|[ \t][\w.+-]+@)|\.(?:\s|$)|[ \t]{2,}|[ \t]+/)"
_PAPERWORK_PLACES: tuple[tuple[str, str], ...] = (
    ("sql_row_name", rf"\([ \t]*N'\K{_FULL_NAME}(?=')"),
    ("quoted_display_name", rf"\"\K{_FULL_NAME}(?=\"[ \t]*<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>)"),
    ("name_before_bracketed_address", rf"{_FULL_NAME}(?=[ \t]*\([\w.+-]+@[\w-]+(?:\.[\w-]+)+\))"),
    # ... or before a bracket that opens with a way to reach them (`Ask Ana Ruiz (+27 71 165 7341)`, `an Ugo Brandauer
    # (Tel. 01 234562205, E-Mail ...)`, `Customer Eun-ji Adeyemi (mail@..., 06 12 34 44 11)`).
    ("name_before_bracketed_contact", rf"{_PERSONS_NAME}(?=[ \t]*\((?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+[ \t]*[,;)]"
                                      r"|\+?\(?\d[\d \t().\/-]{5,}\d[ \t]*[,;)]"
                                      r"|(?i:tel|tél|phone|mobile|mob|cell|handy|celular|portable|telefone|telefon|teléfono|ph)\.?[ \t:]))"),
    # A contract's party with its defined role (`between Ana Ruiz ("Client"), residing at ...`).
    ("contract_party", rf"{_PERSONS_NAME}(?=[ \t]*,?[ \t]*\([ \t]*(?:(?i:hereinafter)[ \t]+)?(?:the[ \t]+)?[\"“]\p{{Lu}}[\p{{L}} ]{{1,20}}[\"”][ \t]*\))"),
    # A bank statement's payer or payee (`SEPA credit from Ana Ruiz  AT61...`, `Überweisung an ...`).
    ("payment_party", rf"\b(?i:(?:sepa[ \t]+)?(?:credit|debit|transfer|payment|remittance|refund|wire)[ \t]+(?:from|to|for)"
                      rf"|virement[ \t]+(?:de|à)|überweisung[ \t]+(?:von|an)|transferencia[ \t]+(?:de|a))[ \t]+\K{_PERSONS_NAME}"
                      r"(?=[ \t]{2,}|[ \t]*(?:[,;(]|\r?$)|[ \t]+[A-Z]{2}\d{2}|[ \t]+\d)"),
    ("person_json_value", rf"(?i)\"{_PERSON_KEYS}\"[ \t]*:[ \t]*(?:\{{[ \t]*\"value\"[ \t]*:[ \t]*)?\"\K(?-i:{_FULL_NAME})(?=\")"),
    ("event_user_name", rf"<Data Name=\"(?:Target|Subject)User(?:Name)?\">\K{_NAME}(?=</Data>)"),
    # (ISO 20022's debtor and creditor names: `<Cdtr><Nm>Ana Ruiz</Nm></Cdtr>` in a SEPA file.)
    ("xml_person_element", rf"<(?:reporter|assignee|creator|author|owner|contact|Nm)\b[^>\n]{{0,200}}>\K{_NAME}(?=</)"),
    ("profile_path", rf"(?i:\b[a-z]:\\(?:Users|Documents and Settings)\\)\K(?!(?:Public|Default|Administrator|Guest)\b){_NAME_WORD}(?:[ .]{_NAME_WORD})?(?=[\\>\s\"']|$)"),
    ("latex_name", rf"\\(?:signature|name|begin\{{letter\}})\{{\K{_NAME}(?=\}})"),
    ("latex_opening", rf"\\opening\{{(?:Dear|Hello|Hi)[ \t]+\K{_NAME}(?=[,}}])"),
    ("vcard_formatted_name", rf"(?m)^FN:\K{_NAME}(?=\r?$)"),
    ("vcard_family_name", rf"(?m)^N:\K{_NAME_WORD}(?=;)"),
    ("vcard_given_name", rf"(?m)^N:[^;\n]*;\K{_NAME_WORD}(?=;)"),
    ("calendar_common_name", rf";CN=\\?\"?\K{_NAME}(?=\\?\"?[:;])"),
    ("chat_speaker_dated",
     rf"(?m)^[ \t]*\[?\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}},?[ \t]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[ \t]?[AP]M)?\]?"
     rf"[ \t]*(?:-[ \t]*)?\K{_NAME}(?=:[ \t])"),
    ("chat_speaker_after_time", rf"(?m)^[ \t]*\[\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[ \t]?[AP]M)?\][ \t]+\K(?!{_NOT_ADDRESSED}[ \t]*\r?$)"
                                rf"{_NAME}(?=[ \t]*\r?$)"),
    ("signatory", rf"(?i:\bsigned(?:[ \t]+by)?)[ \t]*:[ \t]*\K{_TIGHT_FULL_NAME}(?=[ \t]*(?:/|,|\r?\n|$|[ \t]{{2}}))"),
    ("co_signatory", rf"(?i:\bsigned(?:[ \t]+by)?)[ \t]*:[ \t]*{_TIGHT_FULL_NAME}[ \t]*/[ \t]*\K{_TIGHT_FULL_NAME}"
                     rf"(?=[ \t]*(?:,|\r?\n|$|[ \t]{{2}}))"),
    ("labelled_person", rf"(?im)\b(?:owner|employee|patient(?:[ \t]+name)?|(?:emergency[ \t]+)?contact|bill[ \t]+to|ship[ \t]+to"
                        rf"|statement[ \t]+for|account[ \t]+holder|requester|reporter|assignee|customer|author|nome|nom|name"
                        rf"|cliente|client|klant|kunde|kundin|passenger|travell?er|applicant|tenant|claimant|caller|insured"
                        rf"|subscriber(?:[ \t]+name)?|member(?:[ \t]+name)?|payee|payer|debtor|creditor|guarantor"
                        rf"|beller|anrufer(?:in)?|appelant(?:e)?|llamante|chiamante|dzwoniąc[ay]|chamador(?:a)?"
                        rf"|titular|inhaber|kontoinhaber|담당자|氏名|名前)(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+|this[ \t]+)?[\w-]{{2,20}})?[ \t]*[:：][ \t]*\K(?-i:{_TIGHT_FULL_NAME}){_AFTER_LABELLED_NAME}"),
)
# Where tickets, mail and chat put names (#15): a greeting quoted in a reply or inside a string
# (`> Hi Elif,`, `` `Hi Yuki, ...` ``), a sign-off after a dash (`— Ravi`), a mention (`@Priya here`, `[~Minh]`),
# live-chat speakers (`Yusuf (Agent):`, `Visitor: Ana Ruiz, email ...`), an introduction in any of the usual
# languages (`My name is`, `je m'appelle`, `Jag heter`, `こんにちは、…です`), a full name after words that
# introduce a person (`Please call`, `Escalated to`, `scheduled by`, `KYC check passed for`, `A cliente`, `Kollege`),
# code comments and calls that name one (`# Ana Ruiz asked for cc`, `// TODO Ana Ruiz:`, `New-ADUser -Name "..."`,
# `VALUES ('Ana Ruiz', ...`, `billing_name = '...'`), chat exports with ISO times (`[2026-12-17T17:21:15Z] Ana Ruiz:`),
# review quotes (`> @Ana Ruiz: ...`), Jira comments (`Ana Ruiz added a comment`), and who wrote what (`— Fabian wrote`).
_GREETING_WORDS = r"(?:Hi|Hello|Dear|Hey|Hallo|Hola|Bonjour|Ciao|Olá|Hej|Hoi|Cześć|Witaj)"
# A chat handle or a name in lower case, as Slack and Teams users type them (`ana clara`, `jianguo`); not the
# broadcast mentions.
_LOWER_NAME_WORD = r"\p{Ll}[\p{Ll}'’-]{1,30}(?![\w.])"
# The words after a mention (`@ana can you ...`); a mention of a name in two words (`@ana clara can ...`) stops before them.
_MENTION_NEXT = (r"(?:here|can|could|would|please|pls|thanks|ty|fyi|do|did|is|are|have|has|the|when|once|after|before|if"
                 r"|about|to|for|and|or|on|in|was|will|should|knows?|let|see|says|said|asked|wrote|mentioned|owns)")
# (Nor a team's handle: `@sre-leads`, `@platform-oncall`, `@team-payments`.)
_LOWER_HANDLE = (rf"(?!(?:here|channel|everyone|all|team|admin|admins|oncall|on-call|devops|support|ops|sre|bot|system|alerts?)\b"
                 rf"|[\p{{Ll}}-]*-(?:leads?|team|ops|oncall|on-call|admins?|devs?|eng|owners|reviewers|maintainers|squad|crew|group"
                 rf"|infra|platform|support|sre|qa|sec|security|bots?)\b|(?:sre|ops|dev|qa|sec|infra|platform|team)-){_LOWER_NAME_WORD}")
_FILE_EXTENSION = r"(?:json|ya?ml|txt|csv|tsv|xml|py|js|ts|md|html?|log|sh|env|conf|cfg|ini|toml|pem|key|crt|zip|gz|tar|sql|bin)"
_SERVICE_HANDLE_PARTS = frozenset("""
admin bot svc service system ci cd deploy batch cron scheduler monitor alerts noreply automation pipeline runner agent
daemon worker job etl sync backup
""".split())
# ... and of a team's or an environment's (`@sre.oncall`, `@payments.leads`): a mention's part that names no person.
_HANDLE_SERVICE_PART = "(?:" + "|".join(sorted(_SERVICE_HANDLE_PARTS | frozenset("""
team ops sre oncall devops support infra platform qa sec security dev prod test staging lead leads""".split()))) + ")"
# A role whose person is named in brackets after it (`Customer on the phone (Sota)`, `Cliente (Nour)`), not a plan or tier.
_ROLE_IN_BRACKETS = (r"(?i:\b(?:customer|client|cliente|caller|visitor|guest|user|patient|employee|kunde|kundin|on\s+the\s+(?:phone|line)"
                     r"|requester|contact))[ \t]*\((?!(?:Enterprise|Admin|Administrator|Guest|Premium|Business|Retail|Internal"
                     r"|External|Owner|Contributor|Reader|Member|Standard|Basic|Free|Trial|Partner|Agent|Bot|Gold|Silver|Platinum)\))")
_INTRODUCTION = (r"(?:[Mm]y name is|[Mm]y name's|I'm|I am|[Jj]e m['’]appelle|[Jj]ag heter|[Mm]i nombre es|[Mm]e llamo|[Ii]ch hei(?:ß|ss)e"
                 r"|[Mm]ein Name ist|[Mm]i chiamo|[Mm]eu nome é|[Mm]e chamo|[Nn]azywam się|[Mm]ijn naam is|[Ii]k heet|[Мм]еня зовут"
                 r"|[Ss]ono|[Ii]ch bin|[Jj]e suis|[Ss]oy|[Ss]ou|[Jj]ag är|[Tt]u|[Hh]ier ist|[Tt]his is)")
# The first word of a city of two words (`New York`, `San José`, `Hong Kong`, `Buenos Aires`).
_CITY_HEAD = r"(?:New|San|Santa|Santo|São|Sao|Saint|St|Los|Las|Rio|Hong|Buenos|Kuala|Cape|Tel|Porto|Port|Fort|Mexico|Abu|Costa|Salt)"
# Words in kanji that take an honorific and are no one's name (everyone, customer, person in charge, ...).
_KANJI_NOT_NAMES = "皆|各位|担当者|担当|関係者|利用者|管理者|責任者|客|社員|会員|患者|先生方"
# Teams and pronouns, which do what a summary's next step or an action item says (`Next step: Finance will`).
_TEAMS_AND_PRONOUNS = (r"(?:Support|Finance|Legal|Security|Sales|Ops|IT|Engineering|Marketing|Billing|Procurement|HR|Team"
                       r"|We|They|Someone|Everyone|Nobody|The|This|That)")
_PERSON_LEAD = (r"(?:[Pp]lease call|[Cc]all|[Ee]scalated to|[Aa]ssigned to|[Pp]ing|[Ss]cheduled by|[Pp]assed for|[Ff]ailed for|[Ee]dited by"
                r"|[Cc]reated by|[Aa]pproved by|[Rr]equested by|[Rr]eported by|[Ss]ubmitted by|[Hh]iring manager|[Mm]y (?:wife|husband|partner)"
                r"|[Ss]pouse:|[Cc]olleague|[Kk]olleg(?:e|in)|[Kk]und(?:e|in)|[AO] cliente|[EI]l cliente|[Ll]a cliente|[Ll]e client"
                r"|[Dd]er Kunde|[Dd]ie Kundin|[Rr]eference:|[Rr]eply to this from|[Ww]orked with|\*\*Summary:\*\*|[Nn]ew hire"
                r"|comments from|[Kk]lant|[Kk]lient(?:ka)?|客户|顾客|[Rr]eferences?:"
                # A patient or an insured person in the corpus languages (`Patiente Ana Ruiz souhaite ...`, `Utente ...`).
                r"|[Pp]atiente?|[Pp]aciente|[Uu]tente|[Aa]ssuré(?:e)?|[Ss]egurad[oa]|[Aa]ssicurat[oa]|[Vv]ersicherte[rn]?"
                r"|[Ss]tarted[ \t]+by[ \t]+user)")
_CONVERSATION_PLACES: tuple[tuple[str, str], ...] = (
    ("greeting_quoted_or_inline", rf"(?m)(?:^[ \t]*(?:>[ \t]*)+|[\"`“]){_GREETING_WORDS}[ \t]+\K{_NAME}(?=[ \t]*[,!:])"),
    ("dash_sign_off", rf"(?m)^[ \t]*(?:—|–|--)[ \t]?\K{_NAME}(?=[ \t]*\r?$)"),
    # ... and at the end of a quoted message (`"new vpn password is ... – Priyanka"`).
    ("quoted_dash_sign_off", rf"[ \t](?:—|–)[ \t]*\K(?!{_NOT_ADDRESSED}[\"”»])(?!{_ORG_WORDS}[\"”»]){_NAME}(?=[\"”»])"),
    # A work note's author opening an indented line (`  Ana Ruiz: reset the account, ...`).
    ("work_note_author", rf"(?m)^[ \t]+\K{_PERSONS_NAME}(?=:[ \t]+\p{{Ll}})"),
    # (A handle in lower case too, `@chinedu can you check?`, and mentions in a row: `@Aoi Sato @ana — please review`.)
    ("mention", rf"(?:(?<![\w.@])@|\[~)\K(?:{_NAME_WORD}(?:[ \t](?:{_PARTICLE}[ \t]){{0,2}}{_NAME_WORD})?|{_LOWER_HANDLE}"
                rf"(?:[ \t](?!{_MENTION_NEXT}\b){_LOWER_NAME_WORD})?)"
                r"(?=\]|[ \t]*[:,][ \t]|[ \t]+@\p{L}|[ \t]*[—–][ \t]"
                rf"|[ \t]+{_MENTION_NEXT}\b|[ \t]*[.!?](?:\s|$)"
                # (a name in two words at the end of a line; one word there is a code annotation: `@Override`, `@dataclass`)
                r"|(?<=[ \t][\p{L}'’-]+)[ \t]*(?:\r?\n|$))"),
    # A mention of a dotted handle (`@yejin.jung`, `@carmen_ortega`), whatever follows: first.last is a person's, unless a
    # part names a service or a team (`@deploy.bot`, `@sre.oncall`), it is a file (`curl -d @body.json`), a decorator
    # opening a line (`@app.route("/")`, `@router.get`) or a URL's host (`user:pass@db-payroll.internal`: after a space only).
    ("dotted_mention", rf"(?<![^\s(\[])@\K(?!{_HANDLE_SERVICE_PART}[._])\p{{Ll}}[\p{{Ll}}'’-]{{1,30}}[._]\p{{Ll}}[\p{{Ll}}'’-]{{1,30}}"
                       rf"(?<![._](?:{_HANDLE_SERVICE_PART}|{_FILE_EXTENSION}))(?![\w@'’(-]|\.\w)"
                       r"(?!(?<=^[ \t]*@[\w.'’-]+)[ \t]*\r?$)"),
    # Each name of a mail header's list (`Cc: Femi Adeyemi, Hannah Schmidt <h@...>`); one alone is mail_header's.
    ("mail_header_list", rf"(?m)(?<=^(?:>[ \t]*)*(?:To|TO|Cc|CC|cc|Bcc|BCC|An|À|Para|Aan|Do|Kopie)[ \t]*:[ \t]*"
                         rf"(?:[^\n,;<]{{1,60}}(?:<[^\n>]{{1,80}}>)?[ \t]*[,;][ \t]*){{0,12}}){_PERSONS_NAME}(?=[ \t]*(?:[,;<(]|\r?$))"),
    # A person given to a command (`git log --author="Wei Zhang"`, `git config user.name "..."`, `az ad user create
    # --display-name "..."`).
    ("cli_person_flag", rf"(?:--(?:author|committer)|\buser\.name)(?:=|[ \t]+)[\"']\K{_NAME}(?=[\"']|[ \t]*<)"
                        rf"|--display-?name(?:=|[ \t]+)[\"']\K{_PERSONS_NAME}(?=[\"'])"),
    ("live_chat_speaker", rf"(?m)^[ \t]*\K{_NAME}(?=[ \t]*\((?:Agent|Support|Customer|Visitor|Bot|Operator)\):)"),
    ("live_chat_visitor", rf"(?m)^[ \t]*(?:Visitor|Customer|Guest|User)[ \t]*:[ \t]*\K{_FULL_NAME}(?=[ \t]*,)"),
    ("introduction", rf"\b{_INTRODUCTION}[ \t]+\K{_NAME}(?=[ \t]*[,.!;)\"”]|[ \t]+(?:and|und|et|y|e|och|i|here|hier|from|aus)\b)"),
    ("introduction_japanese", rf"(?:こんにちは|はじめまして)[、,]?[ \t]*\K{_NAME}(?=[ \t]*(?:です|と申します))"),
    ("person_after_lead", rf"{_PERSON_LEAD}[ \t]+\K{_PERSONS_NAME}(?![ \t]*\p{{Lu}})"),
    ("code_comment_person", rf"(?:#|//|--|/\*)[ \t]+(?:(?:TODO|FIXME|NOTE|XXX)[ \t:]+)?\K{_FULL_NAME}"
                            r"(?=[ \t]*:|[ \t]+(?:asked|said|wants|requested|added|wrote|says|approved|owns|needs)\b)"),
    ("powershell_user_name", rf"\b(?:New|Set)-(?:AD|Local|Mg|Azure(?:AD)?)User\b[^\n]*?-(?:Name|DisplayName)[ \t]+[\"']\K{_NAME}(?=[\"'])"),
    # A result row's name cell followed by its mail cell (`-- 88213 | Ana Ruiz | ana@contoso.com | ...`).
    ("row_name_before_mail", rf"\|[ \t]*\K{_FULL_NAME}(?=[ \t]*\|[ \t]*[\w.+-]+@[\w-]+(?:\.[\w-]+)+[ \t]*(?:\||\r?$))"),
    ("sql_values_name", rf"\bVALUES[ \t]*\([ \t]*'\K{_FULL_NAME}(?=')"),
    ("name_variable", rf"\b(?i:(?:billing|customer|holder|account|full|display|contact|first|last|card|owner|employee|patient|user)_?name)"
                      rf"[ \t]*[:=][ \t]*[\"']\K{_FULL_NAME}(?=[\"'])"),
    ("chat_speaker_iso", rf"(?m)^[ \t]*\[\d{{4}}-\d{{2}}-\d{{2}}[T ][\d:.]+Z?\][ \t]*\K{_NAME}(?=:[ \t])"),
    ("review_quote_speaker", rf"(?m)^>[ \t]*@?\K{_FULL_NAME}(?=:[ \t])"),
    ("jira_comment_author", rf"(?m)^\K{_FULL_NAME}(?=[ \t]+added a comment)"),
    ("who_wrote", rf"(?:[—–>][ \t]*)\K{_NAME}(?=[ \t]+wrote\b)"),
    ("told_person", rf"\b(?:[Tt]ell|[Aa]sk|[Tt]hank|[Tt]hanks|cc|ty|thx)[ \t]+\K{_NAME_WORD}(?=[ \t]*(?:[,.!?]|$|[ \t]+(?:haha|lol|pls|please)\b))"),
    # Slack's speaker line in lower case (`ana clara  5:22 PM`); "ping ana clara, she has the config".
    # (Or a 24-hour time two spaces after the handle, with the message on the next line: `søren  10:28`.)
    ("chat_speaker_line_lower", rf"(?m)^[ \t]*\K{_LOWER_HANDLE}(?:[ \t]{_LOWER_NAME_WORD})?(?=[ \t]{{1,4}}\d{{1,2}}:\d{{2}}[ \t]?[AaPp][Mm][ \t]*\r?$"
                                rf"|[ \t]{{2,4}}\d{{1,2}}:\d{{2}}[ \t]*\r?\n[ \t]*\S)"),
    ("pinged_person", rf"\b(?:[Pp]ing|[Aa]sk|[Tt]ell|cc)[ \t]+\K(?!(?:me|him|her|them|us|you|it|someone|anyone|everyone|the)\b)"
                      rf"(?:{_LOWER_NAME_WORD}(?:[ \t]{_LOWER_NAME_WORD})?|{_NAME})(?=[ \t]*,[ \t]*(?:he|she)\b)"),
    ("role_in_brackets", rf"{_ROLE_IN_BRACKETS}\K{_NAME}(?=\))"),
    # A single name opening a line or a quote and set off by a comma, the sentence going on in lower case: the
    # person addressed (`María, la contraseña es ...`, `"Katrin, the password is ...`).
    ("addressed_person", rf"(?m)(?:^|(?<=^[ \t]*[\"“„«]))[ \t]*\K(?!{_NOT_ADDRESSED}\b){_NAME_WORD}(?=,[ \t]+\p{{Ll}})"),
    # Who acts next in a summary (`Next step: Chloe will follow up`).
    ("next_step_person", rf"\b(?:[Nn]ext[ \t]steps?|[Aa]ction(?:[ \t]items?)?|[Ff]ollow[- ]up|TODO)[ \t]*:[ \t]*\K"
                         rf"(?!{_TEAMS_AND_PRONOUNS}\b){_NAME}(?=[ \t]+(?:will|to|should|must|can|is[ \t]+going[ \t]+to)\b)"),
    # A signature under a `--` line (`--` / `Théo Rousseau` / `Senior Account Manager`).
    ("signature_after_rule", rf"(?m)^[ \t]*(?:--|—|__+)[ \t]*\r?\n[ \t]*\K{_FULL_NAME}(?=[ \t]*\r?$)"),
    # A full name alone on the text's last line, after a sentence: who wrote it (`... (BIC: ...).` / `Ana Ruiz`).
    ("name_closing_text", rf"(?m)(?<=[.!?)][ \t]*\r?\n)[ \t]*\K(?!(?:Best|Kind|Warm|Many|With|Thank|Thanks|Yours)\b)"
                          rf"{_TIGHT_FULL_NAME}(?=[ \t]*\s*\Z)"),
    # A DataFrame printout's name cell before its mail cell (`0  17983   Ana Ruiz    ana@contoso.com   ES`).
    ("frame_name_before_mail", rf"(?<=[ \t]{{2}}){_NAME_WORD}(?: (?:{_PARTICLE} ){{0,2}}{_NAME_WORD}){{1,2}}(?=[ \t]{{2,}}[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?:[ \t]|\r?$))"),
    ("did_person", rf"\b(?:did|has|had|can|could|will|would)[ \t]+\K(?!(?:Microsoft|Google|Amazon|Apple|Azure|Okta|Someone|Anyone|Everyone)\b)"
                   rf"{_NAME_WORD}"
                   r"(?=[ \t]+(?:rotate|change|reset|update|send|check|fix|share|approve|merge|review|push|commit)\b)"),
)
# Where prompts and answers put a name inline (#15): a key=value log field, a name before
# what the person did (`..., Carmen O'Brien generated it`, `- Ana Ruiz reported`), a contact list's line
# (`Ana Ruiz +44 ...`), an inline sign-off or greeting (`cheers Rahul`, `thx, Sofia`, `hey Rahul,`), a
# title with an initial (`Mr B. Ramanathan`), a lead naming the person (`opened by`, `name`, `**Owner:**`,
# `cliente: `, `messaggio a`), `asked Marta already`.
# Labels whose value is people: roles and lists of people (`Attendees`, `Interviewer`, `VP Engineering`, `Approver`).
_ROLE_LABEL = (r"\b(?:attendees?|participants?|present|invitees?|interviewers?|candidates?|approvers?|reviewers?|owners?"
               r"|primary|secondary|backup|shadow|incident[ \t]+commander"
               r"|organi[sz]ers?|recruiters?|sponsors?|champions?|commanders?|responders?|scribes?|leads?|managers?|directors?"
               r"|heads?|vps?|svp|evp|ceo|cto|cfo|coo|ciso|cio|chairs?|presidents?|officers?|engineers?|analysts?|consultants?"
               r"|representatives?|reps?|agents?|assignees?|delegates?|deputies|deputy|supervisors?|coordinators?|dri|poc"
               r"|on-?call|escalation|hiring|panel(?:ists)?|mentors?|mentees?|buddy|signator(?:y|ies)|witness(?:es)?)\b")
# Nouns of a record about one person (`Expense report`, `Performance review`, `Interview feedback`, `Offer letter`).
_RECORD_NOUN = (r"(?:report|review|feedback|appraisal|evaluation|assessment|interview|onboarding|offboarding|timesheet|payslip"
                r"|offer(?:[ \t]+letter)?|reference(?:[ \t]+check)?|complaint|profile|expenses?|1:1|one-on-one|warning|case[ \t]+file)")
# Who is no action item's doer: teams and pronouns (`- Finance to approve`, `- We will send`).
_NOT_A_DOER = (rf"(?:{_TEAMS_AND_PRONOUNS}|All|Both|Each|Everybody|Somebody|Anyone|Need|Plan|Remember|Make|Try"
               r"|Go|Ask|Follow|Continue|Start|Stop|Move|Check|Ensure|Update|Review|Schedule|Send|Share|Reach|Confirm)")
# A name's word as names are written: capitalised, then lower case (`Li`, `O'Brien`, `Jean-Luc`), never CamelCase.
_PLAIN_NAME_WORD = r"\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*"
_DEED_VERBS = (r"(?:generated|created|sent|shared|added|wrote|gave|rotated|reported|asked|said|pasted|uploaded|owns"
                 r"|issued|made|opened|raised|requested|approved|changed|emailed|called|dice|dijo)")
_CONTACT_VALUE = (r"(?:\+?\d[\d \t().-]{6,}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d{1,3}(?:\.\d{1,3}){3}"
                  r"|[A-Z]{2}\d{2}[A-Z0-9 ]{10,40})")
_INLINE_PLACES: tuple[tuple[str, str], ...] = (
    ("log_field_person", rf"\b(?:actor|user|owner|author|assignee|requester|customer|agent|by|employee|contact)="
                         rf"\K{_TIGHT_FULL_NAME}(?=[ \t]+[\w.-]+=|[ \t]*\r?$)"),
    # A user's handle made of two names (`first.last`) in a log's or an export's user field (`user=ana.ruiz`,
    # `"user_name": "jurgen.schroder"`, `TargetUserName=ana.ruiz`): a person's (#15, eighteenth corpus); not a service
    # account's (`svc.backup`: _never_a_name; `splunk_fwd`, `soar_app`: an underscore joins an app's parts).
    # (and the staff member a till's, a scanner's or a ticket's log names: `operator=huong.dang`, `cashier: ana.ruiz`)
    ("user_field_handle", r"(?i:\b(?:user|user_?name|account_?name|actor|src_?user|dst_?user|target_?user_?name|subject_?user_?name"
                          r"|operator|cashier|clerk|picker|packer|agent|assignee|assigned_?to|engineer|technician|driver|courier)"
                          r"[\"']?[ \t]*[=:][ \t]*[\"']?)\K\p{Ll}[\p{Ll}'’-]{1,30}\.\p{Ll}[\p{Ll}'’-]{1,30}(?=[\"',;\s]|$)"),
    ("name_before_deed", rf"(?m)(?:[,;(]|^[ \t]*[-*•>][ \t]+)[ \t]*\K{_FULL_NAME}(?=[ \t]+{_DEED_VERBS}\b)"),
    ("contact_line", rf"(?m)^[ \t]*(?:[-*•][ \t]+)?\K{_TIGHT_FULL_NAME}(?=[ \t]*[:,-]?[ \t]+{_CONTACT_VALUE}[ \t]*\r?$)"),
    ("inline_sign_off", rf"\b(?i:cheers|thanks|thank you|thx|ty|regards|best|kind regards|best regards|saludos|grazie|danke"
                        # (`Best Regards` on its own line: the sign-off's second word is no name.)
                        rf"|merci|grüße|gruss|ciao)[ \t]*,?[ \t]+\K(?!(?i:regards|wishes|greetings|grüße|grüsse|gruß|gruss|saludos"
                        rf"|saluti)\b){_NAME}(?=[ \t]*[\"”.!]?[ \t]*(?:\r?\n|$))"),
    ("inline_greeting", rf"(?<![\w])(?i:hey|hi|hello|dear)[ \t]+\K{_NAME}(?=[ \t]*,)"),
    ("title_initial", rf"\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Herr|Frau|Sr|Sra|Mme)\.?[ \t]+\K\p{{Lu}}\.[ \t]?(?:\p{{Lu}}\.[ \t]?)?"
                      rf"(?:{_PARTICLE}[ \t]+)?{_NAME_WORD}"),
    ("lead_person", rf"\b(?:opened by|closed by|raised by|logged by|filed by|name|nome|nom|nombre|cliente:|client:|customer:|Kunde:|Kundin:)"
                    rf"[ \t]+\K{_FULL_NAME}(?=[ \t]*(?:[,.;]|\r?\n|$)|[ \t]+(?:dice|says|said|sagt|dit)\b)"),
    ("owner_line", rf"(?im)^[ \t]*(?:[-*•][ \t]+)?(?:\*\*)?(?:owner|assignee|reporter|requester|contact|author)(?:\*\*)?[ \t]*:"
                   rf"(?:\*\*)?[ \t]*\K(?-i:{_NAME})(?=[ \t]*(?:\r?\n|$|,|<))"),
    ("message_to", rf"\b(?i:messaggio|mensaje|message|mail|e-?mail|nachricht|correo|risposta|respuesta|réponse|reply|note)"
                   rf"[ \t]+(?i:a|an|to|à|para|per)[ \t]+\K{_FULL_NAME}"),
    # Who a message came from (`ce message de Léa Roux :`, `copy from the e-mail from Ana Ruiz`).
    ("message_from", rf"\b(?i:messaggio|mensaje|message|mail|e-?mail|nachricht|correo|sms|text|voicemail)"
                     rf"[ \t]+(?i:from|de|von|da|di|del)[ \t]+\K{_PERSONS_NAME}"),
    # Who a meeting or call is with (`contract review with Ana Ruiz on 8 Dec`).
    ("meeting_with", rf"\b(?i:meeting|call|review|sync|catch-?up|1:1|one-on-one|interview|session|lunch|dinner|chat)"
                     rf"[ \t]+with[ \t]+\K{_PERSONS_NAME}"),
    # A capitalised user name in a login log (`Failed password for Anneliese from 88.16.116.137`).
    ("login_user", rf"\b(?i:password|publickey|logins?|login[ \t]+attempts?|authentication|sign-?ins?)[ \t]+for[ \t]+"
                   rf"(?:(?i:invalid[ \t]+)?user[ \t]+)?\K{_NAME}(?=[ \t]+from\b)"),
    # A person after the role they have in the text (`rejected for customer Ana Ruiz`, `for patient ...`).
    ("role_person", rf"\b(?:for|to|from|of)[ \t]+(?:customer|client|employee|patient|member|guest|passenger|tenant|applicant)"
                    rf"[ \t]+\K{_PERSONS_NAME}"),
    # Whom to ask or check with (`Ask Marcus if ...`, `I'll check with Rajesh tomorrow`, `loop in Ana Ruiz,`).
    ("consulted_person", rf"\b(?:[Aa]sk|[Cc]heck(?:ed)?[ \t]+with|[Tt]alk[ \t]+to|[Ss]peak[ \t]+(?:to|with)|[Cc]onfirm(?:ed)?[ \t]+with"
                         rf"|[Ss]ync(?:ed)?[ \t]+with|[Ff]ollow(?:ed)?[ \t]+up[ \t]+with|[Rr]each(?:ed)?[ \t]+out[ \t]+to|[Ll]oop(?:ed)?[ \t]+in"
                         rf"|[Cc]oordinate[ \t]+with|[Pp]air(?:ed)?[ \t]+with|[Hh]and(?:ed)?[ \t]+(?:it[ \t]+)?over[ \t]+to)[ \t]+\K"
                         rf"(?!(?:{_ORG_WORDS}|{_NOT_ADDRESSED}|{_LANGUAGES}|{_TEAMS_AND_PRONOUNS})\b){_NAME}"
                         r"(?=[ \t]+(?:if|whether|about|to|for|and|or|when|before|after|on|tomorrow|today|later|first|too|again"
                         r"|please|pls|since|because)\b|[ \t]*[,.!?;:()]|[ \t]*\r?$)"),
    ("asked_person", rf"\basked[ \t]+\K{_NAME_WORD}(?=[ \t]+(?:already|yesterday|today|but|and|about)\b|[ \t]*[,.])"),
    # A title or an honorific before a surname or a full name, in the corpus languages (`Dear Ms Ó Faoláin`,
    # `Szanowna Pani Zielińska`, `mevr. van Tol`, `Prof. Dr. Ulla Brandt`, `Madame d'Ormesson`).
    ("title_name", rf"(?<![\w.]){_TITLES}\.?(?:[ \t]+(?:Dr|Prof|Dott|Ing)\.?)*[ \t]+\K(?:{_PARTICLE}[ \t]+){{0,2}}{_TITLED_WORD}"
                   rf"(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_TITLED_WORD}){{0,2}}"),
    # A Japanese honorific after the name (`Ishikawa様`, `Mori さん`).
    ("japanese_honorific", rf"(?<![\p{{L}}'’-]){_NAME_WORD}(?:[ \t]{_NAME_WORD})?(?=[ \t]?(?:様|さん|殿|先生|氏|くん))"),
    # A name in kanji (family and given name, maybe a space apart) before an honorific, after a mail header or a
    # greeting (`田中 美咲さん`, `差出人: 鈴木 陽菜`, `Hi 高橋 蓮,`); not `皆さん`, `お客様`, `担当者様`.
    ("kanji_name", rf"(?<![\p{{Han}}\p{{Hiragana}}\p{{Katakana}}])(?!(?:{_KANJI_NOT_NAMES}))\p{{Han}}{{1,3}}[ \t]?\p{{Han}}{{1,3}}"
                   rf"(?=[ \t]?(?:様|さん|殿|先生|氏|くん))"),
    ("kanji_name_in_header", r"(?m)(?:^(?:差出人|宛先|送信者|発信者|发件人|收件人|From|To|Cc)[ \t]*[:：][ \t]*|\b(?:Hi|Hello|Dear)[ \t]+)\K"
                             r"\p{Han}{1,3}[ \t]?\p{Han}{1,3}(?=[ \t]*(?:[,，、<]|\r?$))"),
    # Who wrote or reviewed a change (`Commit 3f9a2c1 by Ana Ruiz`, `review comment from ...`, `Reverted by ...`).
    ("change_author", rf"\b(?:[Cc]ommit[ \t]+[0-9a-f]{{7,40}}[ \t]+by|(?:[Aa]uthored|[Cc]ommitted|[Mm]erged|[Pp]ushed|[Rr]eviewed"
                      rf"|[Rr]everted|[Aa]pproved)[ \t]+by|(?:[Rr]eview[ \t]+)?[Cc]omments?[ \t]+(?:from|by))[ \t]+\K{_PERSONS_NAME}"),
    # `..., who`: a relative clause for a person (`escalated to Wanjiru, who restarted it`).
    ("name_who", rf"(?<![\w@.'’-])(?!{_NOT_ADDRESSED}\b)(?!{_ORG_WORDS}\b){_NAME}(?=,[ \t]+who\b)"),
    # A message to one person, named alone (`als Teams-Nachricht an Ottilie:`, `a message to Bartek.`).
    ("message_to_one", rf"\b(?i:messaggio|mensaje|message|mail|e-?mail|nachricht|correo|bericht|wiadomość)[ \t]+"
                       rf"(?i:an|to|para|per|aan|do)[ \t]+\K(?!{_ORG_WORDS}\b|{_NOT_ADDRESSED}\b|{_LANGUAGES}\b){_NAME_WORD}"
                       r"(?=[ \t]*[:,.!?])"),
    # A minutes bullet's subject and what they will do or asked (`- Wanjiru will draft the plan`).
    ("bullet_subject", rf"(?m)^[ \t]*[-*•][ \t]+\K(?!(?:{_ORG_WORDS}|We|They|Someone|Everyone|Nobody|The|This|That|It|Decision"
                       rf"|Action|Next|Everybody|All|Both)\b){_NAME}"
                       rf"(?=[ \t]+(?:will[ \t]+(?!be\b)\p{{Ll}}|asked[ \t]+(?:to|for|about|if|whether)\b"
                       # ... or did (a recap's `- Ana Ruiz contained 10.0.0.4`).
                       r"|(?:contained|investigated|blocked|isolated|reset|revoked|rotated|disabled|reimaged|patched|escalated"
                       r"|confirmed|reviewed|declared|triaged|owns|took|handled|checked)[ \t]+\S))"),
    # A minutes bullet naming its owner before a colon and the task in lower case (`- Ana Ruiz: talks to legal`);
    # a single word only before a verb (`- Mei: is pulling the logs`), as `- Status: open` is a label.
    ("bullet_owner", rf"(?m)^[ \t]*[-*•][ \t]+\K(?!(?:{_ORG_WORDS}|{_NOT_ADDRESSED}|Action|Decision|Status|Owner|Root|Key|Open)\b)"
                     rf"(?:{_FULL_NAME}(?=:[ \t]+\p{{Ll}})|{_NAME_WORD}(?=:[ \t]+(?:will|is|was|has|to|talks|takes|owns|leads"
                     rf"|handles|checks|pulls|drafts|rotates|reviews|contacts|calls|updates|rebuilds|writes|sends)\b))"),
    # A form's label alone on its line and the name alone under it (OCR: `Applicant` / `Ana Ruiz`).
    ("name_under_label", rf"(?m)^[ \t]*(?:Applicant|Tenant|Name|Full name|Patient|Employee|Policyholder|Passenger|Guest|Cardholder"
                         rf"|Account holder|Beneficiary|Candidate|Co-applicant|Guarantor)[ \t]*:?[ \t]*\r?\n[ \t]*\K{_TIGHT_FULL_NAME}"
                         r"(?=[ \t]*\r?$)"),
    # A CV's or a signature's name line over a line of contact details (`IMOGEN VALE` / `imogen@...`).
    ("name_over_contact", rf"(?m)^[ \t]*\K(?:{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{1,2}}|{_PERSONS_NAME})"
                          r"(?=[ \t]*\r?\n[ \t]*[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"),
    # An airline's or a hotel's `SURNAME Given` after a person's label (`Passenger: OKAFOR Chidi`).
    ("caps_surname_given", rf"\b(?i:passenger|travell?er|guest|pax|name|patient|employee|holder)[ \t]*:[ \t]*\K{_CAPS_WORD}"
                           rf"(?:[ \t]+{_CAPS_WORD})?[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?(?=[ \t]*(?:\r?\n|$|[,;/]))"),
    # A Teams copy's speaker line: one name, two spaces, the time (`Wanjiru  09:41`).
    ("teams_speaker_single", rf"(?m)^[ \t]*\K(?!{_NOT_ADDRESSED}\b){_NAME_WORD}(?=[ \t]{{2,}}\d{{1,2}}:\d{{2}}(?:[ \t]?[AP]M)?[ \t]*\r?$)"),
    # Someone to reach from a team (`I'll ping Wanjiru from the data team`).
    ("person_from_team", rf"\b(?:[Pp]ing|[Aa]sk|[Tt]ell|cc|[Cc]all|[Ee]-?mail|[Cc]ontact|[Mm]essage)[ \t]+\K(?!{_ORG_WORDS}\b){_NAME_WORD}"
                         r"(?=[ \t]+from[ \t]+(?:the|our|your|their)\b)"),
    # A quotation's attribution after its closing quote (`... en recette. » — Ana Ruiz`).
    ("quote_attribution", rf"[\"”»][ \t]*(?:—|–)[ \t]*\K(?!{_NOT_ADDRESSED}\b)(?!{_ORG_WORDS}\b){_NAME}(?=[ \t]*\r?$)"),
    # An incident timeline's person and what they did (`At 14:05 Ana Ruiz noticed ...`).
    ("timeline_person", rf"(?:\b(?:[Aa]t|[Bb]y)[ \t]+(?:(?:around|about|roughly)[ \t]+)?|(?m:^)[ \t]*)\d{{1,2}}[:.h]\d{{2}}(?:[ \t]?[AaPp][Mm])?,?[ \t]+\K"
                        rf"(?:{_PERSONS_NAME}|(?!(?:{_NOT_ADDRESSED}|{_ORG_WORDS})\b){_NAME_WORD})"
                        r"(?=[ \t]+(?:noticed|escalated|paged|called|asked|joined|saw|said|emailed|messaged|phoned|spotted|flagged"
                        r"|pinged|acknowledged|acked|rolled|restarted|declared|confirmed|contained|blocked|isolated|revoked)\b)"),
    # A key-value table's row naming a person (`| Full name | Ana Ruiz |`).
    ("name_row", rf"(?m)^[ \t]*\|[ \t]*(?i:(?:full|legal|preferred|display|given|birth|maiden|contact)[ \t]?name|name|customer|client"
                 rf"|applicant|tenant|policyholder|employee|patient"
                 rf"|account[ \t]holder|cardholder|beneficiary|passenger)[ \t]*\|[ \t]*\K{_FULL_NAME}(?=[ \t]*\|)"),
    # Names where meeting notes, HR and CRM records, code history and transcripts put them (#15, eleventh corpus):
    # each name of a list after a label for people (`Attendees: A B, C D`, `Interviewers: ...`), or after a label
    # holding a role (`Candidate: ...`, `VP Engineering: ...`, `  ├─ Director, Platform: ...`).
    ("people_list", rf"(?m)(?<=^[^\S\n]*(?:[-*•├└─│|][^\S\n]*)*(?:[^\n:]{{0,40}}?[ \t,])?(?i:{_ROLE_LABEL})[^\n:]{{0,30}}:[ \t]*"
                    rf"(?:[^\n,;]{{1,60}}[,;][ \t]*){{0,12}}){_PERSONS_NAME}(?=[ \t]*(?:[,;(]|\r?$))"),
    # An action item's doer (`- Priya to follow up with the vendor`; `- X will ...` is bullet_subject's).
    ("action_item_doer", rf"(?m)^[ \t]*[-*•][ \t]+(?:\[[ xX]?\][ \t]+)?\K(?!{_NOT_A_DOER}\b)(?!{_ORG_WORDS}\b){_NAME}"
                         # (the verb a plain word: curl's `* Connected to host.example.com port 443` has none)
                         # (and a verb, not a determiner: `- Escalate to the payment team` is an imperative)
                         r"(?=[ \t]+(?:to|should|must|needs[ \t]+to|is[ \t]+going[ \t]+to)[ \t]+"
                         r"(?!(?:the|a|an|this|that|these|those|our|your|their|his|her|my|its|all|every)[ \t])\p{Ll}+[ \t])"),
    # A heading naming whom a record is about (`Expense report - Ana Ruiz - Nov 2025`, `Performance review 2024 -
    # Ana Ruiz`), and `feedback for Ana Ruiz`.
    ("record_heading_person", rf"(?m)^[^\n]{{0,40}}?(?i:{_RECORD_NOUN})\b[^\n]{{0,30}}?[ \t][-–—][ \t]+\K{_PERSONS_NAME}"
                              r"(?=[ \t]*(?:[-–—|][ \t]|\r?$))"),
    ("record_for_person", rf"\b(?i:{_RECORD_NOUN})[ \t]+(?:for|of|on|about)[ \t]+\K{_PERSONS_NAME}"),
    # What is kept about a person (`the SSN on file for Priya Raghunathan`, `a laptop for ...`, `access for ...`).
    ("kept_for_person", rf"\b(?i:on[ \t]+file|records?|details|payslips?|contract|badge|laptop|salary|bonus|access|credentials"
                        rf"|login|equipment|paperwork|account|statement|invoice|bill|receipt)(?:[ \t]+[\w-]*\d[\w-]*)?[ \t]+(?:for|of)[ \t]+"
                        rf"\K{_PERSONS_NAME}"),
    # A summary bullet's full name and what they said or could not do (`- Valentina Esposito couldn't deploy ...`).
    # (With the team in brackets after the name: `- Amara Adeyemi (Procurement) confirms ...`.)
    ("bullet_full_name_subject", rf"(?m)^[ \t]*[-*•][ \t]+\K{_PERSONS_NAME}(?=(?:[ \t]*\([^()\n]{{1,30}}\)"
                                 r"|[ \t]+from[ \t]+(?:the[ \t]+)?\p{Lu}[\w&-]*(?:[ \t]\p{Lu}[\w&-]*)?)?[ \t]+(?:couldn['’]t"
                                 r"|could[ \t]+not|can['’]t|cannot|didn['’]t|did[ \t]+not|won['’]t|said|says|confirm(?:s|ed)"
                                 r"|mentioned|agreed|suggested|proposed|explained|presented|volunteered|forgot|wants|reports|reported"
                                 r"|notes|noted|asks|writes|wrote|approves|approved"
                                 r"|was[ \t]+(?:paged|called|notified|asked|told|assigned|pinged|woken))\b)"),
    # A review thread's author in bold (`**Ilse Özdemir** commented on line 188:`, `**Dmitri** replied:`).
    ("bold_author", rf"\*\*\K(?!(?:{_NOT_ADDRESSED}|{_ORG_WORDS})\b){_NAME}(?=\*\*[ \t]+(?:commented|replied|approved|reviewed"
                    r"|requested[ \t]+changes|wrote|said|suggested|left[ \t]+a[ \t]+comment)\b)"),
    # A commit's author as git prints it, in any case (`Author: farah hernández <fhernandez@...>`).
    ("commit_author_any_case", r"(?m)^[ \t]*Author:[ \t]+\K[\p{L}'’-]+(?:[ \t][\p{L}'’-]+){0,3}(?=[ \t]*<[^<>\n@]+@[^<>\n]+>)"),
    # A payee or a customer named in a log's field (`payee added name="Daniel Sharma" iban=...`).
    ("named_party_field", rf"\b(?i:payee|payer|beneficiary|holder|customer|employee|contact|member|patient|recipient|sender)\b"
                          rf"[^\n=]{{0,24}}\bname=[\"']\K{_PERSONS_NAME}(?=[\"'])"),
    # A handoff's or a transfer's person (`handoff 2026-01-11 – from Davide Esposito to Customer Care`).
    ("handed_over_from", rf"\b(?i:hand-?off|handover|hand[ \t]+over|handed[ \t]+over|reassigned|transferred|escalated)\b[^\n]{{0,40}}?"
                         rf"\bfrom[ \t]+\K(?!{_CITY_HEAD}[ \t]){_PERSONS_NAME}(?=[ \t]+to\b)"),
    # A person in brackets after the team they act for (`Requested by: HR Operations (Tiago)`).
    ("person_for_team", rf"(?i:\b(?:requested|reported|submitted|raised|opened|created|assigned|approved|escalated)[ \t]+(?:by|to)"
                        rf"|\b(?:requester|reporter|assignee|owner|contact|caller))[ \t]*:?[ \t]*[^\n()]{{1,40}}\("
                        rf"(?!(?:{_NOT_ADDRESSED}|{_ORG_WORDS})\))\K{_NAME}(?=\))"),
    # `git blame`: `5a5c779 (Wei Liu 2025-07-11 09:44:55 +0100 165) ...`.
    # (Also quoted in a sentence, with the date in slashes: `git blame says: e23850b (Dohyun Jung 2024/12/01 14:03)`.)
    ("blame_author", rf"(?m)(?:^|[ \t])\^?[0-9a-f]{{7,40}}[ \t]+(?:[^\s(]+[ \t]+)?\(\K{_NAME}"
                     r"(?=[ \t]+(?:\d{4}([-/.])\d{2}\1\d{2}|\d{1,2}([-/.])\d{1,2}\2\d{2,4}|\d{8}T\d{6}Z?)[ \t)])"),
    # Who reached out or reported, and whom to reach (`Customer Ana Ruiz wrote:`, `Nuria Romero called about`,
    # `correspondence to Ana Ruiz at ana@...`, `RE: Ana Ruiz, DOB 4/19/2026`, `Spoke with Ana Ruiz, CFO`).
    ("person_before_contact_verb", rf"{_PERSONS_NAME}(?=[ \t]+(?:wrote|called|phoned|rang|texted|emailed|e-mailed|replied"
                                   r"|complained)\b)"),
    ("person_at_address", rf"{_PERSONS_NAME}(?=[ \t]+at[ \t]+[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"),
    ("person_before_birth_date", rf"{_PERSONS_NAME}(?=[ \t]*,?[ \t]*(?:DOB|D\.O\.B\.|(?i:date[ \t]+of[ \t]+birth|born)|geb\.|née?)\b)"),
    ("spoke_with", rf"\b(?:[Ss]poke|[Ss]poken|[Mm]et|[Tt]alked|[Cc]hatted|[Ss]tudied|[Ii]nterviewed)[ \t]+(?:with[ \t]+|to[ \t]+)?\K{_PERSONS_NAME}"),
    # (Commits and reviews by a person are change_author's.)
    ("done_by", rf"\b(?:[Rr]eview|[Ww]ritten|[Ss]igned[ \t]+off|[Oo]wned|[Ll]ed|[Hh]osted"
                rf"|[Pp]resented|[Ii]nterviewed|[Rr]eferred|[Rr]esolved|[Cc]losed|[Ff]ixed|[Hh]andled|[Ii]nvestigated|[Tt]riaged"
                rf"|[Aa]cknowledged|[Mm]itigated|(?:[Ll]ast[ \t]+)?(?:touched|changed|modified|updated))[ \t]+by[ \t]+\K{_PERSONS_NAME}"),
    # Whose a thing is (`Pipeline owner is Ines Petrov.`, `the approver was ...`).
    ("role_is_person", rf"\b(?i:owner|maintainer|lead|manager|approver|reviewer|contact|assignee|requester|on-?call)[ \t]+(?:is|was)"
                       rf"[ \t]+\K(?!(?:The|This|That|Our|Your|Their|An?)\b){_PERSONS_NAME}"),
    # A chat export's speaker line, a name and the time, over a message in lower case (`Kwame 10:02` / `anyone ...`).
    ("speaker_over_message", rf"(?m)^[ \t]*\K(?!{_NOT_ADDRESSED}\b){_PLAIN_NAME_WORD}(?:[ \t]+{_PLAIN_NAME_WORD})?"
                             r"(?=[ \t]+\d{1,2}:\d{2}(?:[ \t]?[AaPp][Mm])?[ \t]*\r?\n[ \t]*\p{Ll})"),
    # A chat line's lower-case dotted handle before its time (`orla.doyle  9:10 PM`).
    ("chat_handle_line", r"(?m)^[ \t]*\K\p{Ll}[\p{Ll}'’-]{1,30}[._]\p{Ll}[\p{Ll}'’-]{1,30}"
                         r"(?=[ \t]{1,4}\d{1,2}:\d{2}(?:[ \t]?[AaPp][Mm])?[ \t]*\r?$)"),
    # A message's sender opening a line, a dash, then the message in lower case (`Li Na - the renewal is stuck`).
    # (Words written as names are: `SharmaTools — we paid` is a product.)
    ("sender_dash_message", rf"(?m)^[ \t]*\K(?!{_NOT_ADDRESSED}\b)(?!{_ORG_WORDS}\b){_PLAIN_NAME_WORD}(?:[ \t]+{_PLAIN_NAME_WORD}){{0,2}}"
                            r"(?=[ \t]+[-–—][ \t]+\p{Ll})"),
)
# A part of a name in an interchange format's field: in capitals or as written (`NOWAK`, `Ó'Briain`, `DE LA CRUZ`).
_HL7_NAME_PART = r"\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*){0,2}"
_X12_QUALIFIER = r"(?:TE|FX|EM|CP|WP|HP|BN|EX|ED|UR)"  # a contact's communication qualifiers (telephone, fax, e-mail...)
PERSON_PATTERNS: tuple[tuple[str, str, float], ...] = (
    # (Teams marks guests and other tenants after the name: `[10:44] Ines Duarte (External): ...`.)
    # (Also `Surname, Given`, as directories sorted by surname show a speaker: `[14:48] Lindqvist, Astrid: ...`.)
    ("chat_speaker", rf"(?m)^[ \t]*\[?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[ \t]?[AP]M)?\]?[ \t]+\K(?:{_NAME_WORD},[ \t]*{_NAME_WORD}|{_NAME})"
                     r"(?=(?:[ \t]*\([^()\n]{1,24}\))?:[ \t])", PLACED_SCORE),
    # A mail header, also quoted in a reply (`> From: Ana Ruiz`) where the address is often left out.
    ("mail_header", rf"(?m)^(?:>[ \t]*)*(?:From|To|Cc|Reply-To|Sender|Von|An|De|À|Da|A|Van|Aan|Od|Do|Från|Till|Fra|Til|Para)"
                    rf":[ \t]*\K{_NAME}(?=[ \t]*(?:<|\r?$))", PLACED_SCORE),
    # `Reported by Ana Ruiz <ana@contoso.com>`, `Co-authored-by: ...`: a name in front of its mailbox; also in bold
    # with the mailbox in brackets (`**Ana Ruiz** (ana@contoso.com)`, an answer's list grouped by owner).
    ("name_before_address", rf"{_FULL_NAME}(?=[ \t]*<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>|(?:\*\*)?[ \t]*\([\w.+-]+@[\w-]+(?:\.[\w-]+)+\))",
     PLACED_SCORE),
    # Teams and Outlook exports put the speaker on a line of its own with the time after the name.
    # (A meeting transcript's speaker over the elapsed time: `Kwame Boateng   0:03:44`.)
    ("chat_speaker_line", rf"(?m)^[ \t]*\K{_FULL_NAME}(?=[ \t]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[ \t]?[AP]M)?[ \t]*$)", PLACED_SCORE),
    ("greeting", rf"(?m)^(?:Hi|Hello|Dear|Hey|Good morning|Good afternoon|Good evening|Morning|Afternoon|Evening|Hiya|Hallo|Liebe|Lieber|Hola|Estimad[ao]|Hoi"
                 rf"|Dzień dobry|Witaj|Buongiorno|Buonasera|Buenos días|Buenas tardes|Bom dia|Boa tarde|Guten Tag|Guten Morgen"
                 rf"|Goedemorgen|Goedemiddag|Bonsoir|Salve|Szanown[ay] (?:Panie|Pani)"
                 rf"|Beste|Geachte|Bonjour|Salut|Cher|Chère|Ciao|Caro|Cara|Olá|Hej|Estimad[ao]/[ao]|Sehr geehrte[rs]?|Prezad[ao]|Querid[ao])[ \t]+\K"
                 rf"(?!{_TITLES}\.?[ \t]){_NAME}(?=[ \t]*[,!:\n])",
     PLACED_SCORE),
    # The closing in any case (`Best Regards,`, `KIND REGARDS`); the name under it as names are written.
    ("sign_off", rf"(?m)^(?i:Thanks|Thank you|Many thanks|Best regards|Kind regards|Warm regards|Warmest regards|Best wishes"
                 rf"|All the best|Yours sincerely|Yours truly|Respectfully|Regards|Best|Cheers|Sincerely"
                 rf"|Viele Grüße|Beste Grüße|Liebe Grüße|Mit freundlichen Grüßen|Grüße|Cordialement|Bien à vous"
                 rf"|Salutations|Saludos|Un saludo|Atentamente|Groet|Groeten|Met vriendelijke groet(?:en)?"
                 rf"|Vriendelijke groet|Cordiali saluti|Distinti saluti|Cumprimentos|Med vänlig hälsning|Hälsningar"
                 rf"|Atenciosamente|Cordialmente|Saudações|Abraços|Un cordial saludo|Bien cordialement|Freundliche Grüße"
                 rf"|Mit besten Grüßen|Hartelijke groet(?:en)?|Saluti|よろしくお願いいたします。?|此致敬礼|此致"
                 rf"|Med vänliga hälsningar|Vänliga hälsningar|Z poważaniem|Pozdrawiam|Z wyrazami szacunku|Med venlig hilsen"
                 rf"|Venlig hilsen|Med vennlig hilsen|Vennlig hilsen|Ystävällisin terveisin|Terveisin|Com os melhores cumprimentos"
                 rf"|Melhores cumprimentos|Un saluto|Vielen Dank und viele Grüße|Viele Grüße und danke)"
                 rf",?[ \t]*\n[ \t]*\K{_NAME}(?=[ \t]*[\"”]?[ \t]*(?:\n|$))", PLACED_SCORE),
    ("person_field", rf"(?im)\b(?:requester|reporter|assignee|assigned to|owner|customer|contact|employee|"
                     rf"cardholder|holder|full[ _]?name|display[ _]?name)[\"']?[ \t]*[:=][ \t]*[\"']?\K(?-i:{_NAME})"
                     rf"(?=[\"']|[ \t]*(?:<|\n|$|,|\|))", PLACED_SCORE),
    # A form's or a list's line naming a person (`- Manager: Ana Ruiz`, `- **Name:** Ana Ruiz`, `Signed: ...`).
    # (And an incident's roles: `IC: Ana Ruiz (on-call ...)`, `Analyste : ...`, `Kommunikation: ...`, `Tester: ...`.)
    ("person_line_field", rf"(?im)^[ \t]*(?:[-*•][ \t]+)?(?:\*\*)?(?:name|full name|manager|agent|caller|policyholder"
                          rf"|beneficiary|ordering customer|account holder|signed|signed by|ic|incident (?:commander|manager|lead)"
                          rf"|analyst|analyste|analista|analyst on duty|comms|communications?|kommunikation|comunicaci[óo]n"
                          rf"|tester|pen ?tester|handler|investigator|responder|on-call|scribe)(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*"
                          rf"\K(?-i:{_NAME})(?=[ \t]*(?:\n|$|,|<|\())", PLACED_SCORE),
    *((name, rx, PLACED_SCORE) for name, rx in (*_PAPERWORK_PLACES, *_CONVERSATION_PLACES, *_INLINE_PLACES)),
    # Healthcare interchange formats (#15, nineteenth corpus): an X12 name segment whose entity is a person (`NM1*IL*1*
    # NOWAK*AGNIESZKA*M~`: type 1, then last, first, middle) or an information contact (`PER*IC*PHAM*TUAN*TE*...`),
    # and an HL7 v2 person name (`LAST^FIRST^MIDDLE`) opening a field of a segment that holds people (PID, NK1, GT1,
    # IN1, PV1, MRG...), or after an id in a doctor's field (`|1234^SMITH^JOHN^^^DR|`).
    ("x12_person", rf"(?:^|~)[ \t\r\n]*(?:NM1\*[A-Z0-9]{{2,3}}\*1|PER\*IC)\*\K{_HL7_NAME_PART}\*(?!{_X12_QUALIFIER}\*){_HL7_NAME_PART}"
                   rf"(?:\*(?!{_X12_QUALIFIER}\*)\p{{Lu}}[\p{{L}}.]*)?(?=\*|~|[ \t]*\r?$)", PLACED_SCORE),
    ("hl7_person", rf"(?<=(?:^|[\r\n])(?:PID|PD1|NK1|GT1|IN1|IN2|PV1|PV2|MRG|ORC|OBR|ROL|PRD|TXA)\|[^\r\n]*"
                   rf"(?:[|~]|[|~][^|^~\r\n]*\d[^|^~\r\n]*\^))"
                   rf"{_HL7_NAME_PART}\^{_HL7_NAME_PART}(?:\^\p{{Lu}}[\p{{L}}.]*)?(?=[\^|~\r\n]|$)", PLACED_SCORE),
    # A person's name written as a format writes it, after a word for the person (a log line's `patient PICKETT^EARL^D`,
    # `cardholder NOWAK*AGNIESZKA`) or a label (`Member: AGARWAL, SUNITA`, `Subscriber: Park, Ji-woo`).
    ("name_after_person_word", rf"(?i:\b(?:patient|member|subscriber|cardholder|insured|dependent|beneficiary|guarantor"
                               rf"|policyholder))[ \t]*:?[ \t]*\K(?:{_HL7_NAME_PART}[\^*]{_HL7_NAME_PART}(?:[\^*]\p{{Lu}}[\p{{L}}.]*)?"
                               rf"|{_HL7_NAME_PART},[ \t]*{_HL7_NAME_PART})(?=[ \t]*(?:\r?\n|$|[ \t]{{2}}|[,;(]|[ \t]DOB\b))", PLACED_SCORE),
    # FHIR's HumanName: `"family": "Öztürk"`, `"given": ["Mehmet", "Ali"]`.
    ("fhir_name", rf"\"(?:family|given)\"[ \t]*:[ \t]*\[?[ \t]*\"\K{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}(?=\")", PLACED_SCORE),
    # A chat export's speaker in brackets opening a line (`[Aisha Abdullahi] member ... is threatening`): a full name, as
    # one word there is as often a tool's tag (`[Pipeline] sh` in a Jenkins log, `[Sentinel] sync ...`).
    ("bracketed_speaker", rf"(?m)^[ \t]*\[\K(?!{_NOT_ADDRESSED}\b){_PERSONS_NAME}(?=\][ \t]+\S)", PLACED_SCORE),
    # A call transcript's introductions in lower case, as speech-to-text writes them (`this is maria del carmen how can i
    # help`, `my name is oluwaseun adebayo i'm calling`): the words up to the next little word.
    ("spoken_introduction", r"(?m)(?:\bthis is|\bmy name is|\bmy name's)[ \t]+\K(?!(?:a|an|the|not|just|about|calling|from|with|your"
                            r"|my|on|in|at|for|regarding)\b)\p{Ll}[\p{Ll}'’-]+(?:[ \t]+(?:del|de|da|van|von|la|le|di|dos|bin|al)?"
                            r"[ \t]*\p{Ll}[\p{Ll}'’-]+){0,2}?(?=[ \t]+(?:i|i'm|im|and|from|calling|with|here|how|speaking|on|at|from)\b"
                            r"|[ \t]*[,.!?]|[ \t]*\r?$)", PLACED_SCORE),
    ("name_field", rf"\"(?:name|fullName|full_name|(?:(?:account|user|owner|author|sender|actor|assignee|reporter|requester)_?[dD]"
                   rf"|[dD])isplay_?[nN]ame|first|last|first_?[nN]ame|last_?[nN]ame|given_?[nN]ame"
                   rf"|surname|family_?[nN]ame)\"[ \t]*:[ \t]*\"\K{_NAME}(?=\")", 0.7),
)


_PLACED = tuple(regex.compile(rx, CASE_SENSITIVE) for _, rx, _ in PERSON_PATTERNS)
# A whole table cell shaped like a name, under a column that holds people (`name`, `full_name`, `beneficiary`).
_NAME_CELL = regex.compile(rf"(?m)(?<=(?:^|[,;\t|(])[ \t]*[\"'`]?){_NAME}(?=[\"'`]?[ \t]*(?:[,;\t|)]|$))")
# ... or, in a column of who spoke or did a task (_SPEAKER_COLUMN), a login or a name in lower case (`giannis`,
# `giannis.nikolaidis`, `oguz yilmaz`), as tills, scanners and chat exports write them.
_LOWER_CELL = regex.compile(r"(?m)(?<=(?:^|[,;\t|])[ \t]*[\"'`]?)\p{Ll}[\p{Ll}'’-]{1,30}(?:(?:[._]|[ \t])\p{Ll}[\p{Ll}'’-]{1,30})?"
                            r"(?=[\"'`]?[ \t]*(?:[,;\t|]|$))")
# ... or a pipe table's `Surname, Given` cell (`| Okafor, Chidi |`).
# (Also in a `;`- or tab-separated export: `...;Okafor, Chidi;4111...`, where the comma is no delimiter.)
_INVERTED_CELL = regex.compile(rf"(?m)(?<=(?:\||;|\t|^)[ \t]*)(?P<name>(?:{_PARTICLE}[ \t]+){{0,2}}{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?,[ \t]*"
                               rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)(?=[ \t]*(?:\||;|\t))")
# A header-less row of a dump or an export (`Ana RUIZ|536-22-8714|4111 1111 1111 1111|01/27|+1 202 ...`): a cell that is
# a whole full name, in a `|`-, `;`- or tab-separated row with another cell holding a long number (a card, an SSN, an
# account, a phone), an IBAN or an e-mail address: whose data the row is.
_ROW_WITH_PERSONAL_DATA = regex.compile(r"(?m)^[^\n]*(?:\||;|\t)[^\n]*$")
_WHOLE_PERSONS_NAME = regex.compile(_PERSONS_NAME)
_DATA_CELL = regex.compile(r"(?:[-*•][ \t]+)?(?:[+(]?\d(?:[\d \t().-]*\d){8,}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                           r"|[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?)")
_NAME_COLUMN = regex.compile(r"\b(?:name|full ?name|display ?name|first ?name|last ?name|surname|beneficiary|payee"
                             r"|employee|customer|contact|owner|holder|cardholder|requester|assignee|recipient|user|user ?name)$")


def person_recognizer(language: str) -> PatternRecognizer:
    """PERSON by its place in the text (ner mode, next to spaCy's statistical names)."""
    from presidio_analyzer import Pattern

    return _placed_person_class()(supported_entity="PERSON", name="PersonPlaceRecognizer", supported_language=language,
                                  patterns=[Pattern(n, rx, score) for n, rx, score in PERSON_PATTERNS],
                                  global_regex_flags=CASE_SENSITIVE, version=RECOGNIZERS_VERSION)


# Columns holding one part of a name: a single word there is a name; elsewhere (`name`, `customer`) a single
# word is as often an entry's label (`Template`, `Old`, `SendGrid`) as a person.
_NAME_PART_COLUMN = regex.compile(r"\b(?:first ?name|last ?name|surname|given ?name|family ?name|forename)$")
# ... and columns of who spoke or wrote, where a single word is a first name (`| 15:36 | Thiago | card on file ... |`),
# unless it names a role (`Agent`, `Bot`).
# (And columns of the staff who did a task - a pick list's `picker`, a shift's `cashier`, a work order's `engineer`:
# a first name or a login there is a person.)
_SPEAKER_COLUMN = regex.compile(r"\b(?:speaker|sender|author|participant|caller|from|picker|packer|courier|cashier|clerk"
                                r"|engineer|technician|associate|staff|picked by|packed by|handled by|assigned to|assignee)$")
_ROLE_CELLS = frozenset({"admin", "unknown"})  # with _ROLE_WORDS, which never_a_name drops wherever they stand


def _names_a_person(cell: str, column: str) -> bool:
    if _SPEAKER_COLUMN.search(column):
        return cell.strip().lower() not in _ROLE_CELLS | _ROLE_WORDS
    return bool(_NAME_COLUMN.search(column)) and (len(cell.split()) > 1 or bool(_NAME_PART_COLUMN.search(column)))


def _names_in_data_rows(text: str) -> list[tuple[int, int]]:
    """Spans of whole-cell full names in delimited rows that also hold a long number, an IBAN or an e-mail address
    (in a row under a header, only in a column of people)."""
    found = []
    for row in _ROW_WITH_PERSONAL_DATA.finditer(text):
        line = row.group()
        delimiter = max("|;\t", key=line.count)
        if line.count(delimiter) < 2:
            continue
        cells, offset = [], row.start()
        for cell in line.split(delimiter):
            cells.append((offset, cell))
            offset += len(cell) + 1
        if not any(_DATA_CELL.fullmatch(cell.strip()) for _, cell in cells):
            continue
        for offset, cell in cells:
            stripped = cell.strip(" \t")
            if stripped and _WHOLE_PERSONS_NAME.fullmatch(stripped) and not _ORG_TAIL.search(stripped):
                start = offset + cell.index(stripped)
                column = column_name(text, start)  # (under a header, only a column of people: not `Company`)
                if column is None or _names_a_person(stripped, column):
                    found.append((start, start + len(stripped)))
    return found


def name_in_name_column(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return (any(m.span() == (start, end) for m in _NAME_CELL.finditer(text, line_start, end + 2))
            or any(m.span() == (start, end) for m in _INVERTED_CELL.finditer(text, line_start, end + 2))) \
        and _names_a_person(text[start:end], column_name(text, start) or "")


def placed_name(text: str, start: int, end: int) -> bool:
    """A name where prose puts names (PERSON_PATTERNS), in a table column of names (or a login in a column of staff), or
    made of a known given name and surname (known_names: `ngozi.okafor` is a handle, not code): never code."""
    lo = text.rfind("\n", 0, max(0, start - 200)) + 1
    return any(m.span() == (start, end) for rx in _PLACED for m in rx.finditer(text, lo, min(len(text), end + 300))) \
        or name_in_name_column(text, start, end) or _known_name_at(text, start, end) or _lower_staff_cell(text, start, end)


def _staff_login(text: str, start: int, cell: str) -> bool:
    column = column_name(text, start) or ""
    return bool(_SPEAKER_COLUMN.search(column)) and _names_a_person(cell, column) \
        and not _SERVICE_HANDLE_PARTS & set(regex.split(r"[._ \t-]+", cell))


def _lower_staff_cell(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return any(m.span() == (start, end) for m in _LOWER_CELL.finditer(text, line_start, end + 2)) \
        and _staff_login(text, start, text[start:end])


def _known_name_at(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    return (start - line_start, end - line_start) in _known_names_in_line(line)


@lru_cache(maxsize=1024)
def _known_names_in_line(line: str) -> frozenset[tuple[int, int]]:
    """known_names of one line, kept: each PERSON finding of a line asks (not_a_name, for every finding of a text)."""
    return frozenset(known_names(line))


@cache
def _placed_person_class() -> type[PatternRecognizer]:
    from presidio_analyzer import PatternRecognizer

    class PlacedPersonRecognizer(PatternRecognizer):
        """The place patterns, plus the cells of a table's name columns."""

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                    regex_flags: int | None = None) -> list[Any]:
            results = super().analyze(text, entities, nlp_artifacts, regex_flags)
            taken = {(r.start, r.end) for r in results}
            inverted = []
            for m in _INVERTED_CELL.finditer(text):  # `Surname, Given` (#15, tenth corpus): one name, not two cells
                if m.span() not in taken and _names_a_person(m.group(), column_name(text, m.start()) or ""):
                    results.append(added_result(self, "PERSON", m.start(), m.end(), PLACED_SCORE,
                                                "a table's name column, surname first"))
                    inverted.append(m.span())
            for m in _NAME_CELL.finditer(text):
                if m.span() not in taken and not any(a <= m.start() and m.end() <= b for a, b in inverted) \
                        and _names_a_person(m.group(), column_name(text, m.start()) or ""):
                    results.append(added_result(self, "PERSON", m.start(), m.end(), PLACED_SCORE, "a table's name column"))
                    taken.add(m.span())
            for m in _LOWER_CELL.finditer(text):
                if m.span() not in taken and _staff_login(text, m.start(), m.group()):
                    results.append(added_result(self, "PERSON", m.start(), m.end(), PLACED_SCORE, "a login in a column of staff"))
                    taken.add(m.span())
            for start, end in _names_in_data_rows(text):
                if (start, end) not in taken and not any(a <= start and end <= b for a, b in inverted):
                    results.append(added_result(self, "PERSON", start, end, PLACED_SCORE, "a data row's full name"))
            spans = [(r.start, r.end) for r in results]
            results += [added_result(self, "PERSON", start, end, PLACED_SCORE, "a known given name and surname")
                        for start, end in known_names(text) if not any(a < end and start < b for a, b in spans)]
            return results + _named_again(self, text, results)

    return PlacedPersonRecognizer


def _named_again(recognizer: Any, text: str, results: list[Any]) -> list[Any]:
    """A person named in place (`To: Ines Cohen <...>`) named again elsewhere in the text, whole or by the first
    name (`Ines — we paid`, a Slack speaker's line without its time): the same person (#15, seventh corpus)."""
    names = {text[r.start:r.end] for r in results if r.score >= PLACED_SCORE}
    names |= {name.split()[0] for name in names if " " in name}
    names = {n for n in names if len(n) >= 3 and n.lower() not in FIELD_WORDS}
    if not names:
        return []
    # A match overlaps a result when a result starting before the match's end reaches past its start (the matches
    # themselves never overlap): one bisection per match, not a pass over every result (long tables name thousands).
    spans = sorted((r.start, r.end) for r in results)
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))
    added: list[Any] = []
    alternation = "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
    for m in regex.finditer(rf"(?<![\w@.'’-])(?:{alternation})(?![\w@'’-]|\.\w)", text):
        before = bisect_left(starts, m.end())
        if not (before and reach[before - 1] > m.start()):
            added.append(added_result(recognizer, "PERSON", m.start(), m.end(), PLACED_SCORE, "a person named in place, again"))
    return added


# ---------------------------------------------------------------- NER names that are code

# Tools, services and commands that spaCy's small model tags as people or places.
TOOL_NAMES: frozenset[str] = frozenset("""
git github gitlab bitbucket az azure azcopy aks acr k8s kubectl kubernetes helm docker podman compose npm npx yarn
pnpm node nodejs pip pipx conda poetry python pytest uv ruff mypy java maven mvn gradle dotnet nuget msbuild bash
zsh powershell pwsh cmd curl wget ssh scp sftp rsync vim nano emacs vscode terraform bicep ansible pulumi jenkins
bicep nginx apache redis kafka spark databricks synapse cosmos cosmosdb sql mysql postgres postgresql psql sqlite
mongo mongodb elastic elasticsearch grafana prometheus keda jq yq sed awk grep make cmake gcc clang rust cargo go
openai azureopenai chatgpt gpt copilot llm langchain llamaindex presidio spacy pandas numpy sklearn torch pytorch
tensorflow keras jupyter notebook entra aad msal oauth jwt json yaml toml csv html css jira confluence slack teams
outlook sharepoint onedrive excel powerbi fabric apim functions logic webapp appservice blob eventhub servicebus
keyvault vnet nsg bastion linux ubuntu debian windows macos ios android chrome edge firefox safari
dependabot renovate sonarqube insights appinsights bearer oauth2 saml ldap kerberos okta auth0 postman swagger
claude gemini llama mistral anthropic huggingface sqlcmd bcp sshpass oracle kubeconfig
diff sendgrid mailgun twilio stripe pypi graph hubs app api apis sdk url uri http https dns vpn cli
kibana logstash airflow argo argocd sentry datadog splunk pagerduty opsgenie nagios zabbix rundeck tekton spinnaker
flux vault consul nomad istio linkerd envoy traefik kong celery rabbitmq zookeeper cassandra snowflake dbt looker
tableau superset metabase loki jaeger zipkin
pgbouncer webpack babel jest mocha cypress playwright selenium vite eslint prettier newtonsoft serilog nlog log4j
log4net hangfire springboot fastapi nestjs nextjs nuxt svelte tailwind jquery redux graphql grpc protobuf kotlin
laravel symfony dapr kustomize skaffold minikube k3s rancher openshift artifactory jfrog octopus teamcity circleci
buildkite heroku netlify vercel cloudflare akamai fastly haproxy memcached minio etcd coredns calico cilium velero
trivy snyk checkmarx veracode intune citrix vmware hyperv proxmox pgadmin dbeaver ssms wireshark fiddler
workday servicenow salesforce zendesk freshdesk hubspot successfactors concur docusign zoom webex miro notion asana
trello smartsheet dropbox gmail statuspage
""".split())
# Tool names that are also given names (`Hi Claude,`): a person's where a person's name goes.
_GIVEN_NAME_TOOLS = frozenset({"claude"})
# Words that label a field or close a letter: capitalised at a line start, the small model takes them for names.
FIELD_WORDS: frozenset[str] = frozenset("""
requester reporter assignee owner customer contact employee queue priority status subject summary description
details note notes card expiry expires exp tel phone mobile fax email address callback ticket case incident
severity category team department title role manager from to cc bcc date sent re fwd fw attachment
cheers thanks regards best sincerely hi hello dear hey
caller chargeback webhook config configuration invalid error warning betreff onderwerp objet asunto assunto oggetto ämne
policyholder applicant tenant passenger beneficiary cardholder salary
temat zgłoszenie chamado segnalazione melding incidencia lieferant teléfono telefono telefon telefoon téléphone correo handy grüßen grüße gruß groeten saluti saludos hälsningar
order tarjeta kreditkarte karte carte cartão cuenta konto compte
subscriber agent draft payslip patient patiente paciente claimant insured member payee payer namespace toegang accesso
acesso acceso zugang accès dzwoniąca dzwoniący llamante chiamante appelant appelante anrufer anruferin beller podes
pacjent pacjentka
""".split())
# Microsoft's fictional companies, which documentation and test data (and so pasted prompts) are full of.
SAMPLE_COMPANIES: frozenset[str] = frozenset("""
contoso fabrikam northwind woodgrove litware proseware tailspin wingtiptoys wingtip alpineski adatum adventureworks
fourthcoffee lucernepublishing margiestravel relecloud wideworldimporters cohowinery trey treyresearch
""".split())
# A place's first word: the finding after it is the rest of a place name (`São Paulo`, `San José`, `Saint Denis`).
_PLACE_HEAD_BEFORE = regex.compile(r"\b(?:São|Sao|Santo|Santa|San|Saint|St\.|Sankt|Porto|Rio|Los|Las|New|Fort|Port|Bad|Den)[ \t]+\Z")
# "I live in Lyon", "based in Porto", "moved to Graz": a place.
_PLACE_VERB_BEFORE = regex.compile(r"(?i)\b(?:live|lives|living|lived|based|located|moved|relocated|born|staying|stay|flying|fly|travel+ing)"
                                   r"[ \t]+(?:in|to|at|near|from)[ \t]+\Z")
# A rollout's or an office's places, and the next ones of its list (`Rollout to Kraków and Curitiba`, `offices in
# Lisbon, Warsaw and Osaka`).
_PLACE_LIST_BEFORE = regex.compile(r"(?i:\b(?:rollout|roll(?:ing)?[ \t]+out|expan\w*|launch\w*|go-live|migrat\w*|offices?|sites?"
                                   r"|plants?|warehouses?|branch(?:es)?|datacenters?|regions?)[ \t]+(?:to|in|at|from)[ \t]+)"
                                   r"(?:\p{Lu}[\p{L}-]+(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+))*\Z")
# A signature's title line (`Customer Success | Contoso`, `IT Operations | Fabrikam`) under the sender's name.
_SIGNATURE_TITLE_LINE = regex.compile(r"[^\n|]{1,60}\|[^\n|]{1,60}")
_NAME_LINE = regex.compile(r"[ \t]*\p{Lu}[\p{L}'’-]*(?:[ \t]+[\p{L}'’-]+){0,3}[ \t]*")
# An imperative opening a sentence ("Summarise this chat", "Convert the file"): a verb, not a name.
_SENTENCE_START = regex.compile(r"(?:^|\n|[.?!:]\s)\s*(?:[-*•][ \t]+)?$")  # (a bullet's first word too: `- Escalate to ...`)
_IMPERATIVE_AFTER = regex.compile(r"\s+(?:this|that|these|those|the|a|an|it|all|my|our|your|me|us|them|and|of|below|above"
                                   # "Summarise what ...", "Convert to ...", "Bill to:", "Formula in G2" (#15).
                                   r"|what|which|whether|how|why|to|into|in|for|from|with|as|by|metadata)\b", regex.IGNORECASE)
_CODE_CHARS = regex.compile(r"[_/\\=(){}\[\]<>@#$%^*|`~:;+\d]|\.\w|\w\.\w|\w-\w+-\w|^-|\s-\w|--\w")
# (Also a word of two capitalised parts, `PgBouncer`, `DevOps`, `PowerShell`, unless the first is a surname's or a
# given name's prefix: `McDonald`, `MacKenzie`, `DeShawn`, `LaToya`, `VanDyke`, `JoAnn`.)
_CAMEL = regex.compile(r"\p{Lu}\p{Ll}+\p{Lu}\w*\p{Lu}|\b\p{Ll}+\p{Lu}|\p{Lu}{2,}\p{Ll}+\p{Lu}"
                       r"|\b(?!(?:Mc|Mac|Fitz|De|Di|Da|Du|Dal|Del|La|Le|Lo|Van|Von|Ten|Ter|St|San|Jo|Mary|Lee|Rae|Dee|Kay|Ann"
                       r"|Anne|Bel|Ja|Ke|Ky|Ty|Sha|Mc)\p{Lu})\p{Lu}\p{Ll}+\p{Lu}\p{Ll}+\b")
# A shell prompt, a history line (`  1441  kubectl create ...`), a command with flags or a CLI's name.
_SHELL_LINE = regex.compile(r"^\s*(?:\d+\s+)?(?:\$|PS[^>\n]{0,40}>|#!|[a-z][\w-]*\s+-{1,2}[a-z]|(?:git|az|kubectl|docker|helm"
                            r"|npm|npx|yarn|pip3?|python3?|dotnet|terraform|curl|wget|ssh|scp|sudo|apt(?:-get)?|brew|mysql"
                            r"|psql|sqlcmd|aws|gcloud|gh|mvn|gradle|export)\s)", regex.MULTILINE)
# Glued to an identifier: `ConnectionStrings.Db`, `Keepalives_idle`, `Send(`.
_IDENTIFIER_AROUND = regex.compile(r"[._/\\$@]\Z|\A(?:[_(=]|\.\w)")


# Company legal forms: a name ending in one (or followed by one) is an organisation's.
_LEGAL_FORMS = (r"(?:GmbH|AG|KG|SE|SA|SAS|SARL|Sàrl|SL|SLU|SpA|Srl|S\.?p\.?A\.?|S\.?r\.?l\.?|Ltd|Ltda|LLC|LLP|Inc|Corp"
                r"|Plc|PLC|BV|NV|Oy|AB|ASA|A/S|ApS|Pty|KK|GK)")
_LEGAL_FORM_END = regex.compile(rf"(?<=\s){_LEGAL_FORMS}\.?$")
_LEGAL_FORM_AFTER = regex.compile(rf"[ \t]+{_LEGAL_FORMS}\b")


_ORG_TAIL = regex.compile(rf"[ \t]{_ORG_WORDS}[ \t]*$")
_DISCOURSE_WORD = regex.compile(_NOT_ADDRESSED)


# A team or a project by its first word (`Team Phoenix`, `Project Atlas`), and names that stand for nobody.
_ORG_HEAD = regex.compile(r"(?:Team|Project|Program|Programme|Operation|Squad|Tribe|Guild|Workstream|Stadtwerke|Aguas?|Acque"
                          r"|Compagnie|Companhia|Compañía|Stadt|Gemeinde|Landkreis|Comune|Ayuntamiento|Câmara|Gemeente)[ \t]")
_ORG_WORD = regex.compile(_ORG_WORDS)
_PLACEHOLDER_PEOPLE = frozenset({"test user", "demo user", "sample user", "guest user", "admin user", "john doe", "jane doe",
                                 "test patient", "patient test", "test member", "doe john", "doe jane"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "your", "their", "my", "its"})
# The words of a letter's closing (`Vielen Dank und viele Grüße`, `Cordiali saluti`), and of a service account's handle
# (`batch-admin`, `deploy_bot`).
_CLOSING_WORDS = frozenset("""
grüße grüßen gruß saluti saludos groeten groet regards cumprimentos pozdrawiam pozdrowienia hälsningar hilsen terveisin
cordialement atenciosamente cordialmente danke dank vielen viele cordiali distinti merci grazie obrigado obrigada gracias
bedankt dziękuję tack
""".split())
# Cities where enterprises have offices, which the small model often takes for people (`Rollout to Bangalore`, a
# chat's `[09:03] Frankfurt:`, a table's `| Rotterdam |`); cities that are also given names (Florence, Austin,
# Charlotte, Victoria, Sydney, Jackson, Madison, Paris, Adelaide, Valencia, Sofia, Santiago, Milan ...) are left out.
CITIES: frozenset[str] = frozenset("""
amsterdam antwerp athens atlanta auckland bangalore bengaluru bangkok barcelona basel beijing belfast belgrade berlin
bilbao birmingham bogota bologna bordeaux boston bratislava bremen brisbane bristol brno brussels bucharest budapest
cairo calgary cardiff chennai chicago cologne copenhagen curitiba delhi denver detroit dortmund dresden dubai dublin
dusseldorf düsseldorf edinburgh eindhoven frankfurt gdansk gdańsk geneva genoa glasgow gothenburg göteborg graz
guadalajara hamburg hanoi hanover hannover helsinki hyderabad istanbul jakarta johannesburg karachi katowice kiev
kyiv krakow kraków kuala lagos leeds leipzig lille lisbon ljubljana liverpool london luxembourg lyon madrid malmo
malmö manchester manila marseille melbourne milano montreal montréal moscow mumbai munich münchen nairobi
nantes naples newcastle nuremberg nürnberg osaka oslo ottawa palermo pittsburgh porto poznan poznań prague pune
riga rome rotterdam salzburg seattle seoul seville sevilla shanghai shenzhen singapore stockholm
strasbourg stuttgart tallinn tokyo toronto toulouse turin torino utrecht vancouver venice vienna vilnius warsaw
wroclaw wrocław zagreb zaragoza zurich zürich redmond
""".split())
# Roles that stand where a speaker's or an addressee's name goes (`[10:03] Agent: ...`, `Hello Patient,`).
_ROLE_WORDS = frozenset("agent customer caller bot system support operator visitor user guest patient client moderator assistant"
                        " member subscriber representative madam sir landlord landlady".split())


def _never_a_name(value: str, words: list[str]) -> bool:
    """A finding no place makes a person's name: a tool (`Ask Copilot.`, `[09:37] Workday:`), a product written in two
    capitalised parts (`StatusBot`), a team or company word alone (`Helpdesk`), a team or project by its head (`Team
    Phoenix`), a sample company (`Northwind Traders`), a placeholder person (`Test User`), a letter's closing (`Cordiali
    saluti`), a service account's handle (`batch-admin`), a role where a speaker goes (`Agent:`)."""
    bare = [w.strip(",:;.!?") for w in words]
    lone = bare[0] if len(bare) == 1 else ""
    parts = regex.split(r"[-_.]", lone)
    return bool((lone and lone in TOOL_NAMES and lone not in _GIVEN_NAME_TOOLS) or lone in _ROLE_WORDS
                or (lone and _CAMEL.search(value.strip(",:;.!? \t\r\n")))
                or (lone and _ORG_WORD.fullmatch(value.strip(",:;.!? \t\r\n")))
                or _ORG_HEAD.match(value)
                or any(w in SAMPLE_COMPANIES or w in _CLOSING_WORDS for w in bare)
                or regex.sub(r"[\s^*]+", " ", " ".join(bare)) in _PLACEHOLDER_PEOPLE
                or (len(parts) > 1 and not _SERVICE_HANDLE_PARTS.isdisjoint(parts)))


def not_a_name(text: str, start: int, end: int) -> bool:
    """A PERSON or LOCATION finding that is a company (a legal form at its end), code (looks_like_code), a field label or salutation
    (`Queue:`, `Cheers,`), the verb of an imperative opening a sentence (`Convert this to ...`), or
    not written like a name (not_name_shaped). A name in a place names take (placed_name) stays, unless it is
    never a name (_never_a_name: a tool, a product, a team)."""
    if _LEGAL_FORM_END.search(text, start, end) or _LEGAL_FORM_AFTER.match(text, end):
        return True  # `Tailspin Toys SL`, `Proseware Ltda`: a company
    value = text[start:end]
    words = value.lower().split()
    if len(words) > 1 and all(w.strip(",:;.!?") in _FORM_LABEL_WORDS for w in words):
        return True  # `Social Security Number: 386...`, `Date of Birth`: a form's label, wherever it stands
    if any(w.strip(",:;.!?") in JOB_TITLE_HEADS for w in words):
        return True  # `Budget owner: Chief Medical Officer`, `Position: Sachbearbeiter`: a job, even in a person's place
    if len(words) > 1 and _ORG_TAIL.search(value.partition("\n")[0]):  # (a span over two lines: the name is the first)
        return True  # `Platform Team`, `Verdant Pharma`, `Customer Success`, `Visual Studio`: a team, company or product
    if len(words) == 1 and _DISCOURSE_WORD.fullmatch(value.strip(",:;.!? \t\r\n")):
        return True  # `Caller: Hi`, `Agent: Sure`: a greeting or a discourse word where a speaker's name goes
    if _never_a_name(value, words):
        return True
    if placed_name(text, start, end):
        return False
    if len(words) == 1 and words[0].strip(",:;.!") in FIELD_WORDS:
        return True
    lone = words[0].strip(",:;.!?") if len(words) == 1 else ""
    if lone in _NON_ENGLISH_OPENERS or lone in CARD_BRANDS:
        return True  # `Traduis en anglais`, `Danke!`, `Wie ...`: a verb, greeting or question word; `Visa`: a card's brand
    if _ORGANISATION_LABEL_BEFORE.search(text, max(0, start - 30), start):
        return True  # `Account: Sakura Denki`, `Company: ...`: an organisation
    if len(words) == 1 and _GERMAN_ARTICLE_BEFORE.search(text, max(0, start - 8), start):
        return True  # `im Log gefunden`, `das Ticket`: German capitalises its nouns
    if _in_signature_title(text, start, end):
        return True  # `Contoso`, `Customer Success | Woodgrove`: an organisation or a job title
    if not_name_shaped(value):
        return True
    if len(words) == 1 and (_FIELD_VALUE_AFTER.match(text, end) or _used_as_identifier(text, value)):
        return True
    if len(words) == 1 and _SENTENCE_START.search(text, max(0, start - 3), start) and _IMPERATIVE_AFTER.match(text, end):
        return True
    return looks_like_code(text, start, end)


def not_a_person(text: str, start: int, end: int) -> bool:
    """A PERSON finding (not a LOCATION: `Lyon` is one) that is no one's name (#15, tenth corpus): a phrase opening with
    an article (`The Service Team`, wherever it stands), a lone word that is a place by what comes before it (`São
    Paulo`, "I live in Lyon", `Rollout to Kraków and Curitiba`) or after a determiner (`the Lyon team`, `meine
    Konfiguration`), a job title, a department, an organisation's
    head word, a month or a weekday in any of the corpus languages, a salutation cut at its title (`Gentile Dott`),
    a label or a JSON key, a pipe table's header cell, or a cell under a column of places or jobs. A name in a
    place names take (placed_name) stays, unless it opens with an article or holds a word no name holds (a month,
    a department: _NOT_NAME_WORDS)."""
    value = text[start:end]
    words = value.lower().split()
    if not words:
        return False
    if _eponymous_brand(text, start, end) or _street_name(text, start, end) or _named_institution(text, start, end):
        return True  # `Calvin Klein`, `Dr. Martens`; `Atatürk Caddesi`, `Rua Augusta`; `Marie Curie Building`: whatever its place
    lone = len(words) == 1
    if lone and value[:1].isupper() and _THING_AFTER.match(text, end):
        return True  # `Gift card`, `Scanner firmware`: the first word of a thing's name
    if words[0].strip(",:;!?") in _DETERMINERS:  # (not `A.`: an initial, `Dear Mr A. Costa`)
        return True  # `The Service Team`, `The`: no one's name starts with an article, whatever its place
    if lone and words[0].strip(",:;.!?") in CITIES:
        return True  # `Rollout to Bangalore`, `[09:03] Frankfurt:`: a city, whatever its place (it may be a LOCATION)
    if any(w.strip(",:;.!?") in _NOT_NAME_WORDS for w in words):
        return True  # `Chief Medical Officer`, `Z poważaniem / Dział Kadr`: never (part of) a person's name, whatever its place
    if " ".join(w.strip(",:;.!?") for w in words) in _GREETING_PHRASES:
        return True  # `Guten Tag,`, `Goedemiddag,`: a letter's greeting on its own, not the name it greets
    line_start = text.rfind("\n", 0, start) + 1
    ruled_out = (
        _ADDRESS_LINE.match(text, line_start, start)  # `Address: Calle de Alcalá 221`, `77 Queen St W`: a street
        or (lone and line_start == start and _LABEL_PHRASE_AFTER.match(text, end))  # `Victim contact:`: a label's head
        or
        (lone and (_PLACE_HEAD_BEFORE.search(text, max(0, start - 12), start)  # `São Paulo`
                   or _PLACE_VERB_BEFORE.search(text, max(0, start - 30), start)  # "I live in Lyon"
                   or _PLACE_LIST_BEFORE.search(text, max(0, start - 80), start)))  # `Rollout to Kraków and Curitiba`
        or (lone and _DETERMINER_BEFORE.search(text, max(0, start - 12), start))  # `the Lyon team`, `meine Konfiguration`
        or (lone and _PLACE_PREPOSITION_BEFORE.search(text, max(0, start - 8), start)  # `restarted the job in Kraków`
            and text[end:end + 2] not in ("'s", "’s"))  # (`in Ana's absence`: hers)
        or _TITLE_ENDS.search(value)  # `Gentile Dott`, `Dña`: a salutation cut before the name
        or (lone and (_LABEL_AFTER.match(text, end) or _JSON_KEY_AFTER.match(text, end)))  # `Rechnungsnr.:`, `"HfToken":`
        or (lone and text[max(0, start - 1):start] in ("¿", "¡") and text[end:end + 1] != ",")  # `¿Lo puedes ...?`
        or _in_table_header(text, start, end) or _in_column_of(text, start, _NOT_PERSON_COLUMN))
    return bool(ruled_out) and not placed_name(text, start, end)


# Card brands (spaCy's small model tags `Mastercard` as a person) and the words of a form's labels.
CARD_BRANDS: frozenset[str] = frozenset("mastercard visa amex maestro jcb diners discover unionpay rupay interac".split())
_FORM_LABEL_WORDS: frozenset[str] = frozenset("""
social security insurance number no nr num date of birth place account card credit debit routing tax id identification
national passport driver driver's license licence zip postal code first last full middle given family name email e-mail
phone mobile address billing shipping expiry expiration cvv cvc holder signature iban bic short description new nowy
nytt novo nuevo nuovo neue neuer nieuw nieuwe nouvel nouveau nouvelle
""".split())
# A label naming an organisation before the finding: a CRM's `Account:`, `Company:`, `Vendor:`.
_ORGANISATION_LABEL_BEFORE = regex.compile(r"(?i)\b(?:account|company|organi[sz]ation|org|vendor|supplier|employer|firma|société"
                                           r"|empresa|azienda|tenant)[ \t]*:[ \t]*\Z")
# A German article or a preposition fused with one right before a capitalised word: a noun (`im Log`, `zum Server`).
_GERMAN_ARTICLE_BEFORE = regex.compile(r"(?<![\w-])(?:im|ins|am|beim|zum|zur|vom|dem|des|das|einem|einen|eines|einer|keinen|keinem)[ \t]+\Z")


# A determiner right before a lone capitalised word: a noun (`the Lyon team`, `Das Konto`, `meine Konfiguration`,
# `auf Deutsch`, `deze Klant`); a person is not written after one. (Particles stay: `van der Berg`.)
_DETERMINER_BEFORE = regex.compile(
    r"(?<![\w-])(?:the|this|that|these|those|our|your|their|its|(?<!\b(?:van|von|Van|Von)[ \t])(?i:der|die)|(?i:das|dem|ein|eine|einen|einem|einer|eines"
    r"|diese|dieser|dieses|diesen|diesem|jede|jeder|jedes|meine|meinen|meinem|meiner|deine|deinen|ihre|ihren|unsere"
    r"|unseren|keine|kein|welche|welcher|auf|het|een|deze|dit|mijn|onze|jouw|uw))[ \t]+\Z")
# A preposition of place right before a lone capitalised word (`the job in Kraków`, `w Gdańsku`, `nach Graz`): a place.
_PLACE_PREPOSITION_BEFORE = regex.compile(r"(?<![\w-])(?:in|near|nach|w|we|à|em|nel|nella)[ \t]+\Z")
# Words that are never (part of) a person's name, though some are (part of) a place's: departments and organisations (`Dział Księgowości`, `Banco ...`), the months and weekdays of the corpus languages
# (`Janeiro`, `Montag`), the role nouns that come before a person (`Klant`, `Kunde`), and the words for a password.
# The heads of job titles in the corpus languages: a phrase with one is a job (`Chief Medical Officer`,
# `Sachbearbeiter`, `Responsable RH`), never a person, nor a place.
JOB_TITLE_HEADS: frozenset[str] = frozenset("""
officer manager director engineer analyst consultant accountant administrator coordinator specialist assistant
secretary architect developer supervisor executive president chairman chairwoman receptionist technician
buyer purchaser controller treasurer auditor clerk bookkeeper paralegal recruiter
sachbearbeiter sachbearbeiterin geschäftsführer geschäftsführerin abteilungsleiter abteilungsleiterin
responsable gerente directeur directrice direttore direttrice direktor direktorin dyrektor kierownik księgowa księgowy
""".split())
_NOT_NAME_WORDS: frozenset[str] = frozenset("""
dział działu abteilung département departamento departament afdeling reparto ufficio banco banca banque sparkasse
station airport aeropuerto aéroport flughafen bahnhof
january february march september october november december
januar februar märz juni oktober dezember janvier février mars juin juillet août septembre octobre
novembre décembre enero febrero marzo junio agosto septiembre setiembre octubre noviembre diciembre
janeiro fevereiro março maio junho julho setembro outubro novembro dezembro gennaio febbraio aprile maggio giugno
luglio settembre ottobre dicembre januari februari maart styczeń luty marzec kwiecień czerwiec lipiec
sierpień wrzesień październik listopad grudzień
monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag freitag samstag sonntag
lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miércoles jueves viernes sábado
segunda terça quarta quinta sexta lunedì martedì mercoledì giovedì venerdì sabato maandag dinsdag woensdag
donderdag vrijdag zaterdag zondag poniedziałek wtorek środa czwartek piątek sobota niedziela
klant kunde kundin klient klientin
passwort kennwort wachtwoord hasło contraseña senha
""".split())
# A title or an honorific closing the finding: a salutation cut before the name (`Gentile Dott.`, `Dña.`).
_TITLE_ENDS = regex.compile(r"(?i)(?:^|\s)(?:mr|mrs|ms|mx|dr|prof|dott|sig|ing|avv|sr|sra|srta|dña|dª|doña"
                            r"|mme|mlle|herr|frau|pani|panie|dhr|mevr)\.?$")
# A word right before `:` or `.:` and a code-like value (`Rechnungsnr.: 5396...`), or before `":` (a JSON key).
_LABEL_AFTER = regex.compile(r"\.:[ \t]*[^\s]*[\d_@/=.-][^\s]*[ \t]*(?:\r?\n|$)")
# A line labelled as a postal address (what stands on it is a street, a town, a postcode), in the corpus languages.
# Brands named after a person, which retail and support texts are full of (`Calvin Klein jeans`, `Dr. Martens boots`,
# `Uncle Ben's rice`): lower-cased, as written in full; a finding inside one is the brand's (#15, twentieth corpus).
EPONYMOUS_BRANDS: frozenset[str] = frozenset("""
calvin klein|ralph lauren|polo ralph lauren|tommy hilfiger|tommy jeans|hugo boss|giorgio armani|emporio armani
|karl lagerfeld|michael kors|kate spade|tory burch|stella mccartney|vivienne westwood|paul smith|ted baker|tom tailor
|pierre cardin|massimo dutti|marc o'polo|marc jacobs|kurt geiger|jimmy choo|christian louboutin|christian dior
|yves saint laurent|louis vuitton|coco chanel|gianni versace|dolce & gabbana|salvatore ferragamo|tom ford
|oscar de la renta|diane von furstenberg|victoria beckham|alexander mcqueen|alexander wang|vera wang|dr. martens
|dr martens|bobbi brown|estée lauder|estee lauder|elizabeth arden|helena rubinstein|charlotte tilbury|jo malone
|laura mercier|levi strauss|levi's|ben & jerry's|uncle ben's|aunt bessie's|aunt jemima|dr. oetker|dr oetker
|mr. muscle|mr muscle|stan smith|john lewis|marks & spencer|max mara|bruno banani|jack & jones|peter hahn|betty barclay
|gerry weber|wolfgang joop|carolina herrera|paco rabanne|jean paul gaultier|issey miyake|yohji yamamoto|thierry mugler
|john deere|ben sherman|fred perry|maison margiela|ann taylor|vince camuto|steve madden|sam edelman|kenneth cole
|jack wolfskin|philipp plein|dr. hauschka|paul mitchell|john frieda|harvey nichols|anna field|ray-ban|ray ban
|tim hortons|wendy's|ben & jerry|sara lee|betty crocker|martha stewart|eddie bauer|tommy bahama|lands' end
|j. crew|j.crew|ted lapidus|guy laroche|nina ricci|claudie pierlot|sandro|isabel marant|agnès b.|stefanel
""".replace("\n", "").split("|"))
_BRAND_WORDS = regex.compile(r"(?<![\w'’])(?:" + "|".join(regex.escape(b) for b in sorted(EPONYMOUS_BRANDS, key=len, reverse=True))
                             + r")(?![\w'’])")
_BRAND_REACH = 24  # how far before and after a finding a brand holding it may start and end


def _eponymous_brand(text: str, start: int, end: int) -> bool:
    lo = max(0, start - _BRAND_REACH)
    return any(m.start() <= start - lo and end - lo <= m.end()
               for m in _BRAND_WORDS.finditer(text[lo:end + _BRAND_REACH].lower()))


# A street: a finding whose last word ends in a street's word (`Bahnhofstraße`, `Jan van Galenstraat`, `Willem
# Dreeslaan`) or holds one (`Gran Vía`, `İstiklal Caddesi`), followed by one (`Atatürk Caddesi`, `Thomas Mann Straße`,
# `Martin Luther King Jr Blvd`) or after one (`Rua Augusta`, `Avenida Getúlio Vargas`, `ul. Marii Skłodowskiej-Curie`,
# `Piazza Garibaldi`): no one's name, whatever its place.
_STREET_SUFFIX = regex.compile(r"(?i)(?<=\p{L}{2})(?:stra(?:ß|ss)e|straat|laan|weg|gracht|plein|kade|singel|dreef|gasse|allee|platz"
                               r"|damm|ufer|caddesi|sokak|sokağı|bulvarı|gatan|vägen|utca)$")
_STREET_WORD = regex.compile(r"(?i)\b(?:caddesi|sokak|sokağı|vía|via|rua|piazza|stra(?:ß|ss)e|avenida|calle)\b"
                             r"|[ \t](?:Road|Street|Avenue|Drive|Boulevard|Blvd|Lane|Crescent|Terrace)\.?$")
_STREET_AFTER = regex.compile(r"[ \t]+(?:Stra(?:ß|ss)e|Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Blvd\.?|Boulevard|Lane|Drive|Caddesi"
                              r"|Cad\.|Sokak|Sokağı|Sk\.|Bulvarı|Laan|Straat|Weg|Gracht|Plein|Allee|Platz)\b")
_STREET_BEFORE = regex.compile(r"(?:\b(?:Rua|Avenida|Av\.|Via|Viale|Piazza|Piazzale|Largo|Corso|Calle|Carrer|Plaza|Paseo|Gran|Rue"
                               r"|Boulevard|Bd\.|Quai|Praça|Travessa|Estrada|Rambla|Ronda|Plac|Aleja|Ulica)|(?<![\w.])(?:ul|al|pl)\.)"
                               r"[ \t]+\Z")


# A building, a room, a school, a prize or a fund named after a person (`Marie Curie Building`, `Seamus Heaney Theatre`,
# `Nelson Mandela Scholarship`, `Anne Frank Basisschool`, `Astrid Lindgren-salen`): the word in or after the finding
# (#15, twenty-second corpus).
_INSTITUTION_WORD = (r"(?:Scholarships?|Fellowships?|Bursary|Bursaries|Prize|Award|Medal|Fund|Foundation|Trust|Lecture|Building"
                     r"|Lab|Laboratory|Library|Centre|Center|Institute|School|College|Academy|Campus|Room|Theatre|Theater"
                     r"|Auditorium|Basisschool|Gymnasium|Schule|Grundschule|Liceo|Colegio|Escuela|Escola|Szkoła|Lyceum|Primary"
                     r"|Secondary|High|University|Memorial|Stadium|Museum|Gallery|Professorship|Studentship|Lectureship"
                     r"|Programme|Suite)")
# (Words that are surnames too - `Ana Hall`, `Lee Wing`, `Sofía Arena` - count only after a full name: `Kwame Nkrumah Hall`.)
_SURNAME_INSTITUTION = r"(?:Hall|Wing|Arena|Reading)"
# (Not a word and a number after a name: `Guest: Liam Fitzgerald    Room 025` is the guest's room.)
_INSTITUTION_AFTER = regex.compile(rf"[ \t]+{_INSTITUTION_WORD}\b(?![ \t]*[A-Z]?\d)")
_SURNAME_INSTITUTION_AFTER = regex.compile(rf"[ \t]+{_SURNAME_INSTITUTION}\b(?![ \t]*[A-Z]?\d)")
_INSTITUTION_IN = regex.compile(rf"[ \t]{_INSTITUTION_WORD}\b|\S[ \t]+\S+[ \t]+{_SURNAME_INSTITUTION}$"
                                r"|-(?:salen|hallen|schule|school|skolan|gymnasium)$")


def _named_institution(text: str, start: int, end: int) -> bool:
    value = text[start:end].rstrip()
    return bool(_INSTITUTION_AFTER.match(text, end) or _INSTITUTION_IN.search(value)
                or (len(value.split()) > 1 and _SURNAME_INSTITUTION_AFTER.match(text, end)))


_THING_AFTER = regex.compile(r"[ \t]+(?:card|cards|voucher|vouchers|certificate|firmware|printer|box|wrap)\b")


def _street_name(text: str, start: int, end: int) -> bool:
    words = text[start:end].split()
    return bool(words) and bool(_STREET_SUFFIX.search(words[-1]) or _STREET_WORD.search(text, start, end)
                                or _STREET_AFTER.match(text, end) or _STREET_BEFORE.search(text, max(0, start - 12), start))


_ADDRESS_LINE = regex.compile(r"(?i)[ \t]*(?:[-*•][ \t]+)?(?:\*\*)?(?:(?:postal|street|mailing|home|billing|shipping)[ \t]+)?"
                              r"(?:address|adresse|anschrift|direcci[óo]n|endere[çc]o|indirizzo|adres|adresa)(?:\*\*)?[ \t]*:[^\n]*")
# A capitalised word opening a line, then lower-case words and a colon: the head of a label (`Victim contact:`).
_LABEL_PHRASE_AFTER = regex.compile(r"(?:[ \t]+\p{Ll}[\p{Ll}-]*){1,3}[ \t]*:")
# Greetings that open a letter on their own line (what the `greeting` place is followed by), lower-cased.
_GREETING_PHRASES: frozenset[str] = frozenset("""
guten tag|guten morgen|guten abend|goedemiddag|goedemorgen|goedenavond|goedendag|buongiorno|buonasera|bom dia|boa tarde
|boa noite|buenos días|buenas tardes|buenas noches|bonjour|bonsoir|dzień dobry|good morning|good afternoon|good evening
|hallo|hola|olá|salut|salve|ciao|hej|hoi|moin|servus|grüezi|witaj|cześć|merhaba|selam|iyi günler|geachte
|damen und herren|herren""".replace("\n", "").split("|"))
_JSON_KEY_AFTER = regex.compile(r"[\"'][ \t]*:")
# Table columns that hold places, jobs or companies, not people.
# (Also a key-value table's key column: `| Field | Value |` over `| Full name | ... |`.)
_NOT_PERSON_COLUMN = regex.compile(r"\b(?:city|town|office|location|site|country|region|ort|stadt|ville|ciudad|cidade|città"
                                   r"|plaats|miasto|role|title|job ?title|position|department|team|company|employer|vendor"
                                   r"|field|key|attribute|item|parameter|setting|feld|campo|champ|veld|pole)$")
_PIPE_RULE = regex.compile(r"[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)+\|?[ \t]*")


def _in_table_header(text: str, start: int, end: int) -> bool:
    """On a pipe table's first row, the one over its `|---|---|` rule: a column's label."""
    line_start, line_end = line_span(text, start, end)
    if "|" not in text[line_start:start]:
        return False
    rule_end = text.find("\n", line_end + 1)
    return bool(_PIPE_RULE.fullmatch(text[line_end + 1:len(text) if rule_end < 0 else rule_end].rstrip("\r")))


def _in_column_of(text: str, start: int, column: Any) -> bool:
    name = column_name(text, start)
    return bool(name and column.search(name))


# Capitalised verbs, greetings and question words that open a German, French, Spanish or Italian text
# and that NER models take for a name (#15, eighth corpus).
_NON_ENGLISH_OPENERS: frozenset[str] = frozenset("""
traduis traduisez traduire traduce traduzca traduci traducir traduza übersetze übersetzen übersetz
résume résumez resume resumir riassumi riassumere fasse corrige corrigez corrija corregir correggi
réécris reformule reescribe riscrivi schreib schreibe formuliere erkläre explique explica spiega
danke dankeschön merci gracias grazie obrigado obrigada bonjour bonsoir salut hallo hola ciao buongiorno
buenos buenas guten servus moin grüezi
potete possiamo può pode poderia podemos qualquer daj proszę prosimy kunt kunnen kun pourriez
rappeler rappelez appeler appelez llamar llame richiamare chiamare ligar bellen anrufen zadzwonić oddzwonić
wie was warum wo wann welche welcher kannst können könnten pourquoi comment pouvez peux quel quelle
cómo como qué por puedes podrías puoi potresti perché come cosa
bitte svp porfavor
kunt kunnen necesito necesitamos necesita podemos preciso brauche benötige
bien pozdrawiam pozdrowienia prosimy proszę prosze dziękuję dziekuje dzięki dzieki serdecznie tack kiitos
""".split())


# Words that open a phrase but never a name, in the languages people paste besides English: articles,
# possessives, pronouns, prepositions. Name particles (`de`, `van`, `von`, `la`) and words that are
# also common names or surnames (`son`, `ma`, `su`, `lo`, `per`) are left out.
_FUNCTION_WORDS: frozenset[str] = frozenset("""
der die das dem des ein eine einer eines einem mein meine meinen meiner dein deine unser unsere ihr ihre sein seine
bei mit für fuer nach über ueber unter vor ohne gegen durch zum zur im am vom aus auf ich wir sie er es
ce cet cette ces mon mes ton ta tes sa ses notre nos votre vos leur leurs pour par avec sans chez dans sur sous
celui celle ceux je nous vous elle un une una unos unas mi mis tu tus sus nuestro nuestra para por con sin sobre
entre desde hasta yo het een mijn jouw uw zijn haar ons onze hun voor met zonder bij naar op aan uit ik jij wij
gli uno mio mia senza
""".split())
_NAME_PARTICLES: frozenset[str] = frozenset(_PARTICLE[3:-1].split("|"))
# `Benutzer: lieferant_31`, `RequestId: 8D09A01D`: a label followed by one code-like value on its line.
_FIELD_VALUE_AFTER = regex.compile(r":[ \t]*[^\s]*[\d_@/=.-][^\s]*[ \t]*(?:\r?\n|$)")


def _used_as_identifier(text: str, word: str) -> bool:
    """The word also appears in the text as an identifier's head (`keepalives_idle=30`, `Proxy(`), not in
    an e-mail address."""
    return bool(regex.search(rf"(?i)(?<![\w.@-]){regex.escape(word)}[_=(]\w(?![\w.+-]*@)", text))


def _in_signature_title(text: str, start: int, end: int) -> bool:
    """On a `Title | Company` line right under a line holding only a name (a mail signature)."""
    line_start, line_end = line_span(text, start, end)
    if line_start == 0 or not _SIGNATURE_TITLE_LINE.fullmatch(text, line_start, line_end):
        return False
    previous = text.rfind("\n", 0, line_start - 1) + 1
    return bool(_NAME_LINE.fullmatch(text, previous, line_start - 1))


def not_name_shaped(value: str) -> bool:
    """Names start with a capital, continue with capitalised words or particles (`Ravi de Vries`), are
    not one word in capitals (`INFO`, `NAS`), and do not open with an article or a preposition
    (`Die Rechnung`, `Para el reembolso`, `das Kennwort`)."""
    words = value.split()
    if not words or not words[0][:1].isupper() or words[0].lower() in _FUNCTION_WORDS:
        return True
    if len(words) == 1 and len(value) > 1 and value.isupper():
        return True
    if words[-1].lower() in _NAME_PARTICLES and (len(words) > 1 or words[0].lower() not in ("van", "von", "bin")):
        return True  # `La` (Italian "La password"), `Lastschrift von`: a name ends in a name, not a particle
    return any(not (w[:1].isupper() or w in _NAME_PARTICLES) for w in words[1:])


def looks_like_code(text: str, start: int, end: int) -> bool:
    """A PERSON or LOCATION finding that is a tool name, an identifier or inside code.

    Inside code: a fenced block (an odd number of ``` before it), an inline `span` on its line,
    or a shell command line. An identifier: code characters, camelCase with more than one hump
    (`AzureOpenAI`; `McKenzie` stays a name), or a known tool name as any of its words.
    """
    value = text[start:end]
    words = [w.lower() for w in regex.findall(r"[\w.+-]+", value)]
    if any(w in TOOL_NAMES for w in words) or _CODE_CHARS.search(value) or _CAMEL.search(value):
        return True
    if _IDENTIFIER_AROUND.search(text[max(0, start - 1):start]) or _IDENTIFIER_AROUND.match(text[end:end + 2]):
        return True
    if text.count("```", 0, start) % 2:
        return True
    line_start, line_end = line_span(text, start, end)
    if text.count("`", line_start, start) % 2 and "`" in text[end:line_end]:
        return True
    return bool(_SHELL_LINE.match(text[line_start:line_end]))
