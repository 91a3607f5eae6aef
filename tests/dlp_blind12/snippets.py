"""How a credential is pasted: each kind in each medium (a .env/ini line, YAML, JSON, code, a shell command,
prose, a log line), with the label on the value (or, for connection strings, the whole string with the key
as its secret, and for URLs with userinfo, the password alone)."""

from __future__ import annotations

import base64

from tests.dlp_blind9.build import Doc
from tests.dlp_eval.corpus import CREDENTIAL, V

from .values import Values

API = ("github_token", "slack_token", "slack_webhook", "gitlab_token", "stripe_key", "google_api_key", "npm_token",
       "azure_devops_pat", "sendgrid_key", "azure_storage_key", "sas_token", "azure_openai_key", "azure_ai_key_no_keyword",
       "openai_key", "aws_access_key_id", "aws_secret_key", "jwt", "bearer_token", "anthropic_key", "entra_client_secret",
       "cosmos_key", "twilio_key", "mailgun_key", "pypi_token", "huggingface_token")

ALLOWED = {
    "env": API + ("password_kv", "connection_string", "password_url", "private_key"),
    "yaml": API + ("password_yaml", "connection_string", "password_url", "private_key", "k8s_secret_b64"),
    "json": API + ("password_kv", "connection_string", "password_url", "private_key"),
    "code": API + ("password_ctor", "connection_string", "password_url", "private_key"),
    "cli": API + ("password_cli", "password_url", "connection_string"),
    "prose": API + ("password_prose",),
    "log": ("bearer_token", "jwt", "password_url", "connection_string", "sas_token", "slack_webhook", "password_kv",
            "openai_key", "github_token", "aws_access_key_id", "sendgrid_key", "stripe_key", "azure_openai_key"),
}

NAMES = {  # kind: (environment variable, JSON / YAML key, how people call it)
    "github_token": ("GITHUB_TOKEN", "githubToken", "GitHub PAT"),
    "slack_token": ("SLACK_BOT_TOKEN", "slackBotToken", "Slack bot token"),
    "slack_webhook": ("SLACK_WEBHOOK_URL", "webhookUrl", "Slack webhook"),
    "gitlab_token": ("GITLAB_TOKEN", "gitlabToken", "GitLab token"),
    "stripe_key": ("STRIPE_SECRET_KEY", "stripeSecretKey", "Stripe live key"),
    "google_api_key": ("GOOGLE_MAPS_API_KEY", "mapsApiKey", "Google Maps key"),
    "npm_token": ("NPM_TOKEN", "npmToken", "npm token"),
    "azure_devops_pat": ("AZURE_DEVOPS_EXT_PAT", "adoPat", "Azure DevOps PAT"),
    "sendgrid_key": ("SENDGRID_API_KEY", "sendGridApiKey", "SendGrid key"),
    "azure_storage_key": ("AZURE_STORAGE_KEY", "storageAccountKey", "storage account key"),
    "sas_token": ("AZURE_STORAGE_SAS_TOKEN", "sasToken", "SAS token"),
    "azure_openai_key": ("AZURE_OPENAI_API_KEY", "apiKey", "Azure OpenAI key"),
    "azure_ai_key_no_keyword": ("LANGUAGE_SERVICE_CRED", "primary", "Language service credential"),
    "openai_key": ("OPENAI_API_KEY", "openaiApiKey", "OpenAI key"),
    "aws_access_key_id": ("AWS_ACCESS_KEY_ID", "accessKeyId", "AWS access key id"),
    "aws_secret_key": ("AWS_SECRET_ACCESS_KEY", "secretAccessKey", "AWS secret access key"),
    "jwt": ("ACCESS_TOKEN", "accessToken", "access token"),
    "bearer_token": ("API_BEARER_TOKEN", "bearerToken", "bearer token"),
    "anthropic_key": ("ANTHROPIC_API_KEY", "anthropicApiKey", "Anthropic key"),
    "entra_client_secret": ("AZURE_CLIENT_SECRET", "ClientSecret", "client secret"),
    "cosmos_key": ("COSMOS_KEY", "CosmosKey", "Cosmos DB primary key"),
    "twilio_key": ("TWILIO_API_KEY", "twilioApiKey", "Twilio API key"),
    "mailgun_key": ("MAILGUN_API_KEY", "mailgunApiKey", "Mailgun key"),
    "pypi_token": ("TWINE_PASSWORD", "pypiToken", "PyPI upload token"),
    "huggingface_token": ("HF_TOKEN", "hfToken", "Hugging Face token"),
    "password_kv": ("DB_PASSWORD", "Password", "password"),
}

