/** The optional plan step of render-config: compare with what is installed on each host (read-only). */
import type { RenderResult } from '../../render/render-config.js';
import { type HostPlan, planHost } from '../../render/plan.js';
import { type Connection, withSession } from '../../remote/ssh.js';
import type { Logger } from '../../log.js';

export async function planAll(
  connection: Connection,
  result: RenderResult,
  log: Logger,
): Promise<HostPlan[]> {
  return Promise.all(
    connection.endpoints.map((endpoint) =>
      withSession(
        connection,
        endpoint,
        log,
        (session) => planHost(session, result.resolved, result.files),
        (error): HostPlan => ({ host: endpoint.name, files: [], error }),
      ),
    ),
  );
}
