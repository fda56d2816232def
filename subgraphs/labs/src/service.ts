import type { Filter } from 'mongodb';
import {
  afterId, afterTimeAndId, badInput, conflict, flushOutbox, forbidden, isId, isOwnerOrAdmin, newId, notFound, pageSize, retryOnConflict,
  searchFilter, searchTermsOf, signedIn, toConnection, withAnyRole, type Connection, type EventLog, type Viewer, withVerifiedEmail,
} from '@lg/platform';
import { labBookingCancelled, labBookingConfirmed, labCreated, labUpdated, type LabBookingConfirmedData } from './events.ts';
import {
  LIMITS, SLOT_MS, checkId, validateCreate, validatePhotoIds, validateFilter, validateOpenWindow, validateSlotStart, validateUpdate, validateWindow,
  type CreateLabInput, type LabFields, type LabFilter, type UpdateLabInput,
} from './inputs.ts';
import type { LabBookingModel, LabModel, LabSlotModel, SlotClaimDocument, StoredLab } from './models.ts';
import { claimIdOf, type LabsLoaders, type LabsRepository } from './repository.ts';

/** A claim found taken by a cancelled booking is released and tried again; this many rounds in a row is a CONFLICT. */
const CLAIM_ATTEMPTS = 5;
/** Claims of slots that ended longer ago than this are pruned at start-up (a past slot cannot be booked). */
const PRUNE_AFTER_MS = 24 * 3_600_000;

type DateInput = Date | string;
const asDate = (value: DateInput): Date => (value instanceof Date ? value : new Date(value));
const withoutOutbox = <T extends { outbox?: unknown }>({ outbox: _pending, ...stored }: T): Omit<T, 'outbox'> => stored;
const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
/** Fields whose words search matches. */
const SEARCHED = ['title', 'description', 'location', 'equipment'] as const;
const labSearchTerms = (lab: Pick<LabFields, (typeof SEARCHED)[number]>) => searchTermsOf([lab.title, lab.description, lab.location, ...lab.equipment]);

/** What start-up repair did (see LabsService.repairClaims). */
export interface ClaimRepair {
  /** Claims whose booking was missing (a crash between the two writes): the booking was written. */
  completed: number;
  /** Claims of cancelled bookings (a crash between cancelling and freeing the slot): freed. */
  released: number;
  /** Claims of slots long past: removed to keep the collection small. */
  pruned: number;
}

/** Labs' use cases and rules; resolvers only translate to and from GraphQL. */
export class LabsService {
  constructor(
    private readonly repository: LabsRepository,
    private readonly events: EventLog,
    private readonly now: () => Date = () => new Date(),
    /** Brings the projection of media's lab photos up to the end of the log (its consumer's catchUp). */
    private readonly photosCaughtUp: () => Promise<void> = async () => undefined,
  ) {}

  /** Per request. */
  loaders(): LabsLoaders {
    return this.repository.loaders();
  }

  // ---------------------------------------------------------------- labs

  /** INSTRUCTOR or ADMIN; the viewer becomes the host. Also the seed script's entry point. */
  async createLab(viewer: Viewer | null, input: CreateLabInput): Promise<LabModel> {
    const actor = withAnyRole(viewer, ['INSTRUCTOR', 'ADMIN'], 'Only an INSTRUCTOR or ADMIN can create labs.');
    withVerifiedEmail(actor, 'host a lab');
    const fields = validateCreate(input);
    const id = newId();
    const now = this.now();
    const lab: StoredLab = {
      _id: id, version: 0, ...fields, hostId: actor.id,
      searchTerms: labSearchTerms(fields),
      createdAt: now, updatedAt: now,
      outbox: [labCreated({
        labId: id, hostId: actor.id, title: fields.title, location: fields.location, capacity: fields.capacity,
        pricePerHourCents: fields.pricePerHourCents, equipment: fields.equipment, openHoursUtc: fields.openHoursUtc,
      })],
    };
    await this.repository.insertLab(lab);
    await flushOutbox(this.repository.labs, id, this.events);
    const { outbox: _pending, searchTerms: _terms, ...stored } = lab;
    return stored;
  }

