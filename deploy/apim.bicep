// The gateway side: an Event Hubs logger "aoai-logpipe" on an existing API Management instance,
// authenticated with APIM's system-assigned identity, the named value the policy reads, and
// (optionally) deploy/apim/aoai-logpipe-v1.xml as the policy of one API.
// Deploy into the API Management resource group:
//
//   az deployment group create -g <apim-rg> -f deploy/apim.bicep \
//     -p apimName=contoso-apim eventHubNamespaceName=contoso-ehns eventHubName=aoai-logs apiName=azure-openai
//
// Then grant APIM's identity "Azure Event Hubs Data Sender" on the hub: main.bicep does it when
// given apimPrincipalId (this template's output principalId).

@description('Existing API Management instance (with a system-assigned managed identity).')
param apimName string

@description('Event Hubs namespace the worker reads (name only).')
param eventHubNamespaceName string

@description('Event hub the worker reads.')
param eventHubName string

@description('Cost-center map read by the policy: "<subscription or product id>=<cost center>;..." or "-" for none. No double quotes.')
param costCenters string = '-'

@description('Capture mode read by the policy (named value aoai-logpipe-capture): bodies = the policy logs request and response (buffers streams); llm-logs = the policy logs the caller only and the response comes from the GatewayLlmLogs diagnostic setting (streams stream).')
@allowed([
  'bodies'
  'llm-logs'
])
param capture string = 'bodies'

@description('Add stream_options.include_usage to streamed requests that lack it, on api-versions that accept it (named value aoai-logpipe-force-usage). Changes what clients receive: off by default.')
param forceIncludeUsage bool = false

@description('API whose policy becomes deploy/apim/aoai-logpipe-v1.xml; empty to only create the logger and the named value. Replaces that API\'s existing policy.')
param apiName string = ''

@description('Resource group of the Event Hubs namespace.')
param eventHubResourceGroup string = resourceGroup().name

resource apim 'Microsoft.ApiManagement/service@2024-05-01' existing = {
  name: apimName
}

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' existing = {
  name: eventHubNamespaceName
  scope: resourceGroup(eventHubResourceGroup)
}

resource logger 'Microsoft.ApiManagement/service/loggers@2024-05-01' = {
  parent: apim
  name: 'aoai-logpipe'
  properties: {
    loggerType: 'azureEventHub'
    description: 'aoai-logpipe/v1 events for the chargeback and audit worker'
    credentials: {
      endpointAddress: split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0] // any cloud
      identityClientId: 'SystemAssigned'
      name: eventHubName
    }
  }
}

resource costCenterMap 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: apim
  name: 'aoai-logpipe-cost-centers'
  properties: {
    displayName: 'aoai-logpipe-cost-centers'
    value: costCenters
    secret: false
  }
}

resource captureMode 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: apim
  name: 'aoai-logpipe-capture'
  properties: {
    displayName: 'aoai-logpipe-capture'
    value: capture
    secret: false
  }
}

resource forceUsage 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: apim
  name: 'aoai-logpipe-force-usage'
  properties: {
    displayName: 'aoai-logpipe-force-usage'
    value: forceIncludeUsage ? 'true' : 'false'
    secret: false
  }
}

resource api 'Microsoft.ApiManagement/service/apis@2024-05-01' existing = if (!empty(apiName)) {
  parent: apim
  name: apiName
}

resource apiPolicy 'Microsoft.ApiManagement/service/apis/policies@2024-05-01' = if (!empty(apiName)) {
  parent: api
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: loadTextContent('apim/aoai-logpipe-v1.xml')
  }
  dependsOn: [
    logger
    costCenterMap
    captureMode
    forceUsage
  ]
}

output principalId string = apim.identity.principalId
output loggerId string = logger.name
