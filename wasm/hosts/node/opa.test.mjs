// policy.wasm in the unmodified npm SDK @open-policy-agent/opa-wasm, with its defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import opa from '@open-policy-agent/opa-wasm';
import { dist, loadCases, requestUid, kubewardenResponse, recordVerdicts } from './cases.mjs';

const { loadPolicy, loadPolicySync } = opa;
const wasm = readFileSync(join(dist, 'policy.wasm'));
const cases = loadCases();

function verdict(policy, c) {
  policy.setData(c.data);
  const [deny] = policy.evaluate(c.input, 'posture/deny');
  const [report] = policy.evaluate(c.input, 'posture/report');
  return { allowed: deny.result.length === 0, deny: deny.result, summary: report.result.summary ?? null };
}

test('loads with the SDK defaults as an ABI 1.3 module with three entrypoints', async () => {
  const policy = await loadPolicy(wasm);
  assert.equal(policy.minorVersion, 3);
  assert.deepEqual(policy.entrypoints, { 'posture/kubewarden': 0, 'posture/deny': 1, 'posture/report': 2 });
  const module = new WebAssembly.Module(wasm);
  const memory = WebAssembly.Module.imports(module).find((i) => i.kind === 'memory');
  assert.deepEqual(memory, { module: 'env', name: 'memory', kind: 'memory' });
});

test('every fixture gives the shared verdict through every entrypoint', async () => {
  const policy = await loadPolicy(wasm);
  const verdicts = {};
  for (const c of cases) {
    const v = verdict(policy, c);
    assert.deepEqual(v, c.expect, `${c.name}: verdict differs from the shared expectation`);
    const [kw] = policy.evaluate(c.input, 0);
    assert.deepEqual(kw.result, kubewardenResponse(requestUid(c.input), v.deny), `${c.name}: kubewarden`);
    verdicts[c.name] = v;
  }
  recordVerdicts('opa-node', verdicts);
});

test('the ABI 1.0 context path and loadPolicySync agree with opa_eval', () => {
  const fast = loadPolicySync(wasm);
  const legacy = loadPolicySync(wasm);
  legacy.minorVersion = 1; // makes the SDK use opa_eval_ctx_* and eval
  for (const c of cases.slice(0, 6)) {
    assert.deepEqual(verdict(legacy, c), verdict(fast, c), c.name);
  }
});

test('an absent input gives an undefined decision', async () => {
  const policy = await loadPolicy(wasm);
  assert.deepEqual(policy.evaluate(undefined, 'posture/deny'), []);
});

test('an unknown entrypoint id aborts through opa_abort', async () => {
  const policy = await loadPolicy(wasm);
  assert.throws(() => policy.evaluate({}, 7), /invalid entrypoint/);
});

test('re-evaluating thousands of times does not grow memory', async () => {
  const policy = await loadPolicy(wasm);
  const c = cases.find((x) => x.name === 'admission-host-namespaces-daemonset');
  policy.setData(c.data);
  for (let i = 0; i < 20; i++) policy.evaluate(c.input, 'posture/kubewarden');
  const before = policy.mem.buffer.byteLength;
  for (let i = 0; i < 3000; i++) {
    const [r] = policy.evaluate(c.input, 'posture/kubewarden');
    if (r.result.response.allowed !== false) assert.fail(`evaluation ${i} changed its answer`);
  }
  assert.equal(policy.mem.buffer.byteLength, before);
});

test('a large bundle evaluates (the SDK grows memory for the input)', async () => {
  const policy = await loadPolicy(wasm);
  const c = cases.find((x) => x.name === 'bundle-regulated-prod');
  const files = {};
  for (let i = 0; i < 40; i++) {
    for (const [name, text] of Object.entries(c.input.files)) files[`copy-${i}/${name}`] = text;
  }
  policy.setData(c.data);
  const [r] = policy.evaluate({ files }, 'posture/report');
  assert.equal(r.result.inputs.length, 40 * Object.keys(c.input.files).length);
  assert.ok(JSON.stringify({ files }).length > 1_500_000, 'input far beyond the 5 pages the SDK starts with');
});

