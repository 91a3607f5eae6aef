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

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import regex

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer, PatternRecognizer

RECOGNIZERS_VERSION = "1"

CASE_SENSITIVE = regex.DOTALL | regex.MULTILINE
CASE_INSENSITIVE = CASE_SENSITIVE | regex.IGNORECASE

# Characters that end an unquoted value in config syntax (connection strings, .env, URLs, JSON).
_VALUE = r"[^;\s\"'<>]"
# Keyword-to-value glue: `key=v`, `key: v`, `"key": "v"`, `key := v`, `'key' => 'v'`.
_ASSIGN = r"[\"']?\s*(?::=|=>|[:=])\s*"


@dataclass(frozen=True, slots=True)
class SecretSpec:
    """One entity: its patterns as (name, regex, score), its context words, its case rule."""

    entity: str
    patterns: tuple[tuple[str, str, float], ...]
    context: tuple[str, ...]
    flags: int = CASE_SENSITIVE

    def recognizer(self, language: str) -> PatternRecognizer:
        from presidio_analyzer import Pattern, PatternRecognizer

        return PatternRecognizer(
            supported_entity=self.entity,
            name=f"{self.entity.title().replace('_', '')}Recognizer",
            supported_language=language,
            patterns=[Pattern(name, rx, score) for name, rx, score in self.patterns],
            context=list(self.context),
            global_regex_flags=self.flags,
            version=RECOGNIZERS_VERSION,
        )


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
         r"(?<![A-Za-z0-9])[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9]{18}(?!ACOG)[A-Za-z0-9]{8}(?![A-Za-z0-9])", 0.85),
        ("azure_key_assignment",
         rf"\b(?:account|primary|secondary|storage|cosmos|master|shared_?access)[_ -]?key{_ASSIGN}[\"']?\K"
         r"[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])", 0.85),
        # Storage and Cosmos account keys: 64 random bytes in base64. A SHA-512 digest has the
        # same shape (npm `integrity: sha512-...`), hence the low score and the `-` exclusion.
        ("azure_account_key_shape", r"(?<![A-Za-z0-9+/=-])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])", 0.4),
    ),
    ("key", "accountkey", "storage", "cosmos", "primary", "secondary", "azure"),
    CASE_INSENSITIVE,
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
        # Older 32-hex keys look like any MD5, so only an `api-key`-style keyword makes them keys.
        ("azure_openai_legacy_key",
         rf"\b(?:api[_-]?key|ocp-apim-subscription-key|subscription[_-]?key|azure[_-]openai[_-](?:api[_-])?key"
         rf"|openai[_-]api[_-]key){_ASSIGN}[\"']?\K[0-9a-f]{{32}}(?![0-9a-z])", 0.8),
    ),
    ("azure", "openai", "api-key", "key", "cognitive", "subscription"),
    CASE_INSENSITIVE,
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
         rf"-----BEGIN {_PEM_LABEL}-----(?:[\s\S]{{0,16384}}?-----END {_PEM_LABEL}-----|[A-Za-z0-9+/=\s:,-]*)", 0.95),
    ),
    ("private", "key", "pem", "rsa", "ssh"),
)

AWS_ACCESS_KEY_ID = SecretSpec(
    "AWS_ACCESS_KEY_ID",
    (
        # Long-term (AKIA) and temporary (ASIA) access key ids; other A*A prefixes name
        # principals, not credentials.
        ("aws_access_key_id", r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])", 0.9),
    ),
    ("aws", "access", "key", "iam"),
)

AWS_SECRET_KEY = SecretSpec(
    "AWS_SECRET_KEY",
    (
        ("aws_secret_assignment",
         rf"\b(?i:aws_?secret_?(?:access_?)?key){_ASSIGN}[\"']?\K[A-Za-z0-9/+]{{40}}(?![A-Za-z0-9/+=])", 0.9),
        # 40 base64 characters with upper, lower and digit (a git SHA-1 is lower-case hex).
        ("aws_secret_shape",
         r"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])"
         r"[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])", 0.3),
    ),
    ("aws", "secret"),
)

_SECRET_WORD = (r"(?:password|passwd|pwd|passphrase|secret|client[_-]?secret|api[_-]?secret|app[_-]?secret"
                r"|secret[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|api[_-]?token|token)")
_SECRET_KEYWORD = rf"\b(?:[a-z0-9]+[_-])*{_SECRET_WORD}\b{_ASSIGN}"
# Values that are references or placeholders, not secrets.
_PLACEHOLDER = (r"(?!(?:\*{3}|x{4}|\.{3}|<|\$\{|\$[A-Za-z_]|\{|%\(|%[A-Za-z_]+%|="
                r"|os\.|process\.env|getenv|env\[|config\[|settings\."
                r"|null\b|none\b|nil\b|true\b|false\b|undefined\b|redacted|\[redacted|your[_ -]|placeholder))")
