/** The optional plan step of render-config: compare with what is installed on each host (read-only). */
import { errorMessage } from '../../errors.js';
import type { RenderResult } from '../../render/render-config.js';
import { type HostPlan, planHost } from '../../render/plan.js';
import { SshSession } from '../../remote/ssh.js';
import type { Logger } from '../../report/log.js';
import type { Connection } from '../common/connection.js';

export async function planAll(
  connection: Connection,
  result: RenderResult,
  log: Logger,
): Promise<HostPlan[]> {
  return Promise.all(
    connection.endpoints.map(async (endpoint) => {
      let session: SshSession | undefined;
      try {
        session = await SshSession.open(endpoint, connection.credentials, connection.options, log);
        return await planHost(session, result.resolved, result.files);
      } catch (error) {
        return { host: endpoint.name, files: [], error: errorMessage(error) };
      } finally {
        session?.close();
      }
    }),
  );
}
