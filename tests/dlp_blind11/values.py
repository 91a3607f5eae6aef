"""The eleventh corpus's values, written from public format descriptions: names of the cultures a
multinational's staff have, e-mails on company domains, libphonenumber-valid phones, Luhn cards,
mod-97 IBANs (with national checks where they are simple), issuable SSNs, IPs, every credential kind
the harness scores; and the hard negatives that look like them."""

from __future__ import annotations

import base64
import random
import string
from collections import Counter

import phonenumbers

from tests.dlp_eval.checksums import base62_checksum_valid, crc32_base62, iban_check_digits, iban_valid, luhn_complete, luhn_valid
from tests.dlp_eval.corpus import N, V

__all__ = ["Values", "PHONE_REGIONS", "luhn_valid", "iban_valid", "base62_checksum_valid", "CRED_KINDS"]

ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"

FIRST = {
    "en": ["Sarah", "Mark", "Emily", "James", "Rachel", "Thomas", "Jessica", "Michael", "Laura", "David", "Hannah", "Chris",
           "Megan", "Daniel", "Rebecca", "Andrew", "Olivia", "Matthew", "Charlotte", "Ryan"],
    "ie": ["Siobhan", "Ciaran", "Aoife", "Padraig", "Niamh", "Declan", "Orla", "Eoin"],
    "de": ["Daniel", "Katrin", "Jürgen", "Stefanie", "Matthias", "Anja", "Lukas", "Sabine", "Florian", "Birgit"],
    "fr": ["Camille", "Julien", "Élodie", "Mathieu", "Sophie", "Nicolas", "Aurélie", "Benoît", "Claire"],
    "es": ["Javier", "Lucía", "Alejandro", "Carmen", "Sergio", "Marta", "Pablo", "Nuria"],
    "it": ["Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Luca", "Federica", "Davide"],
    "in": ["Priya", "Rahul", "Ananya", "Vikram", "Deepika", "Arjun", "Sneha", "Karthik", "Pooja", "Rohan"],
    "cn": ["Wei", "Li Na", "Jun", "Mei", "Hao", "Xiaoling", "Yong", "Fang"],
    "ng": ["Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka", "Funmilayo", "Tunde", "Chiamaka"],
}
LAST = {
    "en": ["Thompson", "Miller", "Clarke", "Walker", "Bennett", "Hughes", "Foster", "Parker", "Harrison", "Collins",
           "Reynolds", "Turner", "Morgan", "Hayes", "Sullivan", "Brooks", "Wright", "Price"],
    "ie": ["O'Connell", "Murphy", "Byrne", "O'Sullivan", "Kavanagh", "McCarthy", "Doyle", "Fitzgerald"],
    "de": ["Weber", "Schneider", "Fischer", "Hoffmann", "Köhler", "Becker", "Wagner", "Schäfer", "Neumann", "Braun"],
    "fr": ["Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Rousseau", "Fontaine", "Mercier"],
    "es": ["García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Ortega"],
    "it": ["Rossi", "Bianchi", "Esposito", "Ricci", "Marino", "Greco", "Conti", "Ferraro"],
    "in": ["Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Menon", "Krishnan", "Desai", "Agarwal"],
    "cn": ["Zhang", "Wang", "Chen", "Liu", "Huang", "Zhao", "Lin", "Xu"],
    "ng": ["Okafor", "Adeyemi", "Eze", "Okonkwo", "Balogun", "Nwosu", "Adebayo", "Obi"],
}
CULTURES = list(FIRST)
CULTURE_WEIGHTS = [6, 2, 3, 2, 2, 2, 3, 2, 2]

DOMAINS = ["hallbergsteel.com", "meridian-health.org", "brightline-logistics.co.uk", "kessler-automotive.de",
           "northgate-insurance.com", "verdantpharma.com", "atlasretail.eu", "pinecrestbank.com", "bluewater-energy.ie",
           "solaris-consulting.fr", "orbitalsystems.io", "castellano-foods.es", "trident-legal.co.uk", "greenfieldmfg.com"]
PERSONAL_DOMAINS = ["gmail.com", "outlook.com", "yahoo.co.uk", "hotmail.com", "icloud.com", "web.de", "gmx.de"]

PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "IE", "NL", "IN", "CN", "NG", "CA", "AU", "CH", "AT", "BE", "PL", "SE")

