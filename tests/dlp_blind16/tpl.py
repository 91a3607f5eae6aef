"""The sixteenth corpus's templates: what software engineers, SREs and data engineers paste to a coding
assistant and what it answers, in seven kinds in about equal shares (code review, CI/CD, infrastructure,
application code and config, data engineering, observability, chat with teammates). Each kind has prompts,
an `answer_` genre (the assistant's reply, which quotes or masks what was pasted) and a hard-negative
template with no labelled value."""

from __future__ import annotations

import re

from tests.dlp_blind9.build import Doc, Registry
from tests.dlp_blind16.snippets import credential
from tests.dlp_blind16.values import ENGINEER_DOMAINS, Values
from tests.dlp_eval.corpus import CREDENTIAL, PERSON, N, V

REGISTRY = Registry("b16")
template = REGISTRY.template

KINDS = ("review", "ci", "infra", "code", "data", "obs", "chat")
NEGATIVE_WEIGHT = 4 / 3
NEGATIVE: set[str] = set()


def negative(genre: str):  # noqa: ANN201
    NEGATIVE.add(genre)
    return template(genre, NEGATIVE_WEIGHT)


def cred(d: Doc, x: Values, media: tuple[str, ...], fence: bool = True, lead: str = "") -> str:
    """A credential snippet, fenced when it is not prose; returns its kind."""
    kind, (lang, parts) = credential(x, media)
    if lang == "" and parts and isinstance(parts[-1], str) and not parts[-1].endswith("\n"):
        d.w(lead, *parts)
        return kind
    d.w(lead)
    if fence:
        d.w(f"```{lang}\n", *parts, "```\n")
    else:
        d.w(*parts)
    return kind


def inline_cred(d: Doc, x: Values, media: tuple[str, ...]) -> V:
    """A credential's labelled value alone (for an answer that quotes it), from one of its snippets."""
    _, (_, parts) = credential(x, media)
    value = next(p for p in parts if isinstance(p, V))
    return value


def person_email(x: Values, domain: str | None = None) -> tuple[V, V]:
    first, last = x.person()
    return V(f"{first} {last}", PERSON, PERSON), V(x.email_for(first, last, domain), "EMAIL_ADDRESS", "EMAIL_ADDRESS")


def path(x: Values) -> str:
    return x.pick("src/config/settings.py", "deploy/values-prod.yaml", "apps/api/.env.production", "infra/main.tf",
                  "src/Orders.Api/appsettings.Production.json", "services/billing/config.go", "scripts/backfill.sh",
                  "charts/orders/values.yaml", "src/main/resources/application-prod.properties", "lib/notify.ts")


# --- code review ------------------------------------------------------------------------------------


@template("review_diff", 0.8)
def review_diff(d: Doc, x: Values) -> None:
    p = path(x)
    d.w(x.pick("Can you review this diff before I open the PR?", "Anything wrong with this change?",
               "Reviewer flagged this hunk, what's the issue?"), "\n\n```diff\n",
        f"diff --git a/{p} b/{p}\nindex ", x.short_sha(), "..", x.short_sha(), f" 100644\n--- a/{p}\n+++ b/{p}\n",
        f"@@ -{x.rng.randrange(3, 80)},6 +{x.rng.randrange(3, 80)},8 @@\n")
    d.w(" # settings for the payment worker\n-", x.placeholder(), "\n+")
    kind, (lang, parts) = credential(x, ("env", "yaml", "json", "code", "tf"))
    d.w(*[p.lstrip() if isinstance(p, str) and i == 0 else p for i, p in enumerate(parts)])
    if x.chance(0.3):
        name, mail = person_email(x, x.pick(*ENGINEER_DOMAINS))
        d.w("+# owner: ", name, " <", mail, ">\n")
    d.w(" timeout_seconds = 30\n```\n")


@template("review_commit", 0.8)
def review_commit(d: Doc, x: Values) -> None:
    name, mail = person_email(x, x.pick(*ENGINEER_DOMAINS))
    if x.chance(0.2):  # git user.name as some people set it
        name = V(name.text.lower(), PERSON, PERSON)
    d.w(x.pick("Rewrite this commit message in conventional-commit style:", "Squash these into one good message:",
               "Is this commit message ok for the changelog?"), "\n\ncommit ", x.sha(), "\nAuthor: ", name, " <", mail, ">\n")
    d.w(f"Date:   Tue Mar {x.rng.randrange(1, 29)} 14:{x.rng.randrange(10, 59)}:07 2026 +0100\n\n    fix retry loop in "
        f"{x.pick('OrderSync', 'the ingest job', 'BlobArchiver')}\n\n    Handles 429s from the gateway (see #{x.rng.randrange(100, 9999)}).\n\n")
    coauthor = x.chance(0.35)
    if coauthor:
        first, last = x.person()
        d.w("    Co-authored-by: ", V(f"{first} {last}", PERSON, PERSON), " <",
            V(f"{x.rng.randrange(100000, 99999999)}+{first.lower()[:3]}{last.lower()[:4]}@users.noreply.github.com"
              if first.isascii() and last.isascii() else x.email_for(first, last), "EMAIL_ADDRESS", "EMAIL_ADDRESS"), ">\n")
    else:
        d.w("    Co-authored-by: ", x.bot(), " <", x.bot_email(), ">\n")
    d.w("    Signed-off-by: ", V(name.text, PERSON, PERSON) if not coauthor and x.chance(0.4) else "the release bot", "\n")


