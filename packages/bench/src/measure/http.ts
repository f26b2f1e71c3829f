/** GET over a keep-alive connection, so latencies measure the server, not TCP set-up. */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export interface HttpAnswer {
  status: number;
  body: string;
  /** Milliseconds from sending the request to the end of the body. */
  ms: number;
  /** performance.now() at the end of the body. */
  at: number;
}

export function httpGet(url: string, timeoutMs = 60_000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { agent, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const at = performance.now();
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: at - started, at });
      });
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url}: no answer in ${timeoutMs / 1000}s`)));
    request.on('error', reject);
  });
}

export function closeHttpConnections(): void {
  agent.destroy();
}
