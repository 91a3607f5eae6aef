"""Structural checks of the Bicep templates in deploy/ (no Bicep compiler is available here: see
deploy/README.md). A small reader extracts params, resources and their blocks; the tests check
what the product depends on: roles and their scopes, the KEDA rule, the Cosmos containers, the
environment variables (they must be real settings) and that no secret travels as a parameter."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from aoai_logpipe import settings
from aoai_logpipe.io.cosmos import AUDIT_INDEX, CHARGEBACK_INDEX, JOINS_INDEX, SECURITY_INDEX

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
FILES = {"main": DEPLOY / "main.bicep", "eventhub": DEPLOY / "modules" / "eventhub.bicep",
         "cosmos": DEPLOY / "modules" / "cosmos.bicep", "apim": DEPLOY / "apim.bicep"}
ROLES = {
    "a638d3c7-ab3a-418d-83e6-5f17a39d4fde": "Azure Event Hubs Data Receiver",
    "2b629674-e913-4c01-ae53-ef4638d8f975": "Azure Event Hubs Data Sender",
    "ba92f5b4-2d11-453d-a403-e96b0029c9fe": "Storage Blob Data Contributor",
    "7f951dda-4ed3-4680-a7ca-43fe172d538d": "AcrPull",
}
BROAD_ROLES = {"8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c",
               "5bd9cd88-fe45-4216-938b-f97437e15450"}  # Owner, Contributor, DocumentDB Account Contributor
COSMOS_DATA_CONTRIBUTOR = "00000000-0000-0000-0000-000000000002"


# ---------------------------------------------------------------- a small Bicep reader


def strip_comments(text: str) -> str:
    out, i, quoted = [], 0, False
    while i < len(text):
        ch = text[i]
        if quoted:
            out.append(ch)
            if ch == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 2
                continue
            if ch == "'":
                quoted = False
        elif ch == "'":
            quoted = True
            out.append(ch)
        elif text.startswith("//", i):
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def block(text: str, start: int) -> str:
    """The balanced {...} or [...] starting at text[start]."""
    opener = text[start]
    closer = {"{": "}", "[": "]"}[opener]
    depth, quoted = 0, False
    for i in range(start, len(text)):
        ch = text[i]
        if quoted:
            quoted = ch != "'" or text[i - 1] == "\\"
            continue
        if ch == "'":
            quoted = True
        elif ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
    raise ValueError("unbalanced")


@dataclass
class Resource:
    symbol: str
    type: str
    api: str
    existing: bool
    condition: str | None
    body: str

    def value(self, key: str) -> str | None:
        """The first `key: value` in the body (a one-line value, or a whole block)."""
        match = re.search(rf"(?m)^\s*{re.escape(key)}:\s*(.*)$", self.body)
        if not match:
            return None
        value = match.group(1).strip()
        if value and value[-1] in "{[" and not value.startswith(("'", "union(")):
            end = block(self.body, match.start(1) + len(match.group(1).rstrip()) - 1)
            return value[:-1] + end
        return value


@dataclass
class Template:
    path: Path
    text: str

    @property
    def params(self) -> dict[str, dict]:
        out = {}
        for match in re.finditer(r"(?m)^((?:@.*\n)*)param (\w+) (\w+)(?: = (.*))?$", self.text):
            decorators, name, kind, default = match.groups()
            out[name] = {"type": kind, "default": default, "decorators": decorators,
                         "secure": "@secure()" in decorators}
        return out

    @property
    def variables(self) -> dict[str, str]:
        return dict(re.findall(r"(?m)^var (\w+) = (.*)$", self.text))

    @property
    def resources(self) -> list[Resource]:
        out = []
        pattern = r"(?m)^resource (\w+) '([^'@]+)@([^']+)'( existing)? = (?:if \((.*)\) )?\{"
        for match in re.finditer(pattern, self.text):
            body = block(self.text, match.end() - 1)
            out.append(Resource(match.group(1), match.group(2), match.group(3), bool(match.group(4)),
                                match.group(5), body))
        return out

    def resource(self, symbol: str) -> Resource:
        return next(r for r in self.resources if r.symbol == symbol)

    def of_type(self, kind: str) -> list[Resource]:
        return [r for r in self.resources if r.type == kind]


@pytest.fixture(scope="module")
def t() -> dict[str, Template]:
    return {name: Template(path, strip_comments(path.read_text(encoding="utf-8"))) for name, path in FILES.items()}


def string_literal(value: str) -> str:
    assert value.startswith("'") and value.endswith("'"), value
    return value[1:-1]


# ---------------------------------------------------------------- resources


def test_every_expected_resource_is_declared_with_a_ga_api_version(t):
    expected = {
        "main": {"Microsoft.ManagedIdentity/userAssignedIdentities", "Microsoft.Storage/storageAccounts",
                 "Microsoft.Storage/storageAccounts/blobServices", "Microsoft.Storage/storageAccounts/blobServices/containers",
                 "Microsoft.Authorization/roleAssignments", "Microsoft.ContainerRegistry/registries",
                 "Microsoft.OperationalInsights/workspaces", "Microsoft.App/managedEnvironments",
                 "Microsoft.App/containerApps", "Microsoft.App/jobs", "Microsoft.Insights/scheduledQueryRules"},
        "eventhub": {"Microsoft.EventHub/namespaces", "Microsoft.EventHub/namespaces/eventhubs",
                     "Microsoft.EventHub/namespaces/eventhubs/consumergroups", "Microsoft.Authorization/roleAssignments"},
        "cosmos": {"Microsoft.DocumentDB/databaseAccounts", "Microsoft.DocumentDB/databaseAccounts/sqlDatabases",
                   "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers",
                   "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"},
        "apim": {"Microsoft.ApiManagement/service", "Microsoft.ApiManagement/service/loggers", "Microsoft.EventHub/namespaces",
                 "Microsoft.ApiManagement/service/namedValues", "Microsoft.ApiManagement/service/apis",
                 "Microsoft.ApiManagement/service/apis/policies"},
    }
    for name, types in expected.items():
        declared = {r.type for r in t[name].resources}
        assert declared == types, (name, declared ^ types)
        for r in t[name].resources:
            assert re.fullmatch(r"20\d\d-\d\d-\d\d", r.api), (name, r.symbol, r.api)
    app = t["main"].resource("worker")
    assert app.api >= "2024-10-02", "scale-rule managed identity needs 2024-10-02-preview or later"
    modules = dict(re.findall(r"(?m)^module (\w+) '([^']+)'", t["main"].text))
    assert modules == {"eventHub": "modules/eventhub.bicep", "cosmos": "modules/cosmos.bicep"}
    assert "scope: resourceGroup(eventHubResourceGroup)" in t["main"].text


# ---------------------------------------------------------------- identity and roles


def role_guid(template: Template, resource: Resource) -> str:
    role = resource.value("roleDefinitionId")
    var = re.search(r"roleDefinitions', (\w+)\)", role).group(1)
    return string_literal(template.variables[var])


def test_role_assignments_are_the_three_data_roles_on_the_narrowest_scopes(t):
    main, hub = t["main"], t["eventhub"]
    assignments = {}
    for template in (main, hub):
        for r in template.of_type("Microsoft.Authorization/roleAssignments"):
            guid = role_guid(template, r)
            assert guid in ROLES and guid not in BROAD_ROLES, (r.symbol, guid)
            scope = template.resource(r.value("scope"))  # a resource symbol, never the group or subscription
            assignments[ROLES[guid]] = (scope.type, r.value("principalId"), r.condition)
            assert r.value("principalType") == "'ServicePrincipal'"
            assert r.value("name").startswith("guid(")
    assert assignments["Azure Event Hubs Data Receiver"] == (
        "Microsoft.EventHub/namespaces/eventhubs", "receiverPrincipalId", None)
    assert assignments["Storage Blob Data Contributor"] == (
        "Microsoft.Storage/storageAccounts/blobServices/containers", "identity.properties.principalId", None)
    assert assignments["AcrPull"][0] == "Microsoft.ContainerRegistry/registries" and assignments["AcrPull"][2]
    assert assignments["Azure Event Hubs Data Sender"][1:] == ("senderPrincipalId", "!empty(senderPrincipalId)")
    module = re.search(r"module eventHub [^{]*\{", main.text)
    params = block(main.text, module.end() - 1)
    assert "receiverPrincipalId: identity.properties.principalId" in params

    cosmos = t["cosmos"]
    (sql,) = cosmos.of_type("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments")
    assert cosmos.variables["cosmosDataContributor"] == f"'{COSMOS_DATA_CONTRIBUTOR}'"
    assert sql.value("roleDefinitionId") == "'${account.id}/sqlRoleDefinitions/${cosmosDataContributor}'"
    assert sql.value("scope") == "account.id" and sql.value("principalId") == "dataContributorPrincipalId"
    assert "dataContributorPrincipalId: identity.properties.principalId" in main.text

    (uami,) = main.of_type("Microsoft.ManagedIdentity/userAssignedIdentities")
    app = main.resource("worker")
    assert "type: 'UserAssigned'" in app.body and "'${identity.id}': {}" in app.body
    assert "identity: identity.id" in app.value("registries")


# ---------------------------------------------------------------- KEDA


def test_the_keda_rule_reads_our_checkpoints_with_the_managed_identity(t):
    main = t["main"]
    app = main.resource("worker")
    rule = app.value("custom")
    assert "type: 'azure-eventhub'" in rule and "identity: identity.id" in rule
    metadata = dict(re.findall(r"(?m)^\s*(\w+): (.+)$", block(rule, rule.index("metadata: {") + len("metadata: "))))
    assert metadata == {
        "eventHubNamespace": "toLower(eventHubNamespaceName)", "eventHubName": "toLower(eventHubName)",
        "cloud": "kedaClouds[environment().name]",
        "consumerGroup": "consumerGroupName", "storageAccountName": "storage.name",
        "blobContainer": "checkpointContainerName", "checkpointStrategy": "'blobMetadata'",
        "unprocessedEventThreshold": "string(unprocessedEventThreshold)",
        "activationUnprocessedEventThreshold": "'1'",
    }
    params = main.params
    assert "checkpoint interval" in params["unprocessedEventThreshold"]["decorators"]
    # KEDA counts events after the checkpoint: at the default interval and a modest 20 events/s per
    # partition, a healthy replica already holds interval x rate behind; the target must be well above.
    assert int(params["unprocessedEventThreshold"]["default"]) >= 5 * 20 * int(params["checkpointIntervalSeconds"]["default"])
    assert "name: 'AOAI_LOGPIPE_EVENTHUB__CHECKPOINT_INTERVAL_S'" in main.text
    assert "value: string(checkpointIntervalSeconds)" in main.text
    assert app.value("terminationGracePeriodSeconds") == "45"  # > shutdown_timeout_s (30)


def test_probes_hit_the_health_endpoints_on_the_image_port(t):
    app = t["main"].resource("worker")
    probes = app.value("probes")
    assert probes.count("path: '/livez'") == 2 and probes.count("path: '/readyz'") == 1
    assert probes.count("port: healthPort") == 3 and t["main"].variables["healthPort"] == "8080"
    assert "'8080'" in (DEPLOY.parent / "Dockerfile").read_text()  # the HEALTHCHECK's default port
    assert "ingress" not in app.body.replace("No ingress", "")


# ---------------------------------------------------------------- Cosmos


def test_cosmos_containers_partition_keys_indexing_and_ttl_match_the_sink(t):
    cosmos = t["cosmos"]
    containers = {r.symbol: r for r in cosmos.of_type("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")}
    assert set(containers) == {"chargeback", "audit", "deadletters", "joins", "security", "finance"}
    keys = {name: re.findall(r"paths: \[\s*'([^']+)'\s*\]", r.body) for name, r in containers.items()}
    assert keys == {"chargeback": ["/pk"], "audit": ["/pk"], "deadletters": ["/partition"], "joins": ["/pk"],
                    "security": ["/pk"], "finance": ["/id"]}
    assert all("kind: 'Hash'" in r.body for r in containers.values())
    assert containers["chargeback"].value("indexingPolicy") == "indexing.chargeback"
    assert containers["audit"].value("indexingPolicy") == "indexing.audit"
    assert "indexingPolicy" not in containers["deadletters"].body
    assert cosmos.variables["indexing"] == "loadJsonContent('../cosmos-indexing.json')"
    indexing = json.loads((DEPLOY / "cosmos-indexing.json").read_text())
    assert indexing["chargeback"] == CHARGEBACK_INDEX and indexing["audit"] == AUDIT_INDEX
    assert containers["joins"].value("indexingPolicy") == "indexing.joins" and indexing["joins"] == JOINS_INDEX
    assert containers["security"].value("indexingPolicy") == "indexing.security" and indexing["security"] == SECURITY_INDEX
    # Audit retention: the container default TTL, in seconds, only when asked for.
    assert "auditTtlDays > 0 ? {\n      defaultTtl: auditTtlDays * 86400\n    } : {}" in containers["audit"].body
    assert all("defaultTtl" not in containers[n].body for n in ("chargeback", "deadletters", "joins", "security"))
    assert t["main"].params["auditTtlDays"]["default"] == "0"
    assert "name: 'AOAI_LOGPIPE_COSMOS__AUDIT_TTL_DAYS'" in t["main"].text
    # Names and buckets agree with the settings' defaults.
    defaults = settings.CosmosSettings()
    p = cosmos.params
    assert string_literal(p["chargebackContainerName"]["default"]) == defaults.chargeback_container
    assert string_literal(p["auditContainerName"]["default"]) == defaults.audit_container
    assert string_literal(p["deadletterContainerName"]["default"]) == defaults.deadletter_container
    assert string_literal(p["joinContainerName"]["default"]) == defaults.join_container
    assert string_literal(p["securityContainerName"]["default"]) == defaults.security_container
    assert string_literal(p["financeContainerName"]["default"]) == settings.Settings().finance.cosmos_container
    assert string_literal(t["main"].params["cosmosDatabaseName"]["default"]) == defaults.database
    assert int(t["main"].params["cosmosBuckets"]["default"]) == defaults.buckets
    database = cosmos.resource("database")
    assert "autoscaleSettings" in database.body and "maxThroughput: autoscaleMaxThroughput" in database.body
    account = cosmos.resource("newAccount")
    assert account.condition == "createAccount" and account.value("disableLocalAuth") == "true"


# ---------------------------------------------------------------- environment and secrets


def worker_env(t) -> list[tuple[str, str]]:
    text = t["main"].text
    return re.findall(r"name: '([A-Z_]+)'\s*\n\s*value: (.+)", text)


def test_the_worker_environment_is_made_of_real_settings(t):
    env = worker_env(t)
    names = [n for n, _ in env]
    assert len(names) == len(set(names))
    assert "AZURE_CLIENT_ID" in names and dict(env)["AZURE_CLIENT_ID"] == "identity.properties.clientId"
    for required in ("AOAI_LOGPIPE_EVENTHUB__FULLY_QUALIFIED_NAMESPACE", "AOAI_LOGPIPE_EVENTHUB__EVENTHUB_NAME",
                     "AOAI_LOGPIPE_CHECKPOINT__ACCOUNT_URL", "AOAI_LOGPIPE_COSMOS__ENDPOINT"):
        assert required in names, required
    fields = settings.Settings.model_fields
    pending = []  # settings the lead adds with the health server and JSON logs (see the report)
    sample = {}
    for name, value in env:
        if name == "AZURE_CLIENT_ID":
            continue
        assert name.startswith(settings.ENV_PREFIX), name
        path = name[len(settings.ENV_PREFIX):].lower().split("__")
        if path[0] not in fields:
            assert path[0] in ("health", "log_format"), name
            pending.append(name)
            continue
        model = fields[path[0]].annotation
        if len(path) == 2:
            assert path[1] in model.model_fields, name
        literal = value.startswith("'") and value.endswith("'")
        sample[name] = string_literal(value) if literal else {
            "AOAI_LOGPIPE_EVENTHUB__FULLY_QUALIFIED_NAMESPACE": "contoso.servicebus.windows.net",
            "AOAI_LOGPIPE_CHECKPOINT__ACCOUNT_URL": "https://contoso.blob.core.windows.net/",
            "AOAI_LOGPIPE_COSMOS__ENDPOINT": "https://contoso.documents.azure.com:443/",
            "AOAI_LOGPIPE_DLP__MODE": "pattern",
            "AOAI_LOGPIPE_FINANCE__BUDGETS": '[{"dimension": "total", "amount": "100"}]',
            "AOAI_LOGPIPE_FINANCE__ALLOCATION": "[]",
            "AOAI_LOGPIPE_FINANCE__WEBHOOK__FORMAT": "teams",
        }.get(name, "7" if "string(" in value else "sample-1")  # valid as any name
    config = settings.load(env=sample)  # the deployed environment validates as configuration
    assert (config.source, config.sink) == ("eventhub", "cosmos")
    assert config.cosmos.key is None and config.eventhub.connection_string is None  # identity, not secrets
    assert not config.cosmos.create_if_missing and not config.checkpoint.create_container
    assert set(pending) <= {"AOAI_LOGPIPE_HEALTH__PORT", "AOAI_LOGPIPE_LOG_FORMAT"}


def test_no_secret_is_a_parameter_or_an_environment_value(t):
    for name, template in t.items():
        for param, spec in template.params.items():
            words = set(re.findall(r"[a-z]+|[A-Z][a-z]*", param))
            if {w.lower() for w in words} & {"key", "secret", "password", "connection", "token", "sas"}:
                assert spec["secure"], f"{name}: param {param} must be @secure()"
        # the one secret (the budget webhook URL) is a Key Vault reference, never a value
        for block in re.findall(r"(?s)secrets: (\w+)", template.text):
            assert block == "webhookSecret", name
        if "webhookSecret" in template.text:
            secret = template.text[template.text.index("var webhookSecret"):template.text.index("var webhookEnv")]
            assert "keyVaultUrl: budgetWebhookVaultUri" in secret and "value:" not in secret
        assert "listConnectionStrings" not in template.text and "listKeys()" not in template.text.replace(
            "logs.listKeys()", ""), name
    env_names = [n for n, _ in worker_env(t)]
    assert not [n for n in env_names if re.search(r"KEY|SECRET|CONNECTION_STRING|PASSWORD", n)]
    storage = t["main"].resource("storage")
    assert storage.value("allowSharedKeyAccess") == "false" and storage.value("allowBlobPublicAccess") == "false"


# ---------------------------------------------------------------- APIM and docs


def test_the_apim_template_wires_the_policy_it_ships(t):
    apim = t["apim"]
    assert "loadTextContent('apim/aoai-logpipe-v1.xml')" in apim.text
    policy = (DEPLOY / "apim" / "aoai-logpipe-v1.xml").read_text()
    logger = apim.resource("logger")
    assert logger.value("name") == "'aoai-logpipe'" and 'logger-id="aoai-logpipe"' in policy
    assert "identityClientId: 'SystemAssigned'" in logger.body and "loggerType: 'azureEventHub'" in logger.body
    named = apim.resource("costCenterMap")
    assert "{{" + string_literal(named.value("name")) + "}}" in policy
    assert "apimPrincipalId" in t["main"].params and "senderPrincipalId: apimPrincipalId" in t["main"].text


def test_every_parameter_is_documented(t):
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    for name, template in t.items():
        for param in template.params:
            assert f"`{param}`" in readme, f"{template.path.name}: parameter {param} is not in deploy/README.md"
    assert "could not be compiled" in readme  # the honest validation note


def test_keda_is_given_lowercase_names_because_the_sdk_lowercases_checkpoint_blob_names(t):
    metadata = t["main"].resource("worker").value("custom")
    assert "eventHubNamespace: toLower(eventHubNamespaceName)" in metadata
    assert "eventHubName: toLower(eventHubName)" in metadata


def test_replicas_never_exceed_the_partition_count_read_from_the_hub(t):
    assert "maxReplicas: min(maxReplicas, eventHub.outputs.partitionCount)" in t["main"].text
    assert "output partitionCount int = hub.properties.partitionCount" in t["eventhub"].text
    assert "eventHubPartitions" not in t["main"].text  # a guessed count is not a parameter any more


def test_no_template_assumes_the_public_cloud_dns_suffix(t):
    for name, template in t.items():
        assert "servicebus.windows.net" not in strip_comments(template.text), name
    assert "value: eventHub.outputs.namespaceHost" in t["main"].text
    assert "namespace.properties.serviceBusEndpoint" in t["eventhub"].text
    assert "namespace.properties.serviceBusEndpoint" in t["apim"].text
    clouds = block(t["main"].text, t["main"].text.index("var kedaClouds = ") + len("var kedaClouds = "))
    assert {"AzureCloud", "AzureUSGovernment", "AzureChinaCloud"} <= set(re.findall(r"(\w+):", clouds))


def test_the_budget_job_runs_the_check_on_a_schedule_and_the_alert_fires_on_its_event(t):
    from aoai_logpipe.reports.notify import EVENT

    main = t["main"]
    job = main.resource("budgetJob")
    assert job.condition == "!empty(budgets)" and job.value("triggerType") == "'Schedule'"
    assert "cronExpression: budgetCheckSchedule" in job.body and "'budgets'\n            'check'" in job.body
    assert "env: concat(workerEnv, webhookEnv" in job.body  # the worker's settings: same store, same budgets
    assert "identity: {\n    type: 'UserAssigned'" in job.body
    alert = main.resource("budgetAlert")
    assert alert.condition == "!empty(budgets)" and "scopes: [\n      logs.id\n    ]" in alert.body
    assert f'"{EVENT}"' in alert.body and "timeAggregation: 'Count'" in alert.body
    assert "name: 'AOAI_LOGPIPE_FINANCE__WEBHOOK__URL'\n    secretRef: 'budget-webhook-url'" in main.text
