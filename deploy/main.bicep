// aoai-logpipe in Azure: the worker (`aoai-logpipe consume`) on Azure Container Apps, reading an
// existing Event Hub, checkpointing in a new storage account and writing to Cosmos DB, all with
// one user-assigned managed identity and least-privilege roles. No secret is passed or stored.
//
//   az deployment group create -g <rg> -f deploy/main.bicep -p deploy/main.bicepparam
//
// Parameters are documented in deploy/README.md. The APIM side is deploy/apim.bicep.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------- parameters

@description('Azure region of the resources created here.')
param location string = resourceGroup().location

@description('Prefix of resource names: 3-12 lowercase letters or digits.')
@minLength(3)
@maxLength(12)
param namePrefix string = 'aoailogpipe'

@description('Tags added to every resource created here.')
param tags object = {}

@description('Worker image, e.g. contoso.azurecr.io/aoai-logpipe:0.1.0 (built from the repository Dockerfile).')
param image string

@description('Existing Azure Container Registry (same resource group) to pull the image from with the managed identity; empty for a public registry.')
param containerRegistryName string = ''

@description('Existing Event Hubs namespace (name only, without the DNS suffix of its cloud).')
param eventHubNamespaceName string

@description('Existing event hub the gateway publishes to. Prefer lowercase names: KEDA reads the checkpoint blobs under a lowercase path.')
param eventHubName string

@description('Resource group of the Event Hubs namespace.')
param eventHubResourceGroup string = resourceGroup().name

@description('Consumer group created for the worker (lowercase). Never share it with another reader.')
param consumerGroupName string = 'aoai-logpipe'

@description('Principal id of the API Management instance\'s managed identity, granted Azure Event Hubs Data Sender on the hub (for deploy/apim.bicep\'s logger); empty to skip.')
param apimPrincipalId string = ''

@description('Storage account created for checkpoints and partition ownership (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param storageAccountName string = take('${namePrefix}ck${uniqueString(resourceGroup().id)}', 24)

@description('Blob container of the checkpoints.')
param checkpointContainerName string = 'eventhub-checkpoints'

@description('Cosmos DB account (created when createCosmosAccount is true, else it must exist in this resource group).')
param cosmosAccountName string = '${namePrefix}-${uniqueString(resourceGroup().id)}'

@description('Create the Cosmos DB account (keys disabled: identity only). False: use an existing account.')
param createCosmosAccount bool = true

@description('Cosmos DB database.')
param cosmosDatabaseName string = 'aoai-logpipe'

@description('Autoscale ceiling of the database (RU/s shared by its containers; the floor is 10%).')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 4000

@description('Partition-key buckets of chargeback and audit documents. Fixed once documents exist.')
@minValue(1)
@maxValue(1000)
param cosmosBuckets int = 32

@description('Retention of audit documents in days (container default TTL); 0 keeps them forever.')
@minValue(0)
param auditTtlDays int = 0

@description('Replicas that always run (1 keeps conversations assembling and idle timeouts firing).')
@minValue(0)
param minReplicas int = 1

@description('Replica ceiling; the scale rule never exceeds the hub\'s partition count, read from the hub (replicas beyond it would own nothing).')
@minValue(1)
param maxReplicas int = 32

@description('vCPU per replica.')
param cpu string = '1.0'

@description('Memory per replica (Consumption profile: 2 GiB per vCPU).')
param memory string = '2Gi'

@description('Seconds between checkpoints of a partition (eventhub.checkpoint_interval_s).')
@minValue(1)
param checkpointIntervalSeconds int = 10

@description('KEDA target of unprocessed events per replica (events after the checkpoint). Must exceed what a healthy replica holds back: per-partition rate x (checkpoint interval + longest open stream). See docs/operations.md.')
@minValue(1)
param unprocessedEventThreshold int = 1000

@description('DLP screening of audit documents: off, pattern or ner.')
@allowed([
  'off'
  'pattern'
  'ner'
])
param dlpMode string = 'pattern'

@description('Log Analytics retention of the Container Apps logs, in days.')
@minValue(30)
param logRetentionDays int = 30

@description('Budgets (setting finance.budgets): e.g. [{"dimension": "cost_center", "value": "CC-3003", "amount": "500"}]. Empty: no budget job, no budget alert.')
param budgets array = []

@description('Allocation rules (setting finance.allocation), versioned: [{"version": "2026-10", "effective_from": "2026-10-01", "cost_center": {"app": {"code-assist": "CC-3003"}}}].')
param allocationRules array = []

@description('Cron schedule (UTC) of the budget check job.')
param budgetCheckSchedule string = '*/30 * * * *'

@description('Key Vault secret URI (https://<vault>.vault.azure.net/secrets/<name>) holding the Teams or Slack incoming-webhook URL; empty: no webhook, log events and the alert rule only. The identity needs Key Vault Secrets User on it.')
param budgetWebhookVaultUri string = ''

@description('Format of that webhook: teams or slack.')
@allowed([
  'teams'
  'slack'
])
param budgetWebhookFormat string = 'teams'

@description('Action group the budget alert rule notifies (resource id); empty: the alert fires without actions.')
param budgetActionGroupId string = ''

// ---------------------------------------------------------------- names and roles

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'
var healthPort = 8080

// ---------------------------------------------------------------- identity

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-worker'
  location: location
  tags: tags
}

