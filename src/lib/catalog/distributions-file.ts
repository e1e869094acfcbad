/**
 * The scripts' one reader of the distributions file (`data.distributions` in
 * cloud.config.yaml; the build
 * reads it as a content collection, src/content.config.ts), checked against
 * `distributionsSchema`. Any fault is one DataFileError line naming the file.
 */
import { distributionsSchema, type Distribution } from '../../schemas/distributions.ts';
import { parseYamlData, readYamlFileSync } from '../yaml-file.ts';
import { distributionsFile } from './load.ts';

const FIX = 'fix the file (its fields are described at its top)';

/** Parses the file's text; `path` is only used in messages. */
export function parseDistributions(text: string, path: string = distributionsFile()): Distribution[] {
  return parseYamlData(text, path, distributionsSchema, FIX);
}

export function readDistributionsFileSync(path: string = distributionsFile()): Distribution[] {
  return readYamlFileSync(path, distributionsSchema, FIX);
}
