import { DateTime } from '@lg/platform';
import type { Resolvers } from './generated/resolvers-types.ts';

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    labs: (_root, { filter, first, after }, ctx) => ctx.labs.labs(filter, first, after),
    lab: (_root, { id }, ctx) => ctx.labs.lab(id, ctx.loaders),
    myLabBookings: (_root, _args, ctx) => ctx.labs.myLabBookings(ctx.viewer),
  },
  Mutation: {
    createLab: (_root, { input }, ctx) => ctx.labs.createLab(ctx.viewer, input),
    updateLab: (_root, { id, input }, ctx) => ctx.labs.updateLab(ctx.viewer, id, input),
    setLabPhotos: (_root, { labId, mediaIds }, ctx) => ctx.labs.setLabPhotos(ctx.viewer, labId, mediaIds),
    bookLab: (_root, { labId, slotStart }, ctx) => ctx.labs.bookLab(ctx.viewer, labId, slotStart),
    cancelLabBooking: (_root, { id }, ctx) => ctx.labs.cancelLabBooking(ctx.viewer, id),
  },
  Lab: {
    __resolveReference: (ref, ctx) => ctx.labs.labReference(ref.id, ctx.loaders),
    id: (lab) => lab._id,
    // A reference only: identity resolves the rest through the gateway's batched _entities.
    host: (lab) => ({ __typename: 'User', id: lab.hostId }),
    photos: (lab) => (lab.photoIds ?? []).map((id) => ({ __typename: 'MediaAsset', id })),
    availability: (lab, { from, to }, ctx) => ctx.labs.availability(lab, from, to, ctx.loaders),
    bookings: (lab, args, ctx) => ctx.labs.labBookings(ctx.viewer, lab, args, ctx.loaders),
  },
  LabBooking: {
    __resolveReference: (ref, ctx) => ctx.labs.bookingReference(ctx.viewer, ref.id, ctx.loaders),
    id: (booking) => booking._id,
    lab: (booking, _args, ctx) => ctx.labs.bookingLab(booking, ctx.loaders),
    user: (booking) => ({ __typename: 'User', id: booking.userId }),
  },
};
