"""How each credential kind of the thirteenth corpus is pasted in each medium: a line of an .env or .ini file,
YAML, JSON, Python / C# / JavaScript, a shell command, a sentence, a log line, XML, HCL. `cred(d, v, medium)`
picks the least-used kind that can appear in that medium and writes one of its forms; `{v}` is the labelled
value, the other `{slots}` are filled with unlabelled context (hosts, users, accounts)."""

from __future__ import annotations

import re

from tests.dlp_blind9.build import Doc
from tests.dlp_eval.corpus import V

from .values import CRED_KINDS, Values

CTX = {
    "host": ("pg-billing-01.internal", "sqlsrv-eu2.database.windows.net", "mysql-crm.brightlane.io", "redis-cache-prod",
             "db-orders.postgres.database.azure.com", "mongo-rs0.svc.cluster.local"),
    "user": ("svc_reporting", "app_rw", "deployer", "etl_loader", "sa", "admin_ops", "ci-bot", "orders_api"),
    "acct": ("stbrightlaneprod", "stfinanceexports", "logarchiveweu", "mlartifacts01", "stsharedassets"),
    "res": ("oai-support-weu", "cog-translate-prod", "aisvc-contracts", "docintel-claims", "oai-sales-swc"),
    "repo": ("brightlane/platform-api", "fabrikam/etl-jobs", "quantix/model-serving", "northwind/storefront"),
    "ns": ("sb-payments-prod", "evh-clickstream", "sb-notifications"),
    "db": ("orders", "crm", "billing", "warehouse", "claims"),
}

