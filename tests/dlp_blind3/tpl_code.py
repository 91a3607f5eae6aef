"""Templates for developer text: Stack Overflow questions, GitHub issues, notebooks, shell history, CI logs."""

from __future__ import annotations

from tests.dlp_blind3.build import Doc, template
from tests.dlp_blind3.values import Neg, Values, cred

# ---------------------------------------------------------------------------------------------
# Stack Overflow-style questions
# ---------------------------------------------------------------------------------------------


@template("stackoverflow", weight=2)
def so_blob_403(v: Values, d: Doc) -> None:
    d.fill("""**BlobServiceClient fails with AuthorizationFailure only in the container**

I'm on azure-storage-blob ⟨ver⟩ and Python 3.11. Locally this works, in AKS I get 403:

```python
from azure.storage.blob import BlobServiceClient

conn = "⟨conn⟩"
svc = BlobServiceClient.from_connection_string(conn)
svc.get_container_client("invoices").upload_blob("a.pdf", data)
```

```
azure.core.exceptions.HttpResponseError: This request is not authorized to perform this operation.
RequestId:⟨rid⟩
Time:2026-03-11T09:14:02.5511232Z
ErrorCode:AuthorizationFailure
```
The pod egress IP is ⟨ip⟩ and I added it to the firewall. What am I missing?""",
           ver=v.pick(["12.19.0", "12.20.0", "12.23.1"]), conn=v.storage_conn(), rid=v.guid_neg(), ip=v.ipv4(False))


@template("stackoverflow", weight=2)
def so_aoai_401(v: Values, d: Doc) -> None:
    keyword = v.r.random() < 0.5
    key = v.aoai(keyword=True)
    if keyword:
        body = 'client = AzureOpenAI(\n    azure_endpoint="https://⟨res⟩.openai.azure.com/",\n    api_key="⟨key⟩",\n    api_version="2024-10-21",\n)'
    else:
        body = 'import os\nos.environ["AZURE_OPENAI_API_KEY"] = "⟨key⟩"\nclient = AzureOpenAI(azure_endpoint="https://⟨res⟩.openai.azure.com/", api_version="2024-10-21")'
    d.fill("""Azure OpenAI returns 401 "Access denied due to invalid subscription key or wrong API endpoint"

I regenerated the key twice. Code:

```python
from openai import AzureOpenAI
""" + body + """
resp = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
```
Error: `openai.AuthenticationError: Error code: 401` and the response header apim-request-id: ⟨rid⟩, x-ms-client-request-id ⟨trace⟩.
openai==⟨ver⟩. Any ideas?""", res=v.pick(["aoai-weu-prod", "contoso-openai", "my-oai-eastus2"]), key=key, rid=v.guid_neg(),
           trace=v.trace_id(), ver=v.pick(["1.54.4", "1.40.0", "1.66.3"]))


@template("stackoverflow")
def so_psycopg(v: Values, d: Doc) -> None:
    pw = v.pw("password_ctor")
    d.fill("""psycopg2.OperationalError: SSL SYSCALL error: EOF detected after ~5 minutes idle

```python
conn = psycopg2.connect(host="⟨ip⟩", port=5432, dbname="analytics",
                        user="etl_writer", password="⟨pw⟩", sslmode="require")
```
Server is Azure Database for PostgreSQL flexible server 16, client is psycopg2-binary 2.9.9 on Ubuntu 22.04.
Keepalives didn't help (keepalives_idle=30). Port 5432 is open, telnet works.""", ip=v.ipv4(), pw=pw)


@template("stackoverflow")
def so_smtp_csharp(v: Values, d: Doc) -> None:
    d.fill("""SmtpClient throws "5.7.139 Authentication unsuccessful, basic authentication is disabled"

```csharp
var client = new SmtpClient("smtp.office365.com", 587)
{
    EnableSsl = true,
    Credentials = new NetworkCredential("⟨mail⟩", "⟨pw⟩")
};
client.Send("⟨mail2⟩", "⟨to⟩", "Report", body);
```
Target framework net8.0, System.Net.Mail. Tenant admin says SMTP AUTH is enabled for the mailbox. AssemblyVersion("⟨asm⟩")""",
           mail=v.role_email(), pw=v.pw("password_ctor"), mail2=v.role_email(), to=v.email(), asm=v.version4())


