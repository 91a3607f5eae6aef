"""Code pasted into prompts: Python, JavaScript/TypeScript, C#, Java, Go, SQL, shell history,
PowerShell, code review comments and diffs, notebooks."""

from __future__ import annotations

from tests.dlp_blind7.build import Doc, template
from tests.dlp_blind7.common import setting
from tests.dlp_blind7.values import Values


@template("code_python", weight=3)
def python(v: Values, d: Doc) -> None:
    d.add(v.pick(["refactor this to use async", "why does this hang on connect?", "add retries pls", "convert to a class"]), "\n\n```python\n")
    d.add("import os, psycopg2\nfrom openai import AzureOpenAI\n\nclient = AzureOpenAI(\n    api_key=\"", v.aoai_key(),
          "\",\n    azure_endpoint=\"https://", f"{v.company()}-openai", ".openai.azure.com\",\n    api_version=\"2024-10-21\",\n)\n")
    d.add("conn = psycopg2.connect(host=\"", v.ipv4(private=True), "\", user=\"etl\", password=\"", v.pw("password_ctor"), "\", dbname=\"dw\")\n")
    name, val = setting(v)
    d.add(f"{name.upper().replace('.', '_').replace(':', '_')} = os.getenv(\"{name.upper().replace('.', '_').replace(':', '_')}\", \"", val, "\")\n")
    d.add("NOTIFY = [\"", v.email(), "\", \"", v.email(), "\"]  # ", v.person(), " asked for cc\n")
    d.add("REQUEST_ID = \"", v.neg("guid"), "\"\n```\n")


@template("code_javascript", weight=3)
def javascript(v: Values, d: Doc) -> None:
    d.add(v.pick(["TS error: Type 'string | undefined'...", "convert this to ESM", "jest test keeps timing out"]), "\n\n```ts\n")
    d.add("const mysql = require('mysql2');\nconst pool = mysql.createPool({ host: '", v.ipv4(private=True), "', user: 'crm', password: '",
          v.pw("password_ctor"), "', database: 'crm' });\n")
    d.add("const sg = require('@sendgrid/mail');\nsg.setApiKey('", v.sendgrid(), "');\n")
    d.add("const octokit = new Octokit({ auth: `", v.github(), "` });\n")
    d.add("const twilio = require('twilio')('AC", v.neg("md5"), "', '", v.twilio(), "');\n")
    d.add("await sendSms({ to: '", v.phone(), "', body: `Hi ", v.first(), ", your code is ", str(v.num(100000, 999999)), "` });\n```\n")


@template("code_csharp", weight=2)
def csharp(v: Values, d: Doc) -> None:
    d.add("Code review please — ", v.first(), " wrote this and it works on his machine\n\n```csharp\n")
    d.add("var cred = new NetworkCredential(\"svc_ftp\", \"", v.pw("password_ctor"), "\");\n")
    d.add("var blob = new BlobServiceClient(\"", v.storage_conn(), "\");\n")
    d.add("var cosmos = new CosmosClient(\"https://", f"{v.company()}-db", ".documents.azure.com:443/\", \"", v.cosmos_key(), "\");\n")
    d.add("var secret = new ClientSecretCredential(tenantId: \"", v.neg("guid"), "\", clientId: \"", v.neg("guid"), "\", clientSecret: \"",
          v.entra(), "\");\n")
    d.add("// local dev: emulator key ", v.neg("cosmos_emulator"), "\n")
    d.add("// TODO ", v.person(), ": move to Key Vault before ", v.neg("build"), "\n```\n")


@template("code_java_go", weight=2)
def java_go(v: Values, d: Doc) -> None:
    if v.r.random() < 0.5:
        d.add("```java\nConnection c = DriverManager.getConnection(\"jdbc:sqlserver://", v.ipv4(private=True), ":1433;databaseName=hr\", \"hr_app\", \"",
              v.pw("password_ctor"), "\");\nAmazonS3 s3 = AmazonS3ClientBuilder.standard().withCredentials(new AWSStaticCredentialsProvider(\n"
              "    new BasicAWSCredentials(\"", v.aws_id(), "\", \"", v.aws_secret(), "\"))).build();\n```\nwhy NoSuchMethodError?\n")
    else:
        d.add("```go\nauth := smtp.PlainAuth(\"\", \"", v.email(), "\", \"", v.pw("password_ctor"), "\", \"smtp.office365.com\")\n"
              "mg := mailgun.NewMailgun(\"mg.", v.company(), ".com\", \"", v.mailgun(), "\")\n"
              "dsn := \"", v.pw_url(), "\"\n```\ngo vet complains about the shadowed err, fix?\n")


