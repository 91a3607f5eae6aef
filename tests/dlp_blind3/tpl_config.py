"""Templates for configuration and data: Kubernetes/Helm YAML, Terraform/Bicep, docker-compose,
Azure CLI output, JSON API payloads, SQL dumps, CSV extracts, application logs."""

from __future__ import annotations

import base64

from tests.dlp_blind3.build import Doc, template
from tests.dlp_blind3.values import Neg, Val, Values, cred

# ---------------------------------------------------------------------------------------------
# Kubernetes / Helm
# ---------------------------------------------------------------------------------------------


@template("k8s_yaml", weight=2)
def k8s_secret_stringdata(v: Values, d: Doc) -> None:
    d.fill("""Why does my pod not see the updated secret? I applied this:

```yaml
apiVersion: v1
kind: Secret
metadata:
  name: app-secrets
  namespace: ⟨ns⟩
type: Opaque
stringData:
  DB_PASSWORD: ⟨pw⟩
  AZURE_OPENAI_API_KEY: ⟨key⟩
  STORAGE_CONNECTION: "⟨conn⟩"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations:
    checksum/config: ⟨sum⟩
spec:
  template:
    spec:
      containers:
        - name: api
          image: contosoacr.azurecr.io/api:⟨tag⟩
          envFrom:
            - secretRef:
                name: app-secrets
```""", ns=v.pick(["prod", "payments", "default"]), pw=v.pw("password_yaml", v.SAFE_BARE), key=v.aoai(),
           conn=v.any_conn(), sum=v.sha(64), tag=Neg("1.8.3", "version3", "IP_ADDRESS"))


@template("k8s_yaml", weight=2)
def k8s_get_secret_yaml(v: Values, d: Doc) -> None:
    pw = v.password(v.SAFE_Q)
    b64pw = base64.b64encode(pw.encode()).decode()
    user = base64.b64encode(v.pick([b"postgres", b"admin", b"app"])).decode()
    d.fill("""$ kubectl get secret pg-credentials -n data -o yaml
apiVersion: v1
data:
  password: ⟨pw⟩
  username: ⟨user⟩
  ca.crt: ⟨ca⟩
kind: Secret
metadata:
  creationTimestamp: "2026-01-19T10:42:17Z"
  name: pg-credentials
  namespace: data
  resourceVersion: "⟨rv⟩"
  uid: ⟨uid⟩
type: Opaque

the app says password authentication failed for user — is the base64 wrong?""",
           pw=cred(b64pw, "encoded_secret"), user=user, ca=v.cert_b64(), rv=str(v.r.randint(1000000, 99999999)), uid=v.guid_neg())


@template("k8s_yaml")
def k8s_deployment_env(v: Values, d: Doc) -> None:
    d.fill("""```yaml
      containers:
        - name: gateway
          image: ghcr.io/contoso/aoai-gateway:2.4.0
          ports:
            - containerPort: 8080
          env:
            - name: AZURE_OPENAI_ENDPOINT
              value: https://⟨res⟩.openai.azure.com/
            - name: AZURE_OPENAI_API_KEY
              value: "⟨key⟩"
            - name: REDIS_URL
              value: "redis://:⟨pw⟩@redis-master.cache.svc.cluster.local:6379/0"
            - name: APIM_SUBSCRIPTION_KEY
              valueFrom:
                secretKeyRef:
                  name: apim
                  key: subscription-key
          resources:
            limits: { cpu: "500m", memory: 512Mi }
```
Liveness probe fails after ~40s, pod IP ⟨ip⟩, node ⟨node⟩.""", res=v.pick(["aoai-neu", "contoso-ai"]), key=v.aoai(),
           pw=v.pw("password_url", v.SAFE_URL), ip=v.ipv4(True), node=Neg(f"aks-nodepool1-{v.r.randint(10000000, 99999999)}-vmss00000{v.r.randint(0, 9)}", "node_name", "PHONE_NUMBER"))