// KEDA's names of the Azure clouds (its Event Hubs and Blob host names follow from them).
var kedaClouds = {
  AzureCloud: 'AzurePublicCloud'
  AzureUSGovernment: 'AzureUSGovernmentCloud'
  AzureChinaCloud: 'AzureChinaCloud'
}

// ---------------------------------------------------------------- Event Hubs: consumer group and roles

module eventHub 'modules/eventhub.bicep' = {
  name: '${namePrefix}-eventhub'
  scope: resourceGroup(eventHubResourceGroup)
  params: {
    namespaceName: eventHubNamespaceName
    eventHubName: eventHubName
    consumerGroupName: consumerGroupName
    receiverPrincipalId: identity.properties.principalId
    senderPrincipalId: apimPrincipalId
  }
}

// ---------------------------------------------------------------- checkpoint storage

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false // identity only; no account key to leak
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource checkpointContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: checkpointContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Checkpoints and ownership records (the worker), checkpoint reads (KEDA): this container only.
resource checkpointWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(checkpointContainer.id, identity.id, storageBlobDataContributor)
  scope: checkpointContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------- Cosmos DB

module cosmos 'modules/cosmos.bicep' = {
  name: '${namePrefix}-cosmos'
  params: {
    location: location
    tags: tags
    accountName: cosmosAccountName
    createAccount: createCosmosAccount
    databaseName: cosmosDatabaseName
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    auditTtlDays: auditTtlDays
    dataContributorPrincipalId: identity.properties.principalId
  }
}

// ---------------------------------------------------------------- registry pull (optional)

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = if (!empty(containerRegistryName)) {
  name: containerRegistryName
}

