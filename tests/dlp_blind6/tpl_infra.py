"""Infrastructure and operations texts: Terraform and tfstate, Bicep / ARM parameters, PowerShell,
Dockerfiles, systemd units, crontabs, GitHub Actions logs, Kubernetes events, Jupyter notebooks,
Postman exports, OpenAPI examples, GraphQL and gRPC dumps, Windows / Sysmon events, journald, KQL
and Splunk results."""

from __future__ import annotations

from tests.dlp_blind6.build import Doc, template
from tests.dlp_blind6.values import Values, cred


@template("terraform_tfvars", weight=2)
def _terraform(v: Values, d: Doc) -> None:
    d.fill('Our `terraform plan` keeps failing on the provider block, can you see why? Here is prod.auto.tfvars:\n\n'
           '```hcl\nsubscription_id    = "⟨sub⟩"\nadmin_username     = "azureops"\nadmin_password     = "⟨pw⟩"\n'
           'sql_admin_password = ⟨ph⟩\nallowed_cidrs      = ["⟨ip1⟩/32", "⟨ip2⟩/32"]\nmgmt_mask          = "⟨nm1⟩"\nnotification_email = "⟨em⟩"\n'
           'openai_api_key     = "⟨key⟩"\nimage_digest       = "⟨dig⟩"\n```\n',
           sub=v.neg("guid"), pw=v.pw("password_kv"), ph=v.pw_neg(), ip1=v.ipv4(False), ip2=v.ipv4(False), nm1=v.ip_neg(), em=v.email(),
           key=v.aoai_key(), dig=v.neg("sha256"))
    if v.chance(0.5):
        d.fill('\nand the backend:\n```hcl\nbackend "azurerm" {\n  storage_account_name = "tfstate⟨n⟩"\n  access_key = "⟨k⟩"\n}\n```\n',
               n=v.word(), k=v.storage_key())


@template("tfstate_json", weight=2)
def _tfstate(v: Values, d: Doc) -> None:
    cs = v.conn_string("storage")
    d.fill('Why does this state file show a diff every run? (terraform.tfstate excerpt)\n{\n  "version": 4,\n'
           '  "terraform_version": "⟨ver⟩",\n  "serial": ⟨serial⟩,\n  "lineage": "⟨lin⟩",\n  "resources": [{\n'
           '    "type": "azurerm_storage_account", "name": "logs",\n    "instances": [{"attributes": {\n'
           '      "primary_access_key": "⟨k⟩",\n      "primary_connection_string": "⟨cs⟩",\n'
           '      "public_network_access_enabled": false,\n      "emulator_key": "⟨az⟩",\n      "doc_ip": "⟨dip⟩",\n      "ip_rules": ["⟨ip⟩"],\n      "id": "/subscriptions/⟨sub⟩/resourceGroups/rg-logs"\n'
           '    }}]\n  }, {\n    "type": "azurerm_linux_virtual_machine", "name": "jump",\n    "instances": [{"attributes": {\n'
           '      "admin_password": "⟨pw⟩",\n      "private_key_pem": "⟨pem⟩",\n      "private_ip_address": "⟨pip⟩",\n      "tags": {"owner": "⟨own⟩", "cost_center": "⟨cc⟩"}\n'
           '    }}]\n  }]\n}',
           ver=v.neg("version"), serial=str(v.num(10, 900)), lin=v.neg("guid"), k=v.storage_key(), cs=cs, az=v.neg("azurite_key"),
           dip=v.ip_neg(), ip=v.ipv4(False),
           sub=v.neg("guid"), pw=v.pw("password_kv"), pem=v.private_key(escaped=True), pip=v.ipv4(True), own=v.email(), cc=v.neg("invoice_no"))


