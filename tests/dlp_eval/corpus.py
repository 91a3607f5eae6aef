"""The blind DLP evaluation corpus: whole prompts of the kinds people send to a model (support
tickets, e-mails, chat, code questions in several languages, config files, log and stack-trace
pastes), with secrets and PII placed the way they are really pasted, and hard negatives that
look like them. Seeded and deterministic; every labelled value carries its span.

Written blind: from the issue text and public format descriptions, without reading the
recognizers or the first corpus (tests/unit/dlp_corpus.py). See README.md.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Callable

from . import values as v

CREDENTIAL = "CREDENTIAL"
PII_FAMILIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS")
PERSON = "PERSON"


@dataclass(frozen=True)
class Label:
    start: int
    end: int
    family: str  # CREDENTIAL, one of PII_FAMILIES or PERSON
    kind: str  # credential kind, or the family again
    secret: str  # the part that must never be stored in clear when the family is redacted


@dataclass(frozen=True)
class Decoy:
    """A hard negative: looks like `mimics` (a family or credential kind) but is not one."""

    start: int
    end: int
    kind: str
    mimics: str


@dataclass
class Sample:
    id: str
    genre: str
    text: str
    labels: list[Label] = field(default_factory=list)
    decoys: list[Decoy] = field(default_factory=list)
    completion: bool = False  # the text is the model's answer rather than the prompt


@dataclass(frozen=True)
class V:
    """A labelled value for a template slot."""

    text: str
    family: str
    kind: str
    secret: str | None = None
    inner: tuple[tuple[int, int, str], ...] = ()  # (start, end, family) of values nested inside


@dataclass(frozen=True)
class N:
    """A hard-negative value for a template slot."""

    text: str
    kind: str
    mimics: str


Slot = V | N | str


class SpanText:
    """Text written piece by piece, with the exact span of every labelled value (V, and the values nested
    in it) and hard negative (N) put in it. This corpus's Doc and tests/dlp_blind9's Doc both write
    through it."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.size = 0
        self.labels: list[Label] = []
        self.decoys: list[Decoy] = []

    def put(self, item: Slot) -> None:
        text = item if isinstance(item, str) else item.text
        start = self.size
        self.chunks.append(text)
        self.size += len(text)
        if isinstance(item, V):
            self.labels.append(Label(start, self.size, item.family, item.kind, item.secret or item.text))
            for a, b, family in item.inner:
                self.labels.append(Label(start + a, start + b, family, family, item.text[a:b]))
        elif isinstance(item, N):
            self.decoys.append(Decoy(start, self.size, item.kind, item.mimics))

    @property
    def text(self) -> str:
        return "".join(self.chunks)


