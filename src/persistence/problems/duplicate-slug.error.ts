/** Another problem already has this slug. */
export class DuplicateSlugError extends Error {
  constructor(readonly slug: string) {
    super(`slug "${slug}" is taken by another problem; choose another slug`);
    this.name = 'DuplicateSlugError';
  }
}
