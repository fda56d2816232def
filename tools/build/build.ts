// Production build: one JavaScript bundle per service entry, run with plain `node` (no tsx).
//   tsx tools/build/build.ts      → dist/serve.js   (node dist/serve.js <gateway|identity|catalog|...>)
// Our packages are bundled (esbuild reads their `.ts` specifiers and the workspace's `src` exports
// directly); npm packages are bundled too, except those that load native code or files beside
// themselves, which stay in node_modules. Files read at run time (each subgraph's schema.graphql,
// the supergraph, the assistant's operations) stay where they are: see `sourceUrls`.
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUT_DIR = path.join(ROOT, 'dist');
/** Service entries and the bundle each becomes in dist/. */
export const ENTRIES = { serve: 'tools/dev/serve.ts' } as const;

/** npm packages that must be loaded from node_modules: native addons. */
const UNBUNDLED = ['argon2'];

const relativeToOut = (file: string): string => {
  const relative = path.relative(OUT_DIR, file).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
};

/**
 * Our code finds its files from `import.meta.url` (`new URL('../schema.graphql', import.meta.url)`).
 * In a bundle that would be the bundle's own URL, so each source file's `import.meta.url` becomes
 * its original location, relative to the bundle: the repository's files are read in place.
 */
const sourceUrls: Plugin = {
  name: 'source-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => {
      if (file.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await readFile(file, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const original = `new URL(${JSON.stringify(relativeToOut(file))}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', original), loader: 'ts' };
    });
  },
};

/** Leaves native addons in node_modules, imported by their path relative to the bundle. */
const unbundled: Plugin = {
  name: 'unbundled',
  setup(b) {
    const filter = new RegExp(`^(${UNBUNDLED.join('|')})$`);
    b.onResolve({ filter }, ({ path: name, importer }) => ({
      path: relativeToOut(createRequire(importer).resolve(name)),
      external: true,
    }));
  },
};

export async function buildServices(): Promise<string[]> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, entry]) => [name, path.join(ROOT, entry)])),
    outdir: OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    metafile: true,
    plugins: [sourceUrls, unbundled],
    // Bundled CommonJS packages call require() for Node's built-ins and read __dirname.
    banner: {
      js: [
        "import { createRequire as __lgCreateRequire } from 'node:module';",
        "import { fileURLToPath as __lgFileURLToPath } from 'node:url';",
        'const require = __lgCreateRequire(import.meta.url);',
        'const __filename = __lgFileURLToPath(import.meta.url);',
        "const __dirname = __lgFileURLToPath(new URL('.', import.meta.url));",
      ].join('\n'),
    },
  });
  return Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const outputs = await buildServices();
  console.log(`built ${outputs.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
