"""How each credential kind is pasted by back-office staff and the helpdesk serving them: as a block (a config
file, a script, a command, a request, an ERP interface setting) or as a line in a message. `credential(x, form)`
picks the least-used kind that has that form and returns its parts (strings, labelled values V, hard negatives N)."""

from __future__ import annotations

from typing import Callable

from tests.dlp_eval.corpus import N, V

from .values import CRED, Values

Part = V | N | str
Snippet = Callable[[Values], list[Part]]


def c(kind: str, text: str, secret: str | None = None) -> V:
    return V(text, CRED, kind, secret)


def _user(x: Values) -> str:
    return x.pick(("svc_ap_export", "svc-payroll", "SAPRFC_FI", "treasury_h2h", "rpt_reader", "CORP\\svc_concur",
                   "fin_etl", "hr_sync", "apbot"))


def _host(x: Values) -> str:
    return x.pick(("sqlfin-prod.database.windows.net", "sap-erp-p01.corp.fabrikam.de", "pg-reporting.internal.contoso-finance.com",
                   "sftp.bankconnect.example-bank.eu", "hris-db01.northwind.local", "bi-gw02.adatum.fr"))


# --- one list of block snippets and one of line snippets per kind ----------------------------------------------

def _aws_pair(x: Values) -> list[Part]:
    return ["[finance-archive]\naws_access_key_id = ", c("aws_access_key_id", x.aws_id()),
            "\naws_secret_access_key = ", c("aws_secret_key", x.aws_secret()), "\nregion = eu-central-1\n"]


def _conn_sql(x: Values) -> list[Part]:
    pw = x.password()
    server = x.pick(("tcp:sqlfin-prod.database.windows.net,1433", "SQLRPT01\\FINANCE", "bi-gw02.adatum.fr"))
    text = (f"Server={server};Database={x.pick(('FinanceDW', 'Payroll', 'AP_Staging'))};User Id={_user(x)};"
            f"Password={pw};Encrypt=True;TrustServerCertificate=False;")
    return [c("connection_string", text, pw)]


