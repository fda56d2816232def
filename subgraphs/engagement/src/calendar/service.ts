import {
  conflict, connectionOf, decodeCursor, encodeCursor, flushAllOutboxes, flushOutbox, forbidden, invalidCursor, isId, newId, notFound, pageSize,
  signedIn, type Connection, type EventLog, type Logger, type Viewer,
} from '@lg/platform';
import { CommunityEventReminderDue, CommunityEventScheduled, RsvpChanged } from '@lg/events';
import type { RsvpResponse, ScheduleEventInput } from '../generated/resolvers-types.ts';
import { checkId } from '../inputs.ts';
import type { GroupLoaders, GroupsService } from '../groups/service.ts';
import { isCourseStaff, type CourseMembership, type EngagementLoaders } from '../services/membership.ts';
import { icsOf } from './ics.ts';
import { eventFields, rsvpResponse } from './inputs.ts';
import type { CommunityEventDocument } from './models.ts';
import type { CalendarRepository, EventPageKey } from './repository.ts';

/**
 * Community events of a course (its staff schedule them, its members see them) or of a study
 * group (its owner schedules, its members see), their RSVPs within the capacity, and reminders.
 */
export class CalendarService {
  constructor(
    private readonly repository: CalendarRepository,
    private readonly events: EventLog,
    private readonly membership: CourseMembership,
    private readonly groups: GroupsService,
  ) {}

  async finishPendingWork(): Promise<void> {
    await flushAllOutboxes(this.repository.events, this.events);
  }

