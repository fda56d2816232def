import { GraphQLError } from 'graphql';
import type { LoggedEvent, Viewer } from '@lg/platform';
import {
  COURSE_EVENTS, EnrollmentCancelled, EnrollmentCreated, TeachingAssistantAppointed, TeachingAssistantRemoved, UserRoleGranted, UserRoleRevoked,
} from '@lg/events';
import type { RunAsViewer } from './fields.ts';
import type { MaybePromise } from './maybe-promise.ts';

/**
 * What the supergraph says of a viewer and a course: whether they are a member, whether they teach
 * it, whether they are its staff (its instructor, a teaching assistant, ADMIN: they see hidden posts).
 */
export interface Membership { member: boolean; teaches: boolean; staff: boolean }

/** The events after which a cached membership may be wrong: enrolments, teaching assistants, course instructors, roles. */
export const MEMBERSHIP_EVENTS = [
  EnrollmentCreated.type, EnrollmentCancelled.type, TeachingAssistantAppointed.type, TeachingAssistantRemoved.type, ...COURSE_EVENTS.map((e) => e.type),
  UserRoleGranted.type, UserRoleRevoked.type,
];
/** A teaching assistant is a member of their course: appointing or removing one changes it like an enrolment. */
const PER_USER_EVENT_TYPES = new Set<string>([EnrollmentCreated.type, EnrollmentCancelled.type, TeachingAssistantAppointed.type, TeachingAssistantRemoved.type]);

const COURSE_EVENT_TYPES = new Set<string>(COURSE_EVENTS.map((e) => e.type));
const ROLE_EVENT_TYPES = new Set<string>([UserRoleGranted.type, UserRoleRevoked.type]);

/** `value` once the answer is in: read at every event by every subscriber, so without a promise turn. */
interface Entry { at: number; answer: Promise<Membership>; value?: Membership; refreshing?: boolean }

/** A connection's viewer is one object for its lifetime: its key is spelled once. */
const viewerKeys = new WeakMap<Viewer, string>();
/** Roles are in the key: an ADMIN is a member of every course, and a new token may bring new roles. */
function viewerKey(viewer: Viewer): string {
  let key = viewerKeys.get(viewer);
  if (key === undefined) viewerKeys.set(viewer, (key = `${viewer.id}\n${[...viewer.roles].sort().join(',')}`));
  return key;
}

/**
 * Course memberships asked of the supergraph once and then served from memory, members and
 * non-members alike, until an event says they may have changed (every gateway reads the whole
 * log, so each evicts its own) or the TTL, a safety net for a missed event, runs out. An answer
 * with errors (FORBIDDEN, a bad id) is never cached: only a plain yes or no is.
 */
export class MembershipCache {
  /** courseId → viewer key → answer. */
  private readonly courses = new Map<string, Map<string, Entry>>();
  /** Bumped by every eviction: an answer asked before one may be stale, so it is not kept. */
  private generation = 0;
  private size = 0;
  /** How often the supergraph was asked; for tests and benchmarks. */
  lookups = 0;

  constructor(private readonly options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {}

  private get ttlMs() {
    return this.options.ttlMs ?? 60_000;
  }

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /**
   * Whether `viewer` is a member of the course and teaches it; `run` asks the supergraph as the
   * viewer on a miss. `whileRefreshing` (the check at each event of a running subscription)
   * answers an expired entry at once and refreshes it behind: events already evict what changed,
   * and a busy course should not wait on a round trip per member each time the TTL runs out.
   * A cached yes or no is answered at once; a failure always as a rejected promise.
   */
  of(viewer: Viewer, courseId: string, run: RunAsViewer, { whileRefreshing = false } = {}): MaybePromise<Membership> {
    const key = viewerKey(viewer);
    const cached = this.courses.get(courseId)?.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.value ?? cached.answer;
    if (cached && whileRefreshing) {
      if (!cached.refreshing) {
        cached.refreshing = true;
        const generation = this.generation;
        this.lookups += 1;
        ask(viewer, courseId, run).then(
          (membership) => {
            if (this.generation === generation) this.store(courseId, key, { at: this.now(), answer: Promise.resolve(membership), value: membership });
          },
          () => this.forget(courseId, key, cached),
        );
      }
      return cached.value ?? cached.answer;
    }
    const generation = this.generation;
    this.lookups += 1;
    const answer = ask(viewer, courseId, run);
    const entry: Entry = { at: this.now(), answer };
    this.store(courseId, key, entry);
    answer.then(
      (membership) => {
        entry.value = membership;
        if (this.generation !== generation) this.forget(courseId, key, entry);
      },
      () => this.forget(courseId, key, entry),
    );
    return answer;
  }

  private store(courseId: string, key: string, entry: Entry) {
    if (this.size >= (this.options.maxEntries ?? 100_000)) this.clear();
    let viewers = this.courses.get(courseId);
    if (!viewers) this.courses.set(courseId, (viewers = new Map()));
    if (!viewers.has(key)) this.size += 1;
    viewers.set(key, entry);
  }

  private forget(courseId: string, key: string, entry: object) {
    const viewers = this.courses.get(courseId);
    if (viewers?.get(key) !== entry) return;
    viewers.delete(key);
    this.size -= 1;
    if (viewers.size === 0) this.courses.delete(courseId);
  }

  private evict(courseId: string | undefined, userId: string | undefined) {
    this.generation += 1;
    for (const [course, viewers] of this.courses) {
      if (courseId !== undefined && course !== courseId) continue;
      for (const key of viewers.keys()) {
        if (userId === undefined || key.startsWith(`${userId}\n`)) {
          viewers.delete(key);
          this.size -= 1;
        }
      }
      if (viewers.size === 0) this.courses.delete(course);
    }
  }

  clear() {
    this.generation += 1;
    this.courses.clear();
    this.size = 0;
  }

  /** Evicts what an event may have changed: a student's enrolment or appointment, a course's instructor, a user's roles. */
  observe(event: LoggedEvent) {
    if (PER_USER_EVENT_TYPES.has(event.type)) this.evict(event.courseId, event.userId);
    else if (COURSE_EVENT_TYPES.has(event.type)) this.evict(event.courseId, undefined);
    else if (ROLE_EVENT_TYPES.has(event.type)) this.evict(undefined, event.userId);
  }
}

const MEMBERSHIP_QUERY = 'query($c: ID!) { isCourseMember(courseId: $c) course(id: $c) { instructor { id } viewerIsStaff } }';
/** Answers that asking again would not change. */
const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'BAD_USER_INPUT', 'NOT_FOUND']);

/**
 * One answer serves every subscriber of that viewer waiting for it, so a failure that is not a
 * refusal (a subgraph timing out under load) is asked once more before it refuses them all.
 */
async function ask(viewer: Viewer, courseId: string, run: RunAsViewer): Promise<Membership> {
  let data: Record<string, unknown>;
  try {
    data = await run(MEMBERSHIP_QUERY, { c: courseId });
  } catch (error) {
    if (error instanceof GraphQLError && REFUSALS.has(String(error.extensions.code))) throw error;
    data = await run(MEMBERSHIP_QUERY, { c: courseId });
  }
  const course = data.course as { instructor?: { id?: string }; viewerIsStaff?: boolean } | null;
  return { member: data.isCourseMember === true, teaches: course?.instructor?.id === viewer.id, staff: course?.viewerIsStaff === true };
}
