import { ConnectionMachine, type ConnectionState } from './connection';
import { session } from './session';

export interface SocketHandlers {
  onMessage: (data: unknown) => void;
  onState: (state: ConnectionState) => void;
  /** The socket is open again after a failure: refetch what was missed while it was down. */
  onRecovered?: () => void;
}

/**
 * A WebSocket to a same-origin path (proxied by Vite) that reconnects with exponential backoff and reports its
 * state for the UI. Each attempt first gets a read-only gateway token from the session (sent as ?access_token=: a
 * browser cannot set headers on a WebSocket); signed out, the attempt fails and the next one tries again. Returns a
 * function that closes it for good.
 */
export function openReconnectingSocket(path: string, handlers: SocketHandlers): () => void {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
  let socket: WebSocket | null = null;
  let closed = false;
  const machine = new ConnectionMachine({
    onChange: handlers.onState,
    onRecovered: handlers.onRecovered,
    connect: (m) => {
      session.streamToken().then((token) => {
        if (closed) return;
        open(m, token);
      }, (error: Error) => m.failed(`${path}: ${error.message}`));
    },
  });
  const open = (m: ConnectionMachine, token: string) => {
    socket = new WebSocket(`${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`);
    socket.onopen = () => m.opened();
    socket.onmessage = (event) => {
      let parsed: unknown;
      try { parsed = JSON.parse(String(event.data)); } catch { return; /* not JSON: ignored */ }
      handlers.onMessage(parsed);
    };
    socket.onclose = (event) => m.failed(event.code === 1006 ? `${path} unreachable` : `${path} closed (${event.code})`);
    socket.onerror = () => socket?.close();
  };
  machine.start();
  return () => {
    closed = true;
    machine.stop();
    if (socket) { socket.onclose = null; socket.close(); }
  };
}
