import { newEvent, type DomainEvent } from '@lg/platform';

/** The events labs publishes; every one carries `userId` on the event itself too. */
export const LAB_CREATED = 'LabCreated';
export const LAB_UPDATED = 'LabUpdated';
export const LAB_BOOKING_CONFIRMED = 'LabBookingConfirmed';
export const LAB_BOOKING_CANCELLED = 'LabBookingCancelled';

/** LabCreated, aggregate: the lab; event.userId: the host. */
export type LabCreatedData = {
  labId: string;
  hostId: string;
  title: string;
  location: string;
  capacity: number;
  pricePerHourCents: number;
  equipment: string[];
  openHoursUtc: number[];
};

/** LabUpdated, aggregate: the lab; event.userId: the host. The lab as it now is, which fields changed and who changed them (the host or an ADMIN). */
export type LabUpdatedData = LabCreatedData & {
  changed: string[];
  by: string;
};

/** LabBookingConfirmed, aggregate: the booking; event.userId: the booker. Times are ISO strings. */
export type LabBookingConfirmedData = {
  bookingId: string;
  labId: string;
  labTitle: string;
  slotStart: string;
  slotEnd: string;
  userId: string;
  hostId: string;
};

/** LabBookingCancelled, aggregate: the booking; event.userId: the booker; `cancelledBy`: who cancelled it. */
export type LabBookingCancelledData = LabBookingConfirmedData & {
  cancelledBy: string;
};

export const labCreated = (data: LabCreatedData): DomainEvent =>
  newEvent(LAB_CREATED, data.labId, data, { userId: data.hostId });

export const labUpdated = (data: LabUpdatedData): DomainEvent =>
  newEvent(LAB_UPDATED, data.labId, data, { userId: data.hostId });

export const labBookingConfirmed = (data: LabBookingConfirmedData): DomainEvent =>
  newEvent(LAB_BOOKING_CONFIRMED, data.bookingId, data, { userId: data.userId });

export const labBookingCancelled = (data: LabBookingCancelledData): DomainEvent =>
  newEvent(LAB_BOOKING_CANCELLED, data.bookingId, data, { userId: data.userId });
