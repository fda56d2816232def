import { allow, isAuthenticated } from '@lg/platform';

// Preferences are the viewer's own: signed in. An unsubscribe token is its own authority (HMAC,
// checked by the service), so its two fields need no sign-in; nor does the list of locales.
export const preferencesPermissions = {
  Query: { myPreferences: isAuthenticated, supportedLocales: allow, unsubscribeTarget: allow, notificationKinds: allow },
  Mutation: { updatePreferences: isAuthenticated, unsubscribe: allow },
  types: { Preferences: allow, NotificationSetting: allow, NotificationKindLabel: allow },
};
