// A media service process for the crash test (restart.test.ts): it runs processing jobs from the
// configuration in its environment until it is killed.
import { catalogue } from '@lg/events';
import { createPlatform, loadConfig } from '@lg/platform';
import { createMediaSubgraph } from '../src/index.ts';

const platform = await createPlatform(loadConfig(), 'media-worker', { events: catalogue });
await createMediaSubgraph(platform, { pollMs: 100 });
process.stdout.write('ready\n');
