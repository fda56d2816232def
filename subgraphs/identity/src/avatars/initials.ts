import { createHash } from 'node:crypto';

/** One or two letters of a display name: "Ada Lovelace" → "AL", "plato" → "P". */
export function initialsOf(displayName: string): string {
  const words = displayName.trim().split(/\s+/u).filter((w) => /\p{L}|\p{N}/u.test(w));
  const letters = [words[0], words.length > 1 ? words.at(-1) : undefined]
    .map((w) => (w ? [...w].find((c) => /\p{L}|\p{N}/u.test(c)) ?? '' : ''))
    .join('');
  return letters.toLocaleUpperCase() || '?';
}

const escapeXml = (value: string) => value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The initials on a colour of the user's own (from their id, so it never changes with the name),
 * as an SVG data URL: every client can show it, nothing is stored or served.
 */
export function initialsAvatarUrl(userId: string, initials: string): string {
  const hue = createHash('sha256').update(userId).digest()[0]! * 360 / 256;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="${escapeXml(initials)}">`
    + `<rect width="64" height="64" rx="32" fill="hsl(${Math.round(hue)},45%,38%)"/>`
    + `<text x="32" y="32" dy=".35em" text-anchor="middle" font-family="system-ui,sans-serif" font-size="26" font-weight="600" fill="#fff">${escapeXml(initials)}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