MAKE = {
    "github_token": Values.github_token, "slack_token": Values.slack_token, "slack_webhook": Values.slack_webhook,
    "gitlab_token": Values.gitlab_token, "stripe_key": Values.stripe_key, "google_api_key": Values.google_api_key,
    "npm_token": Values.npm_token, "azure_devops_pat": Values.azure_devops_pat, "sendgrid_key": Values.sendgrid_key,
    "azure_storage_key": Values.b64key, "azure_openai_key": Values.azure_openai_key,
    "azure_ai_key_no_keyword": Values.azure_ai_key, "openai_key": Values.openai_key, "aws_access_key_id": Values.aws_access_key_id,
    "aws_secret_key": Values.aws_secret_key, "jwt": Values.jwt, "bearer_token": Values.bearer_token,
    "anthropic_key": Values.anthropic_key, "entra_client_secret": Values.entra_client_secret, "cosmos_key": Values.cosmos_key,
    "twilio_key": Values.twilio_key, "mailgun_key": Values.mailgun_key, "pypi_token": Values.pypi_token,
    "huggingface_token": Values.huggingface_token, "password_kv": Values.password,
}


def cv(text: str, kind: str, secret: str | None = None) -> V:
    return V(text, CREDENTIAL, kind, secret)


def sas(v: Values) -> V:
    sig = base64.b64encode(bytes(v.r.randrange(256) for _ in range(32))).decode().replace("+", "%2B").replace("/", "%2F")
    sig = sig.replace("=", "%3D")
    q = (f"sv=2022-11-02&ss=b&srt=sco&sp={v.pick(('r', 'rl', 'rwdlac', 'racwdl'))}&se=202{v.r.randrange(6, 8)}-"
         f"{v.r.randrange(1, 13):02d}-{v.r.randrange(1, 29):02d}T{v.r.randrange(24):02d}:00:00Z&st=2026-01-01T00:00:00Z"
         f"&spr=https&sig={sig}")
    return cv(q, "sas_token", sig)


def conn(v: Values) -> V:
    style = v.r.randrange(5)
    if style == 0:
        key = v.b64key(64)
        text = (f"DefaultEndpointsProtocol=https;AccountName={v.storage_account()};AccountKey={key};"
                "EndpointSuffix=core.windows.net")
    elif style == 1:
        key = v.b64key(32)
        text = (f"Endpoint=sb://{v.pick(('sb-orders-prod', 'evh-telemetry-weu', 'ns-billing'))}.servicebus.windows.net/;"
                f"SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}")
    elif style == 2:
        key = v.password()
        text = (f"Server=tcp:{v.pick(('sql-prod-weu', 'sqlsrv-crm', 'azsql-finance'))}.database.windows.net,1433;"
                f"Initial Catalog={v.pick(('Orders', 'CRM', 'Ledger'))};User ID={v.user()};Password={key};Encrypt=True;")
    elif style == 3:
        key = v.password()
        text = f"Host={v.host()};Port=5432;Database=orders;Username={v.user()};Password={key};SSL Mode=Require"
    else:
        key = v.b64key(64)
        text = f"AccountEndpoint=https://{v.pick(('cosmos-crm', 'cdb-orders'))}.documents.azure.com:443/;AccountKey={key};"
    return cv(text, "connection_string", key)


def _url_parts(v: Values) -> tuple[str, str]:
    scheme = v.pick(("postgresql", "mysql", "mongodb+srv", "redis", "amqp", "https", "mssql+pyodbc", "postgres"))
    host = v.pick(("pg-orders.postgres.database.azure.com:5432/orders", "db01.corp.fabrikam.local:3306/crm",
                   "cluster0.k2x9q.mongodb.net/app", "cache-prod.redis.cache.windows.net:6380/0",
                   "rabbit.internal:5672/vhost", "nexus.corp.adatum.com/repository/pypi/simple"))
    return f"{scheme}://{v.user()}:", "@" + host


