"""How telecom and utility IT pastes each credential kind: forms by kind, each tagged with the kind of text it fits
(env, shell, code, yaml, json, ini, prose, log), written with ⟨slot⟩ holes. `cred()` writes the least-used kind a
text can hold, in one of its forms. A label spans the value only (the password, not `password=` nor the URL around
it); a connection string or a SAS is labelled whole, its secret the key, password or signature."""

from __future__ import annotations

from tests.dlp_eval.templates import Doc, Neg, Val
from tests.dlp_eval.value_source import ALNUM, rand

from .values import CRED, Values

Form = tuple[str, str]  # (tag, template)

FORMS: dict[str, tuple[Form, ...]] = {
    "github_token": (
        ("env", "GITHUB_TOKEN=⟨v⟩"),
        ("shell", "git clone https://x-access-token:⟨v⟩@github.com/⟨org⟩/meter-ingest.git"),
        ("yaml", "      - uses: actions/checkout@v4\n        with:\n          token: ⟨v⟩"),
        ("prose", "I put the PAT ⟨v⟩ in the runner config but the workflow still gets a 403"),
        ("code", "gh = Github(\"⟨v⟩\")\nrepo = gh.get_repo(\"⟨org⟩/tariff-engine\")"),
    ),
    "npm_token": (
        ("ini", "//registry.npmjs.org/:_authToken=⟨v⟩"),
        ("env", "NPM_TOKEN=⟨v⟩"),
        ("shell", "npm config set //registry.npmjs.org/:_authToken ⟨v⟩ && npm publish"),
        ("prose", "the publish token for @⟨org⟩/outage-map is ⟨v⟩"),
        ("yaml", "  variables:\n    NPM_TOKEN: ⟨v⟩"),
    ),
    "gitlab_token": (
        ("shell", "curl --header \"PRIVATE-TOKEN: ⟨v⟩\" https://gitlab.⟨org⟩.internal/api/v4/projects/412/pipelines"),
        ("env", "GITLAB_TOKEN=⟨v⟩"),
        ("shell", "git clone https://oauth2:⟨v⟩@gitlab.⟨org⟩.internal/oss/radius-config.git"),
        ("prose", "deploy token for the provisioning repo: ⟨v⟩"),
        ("yaml", "  variables:\n    GL_TOKEN: \"⟨v⟩\""),
    ),
    "slack_token": (
        ("code", "client = WebClient(token=\"⟨v⟩\")\nclient.chat_postMessage(channel=\"#noc-major\", text=msg)"),
        ("env", "SLACK_BOT_TOKEN=⟨v⟩"),
        ("prose", "the outage bot posts to #noc-major with ⟨v⟩"),
        ("yaml", "  slack:\n    botToken: ⟨v⟩"),
        ("shell", "curl -s -H 'Authorization: Bearer ⟨v⟩' -d channel=C04NOC7Q2 -d text='BNG-3 failover' "
                  "https://slack.com/api/chat.postMessage"),
    ),
    "slack_webhook": (
        ("yaml", "      slack_configs:\n        - api_url: ⟨v⟩\n          channel: '#grid-alerts'"),
        ("shell", "curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"SMSC queue above 50k\"}' ⟨v⟩"),
        ("env", "SLACK_WEBHOOK_URL=⟨v⟩"),
        ("prose", "field dispatch alerts go to ⟨v⟩ (the #field-dispatch channel)"),
        ("json", "\"slackWebhook\": \"⟨v⟩\""),
    ),
    "stripe_key": (
        ("env", "STRIPE_SECRET_KEY=⟨v⟩"),
        ("code", "stripe.api_key = \"⟨v⟩\"\nintent = stripe.PaymentIntent.create(amount=2500, currency=\"eur\")"),
        ("prose", "the top-up portal's live key is ⟨v⟩ - can we rotate it without breaking prepaid top-ups?"),
        ("shell", "curl https://api.stripe.com/v1/payment_intents -u ⟨v⟩: -d amount=2500 -d currency=gbp"),
        ("json", "\"stripeSecretKey\": \"⟨v⟩\""),
    ),
    "google_api_key": (
        ("code", "GEOCODE_URL = \"https://maps.googleapis.com/maps/api/geocode/json?key=⟨v⟩\""),
        ("env", "GOOGLE_MAPS_API_KEY=⟨v⟩"),
        ("prose", "the field app's Maps key ⟨v⟩ hit its daily quota again"),
        ("yaml", "  maps:\n    apiKey: ⟨v⟩"),
        ("json", "\"google_maps_key\": \"⟨v⟩\""),
        ("log", "GET https://maps.googleapis.com/maps/api/geocode/json?address=site&key=⟨v⟩ -> 403 REQUEST_DENIED"),
    ),
    "azure_devops_pat": (
        ("shell", "export AZURE_DEVOPS_EXT_PAT=⟨v⟩\naz pipelines run --name bss-nightly --org https://dev.azure.com/⟨org⟩"),
        ("shell", "git clone https://build:⟨v⟩@dev.azure.com/⟨org⟩/OSS/_git/provisioning"),
        ("prose", "PAT for the self-hosted agent on the billing box: ⟨v⟩"),
        ("yaml", "  variables:\n    AZDO_PAT: ⟨v⟩"),
        ("env", "AZDO_PERSONAL_ACCESS_TOKEN=⟨v⟩"),
    ),
    "sendgrid_key": (
        ("env", "SENDGRID_API_KEY=⟨v⟩"),
        ("code", "sg = SendGridAPIClient(\"⟨v⟩\")\nsg.send(bill_ready_mail)"),
        ("prose", "bill-ready e-mails stopped going out, the SendGrid key is ⟨v⟩"),
        ("yaml", "  mail:\n    sendgridApiKey: ⟨v⟩"),
    ),
    "azure_storage_key": (
        ("env", "AZURE_STORAGE_KEY=⟨v⟩"),
        ("shell", "az storage blob upload --account-name ⟨acct⟩ --account-key ⟨v⟩ -c meter-reads -f reads.csv"),
        ("code", "cred = StorageSharedKeyCredential(\"⟨acct⟩\", \"⟨v⟩\")"),
        ("prose", "key1 of ⟨acct⟩ is ⟨v⟩"),
        ("yaml", "  storage:\n    accountName: ⟨acct⟩\n    accountKey: ⟨v⟩"),
    ),
    "connection_string": (
        ("env", "ConnectionStrings__Billing=\"⟨cs⟩\""),
        ("json", "\"AzureWebJobsStorage\": \"⟨cs⟩\""),
        ("code", "var client = new ServiceBusClient(\"⟨cs⟩\");"),
        ("yaml", "  connectionString: \"⟨cs⟩\""),
        ("prose", "the read-only connection string is ⟨cs⟩"),
    ),
    "sas_token": (
        ("shell", "azcopy copy './cdr/*.gz' 'https://⟨acct⟩.blob.core.windows.net/cdr-archive?⟨v⟩' --recursive"),
        ("env", "CDR_ARCHIVE_SAS=\"⟨v⟩\""),
        ("prose", "use this link, it is valid until the end of the quarter: "
                  "https://⟨acct⟩.blob.core.windows.net/exports/bill-run.csv?⟨v⟩"),
        ("json", "\"exportUrl\": \"https://⟨acct⟩.blob.core.windows.net/meter-exports?⟨v⟩\""),
    ),
    "azure_openai_key": (
        ("env", "AZURE_OPENAI_API_KEY=⟨v⟩"),
        ("shell", "curl \"https://aoai-⟨org⟩-weu.openai.azure.com/openai/deployments/gpt-4o/chat/completions?"
                  "api-version=2024-10-21\" -H \"api-key: ⟨v⟩\" -d @complaint.json"),
        ("code", "client = AzureOpenAI(azure_endpoint=ENDPOINT, api_key=\"⟨v⟩\", api_version=\"2024-10-21\")"),
        ("prose", "the assistant's Azure OpenAI key is ⟨v⟩"),
        ("yaml", "  openai:\n    azureKey: ⟨v⟩"),
    ),
    "azure_ai_key_no_keyword": (
        ("prose", "this is what the portal shows for the call-transcription resource: ⟨v⟩"),
        ("json", "\"speech\": {\"region\": \"westeurope\", \"sub\": \"⟨v⟩\"}"),
        ("code", "speech_config = speechsdk.SpeechConfig(subscription=\"⟨v⟩\", region=\"northeurope\")"),
        ("env", "CALL_SUMMARY_AI=⟨v⟩"),
        ("yaml", "  transcriber:\n    endpoint: https://cog-⟨org⟩-stt.cognitiveservices.azure.com/\n    credential: ⟨v⟩"),
    ),
    "openai_key": (
        ("env", "OPENAI_API_KEY=⟨v⟩"),
        ("code", "client = OpenAI(api_key=\"⟨v⟩\")"),
        ("prose", "I used my own key ⟨v⟩ to test the complaint classifier"),
        ("shell", "curl https://api.openai.com/v1/models -H \"Authorization: Bearer ⟨v⟩\""),
    ),
    "anthropic_key": (
        ("env", "ANTHROPIC_API_KEY=⟨v⟩"),
        ("code", "client = anthropic.Anthropic(api_key=\"⟨v⟩\")"),
        ("shell", "curl https://api.anthropic.com/v1/messages -H \"x-api-key: ⟨v⟩\" -H \"anthropic-version: 2023-06-01\""),
        ("prose", "the eval harness uses ⟨v⟩ for the second-opinion model"),
    ),
    "aws_access_key_id": (
        ("ini", "[cdr-export]\naws_access_key_id = ⟨v⟩\naws_secret_access_key = ⟨aws_secret⟩\nregion = eu-west-1"),
        ("env", "AWS_ACCESS_KEY_ID=⟨v⟩"),
        ("log", "botocore.credentials INFO Found credentials in environment variables. AccessKeyId=⟨v⟩"),
        ("prose", "the IAM user for the CDR bucket is ⟨v⟩"),
        ("yaml", "  aws:\n    accessKeyId: ⟨v⟩"),
    ),
    "aws_secret_key": (
        ("env", "AWS_SECRET_ACCESS_KEY=⟨v⟩"),
        ("yaml", "  aws:\n    secret_access_key: ⟨v⟩"),
        ("code", "s3 = boto3.client(\"s3\", aws_access_key_id=KEY_ID, aws_secret_access_key=\"⟨v⟩\")"),
        ("prose", "secret access key for the meter-archive bucket: ⟨v⟩"),
    ),
    "jwt": (
        ("shell", "curl -s https://prov-api.⟨org⟩.internal/v2/subscribers -H \"Authorization: Bearer ⟨v⟩\""),
        ("log", "WARN auth.filter rejected token=⟨v⟩ reason=aud_mismatch"),
        ("prose", "can you decode this and tell me why the scope is wrong? ⟨v⟩"),
        ("json", "\"access_token\": \"⟨v⟩\""),
    ),
    "bearer_token": (
        ("log", "> Authorization: Bearer ⟨v⟩"),
        ("shell", "curl -X POST https://api.meterhub.⟨org⟩.io/v1/reads -H \"Authorization: Bearer ⟨v⟩\" -d @reads.json"),
        ("code", "headers = {\"Authorization\": \"Bearer ⟨v⟩\", \"Accept\": \"application/json\"}"),
        ("prose", "the CRM bridge token is ⟨v⟩ (Bearer)"),
    ),
    "private_key": (
        ("prose", "the billing vendor sent this key for the SFTP drop, is it RSA or EC?\n⟨pem⟩"),
        ("yaml", "  tls.key: |\n⟨pem_indented⟩"),
        ("json", "\"private_key\": \"⟨pem_escaped⟩\""),
        ("shell", "cat > ~/.ssh/billprint_id <<'EOF'\n⟨pem⟩\nEOF"),
    ),
    "password_kv": (
        ("env", "DB_PASSWORD=⟨v⟩"),
        ("ini", "[mdm]\nhost = ⟨h⟩\nuser = ⟨u⟩\npassword = ⟨v⟩"),
        ("json", "\"password\": \"⟨v⟩\""),
        ("ini", "client bng-⟨n⟩ {\n    ipaddr = ⟨ip⟩\n    secret = ⟨v⟩\n    nas_type = other\n}"),
        ("env", "spring.datasource.password=⟨v⟩"),
    ),
    "password_cli": (
        ("shell", "mysql -u ⟨u⟩ -p'⟨v⟩' -h ⟨h⟩ billing < adjustments.sql"),
        ("shell", "sshpass -p '⟨v⟩' sftp -oPort=2222 ⟨tgt⟩"),
        ("shell", "lftp -u ⟨u⟩,'⟨v⟩' sftp://sftp.⟨vendor⟩ -e 'mirror -R outbound/ /in; bye'"),
        ("shell", "sqlcmd -S ⟨h⟩ -U ⟨u⟩ -P '⟨v⟩' -Q \"EXEC dbo.usp_rebill @run='2025-11'\""),
        ("shell", "curl -u ⟨u⟩:⟨v⟩ https://mdm.⟨org⟩.internal/api/readings?from=2025-11-01"),
    ),
    "password_ctor": (
        ("code", "var cred = new NetworkCredential(\"⟨u⟩\", \"⟨v⟩\");"),
        ("code", "sftp = pysftp.Connection(\"sftp.⟨vendor⟩\", username=\"⟨u⟩\", password=\"⟨v⟩\")"),
        ("code", "Connection c = DriverManager.getConnection(JDBC_URL, \"⟨u⟩\", \"⟨v⟩\");"),
        ("code", "ftp = ftplib.FTP_TLS(\"ftp.⟨vendor⟩\", \"⟨u⟩\", \"⟨v⟩\")"),
        ("code", "ssh.connect(\"⟨h⟩\", username=\"⟨u⟩\", password=\"⟨v⟩\")"),
    ),
    "password_prose": (
        ("prose", "the password for the meter head-end portal is ⟨v⟩"),
        ("prose:de", "Das Passwort für den Fernauslese-Server lautet ⟨v⟩"),
        ("prose:fr", "le mot de passe du portail fournisseur est ⟨v⟩"),
        ("prose:es", "la contraseña del SFTP de facturación es ⟨v⟩"),
        ("prose:pt", "a senha do portal de leituras é ⟨v⟩"),
        ("prose:it", "la password dell'utenza di servizio è ⟨v⟩"),
        ("prose:nl", "het wachtwoord van het storingsportaal is ⟨v⟩"),
        ("prose:pl", "hasło do panelu NOC to ⟨v⟩"),
        ("prose:ro", "parola pentru contul de facturare este ⟨v⟩"),
        ("prose", "pw for the shared outage mailbox is ⟨v⟩, please don't change it"),
    ),
    "password_yaml": (
        ("yaml", "  environment:\n    POSTGRES_USER: ⟨u⟩\n    POSTGRES_PASSWORD: \"⟨v⟩\""),
        ("yaml", "stringData:\n  username: ⟨u⟩\n  password: ⟨v⟩"),
        ("yaml", "  vars:\n    ansible_user: ⟨u⟩\n    ansible_password: ⟨v⟩"),
        ("yaml", "  radius:\n    user: ⟨u⟩\n    password: '⟨v⟩'"),
    ),
    "password_url": (
        ("env", "DATABASE_URL=postgresql://⟨u⟩:⟨pw_url⟩@⟨h⟩:5432/crm"),
        ("shell", "curl -T bills.zip sftp://⟨u⟩:⟨pw_url⟩@sftp.⟨vendor⟩/inbound/"),
        ("yaml", "  broker_url: amqp://⟨u⟩:⟨pw_url⟩@rabbit-oss.⟨org⟩.internal:5672/"),
        ("code", "engine = create_engine(\"mysql+pymysql://⟨u⟩:⟨pw_url⟩@⟨h⟩/billing\")"),
        ("prose", "the readings store is at mongodb://⟨u⟩:⟨pw_url⟩@mongo-mdm-0.⟨org⟩.internal:27017/readings"),
        ("log", "ERROR could not connect to redis://:⟨pw_url⟩@redis-sessions.⟨org⟩.internal:6379/0"),
    ),
    "entra_client_secret": (
        ("env", "AZURE_CLIENT_SECRET=⟨v⟩"),
        ("code", "cred = ClientSecretCredential(TENANT_ID, CLIENT_ID, \"⟨v⟩\")"),
        ("shell", "az login --service-principal -u ⟨guid⟩ -p ⟨v⟩ --tenant ⟨guid⟩"),
        ("json", "\"ClientSecret\": \"⟨v⟩\""),
        ("prose", "the app registration secret (expires in June) is ⟨v⟩"),
    ),
    "cosmos_key": (
        ("env", "COSMOS_KEY=⟨v⟩"),
        ("code", "client = CosmosClient(\"https://cosmos-⟨org⟩-mdm.documents.azure.com:443/\", credential=\"⟨v⟩\")"),
        ("json", "\"CosmosDb\": {\"Endpoint\": \"https://cosmos-⟨org⟩.documents.azure.com:443/\", \"PrimaryKey\": \"⟨v⟩\"}"),
        ("yaml", "  cosmos:\n    masterKey: ⟨v⟩"),
    ),
    "twilio_key": (
        ("env", "TWILIO_ACCOUNT_SID=⟨sid⟩\nTWILIO_API_KEY=⟨v⟩"),
        ("code", "client = Client(\"⟨v⟩\", API_SECRET, ACCOUNT_SID)"),
        ("prose", "outage SMS go through Twilio, API key ⟨v⟩"),
        ("yaml", "  twilio:\n    apiKey: ⟨v⟩"),
    ),
    "mailgun_key": (
        ("env", "MAILGUN_API_KEY=⟨v⟩"),
        ("shell", "curl -s --user 'api:⟨v⟩' https://api.eu.mailgun.net/v3/mg.⟨org⟩.com/messages -F to=ops -F text=test"),
        ("code", "requests.post(MG_URL, auth=(\"api\", \"⟨v⟩\"), data=payload)"),
        ("prose", "the Mailgun key for bill notifications is ⟨v⟩"),
    ),
    "pypi_token": (
        ("ini", "[pypi]\n  username = __token__\n  password = ⟨v⟩"),
        ("shell", "twine upload -u __token__ -p ⟨v⟩ dist/*"),
        ("env", "TWINE_PASSWORD=⟨v⟩"),
        ("prose", "the upload token for cdr-parser on PyPI is ⟨v⟩"),
    ),
    "huggingface_token": (
        ("shell", "huggingface-cli login --token ⟨v⟩"),
        ("env", "HF_TOKEN=⟨v⟩"),
        ("code", "login(token=\"⟨v⟩\")"),
        ("prose", "the read token for the call-summary model is ⟨v⟩"),
    ),
}

