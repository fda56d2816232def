import { describe, expect, it } from 'vitest';
import { dedupeRepresentations, fanOutEntities } from '../src/entity-batches.ts';

const product = (upc: string) => ({ __typename: 'Product', upc });

describe('an _entities batch', () => {
  it('with every representation distinct is sent as it is', () => {
    expect(dedupeRepresentations([product('1'), product('2')])).toBeUndefined();
  });

  it('sends each distinct representation once, in order of first appearance', () => {
    expect(dedupeRepresentations([product('1'), product('2'), product('1'), product('1')])).toEqual({
      distinct: [product('1'), product('2')], positions: [0, 1, 0, 0],
    });
  });

  it('fans the answer back out to every position that asked, with an indexed error at each of them', () => {
    const batch = dedupeRepresentations([product('1'), product('2'), product('1'), product('2')])!;
    const answer = fanOutEntities({
      data: { _entities: [{ name: 'Desk' }, null] },
      errors: [{ message: 'Product 2 is gone.', path: ['_entities', 1, 'name'] }, { message: 'Something else.' }],
    }, batch);
    expect(answer.data).toEqual({ _entities: [{ name: 'Desk' }, null, { name: 'Desk' }, null] });
    expect(answer.errors).toEqual([
      { message: 'Product 2 is gone.', path: ['_entities', 1, 'name'] },
      { message: 'Product 2 is gone.', path: ['_entities', 3, 'name'] },
      { message: 'Something else.' },
    ]);
  });

  it('answered with the wrong number of entities is left for the executor to refuse', () => {
    const batch = dedupeRepresentations([product('1'), product('1')])!;
    expect(fanOutEntities({ data: { _entities: [] } }, batch).data).toEqual({ _entities: [] });
  });
});
