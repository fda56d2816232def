/** A UserSession as its user sees it: one sign-in (a refresh-token family) and its last use. */
export interface SessionModel {
  id: string;
  userAgent: string | null;
  address: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  current: boolean;
}
