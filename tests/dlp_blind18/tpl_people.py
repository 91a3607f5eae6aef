"""The `fraud` and `chat` kinds of the eighteenth corpus (see tpl.py)."""

from __future__ import annotations

from tests.dlp_blind9.build import Doc
from tests.dlp_eval.corpus import N, V

from . import snippets as sn
from .tpl import hhmm, person_mail, template, ts
from .values import Values

STREETS = ("42 Harbour Road, Leeds LS1 4DY", "Kastanienallee 17, 10435 Berlin", "12 rue des Lilas, 69003 Lyon",
           "Calle de Alcalá 221, 28028 Madrid", "Keizersgracht 310, 1016 EZ Amsterdam", "1884 Maple Ave, Columbus, OH 43215",
           "Rua Augusta 95, 1100-048 Lisboa", "77 Queen St W, Toronto ON M5H 2M5")

# --- fraud -----------------------------------------------------------------------------------------------


@template("fraud_ato_case")
def fraud_ato_case(d: Doc, vals: Values) -> None:
    r = vals.rng
    cust, mail, first = person_mail(vals, None if r.random() < 0.5 else "gmail.com")
    d.w("Account takeover investigation ", vals.ticket(), ". Summarise the evidence and recommend whether to refund.\n\n")
    d.w("Customer: ", cust, "\nEmail on file: ", mail, "\nChanged to: ", vals.email(free=True), " at ", ts(vals), "\n")
    d.w("Phone on file: ", vals.phone(), " / new phone added: ", vals.phone(), "\nAddress: ", r.choice(STREETS), "\n")
    if r.random() < 0.7:
        d.w("SSN (KYC verified at onboarding): ", vals.ssn(), "\n")
    d.w("Card used: ", vals.card(), " (wallet token provisioned, device id ", vals.guid(), ")\n")
    d.w("Login IPs: ", vals.ipv4(private=False), ", ", vals.ipv4(private=False), ", ", vals.ipv6(), "\n")
    d.w("Old card on profile: ", vals.masked_card(), "\nNotes: ", V(first, "PERSON", "PERSON"),
        " says she was on a flight when the orders were placed.\n")


