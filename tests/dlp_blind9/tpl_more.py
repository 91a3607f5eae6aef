"""Prompts, part three: payment and banking prose, tokens asked about in prose, and texts with nothing
sensitive in them but look-alikes."""

from __future__ import annotations

from tests.dlp_eval.corpus import N

from .build import Doc, template
from .tpl_common import ticket_no
from .values import Values, rand


@template("chat_token_question", 10.0)
def chat_token_question(d: Doc, x: Values) -> None:
    r = x.r
    _, tok = x.token()
    lead, tail = r.choice((("is this token still valid? ", ""), ("I accidentally pasted ", " into a public gist, what do I do?"),
                           ("our vendor sent us ", " in a plain email, is that normal?"), ("Token: ", "\nwhy does it get 403?"),
                           ("ich habe den Key ", " im Log gefunden, müssen wir rotieren?"), ("la clave ", " sigue funcionando después de rotar, ¿por qué?"),
                           ("est-ce que ", " doit être révoqué ?"), ("", " <- this one, from the old pipeline")))
    d.w(lead, tok, tail)
    if r.random() < 0.35:
        d.w("\n", x.neg(r.choice(("chatcmpl", "commit_sha", "guid", "masked"))))


@template("chat_card_prose", 2.8)
def chat_card_prose(d: Doc, x: Values) -> None:
    r = x.r
    n = x.first()
    d.w(r.choice(("Customer on the phone (", "Caller (", "Cliente (")), n, r.choice((") read out her card: ", ") gave card no. ", ") dice que la tarjeta es ")),
        x.card(), r.choice((", exp 09/28. Can you check if the BIN is Mastercard?", " — is that a valid number?", ". It was declined twice, why?")))


@template("log_payment_gateway", 2.0)
def log_payment_gateway(d: Doc, x: Values) -> None:
    r = x.r
    d.w(x.ts(), " ERROR PaymentService - authorize failed {\"orderId\":\"", x.neg("order_number"), "\",\"pan\":\"",
        x.card() if r.random() < 0.8 else x.neg("test_card"), "\",\"amount\":", str(r.randrange(5, 900)), ",\"reason\":\"do_not_honor\"}\n",
        "we shouldn't log the pan, right? how to fix the logger")


@template("mail_invoice_bank", 3.2)
def mail_invoice_bank(d: Doc, x: Values) -> None:
    r = x.r
    lang = r.choice(("en", "de", "fr", "es", "it", "nl", "pl"))
    line = {"en": "Please remit to IBAN ", "de": "Bitte überweisen Sie auf IBAN ", "fr": "Merci de régler sur l'IBAN ",
            "es": "Por favor transfiera al IBAN ", "it": "Si prega di effettuare il bonifico sull'IBAN ", "nl": "Gelieve over te maken op IBAN ",
            "pl": "Prosimy o przelew na IBAN "}[lang]
    d.w("Is this invoice email a phishing attempt?\n\n", line, x.iban(), r.choice((" (BIC: COBADEFFXXX).", ".", ", ref. INV-" + rand(r, "0123456789", 6) + ".")),
        "\n", x.name(), "\n")
    if r.random() < 0.3:
        d.w("Old account (do not use): ", x.neg("example_iban"), "\n")


@template("ticket_refund", 1.8)
def ticket_refund(d: Doc, x: Values) -> None:
    r = x.r
    d.w("Refund request ", ticket_no(x), ": refund €", str(r.randrange(10, 500)), " to ")
    d.w(x.iban() if r.random() < 0.5 else x.card())
    d.w(". Customer ID ", x.neg("gl_account"), ". Draft the confirmation.")


@template("data_ssn_freeform", 1.6)
def data_ssn_free(d: Doc, x: Values) -> None:
    r = x.r
    d.w(r.choice(("my ssn is ", "SSN ", "social: ", "the applicant's social security no. is ")), x.ssn(), r.choice((
        " and the portal says invalid", ", DOB 04/12/1987 — fill the I-9 for me", "; can you format the W-2 box a?")))


@template("shell_ip_diag", 1.1)
def shell_ip_diag(d: Doc, x: Values) -> None:
    r = x.r
    d.w("$ traceroute ", x.ip(), "\n 1  ", x.ip(), "  0.412 ms\n 2  * * *\n\nwhere does it stop? firewall build ", x.neg("version"))
    if r.random() < 0.3:
        d.w("\nipv6 path: ", x.ip6())


# --- nothing sensitive --------------------------------------------------------------------------


@template("chat_no_values", 3.4)
def chat_no_values(d: Doc, x: Values) -> None:
    r = x.r
    d.w(r.choice(("can you tell me why the hotel wifi blocks port ", "tell me how to open port ", "hotel booking ref ")),
        str(r.randrange(1000, 9999)), r.choice(("?", " on the firewall", " — is that enough for the trip")), "\n")
    d.w(r.choice(("also: ", "btw ")), N(r.choice(("git", "az", "npm", "Kafka", "Copilot")), "code_word", "PERSON"), " ",
        r.choice(("says 'detached HEAD', what now?", "login loops forever", "is slow since the upgrade to ")))
    if d.text.endswith("to "):
        d.w(x.neg("version"))


@template("answer_no_values", 2.6)
def answer_no_values(d: Doc, x: Values) -> None:
    r = x.r
    p = r.random()
    if p < 0.25:
        d.w("Never commit real keys; use a placeholder like `", x.neg("placeholder"), "` and inject the value at deploy time. The AWS docs use ",
            x.neg("aws_example"), " for the same reason.")
    elif p < 0.5:
        d.w("Build ", x.neg("build_id"), " at commit ", x.neg("commit_sha"), " is the last green one; roll back to it.")
    elif p < 0.75:
        d.w("For local Cosmos DB development the emulator key is public:\n\n", x.neg("cosmos_emulator"), "\n\nIt only works against the emulator.")
    else:
        d.w("The fictional number ", x.neg("fict_phone"), " and ", x.neg("example_email"), " are safe for screenshots; the test card ",
            x.neg("test_card"), " works only in sandbox mode.")


@template("log_no_values", 2.4)
def log_no_values(d: Doc, x: Values) -> None:
    d.w(x.ts(), " INFO  completion ", x.neg("chatcmpl"), " tokens=812 latency_ms=", x.num(100, 4000), "\n",
        x.ts(), " WARN  retry 2/5 operation-id ", x.neg("guid"), "\n", x.ts(), " INFO  deployed image digest ", x.neg("sha256"), "\n",
        "\nwhy the retries?")
