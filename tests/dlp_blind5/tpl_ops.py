"""Operations text: shell history and terminal sessions, cloud CLI output, git diffs and commit messages,
XML configuration, dot-files, CI variable dumps, Ansible/Helm values, Kafka and broker settings, database
URLs, curl -v / HAR transcripts, and tracebacks with their locals."""

from __future__ import annotations

from tests.dlp_blind5.build import Doc, template
from tests.dlp_blind5.values import Values
from tests.dlp_eval.templates import Neg


@template("shell_history", weight=3)
def shell_history(v: Values, d: Doc) -> None:
    d.add("my ~/.bash_history from the jump box, what did I break?\n\n")
    n = 1
    lines = [
        lambda: ("export AWS_ACCESS_KEY_ID=", v.aws_key_id()),
        lambda: ("export AWS_SECRET_ACCESS_KEY=", v.aws_secret()),
        lambda: ("mysql -h db-payroll.internal -u etl_user -p", v.pw("password_cli"), " payroll"),
        lambda: ("ssh deploy@", v.ipv4(), " -i ~/.ssh/id_ed25519"),
        lambda: ("git clone https://oauth2:", v.gitlab_token(), "@gitlab.fabrikam.de/platform/infra.git"),
        lambda: ("curl -H 'Authorization: token ", v.github_token(), "' https://api.github.com/user/repos"),
        lambda: ("sqlcmd -S sql-crm.database.windows.net -U app_rw -P '", v.pw("password_cli"), "' -Q 'select 1'"),
        lambda: ("docker login registry.fabrikam.io -u ci --password ", v.pw("password_cli")),
        lambda: ("ping -c 3 ", v.ip()),
        lambda: ("git checkout ", v.short_sha()),
        lambda: ("export OPENAI_API_KEY=", v.openai_key()),
        lambda: ("export HF_TOKEN=", v.hf_token()),
        lambda: ("pip install torch==", v.version4()),
        lambda: ("echo ", v.placeholder(), " | docker login --password-stdin"),
        lambda: ("az login --service-principal -u ", v.guid("client_id"), " -p ", v.entra_secret(), " --tenant ",
                 v.guid("tenant_id")),
        lambda: ("redis-cli -h ", v.ipv4(True), " -a ", v.pw("password_cli"), " FLUSHALL"),
    ]
    for _ in range(v.rng.randint(5, 9)):
        d.add(f"  {500 + n}  ", *v.pick(lines)(), "\n")
        n += v.rng.randint(1, 4)


@template("terminal_session", weight=3)
def terminal(v: Values, d: Doc) -> None:
    host = v.ipv4(True)
    d.add("$ ssh admin@", host, "\nadmin@", host, "'s password: \nLast login: Mon Dec  7 01:12:09 2026 from ",
          v.ipv4(), "\n$ sudo cat /etc/app/secrets.env\nDB_PASSWORD=", v.pw("password_kv"), "\nSTRIPE_SECRET_KEY=",
          v.stripe_key(), "\nSENDGRID_API_KEY=", v.sendgrid_key(), "\nSENTRY_RELEASE=", v.version4(), "\n$ psql \"",
          v.db_url("postgresql"), "\"\npsql: error: connection to server failed: timeout\n\nWhy can't I reach the database?")


@template("aws_cli_output", weight=3)
def aws_cli(v: Values, d: Doc) -> None:
    d.add("$ aws iam create-access-key --user-name ci-deployer\n{\n    \"AccessKey\": {\n        \"UserName\": \"ci-deployer\",\n"
          "        \"AccessKeyId\": \"", v.aws_key_id(), "\",\n        \"Status\": \"Active\",\n        \"SecretAccessKey\": \"",
          v.aws_secret(), "\",\n        \"CreateDate\": \"", v.timestamp(), "\"\n    }\n}\n$ aws configure list\n"
          "      Name                    Value             Type    Location\n      ----                    -----             ----    --------\n"
          "   profile                <not set>             None    None\naccess_key     ", v.masked("aws_access_key_id"),
          " shared-credentials-file\n$ aws ec2 describe-instances --query 'Reservations[].Instances[].PrivateIpAddress'\n[\n    \"",
          v.ipv4(True), "\",\n    \"", v.ipv4(True), "\"\n]\n\nIs it OK to put these in the GitLab variables?")


