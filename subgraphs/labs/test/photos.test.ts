import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaAssetCreated, MediaAssetFailed, MediaAssetReady } from '@lg/events';
import { newId, type DomainEvent } from '@lg/platform';
import { actor, codeOf, labsEvents, seedLab, startLabs, type Actor, type LabsHarness } from './harness.ts';

// Labs learns which LAB_PHOTO assets exist from media's events only (its own projection): these
// tests log those events as media would, then set photos straight away.

let h: LabsHarness;
let host: Actor;
beforeAll(async () => {
  h = await startLabs();
  host = actor(h, 'STUDENT', 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const SET = `mutation($l: ID!, $m: [ID!]!) { setLabPhotos(labId: $l, mediaIds: $m) { id photos { id } } }`;
const set = (who: Actor, labId: string, mediaIds: string[]) => h.gql(SET, { l: labId, m: mediaIds }, { token: who.token });
const photosOf = async (labId: string) => (await h.gql(`query($id: ID!) { lab(id: $id) { photos { id } } }`, { id: labId })).data!.lab.photos.map((p: { id: string }) => p.id);

/** Logs an asset's events as media does; 'READY' and 'FAILED' follow its creation at once. */
async function asset(owner: Actor, labId: string | undefined, end: 'UPLOADING' | 'READY' | 'FAILED' = 'READY', purpose: 'LAB_PHOTO' | 'COURSE_COVER' = 'LAB_PHOTO'): Promise<string> {
  const assetId = newId();
  const where = purpose === 'LAB_PHOTO' ? { labId } : { courseId: newId() };
  const events: DomainEvent[] = [MediaAssetCreated.build({ assetId, purpose, kind: 'IMAGE', ownerId: owner.id, fileName: 'photo.png', ...where })];
  if (end === 'READY') events.push(MediaAssetReady.build({ assetId, kind: 'IMAGE', width: 64, height: 48 }));
  if (end === 'FAILED') events.push(MediaAssetFailed.build({ assetId, reason: 'not an image' }));
  await h.platform.eventLog.append(events);
  return assetId;
}

describe('a lab’s photos', () => {
  it('are set in the given order as soon as media has said they are READY, and LabUpdated carries them', async () => {
    const lab = await seedLab(h, host);
    const [a, b] = [await asset(host, lab._id), await asset(host, lab._id)];
    const res = await set(host, lab._id, [b!, a!]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.setLabPhotos.photos).toEqual([{ id: b }, { id: a }]);
    expect(await photosOf(lab._id)).toEqual([b, a]);
    const events = await labsEvents(h, 'LabUpdated', { aggregateId: lab._id });
    expect(events.at(-1)!.data).toMatchObject({ photoIds: [b, a], changed: ['photos'], by: host.id });
  });

  it('an empty list removes them all', async () => {
    const lab = await seedLab(h, host);
    expect((await set(host, lab._id, [await asset(host, lab._id)])).errors).toBeUndefined();
    expect((await set(host, lab._id, [])).data!.setLabPhotos.photos).toEqual([]);
    expect(await photosOf(lab._id)).toEqual([]);
  });

  it('refuses a photo of another lab, one that FAILED or is still UPLOADING and an asset of another purpose, and keeps the photos it had', async () => {
    const lab = await seedLab(h, host);
    const other = await seedLab(h, host);
    const kept = await asset(host, lab._id);
    expect((await set(host, lab._id, [kept])).errors).toBeUndefined();
    for (const id of [await asset(host, other._id), await asset(host, lab._id, 'FAILED'), await asset(host, lab._id, 'UPLOADING'), await asset(host, undefined, 'READY', 'COURSE_COVER')]) {
      const res = await set(host, lab._id, [kept, id]);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(/mediaIds\[1\]/);
    }
    expect(await photosOf(lab._id)).toEqual([kept]);
  });

  it('an ADMIN sets photos they uploaded on any lab, and not the host’s', async () => {
    const admin = actor(h, 'ADMIN');
    const lab = await seedLab(h, host);
    const theirs = await asset(admin, lab._id);
    expect((await set(admin, lab._id, [theirs])).data!.setLabPhotos.photos).toEqual([{ id: theirs }]);
    expect(codeOf(await set(admin, lab._id, [await asset(host, lab._id)]))).toBe('FORBIDDEN');
    expect(await photosOf(lab._id)).toEqual([theirs]);
  });
});