@template("review_thread", 0.8)
def review_thread(d: Doc, x: Values) -> None:
    who = x.name()
    d.w(x.pick("Help me answer this review thread:", "PR review comments, what should I change?"), "\n\n",
        f"PR #{x.rng.randrange(200, 4000)} · {path(x)}\n\n**", who, f"** commented on line {x.rng.randrange(5, 300)}:\n> ",
        x.pick("This shouldn't be committed.", "Why is this hard-coded?", "nit: move to config"), "\n\n")
    cred(d, x, ("code", "json", "env", "yaml"))
    d.w("\n**", x.first() if x.chance(0.4) else x.bot(), "** replied:\n> ", x.pick("it's only the staging key", "will fix",
                                                                                    "Copilot suggested it"), "\n")


@template("review_codeowners", 0.8)
def review_codeowners(d: Doc, x: Values) -> None:
    d.w("GitHub shows \"Unknown owner\" on line 3 of CODEOWNERS. Why?\n\n```\n# CODEOWNERS\n* @brightfold/platform\n",
        "/infra/ @brightfold/sre ", x.email(x.pick(*ENGINEER_DOMAINS)), "\n",
        "/services/billing/ ", x.email(x.pick(*ENGINEER_DOMAINS)) if x.chance(0.5) else "@brightfold/billing-leads",
        " @brightfold/payments\n/docs/ @brightfold/tech-writers\n```\n")
    if x.chance(0.4):
        d.w("\nThe file was last touched by ", x.name(), " in ", x.short_sha(), ".\n")


@template("answer_review", 0.8)
def answer_review(d: Doc, x: Values) -> None:
    v = inline_cred(d, x, ("env", "code", "json", "yaml"))
    d.w(x.pick("Two things in this diff:", "The change looks fine except for one line:", "Before merging:"), "\n\n",
        "1. Line ", str(x.rng.randrange(5, 120)), " adds a live credential in clear text: `", v, "`. ",
        x.pick("Anyone with read access to the repo now has it, so revoke and rotate it first.",
               "Rotate it now - removing it in a later commit does not remove it from history."), "\n",
        "2. Read it from the environment instead:\n\n```python\napi_key = os.environ[\"", x.pick("PAYMENTS_KEY", "SERVICE_TOKEN",
                                                                                          "DB_PASSWORD"), "\"]\n```\n")
    if x.chance(0.35):
        d.w("\nI'd also ask ", x.name(), " to confirm nothing else in ", x.short_sha(), " references it.\n")


@negative("review_neg")
def review_neg(d: Doc, x: Values) -> None:
    old, new = x.semver(), x.semver()
    d.w("Summarise this Dependabot PR for the changelog:\n\n", x.bot(), " wants to merge 1 commit into main from "
        "dependabot/npm_and_yarn/lodash\n\nBumps lodash from ", old, " to ", new, ".\n- [Commits](https://github.com/lodash/"
        "lodash/compare/", x.sha(), "...", x.sha(), ")\n\nSigned-off-by: ", x.bot(), " <", x.bot_email(), ">\n\n")
    d.w("CODEOWNERS requests review from @brightfold/frontend. ", x.tool(), " check passed on ", x.short_sha(),
        "; the `TokenRefresher` test uses ", x.placeholder(), " as the secret.\n")


# --- CI/CD ------------------------------------------------------------------------------------------


@template("ci_actions", 0.8)
def ci_actions(d: Doc, x: Values) -> None:
    d.w(x.pick("The deploy job fails with 401, workflow below.", "Why does this GitHub Actions workflow not pick up the "
               "token?", "Can you add a cache step to this?"), "\n\n```yaml\nname: deploy\non:\n  push:\n    branches: [main]\n"
        "jobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    env:\n      REGISTRY_TOKEN: ", x.placeholder(), "\n")
    kind, (lang, parts) = credential(x, ("yaml",))
    if lang == "yaml":
        d.w(*parts)
    d.w("    steps:\n      - uses: actions/checkout@", x.sha(), "\n      - run: ./deploy.sh\n```\n")
    if lang != "yaml":
        d.w("\n", x.pick("deploy.sh reads this from the runner:", "and locally I have:"), "\n```", lang, "\n", *parts)
        d.w("\n" if not str(parts[-1]).endswith("\n") else "", "```\n")


