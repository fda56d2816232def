import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import type { DocumentNode } from 'graphql';

/** SDL-first: each subgraph's schema.graphql is read once at start-up. */
export const readSchema = (url: URL): DocumentNode => gql(readFileSync(url, 'utf8'));
