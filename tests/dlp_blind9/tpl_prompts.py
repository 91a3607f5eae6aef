"""Prompts, part one: shell sessions and history, PowerShell, HTTP dumps, config files, CI/IaC, code."""

from __future__ import annotations

from tests.dlp_eval.corpus import N, V

from .build import Doc, template
from .tpl_common import DB_USERS, HOSTS, SHELL_PW, auth_header, conn_string, neg_tail, url_with_pw
from .values import Values

# --- shell -------------------------------------------------------------------------------------


@template("shell_history", 3.0)
def shell_history(d: Doc, x: Values) -> None:
    r = x.r
    name, tok = x.token()
    d.w(r.choice(("why does this fail? here's my history:\n", "output of `history | tail`:\n", "")), "```\n",
        f" {r.randrange(400, 999)}  cd ~/src/{r.choice(('orders-api', 'infra', 'ml-pipeline'))}\n",
        f" {r.randrange(1000, 1200)}  export {name}=", tok, "\n",
        f" {r.randrange(1200, 1300)}  ", r.choice(("./deploy.sh staging", "make release", "npm publish", "terraform plan")), "\n",
        "```\n", r.choice(("it says unauthorized even though the token is fresh", "the last command hangs forever", "any idea?")))


@template("shell_mysql", 1.0)
def shell_mysql(d: Doc, x: Values) -> None:
    r = x.r
    pw = x.pw("password_cli", SHELL_PW)
    host = r.choice(HOSTS[:4])
    if r.random() < 0.5:
        d.w("$ mysql -h ", host, f" -u {r.choice(DB_USERS)} -p", pw, " crm -e 'select count(*) from customers'\n",
            "ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed\n", "how do I fix the SSL thing")
    else:
        ip = x.ip()
        d.w("mysql --host=", ip, f" --user={r.choice(DB_USERS)} --password='", pw, "' --ssl-mode=REQUIRED\n",
            "ERROR 1045 (28000): Access denied for user\n\nthe user exists, I checked in the portal")


@template("shell_psql", 1.0)
def shell_psql(d: Doc, x: Values) -> None:
    r = x.r
    if r.random() < 0.5:
        pw = x.pw("password_kv", SHELL_PW)
        d.w("PGPASSWORD='", pw, f"' psql -h {HOSTS[0]} -U {r.choice(DB_USERS)} -d orders -c '\\dt'\n",
            "psql: error: connection to server failed: FATAL:  no pg_hba.conf entry for host \"", x.ip(), "\"\n")
    else:
        a, pw, b = url_with_pw(x)
        d.w("psql \"", a, pw, b, "\"\n", "-> psql: error: SCRAM authentication requires libpq version 10 or above\n",
            "I'm on a mac with brew postgres 9.6")


@template("shell_az_login", 1.0)
def shell_az_login(d: Doc, x: Values) -> None:
    r = x.r
    if r.random() < 0.55:
        pw = x.pw("password_cli", SHELL_PW)
        d.w("az login --service-principal -u ", x.guid(), " --password ", pw, " --tenant ", N(x.guid(), "guid", "azure_openai_key"),
            "\n\nAADSTS7000215: Invalid client secret provided. what does this mean")
    else:
        sec = x.cred("entra_client_secret")
        d.w("az login --service-principal --username ", N(x.guid(), "guid", "azure_openai_key"), " --password='", sec,
            "' --tenant brightlane.onmicrosoft.com\naz account set -s ", N(x.guid(), "guid", "azure_openai_key"), "\n",
            "works locally, fails in the pipeline with AADSTS700016")


