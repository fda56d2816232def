import { DateTime } from '@lg/platform';
import type { Resolvers } from './generated/resolvers-types.ts';

const userRef = (id: string) => ({ __typename: 'User' as const, id });
const courseRef = (id: string) => ({ __typename: 'Course' as const, id });

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    question: (_root, { id }, ctx) => ctx.engagement.question(ctx.viewer, id, ctx.loaders),
    answer: (_root, { id }, ctx) => ctx.engagement.answer(ctx.viewer, id, ctx.loaders),
    chatMessage: (_root, { id }, ctx) => ctx.engagement.chatMessage(ctx.viewer, id, ctx.loaders),
    notification: (_root, { id }, ctx) => ctx.engagement.notification(ctx.viewer, id),
    isCourseMember: (_root, { courseId }, ctx) => ctx.engagement.isCourseMember(ctx.viewer, courseId, ctx.loaders),
    myNotifications: (_root, { first, after, unreadOnly }, ctx) => ctx.engagement.myNotifications(ctx.viewer, first, after, unreadOnly),
  },
  Mutation: {
    askQuestion: (_root, { input }, ctx) => ctx.engagement.askQuestion(ctx.viewer, input, ctx.loaders),
    answerQuestion: (_root, { questionId, body }, ctx) => ctx.engagement.answerQuestion(ctx.viewer, questionId, body, ctx.loaders),
    voteOnQuestion: (_root, { questionId, value }, ctx) => ctx.engagement.voteOnQuestion(ctx.viewer, questionId, value, ctx.loaders),
    voteOnAnswer: (_root, { answerId, value }, ctx) => ctx.engagement.voteOnAnswer(ctx.viewer, answerId, value, ctx.loaders),
    acceptAnswer: (_root, { answerId }, ctx) => ctx.engagement.acceptAnswer(ctx.viewer, answerId, ctx.loaders),
    sendChatMessage: (_root, { courseId, body }, ctx) => ctx.engagement.sendChatMessage(ctx.viewer, courseId, body, ctx.loaders),
    markNotificationsRead: (_root, { ids }, ctx) => ctx.engagement.markNotificationsRead(ctx.viewer, ids),
  },
  Course: {
    // Catalog owns courses; whether the viewer may see this one's Q&A is decided per field.
    __resolveReference: (ref) => ({ id: ref.id }),
    questions: (course, { first, after, orderBy }, ctx) => ctx.engagement.courseQuestions(ctx.viewer, course.id, first, after, orderBy, ctx.loaders),
    chatMessages: (course, { last, before }, ctx) => ctx.engagement.courseChatMessages(ctx.viewer, course.id, last, before, ctx.loaders),
  },
  Question: {
    __resolveReference: (ref, ctx) => ctx.engagement.questionReference(ctx.viewer, ref.id, ctx.loaders),
    id: (question) => question._id,
    course: (question) => courseRef(question.courseId),
    author: (question) => userRef(question.authorId),
    viewerVote: (question, _args, ctx) => ctx.engagement.viewerVote(question._id, ctx.loaders),
    answers: (question, { first, after }, ctx) => ctx.engagement.questionAnswers(question, first, after, ctx.loaders),
    acceptedAnswer: (question, _args, ctx) => ctx.engagement.acceptedAnswer(question, ctx.loaders),
  },
  Answer: {
    __resolveReference: (ref, ctx) => ctx.engagement.answerReference(ctx.viewer, ref.id, ctx.loaders),
    id: (answer) => answer._id,
    question: (answer, _args, ctx) => ctx.engagement.questionOf(answer, ctx.loaders),
    author: (answer) => userRef(answer.authorId),
    viewerVote: (answer, _args, ctx) => ctx.engagement.viewerVote(answer._id, ctx.loaders),
    isAccepted: (answer, _args, ctx) => ctx.engagement.isAccepted(answer, ctx.loaders),
  },
  ChatMessage: {
    __resolveReference: (ref, ctx) => ctx.engagement.chatMessageReference(ctx.viewer, ref.id, ctx.loaders),
    id: (message) => message._id,
    course: (message) => courseRef(message.courseId),
    author: (message) => userRef(message.authorId),
  },
  Notification: {
    id: (notification) => notification._id,
  },
};
