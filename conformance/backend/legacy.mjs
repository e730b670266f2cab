// The 2025-era leg: sessionful streamable HTTP with the SDK 1.x low-level Server, one per session
// (subscriptions and log level are per client).
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ListToolsRequestSchema, CallToolRequestSchema, ListResourcesRequestSchema, ReadResourceRequestSchema,
  ListResourceTemplatesRequestSchema, SubscribeRequestSchema, UnsubscribeRequestSchema,
  ListPromptsRequestSchema, GetPromptRequestSchema, CompleteRequestSchema, SetLevelRequestSchema,
  McpError, ErrorCode, CreateMessageResultSchema, ElicitResultSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { tools, callTool } from './tools.mjs';
import { NotFound, resources, resourceTemplates, readResource, prompts, getPrompt, complete } from './catalog.mjs';

const RESULT_SCHEMAS = { 'sampling/createMessage': CreateMessageResultSchema, 'elicitation/create': ElicitResultSchema };

function invalidParams(fn) {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (e) {
      if (e instanceof NotFound) throw new McpError(ErrorCode.InvalidParams, e.message, e.data);
      throw e;
    }
  };
}

export function newLegacyServer() {
  const server = new Server(
    { name: 'caravan-conformance-backend', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
    },
  );
  const subscriptions = new Set();
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, invalidParams(async (req, extra) => callTool(req.params.name, req.params.arguments, {
    progressToken: extra._meta?.progressToken,
    notify: (n) => extra.sendNotification(n),
    request: (r) => extra.sendRequest(r, RESULT_SCHEMAS[r.method]),
    closeStream: () => extra.closeSSEStream?.(),
  })));
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({ resourceTemplates }));
  server.setRequestHandler(ReadResourceRequestSchema, invalidParams(async (req) => ({ contents: [readResource(req.params.uri)] })));
  server.setRequestHandler(SubscribeRequestSchema, async (req) => { subscriptions.add(req.params.uri); return {}; });
  server.setRequestHandler(UnsubscribeRequestSchema, async (req) => { subscriptions.delete(req.params.uri); return {}; });
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts }));
  server.setRequestHandler(GetPromptRequestSchema, invalidParams(async (req) => getPrompt(req.params.name, req.params.arguments)));
  server.setRequestHandler(CompleteRequestSchema, async (req) => complete(req.params.argument?.value));
  server.setRequestHandler(SetLevelRequestSchema, async () => ({}));
  return server;
}