@template("shell_docker_login", 1.0)
def shell_docker_login(d: Doc, x: Values) -> None:
    r = x.r
    if r.random() < 0.5:
        pw = x.pw("password_cli", SHELL_PW)
        d.w("docker login acrbrightlane.azurecr.io -u acrbrightlane -p ", pw, "\n",
            "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\nError response from daemon: Get \"https://acrbrightlane.azurecr.io/v2/\": unauthorized\n")
    else:
        tok = x.cred("github_token")
        d.w("echo ", tok, " | docker login ghcr.io -u ", N(r.choice(("git", "kubectl")), "code_word", "PERSON"), "-bot --password-stdin\n",
            "denied: permission_denied: The token provided does not match expected scopes.")


@template("shell_kubectl_secret", 1.1)
def shell_kubectl_secret(d: Doc, x: Values) -> None:
    r = x.r
    pw = x.pw("password_cli", SHELL_PW)
    d.w("kubectl create secret generic orders-db -n ", r.choice(("prod", "staging", "orders")),
        " \\\n  --from-literal=username=", r.choice(DB_USERS), " \\\n  --from-literal=password=", pw)
    if r.random() < 0.5:
        name, tok = x.token(("sendgrid_key", "stripe_key", "twilio_key", "mailgun_key", "openai_key", "anthropic_key"))
        d.w(" \\\n  --from-literal=", name.lower().replace("_", "-"), "=", tok)
    d.w("\n\nthe pod still gets CreateContainerConfigError, ", N("kubectl", "code_word", "PERSON"), " describe shows nothing useful")


@template("shell_curl", 1.5)
def shell_curl(d: Doc, x: Values) -> None:
    r = x.r
    head, tok = auth_header(x)
    host = r.choice(("api.brightlane-logistics.com/v2/shipments", "orders-api.internal/v1/orders?status=open",
                     "graph.microsoft.com/v1.0/me", "api.github.com/user", "huggingface.co/api/whoami-v2"))
    q = r.choice(("'", '"'))
    d.w("curl -sS -X GET https://", host, " \\\n  -H ", q, head, tok, q, " \\\n  -H 'Accept: application/json' | jq .\n\n",
        r.choice(("returns 401 but postman works with the same token??", "works from my laptop, not from the build agent",
                  "why is the response empty")))
    d.w(*neg_tail(x))


@template("shell_curl_aoai", 1.0)
def shell_curl_aoai(d: Doc, x: Values) -> None:
    r = x.r
    key = x.cred("azure_openai_key")
    res = r.choice(("aoai-brightlane-weu", "oai-hanse-prod", "openai-kestrel-swc"))
    d.w("curl https://", res, ".openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21 \\\n",
        "  -H \"Content-Type: application/json\" \\\n  -H \"", r.choice(("api-key", "Api-Key", "API-KEY")), ": ", key, "\" \\\n",
        "  -d '{\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}'\n\n",
        "{\"error\":{\"code\":\"DeploymentNotFound\"}} — but the deployment is right there in ", N("AzureOpenAI", "code_word", "PERSON"), " studio")


@template("shell_session_ssh", 1.0)
def shell_session_ssh(d: Doc, x: Values) -> None:
    r = x.r
    ip = x.ip()
    user = r.choice(("azureuser", "ubuntu", "deploy"))
    d.w(f"{user}@bastion:~$ ssh -i ~/.ssh/id_ed25519 {user}@", ip, "\n",
        "ssh: connect to host ", ip, " port 22: Connection timed out\n",
        f"{user}@bastion:~$ nc -vz ", x.ip(), " 5432\nConnection refused\n\nNSG allows 22 from the bastion subnet, what else can block it?")


@template("shell_git_remote", 0.9)
def shell_git_remote(d: Doc, x: Values) -> None:
    r = x.r
    kind = x.pick(("github_token", "gitlab_token", "azure_devops_pat"))
    tok = x.cred(kind)
    host = {"github_token": "github.com/brightlane/orders-api.git", "gitlab_token": "gitlab.com/hanse/infra.git",
            "azure_devops_pat": "dev.azure.com/kestrel/Platform/_git/platform"}[kind]
    user = "oauth2" if kind == "gitlab_token" else r.choice(("x-access-token", "build", "pat"))
    d.w("$ git remote -v\norigin\thttps://", user, ":", tok, "@", host, " (fetch)\n",
        "$ ", N("git", "code_word", "PERSON"), " push\nremote: Support for password authentication was removed.\nfatal: Authentication failed\n")


