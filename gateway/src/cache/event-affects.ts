
import type { assessmentEvents, assistantEvents, catalogEvents, commerceEvents, communityGroupsEvents, communityMessagesEvents, communityModerationEvents, communityThreadsEvents, engagementEvents, identityEvents, labsEvents, learningEvents, mediaEvents, notificationPreferencesEvents, privacyEvents } from '@lg/events';

type CatalogueEvent = (
  | typeof identityEvents | typeof catalogEvents | typeof learningEvents | typeof assessmentEvents
  | typeof engagementEvents | typeof commerceEvents | typeof labsEvents | typeof mediaEvents | typeof communityModerationEvents
  | typeof communityThreadsEvents | typeof communityMessagesEvents | typeof communityGroupsEvents | typeof assistantEvents
  | typeof notificationPreferencesEvents
  | typeof privacyEvents
)[number]['type'];

/** The API's root query fields (checked against schema/api.graphql by its test). */
export type RootField =
  | 'answer' | 'assistantTools' | 'cart' | 'categories' | 'chatMessage' | 'communityEvent' | 'conversation' | 'course' | 'courseBySlug' | 'courseEvents'
  | 'courseLeaderboard' | 'courses' | 'exercise' | 'isCourseMember' | 'lab' | 'labs' | 'me' | 'mediaAsset' | 'myConversations'
  | 'moderationQueue' | 'myEnrollments' | 'myLabBookings' | 'myNotifications' | 'myOrders' | 'myWishlist' | 'notification' | 'order'
  | 'postChange' | 'question' | 'user'
  | 'thread' | 'threadReply' | 'myBookmarks' | 'myQuestions' | 'myAnswers'
  | 'conversations' | 'directConversation' | 'directMessage' | 'unreadConversationCount' | 'blockedUsers' | 'typingIndicator'
  | 'presence' | 'presenceChange'
  | 'groupMessage' | 'studyGroup' | 'studyGroups' | 'suggestedStudyGroups'
  | 'mySessions' | 'myMfa' | 'apiKeys' | 'apiKeyScopes' | 'documentManifests'
  | 'myDashboard' | 'userDashboard' | 'skillHeatmap' | 'userMetrics' | 'courseAnalytics' | 'platformMetrics' | 'progressUpdate'
  | 'users' | 'auditLog' | 'myPreferences' | 'supportedLocales' | 'unsubscribeTarget'
  | 'dataExport' | 'myDataExports' | 'myAccountDeletion';

/**
 * What each domain event can change beyond the entities it names (its references and payload ids,
 * which every event evicts, with the signed-in entries of the user it names): the root lists it
 * can add to, remove from or reorder without their cached answers naming it, and lookups by a key
 * that is no id (`courseBySlug`). Every event of the catalogue has an entry, empty when its ids are
 * enough; the type refuses a missing one and the test a new event.
 */