@template("ci_azure", 0.8)
def ci_azure(d: Doc, x: Values) -> None:
    d.w("azure-pipelines.yml:\n\n```yaml\ntrigger:\n  - main\npool:\n  vmImage: ubuntu-latest\nvariables:\n  buildConfiguration: "
        "Release\n  armSecret: ", x.placeholder(), "\nsteps:\n")
    kind, (lang, parts) = credential(x, ("yaml", "shell"))
    later: list[object] = []
    if lang in ("bash", "powershell"):
        d.w("  - script: |\n      ", *parts)
    elif lang == "yaml":
        d.w("  - task: AzureCLI@2\n    env:\n  ", *parts)
    else:
        d.w("  - script: ./release.sh\n")
        later = parts
    d.w("```\n\n", x.pick("The agent (version ", "Hosted agent ("), x.version4(), ") says the step succeeded but nothing "
        "is deployed.")
    if x.chance(0.4):
        d.w(" Pipeline owner is ", x.name(), ".")
    d.w("\n")
    if later:
        d.w("\nrelease.sh uses:\n```", lang, "\n", *later, "\n" if not str(later[-1]).endswith("\n") else "", "```\n")


@template("ci_joblog", 0.8)
def ci_joblog(d: Doc, x: Values) -> None:
    d.w(x.pick("Job failed, log below. What broke?", "Build is red since this morning:", "gitlab job output:"), "\n\n```\n",
        f"Running with gitlab-runner 17.{x.rng.randrange(0, 9)}.1 on ")
    if x.chance(0.5):
        d.w("runner ", x.ipv4(private=True))
    else:
        d.w("shared-runner-", x.short_sha())
    d.w("\n$ echo \"token=", x.masked(), "\"\ntoken=***\n$ set -x\n")
    cred(d, x, ("log", "shell"), fence=False)
    d.w("ERROR: Job failed: exit code 1 (job #", x.build_no(), ")\n```\n")


@template("ci_jenkins", 0.8)
def ci_jenkins(d: Doc, x: Values) -> None:
    d.w("Jenkinsfile + console output, the curl step gets 403:\n\n```groovy\npipeline {\n  agent any\n  stages {\n"
        "    stage('publish') {\n      steps {\n        withCredentials([string(credentialsId: 'nexus-token', variable: "
        "'TOKEN')]) {\n          sh 'echo $TOKEN'\n        }\n")
    kind, (lang, parts) = credential(x, ("shell",))
    d.w("        sh '''", *[p.rstrip("\n") if isinstance(p, str) else p for p in parts], "'''\n      }\n    }\n  }\n}\n```\n\n"
        "Started by user ", x.name() if x.chance(0.7) else x.tool(), "\n[Pipeline] sh\n+ echo ****\n")


@template("answer_ci", 0.8)
def answer_ci(d: Doc, x: Values) -> None:
    v = inline_cred(d, x, ("yaml", "env", "shell"))
    d.w("The workflow fails because the value is hard-coded and was revoked when GitHub's secret scanning saw it. You pasted `",
        v, "` - treat it as leaked and rotate it.\n\nStore the new one as a repository secret and reference it:\n\n```yaml\n"
        "    env:\n      API_TOKEN: ", x.placeholder(), "\n```\n")
    if x.chance(0.4):
        d.w("\nAsk ", x.name(), " (repo admin) to add the secret if you lack permissions.\n")


def _url_host(host: N) -> tuple[str | N, ...]:
    """http://host, with an IPv6 address in brackets (http://::1:8080 would be another address)."""
    return ("http://[", host, "]") if ":" in host.text else ("http://", host)


@negative("ci_neg")
def ci_neg(d: Doc, x: Values) -> None:
    d.w("Why is this step slow?\n\n```\n##[section]Starting: Build\nAgent version: ", x.version4(), "\nRun ID: ", x.build_no(),
        "\nImage: mcr.microsoft.com/dotnet/sdk@", x.image_digest(), "\nartifact.zip SHA256: ", x.sha256(), "\n+ dotnet build -c Release -p:Version=", x.semver(),
        "\n+ curl -H \"Authorization: Bearer ***\" https://nuget.pkg.github.com/brightfold/index.json\nListening on ",
        *_url_host(x.local_ip()), ":8080\nToken: ", x.masked(), "\nSECRET_KEY=", x.placeholder(), "\nCommit ", x.sha(),
        " built by ", x.bot(), "\n##[section]Finishing: Build\n```\n")


# --- infrastructure ---------------------------------------------------------------------------------


@template("infra_tf", 0.8)
def infra_tf(d: Doc, x: Values) -> None:
    d.w(x.pick("terraform plan output, is it safe to apply?", "Why does TF want to replace the web app?",
               "My tfvars, apply fails with 403:"), "\n\n```hcl\n")
    if x.chance(0.5):
        d.w("  # azurerm_linux_web_app.api will be updated in-place\n  ~ resource \"azurerm_linux_web_app\" \"api\" {\n"
            "      id = \"/subscriptions/", x.guid(), "/resourceGroups/rg-orders/providers/Microsoft.Web/sites/api\"\n")
    cred(d, x, ("tf", "env"), fence=False)
    if x.chance(0.55):
        d.w("  + allowed_ip = \"", x.ipv4(private=False), "\"\n")
    d.w("  }\n```\n")