@template("az_cli_output", weight=3)
def az_cli(v: Values, d: Doc) -> None:
    which = v.rng.randint(0, 2)
    if which == 0:
        d.add("$ az ad sp create-for-rbac --name gh-deployer --role contributor --scopes /subscriptions/", v.guid("subscription_id"),
              "\n{\n  \"appId\": \"", v.guid("client_id"), "\",\n  \"displayName\": \"gh-deployer\",\n  \"password\": \"",
              v.entra_secret(), "\",\n  \"tenant\": \"", v.guid("tenant_id"), "\"\n}\n\nHow do I put this in a GitHub secret?")
    elif which == 1:
        d.add("$ az storage account keys list -g rg-data -n stfabrikamdata -o json\n[\n  {\n    \"creationTime\": \"", v.timestamp(),
              "\",\n    \"keyName\": \"key1\",\n    \"permissions\": \"FULL\",\n    \"value\": \"", v.azure_storage_key(),
              "\"\n  },\n  {\n    \"keyName\": \"key2\",\n    \"permissions\": \"FULL\",\n    \"value\": \"", v.azure_storage_key(),
              "\"\n  }\n]\n$ az cognitiveservices account keys list -g rg-ai -n aoai-weu\n{\n  \"key1\": \"", v.azure_openai_key(),
              "\",\n  \"key2\": \"", v.azure_openai_key(), "\"\n}\n")
    else:
        d.add("$ az cosmosdb keys list -g rg-crm -n cosmos-crm --type keys\n{\n  \"primaryMasterKey\": \"", v.cosmos_key(),
              "\",\n  \"primaryReadonlyMasterKey\": \"", v.cosmos_key(), "\"\n}\n$ az network nic show ... --query ipConfigurations[0]\n"
              "{ \"privateIPAddress\": \"", v.ipv4(True), "\", \"publicIPAddress\": \"", v.ipv4(False), "\" }\n$ az account show\n"
              "{ \"id\": \"", v.guid("subscription_id"), "\", \"tenantId\": \"", v.guid("tenant_id"), "\", \"user\": {\"name\": \"",
              v.email(), "\"} }\n")


@template("kubectl_output", weight=3)
def kubectl(v: Values, d: Doc) -> None:
    d.add("$ kubectl get secret app-secrets -n payments -o yaml\napiVersion: v1\ndata:\n  DB_PASSWORD: ", v.k8s_b64(),
          "\n  REDIS_PASSWORD: ", v.k8s_b64(), "\n  TLS_FINGERPRINT: ", v.base64_blob(), "\nkind: Secret\nmetadata:\n"
          "  name: app-secrets\n  uid: ", v.guid("k8s_uid"), "\n  resourceVersion: \"", v.order_no(), "\"\ntype: Opaque\n"
          "$ kubectl get pods -o wide\nNAME                        READY   STATUS    IP            NODE\n"
          "payments-api-7d9f8c-x2kq   1/1     Running   ", v.ipv4(True), "   aks-nodepool1-", v.digits(8), "-vmss000002\n"
          "$ kubectl describe pod payments-api-7d9f8c-x2kq | grep -i image\n    Image ID: docker.io/library/payments@",
          v.image_digest(), "\n\nthe pod can't connect to redis, can you see why?")


@template("gcloud_output", weight=1)
def gcloud(v: Values, d: Doc) -> None:
    d.add("$ gcloud compute instances list\nNAME        ZONE            MACHINE_TYPE   INTERNAL_IP    EXTERNAL_IP     STATUS\n"
          "web-1       europe-west3-a  e2-medium      ", v.ipv4(True), "     ", v.ipv4(False), "   RUNNING\n"
          "$ gcloud services api-keys get-key-string projects/", Neg(v.digits(12), "project_number", "PHONE_NUMBER"), "/locations/global/keys/", v.guid("key_uid"),
          "\nkeyString: ", v.google_api_key(), "\n\nRestrict this key to the Maps API only, how?")


