"""How each credential kind gets pasted into the places people paste it, per medium: a block of a file or
script (env, ini, yaml, json, py, ps1, sh, tf, cs, java, node, go) or an inline piece of a sentence, chat line
or log line (prose, chat, log). `{v}` is the labelled value; other slots are filled from FILL (plain text or
hard negatives). `put_cred` picks the least-used kind that has a snippet in the media a template asks for."""

from __future__ import annotations

import re
from typing import Callable

from tests.dlp_blind9.build import Doc
from tests.dlp_eval.corpus import CREDENTIAL, N, V

from .values import Values

Slot = V | N | str

FILL: dict[str, Callable[[Values], Slot]] = {
    "host": lambda x: x.pick(("pg-payroll-01.postgres.database.azure.com", "sql-crm-prod.database.windows.net", "db.intra.nordwind.local",
                              "mysql-hr.internal", "orders-db.cluster-abc.eu-west-1.rds.amazonaws.com", "redis-sessions.redis.cache.windows.net")),
    "user": lambda x: x.pick(("svc_payroll", "app_crm", "etl_reader", "admin", "deploy", "hrportal", "reporting_ro", "postgres")),
    "repo": lambda x: x.pick(("finops/payroll-export", "crm/salesforce-sync", "platform/infra-live", "hr/onboarding-bot", "it/intranet")),
    "acct": lambda x: x.pick(("stpayrollprodweu", "sthrdocs01", "stcrmexports", "stlogsarchive", "stmlfeatures")),
    "ns": lambda x: x.pick(("sb-orders-prod", "evh-telemetry", "sb-hr-events", "sb-crm-integration")),
    "region": lambda x: x.pick(("westeurope", "swedencentral", "eastus2", "francecentral", "japaneast", "brazilsouth")),
    "res": lambda x: x.pick(("oai-helpdesk-weu", "aoai-hr-assistant", "cog-translator-neu", "oai-legal-search", "ais-docintel-prod")),
    "ts": lambda x: x.date(),
    "time": lambda x: x.time(),
    "guid": lambda x: x.guid(),
    "ver": lambda x: x.version(),
    "dip": lambda x: x.doc_ip(),
    "ph": lambda x: x.placeholder(),
    "ref": lambda x: x.secret_ref(),
    "sha": lambda x: x.short_sha(),
    "n": lambda x: str(x.rng.randrange(2, 999)),
    "port": lambda x: x.pick(("5432", "1433", "3306", "6380", "443")),
}

_SLOT = re.compile(r"\{\{|\}\}|\{(\w+)\}")


def fill(d: Doc, x: Values, template: str, **slots: Slot) -> None:
    """`{name}` is a slot (given, or drawn from FILL); `{{` and `}}` are literal braces."""
    pos = 0
    for m in _SLOT.finditer(template):
        d.put(template[pos:m.start()])
        pos = m.end()
        if m.group(0) in ("{{", "}}"):
            d.put(m.group(0)[0])
            continue
        name = m.group(1)
        d.put(slots[name] if name in slots else FILL[name](x))
    d.put(template[pos:])


# --- values of the kinds that are more than a token ---------------------------------------------------------


