"""Templates centred on one token each: API calls from the shell, tool configuration files, key and
token debugging questions. They keep every credential kind represented well enough to measure."""

from __future__ import annotations

import base64

from tests.dlp_blind3.build import Doc, template
from tests.dlp_blind3.values import Neg, Values, cred

JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
          "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


@template("stackoverflow", weight=12)
def curl_api(v: Values, d: Doc) -> None:
    kind = v.pick(["github", "gitlab", "stripe", "sendgrid", "google", "hf", "anthropic", "openai", "npm", "slack",
                   "devops", "jwt", "bearer", "aws"])
    if kind == "github":
        call = 'curl -H "Authorization: ' + v.pick(["token", "Bearer"]) + ' ⟨t⟩" -H "Accept: application/vnd.github+json" https://api.github.com/repos/contoso/api/actions/runs?per_page=5'
        tok, why = v.github(), "I get 404 for a private repo but the token has repo scope"
    elif kind == "gitlab":
        call = 'curl --header "PRIVATE-TOKEN: ⟨t⟩" "https://gitlab.com/api/v4/projects/4815162/pipelines?ref=main"'
        tok, why = v.gitlab(), "returns 401 {\"message\":\"401 Unauthorized\"} since the instance upgrade to 17.8"
    elif kind == "stripe":
        call = "curl https://api.stripe.com/v1/charges -u ⟨t⟩: -d amount=2000 -d currency=eur -d source=tok_visa"
        tok, why = v.stripe(), "the charge works in test mode but live says 'No such token'"
    elif kind == "sendgrid":
        call = 'curl -X POST https://api.sendgrid.com/v3/mail/send -H "Authorization: Bearer ⟨t⟩" -H "Content-Type: application/json" -d @mail.json'
        tok, why = v.sendgrid(), "HTTP 202 but nothing arrives"
    elif kind == "google":
        call = 'curl "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent?key=⟨t⟩" -H "Content-Type: application/json" -d @req.json'
        tok, why = v.google_api_key(), "I get 403 PERMISSION_DENIED from a Cloud Run job"
    elif kind == "hf":
        call = 'curl https://api-inference.huggingface.co/models/BAAI/bge-m3 -H "Authorization: Bearer ⟨t⟩" -d \'{"inputs":"hello"}\''
        tok, why = v.huggingface(), "503 model loading forever"
    elif kind == "anthropic":
        call = 'curl https://api.anthropic.com/v1/messages -H "x-api-key: ⟨t⟩" -H "anthropic-version: 2023-06-01" -d @msg.json'
        tok, why = v.anthropic(), "overloaded_error every afternoon"
    elif kind == "openai":
        call = 'curl https://api.openai.com/v1/chat/completions -H "Authorization: Bearer ⟨t⟩" -H "Content-Type: application/json" -d @chat.json'
        tok, why = v.openai(), "429 insufficient_quota although billing shows credit"
    elif kind == "npm":
        call = 'curl -H "Authorization: Bearer ⟨t⟩" https://registry.npmjs.org/-/npm/v1/user'
        tok, why = v.npm(), "I want to check which user a CI token belongs to"
    elif kind == "slack":
        call = 'curl -X POST https://slack.com/api/chat.postMessage -H "Authorization: Bearer ⟨t⟩" -d channel=C0123ABCD -d text=hi'
        tok, why = v.slack(), "not_in_channel even after /invite"
    elif kind == "devops":
        call = 'curl -u :⟨t⟩ "https://dev.azure.com/contoso/_apis/projects?api-version=7.1"'
        tok, why = v.devops(), "203 Non-Authoritative and an HTML sign-in page"
    elif kind == "jwt":
        call = 'curl -H "Authorization: Bearer ⟨t⟩" https://management.azure.com/subscriptions?api-version=2022-12-01'
        tok, why = v.jwt(), "InvalidAuthenticationTokenAudience"
    elif kind == "bearer":
        call = 'curl -H "Authorization: Bearer ⟨t⟩" https://graph.microsoft.com/v1.0/me/messages?$top=5'
        tok, why = v.opaque_bearer(), "CompactToken parsing failed with error code: 80049217"
    else:
        call = "AWS_ACCESS_KEY_ID=⟨t⟩ AWS_SECRET_ACCESS_KEY=⟨s⟩ aws s3 ls s3://contoso-backups --region eu-west-1"
        tok, why = v.aws_key_id(), "SignatureDoesNotMatch"
    intro = v.pick(["Quick one:", "Can someone explain this?", "Reproducible with plain curl:", "From my terminal (⟨ip⟩):",
                    "Using the token our admin gave me:"])
    d.fill(intro + "\n\n```\n$ " + call + "\n```\n" + why + ". Request id ⟨rid⟩.", t=tok, s=v.aws_secret(), ip=v.ip(),
           rid=v.pick([v.guid_neg(), v.trace_id(), Neg(v.hexs(24), "hex24", "CREDENTIAL")]))


