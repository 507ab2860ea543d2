export { loadOrCreateSigningKey, type SigningKey } from "./keys.js";
export {
  cloudDiscoveryDocument,
  type DemoEndpoints,
  demoEndpoints,
  type MsalAuthorityOptions,
  msalAuthorityOptions,
  openIdConfiguration,
} from "./metadata.js";
export {
  createDemoSignIn,
  type DemoClientConfig,
  type DemoDirectory,
  type DemoSignIn,
  type DemoSignInOptions,
} from "./sign-in.js";
export { GRAPH_APP_ID, GRAPH_RESOURCE, type GraphPrincipal } from "./tokens.js";
