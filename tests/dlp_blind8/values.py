"""The eighth corpus's own value generators: every value passes its real check (Luhn, mod-97 with the
country's BBAN layout, issuable SSN area/group/serial, libphonenumber validity, GitHub/npm CRC32)."""

from __future__ import annotations

import base64
import json
import random
import string

import phonenumbers

from tests.dlp_eval import checksums
from tests.dlp_eval.checksums import base62_checksum_valid as base62_checksum_valid  # checks shared with the tests
from tests.dlp_eval.checksums import crc32_base62, iban_check_digits, iban_valid as iban_valid, luhn_complete
from tests.dlp_eval.templates import Neg, Val

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
HEX = "0123456789abcdef"
PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "PL", "BR", "IN", "JP", "AU", "CH", "SE", "MX", "IE", "AT",
                 "BE", "PT", "DK")


def luhn_valid(number: str) -> bool:
    return checksums.luhn_valid(number, min_digits=12)


# country: (length-pattern of the BBAN: a=letter, n=digit, c=alnum)
BBAN = {"DE": "n" * 18, "GB": "aaaa" + "n" * 14, "NL": "aaaa" + "n" * 10, "AT": "n" * 16, "CH": "n" * 5 + "c" * 12,
        "PL": "n" * 24, "ES": "n" * 20, "IT": "a" + "n" * 10 + "c" * 12, "FR": "n" * 23, "BE": "n" * 12, "IE": "aaaa" + "n" * 14,
        "PT": "n" * 21}
FIRST = ["Anna", "Jonas", "Priya", "Mateo", "Chloé", "Wojciech", "Aiko", "Liam", "Fatima", "Henrik", "Giulia", "Rahul", "Sofia",
         "Olumide", "Marta", "Pierre", "Ingrid", "Tomás", "Mei", "Dmitri", "Aoife", "Lucas", "Zeynep", "Kenji", "Beatriz",
         "Stefan", "Nadia", "Owen", "Carmen", "Joost"]
LAST = ["Schneider", "Kowalczyk", "Ramanathan", "García", "Dubois", "Nowak", "Takahashi", "O'Brien", "Haddad", "Lindqvist",
        "Rossi", "Mehta", "Pereira", "Adeyemi", "Jansen", "Moreau", "Berg", "Fernández", "Chen", "Volkov", "Byrne", "Martins",
        "Yılmaz", "Sato", "Costa", "Huber", "Karimi", "Price", "Navarro", "de Vries"]
DOMAINS = ["contoso-retail.com", "fabrikam.de", "northwind-logistics.co.uk", "adatum.fr", "tailspin-air.com", "wingtip.io",
           "litware.nl", "proseware.es", "woodgrove-bank.com", "alpineski.at"]