@template("terraform_plan_output")
def _tfplan(v: Values, d: Doc) -> None:
    d.fill('  # azurerm_key_vault_secret.db will be updated in-place\n  ~ resource "azurerm_key_vault_secret" "db" {\n'
           '        id    = "https://kv-⟨w⟩.vault.azure.net/secrets/db/⟨h⟩"\n      ~ value = (sensitive value)\n    }\n\n'
           '  # azurerm_network_security_rule.ssh must be replaced\n-/+ resource "azurerm_network_security_rule" "ssh" {\n'
           '      ~ source_address_prefix = "⟨ip1⟩" -> "⟨ip2⟩" # forces replacement\n    }\n\n'
           '  # null_resource.bootstrap will be created\n  + resource "null_resource" "bootstrap" {\n'
           '      + triggers = {\n          + "cmd" = "mysql -h ⟨ip3⟩ -u root -p⟨pw⟩ < seed.sql"\n        }\n    }\n\n'
           'Plan: 1 to add, 1 to change, 1 to destroy. Is the bootstrap trigger going to leak anything?',
           w=v.word(), h=v.neg("md5_etag"), ip1=v.ipv4(), ip2=v.ipv4(), ip3=v.ipv4(True), pw=v.pw("password_cli"))


@template("bicep_arm_parameters")
def _bicep(v: Values, d: Doc) -> None:
    d.fill('azuredeploy.parameters.json — deployment fails with InvalidTemplate, please check:\n{\n'
           '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n'
           '  "contentVersion": "⟨ver⟩",\n  "parameters": {\n    "adminLogin": {"value": "dbadmin"},\n'
           '    "adminLoginPassword": {"value": "⟨pw⟩"},\n    "cosmosKey": {"value": "⟨ck⟩"},\n'
           '    "alertPhone": {"value": "⟨ph⟩"},\n    "ownerName": {"value": "⟨own⟩"},\n'
           '    "vaultRef": {"reference": {"keyVault": {"id": "/subscriptions/⟨sub⟩/..."}, "secretName": "sp-secret"}},\n'
           '    "spSecret": {"value": "⟨ent⟩"}\n  }\n}\n\nand the bicep line: `param storageSas string = \'⟨sas⟩\'`',
           ver=v.neg("version"), pw=v.pw("password_kv"), ck=v.cosmos_key(), ph=v.phone(fmt="e164"), own=v.person(),
           sub=v.neg("guid"), ent=v.entra(), sas=v.sas())


@template("powershell_session", weight=2)
def _powershell(v: Values, d: Doc) -> None:
    d.fill('PS C:\\Users\\⟨u⟩> $pw = ConvertTo-SecureString "⟨pw⟩" -AsPlainText -Force\n'
           'PS C:\\Users\\⟨u2⟩> $cred = New-Object System.Management.Automation.PSCredential ("svc-backup", $pw)\n'
           'PS C:\\Users\\⟨u3⟩> Connect-AzAccount -ServicePrincipal -TenantId ⟨tid⟩ -Credential (New-Object PSCredential("⟨app⟩", (ConvertTo-SecureString \'⟨sec⟩\' -AsPlainText -Force)))\n'
           'PS C:\\Users\\⟨u4⟩> Test-NetConnection ⟨ip⟩ -Port 1433\nComputerName     : ⟨ip2⟩\nRemoteAddress    : ⟨ip3⟩\n'
           'TcpTestSucceeded : False\nPS C:\\Users\\⟨u5⟩> net use Z: \\\\fs01\\finance /user:CORP\\svc-backup ⟨pw2⟩\n\n'
           'Why does Connect-AzAccount say AADSTS7000215?',
           u=v.pfirst(), u2=v.neg("serial"), u3=v.neg("build_id"), u4=v.neg("version"), u5=v.neg("isbn"),
           pw=v.pw("password_ctor"), tid=v.neg("guid"), app=v.neg("guid"), sec=v.entra(), ip=v.ipv4(True),
           ip2=v.ipv4(True), ip3=v.ipv4(True), pw2=v.pw("password_cli"))