@template("shell_npmrc_pypirc", 1.0)
def shell_npmrc(d: Doc, x: Values) -> None:
    r = x.r
    if r.random() < 0.5:
        tok = x.cred("npm_token")
        d.w("my ~/.npmrc:\n\n//registry.npmjs.org/:_authToken=", tok, "\n@brightlane:registry=https://npm.pkg.github.com\n\n",
            "npm ERR! 404 Not Found - PUT https://registry.npmjs.org/@brightlane%2fui-kit")
    else:
        tok = x.cred("pypi_token")
        d.w("[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ", tok,
            "\n\ntwine upload dist/* -> 403 Invalid or non-existent authentication information")


# --- PowerShell --------------------------------------------------------------------------------


@template("ps_securestring", 1.2)
def ps_securestring(d: Doc, x: Values) -> None:
    r = x.r
    pw = x.pw("password_ctor", "#%-_.!")
    user = r.choice(("BRIGHTLANE\\svc-backup", "svc_sql@brightlane-logistics.com", "HANSE\\adm-schoeller"))
    if "@" in user:
        user = user.split("@")[0] + "@"
        d.w("$secpw = ConvertTo-SecureString \"", pw, "\" -AsPlainText -Force\n$cred = New-Object System.Management.Automation.PSCredential (\"",
            x.email(), "\", $secpw)\n")
    else:
        d.w("$secpw = ConvertTo-SecureString '", pw, "' -AsPlainText -Force\n$cred = [pscredential]::new('", user, "', $secpw)\n")
    d.w("Invoke-Command -ComputerName ", r.choice(("SRV-FS01", "sql-backup-02")), " -Credential $cred -ScriptBlock { Get-Service MSSQLSERVER }\n\n",
        "-> WinRM cannot process the request. Kerberos error 0x80090322. Help?")


@template("ps_env", 2.0)
def ps_env(d: Doc, x: Values) -> None:
    r = x.r
    name, tok = x.token()
    d.w("PS C:\\src\\orders> $env:", name, " = \"", tok, "\"\nPS C:\\src\\orders> dotnet run --project .\\src\\Orders.Api\n",
        "Unhandled exception. System.InvalidOperationException: Unable to resolve service for type 'IKeyProvider'\n")
    if r.random() < 0.4:
        d.w("   at Microsoft.Extensions.DependencyInjection.ServiceProvider.GetRequiredService (assembly ", x.neg("version"), ")\n")


@template("ps_connect", 0.8)
def ps_connect(d: Doc, x: Values) -> None:
    r = x.r
    sec = x.cred("entra_client_secret")
    d.w("$tenant = \"", N(x.guid(), "guid", "azure_openai_key"), "\"\n$appId = \"", N(x.guid(), "guid", "azure_openai_key"), "\"\n",
        "$secret = \"", sec, "\"\n",
        "$body = @{ grant_type='client_credentials'; client_id=$appId; client_secret=$secret; scope='https://graph.microsoft.com/.default' }\n",
        "Invoke-RestMethod -Method Post -Uri \"https://login.microsoftonline.com/$tenant/oauth2/v2.0/token\" -Body $body\n\n",
        r.choice(("gives 401 invalid_client", "why is the token missing roles?")))


# --- HTTP dumps --------------------------------------------------------------------------------


@template("http_request_dump", 1.4)
def http_request_dump(d: Doc, x: Values) -> None:
    head, tok = auth_header(x)
    head = head.replace(" = ", ": ").replace("authorization=", "authorization: ")
    d.w("Raw request from Fiddler:\n\nPOST /api/v1/invoices HTTP/1.1\nHost: billing.brightlane-logistics.com\n", head, tok, "\n",
        "Content-Type: application/json\nX-Request-Id: ", x.neg("guid"), "\nX-Forwarded-For: ", x.ip(), "\n\n",
        "{\"customerId\": ", x.num(), ", \"amount\": 129.90, \"currency\": \"EUR\"}\n\nresponse was 403. the role assignment looks ok")


