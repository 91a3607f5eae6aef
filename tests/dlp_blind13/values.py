"""The thirteenth corpus's values: credentials in their published shapes (with the CRC32 tails GitHub and npm
tokens carry), Luhn cards of many brands, mod-97 IBANs of many countries, issuable SSNs, phones libphonenumber
finds valid (never its example numbers, never NANP 555), IPv4 / IPv6, people of a multinational workforce, and
the hard negatives that look like them. `Values(rng, used)` draws them; `used` is shared by a whole corpus so
that credential kinds, brands, countries and regions are picked least-used-first."""

from __future__ import annotations

import base64
import json
import random
import string
from collections import Counter

import phonenumbers

from tests.dlp_eval.checksums import (base62_checksum_valid, crc32_base62, iban_check_digits, luhn_complete,
                                      luhn_valid)
from tests.dlp_eval.checksums import iban_valid as _mod97_ok
from tests.dlp_eval.corpus import N, V

__all__ = ["Values", "PHONE_REGIONS", "luhn_valid", "iban_valid", "base62_checksum_valid", "CARD_BRANDS",
           "IBAN_LAYOUTS", "CRED_KINDS"]

DIGITS = string.digits
HEX = "0123456789abcdef"
ALNUM = string.ascii_letters + string.digits
UPPER_B32 = string.ascii_uppercase + "234567"
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"

# Where national-format phones are read; the order is the order valid_phone tries them in.
PHONE_REGIONS = ("US", "GB", "DE", "FR", "IT", "ES", "NL", "PL", "PT", "BR", "JP", "IN", "AU", "IE", "BE", "CH", "SE",
                 "MX", "CA")

CRED_KINDS = ("github_token", "slack_token", "slack_webhook", "gitlab_token", "stripe_key", "google_api_key",
              "npm_token", "azure_devops_pat", "sendgrid_key", "azure_storage_key", "connection_string", "sas_token",
              "azure_openai_key", "azure_ai_key_no_keyword", "openai_key", "aws_access_key_id", "aws_secret_key", "jwt",
              "bearer_token", "private_key", "password_kv", "password_cli", "password_ctor", "password_prose",
              "password_yaml", "password_url", "anthropic_key", "entra_client_secret", "cosmos_key", "twilio_key",
              "mailgun_key", "pypi_token", "huggingface_token", "k8s_secret_b64")

# (brand, prefixes, length, grouping)
CARD_BRANDS = {
    "visa": (("4",), 16, (4, 4, 4, 4)),
    "mastercard": (("51", "52", "53", "54", "55"), 16, (4, 4, 4, 4)),
    "mastercard2": (tuple(str(p) for p in (2221, 2223, 2300, 2411, 2530, 2617, 2700, 2720)), 16, (4, 4, 4, 4)),
    "amex": (("34", "37"), 15, (4, 6, 5)),
    "discover": (("6011", "644", "65"), 16, (4, 4, 4, 4)),
    "jcb": (("3528", "3541", "3566", "3589"), 16, (4, 4, 4, 4)),
    "diners": (("36", "300", "305"), 14, (4, 6, 4)),
    "unionpay": (("62",), 16, (4, 4, 4, 4)),
}

# country: BBAN layout, "n" digit, "a" upper letter, "c" upper alnum
IBAN_LAYOUTS = {
    "DE": "n" * 18, "GB": "aaaa" + "n" * 14, "FR": "n" * 23, "ES": "n" * 20, "IT": "a" + "n" * 10 + "c" * 12,
    "NL": "aaaa" + "n" * 10, "BE": "n" * 12, "PL": "n" * 24, "PT": "n" * 21, "AT": "n" * 16, "CH": "n" * 17,
    "IE": "aaaa" + "n" * 14, "SE": "n" * 20, "DK": "n" * 14, "NO": "n" * 11, "FI": "n" * 14, "LU": "nnn" + "c" * 13,
    "CZ": "n" * 20, "HU": "n" * 24, "RO": "aaaa" + "c" * 16, "IS": "n" * 22, "HR": "n" * 17,
}
BANK_CODES = {"GB": ("NWBK", "BARC", "HBUK", "LOYD", "MIDL"), "NL": ("INGB", "RABO", "ABNA", "SNSB", "TRIO"),
              "IE": ("AIBK", "BOFI", "IPBS"), "RO": ("BTRL", "RNCB", "BRDE")}

