"""Value generators of the seventh corpus: every labelled value passes its own check (Luhn, mod-97,
SSA issuance, libphonenumber validity, CRC32 token checksums), every hard negative looks like one."""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import re
import string
from functools import cache

import phonenumbers

from tests.dlp_eval import checksums
from tests.dlp_eval.checksums import crc32_base62, iban_check_digits, luhn_complete
from tests.dlp_eval.templates import Neg, Val

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"

PHONE_REGIONS = ("US", "CA", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "SE", "NO", "DK", "FI", "PL", "PT",
                 "IE", "IN", "JP", "AU", "BR", "MX", "ZA", "SG", "AE", "CZ", "RO", "NZ", "KR")


def luhn_valid(number: str) -> bool:
    return checksums.luhn_valid(number, min_digits=0)


def _luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    return luhn_complete(prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1)))


def iban_valid(iban: str) -> bool:
    s = iban.replace(" ", "")
    return bool(re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s)) and checksums.iban_valid(s)


def base62_checksum_valid(token: str) -> bool:
    return checksums.base62_checksum_valid(token, 36)


# BBAN layouts (n digits, a upper letters, c upper alphanumerics), ISO 13616 registry lengths.
IBAN_LAYOUTS = {
    "AD": "4n4n12c", "AE": "3n16n", "AL": "8n16c", "AT": "5n11n", "AZ": "4a20c", "BA": "3n3n8n2n", "BE": "3n7n2n",
    "BG": "4a4n2n8c", "BH": "4a14c", "BR": "8n5n10n1a1c", "CH": "5n12c", "CR": "4n14n", "CY": "3n5n16c",
    "CZ": "4n6n10n", "DE": "8n10n", "DK": "4n9n1n", "EE": "2n2n11n1n", "ES": "4n4n1n1n10n", "FI": "3n11n",
    "FR": "5n5n11c2n", "GB": "4a6n8n", "GE": "2a16n", "GI": "4a15c", "GR": "3n4n16c", "HR": "7n10n",
    "HU": "3n4n1n15n1n", "IE": "4a6n8n", "IL": "3n3n13n", "IS": "4n2n6n10n", "IT": "1a5n5n12c", "JO": "4a4n18c",
    "KW": "4a22c", "KZ": "3n13c", "LI": "5n12c", "LT": "5n11n", "LU": "3n13c", "LV": "4a13c", "MT": "4a5n18c",
    "NL": "4a10n", "NO": "4n6n1n", "PK": "4a16c", "PL": "8n16n", "PT": "4n4n11n2n", "QA": "4a21c", "RO": "4a16c",
    "RS": "3n13n2n", "SA": "2n18c", "SE": "3n16n1n", "SI": "5n8n2n", "SK": "4n6n10n", "TN": "2n3n13n2n",
    "TR": "5n1n16c", "UA": "6n19c",
}
BANK_CODES = {"GB": ["NWBK", "BARC", "LOYD", "HBUK", "MIDL"], "NL": ["ABNA", "INGB", "RABO", "TRIO", "SNSB"],
              "IE": ["AIBK", "BOFI"], "RO": ["BTRL", "RNCB", "BRDE"], "BG": ["BNBG", "UNCR"], "LV": ["HABA", "PARX"]}


def _iban(country: str, rng: random.Random) -> str:
    bban = ""
    for n, t in re.findall(r"(\d+)([nac])", IBAN_LAYOUTS[country]):
        pool = {"n": string.digits, "a": string.ascii_uppercase, "c": string.digits * 3 + string.ascii_uppercase}[t]
        bban += "".join(rng.choice(pool) for _ in range(int(n)))
    if country in BANK_CODES:
        bban = rng.choice(BANK_CODES[country]) + bban[4:]
    return f"{country}{iban_check_digits(country, bban)}{bban}"


@cache
def _examples() -> frozenset[str]:
    out = set()
    for r in PHONE_REGIONS:
        for t in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            ex = phonenumbers.example_number_for_type(r, t)
            if ex:
                out.add(phonenumbers.national_significant_number(ex))
    return frozenset(out)


NANP_AREAS = {"US": ["212", "312", "415", "617", "206", "512", "404", "303", "646", "704", "919", "213"],
              "CA": ["416", "604", "514", "403", "613", "780"]}

