"""Pieces the templates share: a credential as an employee pastes it (a line of config, a command, a
sentence), a PII value with the words people put before it, and everyday hard negatives."""

from __future__ import annotations

from tests.dlp_eval.corpus import V

from .values import Values

Parts = list

C = "CREDENTIAL"


def cv(kind: str, text: str, secret: str | None = None) -> V:
    return V(text, C, kind, secret)


def cred(v: Values, kind: str | None = None) -> Parts:  # noqa: C901, PLR0911, PLR0912
    """One credential of `kind` (by default the least used kind) in a context people paste it in."""
    kind = kind or v.next_kind()
    raw = v.raw(kind)
    x = cv(kind, raw)
    host = v.pick(["sql-fin-prod.database.windows.net", "pg-hr-01.postgres.database.azure.com", 
                   "crm-db.internal.hallberg.local", "mysql-orders.mysql.database.azure.com"])
    user = v.pick(["svc_report", "app_rw", "etl_user", "sa", "dbadmin", "crm_sync"])
    if kind == "password_kv":
        return v.pick([["DB_PASSWORD=", x], ["password=", x, ";"], ['"Password": "', x, '"'], ["pwd = '", x, "'"],
                       ["SMTP_PASS=", x]])
    if kind == "password_cli":
        return v.pick([[f"mysql -u {user} -h {host} -p", x, " reporting"], [f"sqlcmd -S {host} -U {user} -P ", x, ' -Q "select 1"'],
                       ["docker login acrhallberg.azurecr.io -u ci-bot -p ", x],
                       [f"psql \"host={host} user={user} password=", x, " dbname=hr\""],
                       [f"net use Z: \\\\fs01\\finance /user:CORP\\{user} ", x]])
    if kind == "password_ctor":
        return v.pick([[f'var cred = new NetworkCredential("{user}", "', x, '");'],
                       [f'conn = psycopg2.connect(host="{host}", user="{user}", password="', x, '")'],
                       ['smtp.login("', V(f"{user}@hallbergsteel.com", "EMAIL_ADDRESS", "EMAIL_ADDRESS"), '", "', x, '")'],
                       [f'DriverManager.getConnection(url, "{user}", "', x, '");']])
    if kind == "password_prose":
        return v.pick([["the password is ", x], ["temp password for the shared mailbox: ", x],
                       ["you can log in with ", x, " as the password for now"], ["pw is ", x, " (please change it)"],
                       ["new password is ", x, " - I'll reset it Monday"]])
    if kind == "password_yaml":
        return v.pick([[f"spring:\n  datasource:\n    username: {user}\n    password: ", x, "\n"],
                       [f"db:\n  host: {host}\n  user: {user}\n  password: \"", x, "\"\n"],
                       ["smtp:\n  server: smtp.office365.com\n  password: ", x, "\n"]])
    if kind == "password_url":
        return v.pick([[f"postgresql://{user}:", x, f"@{host}:5432/payroll"], [f"mongodb+srv://{user}:", x, "@cluster0.ab12c.mongodb.net/crm"],
                       [f"amqp://{user}:", x, "@rabbit-01.hallberg.local:5672/"], [f"https://{user}:", x, "@nexus.hallberg.local/repository/pypi/"]])
    if kind == "connection_string":
        acct = v.pick(["sthrdocsprod", "stfinanceexports", "stcrmbackup", "stlegalarchive"])
        which = v.pick(["storage", "sql", "bus"])
        if which == "storage":
            key = v.raw("azure_storage_key")
            text = f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net"
        elif which == "sql":
            key = v.password()
            text = (f"Server=tcp:{v.pick(['sql-fin-prod', 'sql-hr-weu'])}.database.windows.net,1433;Initial Catalog=Payroll;"
                    f"User ID={user};Password={key};Encrypt=True;")
        else:
            key = v.raw("azure_storage_key")[:43] + "="
            text = (f"Endpoint=sb://{v.pick(['sb-orders-prod', 'sb-hr-events'])}.servicebus.windows.net/;"
                    f"SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}")
        return v.pick([["", cv(kind, text, key)], ["connection string: ", cv(kind, text, key)],
                       ['"ConnectionStrings": { "Default": "', cv(kind, text, key), '" }']])
    if kind == "azure_storage_key":
        return v.pick([["AZURE_STORAGE_KEY=", x], ["az storage blob upload -f report.xlsx -c exports --account-name stfinanceexports --account-key ", x],
                       ["storage key1: ", x]])
    if kind == "cosmos_key":
        return v.pick([["COSMOS_KEY=", x], ['"primaryMasterKey": "', x, '"'],
                       ["AccountEndpoint=https://cosmos-crm-prod.documents.azure.com:443/;AccountKey=", x, ";"]])
    if kind == "sas_token":
        sig = v.raw("azure_storage_key")[:43].replace("+", "%2B").replace("/", "%2F") + "%3D"
        q = (f"sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-{v.num(1, 12):02d}-{v.num(1, 28):02d}T17:00:00Z"
             f"&st=2025-{v.num(1, 12):02d}-01T09:00:00Z&spr=https&sig={sig}")
        return [f"https://{v.pick(['sthrdocsprod', 'stcrmbackup'])}.blob.core.windows.net/{v.pick(['exports', 'payslips', 'contracts'])}/"
                f"{v.pick(['q3.csv', 'batch.zip', 'offer.pdf'])}?", cv(kind, q, sig)]
    if kind == "azure_openai_key":
        return v.pick([["api-key: ", x], ["AZURE_OPENAI_API_KEY=", x], ['AzureOpenAI(azure_endpoint=endpoint, api_key="', x, '", api_version="2024-10-21")']])
    if kind == "azure_ai_key_no_keyword":
        return v.pick([["use this one from the portal:\n", x], ["here it is ", x], ["new one: ", x, " (old one is revoked)"]])
    if kind == "openai_key":
        return v.pick([["OPENAI_API_KEY=", x], ['client = OpenAI(api_key="', x, '")'], ["my key ", x]])
    if kind == "anthropic_key":
        return v.pick([["ANTHROPIC_API_KEY=", x], ['curl https://api.anthropic.com/v1/messages -H "x-api-key: ', x, '"']])
    if kind == "aws_access_key_id":
        return v.pick([["aws_access_key_id = ", x], ["AWS_ACCESS_KEY_ID=", x], ["Access key ID: ", x]])
    if kind == "aws_secret_key":
        return v.pick([["aws_secret_access_key = ", x], ["AWS_SECRET_ACCESS_KEY=", x], ["Secret access key: ", x]])
    if kind == "jwt":
        return v.pick([["Authorization: Bearer ", x], ["id_token=", x], ["token I got back: ", x]])
    if kind == "bearer_token":
        return v.pick([["Authorization: Bearer ", x], ['curl -H "Authorization: Bearer ', x, '" https://api.hallberg.local/v2/employees']])
    if kind == "private_key":
        if v.chance(0.4):
            return ['"private_key": "', cv(kind, raw.replace("\n", "\\n") + "\\n", None), '"']
        return ["", x]
    if kind == "github_token":
        return v.pick([["GITHUB_TOKEN=", x], ["token: ", x], ["I used ", x, " for the runner"]])
    if kind == "gitlab_token":
        return v.pick([['curl --header "PRIVATE-TOKEN: ', x, '" https://gitlab.hallberg.local/api/v4/projects'], ["GITLAB_TOKEN=", x]])
    if kind == "slack_token":
        return v.pick([["SLACK_BOT_TOKEN=", x], ["bot token ", x]])
    if kind == "slack_webhook":
        return v.pick([["curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"payroll export done\"}' ", x],
                       ["webhook: ", x]])
    if kind == "stripe_key":
        return v.pick([["Stripe.api_key = '", x, "'"], ["STRIPE_SECRET_KEY=", x]])
    if kind == "google_api_key":
        return v.pick([["https://maps.googleapis.com/maps/api/geocode/json?address=Dublin&key=", x], ["GOOGLE_MAPS_KEY=", x]])
    if kind == "npm_token":
        return v.pick([["//registry.npmjs.org/:_authToken=", x], ["NPM_TOKEN=", x]])
    if kind == "azure_devops_pat":
        return v.pick([["AZURE_DEVOPS_EXT_PAT=", x], ["my PAT: ", x], ["git clone https://pat:", x, "@dev.azure.com/hallberg/HR/_git/portal"]])
    if kind == "sendgrid_key":
        return v.pick([["SENDGRID_API_KEY=", x], ["sendgrid key ", x]])
    if kind == "entra_client_secret":
        return v.pick([["AZURE_CLIENT_SECRET=", x], ["client secret: ", x], ['"clientSecret": "', x, '"']])
    if kind == "twilio_key":
        return v.pick([["TWILIO_API_KEY=", x], ["twilio key ", x]])
    if kind == "mailgun_key":
        return v.pick([["curl -s --user 'api:", x, "' https://api.mailgun.net/v3/mg.hallbergsteel.com/messages"], ["MAILGUN_API_KEY=", x]])
    if kind == "pypi_token":
        return v.pick([["[pypi]\nusername = __token__\npassword = ", x, "\n"], ["TWINE_PASSWORD=", x]])
    if kind == "huggingface_token":
        return v.pick([["HF_TOKEN=", x], ["huggingface-cli login --token ", x]])
    raise KeyError(kind)