@template("http_response_dump", 1.0)
def http_response_dump(d: Doc, x: Values) -> None:
    r = x.r
    name, mail = x.person_mail()
    d.w("HTTP/1.1 200 OK\nContent-Type: application/json; charset=utf-8\nx-ms-request-id: ", x.neg("guid"), "\n",
        "Set-Cookie: session=", x.cred("bearer_token"), "; Path=/; HttpOnly; Secure\n\n",
        "{\"id\": ", x.num(), ", \"displayName\": \"", name, "\", \"mail\": \"", mail, "\"")
    if r.random() < 0.5:
        d.w(", \"mobilePhone\": \"", x.phone(), "\"")
    d.w("}\n\nWhy does the SPA not pick up the cookie? Same-site issue?")


@template("http_apim_trace", 0.8)
def http_apim_trace(d: Doc, x: Values) -> None:
    r = x.r
    key = x.cred(x.pick(("azure_openai_key", "azure_ai_key_no_keyword")))
    d.w("APIM trace (inbound):\n  request.headers: {\n    \"Ocp-Apim-Subscription-Key\": \"", key, "\",\n",
        "    \"traceparent\": \"00-", x.neg("md5"), "-", x.hexs(16), "-01\"\n  }\n  backend: https://",
        r.choice(("aoai-weu-01", "aoai-swc-02")), ".openai.azure.com\n  status: 429 Too Many Requests\n\nhow do I make APIM retry on the second backend?")


# --- config files ------------------------------------------------------------------------------


@template("config_dotenv", 4.5)
def config_dotenv(d: Doc, x: Values) -> None:
    r = x.r
    d.w(r.choice(("my .env (the app says missing config):\n\n", ".env.local:\n", "")), "NODE_ENV=production\nPORT=8080\n")
    n = r.choice((1, 1, 2))
    for _ in range(n):
        name, tok = x.token()
        d.w(name, "=", tok, "\n")
    if r.random() < 0.5:
        d.w("DB_HOST=", r.choice(HOSTS[:3]), "\nDB_USER=", r.choice(DB_USERS), "\nDB_PASSWORD=", x.pw("password_kv", "#%-_.+!"), "\n")
    else:
        d.w("DB_PASSWORD=", x.neg("placeholder"), "\n")
    d.w("LOG_LEVEL=debug\n", r.choice(("", "\nwhat's wrong with it?", "\nthe variables don't load in docker")))


@template("config_compose", 1.3)
def config_compose(d: Doc, x: Values) -> None:
    r = x.r
    d.w("docker-compose.yml:\n\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: ", r.choice(DB_USERS), "\n")
    if r.random() < 0.75:
        d.w("      POSTGRES_PASSWORD: ", x.pw("password_yaml", "#%-_.!"), "\n")
    else:
        d.w("      POSTGRES_PASSWORD: ", N("${POSTGRES_PASSWORD}", "placeholder", "password_yaml"), "\n")
    d.w("    ports: [\"5432:5432\"]\n  api:\n    build: .\n    environment:\n      - REDIS_URL=redis://cache:6379\n")
    if r.random() < 0.5:
        name, tok = x.token()
        d.w("      - ", name, "=", tok, "\n")
    d.w("    depends_on: [db]\n\n", r.choice(("api can't reach db on startup", "healthcheck keeps failing, help")))


