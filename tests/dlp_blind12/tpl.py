"""The twelfth corpus's templates: prompts to an assistant and its answers, of six kinds (support tickets,
code, configuration files, logs, e-mails, chat), each kind with texts that carry values and hard-negative
texts that carry none. Genre names start with the kind (answers with answer_ and then the kind)."""

from __future__ import annotations

from tests.dlp_blind9.build import Doc, Registry
from tests.dlp_eval.corpus import PERSON, N, V

from .snippets import write_cred
from .values import Values

REGISTRY = Registry("b12")
POSITIVE: list[str] = []
NEGATIVE: list[str] = []


def template(genre: str, negative: bool = False):  # noqa: ANN201
    (NEGATIVE if negative else POSITIVE).append(genre)
    return REGISTRY.template(genre, 1.0)


def ts(v: Values) -> str:
    return (f"2026-{v.r.randrange(1, 13):02d}-{v.r.randrange(1, 29):02d}T{v.r.randrange(24):02d}:{v.r.randrange(60):02d}:"
            f"{v.r.randrange(60):02d}.{v.r.randrange(1000):03d}Z")


def lang(v: Values) -> str:
    return v.pick(("en", "en", "en", "en", "de", "fr", "es"))


def pii(d: Doc, v: Values, lg: str = "en") -> None:
    """One PII value, said the way a support agent or analyst says it."""
    kinds = ("email", "phone", "card", "iban", "ssn", "ip")
    low = min(v.used["pii:" + k] for k in kinds)
    kind = v.pick(tuple(k for k in kinds if v.used["pii:" + k] == low))
    v.used["pii:" + kind] += 1
    lead = {
        "email": {"en": "You can reach the customer at ", "de": "Kunde erreichbar unter ", "fr": "Le client : ",
                  "es": "El cliente: "},
        "phone": {"en": "Callback number: ", "de": "Rückruf unter ", "fr": "Rappeler au ", "es": "Llamar al "},
        "card": {"en": "Card on file: ", "de": "Kreditkarte: ", "fr": "Carte : ", "es": "Tarjeta: "},
        "iban": {"en": "Refund to IBAN ", "de": "Erstattung auf IBAN ", "fr": "Rembourser sur l'IBAN ",
                 "es": "Reembolso al IBAN "},
        "ssn": {"en": "SSN for the W-2 correction: ", "de": "SSN (US-Mitarbeiter): ", "fr": "SSN (salarié US) : ",
                "es": "SSN del empleado: "},
        "ip": {"en": "Requests come from ", "de": "Zugriffe kommen von ", "fr": "Les requêtes viennent de ",
               "es": "Las peticiones vienen de "},
    }[kind][lg]
    val = {"email": v.email, "phone": v.phone, "card": v.card, "iban": v.iban, "ssn": v.ssn, "ip": v.ip}[kind]()
    d.w(lead, val, "\n")


