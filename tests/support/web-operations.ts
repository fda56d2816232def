import { readFileSync } from 'node:fs';

/**
 * The web client's own operation, read from its screen (`screens/<Name>.tsx`) or another file of
 * web/src, so that what a test pins follows the page.
 */
export function webOperation(screen: string, name: string): string {
  const file = screen.includes('/') ? screen : `screens/${screen}.tsx`;
  const source = readFileSync(new URL(`../../web/src/${file}`, import.meta.url), 'utf8');
  const found = new RegExp(`graphql\\(\`\\s*(query ${name}\\b[\\s\\S]*?)\`\\)`).exec(source);
  if (!found) throw new Error(`web/src/${file} has no query ${name}`);
  return found[1]!;
}