// What OPA's Go SDK calls and no JavaScript SDK does: opa_eval with format 1 (Rego value
// syntax, the result set as a set literal), opa_value_dump, and data updates by path.
test('Go-SDK calls: Rego-format results and data paths', () => {
  const memory = new WebAssembly.Memory({ initial: 5 });
  const abort = (addr) => { throw new Error(`abort at ${addr}`); };
  const { exports: x } = new WebAssembly.Instance(new WebAssembly.Module(wasm), { env: { memory, opa_abort: abort } });
  assert.equal(x.opa_wasm_abi_version.value, 1);
  assert.equal(x.opa_wasm_abi_minor_version.value, 3);
  const write = (text) => {
    const bytes = new TextEncoder().encode(text);
    const addr = x.opa_malloc(bytes.length);
    new Uint8Array(memory.buffer).set(bytes, addr);
    return [addr, bytes.length];
  };
  const read = (addr) => {
    const buf = new Uint8Array(memory.buffer);
    let end = addr;
    while (buf[end] !== 0) end++;
    return new TextDecoder().decode(buf.subarray(addr, end));
  };
  const parse = (text) => x.opa_json_parse(...write(text));

  const data = parse('{"profile": "fsi"}');
  assert.equal(x.opa_value_add_path(data, parse('["timestamp"]'), parse('"2026-11-24T00:00:00Z"')), 0);
  assert.equal(x.opa_value_add_path(data, parse('["profile"]'), parse('"cis-eks"')), 0);
  assert.equal(x.opa_value_remove_path(data, parse('["profile"]')), 0);
  assert.equal(read(x.opa_json_dump(data)), '{"timestamp":"2026-11-24T00:00:00Z"}');
  assert.equal(x.opa_value_add_path(data, parse('[1]'), parse('0')), 3, 'a path of non-strings is invalid');

  const base = x.opa_heap_ptr_get();
  const [input, len] = write('{"files": {}}');
  const rego = read(x.opa_eval(0, 1, data, input, len, input + len, 1));
  assert.equal(rego, '{{"result":[]}}');
  x.opa_heap_ptr_set(base);
  assert.equal(read(x.opa_eval(0, 1, data, 0, 0, base, 1)), 'set()');
  assert.equal(read(x.opa_eval(0, 1, data, 0, 0, base, 0)), '[]');

  const ctx = x.opa_eval_ctx_new();
  x.opa_eval_ctx_set_input(ctx, parse('{"files": {}}'));
  x.opa_eval_ctx_set_data(ctx, data);
  x.opa_eval_ctx_set_entrypoint(ctx, 1);
  assert.equal(x.eval(ctx), 0);
  assert.equal(read(x.opa_value_dump(x.opa_eval_ctx_get_result(ctx))), '{{"result":[]}}');
  assert.equal(read(x.opa_json_dump(x.opa_eval_ctx_get_result(ctx))), '[{"result":[]}]');
  assert.equal(x.opa_json_parse(...write('{not json')), 0);
});

// The module's stack is small (it must fit the hosts' initial memory); the deepest document the
// core accepts (256 levels) must still evaluate rather than trap.
test('the deepest accepted document evaluates without exhausting the stack', async () => {
  const policy = await loadPolicy(wasm);
  for (const depth of [255, 256, 257]) {
    let nested = 'x';
    for (let i = 0; i < depth; i++) nested = { a: nested };
    const yaml = Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';
    const [r] = policy.evaluate({ files: { 'n.json': JSON.stringify(nested), 'n.yaml': yaml } }, 'posture/report');
    const errors = r.result.inputs.map((i) => i.error?.kind ?? null);
    assert.deepEqual(errors, depth > 256 ? ['too_deep', 'too_deep'] : [null, null], `depth ${depth}`);
  }
});
