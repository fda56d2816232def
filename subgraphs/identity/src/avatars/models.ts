/** What media told the event log about an AVATAR asset (projection of MediaAsset* events). */
export interface AvatarAssetProjection {
  _id: string;
  ownerId: string;
  status: 'UPLOADING' | 'READY' | 'FAILED';
  /** The log position of the last event applied: a redelivered older one changes nothing. */
  seq: number;
}
