import type { WithOutbox } from '@lg/platform';
import type { BookingStatus } from './generated/resolvers-types.ts';

export type { BookingStatus };

/** A lab and everything a listing filters on; its host changes never, the rest through updateLab. */
export interface LabModel extends WithOutbox {
  _id: string;
  /** Raised by every update, which is conditional on it; labs stored before updates existed have none (read as 0). */
  version?: number;
  title: string;
  description: string;
  hostId: string;
  location: string;
  capacity: number;
  pricePerHourCents: number;
  /** As given (trimmed), in the given order, repeats dropped. */
  equipment: string[];
  /** `equipment` normalised (textKey): what the equipment filter matches exactly. */
  equipmentKeys: string[];
  /** UTC hours at which a one-hour slot starts, ascending and distinct. */
  openHoursUtc: number[];
  /** Its photos' media asset ids, in order (setLabPhotos); labs stored before photos existed have none. */
  photoIds?: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A lab as stored: its search terms (up to a few thousand for a long description) are never read back. */
export interface StoredLab extends LabModel {
  /** Normalised words and their prefixes (searchTermsOf); the only thing search queries. */
  searchTerms: string[];
}

/**
 * The lock of one lab slot: its `_id` is `<labId>:<slot start ISO>`, so the unique `_id` index lets
 * exactly one claim of a slot exist. It names the booking it is for and carries everything needed
 * to write that booking, so that a booking interrupted after its claim can be completed by anyone
 * (see LabsService.bookLab). It is deleted when its booking is cancelled; only live claims remain.
 */
export interface SlotClaimDocument {
  _id: string;
  labId: string;
  hostId: string;
  labTitle: string;
  userId: string;
  bookingId: string;
  slotStart: Date;
  slotEnd: Date;
  claimedAt: Date;
}

/** One booking of one slot; `claimId` is the slot claim it holds while CONFIRMED. */
export interface LabBookingModel extends WithOutbox {
  _id: string;
  labId: string;
  /** The lab's host (who may cancel it), copied from the lab, whose host never changes. */
  hostId: string;
  /** The lab's title when it was booked (events carry it); Lab.title is the current one. */
  labTitle: string;
  userId: string;
  slotStart: Date;
  slotEnd: Date;
  status: BookingStatus;
  claimId: string;
  createdAt: Date;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  updatedAt: Date;
}

export interface LabSlotModel {
  start: Date;
  end: Date;
  available: boolean;
}

/** A User as labs knows it: a reference that identity resolves. */
export interface UserModel {
  __typename?: 'User';
  id: string;
}

export interface LabEdgeModel {
  cursor: string;
  node: LabModel;
}

export interface LabConnectionModel {
  edges: LabEdgeModel[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface LabBookingEdgeModel {
  cursor: string;
  node: LabBookingModel;
}

export interface LabBookingConnectionModel {
  edges: LabBookingEdgeModel[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** A MediaAsset as labs knows it: a reference media resolves. */
export interface MediaAssetModel {
  __typename?: 'MediaAsset';
  id: string;
}

/** What media told the event log about a LAB_PHOTO asset (projection of MediaAsset* events); setLabPhotos checks ids against it. */
export interface LabPhotoProjection {
  _id: string;
  labId: string | null;
  ownerId: string;
  status: 'UPLOADING' | 'READY' | 'FAILED';
  seq: number;
}
