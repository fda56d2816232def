import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { parse, type ParseOptions } from 'graphql';
import { sha256Hex as sha256, type DocumentManifest } from '@lg/platform';

/**
 * A document's identity whatever its spacing, comments and order of fields and fragments: the SHA-256
 * of the print the client preset hashes (printExecutableGraphQLDocument). The text urql sends over a
 * socket (with its own spacing) thus matches the manifest's id of the same document. Undefined when
 * the text does not parse (within the gateway's parse limits).
 */
export function documentHash(text: string, options?: ParseOptions): string | undefined {
  try {
    return sha256(printExecutableGraphQLDocument(parse(text, options)));
  } catch {
    return undefined;
  }
}

/** A manifest of documents kept as text (the assistant's operations), each under its normalised print. */
export function manifestOf(texts: string[]): DocumentManifest {
  return new Map(texts.map((text) => {
    const printed = printExecutableGraphQLDocument(parse(text));
    return [sha256(printed), printed];
  }));
}
