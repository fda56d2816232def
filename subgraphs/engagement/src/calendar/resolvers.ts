import type { Resolvers } from '../generated/resolvers-types.ts';
import { viewerRsvp } from './service.ts';

const userRef = (id: string) => ({ __typename: 'User' as const, id });
const courseRef = (id: string) => ({ __typename: 'Course' as const, id });

/** Community events and RSVPs. */
export const calendarResolvers: Resolvers = {
  Query: {
    courseEvents: (_root, { courseId, first, after, includePast }, ctx) => ctx.calendar.courseEvents(ctx.viewer, courseId, first, after, includePast, ctx.loaders),
    communityEvent: (_root, { id }, ctx) => ctx.calendar.communityEvent(ctx.viewer, id, ctx.loaders, ctx.groupLoaders),
  },
  Mutation: {
    scheduleEvent: (_root, { input }, ctx) => ctx.calendar.scheduleEvent(ctx.viewer, input, ctx.loaders, ctx.groupLoaders),
    rsvp: (_root, { eventId, response }, ctx) => ctx.calendar.rsvp(ctx.viewer, eventId, response, ctx.loaders, ctx.groupLoaders),
  },
  StudyGroup: {
    events: (group, { first, after }, ctx) => ctx.calendar.groupEvents(ctx.viewer, group._id, first, after, ctx.groupLoaders),
  },
  CommunityEvent: {
    __resolveReference: (ref, ctx) => ctx.calendar.eventReference(ctx.viewer, ref.id, ctx.loaders, ctx.groupLoaders),
    id: (event) => event._id,
    maybeCount: (event) => event.maybeIds.length,
    spotsLeft: (event) => Math.max(0, event.capacity - event.goingCount),
    course: (event) => (event.courseId ? courseRef(event.courseId) : null),
    group: (event, _args, ctx) => (event.groupId ? ctx.groups.loadGroup(event.groupId, 'groupId', ctx.groupLoaders) : null),
    organizer: (event) => userRef(event.organizerId),
    viewerRsvp: (event, _args, ctx) => viewerRsvp(ctx.viewer, event),
    ics: (event, _args, ctx) => ctx.calendar.ics(event),
  },
};
