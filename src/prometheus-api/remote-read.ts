/**
 * A check of a source's remote read endpoint before a replay reads through it. The scratch
 * Prometheus of a backtest or backfill reads the source by remote read, and a failed remote read
 * is only a warning there, beside an empty result: without this check a source that answers 500,
 * or a login page, would replay as "no alerts".
 */
import { UserError } from '../core/errors.js';
import { printable } from './client.js';

/**
 * The smallest valid remote read request: a ReadRequest with no queries is an empty protobuf
 * message (no bytes), and its snappy block encoding is the length 0 as a varint: one zero byte.
 */
const EMPTY_READ_REQUEST = Uint8Array.of(0);

/** Throws a UserError naming the URL, the status and the first bytes of the body unless the source answers remote read. */
export async function checkRemoteRead(sourceUrl: string, timeoutMs = 30_000): Promise<void> {
  const endpoint = `${sourceUrl.replace(/\/+$/, '')}/api/v1/read`;
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-read-version': '0.1.0' },
      body: EMPTY_READ_REQUEST,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new UserError(`remote read at ${endpoint}: cannot reach it: ${printable(cause?.code ?? cause?.message ?? (error as Error).message)}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer().catch(() => new ArrayBuffer(0))).slice(0, 4096);
  const type = response.headers.get('content-type') ?? '';
  if (response.ok && /protobuf/.test(type)) return;
  const head = printable(new TextDecoder().decode(bytes.slice(0, 160)), 160);
  const why =
    response.status >= 300 && response.status < 400
      ? `a redirect${response.headers.get('location') ? ` to ${printable(response.headers.get('location')!)}` : ''} (sloforge follows none)`
      : response.ok
        ? `${printable(type) || 'no content type'}, not a protobuf remote read answer`
        : 'an error';
  throw new UserError(`remote read at ${endpoint}: HTTP ${response.status}, ${why}; the body begins: ${JSON.stringify(head)}`);
}