@template("stackoverflow")
def so_slack_webhook(v: Values, d: Doc) -> None:
    d.fill("""Posting to a Slack incoming webhook from PowerShell gives `invalid_payload`

```powershell
$hook = "⟨hook⟩"
$body = @{ text = "Deploy finished on build $env:BUILD_BUILDNUMBER" } | ConvertTo-Json
Invoke-RestMethod -Uri $hook -Method Post -Body $body -ContentType 'application/json'
```
Same thing with curl works. PSVersion ⟨ps⟩.""", hook=v.slack_webhook(), ps=Neg("7.4.6", "version3", "IP_ADDRESS"))


@template("stackoverflow")
def so_jdbc(v: Values, d: Doc) -> None:
    d.fill("""Login failed for user 'reporting' (error 18456) from Spring Boot but SSMS works

```java
String url = "jdbc:sqlserver://sql-prod-weu.database.windows.net:1433;database=sales;encrypt=true";
Connection c = DriverManager.getConnection(url, "reporting", "⟨pw⟩");
```
mssql-jdbc 12.6.1.jre11, JDK 17. Firewall allows ⟨ip⟩.""", pw=v.pw("password_ctor"), ip=v.ipv4(False))


@template("stackoverflow", weight=2)
def so_git_push(v: Values, d: Doc) -> None:
    tok = v.github()
    remote = v.pick(["https://⟨user⟩:⟨tok⟩@github.com/⟨org⟩/infra.git", "https://x-access-token:⟨tok⟩@github.com/⟨org⟩/infra.git",
                     "https://oauth2:⟨tok⟩@github.com/⟨org⟩/infra.git"])
    d.fill("""git push fails with "remote: Write access to repository not granted" after rotating my token

```
$ git remote -v
origin  """ + remote + """ (fetch)
$ git push origin main
remote: Write access to repository not granted.
fatal: unable to access 'https://github.com/⟨org⟩/infra.git/': The requested URL returned error: 403
```
HEAD is at ⟨sha⟩. git version 2.43.0.windows.1""", user=v.pick(["jdoe", "ci-bot", "devops"]), tok=tok, org=v.pick(["contoso", "fabrikam-it"]),
           sha=v.sha(40))


@template("stackoverflow", weight=2)
def so_boto3(v: Values, d: Doc) -> None:
    d.fill("""boto3 InvalidAccessKeyId although the key works in the CLI

I followed the docs (they use ⟨ex⟩ as the example) and replaced it with mine:
```python
s3 = boto3.client("s3", region_name="eu-central-1",
                  aws_access_key_id="⟨kid⟩",
                  aws_secret_access_key="⟨sec⟩")
s3.list_objects_v2(Bucket="contoso-exports")
```
botocore.exceptions.ClientError: An error occurred (InvalidAccessKeyId) when calling the ListObjectsV2 operation.
RequestId: ⟨rid⟩""", ex=Neg("AKIAIOSFODNN7EXAMPLE", "documented_example", "aws_access_key_id"), kid=v.aws_key_id(),
           sec=v.aws_secret(), rid=Neg(v.chars("ABCDEF0123456789", 16), "aws_request_id", "CREDENTIAL"))


@template("stackoverflow")
def so_stripe(v: Values, d: Doc) -> None:
    secret = cred("whsec_" + v.chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32), "stripe_key")
    d.fill("""Stripe webhook: No signatures found matching the expected signature for payload

Express 4, raw body parser is in place. Frontend uses ⟨pk⟩ (publishable, that's fine).
```js
const stripe = require('stripe')('⟨sk⟩');
const endpointSecret = '⟨wh⟩';
event = stripe.webhooks.constructEvent(req.body, sig, endpointSecret);
```
stripe-node 14.21.0. Event id evt_1P⟨evt⟩.""",
           pk=Neg("pk_live_51" + v.chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 97), "publishable_key", "stripe_key"),
           sk=v.stripe(), wh=secret, evt=v.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl0123456789", 22))


