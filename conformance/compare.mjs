// Compares one requirement set's results directly against the backend and through the gateway.
// Usage: node compare.mjs <rev> <direct-dir> <gateway-dir> <known-gaps.yml>
// A scenario passes when its checks.json holds no FAILURE. Exit 1 when a scenario that passes
// directly fails through the gateway without a known-gaps entry, or when a listed gap passes
// (the list must shrink as the gateway improves), or when a gap names no real scenario.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [rev, directDir, gatewayDir, gapsFile] = process.argv.slice(2);

function results(dir) {
  const out = new Map(); // scenario -> { pass, failed: [check ids + messages] }
  if (!existsSync(dir)) return out;
  for (const d of readdirSync(dir)) {
    const m = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(d);
    const file = join(dir, d, 'checks.json');
    if (!m) continue;
    if (!existsSync(file)) { out.set(m[1], { pass: false, failed: ['no checks.json: the scenario did not finish'] }); continue; }
    const checks = JSON.parse(readFileSync(file, 'utf8'));
    const failed = checks.filter((c) => c.status === 'FAILURE').map((c) => `${c.id}: ${c.errorMessage ?? c.description ?? ''}`);
    out.set(m[1], { pass: failed.length === 0, failed });
  }
  return out;
}

// known-gaps.yml: a map per revision, "  scenario: reason" lines (plain YAML, read by hand here).
function gaps(file) {
  const byRev = new Map();
  let current = null;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const top = /^"?([\w.-]+)"?:\s*$/.exec(line);
    if (top) { current = new Map(); byRev.set(top[1], current); continue; }
    const entry = /^\s+([\w./-]+):\s*(.+)$/.exec(line);
    if (entry && current) current.set(entry[1], entry[2].trim());
    else throw new Error(`${file}: cannot read line: ${line}`);
  }
  return byRev.get(rev) ?? new Map();
}

const direct = results(directDir);
const gateway = results(gatewayDir);
const known = gaps(gapsFile);
const count = (m) => [...m.values()].filter((r) => r.pass).length;
const problems = [];

for (const [scenario, d] of [...direct].sort()) {
  if (!d.pass) continue;
  const g = gateway.get(scenario);
  const gPass = g?.pass ?? false;
  if (!gPass && !known.has(scenario)) {
    problems.push(`REGRESSION ${scenario}: passes directly, fails through the gateway`);
    for (const f of g?.failed ?? ['no result through the gateway']) problems.push(`    ${f}`);
  }
  if (gPass && known.has(scenario)) problems.push(`FIXED ${scenario}: passes through the gateway; remove it from ${gapsFile}`);
}
for (const scenario of known.keys()) {
  if (!direct.get(scenario)?.pass) problems.push(`STALE ${scenario}: listed as a gateway gap but does not pass directly`);
}
for (const [scenario, reason] of known) {
  if (gateway.get(scenario) && !gateway.get(scenario).pass) console.log(`  gap ${scenario}: ${reason}`);
}
for (const [scenario, d] of [...direct].sort()) {
  if (!d.pass) console.log(`  direct-fail ${scenario}: ${d.failed[0] ?? ''}`.slice(0, 200));
}
problems.forEach((p) => console.log(p));
console.log(`conformance ${rev}: direct ${count(direct)}/${direct.size}, gateway ${count(gateway)}/${gateway.size}, gaps listed ${known.size}`);
process.exit(problems.length ? 1 : 0);
