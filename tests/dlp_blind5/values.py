"""Values of the fifth corpus, each made in its published format from the corpus's seeded rng:
labelled values (`Val`) and hard negatives (`Neg`). Nothing here was copied from another corpus."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import random
import string
import uuid

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from tests.dlp_eval.checksums import base62_checksum_valid as base62_checksum_valid  # checks shared with the tests
from tests.dlp_eval.checksums import crc32_base62, iban_check_digits, iban_valid, luhn_complete, luhn_valid
from tests.dlp_eval.corpus import CREDENTIAL, PERSON
from tests.dlp_eval.templates import Neg, Val

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B64 = string.ascii_letters + string.digits + "+/"
URLSAFE = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"

FIRST = ["Anna", "Lukas", "Sophie", "Matthias", "Claire", "Julien", "Lucía", "Javier", "Giulia", "Marco", "Sanne",
         "Pieter", "Inês", "Rafael", "Yuki", "Haruto", "Wei", "Mei", "Priya", "Arjun", "Olivia", "James", "Emily",
         "Michael", "Fatima", "Omar", "Katarzyna", "Tomasz", "Ingrid", "Lars", "Aoife", "Ciarán", "Chloé", "Benoît",
         "Dolores", "Hannah", "Daniel", "Grace", "Samuel", "Natalia", "Rebecca", "Thomas", "Laura", "Kevin", "Sarah"]
LAST = ["Schneider", "Hoffmann", "Dubois", "Lefèvre", "García", "Fernández", "Rossi", "Bianchi", "de Vries",
        "Janssen", "Carvalho", "Oliveira", "Tanaka", "Watanabe", "Zhang", "Chen", "Sharma", "Patel", "Thompson",
        "Walker", "O'Brien", "Kowalski", "Nowak", "Lindqvist", "Johansson", "Murphy", "Fischer", "Moreau",
        "Romero", "Esposito", "Bakker", "Sousa", "Kobayashi", "Liu", "Reddy", "Mitchell", "Hughes", "Novak"]
DOMAINS = ["contoso.com", "fabrikam.de", "northwind-traders.co.uk", "adatum.fr", "tailspintoys.es", "woodgrove.nl",
           "litware.it", "proseware.com.br", "wingtiptoys.jp", "fourthcoffee.cn", "margiestravel.com",
           "alpineski.ch", "relecloud.eu", "lamna-health.org", "trey-research.net"]
COMPANIES = ["Contoso GmbH", "Fabrikam SA", "Northwind Traders Ltd", "Adatum SAS", "Tailspin Toys SL", "Woodgrove BV",
             "Litware SpA", "Proseware Ltda", "Relecloud AG", "Lamna Healthcare"]
CITIES = ["München", "Lyon", "Valencia", "Torino", "Utrecht", "Porto", "Osaka", "Shenzhen", "Leeds", "Dublin",
          "Gdańsk", "Malmö", "Zürich", "Seattle", "Austin"]

# Regions whose example numbers are varied into valid numbers (never the example itself).
PHONE_REGIONS = ["US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "ES", "PT", "IT", "PL", "SE", "DK",
                 "NO", "FI", "JP", "CN", "IN", "AU", "BR", "MX", "SG", "ZA", "AE"]

# IBAN layouts: country -> BBAN pattern (n digit, a upper letter, c alphanumeric).
IBAN_LAYOUT = {
    "DE": "n" * 18, "AT": "n" * 16, "CH": "n" * 5 + "c" * 12, "FR": "n" * 10 + "c" * 11 + "n" * 2, "BE": "n" * 12,
    "NL": "a" * 4 + "n" * 10, "ES": "n" * 20, "IT": "a" + "n" * 10 + "c" * 12, "PT": "n" * 21,
    "GB": "a" * 4 + "n" * 14, "IE": "a" * 4 + "n" * 14, "PL": "n" * 24, "SE": "n" * 20, "DK": "n" * 14,
    "NO": "n" * 11, "FI": "n" * 14, "LU": "n" * 3 + "c" * 13, "CZ": "n" * 20, "SK": "n" * 20, "HU": "n" * 24,
    "RO": "a" * 4 + "c" * 16, "BG": "a" * 4 + "n" * 6 + "c" * 8, "HR": "n" * 17, "SI": "n" * 15,
    "GR": "n" * 7 + "c" * 16, "LT": "n" * 16, "LV": "a" * 4 + "c" * 13, "EE": "n" * 16, "SA": "n" * 2 + "c" * 18,
    "AE": "n" * 19, "TR": "n" * 6 + "c" * 16, "IS": "n" * 22, "LI": "n" * 5 + "c" * 12, "MC": "n" * 10 + "c" * 11 + "n" * 2,
    "MT": "a" * 4 + "n" * 5 + "c" * 18, "CY": "n" * 8 + "c" * 16,
}

# Published or documented values that are not secrets and not anyone's data.
TEST_CARDS = ["4111 1111 1111 1111", "4242424242424242", "5555555555554444", "378282246310005", "6011111111111117",
              "3530111333300000", "5105105105105100", "4000 0566 5566 5556", "30569309025904", "2223003122003222"]
EXAMPLE_KEYS = [("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id"),
                ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key"),
                ("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
                 "azure_storage_key"),
                ("C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==", "cosmos_key"),
                ("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "stripe_key")]
EXAMPLE_IBANS = ["DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19", "FR14 2004 1010 0505 0001 3M02 606",
                 "NL91ABNA0417164300", "ES91 2100 0418 4502 0005 1332"]
EXAMPLE_SSNS = ["078-05-1120", "123-45-6789", "219-09-9999", "000-12-3456", "666-23-4567", "912-34-5678"]


class Values:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._phone_examples: dict[tuple[str, int], phonenumbers.PhoneNumber] = {}

    # ---- basics
    def pick(self, seq):  # noqa: ANN001, ANN201
        return self.rng.choice(seq)

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def digits(self, n: int) -> str:
        return self.chars(string.digits, n)

    def hexs(self, n: int) -> str:
        return self.chars(HEX, n)

    def b64(self, nbytes: int, alphabet_url: bool = False) -> str:
        raw = bytes(self.rng.getrandbits(8) for _ in range(nbytes))
        return (base64.urlsafe_b64encode(raw) if alphabet_url else base64.b64encode(raw)).decode()

    # ---- people
    def first(self) -> str:
        return self.pick(FIRST)

    def name_parts(self) -> tuple[str, str]:
        return self.pick(FIRST), self.pick(LAST)

    def person(self, first: str | None = None, last: str | None = None) -> Val:
        f, la = (first, last) if first else self.name_parts()
        return Val(f"{f} {la}", PERSON, PERSON)

    def email_for(self, first: str, last: str, domain: str | None = None) -> Val:
        local = self.pick([f"{first}.{last}", f"{first[0]}{last}", f"{first}_{last}", f"{last}.{first[0]}"])
        local = local.lower().replace(" ", "").replace("'", "")
        table = str.maketrans("áéíóúàèìòùäöüçñãõêôâîïëłńśźżćęą", "aeiouaeiouaouçnaoeoaiielnszzcea".replace("ç", "c"))
        local = local.translate(table).replace("ß", "ss")
        return Val(f"{local}@{domain or self.pick(DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def email(self) -> Val:
        f, la = self.name_parts()
        return self.email_for(f, la)

    def mailbox(self) -> Val:
        box = self.pick(["billing", "it-support", "payroll", "noreply-alerts", "ops", "hr.team", "sec-ops", "finance.ap"])
        return Val(f"{box}@{self.pick(DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    # ---- phones
    def _phone_number(self, region: str) -> phonenumbers.PhoneNumber:
        kind = self.pick([PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE])
        example = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(region)
        national = phonenumbers.national_significant_number(example)
        while True:
            keep = max(2, len(national) - self.rng.randint(4, 6))
            candidate = national[:keep] + self.digits(len(national) - keep)
            if candidate == national:
                continue
            if region in ("US", "CA") and candidate[3:6] == "555":
                continue
            num = phonenumbers.parse(f"+{example.country_code}{candidate}", None)
            if phonenumbers.is_valid_number(num) and phonenumbers.region_code_for_number(num) == region:
                return num

    def phone(self, region: str | None = None, style: str | None = None) -> Val:
        region = region or self.pick(PHONE_REGIONS)
        num = self._phone_number(region)
        style = style or self.pick(["intl", "intl", "national", "e164", "dots", "dashes", "zero_paren", "00"])
        intl = phonenumbers.format_number(num, PhoneNumberFormat.INTERNATIONAL)
        nat = phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL)
        if style == "national":
            text = nat
        elif style == "e164":
            text = phonenumbers.format_number(num, PhoneNumberFormat.E164)
        elif style == "dots":
            text = intl.replace(" ", ".").replace("-", ".")
        elif style == "dashes":
            text = intl.replace(" ", "-")
        elif style == "00":
            text = "00" + intl[1:]
        elif style == "zero_paren" and nat.startswith("0") and region not in ("IT",):
            cc, rest = intl.split(" ", 1)
            text = f"{cc} (0){rest}"
        else:
            text = intl
        return Val(text, "PHONE_NUMBER", "PHONE_NUMBER")

    # ---- cards
    def card(self, brand: str | None = None, grouping: str | None = None) -> Val:
        brand = brand or self.pick(["visa", "visa", "mc", "mc2", "amex", "discover", "jcb", "diners"])
        if brand == "visa":
            prefix, length = "4" + self.digits(5), 16
        elif brand == "mc":
            prefix, length = str(self.rng.randint(51, 55)) + self.digits(4), 16
        elif brand == "mc2":
            prefix, length = str(self.rng.randint(2221, 2720)) + self.digits(2), 16
        elif brand == "amex":
            prefix, length = self.pick(["34", "37"]) + self.digits(4), 15
        elif brand == "discover":
            prefix, length = self.pick(["6011", "65" + self.digits(2), str(self.rng.randint(644, 649)) + self.digits(1)]), 16
        elif brand == "jcb":
            prefix, length = str(self.rng.randint(3528, 3589)), 16
        else:
            prefix, length = self.pick(["36", "38", str(self.rng.randint(300, 305))]), 14
        body = prefix + self.digits(length - len(prefix) - 1)
        number = luhn_complete(body)
        if number in {t.replace(" ", "") for t in TEST_CARDS}:
            return self.card(brand, grouping)
        grouping = grouping or self.pick(["space", "space", "plain", "dash"])
        if grouping == "plain":
            text = number
        else:
            sep = " " if grouping == "space" else "-"
            if length == 15:
                parts = [number[:4], number[4:10], number[10:]]
            elif length == 14:
                parts = [number[:4], number[4:10], number[10:]]
            else:
                parts = [number[i:i + 4] for i in range(0, 16, 4)]
            text = sep.join(parts)
        return Val(text, "CREDIT_CARD", "CREDIT_CARD")

    # ---- IBAN
    def _bban(self, country: str) -> str:
        out = []
        for t in IBAN_LAYOUT[country]:
            out.append(self.rng.choice(string.digits if t == "n" else string.ascii_uppercase if t == "a"
                                       else string.digits * 3 + string.ascii_uppercase))
        bban = "".join(out)
        if country == "BE":  # national check: first ten digits mod 97 (0 -> 97)
            r = int(bban[:10]) % 97 or 97
            bban = bban[:10] + f"{r:02d}"
        return bban

    def iban_raw(self, country: str | None = None) -> str:
        country = country or self.pick(sorted(IBAN_LAYOUT))
        bban = self._bban(country)
        return f"{country}{iban_check_digits(country, bban)}{bban}"

    def iban(self, country: str | None = None, grouped: bool | None = None) -> Val:
        raw = self.iban_raw(country)
        grouped = self.rng.random() < 0.55 if grouped is None else grouped
        text = " ".join(raw[i:i + 4] for i in range(0, len(raw), 4)) if grouped else raw
        return Val(text, "IBAN_CODE", "IBAN_CODE")

    def iban_broken(self) -> Neg:
        raw = self.iban_raw()
        check = int(raw[2:4])
        bad = f"{raw[:2]}{(check + self.rng.randint(1, 9)) % 100:02d}{raw[4:]}"
        if iban_valid(bad):
            return self.iban_broken()
        grouped = self.rng.random() < 0.5
        text = " ".join(bad[i:i + 4] for i in range(0, len(bad), 4)) if grouped else bad
        return Neg(text, "iban_bad_checksum", "IBAN_CODE")

    # ---- SSN
    def ssn_digits(self) -> str:
        while True:
            area = self.rng.randint(1, 899)
            if area != 666:
                break
        return f"{area:03d}{self.rng.randint(1, 99):02d}{self.rng.randint(1, 9999):04d}"

    def ssn(self, sep: str | None = None) -> Val:
        d = self.ssn_digits()
        sep = self.pick(["-", "-", "-", " "]) if sep is None else sep
        return Val(f"{d[:3]}{sep}{d[3:5]}{sep}{d[5:]}", "US_SSN", "US_SSN")

    # ---- IP
    def ipv4(self, private: bool | None = None) -> Val:
        private = self.rng.random() < 0.5 if private is None else private
        if private:
            text = self.pick([f"10.{self.rng.randint(0, 255)}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}",
                              f"172.{self.rng.randint(16, 31)}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}",
                              f"192.168.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}"])
        else:
            while True:
                ip = ipaddress.IPv4Address(f"{self.rng.randint(1, 223)}.{self.rng.randint(0, 255)}."
                                           f"{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}")
                if ip.is_global:
                    break
            text = str(ip)
        return Val(text, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self, private: bool | None = None) -> Val:
        private = self.rng.random() < 0.4 if private is None else private
        while True:
            first = f"fd{self.hexs(2)}" if private else self.pick(["2001", "2a01", "2a02", "2603", "2604", "2406", "2400"])
            groups = [first] + [format(self.rng.getrandbits(16), "x") for _ in range(7)]
            ip = ipaddress.IPv6Address(":".join(groups))
            if ip in ipaddress.IPv6Network("2001:db8::/32"):
                continue
            if private or ip.is_global:
                break
        text = self.pick([ip.compressed, ip.exploded, ":".join(groups)])
        if self.rng.random() < 0.3:
            text = str(ipaddress.IPv6Address(":".join(groups[:4] + ["0", "0", "0", groups[7]])))
        return Val(text, "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> Val:
        return self.ipv4() if self.rng.random() < 0.7 else self.ipv6()

    # ---- credentials
    def _cred(self, text: str, kind: str, secret: str | None = None) -> Val:
        return Val(text, CREDENTIAL, kind, secret)

    def github_token(self) -> Val:
        if self.rng.random() < 0.25:
            return self._cred(f"github_pat_{self.chars(B62, 22)}_{self.chars(B62, 59)}", "github_token")
        body = self.chars(B62, 30)
        prefix = self.pick(["ghp", "ghp", "gho", "ghs", "ghu", "ghr"])
        return self._cred(f"{prefix}_{body}{crc32_base62(body)}", "github_token")

    def npm_token(self) -> Val:
        body = self.chars(B62, 30)
        return self._cred(f"npm_{body}{crc32_base62(body)}", "npm_token")

    def gitlab_token(self) -> Val:
        return self._cred(f"{self.pick(['glpat', 'glpat', 'glrt', 'gldt', 'glptt'])}-{self.chars(URLSAFE[:62] + '_', 20)}",
                          "gitlab_token")

    def slack_token(self) -> Val:
        kind = self.pick(["xoxb", "xoxp", "xapp"])
        if kind == "xoxb":
            text = f"xoxb-{self.digits(12)}-{self.digits(13)}-{self.chars(B62, 24)}"
        elif kind == "xoxp":
            text = f"xoxp-{self.digits(12)}-{self.digits(12)}-{self.digits(13)}-{self.hexs(32)}"
        else:
            text = f"xapp-1-A{self.chars(string.ascii_uppercase + string.digits, 10)}-{self.digits(13)}-{self.hexs(64)}"
        return self._cred(text, "slack_token")

    def slack_webhook(self) -> Val:
        seg = self.chars(B62, 24)
        up = string.ascii_uppercase + string.digits
        return self._cred(f"https://hooks.slack.com/services/T{self.chars(up, 8)}/B{self.chars(up, 10)}/{seg}",
                          "slack_webhook", seg)

    def stripe_key(self) -> Val:
        return self._cred(f"{self.pick(['sk_live', 'sk_live', 'rk_live'])}_{self.chars(B62, self.pick([24, 99]))}", "stripe_key")

    def google_api_key(self) -> Val:
        return self._cred("AIza" + self.chars(URLSAFE, 35), "google_api_key")

    def azure_devops_pat(self) -> Val:
        if self.rng.random() < 0.4:
            return self._cred(self.chars(B62, 52) + "JQQJ99" + self.chars(B62, 18) + "AZDO" + self.chars(B62, 4),
                              "azure_devops_pat")
        return self._cred(self.chars("abcdefghijklmnopqrstuvwxyz234567", 52), "azure_devops_pat")

    def sendgrid_key(self) -> Val:
        return self._cred(f"SG.{self.chars(URLSAFE, 22)}.{self.chars(URLSAFE, 43)}", "sendgrid_key")

    def key88(self) -> str:
        return self.b64(64)

    def azure_storage_key(self) -> Val:
        return self._cred(self.key88(), "azure_storage_key")

    def cosmos_key(self) -> Val:
        return self._cred(self.key88(), "cosmos_key")

    def storage_conn(self, account: str | None = None) -> Val:
        key = self.key88()
        account = account or self.pick(["stcontosoprod", "fabrikamlogs01", "sawoodgrovebi", "stnorthwindarch"])
        text = (f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={key};"
                f"EndpointSuffix=core.windows.net")
        return self._cred(text, "connection_string", key)

    def servicebus_conn(self) -> Val:
        key = self.b64(32)
        ns = self.pick(["sb-orders-weu", "contoso-events", "fabrikam-bus-prod", "evh-telemetry-ne"])
        suffix = self.pick(["servicebus.windows.net", "servicebus.windows.net"])
        entity = self.pick(["", f";EntityPath={self.pick(['orders', 'invoices', 'telemetry'])}"])
        text = f"Endpoint=sb://{ns}.{suffix}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}{entity}"
        return self._cred(text, "connection_string", key)

    def cosmos_conn(self) -> Val:
        key = self.key88()
        text = f"AccountEndpoint=https://{self.pick(['cosmos-crm-prod', 'cdb-orders'])}.documents.azure.com:443/;AccountKey={key};"
        return self._cred(text, "connection_string", key)

    def sql_conn(self) -> Val:
        pw = self.password()
        text = (f"Server=tcp:{self.pick(['sql-hr-prod', 'sqlsrv-payroll'])}.database.windows.net,1433;Initial Catalog="
                f"{self.pick(['Payroll', 'CRM', 'HRCore'])};User ID={self.pick(['app_rw', 'svc_etl'])};Password={pw};"
                f"Encrypt=True;Connection Timeout=30;")
        return self._cred(text, "connection_string", pw)

    def sas_token(self) -> Val:
        sig = base64.b64encode(bytes(self.rng.getrandbits(8) for _ in range(32))).decode()
        sig_enc = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        text = (f"sv=2022-11-02&ss=b&srt=sco&sp={self.pick(['rl', 'rwdlac', 'r'])}&se=2027-0{self.rng.randint(1, 9)}-"
                f"{self.rng.randint(10, 28)}T18:00:00Z&st=2026-11-30T10:00:00Z&spr=https&sig={sig_enc}")
        return self._cred(text, "sas_token", sig_enc)

    def azure_openai_key(self) -> Val:
        if self.rng.random() < 0.3:
            return self._cred(self.chars(B62, 52) + "JQQJ99" + self.pick(["BAACYeBjFXJ3w3AAABACOG", "ALACYeBjFXJ3w3AAAAACOG"])
                              + self.chars(B62, 4), "azure_openai_key")
        return self._cred(self.hexs(32), "azure_openai_key")

    def azure_ai_key_bare(self) -> Val:
        return self._cred(self.hexs(32), "azure_ai_key_no_keyword")

    def openai_key(self) -> Val:
        kind = self.pick(["sk-proj-", "sk-proj-", "sk-svcacct-", "sk-"])
        if kind == "sk-":
            return self._cred(f"sk-{self.chars(B62, 20)}T3BlbkFJ{self.chars(B62, 20)}", "openai_key")
        return self._cred(f"{kind}{self.chars(URLSAFE, 74)}T3BlbkFJ{self.chars(URLSAFE, 74)}", "openai_key")

    def anthropic_key(self) -> Val:
        return self._cred(f"sk-ant-api03-{self.chars(URLSAFE, 93)}AA", "anthropic_key")

    def aws_key_id(self) -> Val:
        return self._cred(self.pick(["AKIA", "AKIA", "ASIA"]) + self.chars(string.ascii_uppercase + "234567", 16),
                          "aws_access_key_id")

    def aws_secret(self) -> Val:
        return self._cred(self.chars(string.ascii_letters + string.digits + "/+", 40), "aws_secret_key")

    def jwt(self) -> Val:
        def enc(obj: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")
        header = {"alg": self.pick(["RS256", "HS256", "ES256"]), "typ": "JWT"}
        if self.rng.random() < 0.5:
            header["kid"] = self.chars(URLSAFE, 27)
        payload = {"aud": self.pick(["api://crm-backend", "https://graph.microsoft.com", "account"]),
                   "iss": f"https://login.microsoftonline.com/{uuid.UUID(int=self.rng.getrandbits(128))}/v2.0",
                   "iat": 1790000000 + self.rng.randint(0, 10**6), "exp": 1790003600 + self.rng.randint(0, 10**6),
                   "oid": str(uuid.UUID(int=self.rng.getrandbits(128))), "scp": "user_impersonation"}
        sig = base64.urlsafe_b64encode(bytes(self.rng.getrandbits(8) for _ in range(self.pick([32, 64, 256])))).decode().rstrip("=")
        return self._cred(f"{enc(header)}.{enc(payload)}.{sig}", "jwt")

    def bearer(self) -> Val:
        return self._cred(self.pick([self.chars(URLSAFE, 43), self.chars(B62, 64), "ya29." + self.chars(URLSAFE, 120)]),
                          "bearer_token")

    def private_key(self) -> Val:
        kind = self.pick(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"])
        raw = base64.b64encode(bytes(self.rng.getrandbits(8) for _ in range(self.pick([121, 240, 480])))).decode()
        if kind == "OPENSSH PRIVATE KEY":
            raw = "b3BlbnNzaC1rZXktdjEAAAAA" + raw
        body = "\n".join(raw[i:i + 64] for i in range(0, len(raw), 64))
        return self._cred(f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----", "private_key", body)

    def entra_secret(self) -> Val:
        return self._cred(self.chars(B62, 3) + "8Q~" + self.chars(B62 + "_.~-", 34), "entra_client_secret")

    def twilio_key(self) -> Val:
        return self._cred(self.pick(["SK" + self.hexs(32), self.hexs(32)]), "twilio_key")

    def mailgun_key(self) -> Val:
        return self._cred("key-" + self.hexs(32), "mailgun_key")

    def pypi_token(self) -> Val:
        return self._cred("pypi-AgEIcHlwaS5vcmc" + self.chars(URLSAFE, self.pick([70, 160, 200])), "pypi_token")

    def hf_token(self) -> Val:
        return self._cred("hf_" + self.chars(string.ascii_letters, 34), "huggingface_token")

    def password(self) -> str:
        words = ["Winter", "Harbor", "Falcon", "Copper", "Lantern", "Maple", "Orbit", "Tundra", "Saffron", "Quartz"]
        style = self.rng.randint(0, 3)
        if style == 0:
            return f"{self.pick(words)}{self.pick(words)}{self.rng.randint(10, 99)}{self.pick('!#$%&*?')}"
        if style == 1:
            return self.chars(string.ascii_letters + string.digits + "!#%^*", self.rng.randint(12, 20))
        if style == 2:
            return f"{self.pick(words).lower()}-{self.pick(words).lower()}-{self.rng.randint(100, 999)}"
        return f"{self.pick(words)}@{self.rng.randint(2019, 2026)}{self.pick('!$#')}"

    def pw(self, kind: str = "password_kv") -> Val:
        return self._cred(self.password(), kind)

    def k8s_b64(self) -> Val:
        return self._cred(base64.b64encode(self.password().encode()).decode(), "k8s_secret_b64")

    def db_url(self, scheme: str | None = None) -> Val:
        pw = self.password().replace("@", "_").replace("#", "_").replace("?", "_").replace("%", "_").replace("/", "_")
        scheme = scheme or self.pick(["postgresql", "mysql", "mongodb+srv", "redis", "amqps", "sqlserver-jdbc", "rediss"])
        user = self.pick(["app", "svc_reports", "etl_user", "admin", "crm_ro"])
        if scheme == "mongodb+srv":
            text = f"mongodb+srv://{user}:{pw}@cluster0.{self.chars(string.ascii_lowercase + string.digits, 5)}.mongodb.net/crm?retryWrites=true&w=majority"
        elif scheme == "redis":
            text = f"redis://:{pw}@cache-{self.pick(['eu', 'us'])}.internal:6379/0"
        elif scheme == "rediss":
            text = f"rediss://default:{pw}@redis-prod.{self.pick(['contoso', 'fabrikam'])}.cache.windows.net:6380"
        elif scheme == "amqps":
            text = f"amqps://{user}:{pw}@mq.{self.pick(['contoso', 'fabrikam'])}.net:5671/%2Fprod"
        elif scheme == "sqlserver-jdbc":
            text = f"jdbc:sqlserver://sql-crm.database.windows.net:1433;database=crm;user={user}@sql-crm;password={pw};encrypt=true"
        elif scheme == "mysql":
            text = f"jdbc:mysql://{user}:{pw}@db-payroll.internal:3306/payroll?useSSL=true"
        else:
            text = f"postgresql://{user}:{pw}@pg-{self.pick(['hr', 'crm', 'billing'])}.postgres.database.azure.com:5432/app?sslmode=require"
        return self._cred(text, "password_url", pw)

    # ---- hard negatives
    def guid(self, kind: str = "guid") -> Neg:
        return Neg(str(uuid.UUID(int=self.rng.getrandbits(128), version=4)), kind, "CREDENTIAL")

    def md5(self) -> Neg:
        return Neg(hashlib.md5(self.digits(12).encode()).hexdigest(), "md5", "azure_openai_key")

    def sha1(self) -> Neg:
        return Neg(hashlib.sha1(self.digits(12).encode()).hexdigest(), "git_sha", "CREDENTIAL")

    def sha256(self) -> Neg:
        return Neg(hashlib.sha256(self.digits(12).encode()).hexdigest(), "sha256", "CREDENTIAL")

    def short_sha(self) -> Neg:
        return Neg(self.hexs(self.pick([7, 8, 10])), "short_sha", "CREDENTIAL")

    def version4(self) -> Neg:
        return Neg(f"{self.rng.randint(1, 20)}.{self.rng.randint(0, 40)}.{self.rng.randint(0, 300)}.{self.rng.randint(0, 9999)}",
                   "version", "IP_ADDRESS")

    def build_id(self) -> Neg:
        return Neg(f"{self.rng.randint(2024, 2026)}{self.rng.randint(1, 12):02d}{self.rng.randint(1, 28):02d}.{self.rng.randint(1, 30)}",
                   "build_id", "PHONE_NUMBER")

    def order_no(self) -> Neg:
        n = self.pick([16, 10, 12, 9])
        body = self.digits(n)
        if n == 16 and luhn_valid(body):
            body = body[:-1] + str((int(body[-1]) + 1) % 10)
        return Neg(body, "order_number", "CREDIT_CARD" if n == 16 else "PHONE_NUMBER")

    def tracking(self) -> Neg:
        return Neg(self.pick([f"1Z{self.chars(string.ascii_uppercase + string.digits, 16)}",
                              f"JD01460000{self.digits(8)}", f"{self.digits(4)} {self.digits(4)} {self.digits(4)}"]),
                   "tracking_number", "PHONE_NUMBER")

    def invoice(self) -> Neg:
        return Neg(self.pick([f"INV-{self.rng.randint(2024, 2026)}-{self.digits(6)}", f"RE{self.digits(9)}",
                              f"FA-{self.digits(3)}-{self.digits(4)}-{self.digits(2)}"]), "invoice_number", "US_SSN")

    def isbn(self) -> Neg:
        body = "978" + self.digits(9)
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
        d = str((10 - total % 10) % 10)
        full = body + d
        return Neg(self.pick([full, f"{full[:3]}-{full[3]}-{full[4:8]}-{full[8:12]}-{full[12]}"]), "isbn", "PHONE_NUMBER")

    def epoch_ms(self) -> Neg:
        return Neg(str(1_790_000_000_000 + self.rng.randint(0, 10**10)), "epoch_ms", "PHONE_NUMBER")

    def amount(self) -> Neg:
        return Neg(self.pick([f"{self.rng.randint(1, 999)},{self.digits(3)}.{self.digits(2)}",
                              f"{self.rng.randint(1, 999)}.{self.digits(3)},{self.digits(2)}",
                              f"{self.rng.randint(1000, 99999)}.{self.digits(2)}"]), "amount", "PHONE_NUMBER")

    def postal(self) -> Neg:
        return Neg(self.pick([self.digits(5), f"{self.digits(4)} {self.pick(['AB', 'KL', 'XR'])}",
                              f"{self.digits(5)}-{self.digits(4)}", f"{self.digits(3)}-{self.digits(4)}"]), "postal_code", "US_SSN")

    def placeholder(self, mimics: str = "CREDENTIAL") -> Neg:
        return Neg(self.pick(["<password>", "changeme", "${SECRET}", "***", "********", "$(DB_PASSWORD)",
                              "{{ .Values.db.password }}", "%API_KEY%", "<your-api-key>", "REPLACE_ME", "xxxxxxxx",
                              "${env:AZURE_OPENAI_KEY}", "$(System.AccessToken)", "{{ vault_db_password }}",
                              "${{ secrets.NPM_TOKEN }}", "<redacted>", "[MASKED]"]), "placeholder", mimics)

    def masked(self, mimics: str) -> Neg:
        if mimics == "CREDIT_CARD":
            text = self.pick([f"**** **** **** {self.digits(4)}", f"XXXX-XXXX-XXXX-{self.digits(4)}", f"•••• {self.digits(4)}"])
        elif mimics == "US_SSN":
            text = self.pick([f"***-**-{self.digits(4)}", f"XXX-XX-{self.digits(4)}"])
        elif mimics == "IBAN_CODE":
            text = f"{self.pick(['DE', 'FR', 'NL'])}** **** **** **** {self.digits(2)}"
        elif mimics == "PHONE_NUMBER":
            text = f"+{self.pick(['44', '49', '33'])} *** *** {self.digits(3)}"
        else:
            text = self.pick(["ghp_****************", "sk-****" + self.chars(B62, 4), "AKIA************",
                              "xoxb-***", "****" + self.hexs(4)])
        return Neg(text, "masked", mimics)

    def test_card(self) -> Neg:
        return Neg(self.pick(TEST_CARDS), "test_card", "CREDIT_CARD")

    def example_key(self) -> Neg:
        text, kind = self.pick(EXAMPLE_KEYS)
        return Neg(text, "documented_example", kind)

    def example_iban(self) -> Neg:
        return Neg(self.pick(EXAMPLE_IBANS), "documented_example", "IBAN_CODE")

    def example_ssn(self) -> Neg:
        return Neg(self.pick(EXAMPLE_SSNS), "invalid_ssn", "US_SSN")

    def bad_card(self) -> Neg:
        v = self.card(grouping="space").text
        digits = v.replace(" ", "")
        bad = digits[:-1] + str((int(digits[-1]) + self.rng.randint(1, 9)) % 10)
        return Neg(" ".join(bad[i:i + 4] for i in range(0, len(bad), 4)), "luhn_fail", "CREDIT_CARD")

    def timestamp(self) -> Neg:
        return Neg(f"2026-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}T{self.rng.randint(0, 23):02d}:"
                   f"{self.rng.randint(0, 59):02d}:{self.rng.randint(0, 59):02d}.{self.digits(3)}Z", "timestamp", "PHONE_NUMBER")

    def employee_id(self) -> Neg:
        return Neg(self.pick([f"E{self.digits(6)}", f"{self.digits(8)}", f"EMP-{self.digits(5)}"]), "employee_id", "US_SSN")

    def acct_no(self) -> Neg:
        return Neg(self.pick([f"{self.digits(4)}-{self.digits(6)}-{self.digits(2)}", self.digits(11)]), "account_number", "IBAN_CODE")

    def pubkey(self) -> Neg:
        return Neg(f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{self.chars(B64, 43)} {self.pick(['build@ci', 'deploy@bastion'])}",
                   "public_key", "private_key")

    def netmask(self) -> Neg:
        return Neg(self.pick(["255.255.255.0", "255.255.240.0", "255.255.0.0", "0.0.0.0"]), "netmask", "IP_ADDRESS")

    def doc_ip(self) -> Neg:
        return Neg(self.pick([f"192.0.2.{self.rng.randint(1, 254)}", f"198.51.100.{self.rng.randint(1, 254)}",
                              f"203.0.113.{self.rng.randint(1, 254)}", "127.0.0.1"]), "documentation_ip", "IP_ADDRESS")

    def traceparent(self) -> Neg:
        return Neg(f"00-{self.hexs(32)}-{self.hexs(16)}-01", "traceparent", "azure_openai_key")

    def image_digest(self) -> Neg:
        return Neg("sha256:" + hashlib.sha256(self.digits(10).encode()).hexdigest(), "image_digest", "CREDENTIAL")

    def pk_live(self) -> Neg:
        return Neg(f"pk_live_{self.chars(B62, 24)}", "publishable_key", "stripe_key")

    def base64_blob(self) -> Neg:
        return Neg(base64.b64encode(json.dumps({"page": self.rng.randint(1, 40), "size": 50,
                                                "sort": "createdAt"}).encode()).decode(), "pagination_cursor", "CREDENTIAL")

    def fake_phone(self) -> Neg:
        return Neg(f"+1 {self.rng.randint(201, 989)}-555-01{self.digits(2)}", "fictional_555", "PHONE_NUMBER")
