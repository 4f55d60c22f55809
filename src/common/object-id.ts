/**
 * Whether `id` is a submission id as the API hands them out: 24 lowercase or uppercase hex digits.
 * (Mongoose's own `isValidObjectId` also accepts any 12-character string.)
 */
export function isValidObjectId(id: unknown): id is string {
  return typeof id === 'string' && /^[0-9a-fA-F]{24}$/.test(id);
}
