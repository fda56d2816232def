import type { Filter } from 'mongodb';
import { MongoRepository, pageOf, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type { RsvpResponse } from '../generated/resolvers-types.ts';
import type { CommunityEventDocument } from './models.ts';

export const COMMUNITY_EVENTS = 'engagement_community_events';

export const calendarIndexes: CollectionIndexes[] = [
  {
    collection: COMMUNITY_EVENTS,
    indexes: [
      { key: { courseId: 1, endsAt: 1, startsAt: 1, _id: 1 }, name: 'course_upcoming' },
      { key: { groupId: 1, endsAt: 1, startsAt: 1, _id: 1 }, name: 'group_upcoming' },
      // The reminder timer looks for events starting soon whose reminder is not sent.
      { key: { reminderSentAt: 1, startsAt: 1 }, name: 'reminder_due' },
    ],
  },
];

/** Where a page of events starts: after the event with this start and id, upcoming or past ones. */
export interface EventPageKey { past: boolean; startsAt: Date; id: string }

const OTHER: Record<RsvpResponse, ('goingIds' | 'maybeIds' | 'noIds')[]> = { GOING: ['maybeIds', 'noIds'], MAYBE: ['goingIds', 'noIds'], NO: ['goingIds', 'maybeIds'] };
const LIST: Record<'MAYBE' | 'NO', 'maybeIds' | 'noIds'> = { MAYBE: 'maybeIds', NO: 'noIds' };

/** All MongoDB access of community events. */
export class CalendarRepository extends MongoRepository {
  readonly events = this.db.collection<CommunityEventDocument>(COMMUNITY_EVENTS);

  async insertEvent(event: CommunityEventDocument): Promise<void> {
    await this.events.insertOne(event);
  }

  findEvent(id: string): Promise<CommunityEventDocument | null> {
    return this.events.findOne({ _id: id });
  }

  /**
   * Upcoming events (not yet ended) soonest first; with `includePast`, ended ones after them,
   * most recent first. Two queries at most a page: the upcoming part, then the past part.
   */
  async eventsPage(owner: { courseId: string } | { groupId: string }, includePast: boolean, after: EventPageKey | undefined, limit: number, now = new Date()) {
    const base = owner as Filter<CommunityEventDocument>;
    const upcoming: Filter<CommunityEventDocument> = { ...base, endsAt: { $gt: now } };
    const past: Filter<CommunityEventDocument> = { ...base, endsAt: { $lte: now } };
    const rows: (CommunityEventDocument & { past?: boolean })[] = [];
    if (!after?.past) {
      const from = after ? { $or: [{ startsAt: { $gt: after.startsAt } }, { startsAt: after.startsAt, _id: { $gt: after.id } }] } : null;
      const page = await pageOf(this.events, upcoming, from as Filter<CommunityEventDocument> | null, { startsAt: 1, _id: 1 }, limit);
      rows.push(...page.rows);
    }
    if (includePast && rows.length < limit) {
      const from = after?.past ? { $or: [{ startsAt: { $lt: after.startsAt } }, { startsAt: after.startsAt, _id: { $lt: after.id } }] } : null;
      const page = await pageOf(this.events, past, from as Filter<CommunityEventDocument> | null, { startsAt: -1, _id: -1 }, limit - rows.length);
      rows.push(...page.rows.map((r) => ({ ...r, past: true })));
    }
    const total = await this.events.countDocuments(includePast ? base : upcoming);
    return { rows, total };
  }

  /**
   * GOING: takes a place only while one is left and the user holds none, in one conditional
   * update. Null when the guard failed (full, or already going: the caller reads again).
   */
  takePlace(event: CommunityEventDocument, userId: string, logged: DomainEvent): Promise<CommunityEventDocument | null> {
    return this.events.findOneAndUpdate(
      { _id: event._id, capacity: event.capacity, goingIds: { $ne: userId }, goingCount: { $lt: event.capacity } },
      { $push: { goingIds: userId, ...pushToOutbox(logged) }, $inc: { goingCount: 1 }, $pullAll: { maybeIds: [userId], noIds: [userId] }, $set: { updatedAt: new Date() } },
      { returnDocument: 'after' },
    );
  }

  /** MAYBE or NO: gives a place back if the user held one (`wasGoing` must be what they read). Null when that changed meanwhile. */
  answer(event: CommunityEventDocument, userId: string, response: 'MAYBE' | 'NO', wasGoing: boolean, logged: DomainEvent): Promise<CommunityEventDocument | null> {
    const list = LIST[response];
    const others = Object.fromEntries(OTHER[response].map((f) => [f, [userId]]));
    return this.events.findOneAndUpdate(
      { _id: event._id, goingIds: wasGoing ? userId : { $ne: userId } },
      { $addToSet: { [list]: userId }, $pullAll: others, $push: pushToOutbox(logged), ...(wasGoing ? { $inc: { goingCount: -1 } } : {}), $set: { updatedAt: new Date() } },
      { returnDocument: 'after' },
    );
  }

  /** Events whose reminder is due: starting within `leadMs`, not started, not reminded. */
  dueReminders(now: Date, leadMs: number, limit: number): Promise<CommunityEventDocument[]> {
    return this.events.find({ reminderSentAt: null, startsAt: { $gt: now, $lte: new Date(now.getTime() + leadMs) } }).limit(limit).toArray();
  }

  /** Claims an event's reminder once: only the write that finds it unsent records it (with its event). */
  async claimReminder(eventId: string, logged: DomainEvent): Promise<boolean> {
    const result = await this.events.updateOne({ _id: eventId, reminderSentAt: null }, { $set: { reminderSentAt: new Date() }, $push: pushToOutbox(logged) });
    return result.modifiedCount === 1;
  }
}
