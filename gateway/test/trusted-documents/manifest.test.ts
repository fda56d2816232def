import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentGate, DOCUMENT_NOT_TRUSTED, PERSISTED_DOCUMENT_NOT_FOUND, type TrustedDocumentsMode } from '../../src/trusted-documents/gate.ts';
import { hashOfId, parseManifest } from '@lg/platform';
import { documentHash, manifestOf } from '../../src/trusted-documents/manifest.ts';
import { TrustedDocuments } from '../../src/trusted-documents/registry.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const COURSES = 'query Courses { __typename courses { __typename totalCount } }';
const ME = 'query Me { __typename me { __typename id } }';
const manifest = { [`sha256:${sha256(COURSES)}`]: COURSES, [sha256(ME)]: ME };
const request = (headers: Record<string, string> = {}) => ({ headers }) as unknown as IncomingMessage;

function gate(mode: TrustedDocumentsMode) {
  const documents = new TrustedDocuments();
  documents.register('web', parseManifest('web', manifest));
  // The seam API keys will fill: here, a request with an `x-api-key` may run anything.
  return new DocumentGate(documents, mode, (req) => req.headers['x-api-key'] !== undefined);
}
const reasonOf = (answer: unknown) => (answer instanceof GraphQLError ? answer.extensions.reason : 'admitted');

describe('a document manifest', () => {
  it("is read as the client preset writes it, ids with or without their sha256: prefix", () => {
    const documents = parseManifest('web', manifest);
    expect([...documents.values()]).toEqual([COURSES, ME]);
    expect(hashOfId(`sha256:${sha256(ME)}`)).toBe(sha256(ME));
    expect(hashOfId('sha1:abc')).toBeUndefined();
  });

  it('is refused whole when an id is not the SHA-256 of its document, or is no hash at all', () => {
    expect(() => parseManifest('bad', { [`sha256:${sha256(ME)}`]: COURSES })).toThrow(/is not the SHA-256 of its document/);
    expect(() => parseManifest('bad', { Courses: COURSES })).toThrow(/not a sha256 document id/);
    expect(() => parseManifest('bad', [COURSES])).toThrow(/expected an object/);
    expect(() => parseManifest('bad', { [sha256(ME)]: 42 })).toThrow(/is not a string/);
  });

  it('knows a document sent as text whatever its spacing, comments and field order', () => {
    expect(documentHash('# the catalog\nquery Courses {\n  courses { totalCount __typename }\n  __typename\n}')).toBe(documentHash(COURSES));
    expect(documentHash('query Courses { courses { totalCount } }')).not.toBe(documentHash(COURSES));
    expect(documentHash('query {')).toBeUndefined();
  });

  it('of documents kept as text holds each under the hash of its normalised print', () => {
    const [hash, text] = [...manifestOf(['query Me {\n  me { id __typename }\n  __typename\n}'])][0]!;
    expect(hash).toBe(sha256(text));
    expect(documentHash(text)).toBe(documentHash(ME));
  });
});

describe('the document gate', () => {
  it('runs a registered document by documentId or APQ hash, in every mode, whatever text came beside it', () => {
    for (const mode of ['off', 'allow', 'require'] as const) {
      expect(gate(mode).admit({ documentId: `sha256:${sha256(ME)}`, query: '{ __schema { types { name } } }' }, request())).toEqual({ query: ME });
      expect(gate(mode).admit({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(COURSES) }, other: 1 } }, request())).toEqual({ query: COURSES, extensions: { other: 1 } });
    }
  });

  it('refuses an unknown or malformed documentId in every mode, whatever text came beside it', () => {
    for (const mode of ['off', 'allow', 'require'] as const) {
      for (const documentId of [`sha256:${sha256('{ x }')}`, 'Courses', { $ne: null }, 'sha256:'.padEnd(100_000, 'a'), 42]) {
        expect(reasonOf(gate(mode).admit({ documentId, query: COURSES }, request()))).toBe(PERSISTED_DOCUMENT_NOT_FOUND);
      }
    }
  });

  it('in require mode refuses unregistered text and unknown hashes, and accepts registered text', () => {
    const require = gate('require');
    expect(reasonOf(require.admit({ query: '{ courses { totalCount } }' }, request()))).toBe(DOCUMENT_NOT_TRUSTED);
    expect(reasonOf(require.admit({ query: '{'.repeat(10) }, request()))).toBe(DOCUMENT_NOT_TRUSTED);
    expect(reasonOf(require.admit({ extensions: { persistedQuery: { sha256Hash: sha256('{ x }') } } }, request()))).toBe(PERSISTED_DOCUMENT_NOT_FOUND);
    expect(reasonOf(require.admit({ query: 'query Me { me { id __typename } __typename }' }, request()))).toBe('admitted');
  });

  it('lets a caller the policy allows run any document, and every caller in off and allow modes', () => {
    const raw = { query: '{ courses { totalCount } }' };
    expect(gate('require').admit(raw, request({ 'x-api-key': 'lg_test' }))).toBe(raw);
    expect(gate('allow').admit(raw, request())).toBe(raw);
    expect(gate('off').admit(raw, request())).toBe(raw);
    // An unknown APQ hash is Apollo Server's own APQ to answer (development).
    const apq = { extensions: { persistedQuery: { sha256Hash: sha256('{ x }') } } };
    expect(gate('allow').admit(apq, request())).toBe(apq);
    const registration = { query: '{ x }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ x }') } } };
    expect(gate('off').admit(registration, request())).toBe(registration);
  });

  it("runs a development client's text sent again after a miss as plain text (its hash names another print)", () => {
    const resent = { query: 'query New { courses { totalCount } }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('query New { __typename }'), miss: true } } };
    expect(gate('off').admit(resent, request())).toEqual({ query: resent.query, extensions: {} });
    expect(reasonOf(gate('require').admit(resent, request()))).toBe(DOCUMENT_NOT_TRUSTED);
  });

  it('takes a null documentId for none', () => {
    expect(gate('off').admit({ documentId: null, query: ME }, request())).toEqual({ documentId: null, query: ME });
  });
});