FIRST = ["Anna", "Lukas", "Sofia", "Mateo", "Priya", "Arjun", "Chen", "Wei", "Yuki", "Haruto", "Olga", "Dmitri",
         "Fatima", "Omar", "Aisha", "Kwame", "Chloé", "Étienne", "Jürgen", "Małgorzata", "Piotr", "Søren", "Ingrid",
         "Sean", "Siobhan", "Marco", "Giulia", "João", "Beatriz", "Carlos", "Lucía", "Emma", "Noah", "Olivia", "Liam",
         "Ravi", "Ananya", "Minh", "Thanh", "Seo-yeon", "Ji-ho", "Tomasz", "Zuzana", "Henrik", "Astrid", "Rachel",
         "David", "Megan", "Tyler", "Brandon", "Keisha", "Darnell", "Hannah", "Jonas", "Leonie", "Fabian", "Nadia",
         "Yusuf", "Elif", "Mehmet", "Ines", "Thibault", "Camille", "Aoife", "Ciarán", "Bongani", "Thandiwe", "Rafael"]
LAST = ["Müller", "Schneider", "García", "Fernández", "Patel", "Sharma", "Zhang", "Wang", "Tanaka", "Sato", "Ivanova",
        "Petrov", "Haddad", "Mensah", "Dubois", "Lefèvre", "Kowalski", "Nowak", "Jensen", "Lindqvist", "O'Brien",
        "Murphy", "Rossi", "Bianchi", "Silva", "Santos", "Rodríguez", "Johnson", "Williams", "Brown", "Nguyen",
        "Tran", "Kim", "Park", "Novák", "Svoboda", "Andersen", "Berg", "Cohen", "Levi", "Okafor", "Adeyemi", "Yılmaz",
        "Demir", "Moreau", "Girard", "Kelly", "Walsh", "Dlamini", "Nkosi", "Costa", "Ferreira", "van der Berg",
        "de Vries", "Hoffmann", "Wagner", "Becker", "Iyer", "Reddy", "Thompson", "Clarke", "MacLeod", "Ali"]
COMPANIES = ["contoso", "fabrikam", "northwind", "tailspin", "adatum", "woodgrove", "litware", "proseware",
             "wingtiptoys", "alpineski", "margiestravel", "lucernepub"]
TLDS = ["com", "de", "co.uk", "fr", "io", "nl", "es", "ch", "com.br", "net", "eu", "it"]
MONTHS = ["2026-11-", "2026-12-"]


