"""How each credential kind turns up in a security team's pastes: a line of a leaked .env or CI variable dump
(`env`), a command in shell history or a CI step (`shell`), a block of a config file found on a host or in a repo
(`file`), a sentence of a chat or ticket (`prose`), a line of a log that echoed it (`log`). `{v}` is the labelled
value; `{u}` a user name, `{h}` a host name, `{r}` a repository (never an address, so nothing else needs a label)."""

from __future__ import annotations

from tests.dlp_eval.corpus import N, V

from .values import Values

Part = V | N | str

USERS = ("svc_soar", "splunk_fwd", "deploy", "ir-bot", "jenkins", "azureuser", "backup_ops", "sentinel-ingest", "ubuntu", "ec2-user")
HOSTS = ("vm-build-07.corp.contoso.com", "jump01.fabrikam.local", "pg-cases.internal", "mq-prod-02", "web-dmz-03.adatum.com",
         "elk-hot-01.soc.local", "gitlab.tailspintoys.com", "jenkins.woodgrovebank.com")
REPOS = ("contoso/fraud-rules", "fabrikam/ir-playbooks", "adatum/edr-collector", "woodgrove/payments-api", "tailspin/marketing-site",
         "litware/soar-connectors")

SNIPPETS: dict[str, list[tuple[str, str]]] = {
    "github_token": [
        ("env", "GITHUB_TOKEN={v}\n"), ("shell", "git clone https://x-access-token:{v}@github.com/{r}.git\n"),
        ("log", "[command]/usr/bin/git remote add origin https://{v}@github.com/{r}\n"),
        ("prose", "the token they committed is {v} and it had repo + workflow scopes\n"),
        ("file", "[credential]\n    helper = store\n# .git-credentials\nhttps://{u}:{v}@github.com\n"),
    ],
    "npm_token": [
        ("file", "//registry.npmjs.org/:_authToken={v}\nalways-auth=true\n"), ("env", "NPM_TOKEN={v}\n"),
        ("shell", "echo \"//registry.npmjs.org/:_authToken={v}\" > ~/.npmrc && npm publish\n"),
        ("log", "+ npm config set //registry.npmjs.org/:_authToken {v}\n"),
    ],
    "slack_token": [
        ("env", "SLACK_BOT_TOKEN={v}\n"), ("file", "slack:\n  token: {v}\n  channel: \"#soc-alerts\"\n"),
        ("shell", "curl -s -H 'Authorization: Bearer {v}' https://slack.com/api/auth.test\n"),
        ("prose", "the Slack token in that script ({v}) still answers auth.test with ok:true\n"),
    ],
    "slack_webhook": [
        ("env", "SLACK_WEBHOOK_URL={v}\n"), ("shell", "curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"scan done\"}}' {v}\n"),
        ("file", "notify:\n  slack_webhook: {v}\n"), ("log", "DEBUG notifier posting alert to {v} (200 OK)\n"),
        ("prose", "someone pasted our webhook {v} in the public channel\n"),
    ],
    "gitlab_token": [
        ("env", "GITLAB_TOKEN={v}\n"), ("shell", "curl --header \"PRIVATE-TOKEN: {v}\" https://{h}/api/v4/projects\n"),
        ("log", "$ git clone https://oauth2:{v}@{h}/{r}.git\n"), ("prose", "found a GitLab PAT in the job output: {v}\n"),
    ],
    "stripe_key": [
        ("env", "STRIPE_SECRET_KEY={v}\n"), ("file", "stripe:\n  secret_key: \"{v}\"\n  webhook_tolerance: 300\n"),
        ("shell", "curl https://api.stripe.com/v1/charges -u {v}: -d limit=3\n"), ("prose", "the live Stripe key {v} is in the bundle\n"),
        ("log", "stripe.error.AuthenticationError: Invalid API Key provided: {v}\n"),
    ],
    "google_api_key": [
        ("env", "GOOGLE_API_KEY={v}\n"), ("file", "{{\n  \"maps\": {{ \"apiKey\": \"{v}\" }}\n}}\n"),
        ("shell", "curl \"https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key={v}\"\n"),
        ("prose", "the Google key {v} is embedded in the Android APK\n"),
    ],
    "azure_devops_pat": [
        ("env", "AZURE_DEVOPS_EXT_PAT={v}\n"), ("shell", "git clone https://build:{v}@dev.azure.com/contoso/SecOps/_git/playbooks\n"),
        ("log", "##[debug]Using PAT {v} for feed https://pkgs.dev.azure.com/fabrikam/_packaging/internal/npm/registry/\n"),
        ("prose", "the ADO PAT {v} belongs to the release pipeline's service account\n"),
    ],
    "sendgrid_key": [
        ("env", "SENDGRID_API_KEY={v}\n"), ("file", "mail:\n  provider: sendgrid\n  api_key: {v}\n"),
        ("shell", "curl -X POST https://api.sendgrid.com/v3/mail/send -H \"Authorization: Bearer {v}\" -d @msg.json\n"),
        ("prose", "the phishing kit sends through SendGrid with {v}\n"),
    ],
    "azure_storage_key": [
        ("env", "AZURE_STORAGE_KEY={v}\n"), ("shell", "az storage blob list --account-name stirevidence01 --account-key {v} -c triage\n"),
        ("log", "[storage] AccountKey={v} (source: appsettings.Production.json)\n"),
        ("file", "\"StorageAccountKey\": \"{v}\",\n"),
    ],
    "connection_string": [
        ("env", "DB_CONNECTION=\"{v}\"\n"), ("file", "\"ConnectionStrings\": {{\n  \"Cases\": \"{v}\"\n}}\n"),
        ("log", "System.Data.SqlClient.SqlException at Open() using \"{v}\"\n"), ("prose", "the connection string in the runbook is {v}\n"),
    ],
    "sas_token": [
        ("env", "EVIDENCE_SAS=\"?{v}\"\n"), ("shell", "azcopy copy ./memdump.raw \"https://stirevidence01.blob.core.windows.net/triage?{v}\"\n"),
        ("log", "GET /triage/export.zip?{v} 200\n"), ("prose", "upload the collection to https://stforensics07.blob.core.windows.net/in?{v}\n"),
    ],
    "azure_openai_key": [
        ("env", "AZURE_OPENAI_API_KEY={v}\nAZURE_OPENAI_ENDPOINT=https://aoai-soc-weu.openai.azure.com/\n"),
        ("shell", "curl https://aoai-soc-weu.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01 -H \"api-key: {v}\" -d @prompt.json\n"),
        ("file", "openai:\n  endpoint: https://aoai-triage.openai.azure.com/\n  api_key: {v}\n"),
        ("prose", "the Azure OpenAI key for the triage bot is {v}\n"),
    ],
    "azure_ai_key_no_keyword": [
        ("env", "AOAI_SECONDARY={v}\n"), ("file", "endpoint: https://cog-soc-nlp.cognitiveservices.azure.com/\nsecondary: {v}\n"),
        ("prose", "use https://aoai-soc-weu.openai.azure.com/ with {v} until the rotation\n"),
        ("log", "INFO triage-bot resource=cog-soc-nlp value={v} region=westeurope\n"),
    ],
    "openai_key": [
        ("env", "OPENAI_API_KEY={v}\n"), ("shell", "curl https://api.openai.com/v1/models -H \"Authorization: Bearer {v}\"\n"),
        ("prose", "the intern's notebook had an OpenAI key, {v}, in a cell\n"), ("file", "llm:\n  provider: openai\n  key: \"{v}\"\n"),
    ],
    "aws_access_key_id": [
        ("env", "AWS_ACCESS_KEY_ID={v}\n"), ("file", "[default]\naws_access_key_id = {v}\nregion = eu-central-1\n"),
        ("log", "userIdentity.accessKeyId: {v}  eventName: ListBuckets\n"), ("prose", "CloudTrail shows access key {v} calling GetCallerIdentity\n"),
    ],
    "aws_secret_key": [
        ("env", "AWS_SECRET_ACCESS_KEY={v}\n"), ("file", "[prod]\naws_secret_access_key = {v}\n"),
        ("shell", "aws configure set aws_secret_access_key {v} --profile exfil\n"), ("prose", "and the secret access key is {v}\n"),
    ],
    "jwt": [
        ("log", "Authorization: Bearer {v}\n"), ("shell", "curl -H \"Authorization: Bearer {v}\" https://graph.microsoft.com/v1.0/me\n"),
        ("prose", "the stolen session token from the AiTM proxy was {v}\n"), ("env", "ID_TOKEN={v}\n"),
    ],
    "bearer_token": [
        ("log", "> Authorization: Bearer {v}\n"), ("shell", "curl -H 'Authorization: Bearer {v}' https://api.soar.internal/v2/cases\n"),
        ("file", "headers:\n  Authorization: \"Bearer {v}\"\n"), ("prose", "the API bearer token was {v}\n"),
    ],
    "private_key": [("file", "{v}\n"), ("env", "DEPLOY_KEY=\"{v}\"\n"), ("log", "{v}\n")],
    "password_kv": [
        ("env", "DB_PASSWORD={v}\n"), ("file", "password = \"{v}\"\n"), ("log", "login attempt user={u} password={v} result=success\n"),
        ("file", "{{\"username\": \"{u}\", \"password\": \"{v}\"}}\n"),
    ],
    "password_cli": [
        ("shell", "mysql -h {h} -u root -p'{v}' fraud_cases\n"), ("shell", "sshpass -p '{v}' ssh -l {u} {h}\n"),
        ("shell", "net use \\\\fs01\\evidence /user:CONTOSO\\{u} {v}\n"), ("log", "+ psql \"host={h} user={u} password={v}\" -c 'select 1'\n"),
        ("shell", "curl -u {u}:{v} https://{h}/api/json\n"),
    ],
    "password_ctor": [
        ("file", "var cred = new NetworkCredential(\"{u}\", \"{v}\");\n"), ("file", "ftp = FTP(\"{h}\")\nftp.login(\"{u}\", \"{v}\")\n"),
        ("file", "$cred = New-Object System.Management.Automation.PSCredential(\"{u}\", (ConvertTo-SecureString \"{v}\" -AsPlainText -Force))\n"),
        ("file", "conn = pymssql.connect(\"{h}\", \"{u}\", \"{v}\", \"cases\")\n"),
    ],
    "password_prose": [
        ("prose", "the password for {u} is {v}\n"), ("prose", "das Passwort für {u} lautet {v}\n"),
        ("prose", "le mot de passe du compte {u} est {v}\n"), ("prose", "la contraseña de {u} es {v}\n"),
        ("prose", "het wachtwoord van {u} is {v}\n"), ("prose", "a senha do usuário {u} é {v}\n"),
    ],
    "password_yaml": [
        ("file", "smtp:\n  user: {u}\n  password: {v}\n"), ("file", "datasource:\n  username: {u}\n  password: \"{v}\"\n"),
        ("file", "- name: set admin password\n  vars:\n    admin_password: '{v}'\n"),
    ],
    "password_url": [
        ("env", "DATABASE_URL=postgres://{u}:{v}@{h}:5432/soar\n"), ("shell", "redis-cli -u redis://default:{v}@{h}:6379\n"),
        ("log", "connecting to amqp://{u}:{v}@{h}:5672/ ...\n"), ("prose", "they left https://{u}:{v}@{h}/ in the wiki\n"),
    ],
    "anthropic_key": [
        ("env", "ANTHROPIC_API_KEY={v}\n"), ("shell", "curl https://api.anthropic.com/v1/messages -H \"x-api-key: {v}\" -d @req.json\n"),
        ("prose", "there is also a Claude key {v} in the repo\n"), ("file", "anthropic:\n  api_key: {v}\n"),
    ],
    "entra_client_secret": [
        ("env", "AZURE_CLIENT_SECRET={v}\n"), ("shell", "az login --service-principal -u 7f3c1d2e-app -p {v} --tenant contoso.onmicrosoft.com\n"),
        ("file", "\"ClientSecret\": \"{v}\",\n"), ("prose", "the app registration's client secret {v} was in the Logic App\n"),
    ],
    "cosmos_key": [
        ("env", "COSMOS_KEY={v}\n"), ("file", "\"Cosmos\": {{ \"Endpoint\": \"https://cosmos-fraud.documents.azure.com:443/\", \"Key\": \"{v}\" }}\n"),
        ("log", "CosmosClient init endpoint=https://cosmos-cases.documents.azure.com:443/ key={v}\n"),
    ],
    "twilio_key": [
        ("env", "TWILIO_AUTH_TOKEN={v}\n"), ("file", "twilio:\n  account_sid: AC{ac}\n  auth_token: {v}\n"),
        ("shell", "curl -X POST https://api.twilio.com/2010-04-01/Accounts/AC{ac}/Messages.json -u AC{ac}:{v}\n"),
    ],
    "mailgun_key": [
        ("env", "MAILGUN_API_KEY={v}\n"), ("shell", "curl -s --user 'api:{v}' https://api.mailgun.net/v3/mg.fabrikam.com/messages\n"),
        ("file", "mailgun:\n  domain: mg.fabrikam.com\n  api_key: {v}\n"),
    ],
    "pypi_token": [
        ("file", "[pypi]\nusername = __token__\npassword = {v}\n"), ("env", "TWINE_PASSWORD={v}\n"),
        ("shell", "twine upload -u __token__ -p {v} dist/*\n"),
    ],
    "huggingface_token": [
        ("env", "HF_TOKEN={v}\n"), ("shell", "huggingface-cli login --token {v}\n"),
        ("prose", "the HF token {v} has write access to the org\n"), ("file", "from huggingface_hub import login\nlogin(token=\"{v}\")\n"),
    ],
}

