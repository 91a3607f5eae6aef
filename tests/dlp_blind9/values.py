"""Value generators for the ninth corpus, written from public format descriptions: Luhn cards, mod-97
IBANs with their national BBAN layouts, issuable SSNs, libphonenumber-valid phones, credential shapes
with their prefixes, lengths and checksums, and the hard negatives that look like them."""

from __future__ import annotations

import base64
import json
import random
import string
from collections import Counter

import phonenumbers

from tests.dlp_eval import checksums
from tests.dlp_eval.checksums import crc32_base62, iban_check_digits, luhn_complete
from tests.dlp_eval.corpus import PERSON, N, V

DIGITS = string.digits
HEX = "0123456789abcdef"
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + "+/"
URLSAFE = ALNUM + "-_"
B32 = LOWER + "234567"

PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "PL", "NL", "IN", "CN", "JP", "AE", "SA", "EG", "NG", "BR", "MX",
                 "CH", "AT", "BE", "IE", "AU", "CA", "SE")


def rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


# --- checksums ----------------------------------------------------------------------------------


def luhn_valid(number: str) -> bool:
    return number.isdigit() and checksums.luhn_valid(number)


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    return len(compact) >= 15 and compact[:2].isalpha() and compact[2:4].isdigit() and checksums.iban_valid(compact)


def base62_checksum_valid(token: str) -> bool:
    """GitHub-style tokens (ghp_, gho_, npm_ ...): 30 random base62 characters then the CRC32 of them, base62, 6 wide."""
    return checksums.base62_checksum_valid(token, 36)


# --- PII ----------------------------------------------------------------------------------------

NAMES = {
    "en": (("Olivia", "Bennett"), ("James", "Whitfield"), ("Hannah", "O'Connor"), ("Marcus", "Reid"), ("Chloe", "Hargreaves"),
           ("Daniel", "Fletcher"), ("Megan", "Sullivan"), ("Tom", "Ashworth"), ("Grace", "McAllister"), ("Ryan", "Kowalczyk-Hale")),
    "de": (("Jürgen", "Baumgärtner"), ("Katrin", "Schöller"), ("Lukas", "Hoffmann"), ("Anneliese", "Weiß"), ("Matthias", "Brandtner"),
           ("Sophie", "Krüger"), ("Florian", "Eichhorn"), ("Miriam", "Düsterhöft")),
    "es": (("José Luis", "Peña"), ("María", "Fernández Ortega"), ("Alejandro", "Ruiz"), ("Lucía", "Muñoz"), ("Javier", "Iglesias"),
           ("Ana Belén", "Sáez")),
    "fr": (("François", "Lefèvre"), ("Amélie", "Garnier"), ("Théo", "Rousseau"), ("Hélène", "Marchand"), ("Benoît", "Chevalier"),
           ("Céline", "Dubois")),
    "it": (("Giulia", "Bianchi"), ("Matteo", "Esposito"), ("Francesca", "De Luca"), ("Lorenzo", "Caruso"), ("Chiara", "Fontana")),
    "pl": (("Łukasz", "Wójcik"), ("Agnieszka", "Zielińska"), ("Paweł", "Kamiński"), ("Małgorzata", "Dąbrowska"), ("Krzysztof", "Lewandowski")),
    "nl": (("Daan", "van der Berg"), ("Sanne", "de Vries"), ("Joris", "Bakker"), ("Femke", "Jansen"), ("Maarten", "van Dijk")),
    "in": (("Priya", "Raghunathan"), ("Arjun", "Mehta"), ("Sneha", "Kulkarni"), ("Venkatesh", "Iyer"), ("Ananya", "Banerjee"),
           ("Rohit", "Chatterjee"), ("Lakshmi", "Narayanan")),
    "zh": (("Wei", "Zhang"), ("Xiaoling", "Chen"), ("Haoran", "Liu"), ("Mei", "Huang"), ("Jianguo", "Wang"), ("Yuxuan", "Zhou")),
    "ja": (("Haruto", "Takahashi"), ("Yui", "Nakamura"), ("Kenji", "Watanabe"), ("Aoi", "Kobayashi"), ("Sota", "Yamamoto")),
    "ar": (("Omar", "Al-Farsi"), ("Layla", "Haddad"), ("Youssef", "El-Masri"), ("Fatima", "Al-Zahra"), ("Khalid", "Bin Rashid"),
           ("Nour", "Abdelrahman")),
    "ng": (("Chinedu", "Okafor"), ("Adaeze", "Nwosu"), ("Oluwaseun", "Adeyemi"), ("Babajide", "Olawale"), ("Ngozi", "Eze"),
           ("Emeka", "Obi")),
    "br": (("João", "Gonçalves"), ("Ana Clara", "Ribeiro"), ("Thiago", "Albuquerque"), ("Luíza", "Carvalho"), ("Rafael", "Araújo")),
}
CULTURES = tuple(NAMES)
DOMAINS = ("brightlane-logistics.com", "hanse-stahlbau.de", "grupo-solera.es", "meridia-finance.fr", "vistula-soft.pl",
           "tulipa-verzekeringen.nl", "castellani-group.it", "kestrel-health.co.uk", "nimbusworks.io", "orbitpay.com.br",
           "sakura-denki.co.jp", "lagos-fintrust.ng", "gulfline-energy.ae", "pinecrest-insurance.com", "quantaleaf.in",
           "redwood-analytics.com", "helvetia-logistik.ch", "silverfjord.se", "harbourview-bank.ie", "jadeport.cn")