@template("fraud_chargeback")
def fraud_chargeback(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("Chargeback batch from the acquirer, please flag which look like friendly fraud vs stolen cards:\n\n")
    d.w("ARN;Cardholder;PAN;Amount;Reason;Merchant ref\n")
    for _ in range(r.randrange(3, 6)):
        d.w(N(vals.digits(23), "arn", "CREDIT_CARD"), ";", vals.name(r.choice(("full", "upper_last", "comma"))), ";", vals.card(),
            ";", f"{r.randrange(20, 2400)}.{r.randrange(100):02d}", ";", r.choice(("10.4", "13.1", "4837", "4863")), ";",
            N(f"ORD-{vals.digits(8)}", "order_number", "PHONE_NUMBER"), "\n")
    d.w("\nRow 3 test PAN from the acquirer's spec (fails Luhn): ", vals.luhn_fail(), "\n")


@template("fraud_mule_ibans")
def fraud_mule_ibans(d: Doc, vals: Values) -> None:
    r = vals.rng
    lang = r.choice(("de", "nl", "es", "en"))
    head = {"de": "Geldwäsche-Verdacht: diese Empfängerkonten haben Geld aus übernommenen Konten bekommen. Bitte als Tabelle für die FIU:\n\n",
            "nl": "Vermoedelijke geldezels: deze rekeningen ontvingen geld van overgenomen accounts. Maak er een tabel van:\n\n",
            "es": "Cuentas mula sospechosas que recibieron fondos de cuentas comprometidas. ¿Puedes ordenarlas por importe?\n\n",
            "en": "Suspected mule accounts that received funds from the taken-over accounts. Rank them by amount:\n\n"}[lang]
    d.w(head)
    for _ in range(r.randrange(3, 6)):
        d.w("- ", vals.iban(), " | ", vals.name(), " | EUR ", f"{r.randrange(900, 25000)}", " | ", ts(vals)[:10], "\n")
    d.w("- ", vals.bad_iban(), " | (rejected by the bank, check digits wrong)\n")
    d.w("Victim contact: ", vals.phone(), "\n")


@template("fraud_identity")
def fraud_identity(d: Doc, vals: Values) -> None:
    r = vals.rng
    name, mail, _ = person_mail(vals, "gmail.com")
    d.w("Synthetic identity check for a new credit application - does this look fabricated?\n\n")
    d.w("Applicant: ", name, "\nSSN: ", vals.ssn(), "\nDOB: 19", str(r.randrange(55, 99)), "-0", str(r.randrange(1, 9)), "-1",
        str(r.randrange(0, 9)), "\nPhone: ", vals.phone("US"), "\nEmail: ", mail, "\nAddress: ", r.choice(STREETS), "\n")
    d.w("Bureau file SSN differs: ", vals.ssn(), "\nPrevious application used SSN ", vals.bad_ssn(), " (invalid range)\n")
    d.w("Device IP ", vals.ipv4(private=False), "\n")


@template("answer_fraud_customer_notice")
def answer_fraud_customer_notice(d: Doc, vals: Values) -> None:
    r = vals.rng
    name, mail, first = person_mail(vals, None if r.random() < 0.5 else "outlook.com")
    d.w("Here is a draft notification:\n\n---\nTo: ", mail, "\nSubject: Unauthorised activity on your account\n\nDear ",
        V(first, "PERSON", "PERSON"), ",\n\nWe detected unauthorised purchases with your card ending ", vals.masked_card(),
        ". We have blocked it and issued a replacement.")
    if r.random() < 0.5:
        d.w(" The refund will be paid to ", vals.iban(), " within 5 business days.")
    d.w("\nIf you did not change your phone number to ", vals.phone(), ", please call us.\n\nKind regards,\nFraud Operations\n---\n\n")
    d.w("I kept the full card number (", vals.card(), ") out of the letter; it stays in case ", vals.ticket(), ".\n")


@template("fraud_neg_rules")
def fraud_neg_rules(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("Review my fraud rule config - are these thresholds sensible?\n\n```yaml\nrules:\n  - id: ", vals.guid(),
        "\n    velocity_per_card: ", str(r.randrange(3, 9)), "\n    block_bins: [\"", str(r.randrange(400000, 499999)), "\", \"",
        str(r.randrange(510000, 559999)), "\"]\n    test_pans: [\"", vals.luhn_fail(), "\", \"", vals.luhn_fail(), "\"]\n")
    d.w("    masked_sample: \"", vals.masked_card(), "\"\n    reject_iban_example: \"", vals.bad_iban(), "\"\n    ssn_blocklist: [\"",
        vals.bad_ssn(), "\"]\n    notify: ", vals.example_email(), "\n```\n")


@template("answer_fraud_neg_stats")
def answer_fraud_neg_stats(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("Weekly fraud summary:\n\n- ", str(r.randrange(20, 90)), " ATO cases (case ids ", vals.ticket(), " to ", vals.ticket(), ")\n- Top BIN ",
        str(r.randrange(400000, 559999)), "xx; cards shown only as ", vals.masked_card(), "\n- Chargeback ratio ",
        f"0.{r.randrange(10, 99)}%", "\n- One IBAN in the report (", vals.bad_iban(), ") fails its check digits and was a typo.\n")


# --- chat ------------------------------------------------------------------------------------------------


@template("chat_teams_warroom")
def chat_teams_warroom(d: Doc, vals: Values) -> None:
    r = vals.rng
    people = [vals.person(r.choice(("full", "upper_last", "comma")))[0] for _ in range(3)]
    d.w("Summarise this war-room thread from Teams for the incident log:\n\n")

    def who(i: int) -> V:
        p = people[i]
        return V(p.text, p.family, p.kind)

    d.w("[", hhmm(vals), "] ", who(0), ": bridge is up, dial-in ", vals.phone(), ", conf id ", N(vals.digits(9), "conference_id", "PHONE_NUMBER"), "#\n")
    d.w("[", hhmm(vals), "] ", who(1), ": attacker still hitting ", vals.ipv4(private=False), ", blocked on the firewall\n")
    d.w("[", hhmm(vals), "] ", who(2), ": found this on the box, posting so we can rotate: ", *sn.line(vals, ("prose", "shell")))
    d.w("[", hhmm(vals), "] ", who(0), ": thanks. ", vals.ipv4(private=True), " is isolated. Next sync in 30.\n")


@template("chat_slack_export")
def chat_slack_export(d: Doc, vals: Values) -> None:
    r = vals.rng
    a = vals.person("handle")[0]
    b = vals.person("handle")[0]
    d.w("Slack export of #ir-2025-", str(r.randrange(10, 99)), ", what did we decide?\n\n```json\n[\n")
    msgs = [["ok who has the EDR console? host is ", vals.ipv4(private=True)],
            ["me. user is ", vals.email(), ", their phone ", vals.phone()],
            ["ipv6 egress was ", vals.ipv6(), ", blocking"]]
    for i, msg in enumerate(msgs):
        h = a if i % 2 == 0 else b
        d.w("  {\"user_name\": \"", V(h.text, h.family, h.kind), "\", \"ts\": \"",
            N(f"{r.randrange(1735000000, 1760000000)}.{vals.digits(6)}", "slack_ts", "PHONE_NUMBER"), "\", \"text\": \"", *msg, "\"},\n")
    parts = sn.line(vals, ("prose", "env"))
    d.w("  {\"user_name\": \"", V(b.text, b.family, b.kind), "\", \"text\": \"", parts[0].strip(), parts[1], parts[2].rstrip("\n").replace('"', "'"), "\"}\n]\n```\n")


@template("chat_dm_oncall")
def chat_dm_oncall(d: Doc, vals: Values) -> None:
    r = vals.rng
    lang = r.choice(("pt", "es", "en", "fr"))
    name = vals.name(r.choice(("first", "full")))
    line = {"pt": ("Oi ", ", estou de plantão hoje, me liga no ", ". Acesso ao servidor: "),
            "es": ("Hola ", ", estoy de guardia, llámame al ", ". Para entrar al servidor: "),
            "fr": ("Salut ", ", je suis d'astreinte, appelle-moi au ", ". Pour le serveur : "),
            "en": ("Hey ", ", I'm on call tonight, ring me on ", ". For the jump box: ")}[lang]
    d.w("Translate this DM to English and tell me if it's OK to share like this:\n\n", line[0], name, line[1], vals.phone(), line[2])
    d.w(*sn.block(vals, ("prose",), kind=vals.kind(("password_prose", "password_cli", "password_url")))[0])
    d.w("IP ", vals.ipv4(private=True), "\n")


@template("chat_bridge_notes")
def chat_bridge_notes(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("Notes from the 02:00 bridge, please make action items with owners:\n\n")
    for _ in range(r.randrange(3, 5)):
        d.w("- ", vals.name(r.choice(("full", "first", "upper_last"))), ": ", r.choice((
            "will rotate the service account and check sign-ins",
            "is pulling the firewall logs",
            "talks to legal about notification",
            "rebuilds the jump host")), "\n")
    d.w("- customer contact for the affected tenant: ", vals.email(), ", ", vals.phone(), "\n- blocked: ", vals.ipv4(private=False),
        " and ", vals.ipv4(private=False), "\n")


@template("answer_chat_recap")
def answer_chat_recap(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("**War-room recap (", ts(vals)[:10], ")**\n\n")
    for _ in range(r.randrange(2, 4)):
        d.w("- ", vals.name(), " ", r.choice(("contained", "blocked", "investigated")), " ", vals.ipv4(), "\n")
    d.w("- Exposed secret posted in the thread: `", vals.cred(vals.kind()), "` - rotate it and delete the message.\n" if r.random() < 0.6 else
        "- No secrets were posted in the thread.\n")
    d.w("- Next update at ", hhmm(vals), "; contact ", vals.email(), ".\n")


@template("chat_neg_standup")
def chat_neg_standup(d: Doc, vals: Values) -> None:
    d.w("Summarise the SOC bot channel:\n\n[SOC-Bot] new incident ", vals.ticket(), " severity Medium, rule ", vals.guid(), "\n[PagerDuty] ack by on-call (",
        vals.fict_phone(), ")\n[SOC-Bot] IOC ", vals.defanged_ip(), " added to blocklist; hash ", vals.sha256(), "\n[Sentinel] sync from ",
        vals.system_email(), " ok, agent ", vals.version(), "\n[SOC-Bot] test alert from ", vals.doc_ip(), " ignored\n")


@template("answer_chat_neg_status")
def answer_chat_neg_status(d: Doc, vals: Values) -> None:
    d.w("Status update for the channel:\n\n> Incident ", vals.ticket(), " is contained. Indicators: ", vals.defanged_ip(), ", ", vals.defanged_url(),
        ", ", vals.defanged_email(), ". Affected credentials were rotated (", vals.masked(), "). Next review ", vals.ticket(),
        ". Questions to ", vals.example_email(), ".\n")