@template("git_diff_config", weight=3)
def git_diff(v: Values, d: Doc) -> None:
    d.add("Reviewing this PR, is it safe to merge?\n\ndiff --git a/config/appsettings.Production.json b/config/appsettings.Production.json\n"
          "index ", v.short_sha(), "..", v.short_sha(), " 100644\n--- a/config/appsettings.Production.json\n"
          "+++ b/config/appsettings.Production.json\n@@ -4,9 +4,9 @@\n   \"AzureOpenAI\": {\n     \"Endpoint\": "
          "\"https://aoai-fabrikam-weu.openai.azure.com/\",\n-    \"ApiKey\": \"", v.placeholder(), "\",\n+    \"ApiKey\": \"",
          v.azure_openai_key(), "\",\n     \"Deployment\": \"gpt-4o\"\n   },\n   \"ConnectionStrings\": {\n-    \"Storage\": "
          "\"UseDevelopmentStorage=true\",\n+    \"Storage\": \"", v.storage_conn(), "\",\n+    \"Bus\": \"", v.servicebus_conn(),
          "\"\n   },\n-  \"BuildVersion\": \"", v.version4(), "\"\n+  \"BuildVersion\": \"", v.version4(), "\"\n")


@template("git_diff_code", weight=2)
def git_diff_code(v: Values, d: Doc) -> None:
    d.add("--- a/scripts/notify.py\n+++ b/scripts/notify.py\n@@ -1,7 +1,8 @@\n import requests\n-SLACK_WEBHOOK = os.environ[\"SLACK_WEBHOOK\"]\n"
          "+SLACK_WEBHOOK = \"", v.slack_webhook(), "\"\n+MAILGUN_KEY = \"", v.mailgun_key(), "\"\n-TWILIO_TOKEN = os.environ[\"TWILIO\"]\n"
          "+TWILIO_AUTH_TOKEN = \"", v.twilio_key(), "\"\n ON_CALL = \"", v.phone(), "\"\n # tracked in ", v.invoice(), "\n\n"
          "Write a commit message for this diff.")


@template("commit_message", completion=True, weight=2)
def commit_message(v: Values, d: Doc) -> None:
    d.add("Here's a commit message:\n\n```\nfix(ci): rotate leaked deploy token\n\nThe token ", v.gitlab_token(),
          " was committed in ", v.short_sha(), " and has been revoked. Replaced by a masked CI variable\n"
          "(", v.placeholder(), "). Reported by ", v.person(), " <", v.email(), ">.\n\nRefs: ", v.invoice(), "\n```\n")


@template("web_config", weight=3)
def web_config(v: Values, d: Doc) -> None:
    d.add("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <connectionStrings>\n    <add name=\"CrmDb\" "
          "connectionString=\"", v.sql_conn(), "\" providerName=\"System.Data.SqlClient\" />\n    <add name=\"Blob\" "
          "connectionString=\"", v.storage_conn(), "\" />\n  </connectionStrings>\n  <appSettings>\n    <add key=\"SmtpPassword\" "
          "value=\"", v.pw("password_kv"), "\" />\n    <add key=\"CognitiveKey\" value=\"", v.azure_openai_key(), "\" />\n"
          "    <add key=\"ClientId\" value=\"", v.guid("client_id"), "\" />\n    <add key=\"AssemblyVersion\" value=\"", v.version4(),
          "\" />\n    <add key=\"AdminContact\" value=\"", v.email(), "\" />\n  </appSettings>\n</configuration>\n\n"
          "IIS throws 500.19 after deploying this web.config.")


@template("maven_settings_xml", weight=2)
def maven_settings(v: Values, d: Doc) -> None:
    d.add("~/.m2/settings.xml\n<settings>\n  <servers>\n    <server>\n      <id>fabrikam-releases</id>\n      <username>",
          v.pick(["deployer", "ci-bot", "jenkins"]), "</username>\n      <password>", v.pw("password_kv"),
          "</password>\n    </server>\n    <server>\n      <id>github</id>\n      <username>x-access-token</username>\n"
          "      <password>", v.github_token(), "</password>\n    </server>\n    <server>\n      <id>ado-feed</id>\n"
          "      <username>any</username>\n      <password>", v.azure_devops_pat(), "</password>\n    </server>\n"
          "    <server>\n      <id>template</id>\n      <password>", v.placeholder(), "</password>\n    </server>\n"
          "  </servers>\n</settings>\n\nmvn deploy returns 401 for the ADO feed.")


