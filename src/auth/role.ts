/**
 * What an API key may do (issue 10, docs/auth.md):
 * - `admin`: everything, including managing API keys;
 * - `setter`: create, import and update its own problems, rejudge their submissions, see their secret
 *   data and every submission to them (with the checkers' full messages);
 * - `submitter`: submit, read and follow its own submissions, read public problem data.
 */
export enum Role {
  Admin = 'admin',
  Setter = 'setter',
  Submitter = 'submitter',
}