@template("infra_k8s", 0.8)
def infra_k8s(d: Doc, x: Values) -> None:
    d.w(x.pick("Pod keeps crashing, manifest and describe below.", "Why can't the container read the secret?"), "\n\n")
    cred(d, x, ("yaml", "json"))
    pod = x.pod_hash(x.pick("orders-api", "payments-worker", "etl-scheduler"))
    d.w("\n$ kubectl describe pod ", pod, "\nNamespace:    prod\nNode:         aks-system-", x.r("0123456789", 8),
        "-vmss000002/", x.ipv4(private=True), "\nStatus:       Running\n")
    if x.chance(0.4):
        d.w("IP:           ", x.ipv4(private=True), "\n")
    d.w("Restart Count: ", str(x.rng.randrange(3, 40)), "\n")


@template("infra_compose", 0.8)
def infra_compose(d: Doc, x: Values) -> None:
    d.w(x.pick("docker compose up fails, the db never gets healthy:", "Can you turn this compose file into a k8s manifest?"),
        "\n\n```yaml\nservices:\n  db:\n    image: postgres:16.", str(x.rng.randrange(1, 6)), "\n    environment:\n")
    kind, (lang, parts) = credential(x, ("yaml", "env"))
    if lang == "yaml":
        d.w(*parts)
    else:
        d.w("      - ", *parts)
    if x.chance(0.45):
        d.w("    extra_hosts:\n      - \"ledger:", x.ipv4(), "\"\n")
    d.w("    ports:\n      - \"", x.port(), ":", x.port(), "\"\n```\n")


@template("infra_bicep", 0.8)
def infra_bicep(d: Doc, x: Values) -> None:
    d.w("main.parameters.json for the Bicep deployment; `az deployment group create` rejects it:\n\n```json\n{\n  \"$schema\": "
        "\"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#\",\n  \"contentVersion\": \"",
        x.version4(), "\",\n  \"parameters\": {\n")
    cred(d, x, ("json",), fence=False)
    if x.chance(0.5):
        d.w("    \"alertEmail\": { \"value\": \"", x.email(), "\" },\n")
    d.w("    \"location\": { \"value\": \"swedencentral\" }\n  }\n}\n```\n")


@template("answer_infra", 0.8)
def answer_infra(d: Doc, x: Values) -> None:
    v = inline_cred(d, x, ("yaml", "tf", "json", "env"))
    d.w("Don't keep `", v, "` in the manifest - it's readable by anyone with `get` on the namespace and it's in git now. "
        "Rotate it, then reference a Secret:\n\n```yaml\n        env:\n          - name: APP_SECRET\n            valueFrom:\n"
        "              secretKeyRef:\n                name: app-secrets\n                key: token\n```\n")
    if x.chance(0.4):
        d.w("\nThe pod on ", x.ipv4(private=True), " will pick it up after a restart.\n")


@negative("answer_infra_neg")
def answer_infra_neg(d: Doc, x: Values) -> None:
    d.w("Your pods are fine; the restarts come from the liveness probe. Current state:\n\n```\nNAME                 READY   STATUS\n",
        x.pod_hash("orders-api"), "   1/1     Running\n", x.pod_hash("payments-worker"), "   1/1     Running\n```\n\n"
        "Pin the image by digest (`", x.image_digest(), "`), keep the password in ", x.vault_ref(),
        " and template it as ", x.placeholder(), ". The node role is ", x.arn(), " and the ReplicaSet is ", x.k8s_name(),
        ". The Service listens on ", x.local_ip(), " inside the pod; ",
        x.tool(), " will show the probe failures.\n")


# --- application code and config ---------------------------------------------------------------------


VARIABLE = {"password": "dbPassword", "token": "apiToken", "key": "apiKey", "string": "connString", "url": "dsn",
            "webhook": "webhookUrl", "b64": "encoded", "jwt": "idToken", "secret": "clientSecret"}
