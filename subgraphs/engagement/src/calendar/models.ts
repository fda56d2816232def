import type { WithOutbox } from '@lg/platform';
import type { RsvpResponse } from '../generated/resolvers-types.ts';

export type { RsvpResponse };

/**
 * A community event of a course or of a study group. Every answer lives in the event's own
 * document (`goingIds`, `maybeIds`, `noIds`), so an RSVP is one conditional update and GOING can
 * never pass the capacity. `reminderSentAt` is set by the one write that claims the reminder.
 */
export interface CommunityEventDocument extends WithOutbox {
  _id: string;
  courseId: string | null;
  groupId: string | null;
  organizerId: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  onlineUrl: string | null;
  place: string | null;
  capacity: number;
  goingIds: string[];
  goingCount: number;
  maybeIds: string[];
  noIds: string[];
  reminderSentAt: Date | null;
  /** Bumped by every change, for the iCalendar SEQUENCE. */
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
}
