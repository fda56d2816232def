import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { cents, count, id } from './fields.ts';

const producer = 'labs';

const lab = {
  labId: id, hostId: id, title: z.string(), location: z.string(), capacity: count, pricePerHourCents: cents,
  equipment: z.array(z.string()), openHoursUtc: z.array(z.number().int()),
};
/** Times are ISO strings. */
const booking = { bookingId: id, labId: id, labTitle: z.string(), slotStart: z.string(), slotEnd: z.string(), userId: id, hostId: id };

/** aggregateId: the lab; userId: the host. */
export const LabCreated = defineEvent({
  type: 'LabCreated', producer, refs: (d) => ({ aggregateId: d.labId, userId: d.hostId }), schema: z.object(lab),
});

/** The lab as it now is (`photoIds` when its photos changed), which fields changed and who changed them (the host or an ADMIN). aggregateId: the lab; userId: the host. */
export const LabUpdated = defineEvent({
  type: 'LabUpdated', producer, refs: (d) => ({ aggregateId: d.labId, userId: d.hostId }),
  schema: z.object({ ...lab, photoIds: z.array(id).optional(), changed: z.array(z.string()), by: id }),
});

/** aggregateId: the booking; userId: the booker. */
export const LabBookingConfirmed = defineEvent({
  type: 'LabBookingConfirmed', producer, refs: (d) => ({ aggregateId: d.bookingId, userId: d.userId }), schema: z.object(booking),
});

/** aggregateId: the booking; userId: the booker; `cancelledBy`: who cancelled it. */
export const LabBookingCancelled = defineEvent({
  type: 'LabBookingCancelled', producer, refs: (d) => ({ aggregateId: d.bookingId, userId: d.userId }),
  schema: z.object({ ...booking, cancelledBy: id }),
});

export type LabCreatedData = PayloadOf<typeof LabCreated>;
export type LabUpdatedData = PayloadOf<typeof LabUpdated>;
export type LabBookingConfirmedData = PayloadOf<typeof LabBookingConfirmed>;
export type LabBookingCancelledData = PayloadOf<typeof LabBookingCancelled>;

export const labsEvents = [LabCreated, LabUpdated, LabBookingConfirmed, LabBookingCancelled];