@template("pom_xml", weight=1)
def pom_xml(v: Values, d: Doc) -> None:
    d.add("<project>\n  <groupId>com.fabrikam</groupId>\n  <artifactId>billing</artifactId>\n  <version>", v.version4(),
          "</version>\n  <properties>\n    <git.commit.id>", v.sha1(), "</git.commit.id>\n    <db.password>",
          v.pw("password_kv"), "</db.password>\n    <db.url>", v.db_url("sqlserver-jdbc"), "</db.url>\n  </properties>\n"
          "  <developers><developer><name>", v.person(), "</name><email>", v.email(), "</email></developer></developers>\n"
          "</project>\n")


@template("dotfiles", weight=4)
def dotfiles(v: Values, d: Doc) -> None:
    which = v.rng.randint(0, 4)
    if which == 0:
        d.add("~/.pypirc\n[distutils]\nindex-servers =\n    pypi\n    internal\n\n[pypi]\nusername = __token__\npassword = ",
              v.pypi_token(), "\n\n[internal]\nrepository = https://pkgs.dev.azure.com/fabrikam/_packaging/feed/pypi/upload/\n"
              "username = build\npassword = ", v.azure_devops_pat(), "\n\ntwine says 403 for the internal feed")
    elif which == 1:
        d.add("# .npmrc\nregistry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=", v.npm_token(),
              "\n@fabrikam:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=", v.github_token(),
              "\n//pkgs.dev.azure.com/fabrikam/_packaging/web/npm/registry/:_password=", v.k8s_b64(),
              "\nalways-auth=true\n\nnpm ci fails with E401")
    elif which == 2:
        d.add("~/.netrc\nmachine api.heroku.com\n  login ", v.email(), "\n  password ", v.pw("password_kv"),
              "\nmachine github.com\n  login ci-bot\n  password ", v.github_token(), "\nmachine artifactory.fabrikam.de\n"
              "  login svc_build\n  password ", v.pw("password_kv"), "\n")
    elif which == 3:
        d.add("cat ~/.git-credentials\nhttps://ci-bot:", v.github_token(), "@github.com\nhttps://oauth2:", v.gitlab_token(),
              "@gitlab.fabrikam.de\nhttps://build:", v.azure_devops_pat(), "@pkgs.dev.azure.com\nhttps://",
              v.pick(["jdoe", "build-svc", "mkt_bot"]), ":", v.pw("password_url"), "@bitbucket.org\n\ngit keeps asking for my password anyway")
    else:
        d.add("# /etc/pip.conf\n[global]\nindex-url = https://build:", v.azure_devops_pat(),
              "@pkgs.dev.azure.com/fabrikam/_packaging/feed/pypi/simple/\n"
              "extra-index-url = https://pypi.org/simple\ntrusted-host = ", v.ipv4(True), "\ntimeout = 60\n")


@template("ci_variable_dump", weight=3)
def ci_dump(v: Values, d: Doc) -> None:
    which = v.rng.randint(0, 2)
    if which == 0:
        d.add("Jenkins console, 'printenv' step of the build (sorted):\nBUILD_ID=", v.build_id(), "\nBUILD_URL=https://jenkins."
              "fabrikam.de/job/billing/", str(v.rng.randint(100, 999)), "/\nDOCKERHUB_PASSWORD=", v.pw("password_kv"),
              "\nGIT_COMMIT=", v.sha1(), "\nHUDSON_COOKIE=", v.guid("cookie"), "\nNODE_NAME=agent-", str(v.rng.randint(1, 9)),
              "\nNPM_TOKEN=", v.npm_token(), "\nSONAR_TOKEN=", v.pick([v.placeholder(), v.masked("CREDENTIAL")]),
              "\nSLACK_BOT_TOKEN=", v.slack_token(), "\nSLACK_WEBHOOK_URL=", v.slack_webhook(), "\nWORKSPACE=/var/lib/jenkins/workspace/billing\n")
    elif which == 1:
        d.add("GitLab CI job log:\n$ env | grep -E 'CI_|DEPLOY|TOKEN'\nCI_COMMIT_SHA=", v.sha1(), "\nCI_JOB_ID=", v.order_no(),
              "\nCI_JOB_TOKEN=[MASKED]\nCI_REGISTRY_PASSWORD=[MASKED]\nDEPLOY_TOKEN=", v.gitlab_token(), "\nHF_TOKEN=", v.hf_token(),
              "\nANTHROPIC_API_KEY=", v.anthropic_key(), "\nCI_PIPELINE_CREATED_AT=", v.timestamp(), "\n\nwhy is DEPLOY_TOKEN "
              "not masked?")
    else:
        d.add("Azure Pipelines log, task 'Show variables':\n2026-12-06T22:14:09.1234567Z AGENT_VERSION=", v.version4(),
              "\n2026-12-06T22:14:09.1234567Z BUILD_BUILDID=", v.order_no(), "\n2026-12-06T22:14:09.1234567Z SYSTEM_ACCESSTOKEN=***"
              "\n2026-12-06T22:14:09.1234567Z AZURE_OPENAI_API_KEY=", v.azure_openai_key(), "\n2026-12-06T22:14:09.1234567Z "
              "ARM_CLIENT_SECRET=", v.entra_secret(), "\n2026-12-06T22:14:09.1234567Z ARM_TENANT_ID=", v.guid("tenant_id"),
              "\n2026-12-06T22:14:09.1234567Z SAS=", v.sas_token(), "\n")


