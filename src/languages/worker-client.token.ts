/** Injection token of the ClientProxy that sends requests to the workers over the Nest Redis transport. */
export const WORKER_CLIENT = 'WORKER_CLIENT';
