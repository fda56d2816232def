/**
 * A subgraph split into sub-domains (see docs/architecture.md) has each export its own partial
 * resolvers (or graphql-shield rules); they are merged per type, and a field defined twice is a
 * mistake caught at start-up rather than one silently winning.
 */
export function mergeResolvers<R extends object>(...parts: R[]): R {
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) {
      const existing = merged[type];
      if (existing === undefined || typeof fields !== 'object' || fields === null || fields.constructor !== Object) {
        if (existing !== undefined) throw new Error(`Resolvers of ${type} are defined twice.`);
        merged[type] = fields;
        continue;
      }
      for (const field of Object.keys(fields as object)) {
        if (field in (existing as object)) throw new Error(`Resolver ${type}.${field} is defined twice.`);
      }
      merged[type] = { ...(existing as object), ...(fields as object) };
    }
  }
  return merged as R;
}
