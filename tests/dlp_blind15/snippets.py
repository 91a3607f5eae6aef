"""How the back-office and IT staff of a bank, insurer, telco or clinic paste a credential: each kind in a
few ways (a .env or properties line, YAML, JSON, a PowerShell / bash command, a Python or C# line, a log
line, a sentence in one of nine languages). The label sits on the value; a connection string, a SAS query,
a URL with a password in it and a PEM block are labelled whole, with the key, signature, password or body
as their secret. `cred(values, lang)` picks the least-used kind and returns it with its parts."""

from __future__ import annotations

from tests.dlp_blind15.values import CREDENTIAL_KINDS, Values
from tests.dlp_eval.corpus import N, V

Part = V | N | str


def C(kind: str, text: str, secret: str | None = None) -> V:  # noqa: N802 - reads like the V it makes
    return V(text, "CREDENTIAL", kind, secret)


# "the password is X" in the languages of the corpus: (before, after)
PROSE_PASSWORD = {
    "en": (("the temporary password is ", ""), ("password for the SFTP drop: ", " (expires Friday)"),
           ("log in with the pass ", " and change it on first use")),
    "de": (("das Passwort lautet ", ""), ("Kennwort für den SFTP-Zugang: ", " (bitte nach der Anmeldung ändern)")),
    "fr": (("le mot de passe est ", ""), ("mdp provisoire : ", " — à changer à la première connexion")),
    "es": (("la contraseña es ", ""), ("clave de acceso provisional: ", " (caduca el viernes)")),
    "it": (("la password è ", ""), ("password provvisoria: ", ", da cambiare al primo accesso")),
    "pt": (("a senha é ", ""), ("palavra-passe temporária: ", " (alterar no primeiro acesso)")),
    "nl": (("het wachtwoord is ", ""), ("tijdelijk wachtwoord: ", " (graag direct wijzigen)")),
    "pl": (("hasło to ", ""), ("tymczasowe hasło do SFTP: ", " (zmień przy pierwszym logowaniu)")),
    "sv": (("lösenordet är ", ""), ("tillfälligt lösenord: ", " (byt vid första inloggningen)")),
}


# The variable a kind is kept in when it sits in an env file, a bash script or a PowerShell script.
ENV_NAME = {
    "github_token": "GH_TOKEN", "slack_token": "SLACK_BOT_TOKEN", "slack_webhook": "SLACK_WEBHOOK_URL",
    "gitlab_token": "GITLAB_TOKEN", "stripe_key": "STRIPE_SECRET_KEY", "google_api_key": "GOOGLE_MAPS_API_KEY",
    "npm_token": "NPM_TOKEN", "azure_devops_pat": "AZURE_DEVOPS_EXT_PAT", "sendgrid_key": "SENDGRID_API_KEY",
    "azure_storage_key": "AZURE_STORAGE_KEY", "connection_string": "CLAIMS_DB_CONNECTION", "sas_token": "INTAKE_SAS_URL",
    "azure_openai_key": "AZURE_OPENAI_API_KEY", "openai_key": "OPENAI_API_KEY", "aws_access_key_id": "AWS_ACCESS_KEY_ID",
    "aws_secret_key": "AWS_SECRET_ACCESS_KEY", "jwt": "CRM_ACCESS_TOKEN", "bearer_token": "GATEWAY_BEARER_TOKEN",
    "password_kv": "PAYROLL_DB_PASSWORD", "password_url": "DATABASE_URL", "anthropic_key": "ANTHROPIC_API_KEY",
    "entra_client_secret": "AZURE_CLIENT_SECRET", "cosmos_key": "COSMOS_KEY", "twilio_key": "TWILIO_API_KEY",
    "mailgun_key": "MAILGUN_API_KEY", "pypi_token": "TWINE_PASSWORD", "huggingface_token": "HF_TOKEN",
}
ENV_KINDS = tuple(ENV_NAME)
SHELL_KINDS = (*ENV_KINDS, "password_cli")
MEDIA = ("any", "env", "bash", "ps")


def cred(v: Values, lang: str = "en", allowed: tuple[str, ...] = CREDENTIAL_KINDS, medium: str = "any"
         ) -> tuple[str, list[Part]]:
    """The least-used kind of `allowed` (of those `medium` can hold), pasted as `medium` holds it."""
    if medium in ("env", "bash", "ps"):
        allowed = tuple(k for k in allowed if k in (ENV_KINDS if medium == "env" else SHELL_KINDS))
    kind = v.cred_kind(allowed)
    return kind, snippet(v, kind, lang, medium)


