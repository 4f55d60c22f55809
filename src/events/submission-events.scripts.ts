/**
 * Lua scripts run by SubmissionEventsPublisher, each in one round trip.
 * The sequence counter lives at `eventSeqKey(submissionId)` and expires
 * EVENT_SEQ_TTL_S after the submission's last event.
 */

/** Seconds a submission's sequence counter outlives its last event (7 days). */
export const EVENT_SEQ_TTL_S = 7 * 24 * 3600;

/**
 * KEYS[1] seq key; ARGV[1] channel, ARGV[2] TTL in s, ARGV[3] event JSON without `seq`
 * (an object with at least one field). Increments the counter, refreshes its TTL and
 * publishes `{"seq":<n>,<rest of ARGV[3]>}`: the JSON is spliced, not decoded and
 * re-encoded, so it reaches subscribers byte for byte. Returns the new seq.
 */
export const PUBLISH_WITH_NEXT_SEQ_LUA = `
local seq = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[1], '{"seq":' .. seq .. ',' .. string.sub(ARGV[3], 2))
return seq
`;

/** KEYS[1] seq key; ARGV[1] TTL in s. Increments the counter, refreshes its TTL, returns the new seq. */
export const RESERVE_SEQ_LUA = `
local seq = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
return seq
`;

/** ioredis command names the scripts are registered under (defineCommand). */
export const PUBLISH_WITH_NEXT_SEQ_COMMAND = 'verdictPublishWithNextSeq';
export const RESERVE_SEQ_COMMAND = 'verdictReserveSeq';