def decoys(d: Doc, v: Values, n: int = 1) -> None:
    """Sentences holding hard negatives."""
    for _ in range(n):
        k = v.r.randrange(12)
        if k == 0:
            d.w("Agent version ", v.neg("version"), ", build ", v.neg("build_id"), ".\n")
        elif k == 1:
            d.w("Order ", v.neg("order_number"), " (lot ", v.neg("lot_number"), ") was charged ", v.neg("amount"), ".\n")
        elif k == 2:
            d.w("Posted to GL ", v.neg("gl_account"), " with ", v.neg("invoice"), " on ", v.neg("date"), ".\n")
        elif k == 3:
            d.w("Correlation id ", v.neg("guid"), ", commit ", v.neg("commit_sha"), ".\n")
        elif k == 4:
            d.w("Image digest sha256:", v.neg("sha256"), "\n")
        elif k == 5:
            d.w("The docs use ", v.neg("aws_example"), " as the sample key, don't copy it.\n")
        elif k == 6:
            d.w("In staging use the test card ", v.neg("test_card"), "; ", v.neg("luhn_fail"), " is rejected as expected.\n")
        elif k == 7:
            d.w("Key is now stored as ", v.neg("placeholder"), " and shows as ", v.neg("masked"), " in the portal.\n")
        elif k == 8:
            d.w("The cert policy OID is ", v.neg("oid"), "; the sample host in the doc is ", v.neg("doc_ip"), ".\n")
        elif k == 9:
            d.w(v.neg("tool_name"), " kicked off the job and ", v.neg("tool_name"), " failed at the plan step.\n")
        elif k == 10:
            d.w("Can you ", N("tell", "code_word", "password_prose"), " me why the ", N("token", "code_word", "password_prose"),
                " refresh fails even though the smoke tests ", N("pass", "code_word", "password_prose"),
                "? Form validation shows ", v.neg("bad_ssn"), " and IBAN ", v.neg("bad_iban"), " as invalid, which is right.\n")
        else:
            d.w("Placeholder contact in the template: ", v.neg("example_email"), ", ", v.neg("fict_phone"), "; IBAN field shows ",
                v.neg("example_iban"), ".\n")


# --- support tickets --------------------------------------------------------------------------------


@template("ticket_access")
def ticket_access(d: Doc, v: Values) -> None:
    lg = lang(v)
    first, last = v.person()
    d.w(f"INC{v.r.randrange(10**6, 10**7)} | P{v.r.randrange(1, 4)} | Service Desk\nRequester: ", v.name(), "\n")
    head = {"en": "Summarize this ticket and draft a reply.\n\n", "de": "Bitte fasse das Ticket zusammen.\n\n",
            "fr": "Résume ce ticket et propose une réponse.\n\n", "es": "Resume este ticket y redacta una respuesta.\n\n"}[lg]
    d.w(head, "User cannot log in to the VPN after the password reset. ")
    write_cred(d, v, "prose", lg, "password_prose" if v.chance(0.7) else None)
    if v.chance(0.6):
        pii(d, v, lg)
    if v.chance(0.4):
        d.w("Assigned to ", V(f"{first} {last}", PERSON, PERSON), ".\n")
    else:
        d.w("Assigned to: L2 Identity\n")


@template("ticket_billing")
def ticket_billing(d: Doc, v: Values) -> None:
    lg = lang(v)
    d.w("Customer complaint, please classify and suggest next steps:\n\n")
    d.w("From: ", v.name(), "\n")
    pii(d, v, lg)
    if v.chance(0.6):
        pii(d, v, lg)
    decoys(d, v, 1)
    if v.chance(0.5):
        d.w("Internal note: the payment gateway integration uses\n")
        write_cred(d, v, "env")


@template("ticket_integration")
def ticket_integration(d: Doc, v: Values) -> None:
    d.w(f"Ticket #{v.r.randrange(10000, 99999)} - integration returns 401 since yesterday\nReporter: ",
        v.name() if v.chance(0.5) else "build-agent-07", "\n\n")
    d.w("Steps: ran the command below from the build agent.\n")
    write_cred(d, v, "cli")
    if v.chance(0.4):
        write_cred(d, v, "cli")
    if v.chance(0.4):
        decoys(d, v, 1)
    d.w("Expected 200, got 401. Please advise.\n")


@template("ticket_hr")
def ticket_hr(d: Doc, v: Values) -> None:
    d.w("HR case - payroll change. Rewrite this politely for the employee.\n\nEmployee: ", v.name(), "\n")
    pii(d, v)
    if v.chance(0.5):
        pii(d, v)
    if v.chance(0.5):
        d.w("Portal account reset, ")
        write_cred(d, v, "prose")


@template("answer_ticket_reply")
def answer_ticket_reply(d: Doc, v: Values) -> None:
    d.w("Here's a draft reply:\n\nHi ", v.name(first_only=True), ",\n\nthanks for reaching out. ")
    if v.chance(0.5):
        d.w("I've reset your account; ")
        write_cred(d, v, "prose")
    else:
        d.w("We've confirmed the details on file:\n")
        pii(d, v)
    if v.chance(0.5):
        pii(d, v)
    d.w("\nBest regards,\nService Desk\n")


