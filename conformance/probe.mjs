// One readiness probe: POST an MCP initialize to the URL in argv[2]; exit 0 on a 2xx answer.
// The session it may open is deleted again so the suite starts from a clean gateway.
const url = process.argv[2];
const init = {
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'caravan-ci-probe', version: '1' } },
};
try {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify(init),
    signal: AbortSignal.timeout(3000),
  });
  await res.body?.cancel();
  const session = res.headers.get('mcp-session-id');
  if (session) {
    await fetch(url, {
      method: 'DELETE',
      headers: { 'Mcp-Session-Id': session, 'MCP-Protocol-Version': '2025-11-25' },
      signal: AbortSignal.timeout(3000),
    }).catch(() => {});
  }
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
