"""The eighteenth corpus's templates: security operations and incident response (SOC alert exports and query results,
reported phishing, leaked-credential triage, incident timelines, vulnerability and pentest output, payment fraud and
account takeover, war-room chat) and the assistant's answers. Genres are `<kind>_...` (`answer_<kind>_...` for
completions); `_neg_` genres are hard-negative texts with no label. This module holds the registry, the helpers and the
`soc` and `phish` kinds; tpl_ops.py the `leak`, `ir` and `vuln` kinds, tpl_people.py `fraud` and `chat`."""

from __future__ import annotations

from tests.dlp_blind9.build import Doc, Registry
from tests.dlp_eval.corpus import N, V

from . import snippets as sn
from .values import Values

KINDS = ("soc", "phish", "leak", "ir", "vuln", "fraud", "chat")
REGISTRY = Registry("b18")
NEG_WEIGHT = 0.8


def template(genre: str, weight: float | None = None):  # noqa: ANN201
    return REGISTRY.template(genre, NEG_WEIGHT if weight is None and "_neg_" in genre else (weight or 1.0))


def kind_of(genre: str) -> str:
    return genre.removeprefix("answer_").split("_")[0]


def ts(vals: Values) -> str:
    return vals.timestamp()


def hhmm(vals: Values) -> str:
    return f"{vals.rng.randrange(24):02d}:{vals.rng.randrange(60):02d}"


def person_mail(vals: Values, domain: str | None = None, form: str = "full") -> tuple[V, V, str]:
    """A name label, the e-mail label made from it and the first name (plain text)."""
    name, first, last = vals.person(form)
    return name, vals.email_for(first, last, domain), first


def signature(d: Doc, vals: Values, title: str, domain: str | None = None) -> None:
    name, mail, _ = person_mail(vals, domain)
    r = vals.rng
    d.w(name, "\n", title, "\n")
    d.w(r.choice(("T ", "Tel: ", "Phone: ", "Tél. : ", "Tel.: ")), vals.phone(), "\n")
    if r.random() < 0.6:
        d.w(r.choice(("M ", "Mobile: ", "Mob: ", "Handy: ", "Cel: ")), vals.phone(), "\n")
    d.w(mail, "\n")


# --- soc -------------------------------------------------------------------------------------------------

SIGNIN_APPS = ("Office 365 Exchange Online", "Azure Portal", "Microsoft Teams", "OfficeHome", "Azure CLI", "My Signins")
LOCATIONS = ("DE", "NL", "US", "NG", "RU", "BR", "SG", "FR", "VN", "GB", "RO")


