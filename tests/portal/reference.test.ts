// The portal's schema reference and changelog, built from the committed schema files as the web build
// builds them (tools/portal/generate.ts): nothing of schema/api.graphql may be missing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLArgument, type GraphQLField, type GraphQLType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@lg/platform';
import type { PortalModules } from '../../tools/portal/model.ts';
import { buildPortalData } from '../../tools/portal/portal-data.ts';

const root = path.resolve(import.meta.dirname, '../..');
const schema = buildSchema(readFileSync(path.join(root, 'schema/api.graphql'), 'utf8'));
let data: PortalModules;

beforeAll(async () => {
  data = await buildPortalData();
});

describe('the developer portal data', () => {
  it('describes every type of the API schema, with its descriptions', () => {
    const expected = Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__'));
    expect(data.reference.types.map((type) => type.name).sort()).toEqual(expected.map((type) => type.name).sort());
    for (const type of expected) {
      const doc = data.reference.types.find((candidate) => candidate.name === type.name)!;
      expect(doc.description, type.name).toBe(type.description ?? undefined);
    }
  });

  it('lists every field, argument and enum value, with descriptions, deprecations and links to their types', () => {
    let fields = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      const doc = data.reference.types.find((candidate) => candidate.name === type.name)!;
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        const schemaFields = Object.values(type.getFields());
        expect(doc.fields.map((f) => f.name), type.name).toEqual(schemaFields.map((f) => f.name));
        for (const field of schemaFields) {
          const fieldDoc = doc.fields.find((f) => f.name === field.name)!;
          fields += 1;
          expect(fieldDoc.description, `${type.name}.${field.name}`).toBe(field.description ?? undefined);
          expect(fieldDoc.deprecated).toBe(field.deprecationReason != null);
          expect(fieldDoc.type).toEqual({ display: String(field.type), named: getNamedType(field.type as GraphQLType).name });
          const args: readonly GraphQLArgument[] = 'args' in field ? (field as GraphQLField<unknown, unknown>).args : [];
          expect(fieldDoc.args.map((a) => [a.name, a.type.display, a.description])).toEqual(args.map((a) => [a.name, String(a.type), a.description ?? undefined]));
        }
      }
      if (isEnumType(type)) expect(doc.enumValues.map((v) => [v.name, v.description])).toEqual(type.getValues().map((v) => [v.name, v.description ?? undefined]));
    }
    expect(fields).toBeGreaterThan(500);
  });

  it('shows API keys and webhooks as available exactly when their mutations are in the schema', () => {
    const mutations = schema.getMutationType()!.getFields();
    expect(data.portal.features.apiKeys.available).toBe('createApiKey' in mutations);
    expect(data.portal.features.webhooks.available).toBe('createWebhookSubscription' in mutations);
  });

  it('lists every declared breaking change with its reason, and the fields added since the baseline', () => {
    const declared = JSON.parse(readFileSync(path.join(root, 'schema/breaking-changes.json'), 'utf8')) as { path: string; reason: string }[];
    for (const { path: changePath, reason } of declared) expect(data.changelog.breaking).toContainEqual(expect.objectContaining({ path: changePath, reason }));
    const baseline = buildSchema(readFileSync(path.join(root, 'schema/api.baseline.graphql'), 'utf8'));
    const added = new Set(data.changelog.added.map((entry) => entry.path));
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      const before = baseline.getType(type.name);
      if (!before) expect(added, type.name).toContain(type.name);
      else if (isObjectType(type) && isObjectType(before)) {
        for (const field of Object.keys(type.getFields())) if (!(field in before.getFields())) expect(added).toContain(`${type.name}.${field}`);
      }
    }
  });

  it('explains every error code and reads the limits from the configuration defaults', () => {
    expect(data.portal.errorCodes.map((e) => e.code)).toEqual(Object.values(ErrorCode));
    expect(data.portal.errorCodes.find((e) => e.code === 'RATE_LIMITED')?.httpStatus).toBe('429');
    const defaults = (setting: string) => data.portal.limits.find((limit) => limit.setting === setting)?.value;
    expect(defaults('RATE_LIMIT_PER_MINUTE')).toBeGreaterThan(0);
    expect(defaults('COST_BUDGET_PER_MINUTE')).toBeGreaterThanOrEqual(defaults('MAX_OPERATION_COST')!);
  });
});
