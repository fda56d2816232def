import { allow, hasAnyRole, isAuthenticated } from '@lg/platform';
import type { IRules } from 'graphql-shield';

// Labs and their availability are public. Booking needs a signed-in viewer here; whose booking it
// is (the booker, the lab's host, ADMIN) is checked by the service, which answers FORBIDDEN (or a
// null reference) for anyone else. Bookings only ever reach viewers allowed to read them: a lab's
// list of bookings is for its host and ADMIN (checked by the service), the rest of a lab is public.
export const permissions: IRules = {
  Query: { labs: allow, lab: allow, myLabBookings: isAuthenticated },
  Mutation: {
    createLab: hasAnyRole('INSTRUCTOR', 'ADMIN'),
    updateLab: isAuthenticated,
    setLabPhotos: isAuthenticated,
    bookLab: isAuthenticated,
    cancelLabBooking: isAuthenticated,
  },
  Lab: { '*': allow, bookings: isAuthenticated },
  LabSlot: allow,
  LabBooking: allow,
  LabConnection: allow,
  LabEdge: allow,
  LabBookingConnection: allow,
  LabBookingEdge: allow,
  PageInfo: allow,
  User: allow,
  MediaAsset: allow,
};
