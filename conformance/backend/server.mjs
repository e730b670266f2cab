// Caravan's conformance backend: an MCP server over streamable HTTP that offers exactly what the
// official conformance suite's server scenarios ask for (tools test_*, test:// resources, prompts,
// completion, logging, subscriptions). 2025-era requests (sessions, initialize) go to the SDK 1.x
// leg (legacy.mjs), 2026-07-28 requests (per-request _meta envelope) to the SDK 2.x leg
// (modern.mjs); the SDK's own isLegacyRequest decides. CI runs the suite against it directly and through the
// gateway; a scenario that passes here must pass through the gateway too.
// Listens on $PORT (default 3001), path /mcp. Protocol handling is the MCP TypeScript SDK's.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { isLegacyRequest } from '@modelcontextprotocol/server';
import { newLegacyServer } from './legacy.mjs';
import { modernHandler } from './modern.mjs';
import { MemoryEventStore } from './event-store.mjs';

const PORT = Number(process.env.PORT || 3001);
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const sessions = new Map(); // Mcp-Session-Id -> transport

// A browser page on another origin must not reach a local server (DNS rebinding): refuse
// foreign Origin headers; requests without Origin (non-browser clients) pass.
function foreignOrigin(req) {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return !LOCAL_HOSTS.has(new URL(origin).hostname);
  } catch {
    return true;
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function webRequest(req, raw) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  const hasBody = req.method === 'POST' && raw.length > 0;
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, { method: req.method, headers, body: hasBody ? raw : undefined });
}

async function sendWeb(res, response) {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return res.end();
  const body = Readable.fromWeb(response.body);
  res.on('close', () => body.destroy());
  body.pipe(res);
}

function jsonError(res, status, code, message) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }));
}

async function handle(req, res) {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (path !== '/mcp') return jsonError(res, 404, -32600, 'Not found: the MCP endpoint is /mcp');
  if (foreignOrigin(req)) return jsonError(res, 403, -32600, 'Forbidden: foreign Origin');

  const raw = await readBody(req);
  let body;
  if (raw.length > 0) {
    try { body = JSON.parse(raw.toString('utf8')); } catch { body = undefined; }
  }
  if (!(await isLegacyRequest(webRequest(req, raw), body))) {
    return sendWeb(res, await modernHandler.fetch(webRequest(req, raw), { parsedBody: body }));
  }
  if (req.method === 'POST' && raw.length > 0 && body === undefined) return jsonError(res, 400, -32700, 'Parse error');
  const sid = req.headers['mcp-session-id'];
  if (sid) {
    const transport = sessions.get(sid);
    if (!transport) return jsonError(res, 404, -32001, 'Session not found');
    return transport.handleRequest(req, res, body);
  }
  if (req.method === 'POST' && isInitializeRequest(body)) {
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      eventStore: new MemoryEventStore(),
      retryInterval: 500,
      onsessioninitialized: (id) => sessions.set(id, transport),
      onsessionclosed: (id) => sessions.delete(id),
    });
    transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
    await newLegacyServer().connect(transport);
    return transport.handleRequest(req, res, body);
  }
  return jsonError(res, 400, -32000, 'Bad Request: no Mcp-Session-Id and not an initialize request');
}

createServer((req, res) => {
  handle(req, res).catch((e) => {
    console.error('request failed:', e);
    if (!res.headersSent) jsonError(res, 500, -32603, 'Internal error');
    else res.end();
  });
}).listen(PORT, '127.0.0.1', () => console.log(`conformance backend on http://localhost:${PORT}/mcp`));

for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