@template("k8s_yaml")
def helm_values_ingress(v: Values, d: Doc) -> None:
    d.fill("""# values-prod.yaml
replicaCount: 3
image:
  repository: contosoacr.azurecr.io/portal
  tag: "⟨tag⟩"
ingress:
  enabled: true
  annotations:
    nginx.ingress.kubernetes.io/whitelist-source-range: "⟨cidr⟩/24,⟨ip2⟩/32"
smtp:
  host: smtp.sendgrid.net
  user: apikey
  password: ⟨sg⟩
oauth:
  clientId: ⟨cid⟩
  clientSecret: ⟨cs⟩
redis:
  auth:
    password: "{{ .Values.global.redisPassword }}"
""", tag=Neg("2026.3.1", "calver", "IP_ADDRESS"), cidr=v.ipv4(False), ip2=v.ipv4(False), sg=v.sendgrid(), cid=v.guid_neg(),
           cs=v.client_secret())


# ---------------------------------------------------------------------------------------------
# Terraform / Bicep
# ---------------------------------------------------------------------------------------------


@template("terraform", weight=2)
def tf_provider(v: Values, d: Doc) -> None:
    d.fill("""terraform plan fails with AADSTS7000215: Invalid client secret provided.

```hcl
provider "azurerm" {
  features {}
  subscription_id = "⟨sub⟩"
  tenant_id       = "⟨ten⟩"
  client_id       = "⟨cli⟩"
  client_secret   = "⟨sec⟩"
}

resource "azurerm_mssql_server" "main" {
  name                         = "sql-contoso-prod"
  resource_group_name          = azurerm_resource_group.rg.name
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladminuser"
  administrator_login_password = "⟨pw⟩"
}

resource "azurerm_virtual_network" "hub" {
  address_space = ["⟨net⟩/16"]
}
```
azurerm provider ⟨ver⟩""", sub=v.guid_neg(), ten=v.guid_neg(), cli=v.guid_neg(), sec=v.client_secret(), pw=v.pw("password_kv"),
           net=v.ipv4(True), ver=Neg("4.14.0", "version3", "IP_ADDRESS"))


@template("terraform")
def tf_output(v: Values, d: Doc) -> None:
    d.fill("""$ terraform output -json
{
  "storage_primary_access_key": { "sensitive": true, "type": "string", "value": "⟨key⟩" },
  "storage_primary_connection_string": { "sensitive": true, "type": "string", "value": "⟨conn⟩" },
  "vm_public_ip": { "sensitive": false, "type": "string", "value": "⟨ip⟩" },
  "app_insights_instrumentation_key": { "sensitive": false, "type": "string", "value": "⟨ik⟩" },
  "random_suffix": { "sensitive": false, "type": "string", "value": "⟨sfx⟩" }
}
I need the key in another workspace — remote state or data source?""", key=v.storage(), conn=v.storage_conn(), ip=v.ipv4(False),
           ik=Neg(v.guid(), "instrumentation_key", "CREDENTIAL"), sfx=Neg(v.hexs(8), "random_suffix", "CREDENTIAL"))


@template("terraform")
def bicep_params(v: Values, d: Doc) -> None:
    d.fill("""// main.bicep
@secure()
param sqlAdminPassword string = '⟨pw⟩'
param location string = resourceGroup().location

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${uniqueString(resourceGroup().id)}'
  properties: {
    tenantId: '⟨ten⟩'
    sku: { family: 'A', name: 'standard' }
  }
}

resource cog 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = { name: 'aoai-prod' }
output aoaiKey string = cog.listKeys().key1   // deployed value: ⟨key⟩
```
Is it bad that the linter warns about outputs-should-not-contain-secrets?""", pw=v.pw("password_kv"), ten=v.guid_neg(),
           key=v.aoai(keyword=False))


# ---------------------------------------------------------------------------------------------
# docker-compose
# ---------------------------------------------------------------------------------------------


