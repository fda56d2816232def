import {
  afterId, badInput, flushAllOutboxes, forbidden, idCursor, pageSize, connectionOf, signedIn, type Connection, type EventLog, type Viewer,
} from '@lg/platform';
import { LIMITS, checkId } from '../inputs.ts';
import type { NotificationModel } from '../models.ts';
import type { EngagementRepository } from '../repository.ts';

/** A user's own notifications: listing, reading one, marking them read. */
export class NotificationsService {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly events: EventLog,
  ) {}

  /** At start-up: logs the events a crash left in notifications' outboxes. */
  async finishPendingWork(): Promise<void> {
    await flushAllOutboxes(this.repository.notifications, this.events);
  }

  async myNotifications(viewer: Viewer | null, first: number | null | undefined, after: string | null | undefined, unreadOnly: boolean | null | undefined): Promise<Connection<NotificationModel>> {
    const actor = signedIn(viewer);
    const size = pageSize(first);
    const { rows, total } = await this.repository.notificationsPage(actor.id, unreadOnly ?? false, afterId(after), size + 1);
    return connectionOf(rows, size, total, (n) => idCursor(n._id));
  }

  /** The viewer's own only: someone else's is FORBIDDEN. */
  async notification(viewer: Viewer | null, id: string): Promise<NotificationModel | null> {
    const actor = signedIn(viewer);
    checkId(id, 'id');
    const notification = await this.repository.findNotification(id);
    if (notification && notification.userId !== actor.id) throw forbidden('This notification is not yours.');
    return notification;
  }

  /** Only the viewer's own unread notifications change; ids of others are ignored. Returns how many changed. */
  async markNotificationsRead(viewer: Viewer | null, ids: string[]): Promise<number> {
    const actor = signedIn(viewer);
    if (ids.length > LIMITS.ids) throw badInput(`ids may hold at most ${LIMITS.ids} items.`, 'ids');
    for (const id of ids) checkId(id, 'ids');
    return this.repository.markRead(actor.id, [...new Set(ids)]);
  }
}
