import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalytics, type AnalyticsHarness } from './harness.ts';

let h: AnalyticsHarness;
beforeAll(async () => {
  h = await startAnalytics();
});
afterAll(async () => h?.close());

describe('the subgraph as the gateway sees it', () => {
  it('owns no entity: users, courses, lessons and exercises are references the others resolve', async () => {
    const res = await h.gql('{ _service { sdl } }', {});
    const sdl: string = res.data!._service.sdl;
    for (const type of ['User', 'Course', 'Exercise']) expect(sdl).toMatch(new RegExp(`type ${type} @key\\(fields: "id", resolvable: false\\)`));
    expect(sdl).toMatch(/type Lesson @key\(fields: "id courseId", resolvable: false\)/);
  });
});
