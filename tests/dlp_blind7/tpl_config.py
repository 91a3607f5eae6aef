"""Configuration files pasted into prompts: .env, YAML (k8s, helm, compose, ansible, GitHub Actions),
appsettings.json, .ini, .properties, .toml, tfvars."""

from __future__ import annotations

from tests.dlp_blind7.build import Doc, template
from tests.dlp_blind7.common import setting
from tests.dlp_blind7.values import Values

ASKS = ["why does this not load??", "can you convert this to YAML", "which of these are unused", "pls review before I merge",
        "app crashes on startup with this config, what's wrong", "Warum startet der Container nicht mit dieser Config?",
        "pourquoi ça ne marche pas en prod ?", "clean this up and add comments", "what env vars are missing for staging"]


@template("config_dotenv", weight=3)
def dotenv(v: Values, d: Doc) -> None:
    d.add(v.pick(ASKS), "\n\n```\n" if v.r.random() < 0.6 else "\n")
    d.add(f"# {v.company()} api - local\nNODE_ENV=production\nPORT={v.num(3000, 9000)}\n")
    for _ in range(v.num(3, 6)):
        name, val = setting(v)
        q = v.pick(["", "", '"', "'"])
        d.add(f"{name.upper().replace('.', '_').replace(':', '_')}={q}", val, f"{q}\n")
    d.add("BUILD_ID=", v.neg("build"), "\nDEPLOY_COMMIT=", v.neg("git_sha"), "\n")
    d.add("OPS_CONTACT=", v.email(), "\nBIND_ADDR=", v.ipv4(private=True), "\nSECRET_FALLBACK=", v.neg("placeholder"), "\n")
    d.add("```\n" if v.r.random() < 0.6 else "")


@template("config_k8s_secret", weight=2)
def k8s_secret(v: Values, d: Doc) -> None:
    d.add(v.pick(["kubectl apply fails: error validating data. Manifest:", "helm chart secret, is stringData right here?",
                  "our k8s secret for the worker, review pls"]), "\n\n")
    d.add(f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {v.company()}-worker\n  namespace: prod\n  uid: ", v.neg("guid"),
          "\ntype: Opaque\nstringData:\n")
    for _ in range(v.num(2, 5)):
        name, val = setting(v, "password_yaml")
        q = v.pick(["", '"', "'"])
        d.add(f"  {name.upper().replace('.', '_').replace(':', '_')}: {q}", val, f"{q}\n")
    d.add("  DB_PASSWORD: ", v.pw("password_yaml"), "\n  DB_HOST: ", v.ipv4(private=True), "\n")


@template("config_helm_values", weight=2)
def helm(v: Values, d: Doc) -> None:
    d.add("values-prod.yaml (helm upgrade --install gw ./charts/gw -f values-prod.yaml)\n\nimage:\n  repository: ",
          f"acr{v.company()}.azurecr.io/gateway\n  tag: \"", v.neg("version4"), "\"\n  digest: ", v.neg("image_digest"),
          "\nreplicaCount: 3\nenv:\n")
    for _ in range(v.num(2, 4)):
        name, val = setting(v, "password_yaml")
        d.add(f"  - name: {name.upper().replace('.', '_').replace(':', '_')}\n    value: \"", val, "\"\n")
    d.add("postgresql:\n  auth:\n    username: app\n    password: ", v.pw("password_yaml"),
          "\n    postgresPassword: ", v.neg("placeholder"), "\ningress:\n  allowlist:\n    - ", v.ipv4(False), "/32\n    - ",
          v.ipv4(False), "/32\nmaintainer: ", v.person(), " <", v.email(), ">\n")


@template("config_compose", weight=2)
def compose(v: Values, d: Doc) -> None:
    d.add(v.pick(["docker compose up -> db keeps restarting. compose file:", "mein docker-compose.yml, bitte prüfen:",
                  "can u add a healthcheck to this"]), "\n\nservices:\n  db:\n    image: postgres:16\n    environment:\n"
          "      POSTGRES_USER: app\n      POSTGRES_PASSWORD: ", v.pw("password_yaml"), "\n  api:\n    build: .\n    environment:\n")
    for _ in range(v.num(2, 4)):
        name, val = setting(v, "password_yaml")
        d.add(f"      - {name.upper().replace('.', '_').replace(':', '_')}=", val, "\n")
    d.add("    extra_hosts:\n      - \"db.internal:", v.ipv4(private=True), "\"\n    mac_address: ", v.neg("mac"), "\n")