@template("docker_compose", weight=2)
def compose(v: Values, d: Doc) -> None:
    d.fill("""services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: ⟨pw⟩
    ports:
      - "5432:5432"
  api:
    build: .
    environment:
      - DATABASE_URL=postgresql://app:⟨pw2⟩@db:5432/app
      - AZURE_OPENAI_API_KEY=⟨key⟩
      - STRIPE_SECRET_KEY=⟨sk⟩
      - LOG_LEVEL=debug
    ports:
      - "8080:80"
    depends_on: [db]
  mq:
    image: rabbitmq:3.13-management
    environment:
      RABBITMQ_DEFAULT_PASS: "⟨pw3⟩"
      RABBITMQ_ERLANG_COOKIE: ⟨cookie⟩
networks:
  default:
    ipam:
      config:
        - subnet: ⟨net⟩/24
```
`docker compose up` — api can't reach db: "password authentication failed".""",
           pw=v.pw("password_yaml", v.SAFE_BARE), pw2=v.pw("password_url", v.SAFE_URL), key=v.aoai(), sk=v.stripe(),
           pw3=v.pw("password_yaml", v.SAFE_Q), cookie=cred(v.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 20), "password_yaml"),
           net=v.ipv4(True))


@template("docker_compose")
def dotenv(v: Values, d: Doc) -> None:
    d.fill("""# .env (committed by accident, please tell me what to rotate)
APP_ENV=production
APP_URL=https://portal.contoso.com
MAIL_USERNAME=⟨mail⟩
MAIL_PASSWORD=⟨pw⟩
AZURE_STORAGE_ACCOUNT=⟨acct⟩
AZURE_STORAGE_KEY=⟨key⟩
STORAGE_ACCOUNT_KEY=⟨key2⟩
SLACK_WEBHOOK_URL=⟨hook⟩
SENTRY_RELEASE=⟨sha⟩
MAX_UPLOAD_MB=25
""", mail=v.role_email(), pw=v.pw("password_kv", v.SAFE_BARE + " "), acct=v.account(), key=v.storage(), key2=v.storage(),
           hook=v.slack_webhook(), sha=v.sha(40))


# ---------------------------------------------------------------------------------------------
# Azure CLI output
# ---------------------------------------------------------------------------------------------


@template("azure_cli", weight=2)
def az_keys_list(v: Values, d: Doc) -> None:
    d.fill("""$ az storage account keys list -g rg-data -n ⟨acct⟩
[
  {
    "creationTime": "2026-02-02T09:11:45.120345+00:00",
    "keyName": "key1",
    "permissions": "FULL",
    "value": "⟨k1⟩"
  },
  {
    "creationTime": "2026-02-02T09:11:45.120345+00:00",
    "keyName": "key2",
    "permissions": "FULL",
    "value": "⟨k2⟩"
  }
]""", acct=v.account(), k1=v.storage(), k2=v.storage())


@template("azure_cli", weight=3)
def az_cog_keys(v: Values, d: Doc) -> None:
    form = v.r.random()
    if form < 0.4:
        d.fill("""$ az cognitiveservices account keys list --name ⟨res⟩ --resource-group rg-ai
{
  "key1": "⟨k1⟩",
  "key2": "⟨k2⟩"
}
which one should the gateway use while I rotate?""", res=v.pick(["aoai-prod-swc", "contoso-openai"]), k1=v.aoai(False), k2=v.aoai(False))
    elif form < 0.7:
        d.fill("""Copied from the portal (Keys and Endpoint blade):

KEY 1
⟨k1⟩
KEY 2
⟨k2⟩
Location/Region
swedencentral
Endpoint
https://⟨res⟩.openai.azure.com/

The deployment gpt-4o version 2024-11-20 returns 404. Request id ⟨rid⟩.""", k1=v.aoai(False), k2=v.aoai(False),
               res=v.pick(["aoai-prod-swc", "contoso-openai"]), rid=v.guid_neg())
    else:
        d.fill("""our azure openai key is ⟨k1⟩ and the endpoint is https://⟨res⟩.openai.azure.com — the quota shows 0 TPM left
but the metrics blade says 12k tokens used today (operation id ⟨op⟩). Can you check?""", k1=v.aoai(False),
               res=v.pick(["aoai-prod-swc", "contoso-openai"]), op=v.trace_id())


