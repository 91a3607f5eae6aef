"""Pieces the templates share: composite credentials (connection strings, SAS, URLs with a password),
header spellings, greetings and signatures."""

from __future__ import annotations

from tests.dlp_eval.corpus import N, V

from .values import ALNUM, DIGITS, Values, b64key, password, rand

HOSTS = ("pg-orders-prod.postgres.database.azure.com", "sql-finance-weu.database.windows.net", "mysql-crm.internal.brightlane.net",
         "db01.corp.hanse-stahlbau.de", "redis-sessions.redis.cache.windows.net", "rabbit01.ops.nimbusworks.io",
         "cluster0.x7kqp.mongodb.net", "nexus.build.redwood-analytics.com")
DB_USERS = ("svc_orders", "app_rw", "reporting", "etl_loader", "dbadmin", "postgres", "sa", "jenkins", "deploy", "azureuser",
            "crm_app", "readonly")
SHELL_PW = "#%-_.+"
URL_PW = "-_.!*~"


def conn_string(x: Values) -> V:
    r = x.r
    form = r.choice(("storage", "servicebus", "cosmos", "sql", "redis", "eventhub"))
    if form == "storage":
        key = b64key(r)
        acct = r.choice(("stordersprod", "brightlanelogs", "hansedata01", "stmlartifacts"))
        t = f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net"
    elif form in ("servicebus", "eventhub"):
        key = b64key(r, 32)
        ns = r.choice(("sb-orders-prod", "evh-telemetry-weu", "ns-billing-01"))
        path = f";EntityPath={r.choice(('orders', 'telemetry', 'audit'))}" if form == "eventhub" or r.random() < 0.3 else ""
        t = f"Endpoint=sb://{ns}.servicebus.windows.net/;SharedAccessKeyName={r.choice(('RootManageSharedAccessKey', 'send', 'listen-app'))};SharedAccessKey={key}{path}"
    elif form == "cosmos":
        key = b64key(r)
        t = f"AccountEndpoint=https://{r.choice(('cosmos-orders', 'cdb-catalog-prod'))}.documents.azure.com:443/;AccountKey={key};"
    elif form == "sql":
        key = password(r, "!#%*-_.?")
        t = (f"Server=tcp:{r.choice(('sql-finance-weu', 'sqlsrv-crm-prod'))}.database.windows.net,1433;Initial Catalog="
             f"{r.choice(('Finance', 'CRM', 'Billing'))};User ID={r.choice(DB_USERS)};{r.choice(('Password', 'Pwd', 'password'))}={key};"
             "Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;")
    else:
        key = b64key(r, 32)
        t = f"redis-sessions.redis.cache.windows.net:6380,password={key},ssl=True,abortConnect=False"
    return x.secret_in("connection_string", t, key)


def sas(x: Values) -> V:
    return x.cred("sas_token")


def url_with_pw(x: Values) -> tuple[str, V, str]:
    """(scheme://user:, password, @host/...)"""
    r = x.r
    pw = x.pw("password_url", URL_PW)
    scheme, host = r.choice((("postgresql", "pg-orders-prod.postgres.database.azure.com:5432/orders?sslmode=require"),
                             ("mysql", "mysql-crm.internal.brightlane.net:3306/crm"),
                             ("amqp", "rabbit01.ops.nimbusworks.io:5672/%2F"),
                             ("mongodb+srv", "cluster0.x7kqp.mongodb.net/catalog?retryWrites=true"),
                             ("redis", "redis-sessions.redis.cache.windows.net:6380/0"),
                             ("https", "nexus.build.redwood-analytics.com/repository/pypi-internal/simple")))
    user = "" if scheme == "redis" else r.choice(DB_USERS)
    return f"{scheme}://{user}:", pw, f"@{host}"


def auth_header(x: Values, kind: str | None = None) -> tuple[str, V]:
    """(header prefix in one of many spellings, the token)"""
    r = x.r
    kind = kind or x.pick(("bearer_token", "jwt", "bearer_token", "github_token", "openai_key", "huggingface_token"))
    tok = x.cred(kind)
    scheme = "token " if kind == "github_token" and r.random() < 0.5 else r.choice(("Bearer ", "Bearer ", "bearer ", "BEARER "))
    name = r.choice(("Authorization: ", "authorization: ", "Authorization:", "AUTHORIZATION: ", "Authorization = ", "authorization="))
    return name + scheme, tok


def neg_tail(x: Values) -> list[str | N]:
    """A line mentioning a hard negative, often, to keep decoys everywhere."""
    r = x.r
    if r.random() < 0.5:
        return []
    k = r.choice(("version", "guid", "build_id", "commit_sha", "order_number", "chatcmpl", "sha256", "lot_number", "gl_account"))
    n = x.neg(k)
    lead = {"version": "agent version ", "guid": "correlation id ", "build_id": "build ", "commit_sha": "commit ",
            "order_number": "order no. ", "chatcmpl": "response id ", "sha256": "image digest sha256:", "lot_number": "lot ",
            "gl_account": "GL account "}[k]
    return ["\n(", lead, n, ")\n"]


GREET = {"en": ("Hi {},", "Hello {},", "Dear {},", "Hey {} -", "Morning {},"), "de": ("Hallo {},", "Liebe/r {},", "Moin {},"),
         "es": ("Hola {},", "Buenos días {},"), "fr": ("Bonjour {},", "Salut {},"), "it": ("Ciao {},", "Buongiorno {},"),
         "pl": ("Cześć {},", "Dzień dobry {},"), "nl": ("Hoi {},", "Beste {},"), "pt": ("Olá {},", "Bom dia {},")}
SIGN = {"en": ("Thanks,", "Best regards,", "Cheers,", "Kind regards,"), "de": ("Viele Grüße", "Beste Grüße", "VG"),
        "es": ("Saludos,", "Un saludo,"), "fr": ("Cordialement,", "Bien à vous,"), "it": ("Cordiali saluti,", "Grazie,"),
        "pl": ("Pozdrawiam,",), "nl": ("Groet,", "Met vriendelijke groet,"), "pt": ("Abraços,", "Atenciosamente,")}
CULTURE_LANG = {"en": "en", "de": "de", "es": "es", "fr": "fr", "it": "it", "pl": "pl", "nl": "nl", "in": "en", "zh": "en",
                "ja": "en", "ar": "en", "ng": "en", "br": "pt"}


def greet(x: Values, lang: str, who: V) -> list[str | V]:
    g = x.r.choice(GREET[lang])
    a, b = g.split("{}")
    return [a, who, b, "\n\n"]


def sign(x: Values, lang: str, name: V, extra: list[str | V] | None = None) -> list[str | V]:
    return ["\n\n", x.r.choice(SIGN[lang]), "\n", name, *(extra or []), "\n"]


def ticket_no(x: Values) -> str:
    return x.r.choice(("INC", "REQ", "SR", "CHG")) + rand(x.r, DIGITS, 7)


def short_id(x: Values) -> str:
    return rand(x.r, ALNUM, 8)
