/**
 * What a host suite ships, made on this machine: a workspace holding the sample app, and render-config's output
 * for a spec cut down to the kinds of files the suite installs. Scratch folders: the suite removes them.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileKind } from '../../src/render/manifest.js';
import { renderConfig } from '../../src/render/render-config.js';
import { repoRoot } from './paths.js';

/**
 * A scratch workspace (`keel-<name>-ws-*`) with examples/sample-app copied to `app/`, and `files` (paths in the
 * workspace: text) written in it.
 */
export function sampleWorkspace(name: string, files: Record<string, string> = {}): string {
  const workspace = mkdtempSync(join(tmpdir(), `keel-${name}-ws-`));
  cpSync(join(repoRoot, 'examples/sample-app'), join(workspace, 'app'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  return workspace;
}

/**
 * render-config's output for `spec` in a scratch folder (`keel-<name>-out-*`), its manifest cut down to the
 * files of `kinds` (the rest is other suites' to install): the `rendered-dir` of an ssh-deploy step.
 */
export async function renderOnly(spec: string, kinds: FileKind[], name: string): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), `keel-${name}-out-`));
  const result = await renderConfig({
    specText: spec,
    specFile: 'keel.yml',
    overrides: {},
    outDir: out,
    validate: false,
  });
  expect(result.ok).toBe(true);
  const path = join(out, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: { kind: FileKind }[] };
  manifest.files = manifest.files.filter((f) => kinds.includes(f.kind));
  writeFileSync(path, JSON.stringify(manifest));
  return out;
}