@template("azure_cli", weight=2)
def az_sp_create(v: Values, d: Doc) -> None:
    d.fill("""$ az ad sp create-for-rbac --name gh-deploy --role contributor --scopes /subscriptions/⟨sub⟩/resourceGroups/rg-web
Creating 'contributor' role assignment under scope '/subscriptions/⟨sub2⟩/resourceGroups/rg-web'
{
  "appId": "⟨app⟩",
  "displayName": "gh-deploy",
  "password": "⟨pw⟩",
  "tenant": "⟨ten⟩"
}
I pasted that into AZURE_CREDENTIALS but azure/login@v2 says "Az CLI Login failed".""", sub=v.guid_neg(), sub2=v.guid_neg(),
           app=v.guid_neg(), pw=v.client_secret(), ten=v.guid_neg())


@template("azure_cli", weight=2)
def az_appsettings(v: Values, d: Doc) -> None:
    d.fill("""$ az webapp config appsettings list -g rg-web -n app-contoso-portal -o table
Name                                    Value
--------------------------------------  ---------------------------------------------
APPLICATIONINSIGHTS_CONNECTION_STRING   InstrumentationKey=⟨ik⟩;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/
WEBSITE_RUN_FROM_PACKAGE                1
ServiceBus__ConnectionString            ⟨sb⟩
Cosmos__ConnectionString                ⟨cos⟩
AzureOpenAI__Key                        ⟨key⟩
WEBSITE_NODE_DEFAULT_VERSION            ~20
""", ik=Neg(v.guid(), "instrumentation_key", "connection_string"), sb=v.bus_conn(), cos=v.cosmos_conn(), key=v.aoai())


@template("azure_cli")
def az_vm_ips(v: Values, d: Doc) -> None:
    d.fill("""$ az vm list-ip-addresses -g rg-jump -o table
VirtualMachine    PublicIPAddresses    PrivateIPAddresses
----------------  -------------------  --------------------
vm-jump-01        ⟨p1⟩       ⟨q1⟩
vm-build-02       ⟨p2⟩       ⟨q2⟩
$ az vm show -g rg-jump -n vm-jump-01 --query storageProfile.imageReference.version -o tsv
⟨ver⟩
ssh to the first one times out from ⟨me⟩ (my home IP), NSG allows 22 from there.""",
           p1=v.ipv4(False), q1=v.ipv4(True), p2=v.ipv4(False), q2=v.ipv4(True), ver=v.version4(), me=v.ip())


@template("azure_cli")
def az_sas_generate(v: Values, d: Doc) -> None:
    d.fill("""$ az storage container generate-sas --account-name ⟨acct⟩ -n exports --permissions rl --expiry 2026-12-31 -o tsv
⟨sas⟩
The partner gets 403 AuthenticationFailed "Signature did not match" with https://⟨acct2⟩.blob.core.windows.net/exports?⟨sas2⟩""",
           acct=v.account(), sas=v.sas(), acct2=v.account(), sas2=v.sas())


# ---------------------------------------------------------------------------------------------
# JSON API payloads
# ---------------------------------------------------------------------------------------------


@template("json_api", weight=3)
def api_customer_payload(v: Values, d: Doc) -> None:
    first, last = v.person()
    d.fill("""POST /v2/customers returns 422, payload:
```json
{
  "externalId": "⟨eid⟩",
  "name": "⟨name⟩",
  "email": "⟨mail⟩",
  "phone": "⟨phone⟩",
  "billing": { "iban": "⟨iban⟩", "mandateRef": "MNDT-2026-⟨mnd⟩" },
  "card": { "number": "⟨card⟩", "exp": "0⟨expm⟩/2⟨expy⟩" },
  "createdAt": "2026-03-02T11:22:33.456Z",
  "version": "⟨ver⟩"
}
```
Response: {"errors":[{"field":"billing.iban","code":"invalid_format"}],"traceId":"⟨tr⟩"}""",
           eid=v.guid_neg(), name=v.name(first, last), mail=v.email(first, last), phone=v.phone(), iban=v.iban(), mnd=str(v.r.randint(10000, 99999)),
           card=v.card(), expm=str(v.r.randint(1, 9)), expy=str(v.r.randint(7, 9)), ver=v.version4(), tr=v.trace_id())