PEOPLE = (
    ("Aisha", "Okonkwo"), ("Mateo", "Fernández"), ("Ingrid", "Lindqvist"), ("Rahul", "Venkataraman"),
    ("Chiara", "Bellandi"), ("João", "Carvalho"), ("Marieke", "van Dijk"), ("Łukasz", "Wiśniewski"),
    ("Haruto", "Sasaki"), ("Yuki", "Nakamura"), ("Siobhan", "O'Reilly"), ("Tomasz", "Zieliński"), ("Fatima", "Haddad"),
    ("Oluwaseun", "Adeyemi"), ("Camille", "Lefèvre"), ("Giorgos", "Papadakis"), ("Priya", "Raghunathan"),
    ("Bram", "Janssens"), ("Katarzyna", "Nowak"), ("Renata", "Albuquerque"), ("Dmitri", "Volkov"), ("Mei", "Lin"),
    ("Sven", "Øverby"), ("Elif", "Yılmaz"), ("Kwabena", "Mensah"), ("Lucía", "Morales"), ("Hamid", "Rahimi"),
    ("Annelies", "de Groot"), ("Francesca", "Russo"), ("Thiago", "Nascimento"), ("Agnieszka", "Kaczmarek"),
    ("Kenji", "Watanabe"), ("Nadia", "Benali"), ("Connor", "Walsh"), ("Zanele", "Dlamini"), ("Ravi", "Iyer"),
    ("Emma", "Thorsen"), ("Jakub", "Dvořák"), ("Sofía", "Castillo"), ("Arjun", "Mehta"), ("Leilani", "Kahale"),
    ("Beatriz", "Gonçalves"), ("Pieter", "Vermeulen"), ("Marta", "Lewandowska"), ("Riccardo", "Galli"),
    ("Ayumi", "Kobayashi"), ("Samuel", "Osei"), ("Hannah", "Whitfield"), ("Nguyen", "Thi Lan"), ("Omar", "Farouk"),
    ("Grace", "Achieng"), ("Niamh", "Gallagher"), ("Daniel", "Kowalczyk"), ("Ines", "Duarte"), ("Wouter", "Bakker"),
    ("Alessandro", "Marchetti"), ("Sakura", "Fujimoto"), ("Jun-seo", "Park"), ("Valentina", "Esposito"),
    ("Björn", "Halvorsen"), ("Adaeze", "Nwosu"), ("Carlos", "Mendoza"), ("Ewa", "Szymańska"), ("Tiago", "Ferreira"),
    ("Liesbeth", "Peeters"), ("Hiroshi", "Tanaka"), ("Maya", "Goldberg"), ("Kofi", "Boateng"), ("Anja", "Kovač"),
    ("Rosa", "Ortega"), ("Vikram", "Singh"), ("Olivia", "Brennan"), ("Matthijs", "Visser"), ("Giulia", "Conti"),
)
JAPANESE_PEOPLE = (("田中", "美咲"), ("佐藤", "健太"), ("鈴木", "陽菜"), ("高橋", "翔"), ("伊藤", "由美"))

DOMAINS = ("fabrikam.com", "northwindtraders.com", "tailspintoys.com", "hoffmann-logistik.de", "brightlane.io",
           "gruppovela.it", "mercadoazul.com.br", "vanderberg-bouw.nl", "kowalski-it.pl", "sakurasoft.co.jp",
           "alpineworks.ch", "harbourfreight.co.uk", "lisboa-digital.pt", "meridian-health.com", "quantix.ai")
MAIL_FREE = ("gmail.com", "outlook.com", "yahoo.co.jp", "wp.pl", "libero.it", "hotmail.nl", "uol.com.br")


def rand(r: random.Random, alphabet: str, n: int) -> str:
    return "".join(r.choice(alphabet) for _ in range(n))