class Doc(SpanText):
    """Fills this corpus's templates ({name} slots, drawn from FILLERS when not given) into a SpanText."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng

    def fill(self, template: str, **slots: Slot) -> None:
        """`{name}` is a slot (given, or drawn from FILLERS); `{{` and `}}` are literal braces."""
        pos = 0
        for m in _SLOT.finditer(template):
            self.put(template[pos:m.start()])
            pos = m.end()
            if m.group(0) in ("{{", "}}"):
                self.put(m.group(0)[0])
                continue
            name = m.group(1)
            self.put(slots[name] if name in slots else FILLERS[name](self.rng))
        self.put(template[pos:])


_SLOT = re.compile(r"\{\{|\}\}|\{(\w+)\}")


# --- slot fillers used inside templates ---------------------------------------------------------


def _name(rng: random.Random) -> V:
    first, last = v.person(rng)
    return V(f"{first} {last}", PERSON, PERSON)


def _host(rng: random.Random) -> str:
    return rng.choice(("db01", "sql-prod-weu", "pg-orders", "cache-01", "app-backend", "mysql-reporting")) + "." + rng.choice(
        ("internal.contoso.com", "postgres.database.azure.com", "database.windows.net", "fabrikam.local",
         "mysql.database.azure.com", "corp.adatum.com"))


def _user(rng: random.Random) -> str:
    return rng.choice(("sa", "admin", "app_user", "svc_etl", "reporting", "dbadmin", "postgres", "root", "deploy",
                       "jenkins", "azureuser", "orders_rw"))


def _acct(rng: random.Random) -> str:
    return rng.choice(("stcontosoprod", "fabrikamlogs", "adatumdata01", "stwebassets", "northwindbackup", "tailspinml"))


def _ns(rng: random.Random) -> str:
    return rng.choice(("contoso-events", "sb-orders-prod", "evh-telemetry-weu", "fabrikam-bus", "ns-billing"))


def _ts(rng: random.Random) -> str:
    return f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}.{rng.randrange(1000):03d}Z"


def _version4(rng: random.Random) -> N:
    return N(f"{rng.randrange(1, 12)}.{rng.randrange(0, 60)}.{rng.randrange(0, 30)}.{rng.randrange(0, 9999)}", "version", "IP_ADDRESS")


def _oid(rng: random.Random) -> N:
    return N(rng.choice(("1.2.840.113549.1.1.11", "1.3.6.1.4.1.311.21.8", "2.5.29.37", "1.3.6.1.5.5.7.3.1",
                         "1.3.6.1.2.1.1.3.0", "1.2.840.10045.4.3.2", "1.3.6.1.4.1.311.60.2.1.3")), "oid", "IP_ADDRESS")


def _lot(rng: random.Random) -> N:
    return N(f"{rng.randrange(100, 899)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}", "lot_number", "US_SSN")


def _gl(rng: random.Random) -> N:
    return N(f"{rng.randrange(100000, 999999)}-{rng.randrange(1000, 9999)}", "account_number", "PHONE_NUMBER")


def _order16(rng: random.Random) -> N:
    while True:
        number = v.rand(rng, v.DIGITS, 16)
        if not v.luhn_valid(number) and number[0] in "3456":
            return N(number, "order_number", "CREDIT_CARD")


def _imei(rng: random.Random) -> N:
    return N(v.luhn_complete("35" + v.rand(rng, v.DIGITS, 12)), "imei", "CREDIT_CARD")


FILLERS: dict[str, Callable[[random.Random], Slot]] = {
    "name": _name,
    "first": lambda r: V(v.person(r)[0], PERSON, PERSON),
    "email": lambda r: V(v.email(r), "EMAIL_ADDRESS", "EMAIL_ADDRESS"),
    "phone": lambda r: V(v.phone(r), "PHONE_NUMBER", "PHONE_NUMBER"),
    "usphone": lambda r: V(v.phone(r, "US"), "PHONE_NUMBER", "PHONE_NUMBER"),
    "ip": lambda r: V(v.ipv4(r), "IP_ADDRESS", "IP_ADDRESS"),
    "ip6": lambda r: V(v.ipv6(r), "IP_ADDRESS", "IP_ADDRESS"),
    "card": lambda r: V(v.card(r), "CREDIT_CARD", "CREDIT_CARD"),
    "iban": lambda r: V(v.iban(r), "IBAN_CODE", "IBAN_CODE"),
    "ssn": lambda r: V(v.ssn(r), "US_SSN", "US_SSN"),
    "guid": lambda r: N(v.guid(r), "guid", "azure_openai_key"),
    "sha": lambda r: N(v.rand(r, v.HEX, 40), "commit_sha", "generic_api_key"),
    "sha256": lambda r: N(v.rand(r, v.HEX, 64), "sha256", "generic_api_key"),
    "md5": lambda r: N(v.rand(r, v.HEX, 32), "md5", "azure_openai_key"),
    "trace": lambda r: N(v.rand(r, v.HEX, 32), "trace_id", "azure_openai_key"),
    "span": lambda r: N(v.rand(r, v.HEX, 16), "span_id", "generic_api_key"),
    "ver4": _version4,
    "oid": _oid,
    "lot": _lot,
    "gl": _gl,
    "order16": _order16,
    "imei": _imei,
    "host": _host,
    "user": _user,
    "acct": _acct,
    "ns": _ns,
    "ts": _ts,
    "target": lambda r: N(f"{_user(r)}@{_host(r)}", "ssh_target", "EMAIL_ADDRESS"),
    "n": lambda r: str(r.randrange(1000, 99999)),
    "ms": lambda r: str(r.randrange(3, 4000)),
    "port": lambda r: r.choice(("5432", "1433", "3306", "6379", "443", "8080", "27017")),
    "ticket": lambda r: f"INC{r.randrange(100000, 9999999):07d}",
    "repo": lambda r: r.choice(("contoso/orders-api", "fabrikam/infra", "adatum/ml-pipeline", "northwind/web", "tailspin/etl")),
    "region": lambda r: r.choice(("westeurope", "eastus2", "swedencentral", "northeurope", "uksouth")),
}


# --- credential kinds: (value generator -> (value, secret), templates as (language, text)) ----


def _cs_storage(r: random.Random) -> tuple[str, str]:
    key = v.storage_key(r)
    acct = _acct(r)
    return (f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net", key)


def _cs_servicebus(r: random.Random) -> tuple[str, str]:
    key = v.sb_key(r)
    name = r.choice(("RootManageSharedAccessKey", "send-only", "listen", "app-policy"))
    hub = f";EntityPath={r.choice(('telemetry', 'orders', 'audit-logs'))}" if r.random() < 0.5 else ""
    return (f"Endpoint=sb://{_ns(r)}.servicebus.windows.net/;SharedAccessKeyName={name};SharedAccessKey={key}{hub}", key)


def _cs_cosmos(r: random.Random) -> tuple[str, str]:
    key = v.storage_key(r)
    return (f"AccountEndpoint=https://{r.choice(('cosmos-orders', 'cdb-prod', 'fabrikam-docs'))}.documents.azure.com:443/;AccountKey={key};", key)


def _cs_sql(r: random.Random) -> tuple[str, str, tuple[tuple[int, int, str], ...]]:
    pw = v.password(r, "!#%*-_.?+")
    server = r.choice((f"tcp:{r.choice(('sql-orders', 'sqlsrv-prod', 'fab-dw'))}.database.windows.net,1433", "10.20.0.5", "localhost\\SQLEXPRESS"))
    user_key = r.choice(("User ID", "User Id", "Uid", "user id"))
    pw_key = r.choice(("Password", "Password", "Pwd", "password"))
    inner = ((7, 7 + len(server), "IP_ADDRESS"),) if server[0].isdigit() else ()
    return (f"Server={server};Initial Catalog={r.choice(('orders', 'crm', 'billing'))};Persist Security Info=False;"
            f"{user_key}={_user(r)};{pw_key}={pw};MultipleActiveResultSets=False;Encrypt=True;", pw, inner)


def _sas(r: random.Random) -> tuple[str, str]:
    sig = v.b64(r, 32).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return (f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2026-0{r.randrange(1, 9)}-15T18:{r.randrange(10, 59)}:00Z"
            f"&st=2025-01-15T10:00:00Z&spr=https&sig={sig}", sig)


def _slack_any(r: random.Random) -> str:
    return r.choice((v.slack_bot, v.slack_bot, v.slack_user, v.slack_app))(r)


def _ado(r: random.Random) -> str:
    return v.annotated_key(r, "AZDO") if r.random() < 0.5 else v.azure_devops_legacy(r)


def _aoai(r: random.Random) -> str:
    return v.annotated_key(r, "ACOG") if r.random() < 0.35 else v.hex32(r)


def _github(r: random.Random) -> str:
    return v.checksummed(r.choice(("ghp", "ghp", "gho", "ghs", "ghu", "ghr")), r)


def _google(r: random.Random) -> str:
    return v.google_api_key(r) if r.random() < 0.8 else v.google_oauth_secret(r)


def _pw_plain(r: random.Random) -> str:
    return v.password(r, "!#%*-_.?+")


def _pw_url(r: random.Random) -> str:
    return v.password(r, "-_.!*")


def _pw_shell(r: random.Random) -> str:
    return v.password(r, "#%-_.+")


Made = str | tuple[str, str] | tuple[str, str, tuple[tuple[int, int, str], ...]]  # value[, secret[, nested]]
KINDS: dict[str, tuple[Callable[[random.Random], Made], list[tuple[str, str]]]] = {
    "github": (_github, [
        ("bash", "git clone https://oauth2:{v}@github.com/{repo}.git\n"),
        ("bash", "git remote set-url origin https://{user}:{v}@github.com/{repo}.git\ngit push origin main\n"),
        ("bash", "export GITHUB_TOKEN={v}\ngh pr list --repo {repo}\n"),
        ("bash", "curl -s -H \"Authorization: token {v}\" https://api.github.com/repos/{repo}/actions/runs | jq '.total_count'\n"),
        ("bash", "echo {v} | docker login ghcr.io -u {user} --password-stdin\n"),
        ("python", "from github import Github\n\ng = Github(\"{v}\")\nrepo = g.get_repo(\"{repo}\")\nprint(repo.stargazers_count)\n"),
        ("env", "GH_TOKEN={v}\nGITHUB_REPOSITORY={repo}\n"),
        ("ini", "[credential \"https://github.com\"]\n    helper = store\n# ~/.git-credentials:\nhttps://{user}:{v}@github.com\n"),
        ("prose", "I generated a new classic PAT ({v}) but the push still gets a 403"),
        ("log", "{ts} ERROR fatal: could not read from https://x-access-token:{v}@github.com/{repo}.git: 401\n"),
        ("yaml", "- name: checkout\n  uses: actions/checkout@v4\n  with:\n    token: {v}\n"),
    ]),
    "github_fine_grained": (v.github_fine_grained, [
        ("bash", "export GH_TOKEN={v}\ngh api /user\n"),
        ("prose", "here is the fine-grained token I created: {v}, it has contents:read only"),
        ("python", "headers = {{\"Authorization\": \"Bearer {v}\", \"X-GitHub-Api-Version\": \"2022-11-28\"}}\n"),
        ("json", "{{\n  \"github\": {{\n    \"token\": \"{v}\",\n    \"owner\": \"contoso\"\n  }}\n}}\n"),
        ("bash", "git clone https://{v}@github.com/{repo}.git\n"),
    ]),
    "slack_token": (_slack_any, [
        ("python", "from slack_sdk import WebClient\n\nclient = WebClient(token=\"{v}\")\nclient.chat_postMessage(channel=\"#alerts\", text=msg)\n"),
        ("env", "SLACK_BOT_TOKEN={v}\nSLACK_CHANNEL=#ops-alerts\n"),
        ("bash", "curl -X POST -H 'Authorization: Bearer {v}' -H 'Content-type: application/json' --data '{{\"channel\":\"C0123\",\"text\":\"deploy done\"}}' https://slack.com/api/chat.postMessage\n"),
        ("prose", "the bot token is {v} and it says not_in_channel"),
        ("yaml", "slack:\n  appToken: {v}\n  signingSecret: from-keyvault\n"),
        ("js", "const app = new App({{ token: '{v}', signingSecret: process.env.SLACK_SIGNING_SECRET }});\n"),
    ]),
    "slack_webhook": (v.slack_webhook, [
        ("bash", "curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"Build failed\"}}' {v}\n"),
        ("python", "WEBHOOK_URL = \"{v}\"\nrequests.post(WEBHOOK_URL, json={{\"text\": summary}}, timeout=5)\n"),
        ("yaml", "alertmanager:\n  receivers:\n    - name: slack\n      slack_configs:\n        - api_url: {v}\n          channel: '#alerts'\n"),
        ("prose", "We post to {v} from the pipeline but nothing shows up in the channel"),
        ("json", "{{ \"notifications\": {{ \"slackWebhook\": \"{v}\", \"onFailure\": true }} }}\n"),
    ]),
    "gitlab": (v.gitlab, [
        ("bash", "git clone https://oauth2:{v}@gitlab.com/{repo}.git\n"),
        ("bash", "curl --header \"PRIVATE-TOKEN: {v}\" \"https://gitlab.com/api/v4/projects?owned=true\"\n"),
        ("env", "GITLAB_TOKEN={v}\nCI_SERVER_URL=https://gitlab.com\n"),
        ("prose", "my gitlab token {v} stopped working after the group moved"),
        ("yaml", "variables:\n  GL_TOKEN: \"{v}\"\n  DOCKER_DRIVER: overlay2\n"),
        ("python", "gl = gitlab.Gitlab(\"https://gitlab.com\", private_token=\"{v}\")\n"),
    ]),
    "stripe": (v.stripe, [
        ("js", "const stripe = require('stripe')('{v}');\nconst session = await stripe.checkout.sessions.create({{ mode: 'payment' }});\n"),
        ("python", "import stripe\nstripe.api_key = \"{v}\"\nstripe.PaymentIntent.create(amount=2000, currency=\"eur\")\n"),
        ("env", "STRIPE_SECRET_KEY={v}\nSTRIPE_PUBLISHABLE_KEY=pk_live_placeholder\n"),
        ("bash", "curl https://api.stripe.com/v1/charges -u {v}: -d limit=3\n"),
        ("prose", "the key we use in prod is {v}, is it safe to rotate during business hours?"),
        ("json", "{{\n  \"Stripe\": {{\n    \"SecretKey\": \"{v}\",\n    \"WebhookTolerance\": 300\n  }}\n}}\n"),
    ]),
    "google": (_google, [
        ("js", "const map = new google.maps.Map(el, {{ center, zoom: 8 }});\n// loader\n<script src=\"https://maps.googleapis.com/maps/api/js?key={v}&callback=initMap\"></script>\n"),
        ("python", "genai.configure(api_key=\"{v}\")\nmodel = genai.GenerativeModel(\"gemini-1.5-flash\")\n"),
        ("env", "GOOGLE_API_KEY={v}\n"),
        ("bash", "curl \"https://www.googleapis.com/youtube/v3/search?part=snippet&q=azure&key={v}\"\n"),
        ("json", "{{\n  \"installed\": {{\n    \"client_id\": \"{n}-abc.apps.googleusercontent.com\",\n    \"client_secret\": \"{v}\"\n  }}\n}}\n"),
        ("prose", "Google says the key {v} is restricted, which API do I need to enable?"),
    ]),
    "npm": (lambda r: v.checksummed("npm", r), [
        ("ini", "//registry.npmjs.org/:_authToken={v}\nalways-auth=true\n"),
        ("env", "NPM_TOKEN={v}\n"),
        ("bash", "npm config set //registry.npmjs.org/:_authToken {v}\nnpm publish --access public\n"),
        ("docker", "FROM node:20-alpine\nARG NPM_TOKEN={v}\nRUN echo \"//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}\" > .npmrc && npm ci\n"),
        ("prose", "npm publish fails with E404 even though I'm using the automation token {v}"),
    ]),
    "azure_devops_pat": (_ado, [
        ("bash", "export AZURE_DEVOPS_EXT_PAT={v}\naz devops project list --org https://dev.azure.com/contoso\n"),
        ("bash", "git clone https://{user}:{v}@dev.azure.com/contoso/Orders/_git/orders-api\n"),
        ("powershell", "$pat = \"{v}\"\n$b64 = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(\":$pat\"))\nInvoke-RestMethod -Uri $url -Headers @{{Authorization = \"Basic $b64\"}}\n"),
        ("prose", "I created a PAT for the build agent: {v} - it works in the browser but the agent says 401"),
        ("yaml", "variables:\n  AZDO_PAT: {v}\n  AZDO_ORG: https://dev.azure.com/fabrikam\n"),
        ("bash", "./config.sh --unattended --url https://dev.azure.com/contoso --auth pat --token {v} --pool Default\n"),
    ]),
    "sendgrid": (v.sendgrid, [
        ("python", "sg = SendGridAPIClient(\"{v}\")\nresponse = sg.send(message)\n"),
        ("env", "SENDGRID_API_KEY={v}\nMAIL_FROM={email}\n"),
        ("csharp", "var client = new SendGridClient(\"{v}\");\nvar response = await client.SendEmailAsync(msg);\n"),
        ("prose", "Emails stopped going out, the SendGrid key is {v} - did it expire?"),
        ("bash", "curl --request POST --url https://api.sendgrid.com/v3/mail/send --header 'Authorization: Bearer {v}' --header 'Content-Type: application/json' --data @mail.json\n"),
    ]),
    "storage_key": (v.storage_key, [
        ("env", "AZURE_STORAGE_ACCOUNT={acct}\nAZURE_STORAGE_KEY={v}\n"),
        ("env", "STORAGE_ACCOUNT_KEY={v}\n"),
        ("bash", "az storage blob upload --account-name {acct} --account-key {v} -c backups -f db.bak -n db.bak\n"),
        ("bash", "export AZURE_STORAGE_ACCESS_KEY=\"{v}\"\nazcopy list https://{acct}.blob.core.windows.net/data\n"),
        ("python", "credential = StorageSharedKeyCredential(\"{acct}\", \"{v}\")\nservice = BlobServiceClient(account_url, credential=credential)\n"),
        ("json", "[\n  {{\n    \"keyName\": \"key1\",\n    \"permissions\": \"FULL\",\n    \"value\": \"{v}\"\n  }}\n]\n"),
        ("prose", "key1 for {acct} is {v}, can you check why the function can't reach the blob?"),
        ("terraform", "resource \"azurerm_storage_share\" \"data\" {{\n  name                 = \"data\"\n  storage_account_name = \"{acct}\"\n}}\n# backend key used by the team:\n# access_key = \"{v}\"\n"),
    ]),
    "storage_connection_string": (_cs_storage, [
        ("json", "{{\n  \"IsEncrypted\": false,\n  \"Values\": {{\n    \"AzureWebJobsStorage\": \"{v}\",\n    \"FUNCTIONS_WORKER_RUNTIME\": \"dotnet-isolated\"\n  }}\n}}\n"),
        ("csharp", "var client = new BlobServiceClient(\"{v}\");\nvar container = client.GetBlobContainerClient(\"invoices\");\n"),
        ("env", "AZURE_STORAGE_CONNECTION_STRING=\"{v}\"\n"),
        ("python", "conn_str = \"{v}\"\nqueue = QueueClient.from_connection_string(conn_str, \"orders\")\n"),
        ("log", "{ts} fail: Azure.Storage.Blobs[0] Connection to {v} failed: 403 AuthorizationFailure\n"),
        ("xml", "<connectionStrings>\n  <add name=\"Storage\" connectionString=\"{v}\" />\n</connectionStrings>\n"),
    ]),
    "sas_token": (_sas, [
        ("bash", "azcopy copy ./dist \"https://{acct}.blob.core.windows.net/$web?{v}\" --recursive\n"),
        ("prose", "here is the SAS URL I was given: https://{acct}.blob.core.windows.net/exports/report.csv?{v} but it returns AuthenticationFailed"),
        ("python", "url = \"https://{acct}.blob.core.windows.net/uploads\"\nsas = \"?{v}\"\nclient = ContainerClient.from_container_url(url + sas)\n"),
        ("log", "{ts} GET https://{acct}.blob.core.windows.net/media/a.png?{v} 403 ({ms} ms)\n"),
        ("env", "BLOB_SAS_TOKEN=\"{v}\"\n"),
    ]),
    "servicebus_connection_string": (_cs_servicebus, [
        ("json", "{{\n  \"ConnectionStrings\": {{\n    \"ServiceBus\": \"{v}\"\n  }}\n}}\n"),
        ("python", "producer = EventHubProducerClient.from_connection_string(\"{v}\", eventhub_name=\"telemetry\")\n"),
        ("csharp", "await using var client = new ServiceBusClient(\"{v}\");\nvar sender = client.CreateSender(\"orders\");\n"),
        ("env", "EVENTHUB_CONNECTION_STRING={v}\n"),
        ("prose", "Our consumer gets Unauthorized with {v} although the policy has Listen"),
        ("yaml", "spec:\n  containers:\n    - name: worker\n      env:\n        - name: SERVICEBUS_CONN\n          value: \"{v}\"\n"),
    ]),
    "cosmos_connection_string": (_cs_cosmos, [
        ("json", "{{\n  \"CosmosDb\": {{\n    \"ConnectionString\": \"{v}\",\n    \"Database\": \"orders\"\n  }}\n}}\n"),
        ("csharp", "CosmosClient client = new CosmosClient(\"{v}\");\n"),
        ("python", "client = CosmosClient.from_connection_string(\"{v}\")\n"),
        ("env", "COSMOS_CONNECTION_STRING={v}\n"),
    ]),
    "sql_connection_string": (_cs_sql, [
        ("json", "{{\n  \"ConnectionStrings\": {{\n    \"DefaultConnection\": \"{v}\"\n  }},\n  \"Logging\": {{ \"LogLevel\": {{ \"Default\": \"Information\" }} }}\n}}\n"),
        ("csharp", "using var conn = new SqlConnection(\"{v}\");\nawait conn.OpenAsync();\n"),
        ("xml", "<connectionStrings>\n  <add name=\"Orders\" connectionString=\"{v}\" providerName=\"System.Data.SqlClient\" />\n</connectionStrings>\n"),
        ("log", "{ts} System.Data.SqlClient.SqlException (0x80131904): Login failed for user. ConnectionString: {v}\n"),
        ("python", "conn = pyodbc.connect(\"Driver={{ODBC Driver 18 for SQL Server}};{v}\")\n"),
    ]),
    "azure_openai_key": (_aoai, [
        ("python", "client = AzureOpenAI(\n    api_key=\"{v}\",\n    api_version=\"2024-10-21\",\n    azure_endpoint=\"https://contoso-aoai.openai.azure.com/\",\n)\n"),
        ("env", "AZURE_OPENAI_API_KEY={v}\nAZURE_OPENAI_ENDPOINT=https://fabrikam-openai.openai.azure.com/\n"),
        ("bash", "curl https://contoso-aoai.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 -H \"Content-Type: application/json\" -H \"api-key: {v}\" -d @body.json\n"),
        ("prose", "our azure openai key is {v} and we get 401 from the westeurope resource"),
        ("prose", "Cognitive Services key {v} works for the speech resource but not for translator"),
        ("json", "{{\n  \"AzureOpenAI\": {{\n    \"Endpoint\": \"https://contoso-aoai.openai.azure.com/\",\n    \"Key\": \"{v}\",\n    \"Deployment\": \"gpt-4o-mini\"\n  }}\n}}\n"),
        ("json", "{{\n  \"key1\": \"{v}\",\n  \"key2\": \"{v2}\"\n}}\n"),
        ("csharp", "var client = new AzureOpenAIClient(new Uri(endpoint), new AzureKeyCredential(\"{v}\"));\n"),
        ("js", "const client = new AzureOpenAI({{ endpoint, apiKey: \"{v}\", apiVersion: \"2024-10-21\", deployment }});\n"),
        ("prose", "the key from the portal (Keys and Endpoint blade) is {v}"),
    ]),
    "apim_subscription_key": (v.hex32, [
        ("bash", "curl -H \"Ocp-Apim-Subscription-Key: {v}\" https://contoso-apim.azure-api.net/orders/v1/items\n"),
        ("python", "headers = {{\"Ocp-Apim-Subscription-Key\": \"{v}\", \"Content-Type\": \"application/json\"}}\n"),
        ("prose", "the APIM subscription key for the partner product is {v}"),
        ("http", "POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 HTTP/1.1\nHost: gateway.contoso.com\nOcp-Apim-Subscription-Key: {v}\nContent-Type: application/json\n"),
    ]),
    "openai_key": (v.openai_key, [
        ("python", "from openai import OpenAI\nclient = OpenAI(api_key=\"{v}\")\n"),
        ("env", "OPENAI_API_KEY={v}\n"),
        ("bash", "curl https://api.openai.com/v1/models -H \"Authorization: Bearer {v}\"\n"),
        ("prose", "My key {v} gives insufficient_quota even though billing is set up"),
    ]),
    "anthropic_key": (v.anthropic_key, [
        ("python", "client = anthropic.Anthropic(api_key=\"{v}\")\n"),
        ("env", "ANTHROPIC_API_KEY={v}\n"),
        ("bash", "curl https://api.anthropic.com/v1/messages -H \"x-api-key: {v}\" -H \"anthropic-version: 2023-06-01\"\n"),
    ]),
    "huggingface_token": (v.huggingface, [
        ("bash", "huggingface-cli login --token {v}\n"),
        ("python", "login(token=\"{v}\")\nmodel = AutoModel.from_pretrained(\"org/private-model\")\n"),
        ("env", "HF_TOKEN={v}\n"),
    ]),
    "aws_access_key_id": (v.aws_key_id, [
        ("ini", "[default]\naws_access_key_id = {v}\naws_secret_access_key = {awssecret}\nregion = eu-west-1\n"),
        ("env", "AWS_ACCESS_KEY_ID={v}\nAWS_SECRET_ACCESS_KEY={awssecret}\nAWS_DEFAULT_REGION=us-east-1\n"),
        ("python", "s3 = boto3.client(\"s3\", aws_access_key_id=\"{v}\", aws_secret_access_key=\"{awssecret}\")\n"),
        ("log", "{ts} WARN botocore.credentials Found credentials in environment variables. AccessKeyId={v}\n"),
    ]),
    "aws_secret_key": (v.aws_secret, [
        ("bash", "export AWS_ACCESS_KEY_ID={awsid}\nexport AWS_SECRET_ACCESS_KEY={v}\naws s3 ls\n"),
        ("json", "{{\n  \"AccessKey\": {{\n    \"UserName\": \"ci-deployer\",\n    \"AccessKeyId\": \"{awsid}\",\n    \"Status\": \"Active\",\n    \"SecretAccessKey\": \"{v}\"\n  }}\n}}\n"),
        ("yaml", "aws:\n  access_key_id: {awsid}\n  secret_access_key: {v}\n"),
    ]),
    "entra_client_secret": (v.entra_client_secret, [
        ("env", "AZURE_TENANT_ID={guid}\nAZURE_CLIENT_ID={guid}\nAZURE_CLIENT_SECRET={v}\n"),
        ("python", "app = msal.ConfidentialClientApplication(\n    client_id=\"{guid}\",\n    client_credential=\"{v}\",\n    authority=f\"https://login.microsoftonline.com/{{tenant}}\",\n)\n"),
        ("python", "credential = ClientSecretCredential(\"{guid}\", \"{guid}\", \"{v}\")\n"),
        ("csharp", "var cred = new ClientSecretCredential(tenantId, clientId, \"{v}\");\n"),
        ("bash", "az login --service-principal -u {guid} -p {v} --tenant {guid}\n"),
        ("prose", "the app registration secret is {v} (expires in 6 months)"),
        ("terraform", "provider \"azurerm\" {{\n  features {{}}\n  client_id     = \"{guid}\"\n  client_secret = \"{v}\"\n  tenant_id     = \"{guid}\"\n}}\n"),
        ("json", "{{\n  \"AzureAd\": {{\n    \"Instance\": \"https://login.microsoftonline.com/\",\n    \"ClientId\": \"{guid}\",\n    \"ClientSecret\": \"{v}\"\n  }}\n}}\n"),
    ]),
    "jwt": (v.jwt, [
        ("bash", "curl -H \"Authorization: Bearer {v}\" https://management.azure.com/subscriptions?api-version=2022-12-01\n"),
        ("prose", "Can you decode this token and tell me why the audience is wrong? {v}"),
        ("http", "GET /api/orders HTTP/1.1\nHost: api.contoso.com\nAuthorization: Bearer {v}\nAccept: application/json\n"),
        ("log", "{ts} DEBUG auth: validating token={v} result=invalid_audience\n"),
        ("json", "{{\n  \"token_type\": \"Bearer\",\n  \"expires_in\": 3599,\n  \"access_token\": \"{v}\"\n}}\n"),
    ]),
    "bearer_token": (v.opaque_bearer, [
        ("bash", "curl -H \"Authorization: Bearer {v}\" https://api.contoso.com/v2/reports\n"),
        ("http", "POST /v1/sync HTTP/1.1\nHost: partner.fabrikam.com\nAuthorization: Bearer {v}\n"),
        ("python", "resp = requests.get(url, headers={{\"Authorization\": f\"Bearer {v}\"}})\n"),
        ("js", "fetch(url, {{ headers: {{ Authorization: 'Bearer {v}' }} }})\n"),
    ]),
    "pem_private_key": (v.pem, [
        ("pem", "{v}\n"),
        ("yaml", "tls:\n  key: |\n    {v}\n"),
        ("prose", "This is the key file the vendor sent us, is it RSA or EC?\n{v}\n"),
    ]),
    "password_assignment": (_pw_plain, [
        ("env", "DB_HOST={host}\nDB_USER={user}\nDB_PASSWORD={v}\n"),
        ("bash", "PGPASSWORD='{v}' psql -h {host} -U {user} -d orders -c 'select 1'\n"),
        ("properties", "spring.datasource.url=jdbc:postgresql://{host}:5432/orders\nspring.datasource.username={user}\nspring.datasource.password={v}\n"),
        ("json", "{{\n  \"smtp\": {{\n    \"host\": \"smtp.office365.com\",\n    \"user\": \"{user}\",\n    \"password\": \"{v}\"\n  }}\n}}\n"),
        ("python", "DATABASES = {{\"default\": {{\"ENGINE\": \"django.db.backends.postgresql\", \"USER\": \"{user}\", \"PASSWORD\": \"{v}\", \"HOST\": \"{host}\"}}}}\n"),
        ("ini", "[client]\nuser = {user}\npassword = {v}\nhost = {host}\n"),
        ("powershell", "$env:SQL_PASSWORD = \"{v}\"\nInvoke-Sqlcmd -ServerInstance {host} -Username {user} -Password $env:SQL_PASSWORD -Query \"SELECT 1\"\n"),
        ("docker", "docker run -e \"ACCEPT_EULA=Y\" -e \"MSSQL_SA_PASSWORD={v}\" -p 1433:1433 -d mcr.microsoft.com/mssql/server:2022-latest\n"),
        ("env", "ADMIN_PASS={v}\nREDIS_URL=redis://cache:6379\n"),
        ("toml", "[database]\nhost = \"{host}\"\nuser = \"{user}\"\npwd = \"{v}\"\n"),
    ]),
    "password_cli": (_pw_shell, [
        ("bash", "mysql -u {user} -p{v} -h {host} orders < dump.sql\n"),
        ("bash", "sqlcmd -S {host} -U {user} -P '{v}' -Q \"SELECT @@VERSION\"\n"),
        ("bash", "docker login registry.contoso.com -u {user} -p {v}\n"),
        ("bash", "curl -u {user}:{v} https://artifactory.contoso.com/api/repositories\n"),
        ("bash", "sshpass -p '{v}' ssh {target}\n"),
        ("bash", "redis-cli -h {host} -p 6380 --tls -a {v} PING\n"),
        ("bash", "mongosh --host {host} --username {user} --password {v} --authenticationDatabase admin\n"),
        ("bash", "kubectl create secret generic db-creds --from-literal=username={user} --from-literal=password={v}\n"),
        ("bash", "./deploy.sh --env prod --db-user {user} --db-password {v}\n"),
        ("cmd", "net use \\\\fileserver01\\finance /user:CONTOSO\\{user} {v}\n"),
        ("bash", "psql \"host={host} port=5432 dbname=orders user={user} password={v} sslmode=require\"\n"),
    ]),
    "password_constructor": (_pw_plain, [
        ("csharp", "var creds = new NetworkCredential(\"{user}\", \"{v}\");\nclient.Credentials = creds;\n"),
        ("csharp", "smtp.Credentials = new NetworkCredential(userName: \"{user}\", password: \"{v}\");\n"),
        ("python", "server = smtplib.SMTP(\"smtp.office365.com\", 587)\nserver.starttls()\nserver.login(\"{email}\", \"{v}\")\n"),
        ("python", "resp = requests.get(url, auth=HTTPBasicAuth(\"{user}\", \"{v}\"))\n"),
        ("python", "conn = psycopg2.connect(host=\"{host}\", user=\"{user}\", password=\"{v}\", dbname=\"orders\")\n"),
        ("java", "Connection conn = DriverManager.getConnection(\"jdbc:sqlserver://{host}:1433;databaseName=orders\", \"{user}\", \"{v}\");\n"),
        ("powershell", "$secure = ConvertTo-SecureString \"{v}\" -AsPlainText -Force\n$cred = New-Object System.Management.Automation.PSCredential(\"CONTOSO\\{user}\", $secure)\n"),
        ("js", "const pool = mysql.createPool({{ host: '{host}', user: '{user}', password: '{v}', database: 'orders' }});\n"),
        ("go", "db, err := sql.Open(\"mysql\", \"{user}:{v}@tcp({host}:3306)/orders\")\n"),
        ("python", "ftp = FTP(\"{host}\")\nftp.login(\"{user}\", \"{v}\")\n"),
    ]),
    "password_prose": (_pw_plain, [
        ("prose", "my password is {v} and it still says the account is locked"),
        ("prose", "The new password for the svc account is {v}, please update the pipeline"),
        ("prose", "Your temporary password is {v} - you will be asked to change it at first sign-in."),
        ("prose", "I tried logging in with {v} but it says invalid credentials"),
        ("prose", "admin creds for the staging box: {user} / {v}"),
        ("prose", "pw for the shared mailbox is {v}"),
        ("prose", "use {v} as the password for the VPN profile"),
        ("prose", "The wifi password in the meeting room is {v}."),
        ("prose", "login: {user}\npassword: {v}"),
        ("prose", "I reset it to {v} yesterday, same error"),
        ("prose", "passcode {v} for the conference bridge"),
    ]),
    "password_yaml": (_pw_plain, [
        ("yaml", "database:\n  host: {host}\n  username: {user}\n  password: {v}\n"),
        ("yaml", "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: {user}\n      POSTGRES_PASSWORD: \"{v}\"\n"),
        ("yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\nstringData:\n  password: {v}\n"),
        ("yaml", "all:\n  vars:\n    ansible_user: {user}\n    ansible_password: {v}\n"),
        ("yaml", "auth:\n  rootPassword: '{v}'\n  database: orders\n"),
        ("yaml", "smtp:\n  server: smtp.sendgrid.net\n  login: apikey\n  pass: {v}\n"),
    ]),
    "password_url": (_pw_url, [
        ("env", "DATABASE_URL=postgres://{user}:{v}@{host}:5432/orders?sslmode=require\n"),
        ("python", "engine = create_engine(\"mysql+pymysql://{user}:{v}@{host}/reporting\")\n"),
        ("js", "await mongoose.connect('mongodb+srv://{user}:{v}@cluster0.x1y2z.mongodb.net/shop?retryWrites=true');\n"),
        ("env", "REDIS_URL=redis://:{v}@cache-01.internal.contoso.com:6380/0\n"),
        ("yaml", "broker_url: amqp://{user}:{v}@rabbitmq:5672/vhost\n"),
        ("bash", "pip install --index-url https://{user}:{v}@artifactory.contoso.com/api/pypi/pypi/simple orders-client\n"),
        ("log", "{ts} ERROR sqlalchemy.exc.OperationalError: could not connect to postgresql://{user}:{v}@{host}:5432/orders\n"),
        ("prose", "the jdbc url is jdbc:postgresql://{host}:5432/orders?user={user}&password={v}"),
        ("bash", "curl ftp://{user}:{v}@ftp.fabrikam.com/outgoing/ -l\n"),
    ]),
    "generic_api_key": (v.generic_api_key, [
        ("bash", "curl -H \"X-API-Key: {v}\" https://api.partner.example/v1/quotes\n"),
        ("python", "API_KEY = \"{v}\"\nclient = WeatherClient(api_key=API_KEY)\n"),
        ("env", "PAYMENTS_API_KEY={v}\n"),
        ("json", "{{\n  \"apiKey\": \"{v}\",\n  \"baseUrl\": \"https://api.vendor.io\"\n}}\n"),
        ("yaml", "datadog:\n  apiKey: {v}\n  site: datadoghq.eu\n"),
        ("prose", "the vendor gave us the api key {v} for the sandbox"),
        ("js", "const client = new Client({{ apiSecret: '{v}' }});\n"),
    ]),
}

# Extra slots a few credential templates use (a second value of the same or a related kind).
CRED_FILLERS: dict[str, Callable[[random.Random], Slot]] = {
    "v2": lambda r: V(_aoai(r), CREDENTIAL, "azure_openai_key"),
    "awssecret": lambda r: V(v.aws_secret(r), CREDENTIAL, "aws_secret_key"),
    "awsid": lambda r: V(v.aws_key_id(r), CREDENTIAL, "aws_access_key_id"),
}
FILLERS.update(CRED_FILLERS)


# --- PII placements ---------------------------------------------------------------------------

PII_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "EMAIL_ADDRESS": [
        ("prose", "please add {email} to the distribution list"),
        ("json", "{{ \"customer\": {{ \"name\": \"{name}\", \"email\": \"{email}\" }} }}\n"),
        ("log", "{ts} INFO login succeeded user={email} ip={ip}\n"),
        ("csv", "id,name,email\n{n},{name},{email}\n"),
        ("prose", "forward it to <{email}> and cc {email}"),
        ("python", "msg[\"To\"] = \"{email}\"\n"),
    ],
    "PHONE_NUMBER": [
        ("prose", "you can reach me on {phone} after 3pm"),
        ("prose", "Customer called from {usphone} asking about the refund"),
        ("json", "{{ \"contact\": {{ \"name\": \"{name}\", \"mobile\": \"{phone}\" }} }}\n"),
        ("csv", "name,phone\n{name},{phone}\n"),
        ("prose", "Tel: {phone}"),
    ],
    "CREDIT_CARD": [
        ("prose", "I was charged twice on my card {card}, can you refund one?"),
        ("json", "{{ \"payment\": {{ \"number\": \"{card}\", \"exp\": \"09/27\", \"holder\": \"{name}\" }} }}\n"),
        ("log", "{ts} WARN payment declined pan={card} reason=do_not_honor\n"),
        ("prose", "Card number: {card}\nExpiry: 09/27"),
        ("csv", "order,card,amount\n{n},{card},129.00\n"),
    ],
    "IBAN_CODE": [
        ("prose", "Please transfer the deposit to IBAN {iban} by Friday."),
        ("prose", "Our bank details changed, new IBAN: {iban} (same BIC)"),
        ("json", "{{ \"vendor\": \"Fabrikam GmbH\", \"iban\": \"{iban}\", \"currency\": \"EUR\" }}\n"),
        ("csv", "vendor;iban;amount\nNorthwind;{iban};4500,00\n"),
        ("prose", "refund to {iban} please"),
    ],
    "US_SSN": [
        ("prose", "Employee SSN is {ssn}, please update the W-4"),
        ("prose", "Social Security Number: {ssn}"),
        ("json", "{{ \"employee\": {{ \"name\": \"{name}\", \"ssn\": \"{ssn}\", \"dob\": \"1984-03-12\" }} }}\n"),
        ("csv", "name,ssn,state\n{name},{ssn},WA\n"),
        ("prose", "my social is {ssn} if you need it for the background check"),
    ],
    "IP_ADDRESS": [
        ("log", "{ts} WARN rejected connection from {ip}:{port} (tls handshake failed)\n"),
        ("log", "{ip} - - [12/Mar/2025:10:22:31 +0000] \"GET /api/health HTTP/1.1\" 200 17 \"-\" \"kube-probe/1.29\"\n"),
        ("bash", "ssh azureuser@{ip}\n"),
        ("prose", "the VM's private address is {ip} and the NSG blocks 443"),
        ("log", "{ts} INFO connected to [{ip6}]:443\n"),
        ("json", "{{ \"clientIp\": \"{ip}\", \"status\": 429 }}\n"),
        ("prose", "ping {ip} works but {ip6} does not"),
    ],
}


# --- hard negatives -----------------------------------------------------------------------------

AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
          ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


def _png(r: random.Random) -> str:
    return "iVBORw0KGgoAAAANSUhEUgAA" + v.b64(r, 90)


NEGATIVES: list[tuple[str, str, dict[str, Callable[[random.Random], Slot]]]] = [
    ("csharp", "[assembly: AssemblyVersion(\"{ver}\")]\n[assembly: AssemblyFileVersion(\"{ver2}\")]\n", {"ver": _version4, "ver2": _version4}),
    ("prose", "We upgraded the agent from {ver} to {ver2} last week", {"ver": _version4, "ver2": _version4}),
    ("log", "{ts} INFO Microsoft.Azure.WebJobs.Host version {ver} starting\n", {"ver": _version4}),
    ("prose", "the cert has EKU {oid} and signature algorithm {oid2}", {"oid": _oid, "oid2": _oid}),
    ("log", "{ts} INFO request completed traceparent=00-{trace}-{span}-01 status=200 duration={ms}ms\n", {}),
    ("log", "{ts} ERROR operation_Id={trace} x-ms-request-id={guid} Request failed with 429\n", {}),
    ("bash", "git cherry-pick {sha}\ngit log --oneline -3\n", {}),
    ("prose", "The regression came in with commit {sha}", {}),
    ("prose", "sha256 of the installer: {sha256}", {}),
    ("prose", "md5 checksum {md5} matches the vendor's", {}),
    ("docker", "FROM mcr.microsoft.com/dotnet/aspnet:8.0@sha256:{sha256}\n", {}),
    ("prose", "Lot {lot} failed incoming inspection, quarantine it", {}),
    ("prose", "batch {lot} and batch {lot2} were shipped together", {"lot2": _lot}),
    ("prose", "post it to GL account {gl} (cost center 4410)", {}),
    ("prose", "order {order} is stuck in fulfilment", {"order": _order16}),
    ("prose", "device IMEI {imei} keeps dropping off the MDM", {}),
    ("json", "{{ \"subscriptionId\": \"{guid}\", \"tenantId\": \"{guid}\", \"clientId\": \"{guid}\" }}\n", {}),
    ("env", "AZURE_CLIENT_ID={guid}\nAZURE_TENANT_ID={guid}\n", {}),
    ("bash", "az role assignment create --assignee {guid} --role \"Storage Blob Data Reader\" --scope /subscriptions/{guid}/resourceGroups/rg-data\n", {}),
    ("env", "AZURE_OPENAI_API_KEY={ph}\n", {"ph": lambda r: N(r.choice(("<your-key>", "<YOUR_API_KEY>", "your-api-key-here", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "REPLACE_ME")), "placeholder", "azure_openai_key")}),
    ("python", "client = AzureOpenAI(api_key=os.environ[\"AZURE_OPENAI_API_KEY\"], api_version=\"2024-10-21\", azure_endpoint=endpoint)\n", {}),
    ("yaml", "database:\n  password: {ph}\n", {"ph": lambda r: N(r.choice(("${DB_PASSWORD}", "\"{{ .Values.db.password }}\"", "$(DB_PASSWORD)", "\"<password>\"", "'********'")), "placeholder", "password_yaml")}),
    ("yaml", "- run: gh release create v1.2.0\n  env:\n    GH_TOKEN: {ph}\n", {"ph": lambda r: N("${{ secrets.GITHUB_TOKEN }}", "placeholder", "github")}),
    ("env", "DATABASE_URL=postgres://{ph}@localhost:5432/app\n", {"ph": lambda r: N(r.choice(("USER:PASSWORD", "user:pass", "<user>:<password>")), "placeholder", "password_url")}),
    ("prose", "Docs say to use the format https://USER:PASSWORD@HOST/path", {}),
    ("ini", "[default]\naws_access_key_id = {ex}\naws_secret_access_key = {ex2}\n", {"ex": lambda r: N("AKIAIOSFODNN7EXAMPLE", "documented_example", "aws_access_key_id"), "ex2": lambda r: N("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "documented_example", "aws_secret_key")}),
    ("env", "AzureWebJobsStorage={ex}\n", {"ex": lambda r: N(r.choice(("UseDevelopmentStorage=true", f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AZURITE_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")), "documented_example", "storage_connection_string")}),
    ("prose", "the sample token from jwt.io ({ex}) decodes fine", {"ex": lambda r: N(JWT_IO, "documented_example", "jwt")}),
    ("prose", "the card on file ends in {last4} (**** **** **** {last4b})", {"last4": lambda r: str(r.randrange(1000, 9999)), "last4b": lambda r: N(str(r.randrange(1000, 9999)), "masked", "CREDIT_CARD")}),
    ("prose", "the old key ({ex}) was revoked", {"ex": lambda r: N("sk-..." + v.rand(r, v.ALNUM, 4), "masked", "openai_key")}),
    ("html", "<img alt=\"logo\" src=\"data:image/png;base64,{png}\" />\n", {"png": lambda r: N(_png(r), "base64_blob", "storage_key")}),
    ("log", "{ts} DEBUG payload (gzip, base64)={blob}\n", {"blob": lambda r: N("H4sIAAAAAAAAA" + v.b64(r, 60), "base64_blob", "storage_key")}),
    ("http", "HTTP/1.1 201 Created\nContent-MD5: {md5b64}\nETag: \"0x8DC{etag}\"\nx-ms-request-id: {guid}\n", {"md5b64": lambda r: N(v.b64(r, 16), "content_md5", "generic_api_key"), "etag": lambda r: v.rand(r, "0123456789ABCDEF", 12)}),
    ("bash", "echo \"{ssh}\" >> ~/.ssh/authorized_keys\n", {"ssh": lambda r: N("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + v.b64(r, 32)[:43] + " build-agent", "public_key", "pem_private_key")}),
    ("pem", "-----BEGIN CERTIFICATE-----\n{cert}\n-----END CERTIFICATE-----\n", {"cert": lambda r: N("MIIDdzCCAl+gAwIBAgIE" + v.b64(r, 45), "certificate", "pem_private_key")}),
    ("prose", "Can you tell me why the pipeline fails? Please tell the on-call team too; our telemetry pipeline is fine.", {}),
    ("prose", "Pass the token budget to the function and keep the key takeaways short.", {}),
    ("prose", "Reset your password from the portal; passwords must have 14 characters.", {}),
    ("python", "password = getpass.getpass(\"Password: \")\ntoken = os.environ.get(\"API_TOKEN\")\n", {}),
    ("bash", "git clone {remote}\n", {"remote": lambda r: N(f"git@github.com:{FILLERS['repo'](r)}.git", "git_remote", "EMAIL_ADDRESS")}),
    ("bash", "npm install {pkg}\n", {"pkg": lambda r: N(r.choice(("lodash@4.17.21", "@azure/openai@1.0.0-beta.12", "react@18.3.1", "typescript@5.4.5")), "package_spec", "EMAIL_ADDRESS")}),
    ("python", "@app.route(\"/health\")\ndef health():\n    return {{\"status\": \"ok\"}}\n", {}),
    ("cpp", "std::vector<std::string> parts;\nboost::split(parts, line, boost::is_any_of(\",\"));\n", {}),
    ("prose", "the NIC has MAC {mac}", {"mac": lambda r: N(":".join(v.rand(r, "0123456789ABCDEF", 2) for _ in range(6)), "mac_address", "IP_ADDRESS")}),
    ("prose", "Patch {kb} fixed {cve} on build {ver}", {"kb": lambda r: f"KB{r.randrange(5000000, 5099999)}", "cve": lambda r: N(f"CVE-2024-{r.randrange(20000, 49999)}", "cve", "PHONE_NUMBER"), "ver": _version4}),
    ("prose", "ship to {zip}, invoice {inv} dated {date}", {"zip": lambda r: N(f"{r.randrange(10000, 99999)}-{r.randrange(1000, 9999)}", "zip_code", "PHONE_NUMBER"), "inv": lambda r: N(f"{r.randrange(2024, 2026)}-{r.randrange(100000, 999999)}", "invoice_number", "PHONE_NUMBER"), "date": lambda r: f"2025-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}"}),
    ("prose", "routing number {routing}, account {acctno}", {"routing": lambda r: N(r.choice(("021000021", "026009593", "121000358", "011401533")), "routing_number", "US_SSN"), "acctno": lambda r: N(v.rand(r, v.DIGITS, 10), "account_number", "PHONE_NUMBER")}),
    ("prose", "VAT ID {vat}, BIC {bic}", {"vat": lambda r: N(r.choice(("DE", "GB", "AT")) + ("U" if r.random() < 0.2 else "") + v.rand(r, v.DIGITS, 9), "vat_id", "IBAN_CODE"), "bic": lambda r: N(r.choice(("COBADEFFXXX", "DEUTDEFF", "BNPAFRPP", "GEBABEBB", "RABONL2U")), "bic", "IBAN_CODE")}),
    ("prose", "The example SSN {ex} in the form template must not be used", {"ex": lambda r: N(r.choice(("078-05-1120", "123-45-6789", "000-12-3456", "666-12-3456", "987-65-4321")), "documented_example", "US_SSN")}),
    ("prose", "epoch {epoch} equals {ts}; it took {ms} ms", {"epoch": lambda r: N(str(r.randrange(1_700_000_000, 1_800_000_000)), "timestamp", "PHONE_NUMBER")}),
    ("prose", "Run `git rebase -i`, then `az login`, `kubectl get pods -n ingress` and `npm ci`; helm and terraform come later.", {}),
    ("python", "from openai import AzureOpenAI\nimport pytest, numpy as np\nclient = AzureOpenAI()\n", {}),
    ("prose", "Jenkins runs the job, then Copilot suggests the fix and Dependabot opens the PR", {}),
    ("yaml", "image: redis:7.2.4\nreplicas: 3\nresources:\n  limits:\n    memory: 512Mi\n", {}),
    ("prose", "ISBN {isbn} is the reference book", {"isbn": lambda r: N(f"978-{r.randrange(0, 10)}-{r.randrange(100, 999)}-{r.randrange(10000, 99999)}-{r.randrange(0, 10)}", "isbn", "PHONE_NUMBER")}),
    ("log", "{ts} INFO Listening on http://0.0.0.0:{port}\n", {}),
    ("prose", "error 0x{hexerr} (AADSTS{aad}) when signing in", {"hexerr": lambda r: "800" + v.rand(r, "0123456789ABCDEF", 5), "aad": lambda r: str(r.randrange(50000, 900000))}),
]


# --- frames: the prompt around the snippets ---------------------------------------------------

FENCE = {"bash": "bash", "python": "python", "csharp": "csharp", "js": "javascript", "java": "java", "go": "go",
         "powershell": "powershell", "yaml": "yaml", "json": "json", "env": "", "ini": "ini", "xml": "xml",
         "toml": "toml", "terraform": "hcl", "docker": "dockerfile", "properties": "properties", "http": "http",
         "cpp": "cpp", "html": "html", "csv": "", "cmd": "bat", "pem": ""}

LEADS = {
    "bash": ("I'm running this:", "This is the command from the runbook:", "Script:", "What's wrong with this?"),
    "python": ("Here is my code:", "This snippet fails:", "Our helper module:"),
    "csharp": ("Program.cs:", "The service does this:", "Code:"),
    "js": ("index.js:", "The frontend calls it like this:"),
    "java": ("DAO code:",), "go": ("main.go:",), "powershell": ("My PowerShell:", "Script we run on the jump box:"),
    "yaml": ("values.yaml:", "docker-compose.yml:", "The pipeline yaml:", "config.yaml:"),
    "json": ("appsettings.json:", "local.settings.json:", "The response was:", "config:"),
    "env": (".env file:", "Our .env:", "env vars on the container:"), "ini": ("~/.aws/credentials:", "my.cnf:", ".npmrc:", "config:"),
    "xml": ("web.config:",), "toml": ("settings.toml:",), "terraform": ("main.tf:",), "docker": ("Dockerfile:", "the run command:"),
    "properties": ("application.properties:",), "http": ("Raw request:", "The request we send:"), "cpp": ("C++:",),
    "html": ("Template:",), "csv": ("Export:", "rows from the sheet:"), "cmd": ("batch file:",), "pem": ("key.pem:", "File contents:"),
    "log": ("Logs:", "From the container logs:", "Here's what App Insights shows:"),
}

Snippet = Callable[[Doc], None]


def _render(d: Doc, lang: str, body: Snippet, fenced: bool) -> None:
    if lang == "prose":
        body(d)
        d.put("\n")
        return
    d.put(d.rng.choice(LEADS[lang]) + "\n")
    if fenced and lang != "log":
        d.put(f"```{FENCE[lang]}\n")
        body(d)
        d.put("```\n")
    else:
        body(d)


def frame_ticket(d: Doc, snippets: list[tuple[str, Snippet]]) -> None:
    d.fill("Ticket {ticket} | Priority: P{p} | Queue: {q}\nRequester: {name}", p=str(d.rng.randrange(1, 4)),
           q=d.rng.choice(("Platform", "Data", "Identity", "Billing", "Service Desk")))
    if d.rng.random() < 0.7:
        d.fill(" <{email}>")
    if d.rng.random() < 0.4:
        d.fill("\nCallback: {phone}")
    d.put("\nSubject: " + d.rng.choice(("Deployment failing after key rotation", "Cannot connect to database", "401 from API",
                                        "Refund request", "Access issue", "Pipeline broken since Monday")) + "\n\n")
    d.put(d.rng.choice(("Description:\n", "Details:\n", "")))
    for lang, body in snippets:
        _render(d, lang, body, fenced=d.rng.random() < 0.6)
        d.put("\n")
    d.put(d.rng.choice(("Please advise.", "This is blocking the release.", "Can someone from the platform team have a look?",
                        "Steps tried: restarted the app, rotated nothing yet.")))


def frame_email(d: Doc, snippets: list[tuple[str, Snippet]]) -> None:
    first, last = v.person(d.rng)
    d.put("From: ")
    d.put(V(f"{first} {last}", PERSON, PERSON))
    d.put(" <")
    d.put(V(v.email(d.rng, first, last), "EMAIL_ADDRESS", "EMAIL_ADDRESS"))
    d.fill(">\nTo: {email}\nSubject: " + d.rng.choice(("Re: onboarding", "Fwd: vendor setup", "credentials for the migration",
                                                    "Invoice 2025-03", "quick question")) + "\n\nHi ")
    d.fill("{first},\n\n")
    d.put(d.rng.choice(("As discussed on the call, here are the details.\n\n", "Sorry for the delay.\n\n", "")))
    for lang, body in snippets:
        _render(d, lang, body, fenced=False)
        d.put("\n")
    d.put(d.rng.choice(("Thanks,\n", "Best regards,\n", "Cheers,\n")))
    d.put(V(first, PERSON, PERSON))
    if d.rng.random() < 0.6:
        d.put("\n" + d.rng.choice(("Senior Engineer", "IT Operations", "Finance", "HR Business Partner")) + " | ")
        d.fill("{phone}")


def frame_chat(d: Doc, snippets: list[tuple[str, Snippet]]) -> None:
    people = [v.person(d.rng)[0] for _ in range(2)]
    minute = d.rng.randrange(8 * 60, 17 * 60)
    for i, (lang, body) in enumerate(snippets):
        who = people[i % 2]
        minute += d.rng.randrange(0, 6)
        d.put(f"[{minute // 60:02d}:{minute % 60:02d}] ")
        d.put(V(who, PERSON, PERSON))
        d.put(": " + d.rng.choice(("hey, quick one - ", "ok so ", "", "fyi ", "still broken: ")))
        _render(d, lang, body, fenced=d.rng.random() < 0.5)
    minute += d.rng.randrange(1, 6)
    d.put(f"[{minute // 60:02d}:{minute % 60:02d}] ")
    d.put(V(people[1], PERSON, PERSON))
    d.put(": " + d.rng.choice(("thanks, looking", "can you paste the full error?", "👍", "let me check with infra")))


def frame_code_question(d: Doc, snippets: list[tuple[str, Snippet]]) -> None:
    d.put(d.rng.choice(("Why does this fail?", "Refactor this to use managed identity.", "Can you explain what this does?",
                        "Convert this to TypeScript.", "Find the bug.", "Write unit tests for the following.")) + "\n\n")
    for lang, body in snippets:
        _render(d, lang, body, fenced=True)
        d.put("\n")
    d.put(d.rng.choice(("Error: 401 Unauthorized", "It works locally but not in the container.", "Thanks!", "")))


def frame_logs(d: Doc, snippets: list[tuple[str, Snippet]]) -> None:
    d.put(d.rng.choice(("Summarize these logs and tell me the root cause:\n", "What happened here?\n", "Prod incident, logs below.\n")))
    for _ in range(d.rng.randrange(1, 4)):
        d.fill("{ts} INFO worker[{n}] processed batch in {ms} ms\n")
    for lang, body in snippets:
        if lang in ("log", "prose"):
            body(d)
            if lang == "prose":
                d.put("\n")
        else:
            _render(d, lang, body, fenced=True)
    d.fill("{ts} INFO shutting down\n")


def frame_trace(d: Doc, snippets: list[tuple[str, Snippet]]) -> None:
    d.put("Traceback (most recent call last):\n  File \"/app/main.py\", line " + str(d.rng.randrange(10, 400)) + ", in <module>\n")
    d.put("    run()\n  File \"/app/jobs/sync.py\", line " + str(d.rng.randrange(10, 400)) + ", in run\n")
    for lang, body in snippets:
        if lang == "prose":
            d.put("    # note: ")
            body(d)
            d.put("\n")
        else:
            d.put("  locals:\n" if lang != "log" else "")
            body(d)
    d.put(d.rng.choice(("azure.core.exceptions.ClientAuthenticationError: Server failed to authenticate the request.\n",
                        "psycopg2.OperationalError: FATAL: password authentication failed\n",
                        "requests.exceptions.HTTPError: 401 Client Error: Unauthorized\n")))
    d.put("\nWhat does this mean?")


def frame_answer(d: Doc, snippets: list[tuple[str, Snippet]]) -> None:
    """A model completion that echoes the user's values back."""
    d.put(d.rng.choice(("Sure! Here is the corrected version:\n\n", "The problem is the quoting. Try this:\n\n",
                        "Here's a cleaned-up config:\n\n")))
    for lang, body in snippets:
        _render(d, lang, body, fenced=True)
        d.put("\n")
    d.put(d.rng.choice(("Note: you should move secrets to Key Vault and rotate the ones you pasted here.",
                        "Let me know if the 401 persists.", "")))


