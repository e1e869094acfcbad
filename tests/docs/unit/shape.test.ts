import { describe, expect, it } from 'vitest';
import { compareShapes, shapeOf } from '../lib/shape.ts';

const table = (header: string) => `+----+\n${header}\n+----+\n| 1 | a | b |\n+----+\n`;

describe('shapeOf / compareShapes', () => {
  it('reads a table\'s column headers and JSON keys', () => {
    expect(shapeOf(table('| ID | Name | Status |'))).toEqual({ kind: 'table', columns: ['ID', 'Name', 'Status'] });
    expect(shapeOf('$ openstack image list\n' + table('| ID | Name |'))).toEqual({ kind: 'table', columns: ['ID', 'Name'] });
    expect(shapeOf('[{"Name": "x", "ID": "y"}]')).toEqual({ kind: 'json', keys: ['ID', 'Name'] });
    expect(shapeOf('{"b": 1, "a": 2}')).toEqual({ kind: 'json', keys: ['a', 'b'] });
    expect(shapeOf('hello')).toEqual({ kind: 'unknown' });
  });

  it('passes the same shape whatever the values, and says how a drifted one differs', () => {
    expect(compareShapes(shapeOf(table('| ID | Name | Status |')), shapeOf(`+---+\n| ID   | Name  | Status |\n+---+\n`))).toBeNull();
    expect(compareShapes(shapeOf(table('| ID | Name | Status |')), shapeOf(table('| ID | Name |')))).toBe(
      'the example shows columns ID | Name | Status but the command printed ID | Name',
    );
    expect(compareShapes(shapeOf('{"is_public": 1, "id": 2}'), shapeOf('{"visibility": 1, "id": 2}'))).toBe(
      'the example JSON has keys the command no longer prints (is_public) and lacks keys it prints (visibility)',
    );
    expect(compareShapes(shapeOf(table('| a |')), shapeOf('{"a": 1}'))).toMatch(/shows a table with columns a but the command printed JSON with keys a/);
    expect(compareShapes(shapeOf('free text'), shapeOf('x'))).toMatch(/cannot be checked; mark it norun/);
  });
});
