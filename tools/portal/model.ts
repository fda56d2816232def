/**
 * What the developer portal shows, computed at build time from the repository (schema, config,
 * error codes, breaking-change record) by tools/portal/generate.ts and handed to the web client as
 * virtual modules (web/vite.config.ts). Plain data only: it crosses a JSON boundary.
 */

/** A type reference as written in SDL (`[Course!]!`) and the named type it links to. */
export interface TypeRef {
  display: string;
  named: string;
}

export interface Deprecation {
  deprecated: boolean;
  reason?: string;
}

export interface ArgumentDoc extends Deprecation {
  name: string;
  type: TypeRef;
  description?: string;
  defaultValue?: string;
}

export interface FieldDoc extends Deprecation {
  name: string;
  type: TypeRef;
  description?: string;
  args: ArgumentDoc[];
  /** Input fields only. */
  defaultValue?: string;
}

export interface EnumValueDoc extends Deprecation {
  name: string;
  description?: string;
}

export type TypeKind = 'OBJECT' | 'INTERFACE' | 'UNION' | 'ENUM' | 'INPUT_OBJECT' | 'SCALAR';

export interface TypeDoc {
  name: string;
  kind: TypeKind;
  description?: string;
  /** Objects and interfaces: fields; input objects: input fields (without arguments). */
  fields: FieldDoc[];
  enumValues: EnumValueDoc[];
  /** Objects and interfaces: the interfaces implemented. */
  interfaces: string[];
  /** Unions and interfaces: the object types that may appear. */
  possibleTypes: string[];
}

export interface SchemaReference {
  /** The root operation types, by operation. */
  roots: { query?: string; mutation?: string; subscription?: string };
  /** Every named type of the API schema except GraphQL's introspection types, sorted by name. */
  types: TypeDoc[];
}

export interface ErrorCodeDoc {
  code: string;
  /** The HTTP status of a request refused with this code before execution; a field error inside an executed operation keeps 200. */
  httpStatus: string;
  meaning: string;
}

export interface LimitDoc {
  /** The configuration setting (environment variable) or gateway constant. */
  setting: string;
  value: number;
  meaning: string;
}

export interface ChangelogEntry {
  path: string;
  message: string;
  /** Declared breaking changes: why the break was accepted. */
  reason?: string;
}

export interface Changelog {
  baselineFile: string;
  breaking: ChangelogEntry[];
  added: ChangelogEntry[];
  /** Dangerous and other non-breaking changes (descriptions, defaults, …). */
  other: ChangelogEntry[];
}

export interface ExampleDoc {
  id: string;
  title: string;
  description: string;
  /** Whether it needs `Authorization: Bearer <access token>`. */
  signedIn: boolean;
  query: string;
  variables: Record<string, unknown>;
}

export interface FeatureDoc {
  available: boolean;
  /** The mutation that starts using it (`createApiKey`, `createWebhookSubscription`), when in the schema. */
  mutation?: FieldDoc;
}

export interface PortalData {
  /** Features of issue 17 that the portal describes before they land: available once their mutation is in the schema. */
  features: { apiKeys: FeatureDoc; webhooks: FeatureDoc };
  /** Token lifetimes of the configuration defaults. */
  session: { accessTokenTtlSeconds: number; refreshTokenTtlDays: number };
  examples: ExampleDoc[];
  webhookSample: { file: string; source: string };
  errorCodes: ErrorCodeDoc[];
  limits: LimitDoc[];
}

/** The virtual modules of web/vite.config.ts, by name: `virtual:developer-portal/<name>`. */
export interface PortalModules {
  portal: PortalData;
  reference: SchemaReference;
  changelog: Changelog;
}
