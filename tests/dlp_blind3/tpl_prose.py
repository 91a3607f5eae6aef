"""Templates for people writing to people: chat exports, HR and finance e-mails, support tickets,
German/French/Spanish/Dutch snippets, and assistant answers that echo what they were given."""

from __future__ import annotations

from tests.dlp_blind3.build import Doc, template
from tests.dlp_blind3.values import Neg, Values


def _hm(v: Values) -> str:
    return f"{v.r.randint(8, 18):02d}:{v.r.randint(0, 59):02d}"


# ---------------------------------------------------------------------------------------------
# Teams / Slack chat exports
# ---------------------------------------------------------------------------------------------


@template("chat", weight=4)
def chat_export(v: Values, d: Doc) -> None:
    a, b = v.person(), v.person()
    secret_lines = v.r.sample([
        ("can you send me the prod key for the openai resource? mine expired", "here: ⟨x⟩ (key 2, don't share)", lambda: v.aoai(False)),
        ("what's the admin password for the staging jump box?", "it's ⟨x⟩ until friday", lambda: v.pw("password_prose", v.SAFE_BARE + " ")),
        ("my password is ⟨x⟩ if you need to log in as me while I'm out", "thanks, will change it after", lambda: v.pw("password_prose", v.SAFE_BARE + " ")),
        ("need the slack bot token for the alerts app", "⟨x⟩", v.slack),
        ("the webhook for #deploys?", "⟨x⟩", v.slack_webhook),
        ("which token did you use for the release?", "my PAT ⟨x⟩ — I'll revoke it tonight", v.github),
        ("do you have the DevOps PAT for the agent pool?", "PAT: ⟨x⟩", v.devops),
        ("what's the cognitive services key for the speech resource", "subscription key ⟨x⟩, region westeurope", lambda: v.aoai(False)),
        ("login for the vendor portal?", "user ops-team, pw ⟨x⟩", lambda: v.pw("password_prose", v.SAFE_BARE + " ")),
        ("can you share the Google Maps key", "⟨x⟩ — restricted to our domains", v.google_api_key),
        ("stripe restricted key for the reporting job?", "⟨x⟩", v.stripe),
        ("hf token for the model download?", "⟨x⟩", v.huggingface),
    ], 2)
    pii_lines = v.r.sample([
        ("call me at ⟨x⟩ if the build breaks again", v.phone),
        ("my mobile: ⟨x⟩", v.phone),
        ("the customer's address is ⟨x⟩, please reply to them", v.email),
        ("the user connects from ⟨x⟩, can you whitelist it?", v.ip),
        ("can you tell me which of the 3 clusters has version ⟨x⟩?", v.version4),
        ("booked the hotel, confirmation 4471-⟨x⟩", lambda: Neg(str(v.r.randint(100000, 999999)), "booking_ref", "PHONE_NUMBER")),
        ("the job id is ⟨x⟩", v.guid_neg),
    ], 3)
    d.add("Chat export — #platform-ops\n")
    for turn, (ask, reply, make) in enumerate(secret_lines):
        x = make()
        asker, replier = (a, b) if turn % 2 == 0 else (b, a)
        d.fill(f"[{_hm(v)}] ⟨who⟩: " + ask + "\n", who=v.name(*asker), x=x)
        d.fill(f"[{_hm(v)}] ⟨who⟩: " + reply + "\n", who=v.name(*replier), x=x)
    for line, make in pii_lines:
        d.fill(f"[{_hm(v)}] ⟨who⟩: " + line + "\n", who=v.name(*v.pick([a, b])), x=make())


@template("chat", weight=2)
def teams_incident(v: Values, d: Doc) -> None:
    d.fill("""⟨n1⟩ 09:02
Prod is down, 502 from the gateway. Pasting the env so you can check:
AZURE_OPENAI_ENDPOINT=https://aoai-prod-weu.openai.azure.com/
AZURE_OPENAI_KEY=⟨key⟩
EVENTHUB_CONNECTION=⟨conn⟩

⟨n2⟩ 09:04
looks fine. can you tell me what 'az account show' says? should be tenant ⟨ten⟩

⟨n1⟩ 09:05
yes. also the VM at ⟨ip⟩ restarted at 08:57

⟨n2⟩ 09:07
ok I'm on it, ping me on ⟨ph⟩""", n1=v.name(), key=v.aoai(), conn=v.bus_conn(), n2=v.name(), ten=v.guid_neg(), ip=v.ipv4(), ph=v.phone())


# ---------------------------------------------------------------------------------------------
# HR / finance e-mails
# ---------------------------------------------------------------------------------------------


