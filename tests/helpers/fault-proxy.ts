import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Match = (req: { method: string; route: string }) => boolean;

/**
 * A loopback HTTP proxy in front of a real server (WordPress) that can answer the next
 * matching requests with an error instead of forwarding them (WordPress failing, then back), or
 * hold their real answers back (a reply slower than the client's timeout: the write landed, the
 * client never heard).
 */
export interface FaultProxy {
  url: string;
  /** The next `count` requests for which `match` holds get `status` instead of the real answer. */
  failNext(count: number, status: number, match?: Match): void;
  /** The next `count` requests for which `match` holds reach the server at once; its answer is passed on `delayMs` later. */
  delayNext(count: number, delayMs: number, match?: Match): void;
  /**
   * Holds matching requests `ms` before forwarding them (0: no more delay), as a slow network to
   * WordPress; one whose client hangs up meanwhile is dropped.
   */
  slowDown(ms: number, match?: Match): void;
  /** The real JSON answers to the next `count` matching requests pass through `rewrite`, as a plugin or proxy that changes their shape. */
  rewriteNext(count: number, rewrite: (body: unknown) => unknown, match?: Match): void;
  /** While on, every connection is cut before any answer, as a WordPress that is down. */
  refuse(on: boolean): void;
  /** Requests seen, as `METHOD route` (the `rest_route` when present). */
  seen: string[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const faults: Array<{ remaining: number; status: number; match: Match }> = [];
  const delays: Array<{ remaining: number; delayMs: number; match: Match }> = [];
  const rewrites: Array<{ remaining: number; rewrite: (body: unknown) => unknown; match: Match }> = [];
  const timers = new Set<NodeJS.Timeout>();
  const seen: string[] = [];
  let publicUrl = '';
  let slow: { ms: number; match: Match } = { ms: 0, match: () => false };
  let refusing = false;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const route = url.searchParams.get('rest_route') ?? url.pathname;
    const method = req.method ?? 'GET';
    seen.push(`${method} ${route}`);
    if (refusing) {
      req.socket.destroy();
      return;
    }
    const fault = faults.find((f) => f.remaining > 0 && f.match({ method, route }));
    if (fault) {
      fault.remaining--;
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'proxy_fault', message: `injected ${fault.status}`, data: { status: fault.status } }));
      return;
    }
    const delay = delays.find((d) => d.remaining > 0 && d.match({ method, route }));
    if (delay) delay.remaining--;
    const rewrite = rewrites.find((r) => r.remaining > 0 && r.match({ method, route }));
    if (rewrite) rewrite.remaining--;
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        // Links WordPress builds point at the real site; rewrite Location so redirects stay behind the proxy.
        const headers = { ...answer.headers };
        if (typeof headers.location === 'string') headers.location = headers.location.replace(upstream.origin, publicUrl);
        if (rewrite) {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            const rewritten = Buffer.from(JSON.stringify(rewrite.rewrite(JSON.parse(Buffer.concat(body).toString('utf8')))));
            res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': String(rewritten.length) });
            res.end(rewritten);
          });
          return;
        }
        if (!delay) {
          res.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(res);
          return;
        }
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(Buffer.concat(body));
          }, delay.delayMs);
          timers.add(timer);
        });
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'proxy_upstream', message: error.message }));
    });
    const held = slow.match({ method, route }) ? slow.ms : 0;
    if (held === 0) {
      req.pipe(forward);
      return;
    }
    // A held request whose client hung up (died, aborted) is dropped: it never reached WordPress.
    let hungUp = false;
    res.on('close', () => {
      hungUp = !res.writableEnded;
    });
    req.pause();
    setTimeout(() => (hungUp ? forward.destroy() : req.pipe(forward)), held);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: publicUrl,
    seen,
    failNext: (count, status, match = () => true) => void faults.push({ remaining: count, status, match }),
    delayNext: (count, delayMs, match = () => true) => void delays.push({ remaining: count, delayMs, match }),
    rewriteNext: (count, rewrite, match = () => true) => void rewrites.push({ remaining: count, rewrite, match }),
    slowDown: (ms, match = () => true) => {
      slow = { ms, match };
    },
    refuse: (on) => {
      refusing = on;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
