"""Credentials of the twenty-second corpus as a council's or university's IT pastes them: the value generators (own
code, from the public shapes of each provider's tokens) and, for every kind, the lines it stands in (`.env`, YAML,
code and shell, prose in several languages). A snippet is a list of pieces (text, labelled values, hard negatives)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

from tests.dlp_eval import checksums
from tests.dlp_eval.corpus import V
from tests.dlp_eval.templates import SLOT
from tests.dlp_eval.value_source import ALNUM, DIGITS, HEX, LOWER, UPPER, rand

from .values import Values

B62 = checksums.BASE62
URLSAFE = ALNUM + "-_"
PW_SYMBOLS = "!#%*_-+="

KINDS = ("github_token", "slack_token", "slack_webhook", "gitlab_token", "stripe_key", "google_api_key", "npm_token",
         "azure_devops_pat", "sendgrid_key", "azure_storage_key", "connection_string", "sas_token", "azure_openai_key",
         "azure_ai_key_no_keyword", "openai_key", "aws_access_key_id", "aws_secret_key", "jwt", "bearer_token",
         "private_key", "password_kv", "password_cli", "password_ctor", "password_prose", "password_yaml", "password_url",
         "anthropic_key", "entra_client_secret", "cosmos_key", "twilio_key", "mailgun_key", "pypi_token",
         "huggingface_token")

PW_WORDS = ("Northmere", "Sommer", "Winter", "Biblioteka", "Registry", "Exams", "Library", "Campus", "Rathaus", "Mairie",
            "Ayuntamiento", "Gemeente", "Bursary", "Enrol", "Kommun", "Primavera", "Lente", "Kis", "Herbst", "Autumn")


def cred(kind: str, text: str, secret: str | None = None) -> V:
    return V(text, "CREDENTIAL", kind, secret)


class Creds:
    """Credential values and the snippets they are pasted in, drawing from a Values source."""

    def __init__(self, v: Values) -> None:
        self.v = v
        self.rng = v.rng

    def b64(self, n: int, urlsafe: bool = False, pad: bool = True) -> str:
        raw = bytes(self.rng.getrandbits(8) for _ in range(n))
        out = base64.urlsafe_b64encode(raw).decode() if urlsafe else base64.b64encode(raw).decode()
        return out if pad else out.rstrip("=")

    def r(self, alphabet: str, n: int) -> str:
        return rand(self.rng, alphabet, n)

    def password(self) -> str:
        v = self.v
        style = v.pick(("word", "word", "random", "phrase"))
        if style == "word":
            return f"{v.pick(PW_WORDS)}{v.rng.randint(2019, 2026)}{v.pick(PW_SYMBOLS)}{self.r(UPPER, 1)}{self.r(LOWER, 2)}"
        if style == "phrase":
            return f"{v.pick(PW_WORDS).lower()}-{v.pick(('Tiger', 'Harbour', 'Velo', 'Kanal', 'Fjord', 'Cedar'))}-" \
                   f"{self.r(DIGITS, 3)}{v.pick(PW_SYMBOLS)}"
        core = self.r(ALNUM, v.rng.randint(9, 14))
        i = v.rng.randint(1, len(core) - 1)
        return core[:i] + v.pick(PW_SYMBOLS) + core[i:] + self.r(DIGITS, 1)

    # --- values ------------------------------------------------------------------------------------------------------

    def value(self, kind: str) -> V:
        return getattr(self, f"_{kind}")()

    def _github_token(self) -> V:
        if self.v.chance(0.2):
            return cred("github_token", f"github_pat_11{self.r(UPPER + DIGITS, 20)}_{self.r(ALNUM, 59)}")
        body = self.r(B62, 30)
        return cred("github_token", f"{self.v.pick(('ghp', 'ghp', 'gho', 'ghs'))}_{body}{checksums.crc32_base62(body)}")

    def _npm_token(self) -> V:
        body = self.r(B62, 30)
        return cred("npm_token", f"npm_{body}{checksums.crc32_base62(body)}")

    def _slack_token(self) -> V:
        if self.v.chance(0.6):
            return cred("slack_token", f"xoxb-{self.r(DIGITS, 12)}-{self.r(DIGITS, 13)}-{self.r(ALNUM, 24)}")
        return cred("slack_token", f"xoxp-{self.r(DIGITS, 12)}-{self.r(DIGITS, 12)}-{self.r(DIGITS, 13)}-{self.r(HEX, 32)}")

    def _slack_webhook(self) -> V:
        return cred("slack_webhook", f"https://hooks.slack.com/services/T{self.r(UPPER + DIGITS, 8)}/B{self.r(UPPER + DIGITS, 10)}/"
                                     f"{self.r(ALNUM, 24)}")

    def _gitlab_token(self) -> V:
        return cred("gitlab_token", f"glpat-{self.r(URLSAFE, 19)}{self.r(ALNUM, 1)}")

    def _stripe_key(self) -> V:
        head = self.v.pick(("sk_live_", "sk_live_", "rk_live_"))
        return cred("stripe_key", head + ("51" + self.r(ALNUM, 96) if self.v.chance(0.5) else self.r(ALNUM, 24)))

    def _google_api_key(self) -> V:
        return cred("google_api_key", f"AIzaSy{self.r(URLSAFE, 32)}{self.r(ALNUM, 1)}")

    def _azure_devops_pat(self) -> V:
        return cred("azure_devops_pat", self.r("abcdefghijklmnopqrstuvwxyz234567", 52))

    def _sendgrid_key(self) -> V:
        return cred("sendgrid_key", f"SG.{self.r(URLSAFE, 21)}{self.r(ALNUM, 1)}.{self.r(URLSAFE, 42)}{self.r(ALNUM, 1)}")

    def _azure_storage_key(self) -> V:
        return cred("azure_storage_key", self.b64(64))

    def _cosmos_key(self) -> V:
        return cred("cosmos_key", self.b64(64))

    def _connection_string(self) -> V:
        v = self.v
        pw = self.password().replace(";", "!")
        form = v.pick(("mssql", "storage", "servicebus", "odbc", "oracle", "npgsql"))
        if form == "mssql":
            host = v.pick(("sql-sis-prod.database.windows.net", "sql-council-revs.database.windows.net",
                           "sqlreg01.northmere.local"))
            text = (f"Server=tcp:{host},1433;Initial Catalog={v.pick(('SITS_LIVE', 'Revenues', 'Admissions', 'TimetableDB'))};"
                    f"Persist Security Info=False;User ID={v.pick(('svc_etl', 'sits_read', 'revs_report', 'tt_sync'))};"
                    f"Password={pw};Encrypt=True;Connection Timeout=30;")
            return cred("connection_string", text, pw)
        if form == "storage":
            key = self.b64(64)
            text = (f"DefaultEndpointsProtocol=https;AccountName={v.pick(('sttranscripts', 'stlibarchive', 'stfoidocs', 'stexamscripts'))}"
                    f";AccountKey={key};EndpointSuffix=core.windows.net")
            return cred("connection_string", text, key)
        if form == "servicebus":
            key = self.b64(32)
            text = (f"Endpoint=sb://sb-{v.pick(('enrolment', 'benefits', 'lms-events'))}.servicebus.windows.net/;"
                    f"SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}")
            return cred("connection_string", text, key)
        if form == "odbc":
            text = (f"Driver={{PostgreSQL Unicode}};Server={v.pick(('pg-library01', 'pg-housing.internal', 'db-permits02'))};"
                    f"Port=5432;Database={v.pick(('koha', 'housing', 'permits'))};Uid={v.pick(('app_ro', 'koha_admin', 'permits_rw'))};"
                    f"Pwd={pw};")
            return cred("connection_string", text, pw)
        if form == "oracle":
            text = (f"Data Source=(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=banner-db.northmere.local)(PORT=1521))"
                    f"(CONNECT_DATA=(SERVICE_NAME=PROD)));User Id={v.pick(('baninst1', 'banweb_ro', 'odsmgr'))};Password={pw};")
            return cred("connection_string", text, pw)
        text = (f"Host={v.pick(('pg-canvas-data', 'pg-parking.ashvale.local', 'pg-foi01'))};Database="
                f"{v.pick(('canvas_data', 'parking', 'foi_cases'))};Username={v.pick(('cd_loader', 'pcn_app', 'foi_app'))};"
                f"Password={pw}")
        return cred("connection_string", text, pw)

    def _sas_token(self) -> V:
        v = self.v
        sig = self.b64(32).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        text = (f"sv=2022-11-02&ss=b&srt={v.pick(('co', 'sco', 'o'))}&sp={v.pick(('rl', 'rwdlac', 'racwl', 'r'))}"
                f"&se={v.rng.randint(2025, 2026)}-{v.rng.randint(1, 12):02d}-{v.rng.randint(1, 28):02d}T17:00:00Z"
                f"&st=2024-{v.rng.randint(1, 12):02d}-01T08:00:00Z&spr=https&sig={sig}")
        return cred("sas_token", text, sig)

    def _azure_openai_key(self) -> V:
        return cred("azure_openai_key", self.r(HEX, 32))

    def _azure_ai_key_no_keyword(self) -> V:
        return cred("azure_ai_key_no_keyword", self.r(HEX, 32))

    def _openai_key(self) -> V:
        v = self.v
        form = v.pick(("proj", "classic", "svc"))
        if form == "proj":
            return cred("openai_key", f"sk-proj-{self.r(URLSAFE, 58)}T3BlbkFJ{self.r(URLSAFE, 57)}{self.r(ALNUM, 1)}")
        if form == "svc":
            return cred("openai_key", f"sk-svcacct-{self.r(URLSAFE, 58)}T3BlbkFJ{self.r(URLSAFE, 57)}{self.r(ALNUM, 1)}")
        return cred("openai_key", f"sk-{self.r(ALNUM, 20)}T3BlbkFJ{self.r(ALNUM, 20)}")

    def _aws_access_key_id(self) -> V:
        return cred("aws_access_key_id", self.v.pick(("AKIA", "AKIA", "ASIA")) + self.r(UPPER + "234567", 16))

    def _aws_secret_key(self) -> V:
        return cred("aws_secret_key", self.r(ALNUM + "/+", 39) + self.r(ALNUM, 1))

    def _jwt(self) -> V:
        v = self.v

        def enc(obj: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

        alg = v.pick(("RS256", "HS256", "ES256"))
        header = enc({"alg": alg, "typ": "JWT", **({"kid": self.r(URLSAFE, 27)} if alg != "HS256" else {})})
        payload = enc({"iss": v.pick(("https://canvas.instructure.com", "https://sts.windows.net/" + self.r(HEX, 8) + "/",
                                      "https://idp.northmere.ac.uk", "https://moodle.kilbarra-etb.ie")),
                       "sub": self.r(DIGITS, 9), "aud": self.r(HEX, 16), "iat": 1717000000 + v.rng.randint(0, 9_000_000),
                       "exp": 1727000000 + v.rng.randint(0, 9_000_000),
                       "roles": [v.pick(("Learner", "Instructor", "Registry.ReadWrite", "Admin"))]})
        sig = self.b64({"RS256": 256, "HS256": 32, "ES256": 64}[alg], urlsafe=True, pad=False)
        return cred("jwt", f"{header}.{payload}.{sig}")

    def _bearer_token(self) -> V:
        v = self.v
        form = v.pick(("canvas", "opaque", "sanctum"))
        if form == "canvas":
            return cred("bearer_token", f"{v.rng.randint(1000, 25000)}~{self.r(ALNUM, 64)}")
        if form == "sanctum":
            return cred("bearer_token", f"{v.rng.randint(2, 900)}|{self.r(ALNUM, 40)}")
        return cred("bearer_token", self.r(ALNUM, 40) + self.r(URLSAFE, 20) + self.r(ALNUM, 2))

    def private_key(self, escaped: bool) -> V:
        v = self.v
        form = v.pick(("ec", "openssh", "pkcs8"))
        if form == "ec":
            label, body = "EC PRIVATE KEY", "MHcCAQEEI" + self.b64(121)[9:]
        elif form == "openssh":
            label = "OPENSSH PRIVATE KEY"
            body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACA" + self.b64(250)
        else:
            label, body = "PRIVATE KEY", "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg" + self.b64(92)
        width = 70 if form == "openssh" else 64
        lines = [body[i:i + width] for i in range(0, len(body), width)]
        nl = "\\n" if escaped else "\n"
        return cred("private_key", f"-----BEGIN {label}-----{nl}{nl.join(lines)}{nl}-----END {label}-----")

    def _private_key(self) -> V:
        return self.private_key(self.v.chance(0.4))

    def _password(self, kind: str) -> V:
        return cred(kind, self.password())

    def _password_kv(self) -> V:
        return self._password("password_kv")

    def _password_cli(self) -> V:
        return self._password("password_cli")

    def _password_ctor(self) -> V:
        return self._password("password_ctor")

    def _password_prose(self) -> V:
        return self._password("password_prose")

    def _password_yaml(self) -> V:
        return self._password("password_yaml")

    def _password_url(self) -> V:
        v = self.v
        pw = self.r(ALNUM, v.rng.randint(10, 16)) + v.pick(("", "!", "-", "_", "*")) + self.r(DIGITS, 2)
        url = v.pick((
            f"postgresql://sits_ro:{pw}@pg-sits-report.northmere.local:5432/sits",
            f"mysql://moodle:{pw}@moodle-db01:3306/moodle",
            f"sftp://ctr{self.r(DIGITS, 5)}:{pw}@sftp.exam-transfer.org.uk/inbound",
            f"redis://:{pw}@redis-lms.internal:6379/0",
            f"https://svc_papercut:{pw}@print.northmere.ac.uk:9192/api/health",
            f"mongodb+srv://permits_app:{pw}@permits-cluster.mongodb.net/permits",
            f"amqp://benefits:{pw}@mq-benefits01:5672/%2F",
            f"mssql+pyodbc://revs_etl:{pw}@sqlrevs01/Revenues?driver=ODBC+Driver+18+for+SQL+Server",
        ))
        return cred("password_url", url, pw)

    def _anthropic_key(self) -> V:
        return cred("anthropic_key", f"sk-ant-api03-{self.r(URLSAFE, 93)}AA")

    def _entra_client_secret(self) -> V:
        return cred("entra_client_secret", f"{self.r(ALNUM, 3)}{self.r(DIGITS, 1)}Q~{self.r(ALNUM + '_.~-', 33)}{self.r(ALNUM, 1)}")

    def _twilio_key(self) -> V:
        return cred("twilio_key", ("SK" if self.v.chance(0.5) else "") + self.r(HEX, 32))

    def _mailgun_key(self) -> V:
        if self.v.chance(0.6):
            return cred("mailgun_key", f"key-{self.r(HEX, 32)}")
        return cred("mailgun_key", f"{self.r(HEX, 32)}-{self.r(HEX, 8)}-{self.r(HEX, 8)}")

    def _pypi_token(self) -> V:
        return cred("pypi_token", f"pypi-AgEIcHlwaS5vcmcCJD{self.r(URLSAFE, 130)}{self.r(ALNUM, 2)}")

    def _huggingface_token(self) -> V:
        return cred("huggingface_token", f"hf_{self.r(UPPER + LOWER, 34)}")

    # --- snippets ----------------------------------------------------------------------------------------------------

    def snippet(self, style: str | None = None, kind: str | None = None) -> tuple[str, str, list]:
        """(kind, style, pieces): the least-used kind that has a form of `style` (any style when None)."""
        if kind is None:
            kinds = [k for k in KINDS if style is None or any(s == style for s, _ in FORMS[k])]
            kind = self.v.least("cred", kinds)
        else:
            self.v.used[f"cred:{kind}"] += 1
        forms = [(s, f) for s, f in FORMS[kind] if style is None or s == style]
        form = self.v.least(f"form:{kind}", [f for _, f in forms])
        st = next(s for s, f in forms if f == form)
        value = self.private_key("\\n" in form) if kind == "private_key" else self.value(kind)
        slots: dict[str, object] = {"v": value}
        return kind, st, expand(form, self.v, slots)


# Other slots a form may use, drawn for each snippet.
FILLERS: dict[str, Callable[[Values], object]] = {
    "guid": lambda v: v.neg("guid"),
    "ref": lambda v: v.neg("secret_ref"),
    "ph": lambda v: v.neg("placeholder"),
    "sid": lambda v: v.neg("account_sid"),
    "ssh": lambda v: v.neg("ssh_target"),
    "login": lambda v: v.neg("login"),
    "sha": lambda v: v.neg("commit_sha"),
    "acct": lambda v: v.pick(("sttranscripts", "stlibarchive", "stfoidocs", "stexamscripts", "stcouncilscans")),
    "org": lambda v: v.pick(("northmere-it", "ashvale-digital", "kilbarra-etb", "lakeshore-sis")),
}


def expand(form: str, v: Values, slots: dict[str, object]) -> list:
    pieces: list = []
    pos = 0
    for m in SLOT.finditer(form):
        pieces.append(form[pos:m.start()])
        name = m.group(1)
        if name not in slots:
            slots[name] = FILLERS[name](v)
        pieces.append(slots[name])
        pos = m.end()
    pieces.append(form[pos:])
    return [p for p in pieces if p != ""]


FORMS: dict[str, list[tuple[str, str]]] = {
    "github_token": [("env", "GITHUB_TOKEN=⟨v⟩"), ("yaml", "      token: ⟨v⟩"),
                     ("code", 'curl -H "Authorization: token ⟨v⟩" https://api.github.com/repos/⟨org⟩/moodle-local_sitsync/releases'),
                     ("prose", "the runner for the timetable repo uses ⟨v⟩, it was created under the old service account")],
    "npm_token": [("env", "NPM_TOKEN=⟨v⟩"), ("code", "//registry.npmjs.org/:_authToken=⟨v⟩"),
                  ("code", "npm config set //registry.npmjs.org/:_authToken ⟨v⟩"),
                  ("yaml", "  npmAuthToken: ⟨v⟩")],
    "slack_token": [("env", "SLACK_BOT_TOKEN=⟨v⟩"), ("code", 'client = WebClient(token="⟨v⟩")'),
                    ("yaml", "  slack_token: ⟨v⟩"), ("prose", "the helpdesk bot posts with ⟨v⟩")],
    "slack_webhook": [("env", "SLACK_WEBHOOK_URL=⟨v⟩"),
                      ("code", "curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"SITS nightly failed\"}' ⟨v⟩"),
                      ("code", "Invoke-RestMethod -Uri '⟨v⟩' -Method Post -Body $payload"),
                      ("yaml", "  webhook_url: ⟨v⟩"), ("prose", "alerts go to #exams-ops via ⟨v⟩")],
    "gitlab_token": [("env", "GITLAB_TOKEN=⟨v⟩"),
                     ("code", 'curl --header "PRIVATE-TOKEN: ⟨v⟩" "https://gitlab.northmere.ac.uk/api/v4/projects/112/pipelines"'),
                     ("yaml", "  private_token: ⟨v⟩")],
    "stripe_key": [("env", "STRIPE_SECRET_KEY=⟨v⟩"), ("code", 'stripe.api_key = "⟨v⟩"'),
                   ("prose", "the live one for the fees portal is ⟨v⟩"), ("yaml", "  stripe_secret: ⟨v⟩")],
    "google_api_key": [("env", "GOOGLE_MAPS_API_KEY=⟨v⟩"), ("code", '"apiKey": "⟨v⟩",'),
                       ("code", "https://maps.googleapis.com/maps/api/geocode/json?address=Town+Hall&key=⟨v⟩"),
                       ("yaml", "  maps_key: ⟨v⟩")],
    "azure_devops_pat": [("env", "AZURE_DEVOPS_EXT_PAT=⟨v⟩"),
                         ("code", "echo ⟨v⟩ | az devops login --organization https://dev.azure.com/⟨org⟩"),
                         ("yaml", "  ado_pat: ⟨v⟩"), ("prose", "my PAT for the pipelines is ⟨v⟩")],
    "sendgrid_key": [("env", "SENDGRID_API_KEY=⟨v⟩"), ("code", "sg = SendGridAPIClient('⟨v⟩')"),
                     ("yaml", "  sendgrid_api_key: ⟨v⟩")],
    "azure_storage_key": [("env", "AZURE_STORAGE_KEY=⟨v⟩"),
                          ("code", "az storage blob upload-batch --account-name ⟨acct⟩ --account-key ⟨v⟩ -d exports -s ./out"),
                          ("code", "$ctx = New-AzStorageContext -StorageAccountName '⟨acct⟩' -StorageAccountKey '⟨v⟩'"),
                          ("yaml", "  storage_account_key: ⟨v⟩")],
    "connection_string": [("env", "SIS_DB_CONNECTION=⟨v⟩"), ("code", '"DefaultConnection": "⟨v⟩"'),
                          ("code", 'conn = pyodbc.connect("⟨v⟩")'), ("yaml", '  connectionString: "⟨v⟩"'),
                          ("prose", "this is what the report server uses: ⟨v⟩")],
    "sas_token": [("env", "AZURE_SAS_TOKEN=⟨v⟩"),
                  ("code", 'azcopy copy "./marks/*.csv" "https://⟨acct⟩.blob.core.windows.net/uploads?⟨v⟩"'),
                  ("code", "https://⟨acct⟩.blob.core.windows.net/scans/batch-0412.zip?⟨v⟩"),
                  ("prose", "use this link for the upload, it's valid till the end of term: https://⟨acct⟩.blob.core.windows.net/drop?⟨v⟩")],
    "azure_openai_key": [("env", "AZURE_OPENAI_API_KEY=⟨v⟩"), ("code", "api-key: ⟨v⟩"),
                         ("code", 'client = AzureOpenAI(api_key="⟨v⟩", azure_endpoint="https://aoai-northmere-uks.openai.azure.com", api_version="2024-06-01")'),
                         ("yaml", "  azure_openai_key: ⟨v⟩")],
    "azure_ai_key_no_keyword": [("yaml", "  translator: { region: uksouth, sub: ⟨v⟩ }"),
                                ("prose", "Document Intelligence endpoint is https://di-admissions.cognitiveservices.azure.com/ and ⟨v⟩ for now"),
                                ("prose", "speech resource in westeurope → ⟨v⟩ (the second one is for the DR region)"),
                                ("env", "TRANSLATOR_SUB=⟨v⟩")],
    "openai_key": [("env", "OPENAI_API_KEY=⟨v⟩"), ("code", 'client = OpenAI(api_key="⟨v⟩")'),
                   ("code", 'curl https://api.openai.com/v1/models -H "Authorization: Bearer ⟨v⟩"'),
                   ("yaml", "  openai_api_key: ⟨v⟩")],
    "aws_access_key_id": [("env", "AWS_ACCESS_KEY_ID=⟨v⟩"), ("code", "aws_access_key_id = ⟨v⟩"),
                          ("code", "aws configure set aws_access_key_id ⟨v⟩"), ("yaml", "  access_key_id: ⟨v⟩")],
    "aws_secret_key": [("env", "AWS_SECRET_ACCESS_KEY=⟨v⟩"), ("code", "aws_secret_access_key = ⟨v⟩"),
                       ("code", "s3 = boto3.client('s3', region_name='eu-west-2', aws_secret_access_key='⟨v⟩')"),
                       ("yaml", "  secret_access_key: ⟨v⟩")],
    "jwt": [("code", "Authorization: Bearer ⟨v⟩"), ("code", '{"access_token": "⟨v⟩", "token_type": "Bearer", "expires_in": 3599}'),
            ("env", "LTI_TEST_ID_TOKEN=⟨v⟩"), ("prose", "the LTI launch fails with this id_token: ⟨v⟩")],
    "bearer_token": [("code", 'curl -H "Authorization: Bearer ⟨v⟩" https://canvas.northmere.ac.uk/api/v1/accounts/1/sis_imports'),
                     ("env", "CANVAS_API_TOKEN=⟨v⟩"), ("code", 'headers = {"Authorization": "Bearer ⟨v⟩"}'),
                     ("yaml", "  api_token: ⟨v⟩")],
    "private_key": [("code", "⟨v⟩"), ("code", '{"type": "service_account", "project_id": "northmere-timetable", "private_key_id": "⟨sha⟩", "private_key": "⟨v⟩\\n"}'),
                    ("prose", "here is the key the exam board gave us for the SFTP drop:\n⟨v⟩")],
    "password_kv": [("env", "LDAP_BIND_PASSWORD=⟨v⟩"), ("env", "DB_PASSWORD=⟨v⟩"), ("code", "$CFG->dbpass    = '⟨v⟩';"),
                    ("code", "spring.datasource.password=⟨v⟩"), ("code", "bind_pw = ⟨v⟩"), ("code", '"password": "⟨v⟩",')],
    "password_cli": [("code", 'ldapsearch -x -H ldaps://ldap.northmere.ac.uk -D "cn=svc-lms,ou=service,dc=northmere,dc=ac,dc=uk" -w \'⟨v⟩\' -b "ou=students,dc=northmere,dc=ac,dc=uk" "(uid=⟨login⟩)"'),
                     ("code", "mysql -h moodle-db01 -u moodle -p'⟨v⟩' moodle -e 'select count(*) from mdl_user'"),
                     ("code", "sshpass -p '⟨v⟩' sftp -oPort=22 ⟨ssh⟩"),
                     ("code", "sqlcmd -S sqlrevs01 -U revs_report -P '⟨v⟩' -Q \"EXEC dbo.usp_ArrearsExport\""),
                     ("code", "net use R: \\\\fs01\\registry /user:NORTHMERE\\svc_scan ⟨v⟩")],
    "password_ctor": [("code", "conn = ldap3.Connection(server, 'cn=svc-idm,ou=service,dc=ashvale,dc=gov,dc=uk', '⟨v⟩', auto_bind=True)"),
                      ("code", 'var cred = new NetworkCredential("svc_print", "⟨v⟩", "NORTHMERE");'),
                      ("code", 'Connection c = DriverManager.getConnection(url, "sis_report", "⟨v⟩");'),
                      ("code", 'transport.connect(username="ctr40127", password="⟨v⟩")')],
    "password_prose": [("prose", "my password for the SITS test instance is ⟨v⟩ if you need to log in as me"),
                       ("prose", "Das Passwort für das Prüfungsamt-Konto lautet ⟨v⟩ (bitte nicht weitergeben)"),
                       ("prose", "le mot de passe temporaire est ⟨v⟩ et il expire vendredi"),
                       ("prose", "la contraseña del portal de becas es ⟨v⟩ por si acaso"),
                       ("prose", "a senha do sistema de matrícula é ⟨v⟩ até segunda"),
                       ("prose", "la password del gestionale è ⟨v⟩ per ora"),
                       ("prose", "het wachtwoord van het gedeelde account is ⟨v⟩ voorlopig"),
                       ("prose", "lösenordet till kiosk-kontot är ⟨v⟩ tills vidare"),
                       ("prose", "hasło do konta usosweb to ⟨v⟩ do końca tygodnia"),
                       ("prose", "öğrenci işleri hesabının şifresi ⟨v⟩ şimdilik")],
    "password_yaml": [("yaml", "    password: ⟨v⟩"), ("yaml", '    bind_password: "⟨v⟩"'),
                      ("yaml", "      POSTGRES_PASSWORD: ⟨v⟩"), ("yaml", "  smtp_password: '⟨v⟩'")],
    "password_url": [("env", "DATABASE_URL=⟨v⟩"), ("yaml", "  url: ⟨v⟩"), ("code", "engine = create_engine('⟨v⟩')"),
                     ("prose", "I connect with ⟨v⟩ from the jump box")],
    "anthropic_key": [("env", "ANTHROPIC_API_KEY=⟨v⟩"), ("code", 'client = anthropic.Anthropic(api_key="⟨v⟩")'),
                      ("code", 'curl https://api.anthropic.com/v1/messages -H "x-api-key: ⟨v⟩" -H "anthropic-version: 2023-06-01"'),
                      ("yaml", "  anthropic_api_key: ⟨v⟩")],
    "entra_client_secret": [("env", "AZURE_CLIENT_SECRET=⟨v⟩"), ("code", '"ClientSecret": "⟨v⟩",'),
                            ("code", "$secret = ConvertTo-SecureString '⟨v⟩' -AsPlainText -Force"),
                            ("prose", "client secret for the admissions CRM app registration (tenant ⟨guid⟩): ⟨v⟩"),
                            ("yaml", "  client_secret: ⟨v⟩")],
    "cosmos_key": [("env", "COSMOS_KEY=⟨v⟩"),
                   ("code", "AccountEndpoint=https://cosmos-lms-analytics.documents.azure.com:443/;AccountKey=⟨v⟩;"),
                   ("code", "client = CosmosClient(COSMOS_URL, credential='⟨v⟩')"), ("yaml", "  cosmos_primary_key: ⟨v⟩")],
    "twilio_key": [("env", "TWILIO_AUTH_TOKEN=⟨v⟩"), ("code", 'client = Client("⟨sid⟩", "⟨v⟩")'),
                   ("yaml", "  twilio_api_key: ⟨v⟩")],
    "mailgun_key": [("env", "MAILGUN_API_KEY=⟨v⟩"),
                    ("code", "curl -s --user 'api:⟨v⟩' https://api.eu.mailgun.net/v3/mg.ashvale.gov.uk/messages -F subject='Permit renewal'"),
                    ("yaml", "  mailgun_key: ⟨v⟩")],
    "pypi_token": [("code", "twine upload -u __token__ -p ⟨v⟩ dist/*"), ("env", "TWINE_PASSWORD=⟨v⟩"),
                   ("code", "[pypi]\nusername = __token__\npassword = ⟨v⟩")],
    "huggingface_token": [("env", "HF_TOKEN=⟨v⟩"), ("code", "huggingface-cli login --token ⟨v⟩"),
                          ("code", 'pipe = pipeline("translation", model="Helsinki-NLP/opus-mt-de-en", token="⟨v⟩")'),
                          ("yaml", "  hf_token: ⟨v⟩")],
}

assert set(FORMS) == set(KINDS)
