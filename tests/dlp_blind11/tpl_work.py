"""Texts without people, or with people in passing: IT tickets, code and config questions, logs, SQL,
finance and scheduling questions of hard negatives only; and model answers (completions) that draft
mails, summarise meetings, echo configuration or mask values."""

from __future__ import annotations

from tests.dlp_eval.corpus import N

from .build import template
from .tpl_common import cred, maybe, neg, pii
from .values import Values


@template("ticket_it", 2.5)
def ticket_it(d, v: Values) -> None:  # noqa: ANN001
    d.w("Ticket ", v.ticket_no(), f" | P{v.num(1, 4)} | {v.pick(['VPN', 'Outlook', 'SAP', 'Printer'])}\n")
    d.w(v.pick(["VPN drops every 10 minutes", "Can't open shared mailbox", "SAP login loops", "Laptop won't join Wi-Fi"]),
        ". Client IP ", v.ip(), ", gateway ", v.doc_ip(), ", agent ", v.version4(), ".\n")
    maybe(d, v, 0.5, 0.2, 0.5)
    d.w("\nWhat should I check first?")


@template("code_question", 4)
def code_question(d, v: Values) -> None:  # noqa: ANN001
    d.w(v.pick(["Why does this return 401?", "Refactor this to use managed identity:", "Add retries to this:",
                "Convert to async:"]), "\n\n```\n")
    d.w(*cred(v), "\n")
    if v.chance(0.4):
        d.w(*cred(v), "\n")
    d.w(v.pick(["resp = requests.get(url, timeout=10)\n", "client.send(msg)\n", "await conn.execute(query)\n"]), "```\n")
    maybe(d, v, 0.0, 0.05, 0.4)


@template("config_paste", 3)
def config_paste(d, v: Values) -> None:  # noqa: ANN001
    d.w(v.pick([".env from the staging box:\n", "appsettings snippet:\n", "our config:\n"]))
    d.w(f"APP_ENV=staging\nLOG_LEVEL=info\nAPP_VERSION={v.num(1, 9)}.{v.num(0, 30)}.{v.num(0, 99)}\n")
    d.w(*cred(v), "\n")
    if v.chance(0.5):
        d.w("API_KEY=", v.placeholder(), "\n")
    d.w("TENANT_ID=", v.guid(), "\n\nWhich of these should live in Key Vault?")


@template("log_paste", 2)
def log_paste(d, v: Values) -> None:  # noqa: ANN001
    d.w("Logs from the gateway:\n")
    for _ in range(v.num(2, 3)):
        d.w(f"2025-{v.num(1, 12):02d}-{v.num(1, 28):02d}T{v.num(0, 23):02d}:{v.num(10, 59)}:{v.num(10, 59)}Z WARN auth failed for ",
            *v.pick([["user=svc_report"], ["client_id=", v.guid()], ["employee=", v.employee_id()]]), " from ",
            v.ip() if v.chance(0.6) else v.doc_ip(), "\n")
    maybe(d, v, 0.15, 0.1, 0.3)
    d.w("\nIs this a brute-force attempt?")


@template("sql_question", 1.5)
def sql_question(d, v: Values) -> None:  # noqa: ANN001
    d.w("Optimise this query:\n```sql\nSELECT e.employee_id, e.full_name, e.ssn, p.iban\nFROM hr.employees e JOIN payroll.accounts p ON p.emp = e.employee_id\n"
        f"WHERE e.hired > '{v.num(2019, 2024)}-01-01';\n```\n")
    if v.chance(0.5):
        d.w("Sample row: ", v.employee_id(), " | ", v.person(), " | ", v.ssn(), " | ", v.iban(), "\n")
    maybe(d, v, 0.1, 0.0, 0.3)


@template("neg_products", 3)
def neg_products(d, v: Values) -> None:  # noqa: ANN001
    d.w("Compare ", v.not_name(), " and ", v.not_name(), " for our ", N(v.pick(["Finance Operations", "Customer Success"]), "department", "PERSON"),
        " team. We're on ", N(v.pick(["GPT-4o", "GPT-4.1", "o3-mini"]), "model", "PERSON"), " in ",
        N(v.pick(["West Europe", "Sweden Central", "East US 2"]), "region", "PERSON"), ", build ", v.version4(), ".")


@template("neg_schedule", 2.5)
def neg_schedule(d, v: Values) -> None:  # noqa: ANN001
    d.w("Move the ", N(v.pick(["Friday", "Monday"]), "weekday", "PERSON"), f" standup to {v.time()} and book a room in ",
        N(v.pick(["Redmond", "Dublin", "São Paulo"]), "place", "PERSON"), " for ", N(v.pick(["August", "June", "March"]), "month", "PERSON"),
        ". Reference ", v.ticket_no(), ".")


@template("neg_finance", 3)
def neg_finance(d, v: Values) -> None:  # noqa: ANN001
    d.w("Reconcile: invoice ", v.order_no(), f" ({v.money()}) vs PO ", v.order_no(), ", policy ", v.policy_no(),
        ", paid by card ", v.masked_card(), ". ")
    d.w(*neg(v), ".")


@template("neg_security_doc", 2.5)
def neg_security_doc(d, v: Values) -> None:  # noqa: ANN001
    d.w("In our wiki we show examples: access key ", v.example_key(), ", password ", v.placeholder(), ", card ",
        v.bad_card(), ", SSN ", v.bad_ssn(), ", server ", v.doc_ip(), ". Are these safe to publish?")


