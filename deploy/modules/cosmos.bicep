// Cosmos DB for aoai-logpipe: the account (optional; keys disabled), the database with shared
// autoscale throughput, the three containers with the partition keys and indexing policies the
// worker expects (src/aoai_logpipe/io/cosmos.py), and the data-plane role of the worker's identity.

@description('Azure region (used when the account is created).')
param location string

@description('Tags of the created account.')
param tags object = {}

@description('Cosmos DB account name.')
param accountName string

@description('Create the account (true) or use an existing one in this resource group (false).')
param createAccount bool = true

@description('Database name.')
param databaseName string

@description('Autoscale ceiling of the database, RU/s.')
param autoscaleMaxThroughput int = 4000

@description('Audit retention in days (container default TTL); 0: no expiry.')
param auditTtlDays int = 0

@description('Principal id granted Cosmos DB Built-in Data Contributor on the account.')
param dataContributorPrincipalId string

@description('Chargeback container (setting cosmos.chargeback_container).')
param chargebackContainerName string = 'chargeback'

@description('Audit container (setting cosmos.audit_container).')
param auditContainerName string = 'audit'

@description('Dead-letter container (setting cosmos.deadletter_container).')
param deadletterContainerName string = 'deadletters'

@description('Join container: halves of requests waiting for their other half (setting cosmos.join_container).')
param joinContainerName string = 'joins'

@description('Security container: erasure tombstones, legal holds and the access log (setting cosmos.security_container).')
param securityContainerName string = 'security'

@description('Finance container: period closes and budget notifications (setting finance.cosmos_container).')
param financeContainerName string = 'finance'

// Built-in data-plane role: read, write, query items; no control-plane rights (databases and
// containers are created here, not by the worker).
var cosmosDataContributor = '00000000-0000-0000-0000-000000000002'
var indexing = loadJsonContent('../cosmos-indexing.json')

resource newAccount 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = if (createAccount) {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    disableLocalAuth: true // Entra ID only: no account key exists to leak or rotate
    minimalTlsVersion: 'Tls12'
  }
}

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: accountName
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: {
      autoscaleSettings: {
        maxThroughput: autoscaleMaxThroughput
      }
    }
  }
  dependsOn: [
    newAccount
  ]
}

// One document per request; /pk is <UTC day of its time>.<hash bucket of its id> (e.g. 2026-10-03.b017).
resource chargeback 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: chargebackContainerName
  properties: {
    resource: {
      id: chargebackContainerName
      partitionKey: {
        paths: [
          '/pk'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: indexing.chargeback
    }
  }
}

// One document per conversation; conversation text is excluded from the index.
resource audit 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: auditContainerName
  properties: {
    resource: union({
      id: auditContainerName
      partitionKey: {
        paths: [
          '/pk'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: indexing.audit
    }, auditTtlDays > 0 ? {
      defaultTtl: auditTtlDays * 86400
    } : {})
  }
}

// Raw payloads that could not become documents, partitioned by their source partition.
resource deadletters 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: deadletterContainerName
  properties: {
    resource: {
      id: deadletterContainerName
      partitionKey: {
        paths: [
          '/partition'
        ]
        kind: 'Hash'
        version: 2
      }
    }
  }
}

// Halves of one request that landed on different partitions meet here (one document per
// request, partitioned by a bucket of its id, `j` + `b000`..`b007`: the merges of one round that
// share a bucket are one query and one transactional batch). No TTL: the workers' sweep turns
// what is left after the join horizon into dead letters.
resource joins 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: joinContainerName
  properties: {
    resource: {
      id: joinContainerName
      partitionKey: {
        paths: [
          '/pk'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: indexing.joins
    }
  }
}

// Tombstones, holds and the hash-chained access log, partitioned by kind ("tombstone", "hold",
// "access"). No TTL: an erasure must outlive every replay, and the access log is evidence.
resource security 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: securityContainerName
  properties: {
    resource: {
      id: securityContainerName
      partitionKey: {
        paths: [
          '/pk'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: indexing.security
    }
  }
}

// Period-close snapshots and budget notifications (setting finance.cosmos_container), one small
// record per id: create-only and compare-and-swap writes, queried by kind.
resource finance 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: financeContainerName
  properties: {
    resource: {
      id: financeContainerName
      partitionKey: {
        paths: [
          '/id'
        ]
        kind: 'Hash'
        version: 2
      }
    }
  }
}

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, dataContributorPrincipalId, cosmosDataContributor)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosDataContributor}'
    principalId: dataContributorPrincipalId
    scope: account.id
  }
  dependsOn: [
    newAccount
  ]
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