KINDS = tuple(FORMS)
USERS = ("svc_bss", "mdm_reader", "billing_etl", "radius", "prov_api", "noc_ops", "crm_app", "cdr_loader", "ami_sync")
VENDORS = ("billprint.co.uk", "docmail-services.com", "paybridge.net", "meterdata-exchange.eu", "printpost.ie",
           "cobranzas-integradas.es")


def _connection_string(v: Values, org: str) -> tuple[str, str]:
    which = v.least("cs_kind", ("storage", "servicebus", "sql", "npgsql", "eventhub"))
    if which == "storage":
        key = v.storage_key()
        return f"DefaultEndpointsProtocol=https;AccountName=st{org}cdr;AccountKey={key};EndpointSuffix=core.windows.net", key
    if which in ("servicebus", "eventhub"):
        key = v.sas_key()
        ns = f"{'sb' if which == 'servicebus' else 'evh'}-{org}-meter-events"
        entity = ";EntityPath=readings" if which == "eventhub" else ""
        return (f"Endpoint=sb://{ns}.servicebus.windows.net/;SharedAccessKeyName=send-only;SharedAccessKey={key}"
                f"{entity}"), key
    pw = v.password("!#%*-_.?")
    if which == "sql":
        return (f"Server=tcp:sql-billing-prod.database.windows.net,1433;Initial Catalog=billing;User ID=svc_bss;"
                f"Password={pw};Encrypt=True;"), pw
    return f"Host=pg-crm-01.{org}.internal;Port=5432;Database=crm;Username=crm_app;Password={pw}", pw