resource registryPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(containerRegistryName)) {
  name: guid(resourceGroup().id, containerRegistryName, identity.id, acrPull)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------- Container Apps

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  tags: tags
  properties: {
    retentionInDays: logRetentionDays
    sku: {
      name: 'PerGB2018'
    }
  }
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: '${namePrefix}-env'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

var auditTtlEnv = auditTtlDays > 0 ? [
  {
    name: 'AOAI_LOGPIPE_COSMOS__AUDIT_TTL_DAYS'
    value: string(auditTtlDays)
  }
] : []

var workerEnv = concat([
  {
    name: 'AZURE_CLIENT_ID' // DefaultAzureCredential -> this user-assigned identity
    value: identity.properties.clientId
  }
  {
    name: 'AOAI_LOGPIPE_SOURCE'
    value: 'eventhub'
  }
  {
    name: 'AOAI_LOGPIPE_SINK'
    value: 'cosmos'
  }
  {
    name: 'AOAI_LOGPIPE_EVENTHUB__FULLY_QUALIFIED_NAMESPACE'
    value: eventHub.outputs.namespaceHost // the real host name, in any cloud
  }
  {
    name: 'AOAI_LOGPIPE_EVENTHUB__EVENTHUB_NAME'
    value: eventHubName
  }
  {
    name: 'AOAI_LOGPIPE_EVENTHUB__CONSUMER_GROUP'
    value: consumerGroupName
  }
  {
    name: 'AOAI_LOGPIPE_EVENTHUB__CHECKPOINT_INTERVAL_S'
    value: string(checkpointIntervalSeconds)
  }
  {
    name: 'AOAI_LOGPIPE_CHECKPOINT__ACCOUNT_URL'
    value: storage.properties.primaryEndpoints.blob
  }
  {
    name: 'AOAI_LOGPIPE_CHECKPOINT__CONTAINER'
    value: checkpointContainerName
  }
  {
    name: 'AOAI_LOGPIPE_CHECKPOINT__CREATE_CONTAINER' // created above; the role is scoped to it
    value: 'false'
  }
  {
    name: 'AOAI_LOGPIPE_COSMOS__ENDPOINT'
    value: cosmos.outputs.endpoint
  }
  {
    name: 'AOAI_LOGPIPE_COSMOS__DATABASE'
    value: cosmosDatabaseName
  }
  {
    name: 'AOAI_LOGPIPE_COSMOS__BUCKETS'
    value: string(cosmosBuckets)
  }
  {
    name: 'AOAI_LOGPIPE_COSMOS__CREATE_IF_MISSING' // data-plane roles cannot create containers
    value: 'false'
  }
  {
    name: 'AOAI_LOGPIPE_DLP__MODE'
    value: dlpMode
  }
  {
    name: 'AOAI_LOGPIPE_SHUTDOWN_TIMEOUT_S'
    value: '30'
  }
  {
    name: 'AOAI_LOGPIPE_HEALTH__PORT'
    value: string(healthPort)
  }
  {
    name: 'AOAI_LOGPIPE_LOG_FORMAT'
    value: 'json'
  }
  {
    name: 'AOAI_LOGPIPE_FINANCE__BUDGETS' // the worker's /metrics budget gauges and the budget job
    value: string(budgets)
  }
  {
    name: 'AOAI_LOGPIPE_FINANCE__ALLOCATION'
    value: string(allocationRules)
  }
], auditTtlEnv)

resource worker 'Microsoft.App/containerApps@2025-01-01' = {
  name: '${namePrefix}-worker'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      // No ingress: the worker serves nobody; the platform probes reach the health port directly.
      registries: empty(containerRegistryName) ? [] : [
        {
          server: registry.properties.loginServer
          identity: identity.id
        }
      ]
    }
    template: {
      // SIGTERM starts a graceful stop (flush, checkpoint, close) bounded by shutdown_timeout_s (30 s).
      terminationGracePeriodSeconds: 45
      containers: [
        {
          name: 'worker'
          image: image
          args: [
            'consume'
          ]
          env: workerEnv
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/livez'
                port: healthPort
              }
              periodSeconds: 5
              failureThreshold: 24
              timeoutSeconds: 3
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/livez'
                port: healthPort
              }
              periodSeconds: 15
              failureThreshold: 4
              timeoutSeconds: 5
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: healthPort
              }
              periodSeconds: 15
              failureThreshold: 4
              timeoutSeconds: 5
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: min(maxReplicas, eventHub.outputs.partitionCount)
        rules: [
          {
            name: 'eventhub-backlog'
            custom: {
              type: 'azure-eventhub'
              identity: identity.id
              metadata: {
                // KEDA reads <namespace FQDN>/<hub>/<lower(group)>/checkpoint/<id>, while the SDK
                // lowercases the whole blob name: lowercase names, or KEDA sees no checkpoint.
                eventHubNamespace: toLower(eventHubNamespaceName)
                eventHubName: toLower(eventHubName)
                cloud: kedaClouds[environment().name]
                consumerGroup: consumerGroupName
                storageAccountName: storage.name
                blobContainer: checkpointContainerName
                checkpointStrategy: 'blobMetadata'
                unprocessedEventThreshold: string(unprocessedEventThreshold)
                activationUnprocessedEventThreshold: '1'
              }
            }
          }
        ]
      }
    }
  }
  dependsOn: [
    eventHub // the identity can read the hub before the first replica starts
    checkpointWriter
    registryPull
  ]
}

