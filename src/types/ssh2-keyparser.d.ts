// ssh2's key parser on its own (the same function as ssh2.utils.parseKey): keys.ts imports it directly so that
// checking a key does not load ssh2's client, SFTP and agents at start-up (issue #16, cold start).
declare module 'ssh2/lib/protocol/keyParser.js' {
  import type { ParsedKey } from 'ssh2';
  export function parseKey(
    data: Buffer | string,
    passphrase?: Buffer | string,
  ): ParsedKey | ParsedKey[] | Error;
}