ASSIGN = {
    "python": ("```python\nimport httpx\n\n{var} = \"", "\"\n\nasync def fetch(path: str) -> dict:\n"
               "    async with httpx.AsyncClient() as c:\n        return (await c.get(path)).json()\n```\n"),
    "typescript": ("```typescript\nexport const {var} = '", "';\nexport async function fetchOrders() {{\n"
                   "  return fetch(`${{base}}/orders`);\n}}\n```\n"),
    "csharp": ("```csharp\npublic static class Settings\n{{\n    public const string {Var} = \"", "\";\n}}\n```\n"),
    "go": ("```go\npackage config\n\nconst {var} = \"", "\"\n\nfunc Load() (*Config, error) {{ return parse({var}) }}\n```\n"),
    "java": ("```java\n@Configuration\npublic class ClientConfig {{\n    private static final String {VAR} = \"",
             "\";\n}}\n```\n"),
    "rust": ("```rust\nconst {VAR}: &str = \"", "\";\n\nfn client() -> reqwest::Client {{ reqwest::Client::new() }}\n```\n"),
    "php": ("```php\n<?php\nreturn [\n    '{var}' => '", "',\n    'timeout' => 30,\n];\n```\n"),
    "ruby": ("```ruby\nRails.application.configure do\n  config.x.{var} = '", "'\nend\n```\n"),
    "powershell": ("```powershell\n${var} = '", "'\nInvoke-RestMethod -Uri $uri -Headers @{{ 'X-Api-Key' = ${var} }}\n```\n"),
}


@template("code_snippet", 0.8)
def code_snippet(d: Doc, x: Values) -> None:
    d.w(x.pick("Why does this throw a 401?", "Refactor this to use dependency injection.", "Write a unit test for this.",
               "Port this to async."), "\n\n")
    if x.chance(0.3):
        d.w("// maintained by ", x.name(lower=x.chance(0.2)), "\n")
    lang = x.least_used([f"lang:{k}" for k in ASSIGN]).split(":")[1]
    v = inline_cred(d, x, ("code", "env"))
    var = next((name for word, name in VARIABLE.items() if word in v.kind), "secretValue")
    head, tail = ASSIGN[lang]
    fmt = {"var": var, "Var": var[0].upper() + var[1:], "VAR": re.sub(r"(?<!^)([A-Z])", r"_\1", var).upper()}
    d.w(head.format(**fmt), v, tail.format(**fmt))


@template("code_config", 0.8)
def code_config(d: Doc, x: Values) -> None:
    d.w(x.pick("The app ignores this config in prod. Why?", "Convert this to environment variables:",
               "Is this appsettings layout right?"), "\n\n")
    kind, (lang, parts) = credential(x, ("json", "env"))
    if lang == "json":
        d.w("```json\n{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n", *parts)
        if x.chance(0.5):
            d.w("  \"SupportContact\": \"", x.email(), "\",\n")
        d.w("  \"AllowedHosts\": \"*\"\n}\n```\n")
    else:
        d.w("```\nAPP_ENV=production\nLOG_LEVEL=info\n", *parts)
        if x.chance(0.5):
            d.w("ONCALL_PHONE=", x.phone(fmt="e164"), "\n")
        d.w("```\n")


@template("code_fixture", 0.8)
def code_fixture(d: Doc, x: Values) -> None:
    name, mail = person_email(x)
    d.w("This test fails with a ValidationError, the fixture looks right to me:\n\n```python\ndef test_checkout_accepts_card():\n"
        "    customer = {\"name\": \"", name, "\", \"email\": \"", mail, "\"")
    value = x.phone() if x.chance(0.2) else x.sensitive()
    field = {"PHONE_NUMBER": "phone", "CREDIT_CARD": "card", "IBAN_CODE": "iban", "US_SSN": "ssn"}[value.family]
    d.w(f", \"{field}\": \"", value, "\"")
    d.w("}\n    assert checkout(customer).status == \"ok\"\n```\n")


@template("answer_code", 0.8)
def answer_code(d: Doc, x: Values) -> None:
    v = inline_cred(d, x, ("code", "env", "json"))
    before = x.least_used([f"lang:{k}" for k in ASSIGN]).split(":")[1]
    var = next((name for word, name in VARIABLE.items() if word in v.kind), "secretValue")
    fmt = {"var": var, "Var": var[0].upper() + var[1:], "VAR": re.sub(r"(?<!^)([A-Z])", r"_\1", var).upper()}
    head, tail = ASSIGN[before]
    d.w("Your version hard-codes the value:\n\n", head.format(**fmt), v, tail.format(**fmt), "\nThat value is now in this "
        "chat and probably in git, so rotate it. Then read it from configuration instead:\n\n")
    lang = x.pick("python", "csharp", "typescript")
    body = {"python": "```python\nimport os\n\napi_key = os.environ[\"SERVICE_API_KEY\"]\nclient = Client(api_key)\n```\n",
            "csharp": "```csharp\nvar key = builder.Configuration[\"Service:ApiKey\"];\nservices.AddSingleton(new Client(key));\n```\n",
            "typescript": "```typescript\nconst apiKey = process.env.SERVICE_API_KEY!;\nexport const client = new Client(apiKey);\n```\n"}
    d.w(body[lang])