@template("powershell_script")
def _ps_script(v: Values, d: Doc) -> None:
    d.fill('# rotate.ps1 — please refactor to use Key Vault\n$storageKey = "⟨sk⟩"\n$env:AZURE_OPENAI_API_KEY = \'⟨ak⟩\'\n'
           '$headers = @{ "Authorization" = "Bearer ⟨bt⟩"; "x-ms-client-request-id" = "⟨rid⟩" }\n'
           'Invoke-RestMethod -Uri "https://⟨w⟩.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21" -Headers $headers\n'
           '$smtp = New-Object Net.Mail.SmtpClient("smtp.office365.com", 587)\n'
           '$smtp.Credentials = New-Object System.Net.NetworkCredential("⟨em⟩", "⟨pw⟩")\n'
           'Send-MailMessage -To "⟨em2⟩" -Subject "rotated" -Body "done by ⟨nm⟩"\n',
           sk=v.storage_key(), ak=v.aoai_key(), bt=v.bearer(), rid=v.neg("guid"), w=v.word(), em=v.email(), pw=v.pw("password_ctor"),
           em2=v.email(), nm=v.person())


@template("dockerfile")
def _dockerfile(v: Values, d: Doc) -> None:
    k1, c1 = cred(v)
    d.fill('Can you slim this Dockerfile down?\n\n```dockerfile\nFROM python:3.11-slim@⟨dig⟩\nARG PIP_INDEX_URL=⟨url⟩\n'
           'ENV ⟨k1⟩=⟨c1⟩ \\\n    HF_HOME=/models \\\n    HF_TOKEN=⟨hf⟩\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=⟨npm⟩" > ~/.npmrc\n'
           'LABEL maintainer="⟨em⟩" build="⟨bid⟩"\nEXPOSE 8080\n```',
           dig=v.neg("sha256"), url=v.url_with_password("https"), k1=k1, c1=c1, hf=v.hf(), npm=v.npm(), em=v.email(),
           bid=v.neg("build_id"))


@template("systemd_unit")
def _systemd(v: Values, d: Doc) -> None:
    d.fill('/etc/systemd/system/ingest.service\n[Unit]\nDescription=Log ingest worker\nAfter=network-online.target\n\n'
           '[Service]\nUser=ingest\nEnvironment="DATABASE_URL=⟨url⟩"\nEnvironment=OPENAI_API_KEY=⟨ok⟩\n'
           'Environment="MAILGUN_API_KEY=⟨mg⟩"\nExecStart=/opt/ingest/bin/worker --listen ⟨ip⟩:9100 --token ⟨bt⟩\n'
           'Restart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n\n'
           'journalctl says "status=203/EXEC". What is wrong?',
           url=v.url_with_password("postgresql"), ok=v.openai(), mg=v.mailgun(), ip=v.ipv4(True), bt=v.bearer())


@template("crontab")
def _crontab(v: Values, d: Doc) -> None:
    d.fill('crontab -l on the reporting box:\n# m h dom mon dow command\n'
           '15 2 * * * PGPASSWORD=\'⟨pw⟩\' pg_dump -h ⟨ip⟩ -U report sales | gzip > /backup/sales.gz\n'
           '*/5 * * * * curl -fsS -H "Authorization: token ⟨gh⟩" https://api.github.com/repos/acme/ops/dispatches\n'
           '0 6 * * 1 /usr/local/bin/notify --to ⟨ph⟩ --sid ⟨tw⟩\n'
           '30 23 * * * AWS_ACCESS_KEY_ID=⟨ak⟩ AWS_SECRET_ACCESS_KEY=⟨sk⟩ aws s3 sync /data s3://archive-⟨w⟩\n'
           '# owner: ⟨nm⟩, build ⟨bid⟩, example creds ⟨doc⟩ / ⟨doc2⟩\nWhy does the 2am job email me "pg_dump: error: connection refused"?',
           pw=v.pw("password_kv"), ip=v.ipv4(True), gh=v.github(), ph=v.phone(fmt="e164"), tw=v.twilio(), ak=v.aws_id(),
           sk=v.aws_secret(), w=v.word(), nm=v.person(), bid=v.neg("build_id"), doc=v.neg("aws_doc_key"),
           doc2=v.neg("aws_doc_key"))


