/**
 * GitHub Deployments for a keel deploy: a deployment for the commit and environment, `in_progress` while it
 * runs, then `success` (with the environment URL) or `failure`. The API being down never fails a deploy that
 * worked: problems become warnings.
 */
import * as core from '../actions/common/core.js';
import * as github from '@actions/github';
import { errorMessage } from '../errors.js';

export interface DeploymentOptions {
  token: string;
  environment: string;
  environmentUrl: string | undefined;
  description: string;
}

export interface Deployment {
  id: number;
  finish(ok: boolean, description: string): Promise<void>;
}

export async function startDeployment(o: DeploymentOptions): Promise<Deployment | undefined> {
  const { owner, repo } = github.context.repo;
  const octokit = github.getOctokit(o.token);
  const logUrl = `${github.context.serverUrl}/${owner}/${repo}/actions/runs/${github.context.runId}`;
  try {
    const created = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: github.context.sha || github.context.ref,
      environment: o.environment,
      description: o.description,
      auto_merge: false,
      required_contexts: [],
      production_environment: /^prod/i.test(o.environment),
    });
    if (created.status !== 201 || !('id' in created.data)) {
      core.warning(`GitHub did not create a deployment (${created.status}); continuing without one`, {
        title: 'keel: github-deployment',
      });
      return undefined;
    }
    const id = created.data.id;
    await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: id,
      state: 'in_progress',
      log_url: logUrl,
      description: o.description,
    });
    core.info(`GitHub deployment ${id} for ${o.environment}: in progress`);
    return {
      id,
      async finish(ok, description) {
        try {
          await octokit.rest.repos.createDeploymentStatus({
            owner,
            repo,
            deployment_id: id,
            state: ok ? 'success' : 'failure',
            log_url: logUrl,
            description: description.slice(0, 140),
            ...(ok && o.environmentUrl ? { environment_url: o.environmentUrl } : {}),
            auto_inactive: true,
          });
        } catch (error) {
          core.warning(`could not set the GitHub deployment status: ${errorMessage(error)}`, {
            title: 'keel: github-deployment',
          });
        }
      },
    };
  } catch (error) {
    core.warning(`could not create a GitHub deployment: ${errorMessage(error)}; continuing without one`, {
      title: 'keel: github-deployment',
    });
    return undefined;
  }
}
