"""The thirteenth corpus's templates: support tickets, code, configuration files, logs, e-mails and chat, as
prompts and as the assistant's answers (`answer_` genres), and the hard-negative texts (NEGATIVE) that hold no
labelled value at all. Each template writes into a Doc (tests/dlp_blind9/build.py) through Values."""

from __future__ import annotations

from tests.dlp_blind9.build import Doc, Registry
from tests.dlp_eval.corpus import N, V

from .snippets import LANG_PROSE, cred, fill
from .values import Values, ascii_fold

REGISTRY = Registry("b13")
template = REGISTRY.template
NEGATIVE: set[str] = set()
NEG_WEIGHT = 1.25


def negative(genre: str):  # noqa: ANN201
    NEGATIVE.add(genre)
    return template(genre, NEG_WEIGHT)


def fence(d: Doc, lang: str) -> None:
    d.w(f"```{lang}\n")


def hhmm(v: Values) -> str:
    return f"{v.num(8, 18):02d}:{v.num(0, 60):02d}"


def title(v: Values) -> str:
    return v.choice(("Platform Engineer", "Site Reliability Lead", "IT Service Desk", "Finance Operations", "Data Engineer",
                     "Customer Success Manager", "Security Analyst", "Payroll Specialist", "DevOps Consultant"))


def signature(d: Doc, v: Values, first: str, last: str, phone: bool = True) -> None:
    d.w(v.choice(("Best regards,\n", "Thanks,\n", "Kind regards,\n", "Cheers,\n", "--\n")), v.name(first, last), "\n", title(v))
    if phone:
        d.w("\n", v.choice(("Mobile: ", "T ", "Tel. ", "m: ")), v.phone())
    d.w("\n")


def lang_pick(v: Values, p: float = 0.45) -> str:
    return v.least("lang", ("it", "pt", "nl", "pl", "ja")) if v.chance(p) else "en"


# ============================================================================ tickets


@template("ticket_jira_env")
def ticket_jira_env(d: Doc, v: Values) -> None:
    rep, asg = v.person(), v.person()
    d.w(f"{v.choice(('PLAT', 'OPS', 'DATA', 'INFRA'))}-{v.num(100, 9999)}  ", v.choice(("Bug", "Task", "Incident")), "\n")
    d.w("Summary: ", v.choice(("Worker can't reach the queue after redeploy", "Nightly export job fails with 401",
                               "Staging pods CrashLoopBackOff after secret rotation")), "\n")
    d.w("Reporter: ", v.name(*rep), "    Assignee: ", v.name(*asg) if v.chance(0.4) else "Platform Team", "\nPriority: Major   Fix Version: ", v.version(), "\n\n")
    d.w("Description\nThe app reads its settings from the .env below (copied from the VM):\n{code}\n")
    d.w(v.choice(("NODE_ENV=production\n", "LOG_LEVEL=info\n")))
    cred(d, v, "env")
    d.w("\n")
    if v.chance(0.3):
        cred(d, v, "env")
        d.w("\n")
    d.w("{code}\n\nComment (assignee): ", v.choice(("looking into it, will rotate after the fix",
                                                                    "reproduced on staging", "please don't paste prod values here")))


@template("ticket_servicenow_refund")
def ticket_servicenow_refund(d: Doc, v: Values) -> None:
    first, last = v.person()
    d.w("Incident ", v.ticket_no(), " | Category: Billing > Refund\nCaller: ", v.name(first, last), "\nContact: ")
    d.w(v.email(first, last, free=True) if v.chance(0.5) else "via web form", "\nOpened: ", v.date(), "\n\nShort description: duplicate charge\n")
    d.w("Customer says the card ", v.card(), " was charged twice for order ", v.order_number(), " (", v.amount(), ").\n")
    d.w(v.choice(("Refund to bank account instead: ", "Customer asks to refund via transfer to ")), v.iban(), "\n")
    d.w("Work notes: verified identity by phone, see call log.")


@template("ticket_onboarding_hr")
def ticket_onboarding_hr(d: Doc, v: Values) -> None:
    first, last = v.person()
    mgr = v.person()
    d.w(v.ticket_no(), " - New hire setup (US payroll)\nRequested by: HR Operations (", v.first(mgr[0]), ")\n\n")
    d.w("| Field | Value |\n|---|---|\n| Legal name | ", v.name(first, last), " |\n| SSN | ", v.ssn(), " |\n")
    d.w("| Start date | ", v.date(), " |\n| Cost center | ", v.gl_account(), " |\n\n")
    d.w("Please create the AD account and add to the payroll group.")


@template("ticket_cli_paste")
def ticket_cli_paste(d: Doc, v: Values) -> None:
    d.w("Service request ", v.ticket_no(), "\nReported by: svc-deploy (automation)\n\n")
    d.w(v.choice(("The deploy runbook step fails on the jump box (", "Step 4 of the migration guide errors out on ")),
        v.ipv4(private=True), "). Full terminal output:\n\n")
    d.w(f"$ {v.choice(('az account show -o tsv', 'kubectl config current-context', 'whoami'))}\n")
    d.w(v.choice(("prod-weu\n", "aks-prod-weu-admin\n", "azureuser\n")), "$ ")
    cred(d, v, "shell", kind="password_cli" if v.chance(0.3) else None)
    d.w("\n", v.choice(("ERROR: (AuthorizationFailed) The client does not have authorization",
                         "error: You must be logged in to the server (Unauthorized)", "Access denied for user")), "\n")