@template("ticket_neg", negative=True)
def ticket_neg(d: Doc, v: Values) -> None:
    d.w(f"Ticket #{v.r.randrange(10000, 99999)} - export job failing\nPlease triage.\n\n")
    decoys(d, v, v.r.randrange(2, 4))
    d.w("No credentials changed on our side; the token refresh ran as usual.\n")


@template("answer_ticket_neg", negative=True)
def answer_ticket_neg(d: Doc, v: Values) -> None:
    d.w("Summary of the ticket:\n- ")
    decoys(d, v, 1)
    d.w("- ")
    decoys(d, v, 1)
    d.w("Suggested next step: ask the customer to pass the error screenshot to the support team.\n")


# --- code ---------------------------------------------------------------------------------------------


@template("code_python")
def code_python(d: Doc, v: Values) -> None:
    d.w(v.pick(("Why does this return 401?", "Refactor this to read from Key Vault.", "Add retries to this.",
                "Warum schlägt das fehl?", "Pourquoi ça plante ?")), "\n\n```python\nimport os\nimport requests\n\n")
    write_cred(d, v, "code")
    if v.chance(0.5):
        write_cred(d, v, "code")
    d.w("\nresp = requests.get(BASE_URL + \"/orders\", timeout=10)\nresp.raise_for_status()\n```\n")
    if v.chance(0.3):
        decoys(d, v, 1)


@template("code_csharp")
def code_csharp(d: Doc, v: Values) -> None:
    d.w("Convert this to use DefaultAzureCredential:\n\n```csharp\npublic class OrderRepository\n{\n")
    write_cred(d, v, "code", "cs")
    d.w("    public async Task<Order?> GetAsync(int id) { /* ... */ }\n}\n```\n")
    if v.chance(0.3):
        d.w("Author: ", v.name(), "\n")
    elif v.chance(0.3):
        d.w("Test data in the fixture: ")
        pii(d, v)


@template("code_shell")
def code_shell(d: Doc, v: Values) -> None:
    d.w(v.pick(("Turn this into a GitHub Actions step:", "What does this script do?", "Make this idempotent:")),
        "\n\n```bash\n#!/usr/bin/env bash\nset -euo pipefail\n")
    write_cred(d, v, "cli")
    if v.chance(0.5):
        write_cred(d, v, "cli")
    d.w("./deploy.sh --env prod\n```\n")


@template("code_sql")
def code_sql(d: Doc, v: Values) -> None:
    d.w("Optimize this query and explain the plan:\n\n```sql\nSELECT c.customer_id, c.full_name, c.email\nFROM customers c\n"
        "WHERE c.country = 'DE' AND c.created_at > '2026-01-01';\n-- sample row:\n-- 4711 | ")
    d.w(v.name(), " | ", v.email(), "\n")
    if v.chance(0.5):
        d.w("-- ", v.ip(), " last login\n")
    d.w("```\n")
    if v.chance(0.5):
        d.w("Connection I use:\n")
        write_cred(d, v, "code")


@template("answer_code_fix")
def answer_code_fix(d: Doc, v: Values) -> None:
    d.w("The 401 comes from the header name. Here is the corrected snippet:\n\n```python\n")
    write_cred(d, v, "code")
    d.w("```\n\nAlso consider moving the secret out of source control and rotating it.\n")
    if v.chance(0.3):
        decoys(d, v, 1)


@template("code_neg", negative=True)
def code_neg(d: Doc, v: Values) -> None:
    d.w("Why does pip resolve the wrong version?\n\n```text\n")
    decoys(d, v, 2)
    d.w("```\n\n```python\ntoken = os.environ[\"API_TOKEN\"]  # read at runtime\npassword = getpass.getpass()\n```\n")


