"""Values for the fourteenth corpus: every labelled value (V) and hard negative (N) it places, made with a
seeded random.Random. Credentials are drawn least-used-first (a Counter shared by the whole corpus), so every
kind the harness scores gets its share; cards pass Luhn, IBANs mod-97, GitHub / npm tokens carry their CRC32,
SSNs are issuable, phones are valid for libphonenumber (never its example numbers, never NANP 555).
The validators at the bottom are the ones tests/dlp_eval/test_template_corpora.py calls."""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import string
from collections import Counter

import phonenumbers

from tests.dlp_eval import checksums
from tests.dlp_eval.corpus import CREDENTIAL, PERSON, N, V

B62 = string.digits + string.ascii_letters
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"
UPPER_NUM = string.ascii_uppercase + string.digits

# Where the phones come from; a national number is read in its own region (the first that accepts it).
PHONE_REGIONS = ("US", "GB", "DE", "FR", "IT", "ES", "NL", "PL", "PT", "BR", "IN", "JP", "AU", "CA", "CH", "SE", "IE",
                 "MX", "BE", "SG", "ZA")

# --- names of a multinational workforce ------------------------------------------------------------------

NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "in": (("Priya", "Arjun", "Kavya", "Rohan", "Sneha", "Vikram", "Ananya", "Siddharth"),
           ("Raghunathan", "Iyer", "Deshpande", "Banerjee", "Kulkarni", "Menon", "Chatterjee", "Reddy")),
    "pl": (("Łukasz", "Agnieszka", "Tomasz", "Małgorzata", "Paweł", "Zofia"),
           ("Wiśniewski", "Kowalczyk", "Zieliński", "Wójcik", "Nowakowska", "Dąbrowski")),
    "pt": (("João", "Inês", "Gonçalo", "Beatriz", "Thiago", "Larissa"),
           ("Gonçalves", "Carvalho", "Figueiredo", "Azevedo", "Sampaio", "Rocha")),
    "nl": (("Sanne", "Daan", "Femke", "Joris", "Maartje", "Bram"),
           ("van der Berg", "de Vries", "Jansen", "Bakker", "Visser", "Smit")),
    "it": (("Giulia", "Matteo", "Chiara", "Lorenzo", "Francesca", "Davide"),
           ("Esposito", "Romano", "Colombo", "Ricci", "Marchetti", "Greco")),
    "jp": (("Haruto", "Yui", "Sota", "Aoi", "Ren", "Mei"),
           ("Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Inoue")),
    "es": (("Alejandro", "Lucía", "Pablo", "Carmen", "Javier", "Nerea"),
           ("Fernández", "Martínez", "Ruiz", "Navarro", "Herrero", "Castillo")),
    "de": (("Jörg", "Anneliese", "Florian", "Katrin", "Moritz", "Svenja"),
           ("Müller", "Schröder", "Hoffmann", "Becker", "Krüger", "Lehmann")),
    "fr": (("Amélie", "Théo", "Camille", "Baptiste", "Océane", "Mathis"),
           ("Lefèvre", "Moreau", "Girard", "Fontaine", "Rousseau", "Chevalier")),
    "africa": (("Kwame", "Chiamaka", "Oluwaseun", "Amara", "Tendai", "Yaw"),
               ("Mensah", "Okonkwo", "Adeyemi", "Boateng", "Moyo", "Nwosu")),
    "cn": (("Wei", "Xiaoling", "Jun", "Mingyu", "Yan", "Hao"),
           ("Zhang", "Liu", "Chen", "Huang", "Zhou", "Xu")),
    "arab": (("Omar", "Layla", "Youssef", "Fatima", "Karim", "Noor"),
             ("Haddad", "Al-Masri", "Khalil", "Nasser", "Saleh", "Farouk")),
    "nordic": (("Søren", "Ingrid", "Mikael", "Astrid", "Eero", "Sigrid"),
               ("Lindqvist", "Johansson", "Nørgaard", "Virtanen", "Halvorsen", "Berglund")),
    "us": (("Tyler", "Megan", "Brandon", "Ashley", "Marcus", "Kayla"),
           ("Whitfield", "Brennan", "Castellano", "Donovan", "Pruitt", "Okafor")),
    "kr": (("Minji", "Jihoon", "Seoyeon", "Dohyun"), ("Park", "Kim", "Choi", "Jung")),
    "vn": (("Linh", "Quang", "Thu", "Bao"), ("Nguyen", "Tran", "Pham", "Vo")),
}
KANJI_NAMES = ("田中 美咲", "佐藤 健太", "鈴木 陽菜", "高橋 蓮")