@template("ticket_zendesk_customer")
def ticket_zendesk_customer(d: Doc, v: Values) -> None:
    lang = lang_pick(v, 0.7)
    first, last = v.person()
    if lang == "ja":
        d.w("チケット #", str(v.num(10000, 99999)), "\n差出人: ", v.jp_name(), "\n\nお世話になっております。ログインできません。\n")
        d.w("登録メール: ", v.email(free=True), "\n電話番号: ", v.phone("JP"), "\n")
        cred(d, v, "prose_ja")
        d.w("\nよろしくお願いいたします。")
        return
    text = {
        "en": ("Ticket #", "From: ", "Hi, I can't log in to the customer portal since the update.\n", "Email on the account: ",
               "You can call me on ", "Thanks"),
        "it": ("Ticket #", "Da: ", "Buongiorno, non riesco ad accedere al portale dopo l'aggiornamento.\n", "Email dell'account: ",
               "Potete chiamarmi al ", "Grazie"),
        "pt": ("Ticket #", "De: ", "Olá, não consigo entrar no portal desde a atualização.\n", "E-mail da conta: ",
               "Podem ligar para ", "Obrigado"),
        "nl": ("Ticket #", "Van: ", "Hallo, ik kan sinds de update niet meer inloggen op het portaal.\n", "E-mail van het account: ",
               "U kunt me bellen op ", "Groeten"),
        "pl": ("Zgłoszenie #", "Od: ", "Dzień dobry, od aktualizacji nie mogę zalogować się do portalu.\n", "E-mail konta: ",
               "Proszę dzwonić pod ", "Pozdrawiam"),
    }[lang]
    region = {"en": None, "it": "IT", "pt": v.choice(("PT", "BR")), "nl": v.choice(("NL", "BE")), "pl": "PL"}[lang]
    d.w(text[0], str(v.num(10000, 99999)), "\n", text[1], v.name(first, last), "\n\n", text[2])
    if v.chance(0.5):
        d.w(text[3], v.email(first, last, free=True), "\n")
    d.w(text[4], v.phone(region), "\n")
    if lang != "en":
        cred(d, v, f"prose_{lang}")
    elif v.chance(0.5):
        cred(d, v, "prose", kind="password_prose")
    d.w("\n", text[5], "!")


@template("answer_ticket_triage")
def answer_ticket_triage(d: Doc, v: Values) -> None:
    rep = v.person()
    d.w("**Triage summary**\n\n- Reporter: ", v.name(*rep), "\n- Affected host: app-vm-02\n- Root cause: the service uses a ")
    d.w("credential that was rotated; the value in the ticket is still the old one:\n\n```\n")
    cred(d, v, v.choice(("env", "yaml", "json")))
    d.w("\n```\n\nNext steps: rotate it again (it has now been posted in the ticket), store it in Key Vault and reference it "
        "with ", v.secret_ref(), ". I'd also ask the reporter to confirm the change window.")


@template("answer_ticket_reply")
def answer_ticket_reply(d: Doc, v: Values) -> None:
    first, last = v.person()
    d.w("Here's a reply you can send to the customer:\n\n---\nDear ", v.name(first, last), ",\n\nthank you for contacting us about ")
    d.w("ticket ", v.ticket_no(), ". We have refunded the duplicate payment on the card ending in ", v.masked(), " and the amount will ")
    d.w("be credited to ", v.iban(), " within 5 working days. If anything is unclear, reply to this e-mail or call ")
    d.w(v.phone(), ".\n\nKind regards,\nBilling team\n---")


# ============================================================================ code


@template("code_python_client")
def code_python_client(d: Doc, v: Values) -> None:
    d.w(v.choice(("Why does this raise 401 on the second call?", "Can you add retries to this?",
                  "Convert this to async please.")), "\n\n")
    fence(d, "python")
    d.w("import os\nimport requests\n\n")
    cred(d, v, "py")
    d.w("\n")
    if v.chance(0.3):
        cred(d, v, "py")
        d.w("\n")
    d.w("\ndef fetch(url):\n    r = requests.get(url, timeout=10)\n    r.raise_for_status()\n    return r.json()\n```\n")


@template("code_csharp_service")
def code_csharp_service(d: Doc, v: Values) -> None:
    d.w("Our .NET worker throws on startup, what's wrong?\n\n```csharp\npublic sealed class ExportWorker : BackgroundService\n{\n")
    d.w("    protected override async Task ExecuteAsync(CancellationToken ct)\n    {\n        ")
    cred(d, v, "cs")
    d.w("\n        _logger.LogInformation(\"worker started on {Host}\", Environment.MachineName);\n    }\n}\n```\n")
    d.w("Exception: System.ArgumentException: Format of the initialization string does not conform to specification.")