DISPLAY = {"github_token": "GitHub Personal Access Token", "npm_token": "npm Access Token", "slack_token": "Slack API Token",
           "slack_webhook": "Slack Incoming Webhook URL", "gitlab_token": "GitLab Access Token", "stripe_key": "Stripe API Key",
           "google_api_key": "Google API Key", "azure_devops_pat": "Azure DevOps Personal Access Token",
           "sendgrid_key": "SendGrid API Key", "azure_storage_key": "Azure Storage Account Access Key",
           "connection_string": "Database / Azure connection string", "sas_token": "Azure SAS Token",
           "azure_openai_key": "Azure OpenAI Key", "azure_ai_key_no_keyword": "Azure AI Services Key", "openai_key": "OpenAI API Key",
           "aws_access_key_id": "Amazon AWS Access Key ID", "aws_secret_key": "Amazon AWS Secret Access Key",
           "jwt": "JSON Web Token", "bearer_token": "HTTP Bearer Token", "private_key": "Private Key",
           "password_kv": "Password", "password_cli": "Password", "password_ctor": "Password", "password_prose": "Password",
           "password_yaml": "Password", "password_url": "Password in URL", "anthropic_key": "Anthropic API Key",
           "entra_client_secret": "Azure Entra ID Client Secret", "cosmos_key": "Azure Cosmos DB Key",
           "twilio_key": "Twilio Auth Token", "mailgun_key": "Mailgun API Key", "pypi_token": "PyPI Upload Token",
           "huggingface_token": "Hugging Face User Access Token"}