def password_url(d: Doc, v: Values, lead: str = "", tail: str = "\n") -> None:
    pre, post = _url_parts(v)
    d.w(lead + pre, cv(v.password().replace("@", "9").replace(":", "7").replace("/", "8").replace("#", "3")
                       .replace("%", "5").replace("?", "2"), "password_url"), post + tail)


def private_key(d: Doc, v: Values, medium: str) -> None:
    if medium in ("json", "env", "code"):
        pem, first = v.private_key(escaped=True)
        if medium == "json":
            d.w('  "type": "service_account",\n  "private_key_id": "', v.neg("commit_sha"), '",\n  "private_key": "',
                cv(pem + "\\n", "private_key", first), '",\n')
        elif medium == "env":
            d.w('SAML_SIGNING_KEY="', cv(pem, "private_key", first), '"\n')
        else:
            d.w('SIGNING_KEY = "', cv(pem, "private_key", first), '"\n')
        return
    pem, first = v.private_key()
    if medium == "yaml":
        d.w("  tls.key: |\n    ", cv(pem.replace("\n", "\n    "), "private_key", first), "\n")
    else:
        d.w(cv(pem, "private_key", first), "\n")


def k8s_secret(d: Doc, v: Values) -> None:
    pw = v.password()
    d.w("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ", v.pick(("db-credentials", "app-secrets", "smtp-auth")),
        "\ntype: Opaque\ndata:\n  username: ", base64.b64encode(v.user().encode()).decode(), "\n  password: ",
        cv(base64.b64encode(pw.encode()).decode(), "k8s_secret_b64"), "\n")


PROSE = {
    "en": ("here's the {d}: ", "the {d} is ", "use this {d} for now: ", "I pasted the {d} below\n", "{d} -> "),
    "de": ("hier der {d}: ", "der {d} lautet ", "anbei der {d}: "),
    "fr": ("voici le {d} : ", "le {d} est ", "je te mets le {d} ici : "),
    "es": ("aquí está el {d}: ", "el {d} es ", "te paso el {d}: "),
}
PW_PROSE = {
    "en": ("the password is ", "pw for the service account is ", "login is admin / ", "password: ", "I reset it to ",
           "new password is "),
    "de": ("das Passwort lautet ", "Passwort ist ", "das neue Kennwort: "),
    "fr": ("le mot de passe est ", "mot de passe : ", "le nouveau mdp c'est "),
    "es": ("la contraseña es ", "contraseña: ", "la clave nueva es "),
}


def prose_password(d: Doc, v: Values, lang: str = "en") -> None:
    d.w(v.pick(PW_PROSE[lang]), cv(v.password(), "password_prose"), v.pick(("", ".", " (temporary)", " — please change it")))


def cli_password(d: Doc, v: Values) -> None:
    pw = cv(v.password().replace("'", "x"), "password_cli")
    style = v.r.randrange(8)
    if style == 0:
        d.w(f"mysql -h {v.host()} -u {v.user()} -p'", pw, "' orders < dump.sql\n")
    elif style == 1:
        d.w(f"sqlcmd -S {v.host()} -U {v.user()} -P '", pw, "' -Q \"SELECT @@VERSION\"\n")
    elif style == 2:
        d.w("docker login contosoacr.azurecr.io -u contosoacr -p ", pw, "\n")
    elif style == 3:
        d.w(f"az login --service-principal -u {v.neg('guid').text} -p '", pw, "' --tenant contoso.onmicrosoft.com\n")
    elif style == 4:
        d.w("curl -u ", f"{v.user()}:", pw, " https://nexus.corp.adatum.com/service/rest/v1/status\n")
    elif style == 5:
        d.w(f"net use Z: \\\\fs01\\finance /user:CONTOSO\\{v.user()} ", pw, "\n")
    elif style == 6:
        d.w(f"kubectl create secret generic db-creds --from-literal=username={v.user()} --from-literal=password='", pw, "'\n")
    else:
        d.w("PGPASSWORD='", pw, f"' psql -h {v.host()} -U {v.user()} -d orders\n")


