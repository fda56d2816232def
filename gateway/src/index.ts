export { startGateway, type GatewayOptions, type RunningGateway } from './server.ts';
export { queryLimits } from './limits.ts';
export { webSecurityHeaders } from './web-headers.ts';