@template("json_api", weight=2)
def api_request_log(v: Values, d: Doc) -> None:
    auth = v.r.random()
    if auth < 0.4:
        hdr, tok = '"Authorization": "Bearer ⟨tok⟩"', v.jwt()
    elif auth < 0.7:
        hdr, tok = '"Ocp-Apim-Subscription-Key": "⟨tok⟩"', v.aoai(False)
    else:
        hdr, tok = '"Authorization": "Bearer ⟨tok⟩"', v.opaque_bearer()
    d.fill("""{"timestamp":"2026-03-14T07:55:02.118Z","level":"warn","msg":"upstream 429","request":{"method":"POST","path":"/openai/deployments/gpt-4o/chat/completions","headers":{""" + hdr + """,
"User-Agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/⟨chrome⟩ Safari/537.36","x-ms-client-request-id":"⟨rid⟩"},"client_ip":"⟨ip⟩"},
"response":{"status":429,"retry_after_ms":⟨ra⟩,"x-ratelimit-remaining-tokens":"0"},"usage":{"prompt_tokens":⟨pt⟩,"max_tokens":4096}}
Why do we get 429 when remaining-requests is still 120?""", tok=tok, chrome=Neg("131.0.6778.86", "browser_version", "IP_ADDRESS"),
           rid=v.guid_neg(), ip=v.ip(), ra=str(v.r.randint(1000, 60000)), pt=str(v.r.randint(100, 9000)))


@template("json_api")
def api_oauth_response(v: Values, d: Doc) -> None:
    d.fill("""Token endpoint response (I thought refresh tokens were opaque?):
{
  "token_type": "Bearer",
  "scope": "https://graph.microsoft.com/.default",
  "expires_in": 4799,
  "ext_expires_in": 4799,
  "access_token": "⟨at⟩",
  "id_token": "⟨idt⟩",
  "refresh_token": "⟨rt⟩",
  "client_info": "⟨ci⟩"
}""", at=v.jwt(), idt=v.jwt(v.email().text), rt=cred("1.A" + v.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 120), "bearer_token"),
           ci=Neg(base64.urlsafe_b64encode(f'{{"uid":"{v.guid()}","utid":"{v.guid()}"}}'.encode()).decode().rstrip("="), "client_info", "CREDENTIAL"))


@template("json_api")
def gcp_service_account(v: Values, d: Doc) -> None:
    d.fill("""{
  "type": "service_account",
  "project_id": "contoso-analytics",
  "private_key_id": "⟨kid⟩",
  "private_key": "⟨pem⟩\\n",
  "client_email": "⟨sa⟩",
  "client_id": "⟨cid⟩",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth"
}
BigQuery says invalid_grant: Invalid JWT Signature. Is the key broken?""", kid=v.sha(40),
           sa=Val("bq-export@contoso-analytics.iam.gserviceaccount.com", "EMAIL_ADDRESS", "EMAIL_ADDRESS"), pem=v.pem(escaped=True),
           cid=Neg(str(v.r.randint(10**20, 10**21 - 1)), "numeric_client_id", "CREDIT_CARD"))


# ---------------------------------------------------------------------------------------------
# SQL dumps
# ---------------------------------------------------------------------------------------------


@template("sql_dump", weight=3)
def sql_inserts(v: Values, d: Doc) -> None:
    d.add("-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n-- Host: ", v.ipv4(True),
          "    Database: crm\nINSERT INTO `customers` (`id`,`full_name`,`email`,`phone`,`ssn`,`order_ref`,`created`) VALUES\n")
    for i in range(v.r.randint(2, 4)):
        first, last = v.person()
        d.fill("(⟨id⟩,'⟨name⟩','⟨mail⟩','⟨ph⟩','⟨ssn⟩','⟨ref⟩','2025-1⟨m⟩-⟨dd⟩ 14:0⟨h⟩:11')" + ("," if i < 3 else ";") + "\n",
               id=str(v.r.randint(1000, 9999)), name=v.name(first, last), mail=v.email(first, last), ph=v.phone("US"), ssn=v.ssn("-"),
               ref=v.order_no(), m=str(v.r.randint(0, 2)), dd=str(v.r.randint(10, 28)), h=str(v.r.randint(0, 9)))
    d.add("Can you write a query to find duplicates by email?")