def _conn_storage(x: Values) -> list[Part]:
    key = x.b64key()
    acct = x.pick(("stfinstatements", "stpayrollexports", "stapinvoices01"))
    return [c("connection_string", f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net", key)]


def _conn_sb(x: Values) -> list[Part]:
    key = x.b64key(32)
    return [c("connection_string", f"Endpoint=sb://sb-fin-integration.servicebus.windows.net/;SharedAccessKeyName=sap-idoc-sender;SharedAccessKey={key}", key)]


def _conn_any(x: Values) -> list[Part]:
    return x.pick((_conn_sql, _conn_sql, _conn_storage, _conn_sb))(x)


def _sas_url(x: Values) -> list[Part]:
    text, sig = x.sas()
    return [f"https://{x.pick(('stpayrollexports', 'stfinstatements'))}.blob.core.windows.net/{x.pick(('payroll-in', 'bank-files', 'ap-scans'))}/"
            f"{x.pick(('2025-03_run.csv', 'MT940_20250314.sta', 'batch_0412.zip'))}?", c("sas_token", text, sig)]


BLOCKS: dict[str, list[Snippet]] = {
    "github_token": [
        lambda x: ["git clone https://", c("github_token", x.github()), "@github.com/fin-ops/ap-automation.git\n"],
        lambda x: ["# ap-automation/.env\nGITHUB_TOKEN=", c("github_token", x.github()), "\nREPO=fin-ops/invoice-ocr\n"],
    ],
    "slack_token": [
        lambda x: ["APPROVALS_BOT_TOKEN=", c("slack_token", x.slack_token()), "\nAPPROVALS_CHANNEL=#ap-approvals\n"],
        lambda x: ["client = WebClient(token=\"", c("slack_token", x.slack_token()), "\")\nclient.chat_postMessage(channel=\"#payroll-run\", text=summary)\n"],
    ],
    "slack_webhook": [
        lambda x: ["{\n  \"cashPositionReport\": {\n    \"schedule\": \"0 7 * * 1-5\",\n    \"webhook\": \"", c("slack_webhook", x.slack_webhook()), "\"\n  }\n}\n"],
        lambda x: ["Invoke-RestMethod -Method Post -Uri \"", c("slack_webhook", x.slack_webhook()), "\" -Body (@{text=\"Payment run finished\"} | ConvertTo-Json)\n"],
    ],
    "gitlab_token": [
        lambda x: ["curl --header \"PRIVATE-TOKEN: ", c("gitlab_token", x.gitlab()), "\" https://gitlab.fabrikam.de/api/v4/projects/finance%2Fsap-abap-exports/pipelines\n"],
        lambda x: ["variables:\n  GITLAB_TOKEN: \"", c("gitlab_token", x.gitlab()), "\"\n  EXPORT_TARGET: payroll\n"],
    ],
    "stripe_key": [
        lambda x: ["curl https://api.stripe.com/v1/refunds -u ", c("stripe_key", x.stripe()), ": -d charge=ch_", x.digits(4), "ABCD -d amount=", x.digits(4), "\n"],
        lambda x: ["STRIPE_SECRET_KEY=", c("stripe_key", x.stripe()), "\nSTRIPE_ACCOUNT=AR-collections-EU\n"],
    ],
    "google_api_key": [
        lambda x: ["=IMPORTDATA(\"https://maps.googleapis.com/maps/api/distancematrix/json?origins=Lyon&destinations=Gen%C3%A8ve&key=",
                   c("google_api_key", x.google_key()), "\")\n"],
        lambda x: ["// mileage.gs (Apps Script behind the mileage sheet)\nconst MAPS_KEY = '", c("google_api_key", x.google_key()), "';\n"],
    ],
    "npm_token": [
        lambda x: ["# .npmrc in the expense-app repo\n//registry.npmjs.org/:_authToken=", c("npm_token", x.npm()), "\n"],
        lambda x: ["npm config set //registry.npmjs.org/:_authToken ", c("npm_token", x.npm()), "\nnpm publish ./receipt-parser\n"],
    ],
    "azure_devops_pat": [
        lambda x: ["git clone https://finops:", c("azure_devops_pat", x.ado_pat()), "@dev.azure.com/fabrikam/Finance/_git/payroll-interfaces\n"],
        lambda x: ["$env:AZURE_DEVOPS_EXT_PAT = \"", c("azure_devops_pat", x.ado_pat()), "\"\naz pipelines run --name month-end-close\n"],
    ],
    "sendgrid_key": [
        lambda x: ["SENDGRID_API_KEY=", c("sendgrid_key", x.sendgrid()), "\nINVOICE_MAIL_FROM=", x.role_email(), "\n"],
        lambda x: ["sg = SendGridAPIClient(\"", c("sendgrid_key", x.sendgrid()), "\")\nsg.send(reminder_mail)  # dunning level 2\n"],
    ],
    "azure_storage_key": [
        lambda x: ["az storage blob upload --account-name stfinstatements --account-key ", c("azure_storage_key", x.b64key()),
                   " -c bank-files -f MT940_", x.digits(8), ".sta\n"],
        lambda x: ["[bank-statements]\naccount = stfinstatements\naccount_key = ", c("azure_storage_key", x.b64key()), "\ncontainer = camt053\n"],
    ],
    "connection_string": [
        lambda x: ["{\n  \"ConnectionStrings\": {\n    \"FinanceDW\": \"", *_conn_any(x), "\"\n  }\n}\n"],
        lambda x: ["[ODBC DSN: FIN_REPORTING]\nConnectionString=", *_conn_sql(x), "\n"],
        lambda x: ["Power BI gateway data source settings:\n", *_conn_any(x), "\n"],
    ],
    "sas_token": [
        lambda x: ["azcopy copy ./payroll_2025-03.csv \"", *_sas_url(x), "\"\n"],
        lambda x: ["UPLOAD_URL=\"", *_sas_url(x), "\"\n"],
    ],
    "azure_openai_key": [
        lambda x: ["AZURE_OPENAI_ENDPOINT=https://aoai-fin-weu.openai.azure.com/\nAZURE_OPENAI_API_KEY=", c("azure_openai_key", x.aoai_key()), "\n"],
        lambda x: ["curl \"https://aoai-fin-weu.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21\" \\\n  -H \"api-key: ",
                   c("azure_openai_key", x.aoai_key()), "\" -d @invoice_prompt.json\n"],
    ],
    "azure_ai_key_no_keyword": [
        lambda x: ["Resource            Endpoint                                                   Value\n"
                   "docintel-ap-weu     https://docintel-ap-weu.cognitiveservices.azure.com/       ", c("azure_ai_key_no_keyword", x.aoai_key()), "\n"],
        lambda x: ["$endpoint = \"https://ocr-invoices.cognitiveservices.azure.com/\"\n$k1 = \"", c("azure_ai_key_no_keyword", x.aoai_key()), "\"\n"],
    ],
    "openai_key": [
        lambda x: ["' VBA in the variance workbook\nhttp.setRequestHeader \"Authorization\", \"Bearer ", c("openai_key", x.openai()), "\"\n"],
        lambda x: ["OPENAI_API_KEY=", c("openai_key", x.openai()), "\nMODEL=gpt-4o-mini\n"],
    ],
    "aws_access_key_id": [_aws_pair, lambda x: ["export AWS_ACCESS_KEY_ID=", c("aws_access_key_id", x.aws_id()), "\naws s3 cp ./ap_scans s3://fin-archive-2025/ --recursive\n"]],
    "aws_secret_key": [_aws_pair, lambda x: ["{\n  \"AccessKeyId\": \"", x.documented() if x.chance(0.3) else x.pick(("ASIA-redacted", "(see vault)")),
                                             "\",\n  \"SecretAccessKey\": \"", c("aws_secret_key", x.aws_secret()), "\"\n}\n"]],
    "jwt": [
        lambda x: ["GET /api/v1/invoices?status=pending_approval HTTP/1.1\nHost: fabrikam.coupahost.com\nAuthorization: Bearer ", c("jwt", x.jwt()), "\nAccept: application/json\n"],
        lambda x: ["{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"", c("jwt", x.jwt()), "\"}\n"],
    ],
    "bearer_token": [
        lambda x: ["curl -H \"Authorization: Bearer ", c("bearer_token", x.bearer()), "\" https://api.payroll-provider.eu/v2/employees/changes\n"],
        lambda x: ["Authorization: Bearer ", c("bearer_token", x.bearer()), "\nX-Company-Id: ", x.digits(6), "\n"],
    ],
    "private_key": [
        lambda x: ["bank_h2h_id_rsa:\n", c("private_key", x.pem()), "\n"],
        lambda x: ["{\n  \"sftp_host\": \"sftp.bankconnect.example-bank.eu\",\n  \"user\": \"treasury_h2h\",\n  \"private_key\": \"",
                   c("private_key", x.pem(escaped=True)), "\"\n}\n"],
    ],
    "password_kv": [
        lambda x: ["[RFC_DESTINATION]\nashost=sap-erp-p01.corp.fabrikam.de\nsysnr=00\nclient=100\nuser=SAPRFC_FI\npasswd=", c("password_kv", x.password()), "\n"],
        lambda x: ["host=", _host(x), "\nport=22\nusername=", _user(x), "\npassword=", c("password_kv", x.password()), "\nremote_dir=/out/payments\n"],
        lambda x: ["SMTP_USER=", x.role_email(), "\nSMTP_PASSWORD=", c("password_kv", x.password()), "\n"],
    ],
    "password_cli": [
        lambda x: ["net use P: \\\\fs01\\payroll$ /user:CORP\\svc-payroll ", c("password_cli", x.password()), "\n"],
        lambda x: ["sqlcmd -S SQLRPT01 -U rpt_reader -P \"", c("password_cli", x.password()), "\" -i month_end_accruals.sql -o accruals.csv\n"],
        lambda x: ["sshpass -p '", c("password_cli", x.password()), "' sftp ", N("treasury_h2h@sftp.bankconnect.example-bank.eu", "ssh_target", "EMAIL_ADDRESS"), "\n"],
        lambda x: ["curl -u ap_export:", c("password_cli", x.url_password()), " -T vendor_master.csv https://files.fabrikam.de/upload/\n"],
    ],
    "password_ctor": [
        lambda x: ["var cred = new NetworkCredential(\"svc_ap_export\", \"", c("password_ctor", x.password()), "\");\nclient.Credentials = cred;\n"],
        lambda x: ["ftp = FTP(\"ftp.lockbox-provider.com\")\nftp.login(\"ar_lockbox\", \"", c("password_ctor", x.password()), "\")\n"],
        lambda x: ["$cred = New-Object System.Management.Automation.PSCredential(\"CORP\\svc_concur\", (ConvertTo-SecureString \"",
                   c("password_ctor", x.password()), "\" -AsPlainText -Force))\n"],
        lambda x: ["conn.Open \"DSN=FIN_REPORTING\", \"rpt_reader\", \"", c("password_ctor", x.password()), "\"\n"],
    ],
    "password_yaml": [
        lambda x: ["sftp:\n  host: sftp.bankconnect.example-bank.eu\n  user: treasury_h2h\n  password: ", c("password_yaml", x.password()), "\n  dir: /ebics/out\n"],
        lambda x: ["datasource:\n  url: jdbc:sqlserver://SQLRPT01;databaseName=Payroll\n  username: hr_sync\n  password: \"", c("password_yaml", x.password()), "\"\n"],
    ],
    "password_url": [
        lambda x: ["EXPORT_TARGET=sftp://svc_ap_export:", c("password_url", x.url_password()), "@sftp.bankconnect.example-bank.eu/in/sepa\n"],
        lambda x: ["engine = create_engine(\"mssql+pyodbc://rpt_reader:", c("password_url", x.url_password()), "@FIN_REPORTING\")\n"],
    ],
    "anthropic_key": [
        lambda x: ["ANTHROPIC_API_KEY=", c("anthropic_key", x.anthropic()), "\nCONTRACT_SUMMARY_MODEL=claude-sonnet\n"],
        lambda x: ["client = anthropic.Anthropic(api_key=\"", c("anthropic_key", x.anthropic()), "\")\n"],
    ],
    "entra_client_secret": [
        lambda x: ["TENANT_ID=", x.guid(), "\nCLIENT_ID=", x.guid(), "\nCLIENT_SECRET=", c("entra_client_secret", x.entra_secret()),
                   "\nMAILBOX=", x.role_email(), "\n"],
        lambda x: ["app = msal.ConfidentialClientApplication(client_id, client_credential=\"", c("entra_client_secret", x.entra_secret()),
                   "\", authority=authority)\n"],
    ],
    "cosmos_key": [
        lambda x: ["COSMOS_ENDPOINT=https://cosmos-expenses.documents.azure.com:443/\nCOSMOS_KEY=", c("cosmos_key", x.b64key()), "\n"],
        lambda x: ["{\n  \"primaryMasterKey\": \"", c("cosmos_key", x.b64key()), "\",\n  \"secondaryMasterKey\": \"(rotated)\"\n}\n"],
    ],
    "twilio_key": [
        lambda x: ["TWILIO_ACCOUNT_SID=${TWILIO_ACCOUNT_SID}\nTWILIO_API_KEY=", c("twilio_key", x.twilio()), "\nREMINDER_FROM=Fabrikam AR\n"],
        lambda x: ["client = Client(\"", c("twilio_key", x.twilio()), "\", api_secret, account_sid)\n"],
    ],
    "mailgun_key": [
        lambda x: ["curl -s --user 'api:", c("mailgun_key", x.mailgun()), "' https://api.eu.mailgun.net/v3/mg.fabrikam.de/messages -F to=", x.role_email(), " -F subject='Remittance advice'\n"],
        lambda x: ["MAILGUN_API_KEY=", c("mailgun_key", x.mailgun()), "\nMAILGUN_DOMAIN=mg.contoso-finance.com\n"],
    ],
    "pypi_token": [
        lambda x: ["[pypi]\nusername = __token__\npassword = ", c("pypi_token", x.pypi()), "\n"],
        lambda x: ["twine upload -u __token__ -p ", c("pypi_token", x.pypi()), " dist/sepa_tools-1.4.0.tar.gz\n"],
    ],
    "huggingface_token": [
        lambda x: ["HF_TOKEN=", c("huggingface_token", x.hf()), "\nMODEL_ID=fin-ops/invoice-line-classifier\n"],
        lambda x: ["huggingface-cli login --token ", c("huggingface_token", x.hf()), "\n"],
    ],
}

LINES: dict[str, list[Snippet]] = {
    "github_token": [lambda x: ["the token for the ap-automation repo is ", c("github_token", x.github())]],
    "slack_token": [lambda x: ["the approvals bot runs with ", c("slack_token", x.slack_token()), " if that helps"]],
    "slack_webhook": [lambda x: ["the morning cash report posts to ", c("slack_webhook", x.slack_webhook())]],
    "gitlab_token": [lambda x: ["I used my gitlab token ", c("gitlab_token", x.gitlab()), " for the export job"]],
    "stripe_key": [lambda x: ["AR uses the Stripe key ", c("stripe_key", x.stripe()), " for card refunds"]],
    "google_api_key": [lambda x: ["the mileage sheet calls Maps with ", c("google_api_key", x.google_key())]],
    "npm_token": [lambda x: ["build agent npm token: ", c("npm_token", x.npm())]],
    "azure_devops_pat": [lambda x: ["my Azure DevOps PAT (", c("azure_devops_pat", x.ado_pat()), ") stopped working on the payroll repo"]],
    "sendgrid_key": [lambda x: ["the dunning mails go out through SendGrid, key ", c("sendgrid_key", x.sendgrid())]],
    "azure_storage_key": [lambda x: ["storage account key1 for stfinstatements: ", c("azure_storage_key", x.b64key())]],
    "connection_string": [lambda x: ["the report uses ", *_conn_any(x)]],
    "sas_token": [lambda x: ["the bank portal gave us this upload link: ", *_sas_url(x)]],
    "azure_openai_key": [lambda x: ["the Azure OpenAI key for the invoice-extraction pilot is ", c("azure_openai_key", x.aoai_key())]],
    "azure_ai_key_no_keyword": [
        lambda x: ["Document Intelligence, westeurope: ", c("azure_ai_key_no_keyword", x.aoai_key())],
        lambda x: ["ocr-invoices → ", c("azure_ai_key_no_keyword", x.aoai_key()), " (copied from the portal)"],
    ],
    "openai_key": [lambda x: ["the variance macro calls OpenAI with ", c("openai_key", x.openai())]],
    "aws_access_key_id": [lambda x: ["the archive job uses access key ", c("aws_access_key_id", x.aws_id()), " and secret ",
                                     c("aws_secret_key", x.aws_secret())]],
    "aws_secret_key": [lambda x: ["AWS secret for the invoice archive: ", c("aws_secret_key", x.aws_secret())]],
    "jwt": [lambda x: ["the Coupa sandbox returned this token, is it expired? ", c("jwt", x.jwt())]],
    "bearer_token": [lambda x: ["payroll provider API, Authorization: Bearer ", c("bearer_token", x.bearer())]],
    "password_kv": [lambda x: ["login for the lockbox portal: user=ar_lockbox password=", c("password_kv", x.password())]],
    "password_cli": [lambda x: ["I mapped it with `net use Z: \\\\fs01\\finance /user:CORP\\ap.clerk ", c("password_cli", x.password()), "`"]],
    "password_prose": [
        lambda x: ["my SAP password is now ", c("password_prose", x.password()), " after the reset"],
        lambda x: ["Das neue Kennwort für DATEV lautet ", c("password_prose", x.password())],
        lambda x: ["le mot de passe du portail fournisseur est ", c("password_prose", x.password())],
        lambda x: ["la contraseña temporal es ", c("password_prose", x.password())],
        lambda x: ["het wachtwoord van de gedeelde mailbox is ", c("password_prose", x.password())],
        lambda x: ["la password del Wi-Fi ospiti è ", c("password_prose", x.password())],
        lambda x: ["a senha provisória é ", c("password_prose", x.password())],
        lambda x: ["hasło do VPN to ", c("password_prose", x.password())],
        lambda x: ["the guest Wi-Fi key this week is ", c("password_prose", x.password())],
        lambda x: ["temp password: ", c("password_prose", x.password()), " (change at first logon)"],
    ],
    "password_url": [lambda x: ["the export job writes to sftp://svc_ap_export:", c("password_url", x.url_password()),
                                "@sftp.bankconnect.example-bank.eu/in"]],
    "anthropic_key": [lambda x: ["the contract-summary tool has the Anthropic key ", c("anthropic_key", x.anthropic())]],
    "entra_client_secret": [lambda x: ["client secret of the invoice-inbox app registration: ", c("entra_client_secret", x.entra_secret())]],
    "cosmos_key": [lambda x: ["Cosmos DB primary key for the expenses app: ", c("cosmos_key", x.b64key())]],
    "twilio_key": [lambda x: ["the SMS payment reminders use Twilio API key ", c("twilio_key", x.twilio())]],
    "mailgun_key": [lambda x: ["remittance advices are sent with the Mailgun key ", c("mailgun_key", x.mailgun())]],
    "pypi_token": [lambda x: ["to publish sepa-tools I used ", c("pypi_token", x.pypi())]],
    "huggingface_token": [lambda x: ["HF token for the invoice classifier: ", c("huggingface_token", x.hf())]],
}

KINDS = tuple(sorted(set(BLOCKS) | set(LINES)))


def credential(x: Values, form: str) -> list[Part]:
    """A snippet of the least-used kind that has `form` ("block" or "line")."""
    table = BLOCKS if form == "block" else LINES
    kind = x.least("cred", tuple(sorted(table)))
    return x.pick(table[kind])(x)


def any_credential(x: Values) -> tuple[str, list[Part]]:
    """The least-used kind in whichever form it has (a block when it has both and the rng says so)."""
    kind = x.least("cred", KINDS)
    forms = [f for f, t in (("block", BLOCKS), ("line", LINES)) if kind in t]
    form = x.pick(forms)
    return form, x.pick((BLOCKS if form == "block" else LINES)[kind])(x)
