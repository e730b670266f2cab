// Compares one requirement set's results run directly against the conformance backend with the same set
// run through the gateway. A scenario passes when its checks.json holds no FAILURE. Every scenario that
// passes directly must pass through the gateway, unless conformance/known-gaps.yml lists it for this
// revision; a listed scenario that passes through the gateway (or fails directly) is an error too, so the
// list stays honest and only shrinks.
//   node conformance/compare.mjs <revision> <direct-results-dir> <gateway-results-dir> <known-gaps.yml>
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [revision, directDir, gatewayDir, gapsFile] = process.argv.slice(2);
if (!gapsFile) {
  console.error('usage: compare.mjs <revision> <direct-dir> <gateway-dir> <known-gaps.yml>');
  process.exit(2);
}

// scenario -> true (passed) | false (failed); a scenario whose checks.json is missing counts as failed.
function outcomes(dir) {
  const result = new Map();
  if (!existsSync(dir)) return result;
  for (const entry of readdirSync(dir)) {
    const scenario = entry.replace(/^server-/, '').replace(/-\d{4}-\d\d-\d\dT[\d-]+Z$/, '');
    const file = join(dir, entry, 'checks.json');
    const checks = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
    result.set(scenario, Array.isArray(checks) && !checks.some((c) => c.status === 'FAILURE'));
  }
  return result;
}

// The gaps file is a two-level map: revision -> scenario -> one-line reason. Read by hand to keep it
// dependency-free; anything else in the file is an error rather than silently ignored.
function gaps(file, wanted) {
  const listed = new Map();
  let current = null;
  readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
    if (/^\s*(#.*)?$/.test(line)) return;
    const top = /^"?([\w.-]+)"?:\s*(\{\})?\s*$/.exec(line);
    const item = /^\s+([\w.-]+):\s*(\S.*)$/.exec(line);
    if (top) current = top[1];
    else if (item && current) {
      if (current === wanted) listed.set(item[1], item[2].replace(/^"(.*)"$/, '$1'));
    } else throw new Error(`${file}:${index + 1}: expected "<revision>:" or "  <scenario>: <reason>", got: ${line}`);
  });
  return listed;
}

const direct = outcomes(directDir);
const gateway = outcomes(gatewayDir);
const listed = gaps(gapsFile, revision);
const problems = [];
for (const [scenario, passedDirectly] of direct) {
  const throughGateway = gateway.get(scenario) === true;
  if (listed.has(scenario)) {
    if (!passedDirectly) problems.push(`${scenario}: listed as a gap but fails directly too; drop it from the list`);
    else if (throughGateway) problems.push(`${scenario}: listed as a gap but passes through the gateway now; drop it from the list`);
  } else if (passedDirectly && !throughGateway) {
    problems.push(`${scenario}: passes directly, fails through the gateway (checks: ${gatewayDir}/server-${scenario}-*/checks.json)`);
  }
}
for (const scenario of listed.keys()) {
  if (!direct.has(scenario)) problems.push(`${scenario}: listed as a gap but the suite ran no such scenario`);
}

const count = (m) => `${[...m.values()].filter(Boolean).length}/${m.size}`;
console.log(`conformance ${revision}: direct ${count(direct)} scenarios, gateway ${count(gateway)}, listed gaps ${listed.size}`);
const failedDirectly = [...direct].filter(([, ok]) => !ok).map(([s]) => s);
if (failedDirectly.length) console.log(`  fail directly (not compared): ${failedDirectly.join(' ')}`);
for (const p of problems) console.log(`  FAIL ${p}`);
process.exit(problems.length ? 1 : 0);
