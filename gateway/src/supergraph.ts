import { readFileSync } from 'node:fs';

/** The committed, composed supergraph; the gateway never polls subgraphs for their SDL. */
export const readSupergraph = (): string => readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