@template("answer_code_neg", negative=True)
def answer_code_neg(d: Doc, v: Values) -> None:
    d.w("Use a placeholder instead of a real value:\n\n```yaml\napi_key: ", v.neg("placeholder"), "\n```\n\n")
    decoys(d, v, 1)
    d.w("Then pass the token via the pipeline's secret store.\n")


# --- configuration files -------------------------------------------------------------------------------


@template("config_env")
def config_env(d: Doc, v: Values) -> None:
    d.w(v.pick(("Here's my .env, why doesn't the app pick it up?", "Check this .env for mistakes:",
                "Meine .env-Datei:", "Mon fichier .env :")), "\n\n```\nNODE_ENV=production\nPORT=8080\n")
    write_cred(d, v, "env")
    write_cred(d, v, "env")
    if v.chance(0.3):
        d.w("ALLOWED_ORIGIN_IP=", v.ip(), "\n")
    d.w("```\n")


@template("config_yaml")
def config_yaml(d: Doc, v: Values) -> None:
    d.w(v.pick(("The pod crashloops with this values.yaml:", "docker-compose.yml below, the db container won't start:",
                "Validate this k8s manifest:")), "\n\n```yaml\n")
    write_cred(d, v, "yaml")
    if v.chance(0.6):
        write_cred(d, v, "yaml")
    if v.chance(0.3):
        d.w("  nodeIp: ", v.ip(), "\n")
    d.w("```\n")


@template("config_json")
def config_json(d: Doc, v: Values) -> None:
    d.w(v.pick(("appsettings.Production.json:", "local.settings.json for the function app:", "Is this config valid JSON?")),
        "\n\n```json\n{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n")
    write_cred(d, v, "json")
    if v.chance(0.5):
        write_cred(d, v, "json")
    if v.chance(0.3):
        d.w('  "AdminEmail": "', v.email(), '",\n')
    elif v.chance(0.2):
        d.w('  "SeedCustomer": { "Iban": "', v.iban(), '" },\n')
    d.w('  "AllowedHosts": "*"\n}\n```\n')


@template("answer_config_fixed")
def answer_config_fixed(d: Doc, v: Values) -> None:
    d.w("Your YAML indentation is off. Fixed version:\n\n```yaml\nservices:\n  api:\n    image: contosoacr.azurecr.io/api:",
        v.neg("version"), "\n    environment:\n")
    write_cred(d, v, "yaml")
    d.w("```\n")
    if v.chance(0.3):
        write_cred(d, v, "env")


@template("config_neg", negative=True)
def config_neg(d: Doc, v: Values) -> None:
    d.w("Why is this ignored?\n\n```yaml\nimage: registry/app:", v.neg("version"), "\nenv:\n  DB_PASSWORD: ", v.neg("placeholder"),
        "\n  API_KEY: ", v.neg("masked"), "\n  AWS_ACCESS_KEY_ID: ", v.neg("aws_example"), "\n```\n")
    decoys(d, v, 1)


@template("answer_config_neg", negative=True)
def answer_config_neg(d: Doc, v: Values) -> None:
    d.w("Reference the secret rather than inlining it:\n\n```json\n{\n  \"ApiKey\": \"", v.neg("placeholder"), "\",\n"
        "  \"BuildId\": \"", v.neg("build_id"), "\",\n  \"Thumbprint\": \"", v.neg("commit_sha"), "\"\n}\n```\n")


# --- logs --------------------------------------------------------------------------------------------


@template("log_app")
def log_app(d: Doc, v: Values) -> None:
    d.w("What's the root cause here?\n\n")
    for _ in range(v.r.randrange(1, 3)):
        d.w(f"{ts(v)} INFO  worker[{v.r.randrange(1, 9)}] batch done in {v.r.randrange(20, 900)} ms\n")
    d.w(f"{ts(v)} ERROR ")
    write_cred(d, v, "log")
    d.w(f"{ts(v)} WARN  client ", v.ip(), " retried 3 times\n")