def conn_string(x: Values) -> V:
    style = x.pick(("storage", "servicebus", "sql", "cosmos", "redis", "npgsql"))
    if style == "storage":
        key = x.make("azure_storage_key")[0]
        acct = FILL["acct"](x)
        return V(f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net",
                 CREDENTIAL, "connection_string", key)
    if style == "servicebus":
        key = x.make("azure_storage_key")[0][:44]
        return V(f"Endpoint=sb://{FILL['ns'](x)}.servicebus.windows.net/;SharedAccessKeyName={x.pick(('RootManageSharedAccessKey', 'send-listen'))};"
                 f"SharedAccessKey={key}", CREDENTIAL, "connection_string", key)
    if style == "cosmos":
        key = x.make("cosmos_key")[0]
        return V(f"AccountEndpoint=https://cosmos-{x.pick(('crm', 'hr', 'orders'))}-prod.documents.azure.com:443/;AccountKey={key};",
                 CREDENTIAL, "connection_string", key)
    pw = x.password("!#%*-_.")
    if style == "sql":
        return V(f"Server=tcp:sql-crm-prod.database.windows.net,1433;Initial Catalog={x.pick(('crm', 'payroll', 'hr'))};"
                 f"User ID={FILL['user'](x)};Password={pw};Encrypt=True;TrustServerCertificate=False;", CREDENTIAL, "connection_string", pw)
    if style == "redis":
        return V(f"redis-sessions.redis.cache.windows.net:6380,password={pw},ssl=True,abortConnect=False", CREDENTIAL,
                 "connection_string", pw)
    return V(f"Host=pg-payroll-01.postgres.database.azure.com;Database=payroll;Username={FILL['user'](x)};Password={pw};SslMode=Require",
             CREDENTIAL, "connection_string", pw)


def sas(x: Values) -> V:
    sig = x.make("azure_storage_key")[0][:43].replace("+", "%2B").replace("/", "%2F") + "%3D"
    text = (f"sv=2022-11-02&ss=b&srt=co&sp={x.pick(('rl', 'racwdl', 'r'))}&se=2025-{x.rng.randrange(1, 13):02d}-{x.rng.randrange(1, 29):02d}"
            f"T17:00:00Z&st=2025-01-02T09:00:00Z&spr=https&sig={sig}")
    return V(text, CREDENTIAL, "sas_token", sig)


def value(x: Values, kind: str, medium: str) -> V:
    if kind == "connection_string":
        return conn_string(x)
    if kind == "sas_token":
        return sas(x)
    if kind.startswith("password_"):
        alphabet = "-_.!" if kind == "password_url" else ("#%-_.+" if medium in ("sh", "ps1") else "!#%*-_.+")
        return x.pw(kind, alphabet)
    v = x.cred(kind)
    if kind == "private_key" and medium in ("json", "env", "node"):
        return V(v.text.replace("\n", "\\n"), CREDENTIAL, kind, v.secret)
    if kind == "private_key" and medium == "yaml":
        return V(v.text.replace("\n", "\n    "), CREDENTIAL, kind, v.secret)
    return v


