/** A listing cursor that this API did not produce (or that was altered). */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not valid; pass the nextCursor of a previous page');
    this.name = 'InvalidCursorError';
  }
}