_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "ê": "e", "ë": "e", "á": "a", "à": "a",
                        "í": "i", "ó": "o", "ú": "u", "ñ": "n", "ç": "c", "ã": "a", "õ": "o", "ł": "l", "ą": "a",
                        "ę": "e", "ś": "s", "ź": "z", "ż": "z", "ć": "c", "ń": "n", "ô": "o", "î": "i", "'": "", " ": "", "-": ""})


def ascii_name(s: str) -> str:
    return s.lower().translate(_ASCII)


def _us_phone_ok(digits: str) -> bool:
    return digits[-7:-4] != "555" and digits[-10] not in "01" and digits[-7] not in "01"


def phone_number(rng: random.Random, region: str) -> str:
    """A valid mobile (or fixed line) number of the region, not the library's example, never NANP 555."""
    kinds = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    for _ in range(400):
        kind = rng.choice(kinds)
        ex = phonenumbers.example_number_for_type(region, kind)
        if ex is None:
            continue
        nat = str(ex.national_number)
        keep = min(3, len(nat) - 4)
        cand = nat[:keep] + rand(rng, DIGITS, len(nat) - keep)
        if cand == nat:
            continue
        num = phonenumbers.PhoneNumber(country_code=ex.country_code, national_number=int(cand))
        if not phonenumbers.is_valid_number(num) or phonenumbers.region_code_for_number(num) != region:
            continue
        digits = str(num.national_number)
        if region in ("US", "CA") and not _us_phone_ok(digits):
            continue
        style = rng.random()
        if style < 0.45:
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if style < 0.6:
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
    raise AssertionError(region)


def _card_digits(rng: random.Random) -> tuple[str, str]:
    brand = rng.choice(("visa", "visa", "mc", "mc2", "amex", "discover", "jcb", "diners", "maestro"))
    if brand == "visa":
        return brand, luhn_complete("4" + rand(rng, DIGITS, 14))
    if brand == "mc":
        return brand, luhn_complete(str(rng.randrange(51, 56)) + rand(rng, DIGITS, 13))
    if brand == "mc2":
        return brand, luhn_complete(str(rng.randrange(2221, 2721)) + rand(rng, DIGITS, 11))
    if brand == "amex":
        return brand, luhn_complete(rng.choice(("34", "37")) + rand(rng, DIGITS, 12))
    if brand == "discover":
        return brand, luhn_complete(rng.choice(("6011", "6445", "6522")) + rand(rng, DIGITS, 11))
    if brand == "jcb":
        return brand, luhn_complete(str(rng.randrange(3528, 3590)) + rand(rng, DIGITS, 11))
    if brand == "diners":
        return brand, luhn_complete(rng.choice(("36", "38")) + rand(rng, DIGITS, 11))
    return brand, luhn_complete(rng.choice(("6759", "6763")) + rand(rng, DIGITS, 11))


TEST_CARDS = ("4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "6011111111111117",
              "4000056655665556", "5105105105105100", "4012888888881881")


def card(rng: random.Random) -> str:
    while True:
        brand, d = _card_digits(rng)
        if d not in TEST_CARDS:
            break
    layout = rng.random()
    if len(d) == 15:
        groups = [d[:4], d[4:10], d[10:]]
    elif len(d) == 14:
        groups = [d[:4], d[4:10], d[10:]]
    else:
        groups = [d[i:i + 4] for i in range(0, 16, 4)]
    if layout < 0.4:
        return " ".join(groups)
    if layout < 0.65:
        return "-".join(groups)
    return d


def _iban_check(country: str, bban: str) -> str:
    return f"{country}{iban_check_digits(country, bban)}{bban}"


def _fr_rib(bank: str, branch: str, account: str) -> str:
    key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97)
    return f"{key:02d}"