// ---------------------------------------------------------------- budgets: a scheduled check and an alert rule

// `aoai-logpipe budgets check` on a cron schedule: notifies each crossed threshold once per month
// (the finance ledger in Cosmos DB makes runs and retries idempotent) and logs a JSON event
// `budget_threshold_crossed` that the alert rule below fires on.
var webhookSecret = empty(budgetWebhookVaultUri) ? [] : [
  {
    name: 'budget-webhook-url'
    keyVaultUrl: budgetWebhookVaultUri // a Key Vault reference: the URL never appears in the template
    identity: identity.id
  }
]
var webhookEnv = empty(budgetWebhookVaultUri) ? [] : [
  {
    name: 'AOAI_LOGPIPE_FINANCE__WEBHOOK__URL'
    secretRef: 'budget-webhook-url'
  }
]

resource budgetJob 'Microsoft.App/jobs@2025-01-01' = if (!empty(budgets)) {
  name: '${namePrefix}-budgets'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Schedule'
      scheduleTriggerConfig: {
        cronExpression: budgetCheckSchedule
        parallelism: 1
        replicaCompletionCount: 1
      }
      replicaTimeout: 600
      replicaRetryLimit: 1
      secrets: webhookSecret
      registries: empty(containerRegistryName) ? [] : [
        {
          server: registry.properties.loginServer
          identity: identity.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'budgets'
          image: image
          args: [
            'budgets'
            'check'
          ]
          env: concat(workerEnv, webhookEnv, [
            {
              name: 'AOAI_LOGPIPE_FINANCE__WEBHOOK__FORMAT'
              value: budgetWebhookFormat
            }
          ])
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
        }
      ]
    }
  }
  dependsOn: [
    registryPull
  ]
}

// Fires on each `budget_threshold_crossed` event the job logs (JSON lines in the console logs).
resource budgetAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = if (!empty(budgets)) {
  name: '${namePrefix}-budget-threshold'
  location: location
  tags: tags
  properties: {
    displayName: 'aoai-logpipe budget threshold crossed'
    description: 'A budget of aoai-logpipe crossed a threshold (event budget_threshold_crossed of the budget job).'
    severity: 2
    enabled: true
    scopes: [
      logs.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          // Both table shapes: ContainerAppConsoleLogs_CL (Log_s) and ContainerAppConsoleLogs (Log)
          query: 'union isfuzzy=true ContainerAppConsoleLogs_CL, ContainerAppConsoleLogs | extend line = strcat(column_ifexists("Log_s", ""), column_ifexists("Log", "")) | where line has "budget_threshold_crossed" | extend event = parse_json(line) | project TimeGenerated, budget = tostring(event.budget), period = tostring(event.period), threshold = toint(event.threshold_percent), spent = tostring(event.spent)'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: false
    actions: {
      actionGroups: empty(budgetActionGroupId) ? [] : [
        budgetActionGroupId
      ]
    }
  }
}

// ---------------------------------------------------------------- outputs

output workerName string = worker.name
output identityClientId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
output cosmosEndpoint string = cosmos.outputs.endpoint
output checkpointAccountUrl string = storage.properties.primaryEndpoints.blob