@template("email", weight=3)
def hr_bank_change(v: Values, d: Doc) -> None:
    a = v.person()
    d.fill("""From: ⟨name⟩ <⟨mail⟩>
To: ⟨payroll⟩
Subject: Change of bank details from next payroll

Hi ⟨hr⟩,

please pay my salary into my new account from April on:
IBAN: ⟨iban⟩
BIC: ⟨bic⟩
My SSN for the W-4 is ⟨ssn⟩ and my employee number is E⟨emp⟩.
If anything is missing, tell me or call ⟨ph⟩.

Thanks,
⟨sig⟩""", name=v.name(*a), mail=v.email(*a), payroll=v.role_email(), hr=v.first(), iban=v.iban(),
           bic=Neg(v.pick(["COBADEFFXXX", "INGBNL2A", "BNPAFRPPXXX", "CAIXESBBXXX", "GEBABEBB", "RABONL2U"]), "bic", "IBAN_CODE"),
           ssn=v.ssn(), emp=str(v.r.randint(10000, 99999)), ph=v.phone(), sig=v.name(*a))


@template("email", weight=2)
def finance_invoice(v: Values, d: Doc) -> None:
    d.fill("""Subject: RE: Invoice INV-2026-⟨inv⟩ overdue

Dear ⟨n⟩,

we have not received payment for PO ⟨po⟩ (GL account ⟨gl⟩, lot ⟨lot⟩). Please transfer EUR 18,240.00 to
⟨iban⟩ by 31.03.2026 and quote the invoice number.
Alternatively pay by card: we can charge the ⟨brand⟩ on file, ⟨card⟩, if you confirm by reply.

Kind regards
⟨s⟩
Accounts Receivable | ⟨ph⟩ | ⟨mail⟩""", inv=str(v.r.randint(1000, 9999)), n=v.name(), po=v.order_no(), gl=v.gl_account(), lot=v.lot(),
           iban=v.iban(), brand=v.pick(["card", "Visa", "company card"]), card=v.card(), s=v.name(), ph=v.phone(), mail=v.role_email())


@template("email", weight=2)
def expense_card(v: Values, d: Doc) -> None:
    d.fill("""Hi ⟨n⟩,

my corporate card was declined at the hotel in Lisbon (booking 88⟨bk⟩). The number is ⟨card⟩, exp 0⟨m⟩/28,
CVV I'll tell you by phone. Could you tell the bank to lift the block? My cell is ⟨ph⟩.

The receipts (⟨k⟩ files) are in the expense report ER-2026-⟨er⟩.

Best
⟨s⟩""", n=v.first(), bk=str(v.r.randint(100000, 999999)), card=v.card(), m=str(v.r.randint(1, 9)), ph=v.phone(), k=str(v.r.randint(2, 9)),
           er=str(v.r.randint(10000, 99999)), s=v.name())


@template("email")
def onboarding_email(v: Values, d: Doc) -> None:
    a = v.person()
    d.fill("""Welcome aboard, ⟨fn⟩!

Your account: ⟨mail⟩
Temporary password: ⟨pw⟩
You'll be asked to change it at first sign-in (https://aka.ms/mysignins). Your laptop asset tag is AT-⟨tag⟩ and
your desk phone is ⟨ph⟩. VPN gateway: ⟨ip⟩.

Forgot password? Use the self-service reset, never send your password by e-mail.
— IT Service Desk""", fn=v.name(*a), mail=v.email(*a), pw=v.pw("password_prose", v.SAFE_BARE + " "), tag=str(v.r.randint(10000, 99999)),
           ph=v.phone(), ip=v.ipv4(False))


@template("email")
def ssn_benefits(v: Values, d: Doc) -> None:
    d.fill("""Subject: Benefits enrollment — dependent info

Hi ⟨hr⟩, adding my spouse ⟨sp⟩ (SSN ⟨ssn⟩, DOB 1989-04-⟨dd⟩) and our son (Social Security number ⟨ssn2⟩).
Plan ID ⟨pid⟩ stays the same. Lot of paperwork, sorry!
⟨s⟩ | ⟨ph⟩""", hr=v.first(), sp=v.name(), ssn=v.ssn(), dd=str(v.r.randint(10, 28)), ssn2=v.ssn(), pid=Neg(f"401-22-{v.r.randint(1000, 9999)}", "plan_id", "US_SSN"),
           s=v.name(), ph=v.phone("US"))


# ---------------------------------------------------------------------------------------------
# Support tickets
# ---------------------------------------------------------------------------------------------