@template("config_appsettings", weight=3)
def appsettings(v: Values, d: Doc) -> None:
    d.add(v.pick(["appsettings.Production.json — the app can't reach Key Vault so we put them inline for now:",
                  "Why is IConfiguration returning null for the OpenAI section?", "merge these two appsettings files please"]),
          "\n\n{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } },\n")
    d.add('  "AzureOpenAI": {\n    "Endpoint": "https://', f"{v.company()}-oai-eus2", '.openai.azure.com/",\n    "ApiKey": "',
          v.aoai_key(), '",\n    "Deployment": "gpt-4o-', v.neg("build"), '"\n  },\n')
    d.add('  "ConnectionStrings": {\n    "Sql": "', v.conn(), '",\n    "Cache": "', v.neg("placeholder"), '"\n  },\n')
    for _ in range(v.num(1, 3)):
        name, val = setting(v)
        d.add(f'  "{name}": "', val, '",\n')
    d.add('  "Support": { "Email": "', v.email(), '", "Phone": "', v.phone(), '" },\n  "InstanceId": "', v.neg("guid"), '"\n}\n')


@template("config_ini_properties", weight=3)
def ini(v: Values, d: Doc) -> None:
    if v.r.random() < 0.5:
        d.add("application.properties for the billing service\n\n", "spring.datasource.url=jdbc:postgresql://",
              v.ipv4(private=True), ":5432/billing\nspring.datasource.username=billing_rw\nspring.datasource.password=",
              v.pw("password_kv"), "\nspring.mail.password=", v.neg("placeholder"), "\n")
        for _ in range(v.num(1, 3)):
            name, val = setting(v)
            d.add(f"{name.lower().replace('_', '.')}=", val, "\n")
        d.add("app.version=", v.neg("version4"), "\napp.owner=", v.email(), "\n")
    else:
        d.add("odbc.ini / my.cnf mix from the legacy box (", v.ipv4(False), "):\n\n[client]\nuser = report\npassword = ",
              v.pw("password_kv"), "\nhost = ", v.ipv4(private=True), "\n\n[api]\n")
        for _ in range(v.num(1, 3)):
            name, val = setting(v)
            d.add(f"{name.lower()}\t= ", val, "\n")
        d.add("; last edited by ", v.person(), " ", v.neg("timestamp"), "\n")


@template("config_toml_tfvars", weight=2)
def toml(v: Values, d: Doc) -> None:
    if v.r.random() < 0.5:
        d.add("pyproject / poetry config with the private index:\n\n[[tool.poetry.source]]\nname = \"internal\"\nurl = \"",
              "https://pkgs.dev.azure.com/", f"{v.company()}/_packaging/py/pypi/simple/\"\n\n"
              "[tool.app.secrets]\n")
        for _ in range(v.num(2, 4)):
            name, val = setting(v)
            d.add(f"{name.lower().replace('.', '_').replace(':', '_')} = \"", val, "\"\n")
        d.add("build = \"", v.neg("build"), "\"\n")
    else:
        d.add("terraform.tfvars (yes I know, will move to KV)\n\nlocation = \"westeurope\"\nadmin_username = \"azureuser\"\n"
              "admin_password = \"", v.pw("password_kv"), "\"\nallowed_ips = [\"", v.ipv4(False), "/32\", \"", v.ipv4(False),
              "/32\"]\nsubscription_id = \"", v.neg("guid"), "\"\n")
        for _ in range(v.num(1, 3)):
            name, val = setting(v)
            d.add(f"{name.lower().replace('.', '_').replace(':', '_')} = \"", val, "\"\n")
        d.add("owner_email = \"", v.email(), "\"\n")


@template("config_ansible_actions", weight=2)
def ansible(v: Values, d: Doc) -> None:
    if v.r.random() < 0.5:
        d.add("group_vars/prod.yml — vault encrypt got skipped, oops\n\nansible_user: deploy\nansible_become_pass: ",
              v.pw("password_yaml"), "\nmysql_root_password: \"", v.pw("password_yaml"), "\"\nntp_servers:\n  - ",
              v.ipv4(False), "\n  - ", v.ipv6(), "\n")
        name, val = setting(v, "password_yaml")
        d.add(f"{name.lower().replace('.', '_')}: ", val, "\nkeepalived_vip: ", v.ipv4(private=True), "\n")
    else:
        d.add(".github/workflows/deploy.yml\n\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      AZURE_OPENAI_KEY: ",
              v.neg("placeholder"), "\n")
        for _ in range(v.num(2, 3)):
            name, val = setting(v, "password_yaml")
            d.add(f"      {name.upper().replace('.', '_').replace(':', '_')}: ", val, "\n")
        d.add("    steps:\n      - uses: actions/checkout@", v.neg("git_sha"), "\n      - run: ./deploy.sh --notify ", v.email(), "\n")