@template("stackoverflow")
def so_npm_publish(v: Values, d: Doc) -> None:
    d.fill("""npm publish returns E404 for a scoped package even though I'm logged in

.npmrc in the repo root:
```
@contoso:registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=⟨tok⟩
always-auth=true
```
`npm whoami` prints my user. package.json name is "@contoso/ui-kit", version ⟨ver⟩, integrity of the last tarball
⟨integ⟩.""", tok=v.npm(), ver=Neg("3.14.2", "version3", "IP_ADDRESS"), integ=v.integrity())


@template("stackoverflow")
def so_google_maps(v: Values, d: Doc) -> None:
    d.fill("""Google Maps JS API: "This API project is not authorized to use this API" on production only

```html
<script src="https://maps.googleapis.com/maps/api/js?key=⟨key⟩&callback=initMap&v=weekly" async defer></script>
```
Also tried the firebase config:
```js
const firebaseConfig = {
  apiKey: "⟨key2⟩",
  authDomain: "contoso-field-app.firebaseapp.com",
  projectId: "contoso-field-app",
  messagingSenderId: "⟨sender⟩",
};
```""", key=v.google_api_key(), key2=v.google_api_key(), sender=Neg(str(v.r.randint(10**11, 10**12 - 1)), "sender_id", "PHONE_NUMBER"))


@template("stackoverflow")
def so_sendgrid(v: Values, d: Doc) -> None:
    d.fill("""SendGrid 403 Forbidden "The from address does not match a verified Sender Identity"

```python
sg = SendGridAPIClient("⟨key⟩")
msg = Mail(from_email="⟨frm⟩", to_emails="⟨to⟩", subject="Your invoice", html_content=html)
sg.send(msg)
```
X-Message-Id: ⟨mid⟩""", key=v.sendgrid(), frm=v.role_email(), to=v.email(),
           mid=Neg(v.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 22), "message_id", "CREDENTIAL"))


@template("stackoverflow")
def so_placeholders(v: Values, d: Doc) -> None:
    """Only placeholders and references: nothing to report but the e-mail."""
    d.fill("""How do I keep secrets out of appsettings.json in ASP.NET Core 8?

Right now I have
```json
{
  "AzureOpenAI": { "Endpoint": "https://⟨res⟩.openai.azure.com/", "ApiKey": "⟨ph1⟩" },
  "ConnectionStrings": { "Db": "Server=tcp:myserver.database.windows.net;Database=app;User Id=app;Password=⟨ph2⟩;" },
  "Smtp": { "Password": "⟨ph3⟩" }
}
```
and in the pipeline `ApiKey: ⟨ph4⟩`. Is Key Vault reference syntax `⟨kv⟩` supported in App Service?
Contact: ⟨mail⟩""", res=v.pick(["myresource", "contoso-oai"]),
           ph1=Neg(v.pick(["<your-api-key>", "<YOUR_AZURE_OPENAI_KEY>", "YOUR_KEY_HERE", "***"]), "placeholder", "azure_openai_key"),
           ph2=Neg(v.pick(["{your_password}", "<password>", "********", "%DB_PASSWORD%"]), "placeholder", "password_kv"),
           ph3=Neg(v.pick(["${SMTP_PASSWORD}", "<smtp-password>", "REDACTED"]), "placeholder", "password_kv"),
           ph4=Neg("$(AzureOpenAIKey)", "placeholder", "azure_openai_key"),
           kv=Neg("@Microsoft.KeyVault(SecretUri=https://kv-contoso.vault.azure.net/secrets/AoaiKey/)", "keyvault_ref", "CREDENTIAL"),
           mail=v.email())


@template("stackoverflow")
def so_hf(v: Values, d: Doc) -> None:
    d.fill("""huggingface_hub: 401 Client Error when downloading a gated model in a Databricks job

```python
from huggingface_hub import login
login(token="⟨tok⟩")
model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B-Instruct", revision="⟨sha⟩")
```
transformers 4.46.2, cluster runtime 15.4 LTS.""", tok=v.huggingface(), sha=v.sha(40))