@template("github_actions_log", weight=2)
def _gha(v: Values, d: Doc) -> None:
    d.fill('2026-12-06T14:02:11.8841920Z ##[group]Run echo "::add-mask::$TOKEN"\n'
           '2026-12-06T14:02:11.8843001Z echo "::add-mask::⟨t1⟩"\n2026-12-06T14:02:11.8843511Z ##[endgroup]\n'
           '2026-12-06T14:02:12.0120034Z Run npm publish --access public\n2026-12-06T14:02:12.0121100Z env:\n'
           '2026-12-06T14:02:12.0121502Z   NODE_AUTH_TOKEN: ⟨npm⟩\n2026-12-06T14:02:12.0121877Z   DB_PASSWORD: ***\n'
           '2026-12-06T14:02:13.4410091Z npm notice Publishing to https://registry.npmjs.org/ with tag latest\n'
           '2026-12-06T14:02:14.1020022Z Deploying to ⟨ip⟩ as ⟨nm⟩ (⟨em⟩)\n'
           '2026-12-06T14:02:14.9931200Z Error: HttpError: Bad credentials (token ⟨neg⟩)\n'
           'The job still fails — which secret is wrong?',
           t1=v.github(), npm=v.npm(), ip=v.ipv4(False), nm=v.person(), em=v.email(), neg=v.key_neg())


@template("kubernetes_events")
def _k8s(v: Values, d: Doc) -> None:
    d.fill('$ kubectl describe pod api-7d9c⟨h⟩ -n payments\nName:         api-7d9c\nNode:         aks-np1-⟨node⟩/⟨nip⟩\n'
           'IP:           ⟨pip⟩\nIPs:\n  IP:  ⟨pip6⟩\nContainers:\n  api:\n    Environment:\n'
           '      STRIPE_SECRET_KEY:   ⟨sk⟩\n      SENDGRID_API_KEY:    ⟨sg⟩\n      REDIS_URL:           ⟨ru⟩\n'
           '      DB_PASSWORD:         <set to the key \'password\' in secret \'db\'>  Optional: false\n'
           'Events:\n  Warning  BackOff  2m  kubelet  Back-off restarting failed container api (uid ⟨uid⟩)\n'
           '  Normal   Pulled   3m  kubelet  Successfully pulled image "acr.azurecr.io/api@⟨dig⟩"\n',
           h=v.neg("serial"), node=v.neg("build_id"), nip=v.ipv4(True), pip=v.ipv4(True), pip6=v.ipv6(True), sk=v.stripe(),
           sg=v.sendgrid(), ru=v.url_with_password("rediss"), uid=v.neg("guid"), dig=v.neg("sha256"))


@template("jupyter_notebook", weight=2)
def _notebook(v: Values, d: Doc) -> None:
    key = v.aoai_key()
    d.fill('{\n "cells": [\n  {"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [], "source": [\n'
           '    "import openai, pandas as pd\\n",\n    "client = openai.AzureOpenAI(api_key=\\"⟨k⟩\\", azure_endpoint=\\"https://⟨w⟩.openai.azure.com\\")\\n",\n'
           '    "df = pd.read_csv(\\"customers.csv\\")"\n  ]},\n  {"cell_type": "code", "execution_count": 4, "outputs": [{\n'
           '    "output_type": "execute_result", "data": {"text/plain": [\n'
           '     "   customer_id            name                       email             iban\\n",\n'
           '     "0  ⟨id1⟩  ⟨n1⟩  ⟨e1⟩  ⟨i1⟩\\n",\n     "1  ⟨id2⟩  ⟨n2⟩  ⟨e2⟩  ⟨i2⟩"\n    ]}}],\n'
           '   "source": ["df.head(2)"]}\n ],\n "metadata": {"kernelspec": {"name": "python3"}}\n}\n'
           'Summarise what this notebook does and whether it is safe to share.',
           k=key, w=v.word(), id1=v.neg("order_no"), n1=v.person(), e1=v.email(), i1=v.iban(grouped=False),
           id2=v.neg("order_no"), n2=v.person(), e2=v.email(), i2=v.iban(grouped=False))