def iban_valid(iban: str) -> bool:
    """Mod-97 of a known country's IBAN, of its length (spaces ignored)."""
    compact = iban.replace(" ", "")
    layout = IBAN_LAYOUTS.get(compact[:2])
    return layout is not None and len(compact) == 4 + len(layout) and compact[2:4].isdigit() and _mod97_ok(compact)


def ascii_fold(s: str) -> str:
    table = str.maketrans("áàâäãåçéèêëíìîïñóòôöõøúùûüýłńśźżčřšžıçğ", "aaaaaaceeeeiiiinoooooouuuuylnszzcrszicg")
    return s.lower().translate(table).replace("'", "").replace(" ", "")


class Values:
    def __init__(self, rng: random.Random, used: Counter[str]) -> None:
        self.r = rng
        self.used = used

    # --- least-used-first ---------------------------------------------------------------------

    def least(self, group: str, options: tuple[str, ...] | list[str]) -> str:
        low = min(self.used[f"{group}:{o}"] for o in options)
        pick = self.r.choice([o for o in options if self.used[f"{group}:{o}"] == low])
        self.used[f"{group}:{pick}"] += 1
        return pick

    def choice(self, seq):  # noqa: ANN001, ANN201
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def num(self, lo: int, hi: int) -> int:
        return self.r.randrange(lo, hi)

    # --- people -------------------------------------------------------------------------------

    def person(self) -> tuple[str, str]:
        return PEOPLE[int(self.least("person", [str(i) for i in range(len(PEOPLE))]))]

    def name(self, first: str | None = None, last: str | None = None) -> V:
        if first is None:
            first, last = self.person()
        return V(f"{first} {last}", "PERSON", "PERSON")

    def first(self, first: str) -> V:
        return V(first, "PERSON", "PERSON")

    def jp_name(self) -> V:
        last, first = self.r.choice(JAPANESE_PEOPLE)
        return V(f"{last} {first}" if self.chance(0.5) else f"{last}{first}", "PERSON", "PERSON")

    def email(self, first: str | None = None, last: str | None = None, free: bool = False) -> V:
        if first is None:
            first, last = self.person()
        f, la = ascii_fold(first), ascii_fold(last or "x")
        local = self.r.choice((f"{f}.{la}", f"{f[0]}{la}", f"{f}_{la}", f"{la}.{f[0]}", f"{f}{self.num(1, 99)}"))
        return V(f"{local}@{self.r.choice(MAIL_FREE if free else DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def mailbox(self, box: str) -> V:
        return V(f"{box}@{self.r.choice(DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    # --- phones -------------------------------------------------------------------------------

    def phone(self, region: str | None = None, international: bool | None = None) -> V:
        region = region or self.least("region", PHONE_REGIONS)
        if international is None:
            international = self.chance(0.5)
        for attempt in range(200):
            if attempt == 20:  # the national form reads as another region's: write it internationally
                international = True
            number = self._phone_number(region)
            fmt = phonenumbers.PhoneNumberFormat
            text = phonenumbers.format_number(number, fmt.INTERNATIONAL if international else fmt.NATIONAL)
            if international and self.chance(0.25):
                text = phonenumbers.format_number(number, fmt.E164)
            if self._reads_as(text, region):
                return V(text, "PHONE_NUMBER", "PHONE_NUMBER")
        raise ValueError(region)

    def _phone_number(self, region: str) -> phonenumbers.PhoneNumber:
        kinds = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
        examples = {phonenumbers.example_number_for_type(region, k).national_number for k in kinds}
        while True:
            if region in ("US", "CA"):
                area = self.r.choice(("212", "415", "617", "312", "206", "425", "646", "720", "404", "512") if region == "US"
                                     else ("416", "604", "514", "403", "613", "905"))
                exch = self.num(201, 999)
                if exch == 555 or exch % 100 == 11:
                    continue
                nsn = f"{area}{exch}{self.num(0, 10000):04d}"
            else:
                ex = str(phonenumbers.example_number_for_type(region, self.r.choice(kinds)).national_number)
                keep = max(2, len(ex) - 6)
                nsn = ex[:keep] + rand(self.r, DIGITS, len(ex) - keep)
            n = phonenumbers.parse(nsn, region)
            if phonenumbers.is_valid_number(n) and n.national_number not in examples:
                return n

    @staticmethod
    def _reads_as(text: str, region: str) -> bool:
        for r in PHONE_REGIONS:
            try:
                n = phonenumbers.parse(text, r)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(n):
                return phonenumbers.region_code_for_number(n) == region
        return False

    # --- cards, IBANs, SSNs, IPs --------------------------------------------------------------

    def card(self, brand: str | None = None, form: str | None = None) -> V:
        brand = brand or self.least("brand", tuple(CARD_BRANDS))
        prefixes, length, groups = CARD_BRANDS[brand]
        digits = luhn_complete((p := self.r.choice(prefixes)) + rand(self.r, DIGITS, length - len(p) - 1))
        form = form or self.least("cardform", ("spaced", "dashed", "compact"))
        if form == "compact":
            return V(digits, "CREDIT_CARD", "CREDIT_CARD")
        parts, pos = [], 0
        for g in groups:
            parts.append(digits[pos:pos + g])
            pos += g
        return V((" " if form == "spaced" else "-").join(parts), "CREDIT_CARD", "CREDIT_CARD")

    def iban_compact(self, country: str | None = None) -> str:
        country = country or self.least("iban", tuple(IBAN_LAYOUTS))
        layout = IBAN_LAYOUTS[country]
        bban = "".join(rand(self.r, DIGITS if c == "n" else string.ascii_uppercase if c == "a" else
                            string.ascii_uppercase + DIGITS, 1) for c in layout)
        if country in BANK_CODES:
            bban = self.r.choice(BANK_CODES[country]) + bban[4:]
        if country == "BE":  # the Belgian account's own mod-97 check
            check = int(bban[:10]) % 97 or 97
            bban = bban[:10] + f"{check:02d}"
        return country + iban_check_digits(country, bban) + bban

    def iban(self, country: str | None = None, grouped: bool | None = None) -> V:
        compact = self.iban_compact(country)
        if grouped is None:
            grouped = self.chance(0.55)
        text = " ".join(compact[i:i + 4] for i in range(0, len(compact), 4)) if grouped else compact
        return V(text, "IBAN_CODE", "IBAN_CODE")

    def ssn(self) -> V:
        while True:
            area, group, serial = self.num(1, 900), self.num(1, 100), self.num(1, 10000)
            if area != 666 and (area, group, serial) not in ((78, 5, 1120), (219, 9, 9999), (123, 45, 6789)):
                break
        form = self.r.choice(("-", "-", "-", " ", ""))
        return V(f"{area:03d}{form}{group:02d}{form}{serial:04d}", "US_SSN", "US_SSN")

    def ipv4(self, private: bool | None = None) -> V:
        if private is None:
            private = self.chance(0.5)
        r = self.r
        if private:
            text = r.choice((f"10.{r.randrange(0, 255)}.{r.randrange(0, 255)}.{r.randrange(2, 254)}",
                             f"172.{r.randrange(16, 32)}.{r.randrange(0, 255)}.{r.randrange(2, 254)}",
                             f"192.168.{r.randrange(0, 255)}.{r.randrange(2, 254)}"))
        else:
            while True:
                a = r.choice((20, 23, 31, 40, 51, 52, 62, 77, 81, 89, 91, 104, 130, 145, 151, 176, 185, 188, 193, 212, 217))
                text = f"{a}.{r.randrange(0, 255)}.{r.randrange(0, 255)}.{r.randrange(1, 254)}"
                if not text.startswith(("198.51.100.", "203.0.113.", "192.0.2.")):
                    break
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self) -> V:
        r = self.r
        head = r.choice(("2a01:4f8", "2603:1030", "2001:67c", "2a02:26f0", "2620:1ec", "fd12:3456", "2406:da14"))
        groups = [f"{r.randrange(0, 65536):x}" for _ in range(r.choice((2, 3, 6)))]
        text = f"{head}:{':'.join(groups)}" if len(groups) == 6 else f"{head}:{groups[0]}::{':'.join(groups[1:])}"
        return V(text, "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> V:
        return self.ipv6() if self.least("ipfam", ("v4a", "v4b", "v4c", "v6")) == "v6" else self.ipv4()

    # --- credentials --------------------------------------------------------------------------

    def github_token(self) -> str:
        prefix = self.r.choice(("ghp", "ghp", "gho", "ghs", "ghu"))
        if self.chance(0.15):
            return "github_pat_" + rand(self.r, ALNUM, 22) + "_" + rand(self.r, ALNUM, 59)
        body = rand(self.r, ALNUM, 30)
        return f"{prefix}_{body}{crc32_base62(body)}"

    def npm_token(self) -> str:
        body = rand(self.r, ALNUM, 30)
        return f"npm_{body}{crc32_base62(body)}"

    def slack_token(self) -> str:
        r = self.r
        kind = r.choice(("xoxb", "xoxb", "xoxp", "xoxe.xoxp-1"))
        if kind == "xoxp":
            return f"xoxp-{rand(r, DIGITS, 12)}-{rand(r, DIGITS, 12)}-{rand(r, DIGITS, 13)}-{rand(r, HEX, 32)}"
        if kind.startswith("xoxe"):
            return f"xoxe.xoxp-1-{rand(r, ALNUM, 140)}"
        return f"xoxb-{rand(r, DIGITS, 12)}-{rand(r, DIGITS, 13)}-{rand(r, ALNUM, 24)}"

    def slack_webhook(self) -> str:
        r = self.r
        return (f"https://hooks.slack.com/services/T{rand(r, UPPER_B32[:26] + DIGITS, 10)}/"
                f"B{rand(r, UPPER_B32[:26] + DIGITS, 10)}/{rand(r, ALNUM, 24)}")

    def gitlab_token(self) -> str:
        return "glpat-" + rand(self.r, ALNUM + "-_", 20)

    def stripe_key(self) -> str:
        return self.r.choice(("sk_live_", "rk_live_", "sk_live_")) + rand(self.r, ALNUM, self.r.choice((24, 99)))

    def google_api_key(self) -> str:
        return "AIza" + rand(self.r, ALNUM + "-_", 35)

    def azure_devops_pat(self) -> str:
        if self.chance(0.5):
            return rand(self.r, "abcdefghijklmnopqrstuvwxyz234567", 52)
        return self.annotated("AZDO")

    def annotated(self, sig: str) -> str:
        r = self.r
        return rand(r, ALNUM, 52) + "JQQJ99" + r.choice("ABCD") + rand(r, ALNUM, 17) + sig + rand(r, ALNUM, 4)

    def sendgrid_key(self) -> str:
        return f"SG.{rand(self.r, B64URL, 22)}.{rand(self.r, B64URL, 43)}"

    def b64key(self, nbytes: int = 64) -> str:
        return base64.b64encode(bytes(self.r.randrange(256) for _ in range(nbytes))).decode()

    def azure_storage_key(self) -> str:
        return self.b64key(64)

    def cosmos_key(self) -> str:
        return self.b64key(64)

    def azure_openai_key(self) -> str:
        return self.annotated("ACOG") if self.chance(0.3) else rand(self.r, HEX, 32)

    def azure_ai_key_no_keyword(self) -> str:
        return rand(self.r, HEX, 32) if self.chance(0.75) else self.annotated("ACOG")

    def openai_key(self) -> str:
        r = self.r
        if self.chance(0.6):
            return "sk-proj-" + rand(r, ALNUM + "-_", 74) + "T3BlbkFJ" + rand(r, ALNUM + "-_", 74)
        if self.chance(0.5):
            return "sk-svcacct-" + rand(r, ALNUM + "-_", 74) + "T3BlbkFJ" + rand(r, ALNUM + "-_", 74)
        return "sk-" + rand(r, ALNUM, 20) + "T3BlbkFJ" + rand(r, ALNUM, 20)

    def anthropic_key(self) -> str:
        return "sk-ant-api03-" + rand(self.r, ALNUM + "-_", 93) + "AA"

    def aws_access_key_id(self) -> str:
        return self.r.choice(("AKIA", "AKIA", "ASIA")) + rand(self.r, UPPER_B32, 16)

    def aws_secret_key(self) -> str:
        return rand(self.r, ALNUM + "/+", 40)

    def entra_client_secret(self) -> str:
        r = self.r
        return rand(r, ALNUM, 3) + r.choice(DIGITS) + "Q~" + rand(r, ALNUM + "_~.-", 34)

    def twilio_key(self) -> str:
        return "SK" + rand(self.r, HEX, 32)

    def mailgun_key(self) -> str:
        r = self.r
        return "key-" + rand(r, HEX, 32) if self.chance(0.5) else f"{rand(r, HEX, 32)}-{rand(r, HEX, 8)}-{rand(r, HEX, 8)}"

    def pypi_token(self) -> str:
        return "pypi-AgEIcHlwaS5vcmc" + rand(self.r, B64URL, self.r.choice((134, 150, 166)))

    def huggingface_token(self) -> str:
        return "hf_" + rand(self.r, string.ascii_letters, 34)

    def jwt(self) -> str:
        r = self.r

        def part(obj: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

        first, last = self.person()
        header = {"alg": r.choice(("RS256", "HS256", "ES256")), "typ": "JWT"}
        if header["alg"] == "RS256":
            header["kid"] = rand(r, ALNUM, 27)
        payload = {"aud": r.choice(("api://orders", "https://management.azure.com", "b2c-portal")),
                   "iss": r.choice(("https://login.microsoftonline.com/tenant/v2.0", "https://auth.brightlane.io/")),
                   "iat": 1760000000 + r.randrange(10**6), "sub": rand(r, ALNUM, 22),
                   "name": f"{ascii_fold(first)}", "scp": r.choice(("orders.read", "user_impersonation", "Files.Read"))}
        sig = base64.urlsafe_b64encode(bytes(r.randrange(256) for _ in range(r.choice((32, 64, 256))))).decode().rstrip("=")
        return f"{part(header)}.{part(payload)}.{sig}"

    def bearer_token(self) -> str:
        return rand(self.r, ALNUM, self.r.choice((32, 40, 48))) + self.r.choice(("", "", "-" + rand(self.r, ALNUM, 8)))

    def private_key(self, escaped: bool = False) -> str:
        r = self.r
        kind = r.choice(("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"))
        head = {"RSA PRIVATE KEY": "MIIEpAIBAAKCAQEA", "PRIVATE KEY": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
                "EC PRIVATE KEY": "MHcCAQEEI", "OPENSSH PRIVATE KEY": "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB"}
        body = head[kind] + rand(r, B64, 64 * r.choice((3, 4, 5)) - len(head[kind]))
        lines = [body[i:i + 64] for i in range(0, len(body), 64)] + [rand(r, B64, 20) + "=="]
        sep = "\\n" if escaped else "\n"
        return f"-----BEGIN {kind}-----{sep}" + sep.join(lines) + f"{sep}-----END {kind}-----"

    def password(self, url_safe: bool = False) -> str:
        r = self.r
        if self.chance(0.3):
            words = ("Harbor", "Tulip", "Falcon", "Granite", "Copper", "Maple", "Orbit", "Velvet", "Cedar", "Lantern")
            return r.choice(words) + r.choice(("!", "#", "_", "-", ".")) + str(r.randrange(10, 9999)) + r.choice(words)[:3]
        specials = "-_.~" if url_safe else "!#%*-_.+?"
        core = [r.choice(string.ascii_uppercase), r.choice(string.ascii_lowercase), r.choice(DIGITS), r.choice(specials)]
        core += [r.choice(ALNUM + specials) for _ in range(r.randrange(8, 16))]
        r.shuffle(core)
        return "".join(core).lstrip("-")

    def k8s_secret_b64(self) -> str:
        return base64.b64encode(self.password().encode()).decode()

    # --- hard negatives -----------------------------------------------------------------------

    def version(self) -> N:
        r = self.r
        return N(f"{r.randrange(1, 17)}.{r.randrange(0, 40)}.{r.randrange(0, 9)}.{r.randrange(0, 30000)}", "version",
                 "IP_ADDRESS")

    def oid(self) -> N:
        return N(self.r.choice(("1.3.6.1.4.1.311.21.7", "2.5.29.17", "1.2.840.113549.1.9.1", "2.5.4.10", "1.3.6.1.5.5.7.3.2",
                                "2.16.840.1.101.3.4.2.1", "1.3.6.1.4.1.311.20.2.3", "2.5.29.31")), "oid", "IP_ADDRESS")

    def build_id(self) -> N:
        r = self.r
        return N(r.choice((f"{r.randrange(2024, 2027)}{r.randrange(1, 13):02d}{r.randrange(1, 29):02d}.{r.randrange(1, 30)}",
                           f"build-{r.randrange(100000, 999999)}", f"{r.randrange(20000, 99999)}.{r.randrange(1, 9)}")),
                 "build_id", "PHONE_NUMBER")

    def order_number(self) -> N:
        while True:
            digits = self.r.choice("3456") + rand(self.r, DIGITS, 15)
            if not luhn_valid(digits):
                return N(digits, "order_number", "CREDIT_CARD")

    def luhn_fail(self) -> N:
        card = self.card(form="spaced").text
        last = card[-1]
        bad = card[:-1] + str((int(last) + self.r.randrange(1, 10)) % 10)
        return N(bad, "luhn_fail", "CREDIT_CARD")

    def lot_number(self) -> N:
        r = self.r
        return N(f"{r.randrange(900, 1000)}-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}", "lot_number", "US_SSN")

    def gl_account(self) -> N:
        r = self.r
        return N(f"{r.randrange(1000, 9999)}-{r.randrange(100, 999)}-{r.randrange(1000, 9999)}", "gl_account", "PHONE_NUMBER")

    def invoice(self) -> N:
        r = self.r
        return N(r.choice((f"INV-{r.randrange(2024, 2027)}-{r.randrange(10000, 99999)}", f"{r.randrange(10**9, 10**10)}",
                           f"FT {r.randrange(2025, 2027)}/{r.randrange(100, 9999)}")), "invoice", "PHONE_NUMBER")

    def ticket_no(self) -> N:
        r = self.r
        return N(r.choice((f"INC{r.randrange(10**6, 10**7):07d}", f"RITM{r.randrange(10**6, 10**7):07d}",
                           f"CHG{r.randrange(10**6, 10**7):07d}")), "ticket", "PHONE_NUMBER")

    def date(self) -> N:
        r = self.r
        y, m, d = r.randrange(2024, 2027), r.randrange(1, 13), r.randrange(1, 29)
        return N(r.choice((f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}", f"{d:02d}.{m:02d}.{y} {r.randrange(24):02d}:{r.randrange(60):02d}",
                           f"{y}-{m:02d}-{d:02d}T{r.randrange(24):02d}:{r.randrange(60):02d}:{r.randrange(60):02d}Z")),
                 "date", "PHONE_NUMBER")

    def amount(self) -> N:
        r = self.r
        return N(r.choice((f"EUR {r.randrange(1000, 99999)},{r.randrange(100):02d}", f"${r.randrange(1, 999)},{r.randrange(1000):03d}.{r.randrange(100):02d}",
                           f"{r.randrange(100, 999)} {r.randrange(100, 999)},{r.randrange(100):02d} zł", f"¥{r.randrange(10, 999)},{r.randrange(1000):03d}")),
                 "amount", "PHONE_NUMBER")

    def guid(self) -> N:
        r = self.r
        return N(f"{rand(r, HEX, 8)}-{rand(r, HEX, 4)}-4{rand(r, HEX, 3)}-{r.choice('89ab')}{rand(r, HEX, 3)}-{rand(r, HEX, 12)}",
                 "guid", "azure_openai_key")

    def sha256(self) -> N:
        return N(rand(self.r, HEX, 64), "sha256", "aws_secret_key")

    def commit_sha(self, short: bool = False) -> N:
        return N(rand(self.r, HEX, 7 if short else 40), "commit_sha", "azure_openai_key")

    def masked(self) -> N:
        r = self.r
        return N(r.choice((f"****{r.randrange(1000, 9999)}", f"**** **** **** {r.randrange(1000, 9999)}",
                           f"sk-...{rand(r, ALNUM, 4)}", f"ghp_****{rand(r, ALNUM, 4)}", f"AKIA************{rand(r, UPPER_B32, 4)}",
                           "********", f"xxxx-xxxx-xxxx-{r.randrange(1000, 9999)}", f"XXX-XX-{r.randrange(1000, 9999)}")),
                 "masked", "CREDENTIAL")

    def placeholder(self) -> N:
        return N(self.r.choice(("<your-key>", "${SECRET}", "{{ .Values.db.password }}", "USER:PASSWORD@HOST", "<PAT>",
                                "$(DB_PASSWORD)", "${{ secrets.NPM_TOKEN }}", "changeme", "<redacted>", "%API_KEY%",
                                "YOUR_API_KEY_HERE", "${env:SQL_PASSWORD}")), "placeholder", "CREDENTIAL")

    def secret_ref(self) -> N:
        r = self.r
        vault = r.choice(("kv-prod-weu", "kv-shared", "kv-orders"))
        return N(r.choice((f"@Microsoft.KeyVault(SecretUri=https://{vault}.vault.azure.net/secrets/db-password/)",
                           f"@Microsoft.KeyVault(VaultName={vault};SecretName=openai-key)",
                           "secretKeyRef: {name: db-creds, key: password}", "secretRef: storage-conn",
                           f"keyvault://{vault}/sendgrid-api-key", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db")),
                 "secret_ref", "CREDENTIAL")

    def aws_example(self) -> N:
        return N(self.r.choice(("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")), "aws_example",
                 "aws_access_key_id")

    def test_card(self) -> N:
        return N(self.r.choice(("4111 1111 1111 1111", "4242424242424242", "5555 5555 5555 4444", "378282246310005",
                                "4000-0566-5566-5556", "6011 1111 1111 1117")), "test_card", "CREDIT_CARD")

    def example_iban(self) -> N:
        return N(self.r.choice(("GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00", "NL91ABNA0417164300",
                                "FR14 2004 1010 0505 0001 3M02 606")), "example_iban", "IBAN_CODE")

    def bad_iban(self) -> N:
        good = self.iban_compact()
        bad = good[:2] + f"{self.r.choice([c for c in range(2, 99) if c != int(good[2:4])]):02d}" + good[4:]
        if self.chance(0.5):
            bad = " ".join(bad[i:i + 4] for i in range(0, len(bad), 4))
        return N(bad, "bad_iban", "IBAN_CODE")

    def bad_ssn(self) -> N:
        r = self.r
        return N(r.choice((f"000-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}", f"666-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}",
                           f"9{r.randrange(0, 99):02d}-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}",
                           f"{r.randrange(100, 899)}-00-{r.randrange(1000, 9999)}")), "bad_ssn", "US_SSN")

    def fict_phone(self) -> N:
        r = self.r
        area = r.choice(("212", "310", "415", "202", "800"))
        return N(r.choice((f"({area}) 555-01{r.randrange(0, 100):02d}", f"+1 {area} 555-01{r.randrange(0, 100):02d}",
                           f"{area}-555-01{r.randrange(0, 100):02d}")), "fict_phone", "PHONE_NUMBER")

    def example_email(self) -> N:
        r = self.r
        return N(f"{r.choice(('jane.doe', 'john.smith', 'alice', 'bob', 'user', 'noreply', 'admin'))}@"
                 f"{r.choice(('example.com', 'example.org', 'example.net'))}", "example_email", "EMAIL_ADDRESS")

    def doc_ip(self) -> N:
        r = self.r
        return N(r.choice((f"192.0.2.{r.randrange(1, 255)}", f"198.51.100.{r.randrange(1, 255)}",
                           f"203.0.113.{r.randrange(1, 255)}", f"2001:db8::{r.randrange(1, 0xffff):x}",
                           f"2001:db8:{r.randrange(1, 0xfff):x}::{r.randrange(1, 99)}")), "doc_ip", "IP_ADDRESS")

    def tool(self) -> N:
        return N(self.r.choice(("Jenkins", "Grafana", "Terraform", "Ansible", "Kibana", "Prometheus", "Dependabot",
                                "AzureOpenAI", "Copilot", "Octopus", "Sentry", "Bamboo", "Helm", "Argo")), "tool_name", "PERSON")

    def word(self, w: str) -> N:
        return N(w, "code_word", "password_prose")