@template("config_helm_values", 1.1)
def config_helm(d: Doc, x: Values) -> None:
    r = x.r
    d.w("values-prod.yaml\n```yaml\nreplicaCount: 3\nimage:\n  repository: acrbrightlane.azurecr.io/orders-api\n  tag: \"",
        x.neg("build_id"), "\"\nenv:\n  ASPNETCORE_ENVIRONMENT: Production\n")
    if r.random() < 0.6:
        kind = x.pick(("connection_string",))
        _ = kind
        d.w("  ConnectionStrings__Default: \"", conn_string(x), "\"\n")
    d.w("postgresql:\n  auth:\n    username: orders\n    password: ", x.pw("password_yaml", "-_.!%") if r.random() < 0.7 else x.neg("placeholder"), "\n```\n",
        "helm upgrade fails with `YAML parse error on orders/templates/secret.yaml`")


@template("config_k8s_secret", 2.2)
def config_k8s_secret(d: Doc, x: Values) -> None:
    r = x.r
    d.w("apiVersion: v1\nkind: Secret\nmetadata:\n  name: orders-db\ntype: Opaque\ndata:\n  username: ", "b3JkZXJz", "\n  password: ", x.k8s_b64(), "\n")
    if r.random() < 0.5:
        d.w("stringData:\n  password: ", x.pw("password_yaml", "-_.!%"), "\n")
    d.w("\nis it ok to have both data and stringData? which wins?")


@template("config_appsettings", 1.2)
def config_appsettings(d: Doc, x: Values) -> None:
    r = x.r
    d.w("appsettings.Production.json:\n{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } },\n")
    if r.random() < 0.7:
        d.w("  \"ConnectionStrings\": {\n    \"Orders\": \"", conn_string(x), "\"\n  },\n")
    if r.random() < 0.5:
        kind = x.pick(("azure_openai_key", "entra_client_secret", "sendgrid_key", "cosmos_key"))
        field = {"azure_openai_key": "\"AzureOpenAI\": { \"Endpoint\": \"https://aoai-weu.openai.azure.com/\", \"ApiKey\": \"",
                 "entra_client_secret": "\"AzureAd\": { \"ClientId\": \"" + x.guid() + "\", \"ClientSecret\": \"",
                 "sendgrid_key": "\"Email\": { \"Provider\": \"SendGrid\", \"ApiKey\": \"",
                 "cosmos_key": "\"Cosmos\": { \"Endpoint\": \"https://cdb-catalog-prod.documents.azure.com:443/\", \"Key\": \""}[kind]
        d.w("  ", field, x.cred(kind), "\" },\n")
    else:
        d.w("  \"Storage\": { \"ConnectionString\": \"UseDevelopmentStorage=true\", \"Key\": \"", x.neg("azurite"), "\" },\n")
    d.w("  \"AllowedHosts\": \"*\"\n}\n\nthe app ignores the override from Key Vault, why?")


@template("config_ini_and_kv", 1.0)
def config_ini(d: Doc, x: Values) -> None:
    r = x.r
    d.w("[database]\nhost = ", x.ip() if r.random() < 0.5 else r.choice(HOSTS[:3]), "\nport = 5432\nuser = ", r.choice(DB_USERS), "\n")
    if r.random() < 0.8:
        d.w(r.choice(("password = ", "passwd=", "Password: ", "pwd = ")), x.pw("password_kv", "#%-_.!"), "\n")
    else:
        d.w("password = ", x.neg("placeholder"), "\n")
    d.w("\n[smtp]\nserver = smtp.sendgrid.net\nuser = apikey\n")
    if r.random() < 0.4:
        d.w("password = ", x.cred("sendgrid_key"), "\n")
    d.w("\nconfigparser raises InterpolationSyntaxError on this file")


