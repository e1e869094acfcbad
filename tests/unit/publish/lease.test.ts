/**
 * The container lease against an in-memory stand-in for Swift's three answers
 * that matter: create-if-absent, read and delete.
 */
import { describe, expect, it } from 'vitest';
import { takeLease } from '../../../scripts/lib/swift/lease.ts';
import { BusyError } from '../../../scripts/lib/errors.ts';
import type { SwiftClient } from '../../../scripts/lib/swift/client.ts';

/** One container's objects; `loseNextCreateAnswer` makes the next create succeed while its answer is lost. */
function fakeSwift(objects = new Map<string, Buffer>()) {
  const state = { loseNextCreateAnswer: false, creates: 0 };
  const swift = {
    async createObject(_container: string, name: string, body: Buffer) {
      state.creates += 1;
      if (objects.has(name)) return false;
      objects.set(name, body);
      if (state.loseNextCreateAnswer) {
        state.loseNextCreateAnswer = false;
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      }
      return true;
    },
    async getObject(_container: string, name: string) {
      return objects.get(name);
    },
    async deleteObject(_container: string, name: string) {
      objects.delete(name);
    },
    async postObject() {
      return true;
    },
  };
  return { swift: swift as unknown as SwiftClient, objects, state };
}

describe('the container lease', () => {
  it('is taken once, and a second publish is refused naming the first', async () => {
    const { swift } = fakeSwift();
    const first = await takeLease(swift, 'site', () => {}, async () => {}, 0);
    await expect(takeLease(swift, 'site', () => {}, async () => {}, 0)).rejects.toThrow(BusyError);
    await first.release();
    const again = await takeLease(swift, 'site', () => {}, async () => {}, 0);
    await again.release();
  });

  it('is ours when our create went through but its answer was lost and a retry meets it', async () => {
    const { swift, state } = fakeSwift();
    // The HTTP client retries a lost answer; the retry's If-None-Match: * then meets our own lease.
    const retrying = {
      ...swift,
      createObject: async (container: string, name: string, body: Buffer, headers: Record<string, string>) => {
        try {
          return await swift.createObject(container, name, body, headers);
        } catch {
          return swift.createObject(container, name, body, headers);
        }
      },
      getObject: swift.getObject.bind(swift),
      deleteObject: swift.deleteObject.bind(swift),
      postObject: swift.postObject.bind(swift),
    } as unknown as SwiftClient;
    state.loseNextCreateAnswer = true;
    const lease = await takeLease(retrying, 'site', () => {}, async () => {}, 0);
    expect(state.creates).toBe(2);
    await lease.release();
  });

  it('lets exactly one of two creates that arrive together hold it, as Swift answers 201 to both', async () => {
    // Swift checks If-None-Match: * as a PUT arrives; two that arrive together both pass, and the later one stands.
    const objects = new Map<string, Buffer>();
    const { swift } = fakeSwift(objects);
    const arriving: Array<() => void> = [];
    const racing = {
      ...swift,
      createObject: async (_container: string, name: string, body: Buffer) => {
        const absent = !objects.has(name);
        await new Promise<void>((land) => arriving.push(land));
        if (!absent) return false;
        objects.set(name, body);
        return true;
      },
      getObject: swift.getObject.bind(swift),
      deleteObject: swift.deleteObject.bind(swift),
      postObject: swift.postObject.bind(swift),
    } as unknown as SwiftClient;
    const both = [takeLease(racing, 'site', () => {}, async () => {}, 20), takeLease(racing, 'site', () => {}, async () => {}, 20)];
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(arriving).toHaveLength(2);
    for (const land of arriving) land();
    const outcomes = await Promise.allSettled(both);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(BusyError);
    expect((refused.reason as Error).message).toMatch(/is being published by another run: publish \(pid \d+ on .*\) holds its lease/);
    const held = outcomes.find((outcome) => outcome.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof takeLease>>>;
    expect(JSON.parse(objects.get('.site-publish.lease')!.toString('utf8')).id).toBe(held.value.holder.id);
    await held.value.release();
    expect(objects.size).toBe(0);
  });
});