@template("ansible_helm_values", weight=3)
def ansible_helm(v: Values, d: Doc) -> None:
    if v.rng.random() < 0.5:
        d.add("# group_vars/prod/vars.yml (not yet vaulted!)\npostgres_host: ", v.ipv4(True), "\npostgres_user: app\n"
              "postgres_password: ", v.pw("password_yaml"), "\nsmtp_relay_password: \"", v.pw("password_yaml"),
              "\"\nldap_bind_password: '{{ vault_ldap_password }}'\nadmin_email: ", v.email(), "\nntp_servers:\n  - ",
              v.ip(), "\n  - ", v.ip(), "\napp_version: ", v.version4(), "\n\nHow do I move these into ansible-vault?")
    else:
        d.add("values-prod.yaml\nimage:\n  repository: fabrikam.azurecr.io/crm\n  tag: \"", v.version4(), "\"\n"
              "  digest: ", v.image_digest(), "\nenv:\n  OPENAI_API_KEY: ", v.openai_key(), "\n  REDIS_URL: ", v.db_url("rediss"),
              "\nsecrets:\n  mongoUri: \"", v.db_url("mongodb+srv"), "\"\n  adminPassword: ", v.pw("password_yaml"),
              "\nservice:\n  loadBalancerIP: ", v.ipv4(False), "\n")


@template("kafka_properties", weight=2)
def kafka(v: Values, d: Doc) -> None:
    d.add("client.properties\nbootstrap.servers=pkc-", v.chars("abcdefghijklmnopqrstuvwxyz0123456789", 5),
          ".westeurope.azure.confluent.cloud:9092\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"
          "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"",
          Neg(v.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16), "api_key_id", "aws_access_key_id"), "\" password=\"", v.pw("password_kv"), "\";\n"
          "schema.registry.basic.auth.user.info=", Neg(v.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16), "api_key_id",
          "aws_access_key_id"), ":", v.pw("password_kv"),
          "\nclient.id=billing-consumer-", v.digits(4), "\n\n# Event Hubs variant\nsasl.jaas.config=org.apache.kafka.common."
          "security.plain.PlainLoginModule required username=\"$ConnectionString\" password=\"", v.servicebus_conn(), "\";\n")


@template("db_urls", weight=3)
def db_urls(v: Values, d: Doc) -> None:
    d.add("These are the URLs from our services, which ones are using TLS?\n\n")
    for _ in range(v.rng.randint(3, 5)):
        d.add(v.pick(["- ", "* ", ""]), v.db_url(), "\n")
    d.add(v.pick(["- ", ""]), "odbc: Driver={ODBC Driver 18 for SQL Server};Server=tcp:", v.ipv4(True), ",1433;Uid=report;Pwd=",
          v.pw("password_kv"), ";Encrypt=yes;\n", "- template: postgresql://app:", v.placeholder(), "@localhost:5432/app\n")


@template("curl_verbose", weight=3)
def curl_verbose(v: Values, d: Doc) -> None:
    ip = v.ipv4(False)
    d.add("$ curl -v https://aoai-fabrikam-weu.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01"
          " -H \"api-key: ", v.azure_openai_key(), "\" -d @body.json\n*   Trying ", ip, ":443...\n* Connected to aoai-"
          "fabrikam-weu.openai.azure.com port 443\n> POST /openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01 "
          "HTTP/2\n> user-agent: curl/8.5.0\n> api-key: ", v.masked("azure_openai_key"), "\n< HTTP/2 429\n< x-request-id: ",
          v.guid("request_id"), "\n< apim-request-id: ", v.guid("request_id"), "\n< retry-after: 17\n\nWhy the 429?")


