/** Batches of each kind (outputs, submissions, test data files) one retention sweep runs at most: what is left waits for the next sweep. */
export const MAX_BATCHES_PER_SWEEP = 10;
