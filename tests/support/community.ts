import { EnrollmentCreated } from '@lg/events';
import { newId } from '@lg/platform';
import { signTestToken } from '@lg/platform/testing';
import type { TestStack } from './stack.ts';

/** A signed-in student as identity would issue their token: many of them, without registering each. */
export interface Student { id: string; token: string }

export const student = (t: TestStack): Student => {
  const id = newId();
  return { id, token: signTestToken(t.platform, id, ['STUDENT'], 3_600) };
};

/** What learning's enrollInFreeCourse logs, appended through the real event log. */
export async function enrolAll(t: TestStack, courseId: string, students: Student[]): Promise<void> {
  await t.platform.eventLog.append(students.map((s) => EnrollmentCreated.build({ enrollmentId: newId(), userId: s.id, courseId, source: 'FREE' })));
}

export async function ok<T = any>(t: TestStack, who: { token: string }, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await t.gql(query, variables, { token: who.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}

export const CREATE_GROUP = `mutation($input: CreateStudyGroupInput!) { createStudyGroup(input: $input) { id name capacity memberCount visibility viewerStatus } }`;
export const JOIN_GROUP = `mutation($g: ID!, $t: String) { joinStudyGroup(groupId: $g, inviteToken: $t) { id memberCount viewerStatus } }`;
export const SCHEDULE = `mutation($input: ScheduleEventInput!) { scheduleEvent(input: $input) { id title capacity goingCount spotsLeft } }`;
export const RSVP = `mutation($e: ID!, $r: RsvpResponse!) { rsvp(eventId: $e, response: $r) { id goingCount maybeCount spotsLeft viewerRsvp } }`;

export const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/**
 * A strict reader of an RFC 5545 iCalendar stream: CRLF line ends, unfolding (§3.1), content lines
 * `NAME[;params]:value`, BEGIN/END nesting; answers the components with their properties.
 */
export function parseIcs(text: string): { name: string; props: Map<string, string[]>; children: ReturnType<typeof parseIcs>[] } {
  if (!text.endsWith('\r\n')) throw new Error('an iCalendar stream ends with CRLF');
  if (/[^\r]\n/.test(text)) throw new Error('every line ends with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) if (Buffer.byteLength(line) > 75) throw new Error(`a line longer than 75 octets: ${line}`);
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (lines.length === 0) throw new Error('a continuation line first');
      lines[lines.length - 1] += line.slice(1);
    } else lines.push(line);
  }
  type Component = { name: string; props: Map<string, string[]>; children: Component[] };
  const stack: Component[] = [];
  let root: Component | undefined;
  for (const line of lines) {
    const match = /^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$/.exec(line);
    if (!match) throw new Error(`not a content line: ${line}`);
    const [, name, , value] = match as unknown as [string, string, string, string];
    if (name === 'BEGIN') {
      const component: Component = { name: value, props: new Map(), children: [] };
      if (stack.length > 0) stack.at(-1)!.children.push(component);
      else if (root) throw new Error('two top-level components');
      else root = component;
      stack.push(component);
    } else if (name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== value) throw new Error(`END:${value} closes ${open?.name}`);
    } else {
      const current = stack.at(-1);
      if (!current) throw new Error(`a property outside any component: ${line}`);
      current.props.set(name, [...(current.props.get(name) ?? []), value]);
    }
  }
  if (!root || stack.length > 0) throw new Error('unbalanced BEGIN/END');
  return root;
}
