"""How each credential kind is pasted by a payer's IT and operations staff: lines and blocks of clearinghouse SFTP
configs, Mirth / Rhapsody channel settings, FHIR and eligibility API clients, pharmacy-benefit integrations, ETL
scripts, CI files, logs and prose in several languages. `{v}` is the labelled value; `{user}` and `{n}` are plain
words, `{target}` an ssh user@host (a hard negative for e-mail). The label spans the value only (for a password, the password; for a connection string or SAS,
the whole string, its secret the password, key or signature)."""

from __future__ import annotations

import re

from tests.dlp_eval.corpus import N, V

from .values import CRED, Values

SNIPPETS: dict[str, tuple[str, ...]] = {
    "github_token": (
        "git clone https://x-access-token:{v}@github.com/bluepeak/edi-837-mapper.git\n",
        "export GITHUB_TOKEN={v}\ngh workflow run nightly-eligibility.yml --repo bluepeak/elig-sync\n",
        "      - uses: actions/checkout@v4\n        with:\n          token: {v}\n          repository: bluepeak/hl7-maps\n",
        "I put the PAT {v} in the Jenkins credential store but the checkout of the FHIR mapper still 403s\n",
    ),
    "slack_token": (
        "SLACK_BOT_TOKEN={v}\nSLACK_CHANNEL=#claims-ops-alerts\n",
        "client = WebClient(token=\"{v}\")\nclient.chat_postMessage(channel=\"#pa-queue\", text=f\"{{n}} PAs past SLA\")\n",
        "the claims-bot token is {v}, it posts the 999 rejects to #edi-errors\n",
    ),
    "slack_webhook": (
        "curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"835 ERA load failed\"}}' {v}\n",
        "alerting:\n  slack_url: {v}\n  channel: \"#eligibility-feed\"\n",
        "WEBHOOK = \"{v}\"  # posts the nightly 834 enrollment counts\n",
    ),
    "gitlab_token": (
        "git remote add origin https://oauth2:{v}@gitlab.bluepeakhealth.com/edi/x12-parsers.git\n",
        "GITLAB_TOKEN={v}\nCI_PROJECT=pharmacy/ncpdp-d0\n",
        "curl --header \"PRIVATE-TOKEN: {v}\" https://gitlab.bluepeakhealth.com/api/v4/projects/212/pipelines\n",
    ),
    "stripe_key": (
        "STRIPE_SECRET_KEY={v}\n# copay collection for the mail-order pharmacy\n",
        "stripe.api_key = \"{v}\"\nintent = stripe.PaymentIntent.create(amount=copay_cents, currency=\"usd\")\n",
        "const stripe = require('stripe')('{v}'); // member premium payments portal\n",
    ),
    "google_api_key": (
        "GOOGLE_MAPS_KEY={v}  # provider directory geocoding\n",
        "url = f\"https://maps.googleapis.com/maps/api/geocode/json?address={{addr}}&key={v}\"\n",
        "the provider-finder map uses key {v}, is that restricted to our referrer?\n",
    ),
    "npm_token": (
        "//registry.npmjs.org/:_authToken={v}\n@bluepeak:registry=https://registry.npmjs.org/\n",
        "NPM_TOKEN={v}\nnpm publish --access restricted\n",
        "- run: echo \"//registry.npmjs.org/:_authToken={v}\" > ~/.npmrc\n",
    ),
    "azure_devops_pat": (
        "git clone https://build:{v}@dev.azure.com/bluepeakhealth/Claims/_git/adjudication-rules\n",
        "AZURE_DEVOPS_EXT_PAT={v}\naz pipelines run --name edi-835-deploy\n",
        "$pat = \"{v}\"\n$b64 = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(\":$pat\"))\n",
    ),
    "sendgrid_key": (
        "SENDGRID_API_KEY={v}\nMAIL_FROM_DOMAIN=mg.bluepeakhealth.com\n",
        "sg = SendGridAPIClient(\"{v}\")  # EOB ready notifications\n",
        "smtp:\n  host: smtp.sendgrid.net\n  user: apikey\n  key: \"{v}\"\n",
    ),
    "azure_storage_key": (
        "az storage blob upload-batch -d era-archive -s ./835 --account-name stedi835archive --account-key {v}\n",
        "AZURE_STORAGE_KEY={v}\nCONTAINER=claim-attachments\n",
        "\"storage\": {{ \"account\": \"stclaimsimages\", \"key\": \"{v}\" }}\n",
    ),
    "connection_string": (
        "ConnectionStrings__Claims=\"{v}\"\n",
        "\"ConnectionStrings\": {{\n  \"Default\": \"{v}\"\n}}\n",
        "conn = \"{v}\"\n",
        "connection: {v}\n",
    ),
    "sas_token": (
        "https://stclaimsimages.blob.core.windows.net/attachments/pa-{n}.pdf?{v}\n",
        "azcopy copy ./outbound/834 \"https://stedi835archive.blob.core.windows.net/inbound?{v}\" --recursive\n",
        "SAS for the vendor to drop the medical-records zip: ?{v}\n",
    ),
    "azure_openai_key": (
        "AZURE_OPENAI_API_KEY={v}\nAZURE_OPENAI_ENDPOINT=https://aoai-claims-summarizer.openai.azure.com/\n",
        "client = AzureOpenAI(api_key=\"{v}\", azure_endpoint=\"https://aoai-pa-review.openai.azure.com\", api_version=\"2024-06-01\")\n",
        "curl https://aoai-claims-summarizer.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01 -H \"api-key: {v}\"\n",
    ),
    "azure_ai_key_no_keyword": (
        "https://docintel-claims.cognitiveservices.azure.com/  {v}\n",
        "endpoint + primary for the fax OCR resource:\nhttps://fax-ocr-prod.cognitiveservices.azure.com\n{v}\n",
        "| docintel-eob | eastus2 | {v} |\n",
    ),
    "openai_key": (
        "OPENAI_API_KEY={v}\n",
        "openai.api_key = \"{v}\"  # appeal letter drafting prototype\n",
        "I tested the denial-reason classifier with my personal key {v} before we got the enterprise one\n",
    ),
    "aws_access_key_id": (
        "[edi-archive]\naws_access_key_id = {v}\nregion = us-east-1\n",
        "export AWS_ACCESS_KEY_ID={v}\naws s3 ls s3://bp-claims-835-archive/2025/\n",
        "access key id: {v} (the one on svc-hl7-export)\n",
    ),
    "aws_secret_key": (
        "aws_secret_access_key = {v}\n",
        "export AWS_SECRET_ACCESS_KEY={v}\n",
        "\"SecretAccessKey\": \"{v}\",\n",
    ),
    "jwt": (
        "Authorization: Bearer {v}\n",
        "curl -H \"Authorization: Bearer {v}\" https://fhir.bluepeakhealth.com/r4/Patient?identifier={n}\n",
        "token={v}\n",
        "the eligibility API keeps rejecting this token: {v}\n",
    ),
    "bearer_token": (
        "Authorization: Bearer {v}\n",
        "curl -s -H \"Authorization: Bearer {v}\" https://api.medlinkclearing.com/v2/claims/status\n",
        "headers = {{\"Authorization\": \"Bearer {v}\"}}\n",
    ),
    "private_key": (
        "{v}\n",
        "\"private_key\": \"{v}\",\n",
    ),
    "password_kv": (
        "password={v}\n",
        "DB_PASSWORD={v}\n",
        "sftp.password = {v}\n",
        "<add key=\"ClearinghousePassword\" value=\"{v}\" />\n",
        "\"password\": \"{v}\",\n",
    ),
    "password_cli": (
        "sshpass -p '{v}' sftp -P 22 {target}\n",
        "mysql -h rx-claims-db -u {user} -p'{v}' pbm_claims\n",
        "sqlcmd -S claimsdb01 -U {user} -P \"{v}\" -Q \"select count(*) from dbo.ERA_835\"\n",
        "curl -u {user}:{v} https://edi.medlinkclearing.com/api/999\n",
    ),
    "password_ctor": (
        "sftp = pysftp.Connection('sftp.medlinkclearing.com', username='{user}', password='{v}')\n",
        "var cred = new NetworkCredential(\"{user}\", \"{v}\");\n",
        "conn = psycopg2.connect(host=\"pg-member\", user=\"{user}\", password=\"{v}\", dbname=\"members\")\n",
        "transport.connect(username=\"{user}\", password=\"{v}\")\n",
    ),
    "password_prose": (
        "the password for the Availity test account is {v}\n",
        "pw for the clearinghouse portal: {v} (changed it yesterday)\n",
        "la contraseña del portal de proveedores es {v}\n",
        "a senha do SFTP da operadora é {v}\n",
        "le mot de passe du compte de facturation est {v}\n",
        "das Passwort für den Abrechnungs-Server lautet {v}\n",
    ),
    "password_yaml": (
        "sftp:\n  host: sftp.medlinkclearing.com\n  username: {user}\n  password: {v}\n",
        "datasource:\n  url: jdbc:sqlserver://claimsdb01:1433;databaseName=FACETS\n  username: {user}\n  password: \"{v}\"\n",
        "mirth:\n  db:\n    user: {user}\n    password: '{v}'\n",
    ),
    "password_url": (
        "sftp://{user}:{v}@sftp.medlinkclearing.com:22/outbound/837\n",
        "DATABASE_URL=postgres://{user}:{v}@pg-pa.postgres.database.azure.com:5432/priorauth\n",
        "amqp://{user}:{v}@rabbit-hl7.corp.bluepeakhealth.com:5672/adt\n",
    ),
    "anthropic_key": (
        "ANTHROPIC_API_KEY={v}\n",
        "client = anthropic.Anthropic(api_key=\"{v}\")  # medical-necessity summarizer pilot\n",
        "x-api-key: {v}\n",
    ),
    "entra_client_secret": (
        "AZURE_CLIENT_SECRET={v}\nAZURE_TENANT_ID=contoso-health.onmicrosoft.com\n",
        "\"clientSecret\": \"{v}\",\n",
        "client secret for the FHIR app registration: {v} (expires in 6 months)\n",
    ),
    "cosmos_key": (
        "COSMOS_KEY={v}\nCOSMOS_ENDPOINT=https://cosmos-member-360.documents.azure.com:443/\n",
        "client = CosmosClient(\"https://cosmos-pa-cases.documents.azure.com:443/\", credential=\"{v}\")\n",
        "\"cosmosPrimaryKey\": \"{v}\",\n",
    ),
    "twilio_key": (
        "TWILIO_API_KEY={v}\nTWILIO_API_SECRET=in-keyvault\n",
        "client = Client(\"{v}\", api_secret, account_sid)  # refill reminder SMS\n",
        "twilio key {v} is the one for the appointment-reminder IVR\n",
    ),
    "mailgun_key": (
        "MAILGUN_API_KEY={v}\nMAILGUN_DOMAIN=mg.bluepeakhealth.com\n",
        "curl -s --user 'api:{v}' https://api.mailgun.net/v3/mg.bluepeakhealth.com/messages\n",
    ),
    "pypi_token": (
        "[pypi]\n  username = __token__\n  password = {v}\n",
        "TWINE_PASSWORD={v} twine upload dist/x12_tools-2.4.1*\n",
    ),
    "huggingface_token": (
        "HF_TOKEN={v}\n",
        "huggingface-cli login --token {v}\n",
        "tokenizer = AutoTokenizer.from_pretrained(\"bluepeak/icd-coder\", token=\"{v}\")\n",
    ),
}