@template("stackoverflow")
def so_devops_clone(v: Values, d: Doc) -> None:
    pat = v.devops()
    form = v.pick(["git clone https://⟨pat⟩@dev.azure.com/contoso/Platform/_git/terraform-modules",
                   "git clone https://build:⟨pat⟩@dev.azure.com/contoso/Platform/_git/terraform-modules",
                   "export AZURE_DEVOPS_EXT_PAT=⟨pat⟩\naz repos list --org https://dev.azure.com/contoso",
                   "echo ⟨pat⟩ | az devops login --organization https://dev.azure.com/contoso"])
    d.fill("""Azure DevOps: TF401019 / authentication failed from a self-hosted agent

```bash
""" + form + """
```
fatal: Authentication failed for 'https://dev.azure.com/contoso/Platform/_git/terraform-modules/'
Agent version ⟨agent⟩, Ubuntu 22.04, behind proxy ⟨ip⟩:3128.""", pat=pat, agent=Neg("3.248.0", "version3", "IP_ADDRESS"),
           ip=v.ipv4(True))


# ---------------------------------------------------------------------------------------------
# GitHub issue bodies
# ---------------------------------------------------------------------------------------------


@template("github_issue", weight=2)
def gh_issue_env_table(v: Values, d: Doc) -> None:
    d.fill("""### Describe the bug
After upgrading the chart from ⟨old⟩ to ⟨new⟩ the worker crashloops with `KeyError: 'OPENAI_API_KEY'`.

### Environment
| | |
|---|---|
| OS | Windows ⟨win⟩ |
| Runtime | .NET ⟨net⟩ |
| Client | Azure.AI.OpenAI ⟨sdk⟩ |

### Logs
```
2026-02-14 08:03:11,882 INFO  worker: starting with OPENAI_API_KEY=⟨key⟩
2026-02-14 08:03:12,004 ERROR worker: upstream ⟨ip⟩ refused connection
```
cc @platform-team""", old=Neg("4.2.1", "version3", "IP_ADDRESS"), new=Neg("4.3.0", "version3", "IP_ADDRESS"),
           win=Neg("10.0.22631.4460", "os_build", "IP_ADDRESS"), net=Neg("8.0.11", "version3", "IP_ADDRESS"), sdk=v.version4(),
           key=v.openai(), ip=v.ipv4(True))


@template("github_issue")
def gh_issue_helm_values(v: Values, d: Doc) -> None:
    d.fill("""**What happened**: postgres subchart ignores `auth.existingSecret` and uses the inline password.

**values.yaml**
```yaml
postgresql:
  auth:
    username: keycloak
    password: ⟨pw⟩
    database: keycloak
  primary:
    persistence:
      size: 8Gi
keycloak:
  adminUser: admin
  adminPassword: "⟨pw2⟩"
  image:
    digest: sha256:⟨dig⟩
```
**Version**: chart 21.4.1, Kubernetes v1.29.7""", pw=v.pw("password_yaml", v.SAFE_BARE), pw2=v.pw("password_yaml", v.SAFE_Q),
           dig=v.sha(64))


@template("github_issue")
def gh_issue_debug_headers(v: Values, d: Doc) -> None:
    jwt = v.jwt(v.email().text)
    d.fill("""## Bug: token refresh loop in the SPA

With logging level Verbose the MSAL cache keeps returning an expired token. Request as captured by the browser:

```http
GET /api/v1/reports?from=2026-01-01 HTTP/1.1
Host: api.contoso.com
Authorization: Bearer ⟨jwt⟩
x-correlation-id: ⟨cid⟩
traceparent: 00-⟨tr⟩-⟨span⟩-01
```
msal-browser ⟨ver⟩, Edge ⟨edge⟩""", jwt=jwt, cid=v.guid_neg(), tr=v.trace_id(), span=Neg(v.hexs(16), "span_id", "CREDENTIAL"),
           ver=Neg("3.27.0", "version3", "IP_ADDRESS"), edge=Neg("131.0.2903.86", "browser_version", "IP_ADDRESS"))


