import { flushOutbox, type EventLog } from '@lg/platform';
import { cartChanged } from './events.ts';
import type { CartDocument, CartLine, CheckoutClaim } from './models.ts';
import type { CommerceRepository } from './repository.ts';

/**
 * Every write of a cart (items added or removed, a checkout claiming or releasing it) records
 * CartChanged in the cart's outbox in the same write, then sends it to the log: other gateways
 * evict the owner's cached cart from the log, which loses nothing.
 */
export class CartWrites {
  constructor(
    private readonly repository: CommerceRepository,
    private readonly events: EventLog,
  ) {}

  /** A user's first cart; false when another request made it first. */
  async insert(cart: Omit<CartDocument, 'outbox'>): Promise<boolean> {
    const written = await this.repository.insertCart({ ...cart, outbox: [this.event(cart._id, cart.items)] });
    if (written) await this.flush(cart._id);
    return written;
  }

  /** Writes the cart as read (`cart`) if nobody wrote it since; false when somebody did. */
  async update(cart: CartDocument, set: { items?: CartLine[]; checkout?: CheckoutClaim | null }): Promise<boolean> {
    const written = await this.repository.updateCart(cart._id, cart.version, set, this.event(cart._id, set.items ?? cart.items));
    if (written) await this.flush(cart._id);
    return written;
  }

  private event(userId: string, items: CartLine[]) {
    return cartChanged({ userId, courseIds: items.map((i) => i.courseId) });
  }

  private flush(userId: string): Promise<void> {
    return flushOutbox(this.repository.carts, userId, this.events);
  }
}
