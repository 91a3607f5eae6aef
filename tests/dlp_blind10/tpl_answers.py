"""Model answers that echo, summarise or reformat what was pasted: values repeated and re-grouped (a card
in 4-4-4-4 and then compact, a phone in E.164), and redaction-like partial masks that are not values."""

from __future__ import annotations

from tests.dlp_eval.corpus import V

from .build import Doc, template
from .tpl_common import neg, setting
from .values import Values


@template("answer_card_reformat", 1.3)
def card_reformat(d: Doc, v: Values) -> None:
    spaced, compact = v.card_pair()
    d.w("Here is the record normalised for the import:\n\n- Cardholder: ", v.person(), "\n- Card (display): ", spaced,
        "\n- Card (storage format, digits only): ", compact, "\n- Masked for receipts: ", v.masked_card(),
        "\n\nNote: you should not store the full PAN unless your system is PCI DSS compliant.")


@template("answer_phone_e164", 1.3)
def phone_e164(d: Doc, v: Values) -> None:
    first, e164 = v.phone_pair()
    d.w("Sure — I converted the number to E.164 so the SMS gateway accepts it:\n\n| Input | E.164 |\n|---|---|\n| ", first, " | ", e164,
        " |\n\nThe old fictional test number ", v.fict_phone(), " will be rejected by the gateway.")


@template("answer_summary_kyc")
def summary_kyc(d: Doc, v: Values) -> None:
    first, last = v.names()
    d.w("Summary of the onboarding form:\n\n* **Name:** ", V(f"{first} {last}", "PERSON", "PERSON"), "\n* **IBAN:** ",
        v.iban(), "\n* **Contact:** ", v.email(first, last), "\n* Missing: proof of address, date of birth.\n\nMasked for the CRM: SSN ",
        v.masked_ssn(), ", card ", v.masked_card(), ".")


@template("answer_redacted_echo", 1.5)
def redacted_echo(d: Doc, v: Values) -> None:
    d.w("I've removed the sensitive parts before summarising:\n\n- Customer: [REDACTED]\n- Card: ", v.masked_card(), "\n- SSN: ",
        v.masked_ssn(), "\n- Password: ", v.placeholder(), "\n- Key: ", v.masked_secret(), "\n\nThe ticket ", v.order_number(),
        " can be closed once the refund posts.")


@template("answer_config_fixed", 3.5)
def config_fixed(d: Doc, v: Values) -> None:
    style = v.pick("env", "yaml", "json", "docker", "ansible")
    fence = {"env": "", "yaml": "yaml", "json": "json", "docker": "dockerfile", "ansible": "yaml"}[style]
    d.w(v.pick("The problem is the quoting. Here is the corrected version:\n\n", "Here's the cleaned-up file:\n\n"), f"```{fence}\n",
        *setting(v, style), "```\n\n", v.pick("Move the secret to Key Vault and rotate it — it has been shared in this chat.",
                                               "This should fix the 401.", ""))


@template("answer_translation")
def translation(d: Doc, v: Values) -> None:
    c = v.pick("de", "fr", "es", "it")
    country = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT"}[c]
    d.w("Here is the English translation:\n\n\"Dear ", v.pick("Mr ", "Ms ", "Dr "), v.person(c, "last"), ",\n\nwe confirm the refund of ",
        f"{v.r.randrange(20, 900)}.{v.r.randrange(0, 99):02d}", " EUR to the account ", v.iban(country), ". If you have questions, call us on ",
        v.phone(country, "intl"), ".\n\nKind regards,\n", v.person(c), "\"")


@template("answer_password_echo", 0.7)
def password_echo(d: Doc, v: Values) -> None:
    pw = v.password()
    d.w("Here's a friendlier version of your message:\n\n> Hi ", v.person(v.culture(), "first"),
        ", your temporary password is ", v.cred("password_prose", pw), ". Please change it when you first sign in.\n\n",
        "Tip: send the password through a separate channel from the username.")


@template("answer_code_secret", 3.0)
def code_secret(d: Doc, v: Values) -> None:
    style = v.pick("py", "js", "cs", "go")
    fence = {"py": "python", "js": "javascript", "cs": "csharp", "go": "go"}[style]
    d.w("Your code works, but here's a version with error handling:\n\n", f"```{fence}\n", *setting(v, style),
        "# " if style == "py" else "// ", "TODO: read this from the environment\n```\n")


@template("answer_no_values", 2.0)
def no_values(d: Doc, v: Values) -> None:
    d.w(v.pick("The error means the token has expired. Request a new one from the identity provider and retry; do not paste it here.",
               "To rotate the storage key, use `az storage account keys renew`, then update the Key Vault secret and restart the app.",
               "I can't see the attachment. Please describe the issue without including passwords or card numbers."),
        "\n\nReference: ", neg(v), v.pick("", f" (build {v.version().text})"))


@template("answer_people_summary")
def people_summary(d: Doc, v: Values) -> None:
    d.w("Meeting summary:\n\n- ", v.person(), " will prepare the budget for ", v.not_name(), ".\n- ", v.person(v.culture(), "first"),
        " asked to move the review to ", v.pick("Monday", "Friday", "next week"), ".\n- Decision: keep ", v.not_name(), " as the vendor.\n")


@template("answer_iban_regroup")
def iban_regroup(d: Doc, v: Values) -> None:
    compact = v.iban_compact()
    d.w("I regrouped the IBAN in blocks of four so it's easier to read:\n\n", V(compact, "IBAN_CODE", "IBAN_CODE"), " → ",
        V(v.group4(compact), "IBAN_CODE", "IBAN_CODE"), "\n\nThe checksum is valid. The other one (", v.bad_iban(), ") fails mod-97.")


@template("answer_ssn_format")
def ssn_format(d: Doc, v: Values) -> None:
    ssn = v.ssn("plain")
    dashed = V(f"{ssn.text[:3]}-{ssn.text[3:5]}-{ssn.text[5:]}", "US_SSN", "US_SSN")
    d.w("Formatted: ", dashed, " (was entered as ", ssn, "). Values like ", v.bad_ssn(),
        " are rejected because that range is never issued.")