@template("config_file", weight=8)
def tool_config(v: Values, d: Doc) -> None:
    kind = v.pick(["aws", "npmrc", "nuget", "pip", "kubeconfig", "gitlab_ci", "docker", "git_credentials", "netrc", "yarnrc",
                   "settings_xml"])
    if kind == "aws":
        d.fill("~/.aws/credentials:\n[default]\naws_access_key_id = ⟨a⟩\naws_secret_access_key = ⟨s⟩\n\n[prod]\n"
               "aws_access_key_id=⟨a2⟩\naws_secret_access_key=⟨s2⟩\nregion=eu-central-1\n\nwhy does --profile prod still use default?",
               a=v.aws_key_id(), s=v.aws_secret(), a2=v.aws_key_id(), s2=v.aws_secret())
    elif kind == "npmrc":
        d.fill("My .npmrc:\n```\nregistry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=⟨t⟩\n"
               "//npm.pkg.github.com/:_authToken=⟨g⟩\n@contoso:registry=https://npm.pkg.github.com\n```\nnpm ci fails with E401 on the GitHub scope.",
               t=v.npm(), g=v.github())
    elif kind == "nuget":
        d.fill("""nuget.config on the build agent:
```xml
<packageSourceCredentials>
  <ContosoFeed>
    <add key="Username" value="build" />
    <add key="ClearTextPassword" value="⟨p⟩" />
  </ContosoFeed>
</packageSourceCredentials>
```
dotnet restore: Response status code does not indicate success: 401 (Unauthorized). SDK ⟨ver⟩""", p=v.devops(),
               ver=Neg("8.0.404", "version3", "IP_ADDRESS"))
    elif kind == "pip":
        d.fill("pip.conf:\n[global]\nindex-url = https://build:⟨p⟩@pkgs.dev.azure.com/contoso/_packaging/py-internal/pypi/simple/\n"
               "trusted-host = ⟨ip⟩\n\npip install contoso-core==⟨ver⟩ hangs at 'Looking in indexes'.", p=v.devops(), ip=v.ipv4(True),
               ver=Neg("2.7.1", "version3", "IP_ADDRESS"))
    elif kind == "kubeconfig":
        key = v.pem()
        b64key = base64.b64encode(key.text.encode()).decode()
        d.fill("""kubeconfig (shortened):
users:
- name: clusterUser_rg-aks_aks-prod
  user:
    client-certificate-data: ⟨crt⟩
    client-key-data: ⟨k⟩
    token: ⟨tok⟩
clusters:
- cluster:
    server: https://⟨ip⟩:443
kubectl says: error: You must be logged in to the server (Unauthorized)""", crt=v.cert_b64(), k=cred(b64key, "private_key", b64key[:64]),
               tok=v.pick([v.jwt, v.opaque_bearer])(), ip=v.ipv4(False))
    elif kind == "gitlab_ci":
        d.fill(""".gitlab-ci.yml
```yaml
variables:
  DOCKER_DRIVER: overlay2
  GL_TOKEN: "⟨t⟩"
  SONAR_HOST_URL: https://sonar.contoso.net
release:
  image: node:20
  script:
    - npx semantic-release   # uses GL_TOKEN
```
semantic-release: EGLNOPERMISSION""", t=v.gitlab())
    elif kind == "docker":
        pw = v.password(v.SAFE_Q)
        auth = base64.b64encode(f"contosoacr:{pw}".encode()).decode()
        d.fill("""~/.docker/config.json
{
  "auths": {
    "contosoacr.azurecr.io": { "auth": "⟨a⟩" },
    "ghcr.io": { "auth": "⟨g⟩" }
  },
  "credsStore": ""
}
docker pull works for ACR but ghcr says denied""", a=cred(auth, "encoded_secret"),
               g=cred(base64.b64encode(f"ci-bot:{v.github().text}".encode()).decode(), "encoded_secret"))
    elif kind == "git_credentials":
        d.fill("cat ~/.git-credentials\nhttps://⟨u⟩:⟨t⟩@github.com\nhttps://build:⟨p⟩@dev.azure.com\n\nWhich one does git use for dev.azure.com/contoso?",
               u=v.pick(["jdoe", "mkowalski"]), t=v.github(), p=v.devops())
    elif kind == "netrc":
        d.fill("~/.netrc\nmachine api.heroku.com\n  login ⟨m⟩\n  password ⟨p⟩\nmachine ftp.partner.example login upload password ⟨p2⟩\n",
               m=v.email(), p=cred(v.hexs(8) + "-" + v.hexs(4) + "-" + v.hexs(4) + "-" + v.hexs(4) + "-" + v.hexs(12), "password_kv"),
               p2=v.pw("password_kv", v.SAFE_BARE + " "))
    elif kind == "yarnrc":
        d.fill('.yarnrc.yml\nnpmScopes:\n  contoso:\n    npmRegistryServer: "https://npm.pkg.github.com"\n    npmAuthToken: "⟨t⟩"\n'
               'npmRegistryServer: "https://registry.yarnpkg.com"\nyarnPath: .yarn/releases/yarn-4.5.3.cjs\n', t=v.github())
    else:
        d.fill("""settings.xml
<servers>
  <server>
    <id>contoso-releases</id>
    <username>deploy</username>
    <password>⟨p⟩</password>
  </server>
</servers>
mvn deploy: 401 from Nexus at ⟨ip⟩:8081""", p=v.pw("password_kv", "<>&" + v.SAFE_Q), ip=v.ipv4(True))