# what looks like a name but is not one
NOT_NAMES = ["Power BI", "Visual Studio", "Key Vault", "Azure DevOps", "Microsoft Teams", "Redmond", "Dublin", "São Paulo",
             "Frankfurt", "Bangalore", "Project Falcon", "Project Nightingale", "GPT-4o", "Copilot Studio", "Service Now",
             "Finance Operations", "Customer Success", "Talent Acquisition", "Monday", "Friday", "August", "Salesforce",
             "Workday", "Jira", "Confluence", "Hallberg Steel", "Northgate Insurance", "Verdant Pharma", "Atlas Retail",
             "Grafana", "Kubernetes", "Sharepoint Online", "Chief Financial Officer", "Head of Procurement",
             "Regional Sales Director", "Jordan Valley", "Austin Energy", "Mercedes-Benz", "Phoenix Suite", "Project Aurora"]

CRED_KINDS = ("github_token", "slack_token", "slack_webhook", "gitlab_token", "stripe_key", "google_api_key", "npm_token",
              "azure_devops_pat", "sendgrid_key", "azure_storage_key", "connection_string", "sas_token", "azure_openai_key",
              "azure_ai_key_no_keyword", "openai_key", "aws_access_key_id", "aws_secret_key", "jwt", "bearer_token",
              "private_key", "password_kv", "password_cli", "password_ctor", "password_prose", "password_yaml",
              "password_url", "anthropic_key", "entra_client_secret", "cosmos_key", "twilio_key", "mailgun_key",
              "pypi_token", "huggingface_token")

TEST_CARDS = ["4111 1111 1111 1111", "4242 4242 4242 4242", "5555 5555 5555 4444", "4000 0566 5566 5556",
              "3782 822463 10005", "6011 1111 1111 1117", "5105 1051 0510 5100"]
EXAMPLE_IBANS = ["GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00", "GB33BUKB20201555555555",
                 "FR14 2004 1010 0505 0001 3M02 606", "NL91ABNA0417164300"]


def _b64(rng: random.Random, nbytes: int, urlsafe: bool = False) -> str:
    raw = bytes(rng.randrange(256) for _ in range(nbytes))
    return (base64.urlsafe_b64encode(raw) if urlsafe else base64.b64encode(raw)).decode()


