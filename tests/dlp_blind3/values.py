"""Value generators for the third corpus: credentials in the shapes their issuers publish (with the
issuers' checksums where they have one) and structured PII that passes its own validity checks.

Every generator draws from the `random.Random` it is given, so a seed fixes the whole corpus.
`Val` is a labelled value, `Neg` a hard negative (a look-alike that must not be reported).
"""

from __future__ import annotations

import base64
import json
import random
import string

import phonenumbers

from tests.dlp_eval.checksums import checksum_tail_valid, crc32_base62, iban_check_digits, iban_valid, luhn_check_digit
from tests.dlp_eval.checksums import luhn_valid as luhn_valid  # this corpus's validator, for the shared tests
from tests.dlp_eval.templates import Neg, Val  # the slot types of the templates

CREDENTIAL = "CREDENTIAL"
PERSON = "PERSON"

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"
B32 = string.ascii_uppercase + "234567"


def cred(text: str, kind: str, secret: str | None = None) -> Val:
    return Val(text, CREDENTIAL, kind, secret)


class Values:
    """All value generators over one random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    # -- helpers -------------------------------------------------------------------------------
    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def pick(self, seq):  # noqa: ANN001, ANN201 - any sequence
        return self.r.choice(seq)

    def b64(self, nbytes: int, urlsafe: bool = False, pad: bool = True) -> str:
        raw = self.r.randbytes(nbytes)
        out = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode()
        return out if pad else out.rstrip("=")

    def guid(self) -> str:
        h = self.chars(HEX, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.pick('89ab')}{h[17:20]}-{h[20:]}"

    def hexs(self, n: int) -> str:
        return self.chars(HEX, n)

    # -- credentials ---------------------------------------------------------------------------
    def _base62_checksummed(self, prefix: str, entropy: int) -> str:
        body = self.chars(BASE62, entropy)
        return prefix + body + crc32_base62(body)

    def github(self) -> Val:
        kind = self.r.random()
        if kind < 0.22:
            text = f"github_pat_11{self.chars(string.ascii_uppercase + string.digits, 20)}_{self.chars(BASE62, 59)}"
        else:
            text = self._base62_checksummed(self.pick(["ghp_", "ghp_", "ghp_", "gho_", "ghs_", "ghu_", "ghr_"]), 30)
        return cred(text, "github_token")

    def npm(self) -> Val:
        return cred(self._base62_checksummed("npm_", 30), "npm_token")

    def slack(self) -> Val:
        r = self.r.random()
        team = str(self.r.randint(10**9, 10**12))
        if r < 0.45:
            text = f"xoxb-{team}-{self.r.randint(10**12, 10**13 - 1)}-{self.chars(string.ascii_letters + string.digits, 24)}"
        elif r < 0.8:
            text = (f"xoxp-{team}-{self.r.randint(10**9, 10**12)}-{self.r.randint(10**12, 10**13 - 1)}-"
                    f"{self.hexs(32)}")
        else:
            text = (f"xapp-1-A0{self.chars(string.ascii_uppercase + string.digits, 9)}-"
                    f"{self.r.randint(10**12, 10**13 - 1)}-{self.hexs(64)}")
        return cred(text, "slack_token")

    def slack_webhook(self) -> Val:
        up = string.ascii_uppercase + string.digits
        secret = self.chars(string.ascii_letters + string.digits, 24)
        text = f"https://hooks.slack.com/services/T0{self.chars(up, 8)}/B0{self.chars(up, self.r.choice([8, 9]))}/{secret}"
        return cred(text, "slack_webhook", secret)

    def gitlab(self) -> Val:
        r = self.r.random()
        if r < 0.7:
            text = "glpat-" + self.chars(string.ascii_letters + string.digits + "-_", 20)
        elif r < 0.85:
            text = "glrt-" + self.chars(string.ascii_letters + string.digits + "-_", 20)
        else:
            text = "gldt-" + self.chars(string.ascii_letters + string.digits + "-_", 20)
        return cred(text, "gitlab_token")

    def stripe(self) -> Val:
        prefix = self.pick(["sk_live_", "sk_live_", "rk_live_", "sk_test_", "whsec_"])
        n = self.pick([24, 99]) if prefix != "whsec_" else 32
        body = ("51" + self.chars(string.ascii_letters + string.digits, n - 2)) if n == 99 else \
            self.chars(string.ascii_letters + string.digits, n)
        return cred(prefix + body, "stripe_key")

    def google_api_key(self) -> Val:
        return cred("AIza" + self.chars(string.ascii_letters + string.digits + "-_", 35), "google_api_key")

    def azure_devops_pat(self) -> str:
        if self.r.random() < 0.7:
            return self.chars("abcdefghijklmnopqrstuvwxyz234567", 52)
        return self.chars(BASE62, 76) + "AZDO" + self.chars(BASE62, 4)

    def sendgrid(self) -> Val:
        return cred(f"SG.{self.chars(B64URL, 22)}.{self.chars(B64URL, 43)}", "sendgrid_key")

    def storage_key(self) -> str:
        return self.b64(64)

    def sb_key(self) -> str:
        return self.b64(32)

    def aoai_key(self) -> str:
        return self.hexs(32)

    def openai(self) -> Val:
        r = self.r.random()
        if r < 0.55:
            text = "sk-proj-" + self.chars(B64URL, 74) + "T3BlbkFJ" + self.chars(B64URL, 74)
        elif r < 0.8:
            text = "sk-" + self.chars(string.ascii_letters + string.digits, 20) + "T3BlbkFJ" + \
                self.chars(string.ascii_letters + string.digits, 20)
        else:
            text = "sk-svcacct-" + self.chars(B64URL, 74) + "T3BlbkFJ" + self.chars(B64URL, 74)
        return cred(text, "openai_key")

    def anthropic(self) -> Val:
        return cred("sk-ant-api03-" + self.chars(B64URL, 93) + "AA", "anthropic_key")

    def huggingface(self) -> Val:
        return cred("hf_" + self.chars(string.ascii_letters, 34), "huggingface_token")

    def aws_key_id(self) -> Val:
        return cred(self.pick(["AKIA", "AKIA", "AKIA", "ASIA"]) + self.chars(B32, 16), "aws_access_key_id")

    def aws_secret(self) -> Val:
        return cred(self.chars(string.ascii_letters + string.digits + "/+", 40), "aws_secret_key")

    def client_secret(self) -> Val:
        return cred(self.chars(string.ascii_letters + string.digits, 3) + "8Q~"
                    + self.chars(string.ascii_letters + string.digits + "_.~-", 34), "client_secret")

    def jwt(self, email: str | None = None) -> Val:
        tenant = self.guid()
        header = {"alg": self.pick(["RS256", "RS256", "HS256", "ES256"]), "typ": "JWT"}
        if header["alg"] == "RS256":
            header["kid"] = self.chars(B64URL, 27)
        now = self.r.randint(1_735_000_000, 1_790_000_000)
        payload = {"aud": self.pick(["https://cognitiveservices.azure.com", "api://" + self.guid(),
                                     "https://management.azure.com/"]),
                   "iss": f"https://sts.windows.net/{tenant}/", "iat": now, "nbf": now, "exp": now + 3600,
                   "oid": self.guid(), "tid": tenant}
        if email:
            payload["upn"] = email
        sig_len = {"RS256": 256, "HS256": 32, "ES256": 64}[header["alg"]]
        enc = lambda obj: base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")  # noqa: E731
        return cred(f"{enc(header)}.{enc(payload)}.{self.b64(sig_len, urlsafe=True, pad=False)}", "jwt")

    def opaque_bearer(self) -> Val:
        r = self.r.random()
        if r < 0.4:
            text = "EwB" + self.chars(B64, self.r.randint(90, 140))
        elif r < 0.7:
            text = self.chars(string.ascii_letters + string.digits, self.r.randint(40, 64))
        else:
            text = self.b64(self.r.randint(30, 48), urlsafe=True, pad=False)
        return cred(text, "bearer_token")

    def pem(self, escaped: bool = False) -> Val:
        label, head = self.pick([("RSA PRIVATE KEY", "MIIEowIBAAKCAQEA"), ("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"),
                                 ("EC PRIVATE KEY", "MHcCAQEEI"), ("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB")])
        nbytes = {"RSA PRIVATE KEY": 1190, "PRIVATE KEY": 1210, "EC PRIVATE KEY": 115, "OPENSSH PRIVATE KEY": 380}[label]
        body = head + self.b64(nbytes)[len(head):]
        nl = "\\n" if escaped else "\n"
        lines = [body[i:i + (70 if label.startswith("OPENSSH") else 64)] for i in range(0, len(body), 70 if label.startswith("OPENSSH") else 64)]
        text = f"-----BEGIN {label}-----{nl}" + nl.join(lines) + f"{nl}-----END {label}-----"
        return cred(text, "private_key", body[:64])

    def password(self, safe: str = "") -> str:
        """A password people really use; characters in `safe` are avoided (quotes, ; and the like)."""
        while True:
            r = self.r.random()
            if r < 0.25:
                word = self.pick(["Winter", "Sommer", "Printemps", "Verano", "Herfst", "Contoso", "Fabrikam", "Welkom",
                                  "Bienvenue", "Sunshine", "Dragon", "Falcon", "Kaffee", "Azure", "Tokyo"])
                pw = f"{word}{self.r.randint(2019, 2026)}{self.pick('!#$%?*')}"
            elif r < 0.5:
                pw = self.chars(string.ascii_letters + string.digits + "!@#$%^&*-_+=?", self.r.randint(12, 24))
            elif r < 0.65:
                words = self.r.sample(["correct", "horse", "battery", "staple", "orange", "river", "blue", "tiger",
                                       "maple", "cloud", "piano", "rocket", "lemon", "castle"], 3)
                pw = "-".join(words) + str(self.r.randint(1, 99))
            elif r < 0.8:
                pw = f"P@ss{self.pick(['w0rd', 'word', 'Wort'])}{self.r.randint(1, 999)}{self.pick(['!', '#', ''])}"
            else:
                pw = self.chars(string.ascii_letters + string.digits, self.r.randint(16, 32))
            if any(c in pw for c in safe) or not any(c.isdigit() for c in pw):
                continue
            return pw

    # -- labelled credential values in their usual containers ------------------------------------
    SAFE_Q = "'\"\\`$"                     # inside quotes in code and shells
    SAFE_URL = "@:/?#[]%'\"\\ ;&=+$,<>`{}|^!*"  # inside URL userinfo
    SAFE_CONN = ";'\"\\={}"                 # inside ADO.NET / libpq connection strings
    SAFE_BARE = "!@#$%^&*+=?'\"\\`;,{}[]<>|:"  # bare YAML / INI / prose values

    def pw(self, kind: str, safe: str = SAFE_Q) -> Val:
        return cred(self.password(safe), kind)

    def aoai(self, keyword: bool = True) -> Val:
        return cred(self.aoai_key(), "azure_openai_key" if keyword else "azure_ai_key_no_keyword")

    def devops(self) -> Val:
        return cred(self.azure_devops_pat(), "azure_devops_pat")

    def storage(self) -> Val:
        return cred(self.storage_key(), "azure_storage_key")

    def account(self) -> str:
        return self.pick(["st", "sa", "stg", ""]) + self.pick(["contoso", "fabrikam", "nwind", "litware", "tailspin"]) + \
            self.pick(["prod", "dev", "logs", "data", "weu", "ne"]) + str(self.r.randint(1, 99))

    def storage_conn(self) -> Val:
        key = self.storage_key()
        text = (f"DefaultEndpointsProtocol=https;AccountName={self.account()};AccountKey={key};"
                f"EndpointSuffix=core.windows.net")
        return cred(text, "connection_string", key)

    def bus_conn(self) -> Val:
        key = self.sb_key()
        ns = self.pick(["sb-orders", "evh-telemetry", "ehns-aoai-logs", "sb-payments"]) + f"-{self.pick(['prod', 'dev', 'weu'])}"
        entity = self.pick(["", f";EntityPath={self.pick(['orders', 'aoai-gateway', 'telemetry'])}"])
        text = (f"Endpoint=sb://{ns}.servicebus.windows.net/;SharedAccessKeyName={self.pick(['RootManageSharedAccessKey', 'listen', 'send-only'])};"
                f"SharedAccessKey={key}{entity}")
        return cred(text, "connection_string", key)

    def cosmos_conn(self) -> Val:
        key = self.storage_key()
        text = f"AccountEndpoint=https://cosmos-{self.account()}.documents.azure.com:443/;AccountKey={key};"
        return cred(text, "connection_string", key)

    def sql_conn(self) -> Val:
        pw = self.password(self.SAFE_CONN)
        text = (f"Server=tcp:sql-{self.account()}.database.windows.net,1433;Initial Catalog={self.pick(['billing', 'crm', 'orders'])};"
                f"Persist Security Info=False;User ID={self.pick(['sqladmin', 'app_user', 'svc-reporting'])};Password={pw};"
                f"MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;")
        return cred(text, "connection_string", pw)

    def redis_conn(self) -> Val:
        key = self.sb_key()
        text = f"redis-{self.account()}.redis.cache.windows.net:6380,password={key},ssl=True,abortConnect=False"
        return cred(text, "connection_string", key)

    def iot_conn(self) -> Val:
        key = self.sb_key()
        text = f"HostName=iot-{self.account()}.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey={key}"
        return cred(text, "connection_string", key)

    def any_conn(self) -> Val:
        return self.pick([self.storage_conn, self.storage_conn, self.bus_conn, self.cosmos_conn, self.sql_conn,
                          self.redis_conn, self.iot_conn])()

    def sas(self) -> Val:
        sig = base64.b64encode(self.r.randbytes(32)).decode()
        sig_url = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        start = f"2026-{self.r.randint(1, 12):02d}-{self.r.randint(1, 28):02d}"
        perms = self.pick(["r", "rl", "racwdl", "rwdlacupiytfx", "rw"])
        text = self.pick([
            f"sv=2022-11-02&ss=bfqt&srt=sco&sp={perms}&se={start}T23:59:59Z&st={start}T08:00:00Z&spr=https&sig={sig_url}",
            f"sp={perms}&st={start}T10:00:00Z&se={start}T18:00:00Z&spr=https&sv=2022-11-02&sr=c&sig={sig_url}",
            f"se={start}T12%3A00%3A00Z&sp={perms}&sv=2021-12-02&sr=b&sig={sig_url}",
        ])
        return cred(text, "sas_token", sig_url)

    def name(self, first: str | None = None, last: str | None = None) -> Val:
        if first is None or last is None:
            first, last = self.person()
        return Val(f"{first} {last}", PERSON, PERSON)

    def first(self) -> Val:
        return Val(self.pick(self.FIRST), PERSON, PERSON)

    # -- PII -----------------------------------------------------------------------------------
    FIRST = ["Jana", "Lukas", "Sophie", "Mateo", "Aisha", "Pieter", "Camille", "Yuki", "Carlos", "Ingrid", "Tomasz",
             "Priya", "Olivier", "Lucía", "Daan", "Fatima", "Henrik", "Chloé", "Ravi", "Emma", "Noah", "Mei",
             "Sven", "Amélie", "Jonas", "Valentina", "Kwame", "Anouk", "Diego", "Greta", "Marek", "Elif"]
    LAST = ["Novák", "Schneider", "Dubois", "García", "Khan", "de Vries", "Lefèvre", "Tanaka", "Fernández",
            "Johansson", "Kowalski", "Sharma", "Moreau", "Jansen", "Haddad", "Lindqvist", "Bernard", "Iyer",
            "Becker", "Okafor", "Visser", "Rossi", "Weber", "Martínez", "Nowak", "Hoffmann", "Bakker", "Yilmaz"]
    DOMAINS = ["contoso.com", "fabrikam.de", "northwind.co.uk", "adventure-works.nl", "tailspin.fr", "woodgrove.es",
               "gmail.com", "outlook.com", "proton.me", "corp.litware.io", "wingtiptoys.com", "example-bank.ch"]

    def person(self) -> tuple[str, str]:
        return self.pick(self.FIRST), self.pick(self.LAST)

    def email(self, first: str | None = None, last: str | None = None) -> Val:
        first = first or self.pick(self.FIRST)
        last = last or self.pick(self.LAST)
        ascii_ = lambda s: s.lower().translate(str.maketrans("áéèíóúüöäçñ ", "aeeiouuoacn-"))  # noqa: E731
        local = self.pick([f"{ascii_(first)}.{ascii_(last)}", f"{ascii_(first)[0]}{ascii_(last)}",
                           f"{ascii_(first)}_{ascii_(last)}{self.r.randint(1, 99)}", f"{ascii_(first)}",
                           f"{ascii_(first)}.{ascii_(last)}+azure", f"{ascii_(last)}.{ascii_(first)[0]}"])
        return Val(f"{local}@{self.pick(self.DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def role_email(self) -> Val:
        return Val(f"{self.pick(['it-support', 'payroll', 'ap-invoices', 'noreply', 'security', 'hr.benelux', 'facturation'])}"
                   f"@{self.pick(self.DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    PHONE_FORMS = {
        "US": ["+1 {a} {b} {c}", "({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "+1 ({a}) {b}-{c}", "+1-{a}-{b}-{c}"],
        "GB": ["+44 20 {x4} {y4}", "020 {x4} {y4}", "+44 7{m3} {m6}", "07{m3} {m6}"],
        "DE": ["+49 30 {d8}", "030 {d8}", "+49 151 {d8}", "0151 {d8}", "+49 (0)89 {d7}", "089/{d7}", "+49 40 {d3} {d4}"],
        "FR": ["+33 1 {p2} {q2} {r2} {s2}", "01 {p2} {q2} {r2} {s2}", "06 {p2} {q2} {r2} {s2}", "+33 6 {p2} {q2} {r2} {s2}", "01.{p2}.{q2}.{r2}.{s2}"],
        "ES": ["+34 6{p2} {d3} {d3b}", "6{p2} {d3} {d3b}", "+34 91 {d3} {p2} {q2}", "91 {d3} {p2} {q2}"],
        "NL": ["+31 20 {d3} {d4}", "020-{d7}", "06-{d8}", "+31 6 {d8}", "+31 (0)6 {d4} {d4b}"],
        "IN": ["+91 9{d4} {d5}", "+91-9{d4}-{d5}", "09{d4} {d5}"],
        "CH": ["+41 44 {d3} {p2} {q2}", "044 {d3} {p2} {q2}", "+41 79 {d3} {p2} {q2}"],
        "AU": ["+61 2 {d4} {d4b}", "04{p2} {d3} {d3b}", "+61 4{p2} {d3} {d3b}"],
        "BR": ["+55 11 9{d4}-{d4b}", "(11) 9{d4}-{d4b}"],
        "IE": ["+353 1 {d3} {d4}", "+353 87 {d3} {d4}"],
        "BE": ["+32 2 {d3} {p2} {q2}", "+32 470 {p2} {q2} {r2}"],
        "AT": ["+43 1 {d7}", "+43 664 {d7}"],
        "JP": ["+81 3-{d4}-{d4b}", "+81 90-{d4}-{d4b}"],
    }
    US_AREAS = ["206", "212", "303", "312", "415", "425", "503", "512", "617", "646", "702", "713", "801", "919"]

    def phone(self, region: str | None = None) -> Val:
        region = region or self.pick(list(self.PHONE_FORMS))
        while True:
            form = self.pick(self.PHONE_FORMS[region])
            d = lambda n: "".join(self.pick(string.digits) for _ in range(n))  # noqa: E731
            fields = {"a": self.pick(self.US_AREAS), "b": self.pick("23456789") + d(2), "c": d(4),
                      "x4": self.pick("3789") + d(3), "y4": d(4), "m3": self.pick("4589") + d(2), "m6": d(6),
                      "d8": self.pick("23456789") + d(7), "d7": self.pick("23456789") + d(6),
                      "d3": self.pick("23456789") + d(2), "d3b": d(3), "d4": self.pick("23456789") + d(3),
                      "d4b": d(4), "d5": d(5), "p2": self.pick("123456789") + d(1), "q2": d(2), "r2": d(2), "s2": d(2)}
            text = form.format(**fields)
            if "{c}" in form and fields["b"].startswith("555"):
                continue
            try:
                parsed = phonenumbers.parse(text, "GB" if region == "GB" else region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                return Val(text, "PHONE_NUMBER", "PHONE_NUMBER")

    def card(self) -> Val:
        brand = self.pick(["visa", "visa", "mc", "mc2", "mc2", "amex", "amex", "discover", "diners", "jcb"])
        prefix, length = {
            "visa": ("4" + str(self.r.randint(10000, 99999)), 16),
            "mc": (str(self.r.randint(51, 55)), 16),
            "mc2": (str(self.r.randint(2221, 2720)), 16),
            "amex": (self.pick(["34", "37"]), 15),
            "discover": (self.pick(["6011", "65" + str(self.r.randint(10, 99))]), 16),
            "diners": ("36", 14),
            "jcb": (str(self.r.randint(3528, 3589)), 16),
        }[brand]
        digits = prefix + "".join(self.pick(string.digits) for _ in range(length - len(prefix) - 1))
        digits += luhn_check_digit(digits)
        if brand == "amex":
            groups = [digits[:4], digits[4:10], digits[10:]]
        elif brand == "diners":
            groups = [digits[:4], digits[4:10], digits[10:]]
        else:
            groups = [digits[i:i + 4] for i in range(0, 16, 4)]
        sep = self.pick([" ", " ", "-", ""])
        return Val(sep.join(groups), "CREDIT_CARD", "CREDIT_CARD", None)

    IBAN_SPECS = {  # country: BBAN layout (n digit, a upper letter, c alnum) - lengths per SWIFT registry
        "DE": "18n", "FR": "10n11c2n", "GB": "4a14n", "NL": "4a10n", "BE": "12n", "AT": "16n", "ES": "20n",
        "IT": "1a10n12c", "CH": "5n12c", "PL": "24n", "SE": "20n", "IE": "4a14n", "PT": "21n", "LU": "3n13c",
        "DK": "14n", "NO": "11n", "FI": "14n", "CZ": "20n",
    }
    BANKS = {"GB": ["NWBK", "BARC", "LOYD", "HBUK"], "NL": ["ABNA", "INGB", "RABO", "TRIO"], "IE": ["AIBK", "BOFI"]}

    def iban(self, country: str | None = None) -> Val:
        country = country or self.pick(list(self.IBAN_SPECS))
        spec = self.IBAN_SPECS[country]
        bban = ""
        for count, kind in _layout(spec):
            if kind == "a" and country in self.BANKS and count == 4:
                bban += self.pick(self.BANKS[country])
            else:
                alphabet = {"n": string.digits, "a": string.ascii_uppercase, "c": string.digits * 3 + string.ascii_uppercase}[kind]
                bban += self.chars(alphabet, count)
        if country == "BE":  # the Belgian national check: last two digits = first ten mod 97
            check = int(bban[:10]) % 97 or 97
            bban = bban[:10] + f"{check:02d}"
        iban = country + iban_check_digits(country, bban) + bban
        assert iban_valid(iban)
        style = self.r.random()
        text = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if style < 0.6 else iban
        return Val(text, "IBAN_CODE", "IBAN_CODE")

    def ssn(self, sep: str | None = None) -> Val:
        while True:
            area = self.r.randint(1, 899)
            if area != 666:
                break
        group, serial = self.r.randint(1, 99), self.r.randint(1, 9999)
        sep = self.pick(["-", "-", "-", " "]) if sep is None else sep
        return Val(f"{area:03d}{sep}{group:02d}{sep}{serial:04d}", "US_SSN", "US_SSN")

    def ipv4(self, private: bool | None = None) -> Val:
        private = self.r.random() < 0.5 if private is None else private
        if private:
            text = self.pick([f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                              f"172.{self.r.randint(16, 31)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                              f"192.168.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"])
        else:
            first = self.pick([20, 40, 51, 52, 81, 85, 91, 104, 137, 141, 151, 185, 194, 212, 217])
            text = f"{first}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
        return Val(text, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self) -> Val:
        groups = [self.pick(["2a01", "2001", "2603", "2a02", "2600"]), f"{self.r.randint(0x100, 0xffff):x}"] + \
                 [f"{self.r.randint(0, 0xffff):x}" for _ in range(6)]
        if self.r.random() < 0.5:
            text = ":".join(groups[:4]) + "::" + groups[7]
        else:
            text = ":".join(groups)
        return Val(text, "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> Val:
        return self.ipv6() if self.r.random() < 0.25 else self.ipv4()

    # -- hard negatives ------------------------------------------------------------------------
    def version4(self) -> Neg:
        """A four-part version whose parts are all below 256: the shape of an IPv4 address."""
        return Neg(f"{self.r.randint(1, 12)}.{self.r.randint(0, 60)}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}",
                   "version", "IP_ADDRESS")

    def oid(self) -> Neg:
        return Neg(self.pick(["1.3.6.1.4.1.311.21.8", "2.5.4.3", "2.5.29.17", "1.2.840.113549.1.1.11",
                              "1.3.6.1.5.5.7.3.1", "1.3.6.1.2.1.1.3.0", "2.16.840.1.101.3.4.2.1"]), "oid", "IP_ADDRESS")

    def sha(self, n: int = 40) -> Neg:
        return Neg(self.hexs(n), f"hex{n}", "azure_openai_key" if n == 32 else "CREDENTIAL")

    def guid_neg(self) -> Neg:
        return Neg(self.guid(), "guid", "CREDENTIAL")

    def lot(self) -> Neg:
        return Neg(f"{self.r.randint(100, 899)}-{self.r.randint(10, 99)}-{self.r.randint(1000, 9999)}", "lot_number", "US_SSN")

    def gl_account(self) -> Neg:
        return Neg(f"{self.r.randint(100000, 999999)}-{self.r.randint(1000, 9999)}", "gl_account", "PHONE_NUMBER")

    def order_no(self) -> Neg:
        return Neg(str(self.r.randint(4500000000, 4599999999)), "po_number", "PHONE_NUMBER")

    def non_luhn16(self) -> Neg:
        while True:
            digits = str(self.r.randint(10**15, 10**16 - 1))
            if luhn_check_digit(digits[:-1]) != digits[-1]:
                return Neg(digits, "reference_16", "CREDIT_CARD")

    def imei(self) -> Neg:
        body = "35" + "".join(self.pick(string.digits) for _ in range(12))
        return Neg(body + luhn_check_digit(body), "imei", "CREDIT_CARD")

    def integrity(self) -> Neg:
        return Neg("sha512-" + self.b64(64), "sri_hash", "azure_storage_key")

    def ssh_pub(self) -> Neg:
        return Neg("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + self.b64(256)[:340], "ssh_public_key", "private_key")

    def cert_b64(self) -> Neg:
        return Neg("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM" + self.b64(180), "ca_bundle", "CREDENTIAL")

    def trace_id(self) -> Neg:
        return Neg(self.hexs(32), "trace_id", "azure_openai_key")


def _layout(spec: str) -> list[tuple[int, str]]:
    out, num = [], ""
    for ch in spec:
        if ch.isdigit():
            num += ch
        else:
            out.append((int(num), ch))
            num = ""
    return out


def base62_checksum_valid(token: str) -> bool:
    """GitHub's and npm's token checksum: CRC32 of the 30 characters of entropy, base62, 6 characters."""
    return checksum_tail_valid(token[4:])
