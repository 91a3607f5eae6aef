"""The twelfth corpus's values, written from public format descriptions only: credentials of every kind the
harness scores (tokens with their published prefixes and checksums), PII with valid check digits
(Luhn cards, mod-97 IBANs, issuable SSNs, libphonenumber-valid phones), person names of a multinational
workforce, and the hard negatives that look like them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import string
import unicodedata
from collections import Counter

import phonenumbers

from tests.dlp_eval.checksums import base62_checksum_valid, crc32_base62, iban_check_digits, luhn_complete
from tests.dlp_eval.checksums import iban_valid as _iban_valid
from tests.dlp_eval.checksums import luhn_valid as _luhn_valid
from tests.dlp_eval.corpus import PERSON, N, V

__all__ = ["PHONE_REGIONS", "Values", "base62_checksum_valid", "iban_valid", "luhn_valid"]

ALNUM = string.ascii_letters + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
URLSAFE = string.ascii_letters + string.digits + "-_"

PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "BR", "MX", "JP", "AU", "CA", "CH", "SE", "PL", "IE", "SG",
                 "ZA", "AE", "BE", "AT", "PT", "DK")

CREDENTIAL_KINDS = (
    "github_token", "slack_token", "slack_webhook", "gitlab_token", "stripe_key", "google_api_key", "npm_token",
    "azure_devops_pat", "sendgrid_key", "azure_storage_key", "connection_string", "sas_token", "azure_openai_key",
    "azure_ai_key_no_keyword", "openai_key", "aws_access_key_id", "aws_secret_key", "jwt", "bearer_token", "private_key",
    "password_kv", "password_cli", "password_ctor", "password_prose", "password_yaml", "password_url",
    "anthropic_key", "entra_client_secret", "cosmos_key", "twilio_key", "mailgun_key", "pypi_token", "huggingface_token",
    "k8s_secret_b64",
)

FIRST = ("Anna", "Lukas", "Priya", "Rahul", "Wei", "Mei", "Carlos", "Lucía", "José", "François", "Chloé", "Jürgen", "Sören",
         "Fatima", "Omar", "Aisha", "Kwame", "Chidi", "Sakura", "Hiroshi", "Olga", "Dmitri", "Agnieszka", "Tomasz", "Ingrid",
         "Björn", "Siobhan", "Liam", "Emily", "Michael", "Sarah", "David", "Ana", "João", "Nguyen", "Thi", "Min-jun",
         "Ji-woo", "Alejandro", "Camille", "Giulia", "Matteo", "Zeynep", "Emre", "Raj", "Sunita", "Hannah", "Noah",
         "Isabella", "Mateus", "Yusuf", "Leila", "Katarzyna", "Pieter", "Sanne", "Eoin", "Aoife", "Kenji", "Arjun", "Deepa")
LAST = ("Müller", "Schmidt", "Sharma", "Patel", "Zhang", "Li", "García", "Fernández", "Rodríguez", "Dubois", "Lefèvre",
        "Weiß", "Johansson", "Khan", "Haddad", "Mensah", "Okafor", "Tanaka", "Suzuki", "Ivanova", "Petrov", "Kowalski",
        "Nowak", "Andersson", "O'Brien", "Murphy", "Smith", "Johnson", "Williams", "Brown", "Silva", "Santos", "Nguyen",
        "Kim", "Park", "Rossi", "Bianchi", "Yılmaz", "Demir", "Iyer", "Reddy", "Cohen", "Schneider", "de Vries",
        "van der Berg", "Byrne", "Kelly", "Yamamoto", "Gupta", "Nair", "Martin", "Bernard", "López", "Hoffmann")
COMPANY_DOMAINS = ("contoso.com", "fabrikam.de", "northwind-traders.co.uk", "adatum.fr", "tailspintoys.es", "woodgrove.com",
                   "litware.io", "proseware.net", "wingtiptoys.com", "relecloud.eu", "fourthcoffee.com", "alpineski.ch")
MAIL_HOSTS = ("gmail.com", "outlook.com", "yahoo.co.uk", "web.de", "gmx.net", "hotmail.fr", "icloud.com")


def luhn_valid(number: str) -> bool:
    return _luhn_valid(number, min_digits=12)


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "")
    return compact[:2].isalpha() and compact[2:4].isdigit() and _iban_valid(compact)


def _ascii(s: str) -> str:
    s = s.replace("ß", "ss").replace("ı", "i").replace("ł", "l").replace("ø", "o")
    out = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return "".join(c for c in out.lower() if c.isalnum() or c in ".-")


IBAN_LAYOUTS = {  # country: BBAN pieces, n=digits, a=upper letters, c=upper alnum
    "DE": "18n", "GB": "4a14n", "FR": "10n11c2n", "ES": "20n", "IT": "1a10n12c", "NL": "4a10n", "BE": "12n", "AT": "16n",
    "CH": "5n12c", "PL": "24n", "PT": "21n", "IE": "4a14n", "SE": "20n", "DK": "14n", "NO": "11n", "FI": "14n",
    "LU": "3n13c", "CZ": "20n", "SA": "2n18c", "AE": "19n",
}


class Values:
    def __init__(self, rng: random.Random, used: Counter[str]) -> None:
        self.r = rng
        self.used = used

    # --- helpers ---------------------------------------------------------------------------------
    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def pick(self, seq):  # noqa: ANN001, ANN201
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def next_kind(self, among: tuple[str, ...] = CREDENTIAL_KINDS) -> str:
        """The least-used credential kind of `among` (ties drawn), counted as used."""
        low = min(self.used[k] for k in among)
        kind = self.r.choice([k for k in among if self.used[k] == low])
        self.used[kind] += 1
        return kind

    # --- people and contact ---------------------------------------------------------------------
    def person(self) -> tuple[str, str]:
        return self.pick(FIRST), self.pick(LAST)

    def name(self, first_only: bool = False) -> V:
        f, last = self.person()
        return V(f if first_only else f"{f} {last}", PERSON, PERSON)

    def email(self, first: str | None = None, last: str | None = None) -> V:
        if first is None:
            first, last = self.person()
        f, la = _ascii(first).replace("-", ""), _ascii(last or "").replace(" ", "").replace("'", "")
        local = self.pick((f"{f}.{la}", f"{f[0]}{la}", f"{f}_{la}", f"{f}{self.r.randrange(1, 99)}", f"{la}.{f[0]}"))
        host = self.pick(COMPANY_DOMAINS) if self.chance(0.75) else self.pick(MAIL_HOSTS)
        return V(f"{local}@{host}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def phone(self) -> V:
        region = self.pick(PHONE_REGIONS)
        kinds = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
        for _ in range(200):
            ex = phonenumbers.example_number_for_type(region, self.pick(kinds))
            if ex is None:
                continue
            nat = str(ex.national_number)
            keep = max(2, len(nat) - self.r.randrange(4, 7))
            cand = nat[:keep] + self.chars(string.digits, len(nat) - keep)
            num = phonenumbers.parse(f"+{ex.country_code}{cand}")
            if not phonenumbers.is_valid_number(num) or num.national_number == ex.national_number:
                continue
            if region in ("US", "CA") and cand[3:6] == "555":
                continue
            style = self.r.random()
            if region in ("US", "CA") and style < 0.35:
                text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
            elif region == "US" and style < 0.5:
                text = f"{cand[:3]}.{cand[3:6]}.{cand[6:]}"
            elif style < 0.7:
                text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            elif style < 0.85:
                text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
            else:
                text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL).replace(" ", "-", 1)
                if region == "US":
                    text = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            return V(text, "PHONE_NUMBER", "PHONE_NUMBER")
        raise RuntimeError(region)

    # --- financial / national ids ---------------------------------------------------------------
    def card(self) -> V:
        brand = self.pick(("visa", "visa", "mc", "mc2", "amex", "discover", "jcb", "diners"))
        if brand == "visa":
            digits = luhn_complete("4" + self.chars(string.digits, 14))
        elif brand == "mc":
            digits = luhn_complete(str(self.r.randrange(51, 56)) + self.chars(string.digits, 13))
        elif brand == "mc2":
            digits = luhn_complete(str(self.r.randrange(2221, 2721)) + self.chars(string.digits, 11))
        elif brand == "amex":
            digits = luhn_complete(self.pick(("34", "37")) + self.chars(string.digits, 12))
        elif brand == "discover":
            digits = luhn_complete("6011" + self.chars(string.digits, 11))
        elif brand == "jcb":
            digits = luhn_complete(str(self.r.randrange(3528, 3590)) + self.chars(string.digits, 11))
        else:
            digits = luhn_complete("36" + self.chars(string.digits, 11))
        layout = self.r.random()
        if layout < 0.35:
            text = digits
        else:
            sep = " " if layout < 0.75 else "-"
            if len(digits) == 15:
                text = sep.join((digits[:4], digits[4:10], digits[10:]))
            elif len(digits) == 14:
                text = sep.join((digits[:4], digits[4:10], digits[10:]))
            else:
                text = sep.join(digits[i:i + 4] for i in range(0, 16, 4))
        return V(text, "CREDIT_CARD", "CREDIT_CARD")

    def iban(self, country: str | None = None) -> V:
        country = country or self.pick(tuple(IBAN_LAYOUTS))
        bban = ""
        spec = IBAN_LAYOUTS[country]
        num = ""
        for ch in spec:
            if ch.isdigit():
                num += ch
                continue
            alpha = {"n": string.digits, "a": string.ascii_uppercase, "c": UPPER_ALNUM}[ch]
            bban += self.chars(alpha, int(num))
            num = ""
        compact = country + iban_check_digits(country, bban) + bban
        text = " ".join(compact[i:i + 4] for i in range(0, len(compact), 4)) if self.chance(0.5) else compact
        return V(text, "IBAN_CODE", "IBAN_CODE")

    def ssn(self) -> V:
        while True:
            area = self.r.randrange(1, 900)
            if area != 666:
                break
        d = f"{area:03d}{self.r.randrange(1, 100):02d}{self.r.randrange(1, 10000):04d}"
        style = self.r.random()
        text = f"{d[:3]}-{d[3:5]}-{d[5:]}" if style < 0.65 else (f"{d[:3]} {d[3:5]} {d[5:]}" if style < 0.8 else d)
        return V(text, "US_SSN", "US_SSN")

    def ipv4(self, private: bool | None = None) -> V:
        private = self.chance(0.5) if private is None else private
        if private:
            ip = self.pick((f"10.{self.r.randrange(256)}.{self.r.randrange(256)}.{self.r.randrange(1, 255)}",
                            f"172.{self.r.randrange(16, 32)}.{self.r.randrange(256)}.{self.r.randrange(1, 255)}",
                            f"192.168.{self.r.randrange(256)}.{self.r.randrange(1, 255)}"))
        else:
            first = self.pick((20, 34, 40, 51, 52, 81, 85, 91, 104, 137, 145, 151, 172, 185, 212, 213))
            if first == 172:
                first = 176
            ip = f"{first}.{self.r.randrange(256)}.{self.r.randrange(256)}.{self.r.randrange(1, 255)}"
        return V(ip, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self) -> V:
        head = self.pick(("2a01:111", "2603:1030", "2a02:8070", "2001:4860", "2620:1ec", "fd12:3456"))
        groups = [f"{self.r.randrange(1, 0xffff):x}" for _ in range(self.r.randrange(2, 4))]
        ip = head + ":" + ":".join(groups) + ("::" + f"{self.r.randrange(1, 0xfff):x}" if self.chance(0.6) else ":0:0:1")
        return V(ip, "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> V:
        return self.ipv6() if self.chance(0.25) else self.ipv4()

    # --- credentials: (text, secret) ------------------------------------------------------------
    def github_token(self) -> str:
        if self.chance(0.2):
            return "github_pat_11" + self.chars(UPPER_ALNUM, 20) + "_" + self.chars(ALNUM, 59)
        body = self.chars(ALNUM, 30)
        return self.pick(("ghp_", "ghp_", "gho_", "ghs_", "ghu_")) + body + crc32_base62(body)

    def npm_token(self) -> str:
        body = self.chars(ALNUM, 30)
        return "npm_" + body + crc32_base62(body)

    def slack_token(self) -> str:
        p = self.pick(("xoxb", "xoxb", "xoxp", "xapp"))
        if p == "xapp":
            return f"xapp-1-A{self.chars(UPPER_ALNUM, 10)}-{self.chars(string.digits, 13)}-{self.chars(HEX, 64)}"
        if p == "xoxp":
            return (f"xoxp-{self.chars(string.digits, 12)}-{self.chars(string.digits, 12)}-{self.chars(string.digits, 13)}-"
                    f"{self.chars(HEX, 32)}")
        return f"xoxb-{self.chars(string.digits, 12)}-{self.chars(string.digits, 13)}-{self.chars(ALNUM, 24)}"

    def slack_webhook(self) -> str:
        return (f"https://hooks.slack.com/services/T{self.chars(UPPER_ALNUM, 8)}/B{self.chars(UPPER_ALNUM, 10)}/"
                f"{self.chars(ALNUM, 24)}")

    def gitlab_token(self) -> str:
        return self.pick(("glpat-", "glpat-", "gldt-", "glrt-")) + self.chars(URLSAFE.replace("-", "").replace("_", "") + "_-", 20)

    def stripe_key(self) -> str:
        return self.pick(("sk_live_", "sk_live_", "rk_live_")) + self.chars(ALNUM, self.pick((24, 99)))

    def google_api_key(self) -> str:
        return "AIza" + self.pick(("Sy", "Sx", "SB")) + self.chars(URLSAFE, 33)

    def azure_devops_pat(self) -> str:
        if self.chance(0.35):
            return self.chars(ALNUM, 52) + "JQQJ99" + self.chars(ALNUM, 18) + "AZDO" + self.chars(ALNUM, 4)
        return self.chars("abcdefghijklmnopqrstuvwxyz234567", 52)

    def sendgrid_key(self) -> str:
        return "SG." + self.chars(URLSAFE, 22) + "." + self.chars(URLSAFE, 43)

    def b64key(self, nbytes: int = 64) -> str:
        return base64.b64encode(bytes(self.r.randrange(256) for _ in range(nbytes))).decode()

    def azure_openai_key(self) -> str:
        return self.chars(HEX, 32)

    def azure_ai_key(self) -> str:
        if self.chance(0.35):
            return self.chars(ALNUM, 52) + "JQQJ99" + self.chars(ALNUM, 18) + "ACOG" + self.chars(ALNUM, 4)
        return self.chars(HEX, 32)

    def openai_key(self) -> str:
        if self.chance(0.6):
            return "sk-proj-" + self.chars(URLSAFE, 58) + "T3BlbkFJ" + self.chars(URLSAFE, 58)
        return "sk-" + self.chars(ALNUM, 20) + "T3BlbkFJ" + self.chars(ALNUM, 20)

    def anthropic_key(self) -> str:
        return "sk-ant-api03-" + self.chars(URLSAFE, 93) + "AA"

    def aws_access_key_id(self) -> str:
        return self.pick(("AKIA", "AKIA", "ASIA")) + self.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)

    def aws_secret_key(self) -> str:
        return self.chars(ALNUM + "/+", 40)

    def jwt(self) -> str:
        def enc(obj: dict[str, object]) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).rstrip(b"=").decode()

        head = enc({"alg": "HS256", "typ": "JWT"})
        first, last = self.person()
        body = enc({"sub": self.chars(HEX, 8) + "-" + self.chars(HEX, 4), "name": _ascii(first), "role": "user",
                    "iat": 1760000000 + self.r.randrange(10**7), "exp": 1770000000 + self.r.randrange(10**7)})
        sig = hmac.new(self.chars(ALNUM, 16).encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
        return f"{head}.{body}.{base64.urlsafe_b64encode(sig).rstrip(b'=').decode()}"

    def bearer_token(self) -> str:
        return self.pick((self.chars(ALNUM, 40), self.chars(URLSAFE, 43), "ya29." + self.chars(URLSAFE, 120),
                          self.chars(HEX, 48)))

    def private_key(self, escaped: bool = False) -> tuple[str, str]:
        kind = self.pick(("RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"))
        lines = [base64.b64encode(bytes(self.r.randrange(256) for _ in range(48))).decode() for _ in range(self.r.randrange(4, 8))]
        nl = "\\n" if escaped else "\n"
        return f"-----BEGIN {kind}-----{nl}" + nl.join(lines) + f"{nl}-----END {kind}-----", lines[0]

    def password(self) -> str:
        style = self.r.randrange(5)
        if style == 0:
            word = self.pick(("Summer", "Winter", "Falcon", "Orange", "Bavaria", "Montreal", "Tiger", "Kaffee", "Soleil"))
            return f"{word}{self.r.randrange(2019, 2027)}{self.pick('!#$%?*')}"
        if style == 1:
            return self.chars(ALNUM + "!#%&*-_", self.r.randrange(14, 24))
        if style == 2:
            return self.pick(("P@ss", "Adm1n", "Welc0me", "Qwerty", "Db")) + self.chars(ALNUM, 6) + self.pick("!$%#")
        if style == 3:
            return "-".join(self.pick(("correct", "horse", "lamp", "river", "cobalt", "maple", "orbit", "velvet", "quartz"))
                            for _ in range(3)) + str(self.r.randrange(10, 99))
        return self.chars(ALNUM, 12) + self.pick(("!", "@", "#", "9"))

    def entra_client_secret(self) -> str:
        return self.chars(ALNUM, 3) + "8Q~" + self.chars(ALNUM + "_.~-", 34)

    def cosmos_key(self) -> str:
        return self.b64key(64)

    def twilio_key(self) -> str:
        return "SK" + self.chars(HEX, 32)

    def mailgun_key(self) -> str:
        if self.chance(0.5):
            return "key-" + self.chars(HEX, 32)
        return f"{self.chars(HEX, 32)}-{self.chars(HEX, 8)}-{self.chars(HEX, 8)}"

    def pypi_token(self) -> str:
        return "pypi-AgEIcHlwaS5vcmc" + self.chars(URLSAFE, self.r.randrange(120, 170))

    def huggingface_token(self) -> str:
        return "hf_" + self.chars(string.ascii_letters, 34)

    def storage_account(self) -> str:
        return self.pick(("stcontosoprod", "fabrikamlogs01", "adatumexports", "stwebassetsweu", "northwindbak", "litwareml"))

    def host(self) -> str:
        return self.pick(("db01.corp.fabrikam.local", "pg-orders.postgres.database.azure.com", "sql-prod-weu.database.windows.net",
                          "mysql-reporting.internal", "redis-cache-01", "mongo-rs0.svc.cluster.local", "sqlvm01.fabrikam.local"))

    def user(self) -> str:
        return self.pick(("sa", "admin", "app_user", "svc_etl", "reporting", "postgres", "root", "deploy", "orders_rw",
                          "billing_app"))

    # --- hard negatives --------------------------------------------------------------------------
    def neg(self, kind: str) -> N:  # noqa: C901 - a table of negatives
        r = self.r
        if kind == "version":
            return N(f"{r.randrange(1, 12)}.{r.randrange(0, 40)}.{r.randrange(0, 30)}.{r.randrange(0, 9999)}", "version",
                     "IP_ADDRESS")
        if kind == "oid":
            return N(self.pick(("1.2.840.113549.1.1.11", "1.3.6.1.4.1.311.20.2.3", "2.5.4.3", "1.3.6.1.5.5.7.3.2",
                                "1.2.840.10045.2.1")), "oid", "IP_ADDRESS")
        if kind == "doc_ip":
            return N(self.pick((f"192.0.2.{r.randrange(1, 255)}", f"198.51.100.{r.randrange(1, 255)}",
                                f"203.0.113.{r.randrange(1, 255)}", f"2001:db8::{r.randrange(1, 0xfff):x}")), "doc_ip",
                     "IP_ADDRESS")
        if kind == "build_id":
            return N(f"{r.randrange(2024, 2027)}{r.randrange(1, 13):02d}{r.randrange(1, 29):02d}.{r.randrange(1, 30)}", "build_id",
                     "PHONE_NUMBER")
        if kind == "order_number":
            return N(self.pick((f"ORD-{r.randrange(10**7, 10**8)}", f"{r.randrange(10**9, 10**10)}",
                                f"SO{r.randrange(10**6, 10**7)}")), "order_number", "PHONE_NUMBER")
        if kind == "lot_number":
            return N(f"{r.randrange(100, 999)}-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}", "lot_number", "US_SSN")
        if kind == "gl_account":
            return N(f"{r.randrange(1000, 9999)}-{r.randrange(100, 999)}-{r.randrange(10000, 99999)}", "gl_account",
                     "CREDIT_CARD")
        if kind == "invoice":
            return N(f"INV-{r.randrange(2024, 2027)}-{r.randrange(10**5, 10**6)}", "invoice", "IBAN_CODE")
        if kind == "date":
            return N(f"{r.randrange(2024, 2027)}-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}", "date", "PHONE_NUMBER")
        if kind == "amount":
            return N(f"{self.pick(('EUR', 'USD', 'GBP', 'CHF'))} {r.randrange(1, 99)},{r.randrange(100, 999)}.{r.randrange(10, 99)}",
                     "amount", "CREDIT_CARD")
        if kind == "guid":
            g = self.chars(HEX, 32)
            return N(f"{g[:8]}-{g[8:12]}-4{g[13:16]}-a{g[17:20]}-{g[20:]}", "guid", "azure_openai_key")
        if kind == "sha256":
            return N(self.chars(HEX, 64), "sha256", "aws_secret_key")
        if kind == "commit_sha":
            return N(self.chars(HEX, 40), "commit_sha", "github_token")
        if kind == "masked":
            return N(self.pick(("****-****-****-" + str(r.randrange(1000, 9999)), "sk-...XYZ1".replace("XYZ1", self.chars(ALNUM, 4)),
                                "ghp_************************************", "xxx-xx-" + str(r.randrange(1000, 9999)),
                                "AKIA************", "********")), "masked", "CREDENTIAL")
        if kind == "placeholder":
            return N(self.pick(("<your-api-key>", "${DB_PASSWORD}", "{{ secrets.NPM_TOKEN }}", "$(AZURE_OPENAI_KEY)",
                                "YOUR_TOKEN_HERE", "changeme", "<redacted>", "%SQL_PASSWORD%", "@Microsoft.KeyVault(SecretUri="
                                "https://kv-prod.vault.azure.net/secrets/db-password/)")), "placeholder", "password_kv")
        if kind == "aws_example":
            return N(self.pick(("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")), "aws_example",
                     "aws_access_key_id")
        if kind == "test_card":
            return N(self.pick(("4111 1111 1111 1111", "4242424242424242", "5555 5555 5555 4444", "378282246310005",
                                "4000 0000 0000 0002")), "test_card", "CREDIT_CARD")
        if kind == "luhn_fail":
            digits = luhn_complete("4" + self.chars(string.digits, 14))
            bad = digits[:-1] + str((int(digits[-1]) + 1 + r.randrange(8)) % 10)
            return N(" ".join(bad[i:i + 4] for i in range(0, 16, 4)), "luhn_fail", "CREDIT_CARD")
        if kind == "example_iban":
            return N(self.pick(("GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "FR14 2004 1010 0505 0001 3M02 606")),
                     "example_iban", "IBAN_CODE")
        if kind == "bad_iban":
            good = self.iban(self.pick(("DE", "ES", "PL", "NL", "BE", "AT", "SE"))).text.replace(" ", "")
            return N(good[:-1] + str((int(good[-1]) + 1 + r.randrange(8)) % 10), "bad_iban", "IBAN_CODE")
        if kind == "bad_ssn":
            return N(self.pick((f"000-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}", f"666-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}",
                                f"9{r.randrange(10, 99)}-{r.randrange(70, 99)}-{r.randrange(1000, 9999)}", "078-05-1120")),
                     "bad_ssn", "US_SSN")
        if kind == "fict_phone":
            return N(f"(212) 555-01{r.randrange(10, 99)}", "fict_phone", "PHONE_NUMBER")
        if kind == "example_email":
            return N(self.pick(("user@example.com", "jane.doe@example.org", "noreply@example.net", "test@example.com")),
                     "example_email", "EMAIL_ADDRESS")
        if kind == "tool_name":
            return N(self.pick(("Jenkins", "Terraform", "git", "npm", "Ansible", "Grafana", "Kibana", "Jira", "Helm", "Docker",
                                "Bamboo", "Maven", "Gradle", "Sentry")), "tool_name", "PERSON")
        if kind == "code_word":
            return N(self.pick(("tell", "pass", "token", "password")), "code_word", "password_prose")
        raise KeyError(kind)
