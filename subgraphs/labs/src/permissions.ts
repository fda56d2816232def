import { allow, hasAnyRole, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Labs and their availability are public. Booking needs a signed-in viewer here; whose booking it
// is (the booker, the lab's host, ADMIN) is checked by the service, which answers FORBIDDEN (or a
// null reference) for anyone else. Bookings only ever reach viewers allowed to read them.
export const permissions: IRules = {
  Query: { labs: allow, lab: allow, myLabBookings: isAuthenticated },
  Mutation: {
    createLab: hasAnyRole('INSTRUCTOR', 'ADMIN'),
    bookLab: isAuthenticated,
    cancelLabBooking: isAuthenticated,
  },
  Lab: allow,
  LabSlot: allow,
  LabBooking: allow,
  LabConnection: allow,
  LabEdge: allow,
  PageInfo: allow,
  User: allow,
};
