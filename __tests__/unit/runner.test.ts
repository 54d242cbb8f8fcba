/**
 * The runner harness itself, on a fixture action that uses the real @actions/core: if these pass, the tests of
 * keel's actions see what GitHub's runner would show.
 */
import { join } from 'node:path';
import { parseCommand, parseFileCommands } from '../../src/runner/commands.js';
import { inputEnvName, runStep } from '../../src/runner/runner.js';
import { repoRoot } from '../support/paths.js';

const probe = join(repoRoot, '__fixtures__', 'actions', 'probe');

describe('runStep on a fixture action', () => {
  it('passes action.yml defaults and given inputs, and returns outputs, env, path, summary and annotations', async () => {
    const r = await runStep({
      actionDir: probe,
      with: { 'with space': 'given' },
      context: { repository: 'octo/shop', eventName: 'push' },
    });
    expect(r.conclusion).toBe('success');
    expect(r.inputEnv).toMatchObject({
      INPUT_GREETING: 'hello',
      INPUT_WITH_SPACE: 'given',
      'INPUT_REPO-NAME': 'octo/shop',
    });
    expect(r.outputs).toMatchObject({
      greeting: 'hello',
      spaced: 'given',
      'repo-name': 'octo/shop',
      multiline: 'line one\nline two',
      'workspace-is-cwd': 'true',
      'event-name': 'push',
    });
    expect(r.outputs.node).toMatch(/^v24\./);
    expect(r.env).toEqual({ PROBE_VAR: 'exported' });
    expect(r.path).toEqual(['/opt/probe/bin']);
    expect(r.summary).toContain('<h3>Probe summary</h3>');
    expect(r.summary).toContain('<td>hello</td>');
    expect(r.annotations).toEqual([
      {
        level: 'warning',
        message: 'a warning with a file',
        properties: { title: 'Probe: warn', file: 'src/app.py', line: '3' },
      },
      { level: 'notice', message: 'a notice, with a comma: and a colon', properties: {} },
    ]);
    expect(r.log).toEqual(expect.arrayContaining(['##[group]a group', 'inside the group', '##[endgroup]']));
  });

  it('runs the post step with the state the main step saved', async () => {
    const r = await runStep({ actionDir: probe, with: { greeting: 'hi' } });
    expect(r.state).toEqual({ token: 'state-for-post-hi' });
    expect(r.post?.log).toEqual(['post sees state: state-for-post-hi', 'post sees input greeting: hi']);
    expect(r.post?.summary).toBe('post step ran');
  });

  it('masks secrets in the log as the runner does', async () => {
    const r = await runStep({ actionDir: probe, with: { secret: 's3cr3t-value' } });
    expect(r.stdout).toContain('s3cr3t-value'); // what the process wrote...
    expect(r.log.join('\n')).not.toContain('s3cr3t-value'); // ...is not what anyone sees
    expect(r.log).toContain('the secret is ***');
  });

  it('reports a failed step with exit code 1 and its error annotation, and still runs an always() post', async () => {
    const r = await runStep({ actionDir: probe, with: { fail: 'true' } });
    expect(r.conclusion).toBe('failure');
    expect(r.exitCode).toBe(1);
    expect(r.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      'probe failed on purpose',
    ]);
    expect(r.post?.exitCode).toBe(0);
  });

  it('cancels like the runner (SIGINT first) and then runs the post step', async () => {
    const r = await runStep({ actionDir: probe, with: { 'sleep-ms': '20000' }, cancelAfterMs: 1500 });
    expect(r.conclusion).toBe('cancelled');
    expect(r.log).toContain('main got SIGINT');
    expect(r.post?.log[0]).toBe('post sees state: state-for-post-hello');
  });

  it('cancels when its cancel signal fires (keel act on Ctrl-C), the same way, and still runs the post step', async () => {
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 1500);
    const r = await runStep({ actionDir: probe, with: { 'sleep-ms': '20000' }, cancel: cancel.signal });
    expect(r.conclusion).toBe('cancelled');
    expect(r.cancelled).toBe(true);
    expect(r.log).toContain('main got SIGINT');
    expect(r.post?.log[0]).toBe('post sees state: state-for-post-hello');
  });

  it('a step that ends before a cancel is not cancelled', async () => {
    const r = await runStep({ actionDir: probe, with: { fail: 'true' }, cancelAfterMs: 60_000 });
    expect(r.conclusion).toBe('failure');
  });

  it('warns about inputs the action does not declare, as the runner does', async () => {
    const r = await runStep({ actionDir: probe, with: { nonsense: 'x' } });
    expect(r.runnerWarnings[0]).toMatch(/^Unexpected input\(s\) 'nonsense'/);
  });
});

describe('protocol parsing', () => {
  it('derives INPUT_ names as the runner does (upper case, spaces to _, dashes kept)', () => {
    expect(inputEnvName('ssh-key')).toBe('INPUT_SSH-KEY');
    expect(inputEnvName('with space')).toBe('INPUT_WITH_SPACE');
  });

  it('parses workflow commands with escaped properties and data', () => {
    expect(parseCommand('::error file=a%2Cb.py,line=2,title=x%3Ay::multi%0Aline %25')).toEqual({
      command: 'error',
      properties: { file: 'a,b.py', line: '2', title: 'x:y' },
      data: 'multi\nline %',
    });
    expect(parseCommand('plain text')).toBeUndefined();
  });

  it('parses file commands with heredocs and rejects an unterminated one', () => {
    expect(parseFileCommands('a=1\nb<<EOF_1\nx\ny\nEOF_1\n', 'f')).toEqual({ a: '1', b: 'x\ny' });
    expect(() => parseFileCommands('b<<EOF\nx\n', 'GITHUB_OUTPUT')).toThrow(/no closing delimiter/);
  });
});