GENERIC_SECRET = SecretSpec(
    "GENERIC_SECRET",
    (
        ("secret_assignment_double_quoted", rf"{_SECRET_KEYWORD}\"\K{_PLACEHOLDER}[^\"\r\n]{{4,128}}(?=\")", 0.8),
        ("secret_assignment_single_quoted", rf"{_SECRET_KEYWORD}'\K{_PLACEHOLDER}[^'\r\n]{{4,128}}(?=')", 0.8),
        # Unquoted: code like `password=get_password()` is a reference, so a bare value needs a
        # digit or a symbol, and trailing sentence punctuation is not part of it.
        ("secret_assignment_bare",
         rf"{_SECRET_KEYWORD}\K{_PLACEHOLDER}(?=[^\s\"',;&<>()\[\]{{}}]*[0-9!@#$%^*+/~-])"
         r"[^\s\"',;&<>()\[\]{}]{3,127}(?<![.,:])", 0.8),
        ("basic_auth_header", rf"\bauthorization{_ASSIGN}[\"']?basic\s+\K[A-Za-z0-9+/]{{8,}}={{0,2}}", 0.85),
        # scheme://user:password@host
        ("url_userinfo_password", r"\b[a-z][a-z0-9+.-]*://[^\s:/@]+:\K[^\s:/@]{3,}(?=@)", 0.8),
    ),
    ("password", "secret", "token", "credential", "login"),
    CASE_INSENSITIVE,
)

SPECS: tuple[SecretSpec, ...] = (
    AZURE_CONNECTION_STRING, AZURE_KEY, AZURE_SAS_TOKEN, AZURE_OPENAI_KEY, OPENAI_API_KEY, JWT,
    BEARER_TOKEN, PRIVATE_KEY, AWS_ACCESS_KEY_ID, AWS_SECRET_KEY, GENERIC_SECRET,
)
CREDENTIAL_ENTITIES: tuple[str, ...] = tuple(spec.entity for spec in SPECS)


def custom_recognizers(language: str) -> list[PatternRecognizer]:
    """The credential recognizers for one language (the regexes are language-neutral)."""
    return [spec.recognizer(language) for spec in SPECS]


def email_recognizer(language: str) -> EntityRecognizer:
    """Presidio's email recognizer, with a TLD check that never touches the network."""
    return _offline_email_class()(supported_language=language)


def phone_recognizer(language: str, regions: tuple[str, ...]) -> EntityRecognizer:
    """Presidio's phone recognizer, scoring by format as well as by context."""
    return _formatted_phone_class()(supported_language=language, supported_regions=regions, context=list(PHONE_CONTEXT))


def ip_recognizer(language: str) -> EntityRecognizer:
    """Presidio's IP recognizer, without the four-part version numbers of code and packages."""
    return _versionless_ip_class()(supported_language=language)


@cache
def _offline_email_class() -> type[EntityRecognizer]:
    import tldextract
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    # The stock check calls `tldextract.extract`, which fetches the public suffix list over
    # HTTP (and writes a cache under ~/.cache) before falling back to its bundled snapshot.
    tlds = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=())

    class OfflineEmailRecognizer(EmailRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            return tlds(pattern_text).fqdn != ""

    return OfflineEmailRecognizer


# Presidio's phone context without "number": "part number", "order number" and "case number"
# precede ids that libphonenumber accepts as valid numbers in some region (dd-dddd-dddd).
PHONE_CONTEXT = ("phone", "telephone", "tel", "cell", "cellphone", "mobile", "call", "fax", "whatsapp", "sms")
# Written like a phone number: international (+CC ...) or North American ((AAA) EEE-LLLL, AAA-EEE-LLLL).
_PHONE_FORMAT = regex.compile(r"\+\d[\d ().-]{6,}\d|\(?[2-9]\d{2}\)?[ .-]?[2-9]\d{2}[ .-]\d{4}")
FORMATTED_PHONE_SCORE = 0.6


@cache
def _formatted_phone_class() -> type[EntityRecognizer]:
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    class FormattedPhoneRecognizer(PhoneRecognizer):
        """A valid number written in phone format scores 0.6 (over the default threshold) without
        context; any other valid digit run keeps Presidio's 0.4 and needs a context word."""

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
            results = super().analyze(text, entities, nlp_artifacts)
            for result in results:
                if _PHONE_FORMAT.fullmatch(text, result.start, result.end):
                    result.score = max(result.score, FORMATTED_PHONE_SCORE)
            return results

    return FormattedPhoneRecognizer


_VERSION_BEFORE = regex.compile(r"(?i)(?:\bversion|\bver|\bbuild|\brelease|\bassembly|\bv)[\s:=]*$")


@cache
def _versionless_ip_class() -> type[EntityRecognizer]:
    from presidio_analyzer.predefined_recognizers import IpRecognizer

    class VersionlessIpRecognizer(IpRecognizer):
        """`version 3.2.5.0` and `v1.0.0.0` are not addresses; everything else is as in Presidio."""

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                    regex_flags: int | None = None) -> list[Any]:
            results = super().analyze(text, entities, nlp_artifacts, regex_flags)
            return [r for r in results if not _VERSION_BEFORE.search(text, max(0, r.start - 24), r.start)]

    return VersionlessIpRecognizer