@template("code_sql", weight=2)
def sql(v: Values, d: Doc) -> None:
    d.add(v.pick(["optimize this query, takes 40s", "why duplicate rows?", "write the UPDATE for the GDPR request"]), "\n\n```sql\n")
    d.add("SELECT c.id, c.full_name, c.email, c.iban FROM customers c WHERE c.email = '", v.email(), "';\n")
    d.add("-- result\n-- 88213 | ", v.person(), " | ", v.email(), " | ", v.iban(), "\n")
    d.add("INSERT INTO payments (customer, card, ssn, phone) VALUES ('", v.person(), "', '", v.card(), "', '", v.ssn(), "', '", v.phone(), "');\n")
    d.add("CREATE LOGIN report_ro WITH PASSWORD = '", v.pw("password_kv"), "';\n-- invoice ", v.neg("invoice"), ", routing ", v.neg("routing"), "\n```\n")


@template("code_shell_history", weight=3)
def shell(v: Values, d: Doc) -> None:
    d.add(v.pick(["my bash history from yesterday, what did I break?", "history | tail -20", "explain these commands to the new guy"]), "\n\n")
    n = v.num(500, 1900)
    cmds = [
        lambda: ("mysql -h ", v.ipv4(private=True), " -u root -p", v.pw("password_cli"), " crm"),
        lambda: ("sshpass -p '", v.pw("password_cli"), "' ssh ops@", v.ipv4(False)),
        lambda: ("curl -u admin:", v.pw("password_cli"), " https://jenkins.internal/api/json"),
        lambda: ("docker login ", f"acr{v.company()}.azurecr.io", " -u deploy -p ", v.pw("password_cli")),
        lambda: ("sqlcmd -S ", v.ipv4(private=True), " -U sa -P \"", v.pw("password_cli"), "\" -Q \"SELECT 1\""),
        lambda: ("export AWS_ACCESS_KEY_ID=", v.aws_id()),
        lambda: ("export AWS_SECRET_ACCESS_KEY=", v.aws_secret()),
        lambda: ("export OPENAI_API_KEY=", v.openai()),
        lambda: ("export HF_TOKEN=", v.hf()),
        lambda: ("az storage blob upload --account-key ", v.storage_key(), " -f dump.sql"),
        lambda: ("git clone https://oauth2:", v.gitlab(), "@gitlab.", v.company(), ".com/platform/infra.git"),
        lambda: ("ping -c3 ", v.ip()),
        lambda: ("git checkout ", v.neg("git_sha")),
        lambda: ("echo ", v.neg("placeholder"), " | base64"),
    ]
    for _ in range(v.num(5, 8)):
        n += v.num(1, 4)
        d.add(f"  {n}  ", *v.pick(cmds)(), "\n")


@template("code_powershell", weight=2)
def powershell(v: Values, d: Doc) -> None:
    d.add("PS script for onboarding, make it idempotent:\n\n```powershell\n$pw = ConvertTo-SecureString \"", v.pw("password_ctor"),
          "\" -AsPlainText -Force\nNew-ADUser -Name \"", v.person(), "\" -EmailAddress \"", v.email(), "\" -OfficePhone \"", v.phone(),
          "\" -AccountPassword $pw\n$headers = @{ Authorization = \"Basic \" + [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(\":",
          v.ado_pat(), "\")) }\nInvoke-RestMethod -Uri \"https://dev.azure.com/", v.company(), "/_apis/projects\" -Headers $headers\n```\n")


@template("code_review_diff", weight=3)
def review(v: Values, d: Doc) -> None:
    d.add("PR #", str(v.num(100, 9999)), " review comments from ", v.person(), ":\n\n")
    name, val = setting(v)
    d.add(f"```diff\n-{name} = os.environ[\"{name}\"]\n+{name} = \"", val, "\"  # temp\n```\n")
    d.add("> ", v.pick(["@", ""]), v.person(), ": please don't commit this, rotate it. Also the fixture has a real-looking card `", v.card(),
          "` — use ", v.neg("test_card"), " instead.\n")
    d.add("> reply: it's only for the sandbox, the other one was ", v.neg("masked_key"), " anyway\n")
    d.add("CI: build ", v.neg("build"), " commit ", v.neg("git_sha"), " (", v.anyneg(), ")\n")


@template("code_notebook", weight=1)
def notebook(v: Values, d: Doc) -> None:
    d.add("In [3]:\nfrom huggingface_hub import login\nlogin(token=\"", v.hf(), "\")\n\nIn [4]:\nimport anthropic\nclient = anthropic.Anthropic(api_key=\"",
          v.anthropic(), "\")\n\nIn [5]:\ndf[df.email == \"", v.email(), "\"]\nOut[5]:\n   id  name              phone            ip\n0  ",
          str(v.num(1, 999)), "  ", v.person(), "  ", v.phone(), "  ", v.ip(), "\n")