@template("config_xml", weight=2)
def xml(v: Values, d: Doc) -> None:
    if v.r.random() < 0.5:
        d.add("web.config transform isn't applied, here's the file:\n\n<configuration>\n  <connectionStrings>\n    <add name=\"Default\" "
              "connectionString=\"", v.conn(), "\" />\n  </connectionStrings>\n  <appSettings>\n")
        for _ in range(v.num(1, 3)):
            name, val = setting(v)
            d.add(f"    <add key=\"{name}\" value=\"", val, "\" />\n")
        d.add("    <add key=\"Build\" value=\"", v.neg("version4"), "\" />\n  </appSettings>\n</configuration>\n")
    else:
        d.add("maven settings.xml, deploy to the internal nexus fails with 401\n\n<settings>\n  <servers>\n    <server>\n      <id>nexus</id>\n"
              "      <username>ci-bot</username>\n      <password>", v.pw("password_kv"), "</password>\n    </server>\n  </servers>\n"
              "  <mirrors><mirror><url>http://", v.ipv4(private=True), ":8081/repository/maven-public/</url></mirror></mirrors>\n</settings>\n")


@template("config_tls_secret", weight=3)
def tls(v: Values, d: Doc) -> None:
    d.add(v.pick(["ingress TLS secret, cert-manager not used here:", "is this key in the right format for nginx?", "convert this PEM to PKCS12 pls"]),
          "\n\n")
    if v.r.random() < 0.5:
        d.add("apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: gw-tls\nstringData:\n  tls.crt: |\n    -----BEGIN CERTIFICATE-----\n"
              "    MIID...snip...\n    -----END CERTIFICATE-----\n  tls.key: |\n")
        pk = v.private_key()
        d.add("    ", pk, "\n")
    else:
        d.add("```\n", v.private_key(), "\n```\nfingerprint ", v.neg("sha256"), "\n")


@template("config_tfstate", weight=2)
def tfstate(v: Values, d: Doc) -> None:
    d.add("terraform state show output — why does plan want to recreate?\n\n{\n  \"type\": \"tls_private_key\",\n  \"instances\": [{\n"
          "    \"attributes\": {\n      \"id\": \"", v.neg("git_sha"), "\",\n      \"private_key_pem\": \"",
          v.private_key(escaped=True), "\\n\",\n      \"public_key_openssh\": \"", v.neg("ssh_pub"), "\\n\"\n    }\n  }, {\n    \"attributes\": {\n"
          "      \"administrator_login_password\": \"", v.pw("password_kv"), "\",\n      \"primary_access_key\": \"", v.storage_key(),
          "\",\n      \"fqdn\": \"", v.company(), "-sql.database.windows.net\",\n      \"public_ip\": \"", v.ipv4(False), "\"\n    }\n  }]\n}\n")


@template("config_dotfiles", weight=3)
def dotfiles(v: Values, d: Doc) -> None:
    c = v.num(0, 3)
    if c == 0:
        d.add("~/.npmrc on the build agent:\n\n@", v.company(), ":registry=https://npm.pkg.github.com/\n//npm.pkg.github.com/:_authToken=",
              v.github(), "\n//registry.npmjs.org/:_authToken=", v.npm(), "\nalways-auth=true\n")
    elif c == 1:
        d.add("cat ~/.pypirc\n[distutils]\nindex-servers = pypi internal\n\n[pypi]\nusername = __token__\npassword = ", v.pypi(),
              "\n\n[internal]\nrepository = https://", v.ipv4(private=True), "/simple\nusername = ci\npassword = ", v.pw("password_kv"), "\n")
    elif c == 2:
        d.add("my ~/.netrc and ~/.git-credentials, is this why git asks for pw?\n\nmachine api.", v.company(), ".com login deploy password ",
              v.pw("password_kv"), "\n\nhttps://", "build", ":", v.gitlab(), "@gitlab.com\n")
    else:
        d.add("~/.aws/credentials\n[default]\naws_access_key_id = ", v.aws_id(), "\naws_secret_access_key = ", v.aws_secret(),
              "\n\n[docs-example]\naws_access_key_id = ", v.neg("aws_example"), "\naws_secret_access_key = ", v.neg("aws_example_secret"), "\n")


@template("config_terraform_provider", weight=2)
def tf_provider(v: Values, d: Doc) -> None:
    d.add("main.tf, terraform init works but apply says unauthorized\n\n```hcl\nprovider \"azurerm\" {\n  features {}\n  subscription_id = \"",
          v.neg("guid"), "\"\n  client_id       = \"", v.neg("guid"), "\"\n  client_secret   = \"", v.entra(), "\"\n}\n\nprovider \"aws\" {\n"
          "  access_key = \"", v.aws_id(), "\"\n  secret_key = \"", v.aws_secret(), "\"\n}\n\nresource \"azurerm_mssql_server\" \"main\" {\n"
          "  administrator_login          = \"sqladmin\"\n  administrator_login_password = \"", v.pw("password_kv"), "\"\n}\n```\n")