# --- checksums, as test_template_corpora.py and test_corpus.py call them -------------------------------------


def luhn_valid(number: str) -> bool:
    digits = "".join(c for c in number if c.isdigit())
    return len(digits) >= 12 and checksums.luhn_valid(digits)


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "")
    return compact[:2].isalpha() and compact[2:4].isdigit() and checksums.iban_valid(compact)


def base62_checksum_valid(token: str) -> bool:
    return checksums.base62_checksum_valid(token, 36)


IBAN_LAYOUTS = {  # country: BBAN layout, n digit, a upper-case letter, c either
    "DE": "n" * 18, "GB": "aaaa" + "n" * 14, "FR": "n" * 10 + "c" * 11 + "nn", "ES": "n" * 20, "IT": "a" + "n" * 10 + "c" * 12,
    "NL": "aaaa" + "n" * 10, "BE": "n" * 12, "PL": "n" * 24, "PT": "n" * 21, "AT": "n" * 16, "CH": "n" * 5 + "c" * 12,
    "IE": "aaaa" + "n" * 14, "SE": "n" * 20, "DK": "n" * 14, "NO": "n" * 11, "FI": "n" * 14, "LU": "nnn" + "c" * 13,
    "CZ": "n" * 20, "RO": "aaaa" + "c" * 16, "HU": "n" * 24,
}

CARD_BRANDS = ("visa", "mastercard", "mastercard2", "amex", "discover", "jcb", "diners", "unionpay")


