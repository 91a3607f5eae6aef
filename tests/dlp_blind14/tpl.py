"""The fourteenth corpus's templates: what employees paste into the internal assistant and what it answers, in
seven kinds of request in about equal shares (summarise a thread or transcript, draft a reply to a customer, fix
a script or config, explain a log or stack trace, turn an export into a table / JSON / SQL, translate, incident and
ops chat). Each kind has prompt and answer_ templates with values and hard-negative templates with none (NEGATIVE).
Registered through tests/dlp_blind9/build.py's Registry; the kind of a genre is its first word after answer_."""

from __future__ import annotations

from tests.dlp_blind9.build import Doc, Registry
from tests.dlp_eval.corpus import N, V

from .snippets import S, fill, put_cred, value
from .values import Values

REGISTRY = Registry("b14")
template = REGISTRY.template
NEGATIVE: set[str] = set()


def negative(genre: str, weight: float):  # noqa: ANN201 - a decorator
    NEGATIVE.add(genre)
    return template(genre, weight)


def pii(x: Values, family: str | None = None) -> V:
    family = family or x.least_used(["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS"], "pii:")
    return {"EMAIL_ADDRESS": x.email, "PHONE_NUMBER": x.phone, "CREDIT_CARD": x.card, "IBAN_CODE": x.iban, "US_SSN": x.ssn,
            "IP_ADDRESS": x.ip}[family]()


def pii_sentence(d: Doc, x: Values, family: str | None = None) -> None:
    """One sentence of an e-mail or chat that mentions a PII value in passing."""
    v = pii(x, family)
    f = v.family
    if f == "EMAIL_ADDRESS":
        d.w(x.pick(("Please add ", "Can you cc ", "Loop in ")), v, x.pick((" on the next update.", " going forward.", " as well.")))
    elif f == "PHONE_NUMBER":
        d.w(x.pick(("If anything is unclear call me on ", "Her mobile is ", "The site contact can be reached at ")), v, ".")
    elif f == "CREDIT_CARD":
        d.w(x.pick(("The corporate card on file is ", "They charged the card ", "Card used for the booking: ")), v,
            " (exp ", f"{x.rng.randrange(1, 13):02d}/{x.rng.randrange(26, 31)}", ").")
    elif f == "IBAN_CODE":
        d.w(x.pick(("The supplier's new IBAN is ", "Please pay the deposit into ", "Refund to IBAN ")), v, ", reference ", x.invoice(), ".")
    elif f == "US_SSN":
        d.w(x.pick(("For the W-4 her SSN is ", "The contractor's SSN: ", "Background check needs SSN ")), v, ".")
    else:
        d.w(x.pick(("The calls come from ", "It only fails from ", "Whitelisted address: ")), v, ".")


def sprinkle(d: Doc, x: Values) -> None:
    """A hard-negative aside that fits most prose."""
    x.pick((
        lambda: d.w("Ticket ", x.ticket(), " is still open since ", x.date(), "."),
        lambda: d.w("(We are on ", x.tool(), " ", x.version(), " if that matters.)"),
        lambda: d.w("Budget code ", x.cost_centre(), ", approx. ", x.amount(), "."),
        lambda: d.w("Nothing changed since ", x.month(), " except the ", x.cli(), " upgrade."),
        lambda: d.w("The team in ", x.city(), " saw the same on ", x.date(), "."),
        lambda: d.w("Card on the test tenant is ", x.test_card(), ", that one is fine."),
        lambda: d.w("The docs use ", x.example_email(), " and ", x.doc_ip(), " as examples."),
        lambda: d.w("It failed at ", x.time(), " and again after the retry."),
        lambda: d.w("No idea which ", N(x.pick(("token", "secret", "key", "pass")), "code_word", "password_prose"), " it means, the wiki doesn't tell."),
    ))()


SUBJECTS = ("supplier bank details change", "access for the new starter", "Q3 payroll run", "customer escalation – refund",
            "VPN issues in the branch", "renewal of the CRM licences", "audit request", "relocation package")

# --- summarise --------------------------------------------------------------------------------------------------


@template("summary_mail", 0.3)
def summary_mail(d: Doc, x: Values) -> None:
    d.w(x.pick(("Can you summarise this thread in 3 bullets? I was out since ", "tl;dr this for me please, back from leave ",
                "Summarise and list the open actions. Thread started ")), x.month(), "\n\n")
    d.w("From: ", x.name(), "\nSent: ", x.month(), ", ", x.date(), "\nTo: ", x.team(), "\nSubject: RE: ", x.pick(SUBJECTS), "\n\n")
    d.w(x.pick(("Hi all,\n\n", "Hello team,\n\n", "Dear colleagues,\n\n")))
    if x.chance(0.3):
        pii_sentence(d, x)
    else:
        d.w(x.pick(("Until the vault is sorted, ", "For the cutover tonight ", "As agreed on the call, ")))
        put_cred(d, x, ("prose", "chat"))
        d.w(".")
    d.w(" ")
    sprinkle(d, x)
    d.w("\n\n", x.pick(("Thanks,\n", "Kind regards,\n", "BR\n")))
    d.w(x.first() if x.chance(0.15) else "Finance Shared Services")