CRED_KINDS = tuple(SNIPPETS)

_MAKERS = {
    "github_token": Values.github, "slack_token": Values.slack_token, "slack_webhook": Values.slack_webhook,
    "gitlab_token": Values.gitlab, "stripe_key": Values.stripe, "google_api_key": Values.google_key, "npm_token": Values.npm,
    "azure_devops_pat": Values.ado_pat, "sendgrid_key": Values.sendgrid, "azure_storage_key": Values.b64key,
    "azure_openai_key": Values.aoai_key, "azure_ai_key_no_keyword": lambda v: v.annotated("ACOG") if v.chance(0.6) else v.r("0123456789abcdef", 32),
    "openai_key": Values.openai, "aws_access_key_id": Values.aws_id, "aws_secret_key": Values.aws_secret, "jwt": Values.jwt,
    "bearer_token": Values.bearer, "password_kv": Values.password, "password_cli": lambda v: v.password("#%-_.+"),
    "password_ctor": Values.password, "password_prose": lambda v: v.password("!#%*-_?"),
    "password_yaml": lambda v: v.password("!#%*-_.?"), "password_url": lambda v: v.password("-_.!*"),
    "anthropic_key": Values.anthropic, "entra_client_secret": Values.entra_secret, "cosmos_key": Values.b64key,
    "twilio_key": Values.twilio, "mailgun_key": Values.mailgun, "pypi_token": Values.pypi, "huggingface_token": Values.hf,
}
USERS = ("svc_edi", "bp_claims", "edi_sub_40211", "mirth", "pa_app", "rx_batch", "elig_loader", "facets_ro", "hl7feed")


