// Tools the conformance scenarios call. Each has a plain JSON input schema and a run(context) that
// builds its answer; context gives the arguments, the progress token and the request's notify/sample/elicit.
import { PNG } from './resources.mjs';

// A tiny valid WAV header with no samples: the scenarios check type, base64 and mime type.
const WAV = Buffer.from('UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=', 'base64').toString('base64');
const NO_ARGS = { type: 'object', properties: {} };
const text = (t) => ({ type: 'text', text: t });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const tools = [
  {
    name: 'test_simple_text', description: 'Answers with one text block', inputSchema: NO_ARGS,
    run: () => ({ content: [text('This is a simple text response for testing.')] }),
  },
  {
    name: 'test_image_content', description: 'Answers with one PNG image', inputSchema: NO_ARGS,
    run: () => ({ content: [{ type: 'image', data: PNG, mimeType: 'image/png' }] }),
  },
  {
    name: 'test_audio_content', description: 'Answers with one WAV audio block', inputSchema: NO_ARGS,
    run: () => ({ content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }] }),
  },
  {
    name: 'test_embedded_resource', description: 'Answers with an embedded text resource', inputSchema: NO_ARGS,
    run: () => ({
      content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }],
    }),
  },
  {
    name: 'test_multiple_content_types', description: 'Answers with text, image and a resource', inputSchema: NO_ARGS,
    run: () => ({
      content: [
        text('Multiple content types test:'),
        { type: 'image', data: PNG, mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' } },
      ],
    }),
  },
  {
    name: 'test_tool_with_logging', description: 'Sends three log messages while it runs', inputSchema: NO_ARGS,
    run: async ({ notify }) => {
      for (const data of ['Tool execution started', 'Tool processing data', 'Tool execution completed']) {
        await notify('notifications/message', { level: 'info', logger: 'conformance', data });
        await sleep(50);
      }
      return { content: [text('Tool with logging executed successfully')] };
    },
  },
  {
    name: 'test_tool_with_progress', description: 'Reports progress 0, 50, 100 of 100', inputSchema: NO_ARGS,
    run: async ({ notify, progressToken }) => {
      for (const progress of [0, 50, 100]) {
        if (progressToken !== undefined) {
          await notify('notifications/progress', { progressToken, progress, total: 100, message: `Completed step ${progress} of 100` });
        }
        await sleep(50);
      }
      return { content: [text(String(progressToken ?? 'no progress token'))] };
    },
  },
  {
    name: 'test_error_handling', description: 'Always fails with a tool error', inputSchema: NO_ARGS,
    run: () => ({ isError: true, content: [text('This tool intentionally returns an error for testing')] }),
  },
  {
    name: 'test_sampling', description: 'Asks the client to sample an LLM with the given prompt',
    inputSchema: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
    run: async ({ args, sample }) => {
      const result = await sample({
        messages: [{ role: 'user', content: text(String(args.prompt ?? '')) }],
        maxTokens: 100,
      });
      const answer = result.content?.type === 'text' ? result.content.text : JSON.stringify(result.content);
      return { content: [text(`LLM response: ${answer}`)] };
    },
  },
  {
    name: 'test_elicitation', description: 'Asks the user for a username and an email',
    inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
    run: async ({ args, elicit }) => {
      const result = await elicit({
        message: String(args.message ?? 'Please provide your details'),
        requestedSchema: {
          type: 'object',
          properties: {
            username: { type: 'string', description: "User's response" },
            email: { type: 'string', description: "User's email address" },
          },
          required: ['username', 'email'],
        },
      });
      return { content: [text(`User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
    },
  },
  {
    name: 'test_elicitation_sep1034_defaults', description: 'Elicits fields that carry default values (SEP-1034)', inputSchema: NO_ARGS,
    run: async ({ elicit }) => {
      const result = await elicit({
        message: 'Please review and update the form fields with defaults',
        requestedSchema: {
          type: 'object',
          properties: {
            name: { type: 'string', description: 'User name', default: 'John Doe' },
            age: { type: 'integer', description: 'User age', default: 30 },
            score: { type: 'number', description: 'User score', default: 95.5 },
            status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
            verified: { type: 'boolean', description: 'Verification status', default: true },
          },
        },
      });
      return { content: [text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
    },
  },
  {
    name: 'test_elicitation_sep1330_enums', description: 'Elicits every enum schema shape (SEP-1330)', inputSchema: NO_ARGS,
    run: async ({ elicit }) => {
      const result = await elicit({
        message: 'Please pick from the enum fields',
        requestedSchema: {
          type: 'object',
          properties: {
            untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
            titledSingle: {
              type: 'string',
              oneOf: [{ const: 'value1', title: 'First' }, { const: 'value2', title: 'Second' }, { const: 'value3', title: 'Third' }],
            },
            legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
            untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
            titledMulti: {
              type: 'array',
              items: { anyOf: [{ const: 'value1', title: 'First' }, { const: 'value2', title: 'Second' }, { const: 'value3', title: 'Third' }] },
            },
          },
        },
      });
      return { content: [text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
    },
  },
  {
    name: 'json_schema_2020_12_tool', description: 'Declares a JSON Schema 2020-12 input schema with $defs and refs',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: {
        address: { $anchor: 'postalAddress', type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } },
      },
      properties: {
        name: { type: 'string' },
        address: { $ref: '#/$defs/address' },
        contact: { type: 'string', enum: ['email', 'phone'] },
        email: { type: 'string' },
        phone: { type: 'string' },
      },
      allOf: [{ required: ['name'] }, { anyOf: [{ required: ['email'] }, { required: ['phone'] }, { not: { required: ['contact'] } }] }],
      if: { properties: { contact: { const: 'email' } }, required: ['contact'] },
      then: { required: ['email'] },
      else: { not: { required: ['email'] } },
      additionalProperties: false,
    },
    run: ({ args }) => ({ content: [text(`Received: ${JSON.stringify(args)}`)] }),
  },
  {
    name: 'test_header_mirrored_param', description: 'Echoes a region that clients also mirror into the Mcp-Param-Region header (SEP-2243)',
    inputSchema: {
      type: 'object',
      properties: { region: { type: 'string', description: 'Region to answer for', 'x-mcp-header': 'Region' } },
      required: ['region'],
    },
    run: ({ args }) => ({ content: [text(`Region: ${args.region}`)] }),
  },
  {
    name: 'test_reconnection', description: 'Closes its SSE stream mid-call, then answers (SEP-1699 polling)', inputSchema: NO_ARGS,
    run: async ({ closeStream }) => {
      await sleep(100);
      closeStream?.();
      await sleep(200);
      return { content: [text('Reconnection test completed')] };
    },
  },
];