@template("log_auth")
def log_auth(d: Doc, v: Values) -> None:
    d.w("Suspicious sign-ins, anything to worry about?\n\n")
    d.w(f"{ts(v)} signin user=", v.email(), " src=", v.ip(), " result=failure\n")
    d.w(f"{ts(v)} signin user=svc-backup src=", v.neg("doc_ip"), " result=success\n")
    if v.chance(0.5):
        d.w(f"{ts(v)} DEBUG ")
        write_cred(d, v, "log")


@template("log_trace")
def log_trace(d: Doc, v: Values) -> None:
    d.w("Traceback (most recent call last):\n  File \"/app/sync.py\", line 88, in run\n    client.upload(blob)\n")
    d.w("  locals: ")
    write_cred(d, v, "log")
    d.w("azure.core.exceptions.ClientAuthenticationError: Server failed to authenticate the request.\n\nWhat does this mean?\n")


@template("answer_log_summary")
def answer_log_summary(d: Doc, v: Values) -> None:
    d.w("Root cause: the token expired at 02:14 and the job kept retrying. The failing request was:\n\n")
    write_cred(d, v, "log")
    d.w("\nCalls came from ", v.ip(), "; ask the owner of the Jenkins job to rotate the credential.\n")


@template("log_neg", negative=True)
def log_neg(d: Doc, v: Values) -> None:
    d.w("Explain these logs:\n\n")
    for _ in range(3):
        d.w(f"{ts(v)} INFO ")
        decoys(d, v, 1)
    d.w(f"{ts(v)} WARN token cache miss, fetching new token via managed identity\n")


@template("answer_log_neg", negative=True)
def answer_log_neg(d: Doc, v: Values) -> None:
    d.w("The log shows a normal deployment: ")
    decoys(d, v, 2)
    d.w("No secrets are printed; the password field is masked as ", v.neg("masked"), ".\n")


# --- e-mail ---------------------------------------------------------------------------------------------


def mail_head(d: Doc, v: Values) -> tuple[str, str]:
    first, last = v.person()
    d.w("From: ", V(f"{first} {last}", PERSON, PERSON), " <", v.email(first, last), ">\nTo: ",
        v.email() if v.chance(0.4) else v.pick(("it-servicedesk", "AP team", "Platform Engineering")),
        f"\nSubject: {v.pick(('Re: access for the migration', 'Fwd: vendor onboarding', 'Zugangsdaten', 'Accès au serveur', 'Datos de acceso'))}\n\n")
    return first, last


@template("email_credentials")
def email_credentials(d: Doc, v: Values) -> None:
    d.w("Make this e-mail more professional:\n\n")
    mail_head(d, v)
    lg = lang(v)
    d.w({"en": "Hi,\n\nas discussed, ", "de": "Hallo,\n\nwie besprochen, ", "fr": "Bonjour,\n\ncomme convenu, ",
         "es": "Hola,\n\ncomo hablamos, "}[lg])
    write_cred(d, v, "prose", lg, "password_prose" if v.chance(0.4) else None)
    if v.chance(0.3):
        write_cred(d, v, "cli")
    d.w("\nCheers\n")


@template("email_customer")
def email_customer(d: Doc, v: Values) -> None:
    d.w("Translate this customer e-mail to English and extract the action items:\n\n")
    first, _ = mail_head(d, v)
    lg = v.pick(("de", "fr", "es", "en"))
    pii(d, v, lg)
    if v.chance(0.5):
        pii(d, v, lg)
    d.w("\n", V(first, PERSON, PERSON), "\n")


@template("email_signature")
def email_signature(d: Doc, v: Values) -> None:
    d.w("Summarize this thread:\n\n")
    mail_head(d, v)
    d.w("Please find the vendor bank details for the invoice run. ")
    decoys(d, v, 1)
    pii(d, v)
    d.w("\nKind regards,\n", v.name(), "\n", v.pick(("Accounts Payable", "IT Operations", "Procurement")), " | ", v.phone(), "\n")


