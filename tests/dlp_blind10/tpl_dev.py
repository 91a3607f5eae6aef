"""Developer pastes: git diffs and code review with secrets added or removed, unit-test fixtures, Postman
and Insomnia exports, curl converted to Python and JavaScript, Dockerfiles, Kubernetes manifests, Ansible
vars, appsettings.json, Java properties, Go / Rust / C# code, error messages quoting the config."""

from __future__ import annotations

import base64
import json

from tests.dlp_eval.corpus import N

from .build import Doc, template
from .tpl_common import make, negative_setting, setting
from .values import Values


def _diffline(sign: str, parts: list) -> list:  # noqa: ANN001
    return [sign, *parts]


@template("dev_git_diff", 3.5)
def git_diff(d: Doc, v: Values) -> None:
    path = v.pick("config/settings.py", "deploy/.env.staging", "src/main/resources/application.properties", "appsettings.Development.json")
    style = {"config/settings.py": "py", "deploy/.env.staging": "env", "src/main/resources/application.properties": "props",
             "appsettings.Development.json": "json"}[path]
    d.w(v.pick("Review this diff please:\n\n", "Can you write a commit message for this?\n\n", "Is this change safe to merge?\n\n"),
        f"diff --git a/{path} b/{path}\nindex ", v.short_commit(), "..", v.short_commit(), " 100644\n--- a/", path, "\n+++ b/", path,
        "\n@@ -", str(v.r.randrange(3, 80)), ",6 +", str(v.r.randrange(3, 80)), ",7 @@\n ",
        *(["DEBUG = False\n"] if style == "py" else ["LOG_LEVEL=info\n"] if style in ("env", "props") else ["  {\n"]))
    if v.chance(0.5):
        d.w(*_diffline("-", negative_setting(v, style)))
    d.w(*_diffline("+", setting(v, style)), " ", "TIMEOUT_SECONDS=30\n" if style != "json" else "  }\n")


@template("dev_diff_removed")
def diff_removed(d: Doc, v: Values) -> None:
    d.w("We removed the hard-coded key in this commit, but is it still in history? Diff:\n\n```diff\n-",
        *setting(v, v.pick("py", "js", "go")), "+", v.pick("API_KEY = os.environ[\"API_KEY\"]\n", "const apiKey = process.env.API_KEY;\n"),
        "```\nCommit ", v.commit(), " by ", v.person(), ".")


@template("dev_code_review")
def code_review(d: Doc, v: Values) -> None:
    d.w("PR #", str(v.r.randrange(100, 4000)), " review comment from ", v.person(), ":\n\n> ", v.pick("src/Payments/Client.cs", "internal/mail/send.go"),
        " line ", str(v.r.randrange(10, 300)), ": please don't commit this\n> ```\n> ", *setting(v, v.pick("cs", "go")),
        "> ```\n\nHow do I answer politely and what should the fix look like?")


@template("dev_test_fixture", 1.5)
def test_fixture(d: Doc, v: Values) -> None:
    first, last = v.names()
    d.w("Make this pytest fixture parametrised:\n\n```python\n@pytest.fixture\ndef customer():\n    return {\n        \"name\": \"",
        v.person(), "\",\n        \"email\": \"", v.pick(v.email(first, last), v.example_email()), "\",\n        \"card\": \"",
        v.pick(v.test_card(), v.test_card(), v.card("visa", "plain")), "\",\n        \"iban\": \"", v.pick(v.example_iban(), v.iban(grouped=False)),
        "\",\n        \"ssn\": \"", v.pick(v.bad_ssn(), v.ssn("dash")), "\",\n    }\n```")


@template("dev_postman_export", 1.3)
def postman_export(d: Doc, v: Values) -> None:
    kind = v.next_kind(("bearer_token", "jwt", "azure_openai_key", "stripe_key", "sendgrid_key", "huggingface_token", "openai_key"))
    if kind in ("bearer_token", "jwt"):
        tok = v.cred(kind, v.opaque_token() if kind == "bearer_token" else v.jwt())
        auth = ['"auth": {"type": "bearer", "bearer": [{"key": "token", "value": "', tok, '", "type": "string"}]},\n    ']
    else:
        header = {"azure_openai_key": "api-key", "stripe_key": "Authorization", "sendgrid_key": "Authorization",
                  "huggingface_token": "Authorization", "openai_key": "Authorization"}[kind]
        text, secret = make(v, kind)
        prefix = "" if header == "api-key" else "Bearer "
        auth = ['"header": [{"key": "', header, '", "value": "', prefix, v.cred(kind, text, secret), '"}],\n    ']
    d.w("Convert this Postman collection item to a Python requests call:\n\n```json\n{\n  \"name\": \"",
        v.pick("Create order", "List invoices", "Chat completion"), "\",\n  \"request\": {\n    \"method\": \"POST\",\n    ", *auth,
        "\"url\": \"https://api.", v.pick("brandt-logistik.de", "meridianhealth.org", "kestrel-capital.co.uk"), "/v2/items\"\n  }\n}\n```")


