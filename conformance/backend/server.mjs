// Caravan's own conformance backend: the tools, resources and prompts the official MCP conformance
// suite's server scenarios ask for, served over streamable HTTP on $PORT at /mcp with one session per
// 2025-era client. The 2025 side is the MCP TypeScript SDK 1.x (it keeps sessions, so sampling and
// elicitation answers find their way back); 2026-07-28 requests go to the SDK 2.x (modern.mjs). The
// fixtures are ours. Run: PORT=3001 node conformance/backend/server.mjs
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema, ListToolsRequestSchema, ListResourcesRequestSchema, ReadResourceRequestSchema,
  ListResourceTemplatesRequestSchema, SubscribeRequestSchema, UnsubscribeRequestSchema,
  ListPromptsRequestSchema, GetPromptRequestSchema, CompleteRequestSchema, SetLevelRequestSchema,
  CreateMessageResultSchema, ElicitResultSchema, McpError, ErrorCode, isInitializeRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { tools } from './tools.mjs';
import { readResource, resources, resourceTemplates } from './resources.mjs';
import { prompts, getPrompt } from './prompts.mjs';
import { capabilities, complete } from './capabilities.mjs';
import { serveModern } from './modern.mjs';

const port = Number(process.env.PORT || 3001);

function newServer() {
  const server = new Server(
    { name: 'caravan-conformance-backend', version: '1.0.0' },
    { capabilities },
  );
  const subscriptions = new Set();
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: tools.map(({ run, ...descriptor }) => descriptor),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = tools.find((t) => t.name === request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const context = {
      args: request.params.arguments ?? {},
      progressToken: request.params._meta?.progressToken,
      notify: (method, params) => extra.sendNotification({ method, params }),
      sample: (params) => extra.sendRequest({ method: 'sampling/createMessage', params }, CreateMessageResultSchema),
      elicit: (params) => extra.sendRequest({ method: 'elicitation/create', params }, ElicitResultSchema),
      closeStream: extra.closeSSEStream,
    };
    return tool.run(context);
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({ resourceTemplates }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => readResource(request.params.uri));
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    subscriptions.add(request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscriptions.delete(request.params.uri);
    return {};
  });
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) => getPrompt(request.params));
  server.setRequestHandler(CompleteRequestSchema, async (request) => complete(request.params));
  server.setRequestHandler(SetLevelRequestSchema, async () => ({}));
  return server;
}

// One transport (and one Server) per MCP session, keyed by the session id the transport hands out.
const sessions = new Map();

async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname !== '/mcp') {
    res.writeHead(404).end();
    return;
  }
  const raw = req.method === 'POST' ? await readBody(req) : undefined;
  const sessionId = req.headers['mcp-session-id'];
  const body = raw === undefined ? undefined : parse(raw);
  // 2025-era traffic opens a session with initialize and then carries its id; everything else is
  // 2026-07-28 per-request traffic (or a stray request the modern handler rejects properly).
  if (!sessionId && !(body !== INVALID && isInitializeRequest(body))) {
    await serveModern(req, res, raw, port);
    return;
  }
  if (body === INVALID) {
    res.writeHead(400, { 'content-type': 'application/json' })
      .end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }));
    return;
  }
  let transport = sessionId ? sessions.get(sessionId) : undefined;
  if (!transport && !sessionId && req.method === 'POST' && isInitializeRequest(body)) {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableDnsRebindingProtection: true,
      allowedHosts: [`localhost:${port}`, `127.0.0.1:${port}`, 'localhost', '127.0.0.1'],
      onsessioninitialized: (id) => sessions.set(id, transport),
    });
    transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
    await newServer().connect(transport);
  }
  if (!transport) {
    const status = sessionId ? 404 : 400;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({
      jsonrpc: '2.0', id: null,
      error: { code: -32000, message: sessionId ? 'Session not found' : 'Bad Request: no session; send initialize first' },
    }));
    return;
  }
  await transport.handleRequest(req, res, body);
}

const INVALID = Symbol('invalid');
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}
function parse(raw) {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return INVALID;
  }
}

createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error('request failed', error);
    if (!res.headersSent) res.writeHead(500).end();
  });
}).listen(port, '127.0.0.1', () => console.log(`conformance backend on http://localhost:${port}/mcp`));