@template("summary_meeting", 0.25)
def summary_meeting(d: Doc, x: Values) -> None:
    d.w("Turn this Teams transcript into decisions + action items:\n\n", x.team(), " weekly – ", x.date(), "\n\n")
    d.w(x.name(), "   0:0", str(x.rng.randrange(1, 9)), ":", f"{x.rng.randrange(60):02d}\n")
    d.w(x.pick(("OK let's start, we have the payroll cutover and the ", "Morning. First item is the ", "So the main thing is the ")),
        x.tool(), x.pick((" migration.\n", " licence renewal.\n", " outage from last week.\n")))
    d.w("Speaker 2   0:1", str(x.rng.randrange(0, 9)), ":", f"{x.rng.randrange(60):02d}\n")
    if x.chance(0.8):
        d.w("Yeah, I'll send it after. ")
        put_cred(d, x, ("prose", "chat"))
        d.w(", that's the one we used in ", x.city(), ".\n")
    else:
        pii_sentence(d, x)
        d.w(" I'll follow up by ", x.month(), ".\n")
    d.w("Speaker 3   0:2", str(x.rng.randrange(0, 9)), ":", f"{x.rng.randrange(60):02d}\n")
    d.w("Fine, let's pass on the rest and tell ", x.team(), " to pick it up.\n")


@template("answer_summary_mail", 0.2)
def answer_summary_mail(d: Doc, x: Values) -> None:
    d.w("**Summary**\n\n- ", x.name(), x.pick((" (Procurement) confirms", " from HR says", " reports")),
        x.pick((" the vendor change is approved", " the access request is pending", " the refund was escalated")),
        "; target date ", x.date(), ".\n- ")
    cred = x.chance(0.55)
    if not cred:
        pii_sentence(d, x)
    d.w("\n- The old details (", x.masked(), ") should no longer be used.\n")
    if cred:
        d.w("\n⚠️ The thread also contains a credential in clear text (")
        put_cred(d, x, ("chat",))
        d.w("). I'd recommend rotating it and moving it to Key Vault.\n")
    d.w("\n**Open actions**: confirm with ", x.team(), " before ", x.month(), ".")


@negative("summary_notes", 0.15)
def summary_notes(d: Doc, x: Values) -> None:
    d.w("Summarise these release notes for a non-technical audience:\n\n", x.tool(), " agent ", x.version(), " (", x.date(), ")\n")
    d.w("- Fixed: export job crashed when the cost centre (", x.cost_centre(), ") was empty\n")
    d.w("- Changed: masked card numbers now show as ", x.masked(), " in the UI\n")
    d.w("- Known issue ", x.ticket(), ": certificate template OID ", x.oid(), " not recognised\n")
    d.w("- Build ", x.build(), ", commit ", x.sha(), "\n")
    d.w("Rollout to ", x.city(), " and ", x.city(), " on ", x.month(), ".")


@negative("answer_summary_notes", 0.1)
def answer_summary_notes(d: Doc, x: Values) -> None:
    d.w("Here's a plain-language version:\n\n1. The monthly export no longer stops when a department code is missing (fixed in ",
        x.version(), ").\n2. Card numbers are hidden except the last four digits, e.g. ", x.masked(), ".\n3. One known issue (",
        x.ticket(), ") affects certificate checks; IT will tell you when it is fixed.\n\nExpected completion: ", x.date(), ", around ",
        x.amount(), " of devices updated per day.")


# --- reply to a customer -------------------------------------------------------------------------------------


@template("reply_customer", 0.45)
def reply_customer(d: Doc, x: Values) -> None:
    d.w(x.pick(("Draft a polite reply to this customer, we will refund within 5 days:\n\n", "Help me answer this complaint, keep it short:\n\n",
                "Write a response in a friendly tone. Customer wrote:\n\n")))
    first, last = x.person()
    d.w("\"Hello, my name is ", V(f"{first} {last}", "PERSON", "PERSON"), ". " if x.chance(0.55) else "\"Hello, ", "I ordered on ", x.date(), " (order ", x.order_no(), ") and ")
    v = pii(x, x.pick(("CREDIT_CARD", "PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE", "EMAIL_ADDRESS")))
    v = x.email(first, last) if v.family == "EMAIL_ADDRESS" else v
    if v.family == "CREDIT_CARD":
        d.w("my card ", v, " was charged twice, ", x.amount(), " each time.")
    elif v.family == "PHONE_NUMBER":
        d.w("nobody called me back. My number is ", v, ", after 5pm please.")
    elif v.family == "EMAIL_ADDRESS":
        d.w("I never got the confirmation at ", v, ".")
    else:
        d.w("you promised a refund to ", v, " but nothing arrived.")
    d.w(" This is the ", x.pick(("second", "third")), " time I write!\"\n\n")
    if x.chance(0.3):
        d.w("Our agent notes: ")
        sprinkle(d, x)