@template("postman_environment")
def _postman(v: Values, d: Doc) -> None:
    d.fill('Exported Postman environment (prod.postman_environment.json) — convert it to a .env please:\n'
           '{\n  "id": "⟨id⟩",\n  "name": "Payments PROD",\n  "values": [\n'
           '    {"key": "baseUrl", "value": "https://⟨ip⟩:8443", "enabled": true},\n'
           '    {"key": "client_secret", "value": "⟨ent⟩", "type": "secret", "enabled": true},\n'
           '    {"key": "accessToken", "value": "⟨jwt⟩", "type": "secret"},\n'
           '    {"key": "stripeKey", "value": "⟨sk⟩"},\n    {"key": "testCard", "value": "⟨tc⟩"},\n'
           '    {"key": "password", "value": "⟨pw⟩"},\n    {"key": "googleKey", "value": "⟨gk⟩"}\n  ],\n'
           '  "_postman_exported_using": "Postman/11.⟨n⟩"\n}',
           id=v.neg("guid"), ip=v.ipv4(False), ent=v.entra(), jwt=v.jwt(), sk=v.stripe(), tc=v.card_neg(), pw=v.pw("password_kv"),
           gk=v.google(), n=v.neg("build_id"))


@template("openapi_example")
def _openapi(v: Values, d: Doc) -> None:
    d.fill('openapi: 3.0.3\npaths:\n  /v2/customers:\n    post:\n      requestBody:\n        content:\n'
           '          application/json:\n            example:\n              fullName: ⟨nm⟩\n              email: ⟨em⟩\n'
           '              phone: "⟨ph⟩"\n              ssn: "⟨ssn⟩"\n              card: "⟨cc⟩"\n              iban: ⟨ib⟩\n'
           '      security:\n        - apiKey: []\ncomponents:\n  securitySchemes:\n    apiKey: {type: apiKey, in: header, name: X-Api-Key}\n'
           'x-internal-test-key: ⟨tok⟩\n\nThe team copied a real customer into the example. Which fields should I replace?',
           nm=v.person(), em=v.email(), ph=v.phone(), ssn=v.ssn(), cc=v.card(), ib=v.iban(grouped=False), tok=v.sendgrid())


@template("graphql_request")
def _graphql(v: Values, d: Doc) -> None:
    d.fill('POST /graphql HTTP/1.1\nHost: api.internal\nAuthorization: Bearer ⟨bt⟩\nX-Forwarded-For: ⟨ip⟩, ⟨ip2⟩\n\n'
           '{"query":"mutation UpdateProfile($in: ProfileInput!) { updateProfile(input: $in) { id } }",\n'
           ' "variables":{"in":{"id":"⟨gid⟩","displayName":"⟨nm⟩","email":"⟨em⟩","mobile":"⟨ph⟩",\n'
           ' "payout":{"iban":"⟨ib⟩","holder":"⟨nm2⟩"}}}}\n\nThe response is `{"errors":[{"message":"IBAN invalid"}]}` — is it?',
           bt=v.jwt(), ip=v.ipv4(False), ip2=v.ipv4(True), gid=v.neg("guid"), nm=v.person(), em=v.email(), ph=v.phone(fmt="e164"),
           ib=v.iban(), nm2=v.person())


@template("grpc_metadata")
def _grpc(v: Values, d: Doc) -> None:
    d.fill('grpcurl -v -H "authorization: Bearer ⟨bt⟩" -H "x-api-key: ⟨gk⟩" ⟨ip⟩:50051 billing.v1.Billing/Charge\n\n'
           'Resolved method descriptor:\nrpc Charge ( .billing.v1.ChargeRequest ) returns ( .billing.v1.ChargeReply );\n\n'
           'Request metadata to send:\nauthorization: Bearer ⟨bt2⟩\nx-api-key: ⟨gk2⟩\n\nResponse headers received:\n'
           'grpc-trace-bin: ⟨tr⟩\ncontent-type: application/grpc\n\nResponse trailers received:\n'
           'grpc-status: 16\ngrpc-message: card ⟨cc⟩ rejected for customer ⟨nm⟩\n',
           bt=v.bearer(), gk=v.google(), ip=v.ipv4(True), bt2=v.neg("traceparent"), gk2=v.key_neg(), tr=v.neg("cursor"),
           cc=v.card(), nm=v.person())