@template("code_dotfile", 0.8)
def code_dotfile(d: Doc, x: Values) -> None:
    which = x.least_used(["dot:npmrc", "dot:pypirc", "dot:netrc", "dot:git-credentials", "dot:aws"]).split(":")[1]
    d.w({"npmrc": "`npm publish` says 401 but my ~/.npmrc looks right:",
         "pypirc": "twine upload fails with 403, here's ~/.pypirc:",
         "netrc": "Go modules from our private repo won't download. ~/.netrc:",
         "git-credentials": "git keeps asking for a password even though ~/.git-credentials has:",
         "aws": "boto3 picks the wrong profile, ~/.aws/credentials:"}[which], "\n\n```ini\n")
    if which == "npmrc":
        d.w("@brightfold:registry=https://npm.pkg.github.com\n//registry.npmjs.org/:_authToken=",
            V(x.npm(), CREDENTIAL, "npm_token"), "\nalways-auth=true\n")
        x.used["npm_token"] += 1
    elif which == "pypirc":
        d.w("[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ", V(x.pypi(), CREDENTIAL, "pypi_token"),
            "\n")
        x.used["pypi_token"] += 1
    elif which == "netrc":
        d.w("machine github.com\n  login ci-bot\n  password ", V(x.github_classic(), CREDENTIAL, "github_token"), "\n")
        x.used["github_token"] += 1
    elif which == "git-credentials":
        d.w("https://oauth2:", V(x.gitlab(), CREDENTIAL, "gitlab_token"), "@gitlab.com\n")
        x.used["gitlab_token"] += 1
    else:
        d.w("[default]\naws_access_key_id = ", V(x.aws_id(), CREDENTIAL, "aws_access_key_id"), "\naws_secret_access_key = ",
            V(x.aws_secret(), CREDENTIAL, "aws_secret_key"), "\n\n[sandbox]\naws_access_key_id = ", N("AKIAIOSFODNN7EXAMPLE", "aws_example", "aws_access_key_id"),
            "\naws_secret_access_key = ", N("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_example", "aws_secret_key"), "\n")
        x.used["aws_access_key_id"] += 1
        x.used["aws_secret_key"] += 1
    d.w("```\n")


@negative("code_neg")
def code_neg(d: Doc, x: Values) -> None:
    d.w("Explain what this class does:\n\n```csharp\npublic sealed class ", x.code_word(), "\n{\n    // sample key from the docs: ",
        x.aws_example(), "\n    private readonly string _token = Environment.GetEnvironmentVariable(\"API_TOKEN\") ?? ",
        "\"", x.placeholder(), "\";\n    public string Password { get; init; } = \"", x.placeholder(), "\";\n"
        "    // Stripe test mode: ", x.stripe_doc(), "\n    // signature OID ", x.oid(), ", payload MD5 ", x.md5(), "\n    [assembly: AssemblyVersion(\"", x.version4(), "\")]\n"
        "    public Guid CorrelationId { get; } = Guid.Parse(\"", x.guid(), "\");\n}\n```\n\nIt's called from ", x.code_word(),
        " on line ", str(x.rng.randrange(10, 900)), ".\n")


# --- data engineering -------------------------------------------------------------------------------


@template("data_sql")
def data_sql(d: Doc, x: Values) -> None:
    name, mail = person_email(x)
    value = x.phone() if x.chance(0.1) else x.sensitive()
    column = {"PHONE_NUMBER": "phone", "CREDIT_CARD": "card_number", "IBAN_CODE": "iban", "US_SSN": "ssn"}[value.family]
    d.w(x.pick("This INSERT fails with a duplicate key error:", "Rewrite this seed script as a MERGE:",
               "Why does the load job reject this row?"), "\n\n```sql\nINSERT INTO dbo.customers (id, full_name, email, ",
        column, ") VALUES\n  (", str(x.rng.randrange(1000, 99999)), ", '", name, "', '", mail, "', '", value, "');\n```\n")


@template("data_csv")
def data_csv(d: Doc, x: Values) -> None:
    d.w(x.pick("Infer a Spark schema for this CSV sample:", "What's the best dbt model for this export?",
               "These rows fail the Great Expectations suite:"), "\n\n```\n")
    value = x.phone() if x.chance(0.4) else x.sensitive()
    column = {"PHONE_NUMBER": "phone", "CREDIT_CARD": "card_pan", "IBAN_CODE": "payout_iban", "US_SSN": "tax_id"}[value.family]
    decoy = {"PHONE_NUMBER": x.fict_phone, "CREDIT_CARD": x.test_card, "IBAN_CODE": x.example_iban,
             "US_SSN": x.bad_ssn}[value.family]()
    d.w(f"customer_id,email,{column},country,created_at\n", str(x.rng.randrange(10000, 99999)), ",", x.email(), ",", value, ",",
        x.pick("DE", "BR", "IN", "SE"), ",2026-01-0", str(x.rng.randrange(1, 10)), "\n", str(x.rng.randrange(10000, 99999)),
        ",", x.example_email(), ",", decoy, ",US,2026-01-11\n```\n")