@template("code_shell_history")
def code_shell_history(d: Doc, v: Values) -> None:
    d.w("Can you turn my shell history into a reusable script?\n\n```\n")
    n = v.num(480, 1900)
    d.w(f"  {n}  cd ~/src/platform && git pull\n  {n + 1}  ssh azureuser@", v.ipv4(), "\n")
    d.w(f"  {n + 2}  ")
    cred(d, v, "shell")
    d.w(f"\n  {n + 3}  kubectl -n prod rollout restart deploy/orders-api\n  {n + 4}  history | tail -n 20\n```")


@template("code_git_log")
def code_git_log(d: Doc, v: Values) -> None:
    a = v.person()
    d.w("Which commit introduced the secret? Output of `git log -p -2`:\n\n")
    d.w("commit ", v.commit_sha(), "\nAuthor: ", v.name(*a), " <", v.email(*a), ">\nDate:   ", v.date(), "\n\n    fix deploy vars\n\n")
    d.w("diff --git a/deploy/.env.prod b/deploy/.env.prod\n--- a/deploy/.env.prod\n+++ b/deploy/.env.prod\n@@ -3,2 +3,3 @@\n LOG_LEVEL=warn\n+")
    cred(d, v, "env")
    d.w("\n\ncommit ", v.commit_sha(), "\nAuthor: dependabot[bot] <", N("49699333+dependabot[bot]@users.noreply.github.com", "bot_email", "EMAIL_ADDRESS"),
        ">\n\n    bump chart to ", v.version(), "\n")


@template("code_js_fetch")
def code_js_fetch(d: Doc, v: Values) -> None:
    d.w("This Node script works locally but not in the Azure Function:\n\n```javascript\n")
    cred(d, v, "js")
    d.w("\n\nexport default async function (context, req) {\n  const res = await fetch(process.env.UPSTREAM);\n"
        "  context.res = { body: await res.json() };\n}\n```")


@template("code_sql_seed")
def code_sql_seed(d: Doc, v: Values) -> None:
    d.w("Optimise this seed script, it takes minutes on Postgres:\n\n```sql\nINSERT INTO customers (id, full_name, email, phone, card_pan) VALUES\n")
    first, last = v.person()
    if v.chance(0.5):
        d.w(f"  ({v.num(1000, 99999)}, '", v.name(first, last), "', '", v.email(first, last), "', NULL, '", v.card(form="compact"), "')\n")
    else:
        d.w(f"  ({v.num(1000, 99999)}, '", v.name(first, last), "', NULL, '", v.phone(), "', '", v.card(form="compact"), "')\n")
    d.w(";\n```")


@template("code_csv_export")
def code_csv_export(d: Doc, v: Values) -> None:
    first, last = v.person()
    sep = v.choice((",", ";", "\t"))
    d.w("Write pandas code that dedupes this export by e-mail (", {",": "CSV", ";": "CSV, semicolons", "\t": "TSV"}[sep], "):\n\n```\n")
    d.w(sep.join(("employee_id", "full_name", "email", "payout_account", "updated")), "\n")
    d.w(str(v.num(10000, 99999)), sep, v.name(first, last), sep, v.email(first, last), sep)
    d.w(v.iban(grouped=False) if v.chance(0.6) else v.masked(), sep, v.date(), "\n")
    d.w(str(v.num(10000, 99999)), sep, "Test User", sep, v.example_email(), sep, v.example_iban() if v.chance(0.5) else "", sep,
        v.date(), "\n```")


@template("answer_code_fix")
def answer_code_fix(d: Doc, v: Values) -> None:
    d.w("The problem is that the secret is hard-coded, so the container picks up the stale value. Before:\n\n```python\n")
    kind = cred(d, v, "py")
    d.w("\n```\n\nAfter (read it from the environment):\n\n```python\nimport os\n\nSECRET = os.environ[\"APP_SECRET\"]  # set from ",
        v.secret_ref(), "\n```\n\nAlso rotate the ", kind.replace("_", " "), " you pasted.")


@template("answer_code_review")
def answer_code_review(d: Doc, v: Values) -> None:
    d.w("Review notes for the PR", *((" by ", v.name()) if v.chance(0.5) else ()), ":\n\n1. Line ", str(v.num(10, 200)), " hard-codes a secret:\n   `")
    cred(d, v, v.choice(("py", "cs", "js", "shell")))
    d.w("`\n   Use the pipeline variable ", v.placeholder(), " instead.\n2. The retry loop never backs off.\n3. ")
    if v.chance(0.5):
        d.w("Tests are missing for the error path.")
    else:
        d.w("Pin the image to a digest: sha256:", v.sha256())


# ============================================================================ configuration


@template("config_dotenv")
def config_dotenv(d: Doc, v: Values) -> None:
    d.w(v.choice(("Our .env for the staging box - which of these can go to Key Vault?", ".env from the container, is the format ok?")),
        "\n\n```\nAPP_ENV=staging\nAPI_BASE=https://api.brightlane.io\n")
    cred(d, v, "env")
    d.w("\n")
    cred(d, v, "env")
    if v.chance(0.5):
        d.w("\nALLOWED_IP=", v.ipv4(private=False))
    d.w("\n```")