@template("sql_dump", weight=2)
def sql_logins(v: Values, d: Doc) -> None:
    d.fill("""-- provisioning script, run as sa
CREATE LOGIN [svc_reporting] WITH PASSWORD = N'⟨p1⟩', CHECK_POLICY = ON;
ALTER ROLE db_datareader ADD MEMBER [svc_reporting];
CREATE USER etl IDENTIFIED BY '⟨p2⟩';  -- Oracle side
ALTER USER 'app'@'⟨ip⟩' IDENTIFIED BY '⟨p3⟩';
CREATE ROLE analyst WITH LOGIN PASSWORD '⟨p4⟩' VALID UNTIL '2026-12-31';
-- GL mapping
UPDATE gl_accounts SET cost_center = 'CC-4410' WHERE account = '⟨gl⟩';
Why does the Oracle line fail with ORA-00988?""", p1=v.pw("password_kv"), p2=v.pw("password_kv"), ip=v.ipv4(True),
           p3=v.pw("password_kv"), p4=v.pw("password_kv"), gl=v.gl_account())


@template("sql_dump")
def sql_payments(v: Values, d: Doc) -> None:
    d.add("COPY public.payouts (id, beneficiary, iban, amount_eur, lot, booked_at) FROM stdin;\n")
    for _ in range(v.r.randint(3, 5)):
        first, last = v.person()
        d.fill("⟨id⟩\t⟨name⟩\t⟨iban⟩\t⟨amt⟩\t⟨lot⟩\t2026-02-⟨dd⟩ 09:30:00+01\n", id=str(v.r.randint(10000, 99999)),
               name=v.name(first, last), iban=v.iban(), amt=f"{v.r.randint(100, 99999)}.{v.r.randint(10, 99)}", lot=v.lot(),
               dd=str(v.r.randint(10, 28)))
    d.add("\\.\nThe sum per lot doesn't match the bank statement.")


# ---------------------------------------------------------------------------------------------
# CSV extracts
# ---------------------------------------------------------------------------------------------


@template("csv", weight=3)
def csv_hr(v: Values, d: Doc) -> None:
    d.add("employee_id,name,email,mobile,iban,ssn,cost_center,start_date\n")
    for _ in range(v.r.randint(2, 4)):
        first, last = v.person()
        d.fill("E⟨id⟩,⟨name⟩,⟨mail⟩,⟨ph⟩,⟨iban⟩,⟨ssn⟩,⟨gl⟩,2024-0⟨m⟩-15\n", id=str(v.r.randint(10000, 99999)),
               name=v.name(first, last), mail=v.email(first, last), ph=v.phone(), iban=v.iban(), ssn=v.ssn("-"),
               gl=v.gl_account(), m=str(v.r.randint(1, 9)))
    d.add("Please pivot this by cost center and hide nothing, it's for the auditor.")


@template("csv", weight=2)
def csv_transactions(v: Values, d: Doc) -> None:
    d.add("txn_id;date;card_number;amount;merchant;terminal_ip;imei\n")
    for _ in range(v.r.randint(3, 5)):
        d.fill("⟨id⟩;2026-03-0⟨dd⟩;⟨card⟩;⟨amt⟩;⟨mer⟩;⟨ip⟩;⟨imei⟩\n", id=v.non_luhn16(), dd=str(v.r.randint(1, 9)), card=v.card(),
               amt=f"{v.r.randint(1, 999)},{v.r.randint(10, 99)}", mer=v.pick(["HOTEL ADLON", "SHELL 4471", "AMZN MKTP DE", "UBER *TRIP"]),
               ip=v.ipv4(), imei=v.imei())
    d.add("Flag the transactions that look like fraud.")


