/**
 * Where the catalog came from, in a reader's words: "Listed from the cloud on
 * 25 Nov 2026." or, for a sample snapshot, "A sample from Apr 2016, not a live
 * listing: …". Never the endpoint, `source.note`, a path or a command: those
 * maintainer facts are in /catalog.json and the README.
 */
import { isSampleSnapshot, type Snapshot } from '../../schemas/snapshot.ts';
import { formatDate } from './format.ts';

export interface Origin {
  sample: boolean;
  /** Text before the date, the date as shown, text after it. */
  before: string;
  when: string;
  after: string;
}

export function snapshotOrigin(snapshot: Pick<Snapshot, 'source' | 'fetchedAt'>): Origin {
  if (isSampleSnapshot(snapshot)) {
    return {
      sample: true,
      before: 'A sample from ',
      when: formatDate(snapshot.fetchedAt).replace(/^\d+ /, ''),
      after: ', not a live listing.',
    };
  }
  return { sample: false, before: 'Listed from the cloud on ', when: formatDate(snapshot.fetchedAt), after: '.' };
}