@template("config_terraform", 1.1)
def config_terraform(d: Doc, x: Values) -> None:
    r = x.r
    d.w("terraform.tfvars:\n\nlocation            = \"westeurope\"\nresource_group_name = \"rg-orders-prod\"\n")
    if r.random() < 0.5:
        d.w("sql_admin_login     = \"", r.choice(DB_USERS), "\"\nsql_admin_password  = \"", x.pw("password_kv", "!#%*-_."), "\"\n")
    if r.random() < 0.5:
        d.w("client_secret       = \"", x.cred("entra_client_secret"), "\"\n")
    else:
        d.w("subscription_id     = \"", x.neg("guid"), "\"\n")
    d.w("allowed_ips         = [\"", x.ip(), "\"]\n\n", r.choice(("plan wants to recreate the server every time", "is tfvars ok to commit?")))


@template("config_bicep_params", 0.8)
def config_bicep(d: Doc, x: Values) -> None:
    r = x.r
    d.w("main.parameters.json\n{\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#\",\n",
        "  \"contentVersion\": \"", N("1.0.0.0", "version", "IP_ADDRESS"),
        "\",\n  \"parameters\": {\n    \"adminUsername\": { \"value\": \"azureuser\" },\n")
    if r.random() < 0.7:
        d.w("    \"adminPassword\": { \"value\": \"", x.pw("password_kv", "!#%*-_."), "\" },\n")
    else:
        d.w("    \"adminPassword\": { \"reference\": { \"keyVault\": { \"id\": \"/subscriptions/", x.neg("guid"), "/resourceGroups/rg-kv\" }, \"secretName\": \"vm-admin\" } },\n")
    d.w("    \"storageKey\": { \"value\": \"", x.cred("azure_storage_key") if r.random() < 0.5 else x.neg("azurite"), "\" }\n  }\n}\n",
        "az deployment group create says InvalidTemplate, line 9")


# --- CI ----------------------------------------------------------------------------------------


@template("ci_github_actions", 1.3)
def ci_gha(d: Doc, x: Values) -> None:
    r = x.r
    d.w(".github/workflows/deploy.yml\n\non: [push]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n")
    if r.random() < 0.7:
        name, tok = x.token()
        d.w("      ", name, ": ", tok, "\n")
    d.w("      REGISTRY_PASSWORD: ", N("${{ secrets.ACR_PASSWORD }}", "placeholder", "password_yaml"), "\n    steps:\n",
        "      - uses: actions/checkout@v4\n      - uses: azure/login@v2\n        with:\n          creds: ",
        N("${{ secrets.AZURE_CREDENTIALS }}", "placeholder", "password_yaml"), "\n      - run: ./scripts/deploy.sh\n\n",
        r.choice(("the job can't see the env var in the script step", "why does the login step fail with 'Not all values are present'?")))


@template("ci_azure_pipelines", 1.1)
def ci_ado(d: Doc, x: Values) -> None:
    r = x.r
    d.w("azure-pipelines.yml\n\ntrigger: [main]\npool:\n  vmImage: ubuntu-22.04\nvariables:\n  buildConfiguration: Release\n")
    if r.random() < 0.6:
        d.w("  dbPassword: ", x.pw("password_yaml", "-_.!%"), "\n")
    if r.random() < 0.5:
        d.w("  AZURE_DEVOPS_EXT_PAT: ", x.cred("azure_devops_pat"), "\n")
    else:
        d.w("  sp_secret: ", N("$(ServicePrincipalSecret)", "placeholder", "password_yaml"), "\n")
    d.w("steps:\n- script: az devops configure --defaults organization=https://dev.azure.com/kestrel\n\n",
        "build ", x.neg("build_id"), " failed at the az devops step")


# --- code --------------------------------------------------------------------------------------


@template("code_python_db", 1.2)
def code_python_db(d: Doc, x: Values) -> None:
    r = x.r
    pw = x.pw("password_ctor", "!#%*-_.?")
    lib = r.choice(("psycopg2.connect(", "mysql.connector.connect(", "pymssql.connect(", "pyodbc.connect(server="))
    d.w("```python\nimport ", lib.split(".")[0].split("(")[0], "\n\nconn = ", lib,
        f"host=\"{r.choice(HOSTS[:3])}\", user=\"{r.choice(DB_USERS)}\", password=\"", pw, "\", dbname=\"orders\")\n",
        "cur = conn.cursor()\ncur.execute(\"SELECT * FROM orders WHERE id = %s\", (order_id,))\n```\n",
        r.choice(("this leaks connections under load, how to use a pool?", "TypeError: 'dbname' is an invalid keyword argument")))