def credential(vals: Values, kinds: tuple[str, ...] = CRED_KINDS) -> list[V | N | str]:
    """One credential of the least-used of `kinds` in one of its pasted forms, as parts for Doc.w."""
    kind = vals.least("cred", kinds)
    template = vals.pick(SNIPPETS[kind])
    secret = None
    if kind == "private_key":
        escaped = "\"private_key\"" in template
        value = vals.pem(escaped=escaped)
    elif kind == "sas_token":
        value, secret = vals.sas()
    elif kind == "connection_string":
        value, secret = vals.conn_string()
    else:
        value = _MAKERS[kind](vals)
    slot = V(value, CRED, kind, secret)
    parts: list[V | N | str] = []
    pos = 0
    for m in re.finditer(r"\{\{|\}\}|\{(\w+)\}", template):
        parts.append(template[pos:m.start()])
        pos = m.end()
        tok = m.group(0)
        if tok in ("{{", "}}"):
            parts.append(tok[0])
        elif m.group(1) == "v":
            parts.append(slot)
        elif m.group(1) == "user":
            parts.append(vals.pick(USERS))
        elif m.group(1) == "target":
            parts.append(N(f"{vals.pick(USERS)}@sftp.medlinkclearing.com", "ssh_target", "EMAIL_ADDRESS"))
        elif m.group(1) == "n":
            parts.append(str(vals.rng.randrange(1000, 99999)))
        else:
            parts.append(tok)
    parts.append(template[pos:])
    return [p for p in parts if p != ""]