class Values:
    """One text's values, drawn from its own rng; `used` is shared by the whole corpus (least-used-first)."""

    def __init__(self, rng: random.Random, used: Counter[str]) -> None:
        self.rng = rng
        self.used = used

    # --- small helpers -------------------------------------------------------------------------------------

    def pick(self, seq):  # noqa: ANN001, ANN201 - any sequence
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def rand(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def least_used(self, options: list[str], family: str = "") -> str:
        low = min(self.used[f"{family}{o}"] for o in options)
        choice = self.rng.choice(sorted(o for o in options if self.used[f"{family}{o}"] == low))
        self.used[f"{family}{choice}"] += 1
        return choice

    # --- people ----------------------------------------------------------------------------------------------

    def person(self, culture: str | None = None) -> tuple[str, str]:
        culture = culture or self.least_used(sorted(NAMES), "culture:")
        firsts, lasts = NAMES[culture]
        return self.pick(firsts), self.pick(lasts)

    def name(self, culture: str | None = None) -> V:
        first, last = self.person(culture)
        return V(f"{first} {last}", PERSON, PERSON)

    def first(self, culture: str | None = None) -> V:
        return V(self.person(culture)[0], PERSON, PERSON)

    def kanji_name(self) -> V:
        return V(self.pick(KANJI_NAMES), PERSON, PERSON)

    # --- PII ---------------------------------------------------------------------------------------------------

    def email(self, first: str | None = None, last: str | None = None) -> V:
        if first is None:
            first, last = self.person()
        local = _ascii(first).lower()
        if last:
            local = self.pick((f"{local}.{_ascii(last).lower().replace(' ', '')}",
                               f"{local[0]}{_ascii(last).lower().replace(' ', '').replace('-', '')}",
                               f"{local}_{_ascii(last).lower().split()[-1]}"))
        domain = self.pick(("contoso-group.com", "nordwind-logistik.de", "fabrikam.co.uk", "globalmart.com.br",
                            "tailspin-air.nl", "meridianbank.it", "gmail.com", "outlook.com", "kaiyo-shipping.co.jp",
                            "vistula-energia.pl", "lusotec.pt", "alpenholz.ch", "hotmail.fr", "yahoo.es"))
        return V(f"{local}@{domain}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def phone(self, region: str | None = None, fmt: str | None = None) -> V:
        region = region or self.least_used(list(PHONE_REGIONS), "phone:")
        meta_types = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
        examples = {getattr(phonenumbers.example_number_for_type(region, t), "national_number", None) for t in meta_types}
        for _ in range(2000):
            ex = phonenumbers.example_number_for_type(region, self.pick(meta_types))
            nat = str(ex.national_number)
            keep = max(2, len(nat) // 3)
            cand = nat[:keep] + self.rand("0123456789", len(nat) - keep)
            if region in ("US", "CA") and cand[3:6] == "555":
                continue
            num = phonenumbers.parse(cand, region)
            if not phonenumbers.is_valid_number(num) or num.national_number in examples:
                continue
            form = fmt or self.pick(("national", "international", "international", "e164"))
            text = phonenumbers.format_number(num, {
                "national": phonenumbers.PhoneNumberFormat.NATIONAL,
                "international": phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                "e164": phonenumbers.PhoneNumberFormat.E164}[form])
            if _read_region(text) == region:
                return V(text, "PHONE_NUMBER", "PHONE_NUMBER")
        raise RuntimeError(region)

    def card(self, brand: str | None = None, layout: str | None = None) -> V:
        brand = brand or self.least_used(list(CARD_BRANDS), "card:")
        prefix, length = {
            "visa": (self.pick(("4", "49", "45", "41")), 16),
            "mastercard": (self.pick(("51", "52", "53", "54", "55")), 16),
            "mastercard2": (str(self.rng.randrange(2221, 2721)), 16),
            "amex": (self.pick(("34", "37")), 15),
            "discover": (self.pick(("6011", "65", "644")), 16),
            "jcb": (str(self.rng.randrange(3528, 3590)), 16),
            "diners": (self.pick(("36", "38", "300")), 14),
            "unionpay": ("62" + self.pick(("22", "45", "84")), 16),
        }[brand]
        while True:
            digits = checksums.luhn_complete(prefix + self.rand("0123456789", length - len(prefix) - 1))
            if not digits.startswith(("4111111", "4242424", "5555555", "4000056")):
                break
        layout = layout or self.least_used(["spaced", "dashed", "compact"], "layout:")
        groups = {15: (4, 6, 5), 14: (4, 6, 4)}.get(length, (4, 4, 4, 4))
        parts, pos = [], 0
        for g in groups:
            parts.append(digits[pos:pos + g])
            pos += g
        text = {"spaced": " ".join(parts), "dashed": "-".join(parts), "compact": digits}[layout]
        return V(text, "CREDIT_CARD", "CREDIT_CARD")

    def iban(self, country: str | None = None, grouped: bool | None = None) -> V:
        country = country or self.least_used(sorted(IBAN_LAYOUTS), "iban:")
        bban = "".join(self.pick("0123456789" if c == "n" else string.ascii_uppercase if c == "a" else UPPER_NUM)
                       for c in IBAN_LAYOUTS[country])
        compact = country + checksums.iban_check_digits(country, bban) + bban
        grouped = self.chance(0.6) if grouped is None else grouped
        text = " ".join(compact[i:i + 4] for i in range(0, len(compact), 4)) if grouped else compact
        return V(text, "IBAN_CODE", "IBAN_CODE")

    def ssn(self, layout: str | None = None) -> V:
        while True:
            area = self.rng.randrange(1, 900)
            if area != 666:
                break
        group, serial = self.rng.randrange(1, 100), self.rng.randrange(1, 10000)
        sep = {"dashed": "-", "spaced": " ", "compact": ""}[layout or self.pick(("dashed", "dashed", "dashed", "spaced", "compact"))]
        text = f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"
        if text.replace(sep, "") in ("078051120", "123456789", "219099999"):
            return self.ssn(layout)
        return V(text, "US_SSN", "US_SSN")

    def ip(self, kind: str | None = None) -> V:
        kind = kind or self.least_used(["public4", "private4", "public6", "private6"], "ip:")
        r = self.rng
        if kind == "private4":
            text = self.pick((f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}",
                              f"172.{r.randrange(16, 32)}.{r.randrange(256)}.{r.randrange(1, 255)}",
                              f"192.168.{r.randrange(256)}.{r.randrange(1, 255)}"))
        elif kind == "public4":
            while True:
                text = f"{self.pick((20, 40, 52, 81, 89, 94, 104, 137, 145, 151, 185, 213))}.{r.randrange(256)}." \
                       f"{r.randrange(256)}.{r.randrange(1, 255)}"
                if ipaddress.ip_address(text).is_global:
                    break
        elif kind == "public6":
            head = self.pick(("2a01:111", "2603:1020", "2a02:8109", "2600:1f18", "2001:4860", "2a00:1450"))
            text = str(ipaddress.IPv6Address(f"{head}:{r.randrange(65536):x}:{r.randrange(65536):x}:{r.randrange(65536):x}::"
                                             f"{r.randrange(1, 65536):x}"))
        else:
            text = str(ipaddress.IPv6Address(f"fd{r.randrange(256):02x}:{r.randrange(65536):x}:{r.randrange(65536):x}::"
                                             f"{r.randrange(1, 65536):x}"))
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def password(self, alphabet: str = "!#%*-_.+", length: int | None = None) -> str:
        style = self.pick(("words", "random", "random", "season"))
        if style == "words":
            w = self.pick(("Falcon", "Tulip", "Harbor", "Quartz", "Mango", "Glacier", "Pixel", "Cobalt", "Orchid", "Rocket"))
            w2 = self.pick(("river", "stone", "cloud", "tiger", "lemon", "piano", "comet", "maple"))
            return f"{w}{self.pick(alphabet)}{w2}{self.rng.randrange(10, 999)}"
        if style == "season":
            return f"{self.pick(('Winter', 'Spring', 'Autumn', 'Sommer', 'Verano', 'Inverno'))}{self.rng.randrange(2019, 2027)}" \
                   f"{self.pick(alphabet)}{self.rand(string.ascii_letters, 3)}"
        n = length or self.rng.randrange(12, 21)
        while True:
            pw = self.rand(string.ascii_letters + string.digits, n - 2) + self.pick(alphabet) + self.rand(string.digits, 1)
            pw = "".join(self.rng.sample(pw, len(pw)))
            if pw[0].isalnum() and any(c.isupper() for c in pw) and any(c.islower() for c in pw):
                return pw

    # --- credentials: value text and the part that must not be stored in clear ---------------------------------

    def make(self, kind: str, variant: str = "") -> tuple[str, str]:
        r = self.rand
        if kind == "github_token":
            if variant == "fine" or (not variant and self.chance(0.2)):
                t = "github_pat_" + r(UPPER_NUM, 22) + "_" + r(B62, 59)
            else:
                body = r(B62, 30)
                t = self.pick(("ghp", "ghp", "ghp", "gho", "ghs", "ghu")) + "_" + body + checksums.crc32_base62(body)
            return t, t
        if kind == "npm_token":
            body = r(B62, 30)
            t = "npm_" + body + checksums.crc32_base62(body)
            return t, t
        if kind == "slack_token":
            p = self.pick(("xoxb", "xoxb", "xoxp", "xapp"))
            if p == "xoxb":
                t = f"xoxb-{r(string.digits, 12)}-{r(string.digits, 13)}-{r(B62, 24)}"
            elif p == "xoxp":
                t = f"xoxp-{r(string.digits, 12)}-{r(string.digits, 12)}-{r(string.digits, 13)}-{r(HEX, 32)}"
            else:
                t = f"xapp-1-A{r(UPPER_NUM, 10)}-{r(string.digits, 13)}-{r(HEX, 64)}"
            return t, t
        if kind == "slack_webhook":
            t = f"https://hooks.slack.com/services/T{r(UPPER_NUM, 8)}/B{r(UPPER_NUM, 10)}/{r(B62, 24)}"
            return t, t
        if kind == "gitlab_token":
            t = "glpat-" + r(B62 + "-_", 20)
            return t, t
        if kind == "stripe_key":
            t = self.pick(("sk_live_", "sk_live_", "rk_live_")) + r(B62, self.pick((24, 99)))
            return t, t
        if kind == "google_api_key":
            t = "AIza" + r(B64URL, 35)
            return t, t
        if kind == "azure_devops_pat":
            t = r("abcdefghijklmnopqrstuvwxyz234567", 52) if self.chance(0.5) else self.annotated("AZDO")
            return t, t
        if kind == "sendgrid_key":
            t = f"SG.{r(B64URL, 22)}.{r(B64URL, 43)}"
            return t, t
        if kind in ("azure_storage_key", "cosmos_key"):
            t = base64.b64encode(self.rng.randbytes(64)).decode()
            return t, t
        if kind == "azure_openai_key" or kind == "azure_ai_key_no_keyword":
            t = self.annotated("ACOG") if self.chance(0.35) else r(HEX, 32)
            return t, t
        if kind == "openai_key":
            t = self.pick((f"sk-proj-{r(B64URL, 74)}T3BlbkFJ{r(B64URL, 74)}", f"sk-{r(B62, 20)}T3BlbkFJ{r(B62, 20)}",
                           f"sk-svcacct-{r(B64URL, 74)}T3BlbkFJ{r(B64URL, 74)}"))
            return t, t
        if kind == "anthropic_key":
            t = f"sk-ant-api03-{r(B64URL, 93)}AA"
            return t, t
        if kind == "huggingface_token":
            t = "hf_" + r(string.ascii_letters, 34)
            return t, t
        if kind == "pypi_token":
            t = "pypi-AgEIcHlwaS5vcmc" + r(B64URL, self.pick((140, 160, 184)))
            return t, t
        if kind == "aws_access_key_id":
            t = self.pick(("AKIA", "AKIA", "ASIA")) + r("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
            return t, t
        if kind == "aws_secret_key":
            t = r(B64, 40)
            return t, t
        if kind == "entra_client_secret":
            t = r(B62, 3) + "8Q~" + r(B62 + "_.~-", 34)
            while t[-1] in ".~-":
                t = t[:-1] + self.pick(B62)
            return t, t
        if kind == "twilio_key":
            t = self.pick(("SK", "SK", "")) + r(HEX, 32)
            return t, t
        if kind == "mailgun_key":
            t = self.pick((f"key-{r(HEX, 32)}", f"{r(HEX, 32)}-{r(HEX, 8)}-{r(HEX, 8)}"))
            return t, t
        if kind == "jwt":
            head = _b64url(json.dumps({"alg": self.pick(("RS256", "HS256")), "typ": "JWT"}, separators=(",", ":")))
            claims = {"sub": r(HEX, 8) + "-" + r(HEX, 4), "iss": self.pick(("https://login.microsoftonline.com/",
                                                                              "https://auth.contoso-group.com", "api-gw")),
                      "iat": 1740000000 + self.rng.randrange(10**7), "scope": self.pick(("orders.read", "api://crm/.default"))}
            t = f"{head}.{_b64url(json.dumps(claims, separators=(',', ':')))}.{r(B64URL, self.pick((43, 86, 342)))}"
            return t, t
        if kind == "bearer_token":
            t = r(B62, self.pick((32, 40, 48))) if self.chance(0.6) else r(B62, 24) + "." + r(B64URL, 27)
            return t, t
        if kind == "private_key":
            label = self.pick(("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"))
            lines = [r(B64, 64) for _ in range(self.pick((4, 6, 8)))] + [r(B64, self.rng.randrange(8, 60)) + "=="]
            body = "\n".join(lines)
            t = f"-----BEGIN {label}-----\n{body}\n-----END {label}-----"
            return t, lines[0]
        raise KeyError(kind)

    def annotated(self, signature: str) -> str:
        r = self.rand
        return r(B62, 52) + "JQQJ99" + r(B62, 1) + self.pick("ABCDEFGHIJKL") + r(B62, 16) + signature + r(B62, 4)

    def cred(self, kind: str, variant: str = "") -> V:
        text, secret = self.make(kind, variant)
        return V(text, CREDENTIAL, kind, secret)

    def pw(self, kind: str, alphabet: str = "!#%*-_.+") -> V:
        t = self.password(alphabet)
        return V(t, CREDENTIAL, kind, t)

    # --- hard negatives -------------------------------------------------------------------------------------

    def version(self) -> N:
        r = self.rng
        return N(f"{r.randrange(1, 11)}.{r.randrange(0, 30)}.{r.randrange(0, 20)}.{r.randrange(0, 250)}", "version", "IP_ADDRESS")

    def oid(self) -> N:
        return N(self.pick(("1.3.6.1.4.1.311.21.7", "1.2.840.113549.1.9.14", "2.5.29.17", "1.3.6.1.5.5.7.3.2",
                            "1.3.6.1.4.1.311.10.3.12", "2.16.840.1.101.3.4.2.1")), "oid", "IP_ADDRESS")

    def guid(self) -> N:
        r = self.rand
        return N(f"{r(HEX, 8)}-{r(HEX, 4)}-4{r(HEX, 3)}-{self.pick('89ab')}{r(HEX, 3)}-{r(HEX, 12)}", "guid", "azure_openai_key")

    def sha(self) -> N:
        return N(self.rand(HEX, 40), "commit_sha", "aws_secret_key")

    def short_sha(self) -> N:
        return N(self.rand(HEX, 7), "commit_sha", "bearer_token")

    def sha256(self) -> N:
        return N(self.rand(HEX, 64), "sha256", "azure_openai_key")

    def build(self) -> N:
        return N(self.pick((f"{self.rng.randrange(2023, 2026)}{self.rng.randrange(1, 13):02d}{self.rng.randrange(1, 29):02d}."
                            f"{self.rng.randrange(1, 40)}", f"build-{self.rng.randrange(10000, 99999)}")), "build_id", "PHONE_NUMBER")

    def order16(self) -> N:
        while True:
            n = self.pick("3456") + self.rand("0123456789", 15)
            if not checksums.luhn_valid(n):
                return N(n, "luhn_fail", "CREDIT_CARD")

    def order_no(self) -> N:
        return N(self.pick((f"SO-{self.rng.randrange(100000, 999999)}", f"PO{self.rng.randrange(4500000000, 4599999999)}",
                            f"ORD-{self.rng.randrange(2024, 2026)}-{self.rng.randrange(100000, 999999)}")), "order_number", "PHONE_NUMBER")

    def lot(self) -> N:
        return N(f"{self.rng.randrange(900, 1000)}-{self.rng.randrange(10, 99)}-{self.rng.randrange(1000, 9999)}", "lot_number", "US_SSN")

    def gl(self) -> N:
        return N(f"{self.rng.randrange(4000, 8999)}-{self.rng.randrange(100, 999)}-{self.rng.randrange(10000, 99999)}", "gl_account",
                 "PHONE_NUMBER")

    def invoice(self) -> N:
        return N(self.pick((f"INV-{self.rng.randrange(2024, 2026)}-{self.rng.randrange(10000, 99999)}",
                            f"FV/{self.rng.randrange(1, 999)}/{self.rng.randrange(1, 12):02d}/2025",
                            f"{self.rng.randrange(90000000, 99999999)}")), "invoice", "PHONE_NUMBER")

    def ticket(self) -> N:
        return N(self.pick((f"INC{self.rng.randrange(1000000, 9999999)}", f"CHG{self.rng.randrange(100000, 999999)}",
                            f"OPS-{self.rng.randrange(1000, 9999)}", f"#{self.rng.randrange(10000, 99999)}")), "ticket", "PHONE_NUMBER")

    def employee_id(self) -> N:
        return N(self.pick((f"E{self.rng.randrange(100000, 999999)}", f"{self.rng.randrange(10000000, 99999999)}")),
                 "employee_id", "US_SSN")

    def cost_centre(self) -> N:
        return N(self.pick((f"CC-{self.rng.randrange(1000, 9999)}", f"{self.rng.randrange(100, 999)}{self.rng.randrange(10000, 99999)}")),
                 "cost_centre", "PHONE_NUMBER")

    def date(self) -> N:
        r = self.rng
        d, m, y = r.randrange(1, 29), r.randrange(1, 13), r.randrange(2024, 2027)
        return N(self.pick((f"{d:02d}.{m:02d}.{y}", f"{m:02d}/{d:02d}/{y}", f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}",
                            f"{y}/{m:02d}/{d:02d} {r.randrange(24):02d}:{r.randrange(60):02d}",
                            f"{y}{m:02d}{d:02d}T{r.randrange(24):02d}{r.randrange(60):02d}{r.randrange(60):02d}Z")), "date", "PHONE_NUMBER")

    def time(self) -> N:
        r = self.rng
        return N(f"{r.randrange(24):02d}:{r.randrange(60):02d}:{r.randrange(60):02d}.{r.randrange(1000):03d}", "time", "PHONE_NUMBER")

    def amount(self) -> N:
        r = self.rng
        return N(self.pick((f"€{r.randrange(100, 99999):,}.{r.randrange(100):02d}", f"{r.randrange(100, 9999)},{r.randrange(100):02d} EUR",
                            f"USD {r.randrange(1000, 999999):,}", f"{r.randrange(1, 99)}.{r.randrange(10)}%",
                            f"¥{r.randrange(10000, 9999999):,}", f"{r.randrange(100, 99999)} zł", f"R$ {r.randrange(100, 9999)},{r.randrange(100):02d}")),
                 "amount", "CREDIT_CARD")

    def k8s_name(self) -> N:
        return N(f"{self.pick(('orders-api', 'payroll-sync', 'crm-gateway', 'ingest-worker'))}-{self.rand('bcdfghjklmnpqrstvwxz2456789', 10)}-"
                 f"{self.rand('bcdfghjklmnpqrstvwxz2456789', 5)}", "k8s_name", "bearer_token")

    def masked(self) -> N:
        return self.pick((N(f"****{self.rand(string.digits, 4)}", "masked", "CREDIT_CARD"),
                          N(f"XXX-XX-{self.rand(string.digits, 4)}", "masked", "US_SSN"),
                          N(f"sk-...{self.rand(B62, 4)}", "masked", "openai_key"),
                          N(f"ghp_****{self.rand(B62, 4)}", "masked", "github_token"),
                          N(f"**** **** **** {self.rand(string.digits, 4)}", "masked", "CREDIT_CARD"),
                          N(f"DE** **** **** **** **{self.rand(string.digits, 2)} {self.rand(string.digits, 2)}", "masked", "IBAN_CODE")))

    def placeholder(self, mimics: str = "password_kv") -> N:
        return N(self.pick(("<your-key>", "${SECRET}", "{{ secrets.API_TOKEN }}", "changeme", "<password>", "REPLACE_ME",
                            "${{ secrets.DB_PASSWORD }}", "$(DbPassword)", "%DB_PASS%", "xxxxxxxx", "<redacted>")),
                 "placeholder", mimics)

    def secret_ref(self) -> N:
        return N(self.pick(("@Microsoft.KeyVault(SecretUri=https://kv-payroll-prod.vault.azure.net/secrets/SqlPassword/)",
                            "@Microsoft.KeyVault(VaultName=kv-crm-weu;SecretName=StripeApiKey)",
                            "azurekeyvault://kv-shared-neu/secrets/openai-key", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf",
                            "projects/acme-prod/secrets/db-password/versions/latest")), "secret_ref", "connection_string")

    def aws_example(self) -> N:
        return self.pick((N("AKIAIOSFODNN7EXAMPLE", "aws_example", "aws_access_key_id"),
                          N("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_example", "aws_secret_key")))

    def test_card(self) -> N:
        return N(self.pick(("4111 1111 1111 1111", "4242424242424242", "5555 5555 5555 4444", "4000 0566 5566 5556",
                            "378282246310005", "6011111111111117")), "test_card", "CREDIT_CARD")

    def luhn_fail(self) -> N:
        while True:
            digits = self.pick(("4", "5", "37", "6011")) + self.rand(string.digits, 15)
            digits = digits[:15] if digits.startswith("37") else digits[:16]
            if not checksums.luhn_valid(digits):
                text = " ".join(digits[i:i + 4] for i in range(0, len(digits), 4)) if self.chance(0.5) else digits
                return N(text, "luhn_fail", "CREDIT_CARD")

    def example_iban(self) -> N:
        return N(self.pick(("DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "FR1420041010050500013M02606",
                            "NL91ABNA0417164300", "GB33BUKB20201555555555")), "example_iban", "IBAN_CODE")

    def bad_iban(self) -> N:
        v = self.iban().text
        compact = v.replace(" ", "")
        check = int(compact[2:4])
        wrong = f"{(check + self.rng.randrange(1, 50)) % 97 + 2:02d}"
        if wrong == compact[2:4]:
            wrong = f"{(check + 51) % 97 + 2:02d}"
        bad = compact[:2] + wrong + compact[4:]
        if iban_valid(bad):
            return self.bad_iban()
        return N(" ".join(bad[i:i + 4] for i in range(0, len(bad), 4)) if " " in v else bad, "bad_iban", "IBAN_CODE")

    def bad_ssn(self) -> N:
        r = self.rng
        return N(self.pick((f"000-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}", f"666-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}",
                            f"9{r.randrange(10, 99)}-{r.randrange(70, 99)}-{r.randrange(1000, 9999)}", "078-05-1120",
                            f"{r.randrange(100, 899)}-00-{r.randrange(1000, 9999)}")), "bad_ssn", "US_SSN")

    def fict_phone(self) -> N:
        return N(f"{self.pick(('+1 ', '', '1-'))}{self.pick(('202', '312', '415', '617', '206'))}-555-01"
                 f"{self.rng.randrange(100):02d}", "fict_phone", "PHONE_NUMBER")

    def example_email(self) -> N:
        return N(f"{self.pick(('jane.doe', 'john.smith', 'user', 'noreply', 'alerts', 'test.user'))}@"
                 f"{self.pick(('example.com', 'example.org', 'example.net'))}", "example_email", "EMAIL_ADDRESS")

    def doc_ip(self) -> N:
        r = self.rng
        return N(self.pick((f"192.0.2.{r.randrange(1, 255)}", f"198.51.100.{r.randrange(1, 255)}", f"203.0.113.{r.randrange(1, 255)}",
                            f"2001:db8::{r.randrange(1, 65535):x}", f"2001:db8:{r.randrange(1, 65535):x}::1")), "doc_ip", "IP_ADDRESS")

    def tool(self) -> N:
        return N(self.pick(("Jenkins", "Grafana", "Terraform", "Ansible", "Kubernetes", "Copilot", "AzureOpenAI", "Kibana",
                            "PagerDuty", "ServiceNow", "Confluence", "Databricks", "Splunk", "Workday", "Salesforce")), "tool_name", PERSON)

    def city(self) -> N:
        return N(self.pick(("Bangalore", "Lisbon", "Warsaw", "Osaka", "Rotterdam", "Bologna", "Guadalajara", "Lyon", "Porto",
                            "Kraków", "Düsseldorf", "Curitiba", "Pune", "Nagoya")), "place", PERSON)

    def team(self) -> N:
        return N(self.pick(("Platform Team", "Payroll Ops", "Customer Care EMEA", "Northwind Traders", "Blue Yonder", "SRE Guild",
                            "Finance Shared Services", "Contoso Pharma", "Team Phoenix")), "team_name", PERSON)

    def month(self) -> N:
        return N(self.pick(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "January", "March", "April", "June", "August",
                            "October", "December", "May")), "month_or_day", PERSON)

    def cli(self) -> N:
        return N(self.pick(("git", "az", "k8s", "npm", "kubectl", "helm", "pwsh", "terraform")), "cli_word", PERSON)

    def code_word(self) -> N:
        return N(self.pick(("tell", "pass", "token", "secret", "key", "password", "credentials")), "code_word", "password_prose")


def _ascii(text: str) -> str:
    table = str.maketrans("łŁąćęńóśźżÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿß",
                          "lLacenoszzAAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyys")
    return text.translate(table).replace("ß", "ss")


def _b64url(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _read_region(text: str) -> str | None:
    for region in PHONE_REGIONS:
        try:
            n = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(n):
            return phonenumbers.region_code_for_number(n)
    return None