@template("ticket", weight=3)
def support_ticket(v: Values, d: Doc) -> None:
    a = v.person()
    cred_line, make = v.pick([
        ("Temp password set to ⟨x⟩, user must change at next logon.", lambda: v.pw("password_kv", v.SAFE_BARE + " ")),
        ("User says their password is ⟨x⟩ but it gets rejected.", lambda: v.pw("password_prose", v.SAFE_BARE + " ")),
        ("Customer pasted their API key: ⟨x⟩", v.openai),
        ("Bearer token from the HAR file: ⟨x⟩", v.jwt),
        ("Attached private key (id_rsa) content:\n⟨x⟩", v.pem),
        ("Their SAS URL: https://⟨acct⟩.blob.core.windows.net/uploads?⟨x⟩", v.sas),
    ])
    d.fill("""Ticket INC00⟨no⟩ | Priority 2 | Opened 2026-03-0⟨dd⟩ 14:22
Requester: ⟨name⟩ (⟨mail⟩, ⟨ph⟩)
Affected host: ⟨host⟩ / ⟨ip⟩
Description: cannot sync files since the update to client ⟨ver⟩.
""" + cred_line + """
Work notes: KB⟨kb⟩ applied, rebooted twice. Asked user to tell us if it recurs.""",
           no=str(v.r.randint(10000, 99999)), dd=str(v.r.randint(1, 9)), name=v.name(*a), mail=v.email(*a), ph=v.phone(),
           host=f"LT-{v.r.randint(1000, 9999)}", ip=v.ip(), ver=v.version4(), x=make(), acct=v.account(),
           kb=str(v.r.randint(5000000, 5099999)))


@template("ticket")
def ticket_negatives_only(v: Values, d: Doc) -> None:
    d.fill("""Ticket CHG00⟨no⟩ — certificate renewal
OID ⟨oid⟩ (Server Authentication) must be present. Thumbprint ⟨tp⟩.
Public key: ⟨pub⟩
Certificate:
-----BEGIN CERTIFICATE-----
MIIDdzCCAl+gAwIBAgIE⟨body⟩
-----END CERTIFICATE-----
Firmware ⟨fw⟩ on the load balancer, change window 22:00–23:30, hotel room block 512-⟨room⟩ for the on-site team.""",
           no=str(v.r.randint(10000, 99999)), oid=v.oid(), tp=v.sha(40), pub=v.ssh_pub(), body=v.b64(240)[:300], fw=v.version4(),
           room=str(v.r.randint(10, 99)))


# ---------------------------------------------------------------------------------------------
# German / French / Spanish / Dutch
# ---------------------------------------------------------------------------------------------


@template("multilingual", weight=2)
def de_mail(v: Values, d: Doc) -> None:
    d.fill("""Hallo ⟨n⟩,

anbei die Zugangsdaten für den SFTP-Server (⟨ip⟩, Port 22):
Benutzer: lieferant_⟨u⟩
Passwort: ⟨pw⟩
Die Rechnung überweisen Sie bitte auf IBAN ⟨iban⟩ bei der Commerzbank.
Bei Fragen erreichen Sie mich unter Tel. ⟨ph⟩ oder ⟨mail⟩.

Viele Grüße
⟨s⟩""", n=v.first(), ip=v.ipv4(False), u=str(v.r.randint(10, 99)), pw=v.pw("password_prose", v.SAFE_BARE + " "), iban=v.iban("DE"),
           ph=v.phone("DE"), mail=v.email(), s=v.name())


@template("multilingual")
def de_chat(v: Values, d: Doc) -> None:
    d.fill("""Kurze Frage: das Kennwort für den Service-Account lautet ⟨pw⟩ — stimmt das noch? Ich bekomme 401 von der API.
Version der App: ⟨ver⟩, Auftragsnummer ⟨po⟩. Meine Durchwahl: ⟨ph⟩""", pw=v.pw("password_prose", v.SAFE_BARE + " "),
           ver=v.version4(), po=v.order_no(), ph=v.phone(v.pick(["DE", "AT", "CH"])))


@template("multilingual", weight=2)
def fr_mail(v: Values, d: Doc) -> None:
    d.fill("""Bonjour ⟨n⟩,

Voici mon RIB pour le remboursement : IBAN ⟨iban⟩ (BIC ⟨bic⟩).
Le mot de passe du Wi-Fi invités est ⟨pw⟩ et celui de l'imprimante reste inchangé.
Vous pouvez me joindre au ⟨ph⟩.

Cordialement,
⟨s⟩
⟨mail⟩""", n=v.first(), iban=v.iban(v.pick(["FR", "BE", "LU", "CH"])), bic=Neg("BNPAFRPPXXX", "bic", "IBAN_CODE"),
           pw=v.pw("password_prose", v.SAFE_BARE + " "), ph=v.phone(v.pick(["FR", "BE", "CH"])), s=v.name(), mail=v.email())


@template("multilingual", weight=2)
def es_chat(v: Values, d: Doc) -> None:
    d.fill("""Hola ⟨n⟩, la contraseña del servidor de pruebas es ⟨pw⟩ (usuario admin).
Mi móvil es ⟨ph⟩. Para el reembolso usa mi cuenta ⟨iban⟩ por favor.
El error sale con la versión ⟨ver⟩ y el pedido ⟨po⟩. ¿Me lo puedes mirar? Gracias""",
           n=v.first(), pw=v.pw("password_prose", v.SAFE_BARE + " "), ph=v.phone("ES"), iban=v.iban("ES"), ver=v.version4(),
           po=v.order_no())


