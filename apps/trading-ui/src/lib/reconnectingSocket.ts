import { reconnectDelay } from './backoff';

export type SocketStatus = 'connecting' | 'open' | 'reconnecting';

/** A WebSocket to a same-origin path that reconnects with exponential backoff; returns a function that closes it for good. */
export function openReconnectingSocket(path: string, onMessage: (data: unknown) => void, onStatus: (status: SocketStatus) => void): () => void {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;

  const connect = () => {
    onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    socket = new WebSocket(url);
    socket.onopen = () => { attempt = 0; onStatus('open'); };
    socket.onmessage = (event) => {
      try { onMessage(JSON.parse(String(event.data))); } catch { /* ignore malformed frames */ }
    };
    socket.onclose = () => {
      if (closed) return;
      onStatus('reconnecting');
      timer = setTimeout(connect, reconnectDelay(attempt++));
    };
    socket.onerror = () => socket?.close();
  };
  connect();
  return () => { closed = true; clearTimeout(timer); socket?.close(); };
}