class Values:
    def __init__(self, rng: random.Random, used: Counter[str]) -> None:
        self.r = rng
        self.used = used

    # --- basics ----------------------------------------------------------------------------
    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def pick(self, seq):  # noqa: ANN001, ANN201
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def num(self, a: int, b: int) -> int:
        return self.r.randrange(a, b + 1)

    # --- people ----------------------------------------------------------------------------
    def names(self) -> tuple[str, str]:
        c = self.r.choices(CULTURES, CULTURE_WEIGHTS)[0]
        first, last = self.pick(FIRST[c]), self.pick(LAST[c])
        self.used["culture:" + c] += 1
        return first, last

    def person(self) -> V:
        first, last = self.names()
        return V(f"{first} {last}", "PERSON", "PERSON")

    @staticmethod
    def P(text: str) -> V:  # noqa: N802
        return V(text, "PERSON", "PERSON")

    def not_name(self) -> N:
        return N(self.pick(NOT_NAMES), "not_a_name", "PERSON")

    def domain(self) -> str:
        return self.pick(DOMAINS)

    @staticmethod
    def _ascii(s: str) -> str:
        table = str.maketrans("äöüéèáíóúàâçñ'ß", "aoueeaiouaacn s")
        return s.lower().translate(table).replace(" ", "").replace("é", "e")

    def email(self, first: str | None = None, last: str | None = None, personal: bool = False) -> V:
        if first is None:
            first, last = self.names()
        f, lst = self._ascii(first), self._ascii(last or "")
        local = self.pick([f"{f}.{lst}", f"{f[0]}{lst}", f"{f}_{lst}", f"{lst}.{f}", f"{f}.{lst}{self.num(1, 99)}"])
        dom = self.pick(PERSONAL_DOMAINS) if personal else self.domain()
        return V(f"{local}@{dom}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def example_email(self) -> N:
        return N(self.pick(["jane.doe@example.com", "user@example.org", "noreply@example.net", "test.user@example.com"]),
                 "example_email", "EMAIL_ADDRESS")

    # --- phones ----------------------------------------------------------------------------
    def phone(self, region: str | None = None) -> V:
        region = region or self.pick(PHONE_REGIONS)
        kind = self.pick([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE])
        ex = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(region)
        digits = str(ex.national_number)
        for _ in range(500):
            keep = self.num(1, 3)
            cand = digits[:keep] + self.s(string.digits, len(digits) - keep)
            n = phonenumbers.parse("+" + str(ex.country_code) + cand)
            if not phonenumbers.is_valid_number(n) or cand == digits:
                continue
            if region in ("US", "CA") and cand[3:6] == "555":
                continue
            if phonenumbers.region_code_for_number(n) != region:
                continue
            break
        self.used["phone:" + region] += 1
        style = self.r.random()
        if style < 0.35:
            text = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        elif style < 0.6:
            text = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.NATIONAL)
        elif style < 0.75:
            text = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
        elif region in ("US", "CA"):
            nn = str(n.national_number)
            text = self.pick([f"{nn[:3]}.{nn[3:6]}.{nn[6:]}", f"{nn[:3]}-{nn[3:6]}-{nn[6:]}", f"+1-{nn[:3]}-{nn[3:6]}-{nn[6:]}"])
        else:
            text = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.INTERNATIONAL).replace(" ", "-", 1)
        return V(text, "PHONE_NUMBER", "PHONE_NUMBER")

    def fict_phone(self) -> N:
        return N(self.pick([f"(425) 555-01{self.num(10, 99)}", f"+1 206 555 01{self.num(10, 99)}", f"555-01{self.num(10, 99)}"]),
                 "fict_phone", "PHONE_NUMBER")

    # --- cards -----------------------------------------------------------------------------
    def card(self) -> V:
        brand = self.pick(["visa", "mc", "mc2", "amex", "discover", "jcb", "diners", "visa"])
        self.used["brand:" + brand] += 1
        prefix, length = {"visa": ("4" + self.s(string.digits, 5), 16), "mc": (str(self.num(51, 55)), 16),
                          "mc2": (str(self.num(2221, 2720)), 16), "amex": (self.pick(["34", "37"]), 15),
                          "discover": (self.pick(["6011", "65"]), 16), "jcb": (str(self.num(3528, 3589)), 16),
                          "diners": (self.pick(["36", "300", "305"]), 14)}[brand]
        digits = luhn_complete(prefix + self.s(string.digits, length - len(prefix) - 1))
        if length == 15:
            groups = [digits[:4], digits[4:10], digits[10:]]
        elif length == 14:
            groups = [digits[:4], digits[4:10], digits[10:]]
        else:
            groups = [digits[i:i + 4] for i in range(0, 16, 4)]
        sep = self.pick([" ", " ", "-", ""])
        return V(sep.join(groups), "CREDIT_CARD", "CREDIT_CARD")

    def bad_card(self) -> N:
        if self.chance(0.5):
            return N(self.pick(TEST_CARDS), "test_card", "CREDIT_CARD")
        while True:
            d = "4" + self.s(string.digits, 15)
            if not luhn_valid(d):
                return N(" ".join(d[i:i + 4] for i in range(0, 16, 4)), "luhn_fail", "CREDIT_CARD")

    def masked_card(self) -> N:
        return N(self.pick([f"****{self.num(1000, 9999)}", f"**** **** **** {self.num(1000, 9999)}",
                            f"XXXX-XXXX-XXXX-{self.num(1000, 9999)}", f"ending in {self.num(1000, 9999)}"]), "masked", "CREDIT_CARD")

    # --- IBAN ------------------------------------------------------------------------------
    def iban(self) -> V:
        c = self.pick(["DE", "GB", "FR", "ES", "NL", "BE", "IE", "AT", "CH", "PT", "DE", "GB"])
        d = string.digits
        if c == "DE":
            bban = self.s(d, 18)
        elif c in ("GB", "IE"):
            bban = self.pick(["NWBK", "BARC", "LOYD", "HSBC", "AIBK", "BOFI"]) + self.s(d, 14)
        elif c == "FR":
            bank, branch, acct = self.s(d, 5), self.s(d, 5), self.s(d, 11)
            key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
            bban = f"{bank}{branch}{acct}{key:02d}"
        elif c == "ES":
            bank, branch, acct = self.s(d, 4), self.s(d, 4), self.s(d, 10)
            w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

            def dc(x: str) -> str:
                v = 11 - sum(int(a) * b for a, b in zip(x, w)) % 11
                return "0" if v == 11 else "1" if v == 10 else str(v)
            bban = bank + branch + dc("00" + bank + branch) + dc(acct) + acct
        elif c == "NL":
            while True:
                acct = self.s(d, 10)
                if sum(int(a) * (10 - i) for i, a in enumerate(acct)) % 11 == 0 and acct[0] != "0":
                    break
            bban = self.pick(["ABNA", "INGB", "RABO", "SNSB"]) + acct
        elif c == "BE":
            first = self.s(d, 10)
            chk = int(first) % 97 or 97
            bban = f"{first}{chk:02d}"
        elif c == "AT":
            bban = self.s(d, 16)
        elif c == "CH":
            bban = self.s(d, 17)
        else:  # PT: NIB check digits
            body = self.s(d, 19)
            bban = body + f"{98 - int(body + '00') % 97:02d}"
        self.used["iban:" + c] += 1
        iban = c + iban_check_digits(c, bban) + bban
        if self.chance(0.6):
            iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
        return V(iban, "IBAN_CODE", "IBAN_CODE")

    def example_iban(self) -> N:
        return N(self.pick(EXAMPLE_IBANS), "example_iban", "IBAN_CODE")

    # --- SSN -------------------------------------------------------------------------------
    def ssn(self) -> V:
        while True:
            area = self.num(1, 899)
            if area != 666:
                break
        a, g, s = f"{area:03d}", f"{self.num(1, 99):02d}", f"{self.num(1, 9999):04d}"
        sep = self.pick(["-", "-", "-", " ", ""])
        return V(sep.join((a, g, s)), "US_SSN", "US_SSN")

    def bad_ssn(self) -> N:
        return N(self.pick([f"XXX-XX-{self.num(1000, 9999)}", f"***-**-{self.num(1000, 9999)}", "078-05-1120",
                            f"000-{self.num(10, 99)}-{self.num(1000, 9999)}", f"666-{self.num(10, 99)}-{self.num(1000, 9999)}",
                            f"9{self.num(10, 99)}-{self.num(70, 99)}-{self.num(1000, 9999)}"]), "bad_ssn", "US_SSN")

    # --- IP --------------------------------------------------------------------------------
    def ipv4(self) -> V:
        while True:
            a = self.num(11, 223)
            if a not in (127, 169, 172, 192, 198, 203, 100):
                break
        ip = f"{a}.{self.num(0, 255)}.{self.num(0, 255)}.{self.num(1, 254)}"
        if self.chance(0.25):
            ip = self.pick([f"10.{self.num(0, 255)}.{self.num(0, 255)}.{self.num(1, 254)}",
                            f"192.168.{self.num(0, 255)}.{self.num(1, 254)}", f"172.{self.num(16, 31)}.{self.num(0, 255)}.{self.num(1, 254)}"])
        return V(ip, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self) -> V:
        groups = [self.pick(["2a01", "2603", "2a02", "2606", "2c0f"]), self.s(HEX, 4).lstrip("0") or "1",
                  self.s(HEX, 4).lstrip("0") or "a"]
        tail = [self.s(HEX, 4).lstrip("0") or "0" for _ in range(self.num(2, 5))]
        ip = ":".join(groups) + ("::" if len(tail) < 5 else ":") + ":".join(tail)
        return V(ip, "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> V:
        return self.ipv6() if self.chance(0.25) else self.ipv4()

    def doc_ip(self) -> N:
        return N(self.pick([f"192.0.2.{self.num(1, 254)}", f"198.51.100.{self.num(1, 254)}", f"203.0.113.{self.num(1, 254)}",
                            f"2001:db8::{self.s(HEX, 3).lstrip('0') or '1'}", f"2001:db8:{self.num(1, 99)}::{self.num(1, 9)}"]),
                 "doc_ip", "IP_ADDRESS")

    def version4(self) -> N:
        return N(f"{self.num(1, 17)}.{self.num(0, 9)}.{self.num(0, 40)}.{self.num(0, 9999)}", "version", "IP_ADDRESS")

    # --- negatives of every day ------------------------------------------------------------
    def guid(self) -> N:
        h = self.s(HEX, 32)
        return N(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}", "guid", "azure_openai_key")

    def sha(self) -> N:
        return N(self.s(HEX, self.pick([40, 64])), "hash", "aws_secret_key")

    def short_sha(self) -> str:
        return self.s(HEX, 7)

    def order_no(self) -> N:
        return N(self.pick([f"ORD-{self.num(2024, 2026)}-{self.num(100000, 999999)}", f"INV-{self.num(10000000, 99999999)}",
                            f"PO {self.num(4500000000, 4599999999)}", f"{self.num(100000000000, 999999999999)}"]),
                 "order_number", "CREDIT_CARD")

    def ticket_no(self) -> N:
        return N(self.pick([f"INC{self.num(1000000, 9999999)}", f"CHG{self.num(100000, 999999)}", f"SR-{self.num(100000, 999999)}",
                            f"CASE-{self.num(10000, 99999)}"]), "ticket_number", "PHONE_NUMBER")

    def policy_no(self) -> N:
        return N(self.pick([f"POL-{self.num(100, 999)}-{self.num(100, 999)}-{self.num(1000, 9999)}",
                            f"{self.num(100, 899)}-{self.num(10, 99)}-{self.num(100000, 999999)}",
                            f"CLM {self.num(10, 99)} {self.num(1000, 9999)} {self.num(1000, 9999)}"]), "policy_number", "US_SSN")

    def employee_id(self) -> N:
        return N(self.pick([f"E{self.num(100000, 999999)}", f"EMP-{self.num(10000, 99999)}", f"{self.num(10000000, 99999999)}"]),
                 "employee_id", "PHONE_NUMBER")

    def date(self) -> str:
        m, d, y = self.num(1, 12), self.num(1, 28), self.num(2024, 2026)
        return self.pick([f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}", f"{m}/{d}/{y}",
                          f"{d} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} {y}"])

    def time(self) -> str:
        return f"{self.num(7, 18)}:{self.pick(['00', '15', '30', '45'])}"

    def money(self) -> str:
        return self.pick(["$", "€", "£"]) + f"{self.num(12, 9800):,}.{self.num(0, 99):02d}"

    def placeholder(self) -> N:
        return N(self.pick(["<password>", "${DB_PASSWORD}", "$(SECRET_VALUE)", "{{ .Values.apiKey }}", "YOUR_API_KEY_HERE",
                            "<your-token>", "%SQL_PWD%", "changeme", "********", "$env:AZURE_CLIENT_SECRET",
                            "os.environ['OPENAI_API_KEY']", "@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/db-pwd/)"]),
                 "placeholder", "password_kv")

    def example_key(self) -> N:
        return N(self.pick(["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
                            "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]), "example_key", "aws_access_key_id")

    # --- credentials -----------------------------------------------------------------------
    def next_kind(self) -> str:
        """The credential kind least used so far (ties broken by the rng): each gets its share."""
        low = min(self.used["cred:" + k] for k in CRED_KINDS)
        kind = self.pick([k for k in CRED_KINDS if self.used["cred:" + k] == low])
        self.used["cred:" + kind] += 1
        return kind

    def password(self) -> str:
        words = ["Summer", "Falcon", "Harbor", "Maple", "Tiger", "Orchid", "Rocket", "Winter", "Copper", "Velvet"]
        return self.pick([
            self.pick(words) + self.pick(["!", "#", "@", "$", "_"]) + str(self.num(2019, 2026)) + self.pick(["", "!", "x"]),
            self.s(ALNUM, self.num(6, 9)) + self.pick(["!", "#", "%", "&", "?"]) + self.s(ALNUM, self.num(3, 6)),
            self.pick(words).lower() + self.s(string.digits, 3) + self.pick(words) + self.pick(["!", "*", "."]),
        ])

    def raw(self, kind: str) -> str:  # noqa: C901, PLR0911, PLR0912
        r = self
        if kind == "github_token":
            if r.chance(0.25):
                return "github_pat_11" + r.s(string.ascii_uppercase + string.digits, 20) + "_" + r.s(ALNUM, 59)
            body = r.s(ALNUM, 30)
            return r.pick(["ghp_", "gho_", "ghs_"]) + body + crc32_base62(body)
        if kind == "npm_token":
            body = r.s(ALNUM, 30)
            return "npm_" + body + crc32_base62(body)
        if kind == "slack_token":
            return (r.pick(["xoxb-", "xoxp-"]) + str(r.num(10 ** 10, 10 ** 12)) + "-" + str(r.num(10 ** 10, 10 ** 12)) + "-"
                    + r.s(ALNUM, 24))
        if kind == "slack_webhook":
            return (f"https://hooks.slack.com/services/T{r.s(string.ascii_uppercase + string.digits, 8)}/"
                    f"B{r.s(string.ascii_uppercase + string.digits, 10)}/{r.s(ALNUM, 24)}")
        if kind == "gitlab_token":
            return "glpat-" + r.s(ALNUM + "-_", 20)
        if kind == "stripe_key":
            return r.pick(["sk_live_", "rk_live_"]) + r.s(ALNUM, r.pick([24, 34, 99]))
        if kind == "google_api_key":
            return "AIza" + r.s(ALNUM + "-_", 35)
        if kind == "azure_devops_pat":
            return r.s(string.ascii_lowercase + "234567", 52)
        if kind == "sendgrid_key":
            return "SG." + r.s(ALNUM + "-_", 22) + "." + r.s(ALNUM + "-_", 43)
        if kind in ("azure_storage_key", "cosmos_key"):
            return _b64(r.r, 64)
        if kind == "azure_openai_key":
            return r.s(HEX, 32)
        if kind == "azure_ai_key_no_keyword":
            return (r.s(ALNUM, 52) + "JQQJ99" + r.pick("ABC") + r.pick("ABCDEFGHIJKL") + "ACOG" + r.s(ALNUM, 12)
                    + r.pick(string.ascii_letters) + r.s(ALNUM, 7))
        if kind == "openai_key":
            return r.pick(["sk-proj-" + r.s(ALNUM + "-_", 74) + "T3BlbkFJ" + r.s(ALNUM + "-_", 74),
                           "sk-" + r.s(ALNUM, 20) + "T3BlbkFJ" + r.s(ALNUM, 20),
                           "sk-svcacct-" + r.s(ALNUM + "-_", 60) + "T3BlbkFJ" + r.s(ALNUM + "-_", 60)])
        if kind == "anthropic_key":
            return "sk-ant-api03-" + r.s(ALNUM + "-_", 93) + "AA"
        if kind == "aws_access_key_id":
            return r.pick(["AKIA", "ASIA"]) + r.s(string.ascii_uppercase + "234567", 16)
        if kind == "aws_secret_key":
            return r.s(ALNUM + "+/", 40)
        if kind == "jwt":
            header = base64.urlsafe_b64encode(b'{"alg":"RS256","typ":"JWT","kid":"' + r.s(ALNUM, 10).encode() + b'"}')
            payload = base64.urlsafe_b64encode(('{"sub":"' + r.s(HEX, 12) + '","aud":"api://' + r.s(LOWER_ALNUM, 8)
                                                + '","exp":' + str(r.num(1760000000, 1800000000)) + '}').encode())
            return header.decode().rstrip("=") + "." + payload.decode().rstrip("=") + "." + _b64(r.r, 64, True).rstrip("=")
        if kind == "bearer_token":
            return r.pick([r.s(ALNUM, 48), _b64(r.r, 36, True), "EwB" + r.s(ALNUM + "+/", 60)])
        if kind == "entra_client_secret":
            return r.s(ALNUM, 3) + "8Q~" + r.s(ALNUM + "-_.~", 34)
        if kind == "twilio_key":
            return "SK" + r.s(HEX, 32)
        if kind == "mailgun_key":
            return r.pick(["key-" + r.s(HEX, 32), r.s(HEX, 32) + "-" + r.s(HEX, 8) + "-" + r.s(HEX, 8)])
        if kind == "pypi_token":
            return "pypi-AgEIcHlwaS5vcmc" + r.s(B64URL, 120)
        if kind == "huggingface_token":
            return "hf_" + r.s(string.ascii_letters, 34)
        if kind == "private_key":
            body = [_b64(r.r, 48) for _ in range(r.num(4, 7))]
            label = r.pick(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
            return f"-----BEGIN {label}-----\n" + "\n".join(body) + f"\n-----END {label}-----"
        return self.password()  # every password_ kind
