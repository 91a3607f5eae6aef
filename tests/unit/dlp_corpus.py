"""A labelled DLP corpus, generated from a seed: planted entities at known offsets, and clean texts
that look risky (order numbers, phone-like ids, UUIDs, hashes, code that handles secrets).

Every value is synthetic: keys are random strings in the vendor's shape, card numbers pass
Luhn, IBANs pass mod 97, SSNs avoid the never-issued ranges. Gold spans are what a redaction
must cover: the value, not its keyword or quotes.
"""

from __future__ import annotations

import base64
import hashlib
import random
import string
import uuid
from dataclasses import dataclass
from collections import Counter
from typing import Any, Callable, Iterable

from aoai_logpipe.core import content, merge
from aoai_logpipe.core.resolve import Exchange
from aoai_logpipe.core.types import Caller, Dialect, Position
from tests.dlp_eval.checksums import iban_check_digits, luhn_complete

ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"
HEX_UPPER = HEX.upper()

FIRST = ["Alice", "Bob", "Chen", "Dana", "Emeka", "Farah", "Giulia", "Hiro", "Ines", "Jonas", "Kofi", "Lena"]
LAST = ["Smith", "Okafor", "Nguyen", "Schmidt", "Rossi", "Tanaka", "Silva", "Kowalski", "Haddad", "Larsen"]
DOMAINS = ["contoso.com", "fabrikam.co.uk", "northwind.de", "adventure-works.org", "tailspin.io", "litware.net"]
AREA_CODES = ["212", "312", "415", "617", "206", "303", "512", "646", "702", "818", "404", "305"]


@dataclass(frozen=True, slots=True)
class Gold:
    entity: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    gold: tuple[Gold, ...]


