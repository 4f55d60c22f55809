/** A checker's decision on one test's output. */
export interface CheckerResult {
  accepted: boolean;
  /** Why, for the judge message: on rejection the first difference; on acceptance null. */
  message: string | null;
}
