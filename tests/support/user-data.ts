import { createHash } from 'node:crypto';
import { createCourse } from './catalog.ts';
import { signUp, type TestStack, type TestUser } from './stack.ts';

/** Two people with activity in every subgraph, each marked by words only they wrote. */
export interface ActivePeople {
  alpha: TestUser;
  bravo: TestUser;
  instructor: TestUser;
  courseId: string;
  paidCourseId: string;
  /** Per person: the words in everything they wrote. */
  marker: { alpha: string; bravo: string };
}

async function ok(t: TestStack, who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await t.gql(query, variables, { token: who.token });
  if (res.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const REPORT_TEXT = '{ courses(first: 1) { totalCount } }';
/** An integrator's own document (identity keeps the manifests its users register). */
const REPORT_DOCUMENT = { id: `sha256:${createHash('sha256').update(REPORT_TEXT).digest('hex')}`, text: REPORT_TEXT };

/** Lab titles are public listings, not personal data: a booking's export names the lab booked. */
export const LAB_TITLES = { alpha: 'North lab', bravo: 'South lab' } as const;

const slotIn = (days: number, hour: number) => {
  const day = new Date(Date.now() + days * 86_400_000);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour)).toISOString();
};

/**
 * Seeds, through the gateway, what a real user leaves everywhere: an enrolment and a wishlist entry
 * (learning), a graded submission (assessment), a question, a chat message, a thread, a direct
 * message and a study group (engagement), a hosted lab and a booking of the other's lab (labs), an
 * upload (media), a paid order (commerce), a conversation with the tutor (assistant), and what
 * analytics and catalog project from those.
 */
export async function seedTwoActivePeople(t: TestStack): Promise<ActivePeople> {
  const instructor = await signUp(t, ['INSTRUCTOR'], 'Ines Instructor');
  const alpha = await signUp(t, ['INSTRUCTOR'], 'Alpha Person');
  const bravo = await signUp(t, ['INSTRUCTOR'], 'Bravo Person');
  const marker = { alpha: `alpha-${Math.random().toString(36).slice(2, 8)}`, bravo: `bravo-${Math.random().toString(36).slice(2, 8)}` };
  const course = await createCourse(t, instructor, { title: 'Privacy Course' });
  const paid = await createCourse(t, instructor, { title: 'Paid Privacy Course', priceCents: 1500, currency: 'USD' });
  const exercise = (await ok(t, instructor, `mutation($c: ID!) { createExercise(courseId: $c, input: { title: "Quiz", questions: [{ kind: SINGLE_CHOICE, prompt: "2+2?", choices: ["3", "4"], correctChoices: [1], points: 1 }] }) { id questions { id } } }`, { c: course.id })).createExercise;
  const labs: Record<string, string> = {};
  for (const [name, who] of [['alpha', alpha], ['bravo', bravo]] as const) {
    labs[name] = (await ok(t, who, `mutation($t: String!) { createLab(input: { title: $t, description: "A lab.", location: "Room 1", capacity: 2, pricePerHourCents: 0, equipment: ["bench"], openHoursUtc: [9, 10, 11] }) { id } }`, { t: LAB_TITLES[name] })).createLab.id;
    await ok(t, who, `mutation { createApiKey(input: { name: "Integration", scopes: ["catalog:read"] }) { key } }`);
    await ok(t, who, `mutation($d: [ManifestDocumentInput!]!) { registerDocumentManifest(input: { name: "reports", version: "1", documents: $d }) { ref } }`, { d: [REPORT_DOCUMENT] });
  }
  // Both enrolled first: direct messages need a course in common.
  for (const who of [alpha, bravo]) await ok(t, who, `mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: course.id });
  for (const [name, who, peer, peerName] of [['alpha', alpha, bravo, 'bravo'], ['bravo', bravo, alpha, 'alpha']] as const) {
    const words = marker[name];
    await ok(t, who, `mutation($c: ID!) { addToWishlist(courseId: $c) }`, { c: paid.id });
    await ok(t, who, `mutation($e: ID!, $a: [SubmissionAnswerInput!]!) { submitExercise(exerciseId: $e, answers: $a) { id } }`, { e: exercise.id, a: [{ questionId: exercise.questions[0].id, choiceIndexes: [1] }] });
    await ok(t, who, `mutation($c: ID!, $t: String!) { askQuestion(input: { courseId: $c, title: $t, body: "Question body" }) { id } }`, { c: course.id, t: `${words} question` });
    await ok(t, who, `mutation($c: ID!, $b: String!) { sendChatMessage(courseId: $c, body: $b) { id } }`, { c: course.id, b: `${words} chat` });
    await ok(t, who, `mutation($c: ID!, $t: String!) { startThread(input: { courseId: $c, title: $t, body: "Thread body" }) { id } }`, { c: course.id, t: `${words} thread` });
    await ok(t, who, `mutation($to: [ID!]!, $b: String!) { sendDirectMessage(input: { recipientIds: $to, body: $b }) { id } }`, { to: [peer.id], b: `${words} direct` });
    await ok(t, who, `mutation($c: ID!, $n: String!) { createStudyGroup(input: { name: $n, capacity: 5, courseIds: [$c] }) { id } }`, { c: course.id, n: `${words} group` });
    await ok(t, who, `mutation($l: ID!, $s: DateTime!) { bookLab(labId: $l, slotStart: $s) { id } }`, { l: labs[peerName], s: slotIn(3, 10) });
    await ok(t, who, `mutation($l: ID!, $f: String!) { createUpload(input: { purpose: LAB_PHOTO, labId: $l, fileName: $f, contentType: "image/png", byteSize: 1000 }) { id } }`, { l: labs[name], f: `${words}.png` });
    await ok(t, who, `mutation($c: ID!) { addCourseToCart(courseId: $c) { __typename } }`, { c: paid.id });
    await ok(t, who, `mutation($k: String!) { checkout(idempotencyKey: $k, paymentToken: "tok_ok") { id } }`, { k: `${words}-order` });
    await ok(t, who, `mutation($p: String!) { askAssistant(prompt: $p) { conversation { id } } }`, { p: `${words}: which courses are about rust?` });
  }
  return { alpha, bravo, instructor, courseId: course.id, paidCourseId: paid.id, marker };
}

/** Waits until every subgraph's user-data participant and projection has read the whole log. */
export async function userDataSettled(t: TestStack): Promise<void> {
  for (const subgraph of Object.values(t.stack.subgraphs) as { userData?: { catchUp(): Promise<void> } }[]) await subgraph.userData?.catchUp();
}