@template("github_issue")
def gh_issue_gitlab_ci(v: Values, d: Doc) -> None:
    d.fill("""Migrating from GitLab: the import job prints the token in the log

```
$ ./import.sh --source https://gitlab.contoso.net --token ⟨tok⟩ --group platform
[import] cloning https://oauth2:⟨tok2⟩@gitlab.contoso.net/platform/billing.git
[import] 214 projects, 0 failed
Job succeeded
```
The runner was registered with `--token ⟨rt⟩`. Can the importer mask these like GitHub does with ***?""",
           tok=v.gitlab(), tok2=v.gitlab(), rt=v.gitlab())


@template("github_issue")
def gh_issue_sendgrid_env(v: Values, d: Doc) -> None:
    d.fill("""Notification service: `SENDGRID_API_KEY` read from the wrong env in staging

docker inspect output (trimmed):
```
"Env": [
    "ASPNETCORE_ENVIRONMENT=Staging",
    "SENDGRID_API_KEY=⟨key⟩",
    "Smtp__From=⟨mail⟩",
    "APPLICATIONINSIGHTS_CONNECTION_STRING=InstrumentationKey=⟨ik⟩;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
    "DOTNET_VERSION=8.0.11"
]
```""", key=v.sendgrid(), mail=v.role_email(), ik=Neg(v.guid(), "instrumentation_key", "connection_string"))


@template("github_issue")
def gh_issue_anthropic(v: Values, d: Doc) -> None:
    d.fill("""The proxy forwards my Anthropic key to the Azure endpoint when the model name is unknown

Repro:
```bash
export ANTHROPIC_API_KEY=⟨key⟩
curl -s http://localhost:4000/v1/messages -H "x-api-key: $ANTHROPIC_API_KEY" -d @req.json
```
Proxy log shows the upstream ⟨ip⟩:443 and header `x-api-key: ⟨key2⟩`. Commit ⟨sha⟩.""",
           key=v.anthropic(), ip=v.ipv4(False), key2=v.anthropic(), sha=Neg(v.hexs(7), "short_sha", "CREDENTIAL"))


# ---------------------------------------------------------------------------------------------
# Jupyter-style notebooks
# ---------------------------------------------------------------------------------------------


@template("jupyter", weight=2)
def nb_openai(v: Values, d: Doc) -> None:
    azure = v.r.random() < 0.5
    if azure:
        setup = ('In [1]:\nimport openai, pandas as pd\nopenai.api_type = "azure"\nopenai.api_base = "https://⟨res⟩.openai.azure.com/"\n'
                 'openai.api_key = "⟨key⟩"\n')
        key = v.aoai()
    else:
        setup = 'In [1]:\nfrom openai import OpenAI\nclient = OpenAI(api_key="⟨key⟩")\n'
        key = v.openai()
    d.fill(setup + """
In [2]:
df = pd.read_csv("tickets_2026Q1.csv")
df[["ticket", "requester", "phone"]].head(3)

Out[2]:
   ticket        requester                      phone
0  INC0041⟨n1⟩  ⟨m1⟩  ⟨p1⟩
1  INC0041⟨n2⟩  ⟨m2⟩  ⟨p2⟩
2  INC0041⟨n3⟩  ⟨m3⟩  ⟨p3⟩
""", res=v.pick(["oai-research-swe", "contoso-aoai"]), key=key,
           n1=str(v.r.randint(100, 999)), n2=str(v.r.randint(100, 999)), n3=str(v.r.randint(100, 999)),
           m1=v.email(), m2=v.email(), m3=v.email(), p1=v.phone("US"), p2=v.phone(), p3=v.phone())


@template("jupyter")
def nb_blob(v: Values, d: Doc) -> None:
    d.fill("""In [4]:
from azure.storage.blob import ContainerClient
url = "https://⟨acct⟩.blob.core.windows.net/raw?⟨sas⟩"
cc = ContainerClient.from_container_url(url)
blobs = [b.name for b in cc.list_blobs(name_starts_with="2026/03/")]
len(blobs)

Out[4]: 1284

In [5]:
import hashlib; hashlib.md5(open("part-0000.parquet","rb").read()).hexdigest()

Out[5]: '⟨md5⟩'
""", acct=v.account(), sas=v.sas(), md5=v.sha(32))


