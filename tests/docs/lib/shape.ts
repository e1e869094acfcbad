/**
 * The shape of a command's output, so an example output block in the guide can be
 * compared with what the client prints today without comparing values (ids, names and
 * widths change; column headers and JSON keys are what goes stale).
 */
export type Shape =
  | { kind: 'table'; columns: string[] }
  | { kind: 'json'; keys: string[] }
  | { kind: 'unknown' };

const BORDER = /^\+(?:-+\+)+$/;

/** The shape of `text`: the first cliff/prettytable table's column headers, or JSON's keys. */
export function shapeOf(text: string): Shape {
  // An example may show the prompt and command; only the output counts.
  const lines = text.split('\n').map((line) => line.trimEnd()).filter((line) => !line.startsWith('$ '));
  for (let i = 0; i + 1 < lines.length; i++) {
    const border = lines[i]!.trim();
    const header = lines[i + 1]!.trim();
    if (BORDER.test(border) && header.startsWith('|') && header.endsWith('|')) {
      return { kind: 'table', columns: header.slice(1, -1).split('|').map((cell) => cell.trim()) };
    }
  }
  const body = lines.join('\n').trim();
  if (body.startsWith('{') || body.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(body);
      const first = Array.isArray(value) ? value[0] : value;
      if (first && typeof first === 'object' && !Array.isArray(first)) {
        return { kind: 'json', keys: Object.keys(first).sort() };
      }
    } catch {
      // not JSON after all
    }
  }
  return { kind: 'unknown' };
}

function describe(shape: Shape): string {
  if (shape.kind === 'table') return `a table with columns ${shape.columns.join(' | ')}`;
  if (shape.kind === 'json') return `JSON with keys ${shape.keys.join(', ')}`;
  return 'neither a table nor JSON objects';
}

/**
 * Null when the real output has the example's shape; otherwise one sentence saying how
 * they differ. Table columns must match in order; JSON keys as a set.
 */
export function compareShapes(example: Shape, actual: Shape): string | null {
  if (example.kind === 'unknown') {
    return 'the example output is neither a table nor JSON, so its shape cannot be checked; mark it norun="why"';
  }
  if (example.kind === 'table' && actual.kind === 'table') {
    if (example.columns.join('\u0000') === actual.columns.join('\u0000')) return null;
    return `the example shows columns ${example.columns.join(' | ')} but the command printed ${actual.columns.join(' | ')}`;
  }
  if (example.kind === 'json' && actual.kind === 'json') {
    const missing = example.keys.filter((key) => !actual.keys.includes(key));
    const extra = actual.keys.filter((key) => !example.keys.includes(key));
    if (!missing.length && !extra.length) return null;
    return [
      'the example JSON',
      missing.length ? `has keys the command no longer prints (${missing.join(', ')})` : '',
      missing.length && extra.length ? 'and' : '',
      extra.length ? `lacks keys it prints (${extra.join(', ')})` : '',
    ].filter(Boolean).join(' ');
  }
  return `the example shows ${describe(example)} but the command printed ${describe(actual)}`;
}