@template("dev_insomnia_export")
def insomnia_export(d: Doc, v: Values) -> None:
    kind = v.next_kind(("bearer_token", "jwt", "password_kv", "mailgun_key", "twilio_key"))
    text, secret = make(v, kind)
    d.w("Why does Insomnia say the environment is invalid?\n\n```json\n{\n  \"_type\": \"environment\",\n  \"name\": \"prod\",\n"
        "  \"data\": {\n    \"base_url\": \"https://", v.ipv4(False), ":8443\",\n    \"", {"bearer_token": "token", "jwt": "id_token",
        "password_kv": "password", "mailgun_key": "mailgun_api_key", "twilio_key": "twilio_auth_token"}[kind], "\": \"",
        v.cred(kind, text, secret), "\",\n    \"request_id\": \"", v.guid(), "\"\n  }\n}\n```")


@template("dev_curl_to_python", 1.5)
def curl_to_python(d: Doc, v: Values) -> None:
    kind = v.next_kind(("bearer_token", "jwt", "github_token", "gitlab_token", "openai_key", "anthropic_key", "huggingface_token"))
    text, secret = make(v, kind)
    header = {"gitlab_token": "PRIVATE-TOKEN: ", "anthropic_key": "x-api-key: "}.get(kind, "Authorization: Bearer ")
    d.w("Convert this curl to Python requests", v.pick(":", " and add retries:", ", async please:"), "\n\n",
        "curl -sS -X POST https://", v.pick("api.github.com/repos/brandt/infra/dispatches", "gitlab.groupe-lefort.fr/api/v4/projects/12/pipeline",
                                            "api.openai.com/v1/responses", "api.anthropic.com/v1/messages",
                                            "huggingface.co/api/models"), " \\\n  -H \"", header, v.cred(kind, text, secret),
        "\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{\"ref\": \"main\"}'\n")


@template("dev_curl_to_js")
def curl_to_js(d: Doc, v: Values) -> None:
    kind = v.next_kind(("sendgrid_key", "stripe_key", "mailgun_key", "bearer_token"))
    text, secret = make(v, kind)
    if kind == "stripe_key":
        line = ["curl https://api.stripe.com/v1/refunds -u ", v.cred(kind, text, secret), ": -d charge=ch_", v.rand("ABCDEFabcdef0123456789", 24)]
    elif kind == "mailgun_key":
        line = ["curl -s --user 'api:", v.cred(kind, text, secret), "' https://api.eu.mailgun.net/v3/mg.groupe-lefort.fr/messages -F to=",
                v.email()]
    else:
        line = ["curl -X POST https://api.sendgrid.com/v3/mail/send -H 'Authorization: Bearer ", v.cred(kind, text, secret), "'"]
    d.w("Rewrite as fetch() in TypeScript:\n\n```\n", *line, "\n```")


@template("dev_dockerfile", 2.0)
def dockerfile(d: Doc, v: Values) -> None:
    d.w("Optimise this Dockerfile for size:\n\n```dockerfile\nFROM python:3.11-slim\nARG PIP_INDEX_URL\nWORKDIR /app\n",
        *setting(v, "docker"), *(negative_setting(v, "docker") if v.chance(0.4) else []),
        "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nLABEL version=\"", v.version(), "\"\n"
        "CMD [\"gunicorn\", \"app:app\"]\n```")


@template("dev_k8s_manifest", 2.0)
def k8s_manifest(d: Doc, v: Values) -> None:
    d.w("kubectl apply fails with 'unknown field'. Manifest:\n\n```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ",
        v.pick("orders-api", "facturacion", "lohn-export"), "\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n"
        "        image: acr", v.rand("abcdefghijklmnopqrstuvwxyz", 6), ".azurecr.io/app@", N("sha256:" + v.rand("0123456789abcdef", 64), "digest", "aws_secret_key"),
        "\n        env:\n", *setting(v, "k8s"), "        - name: POD_IP\n          valueFrom: {fieldRef: {fieldPath: status.podIP}}\n```")


@template("dev_k8s_secret", 1.6)
def k8s_secret(d: Doc, v: Values) -> None:
    plain = v.password()
    enc = base64.b64encode(plain.encode()).decode()
    d.w("Is this Secret correct? The pod can't log in to Postgres.\n\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: pg-credentials\n"
        "type: Opaque\ndata:\n  username: ", base64.b64encode(b"app_rw").decode(), "\n  password: ", v.cred("k8s_secret_b64", enc),
        "\n```")