@template("answer_reply_customer", 0.3)
def answer_reply_customer(d: Doc, x: Values) -> None:
    first, last = x.person()
    d.w("Here's a draft:\n\n---\nDear ", x.pick((V(f"{first} {last}", "PERSON", "PERSON"), V(first, "PERSON", "PERSON"), "customer")), ",\n\n")
    d.w("Thank you for your patience, and I'm sorry about the trouble with order ", x.order_no(), ". ")
    v = pii(x, x.pick(("CREDIT_CARD", "PHONE_NUMBER", "IBAN_CODE")))
    if v.family == "CREDIT_CARD":
        d.w("We have refunded the duplicate charge of ", x.amount(), " to your card ", v, "; it can take 5 working days to appear.")
    elif v.family == "PHONE_NUMBER":
        d.w("A colleague will call you at ", v, " tomorrow after 5 pm, as you asked.")
    else:
        d.w("The refund has been sent to the account ", v, " you gave us.")
    d.w("\n\nKind regards,\n", x.pick(("Customer Care EMEA", "Customer Care", "The Service Team")), "\n---\n\nTip: don't repeat the full number in the mail; ",
        "write ", x.masked(), " instead.")


@negative("reply_negative", 0.15)
def reply_negative(d: Doc, x: Values) -> None:
    d.w("Reply to this for me:\n\n\"Hi, your checkout page rejects my card. I tried ", x.test_card(), " like your docs say and then ",
        x.luhn_fail(), ". Order ", x.order_no(), ", ", x.amount(), ". Call ", x.fict_phone(), " or mail ", x.example_email(), ".\"\n\n")
    d.w("We only accept real cards in production, the ones above are test numbers.")


@negative("answer_reply_negative", 0.1)
def answer_reply_negative(d: Doc, x: Values) -> None:
    d.w("Dear customer,\n\nthank you for reaching out. The number ending ", x.masked(), " could not be charged because it is a test card. ",
        "Your order ", x.order_no(), " of ", x.date(), " is kept for 7 days; you can pay the ", x.amount(), " with any other card.\n\n",
        "Best regards,\n", x.team())


# --- fix my script / config -----------------------------------------------------------------------------------

FIX_MEDIA = {
    "python": ("py",), "powershell": ("ps1",), "bash": ("sh",), "terraform": ("tf",), "k8s": ("yaml", "pem"),
    "actions": ("gha",), "appsettings": ("json",), "dotenv": ("env", "ini", "properties"), "conn": ("java", "cs", "node", "go"),
}
FENCE = {"python": "python", "powershell": "powershell", "bash": "bash", "terraform": "hcl", "k8s": "yaml", "actions": "yaml",
         "appsettings": "json", "dotenv": "", "conn": ""}
FIX_ASKS = ("Why doesn't this work?", "Fix this please, it fails in the pipeline.", "Can you clean this up?",
            "This worked yesterday, what's wrong?", "Refactor to read the values from env vars.")


def _block(d: Doc, x: Values, which: str, answer: bool) -> None:
    media = FIX_MEDIA[which]
    d.w(f"```{FENCE[which]}\n")
    if which == "k8s":
        d.w("apiVersion: v1\nkind: Secret\nmetadata:\n  name: payroll-db\n  namespace: hr\nstringData:\n")
        put_cred(d, x, ("yaml",))
        if x.chance(0.5):
            put_cred(d, x, ("yaml",))
        d.w("---\n# pod ", x.k8s_name(), " restarts with CrashLoopBackOff\n")
    elif which == "actions":
        d.w("name: deploy\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n")
        put_cred(d, x, ("gha",))
        d.w("      - run: ./deploy.sh --env prod --token ", x.placeholder("github_token"), "\n")
    elif which == "appsettings":
        d.w("{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n")
        put_cred(d, x, ("json",))
        if x.chance(0.5):
            put_cred(d, x, ("json",))
        d.w("  \"KeyVault\": \"", x.secret_ref(), "\"\n}\n")
    elif which == "terraform":
        d.w("resource \"azurerm_linux_web_app\" \"crm\" {\n  name     = \"app-crm-", x.pick(("weu", "neu")), "\"\n}\n\n")
        put_cred(d, x, ("tf",))
        if x.chance(0.4):
            d.w("\n")
            put_cred(d, x, ("tf",))
    elif which == "dotenv":
        d.w("APP_ENV=production\nAPP_VERSION=", x.version(), "\n")
        put_cred(d, x, media)
        if x.chance(0.5):
            put_cred(d, x, media)
        d.w("SESSION_SECRET=", x.placeholder(), "\n")
    else:
        if which == "python":
            d.w("import os\nimport requests\n\n")
        elif which == "powershell":
            d.w("Import-Module Az.Accounts\n")
        elif which == "bash":
            d.w("#!/usr/bin/env bash\nset -euo pipefail\n")
        put_cred(d, x, media)
        if x.chance(0.8):
            put_cred(d, x, media if which != "conn" else ("java", "cs", "node", "go"))
        d.w("// build " if which in ("conn",) else "# build ", x.build(), "\n")
    d.w("```\n")


