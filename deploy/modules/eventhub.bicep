// The worker's consumer group on an existing event hub, and the Event Hubs data roles: Receiver for
// the worker's identity (and KEDA, which uses it), Sender for API Management's identity (optional).
// Deployed into the resource group of the Event Hubs namespace.

@description('Existing Event Hubs namespace.')
param namespaceName string

@description('Existing event hub.')
param eventHubName string

@description('Consumer group to create for the worker.')
param consumerGroupName string

@description('Principal id of the worker\'s managed identity.')
param receiverPrincipalId string

@description('Principal id of API Management\'s managed identity; empty to skip.')
param senderPrincipalId string = ''

var eventHubsDataReceiver = 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
var eventHubsDataSender = '2b629674-e913-4c01-ae53-ef4638d8f975'

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' existing = {
  name: namespaceName
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' existing = {
  parent: namespace
  name: eventHubName
}

resource consumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: hub
  name: consumerGroupName
  properties: {
    userMetadata: 'aoai-logpipe worker: do not share with another reader'
  }
}

// Listen on this event hub only (not the namespace): receive, partition properties, KEDA's lag reads.
resource receiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hub.id, receiverPrincipalId, eventHubsDataReceiver)
  scope: hub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataReceiver)
    principalId: receiverPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(senderPrincipalId)) {
  name: guid(hub.id, senderPrincipalId, eventHubsDataSender)
  scope: hub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventHubsDataSender)
    principalId: senderPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output consumerGroup string = consumerGroup.name
output partitionCount int = hub.properties.partitionCount
// The namespace's host name in whatever cloud it lives (serviceBusEndpoint is https://<host>:443/).
output namespaceHost string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
