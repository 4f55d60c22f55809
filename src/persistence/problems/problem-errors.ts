/** Another problem already has this slug. */
export class DuplicateSlugError extends Error {
  constructor(readonly slug: string) {
    super(`slug "${slug}" is taken by another problem; choose another slug`);
    this.name = 'DuplicateSlugError';
  }
}

/** The problem changed (another PUT or import) between reading and writing it. */
export class ProblemChangedError extends Error {
  constructor(readonly id: string) {
    super(`problem ${id} was changed meanwhile; read it again and retry`);
    this.name = 'ProblemChangedError';
  }
}