class Values:
    """Everything one corpus draws from one seeded random source."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    # -- helpers ------------------------------------------------------------------------------------
    def pick(self, seq):  # noqa: ANN001, ANN201
        return self.r.choice(seq)

    def s(self, pool: str, n: int) -> str:
        return "".join(self.r.choice(pool) for _ in range(n))

    def num(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def ts(self) -> str:
        return f"{self.pick(MONTHS)}{self.num(1, 28):02d}T{self.num(0, 23):02d}:{self.num(0, 59):02d}:{self.num(0, 59):02d}"

    def company(self) -> str:
        return self.pick(COMPANIES)

    # -- people ------------------------------------------------------------------------------------
    def names(self) -> tuple[str, str]:
        return self.pick(FIRST), self.pick(LAST)

    def person(self, first: str | None = None, last: str | None = None) -> Val:
        f, la = self.names()
        return Val(f"{first or f} {last or la}", "PERSON", "PERSON")

    def first(self, name: str | None = None) -> Val:
        return Val(name or self.pick(FIRST), "PERSON", "PERSON")

    def name_val(self, text: str) -> Val:
        return Val(text, "PERSON", "PERSON")

    # -- PII ---------------------------------------------------------------------------------------
    def email(self, first: str | None = None, last: str | None = None) -> Val:
        f, la = first or self.pick(FIRST), last or self.pick(LAST)
        strip = lambda x: re.sub(r"[^a-z]", "", x.lower().translate(str.maketrans("éèüöäåøłçíóúñç", "eeuoaaolciounc")))  # noqa: E731
        local = self.pick([f"{strip(f)}.{strip(la)}", f"{strip(f)[0]}{strip(la)}", f"{strip(f)}{self.num(1, 99)}",
                           f"{strip(f)}_{strip(la)}", strip(la)])
        dom = self.pick([f"{self.company()}.{self.pick(TLDS)}", "gmail.com", "outlook.com", "web.de", "yahoo.fr",
                         "proton.me", f"mail.{self.company()}.com"])
        return Val(f"{local}@{dom}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def card(self, sep: str | None = None) -> Val:
        brand = self.pick(["visa", "visa", "mc", "mc2", "amex", "disc", "jcb", "diners", "unionpay"])
        if brand == "visa":
            n = _luhn_complete("4", 16, self.r)
        elif brand == "mc":
            n = _luhn_complete(str(self.num(51, 55)), 16, self.r)
        elif brand == "mc2":
            n = _luhn_complete(str(self.num(2221, 2720)), 16, self.r)
        elif brand == "amex":
            n = _luhn_complete(self.pick(["34", "37"]), 15, self.r)
        elif brand == "disc":
            n = _luhn_complete(self.pick(["6011", "65", str(self.num(644, 649))]), 16, self.r)
        elif brand == "jcb":
            n = _luhn_complete(str(self.num(3528, 3589)), 16, self.r)
        elif brand == "diners":
            n = _luhn_complete(self.pick(["36", "38", str(self.num(300, 305))]), 14, self.r)
        else:
            n = _luhn_complete("62", 16, self.r)
        sep = self.pick([" ", " ", "-", ""]) if sep is None else sep
        if len(n) == 15:
            parts = [n[:4], n[4:10], n[10:]]
        elif len(n) == 14:
            parts = [n[:4], n[4:10], n[10:]]
        else:
            parts = [n[i:i + 4] for i in range(0, 16, 4)]
        return Val(sep.join(parts), "CREDIT_CARD", "CREDIT_CARD")

    def iban(self, country: str | None = None, grouped: bool | None = None) -> Val:
        c = country or self.pick(sorted(IBAN_LAYOUTS))
        i = _iban(c, self.r)
        if grouped if grouped is not None else self.r.random() < 0.55:
            i = " ".join(i[k:k + 4] for k in range(0, len(i), 4))
        return Val(i, "IBAN_CODE", "IBAN_CODE")

    def ssn(self) -> Val:
        while True:
            a = self.num(1, 899)
            if a != 666:
                break
        g, s = self.num(1, 99), self.num(1, 9999)
        sep = self.pick(["-", "-", "-", " ", ""])
        return Val(f"{a:03d}{sep}{g:02d}{sep}{s:04d}", "US_SSN", "US_SSN")

    def phone(self, region: str | None = None, style: str | None = None) -> Val:
        region = region or self.pick(PHONE_REGIONS)
        while True:
            if region in NANP_AREAS:
                exch = self.num(201, 989)
                if exch in (555, 911) or exch % 100 == 11:
                    continue
                pn = phonenumbers.parse(f"+1{self.pick(NANP_AREAS[region])}{exch}{self.num(0, 9999):04d}")
            else:
                t = self.pick([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE])
                ex = phonenumbers.example_number_for_type(region, t) or phonenumbers.example_number(region)
                nsn = phonenumbers.national_significant_number(ex)
                k = min(4, len(nsn) - 3)
                nsn = nsn[:-k] + "".join(self.r.choice(string.digits) for _ in range(k))
                pn = phonenumbers.parse(f"+{ex.country_code}{nsn}")
            if not phonenumbers.is_valid_number(pn) or phonenumbers.region_code_for_number(pn) != region:
                continue
            nsn = phonenumbers.national_significant_number(pn)
            if any(nsn.endswith(e) for e in _examples() if len(e) >= 7):
                continue
            break
        style = style or self.pick(["intl", "intl", "nat", "e164", "00"])
        if style == "nat" and region in ("US", "CA", "GB", "DE", "FR", "IN", "AU", "JP"):
            text = phonenumbers.format_number(pn, phonenumbers.PhoneNumberFormat.NATIONAL)
        elif style == "e164":
            text = phonenumbers.format_number(pn, phonenumbers.PhoneNumberFormat.E164)
        elif style == "00":
            text = "00" + phonenumbers.format_number(pn, phonenumbers.PhoneNumberFormat.INTERNATIONAL)[1:]
        else:
            text = phonenumbers.format_number(pn, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return Val(text, "PHONE_NUMBER", "PHONE_NUMBER")

    def ipv4(self, private: bool | None = None) -> Val:
        if private if private is not None else self.r.random() < 0.45:
            ip = self.pick([f"10.{self.num(0, 255)}.{self.num(0, 255)}.{self.num(1, 254)}",
                            f"172.{self.num(16, 31)}.{self.num(0, 255)}.{self.num(1, 254)}",
                            f"192.168.{self.num(0, 255)}.{self.num(1, 254)}"])
            return Val(ip, "IP_ADDRESS", "IP_ADDRESS")
        while True:
            ip = ipaddress.IPv4Address(f"{self.num(11, 223)}.{self.num(0, 255)}.{self.num(0, 255)}.{self.num(1, 254)}")
            if ip.is_global:
                return Val(str(ip), "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self) -> Val:
        prefix = self.pick(["2a01:4f8", "2600:1f18", "2001:67c", "2a02:26f0", "2603:1030", "2406:da14",
                            f"fd{self.s(HEX, 2)}:{self.s(HEX, 4)}"])
        groups = prefix.split(":") + [self.s(HEX, self.num(1, 4)).lstrip("0") or "0" for _ in range(8 - len(prefix.split(":")))]
        ip = ipaddress.IPv6Address(":".join(groups))
        if self.r.random() < 0.4:
            groups[4:7] = ["0", "0", "0"]
            ip = ipaddress.IPv6Address(":".join(groups))
        text = ip.compressed if self.r.random() < 0.8 else ip.exploded
        return Val(text, "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> Val:
        return self.ipv6() if self.r.random() < 0.25 else self.ipv4()

    # -- credentials -------------------------------------------------------------------------------
    def cred(self, kind: str, text: str, secret: str | None = None) -> Val:
        return Val(text, "CREDENTIAL", kind, secret)

    def password(self) -> str:
        r = self.r
        style = r.randint(0, 5)
        words = ["Summer", "Winter", "Falcon", "Kiwi", "Orion", "Maple", "Tiger", "Cobalt", "Zebra", "Nordlicht",
                 "Primavera", "Sakura", "Dragon", "Pumpkin", "Velvet", "Hamburg", "Lisboa"]
        if style == 0:
            return f"{r.choice(words)}{r.randint(2019, 2027)}{r.choice('!#$%?*')}"
        if style == 1:
            return self.s(ALNUM + "!#%*+-_", r.randint(14, 22))
        if style == 2:
            return f"{r.choice(words).lower()}-{r.choice(words).lower()}-{r.randint(10, 99)}"
        if style == 3:
            return f"{r.choice(words)[0]}{self.s(ALNUM, 6)}@{r.randint(100, 999)}{r.choice(words)[:3].lower()}"
        if style == 4:
            return self.s(ALNUM, r.randint(12, 20))
        return f"{r.choice(words)}&{r.choice(words)}{r.randint(1, 9)}{r.choice('!?$')}"

    def pw(self, kind: str) -> Val:
        return self.cred(kind, self.password())

    def github(self) -> Val:
        body = self.s(B62, 30)
        pre = self.pick(["ghp_", "ghp_", "gho_", "ghs_", "ghu_", "ghr_"])
        if self.r.random() < 0.15:
            return self.cred("github_token", f"github_pat_11{self.s(string.ascii_uppercase + string.digits, 20)}_{self.s(ALNUM, 59)}")
        return self.cred("github_token", pre + body + crc32_base62(body))

    def npm(self) -> Val:
        body = self.s(B62, 30)
        return self.cred("npm_token", "npm_" + body + crc32_base62(body))

    def slack(self) -> Val:
        if self.r.random() < 0.5:
            t = f"xoxb-{self.num(10**10, 10**12)}-{self.num(10**11, 10**13)}-{self.s(ALNUM, 24)}"
        elif self.r.random() < 0.6:
            t = f"xoxp-{self.num(10**10, 10**12)}-{self.num(10**10, 10**12)}-{self.num(10**11, 10**13)}-{self.s(HEX, 32)}"
        else:
            t = f"xapp-1-A{self.s(string.ascii_uppercase + string.digits, 10)}-{self.num(10**12, 10**13)}-{self.s(HEX, 64)}"
        return self.cred("slack_token", t)

    def slack_webhook(self) -> Val:
        last = self.s(ALNUM, 24)
        url = (f"https://hooks.slack.com/services/T{self.s(string.ascii_uppercase + string.digits, 8)}/"
               f"B{self.s(string.ascii_uppercase + string.digits, 10)}/{last}")
        return self.cred("slack_webhook", url, last)

    def gitlab(self) -> Val:
        p = self.pick(["glpat-", "glpat-", "glpat-", "gldt-", "glrt-"])
        return self.cred("gitlab_token", p + self.s(ALNUM + "_-", 20))

    def stripe(self) -> Val:
        p = self.pick(["sk_live_", "sk_live_", "rk_live_"])
        return self.cred("stripe_key", p + self.s(ALNUM, self.pick([24, 99])))

    def google(self) -> Val:
        return self.cred("google_api_key", "AIza" + self.pick(["Sy", "Sy", "SC", "Sx"]) + self.s(ALNUM + "_-", 33))

    def ado_pat(self) -> Val:
        if self.r.random() < 0.5:
            return self.cred("azure_devops_pat", self.s("abcdefghijklmnopqrstuvwxyz234567", 52))
        return self.cred("azure_devops_pat", self.s(ALNUM, 52) + "JQQJ99" + self.s(ALNUM, 1) + self.pick("ABCDEFGHIJKL")
                         + self.s(ALNUM, 16) + "AZDO" + self.s(ALNUM, 4))

    def sendgrid(self) -> Val:
        return self.cred("sendgrid_key", f"SG.{self.s(B64URL, 22)}.{self.s(B64URL, 43)}")

    def b64key(self, nbytes: int = 64) -> str:
        return base64.b64encode(self.r.randbytes(nbytes)).decode()

    def storage_key(self) -> Val:
        return self.cred("azure_storage_key", self.b64key())

    def cosmos_key(self) -> Val:
        return self.cred("cosmos_key", self.b64key())

    def aoai_key(self, kind: str = "azure_openai_key") -> Val:
        if self.r.random() < 0.7:
            return self.cred(kind, self.s(HEX, 32))
        return self.cred(kind, self.s(ALNUM, 52) + "JQQJ99" + self.s(ALNUM, 1) + self.pick("ABCDEFGHIJKL")
                         + self.s(ALNUM, 16) + "ACOG" + self.s(ALNUM, 4))

    def openai(self) -> Val:
        if self.r.random() < 0.6:
            t = f"sk-proj-{self.s(B64URL, 74)}T3BlbkFJ{self.s(B64URL, 74)}"
        elif self.r.random() < 0.5:
            t = f"sk-svcacct-{self.s(B64URL, 74)}T3BlbkFJ{self.s(B64URL, 74)}"
        else:
            t = f"sk-{self.s(ALNUM, 20)}T3BlbkFJ{self.s(ALNUM, 20)}"
        return self.cred("openai_key", t)

    def anthropic(self) -> Val:
        return self.cred("anthropic_key", f"sk-ant-api03-{self.s(B64URL, 93)}AA")

    def aws_id(self) -> Val:
        return self.cred("aws_access_key_id", self.pick(["AKIA", "AKIA", "ASIA"]) + self.s("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))

    def aws_secret(self) -> Val:
        return self.cred("aws_secret_key", self.s(ALNUM + "/+", 40))

    def jwt(self) -> Val:
        def enc(obj: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")
        f, la = self.names()
        head = enc({"alg": self.pick(["RS256", "HS256", "ES256"]), "typ": "JWT", "kid": self.s(ALNUM, 12)})
        body = enc({"aud": "api://" + self.s(HEX, 8), "iss": f"https://login.microsoftonline.com/{self.s(HEX, 8)}/v2.0",
                    "iat": 1796000000 + self.num(0, 10**6), "exp": 1796100000 + self.num(0, 10**6),
                    "oid": self.s(HEX, 12), "name": f"{f} {la}", "roles": ["Reader"]})
        return self.cred("jwt", f"{head}.{body}.{self.s(B64URL, 86)}")

    def bearer(self) -> Val:
        t = self.pick([f"ya29.a0{self.s(B64URL, 120)}", f"EwB{self.s(ALNUM + '+/', 140)}=", self.s(ALNUM, 40),
                       self.s(B64URL, 64), f"atk_{self.s(ALNUM, 48)}"])
        return self.cred("bearer_token", t)

    def private_key(self, escaped: bool = False) -> Val:
        kind = self.pick(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
        raw = base64.b64encode(self.r.randbytes(self.pick([120, 180, 240]))).decode()
        lines = [raw[i:i + 64] for i in range(0, len(raw), 64)]
        nl = "\\n" if escaped else "\n"
        body = nl.join(lines)
        return self.cred("private_key", f"-----BEGIN {kind}-----{nl}{body}{nl}-----END {kind}-----", body)

    def entra(self) -> Val:
        return self.cred("entra_client_secret", self.s(ALNUM, 3) + "8Q~" + self.s(ALNUM + "_.~-", 34))

    def twilio(self) -> Val:
        return self.cred("twilio_key", self.pick(["SK" + self.s(HEX, 32), self.s(HEX, 32)]))

    def mailgun(self) -> Val:
        return self.cred("mailgun_key", "key-" + self.s(HEX, 32))

    def pypi(self) -> Val:
        return self.cred("pypi_token", "pypi-AgEIcHlwaS5vcmc" + self.s(B64URL, self.num(120, 160)))

    def hf(self) -> Val:
        return self.cred("huggingface_token", "hf_" + self.s(string.ascii_letters, 34))

    def storage_conn(self) -> Val:
        key = self.b64key()
        acct = self.company() + self.pick(["prod", "logs", "data", "st"]) + str(self.num(1, 99))
        return self.cred("connection_string", f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};"
                                              "EndpointSuffix=core.windows.net", key)

    def conn(self) -> Val:
        c = self.r.randint(0, 4)
        if c == 0:
            return self.storage_conn()
        if c == 1:
            key = self.b64key(32)
            return self.cred("connection_string", f"Endpoint=sb://{self.company()}-bus.servicebus.windows.net/;"
                                                  f"SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}", key)
        if c == 2:
            pw = self.password()
            return self.cred("connection_string", f"Server=tcp:{self.company()}-sql.database.windows.net,1433;Initial Catalog=billing;"
                                                  f"User ID=sqladmin;Password={pw};Encrypt=True;", pw)
        if c == 3:
            key = self.b64key()
            return self.cred("connection_string", f"AccountEndpoint=https://{self.company()}-cosmos.documents.azure.com:443/;"
                                                  f"AccountKey={key};", key)
        key = self.b64key(32)
        return self.cred("connection_string", f"{self.company()}.redis.cache.windows.net:6380,password={key},ssl=True,abortConnect=False", key)

    def sas(self) -> Val:
        sig = base64.b64encode(self.r.randbytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        q = (f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2027-0{self.num(1, 9)}-1{self.num(0, 9)}T0{self.num(0, 9)}:00:00Z"
             f"&st=2026-12-0{self.num(1, 7)}T10:00:00Z&spr=https&sig={sig}")
        if self.r.random() < 0.5:
            q = f"sp=r&st=2026-12-0{self.num(1, 7)}T08:12:00Z&se=2026-12-2{self.num(0, 9)}T16:12:00Z&spr=https&sv=2022-11-02&sr=b&sig={sig}"
        return self.cred("sas_token", q, sig)

    def pw_url(self) -> Val:
        pw = self.password().replace("@", "%40").replace("#", "%23").replace("/", "")
        user = self.pick(["app", "svc_reporting", "admin", "etl", "deploy", "postgres"])
        host = f"{self.company()}-{self.pick(['db', 'pg', 'mongo', 'cache', 'mq'])}.{self.pick(['internal', 'prod.local', 'eu-west-1.rds.amazonaws.com'])}"
        scheme = self.pick(["postgresql", "postgres", "mysql", "mongodb+srv", "redis", "amqps", "mssql", "ftp", "https"])
        tail = {"postgresql": ":5432/billing", "postgres": "/app?sslmode=require", "mysql": ":3306/crm", "mongodb+srv": "/?retryWrites=true",
                "redis": ":6379/0", "amqps": ":5671/%2F", "mssql": ":1433/hr", "ftp": "/exports/", "https": "/repo.git"}[scheme]
        return self.cred("password_url", f"{scheme}://{user}:{pw}@{host}{tail}", pw)

    def any_cred(self) -> Val:
        return self.pick([self.github, self.npm, self.slack, self.gitlab, self.stripe, self.google, self.ado_pat, self.sendgrid,
                          self.storage_key, self.aoai_key, self.openai, self.anthropic, self.aws_id, self.jwt, self.entra,
                          self.mailgun, self.pypi, self.hf, self.twilio])()

    # -- hard negatives ----------------------------------------------------------------------------
    def neg(self, kind: str) -> Neg:  # noqa: C901, PLR0911, PLR0912
        r = self.r
        if kind == "guid":
            return Neg(f"{self.s(HEX, 8)}-{self.s(HEX, 4)}-4{self.s(HEX, 3)}-a{self.s(HEX, 3)}-{self.s(HEX, 12)}", kind, "CREDENTIAL")
        if kind == "sha256":
            return Neg(self.s(HEX, 64), kind, "CREDENTIAL")
        if kind == "git_sha":
            return Neg(self.s(HEX, 40), kind, "aws_secret_key")
        if kind == "md5":
            return Neg(self.s(HEX, 32), kind, "azure_openai_key")
        if kind == "version4":
            return Neg(f"{r.randint(1, 12)}.{r.randint(0, 30)}.{r.randint(0, 400)}.{r.randint(0, 9999)}", kind, "IP_ADDRESS")
        if kind == "build":
            return Neg(f"{r.randint(2025, 2026)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}.{r.randint(1, 40)}", kind, "PHONE_NUMBER")
        if kind == "order":
            return Neg(f"{self.pick(['ORD', 'SO', 'PO', 'INV'])}-{r.randint(10**7, 10**9)}", kind, "PHONE_NUMBER")
        if kind == "order_digits":
            return Neg(str(r.randint(10**9, 10**11)), kind, "PHONE_NUMBER")
        if kind == "tracking":
            return Neg(f"1Z{self.s(string.ascii_uppercase + string.digits, 6)}{r.randint(10**9, 10**10 - 1)}", kind, "CREDIT_CARD")
        if kind == "invoice":
            return Neg(f"{r.randint(2025, 2026)}-{r.randint(100000, 999999)}", kind, "US_SSN")
        if kind == "luhn_fail":
            while True:
                n = "4" + self.s(string.digits, 15)
                if not luhn_valid(n):
                    return Neg(" ".join(n[i:i + 4] for i in range(0, 16, 4)), kind, "CREDIT_CARD")
        if kind == "test_card":
            return Neg(self.pick(["4242 4242 4242 4242", "4111 1111 1111 1111", "5555555555554444", "378282246310005",
                                  "4000 0566 5566 5556", "6011111111111117"]), kind, "CREDIT_CARD")
        if kind == "masked_card":
            return Neg(self.pick(["**** **** **** ", "XXXX-XXXX-XXXX-", "•••• ", "ending in "]) + self.s(string.digits, 4), kind, "CREDIT_CARD")
        if kind == "bad_iban":
            i = _iban(self.pick(sorted(IBAN_LAYOUTS)), r)
            ck = (int(i[2:4]) + r.randint(1, 50)) % 97
            return Neg(f"{i[:2]}{max(ck, 2):02d}{i[4:]}", kind, "IBAN_CODE") if iban_valid(i) and not iban_valid(f"{i[:2]}{max(ck, 2):02d}{i[4:]}") \
                else Neg("DE00 1234 5678 9012 3456 78", kind, "IBAN_CODE")
        if kind == "example_iban":
            return Neg(self.pick(["DE89 3704 0044 0532 0130 00", "GB29NWBK60161331926819", "FR14 2004 1010 0505 0001 3M02 606",
                                  "NL91ABNA0417164300"]), kind, "IBAN_CODE")
        if kind == "masked_iban":
            return Neg(f"{self.pick(['DE', 'FR', 'NL', 'ES'])}** **** **** **** {self.s(string.digits, 4)}", kind, "IBAN_CODE")
        if kind == "bad_ssn":
            return Neg(self.pick([f"000-{r.randint(10, 99)}-{r.randint(1000, 9999)}", f"666-{r.randint(10, 99)}-{r.randint(1000, 9999)}",
                                  f"9{r.randint(10, 99)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}", "123-45-6789", "078-05-1120",
                                  f"{r.randint(100, 599)}-00-{r.randint(1000, 9999)}", "XXX-XX-" + self.s(string.digits, 4)]), kind, "US_SSN")
        if kind == "fict_phone":
            return Neg(f"({self.pick(['212', '310', '415'])}) 555-01{r.randint(0, 99):02d}", kind, "PHONE_NUMBER")
        if kind == "ext":
            return Neg(f"ext. {r.randint(100, 9999)}", kind, "PHONE_NUMBER")
        if kind == "doc_ip":
            return Neg(self.pick([f"192.0.2.{r.randint(1, 254)}", f"198.51.100.{r.randint(1, 254)}", f"203.0.113.{r.randint(1, 254)}",
                                  f"2001:db8::{r.randint(1, 999)}"]), kind, "IP_ADDRESS")
        if kind == "loopback":
            return Neg(self.pick(["127.0.0.1", "0.0.0.0", "::1", "255.255.255.0", "255.255.240.0"]), kind, "IP_ADDRESS")
        if kind == "mac":
            return Neg(":".join(self.s(HEX, 2) for _ in range(6)), kind, "IP_ADDRESS")
        if kind == "aws_example":
            return Neg(self.pick(["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]), kind, "aws_access_key_id")
        if kind == "aws_example_secret":
            return Neg("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", kind, "aws_secret_key")
        if kind == "azurite":
            return Neg("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", kind, "azure_storage_key")
        if kind == "cosmos_emulator":
            return Neg("C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==", kind, "cosmos_key")
        if kind == "stripe_test":
            return Neg(self.pick(["sk_test_", "pk_live_", "pk_test_"]) + self.s(ALNUM, 24), kind, "stripe_key")
        if kind == "placeholder":
            return Neg(self.pick(["<your-api-key>", "${SECRET}", "${DB_PASSWORD}", "xxx", "***", "********", "changeme",
                                  "<password>", "{{ vault_db_password }}", "${{ secrets.AZURE_OPENAI_KEY }}", "REPLACE_ME",
                                  "$(SqlAdminPassword)", "@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/db/)",
                                  "[MASKED]", "<redacted>", "YOUR_KEY_HERE", "%API_KEY%"]), kind, "CREDENTIAL")
        if kind == "masked_key":
            return Neg(self.pick(["ghp_************************************", "AKIA************", "sk-...abcd", "sk-proj-****",
                                  "xoxb-****-****", "••••••••3f9a"]), kind, "CREDENTIAL")
        if kind == "aoai_placeholder":
            return Neg(self.pick(["<azure-openai-key>", "00000000000000000000000000000000", "your-32-char-key-here"]), kind, "azure_openai_key")
        if kind == "pem_placeholder":
            return Neg("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----", kind, "private_key")
        if kind == "ssh_pub":
            return Neg(f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{self.s(B64, 43)}", kind, "private_key")
        if kind == "amount":
            return Neg(self.pick([f"€{r.randint(1, 99)}.{r.randint(100, 999)},{r.randint(10, 99)}", f"${r.randint(1, 999)},{r.randint(100, 999)}.{r.randint(10, 99)}",
                                  f"{r.randint(1, 99)} {r.randint(100, 999)},{r.randint(10, 99)} CHF"]), kind, "PHONE_NUMBER")
        if kind == "postcode":
            return Neg(self.pick([f"{r.randint(10000, 99999)}", f"SW1A {r.randint(1, 9)}AA", f"{r.randint(1000, 9999)} AB"]), kind, "PHONE_NUMBER")
        if kind == "timestamp":
            return Neg(self.ts() + "Z", kind, "PHONE_NUMBER")
        if kind == "epoch_ms":
            return Neg(str(1796000000000 + r.randint(0, 10**9)), kind, "PHONE_NUMBER")
        if kind == "port_ts":
            return Neg(f"{r.randint(10, 23)}:{r.randint(10, 59)}:{r.randint(10, 59)}.{r.randint(100, 999)}", kind, "IP_ADDRESS")
        if kind == "request_id":
            return Neg(f"req_{self.s(ALNUM, 24)}", kind, "CREDENTIAL")
        if kind == "chatcmpl":
            return Neg(f"chatcmpl-{self.s(ALNUM, 29)}", kind, "openai_key")
        if kind == "traceparent":
            return Neg(f"00-{self.s(HEX, 32)}-{self.s(HEX, 16)}-01", kind, "CREDENTIAL")
        if kind == "account_no":
            return Neg(f"ACCT-{r.randint(10**6, 10**8)}", kind, "IBAN_CODE")
        if kind == "ticket":
            return Neg(f"{self.pick(['INC', 'REQ', 'CHG', 'SUP'])}{r.randint(10**6, 10**8)}", kind, "PHONE_NUMBER")
        if kind == "sku":
            return Neg(f"SKU-{self.s(string.ascii_uppercase, 3)}-{r.randint(1000, 99999)}", kind, "CREDENTIAL")
        if kind == "isbn":
            return Neg(f"978-{r.randint(0, 9)}-{r.randint(100, 999)}-{r.randint(10000, 99999)}-{r.randint(0, 9)}", kind, "PHONE_NUMBER")
        if kind == "base64_cursor":
            return Neg(base64.b64encode(json.dumps({"offset": r.randint(100, 9999), "page": r.randint(2, 50)}).encode()).decode(), kind, "CREDENTIAL")
        if kind == "routing":
            return Neg(str(r.randint(10**8, 10**9 - 1)), kind, "US_SSN")
        if kind == "coords":
            return Neg(f"{r.uniform(-60, 60):.6f}, {r.uniform(-120, 120):.6f}", kind, "PHONE_NUMBER")
        if kind == "image_digest":
            return Neg(f"sha256:{self.s(HEX, 64)}", kind, "CREDENTIAL")
        if kind == "vat":
            return Neg(f"{self.pick(['DE', 'FR', 'NL', 'IE'])}{r.randint(10**8, 10**9 - 1)}", kind, "IBAN_CODE")
        if kind == "serial":
            return Neg(f"SN{self.s(string.ascii_uppercase + string.digits, 10)}", kind, "CREDENTIAL")
        raise KeyError(kind)

    NEG_KINDS = ("guid", "sha256", "git_sha", "md5", "version4", "build", "order", "order_digits", "tracking", "invoice",
                 "luhn_fail", "test_card", "masked_card", "bad_iban", "example_iban", "masked_iban", "bad_ssn", "fict_phone",
                 "ext", "doc_ip", "loopback", "mac", "aws_example", "aws_example_secret", "azurite", "cosmos_emulator",
                 "stripe_test", "placeholder", "masked_key", "aoai_placeholder", "pem_placeholder", "ssh_pub", "amount",
                 "postcode", "timestamp", "epoch_ms", "port_ts", "request_id", "chatcmpl", "traceparent", "account_no",
                 "ticket", "sku", "isbn", "base64_cursor", "routing", "coords", "image_digest", "vat", "serial")

    def anyneg(self) -> Neg:
        return self.neg(self.pick(self.NEG_KINDS))