def pii(v: Values, family: str | None = None) -> Parts:
    """One PII value with the words people put before it."""
    family = family or v.pick(["EMAIL_ADDRESS", "PHONE_NUMBER", "PHONE_NUMBER", "CREDIT_CARD", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS"])
    if family == "EMAIL_ADDRESS":
        return [v.pick(["email ", "reach them at ", "contact: ", "mail: "]), v.email(personal=v.chance(0.3))]
    if family == "PHONE_NUMBER":
        return [v.pick(["mobile ", "call back on ", "tel. ", "phone: ", "cell "]), v.phone()]
    if family == "CREDIT_CARD":
        return [v.pick(["card ", "card number ", "the card on file is ", "charged to "]), v.card(),
                f" exp {v.num(1, 12):02d}/{v.num(26, 30)}"]
    if family == "IBAN_CODE":
        return [v.pick(["IBAN ", "bank details: IBAN ", "pay into "]), v.iban()]
    if family == "US_SSN":
        return [v.pick(["SSN ", "social security no. ", "SSN: "]), v.ssn()]
    return [v.pick(["from ", "source IP ", "client IP ", "on host "]), v.ip()]


def neg(v: Values) -> Parts:
    """An everyday hard negative with its words."""
    return v.pick([
        lambda: ["order ", v.order_no()], lambda: ["ticket ", v.ticket_no()], lambda: ["policy ", v.policy_no()],
        lambda: ["card ", v.masked_card()], lambda: ["test card ", v.bad_card()], lambda: ["SSN on file ", v.bad_ssn()],
        lambda: ["see ", v.doc_ip(), " in the docs"], lambda: ["build ", v.version4()], lambda: ["correlation id ", v.guid()],
        lambda: ["commit ", v.sha()], lambda: ["set the password to ", v.placeholder(), " in the template"],
        lambda: ["the docs use ", v.example_key(), " as the example"], lambda: ["old IBAN (example) ", v.example_iban()],
        lambda: ["dial ", v.fict_phone(), " in the demo"], lambda: ["employee ID ", v.employee_id()],
        lambda: ["write to ", v.example_email()], lambda: ["", v.not_name(), " dashboard"],
    ])()


def maybe(d, v: Values, p_cred: float = 0.3, p_pii: float = 0.35, p_neg: float = 0.5, sep: str = "\n") -> None:  # noqa: ANN001
    """Some of: a credential, a PII value, a hard negative, each on its own line."""
    if v.chance(p_cred):
        d.w(sep, *cred(v))
    if v.chance(p_pii):
        d.w(sep, *pii(v))
    if v.chance(p_neg):
        d.w(sep, *neg(v))
