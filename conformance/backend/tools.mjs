// The tools the suite's scenarios call, by name, with what each must return or send. Handlers
// get an SDK-neutral context: { progressToken, notify(notification), request(request), closeStream() }.
import { NotFound } from './catalog.mjs';
import { PNG_BASE64, WAV_BASE64 } from './media.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const noArgs = { type: 'object', properties: {} };
const text = (t) => ({ content: [{ type: 'text', text: t }] });

const schema2020 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: {
      $anchor: 'addressDef',
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' } },
    },
  },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
    contactMethod: { type: 'string', enum: ['phone', 'email'] },
    phone: { type: 'string' },
    email: { type: 'string' },
  },
  allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
  if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
  then: { required: ['phone'] },
  else: { required: ['email'] },
  additionalProperties: false,
};

function stringArg(name, description) {
  return { type: 'object', properties: { [name]: { type: 'string', description } }, required: [name] };
}

export const tools = [
  { name: 'test_simple_text', description: 'Returns one text block', inputSchema: noArgs },
  { name: 'test_image_content', description: 'Returns a PNG image', inputSchema: noArgs },
  { name: 'test_audio_content', description: 'Returns a WAV clip', inputSchema: noArgs },
  { name: 'test_embedded_resource', description: 'Returns an embedded text resource', inputSchema: noArgs },
  { name: 'test_multiple_content_types', description: 'Returns text, image and resource', inputSchema: noArgs },
  { name: 'test_tool_with_logging', description: 'Sends three info log messages while it runs', inputSchema: noArgs },
  { name: 'test_logging_tool', description: 'Sends log messages at every level while it runs', inputSchema: noArgs },
  { name: 'test_error_handling', description: 'Always fails with isError', inputSchema: noArgs },
  { name: 'test_tool_with_progress', description: 'Reports progress 0, 50, 100 of 100', inputSchema: noArgs },
  { name: 'test_sampling', description: 'Asks the client to sample an LLM', inputSchema: stringArg('prompt', 'The prompt to send to the LLM') },
  { name: 'test_elicitation', description: 'Asks the user for a username and email', inputSchema: stringArg('message', 'The message to show the user') },
  { name: 'test_elicitation_sep1034_defaults', description: 'Elicitation with defaults for every primitive type', inputSchema: noArgs },
  { name: 'test_elicitation_sep1330_enums', description: 'Elicitation with all five enum shapes', inputSchema: noArgs },
  { name: 'json_schema_2020_12_tool', description: 'Tool with JSON Schema 2020-12 features', inputSchema: schema2020 },
  { name: 'test_reconnection', description: 'Closes its SSE stream mid-call; the client resumes with Last-Event-ID', inputSchema: noArgs },
];

async function log(ctx, level, data) {
  await ctx.notify({ method: 'notifications/message', params: { level, logger: 'conformance', data } });
}

async function elicit(ctx, params) {
  const r = await ctx.request({ method: 'elicitation/create', params });
  return `Elicitation completed: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`;
}

const handlers = {
  test_simple_text: async () => text('This is a simple text response for testing.'),
  test_image_content: async () => ({ content: [{ type: 'image', data: PNG_BASE64, mimeType: 'image/png' }] }),
  test_audio_content: async () => ({ content: [{ type: 'audio', data: WAV_BASE64, mimeType: 'audio/wav' }] }),
  test_embedded_resource: async () => ({
    content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }],
  }),
  test_multiple_content_types: async () => ({
    content: [
      { type: 'text', text: 'Multiple content types test:' },
      { type: 'image', data: PNG_BASE64, mimeType: 'image/png' },
      { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: JSON.stringify({ test: 'data', value: 123 }) } },
    ],
  }),
  test_tool_with_logging: async (_args, ctx) => {
    await log(ctx, 'info', 'Tool execution started');
    await sleep(50);
    await log(ctx, 'info', 'Tool processing data');
    await sleep(50);
    await log(ctx, 'info', 'Tool execution completed');
    return text('Logging tool finished after three messages');
  },
  test_logging_tool: async (_args, ctx) => {
    for (const level of ['debug', 'info', 'notice', 'warning', 'error']) await log(ctx, level, `log at ${level}`);
    return text('Logging tool finished');
  },
  test_error_handling: async () => ({ isError: true, content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }] }),
  test_tool_with_progress: async (_args, ctx) => {
    const token = ctx.progressToken;
    for (const progress of [0, 50, 100]) {
      if (token !== undefined) {
        await ctx.notify({ method: 'notifications/progress', params: { progressToken: token, progress, total: 100 } });
      }
      if (progress < 100) await sleep(50);
    }
    return text('Progress tool finished');
  },
  test_sampling: async (args, ctx) => {
    const r = await ctx.request({
      method: 'sampling/createMessage',
      params: { messages: [{ role: 'user', content: { type: 'text', text: String(args.prompt ?? '') } }], maxTokens: 100 },
    });
    return text(`LLM response: ${r.content?.type === 'text' ? r.content.text : JSON.stringify(r.content)}`);
  },
  test_elicitation: async (args, ctx) => {
    const r = await ctx.request({
      method: 'elicitation/create',
      params: {
        message: String(args.message ?? ''),
        requestedSchema: {
          type: 'object',
          properties: {
            username: { type: 'string', description: "User's response" },
            email: { type: 'string', description: "User's email address" },
          },
          required: ['username', 'email'],
        },
      },
    });
    return text(`User response: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`);
  },
  test_elicitation_sep1034_defaults: async (_args, ctx) => text(await elicit(ctx, {
    message: 'Please review the defaults',
    requestedSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', default: 'John Doe' },
        age: { type: 'integer', default: 30 },
        score: { type: 'number', default: 95.5 },
        status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
        verified: { type: 'boolean', default: true },
      },
    },
  })),
  test_elicitation_sep1330_enums: async (_args, ctx) => text(await elicit(ctx, {
    message: 'Pick from each list',
    requestedSchema: {
      type: 'object',
      properties: {
        untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
        titledSingle: { type: 'string', oneOf: [{ const: 'value1', title: 'First Option' }, { const: 'value2', title: 'Second Option' }, { const: 'value3', title: 'Third Option' }] },
        legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
        untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
        titledMulti: { type: 'array', items: { anyOf: [{ const: 'value1', title: 'First Choice' }, { const: 'value2', title: 'Second Choice' }, { const: 'value3', title: 'Third Choice' }] } },
      },
    },
  })),
  json_schema_2020_12_tool: async (args) => text(`Received ${JSON.stringify(args ?? {})}`),
  test_reconnection: async (_args, ctx) => {
    await sleep(100);
    ctx.closeStream(); // the client must reconnect with Last-Event-ID to get the answer
    await sleep(600);
    return text('Reconnection test completed');
  },
};

export async function callTool(name, args, ctx) {
  const handler = handlers[name];
  if (!handler) throw new NotFound(`Unknown tool: ${name}`);
  return handler(args ?? {}, ctx);
}
