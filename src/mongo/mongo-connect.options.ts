import type { ConnectOptions } from 'mongoose';

/**
 * Driver options chosen so that a dead MongoDB shows up as an error within ~2 s
 * instead of a hang: no command buffering while disconnected, short server selection
 * and connect timeouts, and a socket timeout for a server that stops answering.
 */
export function mongoConnectOptions(): ConnectOptions {
  return {
    bufferCommands: false,
    serverSelectionTimeoutMS: 2000,
    connectTimeoutMS: 2000,
    socketTimeoutMS: 20000,
    autoIndex: true,
  };
}
