/** The pipeline's order of stages: skips, the stop at the first failure, timings, and the stage table. */
import { KeelError } from '../../src/errors.js';
import { pipelineReports, runPipeline, type Stage } from '../../src/pipeline/pipeline.js';
import { memoryLogger } from '../../src/log.js';

const ran: string[] = [];
const stage = (name: string, outcome: 'pass' | 'fail' | 'throw' | 'bug' = 'pass'): Stage<object> => ({
  name,
  title: `the ${name} stage`,
  async run() {
    ran.push(name);
    if (outcome === 'throw') throw new KeelError(`${name} needs something`);
    if (outcome === 'bug') throw new TypeError('x is undefined');
    return {
      outputs: {},
      reports: [{ title: `${name} report`, status: 'ok', tables: [] }],
      figures: `${name} figures`,
      error: outcome === 'fail' ? new KeelError(`${name} broke`) : undefined,
    };
  },
});
let clock = 0;
const now = () => (clock += 1500);

beforeEach(() => (ran.length = 0));

describe('runPipeline', () => {
  it('runs every stage in order unless skipped, timing each', async () => {
    const r = await runPipeline([stage('a'), stage('b'), stage('c')], {}, ['b'], memoryLogger(), now);
    expect(ran).toEqual(['a', 'c']);
    expect(r.ok).toBe(true);
    expect(r.stages.map((s) => [s.name, s.status, s.seconds])).toEqual([
      ['a', 'passed', 1.5],
      ['b', 'skipped', 0],
      ['c', 'passed', 1.5],
    ]);
  });

  it('stops at the first failed stage; the later ones are not run', async () => {
    const r = await runPipeline([stage('a'), stage('b', 'fail'), stage('c')], {}, [], memoryLogger(), now);
    expect(ran).toEqual(['a', 'b']);
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe('b failed: b broke');
    expect(r.stages.map((s) => s.status)).toEqual(['passed', 'failed', 'not run']);
  });

  it('counts an exception in a stage as its failure, and a bug as one', async () => {
    const thrown = await runPipeline([stage('a', 'throw'), stage('b')], {}, [], memoryLogger(), now);
    expect(thrown.error?.message).toBe('a failed: a needs something');
    const bug = await runPipeline([stage('a', 'bug')], {}, [], memoryLogger(), now);
    expect(bug.error?.message).toBe('a failed: a failed unexpectedly: x is undefined');
  });

  it('reports the stage table first, then each stage’s own reports', async () => {
    const r = await runPipeline([stage('a'), stage('b', 'fail'), stage('c')], {}, [], memoryLogger(), now);
    const reports = pipelineReports(r, 'keel shop');
    expect(reports.map((x) => x.title)).toEqual(['keel shop: stopped at b in 3.0 s', 'a report', 'b report']);
    expect(reports[0]!.tables[0]!.rows).toEqual([
      ['a', 'the a stage', 'pass', '1.5', 'a figures'],
      ['b', 'the b stage', 'FAIL', '1.5', 'b figures'],
      ['c', 'the c stage', 'not run', '-', 'a stage before it failed'],
    ]);
  });
});