@template("windows_event_xml")
def _winevent(v: Values, d: Doc) -> None:
    d.fill('<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\n  <System><EventID>4625</EventID>'
           '<TimeCreated SystemTime="⟨ts⟩"/><Computer>SRV-FIN-02</Computer></System>\n  <EventData>\n'
           '    <Data Name="TargetUserName">⟨user⟩</Data>\n    <Data Name="IpAddress">⟨ip⟩</Data>\n'
           '    <Data Name="ProcessGuid">{⟨pg⟩}</Data>\n    <Data Name="CommandLine">sqlcmd -S ⟨ip2⟩ -U sa -P ⟨pw⟩ -Q "select 1"</Data>\n'
           '  </EventData>\n</Event>\nSysmon also logged the parent: `cmd.exe /c set ANTHROPIC_API_KEY=⟨an⟩`. Is this an attack?',
           ts=v.neg("timestamp"), user=v.person(), ip=v.ipv4(), pg=v.neg("guid"), ip2=v.ipv4(True), pw=v.pw("password_cli"),
           an=v.anthropic())


@template("journald_syslog", weight=2)
def _syslog(v: Values, d: Doc) -> None:
    d.fill('Dec 06 03:14:07 edge-01 sshd[⟨pid⟩]: Failed password for ⟨u⟩ from ⟨ip⟩ port 51234 ssh2\n'
           'Dec 06 03:14:09 edge-01 sshd[⟨pid2⟩]: Accepted publickey for deploy from ⟨ip2⟩ port 40022 ssh2\n'
           'Dec 06 03:15:00 edge-01 app[812]: POST /login user=⟨em⟩ password=⟨pw⟩ status=401\n'
           'Dec 06 03:15:02 edge-01 app[812]: upstream ⟨ip6⟩ timed out; retry id=⟨rid⟩\n'
           'Dec 06 03:15:05 edge-01 kernel: [UFW BLOCK] IN=eth0 SRC=⟨ip3⟩ DST=⟨ip4⟩ MAC=⟨mac⟩\n'
           'Dec 06 03:15:09 edge-01 app[812]: webhook ok ⟨wh⟩\nDec 06 03:15:10 edge-01 app[812]: healthcheck from ⟨lo⟩ via ⟨gw⟩\nSummarise the incident for the on-call channel.',
           pid=str(v.num(1000, 65000)), u=v.pfirst(), ip=v.ipv4(False), pid2=str(v.num(1000, 65000)), ip2=v.ipv4(True), em=v.email(),
           pw=v.pw("password_kv"), ip6=v.ipv6(), rid=v.neg("guid"), ip3=v.ipv4(False), ip4=v.ipv4(True), mac=v.neg("mac"),
           wh=v.slack_webhook(), lo=v.ip_neg(), gw=v.ip_neg())


@template("kql_results")
def _kql(v: Values, d: Doc) -> None:
    d.add('SigninLogs\n| where ResultType != 0\n| project TimeGenerated, UserPrincipalName, IPAddress, AppDisplayName\n\n'
          'TimeGenerated\tUserPrincipalName\tIPAddress\tAppDisplayName\n')
    for _ in range(v.num(3, 5)):
        d.fill('⟨ts⟩\t⟨em⟩\t⟨ip⟩\tAzure Portal\n', ts=v.neg("timestamp"), em=v.email(), ip=v.ip())
    d.fill('(test rows from ⟨t1⟩ and ⟨t2⟩ excluded)\nWhich of these users (⟨a⟩, ⟨b⟩) should we force a reset for?', a=v.person(), b=v.person(),
           t1=v.ip_neg(), t2=v.ip_neg())