@template("data_notebook")
def data_notebook(d: Doc, x: Values) -> None:
    d.w(x.pick("Databricks notebook cell, the mount fails:", "dbt debug says the profile is invalid:",
               "Airflow connection isn't picked up by the DAG:"), "\n\n")
    cred(d, x, ("code", "yaml", "shell", "env"))
    if x.chance(0.35):
        d.w("\nThe job owner in the workspace is ", x.email(x.pick(*ENGINEER_DOMAINS)), ".\n")
    elif x.chance(0.5):
        d.w("\n`df.filter(\"status = 'failed'\").show(1)` prints:\n```\n+--------+--------------------------+\n|order_id|payment_ref               |\n"
            "+--------+--------------------------+\n|", str(x.rng.randrange(10**7, 10**8)), "|", x.sensitive(), "|\n```\n")


@template("answer_data")
def answer_data(d: Doc, x: Values) -> None:
    name, mail = person_email(x)
    d.w("Here are the rows as JSON. I masked the card number as you asked and kept the rest:\n\n```json\n[\n  {\"name\": \"", name,
        "\", \"email\": \"", mail, "\", \"card\": \"", N(f"**** **** **** {x.r('0123456789', 4)}", "masked", "CREDIT_CARD"),
        "\"")
    if x.chance(0.6):
        value = x.sensitive()
        field = {"CREDIT_CARD": "card_on_file", "IBAN_CODE": "iban", "US_SSN": "ssn"}[value.family]
        d.w(f", \"{field}\": \"", value, "\"")
    d.w("}\n]\n```\n")


@negative("data_neg")
def data_neg(d: Doc, x: Values) -> None:
    d.w("Dedupe this export by order_id:\n\n```\norder_id,sku,card,iban,ssn,contact,phone\n", str(x.rng.randrange(10**7, 10**8)),
        ",SKU-", str(x.rng.randrange(1000, 9999)), ",", x.test_card(), ",", x.example_iban(), ",", x.bad_ssn(), ",",
        x.example_email(), ",", x.fict_phone(), "\n", str(x.rng.randrange(10**7, 10**8)), ",SKU-", str(x.rng.randrange(1000, 9999)),
        ",", x.luhn_fail(), ",", x.bad_iban(), ",", x.bad_ssn(), ",", x.example_email(), ",", x.fict_phone(), "\n```\n"
        "The `password` and `token` columns were dropped upstream by ", x.tool(), ".\n")


# --- observability ----------------------------------------------------------------------------------


@template("obs_trace")
def obs_trace(d: Doc, x: Values) -> None:
    d.w(x.pick("What does this stack trace mean?", "Prod worker crashed:", "Sentry grouped these, root cause?"), "\n\n```\n"
        "Traceback (most recent call last):\n  File \"/app/worker/sync.py\", line ", str(x.rng.randrange(20, 600)),
        ", in run\n    conn = connect(settings.DSN)\n")
    kind, (lang, parts) = credential(x, ("log",))
    d.w("RuntimeError: " if lang == "" else "RuntimeError: auth failed\n  locals at failure:\n", *parts)
    if not str(parts[-1]).endswith("\n"):
        d.w("\n")
    d.w("```\n")
    if x.chance(0.4):
        d.w("The request came from ", x.ip(), ".\n")


@template("obs_jsonlog")
def obs_jsonlog(d: Doc, x: Values) -> None:
    d.w(x.pick("Which user is hammering the API? Logs:", "Summarise these structured logs:", "Datadog export:"), "\n\n```json\n",
        "{\"ts\":\"", x.timestamp(), "\",\"level\":\"warn\",\"msg\":\"rate limited\",\"client_ip\":\"", x.ip(),
        "\",\"trace_id\":\"", x.md5(), "\"}\n{\"ts\":\"", x.timestamp(), "\",\"level\":\"error\",\"msg\":\"login failed\",\"user\":\"")
    d.w(x.email() if x.chance(0.7) else x.phone(), "\",\"attempt\":", str(x.rng.randrange(2, 9)), "}\n")
    if x.chance(0.5):
        d.w("{\"ts\":\"", x.timestamp(), "\",\"level\":\"debug\",\"msg\":\"payment payload\",\"body\":{\"amount\":",
            str(x.rng.randrange(5, 900)), ",\"instrument\":\"", x.sensitive(), "\"}}\n")
    d.w("```\n")


@template("obs_http")
def obs_http(d: Doc, x: Values) -> None:
    d.w(x.pick("curl -v output, why 401?", "Verbose output of the failing call:", "Why does the gateway reject this?"), "\n\n```\n")
    kind, (lang, parts) = credential(x, ("http", "shell"))
    if lang == "bash":
        d.w("$ ", *parts)
    if x.chance(0.6):
        d.w("*   Trying ", x.ipv4(private=False), ":443...\n* Connected to api.kestrelpay.io port 443\n")
    if lang == "http":
        d.w("> ", *[p.replace("\n", "\n> ") if isinstance(p, str) else p for p in parts], "\n")
    elif lang != "bash":
        d.w("* request body:\n", *parts)
        d.w("\n" if not str(parts[-1]).endswith("\n") else "")
    d.w("< HTTP/2 401\n< www-authenticate: Bearer error=\"invalid_token\"\n```\n")


