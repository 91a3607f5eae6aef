"""Value generators for the fourth (blind) corpus: credentials in their issuers' published
shapes, PII that passes its own checks, and hard negatives that look like them but are not.

Everything is drawn from one `random.Random`, so the corpus is a pure function of its seed."""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import string

import phonenumbers

from tests.dlp_eval.checksums import base62_checksum_valid as base62_checksum_valid  # checks shared with the tests
from tests.dlp_eval.checksums import crc32_base62, iban_check_digits, iban_valid, luhn_check_digit, luhn_valid
from tests.dlp_eval.templates import Neg, Val  # the slot types of the templates

CRED = "CREDENTIAL"
B62 = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"
B32L = "abcdefghijklmnopqrstuvwxyz234567"


IBAN_SHAPES = {  # country: BBAN as a sequence of (class, count); n digits, a upper letters, c alnum
    "DE": "n18", "FR": "n10c11n2", "ES": "n20", "IT": "a1n10c12", "NL": "a4n10", "BE": "n12", "AT": "n16",
    "CH": "n5c12", "GB": "a4n14", "IE": "a4n14", "PL": "n24", "PT": "n21", "SE": "n20", "DK": "n14",
    "FI": "n14", "NO": "n11", "LU": "n3c13", "CZ": "n20", "SK": "n20", "HU": "n24", "RO": "a4c16",
    "GR": "n7c16", "HR": "n17", "SI": "n15", "LT": "n16", "LV": "a4c13", "EE": "n16", "SA": "n2c18",
    "AE": "n19", "TR": "n5n1c16", "BG": "a4n6c8", "MT": "a4n5c18",
}