@template("config_k8s_secret")
def config_k8s_secret(d: Doc, v: Values) -> None:
    d.w("kubectl apply fails with `error validating data`, manifest:\n\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n"
        "  name: orders-db\n  namespace: prod\ntype: Opaque\ndata:\n")
    cred(d, v, "yaml", kind="k8s_secret_b64" if v.chance(0.6) else None, secret_block=True)
    d.w("\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders-api\nspec:\n  template:\n    spec:\n"
        "      containers:\n        - name: api\n          image: acrbrightlane.azurecr.io/orders-api:", v.version(), "\n```")


@template("config_helm_values")
def config_helm_values(d: Doc, v: Values) -> None:
    d.w("helm upgrade ignores my values file, here it is (values-prod.yaml):\n\n```yaml\nreplicaCount: 3\n"
        "service:\n  loadBalancerIP: ", v.ipv4(private=False), "\nauth:\n")
    cred(d, v, "yaml")
    d.w("\n")
    if v.chance(0.3):
        cred(d, v, "yaml")
        d.w("\n")
    d.w("```")


@template("config_gha")
def config_gha(d: Doc, v: Values) -> None:
    d.w("GitHub Actions workflow, the publish job fails:\n\n```yaml\nname: release\non:\n  push:\n    tags: ['v*']\njobs:\n"
        "  publish:\n    runs-on: ubuntu-latest\n    env:\n")
    cred(d, v, "yaml")
    d.w("\n    steps:\n      - uses: actions/checkout@v4\n      - run: make publish\n```\n")
    if v.chance(0.5):
        d.w("Author of the workflow: ", v.name())


@template("config_compose")
def config_compose(d: Doc, v: Values) -> None:
    d.w("docker-compose.yml - the api container can't reach postgres:\n\n```yaml\nservices:\n  db:\n    image: postgres:16\n"
        "    environment:\n")
    cred(d, v, "yaml", kind="password_yaml" if v.chance(0.4) else None)
    d.w("\n  api:\n    build: .\n    extra_hosts:\n      - \"legacy-erp:", v.ipv4(private=True), "\"\n```")


@template("config_tfvars")
def config_tfvars(d: Doc, v: Values) -> None:
    d.w("terraform plan wants to recreate the server, tfvars below:\n\n```hcl\nlocation = \"westeurope\"\nallowed_cidrs = [\"",
        v.ipv4(private=False), "/32\"]\n")
    cred(d, v, "hcl")
    d.w("\ntags = { cost_center = \"", v.gl_account(), "\" }\n```")


@template("config_dotfile")
def config_dotfile(d: Doc, v: Values) -> None:
    which = v.least("dotfile", (".npmrc", ".pypirc", ".netrc", ".git-credentials", "kubeconfig"))
    d.w(f"My {which} (why does auth still fail?):\n\n```\n")
    if which == ".npmrc":
        d.w("registry=https://registry.npmjs.org/\n")
        fill(d, v, "//registry.npmjs.org/:_authToken={v}", v=V(v.npm_token(), "CREDENTIAL", "npm_token"))
        v.used["kind:npm_token"] += 1
        d.w("\nemail=", v.email(), "\n")
    elif which == ".pypirc":
        d.w("[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\n")
        fill(d, v, "password = {v}", v=V(v.pypi_token(), "CREDENTIAL", "pypi_token"))
        v.used["kind:pypi_token"] += 1
        d.w("\n")
    elif which == ".netrc":
        d.w("machine nexus.brightlane.io\n  login ci-bot\n")
        fill(d, v, "  password {v}", v=V(v.password(), "CREDENTIAL", "password_kv"))
        v.used["kind:password_kv"] += 1
        d.w("\n")
    elif which == ".git-credentials":
        fill(d, v, "https://ci-bot:{v}@github.com", v=V(v.github_token(), "CREDENTIAL", "github_token"))
        v.used["kind:github_token"] += 1
        d.w("\n")
    else:
        d.w("apiVersion: v1\nclusters:\n- cluster:\n    server: https://", v.ipv4(private=True), ":6443\n  name: onprem\nusers:\n"
            "- name: ci\n  user:\n")
        kind = v.least("kind", ("jwt", "bearer_token"))
        fill(d, v, "    token: {v}", v=V(getattr(v, kind)(), "CREDENTIAL", kind))
        d.w("\n")
    d.w("```")


@template("config_xml")
def config_xml(d: Doc, v: Values) -> None:
    d.w("web.config transform for prod - is the syntax right?\n\n```xml\n<configuration>\n  <appSettings>\n    ")
    cred(d, v, "xml")
    d.w("\n    <add key=\"Build\" value=\"", v.version(), "\" />\n  </appSettings>\n</configuration>\n```")


