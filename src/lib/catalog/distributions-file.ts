/**
 * Reads `content/data/distributions.yaml` and checks it against
 * `distributionsSchema`. Any fault is one DataFileError line naming the file.
 */
import { distributionsSchema, type Distribution } from '../../schemas/distributions.ts';
import { parseYamlData, readYamlFile, readYamlFileSync } from '../yaml-file.ts';

export const DISTRIBUTIONS_FILE = 'content/data/distributions.yaml';

const FIX = 'fix the file (its fields are described at its top)';

/** Parses the file's text; `path` is only used in messages. */
export function parseDistributions(text: string, path: string = DISTRIBUTIONS_FILE): Distribution[] {
  return parseYamlData(text, path, distributionsSchema, FIX);
}

export function readDistributionsFile(path: string = DISTRIBUTIONS_FILE): Promise<Distribution[]> {
  return readYamlFile(path, distributionsSchema, FIX);
}

export function readDistributionsFileSync(path: string = DISTRIBUTIONS_FILE): Distribution[] {
  return readYamlFileSync(path, distributionsSchema, FIX);
}
