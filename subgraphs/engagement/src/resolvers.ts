import { DateTime, mergeResolvers } from '@lg/platform';
import { bookmarksResolvers } from './bookmarks/resolvers.ts';
import type { Resolvers } from './generated/resolvers-types.ts';
import { moderationResolvers } from './moderation/resolvers.ts';
import { threadsResolvers } from './threads/resolvers.ts';
import { messagesResolvers } from './messages/resolvers.ts';
import { presenceResolvers } from './presence/resolvers.ts';
import { calendarResolvers } from './calendar/resolvers.ts';
import { groupsResolvers } from './groups/resolvers.ts';
import { preferencesResolvers } from './preferences/resolvers.ts';

const userRef = (id: string) => ({ __typename: 'User' as const, id });
const courseRef = (id: string) => ({ __typename: 'Course' as const, id });

const coreResolvers: Resolvers = {
  DateTime,
  Query: {
    question: (_root, { id }, ctx) => ctx.questions.question(ctx.viewer, id, ctx.loaders),
    answer: (_root, { id }, ctx) => ctx.questions.answer(ctx.viewer, id, ctx.loaders),
    chatMessage: (_root, { id }, ctx) => ctx.chat.chatMessage(ctx.viewer, id, ctx.loaders),
    notification: (_root, { id }, ctx) => ctx.notifications.notification(ctx.viewer, id),
    isCourseMember: (_root, { courseId }, ctx) => ctx.membership.isCourseMember(ctx.viewer, courseId, ctx.loaders),
    myNotifications: (_root, { first, after, unreadOnly }, ctx) => ctx.notifications.myNotifications(ctx.viewer, first, after, unreadOnly),
  },
  Mutation: {
    askQuestion: (_root, { input }, ctx) => ctx.questions.askQuestion(ctx.viewer, input, ctx.loaders),
    answerQuestion: (_root, { questionId, body }, ctx) => ctx.questions.answerQuestion(ctx.viewer, questionId, body, ctx.loaders),
    voteOnQuestion: (_root, { questionId, value }, ctx) => ctx.votes.voteOnQuestion(ctx.viewer, questionId, value, ctx.loaders),
    voteOnAnswer: (_root, { answerId, value }, ctx) => ctx.votes.voteOnAnswer(ctx.viewer, answerId, value, ctx.loaders),
    acceptAnswer: (_root, { answerId }, ctx) => ctx.questions.acceptAnswer(ctx.viewer, answerId, ctx.loaders),
    sendChatMessage: (_root, { courseId, body }, ctx) => ctx.chat.sendChatMessage(ctx.viewer, courseId, body, ctx.loaders),
    markNotificationsRead: (_root, { ids }, ctx) => ctx.notifications.markNotificationsRead(ctx.viewer, ids),
  },
  Course: {
    // Catalog owns courses; whether the viewer may see this one's Q&A is decided per field.
    __resolveReference: (ref) => ({ id: ref.id }),
    questions: (course, { first, after, orderBy }, ctx) => ctx.questions.courseQuestions(ctx.viewer, course.id, first, after, orderBy, ctx.loaders),
    chatMessages: (course, { last, before }, ctx) => ctx.chat.courseChatMessages(ctx.viewer, course.id, last, before, ctx.loaders),
  },
  Question: {
    __resolveReference: (ref, ctx) => ctx.questions.questionReference(ctx.viewer, ref.id, ctx.loaders),
    id: (question) => question._id,
    course: (question) => courseRef(question.courseId),
    author: (question) => userRef(question.authorId),
    viewerVote: (question, _args, ctx) => ctx.votes.viewerVote(question._id, ctx.loaders),
    answers: (question, { first, after }, ctx) => ctx.questions.questionAnswers(ctx.viewer, question, first, after, ctx.loaders),
    acceptedAnswer: (question, _args, ctx) => ctx.questions.acceptedAnswer(ctx.viewer, question, ctx.loaders),
  },
  Answer: {
    __resolveReference: (ref, ctx) => ctx.questions.answerReference(ctx.viewer, ref.id, ctx.loaders),
    id: (answer) => answer._id,
    question: (answer, _args, ctx) => ctx.questions.questionOf(answer, ctx.loaders),
    author: (answer) => userRef(answer.authorId),
    viewerVote: (answer, _args, ctx) => ctx.votes.viewerVote(answer._id, ctx.loaders),
    isAccepted: (answer, _args, ctx) => ctx.questions.isAccepted(answer, ctx.loaders),
  },
  ChatMessage: {
    __resolveReference: (ref, ctx) => ctx.chat.chatMessageReference(ctx.viewer, ref.id, ctx.loaders),
    id: (message) => message._id,
    course: (message) => courseRef(message.courseId),
    author: (message) => userRef(message.authorId),
  },
  Notification: {
    id: (notification) => notification._id,
  },
};

export const resolvers: Resolvers = mergeResolvers(
  coreResolvers,
  threadsResolvers,
  bookmarksResolvers,
  moderationResolvers,
  messagesResolvers,
  presenceResolvers,
  groupsResolvers,
  calendarResolvers,
  preferencesResolvers,
);
