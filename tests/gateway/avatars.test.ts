import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadThroughGateway, waitUntilReady } from '../support/media.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Avatars through the running gateway: a user uploads an AVATAR image to media and makes it their
// picture; without one, User.avatar still has generated initials to show.

let t: TestStack;
let ada: TestUser;
let bob: TestUser;
let png: Buffer;

const AVATAR = `query($id: ID!) { user(id: $id) { avatar { initials fallbackUrl image { id url } } } }`;
const SET = `mutation($m: ID!) { setAvatar(mediaId: $m) { id avatar { image { id } } } }`;
const CLEAR = `mutation { clearAvatar { id avatar { image { id } initials } } }`;
const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  t = await startTestStack();
  ada = await signUp(t, [], 'Ada Lovelace');
  bob = await signUp(t, [], 'bob');
  png = execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'testsrc=size=64x64', '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
});
afterAll(async () => t?.close());

describe('avatars through the gateway', () => {
  it('a user without a picture has their initials on a colour of their own, as an SVG data URL, seen by anyone', async () => {
    const res = await t.gql(AVATAR, { id: ada.id });
    const avatar = res.data!.user.avatar;
    expect(avatar.initials).toBe('AL');
    expect(avatar.image).toBeNull();
    const svg = Buffer.from(avatar.fallbackUrl.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString();
    expect(svg).toMatch(/^<svg [^>]*>.*<text [^>]*>AL<\/text><\/svg>$/);
    expect((await t.gql(AVATAR, { id: bob.id })).data!.user.avatar.initials).toBe('B');
  });

  it('an uploaded AVATAR image becomes the user\'s picture, public with a signed URL, and is cleared back to the initials', async () => {
    const mediaId = await uploadThroughGateway(t, ada.token, { purpose: 'AVATAR', fileName: 'me.png', contentType: 'image/png' }, png);
    await waitUntilReady(t, ada.token, mediaId);
    const set = await t.gql(SET, { m: mediaId }, { token: ada.token });
    expect(set.data!.setAvatar.avatar.image).toEqual({ id: mediaId });
    // Anyone, signed out included, sees the picture where Ada appears; its bytes are served.
    const seen = (await t.gql(AVATAR, { id: ada.id })).data!.user.avatar;
    expect(seen.image.id).toBe(mediaId);
    const served = await fetch(seen.image.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^image\//);

    const cleared = await t.gql(CLEAR, {}, { token: ada.token });
    expect(cleared.data!.clearAvatar.avatar).toEqual({ image: null, initials: 'AL' });
    expect((await t.gql(AVATAR, { id: ada.id })).data!.user.avatar.image).toBeNull();
  });

  it('another user\'s asset is FORBIDDEN, and other purposes, unknown or malformed ids BAD_USER_INPUT; nothing changes', async () => {
    const adas = await uploadThroughGateway(t, ada.token, { purpose: 'AVATAR', fileName: 'ada.png', contentType: 'image/png' }, png);
    await waitUntilReady(t, ada.token, adas);
    const taken = await t.gql(SET, { m: adas }, { token: bob.token });
    expect(codeOf(taken)).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SET, { m: '00000000-0000-4000-8000-000000000000' }, { token: bob.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(SET, { m: 'not-an-id' }, { token: bob.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(SET, { m: adas }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(CLEAR))).toBe('UNAUTHENTICATED');
    // Still uploading: not READY.
    const res = await t.gql(`mutation($input: CreateUploadInput!) { createUpload(input: $input) { id } }`,
      { input: { purpose: 'AVATAR', fileName: 'later.png', contentType: 'image/png', byteSize: png.length } }, { token: bob.token });
    const pending = await t.gql(SET, { m: res.data!.createUpload.id }, { token: bob.token });
    expect(pending.errors![0]!.message).toMatch(/not READY yet \(UPLOADING\)/);
    expect((await t.gql(AVATAR, { id: bob.id })).data!.user.avatar.image).toBeNull();
  });

  it('media takes AVATAR uploads of images up to 2 MB, with no course or lab', async () => {
    const upload = (input: Record<string, unknown>) => t.gql(`mutation($input: CreateUploadInput!) { createUpload(input: $input) { id } }`,
      { input: { purpose: 'AVATAR', fileName: 'me.png', contentType: 'image/png', byteSize: 1_000, ...input } }, { token: bob.token });
    expect((await upload({ byteSize: 2 * 1024 * 1024 + 1 })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'byteSize' });
    expect((await upload({ contentType: 'application/pdf', fileName: 'me.pdf' })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentType' });
    expect((await upload({ courseId: '00000000-0000-4000-8000-000000000000' })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'courseId' });
    expect(codeOf(await t.gql(`mutation($input: CreateUploadInput!) { createUpload(input: $input) { id } }`,
      { input: { purpose: 'AVATAR', fileName: 'me.png', contentType: 'image/png', byteSize: 1_000 } }))).toBe('UNAUTHENTICATED');
  });
});