@template("form_fill", 1.5)
def form_fill(d, v: Values) -> None:  # noqa: ANN001
    p = v.person()
    d.w("Fill the onboarding form from this:\nName: ", p, "\n")
    d.w(*pii(v, v.pick(["US_SSN", "IBAN_CODE", "PHONE_NUMBER"])), "\n")
    d.w("Start date: ", v.date(), "\nCost centre: ", v.employee_id())


# --- answers: the model's completions ----------------------------------------------------


@template("answer_email_draft", 2.5)
def answer_email_draft(d, v: Values) -> None:  # noqa: ANN001
    f, l = v.names()
    me = v.person()
    d.w("Here's a draft:\n\nSubject: ", v.pick(["Follow-up on our call", "Your refund", "Offer of employment"]), "\n\nDear ",
        v.P(f"{f} {l}") if v.chance(0.5) else v.P(f), ",\n\nThank you for your time on ",
        N(v.pick(["Tuesday", "Thursday"]), "weekday", "PERSON"), ". ")
    if v.chance(0.4):
        d.w("As requested, the refund will be paid to ", v.iban(), ". ")
    elif v.chance(0.4):
        d.w("You can reach me directly on ", v.phone(), ". ")
    d.w("\n\nKind regards,\n", me)


@template("answer_meeting_summary", 2.5)
def answer_meeting_summary(d, v: Values) -> None:  # noqa: ANN001
    a, b = v.names(), v.names()
    d.w("**Summary**\n- ", N(v.pick(["Project Falcon", "Project Aurora"]), "code_name", "PERSON"), " is on track.\n- ", v.P(a[0]),
        " will follow up with legal.\n- ", v.P(f"{b[0]} {b[1]}"), " owns the ", v.not_name(), " rollout.\n")
    if v.chance(0.3):
        d.w("- Send the deck to ", v.email(a[0], a[1]), ".\n")


@template("answer_config_echo", 2.5)
def answer_config_echo(d, v: Values) -> None:  # noqa: ANN001
    d.w("The problem is the quoting. Corrected:\n\n```\n", *cred(v), "\n```\n")
    d.w(v.pick(["Rotate this value since it was shared in chat.", "Move it to Key Vault and reference it as ", ""]))
    if v.chance(0.5):
        d.w(v.placeholder())


@template("answer_masked", 1.5)
def answer_masked(d, v: Values) -> None:  # noqa: ANN001
    d.w("I've redacted the sensitive parts:\n- Card: ", v.masked_card(), "\n- SSN: ", v.bad_ssn(), "\n- Customer: ",
        v.person() if v.chance(0.6) else "[REDACTED]", "\n- Key: ", v.placeholder(), "\n")


@template("answer_call_summary", 1.5)
def answer_call_summary(d, v: Values) -> None:  # noqa: ANN001
    f, l = v.names()
    d.w("Call summary: ", v.P(f"{f} {l}"), " called about policy ", v.policy_no(), ". ", v.P(f),
        " asked for a callback")
    if v.chance(0.5):
        d.w(" on ", v.phone())
    d.w(". Follow-ups: confirm the claim with ", N(v.pick(["Claims", "Underwriting"]), "department", "PERSON"), ".")


@template("shell_history", 4)
def shell_history(d, v: Values) -> None:  # noqa: ANN001
    d.w("my bash history, why did the deploy fail?\n$ cd ~/repos/payroll-api\n$ git pull\n$ ", *cred(v), "\n")
    if v.chance(0.5):
        d.w("$ ", *cred(v), "\n")
    d.w("$ kubectl rollout restart deploy/payroll -n hr\nerror: deployment \"payroll\" exceeded its progress deadline\n")


@template("ci_pipeline", 2.5)
def ci_pipeline(d, v: Values) -> None:  # noqa: ANN001
    d.w("Pipeline yaml, the step fails with 403:\n```yaml\ntrigger:\n  - main\npool:\n  vmImage: ubuntu-latest\nvariables:\n")
    d.w("  buildConfiguration: Release\n  secretRef: ", v.placeholder(), "\nsteps:\n  - script: |\n      ", *cred(v), "\n```")


@template("cred_question", 5)
def cred_question(d, v: Values) -> None:  # noqa: ANN001
    d.w(v.pick(["Is this key still valid? ", "Can you tell what service this token is for? ", "Found this in an old wiki page: ",
                "Why is this rejected? "]), *cred(v))
    maybe(d, v, 0.0, 0.05, 0.3)


@template("notebook_cell", 1.5)
def notebook_cell(d, v: Values) -> None:  # noqa: ANN001
    d.w("In [3]:\nimport pandas as pd\n", *cred(v), "\ndf = pd.read_csv('exports/q3.csv')\nIn [4]:\ndf.head()\n\nWhy is the kernel dying?")


@template("answer_code", 2)
def answer_code(d, v: Values) -> None:  # noqa: ANN001
    d.w("Here's the fixed script:\n\n```python\nimport os\n", *cred(v), "\nresp = session.get(BASE_URL, timeout=30)\n```\n",
        v.pick(["Consider rotating the key above.", "Note: don't hardcode credentials.", ""]))


@template("card_dispute", 1.5)
def card_dispute(d, v: Values) -> None:  # noqa: ANN001
    d.w(v.pick(["Chargeback ", "Dispute "]), v.ticket_no(), ": cardholder disputes ", v.money(), " at ",
        N(v.pick(["Atlas Retail", "Castellano Foods"]), "company", "PERSON"), ". Card ", v.card(), f", auth code {v.num(100000, 999999)}, ")
    d.w("order ", v.order_no(), ".\nWhich reason code fits?")
