// Parses Mermaid charts with the real `mermaid` parser (a devDependency; jsdom gives it the DOM it expects):
// reads a JSON array of chart sources on stdin, prints a JSON array of { ok, type?, error? }, one per chart.
// Used by __tests__/unit/charts.test.ts to prove every chart keel puts in a job summary parses.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const out = [];
for (const chart of JSON.parse(input)) {
  try {
    const r = await mermaid.parse(chart);
    out.push({ ok: true, type: r.diagramType });
  } catch (error) {
    out.push({
      ok: false,
      error: String(error?.message ?? error)
        .split('\n')
        .slice(0, 3)
        .join(' '),
    });
  }
}
process.stdout.write(JSON.stringify(out));