  /**
   * The host or ADMIN changes the fields given; the rest stay. The write is conditional on the
   * version read, so two racing updates of different fields both land (the loser retries on a fresh
   * read) and the search terms always match the stored texts. Bookings are left alone: a CONFIRMED
   * booking of an hour no longer open stands, and availability follows the new hours.
   */
  async updateLab(viewer: Viewer | null, id: string, input: UpdateLabInput): Promise<LabModel> {
    const actor = signedIn(viewer);
    checkId(id, 'id');
    let set: Partial<LabFields> | undefined;
    return retryOnConflict(async () => {
      const current = await this.repository.findLab(id);
      if (!current) throw notFound('The lab');
      if (!this.canHost(current, actor)) throw forbidden("Only the lab's host or an ADMIN can change it.");
      set ??= validateUpdate(input);
      const next = { ...current, ...set };
      const event = labUpdated({
        labId: id, hostId: current.hostId, title: next.title, location: next.location, capacity: next.capacity,
        pricePerHourCents: next.pricePerHourCents, equipment: next.equipment, openHoursUtc: next.openHoursUtc,
        changed: Object.keys(set).filter((field) => field !== 'equipmentKeys'), by: actor.id,
      });
      const searchTerms = SEARCHED.some((field) => field in set!) ? { searchTerms: labSearchTerms(next) } : {};
      const written = await this.repository.updateLabIfUnchanged(id, current.version, { ...set, ...searchTerms, updatedAt: this.now() }, event);
      if (!written) return null;
      await flushOutbox(this.repository.labs, id, this.events);
      return withoutOutbox(written);
    }, 'The lab is being changed by others right now; try again.');
  }

  /**
   * The host or ADMIN replaces the lab's photos. Each id must be a READY LAB_PHOTO asset of this lab
   * that the caller uploaded, as media's events tell (the projection is caught up first, so an asset
   * that just became READY counts). Version-guarded like updateLab; LabUpdated evicts cached labs.
   */
  async setLabPhotos(viewer: Viewer | null, labId: string, mediaIds: readonly string[]): Promise<LabModel> {
    const actor = signedIn(viewer);
    checkId(labId, 'labId');
    const photoIds = validatePhotoIds(mediaIds);
    return retryOnConflict(async () => {
      const current = await this.repository.findLab(labId);
      if (!current) throw notFound('The lab');
      if (!this.canHost(current, actor)) throw forbidden("Only the lab's host or an ADMIN can change its photos.");
      await this.checkPhotos(actor, labId, photoIds);
      const event = labUpdated({
        labId, hostId: current.hostId, title: current.title, location: current.location, capacity: current.capacity,
        pricePerHourCents: current.pricePerHourCents, equipment: current.equipment, openHoursUtc: current.openHoursUtc,
        photoIds, changed: ['photos'], by: actor.id,
      });
      const written = await this.repository.updateLabIfUnchanged(labId, current.version, { photoIds, updatedAt: this.now() }, event);
      if (!written) return null;
      await flushOutbox(this.repository.labs, labId, this.events);
      return withoutOutbox(written);
    }, 'The lab is being changed by others right now; try again.');
  }

  private async checkPhotos(actor: Viewer, labId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    let known = await this.repository.findPhotos(ids);
    if (known.length < ids.length || known.some((p) => p.status !== 'READY')) {
      await this.photosCaughtUp();
      known = await this.repository.findPhotos(ids);
    }
    const byId = new Map(known.map((p) => [p._id, p]));
    ids.forEach((id, i) => {
      const photo = byId.get(id);
      const field = `mediaIds[${i}]`;
      if (!photo || photo.labId !== labId) throw badInput(`${field} is not a photo uploaded for this lab.`, field);
      if (photo.ownerId !== actor.id) throw forbidden(`${field} is a photo someone else uploaded.`);
      if (photo.status !== 'READY') throw badInput(`${field} is not READY yet (${photo.status}).`, field);
    });
  }

