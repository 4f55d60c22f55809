import type { Socket } from 'socket.io';

/** The parts of engine.io's connection read here (not all are in its typings). */
interface EngineConnection {
  /** Packets waiting for the transport (engine.io `Socket.writeBuffer`). */
  writeBuffer?: readonly { data?: unknown }[];
  transport?: { name?: string; socket?: { bufferedAmount?: number } };
}

/**
 * What waits to be sent to one Socket.IO client from before the current event-loop turn. What this
 * turn emits (a replay sent in one go) is not counted until the turn ends, so a client is judged by
 * what it failed to take, not by the size of the latest burst; the burst is forgotten at setImmediate.
 */
export class SocketBacklog {
  private burst = 0;
  private settling = false;

  constructor(private readonly socket: Socket) {}

  /** Bytes unsent (see `unsentBytes`) that were already waiting when this turn started sending, ≥ 0. */
  get bytes(): number {
    return Math.max(0, unsentBytes(this.socket) - this.burst);
  }

  /** Emits `name` with `payload` to the socket and counts what that added to this turn's burst. */
  emit(name: string, payload: unknown): void {
    const before = unsentBytes(this.socket);
    this.socket.emit(name, payload);
    this.burst += Math.max(0, unsentBytes(this.socket) - before);
    if (this.settling) return;
    this.settling = true;
    setImmediate(() => {
      this.burst = 0;
      this.settling = false;
    });
  }
}

/**
 * Bytes waiting to be sent to a Socket.IO client: the data of the packets in engine.io's write buffer
 * (string length, or byte length of binary data) plus, for the websocket transport, the WebSocket's
 * `bufferedAmount` (bytes written to the TCP socket that the client has not taken yet).
 */
function unsentBytes(socket: Socket): number {
  const conn = socket.conn as unknown as EngineConnection;
  let bytes = 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) bytes += data.byteLength;
  }
  if (conn.transport?.name === 'websocket') bytes += conn.transport.socket?.bufferedAmount ?? 0;
  return bytes;
}

/**
 * Closes a Socket.IO client's connection now, dropping what is waiting to be sent: the WebSocket is
 * terminated (its TCP socket destroyed), another transport discarded. Nothing when it is closed.
 */
export function dropConnection(socket: Socket): void {
  const conn = socket.conn as unknown as EngineConnection & { readyState?: string; close(discard?: boolean): void };
  if (conn.readyState === 'closed') return;
  const ws = conn.transport?.name === 'websocket' ? (conn.transport.socket as { terminate?: () => void } | undefined) : undefined;
  if (typeof ws?.terminate === 'function') ws.terminate();
  else conn.close(true);
}