export const EVENT_AFFECTS: Record<CatalogueEvent, readonly RootField[]> = {
  // identity: a user's own entries and every entry that showed them are named by the user's id.
  UserRegistered: [],
  UserEmailChanged: [],
  UserProfileUpdated: [],
  UserRoleGranted: [],
  UserRoleRevoked: [],
  SessionRevoked: [],
  UserSessionsRevoked: [],
  // A user's keys and document manifests are their own entries (the viewer's), never cached for anyone else.
  ApiKeyCreated: [],
  ApiKeyRotated: [],
  ApiKeyRevoked: [],
  ApiKeyPinned: [],
  DocumentManifestRegistered: [],
  // a sign-in changes nothing cached; a link or an unlink changes the user's own linkedAccounts.
  UserSignedIn: [],
  AccountLinked: [],
  AccountUnlinked: [],
  UserEmailVerified: [],
  // the avatar is shown wherever the user is, all of it named by the user's id.
  UserAvatarChanged: [],
  MfaEnabled: [],
  MfaDisabled: [],
  MfaRecoveryCodeUsed: [],
  UserPasswordChanged: [],
  // administration: `users` and `auditLog` are never cached (UNCACHED_ROOT_FIELDS).
  UserSuspended: [],
  UserReactivated: [],
  UserSignInFailed: [],
  // catalog: a course enters, leaves or moves in the catalogue, its search and its categories' counts.
  CourseCreated: ['courses', 'courseBySlug', 'categories'],
  CourseUpdated: ['courses', 'courseBySlug', 'categories'],
  CoursePublished: ['courses', 'courseBySlug', 'categories'],
  CourseSectionAdded: [],
  LessonAdded: [],
  // lessons, their content and a course's supplements are read through the course's id.
  CourseReordered: [],
  LessonContentUpdated: [],
  SupplementAdded: [],
  SupplementRemoved: [],
  // learning: enrolment counts and memberships are answered under the course's id.
  EnrollmentCreated: [],
  EnrollmentCompleted: [],
  EnrollmentCancelled: [],
  LessonCompleted: [],
  // study time: only analytics reads it, and its answers are not cached (UNCACHED_ROOT_FIELDS).
  LessonActivity: [],
  WishlistChanged: [],
  // assessment: exercises and leaderboards are asked by course id.
  ExerciseCreated: [],
  SubmissionGraded: [],
  // Appeals, gradebooks and attempt histories are asked by course or exercise id (both in the payloads), or are the viewer's own.
  GradeAppealOpened: [],
  GradeAdjusted: [],
  GradeAppealRejected: [],
  // engagement: questions, answers and chat are asked by course or question id; notifications per user.
  QuestionAsked: [],
  AnswerPosted: [],
  AnswerAccepted: [],
  // a vote moves a score and can reorder the course's TOP lists: evicted through the course id.
  VoteChanged: [],
  ChatMessageSent: [],
  NotificationCreated: [],
  // commerce: orders per buyer; the courses granted come back as enrolment events.
  OrderPaid: [],
  OrderRefunded: [],
  CartChanged: [],
  // labs: the list of labs and its search; availability is asked by lab id (in the booking's payload).
  LabCreated: ['labs'],
  LabUpdated: ['labs'],
  LabBookingConfirmed: [],
  LabBookingCancelled: [],
  // media: an asset is asked by its id (in the payload), or through the course that shows it.
  MediaAssetCreated: [],
  MediaProcessingQueued: [],
  MediaAssetReady: [],
  MediaAssetFailed: [],
  // community moderation: a post's lists are asked by its course (or question) id, which the
  // events name; the report queue shows each reported post's text and whether it is hidden.
  PostEdited: ['moderationQueue'],
  PostDeleted: ['moderationQueue'],
  PostHidden: ['moderationQueue'],
  PostUnhidden: ['moderationQueue'],
  PostReported: ['moderationQueue'],
  ReportResolved: ['moderationQueue'],
  // community threads: members, threads and replies are asked by course, thread or reply id; a
  // user's bookmarks, questions and answers are their own entries (the event names the user).
  TeachingAssistantAppointed: [],
  TeachingAssistantRemoved: [],
  ThreadStarted: [],
  ThreadReplyPosted: [],
  ThreadModerated: [],
  PostReactionChanged: [],
  ThreadFollowChanged: [],
  BookmarkChanged: ['myBookmarks'],
  // community messages: a participant's list and unread counts change (a new conversation is in no
  // cached answer yet); the collapsed notification is replaced by a new one with its own event.
  DirectMessageSent: ['conversations', 'unreadConversationCount'],
  ConversationRead: ['unreadConversationCount'],
  UserBlockChanged: ['blockedUsers', 'conversations'],
  // community groups and events: lists by course or by member; everything else is named by the
  // group's or event's id in the payload.
  StudyGroupCreated: ['studyGroups', 'suggestedStudyGroups'],
  StudyGroupMemberChanged: ['studyGroups', 'suggestedStudyGroups'],
  StudyGroupInviteCreated: [],
  GroupMessageSent: [],
  CommunityEventScheduled: ['courseEvents'],
  RsvpChanged: [],
  CommunityEventReminderDue: [],
  // assistant: only analytics' platform metrics count answers, and they are not cached.
  AssistantAnswered: [],
  // preferences: only their user reads them (SEEN_BY_ITS_USER).
  NotificationPreferencesUpdated: [],
  // privacy: exports and a scheduled deletion are their user's own (named by the user's id).
  DataExportRequested: [],
  DataExportPartReady: [],
  AccountDeletionScheduled: [],
  AccountDeletionCancelled: [],
  // Every subgraph erases or anonymises the user without events of its own: any list may have
  // shown their posts, bookings, memberships or counts. Rare enough to empty them all.
  UserDeleted: [
    'courses', 'courseBySlug', 'categories', 'courseLeaderboard', 'labs', 'lab', 'studyGroups', 'suggestedStudyGroups', 'courseEvents',
    'course', 'question', 'answer', 'thread', 'threadReply', 'chatMessage', 'groupMessage', 'studyGroup', 'communityEvent', 'exercise',
    'directConversation', 'directMessage', 'conversations', 'moderationQueue', 'mediaAsset', 'order', 'user',
  ],
};

/**
 * Events whose change only their user sees evict that user's entries (`viewer:`) and no id of
 * their payload: one student completing a lesson or filling a cart must not empty everyone's page
 * of the course. `'user'` also evicts every entry that asked for the user by id (an ADMIN reading
 * their enrolments' progress).
 */
export const SEEN_BY_ITS_USER: Partial<Record<CatalogueEvent, 'viewer' | 'user'>> = {
  LessonCompleted: 'user',
  LessonActivity: 'viewer',
  AssistantAnswered: 'viewer',
  WishlistChanged: 'viewer',
  CartChanged: 'viewer',
  NotificationPreferencesUpdated: 'viewer',
};

/**
 * Root fields whose answers change without any event: who is online comes from live connections
 * (presence), and signals decoded from their id are answered afresh. An answer selecting one is
 * never kept. Analytics' reads too: its projections move after the events that evict (an answer
 * cached between the eviction and the projection's catch-up would outlive the write), and each is
 * a few reads by _id.
 */
export const UNCACHED_ROOT_FIELDS: ReadonlySet<RootField> = new Set<RootField>([
  'presence', 'presenceChange', 'typingIndicator',
  // A session's last use moves on every refresh, which no event announces.
  'mySessions', 'myMfa',
  // A key's last use moves as it is used, which no event announces.
  'apiKeys',
  'myDashboard', 'userDashboard', 'skillHeatmap', 'userMetrics', 'courseAnalytics', 'platformMetrics', 'progressUpdate',
  // The audit log is a projection too; a user's sessions (in `users`) move with every refresh, which logs no event.
  'auditLog', 'users',
  // An export turns READY in identity's consumer, after the last part's event has evicted.
  'dataExport', 'myDataExports',
]);
