// The whole supergraph in one process (tools/dev/stack.ts) for gateway-overhead.ts, configured
// from the environment: its gateway calls the subgraphs in process, or over loopback HTTP when
// started with the argument `http`. Prints "gateway on <url>" once listening.
import { createPlatform, loadConfig } from '@lg/platform';
import { catalogue } from '@lg/events';
import { startStack } from '../dev/stack.ts';

const platform = await createPlatform(loadConfig(), 'bench', { events: catalogue });
const stack = await startStack(platform, { port: 0, subgraphsOverHttp: process.argv[2] === 'http' });
console.log(`gateway on ${stack.gateway.url}`);
process.on('SIGTERM', () => void stack.stop().then(() => platform.close()).then(() => process.exit(0)));
