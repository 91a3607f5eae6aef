// Example parameters: copy, edit, then
//   az deployment group create -g <rg> -f deploy/main.bicep -p deploy/main.bicepparam
using './main.bicep'

param namePrefix = 'contosolp'
param image = 'contosoacr.azurecr.io/aoai-logpipe:0.1.0'
param containerRegistryName = 'contosoacr'
param eventHubNamespaceName = 'contoso-gateway-ehns'
param eventHubName = 'aoai-logs'
param consumerGroupName = 'aoai-logpipe'
param cosmosAutoscaleMaxThroughput = 4000
param auditTtlDays = 365
param dlpMode = 'pattern'
param tags = {
  workload: 'aoai-logpipe'
}
