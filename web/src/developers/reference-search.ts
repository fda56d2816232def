// Searching the schema reference: types by name first, then fields (`Type.field`), then descriptions.
import type { SchemaReference } from '../../../tools/portal/model.ts';

export interface SearchHit {
  type: string;
  field?: string;
  kind: string;
}

const LIMIT = 50;

export function searchReference(reference: SchemaReference, query: string): SearchHit[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const ranked: { hit: SearchHit; rank: number }[] = [];
  for (const type of reference.types) {
    const name = type.name.toLowerCase();
    const typeRank = name === needle ? 0 : name.startsWith(needle) ? 1 : name.includes(needle) ? 2 : type.description?.toLowerCase().includes(needle) ? 5 : -1;
    if (typeRank >= 0) ranked.push({ hit: { type: type.name, kind: type.kind }, rank: typeRank });
    for (const field of type.fields) {
      const fieldName = field.name.toLowerCase();
      const fieldRank = fieldName === needle ? 3 : fieldName.includes(needle) || `${name}.${fieldName}`.startsWith(needle) ? 4 : -1;
      if (fieldRank >= 0) ranked.push({ hit: { type: type.name, field: field.name, kind: 'FIELD' }, rank: fieldRank });
    }
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.hit.type.localeCompare(b.hit.type))
    .slice(0, LIMIT)
    .map(({ hit }) => hit);
}

/** The fields and arguments whose type is `typeName`, as `Type.field` (or `Type.field(arg)`). */
export function usagesOf(reference: SchemaReference, typeName: string): { type: string; field: string; label: string }[] {
  const usages: { type: string; field: string; label: string }[] = [];
  for (const type of reference.types) {
    for (const field of type.fields) {
      if (field.type.named === typeName) usages.push({ type: type.name, field: field.name, label: `${type.name}.${field.name}` });
      for (const arg of field.args) {
        if (arg.type.named === typeName) usages.push({ type: type.name, field: field.name, label: `${type.name}.${field.name}(${arg.name})` });
      }
    }
  }
  return usages;
}
