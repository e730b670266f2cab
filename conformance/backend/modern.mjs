// The 2026-07-28 leg: stateless, per-request serving through the SDK 2.x handler. Each request
// gets a fresh SDK 2.x Server (the factory) with the same tools, resources and prompts as the
// 2025 leg.
import { Server, ProtocolError, createMcpHandler } from '@modelcontextprotocol/server';
import { tools, callTool } from './tools.mjs';
import { inputRequiredTools, inputRequiredCall } from './input-required.mjs';
import { NotFound, resources, resourceTemplates, readResource, prompts, getPrompt, complete } from './catalog.mjs';

function invalidParams(fn) {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (e) {
      if (e instanceof NotFound) throw new ProtocolError(-32602, e.message, e.data);
      throw e;
    }
  };
}

// In 2026-07-28 a server logs only when the request's envelope names a log level.
function requestedLogLevel(ctx) {
  const envelope = ctx.mcpReq.envelope ?? {};
  return envelope.logLevel ?? envelope['io.modelcontextprotocol/logLevel'];
}

function newModernServer() {
  const server = new Server(
    { name: 'caravan-conformance-backend', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
    },
  );
  server.setRequestHandler('tools/list', async () => ({ tools: [...tools, ...inputRequiredTools] }));
  server.setRequestHandler('tools/call', invalidParams(async (request, ctx) => inputRequiredCall(
    request.params.name, ctx.mcpReq.inputResponses, ctx.mcpReq.requestState()) ?? callTool(request.params.name, request.params.arguments, {
    progressToken: ctx.mcpReq._meta?.progressToken,
    notify: (n) => (n.method !== 'notifications/message' || requestedLogLevel(ctx) ? ctx.mcpReq.notify(n) : Promise.resolve()),
    request: (r) => ctx.mcpReq.send(r),
    closeStream: () => {},
  })));
  server.setRequestHandler('resources/list', async () => ({ resources }));
  server.setRequestHandler('resources/templates/list', async () => ({ resourceTemplates }));
  server.setRequestHandler('resources/read', invalidParams(async (request) => ({ contents: [readResource(request.params.uri)] })));
  server.setRequestHandler('prompts/list', async () => ({ prompts }));
  server.setRequestHandler('prompts/get', invalidParams(async (request) => getPrompt(request.params.name, request.params.arguments)));
  server.setRequestHandler('completion/complete', async (request) => complete(request.params.argument?.value));
  return server;
}

// 'reject': 2025-era traffic never reaches this handler (server.mjs routes it to the legacy leg).
export const modernHandler = createMcpHandler(newModernServer, { legacy: 'reject', onerror: (e) => console.error('modern leg:', e.message) });
