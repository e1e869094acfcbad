/**
 * The scripts' one reader of `content/data/distributions.yaml` (the build
 * reads it as a content collection, src/content.config.ts), checked against
 * `distributionsSchema`. Any fault is one DataFileError line naming the file.
 */
import { distributionsSchema, type Distribution } from '../../schemas/distributions.ts';
import { parseYamlData, readYamlFileSync } from '../yaml-file.ts';
import { DISTRIBUTIONS_FILE } from './load.ts';

export { DISTRIBUTIONS_FILE };

const FIX = 'fix the file (its fields are described at its top)';

/** Parses the file's text; `path` is only used in messages. */
export function parseDistributions(text: string, path: string = DISTRIBUTIONS_FILE): Distribution[] {
  return parseYamlData(text, path, distributionsSchema, FIX);
}

export function readDistributionsFileSync(path: string = DISTRIBUTIONS_FILE): Distribution[] {
  return readYamlFileSync(path, distributionsSchema, FIX);
}
