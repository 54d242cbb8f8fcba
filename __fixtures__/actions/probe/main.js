import * as core from '@actions/core';

const secret = core.getInput('secret');
if (secret) core.setSecret(secret);
core.setOutput('greeting', core.getInput('greeting'));
core.setOutput('spaced', core.getInput('with space'));
core.setOutput('repo-name', core.getInput('repo-name'));
core.setOutput('multiline', 'line one\nline two');
core.setOutput('node', process.version);
core.setOutput('workspace-is-cwd', String(process.cwd() === process.env.GITHUB_WORKSPACE));
core.setOutput('event-name', process.env.GITHUB_EVENT_NAME ?? '');
core.saveState('token', `state-for-post-${core.getInput('greeting')}`);
core.exportVariable('PROBE_VAR', 'exported');
core.addPath('/opt/probe/bin');
core.info(`the secret is ${secret}`);
core.warning('a warning with a file', { file: 'src/app.py', startLine: 3, title: 'Probe: warn' });
core.notice('a notice, with a comma: and a colon');
await core.group('a group', async () => core.info('inside the group'));
await core.summary
  .addHeading('Probe summary', 3)
  .addTable([
    [
      { data: 'k', header: true },
      { data: 'v', header: true },
    ],
    ['greeting', core.getInput('greeting')],
  ])
  .write();
process.on('SIGINT', () => {
  core.info('main got SIGINT');
  process.exit(130);
});
const ms = Number(core.getInput('sleep-ms'));
if (ms > 0) await new Promise((r) => setTimeout(r, ms));
if (core.getInput('fail') === 'true') core.setFailed('probe failed on purpose');
