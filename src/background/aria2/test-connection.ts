/**
 * The options' "Test connection" (ui.md): aria2.getVersion at the saved address with the saved
 * secret, so the secret only ever goes to the address the person configured.
 */
import { createAria2Client, type Aria2Ports } from '../../engine/aria2/aria2-client';
import { isAria2Error } from '../../engine/aria2/aria2-error';
import { aria2FailureToJobError } from '../../engine/aria2/aria2-failure';
import { parseRpcAddress } from '../../engine/aria2/rpc-address';

/** Resolves with aria2's version; rejects with the sentence the options page shows. */
export async function testAria2Connection(
  config: { address: string; secret: string },
  ports: Aria2Ports,
): Promise<{ version: string }> {
  const { href } = parseRpcAddress(config.address);
  const client = createAria2Client({ address: href, secret: config.secret }, ports);
  try {
    return { version: (await client.getVersion()).version };
  } catch (error) {
    if (!isAria2Error(error)) throw error;
    throw new Error(aria2FailureToJobError(error, href).error.message);
  } finally {
    client.close();
  }
}