@template("dev_ansible_vars", 2.0)
def ansible_vars(d: Doc, v: Values) -> None:
    d.w("Convert these Ansible vars to ansible-vault format:\n\n```yaml\n# group_vars/prod.yml\nnginx_worker_processes: 4\n"
        "db_host: ", v.ipv4(True), "\n", *setting(v, "ansible"), *(negative_setting(v, "ansible") if v.chance(0.5) else []),
        "ntp_servers: [0.pool.ntp.org]\n```")


@template("dev_appsettings", 1.5)
def appsettings(d: Doc, v: Values) -> None:
    text, secret = v.connection_string()
    d.w("Why can't my .NET app read the connection string?\n\n```json\n{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n"
        "  \"ConnectionStrings\": {\n    \"", v.pick("DefaultConnection", "Claims", "ServiceBus"), "\": \"",
        v.cred("connection_string", text, secret), "\"\n  },\n")
    if v.chance(0.5):
        d.w("  \"Secrets\": {\n", *setting(v, "json"), "    \"Tenant\": \"", v.guid(), "\"\n  },\n")
    d.w("  \"AllowedHosts\": \"*\"\n}\n```\nError: Format of the initialization string does not conform to specification")


@template("dev_java_properties")
def java_properties(d: Doc, v: Values) -> None:
    pw = v.password("!#%*-_.")
    d.w("Spring Boot won't start, application.properties:\n\n```properties\nspring.datasource.url=jdbc:postgresql://", v.ipv4(True),
        ":5432/claims\nspring.datasource.username=claims_app\nspring.datasource.password=", v.cred("password_kv", pw), "\n",
        *(setting(v, "props") if v.chance(0.5) else []), "server.port=8080\n```")


@template("dev_go_code", 1.5)
def go_code(d: Doc, v: Values) -> None:
    d.w("Refactor to read from env vars:\n\n```go\npackage main\n\nvar (\n", *setting(v, "go"), "\tregion = \"westeurope\"\n)\n```")


@template("dev_rust_code", 1.3)
def rust_code(d: Doc, v: Values) -> None:
    d.w("Why does this not compile?\n\n```rust\n", *setting(v, "rust"), "\nfn main() {\n    let client = Client::new(TOKEN)\n}\n```")


@template("dev_csharp_ctor", 1.0)
def csharp_ctor(d: Doc, v: Values) -> None:
    pw = v.password("!#%*-_.?")
    user = v.pick("svc_reports", "CONTOSO\\\\batch", "admin")
    opening, closing = v.pick(([f"new NetworkCredential(\"{user}\", \""], "\");"), (["new SqlCredential(\"app\", ToSecure(\""], "\"));"),
                              (["new UsernamePasswordCredential(\"", v.email(domain="nordlicht-energie.de"), "\", \""],
                               "\", tenantId, clientId);"))
    d.w("Explain this C# and suggest a safer approach:\n\n```csharp\nvar cred = ", *opening, v.cred("password_ctor", pw), closing,
        "\nclient.Credentials = cred;\n```")


@template("dev_python_ctor", 1.0)
def python_ctor(d: Doc, v: Values) -> None:
    pw = v.password("!#%*-_.?")
    d.w("Make this async:\n\n```python\nconn = ", v.pick("psycopg2.connect(host=\"", "pymysql.connect(host=\""), v.ipv4(True),
        "\", user=\"etl\", password=\"", v.cred("password_ctor", pw), "\", dbname=\"dwh\")\n```")


@template("dev_cli_password", 1.8)
def cli_password(d: Doc, v: Values) -> None:
    pw = v.password("#%-_.+")
    cmd = v.pick(("mysqldump -h ", " -u backup -p", " reporting > dump.sql", True),
                 ("sqlcmd -S ", " -U sa -P '", "' -Q \"SELECT 1\"", True),
                 ("az login --service-principal -u http://deploy --tenant contoso -p ", "", "", False),
                 ("docker login acrprod.azurecr.io -u ci-bot -p ", "", "", False),
                 ("smbclient //", "/finance -U svc_scan%", "", True))
    d.w(v.pick("This command from our runbook hangs, why?\n\n", "Translate this into a PowerShell script:\n\n",
               "What does each flag do?\n\n"), "$ ", cmd[0])
    if cmd[3]:
        d.w(v.ipv4(True))
    d.w(cmd[1], v.cred("password_cli", pw), cmd[2], "\n")


@template("dev_url_password", 1.6)
def url_password(d: Doc, v: Values) -> None:
    pw = v.password("-_.!*")
    scheme = v.pick("postgresql", "mysql", "amqp", "redis", "https")
    host = v.pick("db.brandt-logistik.de", "rabbit.internal.meridianhealth.org", "cache.veldhuis-bouw.nl")
    d.w(v.pick("SQLAlchemy can't parse this URL:\n\n", "Our worker logs this at startup:\n\n", "Why is the @ in the URL a problem?\n\n"),
        f"{scheme}://{v.pick('app', 'worker', 'admin')}:", v.cred("password_url", pw), f"@{host}:{v.pick('5432', '3306', '5672', '6379')}/prod\n")