@template("soc_sentinel_signins")
def soc_sentinel_signins(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w(r.choice(("Sentinel fired 'Impossible travel' twice overnight. Can you look at these sign-ins and tell me if this is AiTM or just VPN?\n\n",
                  "Hi, I'm on the SOC night shift. Triage help please - anomalous sign-in incident ",
                  "Can you summarise what happened here? Incident ")))
    if not d.chunks[-1].endswith("\n\n"):
        d.w(vals.ticket(), " from Sentinel, query and results below.\n\n")
    d.w("SigninLogs\n| where TimeGenerated > ago(24h)\n| where UserPrincipalName in~ (\"")
    upns = [vals.email() for _ in range(r.randrange(1, 3))]
    for i, u in enumerate(upns):
        d.w(u, "\", \"" if i < len(upns) - 1 else "\")\n")
    d.w("| project TimeGenerated, UserPrincipalName, IPAddress, Location, ResultType, AppDisplayName, CorrelationId\n\n")
    d.w("TimeGenerated\tUserPrincipalName\tIPAddress\tLocation\tResultType\tAppDisplayName\tCorrelationId\n")
    for _ in range(r.randrange(4, 10)):
        u = r.choice(upns)
        ip = vals.ipv6() if r.random() < 0.25 else vals.ipv4()
        d.w(ts(vals), "\t", V(u.text, u.family, u.kind), "\t", ip, "\t", r.choice(LOCATIONS), "\t",
            r.choice(("0", "0", "50074", "50126", "53003")), "\t", r.choice(SIGNIN_APPS), "\t", vals.guid(), "\n")
    analyst = vals.name(r.choice(("full", "first")))
    d.w("\nUser agent on the suspicious rows is axios/1.6.8. ", analyst,
        r.choice((" already reset the session, MFA method registered at 03:12 looks new.\n",
                  " thinks it's the travel VPN but the ASN is a hosting provider.\n")))


@template("soc_splunk_events")
def soc_splunk_events(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w(r.choice(("Kannst du mir sagen, was diese Events bedeuten? Splunk-Suche und Treffer:\n\n",
                  "Brute force on the VPN concentrator? SPL and the raw events:\n\n",
                  "¿Me ayudas a interpretar estos eventos de Splunk? Parece fuerza bruta.\n\n")))
    d.w("index=wineventlog (EventCode=4625 OR EventCode=4624) earliest=-4h\n| stats count by src_ip, user, EventCode\n\n")
    user = vals.person("handle")[0]
    for _ in range(r.randrange(5, 11)):
        d.w(ts(vals), " host=", r.choice(("DC01", "DC02", "EXCH01", "VPN-GW1")), " EventCode=", vals.event_id(),
            " user=", V(user.text, user.family, user.kind) if r.random() < 0.6 else r.choice(("administrator", "guest", "svc_backup")),
            " src_ip=", vals.ipv4(), " ProcessId=", vals.pid(), " LogonType=", r.choice(("3", "10", "2")), "\n")
    d.w("\ncount by src_ip: ", vals.ipv4(private=False), " = ", str(r.randrange(200, 4000)), ", ",
        vals.ipv4(private=True), " = ", str(r.randrange(1, 9)), "\n")


@template("soc_defender_alert")
def soc_defender_alert(d: Doc, vals: Values) -> None:
    r = vals.rng
    name, mail, _ = person_mail(vals)
    d.w("Pasting the Defender for Endpoint alert JSON, is this command line malicious?\n\n```json\n{\n")
    d.w('  "alertId": "da', N(vals.digits(18), "alert_id", "PHONE_NUMBER"), '",\n')
    d.w('  "title": "', r.choice(("Suspicious PowerShell command line", "Credential dumping activity", "Suspicious curl to paste site")), '",\n')
    d.w('  "severity": "High",\n  "deviceName": "', r.choice(("LT-FIN-0231", "WS-HR-0017", "SRV-APP-12")), '",\n')
    d.w('  "accountUpn": "', mail, '",\n  "accountDisplayName": "', name, '",\n')
    d.w('  "localIp": "', vals.ipv4(private=True), '",\n  "remoteIp": "', vals.ipv4(private=False), '",\n')
    d.w('  "processId": ', vals.pid(), ',\n  "sha256": "', vals.sha256(), '",\n  "sha1": "', vals.sha1(), '",\n')
    parts, _ = sn.block(vals, ("shell",))
    cmd = "".join(p if isinstance(p, str) else "\0" for p in parts).strip().replace("\\", "\\\\").replace('"', '\\"')
    before, after = cmd.split("\0")
    value = next(p for p in parts if isinstance(p, V))
    d.w('  "commandLine": "', before, V(value.text.replace("\n", "\\n"), value.family, value.kind, value.secret), after, '",\n')
    d.w('  "firstActivity": "', ts(vals), '"\n}\n```\n')


@template("soc_triage_note")
def soc_triage_note(d: Doc, vals: Values) -> None:
    r = vals.rng
    lang = r.choice(("fr", "en", "nl"))
    name = vals.name()
    if lang == "fr":
        d.w("Peux-tu reformuler cette note de triage pour le rapport de quart ?\n\n", vals.ticket(), " - connexion suspecte\n")
        d.w("Analyste : ", name, "\nCompte touché : ", vals.email(), "\nIP source : ", vals.ipv4(private=False), " (", vals.ipv6(), ")\n")
        d.w("Poste interne : ", vals.ipv4(private=True), "\nAstreinte joignable au ", vals.phone("FR"), "\n")
        d.w("Action : session révoquée, MFA réinitialisé, en attente du retour de l'utilisateur.\n")
    elif lang == "nl":
        d.w("Kun je deze triage-notitie netjes maken voor de overdracht?\n\n", vals.ticket(), " verdachte login\n")
        d.w("Analist: ", name, "\nAccount: ", vals.email(), "\nBron-IP: ", vals.ipv4(private=False), "\nWerkplek: ",
            vals.ipv4(private=True), "\nDienst bereikbaar op ", vals.phone("NL"), "\nActie: sessies ingetrokken, wachtwoord reset aangevraagd.\n")
    else:
        d.w("Turn my scribbles into a proper triage note please:\n\n", vals.ticket(), " / sev2 / ", name, " on shift\n")
        d.w("- acct ", vals.email(), " signin from ", vals.ipv4(private=False), " then ", vals.ipv6(), "\n")
        d.w("- lateral to ", vals.ipv4(private=True), " via RDP (event ", vals.event_id(), ")\n- user called back from ",
            vals.phone(), ", says it wasn't them\n- EDR isolation pending, mac ", vals.mac(), "\n")


@template("answer_soc_summary")
def answer_soc_summary(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("**Summary of the alert**\n\nThe sign-ins are consistent with an adversary-in-the-middle token replay:\n\n")
    d.w("| Account | Source IP | Country | Result |\n|---|---|---|---|\n")
    for _ in range(r.randrange(2, 5)):
        d.w("| ", vals.email(), " | ", vals.ipv4(private=False) if r.random() < 0.7 else vals.ipv6(), " | ",
            r.choice(LOCATIONS), " | ", r.choice(("success", "50074 MFA required", "success (token)")), " |\n")
    d.w("\nThe internal host ", vals.ipv4(private=True), " is only the proxy egress and can be ignored. ")
    d.w("Recommended next steps:\n1. Revoke refresh tokens for the accounts above.\n2. Block the source IPs at the conditional-access level.\n")
    d.w("3. Ask ", vals.name(), " (account owner) to confirm whether the MFA registration at ", hhmm(vals), " was theirs.\n")


@template("soc_neg_kql_help")
def soc_neg_kql_help(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("How do I tune this hunting query so it stops firing on the test range? It alerts on ", vals.doc_ip(), " and ",
        vals.doc_ip(), " every night.\n\n```kql\nSecurityEvent\n| where EventID == ", vals.event_id(), "\n")
    d.w("| where IpAddress !in (\"", vals.doc_ip(), "\", \"", vals.doc_ip(), "\")\n| where Account !endswith \"$\"\n")
    d.w("| summarize attempts = count() by bin(TimeGenerated, 5m), IpAddress\n| where attempts > ", str(r.randrange(10, 50)), "\n```\n\n")
    d.w("The rule id is ", vals.guid(), ", analytics rule version ", vals.version(), ". The test user is ", vals.example_email(),
        " and mails come from ", vals.system_email(), ".\n")


@template("answer_soc_neg_eventids")
def answer_soc_neg_eventids(d: Doc, vals: Values) -> None:
    d.w("Here is what the fields in that export mean:\n\n- **EventID ", vals.event_id(), "** / **", vals.event_id(),
        "**: logon and process events; the ProcessId (", vals.pid(), ") is the PID on the host, not a user id.\n")
    d.w("- **DeviceId** ", vals.sha1(), " is the Defender device id (a SHA-1-looking hex string), not a secret.\n")
    d.w("- **InitiatingProcessSHA256** ", vals.sha256(), " is the file hash to pivot on in VirusTotal.\n")
    d.w("- **MacAddress** ", vals.mac(), " identifies the NIC; **ReportId** ", vals.pid(), " is per-device.\n")
    d.w("- The agent version ", vals.version(), " is current. The certificate EKU ", vals.oid(), " is client authentication.\n\n")
    d.w("Nothing in the export is personal data except the account column, which was already ", vals.placeholder("EMAIL_ADDRESS"), ".\n")


# --- phish -----------------------------------------------------------------------------------------------


def received(d: Doc, vals: Values, host: str) -> None:
    r = vals.rng
    d.w("Received: from ", host, " (", host, " [", vals.ipv4(private=False) if r.random() < 0.8 else vals.ipv6(), "])\n by ",
        r.choice(("AM6PR04MB5639.eurprd04.prod.outlook.com", "mx1.contoso.com", "DB8EUR05FT012.mail.protection.outlook.com")),
        " with Microsoft SMTP Server id ", vals.version(), "; ", ts(vals), "\n")


@template("phish_report_headers")
def phish_report_headers(d: Doc, vals: Values) -> None:
    r = vals.rng
    victim, vmail, first = person_mail(vals)
    att = vals.attacker_email()
    d.w(r.choice(("User reported this via the Report Phish button. Full headers below - is it malicious and did anyone click?\n\n",
                  "Analyse these headers please, I want to know the real sending IP.\n\n")))
    received(d, vals, r.choice(("mail-ej1-f67.google.com", "smtp.docusign-review.net", "vps-3921.contabo.host")))
    received(d, vals, "EUR05-VI1-obe.outbound.protection.outlook.com")
    d.w("Authentication-Results: spf=softfail (sender IP is ", vals.ipv4(private=False), ") smtp.mailfrom=",
        att.text.split("@")[1], "; dkim=none; dmarc=fail action=none\n")
    d.w("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=", att.text.split("@")[1], "; s=s1; bh=",
        N(vals.b64(32), "dkim_body_hash", "CREDENTIAL"), ";\n")
    d.w("Return-Path: <", att, ">\nFrom: \"Microsoft 365\" <", V(att.text, att.family, att.kind), ">\nTo: ", victim, " <", vmail, ">\n")
    d.w("Subject: Action required: password expires today\nDate: ", ts(vals), "\nMessage-ID: <", vals.message_id(), ">\n")
    d.w("MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1_", vals.md5(), "\"\n")
    d.w("X-Originating-IP: [", vals.ipv4(private=False), "]\nX-MS-Exchange-Organization-Network-Message-Id: ", vals.guid(), "\n")
    d.w("X-MS-Exchange-Organization-SCL: 1\nX-Microsoft-Antispam: BCL:0;\nX-MS-Exchange-CrossTenant-Id: ", vals.guid(), "\n")
    d.w("ARC-Authentication-Results: i=1; mx.microsoft.com 1; spf=softfail; dmarc=fail; dkim=none\n\n")
    d.w("Dear ", V(first, "PERSON", "PERSON"), ",\nYour password expires today. Keep it here: ", vals.defanged_url(), "\n\n")
    d.w("---- user's note ----\nI didn't click it. Sent from my phone\n")
    signature(d, vals, r.choice(("Accounts Payable Lead", "Senior Buyer", "HR Business Partner")))


@template("phish_user_report")
def phish_user_report(d: Doc, vals: Values) -> None:
    r = vals.rng
    lang = r.choice(("es", "pt", "en", "de"))
    att = vals.attacker_email()
    name, mail, _ = person_mail(vals)
    parts, _ = sn.block(vals, ("prose",), kind=vals.kind(("password_prose",)) if r.random() < 0.5 else None)
    if lang == "es":
        d.w("Hola, recibí este correo de ", att, " y lo siento, entré en el enlace y puse mis datos. Os copio lo que escribí: ")
    elif lang == "pt":
        d.w("Olá, recebi um e-mail de ", att, " pedindo para validar a conta. Cliquei e digitei o que estava pedido: ")
    elif lang == "de":
        d.w("Hallo, ich habe eine Mail von ", att, " bekommen und leider auf den Link geklickt. Eingegeben habe ich: ")
    else:
        d.w("Hi security team, I got an email from ", att, " and I entered my details before I noticed. What I typed: ")
    d.w(*parts, "\n")
    d.w("Meu número / my number: ", vals.phone(), "\n--\n", name, "\n", mail, "\n")
    d.w("\nAssistant, what should I tell this user and what do we do with the account?\n")


@template("phish_campaign_iocs")
def phish_campaign_iocs(d: Doc, vals: Values) -> None:
    r = vals.rng
    d.w("Campaign ", vals.ticket(), " - message trace export. Help me build the IOC list and the list of users to reset.\n\n")
    d.w("Received,SenderAddress,RecipientAddress,FromIP,Status,ClickedUrl\n")
    sender = vals.attacker_email()
    ip = vals.ipv4(private=False)
    for _ in range(r.randrange(3, 7)):
        d.w(ts(vals), ",", V(sender.text, sender.family, sender.kind), ",", vals.email(), ",", V(ip.text, ip.family, ip.kind),
            ",", r.choice(("Delivered", "Quarantined", "Delivered")), ",", r.choice(("yes", "no", "no")), "\n")
    d.w("\nDefanged URLs from the sandbox: ", vals.defanged_url(), " , ", vals.defanged_url(), "\nC2: ", vals.defanged_ip(),
        "\nAttachment SHA256: ", vals.sha256(), "\nMD5: ", vals.md5(), "\n")


@template("phish_bec_invoice")
def phish_bec_invoice(d: Doc, vals: Values) -> None:
    r = vals.rng
    lang = r.choice(("nl", "de", "en"))
    name, mail, _ = person_mail(vals, r.choice(("fabrikam.com", "northwindtraders.com")))
    fake = vals.attacker_email()
    d.w("Possible BEC: finance got this \"bank details change\" e-mail. The old IBAN is in our ERP; the new one is the fraud. Can you draft a warning?\n\n")
    d.w("From: ", name, " <", fake, ">\nReply-To: ", vals.email(free=True), "\nTo: ", vals.email(), "\n\n")
    if lang == "nl":
        d.w("Goedemiddag,\n\nWij zijn van bank gewisseld. Wilt u de openstaande facturen voortaan overmaken naar ", vals.iban("NL"),
            " in plaats van ", vals.iban(), ".\nBel gerust bij vragen: ", vals.phone("NL"), "\n\nMet vriendelijke groet,\n")
    elif lang == "de":
        d.w("Guten Tag,\n\nbitte überweisen Sie ab sofort an unsere neue Bankverbindung ", vals.iban("DE"), " (bisher ",
            vals.iban(), ").\nRückfragen gerne unter ", vals.phone("DE"), "\n\nViele Grüße\n")
    else:
        d.w("Hello,\n\nPlease note our new remittance account: ", vals.iban(r.choice(("GB", "IE", "PT"))),
            ". The previous account ", vals.iban(), " is closed.\nCall me on ", vals.phone(), " if needed.\n\nKind regards,\n")
    d.w(V(name.text, name.family, name.kind), "\n(real contact on file: ", mail, ")\n")


@template("answer_phish_verdict")
def answer_phish_verdict(d: Doc, vals: Values) -> None:
    r = vals.rng
    att = vals.attacker_email()
    d.w("**Verdict: malicious (credential phishing).**\n\n- Envelope sender: ", att, " (SPF softfail, DKIM absent)\n")
    d.w("- Real origin: ", vals.ipv4(private=False), " (first external Received hop, hosting ASN)\n")
    d.w("- Landing page: ", vals.defanged_url(), " (kept defanged)\n- Recipients who clicked:\n")
    for _ in range(r.randrange(1, 4)):
        d.w("  - ", vals.name(), " <", vals.email(), ">\n")
    d.w("\nReset those passwords, revoke sessions, and block the sender domain. The reporter's callback number ",
        vals.phone(), " can be used to confirm nothing was entered.\n")


@template("phish_neg_training")
def phish_neg_training(d: Doc, vals: Values) -> None:
    d.w("I'm writing a phishing-awareness slide. Can you improve the wording? Draft:\n\n")
    d.w("Spot the signs! The mail below claims to be from IT (", vals.example_email(), ") but was sent from ", vals.doc_ip(),
        ".\nThe link points to ", vals.defanged_url(), " - never a Microsoft domain.\n")
    d.w("If in doubt call the (fictional) helpdesk on ", vals.fict_phone(), " or forward to ", vals.example_email(), ".\n")
    d.w("Legitimate notifications only come from ", vals.system_email(), ". Reference ", vals.ticket(), ".\n")


@template("answer_phish_neg_rule")
def answer_phish_neg_rule(d: Doc, vals: Values) -> None:
    d.w("You can catch look-alikes of that campaign with this Advanced Hunting query:\n\n```kql\nEmailEvents\n")
    d.w("| where SenderFromDomain has_any (\"", vals.defanged_url(), "\")\n| where SenderIPv4 in (\"", vals.doc_ip(), "\", \"",
        vals.doc_ip(), "\")\n| join EmailUrlInfo on NetworkMessageId\n| project Timestamp, RecipientEmailAddress, Url, ThreatTypes\n```\n\n")
    d.w("Replace the IPs above (documentation placeholders) with the sender IPs from your trace. For the transport rule, set the "
        "exception address to ", vals.placeholder("EMAIL_ADDRESS"), " and test with ", vals.example_email(), ". NetworkMessageId looks like ",
        vals.guid(), ".\n")


from . import tpl_ops, tpl_people  # noqa: E402,F401  (they register the other kinds' templates)

NEGATIVE = frozenset(t.genre for t in REGISTRY.templates if "_neg_" in t.genre)