  /** Course members (or group members) and ADMIN; FORBIDDEN otherwise. */
  private async requireViewer(viewer: Viewer | null, event: CommunityEventDocument, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<Viewer> {
    const actor = signedIn(viewer);
    if (event.courseId) {
      await this.membership.requireMember(actor, event.courseId, loaders);
      return actor;
    }
    const group = await this.groups.loadGroup(event.groupId!, 'groupId', groupLoaders);
    return this.groups.requireReader(actor, group);
  }

  async communityEvent(viewer: Viewer | null, id: string, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<CommunityEventDocument | null> {
    signedIn(viewer);
    checkId(id, 'id');
    const event = await this.repository.findEvent(id);
    if (event) await this.requireViewer(viewer, event, loaders, groupLoaders);
    return event;
  }

  async eventReference(viewer: Viewer | null, id: string, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<CommunityEventDocument | null> {
    try {
      return isId(id) ? await this.communityEvent(viewer, id, loaders, groupLoaders) : null;
    } catch {
      return null;
    }
  }

  async courseEvents(
    viewer: Viewer | null, courseId: string, first: number | null | undefined, after: string | null | undefined, includePast: boolean | null | undefined,
    loaders: EngagementLoaders,
  ): Promise<Connection<CommunityEventDocument>> {
    const actor = signedIn(viewer);
    const size = pageSize(first);
    const key = pageKey(after);
    checkId(courseId, 'courseId');
    await this.membership.requireMember(actor, courseId, loaders);
    return this.page({ courseId }, size, key, includePast ?? false);
  }

  async groupEvents(viewer: Viewer | null, groupId: string, first: number | null | undefined, after: string | null | undefined, groupLoaders: GroupLoaders): Promise<Connection<CommunityEventDocument>> {
    const size = pageSize(first);
    const key = pageKey(after);
    const group = await this.groups.loadGroup(groupId, 'groupId', groupLoaders);
    this.groups.requireReader(viewer, group);
    return this.page({ groupId }, size, key, true);
  }

  private async page(owner: { courseId: string } | { groupId: string }, size: number, key: EventPageKey | undefined, includePast: boolean) {
    const { rows, total } = await this.repository.eventsPage(owner, includePast, key, size + 1);
    return connectionOf(rows, size, total, (e) => encodeCursor([(e as { past?: boolean }).past ? 'P' : 'U', e.startsAt.toISOString(), e._id]));
  }

  async scheduleEvent(viewer: Viewer | null, input: ScheduleEventInput, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<CommunityEventDocument> {
    const actor = signedIn(viewer);
    const fields = eventFields(input);
    if (fields.courseId) {
      await this.membership.requireMember(actor, fields.courseId, loaders, { courseMustExist: true });
      if (!(await isCourseStaff(actor, fields.courseId, loaders))) throw forbidden("Only the course's staff can schedule its events.");
    } else {
      const group = await this.groups.loadGroup(fields.groupId!, 'groupId', groupLoaders);
      this.groups.requireOwner(actor, group);
    }
    const id = newId();
    const now = new Date();
    const event: CommunityEventDocument = {
      _id: id, ...fields, organizerId: actor.id, goingIds: [], goingCount: 0, maybeIds: [], noIds: [], reminderSentAt: null, sequence: 0,
      createdAt: now, updatedAt: now,
      outbox: [CommunityEventScheduled.build({ eventId: id, courseId: fields.courseId, groupId: fields.groupId, organizerId: actor.id, startsAt: fields.startsAt.toISOString() })],
    };
    await this.repository.insertEvent(event);
    await flushOutbox(this.repository.events, id, this.events);
    const { outbox: _pending, ...stored } = event;
    return stored;
  }

  /**
   * GOING takes a place in one conditional update (never past the capacity, whatever the
   * concurrency); MAYBE and NO give it back. Answering the same again changes nothing.
   */
  async rsvp(viewer: Viewer | null, eventId: string, response: RsvpResponse, loaders: EngagementLoaders, groupLoaders: GroupLoaders): Promise<CommunityEventDocument> {
    const actor = signedIn(viewer);
    checkId(eventId, 'eventId');
    const answer = rsvpResponse(response);
    let event = await this.repository.findEvent(eventId);
    if (!event) throw notFound('The event');
    await this.requireViewer(actor, event, loaders, groupLoaders);
    if (event.endsAt.getTime() <= Date.now()) throw conflict('The event is over.');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if (viewerRsvp(actor, event) === answer) return event;
      const logged = RsvpChanged.build({ eventId: event._id, courseId: event.courseId, groupId: event.groupId, userId: actor.id, response: answer });
      const changed = answer === 'GOING'
        ? await this.repository.takePlace(event, actor.id, logged)
        : await this.repository.answer(event, actor.id, answer, event.goingIds.includes(actor.id), logged);
      if (changed) {
        await flushOutbox(this.repository.events, event._id, this.events);
        return changed;
      }
      event = await this.repository.findEvent(eventId);
      if (!event) throw notFound('The event');
      if (answer === 'GOING' && !event.goingIds.includes(actor.id) && event.goingCount >= event.capacity) {
        throw conflict(`The event is full (${event.capacity} places).`);
      }
    }
    throw conflict('The event changed too often; try again.');
  }

  ics(event: CommunityEventDocument): string {
    return icsOf(event);
  }

  /**
   * Sends the reminders that are due: each event's is claimed by one conditional write that logs
   * its CommunityEventReminderDue (recipients: going and maybe), so a restart, a second instance
   * or a repeated pass never sends one twice; notifications are made from that event.
   */
  async sendDueReminders(leadMs: number, now = new Date()): Promise<number> {
    let sent = 0;
    for (const event of await this.repository.dueReminders(now, leadMs, 100)) {
      const logged = CommunityEventReminderDue.build({
        eventId: event._id, courseId: event.courseId, groupId: event.groupId, title: event.title, startsAt: event.startsAt.toISOString(),
        recipientIds: [...new Set([...event.goingIds, ...event.maybeIds])],
      });
      if (await this.repository.claimReminder(event._id, logged)) {
        await flushOutbox(this.repository.events, event._id, this.events);
        sent += 1;
      }
    }
    return sent;
  }
}

export function viewerRsvp(viewer: Viewer | null, event: CommunityEventDocument): RsvpResponse | null {
  if (!viewer) return null;
  if (event.goingIds.includes(viewer.id)) return 'GOING';
  if (event.maybeIds.includes(viewer.id)) return 'MAYBE';
  if (event.noIds.includes(viewer.id)) return 'NO';
  return null;
}

function pageKey(after: string | null | undefined): EventPageKey | undefined {
  if (after === null || after === undefined) return undefined;
  let key: unknown[] | undefined;
  try {
    key = decodeCursor(after, 3);
  } catch {
    throw invalidCursor('after');
  }
  const [tag, at, id] = key ?? [];
  const startsAt = new Date(String(at));
  if ((tag !== 'U' && tag !== 'P') || typeof id !== 'string' || !isId(id) || Number.isNaN(startsAt.getTime())) throw invalidCursor('after');
  return { past: tag === 'P', startsAt, id };
}

/** The reminder timer: every `pollMs`, sends the reminders due within `leadMs`. Restart-safe by its claims. */
export class ReminderTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly calendar: CalendarService, private readonly logger: Logger, private readonly options: { leadMs: number; pollMs: number }) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.calendar.sendDueReminders(this.options.leadMs).catch((error: unknown) => this.logger.warn({ err: error }, 'event reminders failed; retried at the next tick'));
    };
    tick();
    this.timer = setInterval(tick, this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
