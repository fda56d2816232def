export { startGateway, type GatewayOptions, type RunningGateway } from './server.ts';
export { queryLimits } from './limits.ts';
export { apiKeyCallers, type ArbitraryDocumentsPolicy } from './trusted-documents/gate.ts';
export { webSecurityHeaders } from './web-headers.ts';