def _es_dc(bank_branch: str, account: str) -> str:
    w = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)

    def one(s: str) -> str:
        r = 11 - sum(int(c) * w[i] for i, c in enumerate(s.rjust(10, "0"))) % 11
        return "0" if r == 11 else "1" if r == 10 else str(r)

    return one("00" + bank_branch) + one(account)


def _pl_bank(rng: random.Random) -> str:
    w = (3, 9, 7, 1, 3, 9, 7)
    base = rand(rng, DIGITS, 7)
    c = (10 - sum(int(x) * w[i] for i, x in enumerate(base)) % 10) % 10
    return base + str(c)


def _be(rng: random.Random) -> str:
    base = rand(rng, DIGITS, 10)
    c = int(base) % 97 or 97
    return base + f"{c:02d}"


def _nl_account(rng: random.Random) -> str:
    while True:
        acc = rand(rng, DIGITS, 10)
        if acc[0] != "0" or acc[1] != "0":
            pass
        if sum(int(c) * (10 - i) for i, c in enumerate(acc)) % 11 == 0:
            return acc


EXAMPLE_IBANS = ("GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606", "NL91ABNA0417164300",
                 "ES9121000418450200051332", "CH9300762011623852957", "BE68539007547034")


def iban_compact(rng: random.Random) -> str:
    country = rng.choice(("DE", "DE", "GB", "FR", "ES", "NL", "BE", "PL", "AT", "CH", "IE", "IT", "SE", "PT"))
    if country == "DE":
        bban = rand(rng, DIGITS, 8) + rand(rng, DIGITS, 10)
    elif country == "GB":
        bban = rng.choice(("NWBK", "BARC", "LOYD", "HBUK", "MIDL")) + rand(rng, DIGITS, 6) + rand(rng, DIGITS, 8)
    elif country == "IE":
        bban = rng.choice(("AIBK", "BOFI")) + rand(rng, DIGITS, 6) + rand(rng, DIGITS, 8)
    elif country == "FR":
        bank, branch, acc = rand(rng, DIGITS, 5), rand(rng, DIGITS, 5), rand(rng, DIGITS, 11)
        bban = bank + branch + acc + _fr_rib(bank, branch, acc)
    elif country == "ES":
        bb, acc = rand(rng, DIGITS, 8), rand(rng, DIGITS, 10)
        bban = bb + _es_dc(bb, acc) + acc
    elif country == "NL":
        bban = rng.choice(("ABNA", "INGB", "RABO", "SNSB", "TRIO")) + _nl_account(rng)
    elif country == "BE":
        bban = _be(rng)
    elif country == "PL":
        bban = _pl_bank(rng) + rand(rng, DIGITS, 16)
    elif country == "AT":
        bban = rand(rng, DIGITS, 5) + rand(rng, DIGITS, 11)
    elif country == "CH":
        bban = rand(rng, DIGITS, 5) + rand(rng, DIGITS, 12)
    elif country == "IT":
        bban = rng.choice(UPPER) + rand(rng, DIGITS, 5) + rand(rng, DIGITS, 5) + rand(rng, DIGITS, 12)
    elif country == "SE":
        bban = rand(rng, DIGITS, 3) + rand(rng, DIGITS, 17)
    else:  # PT
        bban = rand(rng, DIGITS, 4) + rand(rng, DIGITS, 4) + rand(rng, DIGITS, 13)
    out = _iban_check(country, bban)
    return out if out not in EXAMPLE_IBANS else iban_compact(rng)


def iban(rng: random.Random) -> str:
    c = iban_compact(rng)
    return " ".join(c[i:i + 4] for i in range(0, len(c), 4)) if rng.random() < 0.55 else c


def ssn(rng: random.Random) -> str:
    while True:
        area = rng.randrange(1, 900)
        if area != 666:
            break
    g, s = rng.randrange(1, 100), rng.randrange(1, 10000)
    if (area, g, s) in ((78, 5, 1120), (219, 9, 9999), (123, 45, 6789)):
        s += 1
    sep = rng.choice(("-", "-", "-", " ", ""))
    return f"{area:03d}{sep}{g:02d}{sep}{s:04d}"