@template("config_ini")
def config_ini(d: Doc, v: Values) -> None:
    which = v.choice(("settings.ini", "credentials.ini", "config/secrets.ini"))
    d.w(f"{which}:\n\n```ini\n[default]\n")
    cred(d, v, "ini")
    d.w("\noutput = json\nregion = eu-central-1\n```")


@template("answer_config_convert")
def answer_config_convert(d: Doc, v: Values) -> None:
    d.w("Here is your `.env` converted to a Kubernetes ConfigMap/Secret pair. I kept the values you gave me, but the "
        "secret ones belong in the Secret:\n\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secrets\nstringData:\n")
    cred(d, v, "yaml")
    d.w("\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  UPSTREAM_IP: \"", v.ip(), "\"\n```")


# ============================================================================ logs


@template("log_access")
def log_access(d: Doc, v: Values) -> None:
    d.w("nginx access log around the spike, anything suspicious?\n\n")
    for ip in (v.ip(), v.doc_ip()):
        d.w(ip, f' - - [{v.num(10, 28)}/Oct/2025:{hhmm(v)}:{v.num(10, 60)} +0000] "GET /api/v1/orders HTTP/1.1" 200 {v.num(200, 9000)}\n')
    d.w(v.ipv4(), f' - - [{v.num(10, 28)}/Oct/2025:{hhmm(v)}:{v.num(10, 60)} +0000] "')
    cred(d, v, "log", kind=v.choice(("sas_token", "google_api_key", "slack_webhook", None)))
    d.w('" 403 0\n')


@template("log_json_lines")
def log_json_lines(d: Doc, v: Values) -> None:
    d.w("App Insights export (JSON lines), why does login fail for this user?\n\n")
    first, last = v.person()
    d.w('{"ts":"', v.date(), '","level":"info","msg":"login start","user":"', v.email(first, last), '","client_ip":"', v.ip(), '"}\n')
    d.w('{"ts":"', v.date(), '","level":"error","msg":"')
    cred(d, v, "log")
    d.w('","trace_id":"', v.commit_sha(), '"}\n')


@template("log_kv_app")
def log_kv_app(d: Doc, v: Values) -> None:
    d.w("Worker logs (key=value). Please explain the failures:\n\n")
    d.w("level=info msg=\"starting\" version=", v.version(), " host=", v.ipv4(private=True), "\n")
    d.w("level=error msg=\"")
    cred(d, v, "log")
    d.w("\" attempt=3\nlevel=info msg=\"backing off\" seconds=30\n")


@template("log_stacktrace")
def log_stacktrace(d: Doc, v: Values) -> None:
    lang = v.choice(("java", "py", "net"))
    d.w("Stack trace from prod:\n\n```\n")
    if lang == "java":
        d.w("org.postgresql.util.PSQLException: FATAL: password authentication failed\n\tat org.postgresql.core.v3."
            "ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:693)\n\tat com.brightlane.db.Pool.open(Pool.java:41)\n"
            "Caused by: config dump: ")
    elif lang == "py":
        d.w('Traceback (most recent call last):\n  File "/srv/app/jobs/export.py", line 88, in run\n    client.upload(batch)\n'
            "azure.core.exceptions.ClientAuthenticationError: Server failed to authenticate the request.\nsettings: ")
    else:
        d.w("Unhandled exception. Microsoft.Data.SqlClient.SqlException (0x80131904): Login failed for user.\n"
            "   at Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception)\n   context: ")
    cred(d, v, "log")
    d.w("\n   remote endpoint: ", v.ipv4(), "\n```")


@template("log_cli_output")
def log_cli_output(d: Doc, v: Values) -> None:
    which = v.choice(("sp", "keys", "kubectl"))
    if which == "sp":
        d.w("Output of `az ad sp create-for-rbac --name gh-deploy` - how do I use this in GitHub?\n\n```json\n{\n"
            '  "appId": "', v.guid(), '",\n  "displayName": "gh-deploy",\n')
        cred(d, v, "json", kind="entra_client_secret")
        d.w('\n  "tenant": "', v.guid(), '"\n}\n```')
    elif which == "keys":
        d.w("`az storage account keys list -n stbrightlaneprod -o json`:\n\n```json\n[\n  {\n"
            '    "creationTime": "', v.date(), '",\n    "keyName": "key1",\n    "permissions": "FULL",\n    "value": "')
        d.w(V(v.azure_storage_key(), "CREDENTIAL", "azure_storage_key"))
        v.used["kind:azure_storage_key"] += 1
        d.w('"\n  }\n]\n```')
    else:
        d.w("`kubectl get secret app -o yaml` - I need the plain value:\n\n```yaml\napiVersion: v1\ndata:\n")
        cred(d, v, "yaml", kind="k8s_secret_b64", secret_block=True)
        d.w("\nkind: Secret\nmetadata:\n  name: app\n  uid: ", v.guid(), "\n```")


@template("answer_log_summary")
def answer_log_summary(d: Doc, v: Values) -> None:
    first, last = v.person()
    d.w("Summary of the incident from the logs you pasted:\n\n- Failed logins came from ", v.ip(), ".\n")
    d.w("- The affected account is ", v.email(first, last), ".\n- One log line leaks a credential: `")
    cred(d, v, "log")
    d.w("`. Treat it as compromised and rotate it.\n")