  /**
   * Lab.bookings: the host's or an ADMIN's view of who booked which slot, cancelled bookings
   * included, in slot order. Pages of several labs asked together share their queries.
   */
  async labBookings(
    viewer: Viewer | null, lab: LabModel,
    args: { from?: DateInput | null; to?: DateInput | null; first?: number | null; after?: string | null },
    loaders: LabsLoaders = this.loaders(),
  ): Promise<Connection<LabBookingModel>> {
    const actor = signedIn(viewer);
    if (!this.canHost(lab, actor)) throw forbidden("Only the lab's host or an ADMIN can see its bookings.");
    const size = pageSize(args.first);
    const window = validateOpenWindow(args.from != null ? asDate(args.from) : null, args.to != null ? asDate(args.to) : null);
    const from = afterTimeAndId(args.after);
    const after = from ? { slotStart: from.at, id: from.id } : null;
    const { rows, total } = await loaders.bookingPages.load({ labId: lab._id, ...window, size, after });
    return toConnection(rows, size, total, (booking) => [booking.slotStart.toISOString(), booking._id]);
  }

  /** Every lab, newest first; `search` matches words and word prefixes, `equipment` one item exactly (normalised). */
  async labs(filter: LabFilter | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<Connection<LabModel>> {
    const size = pageSize(first);
    const from = afterId(after);
    const f = validateFilter(filter);
    const clauses: Filter<StoredLab>[] = [];
    const matching = searchFilter(f.search);
    if (matching) clauses.push(matching);
    if (f.equipment) clauses.push({ equipmentKeys: f.equipment });
    const query: Filter<StoredLab> = clauses.length === 0 ? {} : clauses.length === 1 ? clauses[0]! : { $and: clauses };
    const { rows, total } = await this.repository.labPage(query, from, size + 1);
    return toConnection(rows, size, total, (lab) => [lab._id]);
  }

  /** Null for an unknown id; a malformed one is BAD_USER_INPUT. */
  async lab(id: string, loaders: LabsLoaders = this.loaders()): Promise<LabModel | null> {
    checkId(id, 'id');
    return loaders.lab.load(id);
  }

  /** For `_entities`: labs are public; a malformed id is simply not a lab. */
  async labReference(id: string, loaders: LabsLoaders): Promise<LabModel | null> {
    return isId(id) ? loaders.lab.load(id) : null;
  }

  /**
   * The lab's one-hour slots [start, end) that lie inside [from, to) and start at an open hour.
   * A slot is available when it has not started yet and no CONFIRMED booking holds it; the
   * bookings come from one query (shared by every lab asked for the same window in a request).
   */
  async availability(lab: LabModel, from: DateInput, to: DateInput, loaders: LabsLoaders = this.loaders()): Promise<LabSlotModel[]> {
    const window = validateWindow(asDate(from), asDate(to));
    const open = new Set(lab.openHoursUtc);
    const first = Math.ceil(window.from.getTime() / SLOT_MS) * SLOT_MS;
    const starts: number[] = [];
    for (let start = first; start + SLOT_MS <= window.to.getTime(); start += SLOT_MS) {
      if (open.has(new Date(start).getUTCHours())) starts.push(start);
    }
    if (starts.length === 0) return [];
    const booked = await loaders.bookedSlots.load({ labId: lab._id, from: new Date(first), to: window.to });
    const now = this.now().getTime();
    return starts.map((start) => ({ start: new Date(start), end: new Date(start + SLOT_MS), available: start > now && !booked.has(start) }));
  }

  // ---------------------------------------------------------------- bookings

  /**
   * Books one slot for the viewer. Exactly one booking can hold a slot, without a transaction:
   *
   * 1. The slot is claimed by inserting a claim whose `_id` is `<labId>:<slot start>`; the unique
   *    `_id` lets one claim in, and every other insert fails with a duplicate key.
   * 2. The booking is written under the id the claim names, with LabBookingConfirmed in its outbox.
   *
   * A claim thus always stands for one booking, and any caller can finish step 2 from the claim
   * alone (the booking's `_id` is fixed, so it is written once whoever writes it). A crash between
   * the steps leaves a claim without its booking: whoever next meets the claim (the next booking
   * attempt, or the start-up repair) writes the booking for the claim's user. A claim whose booking
   * is CANCELLED (a crash between cancelling and freeing) is freed by whoever meets it.
   *
   * The viewer booking a slot they already hold gets their booking back (a retried request);
   * anyone else gets CONFLICT.
   */
  async bookLab(viewer: Viewer | null, labId: string, slotStart: DateInput): Promise<LabBookingModel> {
    const actor = signedIn(viewer);
    checkId(labId, 'labId');
    const start = validateSlotStart(asDate(slotStart), this.now());
    const lab = await this.repository.findLab(labId);
    if (!lab) throw notFound('The lab');
    if (!lab.openHoursUtc.includes(start.getUTCHours())) {
      throw badInput(`The lab is not open at ${hour(start.getUTCHours())} UTC; slots start at ${lab.openHoursUtc.map(hour).join(', ')} UTC.`, 'slotStart');
    }
    const claimId = claimIdOf(lab._id, start);
    return retryOnConflict(async () => {
      const claim: SlotClaimDocument = {
        _id: claimId, labId: lab._id, hostId: lab.hostId, labTitle: lab.title, userId: actor.id, bookingId: newId(),
        slotStart: start, slotEnd: new Date(start.getTime() + SLOT_MS), claimedAt: this.now(),
      };
      if (await this.repository.insertClaim(claim)) return this.complete(claim);

      const held = await this.repository.findClaim(claimId);
      if (!held) return null; // freed in the meantime
      const booking = (await this.repository.findBooking(held.bookingId)) ?? (await this.complete(held));
      if (booking.status === 'CANCELLED') {
        // A crash between cancelling and freeing: free it now (and send the cancellation on).
        await this.repository.releaseClaim(held._id, held.bookingId);
        await this.flushed(booking);
        return null;
      }
      if (booking.userId === actor.id) return this.flushed(booking);
      throw conflict('This slot is already booked; choose another one.');
    }, 'This slot is being booked and cancelled by others right now; try again.', { attempts: CLAIM_ATTEMPTS });
  }

  /**
   * The booker, the lab's host or ADMIN cancels a booking before its slot starts: the booking
   * becomes CANCELLED (with LabBookingCancelled), then its claim is deleted, which frees the slot.
   * Cancelling a cancelled booking returns it unchanged (and frees the slot if a crash had not).
   */
  async cancelLabBooking(viewer: Viewer | null, id: string): Promise<LabBookingModel> {
    const actor = signedIn(viewer);
    checkId(id, 'id');
    const booking = await this.repository.findBooking(id);
    if (!booking) throw notFound('The booking');
    if (!this.canManage(booking, actor)) throw forbidden("Only the booker, the lab's host or an ADMIN can cancel a booking.");
    if (booking.status === 'CONFIRMED') {
      const now = this.now();
      if (booking.slotStart.getTime() <= now.getTime()) throw badInput('The slot has already started; a booking can only be cancelled before its slot starts.', 'id');
      const event = labBookingCancelled({ ...this.confirmedData(booking), cancelledBy: actor.id });
      // Null when a racing cancel came first: theirs is the answer.
      const cancelled = (await this.repository.cancelBooking(id, now, actor.id, event)) ?? (await this.repository.findBooking(id));
      if (!cancelled) throw notFound('The booking');
      await this.repository.releaseClaim(cancelled.claimId, cancelled._id);
      return this.flushed(cancelled);
    }
    await this.repository.releaseClaim(booking.claimId, booking._id);
    return this.flushed(booking);
  }

  /** The viewer's bookings, cancelled ones included, the latest slot first (at most LIMITS.myBookings). */
  async myLabBookings(viewer: Viewer | null): Promise<LabBookingModel[]> {
    const actor = signedIn(viewer);
    return this.repository.bookingsOf(actor.id, LIMITS.myBookings);
  }

  /** For `_entities`: a booking is shown to its booker, the lab's host and ADMIN; to anyone else it does not exist. */
  async bookingReference(viewer: Viewer | null, id: string, loaders: LabsLoaders): Promise<LabBookingModel | null> {
    if (!viewer || !isId(id)) return null;
    const booking = await loaders.booking.load(id);
    return booking && this.canManage(booking, viewer) ? withoutOutbox(booking) : null;
  }

  async bookingLab(booking: LabBookingModel, loaders: LabsLoaders): Promise<LabModel> {
    const lab = await loaders.lab.load(booking.labId);
    // Labs are never deleted, so a booking's lab always exists.
    if (!lab) throw new Error(`The lab ${booking.labId} of booking ${booking._id} is missing.`);
    return lab;
  }

  // ---------------------------------------------------------------- repair

  /**
   * At start-up: finishes what a crash left between two writes. A claim without its booking gets
   * the booking (the claim's user asked for it and the slot is theirs); a claim of a cancelled
   * booking is freed; claims of slots that ended a day ago are pruned. Safe to run while requests
   * are served, and in several processes at once: every step is idempotent.
   */
  async repairClaims(): Promise<ClaimRepair> {
    const repair: ClaimRepair = { completed: 0, released: 0, pruned: 0 };
    const pruneBefore = this.now().getTime() - PRUNE_AFTER_MS;
    for await (const claims of this.repository.allClaims()) {
      const bookings = new Map((await this.repository.findBookings(claims.map((c) => c.bookingId))).map((b) => [b._id, b]));
      for (const claim of claims) {
        const booking = bookings.get(claim.bookingId);
        if (!booking) {
          await this.complete(claim);
          repair.completed += 1;
        } else if (booking.status === 'CANCELLED') {
          if (await this.repository.releaseClaim(claim._id, claim.bookingId)) repair.released += 1;
        } else if (booking.slotEnd.getTime() < pruneBefore) {
          if (await this.repository.releaseClaim(claim._id, claim.bookingId)) repair.pruned += 1;
        }
      }
    }
    return repair;
  }

  // ---------------------------------------------------------------- helpers

  /** Step 2 of a booking: the claim's booking, written once whoever calls, with its event sent on. */
  private async complete(claim: SlotClaimDocument): Promise<LabBookingModel> {
    const booking: LabBookingModel = {
      _id: claim.bookingId, labId: claim.labId, hostId: claim.hostId, labTitle: claim.labTitle, userId: claim.userId,
      slotStart: claim.slotStart, slotEnd: claim.slotEnd, status: 'CONFIRMED', claimId: claim._id,
      createdAt: claim.claimedAt, cancelledAt: null, cancelledBy: null, updatedAt: claim.claimedAt,
      outbox: [],
    };
    booking.outbox = [labBookingConfirmed(this.confirmedData(booking))];
    if (await this.repository.insertBooking(booking)) {
      await flushOutbox(this.repository.bookings, booking._id, this.events);
      return withoutOutbox(booking);
    }
    const written = await this.repository.findBooking(claim.bookingId);
    if (!written) throw new Error(`The booking ${claim.bookingId} that blocked the insert is gone.`);
    return this.flushed(written);
  }

  private confirmedData(booking: LabBookingModel): LabBookingConfirmedData {
    return {
      bookingId: booking._id, labId: booking.labId, labTitle: booking.labTitle, slotStart: booking.slotStart.toISOString(),
      slotEnd: booking.slotEnd.toISOString(), userId: booking.userId, hostId: booking.hostId,
    };
  }

  /** A booking as stored, with whatever a crash left in its outbox sent on first. */
  private async flushed(booking: LabBookingModel): Promise<LabBookingModel> {
    if (booking.outbox?.length) await flushOutbox(this.repository.bookings, booking._id, this.events);
    return withoutOutbox(booking);
  }

  private canManage(booking: LabBookingModel, viewer: Viewer): boolean {
    return isOwnerOrAdmin(viewer, booking.userId, booking.hostId);
  }

  private canHost(lab: LabModel, viewer: Viewer): boolean {
    return isOwnerOrAdmin(viewer, lab.hostId);
  }
}