class Values:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self._cred_i = 0
        self._pii_i = 0
        self._order: list[str] = []

    def pick(self, seq):  # noqa: ANN001, ANN201
        return self.r.choice(list(seq))

    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    # ---- PII
    def first_last(self) -> tuple[str, str]:
        return self.pick(FIRST), self.pick(LAST)

    def person(self, style: str = "full") -> Val:
        f, last = self.first_last()
        text = {"full": f"{f} {last}", "first": f, "initial": f"{f[0]}. {last}"}[style]
        return Val(text, "PERSON", "PERSON")

    def email(self, name: tuple[str, str] | None = None) -> Val:
        f, last = name or self.first_last()
        norm = lambda x: "".join(c for c in x.lower() if c.isascii() and c.isalnum())  # noqa: E731
        local = self.pick([f"{norm(f)}.{norm(last)}", f"{norm(f)[0]}{norm(last)}", f"{norm(f)}_{self.r.randint(1, 99)}"])
        return Val(f"{local}@{self.pick(DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def phone(self) -> Val:
        region = self.pick(PHONE_REGIONS)
        ex = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        nat = str(ex.national_number)
        while True:
            cand = nat[: len(nat) - 5] + self.s(string.digits, 5)
            num = phonenumbers.parse("+" + str(ex.country_code) + cand)
            if cand != nat and phonenumbers.is_valid_number(num) and not (region in ("US", "CA") and cand[3:6] == "555"):
                break
        fmt = self.pick([phonenumbers.PhoneNumberFormat.INTERNATIONAL] * 3 + [phonenumbers.PhoneNumberFormat.E164])
        return Val(phonenumbers.format_number(num, fmt), "PHONE_NUMBER", "PHONE_NUMBER")

    def card(self) -> Val:
        prefix, length = self.pick([("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("34", 15), ("37", 15),
                                    ("6011", 16), ("62", 16), ("4", 16)])
        while True:
            body = prefix + self.s(string.digits, length - len(prefix) - 1)
            num = luhn_complete(body)
            if num not in ("4242424242424242", "4111111111111111"):
                break
        sep = self.pick([" ", "-", ""])
        groups = [num[:4], num[4:10], num[10:]] if length == 15 else [num[i:i + 4] for i in range(0, 16, 4)]
        return Val(sep.join(groups), "CREDIT_CARD", "CREDIT_CARD")

    def iban(self) -> Val:
        cc = self.pick(BBAN)
        alph = {"a": string.ascii_uppercase, "n": string.digits, "c": string.ascii_uppercase + string.digits}
        bban = "".join(self.r.choice(alph[c]) for c in BBAN[cc])
        if cc == "BE":
            head = int(bban[:10])
            bban = bban[:10] + f"{head % 97 or 97:02d}"
        iban = f"{cc}{iban_check_digits(cc, bban)}{bban}"
        if self.r.random() < 0.5:
            iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
        return Val(iban, "IBAN_CODE", "IBAN_CODE")

    def ssn(self) -> Val:
        while True:
            area = self.r.randint(1, 899)
            if area != 666:
                break
        g, s = self.r.randint(1, 99), self.r.randint(1, 9999)
        sep = self.pick(["-", "-", " ", ""])
        return Val(f"{area:03d}{sep}{g:02d}{sep}{s:04d}", "US_SSN", "US_SSN")

    def ip(self) -> Val:
        if self.r.random() < 0.12:
            return Val(":".join(self.s(HEX, 4) for _ in range(8)).replace(":0000", ":0"), "IP_ADDRESS", "IP_ADDRESS")
        while True:
            a = self.pick([20, 40, 51, 52, 81, 85, 91, 104, 137, 145, 176, 185, 213, 217])
            ip = f"{a}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
            return Val(ip, "IP_ADDRESS", "IP_ADDRESS")

    def pii(self) -> Val:
        """The next PII family in turn (PERSON comes from the templates' own names)."""
        fam = ["email", "phone", "card", "iban", "ssn", "ip"][self._pii_i % 6]
        self._pii_i += 1
        return getattr(self, fam)()

    # ---- credentials
    def _c(self, text: str, kind: str, secret: str | None = None) -> Val:
        return Val(text, "CREDENTIAL", kind, secret)

    def _crc_token(self, prefix: str) -> str:
        body = self.s(B62, 30)
        return f"{prefix}_{body}{crc32_base62(body)}"

    def github(self) -> Val:
        return self._c(self._crc_token(self.pick(["ghp", "gho", "ghs"])), "github_token")

    def npm(self) -> Val:
        return self._c(self._crc_token("npm"), "npm_token")

    def slack(self) -> Val:
        return self._c(f"xoxb-{self.s(string.digits, 12)}-{self.s(string.digits, 13)}-{self.s(B62, 24)}", "slack_token")

    def slack_webhook(self) -> Val:
        return self._c(f"https://hooks.slack.com/services/T{self.s(string.ascii_uppercase + string.digits, 10)}/"
                       f"B{self.s(string.ascii_uppercase + string.digits, 10)}/{self.s(B62, 24)}", "slack_webhook")

    def gitlab(self) -> Val:
        return self._c("glpat-" + self.s(B62 + "-_", 20), "gitlab_token")

    def stripe(self) -> Val:
        return self._c(self.pick(["sk_live_", "rk_live_"]) + self.s(B62, 32), "stripe_key")

    def google(self) -> Val:
        return self._c("AIza" + self.s(B62 + "-_", 35), "google_api_key")

    def ado_pat(self) -> Val:
        return self._c(self.s("abcdefghijklmnopqrstuvwxyz234567", 52), "azure_devops_pat")

    def sendgrid(self) -> Val:
        return self._c(f"SG.{self.s(B62 + '-_', 22)}.{self.s(B62 + '-_', 43)}", "sendgrid_key")

    def _b64key(self, n: int = 64) -> str:
        return base64.b64encode(self.r.randbytes(n)).decode()

    def storage_key(self) -> Val:
        return self._c(self._b64key(), "azure_storage_key")

    def conn(self) -> Val:
        key = self._b64key()
        acct = self.pick(["stfinanceprod", "contosologs01", "fabrikamexport", "nwdatalake"])
        return self._c(f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net",
                       "connection_string", key)

    def sas(self) -> Val:
        sig = base64.b64encode(self.r.randbytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        return self._c(f"sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T18:00:00Z&spr=https&sig={sig}", "sas_token", sig)

    def aoai_key(self) -> Val:
        return self._c(self.s(HEX, 32), "azure_openai_key")

    def aoai_neutral(self) -> Val:
        return self._c(self.s(HEX, 32), "azure_ai_key_no_keyword")

    def openai(self) -> Val:
        return self._c(f"sk-proj-{self.s(B62 + '-_', 40)}T3BlbkFJ{self.s(B62 + '-_', 40)}", "openai_key")

    def anthropic(self) -> Val:
        return self._c(f"sk-ant-api03-{self.s(B62 + '-_', 93)}AA", "anthropic_key")

    def aws_id(self) -> Val:
        return self._c("AKIA" + self.s(string.ascii_uppercase + "234567", 16), "aws_access_key_id")

    def aws_secret(self) -> Val:
        return self._c(self.s(B62 + "+/", 40), "aws_secret_key")

    def jwt(self) -> Val:
        enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")  # noqa: E731
        tok = ".".join([enc({"alg": "RS256", "typ": "JWT"}),
                        enc({"sub": self.s(HEX, 24), "name": "svc-gateway", "iat": 1764000000 + self.r.randint(0, 9999999)}),
                        base64.urlsafe_b64encode(self.r.randbytes(64)).decode().rstrip("=")])
        return self._c(tok, "jwt")

    def bearer(self) -> Val:
        return self._c(self.s(B62, 24) + "." + self.s(B62 + "-_", 30), "bearer_token")

    def private_key(self, escaped: bool = False) -> Val:
        body = base64.b64encode(self.r.randbytes(300)).decode()
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        nl = "\\n" if escaped else "\n"
        kind = self.pick(["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"])
        return self._c(f"-----BEGIN {kind}-----{nl}" + nl.join(lines) + f"{nl}-----END {kind}-----", "private_key")

    def entra(self) -> Val:
        return self._c(f"{self.s(B62, 3)}{self.r.randint(0, 9)}Q~{self.s(B62 + '_.~-', 34)}", "entra_client_secret")

    def cosmos_key(self) -> Val:
        return self._c(self._b64key(), "cosmos_key")

    def twilio(self) -> Val:
        return self._c("SK" + self.s(HEX, 32), "twilio_key")

    def mailgun(self) -> Val:
        return self._c("key-" + self.s(HEX, 32), "mailgun_key")

    def pypi(self) -> Val:
        return self._c("pypi-AgEIcHlwaS5vcmc" + self.s(B62 + "-_", 60), "pypi_token")

    def hf(self) -> Val:
        return self._c("hf_" + self.s(string.ascii_letters, 34), "huggingface_token")

    def pw_raw(self) -> str:
        return self.pick([self.s(string.ascii_letters, 5) + self.s(string.digits, 3) + self.pick("!#$%&*") + self.s(B62, 3),
                          self.pick(["Winter", "Kaffee", "Sunrise", "Matrix", "Bastion"]) + str(self.r.randint(2019, 2026))
                          + self.pick("!?#") + self.s(B62, 2),
                          self.s(B62, 14)])

    def pw(self, kind: str) -> Val:
        return self._c(self.pw_raw(), kind)

    def pw_url(self) -> Val:
        pw = self.pw_raw().replace("#", "x").replace("?", "x").replace("%", "x")
        user = self.pick(["app", "reporting", "svc_etl", "admin"])
        host = self.pick(["pg-prod-01.internal", "sql-weu.contoso.local", "db.fabrikam.lan"])
        scheme = self.pick(["postgresql", "mysql", "mongodb", "redis"])
        return self._c(f"{scheme}://{user}:{pw}@{host}:5432/app", "password_url", pw)

    CREDS = ["github", "npm", "slack", "slack_webhook", "gitlab", "stripe", "google", "ado_pat", "sendgrid", "storage_key",
             "conn", "sas", "aoai_key", "openai", "anthropic", "aws_id", "aws_secret", "jwt", "bearer", "entra", "cosmos_key",
             "twilio", "mailgun", "pypi", "hf", "pw_url"]
    NAMES = {"github": ["GITHUB_TOKEN", "GH_TOKEN"], "npm": ["NPM_TOKEN", "//registry.npmjs.org/:_authToken"],
             "slack": ["SLACK_BOT_TOKEN", "slack_token"], "slack_webhook": ["SLACK_WEBHOOK_URL", "alert_webhook"],
             "gitlab": ["GITLAB_TOKEN", "CI_JOB_PUSH_TOKEN"], "stripe": ["STRIPE_SECRET_KEY", "stripe_api_key"],
             "google": ["GOOGLE_MAPS_KEY", "firebaseApiKey"], "ado_pat": ["AZURE_DEVOPS_PAT", "ADO_PAT"],
             "sendgrid": ["SENDGRID_API_KEY", "sendgridKey"], "storage_key": ["AZURE_STORAGE_KEY", "StorageAccountKey"],
             "conn": ["AZURE_STORAGE_CONNECTION_STRING", "BlobConnection"], "sas": ["SAS_TOKEN", "export_sas"],
             "aoai_key": ["AZURE_OPENAI_API_KEY", "AzureOpenAI__ApiKey"], "openai": ["OPENAI_API_KEY", "openai_key"],
             "anthropic": ["ANTHROPIC_API_KEY", "claude_key"], "aws_id": ["AWS_ACCESS_KEY_ID", "aws_access_key_id"],
             "aws_secret": ["AWS_SECRET_ACCESS_KEY", "aws_secret_access_key"], "jwt": ["ID_TOKEN", "jwt"],
             "bearer": ["API_TOKEN", "access_token"], "entra": ["AZURE_CLIENT_SECRET", "ClientSecret"],
             "cosmos_key": ["COSMOS_KEY", "CosmosDb__PrimaryKey"], "twilio": ["TWILIO_API_KEY", "twilioKey"],
             "mailgun": ["MAILGUN_API_KEY", "mailgun_key"], "pypi": ["TWINE_PASSWORD", "PYPI_TOKEN"],
             "hf": ["HF_TOKEN", "HUGGINGFACE_HUB_TOKEN"], "pw_url": ["DATABASE_URL", "REDIS_URL"]}

    def cred(self) -> tuple[str, Val]:
        """(setting name, value) for the next credential kind in turn."""
        if self._cred_i % len(self.CREDS) == 0:
            self._order = self.r.sample(self.CREDS, len(self.CREDS))
        gen = self._order[self._cred_i % len(self.CREDS)]
        self._cred_i += 1
        return self.pick(self.NAMES[gen]), getattr(self, gen)()

    # ---- hard negatives
    def neg(self) -> Neg:
        k = self.r.randrange(16)
        if k == 0:
            return Neg(self.pick(["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]), "aws_example", "aws_secret_key")
        if k == 1:
            return Neg("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
                       "azurite", "azure_storage_key")
        if k == 2:
            return Neg("C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
                       "cosmos_emulator", "cosmos_key")
        if k == 3:
            return Neg(self.pick(["4242 4242 4242 4242", "4111 1111 1111 1111", "5555555555554444"]), "test_card", "CREDIT_CARD")
        if k == 4:
            return Neg(self.pick(["<your-api-key>", "${OPENAI_API_KEY}", "YOUR_TOKEN_HERE", "xxxxxxxxxxxxxxxx", "{{ secrets.NPM_TOKEN }}"]),
                       "placeholder", "credential")
        if k == 5:
            return Neg(self.pick(["sk-...", "sk-proj-****", "ghp_****************", "****-****-****-" + self.s(string.digits, 4)]),
                       "masked_key", "credential")
        if k == 6:
            return Neg(self.pick(["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000"]), "example_iban", "IBAN_CODE")
        if k == 7:
            return Neg(self.pick(["000-12-3456", f"666-{self.r.randint(10, 99)}-{self.r.randint(1000, 9999)}",
                                  f"9{self.r.randint(10, 99)}-{self.r.randint(10, 99)}-{self.r.randint(1000, 9999)}"]), "bad_ssn", "US_SSN")
        if k == 8:
            return Neg(f"{self.pick(['192.0.2', '198.51.100', '203.0.113'])}.{self.r.randint(1, 254)}", "doc_ip", "IP_ADDRESS")
        if k == 9:
            return self._luhn_fail()
        if k == 10:
            return Neg(f"+1 {self.r.randint(201, 989)}-555-01{self.r.randint(10, 99)}", "fict_phone", "PHONE_NUMBER")
        if k == 11:
            return Neg("chatcmpl-" + self.s(B62, 29), "chatcmpl", "credential")
        if k == 12:
            u = self.s(HEX, 32)
            return Neg(f"{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}", "guid", "azure_openai_key")
        if k == 13:
            return Neg(self.s(HEX, 64), "sha256", "credential")
        if k == 14:
            return Neg(f"ORD-{self.r.randint(2024, 2026)}-{self.s(string.digits, 7)}", "order_number", "CREDIT_CARD")
        return Neg(self.pick(["user@example.com", "jane.doe@example.org", "noreply@example.net"]), "example_email", "EMAIL_ADDRESS")

    def _luhn_fail(self) -> Neg:
        while True:
            n = "4" + self.s(string.digits, 15)
            if not luhn_valid(n):
                return Neg(" ".join(n[i:i + 4] for i in range(0, 16, 4)), "luhn_fail", "CREDIT_CARD")
