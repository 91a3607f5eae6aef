"""Value generators for the blind evaluation corpus: secrets in their published formats (with the
checksums those formats carry) and PII with valid check digits. Written from the public format
descriptions only, without looking at the recognizers they are used to measure."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import string

import phonenumbers

from . import checksums
from .checksums import checksum_tail_valid, crc32_base62, iban_check_digits, luhn_complete

DIGITS = string.digits
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"


def rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def b64(rng: random.Random, nbytes: int, urlsafe: bool = False) -> str:
    raw = bytes(rng.getrandbits(8) for _ in range(nbytes))
    return (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode()


def b64url_nopad(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


# --- token families -------------------------------------------------------------------------


def checksummed(prefix: str, rng: random.Random) -> str:
    """GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_) tokens: 30 random base62 characters
    and the CRC32 of those 30, base62-encoded in 6 characters."""
    body = rand(rng, ALNUM, 30)
    return f"{prefix}_{body}{crc32_base62(body)}"


def github_token_valid(token: str) -> bool:
    return checksum_tail_valid(token[4:], 36)


def github_fine_grained(rng: random.Random) -> str:
    return f"github_pat_11{rand(rng, UPPER + DIGITS, 20)}_{rand(rng, ALNUM, 59)}"


def slack_bot(rng: random.Random) -> str:
    return f"xoxb-{rand(rng, DIGITS, rng.choice((10, 11, 12)))}-{rand(rng, DIGITS, 13)}-{rand(rng, ALNUM, 24)}"


def slack_user(rng: random.Random) -> str:
    return (f"xoxp-{rand(rng, DIGITS, 11)}-{rand(rng, DIGITS, 12)}-{rand(rng, DIGITS, 13)}"
            f"-{rand(rng, HEX, 32)}")


def slack_app(rng: random.Random) -> str:
    return f"xapp-1-A{rand(rng, UPPER + DIGITS, 10)}-{rand(rng, DIGITS, 13)}-{rand(rng, HEX, 64)}"


def slack_webhook(rng: random.Random) -> tuple[str, str]:
    secret = rand(rng, ALNUM, 24)
    return (f"https://hooks.slack.com/services/T{rand(rng, UPPER + DIGITS, 8)}/B{rand(rng, UPPER + DIGITS, 10)}"
            f"/{secret}", secret)


def gitlab(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.6:
        return "glpat-" + rand(rng, URLSAFE, 20)
    if kind < 0.8:
        return "gldt-" + rand(rng, URLSAFE, 20)
    return "glptt-" + rand(rng, HEX, 40)


def stripe(rng: random.Random) -> str:
    prefix = rng.choice(("sk_live_", "sk_live_", "rk_live_", "sk_test_", "whsec_"))
    if prefix == "whsec_":
        return prefix + rand(rng, ALNUM, 32)
    return prefix + rand(rng, ALNUM, rng.choice((24, 99)))


def google_api_key(rng: random.Random) -> str:
    return "AIza" + rand(rng, URLSAFE, 35)


def google_oauth_secret(rng: random.Random) -> str:
    return "GOCSPX-" + rand(rng, URLSAFE, 28)


def azure_devops_legacy(rng: random.Random) -> str:
    return rand(rng, LOWER + "234567", 52)


def annotated_key(rng: random.Random, signature: str) -> str:
    """Microsoft's 84-character "common annotated security key" (new Azure DevOps PATs sign it
    AZDO, Azure AI services / Azure OpenAI keys ACOG): 52 random, JQQJ99, a version letter A-L,
    16 random, the 4-letter signature, 4 random."""
    return (rand(rng, ALNUM, 52) + "JQQJ99" + rand(rng, ALNUM, 1) + rng.choice("ABCDEFGHIJKL")
            + rand(rng, ALNUM, 16) + signature + rand(rng, ALNUM, 4))


def sendgrid(rng: random.Random) -> str:
    return f"SG.{rand(rng, URLSAFE, 22)}.{rand(rng, URLSAFE, 43)}"


def storage_key(rng: random.Random) -> str:
    """A 64-byte Azure storage account key: 86 base64 characters and '=='."""
    return b64(rng, 64)


def sb_key(rng: random.Random) -> str:
    """A 32-byte Service Bus / Event Hubs shared access key: 43 base64 characters and '='."""
    return b64(rng, 32)


def hex32(rng: random.Random) -> str:
    return rand(rng, HEX, 32)


def openai_key(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"sk-{rand(rng, ALNUM, 20)}T3BlbkFJ{rand(rng, ALNUM, 20)}"
    return f"sk-proj-{rand(rng, URLSAFE, 74)}T3BlbkFJ{rand(rng, URLSAFE, 74)}"


def anthropic_key(rng: random.Random) -> str:
    return f"sk-ant-api03-{rand(rng, URLSAFE, 93)}AA"


def huggingface(rng: random.Random) -> str:
    return "hf_" + rand(rng, string.ascii_letters, 34)


def aws_key_id(rng: random.Random) -> str:
    return rng.choice(("AKIA", "AKIA", "AKIA", "ASIA")) + rand(rng, UPPER + "234567", 16)


def aws_secret(rng: random.Random) -> str:
    return rand(rng, ALNUM + "/+", 40)


def entra_client_secret(rng: random.Random) -> str:
    return rand(rng, ALNUM, 3) + "8Q~" + rand(rng, ALNUM + "~_-.", 34)


def jwt(rng: random.Random) -> str:
    """A signed JWT as Entra ID or an app would issue it (HS256 really signed, or RS256 with a
    random 2048-bit signature)."""
    tenant = guid(rng)
    now = 1_760_000_000 + rng.randrange(10_000_000)
    claims = {"aud": rng.choice(("api://" + guid(rng), "https://management.azure.com/", "https://cognitiveservices.azure.com")),
              "iss": f"https://sts.windows.net/{tenant}/", "iat": now, "nbf": now, "exp": now + 3600,
              "oid": guid(rng), "tid": tenant, "sub": rand(rng, URLSAFE, 43)}
    if rng.random() < 0.5:
        claims["upn"] = f"{rand(rng, LOWER, 6)}@contoso.com"
    if rng.random() < 0.5:
        header = {"alg": "HS256", "typ": "JWT"}
        signing = _segments(header, claims)
        sig = hmac.new(rand(rng, ALNUM, 32).encode(), signing.encode(), hashlib.sha256).digest()
    else:
        header = {"typ": "JWT", "alg": "RS256", "kid": rand(rng, URLSAFE, 27)}
        signing = _segments(header, claims)
        sig = bytes(rng.getrandbits(8) for _ in range(256))
    return signing + "." + b64url_nopad(sig)


def _segments(header: dict[str, str], claims: dict[str, object]) -> str:
    compact = {"separators": (",", ":")}
    return b64url_nopad(json.dumps(header, **compact).encode()) + "." + b64url_nopad(json.dumps(claims, **compact).encode())


def opaque_bearer(rng: random.Random) -> str:
    return rng.choice((lambda: "ya29." + rand(rng, URLSAFE, 120), lambda: rand(rng, ALNUM, 40),
                       lambda: rand(rng, URLSAFE, 64)))()


def pem(rng: random.Random) -> tuple[str, str]:
    """(the whole PEM block, its first body line)."""
    label, size = rng.choice((("RSA PRIVATE KEY", 1190), ("PRIVATE KEY", 1218), ("EC PRIVATE KEY", 121),
                              ("OPENSSH PRIVATE KEY", 399), ("ENCRYPTED PRIVATE KEY", 1298)))
    body = b64(rng, size)
    if label == "RSA PRIVATE KEY":
        body = "MIIE" + body[4:]
    lines = [body[i:i + 64] for i in range(0, len(body), 64 if label != "OPENSSH PRIVATE KEY" else 70)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----", lines[0]


def password(rng: random.Random, symbols: str = "!#%*-_.?+") -> str:
    """What people really choose (word+year+symbol, leetspeak, passphrases) and what generators
    make (random strings); never a placeholder or a dictionary word alone."""
    words = ("Summer", "Winter", "Falcon", "Tiger", "Orange", "Monday", "Harbor", "Pixel", "Rocket", "Maple",
             "Coffee", "Dragon", "Silver", "Cobalt", "Banjo", "Quartz", "Violet", "Nimbus", "Otter", "Juniper")
    style = rng.random()
    sym = rng.choice(symbols) if symbols else ""
    if style < 0.3:
        return f"{rng.choice(words)}{rng.randrange(2015, 2027)}{sym}"
    if style < 0.45:
        leet = rng.choice(words).replace("o", "0").replace("a", "@" if "@" in symbols else "4").replace("e", "3")
        return f"{leet}{sym}{rng.randrange(10, 99)}"
    if style < 0.6:
        parts = [rng.choice(words).lower() for _ in range(3)]
        return "-".join(parts) + str(rng.randrange(10, 99))
    length = rng.randrange(12, 24)
    value = rand(rng, ALNUM + symbols, length)
    return rand(rng, UPPER, 1) + rand(rng, DIGITS, 1) + value[2:]


def generic_api_key(rng: random.Random) -> str:
    return rand(rng, ALNUM, rng.choice((32, 40, 48)))


# --- identifiers that are not secrets ---------------------------------------------------------


def guid(rng: random.Random) -> str:
    h = rand(rng, HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


# --- PII ---------------------------------------------------------------------------------------


def luhn_valid(number: str) -> bool:
    return checksums.luhn_valid(number, min_digits=0)


CARD_BRANDS = {
    # brand: (prefix chooser, length, grouping)
    "visa": (lambda r: "4", 16, (4, 4, 4, 4)),
    "mastercard": (lambda r: str(r.randrange(51, 56)), 16, (4, 4, 4, 4)),
    "mastercard2": (lambda r: str(r.randrange(2221, 2721)), 16, (4, 4, 4, 4)),
    "amex": (lambda r: r.choice(("34", "37")), 15, (4, 6, 5)),
    "discover": (lambda r: r.choice(("6011", "65", "644", "649")), 16, (4, 4, 4, 4)),
    "jcb": (lambda r: str(r.randrange(3528, 3590)), 16, (4, 4, 4, 4)),
    "diners": (lambda r: r.choice(("36", "38", "300", "305")), 14, (4, 6, 4)),
}


def card(rng: random.Random, brand: str | None = None) -> str:
    brand = brand or rng.choice(("visa", "visa", "mastercard", "mastercard2", "mastercard2", "amex",
                                 "discover", "jcb", "diners"))
    prefix_of, length, groups = CARD_BRANDS[brand]
    prefix = prefix_of(rng)
    number = luhn_complete(prefix + rand(rng, DIGITS, length - len(prefix) - 1))
    sep = rng.choice((" ", " ", "-", ""))
    out, i = [], 0
    for g in groups:
        out.append(number[i:i + g])
        i += g
    return sep.join(out)


# IBAN registry BBAN structures: n digits, a upper-case letters, c alphanumerics.
IBAN_FORMATS = {
    "AT": "16n", "BE": "12n", "BG": "4a6n8c", "CH": "5n12c", "CY": "8n16c", "CZ": "20n", "DE": "18n", "DK": "14n",
    "EE": "16n", "ES": "20n", "FI": "14n", "FR": "10n11c2n", "GB": "4a14n", "GR": "7n16c", "HR": "17n",
    "HU": "24n", "IE": "4a14n", "IS": "22n", "IT": "1a10n12c", "LI": "5n12c", "LT": "16n", "LU": "3n13c",
    "LV": "4a13c", "MT": "4a5n18c", "NL": "4a10n", "NO": "11n", "PL": "24n", "PT": "21n", "RO": "4a16c",
    "SE": "20n", "SI": "15n", "SK": "20n", "SA": "2n18c", "AE": "3n16n", "TR": "5n1n16c", "IL": "19n",
    "BR": "8n10n5n1a1c", "QA": "4a21c", "KW": "4a22c",
}


def _bban(rng: random.Random, spec: str) -> str:
    out, count = "", ""
    for ch in spec:
        if ch.isdigit():
            count += ch
            continue
        alphabet = {"n": DIGITS, "a": UPPER, "c": DIGITS * 3 + UPPER}[ch]
        out += rand(rng, alphabet, int(count))
        count = ""
    return out


def iban_valid(iban: str) -> bool:
    return iban.replace(" ", "").upper()[:2] in IBAN_FORMATS and checksums.iban_valid(iban)


def iban(rng: random.Random, country: str | None = None, grouped: bool | None = None) -> str:
    country = country or rng.choice(sorted(IBAN_FORMATS))
    bban = _bban(rng, IBAN_FORMATS[country])
    if country == "BE":  # national check: the last two digits are the first ten mod 97
        head = bban[:10]
        bban = head + f"{int(head) % 97 or 97:02d}"
    if country == "TR":
        bban = bban[:5] + "0" + bban[6:]
    compact = f"{country}{iban_check_digits(country, bban)}{bban}"
    if grouped if grouped is not None else rng.random() < 0.55:
        return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
    return compact


def ssn(rng: random.Random) -> str:
    while True:
        area = rng.randrange(1, 900)
        if area != 666:
            break
    number = f"{area:03d}{rng.randrange(1, 100):02d}{rng.randrange(1, 10000):04d}"
    sep = rng.choice(("-", "-", "-", " ", ""))
    return f"{number[:3]}{sep}{number[3:5]}{sep}{number[5:]}"


def ssn_valid(value: str) -> bool:
    d = "".join(c for c in value if c.isdigit())
    return (len(d) == 9 and d[:3] not in ("000", "666") and d[0] != "9" and d[3:5] != "00" and d[5:] != "0000")


# Phones: (region, national significant number prefixes, nsn length, formats as digit counts)
PHONE_PLANS = {
    "US": (("206", "212", "312", "415", "425", "512", "617", "646", "713", "303", "404", "469", "571", "702"), 10),
    "GB": (("20", "161", "131", "7700", "7911", "7400", "1632"), 10),
    "DE": (("30", "89", "40", "69", "1512", "1701", "1523"), 0),
    "FR": (("1", "6", "7", "4", "5"), 9),
    "IN": (("98", "99", "91", "70", "80"), 10),
    "AU": (("2", "3", "4", "7", "8"), 9),
    "NL": (("20", "10", "6"), 9),
    "ES": (("91", "93", "6", "7"), 9),
    "JP": (("3", "6", "90", "80"), 0),
    "BR": (("11", "21", "31"), 0),
    "CA": (("416", "604", "514", "613"), 10),
}


def phone(rng: random.Random, region: str | None = None) -> str:
    """A number libphonenumber calls valid, in a format people write."""
    region = region or rng.choice(("US", "US", "US", "US", "GB", "DE", "FR", "IN", "AU", "NL", "ES", "JP", "BR", "CA"))
    prefixes, length = PHONE_PLANS[region]
    for _ in range(500):
        prefix = rng.choice(prefixes)
        total = length or rng.choice((10, 11))
        nsn = prefix + rand(rng, DIGITS, total - len(prefix))
        if region in ("US", "CA") and (nsn[3] in "01" or nsn[3:6] == "555"):
            continue
        try:
            parsed = phonenumbers.parse("+" + str(phonenumbers.country_code_for_region(region)) + nsn)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            break
    else:  # pragma: no cover - plans above always find one
        raise RuntimeError(region)
    style = rng.random()
    if region in ("US", "CA"):
        a, b, c = nsn[:3], nsn[3:6], nsn[6:]
        return rng.choice((f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"+1 ({a}) {b}-{c}",
                           f"+1-{a}-{b}-{c}", f"1-{a}-{b}-{c}", f"+1{a}{b}{c}"))
    fmt = (phonenumbers.PhoneNumberFormat.INTERNATIONAL if style < 0.6 else
           phonenumbers.PhoneNumberFormat.E164 if style < 0.75 else phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, fmt)


def phone_valid(value: str) -> bool:
    try:
        parsed = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed) or phonenumbers.is_possible_number(parsed)


def _public_ipv4(rng: random.Random) -> str:
    first = rng.choice((13, 20, 23, 40, 51, 52, 64, 65, 70, 74, 81, 94, 98, 104, 137, 145, 151, 168, 185, 213))
    return f"{first}.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"


def ipv4(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.55:
        return _public_ipv4(rng)
    if kind < 0.8:
        return f"10.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"
    if kind < 0.92:
        return f"192.168.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"
    return f"172.{rng.randrange(16, 32)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"


def ipv6(rng: random.Random) -> str:
    groups = [rng.choice(("2603", "2a01", "2001", "2620", "2406")), rand(rng, HEX, 4).lstrip("0") or "0"]
    groups += [rand(rng, HEX, rng.randrange(1, 5)).lstrip("0") or "0" for _ in range(6)]
    if groups[0] == "2001" and groups[1] == "db8":
        groups[1] = "4860"
    kind = rng.random()
    if kind < 0.4:
        return ":".join(groups)
    if kind < 0.8:
        return ":".join(groups[:3]) + "::" + ":".join(groups[6:])
    return "fe80::" + ":".join(groups[4:])


FIRST = ("Maria", "John", "Priya", "Wei", "Olga", "Ahmed", "Sofia", "Liam", "Chen", "Fatima", "Lucas", "Emma",
         "Hiroshi", "Aisha", "Mateo", "Ingrid", "Kwame", "Elena", "Raj", "Sarah", "David", "Ana", "Tomasz", "Yuki",
         "Daniel", "Grace", "Omar", "Nadia", "Peter", "Laura", "Jonas", "Mei", "Carlos", "Julia", "Samuel", "Zoe")
LAST = ("Gonzalez", "Smith", "Raman", "Zhang", "Petrova", "Hassan", "Rossi", "O'Brien", "Nakamura", "Okafor",
        "Silva", "Johansson", "Kowalski", "Müller", "Dubois", "Patel", "Andersen", "Kim", "Novak", "Fischer",
        "Garcia", "Haddad", "Lindqvist", "Mensah", "Tanaka", "Moreau", "Schneider", "Ivanova", "Walsh", "Costa")
DOMAINS = ("contoso.com", "fabrikam.com", "northwindtraders.com", "adatum.com", "woodgrovebank.com", "tailspintoys.com",
           "gmail.com", "outlook.com", "proton.me", "litware.co.uk", "wingtiptoys.de", "alpineskihouse.fr")


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def email(rng: random.Random, first: str | None = None, last: str | None = None) -> str:
    first = first or rng.choice(FIRST)
    last = (last or rng.choice(LAST)).replace("'", "").replace("ü", "ue")
    local = rng.choice((f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randrange(1, 99)}", f"{first}_{last}",
                        f"{last}.{first}+billing", f"{first}.{last}"))
    domain = rng.choice(DOMAINS)
    if rng.random() < 0.15:
        domain = rng.choice(("eu.", "corp.", "mail.")) + domain
    out = f"{local}@{domain}"
    return out.upper() if rng.random() < 0.05 else out.lower()