FORMS: dict[str, dict[str, tuple[str, ...]]] = {
    "github_token": {
        "env": ("GITHUB_TOKEN={v}", "GH_PAT={v}"), "yaml": ("  token: {v}", "      GH_TOKEN: {v}"),
        "json": ('  "githubToken": "{v}",',), "py": ('gh = Github(auth=Auth.Token("{v}"))',),
        "shell": ("git remote set-url origin https://x-access-token:{v}@github.com/{repo}.git",
                  'curl -sH "Authorization: token {v}" https://api.github.com/repos/{repo}/pulls',
                  "echo {v} | gh auth login --with-token"),
        "prose": ("the PAT I made this morning is {v}", "token: {v} (classic, repo scope)"),
        "log": ("remote: Invalid username or token. token={v}",), "hcl": ('github_token = "{v}"',),
        "ini": ("https://ci-bot:{v}@github.com",),
    },
    "slack_token": {
        "env": ("SLACK_BOT_TOKEN={v}",), "yaml": ("  slackToken: {v}",), "json": ('  "slack_token": "{v}",',),
        "py": ('client = WebClient(token="{v}")',), "js": ("const web = new WebClient('{v}');",),
        "shell": ("curl -s -H 'Authorization: Bearer {v}' https://slack.com/api/auth.test",),
        "prose": ("the bot's token {v} returns invalid_auth since yesterday",), "log": ("slack notify failed token={v} err=token_revoked",),
    },
    "slack_webhook": {
        "env": ("SLACK_WEBHOOK_URL={v}",), "yaml": ("    webhook_url: {v}", "  - api_url: '{v}'"),
        "json": ('  "webhook": "{v}",',), "py": ('requests.post("{v}", json={"text": msg})',),
        "shell": ("curl -X POST --data-urlencode 'payload={\"text\": \"deploy ok\"}' {v}",),
        "prose": ("alerts go to {v} (the #ops-alerts channel)",), "log": ("POST {v} -> 404 no_service",),
        "hcl": ('slack_webhook = "{v}"',),
    },
    "gitlab_token": {
        "env": ("GITLAB_TOKEN={v}", "CI_JOB_PAT={v}"), "yaml": ("    GITLAB_PRIVATE_TOKEN: {v}",),
        "shell": ('curl --header "PRIVATE-TOKEN: {v}" https://gitlab.brightlane.io/api/v4/projects',
                  "git clone https://oauth2:{v}@gitlab.com/{repo}.git"),
        "py": ('gl = gitlab.Gitlab("https://gitlab.com", private_token="{v}")',),
        "prose": ("gitlab token is {v}, expires end of month",), "json": ('  "gitlabToken": "{v}",',),
    },
    "stripe_key": {
        "env": ("STRIPE_SECRET_KEY={v}",), "json": ('  "stripeSecret": "{v}",',), "py": ('stripe.api_key = "{v}"',),
        "js": ("const stripe = new Stripe('{v}', { apiVersion: '2024-06-20' });",),
        "shell": ("curl https://api.stripe.com/v1/refunds -u {v}: -d charge=ch_3PqR",),
        "prose": ("live Stripe key: {v}",), "yaml": ("  stripe_api_key: {v}",), "log": ("stripe.error.AuthenticationError api_key={v}",),
    },
    "google_api_key": {
        "env": ("GOOGLE_MAPS_KEY={v}",), "json": ('  "apiKey": "{v}",',), "py": ('genai.configure(api_key="{v}")',),
        "js": ("const loader = new Loader({ apiKey: '{v}', version: 'weekly' });",),
        "shell": ('curl "https://maps.googleapis.com/maps/api/geocode/json?address=Lisboa&key={v}"',),
        "prose": ("the maps key {v} is restricted to our referrer",), "log": ("GET /maps/api/geocode/json?key={v} 403",),
        "xml": ('<meta-data android:name="com.google.android.geo.API_KEY" android:value="{v}"/>',),
    },
    "npm_token": {
        "env": ("NPM_TOKEN={v}",), "ini": ("//registry.npmjs.org/:_authToken={v}",),
        "shell": ("npm config set //registry.npmjs.org/:_authToken={v}",), "yaml": ("      NODE_AUTH_TOKEN: {v}",),
        "prose": ("publish token for the org: {v}",), "json": ('  "npmToken": "{v}",',),
    },
    "azure_devops_pat": {
        "env": ("AZURE_DEVOPS_EXT_PAT={v}", "AZP_TOKEN={v}"), "yaml": ("  azdoPat: {v}",),
        "shell": ("echo {v} | az devops login --organization https://dev.azure.com/brightlane",
                  "./config.sh --unattended --url https://dev.azure.com/fabrikam --auth pat --token {v}"),
        "prose": ("Azure DevOps PAT (Code read/write): {v}",), "json": ('  "adoPat": "{v}",',),
        "ps": ('$pat = "{v}"',), "log": ("TF400813: The user is not authorized. pat={v}",),
    },
    "sendgrid_key": {
        "env": ("SENDGRID_API_KEY={v}",), "py": ('sg = SendGridAPIClient("{v}")',), "cs": ('var client = new SendGridClient("{v}");',),
        "json": ('  "SendGridKey": "{v}",',), "prose": ("sendgrid key {v}",), "yaml": ("  sendgrid_api_key: {v}",),
        "shell": ("curl -H 'Authorization: Bearer {v}' https://api.sendgrid.com/v3/scopes",),
    },
    "azure_storage_key": {
        "env": ("AZURE_STORAGE_KEY={v}",), "shell": ("az storage container list --account-name {acct} --account-key {v} -o table",),
        "py": ('cred = AzureNamedKeyCredential("{acct}", "{v}")',), "json": ('  "storageAccountKey": "{v}",',),
        "prose": ("key1 of {acct}: {v}",), "hcl": ('storage_access_key = "{v}"',), "yaml": ("  accountKey: {v}",),
        "xml": ('<add key="StorageKey" value="{v}" />',),
    },
    "connection_string": {
        "env": ("AZURE_CONN={v}", 'ConnectionStrings__Default="{v}"'), "json": ('    "DefaultConnection": "{v}"',),
        "cs": ('await using var conn = new SqlConnection("{v}");', 'var client = new ServiceBusClient("{v}");'),
        "py": ('svc = BlobServiceClient.from_connection_string("{v}")',), "xml": ('<add name="Main" connectionString="{v}" />',),
        "yaml": ('  connectionString: "{v}"',), "log": ("Unhandled exception. Connection string was: {v}",),
        "prose": ("this is the connection string we use: {v}",),
    },
    "sas_token": {
        "env": ('EXPORT_SAS="{v}"',), "shell": ('azcopy copy ./out "https://{acct}.blob.core.windows.net/exports?{v}" --recursive',),
        "py": ('url = f"https://{acct}.blob.core.windows.net/raw/{name}?{v}"'.replace("{name}", "data.parquet"),),
        "prose": ("download link: https://{acct}.blob.core.windows.net/reports/q3.xlsx?{v}",),
        "log": ("GET /backups/db.bak?{v} HTTP/1.1 403 AuthorizationPermissionMismatch",), "json": ('  "sasQuery": "{v}",',),
    },
    "azure_openai_key": {
        "env": ("AZURE_OPENAI_API_KEY={v}",), "py": ('client = AzureOpenAI(api_key="{v}", api_version="2024-10-21", azure_endpoint=endpoint)',),
        "shell": ('curl "$ENDPOINT/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21" -H "api-key: {v}" -d @req.json',),
        "json": ('  "AzureOpenAIKey": "{v}",',), "prose": ("azure openai api key = {v}",), "cs": ('new AzureKeyCredential("{v}")',),
        "yaml": ("  openaiApiKey: {v}",), "log": ("aoai call failed: 401 api-key={v}",),
    },
    "azure_ai_key_no_keyword": {
        "prose": ("resource https://{res}.cognitiveservices.azure.com/ -> {v}", "use {v} for {res} in westeurope"),
        "log": ("resource={res} region=westeurope primary={v}",), "yaml": ("  {res}: {v}",),
        "json": ('  "{res}": "{v}",',), "env": ("DOCINTEL_PRIMARY={v}",),
    },
    "openai_key": {
        "env": ("OPENAI_API_KEY={v}",), "py": ('client = OpenAI(api_key="{v}")',), "js": ("const openai = new OpenAI({ apiKey: '{v}' });",),
        "shell": ('curl https://api.openai.com/v1/models -H "Authorization: Bearer {v}"',),
        "prose": ("my OpenAI key {v} hits insufficient_quota",), "json": ('  "openaiKey": "{v}",',), "yaml": ("  OPENAI_API_KEY: {v}",),
    },
    "aws_access_key_id": {
        "env": ("AWS_ACCESS_KEY_ID={v}",), "ini": ("aws_access_key_id = {v}",), "shell": ("aws configure set aws_access_key_id {v}",),
        "json": ('  "AccessKeyId": "{v}",',), "log": ("botocore.exceptions.ClientError: InvalidAccessKeyId key={v}",),
        "prose": ("access key id {v}",), "yaml": ("  AWS_ACCESS_KEY_ID: {v}",), "hcl": ('access_key = "{v}"',),
    },
    "aws_secret_key": {
        "env": ("AWS_SECRET_ACCESS_KEY={v}",), "ini": ("aws_secret_access_key = {v}",),
        "shell": ("aws configure set aws_secret_access_key {v}",), "json": ('  "SecretAccessKey": "{v}",',),
        "yaml": ("  AWS_SECRET_ACCESS_KEY: {v}",), "hcl": ('secret_key = "{v}"',), "prose": ("aws secret access key: {v}",),
    },
    "jwt": {
        "shell": ('curl -H "Authorization: Bearer {v}" https://api.brightlane.io/v2/claims',),
        "json": ('  "access_token": "{v}",', '  "id_token": "{v}",'), "log": ("auth rejected: IDX10223 lifetime validation failed token={v}",),
        "prose": ("why does this token fail with invalid audience? {v}",), "py": ('headers = {"Authorization": "Bearer {v}"}',),
        "http": ("Authorization: Bearer {v}",), "yaml": ("    token: {v}",),
    },
    "bearer_token": {
        "shell": ('curl -H "Authorization: Bearer {v}" https://partner-api.northwindtraders.com/v1/shipments',),
        "http": ("Authorization: Bearer {v}",), "py": ('session.headers["Authorization"] = "Bearer {v}"',),
        "json": ('  "headers": {"Authorization": "Bearer {v}"},',), "log": ('upstream 401 Authorization="Bearer {v}"',),
        "js": ("axios.defaults.headers.common['Authorization'] = 'Bearer {v}';",), "yaml": ("    token: {v}",),
    },
    "private_key": {
        "prose": ("here is the deploy key:\n{v}",), "json": ('  "private_key": "{v}",',), "yaml": ("  tls.key: |\n    {v}",),
        "env": ('SFTP_PRIVATE_KEY="{v}"',), "shell": ("cat ~/.ssh/id_deploy\n{v}",), "hcl": ('private_key = <<EOT\n{v}\nEOT',),
    },
    "password_kv": {
        "env": ("DB_PASSWORD={v}", "SMTP_PASS={v}", "REDIS_PASSWORD={v}"), "ini": ("password = {v}", "Password={v}"),
        "json": ('  "password": "{v}",', '  "adminPassword": "{v}",'), "log": ("login attempt user={user} password={v} result=FAIL",),
        "xml": ('<add key="SmtpPassword" value="{v}" />', "<password>{v}</password>"), "hcl": ('administrator_login_password = "{v}"',),
    },
    "password_cli": {
        "shell": ("mysql -h {host} -u {user} -p'{v}' {db}", "sqlcmd -S {host} -U {user} -P {v} -d {db} -Q \"select count(*) from dbo.Orders\"",
                  "curl -u {user}:{v} https://nexus.brightlane.io/service/rest/v1/repositories",
                  "psql \"postgresql://{host}:5432/{db}?user={user}\" --set=sslmode=require -W  # pw {v}",
                  "docker login acrbrightlane.azurecr.io -u {user} -p {v}",
                  "az login --service-principal -u {user} -p {v} --tenant brightlane.onmicrosoft.com",
                  "kubectl create secret generic db --from-literal=password={v}"),
        "prose": ("I ran `mysql -u {user} -p{v} -h {host}` and it says access denied",),
    },
    "password_ctor": {
        "py": ('conn = psycopg2.connect(host="{host}", dbname="{db}", user="{user}", password="{v}")',
               'engine = create_engine(URL.create("mssql+pyodbc", username="{user}", password="{v}", host="{host}"))',
               'ftp = FTP_TLS("ftp.brightlane.io", "{user}", "{v}")'),
        "cs": ('var cred = new NetworkCredential("{user}", "{v}");', 'smtp.Credentials = new NetworkCredential("{user}", "{v}", "CORP");'),
        "js": ("const pool = new Pool({ host: '{host}', user: '{user}', password: '{v}', database: '{db}' });",),
        "java": ('Connection c = DriverManager.getConnection(url, "{user}", "{v}");',),
    },
    "password_prose": {
        "prose": ("the password is {v}", "my password for the VPN is {v} btw", "temporary password: {v} (please change at first login)",
                  "pw is {v}"),
        "prose_it": ("la password è {v}", "password provvisoria: {v}"), "prose_pt": ("a senha é {v}", "senha temporária: {v}"),
        "prose_nl": ("het wachtwoord is {v}", "tijdelijk wachtwoord: {v}"), "prose_pl": ("hasło to {v}", "tymczasowe hasło: {v}"),
        "prose_ja": ("パスワードは {v} です", "仮パスワード：{v}"),
    },
    "password_yaml": {
        "yaml": ("  password: {v}", "      password: \"{v}\"", "    POSTGRES_PASSWORD: {v}", "  adminPassword: '{v}'"),
    },
    "password_url": {
        "env": ("DATABASE_URL=postgres://{user}:{v}@{host}:5432/{db}", "REDIS_URL=rediss://:{v}@{host}:6380/0",
                "AMQP_URL=amqps://{user}:{v}@rabbit.brightlane.io/vhost"),
        "yaml": ("  url: mongodb://{user}:{v}@{host}:27017/{db}?authSource=admin",),
        "json": ('  "dsn": "mysql://{user}:{v}@{host}:3306/{db}",',), "py": ('DB_URL = "postgresql+psycopg://{user}:{v}@{host}/{db}"',),
        "shell": ("pip install --index-url https://{user}:{v}@pkgs.brightlane.io/simple/ internal-sdk",
                  "git clone https://{user}:{v}@git.fabrikam.com/{repo}.git"),
        "prose": ("connect with postgres://{user}:{v}@{host}/{db}",), "log": ("connecting to amqp://{user}:{v}@{host}:5672// failed",),
        "ini": ("proxy = http://{user}:{v}@proxy.brightlane.io:3128",),
    },
    "anthropic_key": {
        "env": ("ANTHROPIC_API_KEY={v}",), "py": ('client = anthropic.Anthropic(api_key="{v}")',),
        "shell": ('curl https://api.anthropic.com/v1/messages -H "x-api-key: {v}" -H "anthropic-version: 2023-06-01"',),
        "prose": ("claude key for the pilot: {v}",), "json": ('  "anthropicKey": "{v}",',), "yaml": ("  ANTHROPIC_API_KEY: {v}",),
    },
    "entra_client_secret": {
        "env": ("AZURE_CLIENT_SECRET={v}",), "json": ('  "ClientSecret": "{v}",', '  "password": "{v}",'),
        "py": ('cred = ClientSecretCredential(tenant_id, client_id, "{v}")',), "hcl": ('client_secret = "{v}"',),
        "prose": ("client secret of the app registration: {v}",), "yaml": ("  clientSecret: {v}",),
        "shell": ("az login --service-principal -u $APP_ID -p {v} --tenant $TENANT",),
    },
    "cosmos_key": {
        "env": ("COSMOS_KEY={v}",), "py": ('client = CosmosClient(URL, credential="{v}")',), "cs": ('new CosmosClient(endpoint, "{v}");',),
        "json": ('  "CosmosPrimaryKey": "{v}",',), "prose": ("Cosmos primary key: {v}",), "yaml": ("  cosmosKey: {v}",),
    },
    "twilio_key": {
        "env": ("TWILIO_API_KEY={v}",), "py": ('client = Client("{v}", api_secret, account_sid)',), "json": ('  "twilioApiKey": "{v}",',),
        "prose": ("Twilio API key SID {v}",), "shell": ("curl -u {v}:$TWILIO_SECRET https://api.twilio.com/2010-04-01/Accounts.json",),
        "yaml": ("  TWILIO_API_KEY: {v}",),
    },
    "mailgun_key": {
        "env": ("MAILGUN_API_KEY={v}",), "shell": ("curl -s --user 'api:{v}' https://api.eu.mailgun.net/v3/mg.brightlane.io/messages",),
        "py": ('requests.post(MG_URL, auth=("api", "{v}"), data=payload)',), "prose": ("mailgun key {v}",),
        "json": ('  "mailgunKey": "{v}",',), "yaml": ("  MAILGUN_API_KEY: {v}",),
    },
    "pypi_token": {
        "env": ("TWINE_PASSWORD={v}",), "ini": ("password = {v}",), "shell": ("twine upload -u __token__ -p {v} dist/*",),
        "prose": ("PyPI upload token: {v}",), "yaml": ("          password: {v}",),
    },
    "huggingface_token": {
        "env": ("HF_TOKEN={v}",), "shell": ("huggingface-cli login --token {v}",), "py": ('login(token="{v}")',),
        "prose": ("HF read token {v}",), "yaml": ("  HUGGING_FACE_HUB_TOKEN: {v}",), "json": ('  "hfToken": "{v}",',),
    },
    "k8s_secret_b64": {
        "yaml": ("  password: {v}", "  DB_PASSWORD: {v}", "  client-secret: {v}"),
    },
}
assert set(FORMS) == set(CRED_KINDS)

