/**
 * The design tokens: every colour, font, size and spacing of the client comes from here. They become
 * CSS custom properties (`applyTokens`) that styles.css and the primitives use; nothing else hard-codes a
 * colour or a pixel size.
 */
export const tokens = {
  color: {
    primary: '#174A5F',
    primaryHover: '#0F3647',
    onPrimary: '#FFFFFF',
    secondary: '#DCE5E9',
    onSecondary: '#174A5F',
    background: '#F6F8F9',
    surface: '#FFFFFF',
    text: '#1B2A32',
    muted: '#55656E',
    border: '#C3D0D6',
    danger: '#A4262C',
    dangerSurface: '#FBEAEA',
    success: '#1E6B3A',
    successSurface: '#E6F4EA',
    focus: '#F2A900',
    /** A chart's second series, beside primary. */
    chartAccent: '#B35C00',
    /** The skill heatmap, weakest to strongest mastery. */
    heat0: '#F6D5C8',
    heat1: '#F3E3B5',
    heat2: '#D9EBC4',
    heat3: '#8CC79A',
    heat4: '#2E7D4F',
  },
  font: {
    heading: "'Poppins', system-ui, sans-serif",
    body: "'Nunito Sans', system-ui, sans-serif",
    size: { sm: '14px', md: '16px', lg: '20px', xl: '28px' },
  },
  /** The spacing grid: every gap, padding and margin is a multiple of 4 px. */
  grid: 4,
  radius: '8px',
  maxWidth: '1200px',
} as const;

/** n steps of the 4 px grid, as a CSS length. */
export function space(n: number): string {
  return `${n * tokens.grid}px`;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `--color-primary: …`, `--space-1: 4px`, … from the tokens, as [property, value] pairs. */
export function tokenProperties(): [string, string][] {
  const vars: [string, string][] = [];
  for (const [name, value] of Object.entries(tokens.color)) vars.push([`--color-${kebab(name)}`, value]);
  vars.push(['--font-heading', tokens.font.heading], ['--font-body', tokens.font.body]);
  for (const [name, value] of Object.entries(tokens.font.size)) vars.push([`--font-size-${name}`, value]);
  for (const n of [1, 2, 3, 4, 6, 8, 12, 16]) vars.push([`--space-${n}`, space(n)]);
  vars.push(['--radius', tokens.radius], ['--max-width', tokens.maxWidth]);
  return vars;
}

/**
 * Sets the tokens on the root element through the CSSOM, which the Content-Security-Policy
 * (style-src 'self', no 'unsafe-inline') allows where it refuses an inline <style> element.
 */
export function applyTokens(root: HTMLElement): void {
  for (const [property, value] of tokenProperties()) root.style.setProperty(property, value);
}