def snippet(v: Values, kind: str, lang: str = "en", medium: str = "any") -> list[Part]:
    """The parts of one pasted credential; a quote its lead-in opens is closed after the value. In an env file
    or a script a kind with an ENV_NAME is an assignment to that variable (a SAS token keeps its URL)."""
    assert medium in MEDIA, medium
    parts = _snippet(v, kind, lang)
    if medium != "any" and kind in ENV_NAME:
        value = next(p for p in parts if isinstance(p, V))
        url = parts[0] if kind == "sas_token" else ""
        name = ENV_NAME[kind]
        return {"env": [f"{name}={url}", value],
                "bash": [f"export {name}=\"{url}", value, "\""],
                "ps": [f"$env:{name} = '{url}", value, "'"]}[medium]
    lead = "".join(p for p in parts if isinstance(p, str))
    if isinstance(parts[-1], V):
        for q in ("\"", "'"):
            if lead.count(q) % 2:
                parts.append(q)
                break
    return parts


def _snippet(v: Values, kind: str, lang: str = "en") -> list[Part]:  # noqa: C901, PLR0911, PLR0912
    r = v.rng
    pick = v.pick
    if kind == "password_prose":
        before, after = r.choice(PROSE_PASSWORD[lang])
        return [before, C(kind, v.password()), after]
    if kind == "password_kv":
        key = pick("DB_PASSWORD", "SFTP_PASS", "spring.datasource.password", "CORE_BANKING_PWD", "ldap.bind.password",
                   "PAYROLL_DB_PASSWORD", "smtp_password")
        sep = pick("=", "=", " = ", ": ")
        return [f"{key}{sep}", C(kind, v.password())]
    if kind == "password_yaml":
        return [pick("datasource:\n  url: jdbc:postgresql://pg-claims.internal:5432/claims\n  username: claims_app\n  password: ",
                     "sftp:\n  host: sftp.bank-partner.net\n  user: sepa_upload\n  password: ",
                     "smtp:\n  relay: smtp.office365.com\n  username: claims-notify\n  password: "),
                C(kind, v.password()), "\n"]
    if kind == "password_cli":
        pw = v.password()
        return r.choice((
            ["mysql -h mysql-billing.internal -u billing_ro -p'", C(kind, pw), "' billing"],
            ["sshpass -p '", C(kind, pw), "' sftp ", N("sepa_upload@sftp.bank-partner.net", "ssh_target", "EMAIL_ADDRESS")],
            ["sqlcmd -S sql-payroll.database.windows.net -U payroll_admin -P \"", C(kind, pw), "\" -d Payroll"],
            ["smbclient //fs-claims/scans -U 'svc_scan%", C(kind, pw), "' -c 'ls'"],
            ["pg_dump --dbname=claims --username=etl --password=", C(kind, pw), " --file=claims.sql"],
        ))
    if kind == "password_ctor":
        pw = v.password()
        return r.choice((
            ["var cred = new NetworkCredential(\"svc_sepa\", \"", C(kind, pw), "\");"],
            ["conn = psycopg2.connect(host=\"pg-kyc.internal\", user=\"kyc_reader\", password=\"", C(kind, pw), "\")"],
            ["client = SFTPClient(\"sftp.bank-partner.net\", \"sepa_upload\", \"", C(kind, pw), "\")"],
            ["ldap = LdapConnection(server=\"ldaps://dc01.corp\", bind_dn=\"svc-crm\", bind_pw=\"", C(kind, pw), "\")"],
        ))
    if kind == "password_url":
        pw = v.password().replace("@", "#").replace("?", "!")
        user = pick("claims_app", "etl", "payroll", "crm_sync", "kyc")
        host = pick("pg-claims.internal:5432/claims", "mongo-crm.internal:27017/crm", "rabbit.ops.local:5672/",
                    "redis-sessions.internal:6379/0", "sftp.bank-partner.net/outbox")
        scheme = pick("postgresql", "mongodb", "amqp", "redis", "sftp")
        url = f"{scheme}://{user}:{pw}@{host}"
        return [C(kind, url, pw)]
    if kind == "connection_string":
        key = v.storage_key()
        pw = v.password()
        return r.choice((
            [C(kind, f"DefaultEndpointsProtocol=https;AccountName=stclaimsscans;AccountKey={key};EndpointSuffix=core.windows.net", key)],
            [C(kind, f"Endpoint=sb://sb-payments-prod.servicebus.windows.net/;SharedAccessKeyName=sender;SharedAccessKey={key[:44]}", key[:44])],
            [C(kind, f"Server=tcp:sql-payroll.database.windows.net,1433;Database=Payroll;User ID=payroll_admin;Password={pw};Encrypt=True;", pw)],
            [C(kind, f"Data Source=sql-crm01;Initial Catalog=CRM;User Id=crm_app;Password={pw};", pw)],
        ))
    if kind == "sas_token":
        sig = v.storage_key()[:43].replace("+", "%2B").replace("/", "%2F") + "%3D"
        q = (f"sv=2022-11-02&ss=b&srt=co&sp=rwl&se=2026-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}T18:00:00Z"
             f"&st=2026-01-05T08:00:00Z&spr=https&sig={sig}")
        return [pick("https://stclaimsscans.blob.core.windows.net/intake/batch.zip?",
                     "https://stpayrollexports.blob.core.windows.net/payslips?"), C(kind, q, sig)]
    if kind == "private_key":
        escaped = r.random() < 0.5
        block, body = v.private_key(escaped)
        if escaped:
            return ["{\"type\": \"service_account\", \"client_email\": \"sepa-signer@svc\", \"private_key\": \"",
                    C(kind, block, body), "\"}"]
        return ["\n", C(kind, block, body), "\n"]
    if kind == "bearer_token":
        return [pick("Authorization: Bearer ", "curl -H \"Authorization: Bearer ", "authorization=Bearer "),
                C(kind, v.raw(kind))]
    if kind == "jwt":
        return [pick("Authorization: Bearer ", "id_token=", "\"access_token\": \"", "cookie session="), C(kind, v.raw(kind))]
    if kind == "aws_access_key_id":
        return [pick("AWS_ACCESS_KEY_ID=", "aws_access_key_id = ", "\"AccessKeyId\": \"", "access key "), C(kind, v.raw(kind))]
    if kind == "aws_secret_key":
        return [pick("AWS_SECRET_ACCESS_KEY=", "aws_secret_access_key = ", "\"SecretAccessKey\": \""), C(kind, v.raw(kind))]
    if kind == "azure_openai_key":
        return [pick("AZURE_OPENAI_API_KEY=", "-H \"api-key: ", "openai.api_key = \"", "$env:AZURE_OPENAI_KEY = \""),
                C(kind, v.raw(kind))]
    if kind == "azure_ai_key_no_keyword":
        return [pick("", "\n", "client = Assistant(\"https://aoai-claims-weu.openai.azure.com\", \"", "value: "),
                C(kind, v.raw(kind))]
    if kind == "azure_storage_key":
        return [pick("AZURE_STORAGE_KEY=", "az storage blob list --account-name stclaimsscans --account-key ",
                     "\"storageAccountKey\": \"", "$key1 = \""), C(kind, v.raw(kind))]
    if kind == "cosmos_key":
        return [pick("COSMOS_KEY=", "\"CosmosDb\": { \"Endpoint\": \"https://cosmos-kyc.documents.azure.com:443/\", \"Key\": \"",
                     "cosmos_primary_key: "), C(kind, v.raw(kind))]
    if kind == "entra_client_secret":
        return [pick("AZURE_CLIENT_SECRET=", "ClientSecret: ", "\"clientSecret\": \"", "client secret "), C(kind, v.raw(kind))]
    if kind == "slack_webhook":
        return [pick("SLACK_WEBHOOK_URL=", "curl -X POST -d @alert.json ", "webhook: "), C(kind, v.raw(kind))]
    prefix = {
        "github_token": ("GH_TOKEN=", "git clone https://x-access-token:", "token "),
        "slack_token": ("SLACK_BOT_TOKEN=", "slack_token: ", "token "),
        "gitlab_token": ("GITLAB_TOKEN=", "--header \"PRIVATE-TOKEN: ", "private token "),
        "stripe_key": ("STRIPE_SECRET_KEY=", "stripe.api_key = \"", "-u "),
        "google_api_key": ("GOOGLE_MAPS_KEY=", "?key=", "\"apiKey\": \""),
        "npm_token": ("//registry.npmjs.org/:_authToken=", "NPM_TOKEN=", "npm token "),
        "azure_devops_pat": ("AZURE_DEVOPS_PAT=", "az devops login --pat ", "PAT: "),
        "sendgrid_key": ("SENDGRID_API_KEY=", "\"SendGridKey\": \"", "sendgrid key "),
        "openai_key": ("OPENAI_API_KEY=", "openai.api_key = \"", "key "),
        "anthropic_key": ("ANTHROPIC_API_KEY=", "x-api-key: ", "anthropic key "),
        "twilio_key": ("TWILIO_API_KEY=", "twilio api:core:messages:create --api-key ", "Twilio key SID "),
        "mailgun_key": ("MAILGUN_API_KEY=", "-u 'api:", "mailgun key "),
        "pypi_token": ("password = ", "TWINE_PASSWORD=", "pypi token "),
        "huggingface_token": ("HF_TOKEN=", "huggingface-cli login --token ", "hf token "),
    }[kind]
    value = v.raw(kind)
    if kind == "github_token" and r.random() < 0.34:
        return ["git clone https://x-access-token:", C(kind, value), "@github.com/contoso-bank/payments-batch.git"]
    return [pick(*prefix), C(kind, value)]