S: dict[str, list[tuple[str, str]]] = {
    "github_token": [
        ("sh", "git clone https://x-access-token:{v}@github.com/{repo}.git\n"),
        ("env", "GITHUB_TOKEN={v}\n"),
        ("py", "gh = Github(auth=Auth.Token(\"{v}\"))\nrepo = gh.get_repo(\"{repo}\")\n"),
        ("gha", "      - uses: actions/checkout@v4\n        with:\n          token: {v}\n"),
        ("prose", "I pushed with my PAT {v} and still got 403 from the org SSO"),
        ("chat", "use mine for now: {v} (expires friday)"),
        ("ps1", "$env:GH_TOKEN = \"{v}\"\ngh release download --repo {repo}\n"),
    ],
    "npm_token": [
        ("env", "NPM_TOKEN={v}\n"),
        ("sh", "echo \"//registry.npmjs.org/:_authToken={v}\" > ~/.npmrc\nnpm publish --access restricted\n"),
        ("gha", "        env:\n          NODE_AUTH_TOKEN: {v}\n"),
        ("prose", "the publish step uses the automation token {v} from the old maintainer"),
        ("log", "npm ERR! 403 Forbidden - PUT https://registry.npmjs.org/@contoso%2fui-kit - token {v} lacks publish scope"),
    ],
    "slack_token": [
        ("env", "SLACK_BOT_TOKEN={v}\n"),
        ("py", "client = WebClient(token=\"{v}\")\nclient.chat_postMessage(channel=\"#payroll-alerts\", text=msg)\n"),
        ("node", "const app = new App({{ token: '{v}', signingSecret: process.env.SLACK_SIGNING_SECRET }});\n"),
        ("chat", "bot token is {v}, scopes chat:write only"),
        ("log", "slack_sdk.errors.SlackApiError: invalid_auth (token={v})"),
    ],
    "slack_webhook": [
        ("sh", "curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"payroll export done\"}}' {v}\n"),
        ("yaml", "    slack_configs:\n      - api_url: {v}\n        channel: '#ops-alerts'\n"),
        ("ps1", "Invoke-RestMethod -Uri \"{v}\" -Method Post -Body $json -ContentType 'application/json'\n"),
        ("prose", "we post the nightly summary to {v} but nothing arrives"),
        ("json", "  \"Notifications\": {{ \"SlackWebhookUrl\": \"{v}\" }},\n"),
    ],
    "gitlab_token": [
        ("sh", "curl --header \"PRIVATE-TOKEN: {v}\" https://gitlab.intra.nordwind.local/api/v4/projects/{n}/pipelines\n"),
        ("env", "GITLAB_TOKEN={v}\n"),
        ("py", "gl = gitlab.Gitlab(\"https://gitlab.com\", private_token=\"{v}\")\n"),
        ("chat", "try with {v}, it's the group token"),
        ("tf", "provider \"gitlab\" {{\n  token = \"{v}\"\n}}\n"),
    ],
    "stripe_key": [
        ("env", "STRIPE_SECRET_KEY={v}\n"),
        ("node", "const stripe = require('stripe')('{v}');\n"),
        ("py", "stripe.api_key = \"{v}\"\nrefund = stripe.Refund.create(payment_intent=pi_id)\n"),
        ("prose", "the refund script still points at {v} which is the live account"),
        ("json", "  \"Stripe\": {{ \"SecretKey\": \"{v}\", \"Currency\": \"eur\" }},\n"),
        ("log", "stripe.error.AuthenticationError: Invalid API Key provided: {v}"),
    ],
    "google_api_key": [
        ("env", "GOOGLE_MAPS_API_KEY={v}\n"),
        ("node", "const url = `https://maps.googleapis.com/maps/api/geocode/json?address=${{addr}}&key={v}`;\n"),
        ("py", "translate = build(\"translate\", \"v2\", developerKey=\"{v}\")\n"),
        ("chat", "maps key for the store locator: {v}"),
        ("log", "GET https://maps.googleapis.com/maps/api/geocode/json?address=Lisbon&key={v} -> 403 REQUEST_DENIED"),
    ],
    "azure_devops_pat": [
        ("sh", "git clone https://build:{v}@dev.azure.com/nordwind/Payroll/_git/payroll-export\n"),
        ("env", "AZURE_DEVOPS_EXT_PAT={v}\n"),
        ("ps1", "$pat = \"{v}\"\n$auth = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(\":$pat\"))\n"),
        ("prose", "my Azure DevOps PAT is {v}, full access, it expires next month"),
        ("yaml", "  variables:\n    AZDO_PAT: {v}\n"),
    ],
    "sendgrid_key": [
        ("env", "SENDGRID_API_KEY={v}\n"),
        ("cs", "var client = new SendGridClient(\"{v}\");\n"),
        ("py", "sg = SendGridAPIClient(\"{v}\")\nresponse = sg.send(message)\n"),
        ("chat", "sendgrid key for the HR mailer {v}"),
        ("json", "  \"SendGrid\": {{ \"ApiKey\": \"{v}\" }},\n"),
    ],
    "azure_storage_key": [
        ("sh", "az storage blob upload --account-name {acct} --account-key {v} -c exports -f payroll.csv\n"),
        ("env", "AZURE_STORAGE_KEY={v}\n"),
        ("ps1", "$ctx = New-AzStorageContext -StorageAccountName {acct} -StorageAccountKey \"{v}\"\n"),
        ("prose", "the storage account key (key1) is {v}"),
        ("tf", "  storage_account_access_key = \"{v}\"\n"),
    ],
    "cosmos_key": [
        ("env", "COSMOS_KEY={v}\n"),
        ("cs", "var cosmos = new CosmosClient(\"https://cosmos-crm-prod.documents.azure.com:443/\", \"{v}\");\n"),
        ("py", "client = CosmosClient(url=COSMOS_URL, credential=\"{v}\")\n"),
        ("chat", "cosmos primary key: {v}"),
        ("json", "  \"Cosmos\": {{ \"Endpoint\": \"https://cosmos-hr-prod.documents.azure.com:443/\", \"Key\": \"{v}\" }},\n"),
    ],
    "connection_string": [
        ("json", "  \"ConnectionStrings\": {{\n    \"Default\": \"{v}\"\n  }},\n"),
        ("env", "DB_CONNECTION=\"{v}\"\n"),
        ("cs", "builder.Services.AddDbContext<CrmContext>(o => o.UseSqlServer(\"{v}\"));\n"),
        ("py", "conn_str = \"{v}\"\n"),
        ("log", "Failed to open connection using '{v}'"),
        ("yaml", "    connectionString: \"{v}\"\n"),
        ("prose", "the app setting is {v}"),
    ],
    "sas_token": [
        ("sh", "azcopy copy ./export.csv \"https://{acct}.blob.core.windows.net/exports/export.csv?{v}\"\n"),
        ("env", "BLOB_SAS=\"?{v}\"\n"),
        ("prose", "here is the link I sent to the auditor: https://{acct}.blob.core.windows.net/audit/q3.zip?{v}"),
        ("log", "PUT https://{acct}.blob.core.windows.net/exports/part-0001.parquet?{v} 403 AuthenticationFailed"),
        ("py", "blob = BlobClient.from_blob_url(\"https://{acct}.blob.core.windows.net/hr/contracts.zip?{v}\")\n"),
    ],
    "azure_openai_key": [
        ("env", "AZURE_OPENAI_API_KEY={v}\n"),
        ("py", "client = AzureOpenAI(azure_endpoint=\"https://{res}.openai.azure.com/\", api_key=\"{v}\", api_version=\"2024-10-21\")\n"),
        ("sh", "curl https://{res}.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 -H \"api-key: {v}\"\n"),
        ("json", "  \"AzureOpenAI\": {{ \"Endpoint\": \"https://{res}.openai.azure.com/\", \"ApiKey\": \"{v}\" }},\n"),
        ("chat", "api-key for {res}: {v}"),
    ],
    "azure_ai_key_no_keyword": [
        ("prose", "for the {res} resource in {region} use {v}"),
        ("chat", "{res} / {region} / {v}"),
        ("log", "loaded settings for {res}: endpoint=https://{res}.cognitiveservices.azure.com/ {v}"),
        ("env", "TRANSLATOR_{n}={v}\n"),
    ],
    "openai_key": [
        ("env", "OPENAI_API_KEY={v}\n"),
        ("py", "client = OpenAI(api_key=\"{v}\")\n"),
        ("node", "const openai = new OpenAI({{ apiKey: \"{v}\" }});\n"),
        ("chat", "my personal one {v}, don't share"),
        ("log", "openai.AuthenticationError: Error code: 401 - Incorrect API key provided: {v}"),
    ],
    "anthropic_key": [
        ("env", "ANTHROPIC_API_KEY={v}\n"),
        ("py", "client = anthropic.Anthropic(api_key=\"{v}\")\n"),
        ("sh", "curl https://api.anthropic.com/v1/messages -H \"x-api-key: {v}\" -H \"anthropic-version: 2023-06-01\"\n"),
        ("prose", "legal got a trial account, the key is {v}"),
    ],
    "huggingface_token": [
        ("env", "HF_TOKEN={v}\n"),
        ("sh", "huggingface-cli login --token {v}\n"),
        ("py", "tok = AutoTokenizer.from_pretrained(\"org/intent-model\", token=\"{v}\")\n"),
        ("chat", "hf read token: {v}"),
    ],
    "pypi_token": [
        ("sh", "twine upload dist/* -u __token__ -p {v}\n"),
        ("env", "TWINE_PASSWORD={v}\n"),
        ("gha", "        with:\n          password: {v}\n"),
        ("prose", "the upload token I created on pypi is {v}"),
    ],
    "aws_access_key_id": [
        ("env", "AWS_ACCESS_KEY_ID={v}\n"),
        ("sh", "aws configure set aws_access_key_id {v}\n"),
        ("py", "s3 = boto3.client(\"s3\", aws_access_key_id=\"{v}\", region_name=\"eu-west-1\")\n"),
        ("log", "An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: access key {v} is disabled"),
        ("chat", "access key id {v}"),
    ],
    "aws_secret_key": [
        ("env", "AWS_SECRET_ACCESS_KEY={v}\n"),
        ("sh", "aws configure set aws_secret_access_key {v}\n"),
        ("tf", "provider \"aws\" {{\n  region     = \"eu-west-1\"\n  secret_key = \"{v}\"\n}}\n"),
        ("chat", "secret access key: {v}"),
    ],
    "entra_client_secret": [
        ("env", "AZURE_CLIENT_SECRET={v}\n"),
        ("json", "  \"AzureAd\": {{ \"TenantId\": \"{guid}\", \"ClientSecret\": \"{v}\" }},\n"),
        ("ps1", "$secret = ConvertTo-SecureString \"{v}\" -AsPlainText -Force\n"),
        ("sh", "az login --service-principal -u {guid} -p {v} --tenant contoso-group.onmicrosoft.com\n"),
        ("prose", "the app registration secret is {v} (valid until december)"),
    ],
    "twilio_key": [
        ("env", "TWILIO_API_KEY={v}\n"),
        ("py", "client = Client(\"{v}\", api_secret, account_sid)\n"),
        ("cs", "TwilioClient.Init(\"{v}\", apiSecret, accountSid);\n"),
        ("chat", "twilio key {v}"),
    ],
    "mailgun_key": [
        ("env", "MAILGUN_API_KEY={v}\n"),
        ("sh", "curl -s --user 'api:{v}' https://api.eu.mailgun.net/v3/mg.contoso-group.com/messages\n"),
        ("py", "requests.post(MG_URL, auth=(\"api\", \"{v}\"), data=payload)\n"),
        ("prose", "the mailgun key for newsletters is {v}"),
    ],
    "jwt": [
        ("sh", "curl -H \"Authorization: Bearer {v}\" https://api.intra.nordwind.local/hr/v2/employees?page=3\n"),
        ("log", "401 Unauthorized: IDX10223: Lifetime validation failed. token: '{v}'"),
        ("py", "headers = {{\"Authorization\": \"Bearer {v}\"}}\n"),
        ("chat", "the token from the browser devtools: {v}"),
    ],
    "bearer_token": [
        ("sh", "curl -s -H \"Authorization: Bearer {v}\" https://crm.nordwind.local/api/accounts/export\n"),
        ("log", "POST /api/payroll/run 401 Authorization: Bearer {v}"),
        ("ps1", "$headers = @{{ Authorization = \"Bearer {v}\" }}\n"),
        ("node", "axios.get(url, {{ headers: {{ Authorization: 'Bearer {v}' }} }});\n"),
    ],
    "private_key": [
        ("pem", "{v}\n"),
        ("json", "  \"signing\": {{ \"privateKey\": \"{v}\" }},\n"),
        ("yaml", "  tls.key: |\n    {v}\n"),
        ("env", "JWT_PRIVATE_KEY=\"{v}\"\n"),
    ],
    "password_kv": [
        ("env", "DB_PASSWORD={v}\n"),
        ("ini", "[database]\nhost = {host}\nuser = {user}\npassword = {v}\n"),
        ("json", "  \"Smtp\": {{ \"Host\": \"smtp.office365.com\", \"User\": \"{user}\", \"Password\": \"{v}\" }},\n"),
        ("properties", "spring.datasource.username={user}\nspring.datasource.password={v}\n"),
        ("log", "config dump: db.user={user} db.password={v} db.pool=20"),
    ],
    "password_cli": [
        ("sh", "mysql -h {host} -u {user} -p'{v}' hr < fix_contracts.sql\n"),
        ("sh", "sshpass -p '{v}' scp payroll.csv sftp-bank-gw:/inbound/\n"),
        ("ps1", "net use Z: \\\\fs01\\hr /user:NORDWIND\\{user} {v}\n"),
        ("sh", "psql \"host={host} user={user} password={v} dbname=payroll\" -c 'select 1'\n"),
        ("ps1", "sqlcmd -S sql-crm-prod.database.windows.net -U {user} -P \"{v}\" -Q \"EXEC dbo.ExportCustomers\"\n"),
    ],
    "password_ctor": [
        ("py", "conn = psycopg2.connect(host=\"{host}\", user=\"{user}\", password=\"{v}\", dbname=\"payroll\")\n"),
        ("java", "Connection c = DriverManager.getConnection(\"jdbc:postgresql://{host}:5432/hr\", \"{user}\", \"{v}\");\n"),
        ("cs", "var cred = new NetworkCredential(\"{user}\", \"{v}\", \"NORDWIND\");\n"),
        ("node", "const pool = new Pool({{ host: '{host}', user: '{user}', password: '{v}', database: 'crm' }});\n"),
        ("go", "cfg := mysql.Config{{User: \"{user}\", Passwd: \"{v}\", Net: \"tcp\", Addr: \"{host}:3306\", DBName: \"hr\"}}\n"),
        ("py", "smtp.login(SMTP_USER, \"{v}\")\n"),
    ],
    "password_prose": [
        ("prose", "my password is {v} and it says the account is locked"),
        ("prose", "I reset it this morning, the new password is {v}"),
        ("chat", "pw is {v}"),
        ("chat", "the VPN password for the shared kiosk is {v}"),
        ("prose", "temporary password: {v} (please change it at first login)"),
    ],
    "password_yaml": [
        ("yaml", "    environment:\n      POSTGRES_USER: {user}\n      POSTGRES_PASSWORD: {v}\n"),
        ("yaml", "spring:\n  datasource:\n    username: {user}\n    password: {v}\n"),
        ("yaml", "  auth:\n    username: {user}\n    password: \"{v}\"\n"),
        ("gha", "        env:\n          DB_PASSWORD: {v}\n"),
    ],
    "password_url": [
        ("env", "DATABASE_URL=postgresql://{user}:{v}@{host}:5432/payroll\n"),
        ("py", "engine = create_engine(\"mssql+pyodbc://{user}:{v}@{host}/crm?driver=ODBC+Driver+18+for+SQL+Server\")\n"),
        ("node", "await mongoose.connect('mongodb+srv://{user}:{v}@cluster0.q7x1k.mongodb.net/crm');\n"),
        ("log", "sqlalchemy.exc.OperationalError: could not connect to postgresql://{user}:{v}@{host}:5432/payroll"),
        ("yaml", "    url: amqp://{user}:{v}@rabbitmq.intra.nordwind.local:5672/\n"),
        ("go", "db, err := sql.Open(\"postgres\", \"postgres://{user}:{v}@{host}:5432/hr?sslmode=require\")\n"),
    ],
}

# Media that may stand in for one another when a template asks for a file of some sort.
BLOCK = ("env", "ini", "yaml", "json", "py", "ps1", "sh", "tf", "cs", "java", "node", "go", "gha", "properties", "pem")
INLINE = ("prose", "chat", "log")


def put_cred(d: Doc, x: Values, media: tuple[str, ...], kinds: tuple[str, ...] = ()) -> str:
    """Write one credential snippet of a least-used kind that has a snippet in `media`; returns its medium."""
    options = [k for k in (kinds or S) if any(m in media for m, _ in S[k])]
    kind = x.least_used(options)
    medium, template = x.pick([(m, t) for m, t in S[kind] if m in media])
    fill(d, x, template, v=value(x, kind, medium))
    return medium