# ============================================================================ e-mail


def mail_head(d: Doc, v: Values, first: str, last: str, subject: str) -> None:
    d.w("From: ", v.email(first, last), "\nTo: ", v.choice(("Finance Team", "IT Service Desk", "Accounts Payable", "all-staff")),
        "\nSubject: ", subject, "\n\n")


@template("email_thread_creds")
def email_thread_creds(d: Doc, v: Values) -> None:
    first, last = v.person()
    d.w("Can you rewrite this e-mail so it sounds less alarming?\n\n")
    mail_head(d, v, first, last, v.choice(("Access for the vendor", "RE: staging credentials", "FW: migration weekend")))
    d.w("Hi all,\n\nfor the migration this weekend the vendor needs temporary access. ")
    cred(d, v, "prose")
    d.w("\nI'll revoke it on Monday.\n\n")
    signature(d, v, first, last, phone=v.chance(0.5))


@template("email_vendor_bank")
def email_vendor_bank(d: Doc, v: Values) -> None:
    first, last = v.person()
    d.w("Is this e-mail legit or phishing?\n\n")
    mail_head(d, v, first, last, "Updated bank details")
    d.w("Dear accounts payable,\n\nplease note our new bank details for all open invoices (", v.invoice(), "):\n\nIBAN: ", v.iban(),
        "\nBIC: ", v.choice(("INGBNL2A", "BCITITMM", "CGDIPTPL", "BPKOPLPW", "DEUTDEFF")), "\n\n")
    signature(d, v, first, last, phone=v.chance(0.6))


@template("email_hr_payroll")
def email_hr_payroll(d: Doc, v: Values) -> None:
    first, last = v.person()
    emp = v.person()
    d.w("Summarise this e-mail for the payroll ticket:\n\n")
    mail_head(d, v, first, last, "W-4 correction")
    d.w("Hello,\n\nthe SSN on file for ", v.name(*emp), " is wrong. The correct number is ", v.ssn(), ".\n\n")
    signature(d, v, first, last, phone=False)


@template("email_multilang")
def email_multilang(d: Doc, v: Values) -> None:
    lang = v.least("mail_lang", ("it", "pt", "nl", "pl", "ja"))
    first, last = v.person()
    body = {
        "it": ("Oggetto: accesso al gestionale\n\nCiao, ti giro le credenziali per il gestionale.\n", "\nFammi sapere se funziona.\n\nSaluti,\n"),
        "pt": ("Assunto: acesso ao sistema\n\nOlá, seguem os dados de acesso ao sistema.\n", "\nQualquer dúvida, me avise.\n\nAbraços,\n"),
        "nl": ("Onderwerp: toegang tot het portaal\n\nHoi, hierbij de inloggegevens voor het portaal.\n", "\nLaat maar weten of het werkt.\n\nGroet,\n"),
        "pl": ("Temat: dostęp do systemu\n\nCześć, przesyłam dane logowania do systemu.\n", "\nDaj znać, czy działa.\n\nPozdrawiam,\n"),
        "ja": ("件名: システムへのアクセス\n\nお疲れ様です。システムのログイン情報を送ります。\n", "\nよろしくお願いします。\n\n"),
    }[lang]
    d.w("Translate this e-mail to English:\n\n")
    d.w("From: ", v.email(first, last), "\n", body[0])
    cred(d, v, f"prose_{lang}")
    d.w(body[1])
    if lang == "ja":
        d.w("経理部\n" if v.chance(0.5) else "情報システム部\n")
    else:
        d.w(v.choice(("IT", "Helpdesk", "Backoffice")), "\n")


@template("answer_email_draft")
def answer_email_draft(d: Doc, v: Values) -> None:
    first, last = v.person()
    d.w("Subject: Your new account\n\nHi ", v.first(first), ",\n\nwelcome aboard! Your account ", v.email(first, last),
        " is ready. ")
    cred(d, v, "prose", kind=v.choice(("password_prose", None)))
    d.w("\nIf you have trouble signing in, call the service desk on extension 4410.\n\nBest,\nIT Onboarding")


# ============================================================================ chat


def speaker(d: Doc, v: Values, who: tuple[str, str], full: bool = False) -> None:
    d.w(v.name(*who) if full else v.first(who[0]), f"  {hhmm(v)}\n")


@template("chat_slack_export")
def chat_slack_export(d: Doc, v: Values) -> None:
    a, b = v.person(), v.person()
    d.w("Slack thread from #platform-help, what's the fix?\n\n")
    speaker(d, v, a, full=True)
    d.w("deploy to staging is red again, it can't auth\n")
    speaker(d, v, b, full=True)
    d.w("try this one, I just created it:\n")
    cred(d, v, v.choice(("prose", "env", "shell")))
    d.w("\n")
    d.w("(", v.choice(("3 replies", "seen by 4")), ")\n")


