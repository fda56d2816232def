/**
 * The schema reference of the developer portal: every named type of the API schema with its
 * descriptions, fields, arguments, enum values and deprecations, read with graphql-js.
 */
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  astFromValue,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';
import type { ArgumentDoc, FieldDoc, SchemaReference, TypeDoc, TypeRef } from './model.ts';

const typeRef = (type: GraphQLType): TypeRef => ({ display: String(type), named: getNamedType(type).name });

const deprecation = (reason: string | null | undefined) => (reason == null ? { deprecated: false } : { deprecated: true, reason });

const described = (description: string | null | undefined) => (description ? { description } : {});

function argumentDoc(arg: GraphQLArgument | GraphQLInputField): ArgumentDoc {
  const defaultValue = arg.defaultValue === undefined ? undefined : astFromValue(arg.defaultValue, arg.type);
  return {
    name: arg.name,
    type: typeRef(arg.type),
    ...described(arg.description),
    ...(defaultValue ? { defaultValue: print(defaultValue) } : {}),
    ...deprecation(arg.deprecationReason),
  };
}

function fieldDoc(field: GraphQLField<unknown, unknown>): FieldDoc {
  return {
    name: field.name,
    type: typeRef(field.type),
    ...described(field.description),
    args: field.args.map(argumentDoc),
    ...deprecation(field.deprecationReason),
  };
}

function typeDoc(schema: GraphQLSchema, type: GraphQLNamedType): TypeDoc {
  const doc: TypeDoc = { name: type.name, kind: 'SCALAR', ...described(type.description), fields: [], enumValues: [], interfaces: [], possibleTypes: [] };
  if (isObjectType(type) || isInterfaceType(type)) {
    doc.kind = isObjectType(type) ? 'OBJECT' : 'INTERFACE';
    doc.fields = Object.values(type.getFields()).map(fieldDoc);
    doc.interfaces = type.getInterfaces().map((i) => i.name);
  }
  if (isInterfaceType(type) || isUnionType(type)) {
    doc.possibleTypes = schema.getPossibleTypes(type).map((t) => t.name).sort();
  }
  if (isUnionType(type)) doc.kind = 'UNION';
  if (isInputObjectType(type)) {
    doc.kind = 'INPUT_OBJECT';
    doc.fields = Object.values(type.getFields()).map((field) => ({ ...argumentDoc(field), args: [] }));
  }
  if (isEnumType(type)) {
    doc.kind = 'ENUM';
    doc.enumValues = type.getValues().map((value) => ({ name: value.name, ...described(value.description), ...deprecation(value.deprecationReason) }));
  }
  return doc;
}

export function buildReference(apiSdl: string): SchemaReference {
  const schema = buildSchema(apiSdl);
  const types = Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((type) => typeDoc(schema, type));
  return {
    roots: {
      ...(schema.getQueryType() ? { query: schema.getQueryType()!.name } : {}),
      ...(schema.getMutationType() ? { mutation: schema.getMutationType()!.name } : {}),
      ...(schema.getSubscriptionType() ? { subscription: schema.getSubscriptionType()!.name } : {}),
    },
    types,
  };
}