@template("jupyter")
def nb_customers(v: Values, d: Doc) -> None:
    d.fill("""In [7]:
customers.loc[customers.churn_risk > 0.8, ["name", "email", "iban", "card"]]

Out[7]:
      name                 email                          iban                            card
118   ⟨n1⟩   ⟨e1⟩   ⟨i1⟩   ⟨c1⟩
242   ⟨n2⟩   ⟨e2⟩   ⟨i2⟩   ⟨c2⟩

In [8]:
model.predict(X_test[:2])   # sklearn ⟨ver⟩
Out[8]: array([0.8123, 0.4410])
""", n1=v.name(), e1=v.email(), i1=v.iban(), c1=v.card(), n2=v.name(), e2=v.email(), i2=v.iban(), c2=v.card(),
           ver=Neg("1.5.2", "version3", "IP_ADDRESS"))


# ---------------------------------------------------------------------------------------------
# Shell and PowerShell history
# ---------------------------------------------------------------------------------------------


@template("shell_history", weight=3)
def bash_history(v: Values, d: Doc) -> None:
    lines = v.r.sample([
        ("  ⟨n⟩  export GITHUB_TOKEN=⟨x⟩", v.github),
        ("  ⟨n⟩  mysql -h ⟨ip⟩ -u root -p⟨x⟩ shop", lambda: v.pw("password_cli", v.SAFE_Q + " ")),
        ("  ⟨n⟩  mysql -u admin --password='⟨x⟩' -e 'show databases'", lambda: v.pw("password_cli")),
        ("  ⟨n⟩  az login --service-principal -u ⟨g⟩ -p ⟨x⟩ --tenant ⟨g2⟩", v.client_secret),
        ("  ⟨n⟩  az storage blob upload --account-name ⟨acct⟩ --account-key ⟨x⟩ -c backups -f db.bak", v.storage),
        ("  ⟨n⟩  curl -s https://⟨res⟩.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 -H \"api-key: ⟨x⟩\" -d @body.json", v.aoai),
        ("  ⟨n⟩  docker login contosoacr.azurecr.io -u contosoacr -p ⟨x⟩", lambda: v.pw("password_cli", v.SAFE_Q + " ")),
        ("  ⟨n⟩  sshpass -p '⟨x⟩' ssh azureuser@⟨ip⟩", lambda: v.pw("password_cli")),
        ("  ⟨n⟩  export AWS_SECRET_ACCESS_KEY=⟨x⟩", v.aws_secret),
        ("  ⟨n⟩  export SLACK_BOT_TOKEN=⟨x⟩", v.slack),
        ("  ⟨n⟩  curl -u admin:⟨x⟩ https://nexus.contoso.net/service/rest/v1/repositories", lambda: v.pw("password_cli", v.SAFE_URL)),
        ("  ⟨n⟩  redis-cli -h ⟨ip⟩ -p 6379 -a ⟨x⟩ INFO", lambda: v.pw("password_cli", v.SAFE_Q + " ")),
        ("  ⟨n⟩  kubectl create secret generic db --from-literal=password='⟨x⟩' -n prod", lambda: v.pw("password_cli")),
        ("  ⟨n⟩  export PGPASSWORD='⟨x⟩'; psql -h ⟨ip⟩ -U postgres", lambda: v.pw("password_kv")),
        ("  ⟨n⟩  npm config set //registry.npmjs.org/:_authToken ⟨x⟩", v.npm),
        ("  ⟨n⟩  export OPENAI_API_KEY=⟨x⟩", v.openai),
        ("  ⟨n⟩  git remote set-url origin https://⟨x⟩@github.com/contoso/web.git", v.github),
    ], v.r.randint(3, 5))
    decoys = [("  ⟨n⟩  git checkout ⟨x⟩", lambda: v.sha(40)), ("  ⟨n⟩  docker pull mcr.microsoft.com/dotnet/aspnet:8.0@sha256:⟨x⟩", lambda: v.sha(64)),
              ("  ⟨n⟩  az account set --subscription ⟨x⟩", v.guid_neg), ("  ⟨n⟩  docker login -u ci --password-stdin < ~/.acr", lambda: ""),
              ("  ⟨n⟩  pip install openai==⟨x⟩", lambda: Neg("1.54.4", "version3", "IP_ADDRESS")), ("  ⟨n⟩  ls -la", lambda: "")]
    chosen = lines + v.r.sample(decoys, 2)
    v.r.shuffle(chosen)
    n = v.r.randint(400, 1900)
    for i, (line, make) in enumerate(chosen):
        d.fill(line + "\n", n=str(n + i), x=make(), ip=v.ipv4(), g=v.guid_neg(), g2=v.guid_neg(), acct=v.account(),
               res=v.pick(["aoai-prod", "contoso-oai-eus"]))
    d.add("can you explain why half of these fail on the jump host?")