def kinds_with(styles: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(k for k, snips in SNIPPETS.items() if any(s in styles for s, _ in snips))


def block(vals: Values, styles: tuple[str, ...] = ("env", "shell", "file", "prose", "log"),
          kind: str | None = None) -> tuple[list[Part], str]:
    """The parts of one credential pasted in one of `styles` (the least used kind that has such a snippet), and its kind."""
    kind = kind or vals.kind(kinds_with(styles))
    r = vals.rng
    style, text = r.choice([(s, t) for s, t in SNIPPETS[kind] if s in styles] or SNIPPETS[kind])
    value = vals.cred(kind)
    if kind == "private_key" and (style == "env" or r.random() < 0.25):
        value = V(value.text.replace("\n", "\\n"), value.family, value.kind, value.secret)
    fills = {"u": r.choice(USERS), "h": r.choice(HOSTS), "r": r.choice(REPOS), "ac": "".join(r.choice("0123456789abcdef") for _ in range(32))}
    text = text.replace("{{", "\0").replace("}}", "\1")
    for k, fill in fills.items():
        text = text.replace("{" + k + "}", fill)
    before, after = text.split("{v}")
    return [before.replace("\0", "{").replace("\1", "}"), value, after.replace("\0", "{").replace("\1", "}")], kind


def line(vals: Values, styles: tuple[str, ...] = ("env", "shell", "file", "prose", "log")) -> list[Part]:
    return block(vals, styles)[0]
