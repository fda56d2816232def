import react from '@vitejs/plugin-react';
import { execFileSync } from 'node:child_process';
import { defineConfig, type Plugin } from 'vite';

// `vite` (dev server on 5173, the gateway's default allowed origin) proxies /graphql, WebSocket
// included, /media and /uploads to the gateway; `vite build` writes dist/, which tools/dev/start.ts serves with the gateway.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';

/**
 * The developer portal's data (schema reference, changelog, limits…), computed from the repository
 * by tools/portal/generate.ts at every build and served as `virtual:developer-portal/<name>`: every
 * way of building the client (tools/test.sh, tools/dev.sh, the browser tests) gets it, and nothing
 * generated is committed. Only the lazily loaded /developers screens import them.
 */
function developerPortal(): Plugin {
  const prefix = 'virtual:developer-portal/';
  let modules: Record<string, unknown> = {};
  return {
    name: 'developer-portal',
    buildStart() {
      const root = new URL('..', import.meta.url).pathname;
      const json = execFileSync(`${root}node_modules/.bin/tsx`, ['tools/portal/generate.ts'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      modules = JSON.parse(json) as Record<string, unknown>;
    },
    resolveId: (id) => (id.startsWith(prefix) ? `\0${id}` : undefined),
    load(id) {
      if (!id.startsWith(`\0${prefix}`)) return undefined;
      const name = id.slice(prefix.length + 1);
      if (!(name in modules)) throw new Error(`tools/portal/generate.ts made no module named ${name}`);
      // JSON.parse of a string literal is faster for the browser than the same object as a literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(modules[name]))});`;
    },
  };
}

export default defineConfig({
  plugins: [react(), developerPortal()],
  // Media files and tus uploads too, so that PUBLIC_URL may name the dev server's origin.
  server: { port: 5173, proxy: { '/graphql': { target: gateway, ws: true }, '/media': gateway, '/uploads': gateway } },
  build: { outDir: 'dist', emptyOutDir: true },
});
