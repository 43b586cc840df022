import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Services } from '../core/services';

/**
 * The /events WebSocket: every core event goes to every open socket as one JSON message.
 * Nothing a client sends may take the host down: a reset socket, a URL that does not parse
 * or a malformed frame ends that one connection and nothing else.
 */
export function eventSockets(
  services: Services,
  /** Whether this upgrade may open the stream: 'ok', else what the client is told. */
  check: (req: IncomingMessage) => 'ok' | 'bad-url' | 'refused',
) {
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  const unsubscribe = services.events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) ws.send(message);
  });
  return {
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      socket.on('error', () => socket.destroy());
      const verdict = check(req);
      if (verdict !== 'ok') {
        socket.end(
          verdict === 'refused'
            ? 'HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n'
            : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n',
        );
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('error', () => ws.terminate());
        ws.on('close', () => sockets.delete(ws));
      });
    },
    close(): void {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
  };
}
