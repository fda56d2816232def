import type { Collection, Document } from 'mongodb';
import { badInput, hasRole, text, type Viewer } from '@lg/platform';
import { LIMITS } from '../inputs.ts';
import type { PostKind } from '../models.ts';
import type { EngagementRepository } from '../repository.ts';
import type { CourseMembership, EngagementLoaders } from '../services/membership.ts';
import { MESSAGE_LIMITS } from '../messages/inputs.ts';
import type { MessagesRepository } from '../messages/repository.ts';
import { GROUP_LIMITS } from '../groups/inputs.ts';
import type { GroupsRepository } from '../groups/repository.ts';
import { moderatesGroup } from '../groups/service.ts';
import { THREAD_LIMITS, markdownBody, threadTitle } from '../threads/inputs.ts';
import type { ThreadsRepository } from '../threads/repository.ts';
import type { StoredPost } from './repository.ts';

/** Where a post lives, for its events and for who may read and moderate it. */
export interface PostPlace {
  courseId: string | null;
  groupId?: string | null;
  conversationId?: string | null;
}

/** A post as moderation sees it, whatever its kind. */
export interface LoadedPost extends PostPlace {
  kind: PostKind;
  id: string;
  authorId: string;
  hidden: boolean;
  deleted: boolean;
  /** The text shown in the report queue. */
  body: string;
  stored: StoredPost;
}

/** The fields an edit sets, checked with the limits of posting that kind (Markdown kinds also store the rendered HTML). */
export type EditedFields = { body: string; title?: string; bodyHtml?: string };

/**
 * One post kind's adapter: where its posts are stored and how an edit of it is checked. The
 * moderation service does the rest (rules, events, conditional writes) the same for every kind.
 */
export interface PostAdapter {
  kind: PostKind;
  /** The GraphQL type of this kind's posts (a member of the Post union). */
  typename: string;
  collection: Collection<StoredPost>;
  place(stored: StoredPost): PostPlace;
  /** Checks an edit as posting checks it (BAD_USER_INPUT), answers the fields to set. */
  edit(input: { body: string; title?: string | null }): EditedFields;
  /** For kinds that take `@mentions`: the members an edit names who were not named before it. */
  newMentions?(post: LoadedPost, edited: EditedFields): Promise<string[]>;
  /** Who may read this kind's posts (before hiding): course members unless the adapter says otherwise. */
  readableBy?(viewer: Viewer | null, post: LoadedPost, loaders: EngagementLoaders): Promise<boolean>;
  /**
   * Who moderates where this kind's posts live (hides and unhides them, sees them hidden): the
   * course's staff unless the adapter says otherwise, ADMIN for a post outside courses.
   */
  moderatedBy?(viewer: Viewer | null, post: LoadedPost, loaders: EngagementLoaders): Promise<boolean>;
  /** Drops what the request has cached of the post after a change. */
  forget?(id: string, loaders: EngagementLoaders): void;
}

const bodyOnly = (max: number) => (input: { body: string; title?: string | null }): EditedFields => {
  noTitle(input.title);
  return { body: text(input.body, 'body', { max }) };
};

function noTitle(title: string | null | undefined): void {
  if (title !== null && title !== undefined) throw badInput('Only a question or a thread has a title.', 'title');
}

/** The post kinds moderation acts on. A kind not registered (yet) is BAD_USER_INPUT. */
export class PostKinds {
  private readonly adapters = new Map<PostKind, PostAdapter>();

  register(adapter: PostAdapter): this {
    this.adapters.set(adapter.kind, adapter);
    return this;
  }

  get(kind: PostKind): PostAdapter {
    const adapter = this.adapters.get(kind);
    if (!adapter) throw badInput(`Posts of kind ${kind} cannot be moderated here.`, 'kind');
    return adapter;
  }

  async load(kind: PostKind, id: string): Promise<LoadedPost | null> {
    const adapter = this.get(kind);
    const stored = await adapter.collection.findOne({ _id: id });
    return stored ? loaded(adapter, stored) : null;
  }

  /** Whether the viewer moderates where the post lives (see PostAdapter.moderatedBy). */
  moderates(post: LoadedPost, viewer: Viewer | null, loaders: EngagementLoaders, membership: CourseMembership): Promise<boolean> {
    const adapter = this.get(post.kind);
    if (adapter.moderatedBy) return adapter.moderatedBy(viewer, post, loaders);
    if (post.courseId) return membership.isCourseStaff(viewer, post.courseId, loaders);
    return Promise.resolve(Boolean(viewer && hasRole(viewer, 'ADMIN')));
  }

  /**
   * Whether a post the viewer may otherwise read is there for them: a deleted post is gone for
   * everyone, a hidden one for everyone but its author and those who moderate where it lives.
   */
  async visible(post: LoadedPost, viewer: Viewer | null, loaders: EngagementLoaders, membership: CourseMembership): Promise<boolean> {
    if (post.deleted) return false;
    if (!post.hidden || (viewer && viewer.id === post.authorId)) return true;
    return this.moderates(post, viewer, loaders, membership);
  }

  /** Whether the viewer may read the post as it is now (see visible() for hidden and deleted). */
  readable(post: LoadedPost, viewer: Viewer | null, loaders: EngagementLoaders, membership: CourseMembership): Promise<boolean> {
    const adapter = this.get(post.kind);
    if (adapter.readableBy) return adapter.readableBy(viewer, post, loaders);
    return post.courseId ? membership.isMember(viewer, post.courseId, loaders) : Promise.resolve(false);
  }
}

