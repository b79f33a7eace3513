import { connect, Socket, type OnReadOpts, type SocketConstructorOpts } from 'node:net';

/**
 * Bytes read from a socket: a view of its one read buffer, valid only during the call (the next
 * read overwrites it): whoever keeps bytes copies them.
 */
export type OnBytes = (bytes: Uint8Array) => void;

/**
 * Each socket reads into one buffer reused for every read. Node's default gives every read a new
 * 64 KiB buffer: receiving a 315 MB CT that way cost ~370 ms of CPU (page faults of fresh memory,
 * and the garbage collector's threads reclaiming it) against ~60 ms with a reused buffer (a Node
 * client sending 1 MiB writes over loopback to both kinds of server, CPU of all the receiver's
 * threads from /proc). 1 MiB: one read takes what a loopback or LAN peer has in flight.
 */
const READ_BUFFER_BYTES = 1 << 20;

function onread(onBytes: OnBytes): OnReadOpts {
  // A buffer, not a function: Node calls a function for a fresh buffer after every read. A plain
  // Uint8Array, not a Buffer: `slice()` of its views copies (a Buffer's would be another view).
  const buffer = new Uint8Array(READ_BUFFER_BYTES);
  return {
    buffer,
    callback: (bytesRead) => {
      onBytes(buffer.subarray(0, bytesRead));
      return true;
    },
  };
}

/** Connects to a peer, reading into a reused buffer. */
export function connectReusingReadBuffer(host: string, port: number, onBytes: OnBytes): Socket {
  return connect({ host, port, onread: onread(onBytes) });
}

/**
 * An accepted connection, reading into a reused buffer. Node offers `onread` only to sockets it
 * constructs from options, not to the ones a server accepts, so the accepted socket (from a server
 * made with `pauseOnConnect`, so that nothing was read yet) is re-wrapped: a new Socket takes its
 * handle, and the original, detached from the handle, is disposed (which also takes it out of the
 * server's connection count, so `server.close()` does not wait for it: the caller tracks the new
 * socket).
 */
export function adoptReusingReadBuffer(accepted: Socket, onBytes: OnBytes): Socket {
  const internal = accepted as unknown as { _handle: unknown };
  const handle = internal._handle;
  if (!handle) return accepted;
  const options: SocketConstructorOpts & { handle: unknown; onread: OnReadOpts } = { handle, readable: true, writable: true, onread: onread(onBytes) };
  const socket = new Socket(options);
  internal._handle = null;
  accepted.destroy();
  return socket;
}
