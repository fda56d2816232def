import DataLoader from 'dataloader';
import type { Filter } from 'mongodb';
import { byIds, pageOf, MongoRepository, insertIfAbsent, isDuplicateKey, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type { LabBookingModel, LabModel, LabPhotoProjection, SlotClaimDocument, StoredLab } from './models.ts';

export const LABS = 'labs_labs';
export const BOOKINGS = 'labs_bookings';
/** Live slot claims only: one per CONFIRMED booking of a slot that has not long passed. */
export const SLOT_CLAIMS = 'labs_slot_claims';
/** Projection of media's events about LAB_PHOTO assets (labs.photos consumer). */
export const PHOTOS = 'labs_photos';

export const labsIndexes: CollectionIndexes[] = [
  {
    collection: LABS,
    indexes: [
      { key: { searchTerms: 1 }, name: 'search_terms' },
      { key: { equipmentKeys: 1 }, name: 'equipment_keys' },
    ],
  },
  {
    collection: BOOKINGS,
    indexes: [
      // myLabBookings: a user's bookings, the latest slot first.
      { key: { userId: 1, slotStart: -1 }, name: 'user_slot' },
      // availability: a lab's bookings in a window.
      { key: { labId: 1, slotStart: 1 }, name: 'lab_slot' },
      // Lab.bookings: pages of one or more labs' bookings in slot order, ties by id.
      { key: { labId: 1, slotStart: 1, _id: 1 }, name: 'lab_slot_id' },
    ],
  },
  // SLOT_CLAIMS needs nothing but its unique _id: that index is the "one booking per lab slot" invariant.
];

/** The claim of a slot: the lab and the slot's start, so that the unique `_id` admits one claim per slot. */
export const claimIdOf = (labId: string, slotStart: Date): string => `${labId}:${slotStart.toISOString()}`;

/** The CONFIRMED bookings of one lab in one window, as one loader key. */
export interface WindowKey {
  labId: string;
  from: Date;
  to: Date;
}

/** One page of a lab's bookings (Lab.bookings), as one loader key; `size + 1` rows are read. */
export interface BookingPageKey {
  labId: string;
  from: Date | null;
  to: Date | null;
  size: number;
  /** The slot start and id of the last booking of the previous page. */
  after: { slotStart: Date; id: string } | null;
}

export interface BookingPage {
  rows: LabBookingModel[];
  /** The lab's bookings in the window, whatever the page. */
  total: number;
}

export interface LabsLoaders {
  lab: DataLoader<string, LabModel | null>;
  booking: DataLoader<string, LabBookingModel | null>;
  /** Start times (ms) of the lab's CONFIRMED bookings starting in [from, to). */
  bookedSlots: DataLoader<WindowKey, Set<number>, string>;
  bookingPages: DataLoader<BookingPageKey, BookingPage, string>;
}

const CLAIM_BATCH = 500;
const BOOKING_PROJECTION = { projection: { outbox: 0 } } as const;

const pageArgsOf = ({ from, to, size, after }: BookingPageKey) =>
  `${from?.getTime() ?? ''}:${to?.getTime() ?? ''}:${size}:${after ? `${after.slotStart.getTime()}/${after.id}` : ''}`;

function windowFilter(labIds: string[], from: Date | null, to: Date | null): Filter<LabBookingModel> {
  const slotStart = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
  return { labId: labIds.length === 1 ? labIds[0]! : { $in: labIds }, ...(from || to ? { slotStart } : {}) };
}
/** Reads of labs leave out what only queries need. */
const LAB_PROJECTION = { projection: { searchTerms: 0, outbox: 0 } } as const;

/** All MongoDB access of the labs subgraph. */
export class LabsRepository extends MongoRepository {
  readonly labs = this.db.collection<StoredLab>(LABS);
  readonly bookings = this.db.collection<LabBookingModel>(BOOKINGS);
  readonly claims = this.db.collection<SlotClaimDocument>(SLOT_CLAIMS);
  readonly photos = this.db.collection<LabPhotoProjection>(PHOTOS);

  /** Applies one media event to an asset's projection; an older event than the one applied is ignored (a replay). */
  async projectPhoto(assetId: string, seq: number, set: Partial<Omit<LabPhotoProjection, '_id' | 'seq'>>): Promise<void> {
    try {
      await this.photos.updateOne({ _id: assetId, seq: { $lt: seq } }, { $set: { ...set, seq } }, { upsert: true });
    } catch (error) {
      // A newer event got there first: its upsert made the document this filter no longer matches.
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async findPhotos(ids: readonly string[]): Promise<LabPhotoProjection[]> {
    return ids.length === 0 ? [] : this.photos.find(byIds(ids)).toArray();
  }

  /** Per request: every key asked for in one tick costs one command together, whatever the page size. */
  loaders(): LabsLoaders {
    return {
      lab: new DataLoader(async (ids) => {
        const byId = new Map((await this.labs.find(byIds(ids), LAB_PROJECTION).toArray()).map((lab) => [lab._id, lab]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      booking: new DataLoader(async (ids) => {
        const byId = new Map((await this.findBookings([...ids])).map((booking) => [booking._id, booking]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      // A page of labs asked for the same window costs one query; each distinct window one more.
      bookedSlots: new DataLoader(
        async (keys) => {
          const windows = new Map<string, { from: Date; to: Date; labIds: Set<string> }>();
          for (const { labId, from, to } of keys) {
            const window = `${from.getTime()}:${to.getTime()}`;
            const entry = windows.get(window) ?? { from, to, labIds: new Set<string>() };
            entry.labIds.add(labId);
            windows.set(window, entry);
          }
          const booked = new Map<string, Set<number>>();
          await Promise.all([...windows.entries()].map(async ([window, { from, to, labIds }]) => {
            const rows = await this.bookings
              .find({ labId: { $in: [...labIds] }, status: 'CONFIRMED', slotStart: { $gte: from, $lt: to } }, { projection: { labId: 1, slotStart: 1 } })
              .toArray();
            for (const labId of labIds) booked.set(`${labId}@${window}`, new Set());
            for (const row of rows) booked.get(`${row.labId}@${window}`)!.add(row.slotStart.getTime());
          }));
          return keys.map(({ labId, from, to }) => booked.get(`${labId}@${from.getTime()}:${to.getTime()}`)!);
        },
        { cacheKeyFn: ({ labId, from, to }) => `${labId}@${from.getTime()}:${to.getTime()}` },
      ),
      bookingPages: new DataLoader(
        async (keys) => {
          const groups = new Map<string, { key: BookingPageKey; labIds: Set<string> }>();
          for (const key of keys) {
            const group = groups.get(pageArgsOf(key)) ?? { key, labIds: new Set<string>() };
            group.labIds.add(key.labId);
            groups.set(pageArgsOf(key), group);
          }
          const pages = new Map<string, BookingPage>();
          await Promise.all([...groups.entries()].map(async ([args, { key, labIds }]) => {
            const found = await this.bookingPagesOf([...labIds], key);
            for (const [labId, page] of found) pages.set(`${labId}@${args}`, page);
          }));
          return keys.map((key) => pages.get(`${key.labId}@${pageArgsOf(key)}`)!);
        },
        { cacheKeyFn: (key) => `${key.labId}@${pageArgsOf(key)}` },
      ),
    };
  }

  // ---------------------------------------------------------------- labs

  async insertLab(lab: StoredLab): Promise<void> {
    await this.labs.insertOne(lab);
  }

  findLab(id: string): Promise<LabModel | null> {
    return this.labs.findOne({ _id: id }, LAB_PROJECTION);
  }

  /**
   * Applies a change only if nobody changed the lab since `version` was read (a lab stored before
   * versions existed has none: the first update gives it one); null otherwise.
   */
  async updateLabIfUnchanged(id: string, version: number | undefined, set: Partial<StoredLab>, event: DomainEvent): Promise<LabModel | null> {
    // FerretDB's findAndModify takes no projection, so the search terms are dropped here.
    const updated = await this.labs.findOneAndUpdate(
      version === undefined ? { _id: id, version: { $exists: false } } : { _id: id, version },
      { $set: set, $inc: { version: 1 }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
    if (!updated) return null;
    const { searchTerms: _terms, ...lab } = updated;
    return lab;
  }

  /** One page, newest first (limit + 1 rows, so the caller knows whether more follow), and the total. */
  async labPage(filter: Filter<StoredLab>, afterId: string | undefined, limit: number): Promise<{ rows: LabModel[]; total: number }> {
    return pageOf(this.labs, filter, afterId ? { _id: { $lt: afterId } } : null, { _id: -1 }, limit, LAB_PROJECTION);
  }

  // ---------------------------------------------------------------- slot claims

  /** Claims a slot; false when the slot is claimed already (the unique `_id`). */
  insertClaim(claim: SlotClaimDocument): Promise<boolean> {
    return insertIfAbsent(this.claims, claim);
  }

  findClaim(id: string): Promise<SlotClaimDocument | null> {
    return this.claims.findOne({ _id: id });
  }

  /** Frees a slot, but only from the claim of `bookingId`: a newer claim of the same slot stays. */
  async releaseClaim(claimId: string, bookingId: string): Promise<boolean> {
    return (await this.claims.deleteOne({ _id: claimId, bookingId })).deletedCount === 1;
  }

  /** Every live claim, a batch at a time (start-up repair). */
  async *allClaims(): AsyncGenerator<SlotClaimDocument[]> {
    let after: string | undefined;
    for (;;) {
      const batch = await this.claims.find(after === undefined ? {} : { _id: { $gt: after } }).sort({ _id: 1 }).limit(CLAIM_BATCH).toArray();
      if (batch.length === 0) return;
      yield batch;
      after = batch.at(-1)!._id;
    }
  }

  // ---------------------------------------------------------------- bookings

  /** Inserts a booking; false when it exists already (someone completed the same claim first). */
  insertBooking(booking: LabBookingModel): Promise<boolean> {
    return insertIfAbsent(this.bookings, booking);
  }

  findBooking(id: string): Promise<LabBookingModel | null> {
    return this.bookings.findOne({ _id: id });
  }

  findBookings(ids: string[]): Promise<LabBookingModel[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.bookings.find({ _id: { $in: ids } }).toArray();
  }

  /** CONFIRMED to CANCELLED with its event; guarded on CONFIRMED, so racing cancels cancel once. */
  cancelBooking(id: string, at: Date, by: string, event: DomainEvent): Promise<LabBookingModel | null> {
    return this.bookings.findOneAndUpdate(
      { _id: id, status: 'CONFIRMED' },
      { $set: { status: 'CANCELLED', cancelledAt: at, cancelledBy: by, updatedAt: at }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /**
   * A page (size + 1 rows) of each lab's bookings in slot order, and each lab's total in the window.
   * One query reads the pages of all the labs, sorted by lab, with room for a full page each; a lab
   * whose rows that read may have cut short (at or after the last lab it reached) is read again on
   * its own. Labs with few bookings, the usual case, thus cost two commands however many there are.
   */
  private async bookingPagesOf(labIds: string[], { from, to, size, after }: BookingPageKey): Promise<Map<string, BookingPage>> {
    const window = windowFilter(labIds, from, to);
    const afterFilter: Filter<LabBookingModel> | null = after
      ? { $or: [{ slotStart: { $gt: after.slotStart } }, { slotStart: after.slotStart, _id: { $gt: after.id } }] }
      : null;
    const pageOf = (ids: string[], limit: number) => {
      const filter = windowFilter(ids, from, to);
      return this.bookings
        .find(afterFilter ? { $and: [filter, afterFilter] } : filter, BOOKING_PROJECTION)
        .sort({ labId: 1, slotStart: 1, _id: 1 })
        .limit(limit)
        .toArray();
    };
    const limit = labIds.length * (size + 1);
    const [rows, totals] = await Promise.all([
      size === 0 ? Promise.resolve([]) : pageOf(labIds, limit),
      this.bookings.aggregate<{ _id: string; count: number }>([{ $match: window }, { $group: { _id: '$labId', count: { $sum: 1 } } }]).toArray(),
    ]);
    const byLab = new Map(labIds.map((labId) => [labId, [] as LabBookingModel[]]));
    for (const row of rows) {
      const page = byLab.get(row.labId)!;
      if (page.length <= size) page.push(row);
    }
    const lastLab = rows.length === limit ? rows.at(-1)!.labId : null;
    await Promise.all([...byLab.entries()].map(async ([labId, page]) => {
      if (lastLab !== null && labId >= lastLab && page.length <= size) byLab.set(labId, await pageOf([labId], size + 1));
    }));
    const totalOf = new Map(totals.map((t) => [t._id, t.count]));
    return new Map([...byLab.entries()].map(([labId, page]) => [labId, { rows: page, total: totalOf.get(labId) ?? 0 }]));
  }

  /** A user's bookings, the latest slot first. */
  bookingsOf(userId: string, limit: number): Promise<LabBookingModel[]> {
    return this.bookings.find({ userId }, { projection: { outbox: 0 } }).sort({ slotStart: -1, _id: -1 }).limit(limit).toArray();
  }
}