@template("har_entry", weight=2)
def har(v: Values, d: Doc) -> None:
    d.add("Exported from Chrome devtools (HAR), the login request:\n{\n  \"request\": {\n    \"method\": \"POST\",\n    \"url\": "
          "\"https://portal.fabrikam.de/api/session\",\n    \"headers\": [\n      {\"name\": \"authorization\", \"value\": \"Bearer ",
          v.jwt(), "\"},\n      {\"name\": \"x-forwarded-for\", \"value\": \"", v.ipv4(False), "\"},\n      {\"name\": \"traceparent\", "
          "\"value\": \"", v.traceparent(), "\"}\n    ],\n    \"postData\": {\"text\": \"{\\\"username\\\":\\\"", v.email(),
          "\\\",\\\"password\\\":\\\"", v.pw("password_kv"), "\\\"}\"}\n  },\n  \"serverIPAddress\": \"", v.ip(), "\",\n"
          "  \"startedDateTime\": \"", v.timestamp(), "\"\n}\n")


@template("http_client_bearer", weight=2)
def http_bearer(v: Values, d: Doc) -> None:
    d.add("GET /v1.0/me/messages HTTP/1.1\nHost: graph.microsoft.com\nAuthorization: Bearer ", v.bearer(), "\nClient-Request-Id: ",
          v.guid("request_id"), "\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error=\"invalid_token\"\n\n"
          "and with the other token (", v.jwt(), ") it works — what's the difference?")


@template("traceback_python", weight=3)
def tb_python(v: Values, d: Doc) -> None:
    d.add("Traceback (most recent call last):\n  File \"/app/billing/charge.py\", line 88, in charge\n    resp = stripe.Charge.create("
          "amount=amount, source=token)\n    locals: amount=", v.amount(), ", customer_email='", v.email(), "', card_number='",
          v.card(grouping="plain"), "', api_key='", v.stripe_key(), "'\n  File \"/usr/lib/python3.11/site-packages/stripe/"
          "api_requestor.py\", line 412, in request\nstripe.error.CardError: Your card was declined. (request id ",
          v.guid("request_id"), ")\n\nWhy would a valid card be declined?")


@template("traceback_java", weight=2)
def tb_java(v: Values, d: Doc) -> None:
    d.add("Exception in thread \"main\" com.microsoft.sqlserver.jdbc.SQLServerException: Login failed for user 'svc_etl'. "
          "ClientConnectionId:", v.guid("connection_id"), "\n\tat com.fabrikam.etl.Loader.connect(Loader.java:57)\n"
          "Caused by: url=", v.db_url("sqlserver-jdbc"), "\n\tat com.fabrikam.etl.Main.main(Main.java:12)\n"
          "DEBUG client ip ", v.ip(), ", build ", v.build_id(), "\n")


@template("traceback_dotnet", weight=2)
def tb_dotnet(v: Values, d: Doc) -> None:
    d.add("Unhandled exception. Azure.RequestFailedException: Server failed to authenticate the request.\nStatus: 403 "
          "(Server failed to authenticate the request.)\nErrorCode: AuthenticationFailed\n\n   at Fabrikam.Archive.Upload() in "
          "/src/Upload.cs:line 41\nLocals:\n   connectionString = \"", v.storage_conn(), "\"\n   sas = \"?", v.sas_token(), "\"\n"
          "   requestId = ", v.guid("request_id"), "\n   clientIp = ", v.ip(), "\n")


@template("docker_compose_env", weight=1)
def compose(v: Values, d: Doc) -> None:
    d.add("services:\n  api:\n    image: fabrikam/api:", v.version4(), "\n    environment:\n      - MSSQL_SA_PASSWORD=",
          v.pw("password_kv"), "\n      - GOOGLE_MAPS_KEY=", v.google_api_key(), "\n      - TWILIO_API_KEY=", v.twilio_key(),
          "\n      - COSMOS_KEY=", v.cosmos_key(), "\n      - EMULATOR_KEY=", v.example_key(), "\n    extra_hosts:\n"
          "      - \"db:", v.ipv4(True), "\"\n")


