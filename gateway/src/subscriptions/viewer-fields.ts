/**
 * How each subgraph resolver that reads its context depends on the viewer, for sharing one
 * payload execution among a subscription's audience (see audience.ts). Every such resolver is
 * declared in exactly one list (gateway/test/subscriptions/viewer-fields.test.ts derives them
 * from the subgraphs' resolvers.ts and fails on one left out). `Type.__resolveReference` stands for
 * the entity's resolution when another subgraph's field returns it.
 *
 * An audience shares the subscription's course, every global role and whether it teaches that
 * course or is otherwise its staff (a teaching assistant), and each of its members passed the
 * course's membership check (a new post's author is not in it: see authorOf in fields.ts); the
 * shared execution runs with one member's token. So a field may be shared only when its value cannot differ between
 * two such members.
 */

/**
 * Fields whose value or visibility depends on who the viewer is (their own vote, enrolment,
 * email, drafts, bookings…) or on their membership of courses other than the subscription's.
 * They are executed per viewer, with the viewer's own token.
 */
export const PER_VIEWER_FIELDS: ReadonlySet<string> = new Set([
  'Question.viewerVote',
  'Answer.viewerVote',
  'Course.viewerEnrollment',
  'Course.viewerHasWishlisted',
  'Course.viewerGrade',
  'User.email',
  'User.emailVerified',
  'User.hasPassword',
  'User.enrollments',
  // A download signed for the export's requester (and ADMIN).
  'DataExport.downloadUrl',
  // Drafts for the user themself; and the courses reached are not the subscription's, whose
  // members-only fields depend on the viewer's membership of each.
  'User.taughtCourses',
  'Lab.bookings',
  // Signed for the viewer: an asset's uploader reads it in every status, members once READY.
  'MediaAsset.url',
  'MediaAsset.posterUrl',
  'MediaAsset.downloadUrl',
  // A hidden post is there for its author and the course's staff only: lists and the post of a
  // change (postChanged) differ between members of one audience.
  'Course.questions',
  'Course.chatMessages',
  'Question.answers',
  'Question.acceptedAnswer',
  'PostChange.chatMessage',
  'PostChange.question',
  'PostChange.answer',
  'PostChange.thread',
  'PostChange.threadReply',
  'PostChange.directMessage',
  'PostChange.groupMessage',
  // The viewer's own reactions, follows and bookmarks; staff-ness counts teaching assistants.
  'Thread.viewerReactions',
  'Thread.viewerFollows',
  'Thread.viewerBookmarked',
  'Thread.replies',
  'ThreadReply.viewerReactions',
  'ThreadReply.replies',
  'ThreadReply.thread',
  'ThreadReply.parent',
  'Course.viewerIsStaff',
  'Course.threads',
  'Course.members',
  'Bookmark.target',
  'PostReactions.viewerReactions',
  // Direct messages: what the viewer has read, may send, may see (their own deleted messages).
  'DirectConversation.unreadCount',
  'DirectConversation.canSend',
  'DirectConversation.messages',
  'DirectConversation.lastMessage',
  'TypingIndicator.conversation',
  // groups and calendar: where the viewer stands with a group, their own RSVP
  'StudyGroup.viewerStatus',
  'CommunityEvent.viewerRsvp',
  'SuggestedStudyGroup.viewerLessonsCompleted',
]);

/** Entities whose resolution reads the viewer's identity (owner or ADMIN): any field returning one is per viewer. */
export const PER_VIEWER_TYPES: ReadonlySet<string> = new Set([
  'Enrollment.__resolveReference',
  'Submission.__resolveReference',
  'LabBooking.__resolveReference',
  'Order.__resolveReference',
  'Conversation.__resolveReference',
  'MediaAsset.__resolveReference',
  // Hidden and deleted posts are shown to their author and the course's staff (teaching
  // assistants too, whom the audience does not tell apart from students).
  'Thread.__resolveReference',
  'ThreadReply.__resolveReference',
  // Participants only.
  'DirectConversation.__resolveReference',
  'DirectMessage.__resolveReference',
].map((name) => name.split('.')[0]!));

/**
 * Fields that read the viewer only for their global roles, their membership of the course or
 * whether they teach it — the same for the whole audience, as long as every course they reach
 * in the shared part is the subscription's own (User.taughtCourses, the one edge to other
 * courses, is per viewer).
 */
export const AUDIENCE_SCOPED_FIELDS: ReadonlySet<string> = new Set([
  'Course.__resolveReference',
  'Course.exercises',
  'Question.__resolveReference',
  'Answer.__resolveReference',
  'ChatMessage.__resolveReference',
  'Exercise.__resolveReference',
  'ExerciseQuestion.correctChoices',
  'ExerciseQuestion.acceptedAnswers',
  'Course.supplements',
  'Lesson.content',
  'Lesson.__resolveReference',
  // A group's audience shares the group, the roles and ownership (see group-membership.ts); what
  // these read of the viewer (membership of the group or its courses, ADMIN, ownership) is the same for all of them.
  'StudyGroup.__resolveReference',
  'StudyGroup.members',
  'StudyGroup.joinRequests',
  'StudyGroup.messages',
  'StudyGroup.events',
  'GroupMessage.__resolveReference',
  'GroupMessage.group',
  'CommunityEvent.__resolveReference',
  'CommunityEvent.group',
]);

/** Resolvers that read their context (loaders, services) but not the viewer. */
export const VIEWER_FREE_FIELDS: ReadonlySet<string> = new Set([
  'User.__resolveReference',
  // Public: the picture's id (its URL is MediaAsset's, per viewer) or the generated initials.
  'User.avatar',
  'Course.sections',
  'Course.description',
  'CourseSection.lessons',
  'Course.enrollmentCount',
  'Enrollment.progressPercent',
  'Answer.question',
  'Answer.isAccepted',
  'Exercise.questions',
  'Submission.exercise',
  // Whoever sees a submission (a per-viewer entity) sees its feedback and appeal.
  'Submission.feedback',
  'Submission.appeal',
  'Lab.__resolveReference',
  'Lab.availability',
  'LabBooking.lab',
  'Order.refundableUntil',
  'Course.lesson',
  'Enrollment.resumeLesson',
  'Enrollment.resumeAtSeconds',
  'Enrollment.playbackPositions',
  'PostReport.excerpt',
  'PostReport.postHidden',
  'Thread.reactions',
  'ThreadReply.reactions',
  'DirectConversation.participants',
  'DirectMessage.conversation',
  'DirectMessage.readBy',
  'StudyGroupInvite.group',
  'CommunityEvent.ics',
  // Administration: ADMIN alone reads these (a role the whole audience shares); the values are the same for every ADMIN.
  'User.sessions',
  'Suspension.by',
  'AuditEntry.actor',
  'AuditEntry.target',
]);

/** Whether `Type.field` must be executed per viewer: declared so, or it returns an entity resolved per viewer. */
export const isPerViewer = (typeName: string, fieldName: string, returnType: string): boolean =>
  PER_VIEWER_FIELDS.has(`${typeName}.${fieldName}`) || PER_VIEWER_TYPES.has(returnType);