@template("code_python_client", 1.6)
def code_python_client(d: Doc, x: Values) -> None:
    r = x.r
    kind = x.pick(("openai_key", "azure_openai_key", "anthropic_key", "huggingface_token", "google_api_key", "slack_token", "stripe_key"))
    tok = x.cred(kind)
    line = {"openai_key": ("from openai import OpenAI\n\nclient = OpenAI(api_key=\"", "\")\n"),
            "azure_openai_key": ("from openai import AzureOpenAI\n\nclient = AzureOpenAI(\n    azure_endpoint=\"https://aoai-weu.openai.azure.com\",\n    api_key=\"", "\",\n    api_version=\"2024-10-21\",\n)\n"),
            "anthropic_key": ("import anthropic\n\nclient = anthropic.Anthropic(api_key=\"", "\")\n"),
            "huggingface_token": ("from huggingface_hub import login\n\nlogin(token=\"", "\")\n"),
            "google_api_key": ("import google.generativeai as genai\n\ngenai.configure(api_key=\"", "\")\n"),
            "slack_token": ("from slack_sdk import WebClient\n\nclient = WebClient(token=\"", "\")\n"),
            "stripe_key": ("import stripe\n\nstripe.api_key = \"", "\"\n")}[kind]
    d.w("```python\n", line[0], tok, line[1], "```\n", r.choice(("getting a 401, the key is fresh from the portal",
                                                               "how do I load this from an env var instead?",
                                                               "rate limit errors after ~20 calls, how do I back off?")))
    if r.random() < 0.3:
        d.w("\nlast response id was ", x.neg("chatcmpl"))


@template("code_jupyter", 1.1)
def code_jupyter(d: Doc, x: Values) -> None:
    r = x.r
    d.w("In [3]:\n")
    if r.random() < 0.6:
        name, tok = x.token(("openai_key", "azure_openai_key", "huggingface_token", "aws_access_key_id", "aws_secret_key", "google_api_key"))
        d.w("import os\nos.environ[\"", name, "\"] = \"", tok, "\"\n\n")
    d.w("In [4]:\ndf = pd.read_csv(\"customers_export.csv\")\ndf.head(3)\n\nOut[4]:\n   customer_id  name                 email                              country\n")
    for i in range(r.choice((1, 2))):
        n, m = x.person_mail()
        d.w(f"{i}  {x.num(10000, 99999)}        ", n, "    ", m, "    ", r.choice(("DE", "ES", "NG", "IN", "BR")), "\n")
    d.w("\nhow do I drop duplicates by email keeping the newest?")


@template("code_csharp", 1.0)
def code_csharp(d: Doc, x: Values) -> None:
    r = x.r
    if r.random() < 0.5:
        pw = x.pw("password_ctor", "!#%*-_.")
        d.w("var client = new SmtpClient(\"smtp.office365.com\", 587)\n{\n    EnableSsl = true,\n    Credentials = new NetworkCredential(\"",
            x.email(), "\", \"", pw, "\")\n};\nawait client.SendMailAsync(msg);\n\n// 5.7.3 Authentication unsuccessful")
    else:
        cs = conn_string(x)
        d.w("services.AddDbContext<OrdersDb>(o => o.UseSqlServer(\n    \"", cs, "\"));\n\n",
            "Microsoft.Data.SqlClient.SqlException (0x80131904): Login failed for user. any hints?")