class _Text:
    """Appends literal text and planted values, recording each value's offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.gold: list[Gold] = []

    def add(self, text: str) -> _Text:
        self.parts.append(text)
        self.length += len(text)
        return self

    def plant(self, entity: str, value: str) -> _Text:
        self.gold.append(Gold(entity, self.length, self.length + len(value)))
        return self.add(value)

    def sample(self) -> Sample:
        return Sample("".join(self.parts), tuple(self.gold))


# ---------------------------------------------------------------- values


def _rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _mixed(rng: random.Random, alphabet: str, n: int) -> str:
    """Random, but with an upper-case letter, a lower-case letter and a digit (like real keys)."""
    while True:
        value = _rand(rng, alphabet, n)
        if any(c.isupper() for c in value) and any(c.islower() for c in value) and any(c.isdigit() for c in value):
            return value


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def account_key(rng: random.Random) -> str:
    return base64.b64encode(rng.randbytes(64)).decode()


def storage_connection_string(rng: random.Random) -> str:
    account = _rand(rng, string.ascii_lowercase + string.digits, rng.randint(6, 20))
    tail = rng.choice([";EndpointSuffix=core.windows.net", "", ";EndpointSuffix=core.chinacloudapi.cn"])
    return f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={account_key(rng)}{tail}"


def cosmos_connection_string(rng: random.Random) -> str:
    account = _rand(rng, string.ascii_lowercase, rng.randint(5, 14))
    return f"AccountEndpoint=https://{account}.documents.azure.com:443/;AccountKey={account_key(rng)};"


def servicebus_connection_string(rng: random.Random) -> str:
    namespace = _rand(rng, string.ascii_lowercase, rng.randint(5, 12))
    key = base64.b64encode(rng.randbytes(32)).decode()
    entity = rng.choice(["", ";EntityPath=orders", ";EntityPath=telemetry-hub"])
    policy = rng.choice(["RootManageSharedAccessKey", "send-only", "listen"])
    return (f"Endpoint=sb://{namespace}.servicebus.windows.net/;SharedAccessKeyName={policy};"
            f"SharedAccessKey={key}{entity}")


def sas_token(rng: random.Random) -> str:
    sig = base64.b64encode(rng.randbytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return (f"sv=2022-11-02&ss={rng.choice(['b', 'bf', 'bfqt'])}&srt=sco&sp={rng.choice(['r', 'rl', 'rwdlac'])}"
            f"&se=2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T00:00:00Z&spr=https&sig={sig}")


def azure_ai_key(rng: random.Random) -> str:
    """The 84-character Azure AI services (Azure OpenAI) key format."""
    return (_mixed(rng, ALNUM, 52) + "JQQJ99" + rng.choice(["AK", "BF", "BL", "BG"]) + "AC"
            + _rand(rng, ALNUM, 14) + "ACOG" + _rand(rng, ALNUM, 4))


def legacy_azure_openai_key(rng: random.Random) -> str:
    return _rand(rng, HEX, 32)


def openai_key(rng: random.Random) -> str:
    kind = rng.choice(["legacy", "marker", "project"])
    if kind == "legacy":
        return "sk-" + _mixed(rng, ALNUM, 48)
    if kind == "marker":
        return "sk-" + _mixed(rng, ALNUM, 20) + "T3BlbkFJ" + _mixed(rng, ALNUM, 20)
    return "sk-proj-" + _mixed(rng, B64URL, 74) + "T3BlbkFJ" + _mixed(rng, B64URL, 74)


def _b64url_json(data: str) -> str:
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def jwt(rng: random.Random) -> str:
    header = _b64url_json('{"alg":"RS256","typ":"JWT","kid":"%s"}' % _rand(rng, ALNUM, 8))
    payload = _b64url_json('{"sub":"%s","aud":"api://%s","exp":%d}' % (
        uuid.UUID(int=rng.getrandbits(128)), _rand(rng, string.ascii_lowercase, 6), rng.randint(1_700_000_000, 1_800_000_000)))
    return f"{header}.{payload}.{base64.urlsafe_b64encode(rng.randbytes(64)).decode().rstrip('=')}"


def opaque_token(rng: random.Random) -> str:
    return _mixed(rng, ALNUM + "._-", rng.randint(24, 64))


def private_key(rng: random.Random) -> str:
    label = rng.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
    body = base64.b64encode(rng.randbytes(rng.choice([120, 600, 1200]))).decode()
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {label}-----\n{lines}\n-----END {label}-----"


def aws_access_key_id(rng: random.Random) -> str:
    return rng.choice(["AKIA", "ASIA"]) + _rand(rng, string.ascii_uppercase + "234567", 16)


def aws_secret_key(rng: random.Random) -> str:
    return _mixed(rng, ALNUM + "/+", 40)


def password(rng: random.Random) -> str:
    return _mixed(rng, ALNUM + "!@#%^*-_", rng.randint(8, 20))


B32_LOWER = string.ascii_lowercase + "234567"


def github_token(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return f"github_pat_{_mixed(rng, ALNUM, 22)}_{_mixed(rng, ALNUM, 59)}"
    return rng.choice(["ghp", "gho", "ghs", "ghu"]) + "_" + _mixed(rng, ALNUM, 36)


def slack_token(rng: random.Random) -> str:
    team, bot = _rand(rng, string.digits, 12), _rand(rng, string.digits, 13)
    return rng.choice([
        f"xoxb-{team}-{bot}-{_mixed(rng, ALNUM, 24)}",
        f"xoxp-{team}-{bot}-{_rand(rng, string.digits, 13)}-{_rand(rng, HEX, 32)}",
        f"xapp-1-A{_rand(rng, string.ascii_uppercase + string.digits, 10)}-{bot}-{_rand(rng, HEX, 64)}",
        f"https://hooks.slack.com/services/T{_rand(rng, HEX_UPPER, 10)}/B{_rand(rng, HEX_UPPER, 10)}/"
        f"{_mixed(rng, ALNUM, 24)}",
    ])


def gitlab_token(rng: random.Random) -> str:
    return "glpat-" + _mixed(rng, B64URL, 20)


def stripe_key(rng: random.Random) -> str:
    return f"{rng.choice(['sk', 'rk'])}_{rng.choice(['live', 'test'])}_{_mixed(rng, ALNUM, rng.choice([24, 99]))}"


def google_api_key(rng: random.Random) -> str:
    return "AIza" + _mixed(rng, B64URL, 35)


def npm_token(rng: random.Random) -> str:
    return "npm_" + _mixed(rng, ALNUM, 36)


def devops_pat(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return (_mixed(rng, ALNUM, 52) + "JQQJ99" + rng.choice(["BC", "AL"]) + "AC" + _rand(rng, ALNUM, 14) + "AZDO"
                + _rand(rng, ALNUM, 4))
    while True:
        value = _rand(rng, B32_LOWER, 52)
        if any(c.isdigit() for c in value):
            return value


def sendgrid_key(rng: random.Random) -> str:
    return f"SG.{_mixed(rng, B64URL, 22)}.{_mixed(rng, B64URL, 43)}"


def anthropic_key(rng: random.Random) -> str:
    return f"sk-ant-api03-{_mixed(rng, B64URL, 93)}AA"


def huggingface_token(rng: random.Random) -> str:
    return "hf_" + _rand(rng, string.ascii_letters, 34)


def pypi_token(rng: random.Random) -> str:
    index = rng.choice(["AgEIcHlwaS5vcmc", "AgENdGVzdC5weXBpLm9yZw"])  # pypi.org, test.pypi.org
    return "pypi-" + index + _rand(rng, string.ascii_letters + string.digits + "-_", rng.randint(50, 170))


def mailgun_key(rng: random.Random) -> str:
    return "key-" + _rand(rng, "0123456789abcdef", 32)


def twilio_key_sid(rng: random.Random) -> str:
    return "SK" + _rand(rng, "0123456789abcdef", 32)


def credit_card(rng: random.Random) -> str:
    prefix, length = rng.choice([("4", 16), ("51", 16), ("53", 16), ("55", 16), ("37", 15), ("34", 15),
                                 (str(rng.randint(2221, 2720)), 16), ("6011", 16)])
    number = luhn_complete(prefix + _rand(rng, string.digits, length - len(prefix) - 1))
    if length == 16 and rng.random() < 0.6:
        sep = rng.choice([" ", "-"])
        return sep.join(number[i:i + 4] for i in range(0, 16, 4))
    return number


def ssn(rng: random.Random) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    sep = rng.choice(["-", "-", "-", " "])
    return f"{area:03d}{sep}{rng.randint(1, 99):02d}{sep}{rng.randint(1, 9999):04d}"


def iban(rng: random.Random) -> str:
    country, bban = rng.choice([
        ("DE", lambda: _rand(rng, string.digits, 18)),
        ("GB", lambda: _rand(rng, string.ascii_uppercase, 4) + _rand(rng, string.digits, 14)),
        ("NL", lambda: _rand(rng, string.ascii_uppercase, 4) + _rand(rng, string.digits, 10)),
        ("FR", lambda: _rand(rng, string.digits, 23)),
        ("BE", lambda: _rand(rng, string.digits, 12)),  # 16 characters
        ("AT", lambda: _rand(rng, string.digits, 16)),  # 20
        ("ES", lambda: _rand(rng, string.digits, 20)),  # 24
    ])
    body = bban()
    value = f"{country}{iban_check_digits(country, body)}{body}"
    if rng.random() < 0.5:
        return " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def email(rng: random.Random) -> str:
    first, last = _name(rng)
    return f"{first.lower()}{rng.choice(['.', '_', ''])}{last.lower()}@{rng.choice(DOMAINS)}"


def phone(rng: random.Random) -> str:
    area = rng.choice(AREA_CODES)
    exchange = f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(2, 9)}"
    line = f"{rng.randint(0, 9999):04d}"
    return rng.choice([f"({area}) {exchange}-{line}", f"{area}-{exchange}-{line}", f"+1 {area} {exchange} {line}",
                       f"{area}.{exchange}.{line}", "+44 20 7946 0" + _rand(rng, string.digits, 3)])


def ip_address(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return "2001:db8:" + ":".join(f"{rng.randint(0, 0xffff):x}" for _ in range(6))
    return ".".join(str(rng.randint(1, 254)) for _ in range(4))


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def bitcoin_address(rng: random.Random) -> str:
    payload = bytes([rng.choice([0, 5])]) + rng.randbytes(20)
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


# ---------------------------------------------------------------- templates with planted values


Template = Callable[[random.Random], Sample]


def _one(prefix: str, entity: str, value: str, suffix: str) -> Sample:
    return _Text().add(prefix).plant(entity, value).add(suffix).sample()


def _conn(rng: random.Random) -> Sample:
    value = rng.choice([storage_connection_string, cosmos_connection_string, servicebus_connection_string])(rng)
    return rng.choice([
        lambda: _one("My app fails to start. appsettings.json has:\n{\n  \"Storage\": \"", "AZURE_CONNECTION_STRING", value,
                     "\"\n}\nWhat is wrong?"),
        lambda: _one("export AZURE_CONN=\"", "AZURE_CONNECTION_STRING", value, "\"\npython ingest.py --since 2d"),
        lambda: _one("Why does this connection string throw 401? ", "AZURE_CONNECTION_STRING", value, " Thanks!"),
        lambda: _one("client = ServiceBusClient.from_connection_string('", "AZURE_CONNECTION_STRING", value, "')"),
    ])()


def _azure_key(rng: random.Random) -> Sample:
    value = account_key(rng)
    return rng.choice([
        lambda: _one("Our storage account key is ", "AZURE_KEY", value, " - can you write the az cli command?"),
        lambda: _one("COSMOS_KEY=", "AZURE_KEY", value, "\nCOSMOS_DB=telemetry"),
        lambda: _one('{"accountKey": "', "AZURE_KEY", value, '", "container": "logs"}'),
        lambda: _one("primary key: ", "AZURE_KEY", value, "\nsecondary key rotated yesterday"),
        lambda: _one("export AZURE_STORAGE_KEY=", "AZURE_KEY", value, "\naz storage blob list -c logs"),
        lambda: _one("STORAGE_ACCOUNT_KEY='", "AZURE_KEY", value, "'\nSTORAGE_ACCOUNT_NAME=stlogs"),
        lambda: _one("  env:\n    - name: AZURE_STORAGE_ACCOUNT_KEY\n      value: \"", "AZURE_KEY", value, "\""),
    ])()


def _sas(rng: random.Random) -> Sample:
    account = _rand(rng, string.ascii_lowercase, 8)
    value = sas_token(rng)
    return _one(rng.choice(["Download fails for ", "curl -o report.pdf \"", "The SAS URL is "])
                + f"https://{account}.blob.core.windows.net/reports/q3.pdf?", "AZURE_SAS_TOKEN", value,
                rng.choice(["\" -s", " and it says AuthenticationFailed.", " (expires soon)"]))


def _aoai_key(rng: random.Random) -> Sample:
    if rng.random() < 0.5:
        value = azure_ai_key(rng)
        return rng.choice([
            lambda: _one("client = AzureOpenAI(\n    api_key=\"", "AZURE_OPENAI_KEY", value,
                         "\",\n    api_version=\"2024-10-21\",\n)"),
            lambda: _one("AZURE_OPENAI_API_KEY=", "AZURE_OPENAI_KEY", value,
                         "\nAZURE_OPENAI_ENDPOINT=https://x.openai.azure.com/"),
            lambda: _one("the key from the portal is ", "AZURE_OPENAI_KEY", value, ", is it still valid?"),
        ])()
    value = legacy_azure_openai_key(rng)
    return rng.choice([
        lambda: _one("curl https://eastus.api.cognitive.microsoft.com/ -H \"api-key: ", "AZURE_OPENAI_KEY", value, "\""),
        lambda: _one("Ocp-Apim-Subscription-Key: ", "AZURE_OPENAI_KEY", value, "\nContent-Type: application/json"),
        lambda: _one("azure_openai_key = '", "AZURE_OPENAI_KEY", value, "'"),
        lambda: _one("My Azure OpenAI key is ", "AZURE_OPENAI_KEY", value, " and the endpoint returns 401."),
        lambda: _one("client = AzureOpenAI(azure_endpoint=endpoint, api_key=\"", "AZURE_OPENAI_KEY", value,
                     "\", api_version=\"2024-06-01\")"),
        lambda: _one("credential = AzureKeyCredential(\"", "AZURE_OPENAI_KEY", value, "\")"),
        lambda: _one("az cognitiveservices account keys list output:\n{\n  \"key1\": \"", "AZURE_OPENAI_KEY", value,
                     "\",\n  \"key2\": null\n}"),
        lambda: _one("$env:AOAI_KEY = \"", "AZURE_OPENAI_KEY", value, "\"\npython chat.py"),
        lambda: _one("cognitive services resource key ", "AZURE_OPENAI_KEY", value, ", region westeurope"),
    ])()


def _openai_key(rng: random.Random) -> Sample:
    value = openai_key(rng)
    return rng.choice([
        lambda: _one("OPENAI_API_KEY=", "OPENAI_API_KEY", value, "\n"),
        lambda: _one("openai.api_key = \"", "OPENAI_API_KEY", value, "\"\nresp = openai.ChatCompletion.create(...)"),
        lambda: _one("I accidentally committed ", "OPENAI_API_KEY", value, " to GitHub, what should I do?"),
    ])()


def _jwt(rng: random.Random) -> Sample:
    value = jwt(rng)
    return rng.choice([
        lambda: _one("Decode this token and tell me when it expires: ", "JWT", value, ""),
        lambda: _one("Authorization: Bearer ", "JWT", value, "\nAccept: application/json"),
        lambda: _one('{"id_token": "', "JWT", value, '", "token_type": "Bearer"}'),
    ])()


def _bearer(rng: random.Random) -> Sample:
    value = opaque_token(rng)
    return rng.choice([
        lambda: _one("curl -H \"Authorization: Bearer ", "BEARER_TOKEN", value, "\" https://api.contoso.com/v1/items"),
        lambda: _one("headers = {'Authorization': 'Bearer ", "BEARER_TOKEN", value, "'}"),
        lambda: _one("The gateway rejects bearer ", "BEARER_TOKEN", value, " with 403."),
    ])()


def _pem(rng: random.Random) -> Sample:
    value = private_key(rng)
    return rng.choice([
        lambda: _one("Convert this key to PKCS8:\n", "PRIVATE_KEY", value, "\n"),
        lambda: _one("ssh keeps asking for a passphrase, here is ~/.ssh/id_rsa\n\n", "PRIVATE_KEY", value, "\n\nany idea?"),
        lambda: _one("key.pem:\n", "PRIVATE_KEY", value, "\ncert.pem is attached separately."),
    ])()


def _aws(rng: random.Random) -> Sample:
    if rng.random() < 0.5:
        value = aws_access_key_id(rng)
        return rng.choice([
            lambda: _one("aws_access_key_id = ", "AWS_ACCESS_KEY_ID", value, "\nregion = eu-west-1"),
            lambda: _one("IAM user deploy-bot has key ", "AWS_ACCESS_KEY_ID", value, "; should I rotate it?"),
        ])()
    value = aws_secret_key(rng)
    return rng.choice([
        lambda: _one("[default]\naws_secret_access_key = ", "AWS_SECRET_KEY", value, "\n"),
        lambda: _one("AWS_SECRET_ACCESS_KEY=", "AWS_SECRET_KEY", value, " terraform apply"),
        lambda: _one("my aws secret is ", "AWS_SECRET_KEY", value, ", please help configure boto3"),
    ])()


def _generic(rng: random.Random) -> Sample:
    value = password(rng)
    user = rng.choice(["admin", "svc_app", "root", "deploy"])
    return rng.choice([
        lambda: _one("DB_PASSWORD=", "GENERIC_SECRET", value, "\nDB_HOST=sql-prod-01"),
        lambda: _one('{"username": "%s", "password": "' % user, "GENERIC_SECRET", value, '"}'),
        lambda: _one("client_secret: '", "GENERIC_SECRET", value, "'\nclient_id: 8c1e"),
        lambda: _one("Server=tcp:sql01.database.windows.net;Database=app;User ID=%s;Password=" % user, "GENERIC_SECRET",
                     value, ";Encrypt=true"),
        lambda: _one("engine = create_engine('postgresql://%s:" % user, "GENERIC_SECRET", value, "@db.internal:5432/app')"),
        lambda: _one("Login fails with password = ", "GENERIC_SECRET", value, " even though it worked yesterday."),
        lambda: _one("export PGPASSWORD='", "GENERIC_SECRET", value, "'\npsql -h db.internal -U app"),
        lambda: _one("CLIENT_SECRET=", "GENERIC_SECRET", value, "\nTENANT_ID=contoso.onmicrosoft.com"),
        lambda: _one("mysql -h db01 -u %s -p" % user, "GENERIC_SECRET", value, " inventory < dump.sql"),
        lambda: _one("sqlcmd -S tcp:sql01 -U %s -P '" % user, "GENERIC_SECRET", value, "' -Q \"SELECT 1\""),
        lambda: _one("./deploy.sh --user %s --password " % user, "GENERIC_SECRET", value, " --env prod"),
        lambda: _one('var cred = new NetworkCredential("%s", "' % user, "GENERIC_SECRET", value, '");'),
        lambda: _one("app = msal.ConfidentialClientApplication(client_id, client_credential=\"", "GENERIC_SECRET",
                     value, "\", authority=authority)"),
        lambda: _one("hi, my password is ", "GENERIC_SECRET", value, " but the portal keeps rejecting it"),
        lambda: _one("The admin password for the jump box is '", "GENERIC_SECRET", value, "', please rotate it."),
        lambda: _one("database:\n  host: db.internal\n  user: %s\n  password: " % user, "GENERIC_SECRET", value,
                     "\n  pool: 5"),
        lambda: _one("MONGO_URL=mongodb+srv://%s:" % user, "GENERIC_SECRET", value, "@cluster0.mongodb.net/app"),
        lambda: _one("postgres://%s:" % user, "GENERIC_SECRET", value, "@pg-prod.postgres.database.azure.com:5432/app"),
        lambda: _one("<settings><password>", "GENERIC_SECRET", value, "</password></settings>"),
    ])()


def _token(entity: str, make: Callable[[random.Random], str], contexts: list[tuple[str, str]]) -> Template:
    """A template for a token family: its value in one of the ways people paste it."""
    def template(rng: random.Random) -> Sample:
        prefix, suffix = rng.choice(contexts)
        return _one(prefix, entity, make(rng), suffix)
    return template


_github = _token("GITHUB_TOKEN", github_token, [
    ("git clone https://oauth2:", "@github.com/contoso/api.git fails with 403"),
    ("export GITHUB_TOKEN=", "\ngh pr list"),
    ("- uses: actions/checkout@v4\n  with:\n    token: ", "\n"),
    ("Why does the API return 401 for my token ", "? It has repo scope."),
    ("GH_TOKEN=\"", "\" gh release create v1.2.0"),
])
_slack = _token("SLACK_TOKEN", slack_token, [
    ("SLACK_BOT_TOKEN=", "\nSLACK_CHANNEL=#alerts"),
    ("client = WebClient(token=\"", "\")\nclient.chat_postMessage(channel=\"#ops\", text=\"hi\")"),
    ("our alert webhook is ", " - can you format the JSON payload?"),
    ("curl -X POST -H 'Authorization: Bearer ", "' https://slack.com/api/auth.test"),
])
_gitlab = _token("GITLAB_TOKEN", gitlab_token, [
    ("curl --header \"PRIVATE-TOKEN: ", "\" https://gitlab.example.org/api/v4/projects"),
    ("git remote set-url origin https://oauth2:", "@gitlab.com/team/app.git"),
    ("GITLAB_TOKEN=", " glab mr list"),
])
_stripe = _token("STRIPE_KEY", stripe_key, [
    ("stripe.api_key = \"", "\"\nstripe.Charge.create(amount=2000, currency=\"usd\")"),
    ("STRIPE_SECRET_KEY=", "\nSTRIPE_WEBHOOK_URL=/hooks/stripe"),
    ("The charge fails with key ", ", is it the wrong mode?"),
])
_google = _token("GOOGLE_API_KEY", google_api_key, [
    ("https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key=", ""),
    ("const firebaseConfig = {\n  apiKey: \"", "\",\n  projectId: \"demo-app\"\n};"),
    ("GOOGLE_API_KEY=", "\n"),
])
_npm = _token("NPM_TOKEN", npm_token, [
    ("//registry.npmjs.org/:_authToken=", "\n"),
    ("NPM_TOKEN=", " npm publish --access public"),
    ("npm ERR! 403 with token ", " when publishing @contoso/ui"),
])
_devops = _token("AZURE_DEVOPS_PAT", devops_pat, [
    ("export AZURE_DEVOPS_EXT_PAT=", "\naz devops project list"),
    ("git clone https://pat:", "@dev.azure.com/contoso/Web/_git/web"),
    ("My Azure DevOps PAT ", " stopped working after the org policy change."),
    ("echo ", " | az devops login --organization https://dev.azure.com/contoso"),
])
_anthropic = _token("ANTHROPIC_API_KEY", anthropic_key, [
    ("ANTHROPIC_API_KEY=", "\n"),
    ("client = anthropic.Anthropic(api_key=\"", "\")"),
    ("Claude says invalid x-api-key for ", ", did the workspace change?"),
])
_pypi = _token("PYPI_TOKEN", pypi_token, [
    ("twine upload --repository testpypi -u __token__ -p ", " dist/*"),
    ("[pypi]\n  username = __token__\n  password = ", "\n"),
    ("the release job still uses ", " which I think was revoked"),
])
_mailgun = _token("MAILGUN_KEY", mailgun_key, [
    ("MAILGUN_API_KEY=", "\n"),
    ("mg = Mailgun(domain, '", "')"),
    ("old key: ", " (rotated?)"),
])
_twilio = _token("TWILIO_KEY", twilio_key_sid, [
    ("TWILIO_API_KEY=", "\n"),
    ("Client(api_key='", "', api_secret=secret)"),
    ("the key ", " belongs to the SMS service"),
])
_huggingface = _token("HUGGINGFACE_TOKEN", huggingface_token, [
    ("huggingface-cli login --token ", "\n"),
    ("HF_TOKEN=", " python train.py"),
    ("the hub rejects my read token ", " for the gated model"),
])
_sendgrid = _token("SENDGRID_KEY", sendgrid_key, [
    ("SENDGRID_API_KEY=", "\nMAIL_FROM=noreply"),
    ("sg = SendGridAPIClient(\"", "\")\nsg.send(message)"),
    ("smtp.sendgrid.net, user apikey, password ", ""),
])


def _card(rng: random.Random) -> Sample:
    value = credit_card(rng)
    return rng.choice([
        lambda: _one("Please charge my credit card ", "CREDIT_CARD", value, " for the renewal."),
        lambda: _one("Card number: ", "CREDIT_CARD", value, ", exp 09/27"),
        lambda: _one("The visa ending in 1234 is wrong, the right one is ", "CREDIT_CARD", value, "."),
        lambda: _one("Customer paid with ", "CREDIT_CARD", value, " yesterday but the order shows unpaid."),
        lambda: _one("2024-05-18 10:22:31 ERROR PaymentService charge failed pan=", "CREDIT_CARD", value, " code=51"),
    ])()


def _ssn(rng: random.Random) -> Sample:
    value = ssn(rng)
    first, last = _name(rng)
    return rng.choice([
        lambda: _one(f"Employee {first} {last}, SSN ", "US_SSN", value, ", starts Monday."),
        lambda: _one("Fill the W-4 with social security number ", "US_SSN", value, " and single filing status."),
        lambda: _one("ssn: ", "US_SSN", value, "\ndob: 1987-03-14"),
        lambda: _one("Applicant: ", "US_SSN", value, ", DOB 1990-02-11"),  # no context word
    ])()


def _iban(rng: random.Random) -> Sample:
    value = iban(rng)
    return rng.choice([
        lambda: _one("Please wire the refund to IBAN ", "IBAN_CODE", value, " by Friday."),
        lambda: _one("Bank details: ", "IBAN_CODE", value, " (BIC on file)"),
        lambda: _one("iban=", "IBAN_CODE", value, "\namount=1200.00"),
        lambda: _one("Hello, my new account is ", "IBAN_CODE", value, " from next month, please update it."),
        lambda: _one("Beneficiary: Contoso GmbH, account ", "IBAN_CODE", value, " Reference invoice 2024-118"),
    ])()


def _email(rng: random.Random) -> Sample:
    value = email(rng)
    return rng.choice([
        lambda: _one("Reply to ", "EMAIL_ADDRESS", value, " with the summary."),
        lambda: _one("From: ", "EMAIL_ADDRESS", value, "\nSubject: Q3 numbers"),
        lambda: _one("Can you draft an email to ", "EMAIL_ADDRESS", value, " about the outage?"),
    ])()


def _phone(rng: random.Random) -> Sample:
    value = phone(rng)
    return rng.choice([
        lambda: _one("Call me at ", "PHONE_NUMBER", value, " after 5pm."),
        lambda: _one("Mobile: ", "PHONE_NUMBER", value, "\nOffice hours 9-5"),
        lambda: _one("The customer's phone number is ", "PHONE_NUMBER", value, ", add it to the CRM."),
        lambda: _one("Reach me on ", "PHONE_NUMBER", value, " or by email."),  # no context word
    ])()


def _ip(rng: random.Random) -> Sample:
    value = ip_address(rng)
    return rng.choice([
        lambda: _one("The VM's IP is ", "IP_ADDRESS", value, " but ssh times out."),
        lambda: _one("2024-05-18T10:22:31Z WARN blocked request from ", "IP_ADDRESS", value, " (rate limit)"),
        lambda: _one("allow-list: ", "IP_ADDRESS", value + "/32", ""),  # a CIDR block is one entity
        lambda: _one("ssh azureuser@", "IP_ADDRESS", value, " -i ~/.ssh/id_rsa hangs"),
        lambda: _one("The database server ", "IP_ADDRESS", value, " refuses connections since the upgrade."),
    ])()


def _crypto(rng: random.Random) -> Sample:
    value = bitcoin_address(rng)
    return rng.choice([
        lambda: _one("Send the BTC to wallet ", "CRYPTO", value, " once the invoice is approved."),
        lambda: _one("bitcoin address: ", "CRYPTO", value, ""),
    ])()


POSITIVE: dict[str, Template] = {
    "GITHUB_TOKEN": _github, "SLACK_TOKEN": _slack, "GITLAB_TOKEN": _gitlab, "STRIPE_KEY": _stripe,
    "GOOGLE_API_KEY": _google, "NPM_TOKEN": _npm, "AZURE_DEVOPS_PAT": _devops, "SENDGRID_KEY": _sendgrid,
    "ANTHROPIC_API_KEY": _anthropic, "HUGGINGFACE_TOKEN": _huggingface,
    "AZURE_CONNECTION_STRING": _conn, "AZURE_KEY": _azure_key, "AZURE_SAS_TOKEN": _sas,
    "AZURE_OPENAI_KEY": _aoai_key, "OPENAI_API_KEY": _openai_key, "JWT": _jwt, "BEARER_TOKEN": _bearer,
    "PRIVATE_KEY": _pem, "AWS": _aws, "GENERIC_SECRET": _generic, "CREDIT_CARD": _card, "US_SSN": _ssn,
    "IBAN_CODE": _iban, "EMAIL_ADDRESS": _email, "PHONE_NUMBER": _phone, "IP_ADDRESS": _ip, "CRYPTO": _crypto,
}
# Entities added later draw from their own generator, so the samples above stay the same texts.
ADDED: dict[str, Template] = {"PYPI_TOKEN": _pypi, "MAILGUN_KEY": _mailgun, "TWILIO_KEY": _twilio}


# Prompt types the values arrive in: the same planted text, framed as people send it.
ENVELOPES: tuple[tuple[str, str], ...] = (
    ("", ""),
    ("Subject: Urgent - production issue\n\nHi team,\n\nplease have a look:\n\n", "\n\nThanks,\nOps on call"),
    ("Ticket INC-20417 (priority 2)\nDescription:\n", "\nSteps tried: restarted the service, cleared cache."),
    ("Can you help me debug this? ", "\nI've been stuck for two hours."),
    ("```\n", "\n```\nWhat is wrong with the snippet above?"),
    ("[2024-05-18 10:22:31,114] INFO worker-3 starting job\n", "\n[2024-05-18 10:22:32,007] ERROR job failed"),
    ("Summarise this chat for the handover:\nuser: ", "\nagent: thanks, I will check and get back to you."),
    ("# .env for staging\n", "\n# end"),
)


def _envelope(sample: Sample, rng: random.Random) -> Sample:
    prefix, suffix = rng.choice(ENVELOPES)
    text = _Text().add(prefix)
    text.gold.extend(Gold(g.entity, g.start + len(prefix), g.end + len(prefix)) for g in sample.gold)
    return text.add(sample.text).add(suffix).sample()


def _mixed_sample(rng: random.Random) -> Sample:
    """Several planted values in one chat message, joined by filler."""
    text = _Text().add(rng.choice(["Context for the ticket:\n", "Here is everything I have:\n", ""]))
    for template in rng.sample(list(POSITIVE.values()), 3):
        part = template(rng)
        base = text.length
        text.add(part.text)
        text.gold.extend(Gold(g.entity, g.start + base, g.end + base) for g in part.gold)
        text.add(rng.choice(["\n", "\n\n", " Also: ", "\n---\n"]))
    return text.sample()


# ---------------------------------------------------------------- clean texts that look risky


def _clean(rng: random.Random) -> str:
    u = str(uuid.UUID(int=rng.getrandbits(128)))
    sha1 = _rand(rng, HEX, 40)
    digits = lambda n: _rand(rng, string.digits, n)  # noqa: E731
    return rng.choice([
        lambda: f"Order ORD-{digits(8)} shipped on 2024-05-{rng.randint(10, 28)}; invoice INV-2024-{digits(6)} follows.",
        lambda: f"Where is my order #{digits(7)}? Tracking says 1Z{_rand(rng, string.ascii_uppercase + string.digits, 16)}.",
        lambda: f"Ticket {digits(4)}-{digits(4)}-{digits(3)} was escalated; case #2024-{digits(4)}-{digits(4)} is linked.",
        lambda: f"SKU {digits(3)}-{digits(4)}-{digits(2)} is out of stock, ETA {rng.randint(2, 9)} weeks.",
        lambda: f"x-ms-request-id: {u}\nx-ms-client-request-id: {uuid.UUID(int=rng.getrandbits(128))}",
        lambda: f"/subscriptions/{u}/resourceGroups/rg-prod-weu/providers/Microsoft.Storage/storageAccounts/stlogs{digits(3)}",
        lambda: (f"commit {sha1}\nAuthor: build-bot\n\n"
                 f"    Bump version to {rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}"),
        lambda: f"md5sum: {_rand(rng, HEX, 32)}  dataset-{digits(4)}.parquet",
        lambda: f"\"integrity\": \"sha512-{base64.b64encode(rng.randbytes(64)).decode()}\"",
        lambda: f"image: mcr.microsoft.com/app@sha256:{_rand(rng, HEX, 64)}",
        lambda: "password = os.environ[\"DB_PASSWORD\"]\nconn = connect(host, user, password=password)",
        lambda: "def rotate_secret(secret_name: str, vault: KeyVault) -> None:\n    token = vault.get_token()\n",
        lambda: f"usage: prompt_tokens={rng.randint(10, 4000)}, completion_tokens={rng.randint(1, 900)}, max_tokens=4096",
        lambda: "headers = {\"Authorization\": f\"Bearer {access_token}\", \"api-key\": os.getenv(\"AZURE_OPENAI_API_KEY\")}",
        lambda: "-----BEGIN CERTIFICATE-----\n" + base64.b64encode(rng.randbytes(96)).decode() + "\n-----END CERTIFICATE-----",
        lambda: "Use a bearer token from Entra ID instead of the storage account key; rotate keys every 90 days.",
        lambda: "The password policy requires 12 characters; the secret rotation job runs nightly.",
        lambda: "Endpoint=sb://orders-ns.servicebus.windows.net/;Authentication=Managed Identity",
        lambda: f"https://stlogs{digits(3)}.blob.core.windows.net/exports/{digits(8)}.csv (use managed identity, no SAS)",
        lambda: "from sklearn.linear_model import LogisticRegression  # sk-learn, not sk-anything",
        lambda: (f"Build {rng.randint(2023, 2025)}{digits(4)}.{rng.randint(1, 9)} passed {rng.randint(100, 999)} "
                 f"tests in {rng.randint(2, 59)}m."),
        lambda: (f"Total: ${rng.randint(10, 9999)}.{digits(2)} (tax {rng.randint(1, 20)}%), "
                 f"due {rng.randint(1, 28)}/0{rng.randint(1, 9)}/2025"),
        lambda: f"Temperature was {rng.randint(-10, 40)}.{digits(1)}C at 2024-05-18T10:22:{digits(2)}.{digits(3)}Z",
        lambda: f"color: #{_rand(rng, HEX, 6)}; margin: {rng.randint(1, 40)}px {rng.randint(1, 40)}px;",
        lambda: f"ISBN 978-{digits(1)}-{digits(3)}-{digits(5)}-{digits(1)} is out of print.",
        lambda: f"for i in range({rng.randint(2, 100)}):\n    total += values[i] * {rng.randint(2, 9)}\nprint(total)",
        lambda: f"Version {rng.randint(1, 3)}.{rng.randint(0, 30)}.{rng.randint(0, 9)} fixes CVE-2024-{digits(5)}.",
        lambda: f"Employee id E{digits(6)}, cost center {digits(4)}, badge {digits(5)}.",
        lambda: f"The {rng.choice(FIRST)} team meets in room {rng.randint(100, 999)} at {rng.randint(1, 12)}:30.",
        lambda: "AKIA is the prefix of long-term AWS access keys; ASIA marks temporary ones.",
        lambda: f"Chunk {digits(3)} of {digits(3)} uploaded, offset {digits(9)}, sequence {digits(6)}.",
        lambda: "secretKeyRef:\n  name: db-credentials\n  key: password",
        lambda: (f"Pod api-{_rand(rng, string.ascii_lowercase + string.digits, 10)}-"
                 f"{_rand(rng, string.ascii_lowercase + string.digits, 5)} restarted {rng.randint(1, 9)} times."),
        lambda: f"Part number {digits(2)}-{digits(4)}-{digits(4)} replaces the old fan assembly.",
        lambda: f"Amazon order {digits(3)}-{digits(7)}-{digits(7)} arrived damaged.",
        lambda: f"Assembly version {rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.0 is loaded.",
        lambda: "data:image/png;base64," + base64.b64encode(rng.randbytes(rng.randint(200, 400))).decode(),
        lambda: "token = \"<your-token-here>\"  # paste the token from the portal\nsecret: true",
        lambda: "+  password: ${DB_PASS}\n+  api_key: ${OPENAI_KEY}\n-  password: REDACTED",
        lambda: (f"NIC {_rand(rng, HEX_UPPER, 2)}:{_rand(rng, HEX_UPPER, 2)}:4D:5E:{_rand(rng, HEX_UPPER, 2)}:0F "
                 f"is up at {rng.randint(1, 23)}:{rng.randint(10, 59)}:{rng.randint(10, 59)}"),
        lambda: (f"\"_etag\": \"\\\"0000{_rand(rng, HEX, 4)}-0000-0d00-0000-65f0{_rand(rng, HEX, 4)}0000\\\"\", "
                 f"\"_ts\": 17{digits(8)}"),
        lambda: "The key was rotated; the new one lives in Key Vault secret st-key-2024 and nowhere else.",
        lambda: f"eventhub offset {digits(12)}, partition {rng.randint(0, 31)}, enqueued 2024-05-18 10:{digits(2)}",
        # version numbers and OIDs, not addresses
        lambda: (f'<PackageReference Include="Microsoft.Identity.Client" Version="{rng.randint(1, 9)}.'
                 f'{rng.randint(0, 80)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}" />'),
        lambda: f'[assembly: AssemblyVersion("{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}")]',
        lambda: f"The build agent runs {rng.randint(2, 4)}.{rng.randint(100, 250)}.{rng.randint(0, 9)}.0 since Monday.",
        lambda: f"Loaded Azure.Storage.Blobs {rng.randint(10, 12)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}.0 from cache",
        lambda: f"pip install azure-identity=={rng.randint(1, 2)}.{rng.randint(0, 19)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}",
        lambda: f"certificate policy OID 1.3.6.1.4.1.311.{rng.randint(10, 99)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}",
        # numbers labelled as something else
        lambda: f"Lot {digits(3)}-{digits(2)}-{digits(4)} failed QA; batch {digits(3)}-{digits(2)}-{digits(4)} passed.",
        lambda: f"Please tell finance the GL account {digits(6)}-{digits(4)} is wrong on invoice INV-{digits(5)}.",
        lambda: f"Order no. {rng.randint(2, 9)}{digits(2)}-{rng.randint(2, 9)}{digits(2)}-{digits(4)} was refunded.",
        lambda: f"Serial number {digits(3)} {digits(2)} {digits(4)} is under warranty, model {digits(6)}.",
        # documented example keys and placeholders
        lambda: "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        lambda: "DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME",
        lambda: "export OPENAI_API_KEY=<your-key>\nexport PASSWORD=<your-password>",
        lambda: 'password: "YOUR_PASSWORD"\napi_key: "${API_KEY}"\nclient_secret: "<client-secret>"',
        lambda: "git clone git@github.com:contoso/payments.git && cd payments",
        lambda: "Set GITHUB_TOKEN to a classic token (ghp_...) or a fine-grained one (github_pat_...).",
        lambda: "mysql -u root -p inventory  # prompts for the password",
        lambda: "docker login myregistry.azurecr.io --username app --password-stdin < token.txt",
        lambda: "The password is too short, and my password was not accepted either.",
        lambda: f"cache_key = '{_rand(rng, HEX, 32)}'  # md5 of the request body",
        lambda: f"PWD=/home/azureuser/{_rand(rng, string.ascii_lowercase, 6)}\nOLDPWD=/home/azureuser",
        lambda: "Use pk_live_ keys in the browser only; sk_live_ keys belong on the server.",
        lambda: "Set apiKey to your Firebase key (it starts with AIza) in firebase.json.",
    ])()


def generate(seed: int = 20240518, per_entity: int = 24, mixed: int = 40, clean: int = 220) -> list[Sample]:
    """The corpus: `per_entity` samples per template, each in a prompt-type envelope (ticket, e-mail,
    code block, log, chat, .env), mixed multi-entity texts, and clean texts that look risky."""
    rng = random.Random(seed)
    samples = [_envelope(template(rng), rng) for template in POSITIVE.values() for _ in range(per_entity)]
    samples += [_mixed_sample(rng) for _ in range(mixed)]
    samples += [Sample(_clean(rng), ()) for _ in range(clean)]
    added = random.Random(seed + 1)
    samples += [_envelope(template(added), added) for template in ADDED.values() for _ in range(per_entity)]
    return samples


# ---------------------------------------------------------------- names for ner mode

_PERSON_TEMPLATES = (
    "Hi {p}, can you approve the access request before noon?",
    "Ticket reassigned from {p} to the platform team.",
    "Dear {p},\n\nthank you for the quick fix yesterday.\n\nBest regards",
    "Meeting notes: {p} will draft the rollout plan and share it on Friday.",
    "Customer {p} called twice about the failed refund.",
    "Please add {p} to the on-call rotation for next week.",
)
# Code and tool words that spaCy's small model likes to tag as people.
_CODE_TEXTS = (
    "Run `git rebase -i HEAD~3` and then `npm ci` before pushing.",
    "az login --use-device-code\naz account set --subscription prod",
    "```bash\nkubectl get pods -n k8s-system\nhelm upgrade api ./chart\n```",
    "from openai import AzureOpenAI\nclient = AzureOpenAI(api_version=\"2024-06-01\")",
    "Use Terraform with the AzureRM provider, then run Ansible for the VMs.",
    "npm install express; then Docker builds the image and Jenkins deploys it.",
    "$ pip install presidio-analyzer && python -m spacy info",
    "I tried Kubectl, Helm and Git but AzureOpenAI still returns 429.",
    "Check the MsalClient logs and the CosmosClient retry policy.",
)


def people(seed: int = 7, count: int = 120) -> list[Sample]:
    """PERSON-labelled texts (names in tickets, e-mails and notes) and code texts with no names."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        first, last = _name(rng)
        template = rng.choice(_PERSON_TEMPLATES)
        head, tail = template.split("{p}")
        out.append(_one(head, "PERSON", f"{first} {last}", tail))
    out += [Sample(text, ()) for text in _CODE_TEXTS for _ in range(count // 30)]
    return out


# ---------------------------------------------------------------- scoring

MIN_OVERLAP = 0.8  # intersection over union: close enough that a redaction covers the value


def _iou(finding: Any, gold: Gold) -> float:
    inter = min(finding.end, gold.end) - max(finding.start, gold.start)
    return max(0, inter) / (max(finding.end, gold.end) - min(finding.start, gold.start))


def score(samples: list[Sample], scan: Callable[[str], Iterable[Any]],
          entities: frozenset[str] | None = None) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """(true positives, false positives, false negatives) per entity; a hit needs the planted
    entity and >= 80% span overlap, every other finding is a false positive. `entities` limits
    the count to those entities (findings of the others are ignored)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for sample in samples:
        found = [f for f in scan(sample.text) if entities is None or f.entity in entities]
        for gold in sample.gold:
            if entities is not None and gold.entity not in entities:
                continue
            hit = next((f for f in found if f.entity == gold.entity and _iou(f, gold) >= MIN_OVERLAP), None)
            if hit is None:
                fn[gold.entity] += 1
            else:
                tp[gold.entity] += 1
                found.remove(hit)
        fp.update(f.entity for f in found)
    return tp, fp, fn


# ---------------------------------------------------------------- exchanges around texts


def exchange_of(messages: list[dict[str, Any]], choices: list[merge.Choice] | None = None,
                request_id: str = "req-1") -> Exchange:
    """A resolved chat exchange: request messages as sent, and the merged choices."""
    position = Position("0", "0", 0)
    return Exchange(
        key=f"v1:{request_id}", request_id=request_id, dialect=Dialect.V1, time=None, caller=Caller(), gateway=None,
        operation="chat.completions", deployment="gpt-4o", api_version="2024-10-21", model="gpt-4o", stream=False,
        status=200, prompt=content.normalize_request({"messages": messages}, "chat.completions"),
        response=merge.Merged(choices=choices or []), reported_usage=None, complete=True, close_reason="complete",
        gaps=[], fragments=1, duplicates=0, missing_seqs=[], first_position=position, last_position=position)


def answer(text: str | None = None, refusal: str | None = None, tool_calls: list[merge.ToolCall] | None = None,
           function_call: merge.ToolCall | None = None, index: int = 0) -> merge.Choice:
    return merge.Choice(index, "assistant", text, refusal, tool_calls or [], function_call, "stop", None)


def growing_conversation(turns: int, rng: random.Random) -> list[Exchange]:
    """A chat resent with its whole history each turn, as chat clients do."""
    history: list[dict[str, Any]] = [{"role": "system", "content": "You are a helpful support assistant."}]
    out = []
    for turn in range(turns):
        history.append({"role": "user", "content": f"Turn {turn}: {_generic(rng).text} {_email(rng).text}"})
        reply = f"Noted for turn {turn}. {_clean(rng)}"
        out.append(exchange_of(list(history), [answer(reply)], request_id=f"req-{turn}"))
        history.append({"role": "assistant", "content": reply})
    return out
