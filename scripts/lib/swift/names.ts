/**
 * Which --container and --prefix values are safe to publish to. A URL
 * resolves `.` and `..` segments and collapses nothing else, so `--container .`
 * would address the whole account and `--prefix ../other` another container:
 * both are refused, as are empty segments (`a//b`) and a `/` in a container
 * name. Pure functions returning the refusal (cause and fix) or null.
 */
import type { Refusal } from '../guards.ts';

/** Swift's default limits (constraints.py): container name 256 bytes, object name 1024. */
const MAX_CONTAINER_BYTES = 256;
const MAX_PREFIX_BYTES = 512;

// Control characters would reach a URL or a terminal unseen.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function containerRefusal(container: string): Refusal | null {
  const shown = JSON.stringify(container);
  if (container === '') return { reason: 'no container given', fix: 'pass --container NAME' };
  if (container === '.' || container === '..') {
    return { reason: `--container ${shown} is not a container name (a URL reads it as ${container === '.' ? 'the account itself' : 'the level above the account'})`, fix: 'give --container a real name, e.g. image-catalog' };
  }
  if (container.includes('/')) return { reason: `--container ${shown} is not a container name (it has a "/")`, fix: 'give --container a name without "/"; put folders in --prefix' };
  if (CONTROL.test(container)) return { reason: `--container ${shown} has a control character`, fix: 'give --container a plain name' };
  if (Buffer.byteLength(container) > MAX_CONTAINER_BYTES) return { reason: `--container is longer than Swift's ${MAX_CONTAINER_BYTES} bytes`, fix: 'give --container a shorter name' };
  return null;
}

export function prefixRefusal(prefix: string): Refusal | null {
  const inner = prefix.replace(/^\/|\/$/g, '');
  if (inner === '') return null;
  const shown = JSON.stringify(prefix);
  for (const segment of inner.split('/')) {
    if (segment === '') return { reason: `--prefix ${shown} has an empty folder ("//")`, fix: 'give --prefix folders separated by single "/", e.g. docs/images' };
    if (segment === '.' || segment === '..') {
      return { reason: `--prefix ${shown} has a "${segment}" folder, which a URL would resolve ${segment === '..' ? 'out of the container' : 'away'}`, fix: 'give --prefix plain folder names, e.g. docs/images' };
    }
  }
  if (CONTROL.test(prefix)) return { reason: `--prefix ${shown} has a control character`, fix: 'give --prefix plain folder names' };
  if (Buffer.byteLength(prefix) > MAX_PREFIX_BYTES) return { reason: `--prefix is longer than ${MAX_PREFIX_BYTES} bytes`, fix: 'give --prefix a shorter path' };
  return null;
}