@template("nginx_log", weight=2)
def nginx(v: Values, d: Doc) -> None:
    d.add("Lots of 499s in nginx, sample:\n")
    for _ in range(v.rng.randint(3, 6)):
        d.add(v.ip(), " - - [07/Dec/2026:01:0", str(v.rng.randint(0, 9)), ":1", str(v.rng.randint(0, 9)),
              " +0000] \"GET /api/export?token=", v.bearer(), " HTTP/1.1\" 499 0 \"-\" \"okhttp/", v.version4(), "\"\n")


@template("key_inventory", weight=2)
def key_inventory(v: Values, d: Doc) -> None:
    d.add("Rotation inventory (copied from the wiki, please turn it into a checklist):\n\n")
    makers = [("Azure OpenAI (swedencentral)", v.azure_openai_key), ("Storage archive", v.azure_storage_key),
              ("SendGrid", v.sendgrid_key), ("Mailgun", v.mailgun_key), ("HF inference", v.hf_token),
              ("Anthropic", v.anthropic_key), ("Slack alerts bot", v.slack_token), ("GitHub release bot", v.github_token),
              ("Google geocoding", v.google_api_key), ("Twilio", v.twilio_key), ("PyPI publish", v.pypi_token)]
    for label, make in v.rng.sample(makers, v.rng.randint(3, 6)):
        d.add(f"{label}: ", make(), "  (owner ", v.person(), ")\n")
    d.add("Stripe publishable (fine to share): ", v.pk_live(), "\nDocs example: ", v.example_key(), "\n")


@template("bare_key_prose", weight=2)
def bare_key(v: Values, d: Doc) -> None:
    d.add(v.pick(["the one for the swedencentral resource is ", "use ", "try this instead: "]), v.azure_ai_key_bare(),
          v.pick([" — the old one was revoked", ", it should work now", " (primary)"]), ". The deployment's build hash is ",
          v.md5(), " if that matters.")


@template("ssh_key_paste", weight=3)
def ssh_key(v: Values, d: Doc) -> None:
    d.add(v.pick(["$ cat ~/.ssh/id_deploy\n", "ansible_ssh_private_key: |\n", "The deploy key from the old server:\n\n"]),
          v.private_key(), "\n", v.pick(["$ cat ~/.ssh/id_deploy.pub\n", "public half: ", "authorized_keys has: "]), v.pubkey(),
          "\n\nssh still says 'Permission denied (publickey)' when connecting to ", v.ipv4(), ". Why?")


@template("vault_export", weight=3)
def vault_export(v: Values, d: Doc) -> None:
    d.add("Password manager export (CSV), which entries are duplicates?\n\nname,username,password,url,notes\n")
    makers = [("Anthropic console", "api", v.anthropic_key), ("PyPI", "__token__", v.pypi_token),
              ("Azure DevOps PAT", "build", v.azure_devops_pat), ("Cosmos CRM", "primary", v.cosmos_key),
              ("HF hub", "ml-team", v.hf_token), ("npm publish", "fabrikam-bot", v.npm_token),
              ("SendGrid", "apikey", v.sendgrid_key), ("Storage archive", "key1", v.azure_storage_key)]
    for name, user, make in v.rng.sample(makers, v.rng.randint(3, 5)):
        d.add(f"{name},{user},", make(), ",https://", v.pick(["console.anthropic.com", "pypi.org", "dev.azure.com",
              "portal.azure.com", "huggingface.co", "npmjs.com"]), ",", v.pick(["rotated Q3", "", "owner: platform"]), "\n")
    d.add("Router admin,admin,", v.pw("password_kv"), ",http://", v.ipv4(True), ",\n", "Template,user,", v.placeholder(), ",,\n")


@template("resource_key_table", weight=2)
def resource_keys(v: Values, d: Doc) -> None:
    d.add("| resource | region | primary | secondary |\n|---|---|---|---|\n")
    for region in v.rng.sample(["swedencentral", "westeurope", "eastus2", "francecentral", "uksouth"], v.rng.randint(2, 3)):
        d.add(f"| aoai-{region[:6]} | {region} | ", v.azure_ai_key_bare(), " | ", v.azure_ai_key_bare(), " |\n")
    d.add("\nWhich region should the failover use? The ETag of the deployment is ", v.md5(), ".")