def fix_template(which: str, weight: float) -> None:
    @template(f"fix_{which}", weight)
    def prompt(d: Doc, x: Values) -> None:
        d.w(x.pick(FIX_ASKS), "\n\n")
        _block(d, x, which, False)
        if x.chance(0.5):
            d.w(x.pick(("Error: 401 Unauthorized", "It says the account is locked.", "Works on my machine, not on the agent.",
                        "The log says `Login failed for user`.")), " ")
            sprinkle(d, x)

    @template(f"answer_fix_{which}", weight * 0.5)
    def answer(d: Doc, x: Values) -> None:
        d.w(x.pick(("The issue is the quoting. Corrected version:\n\n", "Here's a working version:\n\n",
                    "You were missing a field. Try this:\n\n")))
        _block(d, x, which, True)
        d.w("\n", x.pick(("Also: the value above is now in this chat, so rotate it.", "Move the secret to a vault reference like ",
                          "Consider a pipeline secret such as ")))
        d.w(x.placeholder(), " next time.")


for _which in FIX_MEDIA:
    fix_template(_which, 0.5 / len(FIX_MEDIA) * 1.0)


@negative("fix_placeholders", 0.15)
def fix_placeholders(d: Doc, x: Values) -> None:
    d.w("Why does helm complain about this values file?\n\n```yaml\nimage:\n  tag: ", x.version(), "\nenv:\n  - name: DB_PASSWORD\n",
        "    valueFrom:\n      secretKeyRef:\n        name: payroll-db\n        key: password\n  - name: OPENAI_API_KEY\n    value: \"",
        x.placeholder("openai_key"), "\"\n  - name: AWS_ACCESS_KEY_ID\n    value: ", x.aws_example(), "\n  - name: DATABASE_URL\n",
        "    value: postgres://", x.pick(("USER:PASSWORD", "<user>:<password>")), "@localhost:5432/app\n",
        "  - name: CONN\n    value: \"", x.secret_ref(), "\"\npodName: ", x.k8s_name(), "\n```\n")


@negative("answer_fix_placeholders", 0.1)
def answer_fix_placeholders(d: Doc, x: Values) -> None:
    d.w("The indentation under `valueFrom` is off. Fixed:\n\n```yaml\nenv:\n  - name: API_TOKEN\n    value: \"",
        x.placeholder("bearer_token"), "\"\n  - name: STORAGE\n    value: \"", x.secret_ref(), "\"\n```\n\n",
        "Note that ", x.aws_example(), " is AWS's documentation key, so it will never authenticate. Pin the chart to ", x.version(), ".")


# --- why does this log / stack trace fail ---------------------------------------------------------------------


def _log_lines(d: Doc, x: Values, n: int) -> None:
    for _ in range(n):
        d.w(x.date(), " ", x.pick(("INFO", "DEBUG", "WARN")), " ", x.pick((
            "worker started, version ", "config reloaded, build ", "health probe ok, agent ")), x.version(), "\n")


@template("debug_log", 0.3)
def debug_log(d: Doc, x: Values) -> None:
    d.w(x.pick(("Why does this keep failing? Logs from the container:\n\n", "Can you find the root cause?\n\n",
                "Explain this error to me like I'm not a dev:\n\n")), "```\n")
    _log_lines(d, x, x.rng.randrange(1, 3))
    d.w(x.date(), " ERROR ")
    if x.chance(0.3):
        d.w("request from ", x.ip(), " rejected: ", x.pick(("TLS handshake failed", "403 IP not allowed", "rate limit exceeded")),
            "\n", x.date(), " ERROR ")
    put_cred(d, x, ("log",))
    d.w("\n", x.date(), " INFO correlation-id=", x.guid(), "\n")
    if x.chance(0.25):
        d.w(x.date(), " WARN user ", x.email(), " exceeded quota\n")
    d.w("```")


@template("debug_trace", 0.25)
def debug_trace(d: Doc, x: Values) -> None:
    lang = x.pick(("python", "java", "dotnet"))
    d.w("Stack trace below, what does it mean?\n\n```\n")
    if lang == "python":
        d.w("Traceback (most recent call last):\n  File \"/app/export/run.py\", line ", str(x.rng.randrange(20, 300)), ", in main\n")
        d.w("    engine = create_engine(settings.DB_URL)\n")
    elif lang == "java":
        d.w("org.springframework.beans.factory.BeanCreationException: Error creating bean 'dataSource'\n",
            "\tat com.nordwind.hr.Application.main(Application.java:", str(x.rng.randrange(10, 80)), ")\n")
    else:
        d.w("Unhandled exception. Microsoft.Data.SqlClient.SqlException (0x80131904): Login failed\n",
            "   at Crm.Sync.Program.Main(String[] args) in /src/Program.cs:line ", str(x.rng.randrange(10, 90)), "\n")
    d.w("Caused by: ")
    put_cred(d, x, ("log",))
    d.w("\n```\n")
    if x.chance(0.2):
        d.w("git blame on the config says: ", x.short_sha(), " (", x.name(), " ", x.date(), ") - it started after that.")


@template("answer_debug", 0.2)
def answer_debug(d: Doc, x: Values) -> None:
    d.w("The root cause is on this line:\n\n```\n")
    put_cred(d, x, ("log",))
    d.w("\n```\n\nThe credential was rejected, so the ", x.tool(), " job retried until timeout. ")
    if x.chance(0.5):
        d.w("The client address ", x.ip(), " is also not in the firewall allow-list. ")
    d.w("Rotate the value (it has now been shared in this chat) and re-run build ", x.build(), ".")