@template("multilingual", weight=2)
def nl_mail(v: Values, d: Doc) -> None:
    d.fill("""Hoi ⟨n⟩,

Het wachtwoord van de NAS is ⟨pw⟩, graag na gebruik wijzigen.
Bel me gerust op ⟨ph⟩. De declaratie mag naar rekeningnummer ⟨iban⟩ t.n.v. ⟨s⟩.
Ordernummer ⟨po⟩, grootboekrekening ⟨gl⟩.

Groet,
⟨s2⟩""", n=v.first(), pw=v.pw("password_prose", v.SAFE_BARE + " "), ph=v.phone("NL"), iban=v.iban(v.pick(["NL", "BE"])), s=v.name(),
           po=v.order_no(), gl=v.gl_account(), s2=v.name())


@template("multilingual")
def mixed_iban_words(v: Values, d: Doc) -> None:
    """IBANs followed directly by words and punctuation, in several countries."""
    parts = []
    for country in v.r.sample(["BE", "AT", "ES", "DE", "NL", "IT", "PL", "SE", "IE", "PT", "DK", "NO", "FI", "CZ", "GB", "CH"], 3):
        parts.append((country, v.iban(country)))
    d.add("Kontoverbindungen / comptes / cuentas:\n")
    for country, iban in parts:
        d.fill(f"- {country}: ⟨i⟩ " + v.pick(["bitte prüfen", "(compte joint)", "gracias", "voor de huur", "is the new one", "per 1.4."]) + "\n", i=iban)


# ---------------------------------------------------------------------------------------------
# Assistant answers that echo the user's values (stored as completions)
# ---------------------------------------------------------------------------------------------


@template("answer", completion=True, weight=3)
def answer_fixed_config(v: Values, d: Doc) -> None:
    form = v.r.random()
    if form < 0.35:
        d.fill("""The problem is the missing `EndpointSuffix`. Use this connection string:

```
⟨conn⟩
```
and rotate the key afterwards, since it was shared in this chat.""", conn=v.any_conn())
    elif form < 0.65:
        d.fill("""Your `.env` should look like this:

```
AZURE_OPENAI_ENDPOINT=https://⟨res⟩.openai.azure.com/
AZURE_OPENAI_API_KEY=⟨key⟩
OPENAI_API_VERSION=2024-10-21
DB_PASSWORD=⟨pw⟩
```
Note that `python-dotenv` does not override variables already set in the shell.""", res=v.pick(["contoso-aoai", "aoai-dev"]),
               key=v.aoai(), pw=v.pw("password_kv", v.SAFE_BARE + " "))
    else:
        d.fill("""I can see a live token in your remote URL (`⟨tok⟩`). Revoke it in Settings → Developer settings, then use
the credential manager instead:

```bash
git remote set-url origin https://github.com/contoso/infra.git
git config --global credential.helper manager
```""", tok=v.github())


@template("answer", completion=True, weight=2)
def answer_code(v: Values, d: Doc) -> None:
    form = v.r.random()
    if form < 0.3:
        d.fill("""Here is the corrected snippet with MSAL:

```python
app = msal.ConfidentialClientApplication(
    client_id="⟨cid⟩",
    client_credential="⟨sec⟩",
    authority="https://login.microsoftonline.com/⟨ten⟩",
)
result = app.acquire_token_for_client(scopes=["https://graph.microsoft.com/.default"])
```
Move `client_credential` to Key Vault before committing.""", cid=v.guid_neg(), sec=v.client_secret(), ten=v.guid_neg())
    elif form < 0.6:
        d.fill("""Use `requests` with basic auth:

```python
resp = requests.get("https://jira.contoso.net/rest/api/2/search", auth=("svc-jira", "⟨pw⟩"), timeout=30)
```
Your `⟨aws⟩` access key id from earlier also belongs in `~/.aws/credentials`, not in code:
```ini
[default]
aws_access_key_id = ⟨aws2⟩
aws_secret_access_key = ⟨sec⟩
```""", pw=v.pw("password_ctor"), aws=v.aws_key_id(), aws2=v.aws_key_id(), sec=v.aws_secret())
    else:
        d.fill("""Your Slack app needs both tokens: the bot token `⟨b⟩` for Web API calls and the app-level token
`⟨a⟩` for Socket Mode:

```js
const app = new App({ token: "⟨b2⟩", appToken: "⟨a2⟩", socketMode: true });
```
The SendGrid key `⟨sg⟩` you posted also has full access; scope it down to Mail Send.""",
               b=v.slack(), a=v.slack(), b2=v.slack(), a2=v.slack(), sg=v.sendgrid())
