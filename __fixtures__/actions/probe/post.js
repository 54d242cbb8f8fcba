import * as core from '@actions/core';

core.info(`post sees state: ${core.getState('token')}`);
core.info(`post sees input greeting: ${core.getInput('greeting')}`);
await core.summary.addRaw('post step ran').write();