@template("stackoverflow", weight=3)
def pem_question(v: Values, d: Doc) -> None:
    d.fill("""`ValueError: Could not deserialize key data` when loading my key with cryptography ⟨ver⟩

```python
key = serialization.load_pem_private_key(b\"\"\"⟨pem⟩\"\"\", password=None)
```
The public part is fine:
```
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA⟨pub⟩
-----END PUBLIC KEY-----
```""", ver=Neg("43.0.3", "version3", "IP_ADDRESS"), pem=v.pem(), pub=Neg(v.b64(200)[:280], "public_key", "private_key"))


@template("stackoverflow", weight=2)
def jwt_question(v: Values, d: Doc) -> None:
    d.fill("""PyJWT: InvalidSignatureError on a token from Entra ID, while the jwt.io sample ⟨sample⟩ verifies fine with 'your-256-bit-secret'.

My token:
⟨tok⟩

```python
jwt.decode(tok, key=signing_key.key, algorithms=["RS256"], audience="api://⟨aud⟩")
```""", sample=Neg(JWT_IO, "documented_example", "jwt"), tok=v.jwt(v.email().text), aud=v.guid_neg())


@template("stackoverflow", weight=2)
def sas_question(v: Values, d: Doc) -> None:
    d.fill("""AzCopy: "Server failed to authenticate the request" with a user delegation SAS

```
azcopy copy "./dump/*" "https://⟨acct⟩.blob.core.windows.net/backups?⟨sas⟩" --recursive
```
AzCopy ⟨ver⟩. Clock on the VM is in sync (chrony). The account has no firewall rules; my IP is ⟨ip⟩.""",
           acct=v.account(), sas=v.sas(), ver=Neg("10.27.1", "version3", "IP_ADDRESS"), ip=v.ip())


@template("json_api", weight=2)
def webhook_payload(v: Values, d: Doc) -> None:
    d.fill("""Webhook body we received (is the card masked enough?):
{"event":"payment.failed","id":"evt_⟨eid⟩","data":{"customer":{"email":"⟨m⟩","phone":"⟨ph⟩"},
 "card":{"number":"⟨c⟩","brand":"⟨brand⟩"},"ip":"⟨ip⟩","amount":4999,"currency":"usd","attempt":2},
 "test_card_used_before":"⟨tc⟩","created":1741939200}""", eid=v.hexs(24), m=v.email(), ph=v.phone(), c=v.card(),
           brand=v.pick(["visa", "mastercard", "amex"]), ip=v.ip(),
           tc=Neg(v.pick(["4242 4242 4242 4242", "4111111111111111", "5555555555554444", "378282246310005"]), "test_card", "CREDIT_CARD"))


