// The 2026-07-28 (stateless, per-request) side of the conformance backend: the MCP TypeScript SDK 2.x
// serves each modern request with a fresh Server built on the same fixtures as the 2025 side.
import { Readable } from 'node:stream';
import { Server, ProtocolError, createMcpHandler, hostHeaderValidationResponse } from '@modelcontextprotocol/server';
import { tools } from './tools.mjs';
import { readResource, resources, resourceTemplates } from './resources.mjs';
import { prompts, getPrompt } from './prompts.mjs';
import { capabilities, complete } from './capabilities.mjs';
import { paramHeaderMismatch } from './paramHeaders.mjs';
import { inputRequiredTools, statelessDiagnostics, inputRequiredPrompt, inputRequiredToolDescriptors, inputRequiredPromptDescriptor } from './inputRequired.mjs';

// Fixtures throw the 1.x SDK's McpError; the 2.x side answers with the same code, message and data.
const asProtocolError = (fn) => async (...args) => {
  try {
    return await fn(...args);
  } catch (error) {
    if (typeof error?.code === 'number') throw new ProtocolError(error.code, error.message.replace(/^MCP error -?\d+: /, ''), error.data);
    throw error;
  }
};

class NeedsInput extends Error {
  constructor(inputRequests) {
    super('the client must answer first');
    this.inputRequests = inputRequests;
  }
}

// What a multi-round fixture needs from a retried request: the client's answers, the echoed state and
// the capabilities the client declared on this request.
function roundInputs(request, ctx) {
  // The SDK lifts the retry fields and the _meta envelope off the wire before the handler runs.
  const envelope = ctx.mcpReq.envelope ?? {};
  return {
    responses: ctx.mcpReq.inputResponses ?? request.params?.inputResponses,
    state: ctx.mcpReq.requestState() ?? request.params?.requestState,
    capabilities: envelope.clientCapabilities ?? envelope['io.modelcontextprotocol/clientCapabilities']
      ?? request.params?._meta?.['io.modelcontextprotocol/clientCapabilities'],
    log: (level, data) => ctx.mcpReq.log(level, data, 'conformance'),
  };
}

function modernServer() {
  const server = new Server({ name: 'caravan-conformance-backend', version: '1.0.0' }, { capabilities });
  server.setRequestHandler('tools/list', async () => ({
    tools: [...tools.map(({ run, ...descriptor }) => descriptor), ...inputRequiredToolDescriptors],
  }));
  server.setRequestHandler('tools/call', asProtocolError(async (request, ctx) => {
    const multiRound = inputRequiredTools[request.params.name] ?? statelessDiagnostics[request.params.name];
    if (multiRound) return multiRound(roundInputs(request, ctx));
    const tool = tools.find((t) => t.name === request.params.name);
    if (!tool) throw new ProtocolError(-32602, `Unknown tool: ${request.params.name}`);
    // A 2026-07-28 server cannot send the client a request mid-call: a fixture that asks the client
    // answers input_required with the request under one key and finds the answer there on the retry.
    const { responses } = roundInputs(request, ctx);
    const askClient = (key, method) => async (params) => {
      if (responses?.[key] !== undefined) return responses[key];
      throw new NeedsInput({ [key]: { method, params } });
    };
    try {
      return await tool.run({
        args: request.params.arguments ?? {},
        progressToken: request.params._meta?.progressToken,
        notify: (method, params) => ctx.mcpReq.notify({ method, params }),
        sample: askClient('sampling', 'sampling/createMessage'),
        elicit: askClient('elicitation', 'elicitation/create'),
      });
    } catch (error) {
      if (error instanceof NeedsInput) return { resultType: 'input_required', inputRequests: error.inputRequests };
      throw error;
    }
  }));
  server.setRequestHandler('resources/list', async () => ({ resources }));
  server.setRequestHandler('resources/templates/list', async () => ({ resourceTemplates }));
  server.setRequestHandler('resources/read', asProtocolError(async (request) => readResource(request.params.uri)));
  server.setRequestHandler('prompts/list', async () => ({ prompts: [...prompts, inputRequiredPromptDescriptor] }));
  server.setRequestHandler('prompts/get', asProtocolError(async (request, ctx) =>
    request.params.name === inputRequiredPromptDescriptor.name ? inputRequiredPrompt(roundInputs(request, ctx)) : getPrompt(request.params)));
  server.setRequestHandler('completion/complete', async (request) => complete(request.params));
  return server;
}

const handler = createMcpHandler(() => modernServer(), { legacy: 'reject' });

function paramHeaderRejection(rawBody, headers) {
  let message;
  try {
    message = JSON.parse(rawBody?.toString('utf8') ?? '');
  } catch {
    return undefined; // the SDK answers unparsable bodies itself
  }
  const reason = paramHeaderMismatch(message, headers);
  if (!reason) return undefined;
  return Response.json({ jsonrpc: '2.0', id: message.id ?? null, error: { code: -32020, message: reason } }, { status: 400 });
}

// Serves one node request (body already read) through the web-standard handler.
export async function serveModern(req, res, rawBody, port) {
  if (process.env.LOG_REQUESTS) console.log(`modern ${req.method} ${rawBody?.toString('utf8').slice(0, 600) ?? ''}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const request = new Request(`http://localhost:${port}${req.url}`, {
    method: req.method, headers, body: rawBody && rawBody.length ? rawBody : undefined,
  });
  const response = hostHeaderValidationResponse(request, ['localhost', '127.0.0.1'])
    ?? paramHeaderRejection(rawBody, headers) ?? await handler.fetch(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return res.end();
  const body = Readable.fromWeb(response.body);
  res.on('close', () => body.destroy());
  body.pipe(res);
}