@negative("debug_negative", 0.15)
def debug_negative(d: Doc, x: Values) -> None:
    d.w("Why is the probe failing?\n\n```\n")
    for _ in range(x.rng.randrange(2, 4)):
        d.w(x.time(), " WARN probe to ", x.doc_ip(), " timed out after ", str(x.rng.randrange(1, 30)), "s (pod ", x.k8s_name(), ")\n")
    d.w(x.date(), " ERROR cert chain check failed, OID ", x.oid(), ", image digest sha256:", x.sha256(), "\n```\n",
        "Running ", x.tool(), " ", x.version(), ".")


@negative("answer_debug_negative", 0.1)
def answer_debug_negative(d: Doc, x: Values) -> None:
    d.w("The probe targets ", x.doc_ip(), ", which is a documentation address (it never routes). Point it at the service name instead. ",
        "The OID ", x.oid(), " is the client-auth usage, so the certificate itself is fine. Trace ", x.guid(), " confirms it.")


# --- turn this into a table / JSON / SQL ----------------------------------------------------------------------


@template("convert_csv", 0.22)
def convert_csv(d: Doc, x: Values) -> None:
    target = x.pick(("a markdown table", "JSON", "SQL INSERT statements", "a pivot by city"))
    which = x.least_used(["customers", "employees", "payroll"], "csv:")
    d.w(f"Turn this {which} export into {target}:\n\n")
    if which == "customers":
        d.w("customer_id;name;city;segment;contact;last_order\n")
        for i in range(x.rng.randrange(1, 3)):
            d.w(f"C{x.rng.randrange(10000, 99999)};", x.name() if i == 0 else "n/a", ";", x.city(), ";",
                x.pick(("SMB", "Enterprise", "Public")), ";", pii(x, x.pick(("EMAIL_ADDRESS", "PHONE_NUMBER"))) if i == 0 else "-", ";",
                x.date(), "\n")
    elif which == "employees":
        d.w("emp_id,full_name,cost_centre,location,start_date,ssn\n")
        d.w(x.employee_id(), ",", x.name(), ",", x.cost_centre(), ",", x.city(), ",", x.date(), ",", x.ssn(), "\n")
        d.w(x.employee_id(), ",(vacant),", x.cost_centre(), ",", x.city(), ",", x.date(), ",", x.bad_ssn(), "\n")
    else:
        d.w("Personalnr | Name | IBAN | Brutto | Kostenstelle\n")
        d.w(x.employee_id(), " | ", x.name(), " | ", x.iban(), " | ", x.amount(), " | ", x.cost_centre(), "\n")
    if x.chance(0.3):
        d.w("\n(ignore the GL column ", x.gl(), ")")


@template("convert_crm", 0.13)
def convert_crm(d: Doc, x: Values) -> None:
    d.w("Make a JSON object out of this CRM note (fields: contact, company, next_step, due):\n\n")
    d.w(x.date(), " – call with ", x.name(), " (", x.team(), "). ")
    d.w(x.pick(("Wants a demo of the ", "Unhappy with the ", "Asked about pricing for ")), x.tool(), " connector. ")
    pii_sentence(d, x, x.pick(("PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD")))
    d.w(" Next step: proposal by ", x.month(), ", discount ", x.amount(), ".")