@template("shell_history", weight=2)
def powershell_history(v: Values, d: Doc) -> None:
    lines = v.r.sample([
        ("PS C:\\> $cred = New-Object System.Management.Automation.PSCredential('CONTOSO\\svc-sql', (ConvertTo-SecureString '⟨x⟩' -AsPlainText -Force))", lambda: v.pw("password_ctor")),
        ("PS C:\\> $env:AZURE_OPENAI_API_KEY = \"⟨x⟩\"", v.aoai),
        ("PS C:\\> $ctx = New-AzStorageContext -StorageAccountName ⟨acct⟩ -StorageAccountKey \"⟨x⟩\"", v.storage),
        ("PS C:\\> Invoke-Sqlcmd -ServerInstance ⟨ip⟩ -Username sa -Password '⟨x⟩' -Query 'SELECT @@VERSION'", lambda: v.pw("password_cli")),
        ("PS C:\\> net user svc_backup ⟨x⟩ /add /domain", lambda: v.pw("password_cli", v.SAFE_Q + " /")),
        ("PS C:\\> $headers = @{ 'Authorization' = 'Bearer ⟨x⟩' }", v.opaque_bearer),
        ("PS C:\\> $env:AZURE_CLIENT_SECRET = '⟨x⟩'", v.client_secret),
        ("PS C:\\> $env:AZURE_STORAGE_CONNECTION_STRING = '⟨x⟩'", v.storage_conn),
        ("PS C:\\> sqlcmd -S tcp:⟨ip⟩,1433 -U sa -P '⟨x⟩' -Q \"BACKUP DATABASE crm TO DISK='D:\\crm.bak'\"", lambda: v.pw("password_cli")),
        ("PS C:\\> $pat = '⟨x⟩'; $b64 = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(\":$pat\"))", v.devops),
    ], v.r.randint(3, 4))
    chosen = lines + [("PS C:\\> Get-Module Az.Accounts -ListAvailable   # ⟨x⟩", lambda: v.version4()),
                      ("PS C:\\> Set-AzContext -Tenant ⟨x⟩", v.guid_neg)]
    v.r.shuffle(chosen)
    for line, make in chosen:
        d.fill(line + "\n", x=make(), ip=v.ipv4(True), acct=v.account())
    d.add("PS C:\\> # the last command hangs, why?")


# ---------------------------------------------------------------------------------------------
# CI logs
# ---------------------------------------------------------------------------------------------


def _ts(v: Values) -> str:
    return f"2026-0{v.r.randint(1, 9)}-{v.r.randint(10, 28)}T{v.r.randint(10, 23)}:{v.r.randint(10, 59)}:{v.r.randint(10, 59)}.{v.r.randint(1000000, 9999999)}Z"