@template("csv")
def csv_inventory(v: Values, d: Doc) -> None:
    """Only hard negatives and a contact line."""
    d.add("sku,lot,gl_account,firmware,serial,po\n")
    for _ in range(v.r.randint(3, 5)):
        d.fill("SKU-⟨s⟩,⟨lot⟩,⟨gl⟩,⟨fw⟩,⟨ser⟩,⟨po⟩\n", s=str(v.r.randint(1000, 9999)), lot=v.lot(), gl=v.gl_account(), fw=v.version4(),
               ser=Neg(v.chars("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 12), "serial", "CREDENTIAL"), po=v.order_no())
    d.fill("Questions to ⟨mail⟩ or tell ⟨first⟩ on ext. ⟨ext⟩.", mail=v.role_email(), first=v.first(), ext=str(v.r.randint(2000, 4999)))


# ---------------------------------------------------------------------------------------------
# Application logs
# ---------------------------------------------------------------------------------------------


@template("app_log", weight=3)
def app_log(v: Values, d: Doc) -> None:
    leaks = v.r.sample([
        ("DEBUG StorageClient: using connection string ⟨x⟩", v.any_conn),
        ("INFO  Downloading https://⟨acct⟩.blob.core.windows.net/models/v3.onnx?⟨x⟩", v.sas),
        ("DEBUG HttpClient: Authorization: Bearer ⟨x⟩", v.jwt),
        ("WARN  retrying with api-key ⟨x⟩ after 401", v.aoai),
        ("ERROR Failed to connect to mongodb+srv://app:⟨x⟩@cluster0.ab1cd.mongodb.net/prod?retryWrites=true", lambda: v.pw("password_url", v.SAFE_URL)),
        ("DEBUG amqp connect amqp://orders:⟨x⟩@rabbit.internal:5672/vhost", lambda: v.pw("password_url", v.SAFE_URL)),
        ("INFO  ftp upload to ftp://exports:⟨x⟩@ftp.partner.example/in/", lambda: v.pw("password_url", v.SAFE_URL)),
        ("DEBUG loaded key -----BEGIN PRIVATE KEY----- ... (truncated) fingerprint ⟨x⟩", lambda: Neg(":".join(v.hexs(2) for _ in range(16)), "fingerprint", "CREDENTIAL")),
        ("DEBUG SMTP AUTH LOGIN user=⟨m⟩ pass=⟨x⟩", lambda: v.pw("password_kv", v.SAFE_BARE + " ")),
        ("INFO  Slack notify xoxb token=⟨x⟩ channel=C0⟨ch⟩", v.slack),
    ], v.r.randint(2, 4))
    noise = [("INFO  request from ⟨x⟩ completed in 182 ms", v.ip),
             ("INFO  build ⟨x⟩ deployed", lambda: Neg(f"{v.r.randint(1, 9)}.{v.r.randint(0, 30)}.{v.r.randint(0, 200)}.{v.r.randint(1000, 9999)}", "build", "IP_ADDRESS")),
             ("DEBUG cache hit for key user:⟨x⟩", v.guid_neg),
             ("INFO  listening on port 8443 (pid ⟨x⟩)", lambda: str(v.r.randint(1000, 65000))),
             ("INFO  SNMP poll oid ⟨x⟩ ok", v.oid),
             ("WARN  slow query 2271 ms order ⟨x⟩", v.order_no)]
    lines = leaks + v.r.sample(noise, 3)
    v.r.shuffle(lines)
    for line, make in lines:
        d.fill(f"2026-03-{v.r.randint(10, 28)} {v.r.randint(10, 23)}:{v.r.randint(10, 59)}:{v.r.randint(10, 59)},{v.r.randint(100, 999)} " + line + "\n",
               x=make(), acct=v.account(), m=v.role_email(), ch=v.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8))
    d.add("what is causing the retries?")


@template("app_log", weight=2)
def nginx_access(v: Values, d: Doc) -> None:
    for _ in range(v.r.randint(3, 5)):
        path = v.pick(["/api/orders?page=2", "/login", "/health", "/static/app.js?v=⟨x⟩", "/api/export?token=⟨tok⟩&fmt=csv"])
        tok = v.opaque_bearer() if "token=" in path else ""
        d.fill("⟨ip⟩ - - [14/Mar/2026:07:5⟨m⟩:0⟨s⟩ +0100] \"GET " + path + " HTTP/1.1\" 200 ⟨b⟩ \"-\" \"Mozilla/5.0\" rt=0.0⟨rt⟩\n",
               ip=v.ip(), m=str(v.r.randint(0, 9)), s=str(v.r.randint(0, 9)), b=str(v.r.randint(200, 90000)), rt=str(v.r.randint(10, 99)),
               x=Neg(v.hexs(8), "cache_buster", "CREDENTIAL"), tok=tok)
    d.add("Is someone scraping us? The first IP shows up 40k times.")
