import { describe, expect, it } from 'vitest';
import { byIds } from '../src/mongo.ts';

describe('byIds', () => {
  it('asks for a lone id by equality, which the embedded database looks up without a scan', () => {
    expect(byIds(['a'])).toEqual({ _id: 'a' });
  });

  it('asks for several ids (or none) with one $in', () => {
    expect(byIds(['a', 'b'])).toEqual({ _id: { $in: ['a', 'b'] } });
    expect(byIds([])).toEqual({ _id: { $in: [] } });
  });
});