def _sas(v: Values) -> tuple[str, str]:
    sig = v.sas_key()[:-1].replace("+", "%2B").replace("/", "%2F") + "%3D"
    return (f"sv=2022-11-02&ss=b&srt=co&sp={v.pick(('rl', 'racwl', 'r'))}&se=2026-0{v.rng.randrange(1, 10)}-"
            f"{v.rng.randrange(10, 29)}T18:00:00Z&st=2025-11-01T08:00:00Z&spr=https&sig={sig}", sig)


def _fits(tag: str, tags: tuple[str, ...] | None, lang: str | None) -> bool:
    """A form tagged `tag` (`prose:de`: prose in German) fits a text taking `tags` in language `lang` (English
    prose fits every text; a text of no given language takes prose in any)."""
    base, _, form_lang = tag.partition(":")
    return (tags is None or base in tags) and (not form_lang or lang is None or form_lang == lang)


def cred(v: Values, doc: Doc, tags: tuple[str, ...] | None = None, org: str = "kestrel", kinds: tuple[str, ...] = KINDS,
         lead: str = "", tail: str = "\n", lang: str | None = None) -> str:
    """Write one credential of the least-used kind among `kinds` that has a form tagged with one of `tags`,
    after `lead` and before `tail`; returns its kind."""
    usable = [k for k in kinds if any(_fits(t, tags, lang) for t, _ in FORMS[k])]
    kind = v.least("cred_kind", usable)
    forms = [f for t, f in FORMS[kind] if _fits(t, tags, lang)]
    form = v.least(f"form:{kind}", forms)
    slots: dict[str, Val | Neg | str] = {
        "org": org, "acct": f"st{org}{v.pick(('cdr', 'meter', 'billing', 'exports'))}", "u": v.pick(USERS),
        "h": f"{v.pick(('pg-crm-01', 'sql-bss-02', 'mdm-db', 'radius-db-a', 'cdr-stage'))}.{org}.internal",
        "vendor": v.pick(VENDORS), "n": str(v.rng.randrange(1, 40)),
    }
    if "⟨tgt⟩" in form:
        slots["tgt"] = Neg(f"{slots['u']}@sftp.{slots['vendor']}", "ssh_target", "EMAIL_ADDRESS")
    if "⟨guid⟩" in form:
        slots["guid"] = v.guid()
    if "⟨sid⟩" in form:
        slots["sid"] = v.twilio_sid()
    if "⟨ip⟩" in form:
        slots["ip"] = v.ipv4(public=False)
    if kind == "connection_string":
        text, secret = _connection_string(v, org)
        slots["cs"] = Val(text, CRED, kind, secret)
    elif kind == "sas_token":
        text, secret = _sas(v)
        slots["v"] = Val(text, CRED, kind, secret)
    elif kind == "private_key":
        pem = v.pem()
        slots["pem"] = Val(pem, CRED, kind)
        slots["pem_escaped"] = Val(pem.replace("\n", "\\n"), CRED, kind)
        if "⟨pem_indented⟩" in form:  # a YAML block scalar: the label spans the indented lines
            slots["pem_indented"] = Val("\n".join("    " + line for line in pem.split("\n")).strip(), CRED, kind)
            form = form.replace("⟨pem_indented⟩", "    ⟨pem_indented⟩")
    elif kind == "password_url":
        slots["pw_url"] = Val(v.password("-_.!*~"), CRED, kind)
    elif kind.startswith("password_"):
        slots["v"] = Val(v.password("!#%*-_.?+$" if kind != "password_cli" else "#%-_.+!"), CRED, kind)
    else:
        text, secret = v.credential(kind)
        slots["v"] = Val(text, CRED, kind, secret)
    if "⟨aws_secret⟩" in form:
        slots["aws_secret"] = Val(v.aws_secret(), CRED, "aws_secret_key")
        v.used["cred_kind:aws_secret_key"] += 1
    doc.add(lead)
    doc.fill(form, **slots)
    doc.add(tail)
    return kind


def cred_val(v: Values, kinds: tuple[str, ...]) -> Val:
    """A bare credential value of the least-used of `kinds` (none of them a connection string, SAS or password_url),
    for a header or field a template writes itself."""
    kind = v.least("cred_kind", kinds)
    if kind.startswith("password_"):
        return Val(v.password(), CRED, kind)
    text, secret = v.credential(kind)
    return Val(text, CRED, kind, secret)


def noise_key(v: Values) -> str:
    """A non-secret setting line for config files (no value a DLP family scores)."""
    return v.pick((f"LOG_LEVEL={v.pick(('info', 'debug', 'warn'))}", f"BATCH_SIZE={v.rng.randrange(100, 5000)}",
                   "TZ=Europe/London", f"FEATURE_SMART_PREPAY={v.pick(('true', 'false'))}",
                   f"RETRY_MAX={v.rng.randrange(2, 9)}", f"REGION={v.pick(('westeurope', 'northeurope', 'uksouth'))}",
                   f"CDR_POLL_SECONDS={v.rng.randrange(15, 300)}", f"APP_INSTANCE={rand(v.rng, ALNUM, 6).lower()}"))
