import type { DomainEvent } from '@lg/platform';
import {
  LabBookingCancelled, LabBookingConfirmed, LabCreated, LabUpdated,
  type LabBookingCancelledData, type LabBookingConfirmedData, type LabCreatedData, type LabUpdatedData,
} from '@lg/events';

// The events labs produces, built from their contracts in @lg/events (which validate them).

export type { LabBookingCancelledData, LabBookingConfirmedData, LabCreatedData, LabUpdatedData } from '@lg/events';

export const labCreated = (data: LabCreatedData): DomainEvent => LabCreated.build(data);
export const labUpdated = (data: LabUpdatedData): DomainEvent => LabUpdated.build(data);
export const labBookingConfirmed = (data: LabBookingConfirmedData): DomainEvent => LabBookingConfirmed.build(data);
export const labBookingCancelled = (data: LabBookingCancelledData): DomainEvent => LabBookingCancelled.build(data);