export function loaded(adapter: PostAdapter, stored: StoredPost): LoadedPost {
  return {
    kind: adapter.kind, id: stored._id, authorId: stored.authorId, ...adapter.place(stored),
    hidden: Boolean(stored.hiddenAt), deleted: Boolean(stored.deletedAt), body: stored.body, stored,
  };
}

const coursePost = (post: StoredPost): PostPlace => ({ courseId: post.courseId ?? null });

const asStored = <T extends Document>(collection: Collection<T>) => collection as unknown as Collection<StoredPost>;

/** Where the other sub-domains keep their posts. */
export interface PostSources { threads: ThreadsRepository; messages: MessagesRepository; groups: GroupsRepository }

/** Drops a post from the per-request caches its own sub-domain keeps (threads keep theirs beside engagement's loaders). */
export type Forget = (kind: PostKind, id: string, loaders: EngagementLoaders) => void;

/** The members a post's edit newly names with `@displayName` (see ThreadsService.newMentions). */
export type NewMentions = (before: string, after: string, courseId: string, authorId: string) => Promise<string[]>;

/**
 * The kinds engagement has: Q&A, chat, threads, direct messages and study groups' messages. Another kind registers with a few lines (its collection, its place, its
 * edit limits, and who reads and moderates it when not a course's members and staff).
 */
export function engagementPostKinds(repository: EngagementRepository, sources: PostSources, forget: Forget, mentions: NewMentions): PostKinds {
  /** A thread's mentions are read from its title and body together, as startThread reads them. */
  const mentionable = (post: { title?: string; body: string }) => (post.title === undefined ? post.body : `${post.title}\n${post.body}`);
  const newMentions = (post: LoadedPost, edited: EditedFields) => (post.courseId
    ? mentions(mentionable(post.stored), mentionable({ title: edited.title ?? post.stored.title, body: edited.body }), post.courseId, post.authorId)
    : Promise.resolve([]));
  const conversationOf = (post: StoredPost) => (post as StoredPost & { conversationId: string }).conversationId;
  const groupOf = (post: StoredPost) => (post as StoredPost & { groupId: string }).groupId;
  return new PostKinds()
    .register({
      kind: 'QUESTION', typename: 'Question', collection: asStored(repository.questions),
      place: coursePost,
      edit: (input) => ({
        body: text(input.body, 'body', { max: LIMITS.questionBody }),
        ...(input.title === null || input.title === undefined ? {} : { title: text(input.title, 'title', LIMITS.questionTitle) }),
      }),
      forget: (id, loaders) => void loaders.question.clear(id),
    })
    .register({
      kind: 'ANSWER', typename: 'Answer', collection: asStored(repository.answers),
      place: coursePost,
      edit: bodyOnly(LIMITS.answerBody),
      forget: (id, loaders) => void loaders.answer.clear(id),
    })
    .register({
      kind: 'CHAT_MESSAGE', typename: 'ChatMessage', collection: asStored(repository.chatMessages),
      place: coursePost,
      edit: bodyOnly(LIMITS.chatBody),
    })
    .register({
      kind: 'THREAD', typename: 'Thread', collection: asStored(sources.threads.threads),
      place: coursePost,
      // As startThread checks them: Markdown rendered and sanitised again, the title like a question's.
      edit: (input) => ({
        ...markdownBody(input.body, THREAD_LIMITS.threadBody),
        ...(input.title === null || input.title === undefined ? {} : { title: threadTitle(input.title) }),
      }),
      forget: (id, loaders) => forget('THREAD', id, loaders),
      newMentions,
    })
    .register({
      kind: 'THREAD_REPLY', typename: 'ThreadReply', collection: asStored(sources.threads.replies),
      place: coursePost,
      edit: (input) => {
        noTitle(input.title);
        return markdownBody(input.body, THREAD_LIMITS.replyBody);
      },
      forget: (id, loaders) => forget('THREAD_REPLY', id, loaders),
      newMentions,
    })
    .register({
      // Outside courses: only ADMIN moderates, and a report goes to ADMIN's queue (courseId null).
      kind: 'DIRECT_MESSAGE', typename: 'DirectMessage', collection: asStored(sources.messages.messages),
      place: (post) => ({ courseId: null, conversationId: conversationOf(post) }),
      edit: bodyOnly(MESSAGE_LIMITS.body),
      // The conversation's participants only, ADMIN included: nobody else learns a message exists.
      readableBy: async (viewer, post) => {
        if (!viewer || !post.conversationId) return false;
        return (await sources.messages.conversations.countDocuments({ _id: post.conversationId, participantIds: viewer.id }, { limit: 1 })) > 0;
      },
    })
    .register({
      // A study group's chat, outside courses: its owner is its staff (hides, unhides, sees hidden
      // messages), with ADMIN; reports go to ADMIN's queue (courseId null).
      kind: 'GROUP_MESSAGE', typename: 'GroupMessage', collection: asStored(sources.groups.messages),
      place: (post) => ({ courseId: null, groupId: groupOf(post) }),
      edit: bodyOnly(GROUP_LIMITS.messageBody),
      // The group's members (ADMIN reads every group's chat, as the groups sub-domain lets them).
      readableBy: async (viewer, post) => {
        if (!viewer || !post.groupId) return false;
        if (hasRole(viewer, 'ADMIN')) return true;
        return (await sources.groups.groups.countDocuments({ _id: post.groupId, memberIds: viewer.id }, { limit: 1 })) > 0;
      },
      moderatedBy: async (viewer, post) => {
        if (!viewer || !post.groupId) return false;
        if (hasRole(viewer, 'ADMIN')) return true;
        const group = await sources.groups.groups.findOne({ _id: post.groupId }, { projection: { ownerId: 1 } });
        return group !== null && moderatesGroup(viewer, group);
      },
    });
}
