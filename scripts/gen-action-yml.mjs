#!/usr/bin/env node
// Writes the inputs: and outputs: of each action.yml from the declarations in src/actions/<name>/inputs.ts
// (through the built bundle), so the metadata users read is the metadata the code applies. Run after `npm run build`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { ACTIONS, REGISTRY, declarations } = await import(join(root, 'dist/index.js'));

for (const action of ACTIONS) {
  const decl = await declarations(action);
  if (!decl) continue;
  const file = join(root, REGISTRY[action].dir, 'action.yml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const inputs = {};
  for (const [name, d] of Object.entries(decl.inputs)) {
    inputs[name] = { description: d.description, required: d.required ?? false };
    if (d.default !== undefined) inputs[name].default = d.default;
  }
  const outputs = Object.fromEntries(Object.entries(decl.outputs).map(([k, v]) => [k, { description: v }]));
  doc.set('description', decl.description);
  doc.set('inputs', doc.createNode(inputs));
  doc.set('outputs', doc.createNode(outputs));
  // Keep runs: last, where readers expect it.
  const runs = doc.get('runs', true);
  doc.delete('runs');
  doc.set('runs', runs);
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
  console.log(`wrote ${file}`);
}

// The input and output tables of the docs (each action's README, docs/pipeline.md), between
// <!-- keel:inputs NAME --> and <!-- /keel:inputs --> markers.
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(root, 'actions')).map((d) => `actions/${d}/README.md`),
].filter((f) => existsSync(join(root, f)));
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const tables = new Map();
for (const action of ACTIONS) {
  const decl = await declarations(action);
  if (!decl) continue;
  const rows = Object.entries(decl.inputs).map(
    ([name, d]) =>
      `| \`${name}\` | ${d.required ? 'required' : d.default !== undefined ? `\`${cell(d.default)}\`` : ''}${d.secret ? ' (secret)' : ''} | ${cell(d.description)} |`,
  );
  const outs = Object.entries(decl.outputs).map(([name, d]) => `| \`${name}\` | ${cell(d)} |`);
  tables.set(
    action,
    [
      '| input | default | description |',
      '| --- | --- | --- |',
      ...rows,
      '',
      '| output | description |',
      '| --- | --- |',
      ...outs,
    ].join('\n'),
  );
}
for (const file of docs) {
  const path = join(root, file);
  const before = readFileSync(path, 'utf8');
  let text = before;
  for (const [action, table] of tables) {
    const re = new RegExp(`(<!-- keel:inputs ${action} -->)[\\s\\S]*?(<!-- /keel:inputs -->)`);
    text = text.replace(re, (_m, open, close) => `${open}\n${table}\n${close}`);
  }
  if (text !== before) writeFileSync(path, text);
}
