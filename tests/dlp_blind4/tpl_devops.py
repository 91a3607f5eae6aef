"""Infrastructure and pipeline files: Terraform, Bicep, ARM, Helm values, GitHub Actions, Azure DevOps,
Kubernetes secrets, docker compose, .env, PowerShell and bash transcripts."""

from __future__ import annotations

import base64

from tests.dlp_blind4.build import Doc, template
from tests.dlp_blind4.values import CRED, Val, Values


@template("terraform", weight=3)
def terraform(v: Values, d: Doc) -> None:
    d.fill("Why does `terraform plan` want to recreate this?\n\n```hcl\nprovider \"azurerm\" {\n  features {}\n"
           "  subscription_id = \"⟨sub⟩\"\n  client_id       = \"⟨cid⟩\"\n  client_secret   = \"⟨sec⟩\"\n}\n\n"
           "resource \"azurerm_cognitive_account\" \"aoai\" {\n  name = \"⟨h⟩-aoai\"\n  custom_subdomain_name = \"⟨h⟩\"\n}\n\n"
           "resource \"azurerm_network_security_rule\" \"ssh\" {\n  source_address_prefix = \"⟨ip⟩/32\"\n  destination_address_prefix = \"⟨pip⟩\"\n}\n"
           "variable \"admin_password\" {\n  default = \"⟨pw⟩\"\n}\n```\nState lock id ⟨lock⟩.",
           sub=v.n_guid(), cid=v.n_tenant(), sec=v.entra(), h=v.host(), ip=v.ipv4(False), pip=v.ipv4(True),
           pw=v.password("password_yaml"), lock=v.n_guid())


@template("bicep_arm", weight=2)
def bicep_arm(v: Values, d: Doc) -> None:
    if v.r.random() < 0.5:
        d.fill("param location string = resourceGroup().location\nvar storageKey = '⟨k⟩'\n"
               "resource kv 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {\n  name: 'kv-⟨h⟩/cosmos-key'\n"
               "  properties: { value: '⟨ck⟩' }\n}\n// deployment ⟨dep⟩, template hash ⟨hash⟩\nWhy is the linter warning about secrets here?",
               k=v.storage_key(), h=v.host(), ck=v.cosmos_key(), dep=v.n_guid(), hash=v.n_md5())
    else:
        d.fill("{\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#\",\n"
               "  \"contentVersion\": \"⟨ver⟩\",\n  \"parameters\": {\n    \"adminUsername\": { \"value\": \"azureadmin\" },\n"
               "    \"adminPassword\": { \"value\": \"⟨pw⟩\" },\n    \"serviceBusConnection\": { \"value\": \"⟨sb⟩\" },\n"
               "    \"allowedIp\": { \"value\": \"⟨ip⟩\" }\n  }\n}\nConvert this ARM parameter file to Bicep.",
               ver=v.n_version(), pw=v.password("password_kv"), sb=v.conn_sb(), ip=v.ip())


@template("helm_values", weight=3)
def helm_values(v: Values, d: Doc) -> None:
    d.fill("# values-prod.yaml\nimage:\n  repository: ⟨h⟩.azurecr.io/⟨w⟩\n  tag: \"⟨ver⟩\"\n  digest: sha256:⟨dg⟩\n"
           "env:\n  AZURE_OPENAI_KEY: ⟨k⟩\n  REDIS_PASSWORD: ⟨pw⟩\n  SENDGRID_API_KEY: \"⟨sg⟩\"\n  PLACEHOLDER_KEY: \"⟨ph⟩\"\n"
           "ingress:\n  loadBalancerIP: ⟨ip⟩\nalerts:\n  slackWebhook: ⟨wh⟩\n\nHow do I move these into Key Vault with the CSI driver?",
           h=v.host(), w=v.word(), ver=v.n_version(), dg=v.n_sha256(), k=v.aoai(), pw=v.password_nourl("password_yaml"),
           sg=v.sendgrid(), ph=v.n_placeholder(), ip=v.ipv4(False), wh=v.slack_webhook())


@template("github_actions", weight=3)
def github_actions(v: Values, d: Doc) -> None:
    d.fill("name: deploy\non: [push]\nenv:\n  NPM_TOKEN: ⟨npm⟩\n  AWS_ACCESS_KEY_ID: ⟨aid⟩\n  AWS_SECRET_ACCESS_KEY: ⟨sec⟩\n"
           "  EXAMPLE_KEY_FROM_DOCS: ⟨ex⟩\n  AZURE_CLIENT_ID: ⟨cid⟩\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
           "      - uses: actions/checkout@⟨sha⟩\n      - run: echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > ~/.npmrc\n"
           "      - run: twine upload -u __token__ -p ⟨pypi⟩ dist/*\n\nThe job log says run ⟨run⟩ failed, why?",
           npm=v.npm(), aid=v.aws_id(), sec=v.aws_secret(), ex=v.n_example_aws(), cid=v.n_tenant(), sha=v.n_sha1(),
           pypi=v.pypi(), run=v.n_epoch_ms())


@template("azure_devops_yaml", weight=3)
def azure_devops_yaml(v: Values, d: Doc) -> None:
    d.fill("trigger:\n- main\nvariables:\n  buildConfiguration: 'Release'\n  AZDO_PAT: '⟨pat⟩'\n  sqlPassword: ⟨pw⟩\n"
           "  storageConn: '⟨cs⟩'\n  blobSas: '?⟨sas⟩'\nsteps:\n- script: dotnet build --configuration $(buildConfiguration) /p:Version=⟨ver⟩\n"
           "- task: AzureCLI@2\n  inputs:\n    inlineScript: az login --service-principal -u ⟨cid⟩ -p ⟨es⟩ --tenant ⟨tid⟩\n\n"
           "Pipeline ⟨bn⟩ leaks these in logs, how do I mark them secret?",
           pat=v.ado(), pw=v.password_nourl("password_yaml"), cs=v.conn_storage(), sas=v.sas(), ver=v.n_version(),
           cid=v.n_tenant(), es=v.entra(), tid=v.n_tenant(), bn=v.n_build())


