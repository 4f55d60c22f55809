/**
 * Injection token of the shared ioredis client for short commands (PING, publishing events).
 * It fails fast when Redis is down: no offline queue, one retry, 2 s command timeout.
 * Do not use it for SUBSCRIBE or blocking commands; create a dedicated client with RedisClientFactory.
 */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
