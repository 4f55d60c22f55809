/**
 * Most bytes a live-events client (an SSE response or a Socket.IO socket) may have waiting to be sent
 * (written by the API, not yet taken by the client): 1 MiB. Beyond it the client reads too slowly and
 * is disconnected; it resumes with `Last-Event-ID` or `afterSeq`.
 */
export const MAX_UNSENT_BYTES = 1024 * 1024;