@template("k8s_secret", weight=3)
def k8s_secret(v: Values, d: Doc) -> None:
    pw = v.password("password_kv").text
    b = base64.b64encode(pw.encode()).decode()
    key = v.pick([v.openai, v.aoai, v.stripe, v.google])().text
    bk = base64.b64encode(key.encode()).decode()
    d.fill("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ⟨w⟩-secrets\n  uid: ⟨uid⟩\ntype: Opaque\ndata:\n"
           "  db-password: ⟨b⟩\n  api-key: ⟨bk⟩\n  tls-enabled: dHJ1ZQ==\nstringData:\n  webhook: ⟨wh⟩\n---\n"
           "Why does the pod see a different value than what I base64-encoded?",
           w=v.word(), uid=v.n_guid(), b=Val(b, CRED, "k8s_secret_b64"), bk=Val(bk, CRED, "k8s_secret_b64"), wh=v.slack_webhook())


@template("docker_compose", weight=3)
def docker_compose(v: Values, d: Doc) -> None:
    d.fill("services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: ⟨pw⟩\n      POSTGRES_USER: app\n"
           "  api:\n    image: ⟨h⟩.azurecr.io/api@sha256:⟨dg⟩\n    environment:\n      - DATABASE_URL=postgresql://app:⟨pw2⟩@db:5432/app\n"
           "      - MAILGUN_API_KEY=⟨mg⟩\n      - TWILIO_API_KEY=⟨tw⟩\n      - HF_TOKEN=⟨hf⟩\n    extra_hosts:\n      - \"legacy:⟨ip⟩\"\n"
           "    ports: [\"8080:8080\"]\n\ncompose up fails with exit code 137, ideas?",
           pw=v.password_nourl("password_yaml"), h=v.host(), dg=v.n_sha256(), pw2=v.password_nourl("password_url"),
           mg=v.mailgun(), tw=v.twilio(), hf=v.hf(), ip=v.ipv4(True))


@template("dotenv", weight=3)
def dotenv(v: Values, d: Doc) -> None:
    d.fill("# .env.local — do not commit\nNODE_ENV=production\nANTHROPIC_API_KEY=⟨an⟩\nSTRIPE_SECRET_KEY=⟨st⟩\n"
           "STRIPE_PUBLISHABLE_KEY=⟨pk⟩\nGOOGLE_MAPS_KEY=⟨gk⟩\nCOSMOS_KEY=⟨ck⟩\nSENTRY_RELEASE=⟨sha⟩\nGITLAB_TOKEN=⟨gl⟩\n"
           "SMTP_PASS='⟨pw⟩'\nADMIN_EMAIL=⟨e⟩\nAPP_BUILD=⟨bn⟩\n\nWhich of these are safe to expose to the browser?",
           an=v.anthropic(), st=v.stripe(), pk=v.n_pk_live(), gk=v.google(), ck=v.cosmos_key(), sha=v.n_sha1(), gl=v.gitlab(),
           pw=v.password("password_kv"), e=v.email(), bn=v.n_build())


@template("powershell", weight=3)
def powershell(v: Values, d: Doc) -> None:
    d.fill("PS C:\\Users\\⟨u⟩> $env:AZURE_OPENAI_API_KEY = \"⟨k⟩\"\nPS C:\\Users\\⟨u⟩> $secpw = ConvertTo-SecureString \"⟨pw⟩\" -AsPlainText -Force\n"
           "PS C:\\Users\\⟨u⟩> Connect-AzAccount -ServicePrincipal -TenantId ⟨tid⟩ -Credential $cred\n"
           "WARNING: TenantId '⟨tid2⟩' contains more than one active subscription.\nPS C:\\Users\\⟨u⟩> Test-NetConnection ⟨ip⟩ -Port 443\n"
           "ComputerName     : ⟨ip2⟩\nRemoteAddress    : ⟨ip3⟩\nTcpTestSucceeded : False\nPS C:\\Users\\⟨u⟩> [System.Environment]::OSVersion.Version\n⟨ver⟩\n\n"
           "What is wrong with my network?",
           u=v.first().lower(), k=v.aoai(), pw=v.password("password_cli"), tid=v.n_tenant(), tid2=v.n_tenant(),
           ip=v.ipv4(False), ip2=v.ipv4(False), ip3=v.ipv6(), ver=v.n_version())


@template("bash_transcript", weight=3)
def bash_transcript(v: Values, d: Doc) -> None:
    d.fill("$ export OPENAI_API_KEY=⟨ok⟩\n$ mysql -h ⟨ip⟩ -u root -p⟨pw⟩ -e 'show databases'\nERROR 2003 (HY000): Can't connect (110)\n"
           "$ git log -1 --format=%H\n⟨sha⟩\n$ curl -s ifconfig.me\n⟨pub⟩\n$ docker login -u ⟨u⟩ -p ⟨gh⟩ ghcr.io\nLogin Succeeded\n"
           "$ md5sum backup.tar.gz\n⟨md5⟩  backup.tar.gz\n\nwhy can't mysql connect?",
           ok=v.openai(), ip=v.ipv4(True), pw=v.password_nourl("password_cli"), sha=v.n_sha1(), pub=v.ip(), u=v.first().lower(),
           gh=v.github(), md5=v.n_md5())