def ctor_password(d: Doc, v: Values) -> None:
    pw = cv(v.password().replace('"', "x"), "password_ctor")
    style = v.r.randrange(6)
    if style == 0:
        d.w(f'conn = psycopg2.connect(host="{v.host()}", dbname="orders", user="{v.user()}", password="', pw, '")\n')
    elif style == 1:
        d.w(f'var cred = new NetworkCredential("{v.user()}", "', pw, '", "CONTOSO");\n')
    elif style == 2:
        d.w(f'Connection c = DriverManager.getConnection(url, "{v.user()}", "', pw, '");\n')
    elif style == 3:
        d.w(f'smtp.login("{v.user()}", "', pw, '")\n')
    elif style == 4:
        d.w(f'db = mysql.connector.connect(host="{v.host()}", user="{v.user()}", passwd="', pw, '")\n')
    else:
        d.w(f'const pool = new Pool({{ host: "{v.host()}", user: "{v.user()}", password: "', pw, '" }});\n')


def api_special(d: Doc, v: Values, kind: str, val: V, medium: str) -> bool:
    """A kind-specific way of pasting it in this medium; False when there is none (the generic forms are used)."""
    r = v.r.random()
    if kind in ("jwt", "bearer_token") and medium in ("cli", "code", "log") and r < 0.8:
        if medium == "cli":
            d.w('curl -s -H "Authorization: Bearer ', val, '" https://api.fabrikam.de/v2/orders?limit=50\n')
        elif medium == "code":
            d.w('headers = {"Authorization": "Bearer ', val, '", "Content-Type": "application/json"}\n')
        else:
            d.w(f"{v.neg('date').text}T09:14:02Z DEBUG http.client > GET /v2/customers HTTP/1.1\n> Authorization: Bearer ",
                val, "\n")
        return True
    if kind == "github_token" and medium in ("cli", "code") and r < 0.5:
        d.w("git clone https://x-access-token:", val, "@github.com/contoso/platform-infra.git\n")
        return True
    if kind == "azure_devops_pat" and medium == "cli" and r < 0.6:
        d.w('echo "', val, '" | az devops login --organization https://dev.azure.com/contoso\n')
        return True
    if kind == "npm_token" and medium in ("env", "cli") and r < 0.6:
        if medium == "cli":
            d.w('echo "//registry.npmjs.org/:_authToken=', val, '" >> ~/.npmrc\n')
        else:
            d.w("//registry.npmjs.org/:_authToken=", val, "\n")
        return True
    if kind == "pypi_token" and medium in ("env", "cli") and r < 0.6:
        if medium == "cli":
            d.w("twine upload -u __token__ -p ", val, " dist/*\n")
        else:
            d.w("[pypi]\n  username = __token__\n  password = ", val, "\n")
        return True
    if kind in ("aws_access_key_id", "aws_secret_key") and medium == "env" and r < 0.6:
        d.w("[default]\n", "aws_access_key_id = " if kind == "aws_access_key_id" else "aws_secret_access_key = ", val,
            "\nregion = eu-west-1\n")
        return True
    if kind == "azure_storage_key" and medium == "cli" and r < 0.7:
        d.w(f"az storage blob upload --account-name {v.storage_account()} --account-key ", val,
            " -c exports -f report.csv\n")
        return True
    if kind == "sas_token" and medium in ("cli", "log", "code"):
        d.w(f"https://{v.storage_account()}.blob.core.windows.net/exports/q3.parquet?", val, "\n")
        return True
    if kind == "slack_webhook" and medium == "cli" and r < 0.7:
        d.w("curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"deploy done\"}' ", val, "\n")
        return True
    if kind == "cosmos_key" and medium == "code" and r < 0.6:
        d.w('client = CosmosClient("https://cosmos-crm.documents.azure.com:443/", credential="', val, '")\n')
        return True
    if kind == "azure_ai_key_no_keyword" and medium in ("code", "cli", "json", "prose"):
        if medium == "code":
            d.w('client = TextAnalyticsClient("https://lang-weu.cognitiveservices.azure.com/", AzureKeyCredential("', val, '"))\n')
        elif medium == "json":
            d.w('  "endpoint": "https://lang-weu.cognitiveservices.azure.com/",\n  "primary": "', val, '",\n')
        elif medium == "prose":
            d.w("for the translator resource in westeurope use ", val, " until we move to managed identity.\n")
        else:
            d.w("curl -X POST https://translator-weu.cognitiveservices.azure.com/translate?api-version=3.0&to=de "
                '-H "Ocp-Apim-Subscription-Key: ', val, '" -d @body.json\n')
        return True
    if kind == "azure_openai_key" and medium == "code" and r < 0.6:
        d.w('client = AzureOpenAI(azure_endpoint="https://oai-contoso-weu.openai.azure.com/", api_key="', val,
            '", api_version="2024-10-21")\n')
        return True
    if kind == "entra_client_secret" and medium == "cli" and r < 0.6:
        d.w(f"az login --service-principal -u {v.neg('guid').text} -p ", val, " --tenant fabrikam.onmicrosoft.com\n")
        return True
    return False