@template("stackoverflow", weight=5)
def code_ctor(v: Values, d: Doc) -> None:
    """Passwords handed to constructors and login calls, in several languages."""
    line = v.pick([
        'var cred = new NetworkCredential("⟨u⟩", "⟨p⟩", "CONTOSO");',
        "$sec = ConvertTo-SecureString -String '⟨p⟩' -AsPlainText -Force\n$cred = [pscredential]::new('⟨u⟩', $sec)",
        'conn = pymysql.connect(host="db.internal", user="⟨u⟩", passwd="⟨p⟩", database="shop")',
        'resp = requests.post(url, auth=HTTPBasicAuth("⟨u⟩", "⟨p⟩"), json=payload)',
        'server.login("⟨u⟩", "⟨p⟩")',
        "client.connect(hostname, username='⟨u⟩', password='⟨p⟩', timeout=10)",
        'ftp = FTP("ftp.partner.example"); ftp.login("⟨u⟩", "⟨p⟩")',
        'l.simple_bind_s("cn=⟨u⟩,ou=svc,dc=contoso,dc=com", "⟨p⟩")',
        'client = MongoClient("mongo.internal", 27017, username="⟨u⟩", password="⟨p⟩", authSource="admin")',
        'var builder = new SqlConnectionStringBuilder { DataSource = "sql01", UserID = "⟨u⟩", Password = "⟨p⟩" };',
        'Connection c = DriverManager.getConnection("jdbc:postgresql://pg01:5432/erp", "⟨u⟩", "⟨p⟩");',
        'await page.fill("#password", "⟨p⟩");  // playwright login for ⟨u⟩',
        'cred = UsernamePasswordCredential(client_id, "⟨u⟩", "⟨p⟩")',
    ])
    lang_q = v.pick(["This throws an authentication error only in production:", "Works on my machine, fails in the container:",
                     "Our pentest flagged this line, what's the right pattern?", "Why is this so slow to connect (8 s)?"])
    d.fill(lang_q + "\n\n```\n" + line + "\n```\nRuntime ⟨ver⟩, host ⟨ip⟩.", u=v.pick(["svc_app", "reporting", "jdoe", "backup"]),
           p=v.pw("password_ctor"), ver=v.pick([v.version4(), Neg("3.12.8", "version3", "IP_ADDRESS")]), ip=v.ip())


@template("ticket", weight=10)
def inline_paste(v: Values, d: Doc) -> None:
    """One value of any credential kind, pasted with a short question in one of five languages."""
    make = v.pick([v.github, v.slack, v.slack, v.slack_webhook, v.gitlab, v.stripe, v.stripe, v.google_api_key, v.npm,
                   v.devops, v.sendgrid, v.sendgrid, v.storage, v.storage_conn, v.sas, lambda: v.aoai(False), v.openai,
                   v.aws_key_id, v.aws_secret, v.jwt, v.opaque_bearer, v.client_secret, v.huggingface, v.huggingface,
                   v.anthropic, v.bus_conn])
    lang = v.pick(["en", "en", "en", "de", "fr", "es", "nl"])
    ask = {
        "en": v.pick(["Is this key still valid? ⟨x⟩", "Found this in an old repo, what service is it for: ⟨x⟩",
                      "Rotating credentials — the current value is ⟨x⟩, do I need to update the pipeline too?",
                      "⟨x⟩\n^ this is what the vendor sent us. Safe to put in appsettings?"]),
        "de": v.pick(["Ist dieser Schlüssel noch gültig? ⟨x⟩", "Der Kollege hat mir das geschickt: ⟨x⟩ — wofür ist das?"]),
        "fr": v.pick(["Cette clé est-elle encore valide ? ⟨x⟩", "Le prestataire nous a envoyé ceci : ⟨x⟩"]),
        "es": v.pick(["¿Sigue siendo válida esta clave? ⟨x⟩", "El proveedor nos mandó esto: ⟨x⟩"]),
        "nl": v.pick(["Is deze sleutel nog geldig? ⟨x⟩", "De leverancier stuurde dit: ⟨x⟩"]),
    }[lang]
    d.fill(ask, x=make())


@template("ticket", weight=4)
def password_prose(v: Values, d: Doc) -> None:
    """Passwords written in sentences."""
    sentence = v.pick([
        "The password for the shared mailbox is ⟨p⟩ — please don't forward it.",
        "FYI the new wifi password: ⟨p⟩ (changes monthly)",
        "I reset your account, log in with ⟨u⟩ and the password ⟨p⟩ then pick a new one.",
        "pw for the test tenant admin is ⟨p⟩ if anyone needs it",
        "Das neue Passwort für den Drucker-Admin lautet ⟨p⟩.",
        "Kennwort für das Testsystem: ⟨p⟩",
        "Le mot de passe temporaire est ⟨p⟩, à changer à la première connexion.",
        "mdp du compte de service : ⟨p⟩",
        "La contraseña nueva es ⟨p⟩ y caduca en 30 días.",
        "Het wachtwoord voor de testomgeving is ⟨p⟩ (niet delen).",
        "Username ⟨u⟩, passphrase ⟨p⟩ for the backup encryption.",
    ])
    d.fill(sentence + " " + v.pick(["Thanks!", "Call me at ⟨ph⟩ if it fails.", "Ticket #⟨t⟩.", ""]),
           p=v.pw("password_prose", v.SAFE_BARE + " ."), u=v.pick(["jdoe", "svc-print", "admin.temp"]), ph=v.phone(),
           t=str(v.r.randint(100000, 999999)))
