/** A scalar a filter compares a field with. */
type FilterScalar = string | number | boolean | null;

/**
 * Whether document `doc` matches `filter`, as a MongoDB query would, for the filters the fenced writes
 * use: each top-level field equal to a scalar (`{ attempt: 2 }`), `{ $ne: scalar }` or
 * `{ $in: [scalars] }`. A missing field is null: it equals null, is in a list holding null, and is
 * `$ne` anything else (MongoDB's rule for null and missing fields).
 * @throws Error for any other filter (nested fields, other operators, non-scalar values): a filter
 *   this cannot judge must never be taken as matched.
 */
export function matchesFilter(doc: Readonly<Record<string, unknown>>, filter: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(filter).every(([field, condition]) => {
    if (field.startsWith('$') || field.includes('.')) throw new Error(`matchesFilter: unsupported field ${field}`);
    const value = doc[field] ?? null;
    if (isScalar(condition)) return value === condition;
    const entries = typeof condition === 'object' && condition !== null ? Object.entries(condition) : [];
    if (entries.length !== 1) throw new Error(`matchesFilter: unsupported condition on ${field}`);
    const [[operator, operand]] = entries as [[string, unknown]];
    if (operator === '$ne' && isScalar(operand)) return value !== operand;
    if (operator === '$in' && Array.isArray(operand) && operand.every(isScalar)) return (operand as unknown[]).includes(value);
    throw new Error(`matchesFilter: unsupported condition ${operator} on ${field}`);
  });
}

function isScalar(value: unknown): value is FilterScalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