@template("chat_teams")
def chat_teams(d: Doc, v: Values) -> None:
    lang = lang_pick(v, 0.6)
    a, b = v.person(), v.person()
    d.w("Teams chat export:\n\n[", hhmm(v), "] ", v.name(*a), ": ")
    d.w({"en": "can you send me the login for the test tenant?", "it": "mi mandi l'accesso al tenant di test?",
         "pt": "pode me mandar o acesso do tenant de teste?", "nl": "kun je me de login voor de testtenant sturen?",
         "pl": "możesz mi wysłać login do testowego tenanta?", "ja": "テスト環境のログイン情報を送ってもらえますか？"}[lang])
    d.w("\n[", hhmm(v), "] ", v.name(*b), " (External): ")
    cred(d, v, "prose" if lang == "en" else f"prose_{lang}", kind="password_prose" if lang == "en" and v.chance(0.5) else None)
    d.w("\n")


@template("chat_messages_json")
def chat_messages_json(d: Doc, v: Values) -> None:
    first, last = v.person()
    d.w("Why does the model refuse this? Request body:\n\n```json\n{\n  \"messages\": [\n    {\"role\": \"system\", \"content\": "
        "\"You are a support assistant.\"},\n    {\"role\": \"user\", \"content\": \"Customer ")
    d.w(v.name(first, last), " (", v.email(first, last), ") wants to change the card to ", v.card(), "\"}\n  ]\n}\n```")


@template("chat_api_response")
def chat_api_response(d: Doc, v: Values) -> None:
    first, last = v.person()
    d.w("The CRM API returns this, how do I map it to our DTO?\n\n```json\n{\n  \"id\": \"", v.guid(), "\",\n  \"contact\": {\n"
        "    \"name\": \"", v.name(first, last), "\",\n    \"email\": \"", v.email(first, last), "\"\n  },\n")
    if v.chance(0.5):
        d.w("  \"payout_iban\": \"", v.iban(grouped=False), "\",\n")
    else:
        d.w("  \"last_login_ip\": \"", v.ip(), "\",\n")
    d.w("  \"created\": \"", v.date(), "\"\n}\n```")


@template("answer_chat_masked")
def answer_chat_masked(d: Doc, v: Values) -> None:
    a, b = v.person(), v.person()
    d.w("Here is the chat reformatted as a table (card numbers partly masked as requested):\n\n| Time | Speaker | Message |\n|---|---|---|\n")
    d.w(f"| {hhmm(v)} | ", v.first(a[0]), " | card on file is ", N(f"**** **** **** {v.num(1000, 9999)}", "masked", "CREDIT_CARD"), " |\n")
    d.w(f"| {hhmm(v)} | Agent ({b[0][0]}.) | which card should we use instead? |\n")
    d.w(f"| {hhmm(v)} | ", v.first(a[0]), " | new card: ", v.card(), " |\n")


@template("answer_chat_summary")
def answer_chat_summary(d: Doc, v: Values) -> None:
    a = v.person()
    d.w("Summary of the conversation:\n\n- ", v.name(*a) if v.chance(0.5) else "The release manager", " couldn't deploy because the token had expired.\n- A new value was "
        "shared in the chat: `")
    cred(d, v, v.choice(("env", "shell", "prose")))
    d.w("`\n- Action: move it to the pipeline library and delete the message.")


# ============================================================================ hard negatives


@negative("ticket_negative_release")
def ticket_negative_release(d: Doc, v: Values) -> None:
    d.w("Change ", v.ticket_no(), " - release window\n\nDeploy build ", v.build_id(), " (AssemblyVersion ", v.version(),
        ") on ", v.date(), ".\nRollback target: ", v.commit_sha(short=True), ". Budget code ", v.gl_account(), ", est. ", v.amount(), ".\n")
    d.w("Tested payment flow with ", v.test_card(), " only. ", v.tool(), " job ", v.guid(), " green.\n")
    d.w("Please don't ", v.word("pass"), " the ", v.word("token"), " around in the ticket; use ", v.placeholder(), ".")


@negative("answer_ticket_negative")
def answer_ticket_negative(d: Doc, v: Values) -> None:
    d.w("I can't see a real secret in the ticket. The value `", v.masked(), "` is already masked, and `", v.placeholder(),
        "` is a placeholder. The docs example ", v.aws_example(), " is AWS's published sample key. Lot ", v.lot_number(),
        " and order ", v.order_number(), " are business identifiers, not card numbers.")


@negative("code_negative_assembly")
def code_negative_assembly(d: Doc, v: Values) -> None:
    d.w("Why does the build bump the wrong version?\n\n```csharp\n[assembly: AssemblyVersion(\"", v.version(), "\")]\n"
        "[assembly: AssemblyFileVersion(\"", v.version(), "\")]\n[assembly: Guid(\"", v.guid(), "\")]\n"
        "var key = Environment.GetEnvironmentVariable(\"API_KEY\") ?? \"", v.placeholder(), "\";\n"
        "// cert policy OID ", v.oid(), "\n```")


