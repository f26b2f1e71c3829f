/** What the client puts on the wire and how it reads answers, against a recording HTTP server. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MailsinkClient, MailsinkError } from '../src/index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('requests and answers on the wire', () => {
  let server: Server;
  let origin: string;
  let seen: Seen[] = [];
  /** The next answer: status, content type, body. */
  let answer: [number, string, string] = [200, 'application/json', '{}'];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.writeHead(answer[0], { 'content-type': answer[1] }).end(answer[2]);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen = [];
    answer = [200, 'application/json', '{}'];
  });

  it('puts every path under the base path and encodes IDs', async () => {
    const client = new MailsinkClient({ baseUrl: `${origin}/mail/` });
    answer = [200, 'application/json', '{"messages":[]}'];
    await client.search('subject:"a b" & c', { start: 5, limit: 10 });
    await client.get('a/b?c');
    expect(seen.map((s) => s.url)).toEqual([
      '/mail/api/v1/search?query=subject%3A%22a+b%22+%26+c&start=5&limit=10',
      '/mail/api/mailsink/v1/message/a%2Fb%3Fc',
    ]);
  });

  it('sends credentials from the URL as Basic auth, and extra headers', async () => {
    const url = new URL(origin);
    url.username = 'ci';
    url.password = 'pä:ss';
    const client = new MailsinkClient({ baseUrl: url.href, headers: { 'X-Team': 'qa' } });
    await client.tags();
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('ci:pä:ss').toString('base64')}`);
    expect(seen[0]!.headers['x-team']).toBe('qa');
  });

  it('sends JSON bodies for updates, and no body for deleteAll', async () => {
    const client = new MailsinkClient({ baseUrl: origin });
    answer = [200, 'text/plain', 'ok'];
    await client.markRead(['a', { ID: 'b' }], false);
    await client.setTags(['a'], ['x']);
    await client.delete(['a']);
    await client.deleteAll();
    expect(seen.map((s) => [s.method, s.url, s.body, s.headers['content-type']])).toEqual([
      ['PUT', '/api/v1/messages', '{"IDs":["a","b"],"Read":false}', 'application/json'],
      ['PUT', '/api/v1/tags', '{"IDs":["a"],"Tags":["x"]}', 'application/json'],
      ['DELETE', '/api/v1/messages', '{"IDs":["a"]}', 'application/json'],
      ['DELETE', '/api/v1/messages', '', undefined],
    ]);
  });

  it('reads error reasons from JSON and from plain text, and survives a body that is neither', async () => {
    const client = new MailsinkClient({ baseUrl: origin });
    answer = [400, 'application/json', '{"Error":"bad query"}'];
    await expect(client.list()).rejects.toMatchObject({ status: 400, serverMessage: 'bad query' });
    answer = [404, 'text/plain', 'Not found'];
    await expect(client.list()).rejects.toMatchObject({ status: 404, serverMessage: 'Not found' });
    answer = [500, 'application/json', '{"Error":'];
    await expect(client.list()).rejects.toMatchObject({ status: 500, serverMessage: '{"Error":' });
    answer = [503, 'text/plain', ''];
    await expect(client.list()).rejects.toMatchObject({ status: 503, serverMessage: 'Service Unavailable' });
    answer = [502, 'text/plain', 'x'.repeat(5000)];
    const long = (await client.list().catch((e: unknown) => e)) as MailsinkError;
    expect(long.serverMessage.length).toBeLessThan(1100);
  });

  it('a 200 that is not JSON is a MailsinkError, not a SyntaxError', async () => {
    const client = new MailsinkClient({ baseUrl: origin });
    answer = [200, 'text/html', '<html>a proxy page</html>'];
    const err = await client.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailsinkError);
    expect((err as MailsinkError).serverMessage).toContain('expected JSON');
  });

  it('uses the fetch it is given', async () => {
    const urls: string[] = [];
    const client = new MailsinkClient({
      baseUrl: origin,
      fetch: async (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      },
    });
    await client.tags();
    expect(urls).toEqual([`${origin}/api/v1/tags`]);
  });
});

describe('failures before any HTTP answer', () => {
  it('a refused connection is a MailsinkError with status 0 that says why', async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const err = await new MailsinkClient({ baseUrl: `http://127.0.0.1:${port}` }).list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailsinkError);
    expect((err as MailsinkError).status).toBe(0);
    expect((err as MailsinkError).message).toContain('ECONNREFUSED');
  });

  it('a bad baseUrl is refused at construction', () => {
    expect(() => new MailsinkClient({ baseUrl: 'localhost:8025' })).toThrow(TypeError);
    expect(() => new MailsinkClient({ baseUrl: 'ftp://127.0.0.1/' })).toThrow(/http/);
  });

  it('an empty ID is refused before any request', async () => {
    await expect(new MailsinkClient({ baseUrl: 'http://127.0.0.1:9' }).get('')).rejects.toThrow(TypeError);
  });
});