FRAMES: dict[str, Callable[[Doc, list[tuple[str, Snippet]]], None]] = {
    "ticket": frame_ticket, "email": frame_email, "chat": frame_chat, "code": frame_code_question,
    "logs": frame_logs, "trace": frame_trace, "answer": frame_answer,
}


def _credential_snippet(r: random.Random, kind: str) -> tuple[str, Snippet]:
    make, templates = KINDS[kind]
    lang, template = r.choice(templates)
    produced = make(r)
    value, secret, inner = (produced + ((),))[:3] if isinstance(produced, tuple) else (produced, produced, ())
    slot = V(value, CREDENTIAL, kind, secret, inner)
    if lang == "yaml" and kind == "pem_private_key":
        slot = V(value.replace("\n", "\n    "), CREDENTIAL, kind, secret)
    return lang, lambda d: d.fill(template, v=slot)


def _pii_snippet(r: random.Random, family: str) -> tuple[str, Snippet]:
    lang, template = r.choice(PII_TEMPLATES[family])
    return lang, lambda d: d.fill(template)


def _negative_snippet(r: random.Random) -> tuple[str, Snippet]:
    lang, template, extra = r.choice(NEGATIVES)
    return lang, lambda d: d.fill(template, **{k: f(d.rng) for k, f in extra.items()})


def generate(count: int = 720, seed: int = 1515) -> list[Sample]:
    """`count` texts; about one in seven holds only hard negatives (and whatever its frame adds)."""
    samples: list[Sample] = []
    cursor = 0
    frames, kinds = list(FRAMES), list(KINDS)
    for i in range(count):
        r = random.Random(f"dlp-eval:{seed}:{i}")
        genre = frames[i % len(frames)] if r.random() < 0.5 else r.choice(frames)
        snippets: list[tuple[str, Snippet]] = []
        if i % 7 != 3:
            for _ in range(2):  # credential kinds in turn, so each gets its share
                snippets.append(_credential_snippet(r, kinds[cursor % len(kinds)]))
                cursor += 1
            if r.random() < 0.5:
                snippets.append(_pii_snippet(r, r.choice(list(PII_TEMPLATES))))
        for _ in range(r.randrange(1, 4) if r.random() < 0.75 or not snippets else 0):
            snippets.insert(r.randrange(len(snippets) + 1), _negative_snippet(r))
        d = Doc(r)
        FRAMES[genre](d, snippets)
        samples.append(Sample(f"eval-{i:04d}", genre, d.text, d.labels, d.decoys, completion=genre == "answer"))
    return samples