class Values:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    # ------------------------------------------------------------ helpers
    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def pick(self, seq):  # noqa: ANN001, ANN201
        return self.r.choice(seq)

    def first(self) -> str:
        return self.pick(["Anna", "Jonas", "Priya", "Mateo", "Chloé", "Lukas", "Sofia", "Kenji", "Wei", "Fatima", "Oliver",
                          "Marta", "Bram", "Zofia", "João", "Giulia", "Ahmed", "Emma", "Noah", "Ingrid", "Tomasz", "Lucía",
                          "Yuki", "Daniel", "Sven", "Aoife", "Raj", "Camille", "Pieter", "Beatriz"])

    def last(self) -> str:
        return self.pick(["Schneider", "Kowalski", "Dubois", "García", "Rossi", "de Vries", "Nakamura", "Chen", "Okafor",
                          "Patel", "Lindqvist", "Murphy", "Silva", "Novak", "Janssen", "Moreau", "Fischer", "Nowak",
                          "Romero", "Bianchi", "Tanaka", "O'Brien", "Müller", "Costa", "Hansen", "Wójcik"])

    def host(self) -> str:
        return self.pick(["contoso", "fabrikam", "northwind", "tailspin", "adventure-works", "woodgrove", "litware",
                          "proseware", "wingtip", "fourthcoffee"]) + self.pick(["-prod", "-dev", "-eus2", "-weu", "", "-stg"])

    def word(self) -> str:
        return self.pick(["orders", "billing", "ingest", "search", "chat", "payments", "hr", "crm", "reports", "gateway"])

    # ------------------------------------------------------------ credentials
    def github(self) -> Val:
        if self.r.random() < 0.25:
            t = "github_pat_" + self.s(B62, 22) + "_" + self.s(B62, 59)
        else:
            body = self.s(B62, 30)
            t = self.pick(["ghp_", "gho_", "ghs_", "ghu_", "ghr_"]) + body + crc32_base62(body)
        return Val(t, CRED, "github_token")

    def npm(self) -> Val:
        body = self.s(B62, 30)
        return Val("npm_" + body + crc32_base62(body), CRED, "npm_token")

    def gitlab(self) -> Val:
        return Val(self.pick(["glpat-", "glpat-", "glrt-", "gldt-"]) + self.s(B62 + "-_", 20), CRED, "gitlab_token")

    def slack(self) -> Val:
        p = self.pick(["xoxb-", "xoxp-", "xoxb-"])
        t = p + str(self.r.randint(10**10, 10**13 - 1)) + "-" + str(self.r.randint(10**10, 10**13 - 1))
        if p == "xoxp-":
            t += "-" + str(self.r.randint(10**10, 10**13 - 1)) + "-" + self.s(HEX, 32)
        else:
            t += "-" + self.s(B62, 24)
        if self.r.random() < 0.15:
            t = "xapp-1-A" + self.s(string.ascii_uppercase + string.digits, 10) + "-" + str(self.r.randint(10**12, 10**13)) + "-" + self.s(HEX, 64)
        return Val(t, CRED, "slack_token")

    def slack_webhook(self) -> Val:
        sec = self.s(B62, 24)
        url = ("https://hooks.slack.com/services/T" + self.s(string.ascii_uppercase + string.digits, 8) + "/B"
               + self.s(string.ascii_uppercase + string.digits, 10) + "/" + sec)
        return Val(url, CRED, "slack_webhook", sec)

    def stripe(self) -> Val:
        p = self.pick(["sk_live_", "sk_live_", "rk_live_", "sk_test_"])
        return Val(p + self.s(B62, self.pick([24, 99])), CRED, "stripe_key")

    def sendgrid(self) -> Val:
        return Val("SG." + self.s(B64URL, 22) + "." + self.s(B64URL, 43), CRED, "sendgrid_key")

    def twilio(self) -> Val:
        return Val("SK" + self.s(HEX, 32), CRED, "twilio_key")

    def twilio_auth(self) -> Val:
        return Val(self.s(HEX, 32), CRED, "twilio_key")

    def mailgun(self) -> Val:
        return Val("key-" + self.s(HEX, 32), CRED, "mailgun_key")

    def pypi(self) -> Val:
        return Val("pypi-AgEIcHlwaS5vcmc" + self.s(B64URL, self.pick([59, 140, 160])), CRED, "pypi_token")

    def hf(self) -> Val:
        return Val("hf_" + self.s(string.ascii_letters, 34), CRED, "huggingface_token")

    def google(self) -> Val:
        return Val("AIza" + self.s(B64URL, 35), CRED, "google_api_key")

    def aws_id(self) -> Val:
        return Val(self.pick(["AKIA", "AKIA", "ASIA"]) + self.s("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), CRED, "aws_access_key_id")

    def aws_secret(self) -> Val:
        return Val(self.s(B64, 40), CRED, "aws_secret_key")

    def openai(self) -> Val:
        k = self.r.random()
        if k < 0.5:
            t = "sk-proj-" + self.s(B64URL, 74) + "T3BlbkFJ" + self.s(B64URL, 74)
        elif k < 0.7:
            t = "sk-svcacct-" + self.s(B64URL, 74) + "T3BlbkFJ" + self.s(B64URL, 74)
        else:
            t = "sk-" + self.s(B62, 20) + "T3BlbkFJ" + self.s(B62, 20)
        return Val(t, CRED, "openai_key")

    def anthropic(self) -> Val:
        return Val("sk-ant-api03-" + self.s(B64URL, 93) + "AA", CRED, "anthropic_key")

    def aoai(self) -> Val:
        return Val(self.s(HEX, 32), CRED, "azure_openai_key")

    def aoai_bare(self) -> Val:
        return Val(self.s(HEX, 32), CRED, "azure_ai_key_no_keyword")

    def ado(self) -> Val:
        if self.r.random() < 0.4:
            body = self.s(B62, 76)
            return Val(body[:52] + self.s(B62, 24 - 4)[:0] + body[52:76] + "AZDO" + self.s(B62, 4), CRED, "azure_devops_pat")
        return Val(self.s(B32L, 52), CRED, "azure_devops_pat")

    def key64(self) -> str:  # 64 random bytes in base64: the last character before == is one of AQgw
        return self.s(B64, 85) + self.pick("AQgw") + "=="

    def storage_key(self) -> Val:
        return Val(self.key64(), CRED, "azure_storage_key")

    def cosmos_key(self) -> Val:
        return Val(self.key64(), CRED, "cosmos_key")

    def sb_key(self) -> str:  # 32 random bytes in base64
        return self.s(B64, 42) + self.pick("AEIMQUYcgkosw048") + "="

    def entra(self) -> Val:
        return Val(self.s(B62, 3) + "8Q~" + self.s(B62 + "_.~-", 31) + self.s(B62, 3), CRED, "entra_client_secret")

    def conn_storage(self) -> Val:
        key = self.storage_key().text
        acct = self.host().replace("-", "")[:18] + "sa"
        t = f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net"
        return Val(t, CRED, "connection_string", key)

    def conn_sb(self) -> Val:
        key = self.sb_key()
        svc = self.pick(["servicebus", "servicebus", "azure-devices"])
        t = (f"Endpoint=sb://{self.host()}-{self.word()}.{svc}.windows.net/;SharedAccessKeyName="
             f"{self.pick(['RootManageSharedAccessKey', 'send-only', 'listen'])};SharedAccessKey={key}")
        return Val(t, CRED, "connection_string", key)

    def conn_cosmos(self) -> Val:
        key = self.cosmos_key().text
        return Val(f"AccountEndpoint=https://{self.host()}-cosmos.documents.azure.com:443/;AccountKey={key};",
                   CRED, "connection_string", key)

    def conn_any(self) -> Val:
        return self.pick([self.conn_storage, self.conn_sb, self.conn_cosmos])()

    def sas(self) -> Val:
        sig = self.sb_key()
        sig_enc = sig.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        y = self.r.randint(2025, 2027)
        t = (f"sv=2022-11-02&ss=b{self.pick(['', 'fqt'])}&srt=sco&sp=rwdlacupiytfx&se={y}-0{self.r.randint(1, 9)}-1{self.r.randint(0, 9)}T"
             f"{self.r.randint(10, 23)}:00:00Z&st={y - 1}-0{self.r.randint(1, 9)}-0{self.r.randint(1, 9)}T08:00:00Z&spr=https&sig={sig_enc}")
        return Val(t, CRED, "sas_token", sig_enc)

    def jwt(self) -> Val:
        def enc(o: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(o, separators=(",", ":")).encode()).decode().rstrip("=")
        tid = self.guid()
        head = {"typ": "JWT", "alg": self.pick(["RS256", "HS256"]), "kid": self.s(B64URL, 27)}
        body = {"aud": self.pick(["https://cognitiveservices.azure.com", "api://" + self.guid(), "https://graph.microsoft.com"]),
                "iss": f"https://sts.windows.net/{tid}/", "iat": 1764000000 + self.r.randint(0, 9**7),
                "exp": 1764000000 + self.r.randint(9**7, 2 * 9**7), "oid": self.guid(), "tid": tid,
                "upn": f"{self.first().lower()}@{self.host()}.com".encode("ascii", "ignore").decode()}
        body.pop("upn")
        return Val(enc(head) + "." + enc(body) + "." + self.s(B64URL, self.pick([43, 342])), CRED, "jwt")

    def pem(self) -> Val:
        kind = self.pick(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
        prefix = {"RSA PRIVATE KEY": "MIIEpAIBAAKCAQEA", "PRIVATE KEY": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
                  "EC PRIVATE KEY": "MHcCAQEEI", "OPENSSH PRIVATE KEY": "b3BlbnNzaC1rZXktdjEAAAAA"}[kind]
        nlines = 4 if kind.startswith("EC") else self.r.randint(6, 14)
        body = prefix + self.s(B64, 64 * nlines - len(prefix) + self.r.randint(0, 40))
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        return Val(f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----", CRED, "private_key")

    def bearer(self) -> Val:
        return Val(self.pick([lambda: self.s(B64URL, 40), lambda: self.s(B62, 64), lambda: "ya29." + self.s(B64URL, 120)])(),
                   CRED, "bearer_token")

    def password(self, kind: str = "password_kv") -> Val:
        w = self.pick(["Winter", "Summer", "Kaffee", "Soleil", "Dragon", "Monkey", "Azure", "Tulpen", "Lisboa", "Zebra",
                       "Portal", "Kolibri", "Orzech", "Falcon"])
        shape = self.r.randint(0, 5)
        if shape == 0:
            t = w + str(self.r.randint(10, 2099)) + self.pick(["!", "#", "$", "?", "*"])
        elif shape == 1:
            t = self.s(B62 + "!#%^*_-", self.r.randint(14, 24))
        elif shape == 2:
            t = w.lower() + self.pick(["_", ".", "-"]) + self.pick(["blue", "sterne", "rio", "kot"]) + str(self.r.randint(1, 999))
        elif shape == 3:
            t = self.s(B62, 5) + self.pick(["@", "&", "%"]) + self.s(B62, 6) + str(self.r.randint(10, 99))
        elif shape == 4:
            t = w + self.pick(["@", "#"]) + str(self.r.randint(2019, 2026))
        else:
            t = "P@ss" + self.s(B62, 6) + str(self.r.randint(0, 9))
        return Val(t, CRED, kind)

    def password_nourl(self, kind: str) -> Val:
        v = self.password(kind)
        return v if not any(c in v.text for c in "@%#?/:&") else Val(v.text.replace("@", "x").replace("%", "y").replace(
            "#", "z").replace("&", "k").replace("?", "q"), CRED, kind)

    # ------------------------------------------------------------ PII
    def email(self) -> Val:
        f, l = self.first(), self.last()
        ascii_ = lambda x: x.encode("ascii", "ignore").decode().lower().replace(" ", "").replace("'", "")  # noqa: E731
        local = self.pick([f"{ascii_(f)}.{ascii_(l)}", f"{ascii_(f)[0]}{ascii_(l)}", f"{ascii_(f)}_{ascii_(l)}{self.r.randint(1, 99)}",
                           f"{ascii_(f)}+{self.word()}", f"{ascii_(l)}.{ascii_(f)[0]}"])
        dom = self.pick(["gmail.com", "outlook.com", "contoso.com", "fabrikam.de", "northwind.co.uk", "web.de", "orange.fr",
                         "tailspin.io", "woodgrove.nl", "wp.pl", "libero.it", "proton.me", "yahoo.co.jp", "hr.contoso.com"])
        return Val(f"{local}@{dom}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    PHONE_REGIONS = ["US", "GB", "DE", "FR", "ES", "NL", "IT", "PL", "PT", "BR", "IN", "JP", "AU", "CH", "BE", "AT", "SE",
                     "IE", "MX", "CA", "CN", "DK", "NO"]

    def phone(self, region: str | None = None) -> Val:
        region = region or self.pick(self.PHONE_REGIONS)
        ptype = self.pick([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE])
        ex = phonenumbers.example_number_for_type(region, ptype) or phonenumbers.example_number(region)
        nsn = phonenumbers.national_significant_number(ex)
        for _ in range(2000):
            keep = max(2, len(nsn) - self.r.randint(3, 6))
            cand = nsn[:keep] + self.s("0123456789", len(nsn) - keep)
            if cand == nsn or (region in ("US", "CA") and cand[3:6] == "555"):
                continue
            num = phonenumbers.parse("+" + str(ex.country_code) + cand, None)
            if phonenumbers.is_valid_number(num) and phonenumbers.region_code_for_number(num) == region:
                break
        else:
            raise AssertionError(f"no valid number for {region}")
        fmt = self.pick([phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                         phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.E164])
        t = phonenumbers.format_number(num, fmt)
        if fmt == phonenumbers.PhoneNumberFormat.INTERNATIONAL and self.r.random() < 0.2:
            t = t.replace(" ", self.pick(["-", "."])) if region not in ("US", "CA") else t
        return Val(t, "PHONE_NUMBER", "PHONE_NUMBER")

    def card(self) -> Val:
        k = self.r.randint(0, 5)
        if k == 0:
            pre, n = "4" + self.s("0123456789", 5), 16
        elif k == 1:
            pre, n = str(self.r.randint(51, 55)) + self.s("0123456789", 4), 16
        elif k == 2:
            pre, n = str(self.r.randint(2221, 2720)) + self.s("0123456789", 2), 16
        elif k == 3:
            pre, n = self.pick(["34", "37"]) + self.s("0123456789", 4), 15
        elif k == 4:
            pre, n = self.pick(["6011", "65" + self.s("0123456789", 2), str(self.r.randint(644, 649)) + "1"]), 16
        else:
            pre, n = "4" + self.s("0123456789", 5), 16
        body = pre + self.s("0123456789", n - len(pre) - 1)
        check = luhn_check_digit(body)
        c = body + check
        if c in ("4111111111111111", "4242424242424242"):
            return self.card()
        style = self.r.randint(0, 3)
        if n == 15 and style in (1, 2):
            sep = " " if style == 1 else "-"
            c = c[:4] + sep + c[4:10] + sep + c[10:]
        elif style == 1:
            c = " ".join(c[i:i + 4] for i in range(0, 16, 4))
        elif style == 2:
            c = "-".join(c[i:i + 4] for i in range(0, 16, 4))
        return Val(c, "CREDIT_CARD", "CREDIT_CARD")

    def iban(self, country: str | None = None) -> Val:
        cc = country or self.pick(list(IBAN_SHAPES))
        shape, bban, i = IBAN_SHAPES[cc], "", 0
        while i < len(shape):
            cls = shape[i]
            j = i + 1
            while j < len(shape) and shape[j].isdigit():
                j += 1
            cnt = int(shape[i + 1:j])
            bban += self.s({"n": string.digits, "a": string.ascii_uppercase, "c": string.ascii_uppercase + string.digits}[cls], cnt)
            i = j
        iban = cc + iban_check_digits(cc, bban) + bban
        assert iban_valid(iban)
        if self.r.random() < 0.5:
            iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
        return Val(iban, "IBAN_CODE", "IBAN_CODE")

    def ssn(self) -> Val:
        while True:
            a = self.r.randint(1, 899)
            if a != 666:
                break
        g, s = self.r.randint(1, 99), self.r.randint(1, 9999)
        t = self.pick([f"{a:03d}-{g:02d}-{s:04d}", f"{a:03d}-{g:02d}-{s:04d}", f"{a:03d} {g:02d} {s:04d}", f"{a:03d}{g:02d}{s:04d}"])
        return Val(t, "US_SSN", "US_SSN")

    def ipv4(self, private: bool | None = None) -> Val:
        private = self.r.random() < 0.4 if private is None else private
        while True:
            if private:
                t = self.pick([f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                               f"172.{self.r.randint(16, 31)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                               f"192.168.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"])
            else:
                t = ".".join(str(x) for x in (self.r.randint(11, 223), self.r.randint(0, 255), self.r.randint(0, 255), self.r.randint(1, 254)))
            ip = ipaddress.ip_address(t)
            if private == ip.is_private and not ip.is_reserved and not ip.is_multicast:
                return Val(t, "IP_ADDRESS", "IP_ADDRESS")

    def ipv6(self) -> Val:
        pre = self.pick(["2a01:111", "2603:1030", "2a02:8108", "2001:4860", "2620:1ec", "fd12:3456", "2406:da18"])
        groups = pre.split(":") + [format(self.r.randint(0, 0xFFFF), "x") for _ in range(6)]
        t = ":".join(groups)
        if self.r.random() < 0.5:
            t = ":".join(groups[:4]) + "::" + ":".join(groups[-2:])
        return Val(str(ipaddress.ip_address(t)) if self.r.random() < 0.5 else t, "IP_ADDRESS", "IP_ADDRESS")

    def ip(self) -> Val:
        return self.ipv6() if self.r.random() < 0.25 else self.ipv4()

    # ------------------------------------------------------------ hard negatives
    def guid(self) -> str:
        h = self.s(HEX, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.pick('89ab')}{h[17:20]}-{h[20:]}"

    def n_guid(self) -> Neg:
        return Neg(self.guid(), "guid", "azure_openai_key")

    def n_md5(self) -> Neg:
        return Neg(self.s(HEX, 32), "md5", "azure_openai_key")

    def n_sha1(self) -> Neg:
        return Neg(self.s(HEX, 40), "git_sha", "aws_secret_key")

    def n_sha256(self) -> Neg:
        return Neg(self.s(HEX, 64), "sha256", CRED)

    def n_trace(self) -> Neg:
        return Neg(f"00-{self.s(HEX, 32)}-{self.s(HEX, 16)}-01", "traceparent", "azure_openai_key")

    def n_version(self) -> Neg:
        return Neg(f"{self.r.randint(1, 12)}.{self.r.randint(0, 30)}.{self.r.randint(0, 400)}.{self.r.randint(0, 9999)}",
                   "version4", "IP_ADDRESS")

    def n_build(self) -> Neg:
        return Neg(f"{self.r.randint(2024, 2026)}{self.r.randint(1, 12):02d}{self.r.randint(1, 28):02d}.{self.r.randint(1, 40)}",
                   "build_number", "PHONE_NUMBER")

    def n_order(self) -> Neg:
        while True:
            d = self.pick("123456789") + self.s(string.digits, 15)
            if not luhn_valid(d):
                return Neg(d, "order_no_luhn_fail", "CREDIT_CARD")

    def n_epoch_ms(self) -> Neg:
        return Neg(str(1764000000000 + self.r.randint(0, 10**10)), "epoch_ms", "PHONE_NUMBER")

    def n_ticket(self) -> Neg:
        return Neg(f"INC{self.r.randint(10**6, 10**7 - 1):07d}", "ticket_no", "PHONE_NUMBER")

    def n_date(self) -> Neg:
        return Neg(f"{self.r.randint(2019, 2026)}-{self.r.randint(1, 12):02d}-{self.r.randint(1, 28):02d}", "date", "US_SSN")

    def n_price(self) -> Neg:
        return Neg(f"{self.r.randint(1, 99)} {self.r.randint(100, 999)},{self.r.randint(0, 99):02d}", "price", "PHONE_NUMBER")

    def n_testcard(self) -> Neg:
        return Neg(self.pick(["4111 1111 1111 1111", "4111111111111111", "5555 5555 5555 4444", "4242 4242 4242 4242",
                              "378282246310005", "6011 1111 1111 1117", "5105105105105100", "4000 0566 5566 5556"]),
                   "published_test_card", "CREDIT_CARD")

    def n_placeholder(self) -> Neg:
        return Neg(self.pick(["<your-api-key>", "sk-xxxxxxxxxxxxxxxxxxxxxxxx", "YOUR_KEY_HERE", "xxxx-xxxx-xxxx",
                              "<AZURE_OPENAI_API_KEY>", "${{ secrets.AZURE_OPENAI_KEY }}", "$(AOAI_KEY)", "changeme",
                              "********", "<redacted>", "{{ .Values.apiKey }}", "REPLACE_ME"]), "placeholder", CRED)

    def n_example_aws(self) -> Neg:
        return self.pick([Neg("AKIAIOSFODNN7EXAMPLE", "documented_example", "aws_access_key_id"),
                          Neg("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "documented_example", "aws_secret_key")])

    def n_azurite(self) -> Neg:
        return Neg("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
                   "documented_example", "azure_storage_key")

    def n_example_ssn(self) -> Neg:
        return Neg(self.pick(["078-05-1120", "219-09-9999", "123-45-6789", "000-12-3456", "666-12-3456", "901-23-4567"]),
                   "invalid_or_example_ssn", "US_SSN")

    def n_bad_iban(self) -> Neg:
        v = self.iban().text.replace(" ", "")
        bad = v[:2] + f"{(int(v[2:4]) + self.r.randint(1, 40)) % 97 + 2:02d}" + v[4:]
        if iban_valid(bad):
            bad = v[:2] + "00" + v[4:]
        return Neg(bad, "iban_bad_checksum", "IBAN_CODE")

    def n_example_iban(self) -> Neg:
        return Neg(self.pick(["DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "NL91ABNA0417164300",
                              "FR14 2004 1010 0505 0001 3M02 606"]), "documented_example", "IBAN_CODE")

    def n_pk_live(self) -> Neg:
        return Neg("pk_live_" + self.s(B62, 24), "publishable_key", "stripe_key")

    def n_base64_img(self) -> Neg:
        return Neg("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAA" + self.s(B64, self.r.randint(80, 200)) + "=",
                   "base64_image", "azure_storage_key")

    def n_fake_phone(self) -> Neg:
        return Neg(self.pick(["(555) 010-" + str(self.r.randint(1000, 1999))[1:].rjust(4, "0"), "555-01" + str(self.r.randint(10, 99)),
                              "+1 555 0100", "0000 000000"]), "fictional_phone", "PHONE_NUMBER")

    def n_publicdoc_ip(self) -> Neg:
        return Neg(self.pick(["0.0.0.0", "255.255.255.0", "255.255.0.0"]), "netmask_or_any", "IP_ADDRESS")

    def n_short_hex(self) -> Neg:
        return Neg(self.s(HEX, 7), "short_sha", CRED)

    def n_sku(self) -> Neg:
        return Neg(f"{self.s(string.ascii_uppercase, 3)}-{self.r.randint(1000, 9999)}-{self.s(string.ascii_uppercase + string.digits, 6)}",
                   "sku", CRED)

    def n_tenant(self) -> Neg:
        return Neg(self.guid(), "tenant_or_client_id", "entra_client_secret")