@template("answer_obs")
def answer_obs(d: Doc, x: Values) -> None:
    v = inline_cred(d, x, ("http", "log", "shell"))
    d.w("The 401 is caused by the credential sent in the request (`", v, "`): it has expired or was revoked. Since it's now "
        "in this chat and in your logs, rotate it and ")
    d.w(x.pick("scrub the log lines.", "lower the log level for the HTTP client."), "\n")
    if x.chance(0.5):
        d.w("All failing calls come from ", x.ip(), ".\n")


@negative("obs_neg")
def obs_neg(d: Doc, x: Values) -> None:
    d.w("Explain these access logs:\n\n```\n", x.doc_ip(), " - - [12/Mar/2026:10:1", str(x.rng.randrange(0, 10)),
        ":02 +0000] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.30\"\n", x.local_ip(), " - - [12/Mar/2026:10:12:05 +0000] "
        "\"POST /api/token HTTP/1.1\" 401 41 \"-\" \"python-requests/", x.semver(), "\"\n", x.doc_ip(),
        " - - [12/Mar/2026:10:12:09 +0000] \"GET /api/orders?page=2 HTTP/1.1\" 200 5120 trace=", x.md5(), "\n```\n"
        "Header was `Authorization: Bearer ", x.placeholder(), "`; epoch ", x.epoch(), ".\n")


# --- chat with teammates ----------------------------------------------------------------------------


@template("chat_slack")
def chat_slack(d: Doc, x: Values) -> None:
    a, b = x.first(lower=x.chance(0.3)), x.first(lower=x.chance(0.3))
    h1, h2 = x.rng.randrange(8, 18), x.rng.randrange(10, 59)
    d.w("Summarise this thread for the incident doc:\n\n", a, f"  {h1}:{h2:02d}\nstaging deploy is failing again\n", b,
        f"  {h1}:{h2 + 1:02d}\n")
    cred(d, x, ("prose", "env", "shell"), fence=False)
    d.w("\n:eyes: 1  :white_check_mark: 2\n")


@template("chat_handoff")
def chat_handoff(d: Doc, x: Values) -> None:
    d.w("Turn these on-call handoff notes into a checklist:\n\n- Primary this week: ", x.name(), " (", x.phone(), ")\n")
    if x.chance(0.3):
        d.w("- Secondary: ", x.name(), "\n")
    d.w("- ", x.tool(), " alert on disk pressure is noisy, ignore\n- ")
    if x.chance(0.6):
        cred(d, x, ("prose",), fence=False)
        d.w("\n")
    elif x.chance(0.5):
        d.w("blocked ", x.ip(), " at the WAF after the scraping\n")
    else:
        d.w("refund still pending for the customer who called, paid with ", x.sensitive(), "\n")


@template("chat_incident")
def chat_incident(d: Doc, x: Values) -> None:
    hour = x.rng.randrange(9, 21)
    d.w("Write a post-mortem from this timeline:\n\n", f"{hour}:02 ", x.first(), " paged by ", x.tool(), " (5xx > 4%)\n",
        f"{hour}:09 traffic spike from ", x.ip(), "\n")
    if x.chance(0.6):
        d.w(f"{hour}:15 leaked key found in the repo: ")
        kind, (lang, parts) = credential(x, ("prose", "env"))
        d.w(*[p.rstrip("\n") if isinstance(p, str) else p for p in parts], "\n")
    d.w(f"{hour}:40 mitigated, error rate back to normal\n")


@template("answer_chat")
def answer_chat(d: Doc, x: Values) -> None:
    d.w("**Incident summary**\n\n- ", x.name(), " was paged and found that a credential had been committed")
    if x.chance(0.6):
        v = inline_cred(d, x, ("prose", "env"))
        d.w(" (the ", v.kind.replace("_", " "), " `", v, "`)")
    else:
        d.w(" (shown as ", x.masked(), " in the CI logs)")
    d.w(".\n- It was rotated and the old one revoked.\n- Follow-up: enable push protection.\n")


@negative("chat_neg")
def chat_neg(d: Doc, x: Values) -> None:
    d.w("Reply to this thread politely:\n\n", x.bot(), ": Bumps axios from ", x.semver(), " to ", x.semver(), "\n",
        "@oncall-platform: can someone tell me why the token budget check fails? ", x.tool(), " says the key rotation job "
        "passed, and the password policy needs 14 characters now.\n", x.bot(), ": Quality gate passed on ", x.short_sha(), "\n"
        "@sre-leads: use ", x.placeholder(), " in the runbook, never the real secret; ", x.tool(), " and ", x.tool(),
        " dashboards are linked.\n")


__all__ = ["CREDENTIAL", "KINDS", "NEGATIVE", "REGISTRY"]
