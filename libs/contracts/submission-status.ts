/**
 * Life cycle of a submission. `queued` on creation, `compiling` and `running`
 * while a worker has it, `finished` once a verdict is stored (whatever it is).
 */
export enum SubmissionStatus {
  Queued = 'queued',
  Compiling = 'compiling',
  Running = 'running',
  Finished = 'finished',
}
