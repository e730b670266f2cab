// Resources the conformance scenarios read: a static text, a static binary, a template and a watched one.
import { McpError } from '@modelcontextprotocol/sdk/types.js';

// A 1x1 PNG, small enough to keep inline; the scenarios only check it is valid base64 with a mime type.
export const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const resources = [
  { uri: 'test://static-text', name: 'static-text', title: 'Static text', mimeType: 'text/plain' },
  { uri: 'test://static-binary', name: 'static-binary', title: 'Static binary', mimeType: 'image/png' },
  { uri: 'test://watched-resource', name: 'watched-resource', title: 'Watched resource', mimeType: 'text/plain' },
];

export const resourceTemplates = [
  { uriTemplate: 'test://template/{id}/data', name: 'template-data', title: 'Data by id', mimeType: 'application/json' },
];

export function readResource(uri) {
  if (uri === 'test://static-text') {
    return { contents: [{ uri, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] };
  }
  if (uri === 'test://static-binary') {
    return { contents: [{ uri, mimeType: 'image/png', blob: PNG }] };
  }
  if (uri === 'test://watched-resource') {
    return { contents: [{ uri, mimeType: 'text/plain', text: 'Watched resource content' }] };
  }
  const match = /^test:\/\/template\/([^/]+)\/data$/.exec(uri);
  if (match) {
    const id = decodeURIComponent(match[1]);
    return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }] };
  }
  // -32002 is the spec's "resource not found" code.
  throw new McpError(-32002, `Resource not found: ${uri}`, { uri });
}