@template("splunk_results")
def _splunk(v: Values, d: Doc) -> None:
    d.add('index=web sourcetype=access_combined status=500 | table _time clientip uri\n')
    for _ in range(v.num(3, 5)):
        t = v.pick(("token", "access_token", "sig_key", "apikey"))
        val = v.bearer() if t != "apikey" else v.google()
        d.fill('⟨ts⟩ | ⟨ip⟩ | /api/v1/export?' + t + '=⟨tok⟩&page=⟨cur⟩\n', ts=v.neg("timestamp"), ip=v.ip(), tok=val,
               cur=str(v.num(1, 40)))
    d.add('Why are tokens showing up in the uri field?')


@template("azure_pipelines_yaml", weight=2)
def _azp(v: Values, d: Doc) -> None:
    gl = v.gitlab()
    d.fill('azure-pipelines.yml — the publish stage hangs, why?\n```yaml\nvariables:\n  buildId: ⟨bid⟩\nsteps:\n'
           '- script: echo ⟨pat⟩ | az devops login --organization https://dev.azure.com/contoso\n'
           '- script: git push https://oauth2:⟨gl⟩@gitlab.com/contoso/mirror.git HEAD:main\n'
           '- script: python -m twine upload -u __token__ -p ⟨pypi⟩ dist/*\n'
           '- script: |\n    export ANTHROPIC_API_KEY=⟨an⟩\n    export AWS_ACCESS_KEY_ID=⟨ak⟩\n    python eval.py --notify ⟨em⟩\n'
           '  env:\n    SYSTEM_ACCESSTOKEN: $(System.AccessToken)\n    PLACEHOLDER: ⟨neg⟩\n```',
           bid=v.neg("build_id"), pat=v.ado_pat(), gl=gl, pypi=v.pypi(), an=v.anthropic(), ak=v.aws_id(), em=v.email(),
           neg=v.pw_neg())


@template("resource_inventory_table")
def _inventory(v: Values, d: Doc) -> None:
    d.add('I am cleaning up our Azure AI resources. What is left (copied from my notes):\n\n| Resource | Region | Value | Owner |\n'
          '|---|---|---|---|\n')
    for _ in range(v.num(2, 4)):
        d.fill('| oai-⟨w⟩-⟨n⟩ | ⟨reg⟩ | ⟨k⟩ | ⟨o⟩ |\n', w=v.word(), n=str(v.num(1, 9)),
               reg=v.pick(("eastus2", "swedencentral", "westeurope", "japaneast")), k=v.aoai_key("azure_ai_key_no_keyword"),
               o=v.person())
    d.fill('\nAlso the DevOps one ⟨pat⟩ and our PyPI upload token ⟨pypi⟩ (subscription ⟨sub⟩), plus the Cosmos account key ⟨ck⟩. Which can be deleted?',
           pat=v.ado_pat(), pypi=v.pypi(), sub=v.neg("guid"), ck=v.cosmos_key())


@template("cloud_init_userdata", weight=2)
def _cloud_init(v: Values, d: Doc) -> None:
    d.fill('#cloud-config — the VM boots but I cannot SSH in. What is wrong?\nusers:\n  - name: ops\n'
           '    ssh_authorized_keys:\n      - ⟨pub⟩\nchpasswd:\n  list: |\n    ops:⟨pw⟩\n  expire: false\n'
           'write_files:\n  - path: /home/ops/.ssh/id_deploy\n    permissions: "0600"\n    content: |\n⟨pem⟩\n'
           '  - path: /etc/app/env\n    content: |\n      REGISTRY_PASSWORD: ⟨py⟩\n      NTP=⟨ip⟩\n'
           'runcmd:\n  - [ sh, -c, "echo built ⟨bid⟩ by ⟨nm⟩" ]\n',
           pub=v.neg("ssh_pubkey"), pw=v.pw("password_kv"), pem=v.private_key(), py=v.pw("password_yaml"), ip=v.ipv4(True),
           bid=v.neg("build_id"), nm=v.person())
    if v.chance(0.3):
        d.fill('\n(The key in the docs was just ⟨ex⟩, so I pasted ours.)', ex=v.key_neg())
