import { renderMarkdown } from '@lg/platform';

/** A lesson body as HTML that is safe to insert into a page: rendered once, when it is written. */
export const renderLessonBody = (source: string): string => renderMarkdown(source);
