// SEP-2243 on the 2026-07-28 side: a tools/call argument whose schema carries `x-mcp-header: Name`
// must also arrive as the `Mcp-Param-Name` header with the same value (plain, or =?base64?...?=).
// A missing, undecodable or different header is refused with HTTP 400 and JSON-RPC -32020.
import { tools } from './tools.mjs';

const WRAPPED = /^=\?base64\?(.*)\?=$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// The header's value as the client meant it, or undefined when it cannot be decoded. Only a value
// wrapped in =?base64?...?= is decoded; anything else is taken literally.
function decode(raw) {
  const wrapped = WRAPPED.exec(raw);
  if (!wrapped) return /^[\x20-\x7e]*$/.test(raw) ? raw : undefined;
  if (!BASE64.test(wrapped[1]) || wrapped[1].length % 4 !== 0) return undefined;
  return Buffer.from(wrapped[1], 'base64').toString('utf8');
}

// Returns the reason the request's mirrored headers do not match its body, or undefined when they do.
export function paramHeaderMismatch(message, headers) {
  if (message?.method !== 'tools/call') return undefined;
  const tool = tools.find((t) => t.name === message.params?.name);
  const args = message.params?.arguments ?? {};
  for (const [param, schema] of Object.entries(tool?.inputSchema?.properties ?? {})) {
    const name = schema['x-mcp-header'];
    if (!name || args[param] === undefined || args[param] === null) continue;
    const raw = headers.get(`mcp-param-${name}`);
    if (raw === null) return `Mcp-Param-${name} header missing for argument ${param}`;
    const value = decode(raw.trim());
    if (value === undefined) return `Mcp-Param-${name} header is not a valid value`;
    if (value !== String(args[param])) return `Mcp-Param-${name} header does not match argument ${param}`;
  }
  return undefined;
}
