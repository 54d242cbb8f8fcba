/**
 * What the library says while it works. Actions route it to the runner's log (groups, annotations); the
 * CLI to a terminal; tests to memory. The library itself never imports @actions/core.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string, field?: string): void;
  error(message: string, field?: string): void;
  debug(message: string): void;
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
}

export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
    async group(title, body) {
      lines.push(`[${title}]`);
      return body();
    },
  };
}