@template("answer_convert", 0.16)
def answer_convert(d: Doc, x: Values) -> None:
    style = x.pick(("json", "sql", "table"))
    name, contact = x.name(), pii(x, x.pick(("EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "US_SSN", "US_SSN")))
    column = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "IBAN_CODE": "iban", "US_SSN": "ssn"}[contact.family]
    if style == "json":
        d.w("```json\n{\n  \"contact\": \"", name, f"\",\n  \"{column}\": \"", contact, "\",\n  \"city\": \"", x.city(), "\",\n  \"due\": \"",
            x.date(), "\"\n}\n```")
    elif style == "sql":
        d.w(f"```sql\nINSERT INTO crm.contacts (id, full_name, {column}, created_at)\nVALUES (", str(x.rng.randrange(1000, 99999)), ", '", name,
            "', '", contact, "', '", x.date(), "');\n```")
    else:
        d.w(f"| Name | {column.upper() if len(column) < 5 else column.title()} | Cost centre | Amount |\n|---|---|---|---|\n| ", name, " | ", contact, " | ", x.cost_centre(), " | ",
            x.amount(), " |")
    d.w("\n\nI left out the ", x.pick(("order column", "GL column", "empty rows")), ".")


@template("convert_env", 0.14)
def convert_env(d: Doc, x: Values) -> None:
    target = x.pick(("a Kubernetes Secret manifest", "an appsettings.json section", "a docker-compose environment block",
                     "a table for the wiki (name, purpose, owner)"))
    d.w(f"Turn this .env into {target}:\n\n```\nNODE_ENV=production\nLOG_LEVEL=info\nBUILD={x.rng.randrange(1000, 9999)}\n")
    put_cred(d, x, ("env",))
    put_cred(d, x, ("env",))
    d.w("FEATURE_FLAGS=exports,payroll-v2\n```")


@template("answer_convert_env", 0.1)
def answer_convert_env(d: Doc, x: Values) -> None:
    d.w("Here it is as JSON (same values, nested by service):\n\n```json\n{\n")
    put_cred(d, x, ("json",))
    put_cred(d, x, ("json",))
    d.w("  \"Build\": \"", x.build(), "\"\n}\n```\n\nBoth values are live secrets; in the real file use ", x.secret_ref(), ".")


@negative("convert_negative", 0.15)
def convert_negative(d: Doc, x: Values) -> None:
    d.w("Convert to SQL inserts, table finance.invoices:\n\ninvoice;po;lot;gl_account;amount;card;iban;ssn_check\n")
    for _ in range(x.rng.randrange(2, 4)):
        d.w(x.invoice(), ";", x.order_no(), ";", x.lot(), ";", x.gl(), ";", x.amount(), ";",
            x.pick((x.order16, x.masked, x.test_card))(), ";", x.pick((x.example_iban, x.bad_iban))(), ";", x.bad_ssn(), "\n")


@negative("answer_convert_negative", 0.1)
def answer_convert_negative(d: Doc, x: Values) -> None:
    d.w("```sql\nINSERT INTO finance.invoices (invoice_no, po, gl_account, amount, booked_on)\nVALUES ('", x.invoice(), "', '",
        x.order_no(), "', '", x.gl(), "', '", x.amount(), "', '", x.date(), "');\n```\n\nThe IBAN column (", x.bad_iban(),
        ") fails its check digits, so I left it NULL.")


# --- translate ----------------------------------------------------------------------------------------------

# (greeting, [(body in that language, body in English)], password sentence in that language, its English)
LANGS: dict[str, tuple[str, list[tuple[str, str]], str, str]] = {
    "it": ("Ciao {first},\n", [
        ("ti confermo che il nuovo IBAN per il rimborso è {iban}. La fattura {invoice} del {date} è di {amount}.",
         "I confirm the new IBAN for the refund is {iban}. Invoice {invoice} of {date} is {amount}."),
        ("se hai domande chiamami pure al {phone}, sono in ufficio a {city} fino a venerdì.",
         "if you have questions call me on {phone}, I'm in the {city} office until Friday."),
    ], "la password temporanea del portale è {pw}, cambiala al primo accesso.",
        "the temporary portal password is {pw}, change it at first login."),
    "pt": ("Olá {first},\n", [
        ("o cliente pediu retorno no número {phone}. O pedido {order} foi feito em {date}.",
         "the customer asked to be called back on {phone}. Order {order} was placed on {date}."),
        ("o cartão usado na compra foi {card}, valor {amount}.", "the card used for the purchase was {card}, amount {amount}."),
    ], "a senha do Wi-Fi da sala de reuniões é {pw}.", "the meeting-room Wi-Fi password is {pw}."),
    "nl": ("Hoi {first},\n", [
        ("de nieuwe collega begint op {date} in {city}. Zijn e-mailadres wordt {email}.",
         "the new colleague starts on {date} in {city}. His e-mail address will be {email}."),
        ("kun je het voorschot overmaken naar {iban}? Factuur {invoice}.", "could you transfer the advance to {iban}? Invoice {invoice}."),
    ], "het wachtwoord voor de gedeelde mailbox is {pw}.", "the password for the shared mailbox is {pw}."),
    "pl": ("Dzień dobry {first},\n", [
        ("proszę o przelew na rachunek {iban} do dnia {date}. Faktura {invoice}, kwota {amount}.",
         "please transfer to account {iban} by {date}. Invoice {invoice}, amount {amount}."),
        ("w razie pytań proszę dzwonić pod numer {phone}.", "if you have questions please call {phone}."),
    ], "hasło do VPN to {pw}.", "the VPN password is {pw}."),
    "ja": ("{first}さん\nお疲れ様です。\n", [
        ("新しい担当者の電話番号は {phone} です。請求書 {invoice} の金額は {amount} です。",
         "the new contact's phone number is {phone}. Invoice {invoice} is {amount}."),
        ("{city}のサーバーのアドレスは {ip} です。{date} にメンテナンスがあります。",
         "the address of the {city} server is {ip}. There is maintenance on {date}."),
    ], "共有アカウントのパスワードは {pw} です。", "the shared account password is {pw}."),
    "es": ("Hola {first},\n", [
        ("el cliente pide que le llamen al {phone}. Su tarjeta {card} fue rechazada el {date}.",
         "the customer asks to be called on {phone}. Their card {card} was declined on {date}."),
        ("el número de la seguridad social del contratista en EE. UU. es {ssn}, lo necesita RR. HH.",
         "the contractor's US social security number is {ssn}, HR needs it."),
    ], "la contraseña del portal de nóminas es {pw}.", "the payroll portal password is {pw}."),
    "de": ("Hallo {first},\n", [
        ("bitte überweise die Kaution auf {iban}. Die Rechnung {invoice} vom {date} beträgt {amount}.",
         "please transfer the deposit to {iban}. Invoice {invoice} of {date} is {amount}."),
        ("der Lieferant hat eine neue Adresse: {email}. Rückfragen gerne an {phone}.",
         "the supplier has a new address: {email}. Questions to {phone}."),
    ], "das Passwort für den Drucker-Admin ist {pw}.", "the password for the printer admin is {pw}."),
    "fr": ("Bonjour {first},\n", [
        ("le nouveau collaborateur arrive le {date} à {city}, son portable : {phone}.",
         "the new employee arrives on {date} in {city}, his mobile: {phone}."),
        ("merci de rembourser la note de frais sur {iban}, montant {amount}.", "please refund the expense report to {iban}, amount {amount}."),
    ], "le mot de passe du compte partagé est {pw}.", "the shared account password is {pw}."),
}
# The same language's sentence around any token pasted in passing.
TOKEN_LINES = {
    "it": ("per l'integrazione usa questo: {pw}", "for the integration use this: {pw}"),
    "pt": ("para a integração usa este: {pw}", "for the integration use this one: {pw}"),
    "nl": ("voor de koppeling kun je deze gebruiken: {pw}", "for the integration you can use this one: {pw}"),
    "pl": ("do integracji użyj tego: {pw}", "for the integration use this: {pw}"),
    "ja": ("連携用のトークンはこちらです: {pw}", "here is the token for the integration: {pw}"),
    "es": ("para la integración usa este: {pw}", "for the integration use this one: {pw}"),
    "de": ("für die Schnittstelle nimm bitte diesen: {pw}", "for the interface please use this one: {pw}"),
    "fr": ("pour l'intégration, utilise celui-ci : {pw}", "for the integration, use this one: {pw}"),
}
LANG_NAMES = {"it": "Italian", "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "ja": "Japanese", "es": "Spanish", "de": "German",
              "fr": "French"}
_FIRST_CULTURE = {"it": "it", "pt": "pt", "nl": "nl", "pl": "pl", "ja": "jp", "es": "es", "de": "de", "fr": "fr"}


def _translate_slots(x: Values, lang: str) -> dict:
    return {"first": x.first(_FIRST_CULTURE[lang]) if lang != "ja" or x.chance(0.5) else x.kanji_name(),
            "iban": x.iban(), "phone": x.phone(x.pick({"it": ("IT",), "pt": ("PT", "BR"), "nl": ("NL", "BE"), "pl": ("PL",),
                                                       "ja": ("JP",), "es": ("ES", "MX"), "de": ("DE", "CH"), "fr": ("FR", "BE")}[lang])),
            "card": x.card(), "email": x.email(), "ssn": x.ssn(), "ip": x.ip(x.pick(("private4", "public4"))),
            "invoice": x.invoice(), "date": x.date(), "amount": x.amount(), "city": x.city(), "order": x.order_no(),
            "pw": x.pw("password_prose")}


def _translate(d: Doc, x: Values, answer: bool) -> None:
    lang = x.least_used(sorted(LANGS), "lang:answer:" if answer else "lang:")
    greet, bodies, pw_text, pw_en = LANGS[lang]
    slots = _translate_slots(x, lang)
    body, english = x.pick(bodies)
    with_pw = x.chance(0.4)
    if with_pw and x.chance(0.6):
        pw_text, pw_en = TOKEN_LINES[lang]
        kind = x.least_used([k for k, snips in S.items() if any(m == "chat" for m, _ in snips)])
        slots["pw"] = value(x, kind, "chat")
    if not answer:
        d.w(x.pick((f"Translate to English please ({LANG_NAMES[lang]}):\n\n", "What does this say?\n\n",
                    f"Can you translate this {LANG_NAMES[lang]} mail for me:\n\n")))
        fill(d, x, greet + body + ("\n" + pw_text if with_pw else ""), **slots)
    else:
        d.w(f"Here is the translation from {LANG_NAMES[lang]}:\n\n> ")
        fill(d, x, "Hi {first},\n> " + english + ("\n> " + pw_en if with_pw else ""), **slots)
        d.w("\n\nThe tone is ", x.pick(("neutral", "formal", "a bit annoyed")), ".")


@template("translate_mail", 0.45)
def translate_mail(d: Doc, x: Values) -> None:
    _translate(d, x, False)


@template("answer_translate_mail", 0.3)
def answer_translate_mail(d: Doc, x: Values) -> None:
    _translate(d, x, True)


NEG_LANG = {
    "de": "Hallo zusammen,\ndie Wartung in {city} ist am {date} um {time}. Betroffen: Version {ver}, Ticket {ticket}. Kosten ca. {amount}.",
    "es": "Hola equipo,\nel pedido {order} se entregará en {city} el {date}. Importe: {amount}. Dígale al cliente que pase por caja.",
    "pt": "Bom dia,\na fatura {invoice} vence em {date}. Valor {amount}. O exemplo de IBAN no manual é {xiban}.",
    "pl": "Cześć,\naktualizacja do wersji {ver} w {city} odbędzie się {date}. Zgłoszenie {ticket}.",
    "ja": "皆さん\n{date} に {city} のシステムをバージョン {ver} に更新します。チケット {ticket}。",
    "it": "Buongiorno,\nla consegna del lotto {lot} a {city} è prevista per {date}. Importo {amount}.",
    "nl": "Hoi allemaal,\nde release {ver} gaat op {date} live in {city}. Ticket {ticket}.",
    "fr": "Bonjour,\nla facture {invoice} du {date} s'élève à {amount}. Le ticket {ticket} est clos.",
}


@negative("translate_negative", 0.15)
def translate_negative(d: Doc, x: Values) -> None:
    lang = x.least_used(sorted(NEG_LANG), "neglang:")
    d.w(f"Translate from {LANG_NAMES[lang]}:\n\n")
    fill(d, x, NEG_LANG[lang], city=x.city(), date=x.date(), time=x.time(), ver=x.version(), ticket=x.ticket(), amount=x.amount(),
         order=x.order_no(), invoice=x.invoice(), xiban=x.example_iban(), lot=x.lot())


@negative("answer_translate_negative", 0.1)
def answer_translate_negative(d: Doc, x: Values) -> None:
    d.w("Translation:\n\n> Hello all, the maintenance in ", x.city(), " is on ", x.date(), ". Affected: version ", x.version(), ", ticket ",
        x.ticket(), ". Cost about ", x.amount(), ".\n\n(\"Wartung\" = maintenance; \"pass\" in the last line means \"stop by\".)")


# --- incident / ops chat ----------------------------------------------------------------------------------------


def _stamp(x: Values) -> str:
    return f"[{x.rng.randrange(0, 24):02d}:{x.rng.randrange(60):02d}]"


@template("ops_chat", 0.3)
def ops_chat(d: Doc, x: Values) -> None:
    d.w(x.pick(("Summarise this incident channel for the post-mortem:\n\n", "What's the status? Slack export:\n\n",
                "Write the handover note from this chat:\n\n")))
    d.w(_stamp(x), " ", x.tool(), ": paging for ", x.k8s_name(), " again\n")
    d.w(_stamp(x), " ", x.first() if x.chance(0.5) else x.name(), ": ")
    if x.chance(0.7):
        put_cred(d, x, ("chat", "prose"))
    else:
        d.w("traffic spike from ", x.ip(), ", blocking it at the WAF")
    d.w("\n", _stamp(x), " PagerDuty: incident ", x.ticket(), " acknowledged\n")
    d.w(_stamp(x), " ", x.first() if x.chance(0.15) else "Grafana Alerts", ": error rate ", x.amount(), "\n")


@template("ops_handoff", 0.25)
def ops_handoff(d: Doc, x: Values) -> None:
    d.w("Clean up this on-call handoff so the next shift understands it:\n\n")
    d.w("handoff ", x.date(), " – from ", x.name(), " to ", x.team(), "\n")
    d.w("- ", x.k8s_name(), " OOMKilled twice, bumped memory\n")
    if x.chance(0.5):
        d.w("- bastion is ", x.ip(), ", jump creds: ")
        put_cred(d, x, ("chat", "prose"), ("password_prose", "password_cli", "private_key", "bearer_token", "azure_ai_key_no_keyword",
                                          "aws_secret_key", "huggingface_token", "cosmos_key", "twilio_key", "mailgun_key"))
        d.w("\n")
    else:
        d.w("- runbook step:\n```\n")
        put_cred(d, x, ("sh", "ps1", "pem"))
        d.w("```\n- escalation: ")
        pii_sentence(d, x, "PHONE_NUMBER")
        d.w("\n")
    d.w("- nothing else, ", x.month(), " patching still pending (", x.ticket(), ")")


@template("answer_ops", 0.2)
def answer_ops(d: Doc, x: Values) -> None:
    d.w("**Incident ", x.ticket(), " – summary**\n\n- Start: ", x.date(), "\n- Impact: ", x.amount(), " of payroll API calls failed\n")
    d.w("- Cause: ")
    put_cred(d, x, ("log",))
    d.w("\n- Resolved by ", x.name() if x.chance(0.5) else "the on-call engineer", " after rotating the credential.\n")
    if x.chance(0.4):
        d.w("- Blocked source: ", x.ip(), "\n")
    d.w("- Follow-up: move the value into ", x.tool(), " secrets.")


@negative("ops_negative", 0.15)
def ops_negative(d: Doc, x: Values) -> None:
    d.w("What should on-call do next?\n\n", _stamp(x), " Grafana Alerts: disk 92% on ", x.k8s_name(), "\n", _stamp(x),
        " PagerDuty: ", x.ticket(), " triggered, runbook: `kubectl rollout restart deploy/", x.pick(("orders-api", "crm-gateway")),
        "`\n", _stamp(x), " Jenkins: build ", x.build(), " deployed ", x.version(), " (", x.short_sha(), ")\n", _stamp(x),
        " StatusBot: upstream ", x.doc_ip(), " unreachable since ", x.date(), "\n")
    d.w(_stamp(x), " on-call: can someone ", N("tell", "code_word", "password_prose"), " me what changed at ", x.time(), "?\n")
    d.w("Don't pass the token around in the channel, the secret is in the vault: ", x.secret_ref())


@negative("answer_ops_negative", 0.1)
def answer_ops_negative(d: Doc, x: Values) -> None:
    d.w("1. Acknowledge ", x.ticket(), ".\n2. Run `kubectl rollout restart` for ", x.k8s_name(), ".\n3. If ", x.doc_ip(),
        " is still unreachable on ", x.month(), " morning, escalate to the ", x.team(), ".\n4. Never paste the key itself; reference ",
        x.placeholder(), " instead.")

