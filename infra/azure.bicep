// Orbit on Azure: the server on Azure Container Apps (two replicas or more), Azure Database for PostgreSQL
// Flexible Server, Key Vault for the secrets (read by the app's managed identity through Key Vault
// references), Log Analytics + Application Insights, and a container registry the app pulls from with the
// same identity. Deployed by m365agents.yml (arm/deploy) or `az deployment group create` (docs/admin-guide.md).

@description('Base of the resource names (letters and digits).')
@minLength(3)
@maxLength(20)
param resourceBaseName string

@description('Region of every resource.')
param location string = resourceGroup().location

@description('The Entra app (client) id Orbit accepts tokens for and signs in to Graph as (ENTRA_CLIENT_ID).')
param entraClientId string

@description('The Entra app client secret (ENTRA_CLIENT_SECRET); stored in Key Vault only.')
@secure()
param entraClientSecret string

@description('Comma-separated tenant GUIDs allowed to sign in (ENTRA_ALLOWED_TENANTS); empty: any tenant that consented.')
param entraAllowedTenants string = ''

@description('PostgreSQL administrator password; stored in Key Vault inside DATABASE_URL only.')
@secure()
@minLength(16)
param postgresAdminPassword string

@description('PostgreSQL administrator login.')
param postgresAdminLogin string = 'orbitadmin'

@description('PostgreSQL compute size (Burstable B1ms is enough for a few hundred users).')
param postgresSkuName string = 'Standard_B1ms'

@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'

@description('The Orbit image in the registry (set by the deploy step). Empty: a placeholder image until the first deploy.')
param containerImage string = ''

@description('At least two replicas, so a restart or a new revision never takes Orbit down.')
@minValue(2)
param minReplicas int = 2

@minValue(2)
param maxReplicas int = 6

@allowed(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
param logLevel string = 'info'

@description('Scheduled syncs (docs/sync.md): empty, Orbit\'s default: with the users\' kept sign-ins when tokenCacheKey is set, else off; app: with the application permissions an admin granted; off: sync when the tab opens.')
@allowed(['', 'app', 'off'])
param backgroundSync string = ''

@description('ORBIT_TOKEN_CACHE_KEY: 32 random bytes in base64 (openssl rand -base64 32) sealing the users\' kept sign-ins, so scheduled syncs can act for them; stored in Key Vault only. Empty: no sign-in is kept.')
@secure()
param tokenCacheKey string = ''

@description('Minutes between scheduled syncs of recently active users (0: only when the tab opens).')
@minValue(0)
@maxValue(1440)
param syncIntervalMinutes int = 30

var suffix = uniqueString(resourceGroup().id, resourceBaseName)
var keepSignIns = !empty(tokenCacheKey)
var port = 3978
var databaseName = 'orbit'
// The first provision runs before any Orbit image exists; the deploy step replaces this one.
var placeholderImage = 'mcr.microsoft.com/k8se/quickstart:latest'
var placeholder = empty(containerImage)
var containerAppName = toLower('${resourceBaseName}-app')
// Built-in roles: Key Vault Secrets User and AcrPull.
var keyVaultSecretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'
var acrPullRole = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// A user-assigned identity exists before the app, so its Key Vault and registry roles are in place when
// the first revision starts (a system-assigned one would only exist once the app does).
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: toLower('${resourceBaseName}${suffix}')
  location: location
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
  }
}

resource registryPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: registry
  name: guid(registry.id, identity.id, acrPullRole)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRole)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: toLower('${resourceBaseName}-pg-${suffix}')
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: {
      storageSizeGB: 32
    }
    backup: {
      backupRetentionDays: 14
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 to 0.0.0.0 is Azure's rule for "services inside Azure", which Container Apps' outbound addresses are.
resource postgresFromAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv${suffix}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource clientSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'entra-client-secret'
  properties: {
    value: entraClientSecret
  }
}

// TLS verified against the server's certificate (a public CA Node trusts), not merely requested.
resource databaseUrl 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'database-url'
  properties: {
    value: 'postgres://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${database.name}?sslmode=verify-full'
  }
}

// Always there, so the secret's name is stable; the app reads it only when a key was given.
resource tokenCacheKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'token-cache-key'
  properties: {
    value: keepSignIns ? tokenCacheKey : 'none'
  }
}

resource secretsRead 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, identity.id, keyVaultSecretsUserRole)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRole)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${resourceBaseName}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

// The server answers /healthz once it listens, /readyz once the store and its migrations are ready.
var probes = [
  {
    type: 'Startup'
    httpGet: { path: '/healthz', port: port }
    periodSeconds: 5
    failureThreshold: 24
  }
  {
    type: 'Liveness'
    httpGet: { path: '/healthz', port: port }
    periodSeconds: 10
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: { path: '/readyz', port: port }
    periodSeconds: 5
    failureThreshold: 3
  }
]

var publicHost = '${containerAppName}.${environment.properties.defaultDomain}'

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: containerAppName
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: placeholder ? 80 : port
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registry.properties.loginServer
          identity: identity.id
        }
      ]
      // Key Vault references: Container Apps reads them with the identity, so no secret value is in the app.
      secrets: concat([
        {
          name: 'entra-client-secret'
          keyVaultUrl: clientSecret.properties.secretUri
          identity: identity.id
        }
        {
          name: 'database-url'
          keyVaultUrl: databaseUrl.properties.secretUri
          identity: identity.id
        }
      ], keepSignIns ? [
        {
          name: 'token-cache-key'
          keyVaultUrl: tokenCacheKeySecret.properties.secretUri
          identity: identity.id
        }
      ] : [])
    }
    template: {
      containers: [
        {
          name: 'orbit'
          image: placeholder ? placeholderImage : containerImage
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat([
            { name: 'HOST', value: '0.0.0.0' }
            { name: 'PORT', value: string(port) }
            { name: 'ORBIT_PUBLIC_URL', value: 'https://${publicHost}' }
            // Container Apps' ingress is one proxy in front of Orbit: its X-Forwarded-For names the client.
            { name: 'ORBIT_TRUST_PROXY', value: '1' }
            { name: 'LOG_LEVEL', value: logLevel }
            { name: 'DATABASE_URL', secretRef: 'database-url' }
            { name: 'ENTRA_CLIENT_ID', value: entraClientId }
            { name: 'ENTRA_CLIENT_SECRET', secretRef: 'entra-client-secret' }
            { name: 'ENTRA_ALLOWED_TENANTS', value: entraAllowedTenants }
            { name: 'ORBIT_BACKGROUND_SYNC', value: backgroundSync }
            { name: 'ORBIT_SYNC_INTERVAL_MINUTES', value: string(syncIntervalMinutes) }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
          ], keepSignIns ? [
            { name: 'ORBIT_TOKEN_CACHE_KEY', secretRef: 'token-cache-key' }
          ] : [])
          probes: placeholder ? [] : probes
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
      }
    }
  }
  dependsOn: [
    registryPull
    secretsRead
    postgresFromAzure
  ]
}

// Agents Toolkit writes these outputs into env/.env.<name> under the same names.
output TAB_ENDPOINT string = 'https://${publicHost}'
output TAB_DOMAIN string = publicHost
output AZURE_CONTAINER_APP_NAME string = app.name
output AZURE_CONTAINER_REGISTRY_NAME string = registry.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.properties.loginServer
output AZURE_KEY_VAULT_NAME string = keyVault.name