@template("code_node", 1.0)
def code_node(d: Doc, x: Values) -> None:
    r = x.r
    kind = x.pick(("sendgrid_key", "twilio_key", "mailgun_key", "stripe_key", "slack_webhook"))
    tok = x.cred(kind)
    if kind == "slack_webhook":
        d.w("const WEBHOOK = '", tok, "';\nawait fetch(WEBHOOK, { method: 'POST', body: JSON.stringify({ text: msg }) });\n")
    elif kind == "twilio_key":
        d.w("const client = require('twilio')('", tok, "', process.env.TWILIO_API_SECRET, { accountSid: 'AC", x.hexs(32), "' });\n",
            "await client.messages.create({ to: '", x.phone(), "', from: '", V("+4915735998812", "PHONE_NUMBER", "PHONE_NUMBER"), "', body: 'Your code is 448210' });\n")
    else:
        d.w("// mailer.js\nconst apiKey = '", tok, "';\n")
    d.w("\n", r.choice(("works locally but on App Service it throws ECONNRESET", "how should I store this securely?")))


@template("code_private_key", 1.4)
def code_private_key(d: Doc, x: Values) -> None:
    r = x.r
    if r.random() < 0.5:
        d.w("Here's the key from the vault export, the service account JSON:\n{\n  \"type\": \"service_account\",\n  \"private_key_id\": \"",
            x.neg("commit_sha"), "\",\n  \"private_key\": \"", x.pkey(escaped=True), "\\n\",\n  \"client_email\": \"",
            V("etl-runner@brightlane-prod.iam.gserviceaccount.com", "EMAIL_ADDRESS", "EMAIL_ADDRESS"), "\"\n}\n",
            "google.auth.exceptions.RefreshError: invalid_grant")
    else:
        d.w("cat deploy_key\n", x.pkey(), "\n\nLoad key \"deploy_key\": invalid format — is this an openssh or pem key?")


@template("code_aws", 1.0)
def code_aws(d: Doc, x: Values) -> None:
    r = x.r
    d.w("~/.aws/credentials\n[default]\naws_access_key_id = ")
    if r.random() < 0.8:
        d.w(x.cred("aws_access_key_id"), "\naws_secret_access_key = ", x.cred("aws_secret_key"), "\n")
    else:
        d.w(N("AKIAIOSFODNN7EXAMPLE", "aws_example", "aws_access_key_id"),
            "\naws_secret_access_key = ", N("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_example", "aws_secret_key"), "\n")
    d.w("region = eu-central-1\n\naws s3 ls -> An error occurred (InvalidAccessKeyId)")


@template("code_sql_literals", 1.2)
def code_sql(d: Doc, x: Values) -> None:
    r = x.r
    n, m = x.person_mail()
    d.w("-- why does this insert fail with a unique violation?\nINSERT INTO customers (id, full_name, email, phone, iban)\nVALUES (",
        x.num(), ", '", n, "', '", m, "', '", x.phone(), "', ")
    d.w(x.iban() if r.random() < 0.6 else x.neg("example_iban"), ");\n")
    if r.random() < 0.4:
        d.w("UPDATE employees SET ssn = '", x.ssn("-"), "' WHERE emp_no = ", x.num(), ";\n")
    d.w("-- GL posting: ", x.neg("gl_account"), "\n")


@template("code_sql_result", 0.9)
def code_sql_result(d: Doc, x: Values) -> None:
    r = x.r
    d.w("SELECT emp_id, name, ssn, hire_date FROM hr.employees WHERE dept = 'FIN';\n\n emp_id | name               | ssn         | hire_date\n",
        "--------+--------------------+-------------+-----------\n")
    for _ in range(r.choice((1, 2))):
        d.w(f"  {x.num(1000, 9999)}  | ", x.name(), " | ", x.ssn(r.choice(("-", "-", ""))), " | 2019-0", str(r.randrange(1, 10)), "-1", str(r.randrange(0, 9)), "\n")
    d.w(f"  {x.num(1000, 9999)}  | (pending)          | ", x.neg("bad_ssn"), " | 2025-11-03\n\nhow do I mask the ssn column in a view?")