def write_cred(d: Doc, v: Values, medium: str, lang: str = "en", kind: str | None = None) -> str:
    """One credential of the least-used kind that fits `medium`; returns its kind."""
    if kind:
        v.used[kind] += 1
    else:
        kind = v.next_kind(ALLOWED[medium])
    if kind == "password_url":
        lead = {"env": "DATABASE_URL=", "yaml": "  url: ", "json": '  "url": "', "code": 'engine = create_engine("',
                "cli": "psql ", "log": "ERROR could not connect to "}[medium]
        tail = {"json": '",\n', "code": '")\n'}.get(medium, "\n")
        password_url(d, v, lead, tail)
        return kind
    if kind == "connection_string":
        c = conn(v)
        if medium == "env":
            d.w("ConnectionStrings__Default=", c, "\n")
        elif medium == "yaml":
            d.w("  connectionString: \"", c, "\"\n")
        elif medium == "json":
            d.w('  "ConnectionStrings": {\n    "Default": "', c, '"\n  },\n')
        elif medium == "code":
            if c.text.startswith("Server="):
                d.w('using var conn = new SqlConnection("', c, '");\n')
            else:
                d.w('conn_str = "', c, '"\n')
        elif medium == "cli":
            d.w('az webapp config connection-string set -g rg-prod -n app-orders -t Custom --settings Default="', c, '"\n')
        else:
            d.w("WARN retrying with connection string ", c, "\n")
        return kind
    if kind == "private_key":
        private_key(d, v, medium)
        return kind
    if kind == "k8s_secret_b64":
        k8s_secret(d, v)
        return kind
    if kind == "password_prose":
        prose_password(d, v, lang)
        d.w("\n")
        return kind
    if kind == "password_cli":
        cli_password(d, v)
        return kind
    if kind == "password_ctor":
        ctor_password(d, v)
        return kind
    if kind == "password_yaml":
        key = v.pick(("password", "POSTGRES_PASSWORD", "db_password", "adminPassword", "smtp_password"))
        pw = v.password()
        d.w(f"  {key}: ", cv(pw if v.chance(0.6) else f'"{pw}"', "password_yaml", pw), "\n")
        return kind
    if kind == "sas_token":
        val = sas(v)
    else:
        val = cv(MAKE[kind](v), kind)
    if api_special(d, v, kind, val, medium):
        return kind
    var, key, desc = NAMES[kind]
    if kind == "password_kv":
        var = v.pick(("DB_PASSWORD", "SMTP_PASSWORD", "spring.datasource.password", "ADMIN_PASSWORD", "password"))
    if medium == "env":
        d.w(f"{var}=", val, "\n") if v.chance(0.6) else d.w(f'{var}="', val, '"\n')
    elif medium == "yaml":
        d.w(f"  {var}: ", val, "\n") if v.chance(0.5) else d.w(f"  {key}: \"", val, "\"\n")
    elif medium == "json":
        d.w(f'  "{key}": "', val, '",\n')
    elif medium == "code":
        if lang == "cs":
            d.w(f'    private const string {key[0].upper() + key[1:]} = "', val, '";\n')
        elif lang == "js":
            d.w(f"const {key} = process.env.{var} || '", val, "';\n")
        elif v.chance(0.5):
            d.w(f'os.environ["{var}"] = "', val, '"\n')
        else:
            d.w(f'{var} = "', val, '"\n')
    elif medium == "cli":
        style = v.r.randrange(3)
        if style == 0:
            d.w(f"export {var}=", val, "\n")
        elif style == 1:
            d.w(f'$env:{var} = "', val, '"\n')
        else:
            d.w(f'gh secret set {var} --body "', val, '"\n')
    elif medium == "prose":
        d.w(v.pick(PROSE[lang]).format(d=desc), val, "\n")
    else:
        d.w(f"startup: settings loaded ({key}=", val, ")\n")
    return kind