@template("answer_email_draft")
def answer_email_draft(d: Doc, v: Values) -> None:
    d.w("Subject: Your access details\n\nDear ", v.name(), ",\n\nyour account has been set up. ")
    write_cred(d, v, "prose")
    d.w("For questions contact ", v.email(), ".\n\nBest regards\n")


@template("email_neg", negative=True)
def email_neg(d: Doc, v: Values) -> None:
    d.w("Shorten this mail:\n\nHi team,\n\nthe release is out. ")
    decoys(d, v, 2)
    d.w("Don't forget to pass the tokens through the vault, never in mail.\n\nThanks\n")


@template("answer_email_neg", negative=True)
def answer_email_neg(d: Doc, v: Values) -> None:
    d.w("Here's a shorter version:\n\nHi all, release done. ")
    decoys(d, v, 1)
    d.w("Please tell me if anything breaks.\n")


# --- chat -----------------------------------------------------------------------------------------------


@template("chat_team")
def chat_team(d: Doc, v: Values) -> None:
    d.w("Summarize this Teams thread:\n\n")
    a, b = v.pick(("jdoe", "ops-bot", "mk", "sre-oncall")), v.name(first_only=True)
    lg = lang(v)
    d.w("[09:12] ", a, ": prod deploy failing again\n[09:13] ", b, ": ")
    write_cred(d, v, v.pick(("prose", "cli")), lg)
    d.w("[09:15] ", a, ": thx, works now\n")
    if v.chance(0.4):
        d.w("[09:16] ", b, ": ")
        pii(d, v, lg)


@template("chat_slack")
def chat_slack(d: Doc, v: Values) -> None:
    d.w("who leaked what? summarize:\n\n")
    d.w(v.name(first_only=True), " 10:02\nanyone have the staging creds?\nmarco.b 10:04\n")
    write_cred(d, v, v.pick(("prose", "env", "cli")))
    if v.chance(0.4):
        decoys(d, v, 1)


@template("chat_direct")
def chat_direct(d: Doc, v: Values) -> None:
    lg = lang(v)
    d.w(v.pick(("quick q: ", "help pls - ", "kurze Frage: ", "petite question : ", "pregunta rápida: ")))
    d.w(v.pick(("is it ok to put this in the repo? ", "why does this fail? ", "can you check this? ")))
    write_cred(d, v, v.pick(("prose", "env", "yaml", "cli")), lg)
    if v.chance(0.3):
        pii(d, v, lg)


@template("answer_chat_reply")
def answer_chat_reply(d: Doc, v: Values) -> None:
    d.w("Sure — based on what you pasted, set it like this:\n\n")
    write_cred(d, v, v.pick(("env", "cli", "yaml")))
    d.w("\nThen restart the service. ")
    if v.chance(0.4):
        d.w("If it still fails, ping ", v.name(), ".")
    d.w("\n")


@template("chat_neg", negative=True)
def chat_neg(d: Doc, v: Values) -> None:
    d.w("[14:01] dev: can you tell me which version broke it?\n[14:02] ops: ")
    decoys(d, v, 1)
    d.w("[14:03] dev: did the token pass the check?\n[14:04] ops: ")
    decoys(d, v, 1)


@template("answer_chat_neg", negative=True)
def answer_chat_neg(d: Doc, v: Values) -> None:
    d.w("Short answer: yes. ")
    decoys(d, v, 2)
    d.w("You can pass the build number to the release notes.\n")


def _weights() -> None:
    """About one text in four is a hard-negative text."""
    w = len(POSITIVE) / (3 * len(NEGATIVE))
    for i, t in enumerate(REGISTRY.templates):
        if t.genre in NEGATIVE:
            REGISTRY.templates[i] = type(t)(t.genre, w, t.write)


_weights()
