import { userDataOfCollections, userDataParticipant, type Platform, type Projector } from '@lg/platform';
import { CARTS, ORDERS, OWNERSHIPS } from './repository.ts';

/**
 * Commerce's part: the cart and ownership projection go; orders stay for accounting, pointing at
 * the anonymised account (which keeps no name, email or password) and without their payment token.
 */
export const commerceUserData = (platform: Platform): Projector =>
  userDataParticipant(platform, {
    subgraph: 'commerce',
    ...userDataOfCollections(platform.db, [
      { collection: CARTS, field: '_id', omit: ['checkout'], erase: 'delete' },
      { collection: OWNERSHIPS, field: 'userId', erase: 'delete' },
      { collection: ORDERS, field: 'userId', omit: ['paymentToken', 'steps'], erase: { set: { paymentToken: null, buyerErased: true } } },
    ]),
  });