# a medium stands for the media its forms may be taken from
MEDIA = {"prose_it": ("prose_it",), "prose_pt": ("prose_pt",), "prose_nl": ("prose_nl",), "prose_pl": ("prose_pl",),
         "prose_ja": ("prose_ja",)}
LANG_PROSE = ("prose_it", "prose_pt", "prose_nl", "prose_pl", "prose_ja")
YAML_ONLY_SECRET = {"k8s_secret_b64"}  # only inside a `kind: Secret` data block


def kinds_for(medium: str, secret_block: bool = False) -> list[str]:
    if medium in LANG_PROSE:
        return ["password_prose"]
    out = [k for k in CRED_KINDS if medium in FORMS[k]]
    if medium == "yaml":
        out = [k for k in out if (k in YAML_ONLY_SECRET) == secret_block] if secret_block else \
            [k for k in out if k not in YAML_ONLY_SECRET]
    return out


def make(v: Values, kind: str, medium: str) -> V:
    """The labelled value of `kind` as written in `medium` (its secret: the part that must not be kept)."""
    if kind == "connection_string":
        text, secret = conn_string(v)
        return V(text, "CREDENTIAL", kind, secret)
    if kind == "sas_token":
        sig = v.b64key(32).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        text = (f"sp=r{v.choice(('', 'l', 'w', 'acw'))}&st=2025-{v.num(1, 13):02d}-0{v.num(1, 9)}T08:00:00Z"
                f"&se=2026-{v.num(1, 13):02d}-{v.num(10, 29)}T17:00:00Z&spr=https&sv=2022-11-02&sr={v.choice(('b', 'c'))}&sig={sig}")
        return V(text, "CREDENTIAL", kind, sig)
    if kind == "private_key":
        escaped = medium in ("json", "env") or (medium == "prose" and v.least("pkform", ("plain", "escaped")) == "escaped")
        text = v.private_key(escaped=escaped)
        if medium == "yaml":
            text = text.replace("\n", "\n    ")
        return V(text, "CREDENTIAL", kind)
    if kind in ("password_kv", "password_cli", "password_ctor", "password_prose", "password_yaml", "password_url"):
        return V(v.password(url_safe=kind in ("password_url", "password_cli")), "CREDENTIAL", kind)
    return V(getattr(v, kind)(), "CREDENTIAL", kind)


