"""How each credential kind lands in an engineer's paste: env and dot-files, YAML (CI, compose, Helm, k8s),
JSON (appsettings, CLI output, HAR), shell (exports, curl headers, CLI flags), code in many languages, log
lines, HTTP transcripts, Terraform, and prose. A snippet is (medium, write) where write(x) returns
(fence language, parts); the label sits on the value (or on the whole URL / connection string / PEM
block when the value is one of those), its secret being the part that must never be stored in clear."""

from __future__ import annotations

import base64
from typing import Callable

from tests.dlp_blind16.values import HEX, Values
from tests.dlp_eval.corpus import CREDENTIAL, N, V

Part = V | N | str
Written = tuple[str, list[Part]]
Snip = tuple[str, Callable[[Values], Written]]

MEDIA = ("env", "yaml", "json", "shell", "code", "prose", "log", "http", "tf")


def c(kind: str, text: str, secret: str | None = None) -> V:
    return V(text, CREDENTIAL, kind, secret)


def _code_assign(x: Values, key: str, v: V) -> Written:
    lower = key.lower()
    camel = lower.split("_")[0] + "".join(w.title() for w in lower.split("_")[1:])
    lang = x.pick("python", "typescript", "csharp", "go", "java", "rust", "php", "ruby", "powershell")
    parts: dict[str, list[Part]] = {
        "python": [f"{key} = os.getenv(\"{key}\", \"", v, "\")\n"],
        "typescript": [f"const {camel} = process.env.{key} ?? '", v, "';\n"],
        "csharp": [f"private const string {camel[0].upper() + camel[1:]} = \"", v, "\";\n"],
        "go": [f"var {camel} = \"", v, "\" // TODO read from env\n"],
        "java": [f"private static final String {key} = \"", v, "\";\n"],
        "rust": [f"const {key}: &str = \"", v, "\";\n"],
        "php": [f"define('{key}', '", v, "');\n"],
        "ruby": [f"ENV['{key}'] ||= '", v, "'\n"],
        "powershell": [f"$env:{key} = '", v, "'\n"],
    }
    return lang, parts[lang]


def keyed(kind: str, make: Callable[[Values], str], keys: tuple[str, ...], what: tuple[str, ...]) -> list[Snip]:
    """The ways any key=value secret is written: env line, YAML, JSON, export, code, log, Terraform, prose."""

    def val(x: Values) -> V:
        return c(kind, make(x))

    def key(x: Values) -> str:
        return x.pick(*keys)

    return [
        ("env", lambda x: ("", [f"{key(x)}=", val(x), "\n"])),
        ("env", lambda x: ("", [f"{key(x)}=\"", val(x), "\"\n"])),
        ("yaml", lambda x: ("yaml", [f"  - name: {key(x)}\n    value: \"", val(x), "\"\n"])),
        ("yaml", lambda x: ("yaml", [f"    {key(x).lower()}: ", val(x), "\n"])),
        ("json", lambda x: ("json", [f"  \"{key(x)}\": \"", val(x), "\",\n"])),
        ("shell", lambda x: ("bash", [f"export {key(x)}=", val(x), "\n"])),
        ("shell", lambda x: ("bash", [f"docker run -e {key(x)}=", val(x), f" -p {x.port()}:{x.port()} app:latest\n"])),
        ("code", lambda x: _code_assign(x, key(x), val(x))),
        ("log", lambda x: ("", [f"{x.timestamp()} DEBUG config loaded {key(x)}=", val(x), "\n"])),
        ("tf", lambda x: ("hcl", [f"  {key(x).lower()} = \"", val(x), "\"\n"])),
        ("prose", lambda x: ("", [_cap(x.pick(*what)) + " is ", val(x), x.pick(" btw", "", " if that matters", " (prod)")])),
        ("prose", lambda x: ("", [f"I pasted {x.pick(*what)} (", val(x), ") into the settings and it still fails"])),
        ("http", lambda x: ("http", [f"POST /v1/{x.pick('events', 'messages', 'jobs')} HTTP/1.1\nHost: "
                                     f"{x.pick('api.kestrelpay.io', 'gateway.brightfold.dev')}\n"
                                     f"{x.pick('X-Api-Key', 'X-Upstream-Key', 'api-key')}: ", val(x),
                                     "\nContent-Type: application/json\n"])),
    ]


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _header(kind: str, make: Callable[[Values], str], header: str, scheme: str = "") -> list[Snip]:
    def val(x: Values) -> V:
        return c(kind, make(x))

    host = ("api.kestrelpay.io", "orders.brightfold.dev", "graph.microsoft.com", "api.github.com")
    return [
        ("shell", lambda x: ("bash", [f"curl -sS -H \"{header}: {scheme}", val(x), f"\" https://{x.pick(*host)}/v1/items\n"])),
        ("http", lambda x: ("http", [f"GET /v2/orders?page=2 HTTP/1.1\nHost: {x.pick(*host)}\n{header}: {scheme}", val(x),
                                     "\nAccept: application/json\n"])),
        ("json", lambda x: ("json", [f"{{ \"name\": \"{header}\", \"value\": \"{scheme}", val(x), "\" },\n"])),
        ("log", lambda x: ("", [f"> {header}: {scheme}", val(x), "\n< HTTP/2 401\n"])),
    ]


