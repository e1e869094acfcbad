/**
 * One publish at a time into a container: a lease object at its root,
 * created only where none exists (`If-None-Match: *`), expiring by itself
 * (`X-Delete-After`) unless its holder renews it, and deleted at the end.
 * A second publish refuses at once naming the holder; a lease left by a run
 * that died on this host (its pid gone) is taken over, saying so, and one
 * from elsewhere lapses within LEASE_SECONDS of its last renewal.
 *
 * Swift checks `If-None-Match: *` when a PUT reaches the object server, not
 * when it lands: two PUTs that arrive together both pass the check and both
 * answer 201, and the one with the newer timestamp stands. So a create is
 * only a claim: once the PUTs in flight have landed (SETTLE_MS), the lease is
 * read back, and the run whose holder it does not name lost the race.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BusyError } from '../errors.ts';
import { describeHolder, isAlive, isStale, parseHolder, type LockHolder } from '../run-lock.ts';
import type { SwiftClient } from './client.ts';
import { LEASE_NAME } from './ownership.ts';

/** How long a lease outlives its last renewal. */
export const LEASE_SECONDS = 120;
const RENEW_EVERY_MS = 30_000;
/** Longer than a PUT of a few hundred bytes takes to land once it has passed the If-None-Match check. */
export const SETTLE_MS = 1_000;

export interface Lease {
  holder: LockHolder;
  release(): Promise<void>;
}

export async function takeLease(
  swift: SwiftClient,
  container: string,
  notice: (line: string) => void,
  createContainer: () => Promise<void>,
  settleMs = SETTLE_MS,
): Promise<Lease> {
  const holder: LockHolder = { id: randomUUID(), host: hostname(), pid: process.pid, command: 'publish', since: new Date().toISOString() };
  const body = Buffer.from(`${JSON.stringify(holder)}\n`);
  const headers = { 'content-type': 'application/json', 'x-delete-after': String(LEASE_SECONDS), 'cache-control': 'no-store' };
  let created = false;
  for (let attempt = 0; attempt < 3 && !created; attempt++) {
    try {
      created = await swift.createObject(container, LEASE_NAME, body, headers);
    } catch (error) {
      if (!/does not exist/.test((error as Error).message) || attempt > 0) throw error;
      await createContainer();
      continue;
    }
    if (created) break;
    const text = (await swift.getObject(container, LEASE_NAME))?.toString('utf8');
    if (text === undefined) continue; // lapsed or released meanwhile
    const other = parseHolder(text);
    // Our own lease: the create went through but its answer was lost, and the retry met the object it made.
    if (other?.id === holder.id) {
      created = true;
      break;
    }
    if (other && !isStale(other, { host: holder.host, alive: isAlive })) throw busy(container, other);
    notice(`took over the lease on container "${container}" left by ${other ? describeHolder(other) : 'an unreadable lease'}, which is no longer running`);
    await swift.deleteObject(container, LEASE_NAME);
  }
  if (!created) throw new BusyError(`could not take the lease on container "${container}": other runs keep taking it`, 'wait for them to finish and run again');

  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const standing = (await swift.getObject(container, LEASE_NAME))?.toString('utf8');
  const winner = standing === undefined ? undefined : parseHolder(standing);
  if (winner?.id !== holder.id) {
    if (winner) throw busy(container, winner);
    throw new BusyError(`could not take the lease on container "${container}": another run removed it as it was taken`, 'wait for other publishes to finish and run again');
  }

  const timer = setInterval(() => {
    swift.postObject(container, LEASE_NAME, headers).catch((error: unknown) => notice(`could not renew the lease: ${(error as Error).message}`));
  }, RENEW_EVERY_MS);
  timer.unref();
  return {
    holder,
    release: async () => {
      clearInterval(timer);
      const text = (await swift.getObject(container, LEASE_NAME))?.toString('utf8');
      if (text !== undefined && parseHolder(text)?.id === holder.id) await swift.deleteObject(container, LEASE_NAME);
    },
  };
}

function busy(container: string, other: LockHolder): BusyError {
  return new BusyError(
    `container "${container}" is being published by another run: ${describeHolder(other)} holds its lease (${LEASE_NAME})`,
    `wait for it to finish and run again (the lease lapses ${LEASE_SECONDS} s after its holder stops renewing it)`,
  );
}