def conn_string(v: Values) -> tuple[str, str]:
    form = v.least("connstr", ("storage", "servicebus", "cosmos", "sql", "npgsql", "redis"))
    if form == "storage":
        key = v.b64key()
        return (f"DefaultEndpointsProtocol=https;AccountName={v.choice(CTX['acct'])};AccountKey={key};"
                "EndpointSuffix=core.windows.net", key)
    if form == "servicebus":
        key = v.b64key(32)
        return (f"Endpoint=sb://{v.choice(CTX['ns'])}.servicebus.windows.net/;SharedAccessKeyName="
                f"{v.choice(('RootManageSharedAccessKey', 'sender', 'listen-only'))};SharedAccessKey={key}", key)
    if form == "cosmos":
        key = v.b64key()
        return f"AccountEndpoint=https://cosmos-{v.choice(CTX['db'])}.documents.azure.com:443/;AccountKey={key};", key
    pw = v.password()
    if form == "sql":
        return (f"Server=tcp:{v.choice(('sqlsrv-eu2', 'sql-dw-prod', 'fab-sql01'))}.database.windows.net,1433;Initial Catalog="
                f"{v.choice(CTX['db'])};User ID={v.choice(CTX['user'])};Password={pw};Encrypt=True;TrustServerCertificate=False;", pw)
    if form == "npgsql":
        return (f"Host={v.choice(CTX['host'])};Port=5432;Database={v.choice(CTX['db'])};Username={v.choice(CTX['user'])};"
                f"Password={pw};SSL Mode=Require", pw)
    return f"{v.choice(('cache-orders', 'redis-sessions'))}.redis.cache.windows.net:6380,password={pw},ssl=True,abortConnect=False", pw


_SLOT = re.compile(r"\{(\w+)\}")


def fill(d: Doc, v: Values, template: str, /, **given: object) -> None:
    """Write `template`; `{name}` is given[name] (a V, an N or text) or a context word from CTX."""
    pos = 0
    for m in _SLOT.finditer(template):
        name = m.group(1)
        if name not in given and name not in CTX:
            continue
        d.w(template[pos:m.start()])
        d.w(given[name] if name in given else v.choice(CTX[name]))  # type: ignore[arg-type]
        pos = m.end()
    d.w(template[pos:])


def pick(v: Values, medium: str, secret_block: bool = False) -> str:
    return v.least("kind", kinds_for(medium, secret_block))


def cred(d: Doc, v: Values, medium: str, kind: str | None = None, secret_block: bool = False) -> str:
    """One credential line (or block) in `medium`; returns its kind."""
    if kind is None:
        kind = pick(v, medium, secret_block)
    else:
        v.used[f"kind:{kind}"] += 1
    form = v.choice(FORMS[kind][medium])
    fill(d, v, form, v=make(v, kind, medium))
    return kind