@template("ci_log", weight=3)
def gha_log(v: Values, d: Doc) -> None:
    leaks = v.r.sample([
        ("Run echo \"token=⟨x⟩\" >> debug.txt", v.github),
        ("npm notice Publishing to https://registry.npmjs.org/ with token ⟨x⟩", v.npm),
        ("+ curl -X POST ⟨x⟩ -d '{\"text\":\"build green\"}'", v.slack_webhook),
        ("+ az storage blob upload-batch -d '$web' -s dist --account-name ⟨acct⟩ --sas-token '⟨x⟩'", v.sas),
        ("+ helm upgrade api ./chart --set secrets.stripeKey=⟨x⟩", v.stripe),
        ("+ terraform apply -var client_secret=⟨x⟩ -auto-approve", v.client_secret),
        ("Login Succeeded with DOCKER_PASSWORD=⟨x⟩", lambda: v.pw("password_kv", v.SAFE_BARE + " ")),
        ("+ git clone https://gitlab-ci-token:⟨x⟩@gitlab.contoso.net/platform/shared.git", v.gitlab),
        ("  env:\n    AWS_ACCESS_KEY_ID: ⟨x⟩", v.aws_key_id),
        ("+ export GOOGLE_API_KEY=⟨x⟩", v.google_api_key),
    ], v.r.randint(2, 3))
    noise = [("Run actions/checkout@v4 with ref ⟨x⟩", lambda: v.sha(40)),
             ("  GITHUB_TOKEN: ***", lambda: ""),
             ("Downloading action repository 'actions/setup-node@v4' (SHA:⟨x⟩)", lambda: v.sha(40)),
             ("Runner version ⟨x⟩", lambda: Neg("2.321.0", "version3", "IP_ADDRESS")),
             ("Requesting a runner from ⟨x⟩", lambda: v.ipv4(False)),
             ("##[group]Operating System\nUbuntu\n22.04.5\nLTS\n##[endgroup]", lambda: ""),
             ("Cache restored from key: node-cache-Linux-x64-npm-⟨x⟩", lambda: v.sha(64))]
    lines = leaks + v.r.sample(noise, 4)
    v.r.shuffle(lines)
    for line, make in lines:
        d.fill(_ts(v) + " " + line + "\n", x=make(), acct=v.account())
    d.add(_ts(v) + " ##[error]Process completed with exit code 1.\nWhy does the publish step fail? Full log above.")


@template("ci_log", weight=2)
def ado_pipeline_log(v: Values, d: Doc) -> None:
    leaks = v.r.sample([
        ("Generating script.\n========================== Starting Command Output ===========================\n/usr/bin/bash --noprofile --norc /home/vsts/work/_temp/x.sh\n+ echo \"##vso[task.setvariable variable=AOAI_KEY]⟨x⟩\"", v.aoai),
        ("##[debug]System.AccessToken=⟨x⟩", v.devops),
        ("##[debug]Evaluating: variables['ConnectionStrings.Db'] => '⟨x⟩'", v.sql_conn),
        ("+ az keyvault secret set --vault-name kv-contoso --name SbConn --value '⟨x⟩'", v.bus_conn),
        ("[command]/usr/bin/git -c http.extraheader=\"AUTHORIZATION: bearer ⟨x⟩\" fetch --force --tags", v.opaque_bearer),
        ("##[debug]AZURE_STORAGE_KEY=⟨x⟩", v.storage),
        ("##[debug]DB_PASSWORD=⟨x⟩", lambda: v.pw("password_kv", v.SAFE_BARE + " ")),
    ], v.r.randint(2, 3))
    noise = [("##[section]Starting: Build ⟨x⟩", lambda: Neg(f"2026{v.r.randint(1, 12):02d}{v.r.randint(10, 28)}.{v.r.randint(1, 9)}", "build_number", "PHONE_NUMBER")),
             ("Agent name: 'Hosted Agent' Agent machine name: 'fv-az⟨x⟩'", lambda: str(v.r.randint(100, 999))),
             ("Current agent version: '⟨x⟩'", lambda: Neg("4.248.0", "version3", "IP_ADDRESS")),
             ("##[debug]Build.SourceVersion=⟨x⟩", lambda: v.sha(40)),
             ("##[debug]System.TeamProjectId=⟨x⟩", v.guid_neg),
             ("##[debug]secretSource=$(DbPassword)", lambda: "")]
    lines = leaks + v.r.sample(noise, 4)
    v.r.shuffle(lines)
    for line, make in lines:
        d.fill(_ts(v) + " " + line + "\n", x=make())
    d.add("Our pipeline printed secrets into the log. Which of these must we rotate?")
