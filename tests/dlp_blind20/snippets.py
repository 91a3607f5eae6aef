"""The credentials of the twentieth corpus as retail and logistics IT pastes them: every kind the harness scores, each
with a few forms (.env lines, Magento env.php, docker-compose, CI variables, carrier and 3PL SFTP logins, curl -u, PHP /
Python / C# constructors, prose in seven languages). `credential(vs, doc)` writes the least-used kind so far."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.dlp_eval.corpus import N, V
from tests.dlp_eval.templates import Doc
from tests.dlp_eval.value_source import ALNUM, HEX, rand

from .values import CRED, Values

KIND_NAMES = ("github_token", "slack_token", "slack_webhook", "gitlab_token", "stripe_key", "google_api_key", "npm_token",
              "azure_devops_pat", "sendgrid_key", "azure_storage_key", "connection_string", "sas_token",
              "azure_openai_key", "azure_ai_key_no_keyword", "openai_key", "aws_access_key_id", "aws_secret_key", "jwt",
              "bearer_token", "private_key", "password_kv", "password_cli", "password_ctor", "password_prose",
              "password_yaml", "password_url", "anthropic_key", "entra_client_secret", "cosmos_key", "twilio_key",
              "mailgun_key", "pypi_token", "huggingface_token")

HOSTS = ("db-orders.kestrel.internal", "mysql-magento-prod", "erp-sql01.kestrel.local", "pg-wms.kestrel.internal",
         "mariadb-shop02", "redis-cart.kestrel.internal")
SFTP_HOSTS = ("sftp.bol-partner.nl", "ftp.fulfilment-rhein.de", "edi.cargo3pl.pl", "sftp.logistica-sud.it",
              "transfer.almacen-levante.es", "sftp.depo-ist.com.tr", "edi.northgate-3pl.co.uk")
USERS = ("magento", "wms_sync", "erp_reader", "kestrel_edi", "svc_pos", "shopify_sync", "carrier_api", "loyalty_rw",
         "edi_kestrel", "returns_bot")


def _ts(vs: Values) -> str:
    return (f"2025-{vs.rng.randrange(1, 13):02d}-{vs.rng.randrange(1, 29):02d}T{vs.rng.randrange(24):02d}:"
            f"{vs.rng.randrange(60):02d}:{vs.rng.randrange(60):02d}Z")


def target(vs: Values, user: str | None = None) -> N:
    """An ssh / sftp `user@host` target: looks like an e-mail, is not one."""
    return N(f"{user or vs.pick(USERS)}@{vs.pick(SFTP_HOSTS)}", "ssh_target", "EMAIL_ADDRESS")


FILL: dict[str, Callable[[Values], object]] = {
    "host": lambda vs: vs.pick(HOSTS),
    "sftp": lambda vs: vs.pick(SFTP_HOSTS),
    "user": lambda vs: vs.pick(USERS),
    "ts": _ts,
    "ip": lambda vs: vs.ip_v(private=True),
    "target": target,
    "acct": lambda vs: vs.pick(("stkestrelmedia", "kestrelexports", "stshopimages01", "kestrelwmsarchive")),
    "guid": lambda vs: vs.guid(),
    "store": lambda vs: vs.pick(("kestrel-home", "kestrel-outlet-eu", "kestrel-nl", "kestrel-de-shop")),
}


def _fill(vs: Values, d: Doc, template: str, **slots: object) -> None:
    for name in re.findall(r"⟨(\w+)⟩", template):
        if name not in slots:
            slots[name] = FILL[name](vs)
    d.fill(template, **slots)


def _cs(vs: Values) -> V:
    form = vs.least("cs_form", ("sql", "storage", "servicebus", "cosmos", "jdbc"))
    if form == "sql":
        pw = vs.password()
        text = (f"Server=tcp:{vs.pick(('kestrel-erp', 'kestrel-dw', 'bi-retail'))}.database.windows.net,1433;"
                f"Initial Catalog={vs.pick(('erp', 'orders', 'loyalty'))};User ID={vs.pick(USERS)};Password={pw};"
                "Encrypt=True;TrustServerCertificate=False;")
    elif form == "storage":
        pw = vs.b64key()
        text = (f"DefaultEndpointsProtocol=https;AccountName={FILL['acct'](vs)};AccountKey={pw};"
                "EndpointSuffix=core.windows.net")
    elif form == "servicebus":
        pw = vs.b64key(32)
        text = (f"Endpoint=sb://{vs.pick(('sb-kestrel-orders', 'evh-pos-events', 'sb-wms'))}.servicebus.windows.net/;"
                f"SharedAccessKeyName={vs.pick(('RootManageSharedAccessKey', 'wms-send', 'pos-listen'))};SharedAccessKey={pw}")
    elif form == "cosmos":
        pw = vs.b64key()
        text = f"AccountEndpoint=https://{vs.pick(('cosmos-catalog', 'kestrel-carts'))}.documents.azure.com:443/;AccountKey={pw};"
    else:
        pw = vs.password()
        text = (f"jdbc:sqlserver://{vs.pick(HOSTS)}:1433;databaseName={vs.pick(('wms', 'erp'))};user={vs.pick(USERS)};"
                f"password={pw};encrypt=true")
    return V(text, CRED, "connection_string", pw)


def _sas(vs: Values) -> V:
    sig = vs.b64key(32).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    text = (f"sv=2024-11-04&ss=b&srt=co&sp={vs.pick(('rl', 'racwl', 'r'))}&se=2026-0{vs.rng.randrange(1, 10)}-"
            f"{vs.rng.randrange(10, 28)}T17:00:00Z&st=2025-06-01T08:00:00Z&spr=https&sig={sig}")
    return V(text, CRED, "sas_token", sig)


def _hook(vs: Values) -> V:
    url, secret = vs.slack_webhook()
    return V(url, CRED, "slack_webhook", secret)


MAKERS: dict[str, Callable[[Values], V | str]] = {
    "github_token": lambda vs: vs.github() if vs.chance(0.8) else vs.github_pat(),
    "slack_token": Values.slack, "slack_webhook": _hook, "gitlab_token": Values.gitlab, "stripe_key": Values.stripe,
    "google_api_key": Values.google, "npm_token": Values.npm, "azure_devops_pat": Values.ado_pat,
    "sendgrid_key": Values.sendgrid, "azure_storage_key": lambda vs: vs.b64key(), "connection_string": _cs,
    "sas_token": _sas, "azure_openai_key": Values.aoai,
    "azure_ai_key_no_keyword": lambda vs: vs.annotated("ACOG") if vs.chance(0.4) else rand(vs.rng, HEX, 32),
    "openai_key": Values.openai, "aws_access_key_id": Values.aws_id, "aws_secret_key": Values.aws_secret,
    "jwt": Values.jwt, "bearer_token": Values.opaque, "private_key": Values.pem,
    "password_kv": Values.password, "password_cli": Values.password_url, "password_ctor": Values.password,
    "password_prose": Values.password, "password_yaml": Values.password, "password_url": Values.password_url,
    "anthropic_key": Values.anthropic, "entra_client_secret": Values.entra, "cosmos_key": lambda vs: vs.b64key(),
    "twilio_key": Values.twilio, "mailgun_key": Values.mailgun, "pypi_token": Values.pypi,
    "huggingface_token": Values.hf,
}

# kind -> forms; ⟨v⟩ is the credential, ⟨v2⟩ a second one of a related kind where a form has it
FORMS: dict[str, tuple[str, ...]] = {
    "github_token": (
        "git clone https://x-access-token:⟨v⟩@github.com/kestrel-retail/storefront-theme.git\n",
        "- name: Deploy theme\n  env:\n    GITHUB_TOKEN: ⟨v⟩\n  run: shopify theme push --store ⟨store⟩\n",
        "GH_TOKEN=⟨v⟩\nREPO=kestrel-retail/pim-sync\n",
        "curl -H \"Authorization: token ⟨v⟩\" https://api.github.com/repos/kestrel-retail/wms-adapter/releases/latest\n"),
    "slack_token": (
        "SLACK_BOT_TOKEN=⟨v⟩\nSLACK_CHANNEL=#low-stock-alerts\n",
        "client = WebClient(token=\"⟨v⟩\")\nclient.chat_postMessage(channel=\"#returns-desk\", text=summary)\n",
        "curl -H 'Authorization: Bearer ⟨v⟩' -d channel=C05RETAIL -d text='label batch failed' https://slack.com/api/chat.postMessage\n"),
    "slack_webhook": (
        "ALERT_WEBHOOK=⟨v⟩\n",
        "requests.post(\"⟨v⟩\", json={\"text\": f\"{failed} labels failed for {carrier}\"})\n",
        "notify:\n  on_failure: ⟨v⟩\n"),
    "gitlab_token": (
        "variables:\n  GITLAB_DEPLOY_TOKEN: \"⟨v⟩\"\n",
        "curl --header \"PRIVATE-TOKEN: ⟨v⟩\" https://gitlab.kestrel-retail.com/api/v4/projects/42/pipelines\n",
        "git remote add deploy https://oauth2:⟨v⟩@gitlab.com/kestrel/magento-modules.git\n"),
    "stripe_key": (
        "STRIPE_SECRET_KEY=⟨v⟩\nSTRIPE_WEBHOOK_TOLERANCE=300\n",
        "stripe.api_key = \"⟨v⟩\"\nrefund = stripe.Refund.create(payment_intent=pi_id, amount=amount_cents)\n",
        "curl https://api.stripe.com/v1/refunds -u ⟨v⟩: -d charge=ch_3PxR2a -d amount=4599\n",
        "'payment' => ['stripe' => ['secret_key' => '⟨v⟩', 'mode' => 'live']],\n"),
    "google_api_key": (
        "<script src=\"https://maps.googleapis.com/maps/api/js?key=⟨v⟩&libraries=places\"></script>\n",
        "GOOGLE_MAPS_KEY=⟨v⟩\nSTORE_LOCATOR_RADIUS_KM=25\n",
        "merchant_center:\n  client_id: 4418807713-kestrel.apps.googleusercontent.com\n  client_secret: ⟨v⟩\n"),
    "npm_token": (
        "//registry.npmjs.org/:_authToken=⟨v⟩\n@kestrel:registry=https://registry.npmjs.org/\n",
        "NPM_TOKEN=⟨v⟩\n",
        "npm config set //registry.npmjs.org/:_authToken ⟨v⟩\n"),
    "azure_devops_pat": (
        "git clone https://kestrel:⟨v⟩@dev.azure.com/kestrel-retail/ERP/_git/d365-extensions\n",
        "export AZURE_DEVOPS_EXT_PAT=⟨v⟩\naz pipelines run --name pos-firmware-rollout\n",
        "AZDO_PAT: ⟨v⟩\n"),
    "sendgrid_key": (
        "SENDGRID_API_KEY=⟨v⟩\nMAIL_FROM_NAME=\"Kestrel Home\"\n",
        "sg = SendGridAPIClient(\"⟨v⟩\")\nsg.send(order_confirmation)\n",
        "'smtp' => ['host' => 'smtp.sendgrid.net', 'user' => 'apikey', 'key' => '⟨v⟩'],\n"),
    "azure_storage_key": (
        "AZURE_STORAGE_ACCOUNT=⟨acct⟩\nAZURE_STORAGE_KEY=⟨v⟩\n",
        "az storage blob upload-batch --account-name ⟨acct⟩ --account-key ⟨v⟩ -d product-images -s ./out\n",
        "cred = StorageSharedKeyCredential(\"⟨acct⟩\", \"⟨v⟩\")\n"),
    "connection_string": (
        "ConnectionStrings__Erp=\"⟨v⟩\"\n",
        "\"ConnectionStrings\": {\n  \"Wms\": \"⟨v⟩\"\n}\n",
        "conn = pyodbc.connect(\"⟨v⟩\")\n",
        "⟨ts⟩ ERROR LabelWorker: connection failed using ⟨v⟩\n"),
    "sas_token": (
        "https://⟨acct⟩.blob.core.windows.net/carrier-labels/batch-2231.zip?⟨v⟩\n",
        "EXPORT_SAS=\"⟨v⟩\"\n",
        "azcopy copy ./returns \"https://⟨acct⟩.blob.core.windows.net/returns-photos?⟨v⟩\" --recursive\n"),
    "azure_openai_key": (
        "AZURE_OPENAI_API_KEY=⟨v⟩\nAZURE_OPENAI_ENDPOINT=https://kestrel-aoai-weu.openai.azure.com/\n",
        "client = AzureOpenAI(api_key=\"⟨v⟩\", api_version=\"2024-10-21\", azure_endpoint=ENDPOINT)\n",
        "curl \"$ENDPOINT/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21\" -H \"api-key: ⟨v⟩\" -d @ticket.json\n"),
    "azure_ai_key_no_keyword": (
        "for the product-description generator use ⟨v⟩ with https://kestrel-ai.cognitiveservices.azure.com/\n",
        "kestrel-aoai-weu | westeurope | ⟨v⟩\n",
        "endpoint https://kestrel-translate.cognitiveservices.azure.com/ and ⟨v⟩ (region westeurope)\n"),
    "openai_key": (
        "OPENAI_API_KEY=⟨v⟩\n",
        "client = OpenAI(api_key=\"⟨v⟩\")\n",
        "curl https://api.openai.com/v1/embeddings -H \"Authorization: Bearer ⟨v⟩\" -d @catalog_batch.json\n"),
    "aws_access_key_id": (
        "[kestrel-s3]\naws_access_key_id = ⟨v⟩\naws_secret_access_key = ⟨v2⟩\nregion = eu-central-1\n",
        "AWS_ACCESS_KEY_ID=⟨v⟩\nAWS_SECRET_ACCESS_KEY=⟨v2⟩\n",
        "s3 = boto3.client(\"s3\", aws_access_key_id=\"⟨v⟩\", aws_secret_access_key=\"⟨v2⟩\")\n"),
    "aws_secret_key": (
        "export AWS_SECRET_ACCESS_KEY=⟨v⟩\naws s3 sync s3://kestrel-edi-inbound ./edi\n",
        "aws:\n  secret_access_key: ⟨v⟩\n  bucket: kestrel-invoices\n"),
    "jwt": (
        "Authorization: Bearer ⟨v⟩\n",
        "⟨ts⟩ WARN tracking-webhook rejected token=⟨v⟩ reason=expired\n",
        "{\"access_token\": \"⟨v⟩\", \"token_type\": \"Bearer\", \"expires_in\": 3600}\n"),
    "bearer_token": (
        "curl -H \"Authorization: Bearer ⟨v⟩\" https://api-eu.carrier-hub.com/v2/shipments/labels\n",
        "POST /parcel/v1/labels HTTP/1.1\nHost: api.kurierhub.pl\nAuthorization: Bearer ⟨v⟩\n",
        "headers = {\"Authorization\": \"Bearer ⟨v⟩\", \"Content-Type\": \"application/json\"}\n"),
    "private_key": (
        "⟨v⟩\n",
        "⟨v⟩\n"),
    "password_kv": (
        "CARRIER_API_USER=⟨user⟩\nCARRIER_API_PASSWORD=⟨v⟩\n",
        "[sftp]\nhost = ⟨sftp⟩\nuser = ⟨user⟩\npassword = ⟨v⟩\n",
        "'db' => ['connection' => ['default' => ['host' => '⟨host⟩', 'username' => '⟨user⟩', 'password' => '⟨v⟩']]],\n",
        "dhl.api.username=⟨user⟩\ndhl.api.password=⟨v⟩\n",
        "\"sftp\": { \"host\": \"⟨sftp⟩\", \"user\": \"⟨user⟩\", \"password\": \"⟨v⟩\" }\n",
        "<Credentials><UserName>⟨user⟩</UserName><Password>⟨v⟩</Password></Credentials>\n"),
    "password_cli": (
        "sshpass -p '⟨v⟩' sftp -oPort=2222 ⟨target⟩\n",
        "mysql -h ⟨host⟩ -u ⟨user⟩ -p'⟨v⟩' magento -e 'select count(*) from sales_order'\n",
        "lftp -u ⟨user⟩,⟨v⟩ sftp://⟨sftp⟩ -e 'mirror /outbound ./asn; quit'\n",
        "curl -u ⟨user⟩:⟨v⟩ https://api.dpd-connect.example-carrier.eu/shipping/v1/parcels\n",
        "smbclient //wms-fs01/exports -U ⟨user⟩%⟨v⟩ -c 'get picklist.csv'\n"),
    "password_ctor": (
        "$pdo = new PDO('mysql:host=⟨host⟩;dbname=magento', '⟨user⟩', '⟨v⟩');\n",
        "with pysftp.Connection('⟨sftp⟩', username='⟨user⟩', password='⟨v⟩') as sftp:\n    sftp.put('asn.xml')\n",
        "using var sftp = new SftpClient(\"⟨sftp⟩\", 22, \"⟨user⟩\", \"⟨v⟩\");\n",
        "smtp.Credentials = new NetworkCredential(\"⟨user⟩\", \"⟨v⟩\");\n",
        "Connection c = DriverManager.getConnection(url, \"⟨user⟩\", \"⟨v⟩\");\n",
        "ftp = ftplib.FTP_TLS('⟨sftp⟩', '⟨user⟩', '⟨v⟩')\n"),
    "password_prose": (
        "the password for the carrier portal is ⟨v⟩ (user ⟨user⟩)",
        "Das Passwort für das Lagerportal lautet ⟨v⟩, bitte nicht weitergeben.",
        "Het wachtwoord van de PostNL-koppeling is ⟨v⟩, gebruiker ⟨user⟩.",
        "Hasło do panelu kuriera to ⟨v⟩, login ⟨user⟩.",
        "la password del portale BRT è ⟨v⟩",
        "la contraseña del SFTP del almacén es ⟨v⟩",
        "Kargo entegrasyonunun şifresi ⟨v⟩, kullanıcı adı ⟨user⟩."),
    "password_yaml": (
        "services:\n  mysql:\n    image: mysql:8.0\n    environment:\n      MYSQL_ROOT_PASSWORD: ⟨v⟩\n",
        "spring:\n  datasource:\n    username: ⟨user⟩\n    password: ⟨v⟩\n",
        "stringData:\n  sftp-password: \"⟨v⟩\"\n",
        "wms:\n  api_user: ⟨user⟩\n  api_password: '⟨v⟩'\n"),
    "password_url": (
        "DATABASE_URL=mysql://⟨user⟩:⟨v⟩@⟨host⟩:3306/magento\n",
        "sftp://⟨user⟩:⟨v⟩@⟨sftp⟩/outbound/asn\n",
        "AMQP_URL=amqp://⟨user⟩:⟨v⟩@rabbit.kestrel.internal:5672/wms\n",
        "SHOP_ADMIN_URL=https://⟨user⟩:⟨v⟩@⟨store⟩.myshopify.com/admin/api/2024-10\n",
        "REDIS_URL=redis://:⟨v⟩@⟨host⟩:6379/2\n"),
    "anthropic_key": (
        "ANTHROPIC_API_KEY=⟨v⟩\n",
        "client = anthropic.Anthropic(api_key=\"⟨v⟩\")\n"),
    "entra_client_secret": (
        "D365_CLIENT_ID=⟨guid⟩\nD365_CLIENT_SECRET=⟨v⟩\n",
        "app = msal.ConfidentialClientApplication(\"⟨guid⟩\", client_credential=\"⟨v⟩\", authority=AUTHORITY)\n",
        "az login --service-principal -u ⟨guid⟩ -p ⟨v⟩ --tenant kestrelretail.onmicrosoft.com\n"),
    "cosmos_key": (
        "COSMOS_ENDPOINT=https://kestrel-catalog.documents.azure.com:443/\nCOSMOS_KEY=⟨v⟩\n",
        "var cosmos = new CosmosClient(\"https://kestrel-carts.documents.azure.com:443/\", \"⟨v⟩\");\n"),
    "twilio_key": (
        "TWILIO_ACCOUNT_SID=⟨sid⟩\nTWILIO_AUTH_TOKEN=⟨v⟩\n",
        "client = Client(\"⟨sid⟩\", \"⟨v⟩\")\nclient.messages.create(to=phone, from_=\"Kestrel\", body=eta_text)\n"),
    "mailgun_key": (
        "MAILGUN_API_KEY=⟨v⟩\nMAILGUN_DOMAIN=mg.kestrelhome.nl\n",
        "curl -s --user 'api:⟨v⟩' https://api.eu.mailgun.net/v3/mg.kestrel-retail.com/messages -F to=\"$TO\"\n"),
    "pypi_token": (
        "[pypi]\nusername = __token__\npassword = ⟨v⟩\n",
        "twine upload -u __token__ -p ⟨v⟩ dist/*\n"),
    "huggingface_token": (
        "HF_TOKEN=⟨v⟩\n",
        "login(token=\"⟨v⟩\")\nmodel = AutoModel.from_pretrained(\"kestrel/product-tagger\")\n"),
}


def make(vs: Values, kind: str) -> V:
    made = MAKERS[kind](vs)
    return made if isinstance(made, V) else V(made, CRED, kind)


def credential(vs: Values, d: Doc, kinds: tuple[str, ...] = KIND_NAMES) -> str:
    """Writes one credential of the least-used of `kinds` in one of its forms; returns the kind."""
    kind = vs.least("cred", kinds)
    if kind == "private_key":
        if vs.chance(0.5):
            key = make(vs, kind)
            d.add("deploy key for the 3PL sftp (id_kestrel_edi):\n", key, "\n")
        else:
            key = V(vs.pem(escaped=True), CRED, kind)
            d.add("{\n  \"type\": \"service_account\",\n  \"project_id\": \"kestrel-merchant-feed\",\n  \"private_key\": \"",
                  key, "\\n\",\n  \"client_email\": \"",
                  N("feed-sync@kestrel-merchant-feed.iam.gserviceaccount.com", "service_account", "EMAIL_ADDRESS"), "\"\n}\n")
        return kind
    form = vs.least(f"form:{kind}", FORMS[kind])
    slots: dict[str, object] = {"v": make(vs, kind)}
    if kind == "google_api_key":  # an OAuth client secret where a client secret goes, an API key elsewhere
        slots["v"] = V(vs.pick(("GOCSPX-",)) + rand(vs.rng, ALNUM + "-_", 28) if "client_secret" in form else
                       "AIzaSy" + rand(vs.rng, ALNUM + "-_", 33), CRED, kind)
    if "⟨v2⟩" in form:
        slots["v2"] = V(vs.aws_secret(), CRED, "aws_secret_key")
    if "⟨sid⟩" in form:
        slots["sid"] = vs.account_sid()
    _fill(vs, d, form, **slots)
    return kind
