/**
 * A TCP proxy that forwards the first `limit` bytes of each connection's request and then cuts
 * the connection: an upload that dies midway, at the network level, for fault tests.
 */
import { createServer, connect, type AddressInfo, type Server } from 'node:net';

export async function startCuttingProxy(targetPort: number, limit: number): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    let forwarded = 0;
    client.on('data', (chunk: Buffer) => {
      const room = limit - forwarded;
      if (room > 0) upstream.write(chunk.subarray(0, room));
      forwarded += chunk.length;
      if (forwarded >= limit) {
        client.destroy();
        upstream.destroy();
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
