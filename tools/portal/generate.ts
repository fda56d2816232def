/**
 * `tsx tools/portal/generate.ts`: prints the developer portal's data as JSON ({ portal, reference, changelog }).
 * web/vite.config.ts runs it at every build and serves the result as virtual modules, so nothing
 * generated is committed and the portal always matches the schema it was built with.
 */
import { buildPortalData } from './portal-data.ts';

process.stdout.write(JSON.stringify(await buildPortalData()));