@template("dev_ai_key_bare", 1.5)
def ai_key_bare(d: Doc, v: Values) -> None:
    key = v.aoai_key()
    d.w(v.pick("Our endpoint is https://oai-", "resource: https://cog-", "deployed to https://aisvc-"),
        v.pick("kunden", "legal", "faturas", "hr"), v.pick(".openai.azure.com/", ".cognitiveservices.azure.com/"),
        v.pick(" and ", "\n", " — "), v.cred("azure_ai_key_no_keyword", key),
        v.pick(" but the SDK returns 401", "\nwhat's wrong with my setup?", " (deployment gpt-4o-mini). Why 404?"))


@template("dev_pem_plain")
def pem_plain(d: Doc, v: Values) -> None:
    text, secret = v.pem()
    d.w("How do I convert this key to PKCS#8?\n\n", v.cred("private_key", text, secret), "\n")


@template("dev_error_quotes_config", 1.5)
def error_quotes_config(d: Doc, v: Values) -> None:
    kind = v.next_kind(("connection_string", "sas_token", "slack_webhook", "password_url", "azure_storage_key", "cosmos_key"))
    if kind == "password_url":
        pw = v.password("-_.!*")
        d.w("What does this mean?\n\npika.exceptions.AMQPConnectionError: amqp://orders:", v.cred(kind, pw), "@",
            v.ipv4(True), ":5672/%2F refused\n")
        return
    text, secret = make(v, kind)
    if kind == "sas_token":
        d.w("Got this error:\n\nAuthenticationFailed: Signature did not match. URL: https://", v.pick("stkundendaten", "stlogsweu01"),
            ".blob.core.windows.net/exports/report.csv?", v.cred(kind, text, secret), "\nRequestId:", v.guid(), "\n")
    elif kind == "slack_webhook":
        d.w("requests.exceptions.HTTPError: 404 Client Error: Not Found for url: ", v.cred(kind, text, secret), "\nWhat happened?")
    elif kind in ("azure_storage_key", "cosmos_key"):
        d.w("ValueError: Invalid base64 in credential ", v.pick("AccountKey=", "key='"), v.cred(kind, text, secret),
            "' (length 88)\n\nIs the key wrong or the code?")
    else:
        d.w("System.ArgumentException: Keyword not supported: 'initial catalog'.\n   Connection string was: ", v.cred(kind, text, secret),
            "\n\nWhy?")


@template("dev_clean_code", 1.5)
def clean_code(d: Doc, v: Values) -> None:
    style = v.pick("env", "yaml", "json", "py", "docker")
    d.w("Is this config safe to commit? Everything comes from Key Vault.\n\n", *negative_setting(v, style), *negative_setting(v, style),
        "IMAGE_TAG=", v.version(), "\n")


@template("dev_package_lock")
def package_lock(d: Doc, v: Values) -> None:
    d.w("Why does npm ci complain about integrity?\n\n\"node_modules/lodash\": {\n  \"version\": \"4.17.21\",\n  \"integrity\": \"",
        v.npm_integrity(), "\"\n},\ncommit ", v.commit(), "\n")


@template("dev_jwt_debug")
def jwt_debug(d: Doc, v: Values) -> None:
    tok = v.jwt()
    claims = json.loads(base64.urlsafe_b64decode(tok.split(".")[1] + "==").decode())
    d.w("Why is this token rejected with 'audience invalid'?\n\n", v.pick("access_token=", "id_token: ", ""), v.cred("jwt", tok),
        f"\n\nexpected aud: api://orders, got {claims['aud']}")
    if v.chance(0.3):
        d.w("\nThe jwt.io sample ", v.jwt_example(), " validates fine though.")


@template("dev_http_header_dump")
def http_header_dump(d: Doc, v: Values) -> None:
    kind = v.next_kind(("bearer_token", "jwt", "azure_openai_key", "google_api_key"))
    text, secret = make(v, kind)
    hdr = {"bearer_token": "Authorization: Bearer ", "jwt": "Authorization: Bearer ", "azure_openai_key": "api-key: ",
           "google_api_key": "X-Goog-Api-Key: "}[kind]
    d.w("Request from the browser devtools (copy as fetch didn't work):\n\nPOST /v1/score HTTP/2\nHost: api.meridianhealth.org\n", hdr,
        v.cred(kind, text, secret), "\nX-Forwarded-For: ", v.pick(v.ipv4(False), v.doc_ip()), "\nX-Request-Id: ", v.guid(), "\n")