def ipv4(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return f"10.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"
    if r < 0.45:
        return f"172.{rng.randrange(16, 32)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"
    if r < 0.55:
        return f"192.168.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"
    while True:
        a = rng.choice((20, 40, 51, 52, 13, 81, 85, 91, 94, 104, 145, 151, 176, 185, 212, 217, 62, 77, 89, 31))
        ip = f"{a}.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"
        return ip


def ipv6(rng: random.Random) -> str:
    head = rng.choice(("2a01:111", "2603:1020", "2001:67c", "2a02:8070", "2406:da18"))
    return head + ":" + ":".join(rand(rng, HEX, 4).lstrip("0") or "0" for _ in range(rng.choice((2, 3)))) + "::" + rand(rng, HEX, 3).lstrip("0")


# --- credentials -------------------------------------------------------------------------------


def github(rng: random.Random, prefix: str = "ghp") -> str:
    body = rand(rng, ALNUM, 30)
    return f"{prefix}_{body}{crc32_base62(body)}"


def github_fine(rng: random.Random) -> str:
    return "github_pat_11" + rand(rng, UPPER + DIGITS, 20) + "_" + rand(rng, ALNUM, 59)


def npm(rng: random.Random) -> str:
    return github(rng, "npm")


def slack_token(rng: random.Random) -> str:
    p = rng.random()
    if p < 0.5:
        return f"xoxb-{rand(rng, DIGITS, 12)}-{rand(rng, DIGITS, 13)}-{rand(rng, ALNUM, 24)}"
    if p < 0.8:
        return f"xoxp-{rand(rng, DIGITS, 12)}-{rand(rng, DIGITS, 12)}-{rand(rng, DIGITS, 13)}-{rand(rng, HEX, 32)}"
    return f"xapp-1-A{rand(rng, UPPER + DIGITS, 10)}-{rand(rng, DIGITS, 13)}-{rand(rng, HEX, 64)}"


def slack_webhook(rng: random.Random) -> str:
    return f"https://hooks.slack.com/services/T{rand(rng, UPPER + DIGITS, 10)}/B{rand(rng, UPPER + DIGITS, 10)}/{rand(rng, ALNUM, 24)}"


def gitlab(rng: random.Random) -> str:
    return "glpat-" + rand(rng, URLSAFE, 20)


def stripe(rng: random.Random) -> str:
    return rng.choice(("sk_live_", "sk_live_", "rk_live_")) + "51" + rand(rng, ALNUM, rng.choice((22, 97)))


def google(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return "AIza" + rand(rng, URLSAFE, 35)
    return "GOCSPX-" + rand(rng, URLSAFE, 28)


def ado_pat(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rand(rng, B32, 52)
    return rand(rng, ALNUM, 52) + "JQQJ99" + rand(rng, ALNUM, 18) + "AZDO" + rand(rng, ALNUM, 4)


def sendgrid(rng: random.Random) -> str:
    return "SG." + rand(rng, URLSAFE, 22) + "." + rand(rng, URLSAFE, 43)


def b64key(rng: random.Random, nbytes: int = 64) -> str:
    return base64.b64encode(bytes(rng.randrange(256) for _ in range(nbytes))).decode()


def aoai_key(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return rand(rng, HEX, 32)
    return rand(rng, ALNUM, 52) + "JQQJ99BF" + rand(rng, ALNUM, 16) + "ACOG" + rand(rng, ALNUM, 4)


def openai_key(rng: random.Random) -> str:
    p = rng.random()
    if p < 0.5:
        return "sk-proj-" + rand(rng, URLSAFE, 74) + "T3BlbkFJ" + rand(rng, URLSAFE, 74)
    if p < 0.75:
        return "sk-svcacct-" + rand(rng, URLSAFE, 74) + "T3BlbkFJ" + rand(rng, URLSAFE, 74)
    return "sk-" + rand(rng, ALNUM, 20) + "T3BlbkFJ" + rand(rng, ALNUM, 20)


def aws_key_id(rng: random.Random) -> str:
    while True:
        k = rng.choice(("AKIA", "AKIA", "ASIA")) + rand(rng, UPPER + "234567", 16)
        if "EXAMPLE" not in k:
            return k


def aws_secret(rng: random.Random) -> str:
    return rand(rng, ALNUM + "+/", 40)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def jwt(rng: random.Random) -> str:
    head = {"alg": rng.choice(("RS256", "HS256")), "typ": "JWT"}
    if head["alg"] == "RS256":
        head["kid"] = rand(rng, URLSAFE, 27)
    body = {"aud": rng.choice(("api://orders-api", "https://management.azure.com", "00000003-0000-0000-c000-000000000000")),
            "iss": f"https://sts.windows.net/{guid(rng)}/", "iat": 1760000000 + rng.randrange(10**6),
            "oid": guid(rng), "scp": rng.choice(("user_impersonation", "Orders.Read", "openid profile")),
            "exp": 1760003600 + rng.randrange(10**6)}
    sig = _b64url(bytes(rng.randrange(256) for _ in range(256 if head["alg"] == "RS256" else 32)))
    return f"{_b64url(json.dumps(head, separators=(',', ':')).encode())}.{_b64url(json.dumps(body, separators=(',', ':')).encode())}.{sig}"


def bearer(rng: random.Random) -> str:
    p = rng.random()
    if p < 0.4:
        return rand(rng, URLSAFE, rng.choice((40, 43, 64)))
    if p < 0.7:
        return rand(rng, ALNUM, 30) + "." + rand(rng, ALNUM, 46)
    return "EwB" + rand(rng, ALNUM + "+/", 150) + "=="


def private_key(rng: random.Random, escaped: bool = False) -> str:
    kind = rng.choice(("RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"))
    lines = [b64key(rng, 48) for _ in range(rng.randrange(4, 9))]
    lines.append(b64key(rng, rng.randrange(8, 40)))
    nl = "\\n" if escaped else "\n"
    return f"-----BEGIN {kind}-----{nl}" + nl.join(lines) + f"{nl}-----END {kind}-----"


def anthropic(rng: random.Random) -> str:
    return "sk-ant-api03-" + rand(rng, URLSAFE, 93) + "AA"


def entra_secret(rng: random.Random) -> str:
    return rand(rng, ALNUM, 3) + rng.choice("78") + "Q~" + rand(rng, ALNUM + "_.~-", 34)


def twilio(rng: random.Random) -> str:
    return "SK" + rand(rng, HEX, 32)


def mailgun(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "key-" + rand(rng, HEX, 32)
    return f"{rand(rng, HEX, 32)}-{rand(rng, HEX, 8)}-{rand(rng, HEX, 8)}"


def pypi(rng: random.Random) -> str:
    return "pypi-AgEIcHlwaS5vcmc" + rand(rng, URLSAFE, rng.choice((135, 160, 180)))


def huggingface(rng: random.Random) -> str:
    return "hf_" + rand(rng, string.ascii_letters, 34)


PW_WORDS = ("Sommer", "Winter", "Falcon", "Harbor", "Mango", "Tiger", "Orion", "Lisboa", "Kraków", "Nebula", "Copper", "Maple",
            "Zephyr", "Velvet", "Cobalt", "Juniper", "Saffron", "Granite")


def password(rng: random.Random, specials: str = "!#%*-_.?+@$") -> str:
    p = rng.random()
    if p < 0.35:
        return rng.choice(PW_WORDS) + str(rng.randrange(1, 2030)) + rng.choice(specials) + rand(rng, LOWER, rng.randrange(0, 3))
    if p < 0.55:
        return rng.choice(PW_WORDS) + rng.choice(specials) + rng.choice(PW_WORDS).lower() + str(rng.randrange(10, 99))
    n = rng.randrange(12, 24)
    core = list(rand(rng, ALNUM, n - 2) + rng.choice(specials) + rng.choice(DIGITS))
    rng.shuffle(core)
    return "".join(core)


def sas_parts(rng: random.Random) -> tuple[str, str]:
    """An account SAS query string and its signature (the secret)."""
    sig = b64key(rng, 32).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    t = (f"sv=2022-11-02&ss=b&srt=co&sp={rng.choice(('rl', 'racwdl', 'r'))}&se=2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
         f"T{rng.randrange(24):02d}:00:00Z&st=2025-10-01T08:00:00Z&spr=https&sig={sig}")
    return t, sig


def guid(rng: random.Random) -> str:
    h = rand(rng, HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


# --- the per-corpus draw: values, kind balancing, and negatives -------------------------------

CRED_GEN = {
    "github_token": lambda r: github(r, r.choice(("ghp", "ghp", "gho", "ghs", "ghu"))) if r.random() < 0.8 else github_fine(r),
    "npm_token": npm, "slack_token": slack_token, "slack_webhook": slack_webhook, "gitlab_token": gitlab,
    "stripe_key": stripe, "google_api_key": google, "azure_devops_pat": ado_pat, "sendgrid_key": sendgrid,
    "azure_storage_key": b64key, "azure_openai_key": aoai_key, "azure_ai_key_no_keyword": lambda r: rand(r, HEX, 32),
    "openai_key": openai_key, "aws_access_key_id": aws_key_id, "aws_secret_key": aws_secret, "jwt": jwt,
    "bearer_token": bearer, "anthropic_key": anthropic, "entra_client_secret": entra_secret, "cosmos_key": b64key,
    "twilio_key": twilio, "mailgun_key": mailgun, "pypi_token": pypi, "huggingface_token": huggingface,
}
# environment-variable names a person would put the value under
ENV_NAMES = {
    "github_token": ("GITHUB_TOKEN", "GH_TOKEN", "GH_PAT"), "npm_token": ("NPM_TOKEN", "NODE_AUTH_TOKEN"),
    "slack_token": ("SLACK_BOT_TOKEN", "SLACK_TOKEN"), "slack_webhook": ("SLACK_WEBHOOK_URL", "ALERT_WEBHOOK"),
    "gitlab_token": ("GITLAB_TOKEN", "CI_JOB_PAT"), "stripe_key": ("STRIPE_SECRET_KEY", "STRIPE_API_KEY"),
    "google_api_key": ("GOOGLE_API_KEY", "MAPS_API_KEY", "GEMINI_API_KEY"), "azure_devops_pat": ("AZURE_DEVOPS_EXT_PAT", "ADO_PAT", "SYSTEM_ACCESSTOKEN"),
    "sendgrid_key": ("SENDGRID_API_KEY",), "azure_storage_key": ("AZURE_STORAGE_KEY", "STORAGE_ACCOUNT_KEY"),
    "azure_openai_key": ("AZURE_OPENAI_API_KEY", "AOAI_KEY", "OPENAI_API_KEY"), "openai_key": ("OPENAI_API_KEY",),
    "aws_access_key_id": ("AWS_ACCESS_KEY_ID",), "aws_secret_key": ("AWS_SECRET_ACCESS_KEY",), "jwt": ("ACCESS_TOKEN", "ID_TOKEN"),
    "bearer_token": ("API_TOKEN", "AUTH_TOKEN", "SERVICE_TOKEN"), "anthropic_key": ("ANTHROPIC_API_KEY", "CLAUDE_KEY"),
    "entra_client_secret": ("AZURE_CLIENT_SECRET", "AAD_CLIENT_SECRET", "ClientSecret"), "cosmos_key": ("COSMOS_KEY", "COSMOSDB_PRIMARY_KEY"),
    "twilio_key": ("TWILIO_API_KEY", "TWILIO_API_KEY_SID"), "mailgun_key": ("MAILGUN_API_KEY",),
    "sas_token": ("AZURE_STORAGE_SAS_TOKEN", "EXPORT_SAS", "BLOB_SAS"),
    "pypi_token": ("TWINE_PASSWORD", "PYPI_API_TOKEN"), "huggingface_token": ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"),
    "azure_ai_key_no_keyword": ("VALUE",),
}
ENV_KINDS = tuple(k for k in CRED_GEN if k != "azure_ai_key_no_keyword") + ("sas_token",)

AWS_EXAMPLE = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
AZURITE = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
COSMOS_EMU = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
PLACEHOLDERS = ("<your-key>", "${PASSWORD}", "****", "<YOUR_API_KEY>", "${{ secrets.DEPLOY_TOKEN }}", "$(ServicePrincipalSecret)",
                "{{ .Values.db.password }}", "changeme", "xxxxxxxxxxxxxxxx", "%DB_PASSWORD%", "<redacted>", "REPLACE_ME",
                "$env:API_KEY", "${env:AZURE_OPENAI_KEY}", "[REDACTED]")
CODE_WORDS = ("git", "az", "kubectl", "npm", "AzureOpenAI", "Redis", "Helm", "Terraform", "Jenkins", "Grafana", "Kafka", "pip",
              "Bicep", "Copilot", "Postgres")


class Values:
    """Draws for one text; `used` is shared across the corpus so every credential kind gets its share."""

    def __init__(self, rng: random.Random, used: Counter[str]) -> None:
        self.r = rng
        self.used = used

    # PII
    def person(self, culture: str | None = None) -> tuple[str, str]:
        return self.r.choice(NAMES[culture or self.r.choice(CULTURES)])

    def name(self, culture: str | None = None, lower: bool = False) -> V:
        f, last = self.person(culture)
        t = f"{f} {last}"
        return V(t.lower() if lower else t, PERSON, PERSON)

    def first(self, culture: str | None = None, lower: bool = False) -> V:
        f = self.person(culture)[0]
        return V(f.lower() if lower else f, PERSON, PERSON)

    def email_for(self, first: str, last: str) -> V:
        f, la = ascii_name(first), ascii_name(last)
        local = self.r.choice((f"{f}.{la}", f"{f[0]}{la}", f"{f}.{la}", f"{la}.{f}", f"{f}_{la}{self.r.randrange(1, 99)}"))
        return V(f"{local}@{self.r.choice(DOMAINS)}", "EMAIL_ADDRESS", "EMAIL_ADDRESS")

    def email(self) -> V:
        return self.email_for(*self.person())

    def person_mail(self, culture: str | None = None) -> tuple[V, V]:
        f, la = self.person(culture)
        return V(f"{f} {la}", PERSON, PERSON), self.email_for(f, la)

    def phone(self, region: str | None = None) -> V:
        return V(phone_number(self.r, region or self.r.choice(PHONE_REGIONS)), "PHONE_NUMBER", "PHONE_NUMBER")

    def card(self) -> V:
        return V(card(self.r), "CREDIT_CARD", "CREDIT_CARD")

    def iban(self) -> V:
        return V(iban(self.r), "IBAN_CODE", "IBAN_CODE")

    def ssn(self, sep: str | None = None) -> V:
        s = ssn(self.r)
        if sep is not None:
            d = s.replace("-", "").replace(" ", "")
            s = f"{d[:3]}{sep}{d[3:5]}{sep}{d[5:]}"
        return V(s, "US_SSN", "US_SSN")

    def ip(self) -> V:
        return V(ipv4(self.r), "IP_ADDRESS", "IP_ADDRESS")

    def ip6(self) -> V:
        return V(ipv6(self.r), "IP_ADDRESS", "IP_ADDRESS")

    # credentials
    def pick(self, kinds: tuple[str, ...] | list[str]) -> str:
        low = min(self.used[k] for k in kinds)
        kind = self.r.choice([k for k in kinds if self.used[k] == low])
        return kind

    def cred(self, kind: str) -> V:
        self.used[kind] += 1
        if kind == "sas_token":
            text, sig = sas_parts(self.r)
            return V(text, "CREDENTIAL", kind, sig)
        return V(CRED_GEN[kind](self.r), "CREDENTIAL", kind)

    def token(self, kinds: tuple[str, ...] | list[str] = ENV_KINDS) -> tuple[str, V]:
        """(an env-var name fitting it, the value) of the least used of `kinds`."""
        kind = self.pick(kinds)
        return self.r.choice(ENV_NAMES[kind]), self.cred(kind)

    def pw(self, kind: str, specials: str = "!#%*-_.?+@$") -> V:
        self.used[kind] += 1
        return V(password(self.r, specials), "CREDENTIAL", kind)

    def pkey(self, escaped: bool = False) -> V:
        self.used["private_key"] += 1
        return V(private_key(self.r, escaped), "CREDENTIAL", "private_key")

    def secret_in(self, kind: str, text: str, secret: str, inner: tuple[tuple[int, int, str], ...] = ()) -> V:
        self.used[kind] += 1
        return V(text, "CREDENTIAL", kind, secret, inner)

    def k8s_b64(self) -> V:
        self.used["k8s_secret_b64"] += 1
        return V(base64.b64encode(password(self.r).encode()).decode(), "CREDENTIAL", "k8s_secret_b64")

    # helpers
    def guid(self) -> str:
        return guid(self.r)

    def hexs(self, n: int) -> str:
        return rand(self.r, HEX, n)

    def ts(self) -> str:
        r = self.r
        return f"2025-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}T{r.randrange(24):02d}:{r.randrange(60):02d}:{r.randrange(60):02d}.{r.randrange(1000):03d}Z"

    def num(self, lo: int = 1000, hi: int = 99999) -> str:
        return str(self.r.randrange(lo, hi))

    def choice(self, seq):  # noqa: ANN001, ANN201
        return self.r.choice(seq)

    # hard negatives
    def neg(self, kind: str | None = None) -> N:
        r = self.r
        kind = kind or r.choice(NEG_KINDS)
        return NEGS[kind](self, r)


def _version(_: Values, r: random.Random) -> N:
    return N(f"{r.randrange(1, 20)}.{r.randrange(0, 40)}.{r.randrange(0, 30000)}.{r.randrange(0, 9999)}", "version", "IP_ADDRESS")


def _oid(_: Values, r: random.Random) -> N:
    return N(r.choice(("1.3.6.1.4.1.311.21.7", "2.5.29.17", "1.2.840.113549.1.9.1", "1.3.6.1.5.5.7.3.2", "2.5.4.3",
                       "1.3.6.1.4.1.311.10.3.12")), "oid", "IP_ADDRESS")


def _build(_: Values, r: random.Random) -> N:
    return N(f"{r.choice(('2025', '2026'))}{r.randrange(1, 13):02d}{r.randrange(1, 29):02d}.{r.randrange(1, 30)}", "build_id", "PHONE_NUMBER")


def _order(_: Values, r: random.Random) -> N:
    while True:
        n = rand(r, DIGITS, 16)
        if n[0] in "3456" and not luhn_valid(n):
            return N(n, "order_number", "CREDIT_CARD")


def _lot(_: Values, r: random.Random) -> N:
    return N(f"{r.randrange(100, 899)}-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}", "lot_number", "US_SSN")


def _gl(_: Values, r: random.Random) -> N:
    return N(f"{r.randrange(1000, 9999)}-{r.randrange(100, 999)}-{r.randrange(1000, 9999)}", "gl_account", "PHONE_NUMBER")


def _bad_ssn(_: Values, r: random.Random) -> N:
    a = r.choice(("000", "666", f"{r.randrange(900, 1000)}"))
    return N(f"{a}-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}", "bad_ssn", "US_SSN") if r.random() < 0.7 else N(
        f"{r.randrange(100, 899)}-00-{r.randrange(1000, 9999)}", "bad_ssn", "US_SSN")


def _doc_ip(_: Values, r: random.Random) -> N:
    return N(f"{r.choice(('192.0.2', '198.51.100', '203.0.113'))}.{r.randrange(1, 255)}", "doc_ip", "IP_ADDRESS")


def _fict_phone(_: Values, r: random.Random) -> N:
    return N(r.choice((f"(212) 555-01{r.randrange(10, 99)}", f"+1 415 555 01{r.randrange(10, 99)}", f"555-01{r.randrange(10, 99)}")),
             "fict_phone", "PHONE_NUMBER")


def _chatcmpl(_: Values, r: random.Random) -> N:
    return N("chatcmpl-" + rand(r, ALNUM, 29), "chatcmpl", "openai_key")


def _guid(v: Values, _: random.Random) -> N:
    return N(v.guid(), "guid", "azure_openai_key")


def _sha256(_: Values, r: random.Random) -> N:
    return N(rand(r, HEX, 64), "sha256", "generic_api_key")


def _sha1(_: Values, r: random.Random) -> N:
    return N(rand(r, HEX, 40), "commit_sha", "aws_secret_key")


def _md5(_: Values, r: random.Random) -> N:
    return N(rand(r, HEX, 32), "md5", "azure_openai_key")


def _aws_example(_: Values, r: random.Random) -> N:
    return N(r.choice(AWS_EXAMPLE), "aws_example", "aws_access_key_id")


def _azurite(_: Values, r: random.Random) -> N:
    return N(AZURITE, "azurite", "azure_storage_key")


def _cosmos_emu(_: Values, r: random.Random) -> N:
    return N(COSMOS_EMU, "cosmos_emulator", "cosmos_key")


def _test_card(_: Values, r: random.Random) -> N:
    c = r.choice(TEST_CARDS)
    return N(" ".join(c[i:i + 4] for i in range(0, len(c), 4)) if r.random() < 0.4 else c, "test_card", "CREDIT_CARD")


def _placeholder(_: Values, r: random.Random) -> N:
    return N(r.choice(PLACEHOLDERS), "placeholder", "password_kv")


def _masked(_: Values, r: random.Random) -> N:
    return N(r.choice((f"sk-...{rand(r, ALNUM, 4)}", f"****{rand(r, DIGITS, 4)}", f"ghp_****{rand(r, ALNUM, 4)}",
                       f"xxxx-xxxx-xxxx-{rand(r, DIGITS, 4)}", f"{rand(r, HEX, 4)}********************{rand(r, HEX, 4)}",
                       f"DE** **** **** **** **{rand(r, DIGITS, 2)} {rand(r, DIGITS, 2)}", f"***-**-{rand(r, DIGITS, 4)}")),
             "masked", "CREDIT_CARD")


def _example_iban(_: Values, r: random.Random) -> N:
    return N(r.choice(EXAMPLE_IBANS), "example_iban", "IBAN_CODE")


def _example_mail(_: Values, r: random.Random) -> N:
    return N(r.choice(("jane.doe@example.com", "user@example.org", "noreply@example.com", "test@example.net", "admin@contoso.example")),
             "example_email", "EMAIL_ADDRESS")


def _code_word(_: Values, r: random.Random) -> N:
    return N(r.choice(CODE_WORDS), "code_word", "PERSON")


def _luhn_fail(_: Values, r: random.Random) -> N:
    while True:
        d = "4" + rand(r, DIGITS, 15)
        if not luhn_valid(d):
            return N(" ".join(d[i:i + 4] for i in range(0, 16, 4)), "luhn_fail", "CREDIT_CARD")


NEGS = {"version": _version, "oid": _oid, "build_id": _build, "order_number": _order, "lot_number": _lot, "gl_account": _gl,
        "bad_ssn": _bad_ssn, "doc_ip": _doc_ip, "fict_phone": _fict_phone, "chatcmpl": _chatcmpl, "guid": _guid,
        "sha256": _sha256, "commit_sha": _sha1, "md5": _md5, "aws_example": _aws_example, "azurite": _azurite,
        "cosmos_emulator": _cosmos_emu, "test_card": _test_card, "placeholder": _placeholder, "masked": _masked,
        "example_iban": _example_iban, "example_email": _example_mail, "code_word": _code_word, "luhn_fail": _luhn_fail}
NEG_KINDS = tuple(NEGS)
