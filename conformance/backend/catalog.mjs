// The resources, resource template, prompts and completions the suite's scenarios ask for, as
// plain data and functions; legacy.mjs (SDK 1.x) and modern.mjs (SDK 2.x) serve them.
import { PNG_BASE64 } from './media.mjs';

/** Thrown for an unknown resource, prompt or tool; each SDK leg maps it to -32602 Invalid params. */
export class NotFound extends Error {
  constructor(message, data) { super(message); this.data = data; }
}

export const resources = [
  { uri: 'test://static-text', name: 'static-text', description: 'A fixed text resource', mimeType: 'text/plain' },
  { uri: 'test://static-binary', name: 'static-binary', description: 'A fixed PNG resource', mimeType: 'image/png' },
  { uri: 'test://watched-resource', name: 'watched-resource', description: 'A resource to subscribe to', mimeType: 'text/plain' },
];

const TEMPLATE = /^test:\/\/template\/([^/]+)\/data$/;

export function readResource(uri) {
  if (uri === 'test://static-text') return { uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' };
  if (uri === 'test://static-binary') return { uri, mimeType: 'image/png', blob: PNG_BASE64 };
  if (uri === 'test://watched-resource') return { uri, mimeType: 'text/plain', text: 'Watched resource content.' };
  const m = TEMPLATE.exec(uri);
  if (m) return { uri, mimeType: 'application/json', text: JSON.stringify({ id: m[1], templateTest: true, data: `Data for ID: ${m[1]}` }) };
  throw new NotFound('Resource not found', { uri });
}

export const prompts = [
  { name: 'test_simple_prompt', description: 'A prompt without arguments' },
  {
    name: 'test_prompt_with_arguments', description: 'A prompt with two arguments',
    arguments: [{ name: 'arg1', description: 'First test argument', required: true }, { name: 'arg2', description: 'Second test argument', required: true }],
  },
  {
    name: 'test_prompt_with_embedded_resource', description: 'A prompt that embeds a resource',
    arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
  },
  { name: 'test_prompt_with_image', description: 'A prompt with an image' },
];

const user = (content) => ({ role: 'user', content });

export function getPrompt(name, args = {}) {
  switch (name) {
    case 'test_simple_prompt':
      return { messages: [user({ type: 'text', text: 'This is a simple prompt for testing.' })] };
    case 'test_prompt_with_arguments':
      return { messages: [user({ type: 'text', text: `Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'` })] };
    case 'test_prompt_with_embedded_resource':
      return {
        messages: [
          user({ type: 'resource', resource: { uri: String(args.resourceUri), mimeType: 'text/plain', text: 'Embedded resource content for testing.' } }),
          user({ type: 'text', text: 'Please process the embedded resource above.' }),
        ],
      };
    case 'test_prompt_with_image':
      return { messages: [user({ type: 'image', data: PNG_BASE64, mimeType: 'image/png' }), user({ type: 'text', text: 'Please analyze the image above.' })] };
    default:
      throw new NotFound(`Unknown prompt: ${name}`);
  }
}

export const resourceTemplates = [
  { uriTemplate: 'test://template/{id}/data', name: 'template', description: 'Data for an id', mimeType: 'application/json' },
];

const WORDS = ['paris', 'park', 'party', 'test', 'testValue1', 'testValue2'];

export function complete(prefix) {
  const values = WORDS.filter((w) => w.startsWith(String(prefix ?? '')));
  return { completion: { values, total: values.length, hasMore: false } };
}