@negative("answer_code_negative")
def answer_code_negative(d: Doc, v: Values) -> None:
    d.w("Use a fixture instead of real values:\n\n```python\nTEST_CARD = \"", v.test_card(), "\"\nBAD_IBAN = \"", v.bad_iban(),
        "\"  # fails mod-97 on purpose\nFAKE_SSN = \"", v.bad_ssn(), "\"\nAWS_KEY = \"", v.aws_example(), "\"\n"
        "SUPPORT = \"", v.example_email(), "\"\n```\n`git`, `az` and `npm` are on the agent image already.")


@negative("config_negative_refs")
def config_negative_refs(d: Doc, v: Values) -> None:
    d.w("Is this helm values file safe to commit?\n\n```yaml\nimage:\n  tag: \"", v.version(), "\"\n  digest: sha256:", v.sha256(),
        "\nenv:\n  - name: DB_PASSWORD\n    valueFrom:\n      ", v.secret_ref(), "\n  - name: API_KEY\n    value: \"",
        v.placeholder(), "\"\n  - name: OPENAI_KEY\n    value: \"", v.secret_ref(), "\"\n```")


@negative("answer_config_negative")
def answer_config_negative(d: Doc, v: Values) -> None:
    d.w("Yes, it's safe: there is no literal secret. Here's the docker `config.json` with a credential helper instead of a "
        "stored auth:\n\n```json\n{\n  \"credsStore\": \"desktop\",\n  \"auths\": {\"acrbrightlane.azurecr.io\": {}}\n}\n```\n"
        "Bind the ingress to ", v.doc_ip(), " in the docs and keep ", v.placeholder(), " as the template value.")


@negative("log_negative_docip")
def log_negative_docip(d: Doc, v: Values) -> None:
    d.w("What do these lines mean?\n\n")
    for _ in range(v.num(2, 4)):
        d.w(v.date(), " INFO conn from ", v.doc_ip(), " req=", v.guid(), " build=", v.version(), "\n")
    d.w(v.date(), " WARN cert chain OID ", v.oid(), " sha256=", v.sha256(), "\n")


@negative("answer_log_negative")
def answer_log_negative(d: Doc, v: Values) -> None:
    d.w("The log lines only contain documentation addresses (", v.doc_ip(), ", ", v.doc_ip(), "), request ids like ", v.guid(),
        " and a masked key (", v.masked(), "). Nothing sensitive; the spike at ", v.date(), " came from ", v.tool(), ".")


@negative("email_negative_newsletter")
def email_negative_newsletter(d: Doc, v: Values) -> None:
    d.w("Proofread this template:\n\nFrom: Customer Care <", v.example_email(), ">\nSubject: Your invoice ", v.invoice(), "\n\n"
        "Dear {{ customer.first_name }},\n\nyour invoice of ", v.amount(), " is due on ", v.date(), ". Transfer to ", v.example_iban(),
        " (sample) or call ", v.fict_phone(), ".\nSSN field example: ", v.bad_ssn(), "\n")


@negative("answer_email_negative")
def answer_email_negative(d: Doc, v: Values) -> None:
    d.w("Draft:\n\nHello team,\n\nquick reminder: never ", v.word("tell"), " anyone your password and don't ", v.word("pass"),
        " API ", v.word("key"), "s over e-mail. Use ", v.tool(), " or the vault. Questions: ", v.example_email(), " or ",
        v.fict_phone(), ".\n\nThanks,\nSecurity Awareness")


@negative("chat_negative_banter")
def chat_negative_banter(d: Doc, v: Values) -> None:
    d.w("#release\n\ndeploy-bot  ", hhmm(v), "\n", v.tool(), " finished build ", v.build_id(), " (", v.commit_sha(short=True), ")\n"
        "oncall  ", hhmm(v), "\ncan someone ", v.word("tell"), " me if the ", v.word("secret"), " rotation ran? the ", v.word("token"),
        " budget for the summarizer is 4k\n")


@negative("answer_chat_negative")
def answer_chat_negative(d: Doc, v: Values) -> None:
    d.w("In the thread, `", v.masked(), "` and `", v.placeholder(), "` are not real values, ", v.luhn_fail(),
        " fails the Luhn check and ", v.bad_iban(), " fails mod-97. ", v.tool(), " and ", v.tool(), " are tools, not people.")


def _balance() -> None:
    """Each of the six kinds gets a sixth of the texts; within a kind, its hard-negative templates a quarter."""
    from dataclasses import replace

    per_kind: dict[str, list[int]] = {}
    for i, t in enumerate(REGISTRY.templates):
        per_kind.setdefault(t.genre.removeprefix("answer_").split("_")[0], []).append(i)
    for indices in per_kind.values():
        neg = [i for i in indices if REGISTRY.templates[i].genre in NEGATIVE]
        pos = [i for i in indices if i not in neg]
        for i in neg:
            REGISTRY.templates[i] = replace(REGISTRY.templates[i], weight=0.25 / len(neg))
        for i in pos:
            REGISTRY.templates[i] = replace(REGISTRY.templates[i], weight=0.75 / len(pos))


_balance()

__all__ = ["REGISTRY", "NEGATIVE", "LANG_PROSE", "ascii_fold", "N"]
