/** No stored file has the hash asked for. */
export class TestDataMissingError extends Error {
  constructor(readonly hash: string) {
    super(`test data file ${hash} is not stored`);
    this.name = 'TestDataMissingError';
  }
}