def _pw(x: Values) -> str:
    return x.password()


def _conn(x: Values) -> tuple[str, str]:
    style = x.rng.randrange(6)
    if style == 0:
        key = x.storage_key()
        return (f"DefaultEndpointsProtocol=https;AccountName={x.pick('stkestrelprod', 'brightfoldlogs', 'nordhavnraw')};"
                f"AccountKey={key};EndpointSuffix=core.windows.net", key)
    if style == 1:
        key = base64.b64encode(bytes(x.rng.randrange(256) for _ in range(32))).decode()
        return (f"Endpoint=sb://{x.pick('sb-orders-prod', 'evh-telemetry-weu', 'kestrel-bus')}.servicebus.windows.net/;"
                f"SharedAccessKeyName={x.pick('RootManageSharedAccessKey', 'send', 'listen-only')};SharedAccessKey={key}", key)
    if style == 2:
        pw = x.password()
        return (f"Server=tcp:{x.pick('sql-billing-prod', 'sqlsrv-crm')}.database.windows.net,1433;Initial Catalog="
                f"{x.pick('billing', 'crm')};User ID={x.pick('app_rw', 'svc_reports')};Password={pw};Encrypt=True;", pw)
    if style == 3:
        pw = x.password()
        return (f"Host={x.pick('pg-orders.postgres.database.azure.com', 'db.internal.kestrelpay.io')};Port=5432;"
                f"Database=orders;Username={x.pick('orders_app', 'etl')};Password={pw};SSL Mode=Require", pw)
    if style == 4:
        pw = x.r(HEX, 8) + x.r("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 36) + "="
        return (f"{x.pick('redis-sessions', 'cache-prod')}.redis.cache.windows.net:6380,password={pw},ssl=True,"
                f"abortConnect=False", pw)
    pw = x.password()
    return (f"Data Source={x.pick('ora-fin.corp.nordhavn.se', 'mysql-reporting.quillsoft.de')};User Id=reporting;"
            f"Password={pw};", pw)


def _cs(x: Values) -> V:
    text, secret = _conn(x)
    return c("connection_string", text, secret)


def _sas(x: Values) -> V:
    sig = base64.b64encode(bytes(x.rng.randrange(256) for _ in range(32))).decode()
    sig = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    text = (f"sv=2024-11-04&ss=b&srt=co&sp={x.pick('rl', 'racwdl', 'r')}&se=2026-{x.rng.randrange(1, 13):02d}-"
            f"{x.rng.randrange(1, 29):02d}T23:59:00Z&spr=https&sig={sig}")
    return c("sas_token", text, sig)


def _url_pw(x: Values) -> V:
    pw = x.password("-_.~")
    user = x.pick("app", "airflow", "dbt_runner", "svc_etl", "grafana", "deploy")
    scheme, host = x.pick(("postgresql", "pg-analytics.internal.brightfold.dev:5432/warehouse"),
                          ("mongodb", "mongo-0.mongo.prod.svc.cluster.local:27017/orders"),
                          ("amqp", "rabbitmq.kestrelpay.io:5672/%2F"), ("mysql", "mysql-legacy.quillsoft.de:3306/shop"),
                          ("redis", "redis.nordhavn.se:6379/0"), ("postgres", "warehouse.c8x2.eu-west-1.rds.amazonaws.com/dw"))
    return c("password_url", f"{scheme}://{user}:{pw}@{host}", pw)


def _k8s(x: Values) -> V:
    raw = x.pick(x.password(), x.password(), x.r(HEX, 24), "postgres://orders:" + x.password("-_") + "@pg:5432/orders")
    return c("k8s_secret_b64", base64.b64encode(raw.encode()).decode())


def _pem(x: Values) -> V:
    return c("private_key", x.private_key())


def _pem_esc(x: Values) -> V:
    return c("private_key", x.private_key(escaped=True))


def _jwt(x: Values) -> V:
    return c("jwt", x.jwt())


def _opaque(x: Values) -> V:
    return c("bearer_token", x.opaque())


SNIPPETS: dict[str, list[Snip]] = {
    "github_token": keyed("github_token", lambda x: x.github_classic() if x.chance(0.75) else x.github_fine(),
                          ("GITHUB_TOKEN", "GH_TOKEN", "GH_PAT"), ("the GitHub PAT", "my gh token")) + [
        ("shell", lambda x: ("bash", ["git remote set-url origin https://x-access-token:", c("github_token", x.github_classic()),
                                      "@github.com/brightfold/platform-infra.git\n"])),
        ("env", lambda x: ("", ["# ~/.netrc\nmachine github.com login ci-bot password ", c("github_token", x.github_classic()),
                                "\n"])),
    ],
    "slack_token": keyed("slack_token", Values.slack_token, ("SLACK_BOT_TOKEN", "SLACK_TOKEN", "SLACK_APP_TOKEN"),
                         ("the Slack bot token", "our slack token")),
    "slack_webhook": [
        ("shell", lambda x: ("bash", ["curl -X POST -H 'Content-type: application/json' -d '{\"text\":\"deploy ok\"}' ",
                                      c("slack_webhook", x.slack_webhook()), "\n"])),
        ("yaml", lambda x: ("yaml", ["      - name: notify\n        env:\n          SLACK_WEBHOOK_URL: ",
                                     c("slack_webhook", x.slack_webhook()), "\n"])),
        ("json", lambda x: ("json", ["  \"alerting\": { \"slackWebhook\": \"", c("slack_webhook", x.slack_webhook()), "\" },\n"])),
        ("code", lambda x: ("python", ["requests.post(\"", c("slack_webhook", x.slack_webhook()),
                                       "\", json={\"text\": msg}, timeout=3)\n"])),
        ("prose", lambda x: ("", ["the alerts go to ", c("slack_webhook", x.slack_webhook()), " and nothing arrives"])),
        ("env", lambda x: ("", ["SLACK_WEBHOOK=", c("slack_webhook", x.slack_webhook()), "\n"])),
        ("log", lambda x: ("", [f"{x.timestamp()} WARN notifier: POST ", c("slack_webhook", x.slack_webhook()),
                                " -> 404 no_service\n"])),
    ],
    "gitlab_token": keyed("gitlab_token", Values.gitlab, ("GITLAB_TOKEN", "GL_TOKEN", "CI_PUSH_TOKEN"),
                          ("the gitlab PAT", "my GitLab token")) + [
        ("shell", lambda x: ("bash", ["curl --header \"PRIVATE-TOKEN: ", c("gitlab_token", x.gitlab()),
                                      "\" https://gitlab.com/api/v4/projects/4711/pipelines\n"])),
    ],
    "stripe_key": keyed("stripe_key", Values.stripe, ("STRIPE_SECRET_KEY", "STRIPE_API_KEY", "STRIPE_KEY"),
                        ("the Stripe live key", "our stripe secret")) + [
        ("code", lambda x: ("typescript", ["const stripe = new Stripe('", c("stripe_key", x.stripe()),
                                           "', { apiVersion: '2024-06-20' });\n"])),
        ("shell", lambda x: ("bash", ["curl https://api.stripe.com/v1/charges -u ", c("stripe_key", x.stripe()), ":\n"])),
    ],
    "google_api_key": keyed("google_api_key", Values.google, ("GOOGLE_API_KEY", "MAPS_API_KEY", "FIREBASE_API_KEY"),
                            ("the Maps key", "the Google API key")) + [
        ("http", lambda x: ("http", ["GET /maps/api/geocode/json?address=Kungsgatan+4&key=", c("google_api_key", x.google()),
                                     " HTTP/1.1\nHost: maps.googleapis.com\n"])),
    ],
    "npm_token": [
        ("env", lambda x: ("ini", ["# .npmrc\n@brightfold:registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=",
                                   c("npm_token", x.npm()), "\n"])),
        ("shell", lambda x: ("bash", ["npm config set //registry.npmjs.org/:_authToken ", c("npm_token", x.npm()), "\n"])),
        ("yaml", lambda x: ("yaml", ["        env:\n          NODE_AUTH_TOKEN: ", c("npm_token", x.npm()), "\n"])),
        ("prose", lambda x: ("", ["publishing with ", c("npm_token", x.npm()), " gives E403"])),
        ("log", lambda x: ("", ["npm verb config //registry.npmjs.org/:_authToken=", c("npm_token", x.npm()), "\n"])),
        ("code", lambda x: _code_assign(x, "NPM_TOKEN", c("npm_token", x.npm()))),
        ("json", lambda x: ("json", ["  \"npmToken\": \"", c("npm_token", x.npm()), "\",\n"])),
    ],
    "azure_devops_pat": keyed("azure_devops_pat", Values.ado_pat, ("AZURE_DEVOPS_EXT_PAT", "ADO_PAT", "SYSTEM_ACCESSTOKEN"),
                              ("the ADO PAT", "my Azure DevOps PAT")) + [
        ("shell", lambda x: ("bash", ["git clone https://build:", c("azure_devops_pat", x.ado_pat()),
                                      "@dev.azure.com/brightfold/Platform/_git/infra\n"])),
    ],
    "sendgrid_key": keyed("sendgrid_key", Values.sendgrid, ("SENDGRID_API_KEY", "SG_KEY", "MAIL_API_KEY"),
                          ("the sendgrid key", "our SendGrid API key")),
    "azure_storage_key": keyed("azure_storage_key", Values.storage_key, ("AZURE_STORAGE_KEY", "STORAGE_ACCOUNT_KEY",
                                                                         "ARM_ACCESS_KEY"), ("the storage account key", "key1")) + [
        ("shell", lambda x: ("bash", ["az storage blob upload -f dump.parquet -c raw -n dump.parquet --account-name "
                                      "stkestrelprod --account-key ", c("azure_storage_key", x.storage_key()), "\n"])),
        ("json", lambda x: ("json", ["  { \"keyName\": \"key1\", \"permissions\": \"FULL\", \"value\": \"",
                                     c("azure_storage_key", x.storage_key()), "\" },\n"])),
    ],
    "connection_string": [
        ("env", lambda x: ("", ["ConnectionStrings__Default=\"", _cs(x), "\"\n"])),
        ("json", lambda x: ("json", ["  \"ConnectionStrings\": { \"Main\": \"", _cs(x), "\" },\n"])),
        ("yaml", lambda x: ("yaml", ["    connectionString: \"", _cs(x), "\"\n"])),
        ("code", lambda x: ("csharp", ["var conn = new SqlConnection(\"", _cs(x), "\");\n"])),
        ("code", lambda x: ("python", ["client = BlobServiceClient.from_connection_string(\"", _cs(x), "\")\n"])),
        ("log", lambda x: ("", [f"{x.timestamp()} ERROR Failed to open connection '", _cs(x), "': timeout\n"])),
        ("prose", lambda x: ("", ["the connection string is ", _cs(x)])),
        ("tf", lambda x: ("hcl", ["  app_settings = {\n    \"DB_CONNECTION\" = \"", _cs(x), "\"\n  }\n"])),
    ],
    "sas_token": [
        ("shell", lambda x: ("bash", ["azcopy copy ./export \"https://stkestrelprod.blob.core.windows.net/exports?", _sas(x),
                                      "\" --recursive\n"])),
        ("env", lambda x: ("", ["AZURE_STORAGE_SAS_TOKEN=\"?", _sas(x), "\"\n"])),
        ("log", lambda x: ("", [f"{x.timestamp()} INFO GET https://brightfoldlogs.blob.core.windows.net/raw/day.csv?", _sas(x),
                                " 403\n"])),
        ("prose", lambda x: ("", ["I generated a SAS (", _sas(x), ") but it says AuthorizationPermissionMismatch"])),
        ("json", lambda x: ("json", ["  \"sasToken\": \"", _sas(x), "\",\n"])),
        ("code", lambda x: ("python", ["container = ContainerClient.from_container_url(\"https://nordhavnraw.blob.core.windows.net"
                                       "/landing?", _sas(x), "\")\n"])),
    ],
    "azure_openai_key": keyed("azure_openai_key", Values.aoai_key, ("AZURE_OPENAI_API_KEY", "AOAI_KEY", "OPENAI_API_KEY_AZURE"),
                              ("the Azure OpenAI key", "the aoai api-key")) + [
        ("shell", lambda x: ("bash", ["curl https://oai-brightfold-swc.openai.azure.com/openai/deployments/gpt-4o/chat/completions"
                                      "?api-version=2024-10-21 -H \"api-key: ", c("azure_openai_key", x.aoai_key()),
                                      "\" -d @body.json\n"])),
        ("code", lambda x: ("python", ["client = AzureOpenAI(azure_endpoint=endpoint, api_key=\"",
                                       c("azure_openai_key", x.aoai_key()), "\", api_version=\"2024-10-21\")\n"])),
    ],
    "azure_ai_key_no_keyword": [
        ("prose", lambda x: ("", ["for swedencentral use ", c("azure_ai_key_no_keyword", x.annotated("ACOG")), " for now"])),
        ("code", lambda x: ("python", ["creds = AzureKeyCredential(\"", c("azure_ai_key_no_keyword", x.annotated("ACOG")),
                                       "\")\n"])),
        ("yaml", lambda x: ("yaml", ["    - \"", c("azure_ai_key_no_keyword", x.annotated("ACOG")), "\"\n"])),
        ("log", lambda x: ("", [f"{x.timestamp()} resolved credential ", c("azure_ai_key_no_keyword", x.annotated("ACOG")),
                                " for region westeurope\n"])),
        ("json", lambda x: ("json", ["  \"primary\": \"", c("azure_ai_key_no_keyword", x.annotated("ACOG")), "\",\n"])),
        ("shell", lambda x: ("bash", ["./smoke.sh https://lang-brightfold.cognitiveservices.azure.com ",
                                      c("azure_ai_key_no_keyword", x.annotated("ACOG")), "\n"])),
    ],
    "openai_key": keyed("openai_key", Values.openai, ("OPENAI_API_KEY", "OPENAI_KEY"), ("the OpenAI key", "my openai key")) + [
        ("shell", lambda x: ("bash", ["curl https://api.openai.com/v1/models -H \"Authorization: Bearer ",
                                      c("openai_key", x.openai()), "\"\n"])),
    ],
    "aws_access_key_id": keyed("aws_access_key_id", Values.aws_id, ("AWS_ACCESS_KEY_ID",), ("the access key id",)) + [
        ("env", lambda x: ("ini", ["[default]\naws_access_key_id = ", c("aws_access_key_id", x.aws_id()),
                                   "\nregion = eu-west-1\n"])),
    ],
    "aws_secret_key": keyed("aws_secret_key", Values.aws_secret, ("AWS_SECRET_ACCESS_KEY",), ("the AWS secret key",)) + [
        ("env", lambda x: ("ini", ["[deploy]\naws_secret_access_key = ", c("aws_secret_key", x.aws_secret()), "\n"])),
    ],
    "jwt": _header("jwt", Values.jwt, "Authorization", "Bearer ") + [
        ("prose", lambda x: ("", ["this token fails validation: ", _jwt(x)])),
        ("code", lambda x: ("typescript", ["const idToken = '", _jwt(x), "';\n"])),
        ("env", lambda x: ("", ["ACCESS_TOKEN=", _jwt(x), "\n"])),
    ],
    "bearer_token": _header("bearer_token", Values.opaque, "Authorization", "Bearer ") + [
        ("shell", lambda x: ("bash", ["http GET :8080/api/admin \"Authorization:Bearer ", _opaque(x), "\"\n"])),
        ("code", lambda x: ("csharp", ["client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(\"Bearer\", \"",
                                       _opaque(x), "\");\n"])),
    ],
    "private_key": [
        ("env", lambda x: ("", ["# deploy_key\n", _pem(x), "\n"])),
        ("json", lambda x: ("json", ["  \"private_key\": \"", _pem_esc(x), "\",\n"])),
        ("shell", lambda x: ("bash", ["cat > ~/.ssh/id_deploy <<'EOF'\n", _pem(x), "\nEOF\n"])),
        ("prose", lambda x: ("", ["here's the key from the runner:\n", _pem(x)])),
        ("env", lambda x: ("", ["GITHUB_APP_PRIVATE_KEY=\"", _pem_esc(x), "\"\n"])),
        ("log", lambda x: ("", ["+ echo \"", _pem_esc(x), "\" > key.pem\n"])),
    ],
    "password_kv": [
        ("env", lambda x: ("", [f"{x.pick('DB_PASSWORD', 'POSTGRES_PASSWORD', 'SMTP_PASSWORD', 'MYSQL_ROOT_PASSWORD')}=",
                                c("password_kv", _pw(x)), "\n"])),
        ("env", lambda x: ("properties", ["spring.datasource.password=", c("password_kv", _pw(x)), "\n"])),
        ("env", lambda x: ("ini", ["[client]\nuser = reporting\npassword = ", c("password_kv", _pw(x)), "\n"])),
        ("json", lambda x: ("json", ["  \"Password\": \"", c("password_kv", _pw(x)), "\",\n"])),
        ("code", lambda x: ("python", ["DATABASES[\"default\"][\"PASSWORD\"] = \"", c("password_kv", _pw(x)), "\"\n"])),
        ("log", lambda x: ("", [f"{x.timestamp()} DEBUG smtp settings host=smtp.office365.com user=alerts password=",
                                c("password_kv", _pw(x)), "\n"])),
        ("tf", lambda x: ("hcl", ["  administrator_login_password = \"", c("password_kv", _pw(x)), "\"\n"])),
        ("shell", lambda x: ("bash", ["export PGPASSWORD='", c("password_kv", _pw(x)), "'\n"])),
        ("env", lambda x: ("ini", ["# ~/.pypirc\n[internal]\nrepository = https://pkgs.brightfold.dev/simple\nusername = ci\n"
                                   "password = ", c("password_kv", _pw(x)), "\n"])),
    ],
    "password_cli": [
        ("shell", lambda x: ("bash", ["mysql -h mysql-legacy.quillsoft.de -u shop -p", c("password_cli", x.password("_.-")),
                                      " shop < fix.sql\n"])),
        ("shell", lambda x: ("bash", ["sqlcmd -S sql-billing-prod.database.windows.net -U app_rw -P '",
                                      c("password_cli", _pw(x)), "' -Q \"SELECT 1\"\n"])),
        ("shell", lambda x: ("bash", ["docker login acrbrightfold.azurecr.io -u acrpush --password ",
                                      c("password_cli", x.password("_.-")), "\n"])),
        ("shell", lambda x: ("powershell", ["Connect-Sql -Server sqlsrv-crm -User sa -Password ",
                                            c("password_cli", x.password("_.-")), "\n"])),
        ("yaml", lambda x: ("yaml", ["      - script: helm upgrade db bitnami/postgresql --set auth.password=",
                                     c("password_cli", x.password("_.-")), "\n"])),
        ("log", lambda x: ("", ["+ az vm create -n jump01 -g rg-ops --admin-username azureuser --admin-password ",
                                c("password_cli", x.password("_.-")), "\n"])),
        ("code", lambda x: ("python", ["subprocess.run([\"pg_dump\", \"-h\", host, \"--password=",
                                       c("password_cli", x.password("_.-")), "\"], check=True)\n"])),
    ],
    "password_ctor": [
        ("code", lambda x: ("python", ["conn = psycopg2.connect(host=\"pg-orders\", user=\"orders_app\", password=\"",
                                       c("password_ctor", _pw(x)), "\", dbname=\"orders\")\n"])),
        ("code", lambda x: ("csharp", ["var cred = new NetworkCredential(\"svc_reports\", \"", c("password_ctor", _pw(x)),
                                       "\");\n"])),
        ("code", lambda x: ("java", ["Connection conn = DriverManager.getConnection(url, \"etl\", \"", c("password_ctor", _pw(x)),
                                     "\");\n"])),
        ("code", lambda x: ("go", ["cfg := mysql.Config{User: \"shop\", Passwd: \"", c("password_ctor", _pw(x)),
                                   "\", Net: \"tcp\", Addr: addr}\n"])),
        ("code", lambda x: ("typescript", ["const pool = new Pool({ user: 'orders', password: '", c("password_ctor", _pw(x)),
                                           "', host: 'pg-orders' });\n"])),
        ("code", lambda x: ("php", ["$pdo = new PDO($dsn, 'shop', '", c("password_ctor", _pw(x)), "');\n"])),
        ("code", lambda x: ("ruby", ["client = Mysql2::Client.new(host: 'db', username: 'app', password: '",
                                     c("password_ctor", _pw(x)), "')\n"])),
        ("code", lambda x: ("rust", ["let opts = PgConnectOptions::new().username(\"etl\").password(\"", c("password_ctor", _pw(x)),
                                     "\");\n"])),
    ],
    "password_prose": [
        ("prose", lambda x: ("", ["the admin password for the staging Grafana is ", c("password_prose", _pw(x))])),
        ("prose", lambda x: ("", ["pw for the jump box is ", c("password_prose", _pw(x)), ", same as last week"])),
        ("prose", lambda x: ("", ["I reset the sa password to ", c("password_prose", _pw(x)), " so you can log in"])),
        ("prose", lambda x: ("", ["login is etl_user and the password is ", c("password_prose", _pw(x))])),
        ("prose", lambda x: ("", ["use password ", c("password_prose", _pw(x)), " for the break-glass account"])),
    ],
    "password_yaml": [
        ("yaml", lambda x: ("yaml", ["    password: ", c("password_yaml", _pw(x)), "\n"])),
        ("yaml", lambda x: ("yaml", ["      POSTGRES_PASSWORD: \"", c("password_yaml", _pw(x)), "\"\n"])),
        ("yaml", lambda x: ("yaml", ["  auth:\n    postgresPassword: ", c("password_yaml", _pw(x)), "\n"])),
        ("yaml", lambda x: ("yaml", ["      pass: '", c("password_yaml", _pw(x)), "'\n"])),
        ("yaml", lambda x: ("yaml", ["  smtp_auth_password: ", c("password_yaml", _pw(x)), "\n"])),
    ],
    "password_url": [
        ("env", lambda x: ("", ["DATABASE_URL=", _url_pw(x), "\n"])),
        ("yaml", lambda x: ("yaml", ["    sql_alchemy_conn: ", _url_pw(x), "\n"])),
        ("shell", lambda x: ("bash", ["airflow connections add warehouse --conn-uri '", _url_pw(x), "'\n"])),
        ("code", lambda x: ("python", ["engine = create_engine(\"", _url_pw(x), "\")\n"])),
        ("log", lambda x: ("", [f"{x.timestamp()} ERROR could not connect to ", _url_pw(x), ": connection refused\n"])),
        ("prose", lambda x: ("", ["the DSN we use is ", _url_pw(x)])),
        ("json", lambda x: ("json", ["  \"uri\": \"", _url_pw(x), "\",\n"])),
    ],
    "anthropic_key": keyed("anthropic_key", Values.anthropic, ("ANTHROPIC_API_KEY", "CLAUDE_KEY"),
                           ("the Anthropic key", "the claude api key")) + [
        ("shell", lambda x: ("bash", ["curl https://api.anthropic.com/v1/messages -H \"x-api-key: ",
                                      c("anthropic_key", x.anthropic()), "\" -H \"anthropic-version: 2023-06-01\"\n"])),
    ],
    "entra_client_secret": keyed("entra_client_secret", Values.entra_secret, ("AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET",
                                                                             "ClientSecret"), ("the client secret", "the app secret")) + [
        ("json", lambda x: ("json", [f"{{\n  \"appId\": \"{x.guid().text}\",\n  \"displayName\": \"sp-github-deploy\",\n"
                                     "  \"password\": \"", c("entra_client_secret", x.entra_secret()),
                                     f"\",\n  \"tenant\": \"{x.guid().text}\"\n}}\n"])),
    ],
    "cosmos_key": keyed("cosmos_key", Values.storage_key, ("COSMOS_KEY", "CosmosDb__Key", "COSMOS_PRIMARY_KEY"),
                        ("the cosmos primary key", "the Cosmos key")) + [
        ("code", lambda x: ("csharp", ["var cosmos = new CosmosClient(\"https://cosmos-orders.documents.azure.com:443/\", \"",
                                       c("cosmos_key", x.storage_key()), "\");\n"])),
        ("json", lambda x: ("json", ["  \"primaryMasterKey\": \"", c("cosmos_key", x.storage_key()), "\",\n"])),
    ],
    "twilio_key": keyed("twilio_key", Values.twilio, ("TWILIO_API_KEY", "TWILIO_KEY_SID"), ("the Twilio API key",)) + [
        ("code", lambda x: ("python", ["client = Client(\"", c("twilio_key", x.twilio()), "\", api_secret, account_sid)\n"])),
    ],
    "mailgun_key": keyed("mailgun_key", Values.mailgun, ("MAILGUN_API_KEY", "MG_KEY"), ("the mailgun key",)) + [
        ("shell", lambda x: ("bash", ["curl -s --user 'api:", c("mailgun_key", x.mailgun()),
                                      "' https://api.eu.mailgun.net/v3/mg.kestrelpay.io/messages -F to=ops\n"])),
    ],
    "pypi_token": keyed("pypi_token", Values.pypi, ("TWINE_PASSWORD", "PYPI_TOKEN", "UV_PUBLISH_TOKEN"),
                        ("the pypi token", "our PyPI API token")) + [
        ("env", lambda x: ("ini", ["# ~/.pypirc\n[pypi]\nusername = __token__\npassword = ", c("pypi_token", x.pypi()), "\n"])),
    ],
    "huggingface_token": keyed("huggingface_token", Values.hf, ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"),
                               ("the HF token", "my hugging face token")) + [
        ("shell", lambda x: ("bash", ["huggingface-cli login --token ", c("huggingface_token", x.hf()), "\n"])),
    ],
    "k8s_secret_b64": [
        ("yaml", lambda x: ("yaml", [f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {x.pick('orders-db', 'etl-creds')}\n"
                                     "type: Opaque\ndata:\n  password: ", _k8s(x), "\n"])),
        ("yaml", lambda x: ("yaml", ["apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secrets\ndata:\n  DB_PASS: ", _k8s(x), "\n  DB_USER: ", N("b3JkZXJz", "b64_username", "k8s_secret_b64"), "\n"])),
        ("json", lambda x: ("json", ["  \"data\": { \"api-key\": \"", _k8s(x), "\" },\n"])),
        ("shell", lambda x: ("bash", ["kubectl patch secret app-secrets -p '{\"data\":{\"token\":\"", _k8s(x), "\"}}'\n"])),
    ],
}

CREDENTIAL_KINDS = sorted(SNIPPETS)


def credential(x: Values, media: tuple[str, ...] = MEDIA, kind: str | None = None) -> tuple[str, Written]:
    """The least-used credential kind (or `kind`), written in one of `media` when it has such a snippet."""
    kind = kind or x.least_used(CREDENTIAL_KINDS)
    snips = SNIPPETS[kind]
    fitting = [s for s in snips if s[0] in media] or snips
    medium, write = x.rng.choice(fitting)
    return kind, write(x)
