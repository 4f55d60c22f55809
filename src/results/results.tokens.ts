/** Injection token of the API process's dedicated Redis connection in subscriber mode (events channel). */
export const EVENTS_SUBSCRIBER_REDIS = Symbol('EVENTS_SUBSCRIBER_REDIS');
